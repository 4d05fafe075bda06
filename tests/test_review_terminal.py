"""``quizgen review`` in a real terminal (pexpect): accept, edit in $EDITOR, reject, skip, quit, and Ctrl-C at
the prompt or in the editor, losing no decision already taken."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from draft_project import drafted_project

from quizgen import api
from quizgen.core.model import ReviewStatus
from quizgen.review import drafts as reviewing

pexpect = pytest.importorskip("pexpect")

ARTICLE = "000_61357396dd02fba6"
PROMPT = r"\[a\]ccept, \[e\]dit, \[r\]eject, \[s\]kip, \[q\]uit\? "

# The editor: says it runs, ignores Ctrl-C as vi does, waits for a line on the terminal, then adds an
# explanation to the item.
EDITOR = """\
import signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
print("EDITOR RUNNING", flush=True)
sys.stdin.readline()
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
text = text.replace("  evidence:", "  explanation: Edited in the editor.\\n  evidence:", 1)
open(path, "w", encoding="utf-8").write(text)
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return drafted_project(tmp_path, ARTICLE)


def spawn(root: Path, tmp_path: Path) -> pexpect.spawn:
    editor = tmp_path / "editor.py"
    editor.write_text(EDITOR, "utf-8")
    env = {**os.environ, "NO_COLOR": "1", "EDITOR": f"{sys.executable} {editor}", "TZ": "UTC"}
    env.pop("VISUAL", None)
    argv = ["-m", "quizgen", "review", "--by", "Ana Lee", "--on", "2026-11-22", "--root", str(root)]
    return pexpect.spawn(sys.executable, argv, encoding="utf-8", timeout=20, dimensions=(24, 100), env=env)


def test_accept_edit_reject_skip_then_ctrl_c(root: Path, tmp_path: Path) -> None:
    queue = [d.id for d in reviewing.pending(root)]
    child = spawn(root, tmp_path)
    child.expect(f"{len(queue)} drafts waiting")
    child.expect(PROMPT)
    child.sendline("e")
    child.expect("EDITOR RUNNING")
    child.sendintr()  # Ctrl-C inside the editor belongs to the editor, not to the review
    child.sendline("")
    child.expect(rf"\[{queue[0]}\]")  # shown again, edited
    child.expect(PROMPT)
    child.sendline("a")
    child.expect("accepted into question_bank/cnn.yaml")  # where the article's items are kept
    child.expect(rf"\[{queue[1]}\]")
    child.expect(PROMPT)
    child.sendline("r")
    child.expect("rejected: not proposed again")
    child.expect(rf"\[{queue[2]}\]")
    child.expect(PROMPT)
    child.sendline("s")
    child.expect(rf"\[{queue[3]}\]")
    child.expect(PROMPT)
    child.sendintr()
    child.expect(r"interrupted: 1 accepted, 1 rejected, 1 skipped; every decision taken is saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    result = api.check(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    accepted = next(q for q in result.project.bank.questions if q.id == queue[0])
    assert accepted.review.status is ReviewStatus.APPROVED and accepted.review.by == "Ana Lee"
    assert accepted.explanation == "Edited in the editor."
    rejected = (root / "question_bank" / "drafts" / "rejected.txt").read_text("utf-8")
    assert rejected.startswith(f"{queue[1]}  # rejected by Ana Lee on 2026-11-22")
    assert [d.id for d in reviewing.pending(root)] == queue[2:]


def test_quit_leaves_the_rest_waiting(root: Path, tmp_path: Path) -> None:
    queue = [d.id for d in reviewing.pending(root)]
    child = spawn(root, tmp_path)
    child.expect(PROMPT)
    child.sendline("a")
    child.expect(PROMPT)
    child.sendline("q")
    child.expect("1 accepted, 0 rejected, 0 skipped")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [d.id for d in reviewing.pending(root)] == queue[1:]
    assert queue[0] in api.check(root).project.bank.ids
