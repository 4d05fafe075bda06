"""``quizgen review``: accepted drafts join the bank approved, surgically; rejected ones are remembered."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from draft_project import drafted_project
from typer.testing import CliRunner

from quizgen import api
from quizgen.cli import app
from quizgen.core.errors import QuizgenError
from quizgen.core.model import ReviewStatus
from quizgen.review import drafts as reviewing

ARTICLE = "000_61357396dd02fba6"
MET = "kim-kwan-met-michael-flynn"
GAO = "victor-gao-said-it-s-natural-and"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return drafted_project(tmp_path, ARTICLE)


def _run(root: Path, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["review", *args, "--root", str(root)], input=stdin)
    return result.exit_code, result.output


def test_accept_and_reject_for_scripts(root: Path) -> None:
    drafts = root / "question_bank" / "drafts" / f"{ARTICLE}.yaml"
    before = drafts.read_text("utf-8")
    code, out = _run(root, "--accept", MET, "--reject", GAO, "--by", "Ana Lee", "--on", "2026-11-22")
    assert code == 0, out
    bank_file = root / "question_bank" / "cnn.yaml"  # the file that keeps this article's items
    result = api.check(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
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
    cnn = (root / "question_bank" / "cnn.yaml").read_text("utf-8")
    text = drafts.read_text("utf-8").replace("answer: Michael Flynn", "answer: Somebody Else")
    text = text.replace("aliases: [Adviser Michael Flynn]", "aliases: [Else]")
    drafts.write_text(text, "utf-8")
    code, out = _run(root, "--accept", MET, "--by", "Ana")
    assert code == 1
    assert "QG301" in out
    assert drafts.read_text("utf-8") == text
    assert not (root / "question_bank" / f"{ARTICLE}.yaml").exists()
    assert (root / "question_bank" / "cnn.yaml").read_text("utf-8") == cnn


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
    assert [d for d in bank.diagnostics if d.severity.value != "note"] == []
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
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


def test_accept_goes_to_the_bank_file_that_keeps_the_article(root: Path) -> None:
    bank = root / "question_bank"
    before = {p.name: p.read_bytes() for p in bank.glob("*.yaml")}
    code, out = _run(root, "--accept", MET, "--by", "Ana", "--on", "2026-11-22")
    assert code == 0, out
    assert (
        f"accepted {MET} into {bank / 'cnn.yaml'}" in out
    )  # 7 items cite the article there, 1 in thaad.yaml
    assert not (bank / f"{ARTICLE}.yaml").exists()
    after = (bank / "cnn.yaml").read_bytes()
    assert after.startswith(before["cnn.yaml"])  # every byte of the file as it was, the item after it
    added = after[len(before["cnn.yaml"]) :].decode("utf-8")
    assert after.endswith(b"\n") and f"\n\n- id: {MET}\n".encode() in after  # a blank line between items
    assert added.lstrip("\n").startswith(f"- id: {MET}\n")  # a blank line first unless the file ended in one
    assert "  tags: [cnn, met]\n" in added and "  review: {status: approved, by: Ana, on: 2026-11-22" in added
    assert {p.name: p.read_bytes() for p in bank.glob("*.yaml") if p.name != "cnn.yaml"} == {
        k: v for k, v in before.items() if k != "cnn.yaml"
    }
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


def test_accept_ties_and_a_new_article(root: Path) -> None:
    bank = root / "question_bank"
    # Without cnn.yaml (and across.yaml, whose items cite it with other articles) the article's items are in
    # thaad.yaml alone.
    (bank / "cnn.yaml").unlink()
    (bank / "across.yaml").unlink()
    draft = next(d for d in reviewing.pending(root) if d.id == MET)
    assert reviewing.default_bank_file(root, draft) == bank / "thaad.yaml"
    # A tie goes to the first file in path order.
    (bank / "aa.yaml").write_text((bank / "thaad.yaml").read_text("utf-8"), "utf-8")
    (bank / "thaad.yaml").unlink()
    (bank / "zz.yaml").write_text((bank / "aa.yaml").read_text("utf-8").replace("- id: ", "- id: z"), "utf-8")
    assert reviewing.default_bank_file(root, draft) == bank / "aa.yaml"
    # No bank file cites the article: a new file named after it.
    for path in (bank / "aa.yaml", bank / "zz.yaml"):
        path.write_text(path.read_text("utf-8").replace(ARTICLE, "001_3ca21963ba7ad2b9"), "utf-8")
    assert reviewing.default_bank_file(root, draft) == bank / f"{ARTICLE}.yaml"


def test_accept_follows_the_target_files_style(root: Path) -> None:
    # A hand-kept file: CRLF line endings, items indented, block lists and a block review, no final newline.
    target = root / "question_bank" / "zz-hand.yaml"
    text = (
        "# kept by hand\r\n"
        "  - id: hand-kept\r\n"
        "    type: short\r\n"
        "    topic: what\r\n"
        "    prompt: Which missile defense system did the US and South Korea decide to deploy?\r\n"
        "    answer: THAAD\r\n"
        "    evidence:\r\n"
        "      - source: 000_61357396dd02fba6\r\n"
        "        quote: the US-South Korean decision to deploy the THAAD missile defense system\r\n"
        "    tags:\r\n"
        "      - cnn\r\n"
        "    review:\r\n"
        "      status: draft"
    )
    target.write_bytes(text.encode("utf-8"))
    code, out = _run(root, "--accept", MET, "--by", "Ana", "--on", "2026-11-22", "--into", str(target))
    assert code == 0, out
    after = target.read_bytes().decode("utf-8")
    assert after.startswith(text + "\r\n\r\n  - id: " + MET + "\r\n")
    added = after[len(text) :]
    assert "\n" not in added.replace("\r\n", "")  # CRLF throughout
    assert "    tags:\r\n      - cnn\r\n      - met\r\n" in added
    assert "    review:\r\n      status: approved\r\n      by: Ana\r\n" in added
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


def test_an_item_edited_in_another_style_is_accepted_in_the_banks(root: Path) -> None:
    draft = next(d for d in reviewing.pending(root) if d.id == GAO)
    edited = yaml.safe_dump([draft.data], sort_keys=False, default_flow_style=False, width=60)
    edited = re.sub(r"confidence: (\S+)", r"confidence: \g<1>0", edited)  # 0.9 -> 0.90: kept as written
    reviewing.replace(draft, edited)
    code, out = _run(root, "--accept", GAO, "--by", "Ana")
    assert code == 0, out
    added = (root / "question_bank" / "cnn.yaml").read_text("utf-8").split(f"- id: {GAO}\n")[1]
    assert "  distractors: [" in added and "  tags: [cnn, who-said]\n" in added
    assert "  review: {status: approved" in added
    assert re.search(r"\n  confidence: 0\.\d+0\n", added)
    item = next(q for q in api.check(root).project.bank.questions if q.id == GAO)
    assert item.distractors == tuple(draft.data["distractors"])  # type: ignore[arg-type]


def test_ctrl_c_during_an_accept_waits_for_the_whole_decision(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal

    import quizgen.review.approve

    real = quizgen.review.approve.vouch

    def vouch_then_ctrl_c(*args: object, **kwargs: object) -> object:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the middle of the accept, before anything is written
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(quizgen.review.approve, "vouch", vouch_then_ctrl_c)
    first = reviewing.pending(root)[0].id
    with pytest.raises(reviewing.ReviewInterrupted) as stop:
        reviewing.interactive(
            root, by="Ana", ask=lambda q: "a", say=lambda text: None, edit=lambda text: text
        )
    assert stop.value.counts == {"accepted": 1, "rejected": 0, "skipped": 0}
    item = next(q for q in api.check(root).project.bank.questions if q.id == first)
    assert item.review.status is ReviewStatus.APPROVED  # approved, and no longer waiting as a draft
    assert first not in [d.id for d in reviewing.pending(root)]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_edit_that_cannot_be_kept_is_reopened_not_lost(root: Path) -> None:
    answers = iter(["e", "e", "s", "q"])
    seen: list[str] = []

    def edit(text: str) -> str:
        seen.append(text)
        if len(seen) == 1:
            return text.replace("  evidence:", "  explanation: My careful note.\n  evidence: [unclosed", 1)
        return text.replace("  evidence: [unclosed", "  evidence:", 1)

    said: list[str] = []
    reviewing.interactive(root, by="Ana", ask=lambda q: next(answers), say=said.append, edit=edit)
    assert "edit not kept" in "".join(said)
    assert "My careful note." in seen[1]  # the second edit starts from the first, not from the draft
    first = reviewing.pending(root)[0]
    assert first.data["explanation"] == "My careful note."


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ("  explanation: !!int nope\n", "holds a value its tag cannot make: invalid literal for int()"),
        ("  explanation: " + "[" * 5000 + "]" * 5000 + "\n", "YAML nested too deeply"),
        ("  explanation: &a [x]\n  notes: *a\n", "alias *a reuses a value through a YAML anchor"),
    ],
    ids=["unmade-tag", "deep", "alias"],
)
def test_an_edit_the_loader_would_refuse_is_not_kept(root: Path, change: str, why: str) -> None:
    """Found by fuzzing the editor's text: the first two stopped the review with an internal error (the edit
    lost); the alias was written, and the drafts file then stopped every later review."""
    before = {p: p.read_bytes() for p in (root / "question_bank" / "drafts").glob("*.yaml")}
    answers = iter(["e", "q"])
    said: list[str] = []
    reviewing.interactive(
        root, by="Ana", ask=lambda q: next(answers), say=said.append,
        edit=lambda text: text.replace("  evidence:", change + "  evidence:", 1),
    )  # fmt: skip
    assert "edit not kept: the edited draft " in "".join(said) and why in "".join(said)
    assert {p: p.read_bytes() for p in before} == before
    assert reviewing.pending(root)  # the drafts file still reads


@pytest.mark.parametrize("stop_at", ["approve", "cut"])
def test_an_accept_cut_short_by_a_crash_is_finished_by_the_next(root: Path, stop_at: str) -> None:
    # What an accept of an older quizgen (three writes: bank file, approval, drafts file) left when the
    # machine went down between two of them: the item in the bank, unapproved or approved, and still waiting.
    from quizgen.review.approve import approve

    draft = next(d for d in reviewing.pending(root) if d.id == MET)
    bank = root / "question_bank" / "cnn.yaml"
    style = reviewing.file_style(bank.read_text("utf-8"), "cnn.yaml")
    bank.write_text(bank.read_text("utf-8") + "\n" + reviewing._as_bank_item(draft, style), "utf-8")
    if stop_at == "cut":
        approve(root, [MET], by="Ana")
    assert MET in [d.id for d in reviewing.pending(root)]  # still waiting, and already in the bank
    assert MET in api.check(root).project.bank.ids
    assert _run(root, "--accept", MET, "--by", "Ana")[0] == 0
    assert MET not in [d.id for d in reviewing.pending(root)]
    result = api.check(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    item = next(q for q in result.project.bank.questions if q.id == MET)
    assert item.review.status is ReviewStatus.APPROVED
    # A different item under a bank id is still refused.
    drafts = root / "question_bank" / "drafts" / f"{ARTICLE}.yaml"
    drafts.write_text(drafts.read_text("utf-8").replace(f"- id: {GAO}", f"- id: {MET}"), "utf-8")
    code, out = _run(root, "--accept", MET, "--by", "Ana")
    assert code == 1 and "already a bank id" in out
