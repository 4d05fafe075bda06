"""Answer supported: the answer, or one of its aliases, occurs in the cited evidence (each part of a list
answer; a catalogue value of a cited article for a source question)."""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.checks.catalogue import answer_parts, catalogue_folded, is_source_item
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import QuestionType
from quizgen.core.text import contains_phrase, fold

UNSUPPORTED = Rule(
    "QG301",
    "answer-unsupported",
    Severity.ERROR,
    "The answer of an mcq or short item, or one of its aliases, occurs in its evidence.",
    """\
Compared after normalisation and case-folding, on word boundaries. An answer the evidence does not contain is
not grounded (FEVER's "not enough info"): cite the passage that states it, or give the answer in the
passage's words and keep your phrasing as an alias.

A list answer ("CNN and TRT World", "the meeting, then the statement") is supported when each of its parts
(split at commas, semicolons, "and", "then", "before", "after"; a leading "both" or "first" dropped) occurs in
the evidence, which may come from several articles. An item tagged ``source-question`` or
``discrepancy`` asks about a source itself, so its answer (or a part of it) may also be a catalogue value of
an article it cites: the outlet, the headline, or the publication date in a usual form ("3 July 2017",
"July 3, 2017", "2017-07-03"). Any other answer of such an item is still checked against the evidence.

Fails (the evidence does not name the city):

```yaml
- id: costa-quote
  type: short
  topic: where
  prompt: Where did Ana Costa promise to protect the southern stocks?
  answer: Lisbon
  evidence:
    - source: example
      quote: '"We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said'
  review: {status: draft}
```

Passes:

```yaml
- id: costa-quote
  type: short
  topic: who-said
  prompt: 'Who said "We will protect the southern stocks together"?'
  answer: Ana Costa
  evidence:
    - source: example
      quote: '"We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said'
  review: {status: draft}
```

Passes (a source question: the answer is the catalogue's outlet of the cited article):

```yaml
- id: copper-outlet
  type: mcq
  topic: who-said
  prompt: Which outlet reported that Rojas repeated on Wednesday that the deal did not cover copper?
  answer: Example Wire
  distractors: [Example Daily, Lisbon Post, Santiago Times]
  evidence:
    - source: wire
      quote: Rojas repeated on Wednesday that the deal did not cover copper
  tags: [source-question]
  review: {status: draft}
```

Fails (the same item without the tag: the outlet is not in the evidence):

```yaml
- id: copper-outlet
  type: mcq
  topic: who-said
  prompt: Which outlet reported that Rojas repeated on Wednesday that the deal did not cover copper?
  answer: Example Wire
  distractors: [Example Daily, Lisbon Post, Santiago Times]
  evidence:
    - source: wire
      quote: Rojas repeated on Wednesday that the deal did not cover copper
  review: {status: draft}
```
""",
)

RULES = (UNSUPPORTED,)


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Look for the answer or an alias in the evidence."""
    q = item.question
    if q.type not in (QuestionType.MCQ, QuestionType.SHORT) or not item.answers_folded:
        return
    if any(contains_phrase(item.evidence_folded, a) for a in item.answers_folded if a):
        return
    catalogue = catalogue_folded(q, ctx.project.sources.articles) if is_source_item(q) else set()

    def supported(folded: str) -> bool:
        return contains_phrase(item.evidence_folded, folded) or folded in catalogue

    for answer in item.answers:
        parts = [fold(p) for p in answer_parts(answer)]
        if parts and (len(parts) > 1 or catalogue) and all(supported(p) for p in parts):
            return
    what = "neither the answer nor an alias is" if q.aliases else "the answer is not"
    where = "in the evidence or the cited articles' catalogue entries" if catalogue else "in the evidence"
    yield diag(
        UNSUPPORTED,
        q.at("answer"),
        f"{what} {where}: cite the passage that states {q.answer!r}, or write it in the passage's words",
        item=q.id,
    )
