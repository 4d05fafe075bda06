"""True-false grounding: a true statement's key terms are its evidence's; a false one has a supported
correction and is not itself what the evidence says.

A true statement may paraphrase: the evidence must contain its key terms, the facts a paraphrase must not
change: every name of a person, place or organisation (here), every number, date word and negation (QG502,
which checks statements too). Whether the paraphrase keeps the meaning ("agreed to step up" for "agreed to
enhance") is the reviewer's judgement; the check only makes sure no name, number or negation was added or
changed on the way.
"""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, cited_articles, diag
from quizgen.checks.facts import unsupported_names
from quizgen.checks.leak import DETAIL_UNSUPPORTED
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import QuestionType
from quizgen.core.text import contains_phrase, fold

TRUE_UNSUPPORTED = Rule(
    "QG304",
    "true-statement-unsupported",
    Severity.ERROR,
    "A true-false statement marked true names only people, places and organisations its evidence names.",
    """\
A true statement may paraphrase its evidence (copying it word for word makes true statements easy to spot:
"copied means true"). What it may not do is change a fact: every name in it (a capitalised word that does not
merely open the sentence) must be in the evidence, compared like the prompt-facts rule (case, accents and
possessives aside; ``Russia``/``Russian`` are one stem), and its numbers, date words and negations are checked
by """
    + DETAIL_UNSUPPORTED.code
    + """. Whether the paraphrase means what the evidence says is the reviewer's judgement.

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

Passes (a paraphrase with the evidence's names):

```yaml
- id: signing-place
  type: true-false
  topic: where
  prompt: Lisbon is where Portugal and Chile put their names to a fishing deal.
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
    "A true-false statement marked false has a correction its evidence supports, and differs from it and from "
    "the evidence.",
    """\
A false statement is grounded by the passage that contradicts it: ``correction`` states the truth, checked
like a true statement (its names in the evidence; its numbers, dates and negations by the detail rule). The
statement itself must differ from the correction and must not be a passage of the evidence. It need not add a
word the evidence lacks: a false statement that swaps two names the evidence holds is a good one, and one that
only adds "only" or "in detail" is a giveaway the reviewer should refuse.

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


def _frame(item: Item, ctx: Context) -> tuple[str, str]:
    """The cited articles' outlets and headlines (a statement may say "CNN reported ..."), and their texts."""
    cited = cited_articles(item.question, ctx)
    return " | ".join(f"{a.outlet} | {a.headline}" for a in cited), "\n".join(a.text for a in cited)


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Ground a true-false statement."""
    q = item.question
    if q.type is not QuestionType.TRUE_FALSE or q.answer is None:
        return
    evidence = "\n".join(item.evidence)
    frame, texts = _frame(item, ctx)
    if q.answer is True:
        missing = unsupported_names(q.prompt, evidence, frame, texts)
        if missing:
            yield diag(
                TRUE_UNSUPPORTED,
                q.at("prompt"),
                "the evidence does not name "
                + ", ".join(repr(w) for w in missing)
                + ": a true statement may paraphrase, but not add or change a name",
                item=q.id,
            )
        return
    if q.correction is None:
        return  # the loader reports the missing correction
    missing = unsupported_names(q.correction, evidence, frame, texts)
    if missing:
        yield diag(
            FALSE_UNGROUNDED,
            q.at("correction"),
            "the correction is not supported: the evidence does not name "
            + ", ".join(repr(w) for w in missing),
            item=q.id,
        )
    statement = " ".join(fold(q.prompt).rstrip(".!").split())
    if statement == " ".join(fold(q.correction).rstrip(".!").split()) or contains_phrase(
        item.evidence_folded, statement
    ):
        yield diag(
            FALSE_UNGROUNDED,
            q.at("prompt"),
            "the statement is marked false but says what the evidence (or its correction) says: "
            "change the fact that makes it false",
            item=q.id,
        )
