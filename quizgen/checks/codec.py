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
_ENUMS = ENUMS


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
    if origin is frozenset:
        element = _decoder(args[0])

        def members(value: Any) -> frozenset[Any]:
            if type(value) is not list:
                raise _fail("a list", value)
            return frozenset(map(element, value))

        return members
    if origin in (Mapping, dict) and args[0] is str and args[1] == tuple[int, int]:

        def positions(value: Any) -> dict[str, tuple[int, int]]:
            if type(value) is not dict:
                raise _fail("an object", value)
            out = {}
            for k, pos in value.items():  # JSON object keys are always text
                if (
                    type(pos) is not list
                    or len(pos) != 2
                    or type(pos[0]) is not int
                    or type(pos[1]) is not int
                ):
                    raise _fail("a [line, column] pair", pos)
                out[k] = (pos[0], pos[1])
            return out

        return positions
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


def _bad(what: str) -> Any:
    raise CodecError(f"expected {what}")


def _dataclass(cls: type) -> _Decoder:
    """A decoder for ``cls``, compiled from its type hints into one function: checks of text, numbers and
    optional values are written inline (a call per field would make reading a large cache slower than
    parsing the bank again)."""
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    scope: dict[str, Any] = {"_cls": cls, "_bad": _bad, "tuple": tuple, "type": type, "list": list}
    parts = []
    for i, name in enumerate(names):
        parts.append(_inline(hints[name], f"v[{i}]", f"_x{i}", f"{cls.__name__}.{name}", scope))
    source = (
        "def decode(v):\n"
        f"    if type(v) is not list or len(v) != {len(names)}:\n"
        f"        _bad({cls.__name__ + ' (a list of ' + str(len(names)) + ' values)'!r})\n"
        f"    return _cls({', '.join(parts)})\n"
    )
    exec(compile(source, f"<decoder of {cls.__name__}>", "exec"), scope)  # source made here from type hints
    decode: _Decoder = scope["decode"]
    return decode


_PRIMITIVES = (str, int, bool)


def _inline(hint: Any, expr: str, var: str, what: str, scope: dict[str, Any]) -> str:
    """A Python expression that decodes ``expr`` as ``hint`` (``var`` is a free temporary name)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint in _PRIMITIVES:
        return f"({var} if type({var} := {expr}) is {hint.__name__} else _bad({what!r}))"
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        if all(a in _PRIMITIVES for a in rest):
            kinds = " or ".join(f"type({var}) is {a.__name__}" for a in rest)
            return f"({var} if ({var} := {expr}) is None or {kinds} else _bad({what!r}))"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] is str:
        return (
            f"(tuple({var}) if type({var} := {expr}) is list and all(type(e) is str for e in {var}) "
            f"else _bad({what!r}))"
        )
    name = f"_d_{var}"
    scope[name] = _decoder(hint)
    return f"{name}({expr})"
