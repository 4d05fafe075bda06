"""``quizgen build``: compile every deck's outputs."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from quizgen.cli.app import Root, app, colour, fail


class Target(str, enum.Enum):
    """What ``quizgen build`` builds."""

    all = "all"
    anki = "anki"
    print = "print"


@app.command()
def build(
    target: Annotated[Target, typer.Argument(help="all (default), anki or print.")] = Target.all,
    root: Root = Path("."),
) -> None:
    """Build every deck's outputs (decks/*.yaml) from the approved bank; refuses while check has errors."""
    from quizgen.build.run import build as build_project
    from quizgen.cli import report
    from quizgen.core.errors import QuizgenError
    from quizgen.core.fileio import write_set

    try:
        result = build_project(root, outputs=None if target is Target.all else frozenset({target.value}))
    except QuizgenError as exc:
        raise fail(exc) from None
    sys.stdout.write(report.text(result.diagnostics, colour=colour()))
    write_set(Path(root), [(output.path, output.data) for output in result.outputs])
    for r in result.reports:
        typer.echo(f"{r.deck}: {r.notes} notes ({r.new} new, {r.changed} changed, {r.retired} retired)")
    for p in result.printed:
        typer.echo(f"{p.deck}: printed {p.forms} form(s) of {p.questions} questions, with keys")
    for output in result.outputs:
        typer.echo(f"wrote {output.path}")
