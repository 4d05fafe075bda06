"""Forked worker processes: one job each, its result sent back pickled through a pipe.

The one mechanism behind both uses of several processors: the check (:mod:`quizgen.checks.parallel`, shares of
bank files and decks, :func:`run`) and drafting (:mod:`quizgen.draft.parallel`, one extractor beside the
others, :func:`start` / :func:`finish`). A worker is forked, so it starts with everything already loaded here
and sends back only its result. Its own exception comes back as :class:`WorkerError` (the worker's traceback
as its cause); a worker that dies before answering (killed: the system out of memory, most often) as
:class:`WorkerLostError`. Workers ignore Ctrl-C: it reaches the whole process group, and this process stops
them (:func:`stop`), so none is left running or a zombie.
"""

from __future__ import annotations

import contextlib
import functools
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Dumps = Callable[[object], bytes]
"""How a worker pickles its result (a caller may bring a faster pickler for its own classes)."""


class WorkerError(RuntimeError):
    """A worker process failed or was killed; its job's result is not to be had from it."""


class WorkerLostError(WorkerError):
    """A worker ended before sending its results (killed: most often by the system when memory ran out); a
    failure of the machine, not of quizgen, which the CLI reports as such (:func:`quizgen.cli.app.main`)."""


class _RemoteTracebackError(Exception):
    """The traceback of a worker's exception, shown as the cause of :class:`WorkerError`."""


def _pickle(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def can_fork() -> bool:
    """Whether workers can be forked: on Linux (elsewhere fork is missing or unsafe with system libraries),
    from a process running one thread (a lock another thread holds would stay held in the worker)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def usable_cpus() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def on_thread(work: Callable[[], R], *, name: str) -> Callable[[], R]:
    """Begin ``work`` on a thread of its own (for C work that releases the GIL: zlib, SQLite); the function
    returned waits for its result, and raises whatever error the work met, as calling it here would."""
    done: list[R] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as exc:  # handed to the waiting caller, which raises it
            failed.append(exc)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()

    def wait() -> R:
        thread.join()
        if failed:
            raise failed[0]
        return done[0]

    return wait


@dataclass(slots=True)
class Worker(Generic[R]):
    """A forked worker running one job: its process id and the read end of the pipe it answers on (both
    cleared once it is finished or stopped)."""

    pid: int
    fd: int
    name: str
    """What kind of worker, for messages ("a check worker failed: ...")."""
    feed: int = -1
    """A worker of :func:`start_fed`: the write end of the pipe whose end tells it its input is there (-1 once
    sent or for other workers)."""
    inbox: int = -1
    """A worker of :func:`start_fed`: the memory file its input is written to."""


def start(job: Callable[[], R], *, name: str, dumps: Dumps = _pickle, close: Sequence[int] = ()) -> Worker[R]:
    """Fork a worker running ``job``; ``close``: file descriptors the worker must not keep open (other workers'
    pipes). Raises :class:`OSError` when no process can be forked."""
    read, write = os.pipe()
    sys.stdout.flush()  # a buffer copied into the child would be written twice
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        raise
    if pid == 0:  # the worker: never returns into the caller's code
        try:
            signal.signal(
                signal.SIGINT, signal.SIG_IGN
            )  # Ctrl-C reaches the whole group: the parent stops us
            os.close(read)
            for fd in close:
                os.close(fd)
            try:
                blob = dumps(("ok", job()))
            except BaseException as exc:  # sent to the parent, which raises it
                blob = dumps(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))
            with os.fdopen(write, "wb") as out:
                out.write(blob)
        except BaseException:
            os._exit(1)
        os._exit(0)
    os.close(write)
    return Worker(pid, read, name)


def start_fed(
    job: Callable[[Any], R], *, prepare: Callable[[], object], name: str, dumps: Dumps = _pickle
) -> Worker[R]:
    """Fork a worker that runs ``prepare()`` at once, then ``job(value)`` of the value :func:`feed` sends it: it
    gets ready (compiles its patterns) while this process is still working out the value. The value goes
    through a memory file, so :func:`feed` never waits for the worker. Raises :class:`OSError` when no process
    can be forked."""
    inbox = os.memfd_create("quizgen-worker-input", os.MFD_CLOEXEC)
    try:
        ready, fed = os.pipe()
    except OSError:
        os.close(inbox)
        raise

    def run() -> R:
        os.close(fed)
        prepare()
        while os.read(ready, 4096):  # until this process closes the pipe: the input is all written
            pass
        os.close(ready)
        size = os.fstat(inbox).st_size
        return job(pickle.loads(os.pread(inbox, size, 0)))

    try:
        worker = start(run, name=name, dumps=dumps)
    except OSError:
        for fd in (inbox, ready, fed):
            os.close(fd)
        raise
    os.close(ready)
    worker.feed, worker.inbox = fed, inbox
    return worker


def feed(worker: Worker[Any], value: object) -> None:
    """Send a :func:`start_fed` worker its input (once)."""
    blob = _pickle(value)
    view, done = memoryview(blob), 0
    while done < len(blob):
        done += os.pwrite(worker.inbox, view[done:], done)
    os.close(worker.feed)  # the worker's end of the pipe: the input is all there
    worker.feed = -1


def finish(worker: Worker[R]) -> R:
    """The worker's result, once it has sent it and exited; :class:`WorkerError` if it failed."""
    with os.fdopen(worker.fd, "rb", closefd=False) as stream:
        blob = stream.read()  # to its end: the worker exits once it has written everything
    _close(worker)
    _, status = os.waitpid(worker.pid, 0)
    worker.pid = 0
    return _answer(blob, status, worker.name)  # type: ignore[no-any-return]  # what job returned


def _close(worker: Worker[Any]) -> None:
    """Close the worker's result pipe and, for a :func:`start_fed` worker, its input's pipe and memory file."""
    for fd in (worker.fd, worker.feed, worker.inbox):
        if fd >= 0:
            os.close(fd)
    worker.fd = worker.feed = worker.inbox = -1


def stop(worker: Worker[Any]) -> None:
    """Kill the worker if it still runs, close its pipe and reap it (nothing if it is finished)."""
    _close(worker)
    if worker.pid:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(worker.pid, 0)
        worker.pid = 0


def run(
    fn: Callable[[list[T]], list[R]],
    tasks: list[T],
    weights: Sequence[int],
    n: int,
    *,
    name: str = "check",
    dumps: Dumps = _pickle,
) -> list[R]:
    """``fn`` over ``tasks`` (one result per task, in order) in ``n`` processes: the tasks are dealt into ``n``
    shares of about equal ``weights``, this process runs the first and forked workers the others."""
    n = max(1, min(n, len(tasks)))
    if n == 1:
        return fn(tasks)
    loads = [0] * n
    shares: list[list[int]] = [[] for _ in range(n)]
    for i in sorted(range(len(tasks)), key=lambda i: (-weights[i], i)):  # heaviest first, to the lightest
        k = loads.index(min(loads))
        shares[k].append(i)
        loads[k] += weights[i]
    for s in shares:
        s.sort()
    results: list[R | None] = [None] * len(tasks)
    workers: list[Worker[list[R]]] = []
    try:
        for k in range(1, n):
            job = functools.partial(fn, [tasks[i] for i in shares[k]])
            workers.append(start(job, name=name, dumps=dumps, close=[w.fd for w in workers]))
        _place(results, shares[0], fn([tasks[i] for i in shares[0]]), name)
        for k, worker in enumerate(workers, 1):
            _place(results, shares[k], finish(worker), name)
    finally:
        for worker in workers:
            stop(worker)
    return results  # type: ignore[return-value]  # every task has its result now


def _place(results: list[Any], indexes: list[int], found: list[Any], name: str) -> None:
    if len(found) != len(indexes):
        raise WorkerError(f"a {name} worker returned {len(found)} results for {len(indexes)} tasks")
    for i, value in zip(indexes, found, strict=True):
        results[i] = value


def _answer(blob: bytes, status: int, name: str) -> Any:
    """The result a worker sent (``blob``), or the error it ran into or died of (``status``: its exit)."""
    if not blob:
        raise WorkerLostError(f"a {name} worker {_ended(status)} before sending its results")
    try:
        answer = pickle.loads(blob)
    except Exception as exc:
        raise WorkerError(f"a {name} worker's results do not read back ({exc}): try --jobs 1") from None
    if answer[0] == "error":
        raise WorkerError(f"a {name} worker failed: {answer[1]}") from _RemoteTracebackError(answer[2])
    return answer[1]


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            signame = signal.Signals(sig).name
        except ValueError:
            signame = f"signal {sig}"
        return f"was killed by {signame}" + (" (out of memory?)" if sig == signal.SIGKILL else "")
    return f"exited with status {os.WEXITSTATUS(status)}"
