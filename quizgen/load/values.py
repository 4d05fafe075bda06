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

import yaml

from quizgen.core.diagnostics import Diagnostic, Location
from quizgen.core.rules import diag
from quizgen.load.rules import HIDDEN_CHARACTER, MAX_SHORT, MAX_TEXT, VALUE_TOO_LONG
from quizgen.load.yamlfile import location

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


def value_problems(top: yaml.Node | None, rel: str, text: str | None = None) -> list[Diagnostic]:
    """QG109 and QG110 for every scalar (keys included) under ``top``, located at the value.

    With the file's ``text``, the per-value search for hidden characters is skipped when the text holds none
    raw and no backslash (the only way YAML lets one in escaped): most files, and the load stays fast."""
    if top is None:
        return []
    hunt = text is None or "\\" in text or HIDDEN.search(text) is not None
    out: list[Diagnostic] = []
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    stack: list[tuple[yaml.Node, str | None]] = [(top, None)]
    while stack:  # iterative: composing allows nesting deeper than Python's recursion limit
        node, key = stack.pop()
        if isinstance(node, scalar):
            value = node.value
            if len(value) > MAX_SHORT:
                limit = MAX_SHORT if key in SHORT_KEYS else MAX_TEXT
                if len(value) > limit:
                    where = f"`{key}`" if key else "this value"
                    out.append(diag(VALUE_TOO_LONG, location(rel, node),
                                          f"{where} is {len(value)} characters long, over the limit of {limit}: "
                                          "shorten it"))  # fmt: skip
            if hunt:
                hidden = HIDDEN.search(value)
                if hidden is not None:
                    where = f"`{key}`" if key else "this value"
                    out.append(diag(HIDDEN_CHARACTER, location(rel, node),
                                          hidden_message(hidden.group(), where)))  # fmt: skip
        elif isinstance(node, mapping):
            for k, v in node.value:
                stack.append((k, "key"))
                stack.append((v, k.value if isinstance(k, scalar) else key))
        else:
            stack.extend((child, key) for child in node.value)
    out.sort(key=Diagnostic.sort_key)
    return out


def article_problems(text: str, rel: str) -> list[Diagnostic]:
    """QG109 for the first hidden character of an article, at its line and column."""
    found = _ARTICLE_HIDDEN.search(text)
    if found is None:
        return []
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    return [diag(HIDDEN_CHARACTER, Location(rel, line, column), hidden_message(found.group(), "the article"))]
