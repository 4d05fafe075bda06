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
import math
import random
from dataclasses import dataclass
from typing import TypeGuard

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
        """``settings``: the stored JSON (``None``: fsrs's defaults); a ValueError says what is wrong in it."""
        if settings:
            _check_settings(settings)
        try:
            base = fsrs.Scheduler.from_json(settings) if settings else fsrs.Scheduler()
        except (ValueError, TypeError, KeyError) as exc:  # fsrs checks the parameters' bounds
            raise ValueError(str(exc).splitlines()[0]) from None
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


_STEPS = ("learning_steps", "relearning_steps")


def _check_settings(settings: str) -> None:
    """Stored settings of the shape ``fsrs.Scheduler.to_dict()`` writes: fsrs itself only fails later, deep
    in a review, on a step that is not a number or a retention that is not a fraction."""
    data = json.loads(settings)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    params = data.get("parameters")
    if not isinstance(params, list) or not all(_number(p) for p in params):
        raise ValueError("parameters: not a list of numbers")
    retention = data.get("desired_retention")
    if not _number(retention) or not 0 < retention < 1:
        raise ValueError("desired_retention: not a fraction between 0 and 1")
    for key in _STEPS:
        steps = data.get(key)
        if not isinstance(steps, list) or not all(_number(x) and x >= 0 for x in steps):
            raise ValueError(f"{key}: not a list of seconds")
    interval = data.get("maximum_interval")
    if type(interval) is not int or interval < 1:
        raise ValueError("maximum_interval: not a number of days")
    if not isinstance(data.get("enable_fuzzing"), bool):
        raise ValueError("enable_fuzzing: not true or false")


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
