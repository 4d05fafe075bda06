"""The self-test in a real terminal (pexpect): answering, Ctrl-C and resume; and SIGKILL mid-session."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
from pathlib import Path

import pytest
from selftest_project import make_project

pexpect = pytest.importorskip("pexpect")

ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100", "TZ": "UTC"}
ENV.pop("FORCE_COLOR", None)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


def spawn(project: Path, state: Path, *args: str, env: dict[str, str] = ENV) -> pexpect.spawn:
    argv = ["-m", "quizgen", "selftest", "--root", str(project), "--state", str(state), "--seed", "1", *args]
    return pexpect.spawn(sys.executable, argv, encoding="utf-8", timeout=20, dimensions=(24, 100), env=env)


def test_answer_ctrl_c_then_resume(project: Path, tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    child = spawn(project, state)
    child.expect("What post does Pablo Rojas hold?")
    child.expect(r"\? for help\) > ")
    child.sendline("chilean foreign minister")
    child.expect("correct - the answer: Chilean Foreign Minister")
    child.expect("Where did Portugal and Chile sign")
    child.expect(r"\? for help\) > ")
    child.sendintr()
    child.expect("interrupted: progress saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    with sqlite3.connect(state) as conn:
        assert conn.execute("SELECT question_id, verdict FROM answers").fetchall() == [
            ("rojas-role", "correct")
        ]
    coloured = {k: v for k, v in ENV.items() if k != "NO_COLOR"}
    child = spawn(project, state, env=coloured)
    child.expect(r"resumed the review session from .*: 3 question\(s\) left")
    child.expect("\x1b\\[1mWhere did Portugal and Chile sign")  # bold on a terminal without NO_COLOR
    child.expect(r"\? for help\) > ")
    child.sendline("q")
    child.expect("session paused: progress saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_sigkill_mid_session_loses_no_answer(project: Path, tmp_path: Path) -> None:
    state = tmp_path / "s.db"
    child = spawn(project, state, "--mode", "practice")
    given = []
    for answer in ("t", "Santiago", "x"):  # valid for every type but the mcq, which takes its text too
        child.expect(r"\? for help\) > ")
        child.sendline(answer)
        index = child.expect([r"(correct|close|wrong) - the answer", "answer with"])
        if index == 0:
            given.append(answer)
    child.expect(r"\? for help\) > ")  # the next question is shown: the answers before it are committed
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    with sqlite3.connect(state) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = [
            r[0] for r in conn.execute("SELECT given FROM answers ORDER BY id")
        ]  # as graded: "t" -> "true"
        pending = conn.execute("SELECT queue FROM sessions").fetchone()[0]
    assert len(stored) == len(given) >= 2
    assert stored[-1] == given[-1]
    assert '"pending"' in pending
