"""Problems as values: every finding of the loaders and checks is a :class:`Diagnostic`.

Detection never prints and never raises for bad input; it yields diagnostics, which :mod:`quizgen.cli.report`
formats. Lines and columns are 1-based, columns count characters (code points), as in GNU and mypy messages.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


class Severity(enum.Enum):
    """How bad a diagnostic is; decides the exit code of ``quizgen check``."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for notes: lower is worse."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file of the project."""

    path: str
    """Path of the file, relative to the project root, with forward slashes."""
    line: int
    """1-based line number."""
    column: int
    """1-based column, counted in characters."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Related:
    """A second place a diagnostic points at, such as the closest passage of an article."""

    location: Location
    """Where the related text is."""
    message: str
    """What is there, e.g. ``closest passage (91.3% similar): "..."``."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the sources, the catalogue or the bank."""

    location: Location
    """Where the problem is: the YAML value for bank problems, the article position for problems in an article."""
    severity: Severity
    """Error, warning or note."""
    code: str
    """The rule's code, e.g. ``QG201``; ``quizgen rules`` lists them all."""
    message: str
    """What is wrong and, where it helps, what to do about it."""
    related: tuple[Related, ...] = field(default=())
    """Other places worth showing, such as a suggested fix."""
    item: str | None = None
    """The id of the question the problem belongs to, if any."""

    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        """Order by file, line, column, then severity, code and message, so output is stable."""
        loc = self.location
        return (loc.path, loc.line, loc.column, self.severity.rank, self.code, self.message)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Return the diagnostics sorted and without exact duplicates."""
    unique = {(d.sort_key(), d.related, d.item): d for d in diagnostics}
    return sorted(unique.values(), key=Diagnostic.sort_key)


def text_lines(diagnostics: Iterable[Diagnostic], *, paint: Callable[[Severity], str] | None = None) -> str:
    """``path:line:col: severity: message [CODE]``, one per line, related places indented below; ``paint``
    renders a severity (the CLI colours it), by default its plain name. Every text report uses this one layout."""
    lines = []
    for d in diagnostics:
        severity = paint(d.severity) if paint is not None else d.severity.value
        lines.append(f"{d.location}: {severity}: {d.message} [{d.code}]".translate(_ONE_LINE))
        for r in d.related:
            lines.append(f"    {r.location}: {r.message}".translate(_ONE_LINE))
    return "".join(line + "\n" for line in lines)


_ONE_LINE = {
    c: f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    for c in (*range(0x0A, 0x0E), 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029)
}
_ONE_LINE |= {0x0A: "\\n", 0x0D: "\\r"}
"""Line breaks in a path or message (a ``--root`` or an id may hold one), written as escapes: one diagnostic
stays one line, as editors and ``grep`` read it."""
