"""QG111: an unquoted value cut short by a '#' that YAML took for a comment is reported where the '#' is."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen import api
from quizgen.checks.example import BANK_FILE, FILES, write

ITEM = FILES[BANK_FILE]


def _codes_at(tmp_path: Path, bank: str) -> list[tuple[str, int, int]]:
    write(tmp_path, {BANK_FILE: bank})
    return [
        (d.code, d.location.line, d.location.column)
        for d in api.check(tmp_path).diagnostics
        if d.code == "QG111"
    ]


def _with_line(suffix_line: str) -> str:
    """The example item with one more field line after its first line."""
    first, rest = ITEM.split("\n", 1)
    return f"{first}\n{suffix_line}\n{rest}"


def test_a_comment_opening_onto_a_word_cuts_the_value_short(tmp_path: Path) -> None:
    bank = _with_line("  explanation: It ranked #1 in the poll")
    assert _codes_at(tmp_path, bank) == [("QG111", 2, 26)]


@pytest.mark.parametrize(
    "line",
    [
        "  explanation: It ranked first  # a remark, with a space",
        "  explanation: 'It ranked #1 in the poll'",
        '  explanation: "It ranked #1 in the poll"',
        "  explanation: It ranked no.1#best",  # no space before '#': YAML keeps it as text
        "  explanation: It ranked first ## a double hash is a remark",
    ],
    ids=["spaced-comment", "single-quoted", "double-quoted", "glued", "double-hash"],
)
def test_values_yaml_reads_whole_and_spaced_comments_are_left_alone(tmp_path: Path, line: str) -> None:
    assert _codes_at(tmp_path, _with_line(line)) == []


def test_a_block_scalar_keeps_its_hash_and_is_left_alone(tmp_path: Path) -> None:
    bank = _with_line("  explanation: >-\n    It ranked #1 in the poll")
    assert _codes_at(tmp_path, bank) == []


def test_the_last_line_of_a_folded_plain_value_is_looked_at(tmp_path: Path) -> None:
    bank = _with_line(
        "  explanation: It ranked\n    #1 in the poll"
    )  # a comment line: the value is "It ranked"
    assert _codes_at(tmp_path, bank) == []  # a whole-line comment is not a cut value
    bank = _with_line("  explanation: It was\n    ranked #1 in the poll")
    assert _codes_at(tmp_path, bank) == [("QG111", 3, 12)]
