"""The values an undo alone reads back (the card and queue before an answer) are tested when it reads them, not
when the state is opened (most of the time of opening a long history); a damaged one still stops with exit 4
at its table, row and column, and the undo changes nothing. The others are tested on opening, a table at a
time where quizgen wrote every value, so a time or card of another form is still read by its full test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from selftest_project import make_project
from typer.testing import CliRunner

from quizgen.cli import app

runner = CliRunner()
NOW = ["--now", "2026-01-01T09:00:00+00:00", "--seed", "1"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture
def state(project: Path, tmp_path: Path) -> Path:
    """A paused review session with two answers."""
    path = tmp_path / "s.db"
    result = runner.invoke(
        app, ["selftest", "--root", str(project), "--state", str(path), *NOW], input="nope\nx\nq\n"
    )
    assert result.exit_code == 0, result.output
    return path


def _run(project: Path, state: Path, keys: str, *sub: str) -> tuple[int, str]:
    args = ["selftest", *sub, "--root", str(project), "--state", str(state), *([] if sub else NOW)]
    result = runner.invoke(app, args, input=keys)
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    assert "internal error" not in result.output
    return result.exit_code, result.output


def _edit(state: Path, sql: str) -> bytes:
    conn = sqlite3.connect(state)
    try:
        conn.execute(sql)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return state.read_bytes()


@pytest.mark.parametrize(
    ("sql", "what"),
    [
        ("UPDATE answers SET queue_before = 'x'", "column queue_before: not a queue: 'x'"),
        ("UPDATE answers SET card_before = '{}'", "column card_before: not a saved card: '{}'"),
    ],
)
def test_a_damaged_value_an_undo_reads_is_refused_there(
    project: Path, state: Path, sql: str, what: str
) -> None:
    conn = sqlite3.connect(state)
    last = conn.execute("SELECT max(id) FROM answers").fetchone()[0]
    conn.close()
    damaged = _edit(state, sql)
    assert _run(project, state, "", "stats")[0] == 0  # not read: the file opens
    code, output = _run(project, state, "u\nq\n")
    assert code == 4, output
    assert f"the self-test state {state} is damaged (table answers, row {last}, {what}" in output
    assert "move it aside" in output
    assert state.read_bytes() == damaged  # the undo was rolled back whole


@pytest.mark.parametrize(
    "time",
    [
        "2028-02-29T09:00:00+00:00",
        "2026-01-01T09:00:00.5+00:00",
        "2026-01-01T10:00:00+01:00",
        "2026-01-01 09:00",
    ],
)
def test_a_time_of_another_form_is_read_by_its_full_test(project: Path, state: Path, time: str) -> None:
    _edit(state, f"UPDATE answers SET answered_at = '{time}'")
    assert _run(project, state, "", "stats")[0] == 0


def test_a_day_the_calendar_lacks_is_still_refused_on_opening(project: Path, state: Path) -> None:
    _edit(state, "UPDATE answers SET answered_at = '2026-02-29T09:00:00+00:00'")
    code, output = _run(project, state, "", "stats")
    assert code == 4, output
    assert "(table answers, row 1, column answered_at: not a time: '2026-02-29T09:00:00+00:00')" in output
