"""``quizgen review --accept`` killed (SIGKILL) at random moments: the item is in exactly one place, the bank or
its drafts file, and nothing else is lost or changed (issue 17, defect 9)."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from draft_project import drafted_project

from quizgen import api
from quizgen.core.fileio import PENDING
from quizgen.core.model import ReviewStatus
from quizgen.review import drafts as reviewing

ARTICLE = "000_61357396dd02fba6"
KILLS = 20


def _ids(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else None
    return [str(item["id"]) for item in data or [] if isinstance(item, dict)]


def _where(root: Path) -> tuple[list[str], list[str]]:
    """Every id in the bank files, and every id waiting in the drafts files (repeats kept)."""
    bank = [i for p in sorted((root / "question_bank").glob("*.yaml")) for i in _ids(p)]
    drafts = [i for p in sorted((root / "question_bank" / "drafts").glob("*.yaml")) for i in _ids(p)]
    return bank, drafts


def _accept(root: Path, qid: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-c",
        "from quizgen.cli import main; main()",
        "review",
        "--accept",
        qid,
        "--by",
        "Ana",
        "--root",
        str(root),
    ]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_an_accept_killed_at_any_moment_leaves_the_item_in_exactly_one_place(tmp_path: Path) -> None:
    template = drafted_project(tmp_path / "template", ARTICLE)
    waiting = [d.id for d in reviewing.pending(template)]
    bank_before, drafts_before = _where(template)
    assert len(waiting) >= 2 and not set(waiting) & set(bank_before)
    files_before = {p: p.read_bytes() for p in (template / "question_bank").glob("*.yaml")}

    # How long a whole accept takes here, to kill it anywhere from its start to its last write.
    timed = tmp_path / "timed"
    shutil.copytree(template, timed)
    start = time.perf_counter()
    assert _accept(timed, waiting[0]).wait(timeout=120) == 0
    whole = time.perf_counter() - start

    rng = random.Random(14)
    outcomes = {"moved": 0, "waiting": 0}
    for n in range(KILLS):
        root = tmp_path / f"kill-{n}"
        shutil.copytree(template, root)
        qid = waiting[n % len(waiting)]
        # Half the kills in the last stretch, where the files are written; the rest anywhere.
        moment = rng.uniform(0.6 * whole, 1.1 * whole) if n % 2 else rng.uniform(0, whole)
        process = _accept(root, qid)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=120)

        # What the next command does first (review, draft and build all do it): finish or drop the set.
        reviewing._recover(root)
        assert not (root / PENDING).exists()
        bank, drafts = _where(root)
        in_bank = [i for i in bank if i not in bank_before]
        assert len(in_bank) + drafts.count(qid) == 1, (n, moment, in_bank, drafts.count(qid))
        # Nothing else moved, nothing was lost or doubled.
        assert sorted(drafts + in_bank) == sorted(drafts_before), n
        assert sorted(i for i in bank if i in bank_before) == sorted(bank_before), n
        leftovers = [p.name for folder in (root, root / "question_bank", root / "question_bank" / "drafts")
                     for p in folder.glob(".*.tmp")]  # fmt: skip
        assert leftovers == [], n
        if in_bank:
            outcomes["moved"] += 1
            result = api.check(root)
            item = next(q for q in result.project.bank.questions if q.id == in_bank[0])
            assert item.review.status is ReviewStatus.APPROVED
            assert [d for d in result.diagnostics if d.severity.value == "error"] == []
        else:
            outcomes["waiting"] += 1
            retried = outcomes["waiting"] == 1
            # Untouched: every bank file as it was.
            assert {p.name: p.read_bytes() for p in (root / "question_bank").glob("*.yaml")} == {
                p.name: data for p, data in files_before.items()
            }
            if retried:  # and it can still be accepted (once: each run costs a second)
                assert _accept(root, qid).wait(timeout=120) == 0
                assert qid not in _where(root)[1]
    assert sum(outcomes.values()) == KILLS
    print(outcomes)  # which side of the write the kills fell (shown with -s)
