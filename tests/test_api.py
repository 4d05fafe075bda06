"""The library entry points (quizgen/api.py) the CLI calls, one per command."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from draft_project import drafted_project

from quizgen import api
from quizgen.checks.example import write
from quizgen.cli.build import Target
from quizgen.core.errors import QuizgenError, UsageError
from quizgen.review import drafts as reviewing
from quizgen.review.session import edit_in_editor


def test_the_cli_offers_every_build_target() -> None:
    """A writer added to load.decks.OUTPUTS is offered by `quizgen build` (the enum keeps --help light)."""
    assert tuple(t.value for t in Target) == api.build_targets()
    assert api.build_targets()[0] == api.ALL


def test_build_refuses_an_unknown_target_before_doing_anything(tmp_path: Path) -> None:
    write(tmp_path, {})
    with pytest.raises(UsageError, match=r"no build target 'gift'; expected one of all, anki"):
        api.build(tmp_path, targets=["anki", "gift"])


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
    assert [qid for qid, _ in outcome.accepted] == [first] and outcome.rejected == (second,)
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
