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
* an unquoted value followed on its line by ``#`` and a word (``ranked #1 in the poll``) -- QG111: YAML read
  the rest of the line as a comment and dropped it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import yaml

from quizgen.core.diagnostics import Diagnostic, Location
from quizgen.core.rules import diag
from quizgen.load.rules import COMMENT_IN_VALUE, HIDDEN_CHARACTER, MAX_SHORT, MAX_TEXT, VALUE_TOO_LONG
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
_WORD_COMMENT = re.compile(r"[ \t]#[^\s#]")
"""A comment opening straight onto a word or digit (``ranked #1``): text cut short, not a remark (QG111)."""


def may_hide(text: str, allowed: str = "\n\t") -> bool:
    """Whether ``text`` may hold a :data:`HIDDEN` character (``allowed``: line ends and tabs it may hold).

    Every hidden character is one Unicode calls "Other" (controls, format, surrogates, unassigned), so text
    that is printable once its ``allowed`` characters are taken out holds none: ``str.isprintable`` says so
    some fifty times faster than searching a bank file or an article with the pattern."""
    for char in allowed:
        text = text.replace(char, "")
    return not text.isprintable()


def _word_comments(text: str) -> list[int]:
    """Where :data:`_WORD_COMMENT` matches in ``text``, in order (found from each ``#``: most files have
    none, and the pattern tried every space)."""
    out = []
    at = text.find("#")
    end = len(text) - 1
    while at >= 0:
        if 0 < at < end and text[at - 1] in " \t":
            after = text[at + 1]
            if after != "#" and not after.isspace():
                out.append(at - 1)
        at = text.find("#", at + 1)
    return out


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
    hunt = text is None or "\\" in text or (may_hide(text) and HIDDEN.search(text) is not None)
    # Lines where a comment opens onto a word; only their plain values are looked at (most files have none).
    cut_lines = _lines_of(_word_comments(text), text) if text else set()
    out: list[Diagnostic] = []
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    stack: list[tuple[yaml.Node, str | None]] = [(top, None)]
    if not hunt and not cut_lines:
        # The usual file: only a value's length can be wrong. Scalars are measured where their mapping or list
        # is walked, not pushed and popped one by one (a tenth of loading a bank file); the few long ones are
        # then looked at by the general walk below.
        stack = _long_scalars(top)
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
            if cut_lines and node.end_mark.line in cut_lines and not node.style and key != "key":
                assert text is not None  # cut_lines come from it
                cut = _cut_short(node, key, rel, text)
                if cut is not None:
                    out.append(cut)
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


def _long_scalars(top: yaml.Node) -> list[tuple[yaml.Node, str | None]]:
    """The scalars under ``top`` longer than :data:`MAX_SHORT`, with the key each is under (``"key"`` for a key
    itself), as :func:`value_problems` walks them."""
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode
    found: list[tuple[yaml.Node, str | None]] = []
    stack: list[tuple[yaml.Node, str | None]] = [(top, None)]
    while stack:
        node, key = stack.pop()
        kind = type(node)
        if kind is mapping:
            for k, v in node.value:
                if type(k) is scalar:
                    if len(k.value) > MAX_SHORT:
                        found.append((k, "key"))
                    under = k.value
                else:
                    stack.append((k, "key"))
                    under = key
                if type(v) is scalar:
                    if len(v.value) > MAX_SHORT:
                        found.append((v, under))
                else:
                    stack.append((v, under))
        elif kind is scalar:
            if len(node.value) > MAX_SHORT:
                found.append((node, key))
        else:
            for child in node.value:
                if type(child) is scalar:
                    if len(child.value) > MAX_SHORT:
                        found.append((child, key))
                else:
                    stack.append((child, key))
    return found


def _lines_of(starts: Iterable[int], text: str) -> set[int]:
    """The 0-based lines of offsets ``starts`` (in text order), counting line breaks once, not from the start
    each time."""
    lines: set[int] = set()
    line = at = 0
    for start in starts:
        line += text.count("\n", at, start)
        at = start
        lines.add(line)
    return lines


def _cut_short(node: yaml.ScalarNode, key: str | None, rel: str, text: str) -> Diagnostic | None:
    """QG111 when the plain scalar ``node`` ends where a comment opening onto a word starts, on its last line."""
    end = node.end_mark.index
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    stripped = rest.lstrip(" \t")
    if len(stripped) < 2 or stripped[0] != "#" or stripped[1].isspace() or stripped[1] == "#":
        return None
    where = f"`{key}`" if key else "this value"
    column = node.end_mark.column + len(rest) - len(stripped) + 1
    dropped = stripped.rstrip()
    return diag(COMMENT_IN_VALUE, Location(rel, node.end_mark.line + 1, column),
                f"{where} reads as {node.value!r}: YAML took {dropped!r} for a comment and dropped it; put the "
                "whole value in quotes to keep it (or write '# ' with a space if it is a comment)")  # fmt: skip


def article_problems(text: str, rel: str) -> list[Diagnostic]:
    """QG109 for the first hidden character of an article, at its line and column."""
    found = _ARTICLE_HIDDEN.search(text) if may_hide(text, "\n\t\r\x0c") else None
    if found is None:
        return []
    before = text[: found.start()]
    line = before.count("\n") + 1
    column = found.start() - (before.rfind("\n") + 1) + 1
    return [diag(HIDDEN_CHARACTER, Location(rel, line, column), hidden_message(found.group(), "the article"))]
