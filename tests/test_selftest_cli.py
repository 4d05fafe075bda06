"""``quizgen selftest``, ``selftest stats`` and ``selftest aliases`` through typer's CliRunner."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from selftest_project import ANSWERS, make_project
from typer.testing import CliRunner

from quizgen.cli import app

runner = CliRunner()
NOW = ["--now", "2026-01-01T09:00:00+00:00", "--seed", "1"]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


def selftest(project: Path, state: Path, *args: str, input: str = "") -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["selftest", "--root", str(project), "--state", str(state), *NOW, *args], input=input
    )
    assert result.exception is None or type(result.exception) is SystemExit, result.exception
    return result.exit_code, result.stdout, result.stderr


def mcq_letter(project: Path) -> str:
    from quizgen.selftest.pool import Filters, select, show

    shown = show(select(project, Filters()).questions["signing-city"], 1)
    return "ABCD"[[r for _, r in shown.options].index(True)]


def all_right(project: Path) -> str:
    return "\n".join([ANSWERS["rojas-role"], mcq_letter(project), ANSWERS["copper-covered"], "Lisbon"]) + "\n"


def test_answers_file_and_json(project: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(all_right(project))
    code, out, err = selftest(
        project, tmp_path / "s.db", "--answers", str(answers), "--json", "--fail-under", "100"
    )
    assert code == 0, err
    data = json.loads(out)
    assert [a["id"] for a in data["answers"]] == [
        "rojas-role",
        "signing-city",
        "copper-covered",
        "signing-cloze",
    ]
    first = data["answers"][0]
    assert first == {"id": "rojas-role", "attempt": 1, "verdict": "correct", "expected": "Chilean Foreign Minister",
                     "given": "Chilean Foreign Minister", "rating": "Good",
                     "next_due": "2026-01-01T09:10:00+00:00"}  # fmt: skip
    assert data["score"] == 100.0 and data["finished"] is True
    assert "evidence:" in err and "session complete" in err  # the transcript goes to stderr with --json


def test_fail_under_and_stdin_answers(project: Path, tmp_path: Path) -> None:
    wrong = "B" if mcq_letter(project) == "A" else "A"
    answers = f"x\n{wrong}\nt\nx\n"
    code, out, _ = selftest(project, tmp_path / "s.db", "--answers", "-", "--fail-under", "50", input=answers)
    assert code == 1
    assert "score: 0/4 right at the first try (0%)" in out


def test_no_save_leaves_no_file(project: Path, tmp_path: Path) -> None:
    code, out, _ = selftest(project, tmp_path / "s.db", "--no-save", input=all_right(project))
    assert code == 0 and "session complete" in out
    assert not (tmp_path / "s.db").exists()


def test_stdin_running_out_saves_and_resumes(project: Path, tmp_path: Path) -> None:
    code, out, _ = selftest(project, tmp_path / "s.db", input="Chilean Foreign Minister\n")
    assert code == 0 and "session paused: progress saved" in out
    code, out, _ = selftest(project, tmp_path / "s.db", input="q\n")
    assert "resumed the review session" in out and "3 question(s) left" in out


def test_usage_and_state_errors(project: Path, tmp_path: Path) -> None:
    code, _, err = selftest(project, tmp_path / "s.db", "--topic", "nonsense")
    assert code == 2 and "unknown topic 'nonsense'" in err
    code, _, err = selftest(project, tmp_path / "s.db", "--deck", "nope")
    assert code == 2 and "no deck 'nope'" in err
    code, _, err = selftest(project, tmp_path / "s.db", "--source", "wire")
    assert code == 2 and "no approved question matches" in err
    bad = tmp_path / "bad.db"
    bad.write_text("not sqlite" * 200)
    code, _, err = selftest(project, bad)
    assert code == 4 and "cannot read the self-test state" in err and "--state PATH" in err
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    code, _, err = selftest(project, newer)
    assert code == 4 and "newer quizgen" in err


def test_stats_and_aliases(project: Path, tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    selftest(project, state, input="Foreign Minister of Chile\nr\nq\n")
    result = runner.invoke(app, ["selftest", "stats", "--root", str(project), "--state", str(state), "--json",
                                 "--now", "2026-01-01T09:30:00+00:00"])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["due"] == {"now": 1, "today": 1, "week": 1} and data["new"] == 3 and data["total"] == 4
    assert data["by_topic"] == [{"name": "role", "right": 1, "total": 1}]
    assert data["proposed_aliases"] == 1
    text = runner.invoke(app, ["selftest", "stats", "--root", str(project), "--state", str(state)]).stdout
    assert "accuracy by source:\n  Example Daily: 1/1 (100%)" in text
    result = runner.invoke(app, ["selftest", "aliases", "--state", str(state)])
    assert (
        "rojas-role: 'Foreign Minister of Chile' (the bank's answer: 'Chilean Foreign Minister')"
        in result.stdout
    )


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["selftest", "--help"])
    assert result.exit_code == 0
    for word in ("stats", "aliases", "--answers", "--fail-under", "--no-save", "--restart", "--mode"):
        assert word in result.stdout
