"""Sealed check-cache entries: the loader's and the checks' values pickled, behind an HMAC.

Decoding 10,000 questions from JSON with type checks took longer than the rest of an incremental check; a
pickle of them loads several times faster. A pickle runs code while it loads, so an entry is unpickled only
once its HMAC-SHA256 (keyed by the user's cache secret, which lives outside the project, and over the entry's
name, its header and its payload) verifies: a cache folder committed, copied in, corrupted or written by
anyone without the secret is refused before a byte of its payload is read as a pickle. As a second wall, the
unpickler makes only the classes of :data:`quizgen.checks.codec.CLASSES`, their enums, dates,
:class:`~quizgen.checks.codec.Positions` and the builtin containers; anything else is refused.

An entry's layout: :data:`MAGIC`, the 32-byte tag, the header's length (4 bytes, big-endian), the header
(JSON: what the reader compares before unpickling, such as the entry's key) and the pickled payload.
"""

from __future__ import annotations

import copyreg
import dataclasses
import datetime as dt
import hashlib
import hmac
import io
import json
import operator
import pickle
from collections.abc import Callable
from typing import Any

from quizgen.checks.codec import CLASSES, ENUMS, Positions

MAGIC = b"quizgen-sealed-1\n"
_TAG = 32
_ALLOWED: dict[tuple[str, str], Any] = {(c.__module__, c.__qualname__): c for c in (*CLASSES, *ENUMS)}
_ALLOWED |= {
    (Positions.__module__, Positions.__qualname__): Positions,
    ("datetime", "date"): dt.date,
    ("builtins", "frozenset"): frozenset,
    ("builtins", "set"): set,
}


class SealError(ValueError):
    """An entry that is not sealed by this secret, or does not unpickle to what may be made."""


def _reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A dataclass pickled as ``cls(*fields)``: the dataclasses' own ``__setstate__`` calls
    ``dataclasses.fields`` once per object, which made loading slower than decoding JSON."""
    names = [f.name for f in dataclasses.fields(cls)]
    get = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda o: (cls, (get(o),))
    return lambda o: (cls, get(o))


_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH.update({cls: _reducer(cls) for cls in CLASSES})


def seal(secret: bytes, name: str, header: dict[str, Any], payload: object) -> bytes:
    """The bytes of entry ``name``: ``header`` and ``payload`` (values of :data:`CLASSES`, builtins), tagged."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(payload)
    head = json.dumps(header, sort_keys=True).encode()
    body = len(head).to_bytes(4, "big") + head + buffer.getvalue()
    return MAGIC + _tag(secret, name, body) + body


def header(secret: bytes, name: str, blob: bytes) -> tuple[dict[str, Any], memoryview]:
    """The header of a sealed entry and its payload still pickled, once the tag verifies (else SealError)."""
    if not blob.startswith(MAGIC) or len(blob) < len(MAGIC) + _TAG + 4:
        raise SealError("not a sealed entry")
    tag, body = blob[len(MAGIC) : len(MAGIC) + _TAG], memoryview(blob)[len(MAGIC) + _TAG :]
    if not hmac.compare_digest(tag, _tag(secret, name, body)):
        raise SealError("the entry's tag does not verify: not written with this secret")
    size = int.from_bytes(body[:4], "big")
    try:
        head = json.loads(bytes(body[4 : 4 + size]))
    except ValueError as exc:
        raise SealError("the entry's header does not parse") from exc
    if type(head) is not dict:
        raise SealError("the entry's header is not an object")
    return head, body[4 + size :]


def unpickle(payload: memoryview | bytes, start: int = 0) -> Any:
    """The payload of an entry whose tag verified (see :func:`header`), made of allowed classes only: the
    pickle in ``payload`` from ``start`` on. Given the entry's bytes and where its payload starts, it is read
    in place (a BytesIO of bytes shares them; one of a view copied the sources' 100 MB entry on every run)."""
    source = io.BytesIO(payload)
    source.seek(start)
    return _load(source)


def _load(source: io.BytesIO) -> Any:
    try:
        return _Unpickler(source).load()
    except SealError:
        raise
    except Exception as exc:  # a pickle of an older quizgen's classes can fail in many ways
        raise SealError(f"the entry does not unpickle: {exc}") from exc


def _tag(secret: bytes, name: str, body: bytes | memoryview) -> bytes:
    mac = hmac.new(secret, name.encode() + b"\0", hashlib.sha256)
    mac.update(body)
    return mac.digest()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise SealError(f"a cache entry may not make {module}.{name}")
        return found
