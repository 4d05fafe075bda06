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
    from quizgen import api
    from quizgen.core.errors import QuizgenError

    try:
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
            help="Bank file for accepted items (default: the bank file with the most items citing the "
            "draft's article, else question_bank/<article id>.yaml).",
        ),
    ] = None,
    root: Root = Path("."),
) -> None:
    """Review drafts one by one (accept, edit in $EDITOR, reject, skip), or --accept/--reject ids for scripts."""
    from quizgen.core.errors import QuizgenError
    from quizgen.review import drafts as reviewing

    review_day = day(on)
    try:
        if accept_ids or reject_ids:
            if accept_ids and not by.strip():
                raise QuizgenError("--by must name the reviewer of accepted drafts")
            for qid, path in reviewing.accept(root, accept_ids or [], by=by, on=review_day, into=into):
                typer.echo(f"accepted {qid} into {path}")
            for qid in reviewing.reject(root, reject_ids or [], by=by, on=review_day):
                typer.echo(f"rejected {qid}")
            return
        if not by.strip():
            raise QuizgenError("--by must name the reviewer")
        counts = reviewing.interactive(root, by=by, on=review_day, into=into, ask=_ask, say=_say, edit=_edit)
    except QuizgenError as exc:
        raise fail(exc) from None
    except reviewing.ReviewInterrupted as stop:
        summary = ", ".join(f"{n} {k}" for k, n in stop.counts.items())
        typer.echo(f"\ninterrupted: {summary}; every decision taken is saved")
        raise typer.Exit(130) from None
    typer.echo(", ".join(f"{n} {k}" for k, n in counts.items()))


def _ask(question: str) -> str:
    import sys

    typer.echo(question, nl=False)
    line = sys.stdin.readline()
    return line if line else "q"  # end of input: stop, leaving the rest waiting


def _say(text: str) -> None:
    typer.echo(text, nl=False)


def _edit(text: str) -> str:
    """Run ``$VISUAL`` or ``$EDITOR`` (default ``vi``) on a temporary copy of ``text`` and return the result."""
    import os
    import shlex
    import signal
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    fd, name = tempfile.mkstemp(prefix="quizgen-draft-", suffix=".yaml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        # Ctrl-C in the editor is the editor's (vi cancels a command with it): the review carries on. A
        # handler, not SIG_IGN, so the editor starts with the default disposition.
        previous = signal.signal(signal.SIGINT, lambda signum, frame: None)
        try:
            done = subprocess.run([*shlex.split(editor), name], check=False)
        except OSError as exc:
            typer.echo(f"quizgen: cannot run the editor {editor!r}: {exc}", err=True)
            return text
        finally:
            signal.signal(signal.SIGINT, previous)
        if done.returncode != 0:
            typer.echo(f"quizgen: the editor exited with {done.returncode}; edit not kept", err=True)
            return text
        with open(name, encoding="utf-8") as f:
            return f.read()
    finally:
        os.unlink(name)
