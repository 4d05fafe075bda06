"""Dates as news text states them: weekdays, month-day(-year), day-month-year, ISO dates, and relative words.

Relative dates ("Friday", "this week") only mean something with the article's date, so drafts keep them
verbatim and never turn them into a calendar date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizgen.core import lexicon
from quizgen.draft.text import Span

WEEKDAYS = "|".join(lexicon.WEEKDAYS)
"""A weekday (a regex alternation)."""
MONTHS = "|".join((*lexicon.MONTHS, *(re.escape(m) for m in lexicon.MONTHS_WITH_STOP)))
"""A month's name or its short form as news writes it, with a stop (a regex alternation)."""
DATE = (
    rf"(?:(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+(?:{MONTHS})(?:\s+\d{{4}})?"
    rf"|(?:{WEEKDAYS})(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\d{4}-\d{2}-\d{2}"
    r"|(?:this|last|next)\s+(?:week|month|year)"
    rf"|{'|'.join(lexicon.RELATIVE_DAYS)})"
)
"""One date expression (a regex, no groups)."""
_DATE = re.compile(rf"(?<![\w’']){DATE}(?![\w’'])")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression of the text."""

    span: Span
    """Where it is."""
    relative: bool
    """A weekday or relative word, meaningful only with the article's date."""


def extract(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression of ``text[start:end]``, in text order."""
    out = []
    for m in _DATE.finditer(text, start, len(text) if end is None else end):
        relative = not any(c.isdigit() for c in m.group())
        out.append(DateMention(Span(m.start(), m.end(), m.group()), relative))
    return out
