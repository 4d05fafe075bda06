"""Plain-JSON forms of the loader's and the checks' values, for the check cache (:mod:`quizgen.checks.cache`).

A frozen dataclass becomes the list of its field values in field order; enums their value, dates ISO text,
tuples lists, mappings objects. Decoding is driven by the classes' type hints and checks every value's type
as it goes, so a cache file that does not fit the classes of this quizgen raises :class:`CodecError` (and is
then ignored) instead of producing values of the wrong type. Only the classes listed in :data:`CLASSES` can
be produced: a cache file names no code to run (unlike a pickle).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any

from quizgen.core.diagnostics import Diagnostic, Location, Related, Severity
from quizgen.core.model import Evidence, Question, QuestionType, Review, ReviewStatus
from quizgen.load.bank import BankFile, FileItem

CLASSES: tuple[type, ...] = (Location, Related, Diagnostic, Evidence, Review, Question, FileItem, BankFile)
"""The dataclasses a cache file may hold."""
_ENUMS: tuple[type[enum.Enum], ...] = (Severity, QuestionType, ReviewStatus)


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
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if type(value) in CLASSES:
        return [encode(getattr(value, f.name)) for f in dataclasses.fields(value)]  # type: ignore[arg-type]
    raise CodecError(f"cannot encode a {type(value).__name__}")


_Decoder = Callable[[Any], Any]


def decoder(cls: type) -> _Decoder:
    """The function that turns the encoded form of a ``cls`` back into one (raising :class:`CodecError`)."""
    return _decoder(cls)


def _fail(what: str, value: object) -> CodecError:
    return CodecError(f"expected {what}, found {type(value).__name__}")


def _primitive(kind: type) -> _Decoder:
    def decode(value: Any) -> Any:
        if type(value) is not kind:
            raise _fail(kind.__name__, value)
        return value

    return decode


@functools.cache
def _decoder(hint: Any) -> _Decoder:
    if hint in (str, int, bool):
        return _primitive(hint)
    if hint is type(None):
        return _primitive(type(None))
    if hint is dt.date:

        def date(value: Any) -> dt.date:
            if type(value) is not str:
                raise _fail("a date", value)
            return dt.date.fromisoformat(value)

        return date
    if hint in _ENUMS:
        return hint  # type: ignore[no-any-return]  # Enum(value) raises ValueError on a foreign value
    if hint in CLASSES:
        return _dataclass(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        return _union(args)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def homogeneous(value: Any) -> tuple[Any, ...]:
                if type(value) is not list:
                    raise _fail("a list", value)
                return tuple(map(item, value))

            return homogeneous
        parts = tuple(_decoder(a) for a in args)

        def fixed(value: Any) -> tuple[Any, ...]:
            if type(value) is not list or len(value) != len(parts):
                raise _fail(f"a list of {len(parts)}", value)
            return tuple(d(v) for d, v in zip(parts, value, strict=True))

        return fixed
    if origin in (Mapping, dict):
        key, val = _decoder(args[0]), _decoder(args[1])

        def mapping(value: Any) -> dict[Any, Any]:
            if type(value) is not dict:
                raise _fail("an object", value)
            return {key(k): val(v) for k, v in value.items()}

        return mapping
    raise CodecError(f"no decoder for {hint!r}")


def _union(args: tuple[Any, ...]) -> _Decoder:
    optional = type(None) in args
    rest = [a for a in args if a is not type(None)]
    if len(rest) == 1:
        inner = _decoder(rest[0])

        def maybe(value: Any) -> Any:
            return None if value is None and optional else inner(value)

        return maybe
    if all(a in (str, int, bool) for a in rest):  # JSON keeps these apart by itself
        kinds = tuple(rest) + ((type(None),) if optional else ())

        def either(value: Any) -> Any:
            if type(value) not in kinds:
                raise _fail(" or ".join(k.__name__ for k in kinds), value)
            return value

        return either
    raise CodecError(f"no decoder for the union {args!r}")


def _dataclass(cls: type) -> _Decoder:
    hints = typing.get_type_hints(cls)
    fields = [f.name for f in dataclasses.fields(cls)]
    parts = [_decoder(hints[name]) for name in fields]
    count = len(parts)

    def decode(value: Any) -> Any:
        if type(value) is not list or len(value) != count:
            raise _fail(f"a {cls.__name__} ({count} values)", value)
        return cls(*[d(v) for d, v in zip(parts, value, strict=True)])

    return decode
