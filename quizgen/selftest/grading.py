"""Answer checking: pure functions from what was typed and what is expected to a :class:`Grade`.

Short and cloze answers are graded leniently. Both sides go through :func:`key`: Unicode NFC, transliteration
to ASCII (``anyascii``: ``Łódź`` -> ``Lodz``, which stripping combining marks cannot do), case folding,
punctuation and whitespace dropped, a leading article dropped. Equal keys (against the answer or any alias,
with or without a parenthesised part) are **correct**. Otherwise a small typo is **close** (accepted, the
correct spelling shown), but only in longer text answers: never when either side has a digit, never in a date
word (months, weekdays), never in answers shorter than :data:`TYPO_MIN_LENGTH` letters, and never when the
slip lands on another known word (``minister`` for ``ministry``, ``Austria`` for ``Australia``: see
:mod:`quizgen.core.typos`); a plural or possessive ending is no other word. Anything else is **wrong**.
A character diff of typed against expected marks only the differences grading counts.
"""

from __future__ import annotations

import difflib
import enum
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from quizgen.core.lexicon import MONTH_SHORT_FORMS, MONTHS, WEEKDAYS
from quizgen.core.text import ascii_words
from quizgen.core.typos import accepted_forms, answer_confusables

__all__ = ["accepted_forms"]  # re-exported: the grader's public name since the self-test began

TYPO_MIN_LENGTH = 6
"""Answers shorter than this (in letters, once keyed) must be spelled right: one letter matters there."""
_ARTICLES = ("the", "a", "an")
_DATE_WORDS = frozenset(w.lower() for w in (*MONTHS, *MONTH_SHORT_FORMS, *WEEKDAYS))


class Verdict(enum.Enum):
    """How an answer was judged."""

    CORRECT = "correct"
    CLOSE = "close"
    WRONG = "wrong"


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of a character diff."""

    kind: str
    """``same``, ``typed`` (typed but not expected) or ``missing`` (expected but not typed)."""
    text: str
    """The characters."""


@dataclass(frozen=True, slots=True)
class Grade:
    """The judgement of one answer."""

    verdict: Verdict
    """correct, close or wrong."""
    expected: str
    """The correct answer as shown to the learner (the bank's spelling)."""
    given: str
    """What the learner answered, as typed."""
    diff: tuple[Segment, ...]
    """Typed against expected, character by character, marking only what grading counts (not case, accents,
    punctuation or a leading article); empty when there is nothing to mark."""


def key(text: str) -> str:
    """The form answers are compared in: :func:`~quizgen.core.text.ascii_words` without a leading article,
    joined without spaces."""
    parts = ascii_words(text)
    if len(parts) > 1 and parts[0] in _ARTICLES:
        parts = parts[1:]
    return "".join(parts)


def typo_budget(expected: str, given: str) -> int:
    """How many typos (edits or swaps of adjacent letters) an answer may have and still be close."""
    if any(c.isdigit() for c in expected + given):
        return 0
    if any(w in _DATE_WORDS for w in ascii_words(expected)):
        return 0
    length = len(key(expected))
    if length < TYPO_MIN_LENGTH:
        return 0
    return 1 if length < 12 else 2


def char_diff(given: str, expected: str) -> tuple[Segment, ...]:
    """A character diff of ``given`` against ``expected`` that marks only what grading does not ignore.

    Case, accents, spaces, punctuation and a leading article are what :func:`key` drops, so a diff that
    marked them would show a learner "mistakes" the grade did not count: ``the lu kang`` against ``Lu Kang``
    is no difference at all, ``Lu Kng`` is ``Lu K{+a+}ng``. Empty when nothing is left to mark.
    """
    given = unicodedata.normalize("NFC", given)
    expected = unicodedata.normalize("NFC", expected)
    if given == expected:
        return ()
    mine, theirs = _significant(given), _significant(expected)
    typed = [False] * len(given)
    missing: dict[int, list[str]] = {}
    matcher = difflib.SequenceMatcher(None, [c for _, c in mine], [c for _, c in theirs], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        for k in range(i1, i2):
            typed[mine[k][0]] = True
        if j2 > j1:
            if i2 > i1:
                at = mine[i2 - 1][0] + 1
            elif i1 < len(mine):
                at = mine[i1][0]
            else:
                at = mine[-1][0] + 1 if mine else len(given)
            # Inserted before a letter, the missing text keeps the space that follows it: {+Lu +}Kang.
            end = theirs[j2][0] if i1 == i2 and i1 < len(mine) and j2 < len(theirs) else theirs[j2 - 1][0] + 1
            missing.setdefault(at, []).append(expected[theirs[j1][0] : end])
    if not any(typed) and not missing:
        return ()
    counted = {i for i, _ in mine}
    for i in range(len(given)):  # a space or mark between two wrong letters is part of the wrong stretch
        if i not in counted and not typed[i]:
            before = next((typed[k] for k in range(i - 1, -1, -1) if k in counted), False)
            after = next((typed[k] for k in range(i + 1, len(given)) if k in counted), False)
            typed[i] = before and after
    out: list[Segment] = []

    def add(kind: str, text: str) -> None:
        if out and out[-1].kind == kind:
            out[-1] = Segment(kind, out[-1].text + text)
        else:
            out.append(Segment(kind, text))

    for i, ch in enumerate(given):
        for text in missing.get(i, ()):
            add("missing", text)
        add("typed" if typed[i] else "same", ch)
    for text in missing.get(len(given), ()):
        add("missing", text)
    return tuple(out)


_LEADING_ARTICLE = re.compile(r"^\W*(?:the|a|an)\W+(?=\w)", re.IGNORECASE)


def _significant(text: str) -> list[tuple[int, str]]:
    """The characters grading compares, each with its index in ``text``: letters and digits, transliterated
    and case-folded, after a leading article (dropped when more words follow, as :func:`key` does)."""
    from anyascii import anyascii

    start = 0
    found = _LEADING_ARTICLE.match(text)
    if found is not None and len(ascii_words(text)) > 1:
        start = found.end()
    out: list[tuple[int, str]] = []
    for i in range(start, len(text)):
        out.extend((i, c) for c in anyascii(text[i]).casefold() if c.isascii() and c.isalnum())
    return out


def grade_text(
    given: str, answer: str, aliases: Sequence[str] = (), confusable: Collection[str] | None = None
) -> Grade:
    """Grade a typed answer against the answer and its aliases. ``confusable`` lists the words a typo may not
    land on (:func:`quizgen.core.typos.answer_confusables` of the item's answers, computed when not given)."""
    typed = unicodedata.normalize("NFC", given.strip())
    forms = accepted_forms(answer, aliases)
    typed_key = key(typed)
    verdict, against = Verdict.WRONG, answer
    matched = next((f for f in forms if typed_key and key(f) == typed_key), None)
    if matched is not None:
        verdict, against = Verdict.CORRECT, matched
    elif typed_key:
        for form in forms:
            budget = typo_budget(form, typed)
            if budget and OSA.distance(typed_key, key(form)) <= budget:
                verdict, against = Verdict.CLOSE, form  # the diff shows the spelling it was close to
                break
        if verdict is Verdict.CLOSE:
            # a slip that lands on another word is another answer: "minister" for "ministry"
            words = confusable if confusable is not None else answer_confusables([answer], aliases)
            own = {w for f in forms for w in ascii_words(f)}
            if any(w in words for w in ascii_words(typed) if w not in own):
                verdict, against = Verdict.WRONG, answer
    return Grade(verdict, answer, typed, char_diff(typed, against))


def grade_choice(given: str, chosen_correctly: bool, expected: str) -> Grade:
    """Grade a multiple-choice or true-false answer (already resolved to an option)."""
    verdict = Verdict.CORRECT if chosen_correctly else Verdict.WRONG
    return Grade(verdict, expected, given, () if chosen_correctly else char_diff(given, expected))


def grade_parts(given: Sequence[str], expected: Sequence[str], aliases: Sequence[str] = ()) -> Grade:
    """Grade the blanks of a cloze: each like a short answer; the verdict is the worst of them."""
    confusable = answer_confusables(expected, aliases if len(expected) == 1 else ())
    grades = [
        grade_text(g, e, aliases if len(expected) == 1 else (), confusable)
        for g, e in zip(list(given) + [""] * (len(expected) - len(given)), expected, strict=False)
    ]
    order = [Verdict.WRONG, Verdict.CLOSE, Verdict.CORRECT]
    verdict = min((g.verdict for g in grades), key=order.index)
    if len(given) > len(expected):
        verdict = Verdict.WRONG
    typed = "; ".join(g.strip() for g in given)
    shown = "; ".join(expected)
    if len(given) != len(expected):
        return Grade(verdict, shown, typed, char_diff(typed, shown))
    diff: list[Segment] = []  # blank by blank, as graded: a leading article is dropped in each
    for n, g in enumerate(grades):
        if n:
            diff.append(Segment("same", "; "))
        diff.extend(g.diff or (Segment("same", g.given),))
    return Grade(verdict, shown, typed, tuple(diff) if any(g.diff for g in grades) else ())


def render_diff(diff: Sequence[Segment], *, colour: bool) -> str:
    """A diff on one line: ``[-typed-]`` and ``{+missing+}`` marks, or red and green on a colour terminal."""
    out = []
    for s in diff:
        if s.kind == "same":
            out.append(s.text)
        elif colour:
            out.append(f"\x1b[{'31;9' if s.kind == 'typed' else '32;4'}m{s.text}\x1b[0m")
        else:
            out.append(f"[-{s.text}-]" if s.kind == "typed" else f"{{+{s.text}+}}")
    return "".join(out)
