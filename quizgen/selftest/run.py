"""The self-test commands assembled: the pool, the state file, the FSRS scheduler, the clock and the terminal
wired into an :class:`~quizgen.selftest.session.Engine`; stats and proposed aliases read from the state.

What the CLI passes in is plain values; what comes back is a value with its JSON form. Refusals raise
:class:`~quizgen.core.errors.QuizgenError` subclasses whose ``exit_code`` the CLI uses: a filter naming nothing,
no question to ask or an unreadable answers file are usage errors (2), an unusable state file exits 4.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from quizgen.core.diagnostics import text_lines
from quizgen.core.errors import UsageError
from quizgen.selftest.pool import Filters, Pool, select
from quizgen.selftest.state import Store, damaged, open_store
from quizgen.selftest.stats import Stats, compute
from quizgen.selftest.terminal import LineTerminal

if TYPE_CHECKING:
    from quizgen.selftest.session import Engine, Options, Outcome

FSRS_SETTING = "fsrs"
"""The state's setting holding the scheduler's parameters, fixed at the first session."""


def state_path(given: Path | None) -> Path:
    """The state file: ``given``, else ``selftest.sqlite3`` in the platform's user data folder."""
    if given is not None:
        return given
    import platformdirs

    return platformdirs.user_data_path("quizgen", appauthor=False) / "selftest.sqlite3"


@dataclass(frozen=True, slots=True)
class SelftestResult:
    """How ``quizgen selftest`` went."""

    outcome: Outcome | None
    """The session's outcome; ``None`` when it was interrupted (Ctrl-C), every answer already saved."""
    saved: bool
    """Whether answers were saved to the state file (``--no-save`` keeps them in memory)."""

    @property
    def interrupted(self) -> bool:
        """Whether Ctrl-C ended the session."""
        return self.outcome is None

    def below(self, fail_under: float | None) -> bool:
        """Whether the score is below ``fail_under`` percent (no answer, no score: never below)."""
        score = self.outcome.score if self.outcome is not None else None
        return fail_under is not None and score is not None and score < fail_under

    def to_json(self) -> dict[str, object]:
        """The outcome as JSON-able data (``--json``)."""
        return self.outcome.to_json() if self.outcome is not None else {"interrupted": True}


MAX_ANSWERS_BYTES = 16 * 1024 * 1024
"""The most ``--answers`` reads (some hundred thousand answers): ``/dev/zero`` or an endless pipe is refused
instead of filling the memory."""


def _answers(source: str | None) -> list[str] | None:
    """The scripted answers, one a line, from a file or ``-`` (standard input).

    Lines end at LF (or CR LF), as they do typed: not at the other characters ``str.splitlines`` takes for line
    ends (U+2028, form feed...), which would split one answer in two and give each later answer to the wrong
    question. A leading byte-order mark is dropped."""
    if source is None:
        return None
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_ANSWERS_BYTES + 1)
        else:
            with open(source, "rb") as f:
                data = f.read(MAX_ANSWERS_BYTES + 1)
    except OSError as exc:
        raise UsageError(f"cannot read answers from {source}: {exc.strerror or exc}") from None
    if len(data) > MAX_ANSWERS_BYTES:
        raise UsageError(
            f"cannot read answers from {source}: more than {MAX_ANSWERS_BYTES // (1024 * 1024)} MiB; "
            "give a file of answers, one a line"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from quizgen.core.text import byte_position

        raw, start = bytes(exc.object), exc.start  # after a byte-order mark, if any
        line, column = byte_position(raw, start)
        raise UsageError(
            f"{source}:{line}:{column}: cannot read answers: byte 0x{raw[start]:02X} is not UTF-8; save the "
            "file as UTF-8"
        ) from None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the last line's end
    return [line.removesuffix("\r") for line in lines]


def _say_load_errors(pool: Pool) -> None:
    """A file that did not load hides its questions: say so, located, on standard error, instead of quietly
    asking fewer."""
    if pool.load_errors:
        sys.stderr.write(text_lines(pool.load_errors))
        sys.stderr.write("quizgen: the questions of files with errors are left out; run quizgen check\n")


def session(
    root: Path,
    filters: Filters,
    options: Options,
    *,
    state: Path | None = None,
    answers: str | None = None,
    out: IO[str] | None = None,
    colour: bool = False,
    save: bool = True,
    now: dt.datetime | None = None,
) -> SelftestResult:
    """Ask the questions ``filters`` select, on ``out`` (standard output by default), reading the learner's
    answers from standard input or the file ``answers``; the schedule and log go to the state file ``state``
    (unless ``save`` is false). ``now`` fixes the clock (tests)."""
    script = _answers(answers)
    terminal = LineTerminal(out or sys.stdout, iter(script) if script is not None else None, colour=colour)
    pool = select(root, filters)
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
        raise UsageError(f"no approved question matches ({why})")
    store = open_store(state_path(state), save=save)
    try:
        engine = _engine(pool, store, terminal, options, now)
        try:
            outcome = engine.run()
        except KeyboardInterrupt:
            return SelftestResult(None, save)
    finally:
        store.close()
    return SelftestResult(outcome, save)


def _engine(
    pool: Pool, store: Store, terminal: LineTerminal, options: Options, now: dt.datetime | None
) -> Engine:
    # fsrs is imported here, so that stats and aliases do not pay for it
    from quizgen.selftest.scheduler import Scheduler
    from quizgen.selftest.session import Engine

    rng = random.Random(options.seed)
    try:
        scheduler = Scheduler(store.setting(FSRS_SETTING), rng)
    except ValueError as exc:
        raise damaged(store.path, f"table settings, row {FSRS_SETTING}", str(exc)) from None
    if store.setting(FSRS_SETTING) is None:
        store.set_setting(FSRS_SETTING, scheduler.settings())

    def clock() -> dt.datetime:
        return now if now is not None else dt.datetime.now(dt.UTC)

    return Engine(pool, store, scheduler, terminal, clock, rng, options)


def stats(
    root: Path, filters: Filters, *, state: Path | None = None, now: dt.datetime | None = None
) -> Stats:
    """Stats of the questions ``filters`` select, from the state file (only read), at ``now`` (default: now)."""
    pool = select(root, filters)
    _say_load_errors(pool)
    store = open_store(state_path(state), save=False)
    try:
        return compute(pool, store, now or dt.datetime.now(dt.UTC))
    finally:
        store.close()


@dataclass(frozen=True, slots=True)
class ProposedAlias:
    """An answer a learner said was right ("I was right"), for a reviewer to add to the bank as an alias."""

    id: str
    """The question's id."""
    alias: str
    """What the learner typed."""
    expected: str
    """The bank's answer."""
    proposed_at: dt.datetime
    """When (UTC)."""

    def to_json(self) -> dict[str, object]:
        """As JSON-able data."""
        return {"id": self.id, "alias": self.alias, "expected": self.expected,
                "proposed_at": self.proposed_at.isoformat()}  # fmt: skip


def aliases(*, state: Path | None = None) -> list[ProposedAlias]:
    """The aliases proposed in the state file (only read)."""
    store = open_store(state_path(state), save=False)
    try:
        return [ProposedAlias(*row) for row in store.proposed_aliases()]
    finally:
        store.close()
