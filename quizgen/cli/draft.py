"""``quizgen draft``: propose grounded draft items from articles, for a reviewer to accept or reject."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizgen.cli.app import Root, app, day, fail


@app.command()
def draft(
    articles: Annotated[
        list[str], typer.Argument(help="Article ids (seeds/sources.yaml) or seeds/*.txt paths.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write every draft to this file instead of question_bank/drafts/."
        ),
    ] = None,
    root: Root = Path("."),
) -> None:
    """Draft who-said, met and where items from articles (status draft), each with its evidence and rule."""
    from quizgen.core.errors import QuizgenError
    from quizgen.core.gcpause import gc_paused

    try:
        with gc_paused():  # from the drafting code's imports on (17 collections, 4 ms): see write_drafts
            from quizgen import api

            result = api.draft(root, articles, output=output)
    except QuizgenError as exc:
        raise fail(exc) from None
    total = sum(len(ids) for ids in result.written.values())
    for path, ids in sorted(result.written.items()):
        typer.echo(f"{path}: {len(ids)} new drafts")
    notes = [f"{result.kept} already waiting for review"] if result.kept else []
    if result.covered:
        notes.append(f"{result.covered} skipped as already covered (docs/draft.md)")
    typer.echo(f"{total} new drafts" + "".join(f"; {n}" for n in notes))


@app.command()
def review(
    accept_ids: Annotated[
        list[str] | None,
        typer.Option("--accept", help="Accept this draft (repeat for more); no questions asked."),
    ] = None,
    reject_ids: Annotated[
        list[str] | None, typer.Option("--reject", help="Reject this draft (repeat for more); remembered.")
    ] = None,
    by: Annotated[str, typer.Option("--by", help="The reviewer's name, recorded on accepted items.")] = "",
    on: Annotated[
        str | None, typer.Option("--on", help="The review date, YYYY-MM-DD (default: today).")
    ] = None,
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help="Bank file for accepted items, question_bank/NAME.yaml of the project (default: the bank file "
            "with the most items citing the draft's article, else question_bank/<article id>.yaml).",
        ),
    ] = None,
    keep_ids: Annotated[
        bool,
        typer.Option(
            "--keep-ids",
            help="Accept drafts under their draft ids (by default a draft id quizgen draft made longer "
            "to keep it apart from another article's is shortened when the short id is free).",
        ),
    ] = False,
    root: Root = Path("."),
) -> None:
    """Review drafts one by one (accept, edit in $EDITOR, reject, skip), or --accept/--reject ids for scripts."""
    from quizgen import api
    from quizgen.core import exitcodes
    from quizgen.core.errors import QuizgenError

    review_day = day(on)
    try:
        outcome = api.review(
            root,
            accept=accept_ids or [],
            reject=reject_ids or [],
            by=by,
            on=review_day,
            into=into,
            terminal=_Terminal(),
            keep_ids=keep_ids,
        )
    except QuizgenError as exc:
        raise fail(exc) from None
    for done in outcome.accepted:
        renamed = f" as {done.id}" if done.id != done.draft else ""
        typer.echo(f"accepted {done.draft}{renamed} into {done.path}")
    for qid in outcome.rejected:
        typer.echo(f"rejected {qid}")
    summary = ", ".join(f"{n} {k}" for k, n in outcome.counts.items())
    if outcome.interrupted:
        typer.echo(f"\ninterrupted: {summary}; every decision taken is saved")
        raise typer.Exit(exitcodes.INTERRUPTED)
    if outcome.counts:
        typer.echo(summary)


class _Terminal:
    """An interactive review's prompts and answers on standard input and output."""

    def ask(self, question: str) -> str:
        import sys

        typer.echo(question, nl=False)
        line = sys.stdin.readline()
        return line if line else "q"  # end of input: stop, leaving the rest waiting

    def say(self, text: str) -> None:
        typer.echo(text, nl=False)

    def warn(self, text: str) -> None:
        typer.echo(text, err=True)
