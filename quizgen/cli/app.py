"""The typer app, the options shared by every command, and the entry point."""

from __future__ import annotations

import datetime as dt
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from quizgen.cli import coerce
from quizgen.core import exitcodes

if TYPE_CHECKING:
    from quizgen.core.errors import QuizgenError

app = typer.Typer(
    help="quizgen: a source-checked question bank compiled into Anki decks, printable quizzes and a self-test.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
coerce.install()  # text and path parameters without importing pydantic (0.1 s of every start)


def _project_root(ctx: typer.Context, param: typer.CallbackParam, value: Path) -> Path:
    """``--root`` as given; without it, the project holding the current folder, found as git finds a repository.

    Nothing found: the current folder, whose loaders then say what is missing there and that ``--root`` names
    the project (a session of ``selftest stats`` parses its parent's ``--root`` too, so this cannot refuse).
    """
    from quizgen.core.root import find_root

    source = ctx.get_parameter_source(param.name or "root")
    if source is not None and source.name != "DEFAULT":  # typer's ParameterSource lives in a private module
        return value
    return find_root(Path.cwd()) or value


Root = Annotated[
    Path,
    typer.Option(
        "--root",
        callback=_project_root,
        help="The project folder (holding seeds/ and question_bank/; default: the current folder or the "
        "nearest one above it that is a project).",
    ),
]


def colour() -> bool:
    """Whether to colour standard output: only on a terminal, and never when ``NO_COLOR`` is set."""
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def fail(exc: QuizgenError) -> typer.Exit:
    """Print a library error's diagnostics and message; the caller raises the returned exit (the error's
    ``exit_code``: 1, or 2 for a usage error)."""
    from quizgen.cli import report

    sys.stdout.write(report.text(exc.diagnostics, colour=colour()))
    typer.echo(f"quizgen: {exc.message}", err=True)
    return typer.Exit(exc.exit_code)


def day(on: str | None) -> dt.date | None:
    """The date an ``--on`` option gives (``None`` when not given); a usage error when it is not YYYY-MM-DD."""
    if not on:
        return None
    try:
        return dt.date.fromisoformat(on)
    except ValueError:
        typer.echo(f"quizgen: --on must be a date written YYYY-MM-DD, not {on!r}", err=True)
        raise typer.Exit(exitcodes.USAGE) from None


_FINISHED: list[bool] = []
"""Holds ``True`` once a command has said it leaves nothing to do at exit (:func:`finished`)."""


def finished() -> None:
    """Say that this command's output is written and nothing is left to do at exit, so that :func:`run` may
    skip the interpreter's teardown (called by ``check``: all its files are written by then)."""
    _FINISHED.append(True)


def run() -> NoReturn:
    """The ``quizgen`` command and ``python -m quizgen``: :func:`main`, then, after a command that said it was
    :func:`finished`, an exit that skips the interpreter's teardown, as mypy does. Freeing a 100,000-item
    check's objects one by one and the final collection took 0.5 s after every check; the process is ending
    and the system frees its memory at once. Output is flushed first; with a thread still running, or an
    exit that is not a number, Python exits as usual. :func:`main` itself never does this (tests and callers
    run it in their own process)."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
        if _FINISHED and threading.active_count() == 1 and (code is None or type(code) is int):
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except (OSError, ValueError):  # a closed pipe: let Python report it as it does
                raise exc from None
            os._exit(code or 0)
        raise
    sys.exit(0)


def main() -> None:
    """Entry point: run the app; an unexpected failure is reported in one line, not a traceback."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        typer.echo("quizgen: interrupted", err=True)
        sys.exit(exitcodes.INTERRUPTED)
    except Exception as exc:
        problem = environment_problem(exc)
        if problem is None:
            _internal(exc)
        typer.echo(f"quizgen: {problem}", err=True)
        sys.exit(exitcodes.ENVIRONMENT)


def environment_problem(exc: BaseException) -> str | None:
    """What failed and where, for a failure of the machine rather than of quizgen; ``None`` for anything else.

    Writes are atomic (a temporary file renamed into place) and the self-test commits each answer in its own
    transaction: when this is reported, what was there before is intact, which the message says.
    """
    if isinstance(exc, OSError) and exc.errno is not None:
        where = f" ({exc.filename})" if exc.filename else ""
        return (
            f"{exc.strerror or exc}{where}: stopped; quizgen writes each file whole or not at all, so fix "
            "that and run again"
        )
    if type(exc).__name__ == "WorkerLostError":  # quizgen.checks.parallel, by name: not imported at start-up
        return (
            f"{exc}, perhaps for want of memory: nothing was written; run again with --jobs 1 (one process) "
            "or fewer jobs"
        )
    if type(exc).__module__ == "sqlite3" and type(exc).__name__ == "OperationalError":
        text = str(exc)
        if any(s in text for s in ("disk is full", "readonly", "disk I/O", "unable to open")):
            return (
                f"the self-test state could not be saved ({text}): every answer given before this one is "
                "saved and the state file is healthy; do not delete it: free space or fix permissions, "
                "then run again to resume"
            )
    return None


def _internal(exc: Exception) -> NoReturn:
    """A bug, not bad input: say so briefly; ``QUIZGEN_DEBUG=1`` shows the traceback."""
    if os.environ.get("QUIZGEN_DEBUG"):
        raise exc
    typer.echo(
        f"quizgen: internal error: {type(exc).__name__}: {exc} (set QUIZGEN_DEBUG=1 for details)", err=True
    )
    sys.exit(exitcodes.INTERNAL)
