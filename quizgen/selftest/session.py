"""The self-test engine: asks, grades, schedules and records, with the clock, randomness and I/O injected.

Every answer (and skip) is committed to the store, with the question's new card and the session's remaining
queue, before the next question is shown; Ctrl-C (``KeyboardInterrupt``) therefore needs no handling here:
whatever was answered is stored, and the next run resumes the queue.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from quizgen.core.display import quoted
from quizgen.core.model import Question, QuestionType
from quizgen.selftest.grading import Grade, Verdict, render_diff
from quizgen.selftest.pool import (
    Pool,
    Shown,
    blueprint_order,
    content_hash,
    evidence,
    fair_order,
    grade,
    held_back,
    show,
    source_names,
)
from quizgen.selftest.scheduler import Scheduler
from quizgen.selftest.state import Answer, CardState, Queue, SessionRecord, Store

_CHOICES = frozenset({QuestionType.MCQ, QuestionType.TRUE_FALSE})
"""Answered by picking an option: nothing typed to diff, nothing to propose as an alias."""

MAX_ATTEMPTS = 2
"""A missed question comes back once more in the same session."""
REASK_GAP = 3
"""How many other questions come before a missed one comes back (fewer when fewer are left)."""
DEFAULT_NEW = 10
"""New (never reviewed) questions per review session, unless ``--new`` says otherwise."""
HELP = """\
  Type your answer and press Enter.
    mcq: a letter or a number   true-false: t or f   cloze: the missing words (several blanks: a; b)
  Keys (alone on the line):
    ?  this help        s  skip this question     u  undo the last answer
    r  "I was right": after a miss, accept your answer and propose it as an alias for a reviewer
    q  quit (everything answered is saved; the next run resumes)
  To answer with one of these letters, type it after a backslash: \\s"""


class Terminal(Protocol):
    """Where a session reads answers and writes what it says."""

    colour: bool
    """Whether to use ANSI colours."""
    scripted: bool
    """Answers come from a file: no questions of the session's own (such as offering practice)."""

    def ask(self, prompt: str) -> str | None:
        """Show ``prompt`` and read one line; ``None`` at the end of input."""

    def say(self, text: str = "") -> None:
        """Write a line."""


@dataclass(frozen=True, slots=True)
class Options:
    """How a session runs."""

    mode: str = "review"
    """``review`` (scheduled) or ``practice`` (each question once, schedule untouched)."""
    count: int | None = None
    """At most this many questions."""
    new: int = DEFAULT_NEW
    """At most this many never-reviewed questions in a review session."""
    seed: int | None = None
    """Seed of the order and option shuffles (drawn from the injected generator when ``None``)."""
    restart: bool = False
    """Discard an unfinished session instead of resuming it."""
    blueprint: bool = False
    """Draw the session from the deck's blueprint (:func:`quizgen.selftest.pool.blueprint_order`): a mock quiz,
    asked in practice mode (the schedule untouched)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a session went."""

    answers: tuple[Answer, ...]
    """The session's log (answers and skips), oldest first."""
    finished: bool
    """Whether the queue was emptied (else the learner quit, or input ended)."""
    score: float | None
    """Share of questions right (correct or close) at the first attempt, 0-100; ``None`` if none answered."""
    next_due: dt.datetime | None
    """When the next selected question is due (review state), if any is scheduled."""
    asked: int
    """How many questions were asked (answered or skipped) at least once."""
    right: int
    """Questions right (correct or close) at the first attempt."""
    graded: int
    """Questions answered (not skipped) at the first attempt."""
    misses: tuple[Answer, ...]
    """The first attempts that were wrong."""
    seconds: float
    """Time spent answering."""

    def to_json(self) -> dict[str, object]:
        """The outcome as JSON-able data (``quizgen selftest --json``, docs/selftest.md)."""
        return {
            "answers": [
                {"id": a.question_id, "attempt": a.attempt, "verdict": a.verdict, "expected": a.expected,
                 "given": a.given, "rating": a.rating, "next_due": a.due.isoformat() if a.due else None}
                for a in self.answers
            ],
            "finished": self.finished,
            "asked": self.asked,
            "score": self.score,
            "right": self.right,
            "graded": self.graded,
            "seconds": self.seconds,
            "next_due": self.next_due.isoformat() if self.next_due else None,
        }  # fmt: skip


_STYLES = {"correct": "32", "close": "33", "wrong": "31", "dim": "2", "bold": "1"}


class Engine:
    """One self-test run over a pool of questions."""

    def __init__(
        self, pool: Pool, store: Store, scheduler: Scheduler, io: Terminal,
        clock: Callable[[], dt.datetime], rng: random.Random, options: Options,
    ) -> None:  # fmt: skip
        self.pool = pool
        self.store = store
        self.scheduler = scheduler
        self.io = io
        self.clock = clock
        self.rng = rng
        self.options = options

    # --- output helpers ---------------------------------------------------------------------------------

    def _style(self, text: str, style: str) -> str:
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if self.io.colour else text

    def when(self, t: dt.datetime) -> str:
        """A due time for people: relative, then local date and time."""
        delta = t - self.clock()
        seconds = delta.total_seconds()
        if seconds <= 0:
            rel = "now"
        elif seconds < 3600:
            rel = f"in {max(1, round(seconds / 60))} min"
        elif seconds < 86400 * 2:
            rel = f"in {round(seconds / 3600)} h"
        else:
            rel = f"in {round(seconds / 86400)} days"
        return f"{rel} ({t.astimezone().strftime('%Y-%m-%d %H:%M %Z')})"

    # --- planning ---------------------------------------------------------------------------------------

    def _plan(self, mode: str, seed: int) -> list[str]:
        """The session's questions: by priority (due first, then new; shuffled in practice), without related
        items together or items held back after a miss, interleaved by article (:func:`fair_order`)."""
        ids = list(self.pool.questions)
        questions, relations = self.pool.questions, self.pool.relations
        held = held_back(relations, self._missed())
        if self.options.blueprint:
            return blueprint_order(self.pool, seed, held)
        count = self.options.count
        if mode == "practice":
            order = [ids[i] for i in _permutation(seed, len(ids))]
            return fair_order(order, questions, relations, held, count)
        now = self.clock()
        cards = self.store.cards()
        due = [i for _, i in sorted((cards[i].due, i) for i in ids if i in cards and cards[i].due <= now)]
        new = [i for i in ids if i not in cards]
        # Taking goes in priority order, so the first ones taken are the due ones kept; the new-question limit
        # counts the new questions the session keeps, not those it sets aside.
        limit = len(fair_order(due, questions, relations, held)) + self.options.new
        return fair_order(
            due + new, questions, relations, held, limit if count is None else min(limit, count)
        )

    def _missed(self) -> set[str]:
        """Questions whose last answer (in any session) was wrong and not claimed right."""
        last: dict[str, bool] = {}
        for a in self.store.answers():
            if a.verdict != "skipped" and a.question_id in self.pool.questions:
                last[a.question_id] = a.verdict == "wrong" and not a.claimed
        return {i for i, wrong in last.items() if wrong}

    def _next_due(self) -> dt.datetime | None:
        cards = self.store.cards()
        dues = [cards[i].due for i in self.pool.questions if i in cards]
        return min(dues) if dues else None

    def _report_changes(self) -> None:
        cards = self.store.cards()
        changed = [
            i
            for i, q in self.pool.questions.items()
            if i in cards and cards[i].content_hash != content_hash(q)
        ]
        if changed:
            self.io.say(
                f"{len(changed)} question(s) changed since you last reviewed them; their schedules are kept "
                f"and follow your next answers: {', '.join(changed)}"
            )

    def _start(self) -> SessionRecord | None:
        current = self.store.open_session()
        if current is not None and self.options.restart:
            self.store.discard_session(current.id)
            self.io.say(f"discarded the unfinished session from {_local(current.started_at)}")
            current = None
        if current is not None:
            pending = tuple(i for i in current.queue.pending if i in self.pool.questions)
            gone = len(current.queue.pending) - len(pending)
            if gone:
                self.io.say(
                    f"{gone} question(s) of the session are no longer in the bank or no longer pass check"
                )
                current = SessionRecord(current.id, current.mode, current.seed, current.started_at,
                                        Queue(pending, current.queue.attempts))  # fmt: skip
                self.store.set_queue(current.id, current.queue)
            self.io.say(
                f"resumed the {current.mode} session from {_local(current.started_at)}: "
                f"{len(set(pending))} question(s) left (--restart starts a new one)"
            )
            return current
        seed = self.options.seed if self.options.seed is not None else self.rng.randrange(1 << 31)
        mode = self.options.mode
        order = self._plan(mode, seed)
        if not order and mode == "review":
            order, mode = self._nothing_due(seed)
        if not order:
            return None
        return self.store.start_session(mode, seed, Queue(tuple(order), {}), self.clock())

    def _nothing_due(self, seed: int) -> tuple[list[str], str]:
        nxt = self._next_due()
        if nxt is None:
            self.io.say("Nothing to review.")
        else:
            self.io.say(f"Nothing is due. The next question is due {self.when(nxt)}.")
        if not self.pool.questions:
            return [], "review"
        if self.io.scripted:
            self.io.say("Run `quizgen selftest --mode practice` to practise without changing the schedule.")
            return [], "review"
        reply = self.io.ask(
            f"Practise the {len(self.pool.questions)} question(s) now, schedule untouched? [y/N] "
        )
        if reply is not None and reply.strip().casefold() in ("y", "yes"):
            return self._plan("practice", seed), "practice"
        return [], "review"

    # --- the loop ---------------------------------------------------------------------------------------

    def run(self) -> Outcome:
        """Run the session until its queue is empty, the learner quits or input ends."""
        self._report_changes()
        session = self._start()
        if session is None:
            return Outcome((), True, None, self._next_due(), 0, 0, 0, (), 0.0)
        queue = session.queue
        finished = False
        while True:
            if not queue.pending:
                finished = True
                break
            qid = queue.pending[0]
            shown = show(self.pool.questions[qid], session.seed, queue.attempts.get(qid, 0))
            started = self.clock()
            self._show(shown, queue)
            action = self._read(shown, session, queue, started)
            if action is None:
                break
            queue = action
        if finished:
            self.store.finish_session(session.id, self.clock())
        log = tuple(self.store.answers(session.id))
        outcome = self._outcome(log, finished)
        self._summary(outcome, session)
        return outcome

    def _show(self, shown: Shown, queue: Queue) -> None:
        q = shown.question
        left = len(set(queue.pending))
        again = " (again)" if queue.attempts.get(q.id) else ""
        self.io.say()
        self.io.say(self._style(f"[{q.topic}] {left} left{again}", "dim"))
        self.io.say(
            self._style(("True or false? " if q.type.value == "true-false" else "") + shown.text, "bold")
        )
        for i, (option, _) in enumerate(shown.options):
            self.io.say(f"  {chr(65 + i)}. {option}")

    def _read(self, shown: Shown, session: SessionRecord, queue: Queue, started: dt.datetime) -> Queue | None:
        """Read until the question is answered or skipped (the new queue), or the learner stops (``None``)."""
        q = shown.question
        while True:
            line = self.io.ask(f"({shown.hint}; ? for help) > ")
            if line is None:
                return None
            text = line.strip()
            command = text.casefold()
            if command == "?":
                self.io.say(HELP)
                continue
            if command == "q":
                return None
            if command == "u":
                undone = self.store.undo_last(session.id)
                if undone is None:
                    self.io.say("nothing to undo in this session")
                    continue
                self.io.say(f"undone: your answer {undone[0].given!r} to {undone[0].question_id}")
                return undone[1]
            if command == "r":
                claimed = self._claim(session, queue)
                if claimed is None:
                    continue
                return claimed
            if command == "s":
                after = _pop(queue, q.id, reask=False)
                self.store.record(
                    self._answer(session, q, shown, started, "skipped", "", None, None, queue),
                    card_before=None, card_after=None, queue_before=queue, queue_after=after,
                )  # fmt: skip
                self.io.say(f"skipped; the answer: {shown.expected}")
                return after
            if text.startswith("\\"):
                text = text[1:]
            result = grade(shown, text)
            if isinstance(result, str):
                self.io.say(result)
                continue
            return self._answered(session, queue, shown, result, started)

    def _answer(
        self, session: SessionRecord, q: Question, shown: Shown, started: dt.datetime, verdict: str,
        given: str, rating: str | None, due: dt.datetime | None, queue: Queue,
    ) -> Answer:  # fmt: skip
        now = self.clock()
        ms = max(0, int((now - started).total_seconds() * 1000))
        attempt = queue.attempts.get(q.id, 0) + 1
        return Answer(0, session.id, q.id, attempt, now, ms, verdict, rating, given, shown.expected, due,
                      content_hash(q))  # fmt: skip

    def _answered(
        self, session: SessionRecord, queue: Queue, shown: Shown, result: Grade, started: dt.datetime
    ) -> Queue:
        q = shown.question
        before = self.store.card(q.id) if session.mode == "review" else None
        rating = due = card_after = None
        if session.mode == "review":
            reviewed = self.scheduler.review(
                q.id, before.card if before else None, result.verdict, self.clock()
            )
            rating, due, card_after = reviewed.rating, reviewed.due, reviewed.card
        missed = result.verdict is Verdict.WRONG
        after = _pop(queue, q.id, reask=missed)
        answer = self._answer(
            session, q, shown, started, result.verdict.value, result.given, rating, due, queue
        )
        self.store.record(
            answer, card_before=before, card_after=card_after, queue_before=queue, queue_after=after
        )
        self._feedback(shown, result, due, reasked=missed and q.id in after.pending)
        return after

    def _feedback(self, shown: Shown, result: Grade, due: dt.datetime | None, *, reasked: bool) -> None:
        q = shown.question
        verdict = result.verdict
        head = {
            Verdict.CORRECT: "correct",
            Verdict.CLOSE: "close: accepted, but check the spelling",
            Verdict.WRONG: "wrong",
        }[verdict]
        self.io.say(self._style(head, verdict.value) + f" - the answer: {shown.expected}")
        typed = q.type not in _CHOICES
        if typed and result.diff:
            self.io.say(f"  you typed vs the answer: {render_diff(result.diff, colour=self.io.colour)}")
        if q.type.value == "true-false" and q.answer is False and q.correction:
            self.io.say(f"  what is true: {q.correction}")
        for quote, cited in evidence(q, self.pool.articles):
            self.io.say(f"  evidence: {quoted(quote)}")
            self.io.say(self._style(f"    - {cited}", "dim"))
        if q.explanation:
            self.io.say(f"  {q.explanation}")
        if due is not None:
            self.io.say(self._style(f"  next review {self.when(due)}", "dim"))
        if verdict is Verdict.WRONG and typed:
            extra = "; it comes back later in this session" if reasked else ""
            self.io.say(f"  (r at the next prompt: I was right, propose my answer as an alias{extra})")

    def _claim(self, session: SessionRecord, queue: Queue) -> Queue | None:
        log = self.store.answers(session.id)
        last = log[-1] if log else None
        if last is None or last.verdict != "wrong" or last.claimed:
            self.io.say("r applies right after a missed answer")
            return None
        q = self.pool.questions[last.question_id]
        if q.type in _CHOICES:
            self.io.say("r applies to typed answers, not to a choice")
            return None
        rating = due = card = None
        if session.mode == "review":
            before = self.store.card_before(last.id)
            reviewed = self.scheduler.review(
                q.id, before.card if before else None, Verdict.CLOSE, last.answered_at
            )
            rating, due, card = reviewed.rating, reviewed.due, reviewed.card
        pending = list(queue.pending)
        if last.question_id in pending:
            pending.remove(last.question_id)
        after = Queue(tuple(pending), queue.attempts)
        self.store.claim(last, rating=rating, card_after=card, due=due, queue_after=after, at=self.clock())
        self.io.say(f"accepted as close; {last.given!r} is proposed as an alias of {q.id} for a reviewer")
        return after

    # --- the end ----------------------------------------------------------------------------------------

    def _outcome(self, log: tuple[Answer, ...], finished: bool) -> Outcome:
        first: dict[str, Answer] = {}
        for a in log:
            first.setdefault(a.question_id, a)
        graded = [a for a in first.values() if a.verdict != "skipped"]
        right = sum(1 for a in graded if a.verdict in ("correct", "close"))
        score = 100.0 * right / len(graded) if graded else None
        misses = tuple(a for a in graded if a.verdict == "wrong")
        seconds = sum(a.duration_ms for a in log) / 1000
        return Outcome(
            log, finished, score, self._next_due(), len(first), right, len(graded), misses, seconds
        )

    def _summary(self, outcome: Outcome, session: SessionRecord) -> None:
        self.io.say()
        if outcome.finished:
            self.io.say(self._style("session complete", "bold"))
        else:
            self.io.say(self._style("session paused: progress saved; run again to resume", "bold"))
        if outcome.score is not None:
            seconds = outcome.seconds
            self.io.say(
                f"score: {outcome.right}/{outcome.graded} right at the first try ({outcome.score:.0f}%), "
                f"time {int(seconds // 60)}m{int(seconds % 60):02d}s"
            )
        if outcome.asked > outcome.graded:
            self.io.say(f"skipped: {outcome.asked - outcome.graded}")
        if outcome.misses:
            self.io.say("missed:")
            for a in outcome.misses:
                q = self.pool.questions.get(a.question_id)
                sources = ", ".join(source_names(q, self.pool.articles)) if q else ""
                self.io.say(f"  {a.question_id}: {a.expected} (you: {a.given or '-'}; {sources})")
        if session.mode == "review" and outcome.next_due is not None:
            self.io.say(f"next question due {self.when(outcome.next_due)}")


def _pop(queue: Queue, qid: str, *, reask: bool) -> Queue:
    pending = list(queue.pending)
    pending.remove(qid)
    attempts = dict(queue.attempts)
    attempts[qid] = attempts.get(qid, 0) + 1
    if reask and attempts[qid] < MAX_ATTEMPTS:
        pending.insert(min(REASK_GAP, len(pending)), qid)
    return Queue(tuple(pending), attempts)


def _permutation(seed: int, n: int) -> list[int]:
    from quizgen.core.shuffle import permutation

    return permutation(f"quizgen-selftest-order:{seed}", n)


def _local(t: dt.datetime) -> str:
    return t.astimezone().strftime("%Y-%m-%d %H:%M %Z")


__all__ = ["HELP", "CardState", "Engine", "Options", "Outcome", "Terminal"]
