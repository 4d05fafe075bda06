"""True-false grounding: a true statement is supported by its evidence; a false one is refuted by it.

Support is lexical and strict: every content word of the statement (folded; stop words aside) occurs in the
evidence. A false statement carries a ``correction``, the true statement the evidence supports; the statement
itself must not be supported, so the evidence contradicts it where it differs from the correction.
Lexical support cannot see word order ("Costa met Rojas" vs "Rojas met Costa"): that is the reviewer's part.
"""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import QuestionType
from quizgen.core.text import fold, words

STOP_WORDS = frozenset(
    "a an the is are was were be been being am has have had do does did of in on at to for by with from as into "
    "onto upon about over under than then that this these those it its it's and or but if so which who whom whose "
    "what when where why how he she they them their theirs his her hers him we us our you your i me my there "
    "here also both either each any all some such one".split()
)
"""Words a statement may use without the evidence containing them. Negations are not stop words."""

TRUE_UNSUPPORTED = Rule(
    "QG304",
    "true-statement-unsupported",
    Severity.ERROR,
    "A true-false statement marked true uses only words its evidence contains (stop words aside).",
    """\
Write the statement in the evidence's words. A content word the evidence lacks is a claim the evidence
does not make.

Fails ("Madrid" is not in the evidence):

```yaml
- id: signing-place
  type: true-false
  topic: where
  prompt: Portugal and Chile signed a fisheries agreement in Madrid.
  answer: true
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: signing-place
  type: true-false
  topic: where
  prompt: Portugal and Chile signed a fisheries agreement in Lisbon.
  answer: true
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

FALSE_UNGROUNDED = Rule(
    "QG305",
    "false-statement-ungrounded",
    Severity.ERROR,
    "A true-false statement marked false has a correction its evidence supports, and is itself unsupported.",
    """\
A false statement is grounded by the passage that contradicts it: ``correction`` states the truth in the
evidence's words (checked like a true statement), and the statement must differ from it in a word the
evidence does not contain.

Fails (the statement is in fact what the evidence says):

```yaml
- id: signing-place
  type: true-false
  topic: where
  prompt: Portugal and Chile signed a fisheries agreement in Lisbon.
  answer: false
  correction: Portugal and Chile signed a fisheries agreement in Lisbon.
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: signing-place
  type: true-false
  topic: where
  prompt: Portugal and Chile signed a fisheries agreement in Madrid.
  answer: false
  correction: Portugal and Chile signed a fisheries agreement in Lisbon.
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

RULES = (TRUE_UNSUPPORTED, FALSE_UNGROUNDED)


def content_words(folded: str) -> set[str]:
    """The content words of a folded text, possessive endings dropped."""
    out = set()
    for w in words(folded):
        w = w.removesuffix("'s").removesuffix("'")
        if w and w not in STOP_WORDS:
            out.add(w)
    return out


def unsupported(statement: str, evidence_words: set[str]) -> list[str]:
    """The content words of ``statement`` that the evidence lacks, in statement order."""
    missing = []
    for w in words(fold(statement)):
        w = w.removesuffix("'s").removesuffix("'")
        if w and w not in STOP_WORDS and w not in evidence_words and w not in missing:
            missing.append(w)
    return missing


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Ground a true-false statement."""
    q = item.question
    if q.type is not QuestionType.TRUE_FALSE or q.answer is None:
        return
    evidence_words = content_words(item.evidence_folded)
    if q.answer is True:
        missing = unsupported(q.prompt, evidence_words)
        if missing:
            yield diag(
                TRUE_UNSUPPORTED,
                q.at("prompt"),
                "the evidence does not contain "
                + ", ".join(repr(w) for w in missing)
                + ": state only what it says",
                item=q.id,
            )
        return
    if q.correction is None:
        return  # the loader reports the missing correction
    missing = unsupported(q.correction, evidence_words)
    if missing:
        yield diag(
            FALSE_UNGROUNDED,
            q.at("correction"),
            "the correction is not supported: the evidence does not "
            "contain " + ", ".join(repr(w) for w in missing),
            item=q.id,
        )
    if not unsupported(q.prompt, evidence_words):
        yield diag(
            FALSE_UNGROUNDED,
            q.at("prompt"),
            "the statement is marked false but every word of it is in "
            "the evidence: make the false part a word the evidence contradicts",
            item=q.id,
        )
