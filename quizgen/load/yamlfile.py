"""Reading YAML safely, with the file:line:col of every value.

PyYAML's C parser composes the file into nodes that carry their source marks; quizgen builds its own values
from those nodes instead of letting a constructor do it, so that:

* every value keeps its location (marks are 0-based; they become 1-based here, once);
* duplicate keys are an error (PyYAML silently keeps the last one);
* aliases are refused anywhere in a file, before composing, which also defuses "billion laughs" alias bombs;
* nesting deeper than :data:`MAX_DEPTH` is refused before composing whenever a cheap bound cannot rule out
  nesting deep enough to overflow PyYAML's recursive C composer;
* tags other than the standard scalar, sequence and mapping tags are refused (no object construction);
* scalars keep their source text, so ``answer: no`` is the word "no" where text is expected (the "Norway
  problem" cannot happen), and ``2017`` can be an answer.

A file that cannot be read (missing, too large, not UTF-8) or parsed gives one :class:`Diagnostic` instead.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quizgen.core.diagnostics import Diagnostic, Location
from quizgen.core.rules import Rule, diag
from quizgen.load.rules import DUPLICATE_KEY, FILE_UNREADABLE, WRONG_TYPE, YAML_SYNTAX, YAML_UNSUPPORTED

MAX_FILE_BYTES = 8 * 1024 * 1024
"""Largest bank, catalogue or article file read, in bytes. A bigger file is refused with a diagnostic."""
MAX_DEPTH = 64
"""Deepest nesting of lists and mappings composed. PyYAML composes recursively (the C parser crashes the
process at a few ten thousand levels), so deeper files are refused before composing."""

STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = frozenset(
    "yes Yes YES no No NO true True TRUE false False FALSE on On ON off Off OFF".split()
)  # YAML 1.1, as PyYAML's SafeLoader reads them


class _Resolver(yaml.resolver.BaseResolver):
    """Tags only what quizgen reads by tag (null and booleans); every other plain scalar is text.

    PyYAML's full resolver tries a regular expression per scalar for ints, floats and timestamps, which
    quizgen never uses (it reads the scalar's source text): a tenth of the load time of a large bank.
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return NULL_TAG
                if value in _BOOLS:
                    return BOOL_TAG
            return STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    # Path-based resolvers are never registered here; skip their per-node bookkeeping.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


try:  # the C parser is much faster; the pure-Python one gives the same nodes and marks
    from yaml._yaml import CParser

    class _Loader(CParser, _Resolver):  # type: ignore[misc,unused-ignore]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

    class _ValueLoader(CParser, yaml.resolver.Resolver):  # type: ignore[misc,unused-ignore]
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.resolver.Resolver.__init__(self)

except ImportError:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver.__init__(self)

    class _ValueLoader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        yaml.resolver.Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)


_SCALAR_TAGS = frozenset(
    {
        STR_TAG,
        NULL_TAG,
        BOOL_TAG,
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:timestamp",
    }
)


class ReadError(Exception):
    """A file could not be read or parsed; carries the one diagnostic that says why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _error(path: str, line: int, column: int, rule: Rule, message: str) -> ReadError:
    return ReadError(diag(rule, Location(path, line, column), message))


def printable(name: str) -> str:
    """``name`` with each byte that is not UTF-8 (which Python holds as a lone surrogate) written ``\\xNN``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def misnamed(rel: str) -> Diagnostic | None:
    """The error for a file whose name is not UTF-8 (it could be neither shown nor hashed as text), else None."""
    shown = printable(rel)
    if shown == rel:
        return None
    return diag(
        FILE_UNREADABLE,
        Location(shown, 1, 1),
        f"the name of {shown} is not UTF-8 (each byte that is not is shown as \\xNN): rename the file",
    )


def read_text(path: Path, rel: str, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file (a leading byte-order mark is dropped), or raise :class:`ReadError`."""
    return read_file(path, rel, max_bytes=max_bytes)[1]


def read_file(path: Path, rel: str, *, max_bytes: int = MAX_FILE_BYTES) -> tuple[bytes, str]:
    """Read a UTF-8 text file as (bytes, text without a byte-order mark), or raise :class:`ReadError`.

    Only a regular file inside the project is read: a link leading out of it (to ``/etc/passwd``) would put
    another file's text into the decks, a FIFO would hang the read and ``/dev/zero`` would never end. The size
    is checked on the open file before reading, and at most ``max_bytes + 1`` bytes are read.
    """
    wrong_name = misnamed(rel)
    if wrong_name is not None:
        raise ReadError(wrong_name)
    try:
        outside = _outside(path, rel)
    except (RuntimeError, OSError):  # Path.resolve on a link loop: RuntimeError before Python 3.13
        raise _error(
            rel, 1, 1, FILE_UNREADABLE, f"{rel} is a link that leads back to itself: replace it with the file"
        ) from None
    if outside is not None:
        raise _error(
            rel,
            1,
            1,
            FILE_UNREADABLE,
            f"{rel} leads outside the project (to {outside}): quizgen reads only files inside the project; "
            "copy the file in instead of linking to it",
        )
    from quizgen.core.fileio import (  # tempfile: not at start-up
        FileTooLargeError,
        NotRegularFileError,
        read_regular,
    )

    try:
        data = read_regular(path, max_bytes)
    except NotRegularFileError as exc:
        raise _error(
            rel,
            1,
            1,
            FILE_UNREADABLE,
            f"cannot read file: it is {_kind(exc.mode)}, not a regular file; put a plain text file there",
        ) from None
    except FileTooLargeError as exc:
        raise _too_large(rel, exc.size, max_bytes) from None
    except OSError as exc:
        raise _error(rel, 1, 1, FILE_UNREADABLE, f"cannot read file: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from quizgen.core.text import byte_position  # only on this error: not on every read's path

        line, column = byte_position(data, exc.start)
        raise _error(
            rel,
            line,
            column,
            FILE_UNREADABLE,
            f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); re-save it as UTF-8",
        ) from None
    return data, text.removeprefix("\ufeff")


def _too_large(rel: str, size: int, max_bytes: int) -> ReadError:
    return _error(
        rel,
        1,
        1,
        FILE_UNREADABLE,
        f"file is {size / 1048576:.1f} MiB, over the {max_bytes / 1048576:.0f} MiB limit; "
        "split it into smaller files",
    )


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a device"),
             (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))  # fmt: skip
    return next((name for test, name in kinds if test(mode)), "not a plain file")


def _outside(path: Path, rel: str) -> str | None:
    """Where ``path`` really leads, if that is outside the project, else ``None``.

    The project root is ``path`` without the parts of ``rel`` (its project-relative form); a ``rel`` that does
    not end ``path`` names no root, and then nothing is refused here.
    """
    parts = Path(rel).parts
    if parts[:1] == ("..",):
        return str(Path(path).resolve())
    if not os.path.islink(path):  # the usual case, one lstat: ``rel`` already places its folder inside
        return None
    full = Path(path).absolute().parts  # root "." is a real folder too
    if not parts or Path(rel).is_absolute() or len(parts) >= len(full) or full[-len(parts) :] != parts:
        return None
    root = Path(*full[: -len(parts)])
    target = Path(path).resolve()
    return None if target.is_relative_to(root.resolve()) else str(target)


def _events(text: str) -> Iterator[yaml.Event]:
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if event is not None:
                yield event
    finally:
        loader.dispose()


def _scan(text: str, rel: str) -> None:
    """Refuse, before composing, nesting deeper than :data:`MAX_DEPTH`, aliases and foreign tags anywhere.

    The parser's events are flat, so this is safe on any input; composing is not (it recurses), and the
    node reader only sees the values it visits, not aliases or tags inside a value of the wrong type.
    """
    depth = 0
    unused_anchor: ReadError | None = None
    for event in _events(text):
        problem: tuple[Rule, str] | None = None
        tag = getattr(event, "tag", None)
        anchor = None if isinstance(event, yaml.AliasEvent) else getattr(event, "anchor", None)
        if anchor is not None and unused_anchor is None:
            # An anchor nobody refers to still swallows text (``answer: &Co`` is an empty answer); an alias
            # further on is the graver problem, so this one is reported only when the scan finds no other.
            unused_anchor = _at(
                rel,
                event.start_mark,
                YAML_UNSUPPORTED,
                f"&{anchor} is read as a YAML anchor (&name), which the bank does not allow"
                + _quote_hint(text, event.start_mark, "&"),
            )
        if isinstance(event, yaml.AliasEvent):
            problem = (
                YAML_UNSUPPORTED,
                f"alias *{event.anchor} reuses a value through a YAML anchor (&name, *name), which the bank "
                "does not allow: write each value out in full" + _quote_hint(text, event.start_mark, "*"),
            )
        elif tag == "!" or (tag not in (None, _SEQ_TAG, _MAP_TAG) and tag not in _SCALAR_TAGS):
            # A lone ``!`` is a tag too: ``prompt: ! news`` would silently drop the mark.
            problem = (
                YAML_UNSUPPORTED,
                f"YAML tag {tag!r} is not allowed: bank values are plain data"
                + _quote_hint(text, event.start_mark, "!"),
            )
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                problem = (
                    YAML_SYNTAX,
                    f"YAML nested too deeply (over {MAX_DEPTH} levels of lists and mappings)",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if problem is not None:
            raise _at(rel, event.start_mark, *problem)
    if unused_anchor is not None:
        raise unused_anchor


def _at(rel: str, mark: Any, rule: Rule, message: str) -> ReadError:
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return _error(rel, line, column, rule, message)


SAFE_COMPOSE_DEPTH = 10_000
"""Nesting the C composer handles without risk (it overflows the C stack near 30,000 levels)."""
_PROPERTY = re.compile(r"(?:^|[\s\[{,:])[&*!]", re.MULTILINE)


def _has_property(text: str) -> bool:
    """Whether :data:`_PROPERTY` matches in ``text``, found from each indicator (rare in a bank) rather than
    by trying the pattern at every position (a tenth of the time of loading a bank file)."""
    for indicator in "&*!":
        at = text.find(indicator)
        while at >= 0:
            if at == 0 or text[at - 1].isspace() or text[at - 1] in "[{,:":
                return True
            at = text.find(indicator, at + 1)
    return False


def _needs_scan(text: str) -> bool:
    """Whether the event scan must run: an alias, anchor or tag may be present, or nesting may be unsafe.

    Sound, cheap bounds instead of a second parse of every file: alias, anchor and tag indicators can only
    start after whitespace, a flow indicator or a line start; block nesting grows by at most two levels per
    column, so it is bounded by twice the longest line; flow nesting needs an opening bracket per level.
    """
    if _has_property(text):
        return True
    longest = max(map(len, text.split("\n")))
    return 2 * (longest + 1) + text.count("[") + text.count("{") > SAFE_COMPOSE_DEPTH


def _compose(text: str, loader_class: type[Any] = _Loader) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def compose(text: str, rel: str, *, values: bool = False) -> yaml.Node | None:
    """Parse YAML text into nodes (``None`` for an empty document), or raise :class:`ReadError`.

    With ``values``, scalars are tagged as PyYAML's safe loader tags them (ints, floats, dates), so that
    ``yaml.constructor.SafeConstructor`` makes of a node what ``yaml.safe_load`` makes of its text: a caller
    that needs both the marks and the values parses the file once."""
    try:
        if _needs_scan(text):
            _scan(text, rel)
        return _compose(text, _ValueLoader if values else _Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        unclosed = _unclosed_quote(exc)
        if unclosed is not None:  # the end of the file is no place to look for the quote left open
            mark = exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "syntax error"
        hint = unclosed if unclosed is not None else _syntax_hint(text, exc)
        raise _error(rel, line, column, YAML_SYNTAX, f"YAML syntax error: {what}{hint}") from None
    except yaml.reader.ReaderError as exc:  # a control character; its position is in bytes or characters
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        before = text[: max(at, 0)]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise _error(
            rel,
            line,
            column,
            YAML_SYNTAX,
            f"YAML syntax error: character U+{exc.character:04X} is not allowed",
        ) from None
    except yaml.YAMLError as exc:
        raise _error(rel, 1, 1, YAML_SYNTAX, f"YAML syntax error: {exc}") from None


_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s#'\"{}\[\]][^:#]*?):[ \t]+(?P<value>.*?)\s*$")
"""A block line ``key: value`` (perhaps a list entry, ``- key: value``): what a hint quotes."""
_LEADING = "@`%*&![{-|>"
"""Characters YAML reads specially at the start of a plain value (reserved, alias, anchor, tag, flow...)."""


def quoted(value: str) -> str:
    """``value`` as a YAML scalar that reads back as itself: in double quotes, or single ones when it holds
    a double quotation mark (a single one inside is then written twice)."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _line(text: str, mark: Any) -> str:
    """The line of ``text`` a parser mark points into (``""`` for none); C and Python marks alike."""
    if mark is None:
        return ""
    lines = text.split("\n")
    return str(lines[mark.line]) if mark.line < len(lines) else ""


def _suggest(line: str) -> str:
    """``: write KEY: "VALUE"`` for the ``key: value`` on ``line`` (its value unquoted first when it is
    wrapped in one kind of quotation mark), or a plain request to quote when the line is not one."""
    found = _KEY_VALUE.match(line)
    if found is None or not found["value"]:
        return ": put the text in quotes"
    value = found["value"]
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].replace("''", "'") if value[0] == "'" else value[1:-1]
    return f": write {found['key']}: {quoted(value)}"


def _quote_hint(text: str, mark: Any, char: str) -> str:
    """For text that starts with a YAML indicator: say so, and quote the line's value."""
    return f"; if this is text, a value starting with {char} must be quoted{_suggest(_line(text, mark))}"


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> str | None:
    """The hint for a quoted value the file never closes (``None`` for any other error)."""
    if exc.context != "while scanning a quoted scalar" or exc.context_mark is None:
        return None
    mark = exc.context_mark
    return (
        f"; the quotation mark opened at line {mark.line + 1}, column {mark.column + 1} is never closed: close "
        "it at the end of the value"
    )


def _syntax_hint(text: str, exc: yaml.MarkedYAMLError) -> str:
    """What to do about the commonest YAML mistakes, or nothing when the error is none of them."""
    mark = exc.problem_mark
    line = _line(text, mark)
    at = line[mark.column] if mark is not None and mark.column < len(line) else ""
    problem = exc.problem or ""
    if exc.context in ("while scanning an anchor", "while scanning an alias", "while scanning a tag"):
        start = exc.context_mark
        return _quote_hint(text, start, _line(text, start)[start.column :][:1] if start else "")
    if "\t" in problem or "tab" in problem or at == "\t":
        return "; indent with spaces: YAML does not allow tabs in indentation"
    if problem.startswith("mapping values are not allowed"):
        return (
            f"; a colon followed by a space inside a value starts a new key: quote the value{_suggest(line)}"
        )
    if at in _LEADING and "cannot start any token" in problem:
        return _quote_hint(text, mark, at)
    found = _KEY_VALUE.match(line)
    if found is not None and problem.startswith("did not find expected key"):
        value = found["value"]
        if value[:1] in "'\"":
            return (
                f"; the value's closing quotation mark ({value[0]}) comes before its end (to use that mark inside "
                f"the text, quote with the other one){_suggest(line)}"
            )
        if value[:1] in "[{":
            return _quote_hint(text, mark, value[0])
    if found is not None and problem.startswith("block sequence entries are not allowed"):
        return _quote_hint(text, mark, "-")
    return ""


def location(rel: str, node: yaml.Node) -> Location:
    """The 1-based location of a node."""
    mark = node.start_mark
    return Location(rel, mark.line + 1, mark.column + 1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One key of a mapping, with its nodes."""

    key: str
    """The key's text."""
    key_node: yaml.ScalarNode
    """The key node (for locations)."""
    value: yaml.Node
    """The value node."""


class NodeReader:
    """Walks the composed nodes of one file (aliases and foreign tags were refused while composing), collecting
    diagnostics."""

    def __init__(self, rel: str) -> None:
        self.rel = rel
        """The file's path relative to the project, for locations."""
        self.diagnostics: list[Diagnostic] = []
        """Problems found while reading."""

    def error(self, node: yaml.Node, rule: Rule, message: str) -> None:
        """Record a diagnostic of ``rule`` at ``node``."""
        self.diagnostics.append(diag(rule, location(self.rel, node), message))

    def entries(self, node: yaml.MappingNode) -> Iterator[Entry]:
        """The keys of a mapping in order; duplicate and non-text keys are reported and skipped."""
        keys: dict[str, yaml.Node] = {}
        for key_node, value in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == NULL_TAG:
                self.error(key_node, WRONG_TYPE, "a key must be a plain word")
                continue
            key = key_node.value
            first = keys.get(key)
            if first is not None:
                line = first.start_mark.line + 1
                self.error(
                    key_node, DUPLICATE_KEY, f"duplicate key {key!r} (first given on line {line}); keep one"
                )
                continue
            keys[key] = key_node
            yield Entry(key, key_node, value)
