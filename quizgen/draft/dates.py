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


def _date_pattern() -> re.Pattern[str]:
    """The date pattern (:data:`DATE` outside a word: no letter, digit or apostrophe on either side), rewritten
    to open with a character class (the first characters a date can open with), so the regex engine skips to
    the next candidate in C instead of trying every alternative at every character: that character is matched
    first, the lookbehind then reads the one before it, and each group of alternatives sharing the first
    character follows it, in :data:`DATE`'s order (alternatives opening with different characters never match
    at the same place, so their order across groups does not matter)."""
    months = [*lexicon.MONTHS, *(re.escape(m) for m in lexicon.MONTHS_WITH_STOP)]
    alternatives = [  # (first character, the rest), in the order of DATE's alternatives
        *((m[0], rf"{m[1:]}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?") for m in months),
        (r"\d", rf"\d?\s+(?:{MONTHS})(?:\s+\d{{4}})?"),
        *((w[0], rf"{w[1:]}(?:\s+(?:morning|afternoon|evening|night))?") for w in lexicon.WEEKDAYS),
        (r"\d", r"\d{3}-\d{2}-\d{2}"),
        *((w[0], rf"{w[1:]}\s+(?:week|month|year)") for w in ("this", "last", "next")),
        *((w[0], w[1:]) for w in lexicon.RELATIVE_DAYS),
    ]
    groups: dict[str, list[str]] = {}
    for first, rest in alternatives:
        groups.setdefault(first, []).append(rest)
    body = "|".join(f"(?<={first})(?:{'|'.join(rests)})" for first, rests in groups.items())
    return re.compile(rf"[{''.join(groups)}](?<![\w’'].)(?:{body})(?![\w’'])")


_DATE = _date_pattern()


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
