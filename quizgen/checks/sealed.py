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

import array
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
from quizgen.core.diagnostics import Location
from quizgen.core.model import Question, ReviewStatus
from quizgen.load.bank import FileItem

MAGIC = b"quizgen-sealed-1\n"
_TAG = 32
_ALLOWED: dict[tuple[str, str], Any] = {(c.__module__, c.__qualname__): c for c in (*CLASSES, *ENUMS)}
_ALLOWED |= {
    (Positions.__module__, Positions.__qualname__): Positions,
    (__name__, "Pending"): None,  # set below, once defined
    (__name__, "lazy_row"): None,
    (__name__, "lazy_item"): None,
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


def seal(
    secret: bytes, name: str, header: dict[str, Any], payload: object, *, pending: Pending | None = None
) -> bytes:
    """The bytes of entry ``name``: ``header`` and ``payload`` (values of :data:`CLASSES`, builtins), tagged.
    With ``pending`` (the payload's questions pickled apart: :func:`pending`), each question of the payload is
    kept as its index row (:func:`lazy_row`) and ``pending`` holds the rest."""
    dispatch = _DISPATCH
    if pending is not None:
        dispatch = _DISPATCH.copy()
        dispatch[Question] = lambda q: (
            lazy_row,
            (pending, *[getattr(q, n) for n in INDEXED], q.status, q.cites),
        )
        dispatch[FileItem] = lambda item: _item_reduced(item, pending)
    head = json.dumps(header, sort_keys=True).encode()
    body = len(head).to_bytes(4, "big") + head + _dumps(payload, dispatch)
    return MAGIC + _tag(secret, name, body) + body


def _dumps(payload: object, dispatch: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = dispatch
    pickler.dump(payload)
    return buffer.getvalue()


INDEXED = ("id", "type", "topic", "tags", "path", "location", "locations", "excludes", "ignore_related")
"""The fields of :class:`Question` a bank file's entry keeps in its index (with the review status and the
cited articles): what an incremental check reads of an unchanged file's items (which decks take them, how
they relate, where a finding points)."""
_FIELDS = tuple(f.name for f in dataclasses.fields(Question))
_LAZY = frozenset(_FIELDS) - frozenset(INDEXED)


def pending(questions: tuple[Question, ...]) -> Pending:
    """``questions`` pickled apart from their index rows (see :func:`seal`)."""
    return Pending(_dumps(questions, _DISPATCH))


class Pending:
    """The questions of one bank file's entry still pickled, with the index rows made of them
    (:class:`LazyQuestion`): unpickled all at once, the first time a field the index does not hold is read.
    Unpickling every unchanged file's questions was the largest part of an incremental check, which reads
    only what the index holds."""

    __slots__ = ("blob", "rows")

    def __init__(self, blob: bytes) -> None:
        if type(blob) is not bytes:
            raise SealError("an entry's questions are not bytes")
        self.blob: bytes | None = blob
        self.rows: list[LazyQuestion] = []

    def __reduce__(self) -> tuple[Any, ...]:
        return Pending, (self.blob,)

    def decode(self) -> None:
        """Give every row the fields its index left out."""
        if self.blob is None:
            return
        found = unpickle(self.blob)
        rows = self.rows
        if (
            type(found) is not tuple
            or len(found) != len(rows)
            or any(type(q) is not Question or q.id != row.id for q, row in zip(found, rows, strict=False))
        ):  # the entry's tag verified: only a quizgen that wrote it wrong gets here
            raise RuntimeError(
                "a check cache entry's questions do not match its index: run quizgen check --no-cache"
            )
        put = object.__setattr__
        for q, row in zip(found, rows, strict=True):
            for name in _LAZY:
                put(row, name, getattr(q, name))
        self.blob = None
        self.rows = []


class LazyQuestion(Question):
    """A question of an unchanged bank file as its cache entry's index gives it: the fields of :data:`INDEXED`,
    its review status and cited articles; reading any other field decodes the file's questions
    (:meth:`Pending.decode`), after which it is whole. It equals the :class:`Question` of the same fields."""

    # ``status`` and ``cites`` are slots here, shadowing Question's properties: read as fast as a field.
    __slots__ = ("_pending", "cites", "status")

    def __new__(cls, *args: Any, **kwargs: Any) -> Question:  # type: ignore[misc]
        # Made by lazy_item and lazy_row alone; a copy (dataclasses.replace) is a plain question.
        return Question(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:  # only called for a slot not set yet
        if name not in _LAZY:
            raise AttributeError(name)
        self._pending.decode()
        return object.__getattribute__(self, name)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Question):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _FIELDS)

    __hash__ = Question.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return Question, tuple(getattr(self, n) for n in _FIELDS)


_SET = [Question.__dict__[n].__set__ for n in INDEXED]
_SET += [LazyQuestion.__dict__[n].__set__ for n in ("status", "cites", "_pending")]
_S0, _S1, _S2, _S3, _S4, _S5, _S6, _S7, _S8, _S9, _S10, _S11 = _SET  # the slots' own setters
_new = object.__new__


def lazy_row(pending: Pending, v0: Any, v1: Any, v2: Any, v3: Any, v4: Any, v5: Any, v6: Any, v7: Any,
             v8: Any, status: ReviewStatus, cites: tuple[str, ...]) -> LazyQuestion:  # fmt: skip
    """An index row of ``pending``'s next question: the fields of :data:`INDEXED`, its status and citations."""
    # The slots' own setters called one by one: a loop of object.__setattr__ took three times as long.
    if type(pending) is not Pending:
        raise SealError("an index row is not of its entry's questions")
    row = _new(LazyQuestion)
    _S0(row, v0), _S1(row, v1), _S2(row, v2), _S3(row, v3), _S4(row, v4), _S5(row, v5), _S6(row, v6)
    _S7(row, v7), _S8(row, v8), _S9(row, status), _S10(row, cites), _S11(row, pending)
    pending.rows.append(row)
    return row


_ALLOWED[(__name__, "Pending")] = Pending
_ALLOWED[(__name__, "lazy_row")] = lazy_row


def _item_reduced(item: FileItem, pending: Pending) -> tuple[Any, ...]:
    """How ``item`` is pickled in an index: by :func:`lazy_item` when its question's locations are in its file
    and its positions packed (every item the loader makes), else as a :class:`FileItem` of a :func:`lazy_row`."""
    q, at = item.question, item.at
    if q is None:
        return FileItem, (item.id, at, None)
    where, positions = q.location, q.locations
    if (
        type(at) is not Location
        or type(where) is not Location
        or type(positions) is not Positions
        or not at.path == where.path == q.path
    ):
        return FileItem, (item.id, at, q)
    return lazy_item, (pending, item.id, q.path, at.line, at.column, where.line, where.column, q.type, q.topic,
                       q.tags, positions._names, positions._packed, q.excludes, q.ignore_related, q.status,
                       q.cites)  # fmt: skip


_LOC = [Location.__dict__[n].__set__ for n in ("path", "line", "column")]
_L0, _L1, _L2 = _LOC
_P0, _P1, _P2 = [Positions.__dict__[n].__set__ for n in ("_names", "_packed", "_unpacked")]
_I0, _I1, _I2 = [FileItem.__dict__[n].__set__ for n in ("id", "at", "question")]
_PAIR_BYTES = 2 * array.array("I").itemsize


def lazy_item(pending: Pending, qid: str, path: str, at_line: int, at_column: int, line: int, column: int,
              qtype: Any, topic: str, tags: Any, names: tuple[str, ...], packed: bytes, excludes: Any,
              ignore_related: Any, status: ReviewStatus, cites: tuple[str, ...]) -> FileItem:  # fmt: skip
    """An item of an index with its question's row (see :func:`_item_reduced`): one call making the item, its
    two locations, its packed positions and its row (five objects made by five calls were most of reading an
    index)."""
    if type(pending) is not Pending or type(names) is not tuple or type(packed) is not bytes:
        raise SealError("an index item does not have its fields")
    if len(packed) != _PAIR_BYTES * len(names):
        raise SealError("positions do not match their field names")
    at = _new(Location)
    _L0(at, path), _L1(at, at_line), _L2(at, at_column)
    where = _new(Location)
    _L0(where, path), _L1(where, line), _L2(where, column)
    positions = _new(Positions)
    _P0(positions, names), _P1(positions, packed), _P2(positions, None)
    row = _new(LazyQuestion)
    _S0(row, qid), _S1(row, qtype), _S2(row, topic), _S3(row, tags), _S4(row, path), _S5(row, where)
    _S6(row, positions), _S7(row, excludes), _S8(row, ignore_related), _S9(row, status), _S10(row, cites)
    _S11(row, pending)
    pending.rows.append(row)
    item = _new(FileItem)
    _I0(item, qid), _I1(item, at), _I2(item, row)
    return item


_ALLOWED[(__name__, "lazy_item")] = lazy_item


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
