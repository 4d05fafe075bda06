"""``quizgen selftest``: quiz yourself in the terminal; ``selftest stats`` and ``selftest aliases``.

Exit codes (:mod:`quizgen.core.exitcodes`): 0 the session ended (finished, quit with ``q`` or end of input; all
saved), 1 the score is below ``--fail-under``, 2 a usage error (bad option, unknown deck, topic or source), 4 the
session cannot start (the state file is unreadable or from a newer quizgen), 130 interrupted with Ctrl-C
(progress saved).

Only typer and the standard library are imported here at start-up; the engine, fsrs and SQLite are imported
inside the commands (``quizgen --help`` stays fast).
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from pathlib import Path
from typing import IO, Annotated

import typer

from quizgen.cli.app import Root, app, fail
from quizgen.core import exitcodes

selftest_app = typer.Typer(
    help="Quiz yourself on the approved bank in the terminal, with spaced repetition (FSRS).",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(selftest_app, name="selftest")


class Mode(str, enum.Enum):
    """Session modes."""

    review = "review"
    practice = "practice"


StatePath = Annotated[
    Path | None,
    typer.Option("--state", help="The state file (default: selftest.sqlite3 in your user data folder)."),
]
Deck = Annotated[str | None, typer.Option("--deck", help="Only the questions of decks/DECK.yaml.")]
Tags = Annotated[
    list[str] | None, typer.Option("--tag", help="Only questions with this tag (repeatable: all).")
]
Topics = Annotated[list[str] | None, typer.Option("--topic", help="Only this topic (repeatable: any).")]
Sources = Annotated[
    list[str] | None,
    typer.Option("--source", help="Only questions citing this article id (repeatable: any)."),
]
Json = Annotated[
    bool, typer.Option("--json", help="Print JSON on standard output (the session talks on stderr).")
]


def _now(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        typer.echo(f"quizgen: --now {text!r} is not an ISO 8601 time", err=True)
        raise typer.Exit(exitcodes.USAGE) from None
    # Scheduling adds up to a century to it and stats a week: near the calendar's ends that overflowed (an
    # internal error), and so did a time zone moving 0001-01-01 before the year 1.
    if not _FIRST_YEAR <= t.year <= _LAST_YEAR:
        typer.echo(f"quizgen: --now {text!r} is outside the years {_FIRST_YEAR} to {_LAST_YEAR}", err=True)
        raise typer.Exit(exitcodes.USAGE)
    return t.astimezone(dt.UTC) if t.tzinfo else t.replace(tzinfo=dt.UTC)


_FIRST_YEAR, _LAST_YEAR = 1900, 8999
"""The years ``--now`` may name: far from both ends of Python's calendar (1 to 9999)."""


def _colour(out: IO[str]) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


@selftest_app.callback()
def selftest(
    ctx: typer.Context,
    root: Root = Path("."),
    state: StatePath = None,
    mode: Annotated[
        Mode | None,
        typer.Option(
            help="review (default): due questions plus new ones, scheduled; practice: each "
            "selected question once, schedule untouched.",
            show_default=False,
        ),
    ] = None,
    deck: Deck = None,
    tag: Tags = None,
    topic: Topics = None,
    source: Sources = None,
    count: Annotated[int | None, typer.Option(min=1, help="Ask at most N questions.")] = None,
    new: Annotated[
        int, typer.Option(min=0, help="At most N never-reviewed questions per review session.")
    ] = 10,
    seed: Annotated[int | None, typer.Option(help="Seed of the question order and option shuffles.")] = None,
    restart: Annotated[
        bool, typer.Option(help="Discard an unfinished session instead of resuming it.")
    ] = False,
    answers: Annotated[
        str | None,
        typer.Option(help="Read answers from FILE (- for stdin), one per line in the order asked."),
    ] = None,
    json_out: Json = False,
    fail_under: Annotated[
        float | None, typer.Option(min=0, max=100, help="Exit 1 if the score is below PCT percent.")
    ] = None,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Change no state (the state file is only read).")
    ] = False,
    now: Annotated[
        str | None, typer.Option(hidden=True, help="The current time (ISO 8601), for tests.")
    ] = None,
    blueprint: Annotated[
        bool,
        typer.Option(
            "--blueprint",
            help="A mock quiz drawn from the --deck's print.blueprint (quotas met, related items apart), "
            "in practice mode.",
        ),
    ] = False,
) -> None:
    """Quiz yourself on the approved bank: due questions and new ones, scheduled with FSRS (see docs/selftest.md).

    Exit codes: 0 done or quit (saved), 1 score below --fail-under, 2 usage error, 4 unusable state file,
    130 interrupted (saved).
    """
    if ctx.invoked_subcommand is not None:
        return
    from quizgen import api
    from quizgen.core.errors import QuizgenError

    fixed_now = _now(now)
    out = sys.stderr if json_out else sys.stdout
    try:
        result = api.selftest(
            root, state=state, mode=mode.value if mode else None, deck=deck, tags=tag or (), topics=topic or (),
            sources=source or (), count=count, new=new, seed=seed, restart=restart, answers=answers, out=out,
            colour=_colour(out), save=not no_save, now=fixed_now, blueprint=blueprint,
        )  # fmt: skip
    except QuizgenError as exc:
        raise fail(exc) from None
    if result.interrupted:
        saved = "progress saved; run it again to resume" if result.saved else "nothing was saved (--no-save)"
        sys.stderr.write(f"\ninterrupted: {saved}\n")
        raise typer.Exit(exitcodes.INTERRUPTED)
    if json_out:
        import json

        sys.stdout.write(json.dumps(result.to_json(), indent=1, ensure_ascii=False) + "\n")
    if result.below(fail_under):
        raise typer.Exit(exitcodes.ERRORS)


@selftest_app.command()
def stats(
    root: Root = Path("."),
    state: StatePath = None,
    deck: Deck = None,
    tag: Tags = None,
    topic: Topics = None,
    source: Sources = None,
    json_out: Json = False,
    now: Annotated[
        str | None, typer.Option(hidden=True, help="The current time (ISO 8601), for tests.")
    ] = None,
) -> None:
    """Due counts, accuracy per topic and source, hardest questions and answers per day."""
    from quizgen import api
    from quizgen.cli import report
    from quizgen.core.errors import QuizgenError

    try:
        result = api.selftest_stats(root, state=state, deck=deck, tags=tag or (), topics=topic or (),
                                    sources=source or (), now=_now(now))  # fmt: skip
    except QuizgenError as exc:
        raise fail(exc) from None
    if json_out:
        import json

        sys.stdout.write(json.dumps(result.to_json(), indent=1) + "\n")
    else:
        sys.stdout.write(report.selftest_stats_text(result))


@selftest_app.command()
def aliases(
    state: StatePath = None,
    json_out: Json = False,
) -> None:
    """Answers learners said were right ("I was right"), for a reviewer to add to the bank as aliases."""
    from quizgen import api
    from quizgen.core.errors import QuizgenError

    try:
        proposed = api.selftest_aliases(state=state)
    except QuizgenError as exc:
        raise fail(exc) from None
    if json_out:
        import json

        data = [a.to_json() for a in proposed]
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return
    if not proposed:
        typer.echo("no proposed aliases")
    for a in proposed:
        typer.echo(f"{a.id}: {a.alias!r} (the bank's answer: {a.expected!r})")
