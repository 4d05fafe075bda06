"""Values no field may hold, whatever the file: hidden characters and text too long to typeset.

Checked on the composed YAML nodes of every bank, catalogue, deck and config file (and on article text), so a
field read by any later stage is covered without each loader naming its fields:

* control characters (C0 but tab and newline, DEL, C1 but NEL, a line break like newline), bidi
  embedding/override/isolate characters, lone surrogates and noncharacters (U+FFFE, U+FFFF, ...) -- QG109.
  YAML refuses most of them raw, but its escapes (``"\\x1f"``, ``"\\u202e"``) let them through: Anki's
  field separator U+001F makes the whole ``.apkg`` unimportable, a bidi override shows an answer reversed,
  NUL and U+FFFF break the typesetter.
* values longer than :data:`MAX_SHORT` (names: ids, outlets, headlines, topics, tags) or :data:`MAX_TEXT`
  characters (any other text) -- QG110: a 300 KB outlet took gigabytes to typeset.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import yaml

from quizgen.core.diagnostics import Diagnostic, Location, Severity
from quizgen.load.yamlfile import location

MAX_SHORT = 200
"""Longest name-like value (see :data:`SHORT_KEYS`), in characters."""
MAX_TEXT = 5000
"""Longest other text value, in characters (the longest field of the shipped bank is 609)."""
SHORT_KEYS = frozenset(
    {"id", "topic", "tags", "outlet", "headline", "source", "by", "name", "status", "type"}
)
"""Keys whose values are names, shown in deck names, tags, citations and headers."""

HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U0001fffe\U0001ffff\U0010fffe\U0010ffff]"
)
"""Characters no value (nor article) may hold; tab and newline are allowed."""
_ARTICLE_HIDDEN = re.compile(HIDDEN.pattern.replace("\x0b-\x1f", "\x0b\x0e-\x1f"))
"""In an article, carriage returns and form feeds are line ends, not hidden characters."""


def describe(char: str) -> str:
    """``U+001F INFORMATION SEPARATOR ONE`` (control characters have no Unicode name: their alias is used)."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if not name:
        name = _ALIASES.get(
            code, "a control character" if code < 0xA0 else "a noncharacter or lone surrogate"
        )
    return f"U+{code:04X} ({name})"


_ALIASES = {
    0: "NULL",
    8: "BACKSPACE",
    0x0D: "CARRIAGE RETURN",
    0x1F: "UNIT SEPARATOR, Anki's field separator",
}


def hidden_message(char: str, what: str) -> str:
    """The QG109 message for ``char`` found in ``what``."""
    kind = "a bidi control" if 0x202A <= ord(char) <= 0x2069 else "a control or invalid character"
    return (
        f"{what} holds {describe(char)}, {kind} that readers cannot see and decks cannot carry: "
        "delete it (retype the text around it if unsure where it is)"
    )


def value_problems(top: yaml.Node | None, rel: str) -> list[Diagnostic]:
    """QG109 and QG110 for every scalar (keys included) under ``top``, located at the value."""
    out: list[Diagnostic] = []
    for node, key in _scalars(top, None):
        value = node.value
        if not isinstance(value, str):
            continue
        where = f"`{key}`" if key else "this value"
        hidden = HIDDEN.search(value)
        if hidden is not None:
            out.append(
                Diagnostic(
                    location(rel, node), Severity.ERROR, "QG109", hidden_message(hidden.group(), where)
                )
            )
        limit = MAX_SHORT if key in SHORT_KEYS else MAX_TEXT
        if len(value) > limit:
            out.append(
                Diagnostic(
                    location(rel, node),
                    Severity.ERROR,
                    "QG110",
                    f"{where} is {len(value)} characters long, over the limit of {limit}: shorten it",
                )
            )
    return out


def _scalars(node: yaml.Node | None, key: str | None) -> Iterator[tuple[yaml.ScalarNode, str | None]]:
    # Iterative: nesting depth was bounded while composing, but there is no need to rely on it here.
    stack: list[tuple[yaml.Node, str | None]] = [(node, key)] if node is not None else []
    while stack:
        current, name = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield current, name
        elif isinstance(current, yaml.SequenceNode):
            stack.extend((child, name) for child in reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            for k, v in reversed(current.value):
                child_key = k.value if isinstance(k, yaml.ScalarNode) and isinstance(k.value, str) else name
                stack.append((v, child_key))
                stack.append((k, "key"))


def article_problems(text: str, rel: str) -> list[Diagnostic]:
    """QG109 for the first hidden character of an article, at its line and column."""
    found = _ARTICLE_HIDDEN.search(text)
    if found is None:
        return []
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    return [
        Diagnostic(
            Location(rel, line, column), Severity.ERROR, "QG109", hidden_message(found.group(), "the article")
        )
    ]
