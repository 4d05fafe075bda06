"""Formatters: diagnostics to text, JSON or GitHub annotations. Detection never formats; formatters never detect."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from quizgen.core.diagnostics import Diagnostic, Severity, text_lines
from quizgen.core.model import Article

if TYPE_CHECKING:
    from quizgen.api import Coverage, Stats

_COLOURS = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.NOTE: "\x1b[1;36m"}
_RESET = "\x1b[0m"


def text(diagnostics: Sequence[Diagnostic], *, colour: bool = False) -> str:
    """``path:line:col: severity: message [CODE]``, one per line, related places indented below."""

    def paint(severity: Severity) -> str:
        return f"{_COLOURS[severity]}{severity.value}{_RESET}"

    return text_lines(diagnostics, paint=paint if colour else None)


def as_dict(d: Diagnostic) -> dict[str, object]:
    """A diagnostic as JSON-able data."""
    return {
        "path": d.location.path,
        "line": d.location.line,
        "column": d.location.column,
        "severity": d.severity.value,
        "code": d.code,
        "message": d.message,
        "item": d.item,
        "related": [
            {
                "path": r.location.path,
                "line": r.location.line,
                "column": r.location.column,
                "message": r.message,
            }
            for r in d.related
        ],
    }


def json_report(diagnostics: Sequence[Diagnostic], *, colour: bool = False) -> str:
    """``{"diagnostics": [...], "summary": {"error": N, "warning": N, "note": N}}``."""
    summary = {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    return json.dumps({"diagnostics": [as_dict(d) for d in diagnostics], "summary": summary}, indent=2) + "\n"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Sequence[Diagnostic], *, colour: bool = False) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...,col=...,title=CODE::message``)."""
    lines = []
    for d in diagnostics:
        kind = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}[d.severity]
        message = d.message + "".join(f"\n{r.location}: {r.message}" for r in d.related)
        props = (
            f"file={_escape_property(d.location.path)},line={d.location.line},col={d.location.column},"
            f"title={_escape_property(d.code)}"
        )
        lines.append(f"::{kind} {props}::{_escape_data(message)}")
    return "".join(line + "\n" for line in lines)


FORMATTERS: Mapping[str, Callable[..., str]] = {"text": text, "json": json_report, "github": github}
"""Output formats by name, as ``--format`` takes them."""


def without_notes(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics a reader must act on: notes (related items, which forms and sessions keep apart) left
    out, so that they do not bury a warning; :func:`summary` counts them."""
    return [d for d in diagnostics if d.severity is not Severity.NOTE]


def summary(diagnostics: Sequence[Diagnostic], items: int, articles: int, *, hidden: int = 0) -> str:
    """One line for humans: what was checked and what was found (``hidden``: notes counted but not shown)."""
    counts = [(sum(1 for d in diagnostics if d.severity is s), s.value) for s in Severity]
    found = ", ".join(f"{n} {name}{'s' if n != 1 else ''}" for n, name in counts if n)
    if hidden:
        found += " (notes not shown: --notes shows them, `quizgen relations` lists related items by deck)"

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    return f"checked {plural(items, 'question')} against {plural(articles, 'article')}: {found or 'no problems'}\n"


def coverage_text(cov: Coverage, articles: Mapping[str, Article], *, width: int = 100) -> str:
    """Per article, each sentence of reporting with how many items cite it; then counts by type, topic, article."""
    out: list[str] = []
    for article_id, article in articles.items():
        mine = [s for s in cov.sentences if s.article == article_id]
        covered = sum(1 for s in mine if s.items)
        out.append(
            f"{article.path}  {article.outlet}: {article.headline}  ({covered}/{len(mine)} sentences cited)"
        )
        for s in mine:
            shown = " ".join(s.text.split())
            room = width - 16
            shown = shown if len(shown) <= room else shown[: room - 3] + "..."
            mark = f"{len(s.items):>3}" if s.items else "  -"
            out.append(f"  {s.location.line:>3}:{s.location.column:<4}{mark}  {shown}")
        out.append("")
    for title, counts in (
        ("type", cov.by_type),
        ("topic", cov.by_topic),
        ("article", cov.by_article),
        ("objective", cov.by_objective),
        ("level", cov.by_level),
        ("difficulty", cov.by_difficulty),
    ):
        if counts:
            out.append(f"items by {title}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for o in cov.unserved:
        out.append(f"{o.location}: objective {o.id!r} has no item: {o.text}")
    items = f"{cov.counted} item{'' if cov.counted == 1 else 's'}"
    out.append(f"{items}; {len(cov.uncovered)} of {len(cov.sentences)} sentences of reporting uncited")
    return "".join(line + "\n" for line in out)


def coverage_json(cov: Coverage) -> str:
    """The coverage as JSON."""
    data = {
        "sentences": [
            {
                "article": s.article,
                "path": s.location.path,
                "line": s.location.line,
                "column": s.location.column,
                "text": s.text,
                "items": list(s.items),
            }
            for s in cov.sentences
        ],
        "by_type": dict(cov.by_type),
        "by_topic": dict(cov.by_topic),
        "by_article": dict(cov.by_article),
        "by_objective": dict(cov.by_objective),
        "by_level": dict(cov.by_level),
        "by_difficulty": dict(cov.by_difficulty),
        "objectives": [
            {"id": o.id, "text": o.text, "path": o.location.path, "line": o.location.line}
            for o in cov.objectives.values()
        ],
        "unserved_objectives": [o.id for o in cov.unserved],
        "items": cov.counted,
        "uncovered": len(cov.uncovered),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def selftest_stats_text(stats: Stats) -> str:
    """The self-test stats as text (``quizgen selftest stats``)."""
    lines = [
        f"questions: {stats.total} selected, {stats.new} never reviewed",
        f"due: {stats.due_now} now, {stats.due_today} today, {stats.due_week} within 7 days",
    ]
    for title, rows in (("accuracy by topic", stats.by_topic), ("accuracy by source", stats.by_source)):
        if rows:
            lines.append(f"{title}:")
            lines += [f"  {a.name}: {a.right}/{a.total} ({a.percent:.0f}%)" for a in rows]
    if stats.hardest:
        lines.append("hardest questions:")
        lines += [f"  {a.name}: {a.right}/{a.total} right" for a in stats.hardest]
    if stats.per_day:
        lines.append("answers per day:")
        lines += [f"  {day}: {n}" for day, n in stats.per_day]
    if stats.proposed_aliases:
        lines.append(
            f"proposed aliases awaiting a reviewer: {stats.proposed_aliases} (quizgen selftest aliases)"
        )
    return "\n".join(lines) + "\n"
