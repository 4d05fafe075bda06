"""Word lists shipped as data files, one entry a line (``#`` starts a comment, a tab a second column).

General lists every stage shares (calendar words, abbreviations) live in ``quizgen/core/lexicons/``; the
drafting rules' own lists in ``quizgen/draft/lexicons/`` (read through :mod:`quizgen.draft.lexicon`). Edit the
files, not the code, to extend them.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def entries(name: str, package: str = "quizgen.core") -> tuple[str, ...]:
    """The entries of ``<package>/lexicons/<name>.txt``: comments and blank lines dropped, order kept."""
    # The package's folder, not importlib.resources: that import alone costs every command ~15 ms at startup.
    folder = Path(sys.modules[package].__file__ or "").parent
    text = (folder / "lexicons" / f"{name}.txt").read_text("utf-8")
    out: list[str] = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(dict.fromkeys(out))


def _first_column(name: str) -> tuple[str, ...]:
    return tuple(e.split("\t", 1)[0].strip() for e in entries(name))


MONTHS = _first_column("months")
"""January to December, capitalised, in calendar order."""
WEEKDAYS = _first_column("weekdays")
"""Monday to Sunday, capitalised."""
RELATIVE_DAYS = _first_column("relative_days")
"""yesterday, today, tomorrow."""
MONTH_SHORT_FORMS = tuple(a.rstrip(".").lower() for a in _first_column("month_abbreviations"))
"""Every short form of a month name, lower-case, without a full stop (``jan`` ... ``sept`` ... ``dec``)."""
MONTHS_WITH_STOP = tuple(a for a in _first_column("month_abbreviations") if a.endswith("."))
"""The short forms news text writes with a full stop (``Jan.``, ``Sept.``; not June or July)."""
AP_MONTHS = tuple(
    e.split("\t", 1)[0] for e in entries("month_abbreviations") if e.partition("\t")[2].strip() == "ap"
)
"""The AP stylebook's month abbreviations before a day (``Jan.``, ``Feb.``, ``Aug.``, ``Sept.`` to ``Dec.``)."""


def without_stop(words: tuple[str, ...]) -> frozenset[str]:
    """Entries lower-cased without one final full stop: ``U.S.`` -> ``u.s``, as a sentence rule compares them."""
    return frozenset(w.lower().removesuffix(".") for w in words)
