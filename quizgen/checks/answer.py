"""Answer supported: the answer, or one of its aliases, occurs in the cited evidence."""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import QuestionType
from quizgen.core.text import contains_phrase

UNSUPPORTED = Rule(
    "QG301",
    "answer-unsupported",
    Severity.ERROR,
    "The answer of an mcq or short item, or one of its aliases, occurs in its evidence.",
    """\
Compared after normalisation and case-folding, on word boundaries. An answer the evidence does not contain is
not grounded (FEVER's "not enough info"): cite the passage that states it, or give the answer in the
passage's words and keep your phrasing as an alias.

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
    what = "neither the answer nor an alias is" if q.aliases else "the answer is not"
    yield diag(
        UNSUPPORTED,
        q.at("answer"),
        f"{what} in the evidence: cite the passage that states "
        f"{q.answer!r}, or write it in the passage's words",
        item=q.id,
    )
