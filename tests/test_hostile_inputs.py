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


def test_a_looped_lock_file_stops_the_build_instead_of_being_written_afresh(tmp_path: Path) -> None:
    # Read as missing, it was replaced by a new lock: every note's modification time reset, so learners'
    # imports stopped updating, and nothing said why.
    write(tmp_path, PROJECT)
    rel = "decks/example.lock.json"
    path = tmp_path / rel
    path.unlink(missing_ok=True)
    path.symlink_to(path.name)
    result = CliRunner().invoke(app, ["build", "anki", "--root", str(tmp_path)])
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    assert result.exit_code == 1, result.output
    assert f"{rel}:1:1: error: {rel} is a link that leads back to itself" in result.output
    assert path.is_symlink()  # not replaced
