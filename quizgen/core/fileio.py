"""Writing files atomically: a reader (or a crash) sees the old file or the new one, never half of one."""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename it into place."""
    tmp = _stage(path, data, sync=True)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic_all(writes: Sequence[tuple[Path, bytes | str]]) -> None:
    """:func:`write_atomic` of each ``(path, data)``, with as few disk syncs as that allows: every file is written
    to a temporary file beside its target, then one ``syncfs`` per file system makes them all durable (one
    fsync each cost 1.8 ms of a 0.4 s ``quizgen draft``, 75 of them), then each is renamed into place and each
    folder synced once, so the renames are durable too. Where ``syncfs`` is missing (not Linux), each file is
    synced on its own. A file that fails is left as it was while the others are still written; the first
    failure (in the order given) is raised after."""
    syncfs = _syncfs()
    if syncfs is None:
        _write_each(writes)
        return
    errors: dict[int, BaseException] = {}
    staged: list[tuple[int, str, Path]] = []
    renamed = 0
    try:
        for n, (path, data) in enumerate(writes):
            try:
                staged.append((n, _stage(path, data), path))
            except OSError as exc:
                errors[n] = exc
        folders = {path.parent for _, _, path in staged}
        systems: dict[int, Path] = {}
        for folder in sorted(folders):
            systems.setdefault(os.stat(folder).st_dev, folder)
        for folder in systems.values():
            fd = os.open(folder, os.O_RDONLY)
            try:
                if syncfs(fd) != 0:
                    err = _errno()
                    raise OSError(err, f"syncfs: {os.strerror(err)}", str(folder))
            finally:
                os.close(fd)
        for n, tmp, path in staged:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                errors[n] = exc
                Path(tmp).unlink(missing_ok=True)
            renamed += 1
        for folder in sorted(folders):
            _sync_folder(folder)
    finally:
        for _, tmp, _ in staged[renamed:]:  # interrupted before its rename: nothing of it is left
            Path(tmp).unlink(missing_ok=True)
    if errors:
        raise errors[min(errors)]


@contextmanager
def _named(name: str) -> Iterator[None]:
    """A write that fails (a full disk, a file-size limit) names no file: give it the file it was writing, so
    the message says where it stopped."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            exc.filename = name
        raise


def _stage(path: Path, data: bytes | str, *, sync: bool = False) -> str:
    """``data`` written to a new temporary file beside ``path``, with ``path``'s mode (synced to disk when
    ``sync``): its name."""
    blob = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with _named(str(path)), os.fdopen(fd, "wb") as f:
            f.write(blob)
            if sync:
                f.flush()
                os.fsync(f.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _write_each(writes: Sequence[tuple[Path, bytes | str]]) -> None:
    """:func:`write_atomic` of each file, each synced on its own; the first failure raised after the others are
    written."""
    first: BaseException | None = None
    for path, data in writes:
        try:
            write_atomic(path, data)
        except OSError as exc:
            first = first or exc
    if first is not None:
        raise first


def _syncfs() -> Callable[[int], int] | None:
    """The C library's ``syncfs`` (Linux: sync the file system holding a file descriptor, waiting for it), or
    None where there is none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (ImportError, OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int
    return function


def _errno() -> int:
    """The C library's errno after a failed ``syncfs``."""
    import ctypes

    return ctypes.get_errno()


class NotRegularFileError(OSError):
    """:func:`read_regular` found a folder, FIFO, device or socket; ``mode`` is its ``st_mode``."""

    def __init__(self, mode: int) -> None:
        super().__init__("not a regular file")
        self.mode = mode


class FileTooLargeError(OSError):
    """:func:`read_regular` found more than its limit; ``size`` is what was seen."""

    def __init__(self, size: int) -> None:
        super().__init__("file too large")
        self.size = size


def read_regular(path: Path | str, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes``: a FIFO would hang the read and
    ``/dev/zero`` never end, so anything else is refused (:class:`NotRegularFileError`), as is a file over the limit,
    checked before reading and again after, in case it grew (:class:`FileTooLargeError`)."""
    # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below like any non-file.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(info.st_mode)
        if info.st_size > max_bytes:
            raise FileTooLargeError(info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise FileTooLargeError(len(data))
    return data


_HELD: set[str] = set()
"""The project folders this process holds (:func:`project_lock`), so that a command holding one may call
another that takes it too (an accept approving its item)."""


@contextmanager
def project_lock(root: Path | str) -> Iterator[None]:
    """Hold the project at ``root`` while a command reads what it will change and writes it (build, draft,
    review, approve): two at once would each start by removing the other's temporary files as leftovers of
    a killed run (:func:`finish_pending`), and each write a file from what it read before the other wrote it,
    losing the other's change (an accepted item gone from both the bank and the drafts). A second command
    is refused with a message saying so; readers (``check``, ``coverage``, the self-test) take no lock.

    The lock is ``flock`` on the project folder itself: nothing is created in the project, and the kernel
    lets go when the process ends, even on SIGKILL. A folder that cannot be opened is not locked: the
    command then fails on it as it would have, with its own message."""
    key = os.path.realpath(root)
    if key in _HELD:
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield
        return
    try:
        try:
            import fcntl
        except ImportError:  # not on Windows: unlocked there, as before
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            from quizgen.core.errors import QuizgenError

            raise QuizgenError(
                f"another quizgen command (build, draft, review or approve) is changing the project at {root}: "
                "nothing was done; run this again when it has finished"
            ) from None
        _HELD.add(key)
        try:
            yield
        finally:
            _HELD.discard(key)
    finally:
        os.close(fd)  # closing the descriptor releases the flock


PENDING = ".quizgen-pending.json"
"""At the project root while a set of files is being renamed into place (see :func:`write_set`)."""
_TEMP = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")  # what mkstemp names for write_atomic and write_set


def write_set(root: Path, files: Sequence[tuple[str, bytes | None]], *, tidy: Sequence[str] = ()) -> None:
    """Write several files (paths relative to ``root``) so that a reader never sees some new and some old;
    ``None`` for a file's data removes it, as part of the set (``review --accept`` moves an item out of the
    last draft of a drafts file). ``tidy``: more folders (relative to ``root``) where a killed earlier set may
    have left temporary files.

    Every file is first written and synced to a temporary file beside its target; then a journal listing the
    renames is written atomically, the renames are done, and the journal removed. Killed before the journal
    exists, nothing changed (the temporary files are leftovers, removed next time); killed during the renames,
    the next :func:`finish_pending` (run by every build before it reads anything) completes them.
    """
    finish_pending(root, tidy=tidy)
    for rel, _data in files:
        _refuse_folder(root, rel, "nothing was written; name a file, or move the folder away")
    done: list[tuple[str | None, str]] = []
    try:
        for rel, data in files:
            if data is None:
                done.append((None, rel))
                continue
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            done.append(((Path(rel).parent / Path(tmp).name).as_posix(), rel))
            with _named(rel), os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        write_atomic(root / PENDING, json.dumps(done, indent=0))
    except BaseException:
        for written, _ in done:
            if written is not None:
                (root / written).unlink(missing_ok=True)
        raise
    finish_pending(root, tidy=tidy)


def _journal(journal: Path) -> list[tuple[str | None, str]]:
    """The renames a journal lists; one not of the shape :func:`write_set` writes (edited by hand, copied from
    elsewhere) is refused, naming it, rather than half done."""
    try:
        data = json.loads(journal.read_bytes())
        if isinstance(data, list) and all(
            isinstance(e, list) and len(e) == 2 and (e[0] is None or _a_path(e[0])) and _a_path(e[1])
            for e in data
        ):
            return [(e[0], e[1]) for e in data]
    except (ValueError, RecursionError):
        pass
    from quizgen.core.errors import QuizgenError

    raise QuizgenError(
        f"{PENDING} is damaged (not the list of renames quizgen writes): look at the files it names, then "
        "delete it and run again"
    )


def _a_path(rel: object) -> bool:
    return isinstance(rel, str) and bool(rel) and "\0" not in rel  # --into may name a file outside the root


def _refuse_folder(root: Path, rel: str, then: str) -> None:
    """A folder where a file is to be written: renaming onto it fails half-way through a set, which would leave
    a journal every later command stops on. (A link is replaced by the rename, whatever it leads to.)"""
    target = root / rel
    if target.is_dir() and not target.is_symlink():
        from quizgen.core.errors import QuizgenError  # core.errors imports diagnostics: not at start-up

        raise QuizgenError(f"{rel} is a folder, not a file: {then}")


def finish_pending(root: Path, *, tidy: Sequence[str] = ()) -> None:
    """Complete the renames (and removals) of a :func:`write_set` that was interrupted, and remove its
    leftovers (in its folders, ``decks/`` and the folders ``tidy``)."""
    journal = root / PENDING
    folders: set[Path] = {root / rel for rel in tidy}
    if journal.is_file():
        renames = _journal(journal)
        for _tmp, rel in renames:  # all checked first: a rename failing half-way would stop every later run
            _refuse_folder(root, rel, "an earlier write could not finish: move the folder away and run again")
        for tmp, rel in renames:
            folders.add((root / rel).parent)
            if tmp is None:
                (root / rel).unlink(missing_ok=True)
            elif (root / tmp).exists():
                os.replace(root / tmp, root / rel)
        for folder in folders:
            _sync_folder(folder)
        journal.unlink()
    for folder in folders | {root / "decks"}:
        for leftover in folder.glob(".*.tmp") if folder.is_dir() else ():
            if _TEMP.fullmatch(leftover.name) and leftover.is_file():
                leftover.unlink()
    for leftover in root.glob(f".{PENDING}.*.tmp"):  # a journal killed while being written: nothing began
        if _TEMP.fullmatch(leftover.name) and leftover.is_file():
            leftover.unlink()


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
