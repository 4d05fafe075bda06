"""The library entry points (quizgen/api.py) the CLI calls, one per command."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
import sys
from pathlib import Path

import pytest
from draft_project import drafted_project
from selftest_project import make_project

from quizgen import api
from quizgen.checks.example import write
from quizgen.cli.build import Target
from quizgen.core import exitcodes
from quizgen.core.errors import QuizgenError, UsageError
from quizgen.review import drafts as reviewing
from quizgen.review.session import edit_in_editor
from quizgen.selftest.terminal import LineTerminal


def test_the_cli_offers_every_build_target() -> None:
    """A writer added to load.decks.OUTPUTS is offered by `quizgen build` (the enum keeps --help light)."""
    assert tuple(t.value for t in Target) == api.build_targets()
    assert api.build_targets()[0] == api.ALL


def test_build_refuses_an_unknown_target_before_doing_anything(tmp_path: Path) -> None:
    write(tmp_path, {})
    with pytest.raises(UsageError, match=r"no build target 'scorm'; expected one of all, anki"):
        api.build(tmp_path, targets=["anki", "scorm"])


def test_rules() -> None:
    every = api.rules()
    assert [r.code for r in every] == sorted(r.code for r in every)
    assert api.rules("qg201") == [r for r in every if r.code == "QG201"]
    with pytest.raises(UsageError, match="no rule 'QG000'"):
        api.rules("QG000")


class FakeTerminal:
    """Answers from a list; what was said and warned, kept."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = iter(answers)
        self.said: list[str] = []
        self.warned: list[str] = []

    def ask(self, question: str) -> str:
        return next(self.answers, "q")

    def say(self, text: str) -> None:
        self.said.append(text)

    def warn(self, text: str) -> None:
        self.warned.append(text)


ARTICLE = "000_61357396dd02fba6"


def test_review_by_ids_asks_nothing_and_says_what_it_did(tmp_path: Path) -> None:
    root = drafted_project(tmp_path, ARTICLE)
    first, second = [d.id for d in reviewing.pending(root)][:2]
    terminal = FakeTerminal([])
    outcome = api.review(
        root, accept=[first], reject=[second], by="Ana", on=dt.date(2026, 1, 2), terminal=terminal
    )
    assert [a.draft for a in outcome.accepted] == [first] and outcome.rejected == (second,)
    assert outcome.counts == {} and not outcome.interrupted and terminal.said == []
    with pytest.raises(QuizgenError, match="--by must name the reviewer of accepted drafts"):
        api.review(root, accept=["x"], by=" ")


def test_review_on_a_terminal_counts_decisions_and_reports_ctrl_c(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = drafted_project(tmp_path, ARTICLE)
    with pytest.raises(QuizgenError, match="--by must name the reviewer"):
        api.review(root, by="", terminal=FakeTerminal([]))
    outcome = api.review(root, by="Ana", terminal=FakeTerminal(["r", "s", "q"]))
    assert outcome.counts == {"accepted": 0, "rejected": 1, "skipped": 1} and not outcome.interrupted

    def ctrl_c(question: str) -> str:
        raise KeyboardInterrupt

    terminal = FakeTerminal([])
    monkeypatch.setattr(terminal, "ask", ctrl_c)
    stopped = api.review(root, by="Ana", terminal=terminal)
    assert stopped.interrupted and stopped.counts == {"accepted": 0, "rejected": 0, "skipped": 0}


def test_a_failing_editor_keeps_the_text_and_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    monkeypatch.setenv("VISUAL", f"{sys.executable} -c 'import sys; sys.exit(3)'")
    assert edit_in_editor("- id: a\n", warn=warned.append) == "- id: a\n"
    assert warned == ["quizgen: the editor exited with 3; edit not kept"]
    monkeypatch.setenv(
        "VISUAL", f'{sys.executable} -c \'import sys; open(sys.argv[1], "w").write("- id: b\\n")\''
    )
    assert edit_in_editor("- id: a\n", warn=warned.append) == "- id: b\n"
    monkeypatch.setenv("VISUAL", "/nonexistent/editor")
    assert edit_in_editor("- id: a\n", warn=warned.append) == "- id: a\n"
    assert warned[-1].startswith("quizgen: cannot run the editor '/nonexistent/editor'")


NOW = dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)


def test_selftest_session_stats_and_aliases_as_values(tmp_path: Path) -> None:
    """A scripted session built by the library: its outcome, JSON, --fail-under, stats and aliases."""
    project = make_project(tmp_path / "project")
    state = tmp_path / "s.db"
    script = tmp_path / "answers.txt"
    script.write_text("Chilean Ambassador\nr\n", "utf-8")  # wrong, then "I was right"
    out = io.StringIO()
    result = api.selftest(project, state=state, tags=["rojas"], seed=1, answers=str(script), out=out, now=NOW)
    assert result.outcome is not None and not result.interrupted and result.saved
    assert result.to_json()["asked"] == 1 and "evidence:" in out.getvalue()
    assert result.outcome.score is not None
    assert result.below(result.outcome.score + 1) and not result.below(result.outcome.score)
    assert not result.below(None)
    stats = api.selftest_stats(project, state=state, now=NOW)
    assert stats.total == 4 and stats.new == 3
    (alias,) = api.selftest_aliases(state=state)
    assert alias.to_json() == {"id": "rojas-role", "alias": "Chilean Ambassador",
                               "expected": "Chilean Foreign Minister", "proposed_at": NOW.isoformat()}  # fmt: skip


def test_selftest_refusals_carry_their_exit_codes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    with pytest.raises(UsageError, match="no deck 'nope'"):
        api.selftest(project, state=tmp_path / "s.db", deck="nope")
    with pytest.raises(UsageError, match="cannot read answers from"):
        api.selftest(project, state=tmp_path / "s.db", answers=str(tmp_path / "none.txt"))
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not sqlite" * 100)
    with pytest.raises(QuizgenError, match="cannot read the self-test state") as refused:
        api.selftest_aliases(state=garbage)
    assert refused.value.exit_code == exitcodes.STATE


def test_selftest_ctrl_c_is_an_outcome_with_the_answers_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    state = tmp_path / "s.db"
    answers = iter(["s"])

    def ask(self: object, prompt: str) -> str:
        line = next(answers, None)
        if line is None:
            raise KeyboardInterrupt
        return line

    monkeypatch.setattr(LineTerminal, "ask", ask)
    result = api.selftest(project, state=state, seed=1, out=io.StringIO(), now=NOW)
    assert result.interrupted and result.to_json() == {"interrupted": True} and not result.below(100)
    with sqlite3.connect(state) as conn:  # the store was closed and the skip saved
        assert conn.execute("SELECT count(*) FROM answers").fetchone() == (1,)
