"""No answer leak: the prompt does not give the answer away, and its details are the evidence's."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.checks.catalogue import catalogue_folded, is_source_item
from quizgen.core.cloze import blank
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import QuestionType
from quizgen.core.text import contains_phrase, details, fold, normalize

ANSWER_IN_PROMPT = Rule(
    "QG501",
    "answer-in-prompt",
    Severity.ERROR,
    "The answer and its aliases do not occur in the prompt (for cloze: outside the deletions).",
    """\
Compared after normalisation and case-folding, on word boundaries.

Fails:

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Chilean Foreign Minister Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

DETAIL_UNSUPPORTED = Rule(
    "QG502",
    "detail-unsupported",
    Severity.ERROR,
    "Every number, date word and negation of the prompt and answer also occurs in the evidence.",
    """\
Fuzzy agreement hides exactly these: "2019" for "2018", "Tuesday" for "Wednesday", a dropped "not". Digits,
spelled-out numbers, month and weekday names and negations (not, n't, never, no, without, ...) are compared
as words. A false true-false statement is exempt (its correction is checked instead), and so are
distractors, which are wrong on purpose. In an item citing several articles, the number of articles it cites
("Which two outlets report ...?") is the question's frame, not a detail; and a source question (tagged
``source-question`` or ``discrepancy``) may ask for a publication date the catalogue holds.

Fails:

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week was the fisheries agreement signed, in 2025?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week was the fisheries agreement signed?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

RULES = (ANSWER_IN_PROMPT, DETAIL_UNSUPPORTED)

_COUNTS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
_COUNTED = re.compile(r"\b(two|three|four|[234])\s+(?:news\s+)?(?:outlets|articles|reports|sources)\b", re.I)


def _outlets(ctx: Context) -> list[str]:
    if ctx.outlets is None:
        names = {fold(a.outlet) for a in ctx.project.sources.articles.values()}
        ctx.outlets = sorted((n for n in names if n), key=len, reverse=True)
    return ctx.outlets


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Look for the answer in the prompt (outside outlet names), and for details the evidence lacks."""
    q = item.question
    shown = blank(q.prompt) if q.type is QuestionType.CLOZE else q.prompt
    # Outlet names are how prompts say which report they mean ("According to China Topix, ..."): an answer
    # inside one ("China") is no giveaway.
    shown_folded = fold(shown)
    for outlet in _outlets(ctx):
        if (
            outlet not in item.answers_folded
        ):  # a source question's answer is an outlet: naming it gives it away
            shown_folded = shown_folded.replace(outlet, " ")
    if q.type is not QuestionType.TRUE_FALSE:
        for answer, folded in zip(item.answers, item.answers_folded, strict=True):
            if folded and contains_phrase(shown_folded, folded):
                yield diag(
                    ANSWER_IN_PROMPT,
                    q.at("prompt"),
                    f"the prompt gives away the answer {answer!r}",
                    item=q.id,
                )
                break
    cited = len({e.source for e in q.evidence})
    if cited > 1:  # "which two outlets report...": the count of the cited articles is the frame, not a detail
        shown = _COUNTED.sub(lambda m: m.group(0) if _COUNTS.get(m.group(1).lower()) != cited else "", shown)
    claims = [q.correction or ""] if q.type is QuestionType.TRUE_FALSE and q.answer is False else [shown]
    claims += [a for a in item.answers if q.type is not QuestionType.CLOZE]
    wanted: set[str] = set()
    for text in claims:
        wanted |= details(normalize(text))
    if not wanted:
        return
    have = details(" ".join(item.evidence))
    if is_source_item(q):  # a source question may ask for a publication date the catalogue holds
        have |= details(" ".join(catalogue_folded(q, ctx.project.sources.articles)))
    missing = sorted(wanted - have)
    if missing:
        field = "correction" if q.type is QuestionType.TRUE_FALSE and q.answer is False else "prompt"
        yield diag(
            DETAIL_UNSUPPORTED,
            q.at(field),
            "not in the evidence: "
            + ", ".join(repr(m) for m in missing)
            + "; numbers, dates and negations must match the source exactly",
            item=q.id,
        )
