"""``quizgen selftest``: quiz yourself in the terminal; ``selftest stats`` and ``selftest aliases``.

Exit codes: 0 the session ended (finished, quit with ``q`` or end of input; all saved), 1 the score is below
``--fail-under``, 2 a usage error (bad option, unknown deck, topic or source), 4 the session cannot start (the
state file is unreadable or from a newer quizgen), 130 interrupted with Ctrl-C (progress saved).

Only typer and the standard library are imported here at start-up; the engine, fsrs and SQLite are imported
inside the commands (``quizgen --help`` stays fast).
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from quizgen.cli.app import Root, app

if TYPE_CHECKING:
    from quizgen.selftest.pool import Filters, Pool
    from quizgen.selftest.state import Store

EXIT_BELOW = 1
EXIT_USAGE = 2
EXIT_STATE = 4
EXIT_INTERRUPTED = 130

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


def state_path(given: Path | None) -> Path:
    """The state file: ``--state``, else ``selftest.sqlite3`` in the platform's user data folder."""
    if given is not None:
        return given
    import platformdirs

    return platformdirs.user_data_path("quizgen", appauthor=False) / "selftest.sqlite3"


class LineTerminal:
    """Line-mode I/O: prompts and answers on a terminal, a pipe or a file of answers (``--answers``)."""

    def __init__(self, out: IO[str], answers: Iterator[str] | None, *, colour: bool) -> None:
        self.out = out
        self.answers = answers
        self.colour = colour
        self.scripted = answers is not None

    def ask(self, prompt: str) -> str | None:
        if self.answers is not None:
            line = next(self.answers, None)
            if line is not None:
                self.out.write(f"{prompt}{line}\n")
            return line
        if self.out is sys.stdout and sys.stdin.isatty():
            try:
                return input(prompt)  # line editing on a terminal
            except EOFError:
                return None
        self.out.write(prompt)
        self.out.flush()
        line = sys.stdin.readline()
        if not line:
            return None
        answer = line.rstrip("\r\n")
        if not sys.stdin.isatty():
            self.out.write(answer + "\n")  # piped input is not echoed: keep the transcript readable
        return answer

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()


def _answers(source: str | None) -> Iterator[str] | None:
    if source is None:
        return None
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"quizgen: cannot read answers from {source}: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    return iter(text.splitlines())


def _pool(root: Path, filters: Filters) -> Pool:
    from quizgen.selftest.pool import FilterError, select

    try:
        return select(root, filters)
    except FilterError as exc:
        typer.echo(f"quizgen: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _say_load_errors(pool: Pool) -> None:
    """A file that did not load hides its questions: say so, located, instead of quietly asking fewer."""
    if pool.load_errors:
        from quizgen.cli import report

        sys.stderr.write(report.text(list(pool.load_errors), colour=_colour(sys.stderr)))
        sys.stderr.write("quizgen: the questions of files with errors are left out; run quizgen check\n")


def _store(path: Path, *, save: bool) -> Store:
    from quizgen.selftest.state import StateError, open_store

    try:
        return open_store(path, save=save)
    except StateError as exc:
        typer.echo(f"quizgen: {exc.message}", err=True)
        raise typer.Exit(EXIT_STATE) from None


def _now(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    try:
        t = dt.datetime.fromisoformat(text)
    except ValueError:
        typer.echo(f"quizgen: --now {text!r} is not an ISO 8601 time", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    return t.astimezone(dt.UTC) if t.tzinfo else t.replace(tzinfo=dt.UTC)


def _colour(out: IO[str]) -> bool:
    return out.isatty() and "NO_COLOR" not in os.environ


@selftest_app.callback()
def selftest(
    ctx: typer.Context,
    root: Root = Path("."),
    state: StatePath = None,
    mode: Annotated[
        Mode,
        typer.Option(
            help="review: due questions plus new ones, scheduled; practice: each "
            "selected question once, schedule untouched."
        ),
    ] = Mode.review,
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
) -> None:
    """Quiz yourself on the approved bank: due questions and new ones, scheduled with FSRS (see docs/selftest.md).

    Exit codes: 0 done or quit (saved), 1 score below --fail-under, 2 usage error, 4 unusable state file,
    130 interrupted (saved).
    """
    if ctx.invoked_subcommand is not None:
        return
    import random

    from quizgen.selftest.pool import Filters
    from quizgen.selftest.scheduler import Scheduler
    from quizgen.selftest.session import Engine, Options

    fixed_now = _now(now)
    script = _answers(answers)
    out = sys.stderr if json_out else sys.stdout
    terminal = LineTerminal(out, script, colour=_colour(out))
    filters = Filters(deck, tuple(tag or ()), tuple(topic or ()), tuple(source or ()))
    pool = _pool(root, filters)
    _say_load_errors(pool)
    if pool.with_errors:
        terminal.say(
            f"left out {len(pool.with_errors)} approved question(s) that quizgen check reports errors on"
        )
    if not pool.questions:
        why = (
            "the project did not load: see above"
            if pool.load_errors
            else "check the filters, or run quizgen check"
        )
        typer.echo(f"quizgen: no approved question matches ({why})", err=True)
        raise typer.Exit(EXIT_USAGE)
    store = _store(state_path(state), save=not no_save)
    rng = random.Random(seed)

    def clock() -> dt.datetime:
        return fixed_now if fixed_now is not None else dt.datetime.now(dt.UTC)

    try:  # from here on the store is closed (and its lock released) however the session ends
        scheduler = Scheduler(store.setting("fsrs"), rng)
        if store.setting("fsrs") is None:
            store.set_setting("fsrs", scheduler.settings())
        options = Options(mode.value, count, new, seed, restart)
        engine = Engine(pool, store, scheduler, terminal, clock, rng, options)
        outcome = engine.run()
    except KeyboardInterrupt:
        saved = "nothing was saved (--no-save)" if no_save else "progress saved; run it again to resume"
        sys.stderr.write(f"\ninterrupted: {saved}\n")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        store.close()
    if json_out:
        import json

        sys.stdout.write(json.dumps(_json(outcome), indent=1, ensure_ascii=False) + "\n")
    if fail_under is not None and outcome.score is not None and outcome.score < fail_under:
        raise typer.Exit(EXIT_BELOW)


def _json(outcome: object) -> dict[str, object]:
    from quizgen.selftest.session import Outcome

    assert isinstance(outcome, Outcome)
    return {
        "answers": [
            {"id": a.question_id, "attempt": a.attempt, "verdict": a.verdict, "expected": a.expected,
             "given": a.given, "rating": a.rating, "next_due": a.due.isoformat() if a.due else None}
            for a in outcome.answers
        ],
        "finished": outcome.finished,
        "asked": outcome.asked,
        "score": outcome.score,
        "right": outcome.right,
        "graded": outcome.graded,
        "seconds": outcome.seconds,
        "next_due": outcome.next_due.isoformat() if outcome.next_due else None,
    }  # fmt: skip


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
    from quizgen.selftest import stats as selftest_stats
    from quizgen.selftest.pool import Filters

    pool = _pool(root, Filters(deck, tuple(tag or ()), tuple(topic or ()), tuple(source or ())))
    _say_load_errors(pool)
    store = _store(state_path(state), save=False)
    try:
        result = selftest_stats.compute(pool, store, _now(now) or dt.datetime.now(dt.UTC))
    finally:
        store.close()
    if json_out:
        import json

        sys.stdout.write(json.dumps(result.to_json(), indent=1) + "\n")
    else:
        sys.stdout.write(selftest_stats.render(result))


@selftest_app.command()
def aliases(
    state: StatePath = None,
    json_out: Json = False,
) -> None:
    """Answers learners said were right ("I was right"), for a reviewer to add to the bank as aliases."""
    store = _store(state_path(state), save=False)
    try:
        rows = store.proposed_aliases()
    finally:
        store.close()
    if json_out:
        import json

        data = [{"id": q, "alias": a, "expected": e, "proposed_at": t.isoformat()} for q, a, e, t in rows]
        sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        return
    if not rows:
        typer.echo("no proposed aliases")
    for qid, alias, expected, _ in rows:
        typer.echo(f"{qid}: {alias!r} (the bank's answer: {expected!r})")
