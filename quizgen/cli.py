"""The ``quizgen`` command. Each command parses its arguments, calls one library function, and maps the result
(or a :class:`~quizgen.errors.QuizgenError`) to output and an exit code. No logic lives here."""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from quizgen import api, report
from quizgen.approve import approve as approve_items
from quizgen.bankformat import json_schema_text
from quizgen.build import build as build_project
from quizgen.checks import RULES
from quizgen.diagnostics import Severity, exit_code
from quizgen.errors import QuizgenError
from quizgen.fileio import write_atomic

app = typer.Typer(
    help="quizgen: a source-checked question bank compiled into Anki decks, printable quizzes and a self-test.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

Root = Annotated[Path, typer.Option("--root", help="The project folder (holding seeds/ and question_bank/).")]


class Format(str, enum.Enum):
    """Output formats of ``quizgen check``."""

    text = "text"
    json = "json"
    github = "github"


def _colour() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _fail(exc: QuizgenError) -> typer.Exit:
    sys.stdout.write(report.text(exc.diagnostics, colour=_colour()))
    typer.echo(f"quizgen: {exc.message}", err=True)
    return typer.Exit(1)


@app.command()
def check(
    root: Root = Path("."),
    output: Annotated[
        Format, typer.Option("--format", "-f", help="text, json or github annotations.")
    ] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 on warnings.")] = False,
) -> None:
    """Check the sources and the bank: structure, evidence, answers, distractors, leaks, reviews.

    Exit 0 when clean, 1 on errors, 2 on warnings with --strict.
    """
    result = api.check(root)
    sys.stdout.write(report.FORMATTERS[output.value](result.diagnostics, colour=_colour()))
    if output is Format.text:
        typer.echo(
            report.summary(
                result.diagnostics, len(result.project.bank.ids), len(result.project.sources.articles)
            ),
            nl=False,
        )
    raise typer.Exit(exit_code(result.diagnostics, strict=strict))


@app.command()
def approve(
    ids: Annotated[list[str], typer.Argument(help="Ids of the questions to approve.", show_default=False)],
    by: Annotated[str, typer.Option("--by", help="The reviewer's name.", show_default=False)],
    on: Annotated[
        str | None, typer.Option("--on", help="Review date, YYYY-MM-DD (default: today).", show_default=False)
    ] = None,
    accept_warnings: Annotated[
        bool, typer.Option("--accept-warnings", help="Approve despite warnings.")
    ] = False,
    root: Root = Path("."),
) -> None:
    """Approve questions: check them, then record status, reviewer, date and review hash in the bank."""
    try:
        day = dt.date.fromisoformat(on) if on else None
    except ValueError:
        typer.echo(f"quizgen: --on must be a date written YYYY-MM-DD, not {on!r}", err=True)
        raise typer.Exit(2) from None
    try:
        result = approve_items(root, ids, by=by, on=day, accept_warnings=accept_warnings)
    except QuizgenError as exc:
        raise _fail(exc) from None
    sys.stdout.write(report.text(result.warnings, colour=_colour()))
    for a in result.approved:
        typer.echo(f"approved {a.id} ({a.path}, {a.hash})")


class CoverageFormat(str, enum.Enum):
    """Output formats of ``quizgen coverage``."""

    text = "text"
    json = "json"


@app.command()
def coverage(
    root: Root = Path("."),
    output: Annotated[
        CoverageFormat, typer.Option("--format", "-f", help="text or json.")
    ] = CoverageFormat.text,
    drafts: Annotated[
        bool, typer.Option("--drafts", help="Count draft items too, not only approved ones.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 if a sentence of reporting is uncited.")
    ] = False,
) -> None:
    """Show, per article, every sentence of reporting and how many approved items cite it."""
    result = api.coverage(root, include_drafts=drafts)
    if output is CoverageFormat.json:
        sys.stdout.write(report.coverage_json(result.coverage))
    else:
        sys.stdout.write(report.text(result.diagnostics, colour=_colour()))
        sys.stdout.write(report.coverage_text(result.coverage, result.project.sources.articles))
    failed = any(d.severity is Severity.ERROR for d in result.diagnostics)
    raise typer.Exit(1 if failed or (strict and result.coverage.uncovered) else 0)


class Target(str, enum.Enum):
    """What ``quizgen build`` builds."""

    all = "all"
    anki = "anki"


@app.command()
def build(
    target: Annotated[Target, typer.Argument(help="all (default) or anki.")] = Target.all,
    root: Root = Path("."),
) -> None:
    """Build every deck's outputs (decks/*.yaml) from the approved bank; refuses while check has errors."""
    try:
        result = build_project(root, outputs=None if target is Target.all else frozenset({target.value}))
    except QuizgenError as exc:
        raise _fail(exc) from None
    sys.stdout.write(report.text(result.diagnostics, colour=_colour()))
    for output in result.outputs:
        write_atomic(Path(root) / output.path, output.data)
    for r in result.reports:
        typer.echo(f"{r.deck}: {r.notes} notes ({r.new} new, {r.changed} changed, {r.retired} retired)")
    for output in result.outputs:
        typer.echo(f"wrote {output.path}")


@app.command()
def rules(code: Annotated[str | None, typer.Argument(help="Show one rule in full.")] = None) -> None:
    """List the check rules, or show one with its examples."""
    if code is None:
        for rule in RULES.values():
            typer.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<28} {rule.summary}")
        return
    found = RULES.get(code.upper())
    if found is None:
        typer.echo(f"quizgen: no rule {code!r}; `quizgen rules` lists them", err=True)
        raise typer.Exit(2)
    rule = found
    typer.echo(f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc}", nl=False)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a bank file."""
    sys.stdout.write(json_schema_text())


def main() -> None:
    """Entry point: run the app; an unexpected failure is reported in one line, not a traceback."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("quizgen: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so briefly; QUIZGEN_DEBUG=1 shows the traceback
        if os.environ.get("QUIZGEN_DEBUG"):
            raise
        typer.echo(
            f"quizgen: internal error: {type(exc).__name__}: {exc} (set QUIZGEN_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(3)
