"""Cloze items: well-formed deletions, and the filled-in text is verbatim in the evidence."""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.cloze import deletions, fill
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import QuestionType
from quizgen.core.text import fold, normalize

NOT_VERBATIM = Rule(
    "QG302",
    "cloze-not-verbatim",
    Severity.ERROR,
    "A cloze prompt with its deletions filled in is a verbatim passage of its evidence.",
    """\
A cloze tests recall of what the source says, so the sentence must be the source's own: fill in every
``{{cN::...}}`` and the result must occur (after normalisation, case kept) in one of the evidence quotes.

Fails (reworded):

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the agreement did not cover {{c1::copper}}.
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the deal did not cover {{c1::copper}}.
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

MALFORMED = Rule(
    "QG303",
    "cloze-malformed",
    Severity.ERROR,
    "A cloze prompt has at least one well-formed {{cN::text}} deletion, and its answer (if given) is one.",
    """\
Anki shows a cloze note without deletions as a note with no cards, so it would never be studied. Deletions
are written ``{{c1::text}}`` or ``{{c1::text::hint}}``; a stray ``{{`` or ``}}`` is an error, and so is an
empty deletion. ``answer`` is optional for cloze; when given it must be the text of one deletion.

Fails:

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the deal did not cover {{copper}}.
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the deal did not cover {{c1::copper::a metal}}.
  answer: copper
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

RULES = (NOT_VERBATIM, MALFORMED)


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Check the deletions, then that the filled-in text is in the evidence."""
    q = item.question
    if q.type is not QuestionType.CLOZE:
        return
    found = deletions(q.prompt)
    where = q.at("prompt")
    rest = q.prompt
    for d in reversed(found):
        rest = rest[: d.start] + rest[d.end :]
    if not found:
        yield diag(
            MALFORMED,
            where,
            "cloze prompt has no {{c1::...}} deletion, so Anki would make no card from it",
            item=q.id,
        )
        return
    if "{{" in rest or "}}" in rest:
        yield diag(
            MALFORMED,
            where,
            "cloze prompt has a stray '{{' or '}}': write deletions as {{c1::text}}",
            item=q.id,
        )
        return
    if any(not d.text.strip() for d in found):
        yield diag(MALFORMED, where, "cloze prompt has an empty deletion", item=q.id)
        return
    if isinstance(q.answer, str) and fold(q.answer) not in {fold(d.text) for d in found}:
        yield diag(MALFORMED, q.at("answer"), f"answer {q.answer!r} is not the text of a deletion", item=q.id)
    filled = normalize(fill(q.prompt))
    if not any(filled in e for e in item.evidence):
        yield diag(
            NOT_VERBATIM,
            where,
            f"with its deletions filled in, the prompt ({filled!r}) is not a passage "
            "of the evidence: cut the cloze from the quoted text",
            item=q.id,
        )
