"""A deck's lock file read back: what ``quizgen check`` looks at in it, apart from the build.

The check reads every deck's lock (a damaged one is an error before any build); this module keeps that reading
off the build's imports (the Anki writer, genanki and asyncio), which the check does not otherwise need.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from quizgen.checks.decks import LOCK_DAMAGED
from quizgen.core.diagnostics import Diagnostic, Location
from quizgen.core.rules import diag
from quizgen.load.decks import DeckDefinition
from quizgen.load.project import DECKS_DIR
from quizgen.load.yamlfile import ReadError, read_text

LOCK_FORMAT = 1


@dataclass(frozen=True, slots=True)
class LockEntry:
    """What the lock file records for one question id."""

    hash: str
    """Hash of the note as last built."""
    mod: int
    """The note's modification time, seconds since the epoch."""
    retired: bool
    """Whether the question has left the deck."""
    type: str | None = None
    """The question type it was built as (Anki cannot change a note's type on import); ``None`` in locks
    written before quizgen recorded it."""
    deck: str | None = None
    """The (sub)deck its card was built into (Anki leaves an imported card where it is); ``None`` likewise."""


def lock_path(root: Path, deck: DeckDefinition) -> Path:
    """Where a deck's lock file lives."""
    return root / DECKS_DIR / f"{deck.stem}.lock.json"


def read_lock(root: Path, deck: DeckDefinition) -> tuple[dict[str, LockEntry], list[Diagnostic]]:
    """A deck's lock entries (none if there is no lock yet), or a diagnostic saying why it cannot be read."""
    path = lock_path(root, deck)
    rel = f"{DECKS_DIR}/{path.name}"
    if not (path.exists() or path.is_symlink()):  # a link loop or a dangling link is refused when read
        return {}, []
    try:
        data = json.loads(read_text(path, rel))
        if data.get("format") != LOCK_FORMAT or not isinstance(data.get("notes"), dict):
            raise ValueError(f"not a quizgen lock file of format {LOCK_FORMAT}")
        entries = {str(qid): _lock_entry(qid, e) for qid, e in data["notes"].items()}
    except ReadError as exc:
        return {}, [exc.diagnostic]
    except RecursionError:
        return {}, [_damaged(rel, 1, 1, "nested too deeply")]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        line = getattr(exc, "lineno", 1)
        column = getattr(exc, "colno", 1)
        return {}, [
            diag(LOCK_DAMAGED, Location(rel, line, column),
                 f"lock file is damaged ({exc}); restore it from version control: without it, rebuilt "
                 "notes lose their modification times and learners' imports stop updating")
        ]  # fmt: skip
    return entries, []


_HASH = re.compile(r"[0-9a-f]{16}")
MAX_MOD = 2**32 - 1
"""Latest modification time a lock may record (2106): Anki keeps it in a 64-bit field, genanki in an int."""


def _lock_entry(qid: object, e: object) -> LockEntry:
    """One entry, every value checked: a bad one would crash the writer (OverflowError) much later."""
    if not isinstance(e, dict):
        raise ValueError(f"note {qid!r} is not an object")
    digest, mod, retired = e["hash"], e["mod"], e.get("retired", False)
    if not isinstance(digest, str) or _HASH.fullmatch(digest) is None:
        raise ValueError(f"note {qid!r}: hash {digest!r} is not 16 hex digits")
    if type(mod) is not int or not 0 <= mod <= MAX_MOD:
        raise ValueError(f"note {qid!r}: mod {mod!r} is not a time in seconds from 1970 to 2106")
    if not isinstance(retired, bool):
        raise ValueError(f"note {qid!r}: retired {retired!r} is not true or false")
    qtype, deck = e.get("type"), e.get("deck")
    if not isinstance(qtype, str | None) or not isinstance(deck, str | None):
        raise ValueError(f"note {qid!r}: type and deck must be text")
    return LockEntry(digest, mod, retired, qtype, deck)


def _damaged(rel: str, line: int, column: int, why: str) -> Diagnostic:
    return diag(LOCK_DAMAGED, Location(rel, line, column),
                f"lock file is damaged ({why}); restore it from version control: without it, rebuilt "
                      "notes lose their modification times and learners' imports stop updating")  # fmt: skip
