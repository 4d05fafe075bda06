"""The self-test's state: one SQLite file, keyed by question id, written one transaction per answer.

Tables (schema version in ``PRAGMA user_version``; :data:`MIGRATIONS` brings an older file up to date):

- ``settings``: the FSRS scheduler's settings (JSON), so a learner's schedule does not move when fsrs changes
  its defaults.
- ``cards``: per question, the FSRS card (JSON), when it is due, and the hash of the question's content when
  it was last reviewed (a changed question is reported, never silently reset).
- ``sessions``: each session's mode, seed and remaining queue; an unfinished session is resumed.
- ``answers``: the append-only log of every answer and skip, with the card and queue before it (so ``u`` can
  undo it exactly) and after it.
- ``proposed_aliases``: answers a learner said were right, for a reviewer; never written into the bank.

The file is opened in WAL mode with full sync: a committed answer survives Ctrl-C, a closed terminal and
SIGKILL. A file that cannot be read, or was written by a newer quizgen, raises :class:`StateError`; it is never
reset or overwritten.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import json
import operator
import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from quizgen.core import exitcodes
from quizgen.core.errors import QuizgenError

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        card TEXT NOT NULL,
        due TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        reviewed_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL,
        seed INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        queue TEXT NOT NULL,
        finished_at TEXT,
        discarded INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id),
        question_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        rating TEXT,
        given TEXT NOT NULL,
        expected TEXT NOT NULL,
        due TEXT,
        content_hash TEXT NOT NULL,
        card_before TEXT,
        card_after TEXT,
        queue_before TEXT NOT NULL,
        claimed INTEGER NOT NULL DEFAULT 0,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX answers_by_session ON answers(session_id);
    CREATE TABLE proposed_aliases (
        id INTEGER PRIMARY KEY,
        question_id TEXT NOT NULL,
        alias TEXT NOT NULL,
        expected TEXT NOT NULL,
        proposed_at TEXT NOT NULL,
        answer_id INTEGER NOT NULL REFERENCES answers(id)
    );
    """,
)
"""Schema migrations: entry ``n`` brings a file from version ``n`` to ``n + 1``."""
SCHEMA_VERSION = len(MIGRATIONS)
"""The schema version this quizgen writes."""


class StateError(QuizgenError):
    """The state file cannot be used; the message says what to do (the file is left untouched)."""

    exit_code = exitcodes.STATE


def _iso(t: dt.datetime) -> str:
    return t.astimezone(dt.UTC).isoformat()


def parse_time(text: str) -> dt.datetime:
    """A stored time (ISO 8601, UTC)."""
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class CardState:
    """What the store knows about one question's schedule."""

    card: str
    """The FSRS card (JSON)."""
    due: dt.datetime
    """When it is due (UTC)."""
    content_hash: str
    """The question's content hash when it was last reviewed."""
    reviewed_at: dt.datetime
    """When it was last reviewed (UTC)."""


@dataclass(frozen=True, slots=True)
class Queue:
    """What is left of a session: question ids in the order they will be asked, and attempts so far."""

    pending: tuple[str, ...]
    """Ids still to ask, next first (a missed question is put back in)."""
    attempts: dict[str, int]
    """How many times each id has been answered in the session."""

    def to_json(self) -> str:
        """The queue as stored."""
        return json.dumps({"pending": list(self.pending), "attempts": self.attempts}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Queue:
        """A stored queue."""
        data = json.loads(text)
        return cls(tuple(data["pending"]), {str(k): int(v) for k, v in data["attempts"].items()})


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A stored session."""

    id: int
    """Its number."""
    mode: str
    """``review`` or ``practice``."""
    seed: int
    """The seed of its question order and option shuffles."""
    started_at: dt.datetime
    """When it started (UTC)."""
    queue: Queue
    """What is left."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One entry of the answer log (an answer or a skip)."""

    id: int
    """Its number (0 before it is stored)."""
    session_id: int
    """The session."""
    question_id: str
    """The question."""
    attempt: int
    """1 for the first time the question is asked in the session, 2 when a miss comes back."""
    answered_at: dt.datetime
    """When (UTC)."""
    duration_ms: int
    """Time from showing the question to the answer."""
    verdict: str
    """``correct``, ``close``, ``wrong`` or ``skipped``."""
    rating: str | None
    """The FSRS rating (review mode), else ``None``."""
    given: str
    """What was typed."""
    expected: str
    """The correct answer as shown."""
    due: dt.datetime | None
    """When the question is due next (review mode)."""
    content_hash: str
    """The question's content hash."""
    claimed: bool = False
    """Whether the learner said "I was right" after a miss."""


class Store:
    """An open state file (or an in-memory copy of one, for ``--no-save``)."""

    def __init__(self, conn: sqlite3.Connection, path: str, lock: int | None = None) -> None:
        self._conn = conn
        self.path = path
        """The file, for messages."""
        self._lock = lock

    def close(self) -> None:
        """Close the file, then let another session have it."""
        try:
            self._conn.close()
        finally:
            if self._lock is not None:
                os.close(self._lock)  # closing the descriptor releases the flock
                self._lock = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed when the block ends, rolled back if it raises (even on Ctrl-C)."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.rollback()
            raise
        self._conn.commit()

    # --- settings and cards -------------------------------------------------------------------------------

    def setting(self, name: str) -> str | None:
        """A stored setting."""
        row = self._conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, name: str, value: str) -> None:
        """Store a setting (its own transaction)."""
        with self.transaction() as c:
            c.execute("INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (name, value))

    def cards(self) -> dict[str, CardState]:
        """Every stored card by question id."""
        rows = self._conn.execute("SELECT question_id, card, due, content_hash, reviewed_at FROM cards")
        return {r[0]: CardState(r[1], parse_time(r[2]), r[3], parse_time(r[4])) for r in rows}

    def card(self, question_id: str) -> CardState | None:
        """The stored card of one question."""
        row = self._conn.execute(
            "SELECT card, due, content_hash, reviewed_at FROM cards WHERE question_id = ?", (question_id,)
        ).fetchone()
        return None if row is None else CardState(row[0], parse_time(row[1]), row[2], parse_time(row[3]))

    # --- sessions -----------------------------------------------------------------------------------------

    def open_session(self) -> SessionRecord | None:
        """The latest unfinished session, if any."""
        row = self._conn.execute(
            "SELECT id, mode, seed, started_at, queue FROM sessions"
            " WHERE finished_at IS NULL AND discarded = 0 ORDER BY id DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return SessionRecord(row[0], row[1], row[2], parse_time(row[3]), Queue.from_json(row[4]))

    def start_session(self, mode: str, seed: int, queue: Queue, at: dt.datetime) -> SessionRecord:
        """Record a new session."""
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO sessions (mode, seed, started_at, queue) VALUES (?, ?, ?, ?)",
                (mode, seed, _iso(at), queue.to_json()),
            )
        assert cur.lastrowid is not None
        return SessionRecord(cur.lastrowid, mode, seed, at, queue)

    def discard_session(self, session_id: int) -> None:
        """Mark a session as discarded (``--restart``); its answers stay in the log and in the schedule."""
        with self.transaction() as c:
            c.execute("UPDATE sessions SET discarded = 1 WHERE id = ?", (session_id,))

    def finish_session(self, session_id: int, at: dt.datetime) -> None:
        """Mark a session as finished."""
        with self.transaction() as c:
            c.execute("UPDATE sessions SET finished_at = ?, queue = ? WHERE id = ?",
                      (_iso(at), Queue((), {}).to_json(), session_id))  # fmt: skip

    def set_queue(self, session_id: int, queue: Queue) -> None:
        """Store a session's queue (its own transaction)."""
        with self.transaction() as c:
            c.execute("UPDATE sessions SET queue = ? WHERE id = ?", (queue.to_json(), session_id))

    # --- answers ------------------------------------------------------------------------------------------

    def record(
        self, answer: Answer, *, card_before: CardState | None, card_after: str | None,
        queue_before: Queue, queue_after: Queue,
    ) -> Answer:  # fmt: skip
        """Store an answer, the question's new card (if any) and the session's queue, in one transaction."""
        with self.transaction() as c:
            cur = c.execute(
                "INSERT INTO answers (session_id, question_id, attempt, answered_at, duration_ms, verdict,"
                " rating, given, expected, due, content_hash, card_before, card_after, queue_before)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer.session_id, answer.question_id, answer.attempt, _iso(answer.answered_at),
                    answer.duration_ms, answer.verdict, answer.rating, answer.given, answer.expected,
                    _iso(answer.due) if answer.due else None, answer.content_hash,
                    _card_json(card_before), card_after, queue_before.to_json(),
                ),
            )  # fmt: skip
            if card_after is not None and answer.due is not None:
                self._put_card(c, answer.question_id, card_after, answer.due, answer.content_hash,
                               answer.answered_at)  # fmt: skip
            c.execute(
                "UPDATE sessions SET queue = ? WHERE id = ?", (queue_after.to_json(), answer.session_id)
            )
        assert cur.lastrowid is not None
        return _with_id(answer, cur.lastrowid)

    @staticmethod
    def _put_card(
        c: sqlite3.Connection, qid: str, card: str, due: dt.datetime, content_hash: str, at: dt.datetime
    ) -> None:
        c.execute(
            "INSERT OR REPLACE INTO cards (question_id, card, due, content_hash, reviewed_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (qid, card, _iso(due), content_hash, _iso(at)),
        )

    def answers(self, session_id: int | None = None) -> list[Answer]:
        """The log (of one session, or all), oldest first, without undone entries."""
        sql = (
            "SELECT id, session_id, question_id, attempt, answered_at, duration_ms, verdict, rating, given,"
            " expected, due, content_hash, claimed FROM answers WHERE undone = 0"
        )
        args: tuple[int, ...] = ()
        if session_id is not None:
            sql += " AND session_id = ?"
            args = (session_id,)
        return [
            Answer(r[0], r[1], r[2], r[3], parse_time(r[4]), r[5], r[6], r[7], r[8], r[9],
                   parse_time(r[10]) if r[10] else None, r[11], bool(r[12]))
            for r in self._conn.execute(sql + " ORDER BY id", args)
        ]  # fmt: skip

    def undo_last(self, session_id: int) -> tuple[Answer, Queue] | None:
        """Undo the session's last answer or skip: its card and the queue go back to what they were."""
        with self.transaction() as c:
            row = c.execute(
                "SELECT id, question_id, card_before, queue_before FROM answers"
                " WHERE session_id = ? AND undone = 0 ORDER BY id DESC LIMIT 1",
                (session_id,),
            ).fetchone()
            if row is None:
                return None
            answer_id, qid, card_before, queue_before = row
            _read_back(self.path, "answers", answer_id, "card_before", card_before)
            _read_back(self.path, "answers", answer_id, "queue_before", queue_before)
            answer = next(a for a in self.answers(session_id) if a.id == answer_id)
            c.execute("UPDATE answers SET undone = 1 WHERE id = ?", (answer_id,))
            c.execute("DELETE FROM proposed_aliases WHERE answer_id = ?", (answer_id,))
            if answer.rating is not None:
                if card_before is None:
                    c.execute("DELETE FROM cards WHERE question_id = ?", (qid,))
                else:
                    before = json.loads(card_before)
                    self._put_card(c, qid, before["card"], parse_time(before["due"]), before["content_hash"],
                                   parse_time(before["reviewed_at"]))  # fmt: skip
            c.execute("UPDATE sessions SET queue = ? WHERE id = ?", (queue_before, session_id))
        return answer, Queue.from_json(queue_before)

    def claim(self, answer: Answer, *, rating: str | None, card_after: str | None, due: dt.datetime | None,
              queue_after: Queue, at: dt.datetime) -> Answer:  # fmt: skip
        """ "I was right": the missed answer becomes close, its card is re-rated, the answer is proposed as
        an alias for a reviewer and the question is not asked again this session; one transaction."""
        with self.transaction() as c:
            c.execute(
                "UPDATE answers SET verdict = 'close', claimed = 1, rating = ?, due = ?, card_after = ?"
                " WHERE id = ?",
                (rating, _iso(due) if due else None, card_after, answer.id),
            )
            if card_after is not None and due is not None:
                self._put_card(
                    c, answer.question_id, card_after, due, answer.content_hash, answer.answered_at
                )
            c.execute(
                "INSERT INTO proposed_aliases (question_id, alias, expected, proposed_at, answer_id)"
                " VALUES (?, ?, ?, ?, ?)",
                (answer.question_id, answer.given, answer.expected, _iso(at), answer.id),
            )
            c.execute(
                "UPDATE sessions SET queue = ? WHERE id = ?", (queue_after.to_json(), answer.session_id)
            )
        return Answer(
            answer.id, answer.session_id, answer.question_id, answer.attempt, answer.answered_at,
            answer.duration_ms, "close", rating, answer.given, answer.expected, due, answer.content_hash, True,
        )  # fmt: skip

    def card_before(self, answer_id: int) -> CardState | None:
        """The card as it was before an answer."""
        row = self._conn.execute("SELECT card_before FROM answers WHERE id = ?", (answer_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        _read_back(self.path, "answers", answer_id, "card_before", row[0])
        d = json.loads(row[0])
        return CardState(d["card"], parse_time(d["due"]), d["content_hash"], parse_time(d["reviewed_at"]))

    def proposed_aliases(self) -> list[tuple[str, str, str, dt.datetime]]:
        """Every proposed alias: question id, alias, the expected answer, when."""
        rows = self._conn.execute(
            "SELECT question_id, alias, expected, proposed_at FROM proposed_aliases ORDER BY id"
        )
        return [(r[0], r[1], r[2], parse_time(r[3])) for r in rows]


def _card_json(card: CardState | None) -> str | None:
    if card is None:
        return None
    return json.dumps({"card": card.card, "due": _iso(card.due), "content_hash": card.content_hash,
                       "reviewed_at": _iso(card.reviewed_at)}, sort_keys=True)  # fmt: skip


def _with_id(a: Answer, answer_id: int) -> Answer:
    return Answer(answer_id, a.session_id, a.question_id, a.attempt, a.answered_at, a.duration_ms, a.verdict,
                  a.rating, a.given, a.expected, a.due, a.content_hash, a.claimed)  # fmt: skip


_WAY_OUT = "move it aside and run again to start afresh, or pass --state PATH to use another file"


def open_store(path: Path, *, save: bool = True) -> Store:
    """Open (creating it if needed, unless ``save`` is false) and migrate the state file at ``path``.

    With ``save`` false, the file is copied into memory and the copy is used: nothing is written to disk.
    """
    shown = str(path)
    _refuse_odd(path, shown)
    lock = _lock(path) if save else None
    try:
        return Store(_open(path, shown, save), shown, lock)
    except BaseException:
        if lock is not None:
            os.close(lock)
        raise


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"))  # fmt: skip


def _refuse_odd(path: Path, shown: str) -> None:
    """Refuse a state (or its lock) that exists but is not a regular file: SQLite would block on a FIFO or
    fail with "disk I/O error", which would wrongly blame the machine. A link to a regular file is fine (a
    learner may keep the state in a synced folder)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if path.is_symlink():  # SQLite would blame the machine, and stats read it as an empty history
            raise StateError(
                f"the self-test state {shown} is a link to {os.readlink(path)}, which does not exist: restore "
                "what it leads to, or pass --state PATH to use another file"
            ) from None
        return
    except OSError as exc:
        raise StateError(f"cannot open the self-test state {shown} ({exc.strerror}); {_WAY_OUT}") from None
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise StateError(
        f"the self-test state {shown} is {kind}, not a regular file; pass --state PATH to use another file"
    )


def _lock(path: Path) -> int:
    """Hold ``PATH.lock`` for the session: two sessions on one state would both resume the same session,
    log every answer twice and update each card twice. ``flock`` ends with the process, even on SIGKILL."""
    lock_path = path.with_name(path.name + ".lock")
    _refuse_odd(lock_path, str(lock_path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise StateError(f"cannot open the self-test state {path} ({exc.strerror} on {lock_path})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StateError(
            f"another self-test session is using {path}: finish or quit it first (or pass --state PATH to "
            "use another file)"
        ) from None
    return fd


_HEADER = b"SQLite format 3\x00"


def _open(path: Path, shown: str, save: bool) -> sqlite3.Connection:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO put there since: no wait
        try:
            head = os.read(fd, len(_HEADER))
        finally:
            os.close(fd)
    except OSError:  # missing (a new state), or refused below with the reason SQLite gives
        head = b""
    if head and head != _HEADER:  # SQLite takes a one-byte file for an empty database, and would overwrite it
        raise StateError(f"cannot read the self-test state {shown} (file is not a database); {_WAY_OUT}")
    try:
        if save:
            conn = sqlite3.connect(path, isolation_level=None)
        else:
            conn = sqlite3.connect(":memory:", isolation_level=None)
            if path.exists():
                source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    source.backup(conn)
                finally:
                    source.close()
        conn.execute("PRAGMA foreign_keys = ON")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {check[0] if check else 'no result'}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise StateError(
                f"state file {shown} was written by a newer quizgen (state version {version}; this one reads "
                f"up to {SCHEMA_VERSION}); upgrade quizgen, or pass --state PATH to use another file"
            )
        # A negative version is no quizgen's: migrating from it would run MIGRATIONS[-1] first.
        if version < 0 or (version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]):
            conn.close()
            raise StateError(f"{shown} is an SQLite file but not a quizgen self-test state; {_WAY_OUT}")
        if save:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
        for number in range(version, SCHEMA_VERSION):
            # One script, one transaction: a migration is applied whole or not at all.
            try:
                conn.executescript(
                    f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
                )
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise
        _check_schema(conn, shown)
        _check_rows(conn, shown)
    except StateError:
        conn.close()
        raise
    except sqlite3.OperationalError as exc:
        if any(s in str(exc) for s in ("disk is full", "readonly", "disk I/O", "unable to open")):
            # The machine, not the file: never tell the learner to move a healthy state aside.
            raise StateError(
                f"cannot use the self-test state {shown} ({exc}): the file is not at fault; free space or fix "
                "the folder's permissions, then run again"
            ) from None
        raise StateError(f"cannot read the self-test state {shown} ({exc}); {_WAY_OUT}") from None
    except sqlite3.Error as exc:
        raise StateError(f"cannot read the self-test state {shown} ({exc}); {_WAY_OUT}") from None
    except OSError as exc:
        raise StateError(f"cannot open the self-test state {shown} ({exc.strerror}); {_WAY_OUT}") from None
    return conn


def _columns(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {t: tuple(r[1] for r in conn.execute("SELECT * FROM pragma_table_info(?)", (t,))) for t in tables}


@functools.cache  # the same for every file opened: made once per process
def _expected_columns() -> dict[str, tuple[str, ...]]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript("".join(MIGRATIONS))
        return _columns(conn)
    finally:
        conn.close()


def damaged(shown: str, where: str, what: str) -> StateError:
    """The error for a state file holding something this quizgen cannot read back, and where it is."""
    return StateError(f"the self-test state {shown} is damaged ({where}: {what}); {_WAY_OUT}")


def _check_schema(conn: sqlite3.Connection, shown: str) -> None:
    """Refuse a file whose tables lack a column this quizgen reads (an edit by hand, another tool)."""
    found = _columns(conn)
    for table, columns in _expected_columns().items():
        if table not in found:
            raise damaged(shown, f"table {table}", "missing")
        for column in columns:
            if column not in found[table]:
                raise damaged(shown, f"table {table}", f"no column {column}")


_VERDICTS = frozenset({"correct", "close", "wrong", "skipped"})
_RATINGS = frozenset({"Again", "Hard", "Good", "Easy"})
_FLAGS = frozenset({0, 1})


def _is_time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse_time(value)
    except (ValueError, OverflowError):
        return False
    return True


def _is_json(value: object, test: Callable[[object], bool]) -> bool:
    if not isinstance(value, str):
        return False
    try:
        data = json.loads(value)
    except ValueError:
        return False
    return test(data)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _card_ok(d: object) -> bool:
    """The JSON of ``fsrs.Card.to_dict()``: what the scheduler and ``due_of`` read back."""
    if not isinstance(d, dict):
        return False
    return (
        type(d.get("card_id")) is int
        and d.get("state") in (1, 2, 3)
        and (d.get("step") is None or type(d.get("step")) is int)
        and all(d.get(k) is None or _is_number(d.get(k)) for k in ("stability", "difficulty"))
        and _is_time(d.get("due"))
        and (d.get("last_review") is None or _is_time(d.get("last_review")))
    )


def _card_before_ok(d: object) -> bool:
    if not isinstance(d, dict):
        return False
    return (
        _is_json(d.get("card"), _card_ok)
        and _is_time(d.get("due"))
        and _is_time(d.get("reviewed_at"))
        and isinstance(d.get("content_hash"), str)
    )


def _queue_ok(d: object) -> bool:
    if not isinstance(d, dict):
        return False
    pending, attempts = d.get("pending"), d.get("attempts")
    return (
        isinstance(pending, list)
        and all(isinstance(q, str) for q in pending)
        and isinstance(attempts, dict)
        and all(type(n) is int for n in attempts.values())
    )


def _text(v: object) -> bool:
    return isinstance(v, str)


def _integer(v: object) -> bool:
    return type(v) is int


def _maybe(test: Callable[[object], bool]) -> Callable[[object], bool]:
    return lambda v: v is None or test(v)


_ROWS: dict[str, dict[str, tuple[Callable[[object], bool], str]]] = {
    "settings": {"name": (_text, "not text"), "value": (lambda v: _is_json(v, lambda d: isinstance(d, dict)),
                                                         "not a JSON object")},
    "cards": {
        "question_id": (_text, "not text"), "card": (lambda v: _is_json(v, _card_ok), "not an FSRS card"),
        "due": (_is_time, "not a time"), "content_hash": (_text, "not text"), "reviewed_at": (_is_time, "not a time"),
    },
    "sessions": {
        "mode": (lambda v: v in ("review", "practice"), "not review or practice"), "seed": (_integer, "not a number"),
        "started_at": (_is_time, "not a time"), "queue": (lambda v: _is_json(v, _queue_ok), "not a queue"),
        "finished_at": (_maybe(_is_time), "not a time"), "discarded": (lambda v: v in _FLAGS, "not 0 or 1"),
    },
    "answers": {
        "session_id": (_integer, "not a number"), "question_id": (_text, "not text"),
        "attempt": (_integer, "not a number"), "answered_at": (_is_time, "not a time"),
        "duration_ms": (_integer, "not a number"), "verdict": (lambda v: v in _VERDICTS, "not a verdict"),
        "rating": (lambda v: v is None or v in _RATINGS, "not an FSRS rating"), "given": (_text, "not text"),
        "expected": (_text, "not text"), "due": (_maybe(_is_time), "not a time"), "content_hash": (_text, "not text"),
        "card_before": (_maybe(lambda v: _is_json(v, _card_before_ok)), "not a saved card"),
        "card_after": (_maybe(lambda v: _is_json(v, _card_ok)), "not an FSRS card"),
        "queue_before": (lambda v: _is_json(v, _queue_ok), "not a queue"),
        "claimed": (lambda v: v in _FLAGS, "not 0 or 1"), "undone": (lambda v: v in _FLAGS, "not 0 or 1"),
    },
    "proposed_aliases": {
        "question_id": (_text, "not text"), "alias": (_text, "not text"), "expected": (_text, "not text"),
        "proposed_at": (_is_time, "not a time"), "answer_id": (_integer, "not a number"),
    },
}  # fmt: skip
"""What each stored value must be for the self-test to read it back: checked once when the file is opened (but
those of :data:`_AT_READ`, checked where they are read), so a damaged value is reported with its table, row and
column instead of failing deep in a session."""


# What quizgen itself writes, matched whole by one regular expression instead of parsed: a row whose values all
# match passes every test of _ROWS (each form below is a subset of what its test accepts), so only the others
# are tested one by one. A time: UTC, whole seconds or microseconds, a day of the calendar, year 1 on.
_DAY = (
    r"(?!0000)(?:\d{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
    r"|(?:\d\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)"
)
_TIME = _DAY + r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{6})?\+00:00"
_INT = r"-?(?:0|[1-9]\d*)"
_NUMBER = _INT + r"(?:\.\d+)?(?:[eE][-+]?\d+)?"
_STRING = r'"[^"\\\x00-\x1f]*"'  # a JSON string without escapes


_CARD = (
    f'{{"card_id": {_INT}, "state": [123], "step": (?:{_INT}|null), "stability": (?:{_NUMBER}|null),'
    f' "difficulty": (?:{_NUMBER}|null), "due": "{_TIME}", "last_review": (?:"{_TIME}"|null)}}'
)  # fsrs.Card.to_dict() as json.dumps writes it
_QUEUE = (
    f'{{"attempts": {{(?:{_STRING}: {_INT}(?:, {_STRING}: {_INT})*)?}},'
    f' "pending": \\[(?:{_STRING}(?:, {_STRING})*)?\\]}}'
)
_FORMS: dict[str, dict[str, re.Pattern[str]]] = {
    table: {name: re.compile(form) for name, form in forms.items()}
    for table, forms in {
        "cards": {"card": _CARD, "due": _TIME, "reviewed_at": _TIME},
        "sessions": {"started_at": _TIME, "queue": _QUEUE, "finished_at": _TIME},
        "answers": {"answered_at": _TIME, "due": _TIME, "card_after": _CARD},
    }.items()
}  # fmt: skip


_NULLABLE = frozenset({("sessions", "finished_at"), ("answers", "due"), ("answers", "card_after")})
"""The values of :data:`_FORMS` that may be NULL (:func:`_maybe` in :data:`_ROWS`)."""


def _all_pass(table: str, names: list[str], rows: list[tuple[object, ...]]) -> bool:
    """True only where every value of ``rows`` (key first, then ``names``) passes its test in :data:`_ROWS`
    (false says nothing): the usual table is tested a column at a time by C loops, not value by value, which
    took most of the 0.4 s of processor time of opening a state of 20,000 answers."""
    if not rows:
        return True
    forms = _FORMS.get(table, {})
    for name, values in zip(names, list(zip(*rows, strict=True))[1:], strict=True):
        test = _ROWS[table][name][0]
        form = forms.get(name)
        if form is not None:
            if (table, name) in _NULLABLE:
                values = tuple(filter(_not_none, values))
            if not (set(map(type, values)) <= {str} and all(map(form.fullmatch, values))):
                return False
        elif test is _text or test is _integer:
            if set(map(type, values)) - {str if test is _text else int}:
                return False
        elif not all(map(test, values)):
            return False
    return True


_not_none = functools.partial(operator.is_not, None)


_KEYS = {"settings": "name", "cards": "question_id"}


_AT_READ = frozenset({("answers", "card_before"), ("answers", "queue_before")})
"""Values tested where they are read back (an undo, an "I was right") instead of when the file is opened: the
largest of a row (the queue holds every id still to ask) and read once per undo, so testing each of them
took most of the time of opening a long history."""


def _check_rows(conn: sqlite3.Connection, shown: str) -> None:
    """Refuse a file holding a value this quizgen cannot read back (an edit by hand, a damaged copy)."""
    for table, columns in _ROWS.items():
        names = [name for name in columns if (table, name) not in _AT_READ]
        key = _KEYS.get(table, "id")  # a row is named by its key, as the learner would look it up
        sql = f"SELECT {key}, {', '.join(names)} FROM {table} ORDER BY rowid"  # names from _ROWS, not input
        rows = conn.execute(sql).fetchall()
        if _all_pass(table, names, rows):
            continue
        for row in rows:  # the first value that fails, in the order of the rows
            if _all_pass(table, names, [row]):
                continue
            for name, value in zip(names, row[1:], strict=True):
                _read_back(shown, table, row[0], name, value)


def _read_back(shown: str, table: str, key: object, name: str, value: object) -> None:
    """Raise the error that places ``value`` by table, row and column unless it passes its test in
    :data:`_ROWS`."""
    test, what = _ROWS[table][name]
    if not test(value):
        shown_value = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise damaged(shown, f"table {table}, row {key}, column {name}", f"{what}: {shown_value}")
