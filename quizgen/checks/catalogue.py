"""What an item may answer from the catalogue, and how a list answer is split: shared by the answer, leak,
variant and joint-evidence checks.

Two tags change what counts as support (documented in docs/bank-format.md and the rules' docs):

- ``discrepancy``: the item teaches where the outlets disagree, so it may use a form of a name other than the
  catalogue's preferred one (QG702), as long as its own evidence quotes that form.
- ``source-question`` (and ``discrepancy``): the item asks about a source itself (which outlet reported it,
  its headline or date), so its answer may be a catalogue value of an article it cites (QG301, QG502).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from quizgen.core.lexicon import MONTHS, WEEKDAYS
from quizgen.core.model import Article, Question
from quizgen.core.text import fold

DISCREPANCY = "discrepancy"
"""The tag of an item on the outlets' discrepancies."""
SOURCE_QUESTION = "source-question"
"""The tag of an item whose answer is a fact about a source (outlet, headline, date)."""

_PARTS = re.compile(r"\s*(?:;|,|\band\b|\bthen\b|\bbefore\b|\bafter\b|&)\s*", re.IGNORECASE)
_LEADING = re.compile(r"^(?:both|first|then|and|finally)\s+", re.IGNORECASE)


def is_source_item(q: Question) -> bool:
    """Whether the item may answer with a catalogue value (tagged ``source-question`` or ``discrepancy``)."""
    return SOURCE_QUESTION in q.tags or DISCREPANCY in q.tags


def date_forms(d: dt.date) -> list[str]:
    """The ways a bank item may write a publication date: 2017-07-03, 3 July 2017, July 3, 2017, July 3, ..."""
    month, weekday = MONTHS[d.month - 1], WEEKDAYS[d.weekday()]
    return [
        d.isoformat(),
        f"{d.day} {month} {d.year}",
        f"{month} {d.day}, {d.year}",
        f"{month} {d.day} {d.year}",
        f"{weekday}, {month} {d.day}, {d.year}",
        f"{weekday}, {d.day} {month} {d.year}",
        f"{month} {d.day}",
        f"{d.day} {month}",
        f"{month} {d.year}",
    ]


def catalogue_values(article: Article) -> list[str]:
    """The catalogue's facts about an article that a source question may have as its answer."""
    values = [article.outlet, article.headline]
    if article.published is not None:
        values += date_forms(article.published)
    return values


def catalogue_folded(q: Question, articles: Mapping[str, Article]) -> set[str]:
    """The folded catalogue values of the articles ``q`` cites."""
    out: set[str] = set()
    for source in dict.fromkeys(e.source for e in q.evidence):
        article = articles.get(source)
        if article is not None:
            out.update(fold(v) for v in catalogue_values(article))
    return out


def answer_parts(answer: str) -> list[str]:
    """The parts of a list answer ("CNN and TRT World", "the meeting, then the statement"), each stripped of a
    leading "both", "first", "then"; one part for an answer that is no list."""
    parts = [_LEADING.sub("", p.strip()) for p in _PARTS.split(answer)]
    return [p for p in parts if p]
