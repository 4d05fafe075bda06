"""``quizgen draft``: propose grounded draft items from articles, for a reviewer to accept or reject."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quizgen.cli.app import Root, app, fail


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
    from quizgen.draft.drafts import write_drafts
    from quizgen.errors import QuizgenError

    try:
        result = write_drafts(root, articles, output=output)
    except QuizgenError as exc:
        raise fail(exc) from None
    total = sum(len(ids) for ids in result.written.values())
    for path, ids in sorted(result.written.items()):
        typer.echo(f"{path}: {len(ids)} new drafts")
    typer.echo(f"{total} new drafts" + (f"; {result.kept} already waiting for review" if result.kept else ""))
