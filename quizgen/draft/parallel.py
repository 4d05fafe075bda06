"""Two jobs at once: one in a forked worker process, one here, when a second CPU is free.

``quizgen draft`` runs the quotation and place extractors in a worker and the meeting and role extractors
here: the two halves cost about the same (each compiles its own patterns, most of a small run's cost, then
reads every article), so a run on two CPUs takes about half as long; then it makes the later articles' drafts
in a second worker (:func:`split`) while this process makes the earlier ones'. The results are the same
objects in the same order as a serial run's (the worker's come back pickled); anything unusual (no ``fork``,
one CPU, threads running, the worker failing) runs both jobs here, one after the other, so an error is raised
as a serial run raises it. Ctrl-C stops both: this process stops the worker and reaps it, never leaving a zombie.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from quizgen.core import workers

A = TypeVar("A")
B = TypeVar("B")
V = TypeVar("V")

MIN_CHARS = 60_000
"""Text below this size is read serially once the patterns are compiled in this process. Measured on the dev
articles (2 CPUs): forking and reaping a worker takes 2-7 ms, its results cost about 27 ms per MB to pack,
pickle and unpack, and the worker saves the smaller half of the reading, about 180 ms per MB: it pays from
about 50,000 characters."""

_ran_once = False
"""Whether this process has drafted before: its patterns are then compiled (the first run's worker compiled
half of them, the runs after it compile them here), and a small run gains nothing from a worker."""


def cpus() -> int:
    """The CPUs this process may run on."""
    return workers.usable_cpus()


def can_split() -> bool:
    """Whether two jobs can run in parallel here: ``fork``, two CPUs, and no other thread running."""
    # Forking a threaded process may deadlock the child.
    return hasattr(os, "fork") and cpus() >= 2 and threading.active_count() == 1


def worth_splitting(size: int) -> bool:
    """Whether to run two jobs over ``size`` characters of text in parallel: on a process's first run always
    (the compiling is halved), later from :data:`MIN_CHARS`."""
    return can_split() and (size >= MIN_CHARS or not _ran_once)


def split(in_worker: Callable[[], A], here: Callable[[], B]) -> tuple[A, B]:
    """``(in_worker(), here())``, the first run in a forked process (:mod:`quizgen.core.workers`) while the
    second runs in this one; if the worker fails (or cannot be forked), its job is run here after all (so a bug
    raises here, as in a serial run)."""
    try:
        worker = workers.start(in_worker, name="draft")
    except OSError:  # no process to spare (a limit reached): both here
        return in_worker(), here()
    try:
        mine = here()
        try:
            return workers.finish(worker), mine
        except workers.WorkerError:  # it failed or died: its job is done here instead
            return in_worker(), mine
    finally:
        workers.stop(worker)  # interrupted or failed here: the worker is stopped and reaped


def run_both(in_worker: Callable[[], A], here: Callable[[], B], size: int) -> tuple[A, B]:
    """Both jobs' results: in parallel (:func:`split`) when :func:`worth_splitting` ``size``, else serially."""
    global _ran_once
    parallel = worth_splitting(size)
    _ran_once = True
    return split(in_worker, here) if parallel else (in_worker(), here())


@dataclass(slots=True)
class Early(Generic[V, A]):
    """A job whose worker was forked before its input was known (:func:`start_early`), or None for no worker:
    then the job runs where :func:`run_fed` is called."""

    job: Callable[[V], A]
    worker: workers.Worker[A] | None

    def close(self) -> None:
        """Stop and reap the worker if it was never given its input or never finished (an error before)."""
        if self.worker is not None:
            workers.stop(self.worker)
            self.worker = None


def start_early(job: Callable[[V], A], prepare: Callable[[], object]) -> Early[V, A]:
    """``job`` in a worker forked now, which runs ``prepare()`` (compiling its patterns) while this process goes
    on to load what ``job`` is to read: on a process's first run with two CPUs (as :func:`worth_splitting`
    decides without a size); else no worker, and :func:`run_fed` decides as :func:`run_both` does. Call
    :meth:`Early.close` when done (a ``finally``), so an error before :func:`run_fed` leaves no worker."""
    if not (hasattr(os, "memfd_create") and worth_splitting(0) and not _ran_once):
        return Early(job, None)
    try:
        return Early(job, workers.start_fed(job, prepare=prepare, name="draft"))
    except OSError:  # no process to spare: the job runs here
        return Early(job, None)


def run_fed(early: Early[V, A], value: V, here: Callable[[], B], size: int) -> tuple[A, B]:
    """``(early.job(value), here())``: the first in the early worker (sent ``value``) while the second runs here;
    without one, as :func:`run_both` (``size`` characters). A worker that fails has its job run here after all."""
    global _ran_once
    worker, early.worker = early.worker, None
    if worker is None:
        return run_both(lambda: early.job(value), here, size)
    _ran_once = True
    try:
        try:
            workers.feed(worker, value)
        except OSError:  # it is gone: its job runs here
            workers.stop(worker)
            return early.job(value), here()
        mine = here()
        try:
            return workers.finish(worker), mine
        except workers.WorkerError:  # it failed or died: its job is done here instead
            return early.job(value), mine
    finally:
        workers.stop(worker)


def no_worker(job: Callable[[V], A]) -> Early[V, A]:
    """``job`` with no early worker: :func:`run_fed` decides then (a caller that forked none)."""
    return Early(job, None)
