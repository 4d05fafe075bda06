"""A damaged self-test state (a value edited by hand, a column or table dropped by another tool) is refused with
exit 4 and says which table, row and column, never an internal error; the file is left as it was.

Each case came from fuzzing the state file (a random SQL edit, then ``selftest``, ``stats`` and ``aliases``).
"""

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


@pytest.fixture(scope="module")
def used_state(project: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A state with settings, cards, a paused session, answers and a proposed alias."""
    state = tmp_path_factory.mktemp("state") / "s.db"
    # wrong, "I was right", then a right answer and quit: every table gets a row
    result = runner.invoke(
        app, ["selftest", "--root", str(project), "--state", str(state), *NOW], input="nope\nr\nx\nq\n"
    )
    assert result.exit_code == 0, result.output
    with sqlite3.connect(state) as conn:
        for table in ("settings", "cards", "sessions", "answers", "proposed_aliases"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return state.read_bytes()


def where_from(project: Path, sub: list[str]) -> list[str]:
    return [] if sub == ["aliases"] else ["--root", str(project)]  # aliases reads the state alone


DAMAGE = [
    ("UPDATE cards SET card = '9999-99-99'", "table cards, row rojas-role, column card"),
    ("UPDATE cards SET card = '[]'", "table cards, row rojas-role, column card"),
    ("UPDATE cards SET reviewed_at = '1.5'", "table cards, row rojas-role, column reviewed_at"),
    ("UPDATE answers SET answered_at = '9999-99-99'", "table answers, row 1, column answered_at"),
    ("UPDATE answers SET card_after = '{'", "table answers, row 1, column card_after"),
    ("UPDATE answers SET rating = '-1'", "table answers, row 1, column rating"),
    ("UPDATE sessions SET queue = 'x'", "table sessions, row 1, column queue"),
    ("UPDATE sessions SET queue = X'ff00'", "table sessions, row 1, column queue"),
    ("UPDATE proposed_aliases SET proposed_at = 'soon'", "table proposed_aliases, row 1, column proposed_at"),
    ("UPDATE settings SET value = '-1'", "table settings, row fsrs, column value"),
    ("UPDATE settings SET value = ''", "table settings, row fsrs, column value"),
    ("UPDATE settings SET value = '{\"a\": 1}'", "table settings, row fsrs"),
    ("UPDATE settings SET value = json_set(value, '$.learning_steps', 'x')", "table settings, row fsrs"),
    ("UPDATE settings SET value = json_set(value, '$.parameters', json('[1]'))", "table settings, row fsrs"),
    ("DROP TABLE proposed_aliases", "table proposed_aliases: missing"),
    ("DROP TABLE answers", "table answers: missing"),
    ("ALTER TABLE cards DROP COLUMN card", "table cards: no column card"),
    ("ALTER TABLE settings DROP COLUMN value", "table settings: no column value"),
]  # fmt: skip


@pytest.mark.parametrize(("sql", "where"), DAMAGE, ids=[d[0][:48] for d in DAMAGE])
@pytest.mark.parametrize("command", [[], ["stats"], ["aliases"], ["--mode", "practice", "--no-save"]])
def test_damaged_state_is_refused_with_its_place(
    project: Path, used_state: bytes, tmp_path: Path, sql: str, where: str, command: list[str]
) -> None:
    state = tmp_path / "s.db"
    state.write_bytes(used_state)
    with sqlite3.connect(state) as conn:
        conn.execute(sql)
    conn.close()
    damaged = state.read_bytes()
    sub, rest = (command[:1], command[1:]) if command[:1] in (["stats"], ["aliases"]) else ([], command)
    result = runner.invoke(
        app,
        ["selftest", *sub, *where_from(project, sub), "--state", str(state), *([] if sub else NOW), *rest],
        input="x\nq\n",
    )
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    if (
        where == "table settings, row fsrs" and sub
    ):  # stats and aliases do not schedule: they need no settings
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 4, result.output
    assert f"the self-test state {state} is damaged ({where}" in result.output
    assert "move it aside" in result.output and "internal error" not in result.output
    assert state.read_bytes() == damaged


def test_an_undamaged_used_state_still_opens(project: Path, used_state: bytes, tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    state.write_bytes(used_state)
    for sub in (["stats"], ["aliases"], []):
        result = runner.invoke(
            app,
            ["selftest", *sub, *where_from(project, sub), "--state", str(state), *([] if sub else NOW)],
            input="q\n",
        )
        assert result.exit_code == 0, result.output
