"""``quizgen review``: accepted drafts join the bank approved, surgically; rejected ones are remembered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from draft_project import copy_project
from typer.testing import CliRunner

from quizgen import api
from quizgen.cli import app
from quizgen.draft import reviewing
from quizgen.errors import QuizgenError
from quizgen.model import ReviewStatus

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "000_61357396dd02fba6"
MET = "draft-kim-kwan-met-michael-flynn"
GAO = "draft-victor-gao-said-it-s-natural-and"


DRAFTED_TOPICS = frozenset({"who-said", "met", "where", "role", "when"})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    # Without the bank's items on the drafted topics, which already ask what these drafts would.
    root = copy_project(tmp_path, drop_topics=DRAFTED_TOPICS)
    result = CliRunner().invoke(app, ["draft", ARTICLE, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _run(root: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["review", *args, "--root", str(root)], input=stdin)
    return result.exit_code, result.output


def test_accept_and_reject_for_scripts(root: Path) -> None:
    drafts = root / "question_bank" / "drafts" / f"{ARTICLE}.yaml"
    before = drafts.read_text("utf-8")
    code, out = _run(root, "--accept", MET, "--reject", GAO, "--by", "Ana Lee", "--on", "2026-11-22")
    assert code == 0, out
    bank_file = root / "question_bank" / f"{ARTICLE}.yaml"
    result = api.check(root)
    assert result.diagnostics == []
    item = next(q for q in result.project.bank.questions if q.id == MET)
    assert item.review.status is ReviewStatus.APPROVED
    assert (item.review.by, item.review.on) == ("Ana Lee", dt.date(2026, 11, 22))
    # The item moved as written: the drafts file lost exactly its text, the bank file gained it.
    chunk = before[before.index(f"- id: {MET}") :].split("\n\n- id:")[0]
    assert chunk.split("  review:")[0] in bank_file.read_text("utf-8")
    after = drafts.read_text("utf-8")
    assert MET not in after and GAO not in after
    assert (
        "rejected by Ana Lee on 2026-11-22"
        in (root / "question_bank" / "drafts" / "rejected.txt").read_text()
    )
    # Drafting again proposes neither the accepted nor the rejected item.
    result2 = CliRunner().invoke(app, ["draft", ARTICLE, "--root", str(root)])
    assert result2.output.startswith("0 new drafts")


def test_a_failing_draft_is_not_accepted_and_nothing_changes(root: Path) -> None:
    drafts = root / "question_bank" / "drafts" / f"{ARTICLE}.yaml"
    text = drafts.read_text("utf-8").replace("answer: Michael Flynn", "answer: Somebody Else")
    drafts.write_text(text, "utf-8")
    code, out = _run(root, "--accept", MET, "--by", "Ana")
    assert code == 1
    assert "QG301" in out
    assert drafts.read_text("utf-8") == text
    assert not (root / "question_bank" / f"{ARTICLE}.yaml").exists()


def test_unknown_draft_and_missing_reviewer(root: Path) -> None:
    assert _run(root, "--accept", "nope", "--by", "Ana")[0] == 1
    code, out = _run(root, "--accept", MET)
    assert code == 1 and "--by" in out


def test_interactive_session(root: Path) -> None:
    said: list[str] = []
    answers = iter(["x", "e", "a", "r", "s", "q"])

    def edit(text: str) -> str:
        return text.replace("  evidence:", "  explanation: Edited by the reviewer.\n  evidence:", 1)

    queue = [d.id for d in reviewing.pending(root)]
    counts = reviewing.interactive(
        root, by="Ana", on=dt.date(2026, 11, 22), ask=lambda q: next(answers), say=said.append, edit=edit
    )
    assert counts == {"accepted": 1, "rejected": 1, "skipped": 1}
    text = "".join(said)
    assert "answer a, e, r, s or q" in text
    assert ">>" in text and "<<" in text  # the evidence shown in its context
    first = queue[0]
    bank = api.check(root)
    assert bank.diagnostics == []
    accepted = next(q for q in bank.project.bank.questions if q.id == first)
    assert accepted.explanation == "Edited by the reviewer."
    assert queue[1] in (root / "question_bank" / "drafts" / "rejected.txt").read_text("utf-8")
    assert [d.id for d in reviewing.pending(root)] == queue[2:]


def test_an_edit_must_stay_one_item(root: Path) -> None:
    draft = reviewing.pending(root)[0]
    with pytest.raises(QuizgenError):
        reviewing.replace(draft, "- id: a\n- id: b\n")
    with pytest.raises(QuizgenError):
        reviewing.replace(draft, "- id: [unclosed\n")


def test_interactive_cli_stops_at_end_of_input(root: Path) -> None:
    code, out = _run(root, "--by", "Ana", stdin="s\n")
    assert code == 0, out
    assert "1 skipped" in out


def test_a_broken_drafts_file_is_reported_not_a_traceback(root: Path) -> None:
    drafts = root / "question_bank" / "drafts" / f"{ARTICLE}.yaml"
    drafts.write_text("- id: x\n  prompt: [unclosed\n", "utf-8")
    code, out = _run(root, "--reject", "x")
    assert code == 1
    assert "cannot read the drafts file" in out
    assert f"{ARTICLE}.yaml:" in out  # the diagnostic names the file and position


def test_accept_into_a_chosen_bank_file_keeps_its_style(root: Path) -> None:
    target = root / "question_bank" / "cnn.yaml"
    before = target.read_text("utf-8")
    code, out = _run(root, "--accept", MET, "--by", "Ana", "--into", str(target))
    assert code == 0, out
    after = target.read_text("utf-8")
    assert after.startswith(before.rstrip("\n"))  # the existing items are untouched, byte for byte
    assert api.check(root).diagnostics == []
