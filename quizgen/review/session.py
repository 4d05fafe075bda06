"""``quizgen review``: which way drafts are reviewed, and the editor an interactive review edits them in.

Named ids are accepted and rejected without a question asked (for scripts); with none named, every waiting
draft is shown on a terminal, one by one (:func:`quizgen.review.drafts.interactive`).
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from quizgen.core.errors import QuizgenError
from quizgen.review import drafts as reviewing


class ReviewTerminal(Protocol):
    """Where an interactive review asks and talks."""

    def ask(self, question: str) -> str:
        """Show ``question`` and read one answer ("q" at the end of input)."""

    def say(self, text: str) -> None:
        """Write ``text`` as it is (it ends its own lines)."""

    def warn(self, text: str) -> None:
        """Write one line about a problem (standard error)."""


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """What a review did."""

    accepted: tuple[reviewing.Accepted, ...] = ()
    """Drafts accepted by id: their bank id, the bank file each went to, their draft id."""
    rejected: tuple[str, ...] = ()
    """Drafts rejected by id."""
    counts: dict[str, int] = field(default_factory=dict)
    """An interactive review's decisions: how many were accepted, rejected and skipped (empty for ids)."""
    interrupted: bool = False
    """Ctrl-C ended the interactive review; every decision counted in ``counts`` is saved."""


def review(
    root: Path | str,
    *,
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    by: str,
    on: dt.date | None = None,
    into: Path | None = None,
    terminal: ReviewTerminal | None = None,
    keep_ids: bool = False,
) -> ReviewOutcome:
    """Accept then reject the drafts named, or, when none is named, review every waiting draft on
    ``terminal``; accepted items are approved by ``by`` on ``on`` (default: today), into ``into`` if given,
    under a readable id unless ``keep_ids`` (:func:`quizgen.review.drafts.readable_id`)."""
    if accept or reject:
        if accept and not by.strip():
            raise QuizgenError("--by must name the reviewer of accepted drafts")
        accepted = reviewing.accept(root, accept, by=by, on=on, into=into, rename=not keep_ids)
        rejected = reviewing.reject(root, reject, by=by, on=on)
        return ReviewOutcome(tuple(accepted), tuple(rejected))
    if not by.strip():
        raise QuizgenError("--by must name the reviewer")
    if terminal is None:
        raise QuizgenError("name drafts to --accept or --reject, or review them on a terminal")
    io = terminal

    def edit(text: str) -> str:
        return edit_in_editor(text, warn=io.warn)

    try:
        counts = reviewing.interactive(
            root, by=by, on=on, into=into, ask=io.ask, say=io.say, edit=edit, rename=not keep_ids
        )
    except reviewing.ReviewInterrupted as stop:
        return ReviewOutcome(counts=stop.counts, interrupted=True)
    return ReviewOutcome(counts=counts)


def edit_in_editor(text: str, *, warn: Callable[[str], None]) -> str:
    """Run ``$VISUAL`` or ``$EDITOR`` (default ``vi``) on a temporary copy of ``text`` and return the result;
    ``text`` itself when the editor cannot run or fails (``warn`` says why)."""
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
            warn(f"quizgen: cannot run the editor {editor!r}: {exc}")
            return text
        finally:
            signal.signal(signal.SIGINT, previous)
        if done.returncode != 0:
            warn(f"quizgen: the editor exited with {done.returncode}; edit not kept")
            return text
        with open(name, encoding="utf-8") as f:
            return f.read()
    finally:
        os.unlink(name)
