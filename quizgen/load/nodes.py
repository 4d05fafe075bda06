"""Typed reads of composed YAML nodes, shared by the catalogue, bank and config loaders.

Each function returns the value or ``None`` after recording a diagnostic on the reader.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from quizgen.load.rules import WRONG_TYPE
from quizgen.load.yamlfile import BOOL_TAG, NULL_TAG, NodeReader

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def describe(node: yaml.Node) -> str:
    """A short name of what a node holds, for messages."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    return f"{node.value!r}"


def text(reader: NodeReader, node: yaml.Node, name: str, *, allow_empty: bool = False) -> str | None:
    """A text value: a scalar taken as written (``2017`` is text here); yes/no/true/false need quotes."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == NULL_TAG:
        reader.error(node, WRONG_TYPE, f"{name} must be text, not {describe(node)}")
        return None
    if node.tag == BOOL_TAG:
        reader.error(
            node,
            WRONG_TYPE,
            f"{name} reads as YAML true/false: put {node.value!r} in quotes to mean the word",
        )
        return None
    value: str = node.value
    if not allow_empty and not value.strip():
        reader.error(node, WRONG_TYPE, f"{name} must not be empty")
        return None
    return value


def boolean(reader: NodeReader, node: yaml.Node, name: str) -> bool | None:
    """``true`` or ``false`` (any case); YAML 1.1's yes/no/on/off are refused as ambiguous."""
    if isinstance(node, yaml.ScalarNode) and node.tag == BOOL_TAG and node.value.lower() in ("true", "false"):
        return bool(node.value.lower() == "true")
    reader.error(node, WRONG_TYPE, f"{name} must be true or false, not {describe(node)}")
    return None


def whole(written: str) -> int | None:
    """The number ``written`` in ASCII digits, or ``None``.

    ``str.isdigit`` also takes superscripts (``²``), which ``int`` refuses, and ``int`` refuses more than 4300
    digits: both were internal errors. No count or id quizgen reads has more than :data:`MAX_DIGITS` digits.
    """
    if written.isascii() and written.isdigit() and len(written) <= MAX_DIGITS:
        return int(written)
    return None


MAX_DIGITS = 40
"""The most digits a whole number may have (an Anki id has 19)."""


def integer(reader: NodeReader, node: yaml.Node, name: str, *, minimum: int = 1) -> int | None:
    """A whole number, at least ``minimum``."""
    if isinstance(node, yaml.ScalarNode):
        number = whole(node.value)
        if number is not None and number >= minimum:
            return number
        if node.value.isascii() and node.value.isdigit():  # too many digits: the value would fill the screen
            reader.error(node, WRONG_TYPE, f"{name} must be a whole number of at least {minimum}, not a number "
                         f"of {len(node.value)} digits")  # fmt: skip
            return None
    reader.error(
        node, WRONG_TYPE, f"{name} must be a whole number of at least {minimum}, not {describe(node)}"
    )
    return None


def date(reader: NodeReader, node: yaml.Node, name: str) -> dt.date | None:
    """A date written ``YYYY-MM-DD``."""
    if isinstance(node, yaml.ScalarNode) and _DATE.fullmatch(node.value):
        try:
            return dt.date.fromisoformat(node.value)
        except ValueError:
            pass
    reader.error(node, WRONG_TYPE, f"{name} must be a date written YYYY-MM-DD, not {describe(node)}")
    return None


def sequence(reader: NodeReader, node: yaml.Node, name: str) -> list[yaml.Node] | None:
    """The items of a list."""
    if not isinstance(node, yaml.SequenceNode):
        reader.error(node, WRONG_TYPE, f"{name} must be a list, not {describe(node)}")
        return None
    items: list[yaml.Node] = node.value
    return items


def mapping(reader: NodeReader, node: yaml.Node, name: str) -> yaml.MappingNode | None:
    """A mapping node."""
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, WRONG_TYPE, f"{name} must be a mapping of fields, not {describe(node)}")
        return None
    return node


def text_list(reader: NodeReader, node: yaml.Node, name: str) -> list[tuple[str, yaml.Node]] | None:
    """A list of texts, each with its node (for locations)."""
    items = sequence(reader, node, name)
    if items is None:
        return None
    out: list[tuple[str, yaml.Node]] = []
    ok = True
    for i, item in enumerate(items):
        value = text(reader, item, f"{name}[{i}]")
        if value is None:
            ok = False
        else:
            out.append((value, item))
    return out if ok else None
