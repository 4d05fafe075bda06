"""Skipping decks whose inputs did not change since their last build (``quizgen build`` without ``--force``).

A deck's key hashes what its outputs are made from: quizgen itself (:func:`quizgen.checks.cache.fingerprint`),
the outputs asked for, the config, the catalogue, every article, every bank file, the deck's definition and its
lock file, and the user's cache secret (:mod:`quizgen.checks.cache`). ``.quizgen-cache/build/<deck>.json``
keeps the key of the last build and the SHA-256 of each file it made; the deck is skipped only when the key is
the same and every one of those files is still there, a plain file with the same bytes (so a deleted or edited
output is rebuilt). A record that cannot be read or does not fit is ignored; one that cannot be written is not
written. A fresh checkout has no records and builds every deck.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from quizgen.checks.cache import CACHE_DIR, fingerprint, secret
from quizgen.core.model import Project
from quizgen.core.root import CONFIG_NAME, SOURCES_DIR
from quizgen.load.decks import DeckDefinition
from quizgen.load.project import DECKS_DIR
from quizgen.load.sources import CATALOGUE_NAME

FORMAT = 1
_MAX_RECORD = 1 << 24


def project_key(root: Path, project: Project, outputs: frozenset[str] | None) -> str | None:
    """The hash of the inputs every deck shares; ``None`` without the user's cache secret (then nothing is
    skipped: a record copied from elsewhere, or committed, is never believed)."""
    key = secret()
    if key is None:
        return None
    h = hashlib.sha256(key + f"{FORMAT}\0{fingerprint()}\0{sorted(outputs) if outputs else 'all'}".encode())
    for rel in (CONFIG_NAME, f"{SOURCES_DIR}/{CATALOGUE_NAME}", *project.bank.files):
        h.update(f"\0{rel}\0".encode() + _bytes(root / rel))
    for article in project.sources.articles.values():
        h.update(f"\0{article.path}\0{article.digest}".encode())
    return h.hexdigest()


def deck_key(root: Path, shared: str, deck: DeckDefinition) -> str:
    """The hash of one deck's inputs: the shared ones, its definition and its lock file."""
    h = hashlib.sha256(shared.encode())
    for name in (f"{deck.stem}.yaml", f"{deck.stem}.lock.json"):
        h.update(f"\0{name}\0".encode() + _bytes(root / DECKS_DIR / name))
    return h.hexdigest()


def _bytes(path: Path) -> bytes:
    """A file's bytes, or a marker that cannot be mistaken for them when it is missing or unreadable."""
    try:
        return b"F" + _read_plain(path)
    except OSError:
        return b"-"


def _read_plain(path: Path, limit: int | None = None) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (limit is not None and info.st_size > limit):
            raise OSError(f"{path} is not a plain file")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def _record_path(root: Path, stem: str) -> Path:
    return root / CACHE_DIR / "build" / f"{stem}.json"


def unchanged(root: Path, stem: str, key: str) -> bool:
    """Whether the deck's last build had this key and each file it made is still there, unchanged."""
    try:
        record = json.loads(_read_plain(_record_path(root, stem), _MAX_RECORD))
        if type(record) is not dict or record.get("format") != FORMAT or record.get("key") != key:
            return False
        files = record["files"]
        if type(files) is not dict or not files:
            return False
        for rel, digest in files.items():
            if not rel.startswith(f"{DECKS_DIR}/{stem}.") or "/" in rel[len(DECKS_DIR) + 1 :]:
                return False
            if hashlib.sha256(_read_plain(root / rel)).hexdigest() != digest:
                return False
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return False
    return True


def record(root: Path, stem: str, key: str, files: Iterable[tuple[str, bytes]]) -> None:
    """Remember the deck's key and the files its build made (written atomically; skipped on failure)."""
    made = {rel: hashlib.sha256(data).hexdigest() for rel, data in files}
    path = _record_path(root, stem)
    tmp = None
    try:
        for folder in (path.parent.parent, path.parent):
            if folder.is_symlink():
                return
        if not made:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"format": FORMAT, "key": key, "files": made}, f, sort_keys=True)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass  # a read-only project builds every time
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
