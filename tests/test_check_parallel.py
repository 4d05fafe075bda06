"""The uncached check on several processes (:mod:`quizgen.checks.parallel`) reports what the check in one
process reports, diagnostic for diagnostic and in the same order; a failing or killed worker is one clean
error, Ctrl-C stops every worker, and no worker is left behind."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from processes import no_children_left

from quizgen import api
from quizgen.checks import parallel
from quizgen.cli.app import environment_problem
from quizgen.core.diagnostics import Diagnostic

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers are forked on Linux only"
)


def _project(into: Path) -> Path:
    """The shipped project, with mistakes that span files, a second deck and a reviewer's decision."""
    for name in ("seeds", "question_bank"):
        shutil.copytree(ROOT / name, into / name)
    (into / "decks").mkdir()
    for name in ("thaad.yaml", "thaad.lock.json"):
        shutil.copy(ROOT / "decks" / name, into / "decks" / name)
    deck = (ROOT / "decks" / "thaad.yaml").read_text(encoding="utf-8")
    deck = deck.replace("name: THAAD 2017", "name: CNN only").replace("1763825458", "1763825459")
    (into / "decks" / "cnn.yaml").write_text(
        deck.replace("  status: [approved]", "  status: [approved, draft]\n  tags: [cnn]"), encoding="utf-8"
    )
    bank = into / "question_bank"
    cnn = (bank / "cnn.yaml").read_text(encoding="utf-8")
    first = cnn[cnn.index("\n- id: ") + 1 :]
    first = first[: first.index("\n- id: ") + 1]
    trt = bank / "trt-world.yaml"
    trt.write_text(trt.read_text(encoding="utf-8") + "\n" + first, encoding="utf-8")  # an id used twice
    (bank / "zz-broken.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    (bank / "drafts").mkdir()
    (bank / "drafts" / "cnn.yaml").write_text(first, encoding="utf-8")  # checked with --drafts
    (bank / "zz-empty.yaml").write_text("", encoding="utf-8")
    across = bank / "across.yaml"
    text = across.read_text(encoding="utf-8")
    text = re.sub(r"(\n      quote: )([A-Z])", r"\1misquoted \2", text, count=2)
    text = text.replace(  # a decision that silences a relation, and one that silences nothing (stale)
        "- id: chinese-fm-across-outlets\n",
        "- id: chinese-fm-across-outlets\n"
        "  related: {ignore: [topix-russian-fm-which-said-detente, thaad-long-name], reason: a test}\n",
    )
    across.write_text(text, encoding="utf-8")
    seeds = into / "seeds"
    article = sorted(seeds.glob("*.txt"))[1]  # a hidden character (QG109), read in a sources worker
    article.write_text(article.read_text(encoding="utf-8").replace(" ", " \x07", 1), encoding="utf-8")
    (seeds / "zz-orphan.txt").write_text("An article without an entry.\n", encoding="utf-8")  # QG120
    return into


def _dump(found: list[Diagnostic]) -> list[str]:
    return [repr(d) for d in found]


def test_parallel_check_reports_what_the_serial_check_reports(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    assert parallel.processes(2, 0) == 2  # the workers do run here
    serial = api.check(root, jobs=1)
    # Duplicate id, misquote, YAML error, stale decision, hidden character in an article, article without entry.
    planted = {"QG105", "QG201", "QG002", "QG904", "QG109", "QG120"}
    assert planted <= {d.code for d in serial.diagnostics}
    for jobs in (2, 3, 7):
        found = api.check(root, jobs=jobs)
        assert _dump(found.diagnostics) == _dump(serial.diagnostics), jobs
        assert found.project.bank == serial.project.bank
        assert no_children_left()
    serial = api.check(root, jobs=1, include_drafts=True)
    assert len(serial.diagnostics) > len(found.diagnostics)
    found = api.check(root, jobs=2, include_drafts=True)
    assert _dump(found.diagnostics) == _dump(serial.diagnostics)


def test_sources_loaded_in_shares_are_the_sources_loaded_in_one(tmp_path: Path) -> None:
    from quizgen.load.sources import load_sources

    root = _project(tmp_path / "p")
    serial, serial_found = load_sources(root, root / "seeds")
    assert {d.code for d in serial_found} == {"QG109", "QG120"}
    for n in (2, 3, 9):
        sources, found = load_sources(root, root / "seeds", processes=n)
        assert _dump(found) == _dump(serial_found)
        assert sources.variants == serial.variants and list(sources.articles) == list(serial.articles)
        for article in sources.articles.values():
            alone = serial.articles[article.id]
            assert (article.text, article.digest, article.normalized, article.headline_line) == (
                alone.text,
                alone.digest,
                alone.normalized,
                alone.headline_line,
            )
        assert no_children_left()


def test_common_words_counted_in_shares_are_those_of_the_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quizgen.checks import relations

    root = _project(tmp_path / "p")
    shared: list[frozenset[str] | None] = []
    counted = parallel._common_words
    monkeypatch.setattr(parallel, "_common_words", lambda p: shared.append(counted(p)) or shared[-1])
    for jobs in (2, 3):
        found = api.check(root, jobs=jobs)
        assert shared[-1] is not None  # counted in the shares, the duplicate id's item taken out
        relations._COMMON.clear()
        assert relations.common_words(found.project) == shared[-1]
    assert shared[-1]  # the words printed in many prompts of this bank ("say", ...): not a vacuous match
    found = api.check(root, jobs=1)  # nothing counted in shares: nothing left over for a later check
    assert not parallel._STEMS


def test_the_shipped_bank_is_checked_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    size = sum(p.stat().st_size for p in (ROOT / "question_bank").glob("*.yaml"))
    assert parallel.processes(None, size) == 1
    assert parallel.processes(1, 1 << 30) == 1
    assert parallel.processes(3, 0) == 3
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 64)
    assert parallel.processes(None, 1 << 30) == parallel.MAX_PROCESSES
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert parallel.processes(4, 1 << 30) == 1


def test_a_process_with_threads_checks_in_one() -> None:
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not parallel.can_fork()
        assert parallel.processes(4, 1 << 30) == 1
    finally:
        release.set()
        other.join()
    assert parallel.can_fork()


def test_results_come_back_in_task_order() -> None:
    tasks = list(range(23))
    weights = [(7 * t) % 5 for t in tasks]
    for n in (1, 2, 4, 30):
        assert parallel.run(lambda share: [(t, os.getpid()) for t in share], tasks, weights, n)[3][0] == 3
        assert [t for t, _ in parallel.run(lambda s: [(t, 0) for t in s], tasks, weights, n)] == tasks
    pids = {pid for _, pid in parallel.run(lambda s: [(t, os.getpid()) for t in s], tasks, weights, 3)}
    assert len(pids) == 3 and os.getpid() in pids
    assert no_children_left()


def _fails_in_a_worker(share: list[int]) -> list[int]:
    if 2 in share and os.getpid() != PARENT[0]:
        raise ValueError("bad share")
    return share


def _dies_in_a_worker(share: list[int]) -> list[int]:
    if os.getpid() != PARENT[0]:
        os.kill(os.getpid(), signal.SIGKILL)
    return share


PARENT = [os.getpid()]


def test_a_failing_worker_is_one_clean_error() -> None:
    PARENT[0] = os.getpid()
    with pytest.raises(parallel.WorkerError, match="a check worker failed: ValueError: bad share") as caught:
        parallel.run(_fails_in_a_worker, [1, 2, 3, 4], [1, 1, 1, 1], 4)
    assert "Traceback" in str(caught.value.__cause__)  # the worker's traceback, for QUIZGEN_DEBUG
    with pytest.raises(parallel.WorkerLostError, match="was killed by SIGKILL") as lost:
        parallel.run(_dies_in_a_worker, [1, 2, 3], [1, 1, 1], 3)
    # The machine's failure, not quizgen's: the CLI says so (exitcodes.ENVIRONMENT), not "internal error".
    problem = environment_problem(lost.value)
    assert problem is not None and "--jobs 1" in problem
    assert no_children_left()


def test_an_error_in_this_process_stops_the_workers() -> None:
    PARENT[0] = os.getpid()

    def share(tasks: list[int]) -> list[int]:
        if os.getpid() == PARENT[0]:
            raise KeyError("here")
        import time

        time.sleep(60)  # stopped long before
        return tasks

    with pytest.raises(KeyError):
        parallel.run(share, [1, 2, 3], [1, 1, 1], 3)
    assert no_children_left()


def test_ctrl_c_stops_every_worker(tmp_path: Path) -> None:
    """The terminal sends SIGINT to the whole process group: the workers ignore it and are stopped by the
    parent, which reports the interruption as the CLI does."""
    script = tmp_path / "interrupted.py"
    script.write_text(
        textwrap.dedent(
            """
            import os, signal, time
            from quizgen.checks import parallel

            parent = os.getpid()

            def share(tasks):
                if os.getpid() == parent:
                    time.sleep(0.5)  # the workers are running
                    os.killpg(0, signal.SIGINT)
                time.sleep(60)
                return tasks

            try:
                parallel.run(share, [1, 2, 3], [1, 1, 1], 3)
            except KeyboardInterrupt:
                print("interrupted")
            try:
                os.waitpid(-1, os.WNOHANG)
                print("children left")
            except ChildProcessError:
                print("no children left")
            """
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=50, start_new_session=True
    )
    assert done.stdout.split() == ["interrupted", "no", "children", "left"], done.stderr
    assert done.stderr == ""


def test_the_cli_takes_jobs(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from quizgen.cli.app import app

    root = _project(tmp_path / "p")
    runner = CliRunner()
    one = runner.invoke(app, ["check", "--root", str(root), "--no-cache", "--jobs", "1", "--format", "json"])
    two = runner.invoke(app, ["check", "--root", str(root), "--no-cache", "-j", "2", "--format", "json"])
    assert one.exit_code == two.exit_code == 1
    assert one.stdout == two.stdout
    bad = runner.invoke(app, ["check", "--root", str(root), "--jobs", "0"])
    assert bad.exit_code == 2
