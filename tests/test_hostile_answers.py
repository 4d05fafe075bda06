"""``selftest --answers``: hostile contents of the file of scripted answers (found by fuzzing it).

``/dev/zero`` (or any endless pipe) filled the memory and never asked a question; an answer holding a character
``str.splitlines`` takes for a line end (U+2028, form feed, U+0085) was split in two, so every later answer went
to the wrong question; a byte-order mark became part of the first answer; bytes that are not UTF-8 were
reported by their offset in the file, not their line and column."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from selftest_project import make_project
from typer.testing import CliRunner

from quizgen.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


def _given(project: Path, tmp_path: Path, data: bytes) -> list[str]:
    answers = tmp_path / "answers.txt"
    answers.write_bytes(data)
    args = ["selftest", "--root", str(project), "--state", str(tmp_path / "s.db"), "--seed", "1", "--json"]
    # review mode asks in bank order: the first question is a short answer, which takes any text
    result = runner.invoke(app, [*args, "--now", "2026-01-01T09:00:00+00:00", "--answers", str(answers)])
    assert result.exit_code == 0, result.output
    return [a["given"] for a in json.loads(result.stdout)["answers"]]


@pytest.mark.parametrize("inside", ["\u2028", "\u0085", "\x0c", "\x0b", "\x1c", "\r"])
def test_an_answer_ends_at_a_line_end_only(project: Path, tmp_path: Path, inside: str) -> None:
    assert _given(project, tmp_path, f"one{inside}two\r\nq\n".encode()) == [f"one{inside}two"]


def test_a_byte_order_mark_is_not_part_of_the_first_answer(project: Path, tmp_path: Path) -> None:
    assert _given(project, tmp_path, b"\xef\xbb\xbfone\nq\n") == ["one"]


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"one\ntw\xc3\xa9\xff\n", ":2:4:"),
        (b"\xef\xbb\xbf\xff", ":1:1:"),
        ("a\nb\n".encode("utf-16"), ":1:1:"),
    ],
)
def test_bytes_that_are_not_utf8_are_placed(project: Path, tmp_path: Path, data: bytes, where: str) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_bytes(data)
    args = ["selftest", "--root", str(project), "--state", str(tmp_path / "s.db"), "--answers", str(answers)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert (
        f"{answers}{where} cannot read answers: byte 0xFF is not UTF-8; save the file as UTF-8"
        in result.output
    )
    assert not (tmp_path / "s.db").exists()  # refused before anything was asked


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_an_endless_file_of_answers_is_refused(project: Path, tmp_path: Path) -> None:
    args = ["selftest", "--root", str(project), "--state", str(tmp_path / "s.db"), "--answers", "/dev/zero"]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert (
        "cannot read answers from /dev/zero: more than 16 MiB; give a file of answers, one a line"
        in result.output
    )


@pytest.mark.parametrize("typed", ["²", "¹", "1" * 4400])
def test_a_number_int_cannot_read_is_asked_again(project: Path, tmp_path: Path, typed: str) -> None:
    # str.isdigit takes a superscript, which int() refuses: typing "²" at a lettered question was an internal
    # error. Now it is an answer that names no option, asked again like any other.
    given = _given(project, tmp_path, f"Chilean Foreign Minister\n{typed}\nb\nq\n".encode())
    assert given[:2] == ["Chilean Foreign Minister", "B. Santiago"]  # "b", recorded as the option
