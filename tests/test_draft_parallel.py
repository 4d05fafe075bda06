"""quizgen.draft.parallel: a job in a forked worker gives what it gives here, failures fall back to this
process, and no worker outlives its call (no zombies, Ctrl-C included)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from processes import no_children_left

from quizgen.draft import drafts, parallel
from quizgen.load.project import load_base

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here")


def test_split_returns_both_results_and_reaps_the_worker() -> None:
    assert parallel.split(lambda: [1, {"a": (1, 2)}], lambda: 3) == ([1, {"a": (1, 2)}], 3)
    worker_pid, _ = parallel.split(os.getpid, lambda: None)
    assert worker_pid != os.getpid()  # it did run in another process
    assert no_children_left()


def test_a_failing_worker_job_is_run_here_and_raises_here() -> None:
    calls: list[int] = []

    def job() -> int:
        calls.append(os.getpid())  # recorded here only: the worker's list is its own copy
        raise ValueError("bad article")

    with pytest.raises(ValueError, match="bad article"):
        parallel.split(job, lambda: 1)
    assert calls == [os.getpid()]
    assert no_children_left()


def test_no_process_to_spare_runs_both_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    assert parallel.split(os.getpid, lambda: 2) == (os.getpid(), 2)


def test_a_failure_here_stops_and_reaps_the_worker() -> None:
    def slow() -> None:
        time.sleep(60)

    def fail() -> None:
        raise KeyboardInterrupt

    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        parallel.split(slow, fail)
    assert time.monotonic() - start < 30
    assert no_children_left()


def test_small_texts_stay_serial_once_the_patterns_are_compiled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(parallel, "_ran_once", False)
    assert parallel.worth_splitting(100)  # a first run: the worker halves the compiling
    monkeypatch.setattr(parallel, "_ran_once", True)
    assert not parallel.worth_splitting(parallel.MIN_CHARS - 1)
    assert parallel.worth_splitting(parallel.MIN_CHARS)
    monkeypatch.setattr(parallel, "cpus", lambda: 1)
    assert not parallel.worth_splitting(10 * parallel.MIN_CHARS)


def test_found_in_a_worker_equals_found_here(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = list(load_base(REPO).sources.articles.values())
    monkeypatch.setattr(parallel, "worth_splitting", lambda size: True)
    split = drafts._Found.all(articles)
    monkeypatch.setattr(parallel, "worth_splitting", lambda size: False)
    serial = drafts._Found.all(articles)
    assert split == serial
    assert sum(len(f.quotations) + len(f.meetings) for f in split) > 10
    assert no_children_left()


_INTERRUPTED = """
import os, sys, time
from quizgen.draft import parallel

def worker():
    with open(sys.argv[1], "w") as f:
        f.write(str(os.getpid()))
    time.sleep(60)

def here():
    print("ready", flush=True)
    time.sleep(60)

try:
    parallel.split(worker, here)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    sys.exit(130)
"""


def test_ctrl_c_stops_both_processes(tmp_path: Path) -> None:
    pid_file = tmp_path / "worker.pid"
    proc = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED, str(pid_file)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C reaches it
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text("utf-8").strip()):
        assert time.monotonic() < deadline
        time.sleep(0.02)
    worker = int(pid_file.read_text("utf-8"))
    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in out
    with pytest.raises(ProcessLookupError):  # reaped by the parent: not even a zombie is left
        os.kill(worker, 0)


def test_an_early_worker_prepares_then_runs_the_value_sent_later(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(parallel, "_ran_once", False)
    prepared: list[int] = []  # the worker's copy is appended to by prepare; this one stays empty
    early = parallel.start_early(lambda value: (os.getpid(), value, prepared), lambda: prepared.append(1))
    assert early.worker is not None
    (pid, value, seen), here = parallel.run_fed(early, {"texts": ["a" * 10]}, lambda: "here", 10)
    assert pid != os.getpid() and value == {"texts": ["a" * 10]} and seen == [1] and here == "here"
    assert prepared == [] and early.worker is None
    assert no_children_left()


def test_an_early_worker_never_sent_its_value_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(parallel, "_ran_once", False)
    early = parallel.start_early(lambda value: value, lambda: None)
    assert early.worker is not None
    early.close()  # what write_drafts does when loading the project fails
    assert early.worker is None
    assert no_children_left()


def test_an_early_worker_that_fails_runs_its_job_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(parallel, "_ran_once", False)
    calls: list[int] = []

    def job(value: int) -> int:
        calls.append(os.getpid())
        raise ValueError(f"bad article {value}")

    early = parallel.start_early(job, lambda: None)
    assert early.worker is not None
    with pytest.raises(ValueError, match="bad article 7"):
        parallel.run_fed(early, 7, lambda: None, 1)
    assert calls == [os.getpid()]
    assert no_children_left()


def test_one_cpu_or_a_later_run_forks_no_early_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cpus", lambda: 1)
    monkeypatch.setattr(parallel, "_ran_once", False)
    early = parallel.start_early(lambda value: os.getpid(), lambda: None)
    assert early.worker is None
    assert parallel.run_fed(early, 0, lambda: 2, 10**6) == (os.getpid(), 2)  # serial: both here
    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    assert parallel.start_early(lambda value: value, lambda: None).worker is None  # patterns compiled here


def test_drafts_with_an_early_worker_equal_serial_drafts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = list(load_base(REPO).sources.articles)
    out: dict[str, bytes] = {}
    forks: list[int] = []
    real = parallel.workers.start_fed
    monkeypatch.setattr(parallel.workers, "start_fed", lambda *a, **k: forks.append(1) or real(*a, **k))
    for name, n in (("serial", 1), ("early", 2)):
        monkeypatch.setattr(parallel, "cpus", lambda n=n: n)
        monkeypatch.setattr(parallel, "_ran_once", False)
        root = tmp_path / name
        for part in ("seeds", "question_bank"):
            shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("drafts"))
        forks.clear()
        drafts.write_drafts(root, ids)
        assert len(forks) == n - 1  # one CPU: serial, no worker
        out[name] = b"".join(p.read_bytes() for p in sorted((root / drafts.DRAFTS_DIR).glob("*.yaml")))
    assert out["early"] == out["serial"] and out["serial"].count(b"\n- id: ") >= 5
    assert no_children_left()


def test_a_failure_after_the_early_fork_leaves_no_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker is forked before the project loads: an unknown article (found only after loading) stops it."""
    from quizgen.core.errors import QuizgenError

    monkeypatch.setattr(parallel, "cpus", lambda: 2)
    monkeypatch.setattr(parallel, "_ran_once", False)
    forks: list[int] = []
    real = parallel.workers.start_fed
    monkeypatch.setattr(parallel.workers, "start_fed", lambda *a, **k: forks.append(1) or real(*a, **k))
    for part in ("seeds", "question_bank"):
        shutil.copytree(REPO / part, tmp_path / part, ignore=shutil.ignore_patterns("drafts"))
    with pytest.raises(QuizgenError):
        drafts.write_drafts(tmp_path, ["no-such-article"])
    assert forks == [1]
    assert no_children_left()


def test_drafts_made_in_two_processes_equal_drafts_made_in_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The later articles' drafts made and written in a second worker: the same files, byte for byte."""
    ids = list(load_base(REPO).sources.articles)
    out: dict[str, bytes] = {}
    forks: list[int] = []
    real = parallel.workers.start
    monkeypatch.setattr(parallel.workers, "start", lambda *a, **k: forks.append(1) or real(*a, **k))
    monkeypatch.setattr(drafts, "MIN_PROPOSING_CHARS", 0)  # the three seeds are far smaller than it
    for name, n in (("serial", 1), ("split", 2)):
        monkeypatch.setattr(parallel, "cpus", lambda n=n: n)
        monkeypatch.setattr(parallel, "_ran_once", True)  # no early worker: only the drafts' one is counted
        root = tmp_path / name
        for part in ("seeds", "question_bank"):
            shutil.copytree(REPO / part, root / part, ignore=shutil.ignore_patterns("drafts"))
        forks.clear()
        drafts.write_drafts(root, [*ids, *ids])  # an article named twice: its drafts are made once
        assert len(forks) == n - 1
        out[name] = b"".join(p.read_bytes() for p in sorted((root / drafts.DRAFTS_DIR).glob("*.yaml")))
    assert out["split"] == out["serial"] and out["serial"].count(b"\n- id: ") >= 5
    assert no_children_left()
