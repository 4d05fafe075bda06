"""``quizgen build``: compile every deck's outputs."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from quizgen.cli.app import Root, app, colour, fail


class Target(str, enum.Enum):
    """What ``quizgen build`` builds: ``all``, or one output of a deck definition (``api.build_targets()``, which
    a test keeps this list equal to; kept here so that ``--help`` imports nothing of the library)."""

    all = "all"
    anki = "anki"
    print = "print"
    html = "html"
    # LMS exports (quizgen.load.decks.EXPORTS; docs/exports.md)
    moodle = "moodle"
    gift = "gift"
    qti12 = "qti12"
    qti21 = "qti21"
    blackboard = "blackboard"


@app.command()
def build(
    target: Annotated[
        Target,
        typer.Argument(
            help="all (default), anki, print, html, or one LMS export: moodle, gift, qti12, qti21, blackboard."
        ),
    ] = Target.all,
    root: Root = Path("."),
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild every deck, even those whose inputs did not change.")
    ] = False,
) -> None:
    """Build every deck's outputs (decks/*.yaml) from the approved bank; refuses while check has errors.

    A deck whose inputs (bank, sources, definition, lock) and outputs are as its last build left them is
    skipped; --force builds it anyway."""
    from quizgen import api
    from quizgen.cli import report
    from quizgen.core.errors import QuizgenError
    from quizgen.core.fileio import project_lock, write_set

    try:
        with project_lock(root):  # held from reading the inputs to writing the outputs
            result = api.build(root, targets=target.value, skip_unchanged=not force)
            sys.stdout.write(report.text(result.diagnostics, colour=colour()))
            # a folder where an output goes: nothing written
            write_set(Path(root), [(output.path, output.data) for output in result.outputs])
    except QuizgenError as exc:
        raise fail(exc) from None
    for stem in result.skipped:
        typer.echo(f"{stem}: unchanged, skipped")
    for r in result.reports:
        typer.echo(f"{r.deck}: {r.notes} notes ({r.new} new, {r.changed} changed, {r.retired} retired)")
        for qid, articles in r.joined:
            typer.echo(f"  joined {r.deck}: {qid} (from {', '.join(articles)})")
    printed = {p.deck: p for p in result.printed}
    for p in result.printed:
        typer.echo(f"{p.deck}: printed {p.forms} form(s) of {p.questions} questions, with keys")
    for rel in result.related:  # counted, not listed: `quizgen relations` and `check --notes` list them
        if not rel.groups and not rel.leaks and not rel.eliminations:
            continue
        on_forms = f", {printed[rel.deck].related} on printed forms" if rel.deck in printed else ""
        typer.echo(
            f"{rel.deck}: {rel.groups} same-fact group(s), {rel.leaks} leak(s) and {rel.eliminations} "
            f"elimination(s) noted among {rel.items} items{on_forms}; see `quizgen relations`"
        )
    for e in result.exported:
        typer.echo(
            f"{e.deck}: {e.export}: {e.items} questions"
            + (f", {len(e.left_out)} left out" if e.left_out else "")
        )
        for qid, why in e.left_out:
            typer.echo(f"  left out of {e.export}: {qid}: {why}")
    for output in result.outputs:
        typer.echo(f"wrote {output.path}")
