"""The word lists the drafting rules read, shipped as data files in ``quizgen/draft/lexicons/`` (one entry a
line, read by :func:`quizgen.core.lexicon.entries`; calendar words and abbreviations are core lists).

Lists hold general English (reporting verbs, role words, pronouns), never names from any article, so the
rules work the same on every new article. Edit the files, not the code, to extend them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from quizgen.core.lexicon import entries


def words(name: str) -> tuple[str, ...]:
    """The entries of ``lexicons/<name>.txt``: comments and blank lines dropped, order kept."""
    return entries(name, "quizgen.draft")


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


@cache
def _automaton(name: str) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for entry in words(name):
        key = entry.split("\t", 1)[0].lower()
        automaton.add_word(key, len(key))
    automaton.make_automaton()
    return automaton


def find_words(name: str, text: str) -> list[tuple[int, int]]:
    """(start, end) of every whole-word, case-insensitive occurrence of a list's entries in ``text``.

    One Aho-Corasick pass (pyahocorasick): ten times faster than a case-insensitive regex alternation.
    Overlapping hits are all kept, shortest first at each end.
    """
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased: keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    out = []
    n = len(low)
    for end, size in _automaton(name).iter(low):
        start = end - size + 1
        if (start == 0 or not low[start - 1].isalnum()) and (end + 1 == n or not low[end + 1].isalnum()):
            out.append((start, end + 1))
    out.sort()
    return out


def alternation(name: str, *, longest_first: bool = True) -> str:
    """A regex alternation of a list's entries, spaces matching any whitespace: longest first, or in the
    file's order (for lists whose order was tuned, so the pattern tries them as before)."""
    entries = sorted(words(name), key=len, reverse=True) if longest_first else words(name)
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in entries)


def either_case_alternation(name: str) -> str:
    """A regex alternation of a list's lower-case entries in the file's order, each also with a capital first
    letter (``[Tt]he``): for words that may open a sentence."""
    return "|".join(f"[{e[0].upper()}{e[0]}]{re.escape(e[1:])}" for e in words(name))


_MARK = "@R@"
"""Stands for the marker group of one :func:`repeated` until :func:`compile_pattern` names and numbers it."""


def repeated(part: str, separator: str, most: int) -> str:
    """A pattern matching what ``part(?:separator part){0,most-1}`` matches, in the same order of trying, with
    ``part`` written once: every repetition but the first opens with ``separator``, a conditional on a marker
    group that the first repetition sets. The big speaker and party patterns hold a long word list in each
    part: written once, they compile in about half the time (the pattern's length). Compile the result with
    :func:`compile_pattern` (or through :class:`LazyPatterns`), which names and numbers the marker (a conditional
    names a group defined earlier, or a number)."""
    return rf"(?:(?({_MARK}){separator}){part}(?P<{_MARK}>)){{1,{most}}}"


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` of a pattern that may hold :func:`repeated` parts: each conditional gets the number of the
    marker group that follows it, checked against the compiled pattern."""
    if _MARK not in pattern:
        return re.compile(pattern, flags)
    pieces, numbers, pos, k = [], {}, 0, 0
    while (at := pattern.find(f"(?({_MARK})", pos)) >= 0:
        marker = pattern.index(f"(?P<{_MARK}>)", at)
        k += 1
        number = _groups_before(pattern, marker) + 1
        numbers[f"_r{k}"] = number
        pieces += [pattern[pos:at], f"(?({number})", pattern[at + len(_MARK) + 4 : marker], f"(?P<_r{k}>)"]
        pos = marker + len(_MARK) + 6
    compiled = re.compile("".join([*pieces, pattern[pos:]]), flags)
    if any(compiled.groupindex.get(name) != number for name, number in numbers.items()):
        raise AssertionError(f"a repeated part's marker is misnumbered in {pattern[:80]!r}...")
    return compiled


def _groups_before(pattern: str, end: int) -> int:
    """How many capturing groups open before ``end`` (escapes, character classes and conditions skipped)."""
    n, i, in_class = 0, 0, False
    while i < end:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += 2 if pattern.startswith("^]", i + 1) else 1 if pattern.startswith("]", i + 1) else 0
        elif pattern.startswith("(?(", i):  # a conditional: its name or number in parentheses opens no group
            i = pattern.index(")", i + 3)
        elif c == "(" and (pattern[i + 1 : i + 2] != "?" or pattern.startswith("?P<", i + 1)):
            n += 1
        i += 1
    return n


class LazyPatterns(dict[str, re.Pattern[str]]):
    """Patterns compiled on first use: compiling the big speaker and party patterns costs about as much as
    running them over a hundred articles, and a run needs only some of them (a fresh ``quizgen draft`` pays
    every compile it makes)."""

    def __init__(self, sources: dict[str, tuple[str, int]]) -> None:
        super().__init__()
        self._sources = sources

    def sources(self) -> list[str]:
        """The keys of every pattern, compiled or not."""
        return list(self._sources)

    def __missing__(self, key: str) -> re.Pattern[str]:
        pattern, flags = self._sources[key]
        compiled = self[key] = compile_pattern(pattern, flags)
        return compiled


def source(pattern: str, flags: int = 0) -> tuple[str, int]:
    """A pattern for :class:`LazyPatterns`, compiled when first used."""
    return pattern, flags
