"""The word lists the rules read, shipped as data files in ``quizgen/draft/lexicons/`` (one entry a line).

Lists hold general English (reporting verbs, role words, pronouns), never names from any article, so the
rules work the same on every new article. Edit the files, not the code, to extend them.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def words(name: str) -> tuple[str, ...]:
    """The entries of ``lexicons/<name>.txt``: comments and blank lines dropped, order kept."""
    text = resources.files("quizgen.draft").joinpath("lexicons", f"{name}.txt").read_text("utf-8")
    out: list[str] = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(dict.fromkeys(out))


@cache
def wordset(name: str) -> frozenset[str]:
    """The entries of a list, lower-cased, as a set (first tab-separated column)."""
    return frozenset(w.split("\t", 1)[0].lower() for w in words(name))


@cache
def table(name: str) -> dict[str, str]:
    """A two-column (tab-separated) list as a mapping."""
    out: dict[str, str] = {}
    for w in words(name):
        key, _, value = w.partition("\t")
        out[key.strip().lower()] = value.strip()
    return out


def alternation(name: str) -> str:
    """A regex alternation of a list's entries, longest first, spaces matching any whitespace."""
    entries = sorted(words(name), key=len, reverse=True)
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries)
