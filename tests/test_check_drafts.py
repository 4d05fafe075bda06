"""``quizgen check --drafts``: the drafts waiting in ``question_bank/drafts/`` are checked like bank items."""

from __future__ import annotations

from pathlib import Path

from draft_project import copy_project
from typer.testing import CliRunner

from quizgen import api
from quizgen.cli import app

ARTICLE = "000_61357396dd02fba6"


def _drafted(tmp_path: Path) -> Path:
    root = copy_project(tmp_path)
    result = CliRunner().invoke(app, ["draft", ARTICLE, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _check(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["check", "--root", str(root), *args])
    return result.exit_code, result.output


def test_drafts_are_checked_only_when_asked(tmp_path: Path) -> None:
    root = _drafted(tmp_path)
    drafts = root / "question_bank" / "drafts" / f"{ARTICLE}.yaml"
    assert [
        d for d in api.check(root, include_drafts=True).diagnostics if d.severity.value != "note"
    ] == []  # fresh drafts pass, unapproved as they are
    text = drafts.read_text("utf-8")
    line = text.splitlines().index("  answer: Friday") + 1
    drafts.write_text(text.replace("  answer: Friday", "  answer: Saturday", 1), "utf-8")
    code, out = _check(root)
    assert code == 0 and ": error:" not in out  # the default check is the bank's alone
    code, out = _check(root, "--drafts")
    assert code == 1
    assert f"question_bank/drafts/{ARTICLE}.yaml:{line}:11: error: the answer is not in the evidence" in out
    found = api.check(root, include_drafts=True)
    problems = [
        d for d in found.diagnostics if d.severity.value != "note"
    ]  # relations among bank items are notes
    assert {d.location.path for d in problems} == {f"question_bank/drafts/{ARTICLE}.yaml"}
    assert len(found.project.bank.ids) > len(api.check(root).project.bank.ids)


def test_a_draft_reusing_a_bank_id_and_a_broken_drafts_file(tmp_path: Path) -> None:
    root = _drafted(tmp_path)
    folder = root / "question_bank" / "drafts"
    text = (folder / f"{ARTICLE}.yaml").read_text("utf-8")
    first_id = text.split("- id: ", 1)[1].split("\n", 1)[0]
    (folder / f"{ARTICLE}.yaml").write_text(text.replace(first_id, "lu-kang-threatened-security", 1), "utf-8")
    (folder / "zz.yaml").write_text("- id: x\n  prompt: [unclosed\n", "utf-8")
    (folder / "rejected.txt").write_text("some-id\n", "utf-8")  # not a drafts file
    code, out = _check(root, "--drafts")
    assert code == 1
    assert (
        f"question_bank/drafts/{ARTICLE}.yaml:3:7: error: duplicate id 'lu-kang-threatened-security'" in out
    )
    assert "question_bank/drafts/zz.yaml:3:1: error: YAML syntax error" in out
    assert _check(root)[0] == 0
