"""Locating quotes in articles: exact (after normalisation) for checks, fuzzy only to suggest a fix.

These are library functions: the checks use them, and so do later stages (coverage, card backs) that need a
quote's offsets in the untouched article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz

from quizgen.core.diagnostics import Location
from quizgen.core.model import Article
from quizgen.core.text import find_phrase, normalize, normalize_with_map

_SENTENCE_BREAK = re.compile(r"""[.!?]["')]*\s""")


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote occurs in an article."""

    start: int
    """Offset of the first character in the original article text."""
    end: int
    """Offset just past the last character in the original article text."""
    first_line: int
    """1-based line of ``start``."""
    last_line: int
    """1-based line of the last character."""


def find_quote(article: Article, quote: str) -> list[Match]:
    """Every occurrence of ``quote`` in ``article`` after normalisation, on word boundaries, in text order."""
    return find_normalized(article, normalize(quote))


def find_normalized(article: Article, needle: str) -> list[Match]:
    """Like :func:`find_quote`, for a quote already normalised."""
    return list(_matches(article, needle))


def first_quote(article: Article, quote: str, skip: Callable[[Match], bool] | None = None) -> Match | None:
    """The first occurrence of ``quote`` in ``article`` that ``skip`` does not reject (as :func:`find_quote`
    would list it), without locating the later ones."""
    return next((m for m in _matches(article, normalize(quote)) if skip is None or not skip(m)), None)


def _matches(article: Article, needle: str) -> Iterator[Match]:
    haystack = article.normalized.text
    i = find_phrase(haystack, needle)
    while i >= 0:
        start = article.normalized.to_original(i)
        end = article.normalized.to_original(i + len(needle), end=True)
        first_line = article.lines.position(start)[0]
        last_line = article.lines.position(max(start, end - 1))[0]
        yield Match(start, end, first_line, last_line)
        i = find_phrase(haystack, needle, i + 1)


def in_furniture(article: Article, match: Match) -> bool:
    """Whether any line of the match is page furniture."""
    return any(
        article.furniture_at(line) is not None for line in range(match.first_line, match.last_line + 1)
    )


def in_caption(article: Article, match: Match) -> bool:
    """Whether any line of the match is a photo caption (citable, but cited as a caption)."""
    return bool(article.captions) and any(
        article.caption_at(line) is not None for line in range(match.first_line, match.last_line + 1)
    )


@dataclass(frozen=True, slots=True)
class NearMiss:
    """The passage of an article most similar to a quote that was not found: a suggestion, never a pass."""

    location: Location
    """Where the passage starts."""
    passage: str
    """The passage as written in the article."""
    similarity: float
    """rapidfuzz ``partial_ratio`` of the normalised quote against the passage, 0-100."""


def closest_passage(article: Article, quote: str) -> NearMiss | None:
    """The most similar passage of one line (paragraph) of the article, snapped to word boundaries."""
    needle = normalize(quote)
    if not needle:
        return None
    best: tuple[float, int, int] | None = None  # score, original start, original end
    offset = 0
    for line in article.text.split("\n"):
        if line.strip():
            norm = normalize_with_map(line)
            found = fuzz.partial_ratio_alignment(needle, norm.text)
            if found is not None and (best is None or found.score > best[0]):
                start, end = _snap(norm.text, found.dest_start, found.dest_end)
                if not _SENTENCE_BREAK.search(needle):  # a one-sentence quote: suggest one sentence
                    cut = _SENTENCE_BREAK.search(norm.text, start, end)
                    if cut is not None:
                        end = cut.start() + 1
                best = (
                    found.score,
                    offset + norm.to_original(start),
                    offset + norm.to_original(end, end=True),
                )
        offset += len(line) + 1
    if best is None or best[0] <= 0:
        return None
    score, start, end = best
    return NearMiss(article.position(start), article.text[start:end].strip(), round(score, 1))


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Adjust [start, end) to whole words: trim punctuation at the edges, then widen to word boundaries."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] in ".,;:!?\"')"):
        end += 1
    return start, end
