"""Input files replaced by things that are not files, found by fuzzing: each is a located diagnostic.

A link that leads back to itself made ``Path.resolve`` raise RuntimeError (Python 3.11, 3.12), an internal
error from every command that read the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_fuzz import PROJECT
from typer.testing import CliRunner

from quizgen.checks.example import write
from quizgen.cli import app

LOOPED = [
    "decks/example.yaml",
    "question_bank/example.yaml",
    "seeds/example.txt",
    "seeds/sources.yaml",  # was "catalogue not found", which sent the user looking for a file that is there
    "quizgen.yaml",
]
ELSEWHERE = ["decks/example.lock.json"]
"""Read as missing (a lock written afresh): no traceback either."""


@pytest.mark.parametrize("rel", LOOPED)
@pytest.mark.parametrize("command", [["check"], ["check", "--no-cache"], ["build", "anki"]])
def test_a_link_that_leads_back_to_itself_is_located(tmp_path: Path, rel: str, command: list[str]) -> None:
    write(tmp_path, PROJECT)
    path = tmp_path / rel
    path.unlink()
    path.symlink_to(path.name)
    result = CliRunner().invoke(app, [*command, "--root", str(tmp_path)])
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    assert result.exit_code == 1, result.output
    assert (
        f"{rel}:1:1: error: {rel} is a link that leads back to itself: replace it with the file"
        in result.output
    )


@pytest.mark.parametrize("rel", ELSEWHERE)
def test_a_looped_file_read_as_missing_is_no_internal_error(tmp_path: Path, rel: str) -> None:
    write(tmp_path, PROJECT)
    path = tmp_path / rel
    path.unlink()
    path.symlink_to(path.name)
    for command in (["check"], ["build", "anki"]):
        result = CliRunner().invoke(app, [*command, "--root", str(tmp_path)])
        assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
        assert result.exit_code in (0, 1), result.output
