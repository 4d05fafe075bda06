"""Which misspellings are not typos: words a one- or two-letter slip turns into another real word.

Lenient grading accepts a small typo ("Morgulvo" for "Morgulov"), but a slip that lands on another word is
another answer: "minister" for "ministry", "Austria" for "Australia". :func:`confusables` lists, for the
accepted forms of an answer, the known words close to their words; the grader (:mod:`quizgen.selftest.grading`
and its JavaScript port in the HTML quiz, which gets the list with each item) refuses a typed word that is one
of them. Known words are the English dictionary that ``pyspellchecker`` ships (words seen at least
:data:`MIN_FREQUENCY` times in its corpus, which includes common names of places and people), and any
``extra`` words given.
"""

from __future__ import annotations

import gzip
import json
import re
import string
from collections.abc import Iterable
from functools import cache
from pathlib import Path

MIN_FREQUENCY = 50
"""A dictionary word counts when its corpus frequency is at least this: rarer entries are often misspellings."""
MIN_LENGTH = 4
"""Words shorter than this are never typo-tolerant (grading asks 6 letters), so they need no list."""
_LETTERS = string.ascii_lowercase
_PARENTHESISED = re.compile(r"\s*\([^()]*\)")
_ARTICLES = ("the", "a", "an")


@cache
def known_words() -> frozenset[str]:
    """The dictionary: lower-case ASCII words of ``pyspellchecker``'s English list, frequent enough."""
    import spellchecker  # the word list ships inside the package; read lazily (about 0.5 s)

    path = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        counts: dict[str, int] = json.load(f)
    return frozenset(w for w, n in counts.items() if n >= MIN_FREQUENCY and w.isascii() and w.isalpha())


@cache
def _buckets() -> dict[tuple[str, int], tuple[str, ...]]:
    out: dict[tuple[str, int], list[str]] = {}
    for w in known_words():
        out.setdefault((w[0], len(w)), []).append(w)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {a + c + b for a, b in splits for c in _LETTERS}
    return out


def inflections(word: str) -> set[str]:
    """The word with a plural ending, or the ``-n`` of a people (Russia, Russian), added or removed: the same
    word to a grader."""
    out = {word, word + "s", word + "es"}
    if word.endswith("es"):
        out.add(word[:-2])
    if word.endswith("s"):
        out.add(word[:-1])
    if word.endswith("y"):
        out.add(word[:-1] + "ies")
    if word.endswith("ies"):
        out.add(word[:-3] + "y")
    if word.endswith("a"):  # a place and its people: Russia, Russian
        out.add(word + "n")
    if word.endswith("an"):
        out.add(word[:-1])
    return out


@cache
def near(word: str, edits: int) -> frozenset[str]:
    """Known words within ``edits`` (1 or 2) edits or swaps of ``word`` (two edits: those sharing its first
    letter), other than the word itself and its inflections."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    known = known_words()
    found = {w for w in _edits1(word) if w in known}
    if edits >= 2:
        for length in range(len(word) - 2, len(word) + 3):
            choices = _buckets().get((word[0], length), ())
            found.update(c for c, _, _ in process.extract(word, choices, scorer=OSA.distance,
                                                          score_cutoff=2, limit=None))  # fmt: skip
    return frozenset(found - inflections(word))


def confusables(forms: Iterable[tuple[list[str], int]], extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Known words (and ``extra`` ones) near the words of each accepted form, given as (its words, its typo
    budget), minus every form's own words; sorted."""
    forms = list(forms)
    own = {w for words, _ in forms for w in words}
    extra_words = {w for w in extra if w.isalpha()}
    out: set[str] = set()
    for words, budget in forms:
        if not budget:
            continue
        for w in words:
            if len(w) < MIN_LENGTH or not w.isalpha():
                continue
            out |= near(w, budget)
            if extra_words:
                from rapidfuzz.distance import OSA

                close = {x for x in extra_words if OSA.distance(w, x, score_cutoff=budget) <= budget}
                out |= close - inflections(w)
    return tuple(sorted(out - own))


def accepted_forms(answer: str, aliases: Iterable[str] = ()) -> list[str]:
    """The answer and its aliases, each also without a parenthesised part (``Lu Kang (spokesman)``)."""
    forms: list[str] = []
    for text in (answer, *aliases):
        for form in (text, _PARENTHESISED.sub("", text).strip()):
            if form and form not in forms:
                forms.append(form)
    return forms


def answer_confusables(answers: Iterable[str], aliases: Iterable[str] = ()) -> tuple[str, ...]:
    """The confusable words of a typed answer's accepted forms (of every blank, for a cloze): near each word by
    one edit, or two where the form's key has 12 letters or more (the grader's typo budget)."""
    from quizgen.core.text import ascii_words

    forms: list[tuple[list[str], int]] = []
    aliases = list(aliases)
    for answer in answers:
        for form in accepted_forms(answer, aliases):
            words = ascii_words(form)
            if len(words) > 1 and words[0] in _ARTICLES:
                words = words[1:]
            length = len("".join(words))
            if length < 6 or any(c.isdigit() for c in form):
                continue
            forms.append((words, 1 if length < 12 else 2))
    return confusables(forms)
