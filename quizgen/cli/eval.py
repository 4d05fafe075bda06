"""``quizgen eval``: score the drafting extractors on annotated news (the data stays outside the repository)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from quizgen.cli.app import app, fail

eval_app = typer.Typer(help="Score the drafting extractors on annotated news.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

Json = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of a table.")]


@eval_app.command()
def attribution(
    folder: Annotated[Path, typer.Argument(help="A PolNeAR-layout folder: text/*.txt, attributions/*.ann.")],
    as_json: Json = False,
) -> None:
    """Precision, recall and F1 of quotation content, and content plus speaker, micro and per publisher."""
    from quizgen import api
    from quizgen.core.errors import QuizgenError

    try:
        result = api.eval_attribution(folder)
    except QuizgenError as exc:
        raise fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(result.as_json(), sort_keys=True) + "\n")
    else:
        sys.stdout.write(result.text)


@eval_app.command()
def meetings(
    file: Annotated[Path, typer.Argument(help="RAMS jsonlines: one window with one contact event a line.")],
    as_json: Json = False,
) -> None:
    """Precision, recall and F1 of participant and place arguments, strict and lenient."""
    from quizgen import api
    from quizgen.core.errors import QuizgenError

    try:
        result = api.eval_meetings(file)
    except QuizgenError as exc:
        raise fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(result.as_json(), sort_keys=True) + "\n")
    else:
        sys.stdout.write(result.text)
