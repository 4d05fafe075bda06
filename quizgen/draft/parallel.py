"""Two jobs at once: one in a forked worker process, one here, when a second CPU is free.

``quizgen draft`` runs the quotation extractor in a worker and the meeting, place and role extractors here:
the two halves cost about the same (each compiles its own patterns, most of a small run's cost, then reads
every article), so a run on two CPUs takes about half as long. The results are the same objects in the same
order as a serial run's (the worker's come back pickled); anything unusual (no ``fork``, one CPU, threads
running, the worker failing) runs both jobs here, one after the other, so an error is raised as a serial run
raises it. Ctrl-C stops both: this process stops the worker and reaps it, never leaving a zombie.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

from quizgen.core import workers

A = TypeVar("A")
B = TypeVar("B")

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


def worth_splitting(size: int) -> bool:
    """Whether to run two jobs over ``size`` characters of text in parallel: on a process's first run always
    (the compiling is halved), later from :data:`MIN_CHARS`."""
    return (
        hasattr(os, "fork")
        and cpus() >= 2
        and threading.active_count() == 1  # forking a threaded process may deadlock the child
        and (size >= MIN_CHARS or not _ran_once)
    )


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
