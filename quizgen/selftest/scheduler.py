"""Scheduling with FSRS: the only module that imports ``fsrs``, so its API stays in one place.

A card is stored as the JSON of ``fsrs.Card.to_dict()`` and the scheduler's settings as the JSON of
``fsrs.Scheduler.to_dict()`` (defaults change between fsrs releases; the stored settings keep a learner's
schedule stable). Verdicts map to ratings: wrong -> Again, close -> Hard, correct -> Good.

FSRS fuzzes long intervals with ``random.random()`` of its own module; :class:`Scheduler` feeds it the
session's injected random generator instead, so a seeded session is reproducible.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass

import fsrs
import fsrs.scheduler as fsrs_scheduler

from quizgen.selftest.grading import Verdict

RATINGS = {Verdict.WRONG: "Again", Verdict.CLOSE: "Hard", Verdict.CORRECT: "Good"}
"""The FSRS rating of each verdict."""


def card_id(question_id: str) -> int:
    """A stable 63-bit FSRS card id for a question id (fsrs's default id is the clock, and it sleeps 1 ms)."""
    return int.from_bytes(hashlib.sha256(question_id.encode("utf-8")).digest()[:8], "big") >> 1


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A card after one review."""

    card: str
    """The card's JSON (``fsrs.Card.to_dict()``)."""
    due: dt.datetime
    """When it is due next (UTC)."""
    rating: str
    """The rating given: Again, Hard or Good."""


class _Fsrs(fsrs.Scheduler):
    """fsrs's scheduler with its interval fuzz drawn from an injected generator."""

    rng: random.Random = random.Random()

    def _get_fuzzed_interval(self, *, interval: dt.timedelta) -> dt.timedelta:
        saved = fsrs_scheduler.random  # type: ignore[attr-defined]
        fsrs_scheduler.random = self.rng.random  # type: ignore[attr-defined]
        try:
            return super()._get_fuzzed_interval(interval=interval)
        finally:
            fsrs_scheduler.random = saved  # type: ignore[attr-defined]


class Scheduler:
    """FSRS with stored settings and an injected random generator for interval fuzz."""

    def __init__(self, settings: str | None, rng: random.Random) -> None:
        base = fsrs.Scheduler.from_json(settings) if settings else fsrs.Scheduler()
        self._fsrs = _Fsrs.from_dict(base.to_dict())
        self._fsrs.rng = rng

    def settings(self) -> str:
        """The settings as JSON, to store beside the cards."""
        return json.dumps(self._fsrs.to_dict(), sort_keys=True)

    def review(self, question_id: str, card: str | None, verdict: Verdict, at: dt.datetime) -> Reviewed:
        """Review the card of ``question_id`` (``None``: never reviewed) with the rating ``verdict`` maps to."""
        at = at.astimezone(dt.UTC)
        current = fsrs.Card.from_json(card) if card else fsrs.Card(card_id=card_id(question_id), due=at)
        rating = RATINGS[verdict]
        after, _ = self._fsrs.review_card(current, fsrs.Rating[rating], review_datetime=at)
        return Reviewed(after.to_json(), after.due, rating)


def due_of(card: str) -> dt.datetime:
    """When a stored card is due (UTC)."""
    return fsrs.Card.from_json(card).due
