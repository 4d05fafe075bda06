"""The values the check cache (:mod:`quizgen.checks.cache`) may hold, and their plain-JSON form.

:data:`CLASSES` and :data:`ENUMS` are all a cache entry may make (:mod:`quizgen.checks.sealed` refuses any
other class). :func:`encode` gives a value's JSON-ready form, which the cache compares to tell whether an item
of an edited file is the same as before: a frozen dataclass becomes the list of its field values in field
order; enums their value, dates ISO text, tuples lists, mappings objects.
"""

from __future__ import annotations

import array
import dataclasses
import datetime as dt
import enum
import functools
import struct
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from quizgen.checks.relations import Elimination, Findings, Leak
from quizgen.core.diagnostics import Diagnostic, Location, Related, Severity
from quizgen.core.model import (
    Caption,
    Difficulty,
    Evidence,
    Furniture,
    Level,
    LineRange,
    Question,
    QuestionType,
    Review,
    ReviewStatus,
    Variant,
)
from quizgen.core.text import NormalizedText
from quizgen.load.bank import BankFile, FileItem
from quizgen.load.sources import Catalogue, CatalogueEntry, Prepared

CLASSES: tuple[type, ...] = (
    Location, Related, Diagnostic, Evidence, Review, Question, FileItem, BankFile, Leak, Elimination, Findings,
    LineRange, Furniture, Caption, Variant, CatalogueEntry, Catalogue, NormalizedText, Prepared,
)  # fmt: skip
"""The dataclasses a cache file may hold."""
ENUMS: tuple[type[enum.Enum], ...] = (Severity, QuestionType, ReviewStatus, Level, Difficulty)
"""The enums a cache file may hold."""


class Positions(Mapping[str, tuple[int, int]]):
    """A question's field positions (:attr:`Question.locations`) as a check-cache entry keeps them: the field
    names (one tuple shared by the items with the same fields) and the lines and columns packed in bytes,
    unpacked on first use. As a dict of pairs they were two thirds of the objects an entry made (a tuple and
    up to two integers a field), and unpickling the unchanged files' items was most of an incremental check;
    most items' positions are never read (only where a check reports something)."""

    __slots__ = ("_names", "_packed", "_unpacked")

    def __init__(self, names: tuple[str, ...], packed: bytes) -> None:
        if type(names) is not tuple or type(packed) is not bytes or len(packed) != 2 * _WIDTH * len(names):
            raise CodecError("positions do not match their field names")
        self._names = names
        self._packed = packed
        self._unpacked: dict[str, tuple[int, int]] | None = None

    @classmethod
    def of(
        cls, positions: Mapping[str, tuple[int, int]], names: dict[tuple[str, ...], tuple[str, ...]]
    ) -> Mapping[str, tuple[int, int]]:
        """``positions`` packed (as they are if they cannot be: not pairs of small naturals); ``names`` makes
        equal tuples of field names one object."""
        if type(positions) is not dict or any(
            type(p) is not tuple or len(p) != 2 for p in positions.values()
        ):
            return positions
        key = tuple(positions)
        try:
            numbers = array.array("I", [n for pair in positions.values() for n in pair])
        except (OverflowError, TypeError):
            return positions
        return cls(names.setdefault(key, key), numbers.tobytes())

    def _dict(self) -> dict[str, tuple[int, int]]:
        found = self._unpacked
        if found is None:
            numbers = array.array("I")
            numbers.frombytes(self._packed)
            pairs = iter(numbers)
            found = self._unpacked = dict(zip(self._names, zip(pairs, pairs, strict=True), strict=True))
        return found

    def __getitem__(self, key: str) -> tuple[int, int]:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def get(self, key: str, default: Any = None) -> Any:
        # One field looked up (how Question.at asks) is read from the bytes: unpacking all of an item's
        # fields into a dict for it was a twentieth of an incremental check (every item a relation names).
        if self._unpacked is not None:
            return self._unpacked.get(key, default)
        try:
            i = self._names.index(key)
        except ValueError:
            return default
        return _PAIR.unpack_from(self._packed, i * _PAIR.size)

    def __contains__(self, key: object) -> bool:
        return key in self._dict()

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return repr(self._dict())

    def __reduce__(self) -> tuple[Any, ...]:
        return Positions, (self._names, self._packed)


_WIDTH = array.array("I").itemsize
_PAIR = struct.Struct("II")
"""A field's line and column as :meth:`Positions.of` packs them (``array("I")``: native order and size, as
``struct``'s "II")."""
_MISSING = object()


class CodecError(ValueError):
    """A value does not have the form its type needs."""


def encode(value: object) -> Any:
    """The JSON-ready form of ``value`` (one of :data:`CLASSES`, or what their fields hold)."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, frozenset):
        return sorted(encode(v) for v in value)  # sorted: the same set, the same bytes
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, Question):  # also a question of a cache entry's index (sealed.LazyQuestion)
        return _encoder(Question)(value)
    if type(value) in CLASSES:
        encoder: Callable[[Any], list[Any]] = _encoder(type(value))  # type: ignore[arg-type]
        return encoder(value)
    raise CodecError(f"cannot encode a {type(value).__name__}")


@functools.cache
def _encoder(cls: type) -> Callable[[Any], list[Any]]:
    """The encoder of ``cls``, compiled like the decoders: text, numbers, their optionals, tuples of text and
    field positions are passed as they are (``json`` writes them), everything else goes through :func:`encode`."""
    hints = typing.get_type_hints(cls)
    parts = []
    for f in dataclasses.fields(cls):
        hint, args = hints[f.name], typing.get_args(hints[f.name])
        if hint in _PRIMITIVES or (
            typing.get_origin(hint) in (types.UnionType, typing.Union)
            and all(a in _PRIMITIVES or a is type(None) for a in args)
        ):
            parts.append(f"o.{f.name}")
        elif typing.get_origin(hint) is tuple and args == (str, Ellipsis):
            parts.append(f"o.{f.name}")  # json writes a tuple as a list
        elif typing.get_origin(hint) in (Mapping, dict) and args == (str, tuple[int, int]):
            parts.append(f"dict(o.{f.name})")
        else:
            parts.append(f"_encode(o.{f.name})")
    scope: dict[str, Any] = {"_encode": encode, "dict": dict}
    source = f"def enc(o):\n    return [{', '.join(parts)}]\n"
    exec(compile(source, f"<encoder of {cls.__name__}>", "exec"), scope)  # source made here from type hints
    enc: Callable[[Any], list[Any]] = scope["enc"]
    return enc


_PRIMITIVES = (str, int, bool)
