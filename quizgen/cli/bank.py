"""Commands on the bank: check, approve, coverage, rules, schema."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from quizgen.cli.app import Root, app, colour, day, fail, finished


class Format(str, enum.Enum):
    """Output formats of ``quizgen check``."""

    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    root: Root = Path("."),
    output: Annotated[
        Format, typer.Option("--format", "-f", help="text, json or github annotations.")
    ] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 on warnings.")] = False,
    drafts: Annotated[
        bool,
        typer.Option("--drafts", help="Check the drafts in question_bank/drafts/ too (all but approval)."),
    ] = False,
    notes: Annotated[
        bool,
        typer.Option("--notes", help="Show notes too (same-fact groups and leaks); JSON always has them."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Check every file afresh, without reading or writing .quizgen-cache/."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes to check with when the cache is not used (1: one; default: one per processor, "
            "at most 8, for a bank of 1 MB or more). The results are the same whatever the number.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the sources and the bank: structure, evidence, answers, distractors, leaks, reviews.

    Notes (related items, QG901/QG902) are counted, not shown, unless --notes; `quizgen relations` lists them
    by deck. Exit 0 when clean, 1 on errors, 2 on warnings with --strict.
    """
    from quizgen import api
    from quizgen.cli import report
    from quizgen.core import exitcodes

    result = api.check(root, include_drafts=drafts, cache=not no_cache, jobs=jobs)
    shown = result.diagnostics if notes or output is Format.json else report.without_notes(result.diagnostics)
    sys.stdout.write(report.FORMATTERS[output.value](shown, colour=colour()))
    if output is Format.text:
        typer.echo(
            report.summary(
                result.diagnostics,
                len(result.project.bank.ids),
                len(result.project.sources.articles),
                hidden=len(result.diagnostics) - len(shown),
            ),
            nl=False,
        )
    finished()  # nothing left to do at exit: the quizgen command skips the teardown (app.run)
    raise typer.Exit(exitcodes.for_findings(result.diagnostics, strict=strict))


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
    from quizgen import api
    from quizgen.cli import report
    from quizgen.core.errors import QuizgenError

    review_day = day(on)
    try:
        result = api.approve(root, ids, by=by, on=review_day, accept_warnings=accept_warnings)
    except QuizgenError as exc:
        raise fail(exc) from None
    sys.stdout.write(report.text(result.warnings, colour=colour()))
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
        bool,
        typer.Option(
            "--strict",
            help="Exit 2 on warnings, if a sentence of reporting is uncited or an objective has no item.",
        ),
    ] = False,
) -> None:
    """Show, per article, every sentence of reporting and how many approved items cite it; then the counts by
    type, topic, article, objective, level and difficulty.

    Exit 0 when done, 1 on errors, 2 with --strict on warnings, an uncited sentence or an objective no item
    serves.
    """
    from quizgen import api
    from quizgen.cli import report
    from quizgen.core import exitcodes

    result = api.coverage(root, include_drafts=drafts)
    if output is CoverageFormat.json:
        sys.stdout.write(report.coverage_json(result.coverage))
    else:
        sys.stdout.write(report.text(result.diagnostics, colour=colour()))
        sys.stdout.write(report.coverage_text(result.coverage, result.project.sources.articles))
    gaps = bool(result.coverage.uncovered) or bool(result.coverage.unserved)
    raise typer.Exit(exitcodes.for_findings(result.diagnostics, strict=strict, findings=gaps))


@app.command()
def rules(code: Annotated[str | None, typer.Argument(help="Show one rule in full.")] = None) -> None:
    """List the check rules, or show one with its examples."""
    from quizgen import api
    from quizgen.core.errors import QuizgenError

    try:
        found = api.rules(code)
    except QuizgenError as exc:
        raise fail(exc) from None
    if code is None:
        for rule in found:
            typer.echo(f"{rule.code}  {rule.severity.value:<7}  {rule.name:<28} {rule.summary}")
        return
    for rule in found:
        typer.echo(
            f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.summary}\n\n{rule.doc}", nl=False
        )


@app.command()
def schema() -> None:
    """Print the JSON Schema of a bank file."""
    from quizgen import api

    sys.stdout.write(api.schema())
