"""Lenient grading of typed answers: what is correct, what is close, what is wrong, and the diff."""

from __future__ import annotations

import pytest

from quizgen.selftest.grading import Verdict, char_diff, grade_parts, grade_text, key, render_diff


@pytest.mark.parametrize(
    ("given", "answer", "aliases", "verdict"),
    [
        ("Chilean Foreign Minister", "Chilean Foreign Minister", (), Verdict.CORRECT),
        ("  chilean   FOREIGN minister. ", "Chilean Foreign Minister", (), Verdict.CORRECT),
        ("the Chilean Foreign Minister", "Chilean Foreign Minister", (), Verdict.CORRECT),
        ("US", "U.S.", (), Verdict.CORRECT),
        ("Lodz", "Łódź", (), Verdict.CORRECT),  # transliterated: stripping combining marks leaves Ł
        ("Sao Paulo", "São Paulo", (), Verdict.CORRECT),
        ("leon", "León", (), Verdict.CORRECT),
        ("anti missile", "anti-missile", (), Verdict.CORRECT),
        ("Lu Kang", "Chinese spokesman", ("Lu Kang",), Verdict.CORRECT),
        ("Lu Kang", "Lu Kang (spokesman)", (), Verdict.CORRECT),
        ("Chilean Foriegn Minister", "Chilean Foreign Minister", (), Verdict.CLOSE),  # a swap
        ("Chilean Foreign Ministr", "Chilean Foreign Minister", (), Verdict.CLOSE),  # a missing letter
        ("Chilan Forein Ministr", "Chilean Foreign Minister", (), Verdict.WRONG),  # three typos
        ("Morgulvo", "Morgulov", (), Verdict.CLOSE),
        ("1918", "1914", (), Verdict.WRONG),  # never in numbers
        ("Tuesday", "Thursday", (), Verdict.WRONG),  # never in dates
        ("Wednsday", "Wednesday", (), Verdict.WRONG),
        ("Hugh", "Hugo", (), Verdict.WRONG),  # never in short answers
        ("radr", "radar", (), Verdict.WRONG),
        ("", "radar", (), Verdict.WRONG),
        ("Santiago", "Lisbon", (), Verdict.WRONG),
    ],
)
def test_verdicts(given: str, answer: str, aliases: tuple[str, ...], verdict: Verdict) -> None:
    assert grade_text(given, answer, aliases).verdict is verdict


def test_key_drops_only_a_leading_article() -> None:
    assert key("The Hague") == "hague"
    assert key("Anne of the Dunes") == "anneofthedunes"
    assert key("a") == "a"  # the whole answer is never dropped


def test_diff_marks_typed_and_missing_characters() -> None:
    grade = grade_text("Chilean Foreign Ministr", "Chilean Foreign Minister")
    assert render_diff(grade.diff, colour=False) == "Chilean Foreign Minist{+e+}r"
    assert render_diff(char_diff("Lodz", "Łódx"), colour=False) == "Lod[-z-]{+x+}"
    assert char_diff("Lodz", "Łódź") == ()  # accents are what grading ignores: nothing to mark
    assert grade_text("Lisbon", "Lisbon").diff == ()  # nothing to show for an exact match
    assert "\x1b[" in render_diff(grade.diff, colour=True)


def test_cloze_blanks_are_graded_each_and_the_worst_wins() -> None:
    assert grade_parts(["Lisbon", "tuesday"], ["Lisbon", "Tuesday"]).verdict is Verdict.CORRECT
    assert grade_parts(["Lisbon", "Friday"], ["Lisbon", "Tuesday"]).verdict is Verdict.WRONG
    assert grade_parts(["Lisbon"], ["Lisbon", "Tuesday"]).verdict is Verdict.WRONG
    assert grade_parts(["Lisbon", "Tuesday", "x"], ["Lisbon", "Tuesday"]).verdict is Verdict.WRONG
