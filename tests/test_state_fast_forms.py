"""The self-test state's fast check (whole columns matched against the forms quizgen writes) accepts only what
the value-by-value tests accept: a shortcut that let a damaged value through would fail deep in a session."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random

from quizgen.selftest import state

TIME_FORM = state._FORMS["cards"]["due"]


def _times() -> list[str]:
    out = []
    for year, month, day in itertools.product(
        (1, 4, 100, 400, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999), range(0, 14), range(0, 33)
    ):
        for clock in ("00:00:00", "23:59:59", "24:00:00", "12:60:00", "07:08:09.123456", "07:08:09.12"):
            out.append(f"{year:04d}-{month:02d}-{day:02d}T{clock}+00:00")
    out += ["0000-01-01T00:00:00+00:00", "2024-01-01T00:00:00+01:00", "2024-01-01T00:00:00Z", "2024-01-01"]
    return out


def test_a_time_the_fast_form_takes_is_a_time_and_every_written_day_is_taken() -> None:
    for text in _times():
        if TIME_FORM.fullmatch(text):
            assert state._is_time(text), text
    for day in (dt.date(2024, 2, 29), dt.date(2000, 2, 29), dt.date(2023, 12, 31), dt.date(1, 1, 1)):
        written = dt.datetime.combine(day, dt.time(8, 30), dt.UTC).isoformat()
        assert TIME_FORM.fullmatch(written), written
    assert not TIME_FORM.fullmatch("1900-02-29T00:00:00+00:00")  # not a leap year
    assert not TIME_FORM.fullmatch("2023-02-29T00:00:00+00:00")


def _mutants(text: str, rng: random.Random) -> list[str]:
    pieces = ['"', "1", "0", "-", ".", "e", "null", "4", "[", "]", ":", ",", " ", "x", "\\"]
    out = []
    for _ in range(400):
        i = rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randrange(4))
        out.append(text[:i] + rng.choice(pieces) + text[j:])
    return out


def test_a_value_the_fast_forms_take_passes_its_own_test() -> None:
    card = {
        "card_id": 17, "state": 2, "step": None, "stability": 3.5, "difficulty": 5.25,
        "due": "2024-03-01T09:00:00+00:00", "last_review": "2024-02-27T09:00:00.123456+00:00",
    }  # fmt: skip
    queue = {"attempts": {"a-1": 2, "b": 0}, "pending": ["a-1", "c"]}
    samples = {
        ("cards", "card"): json.dumps(card),
        ("answers", "card_after"): json.dumps(card | {"step": 0, "last_review": None}),
        ("sessions", "queue"): json.dumps(queue),
        ("sessions", "started_at"): "2024-03-01T09:00:00+00:00",
    }
    rng = random.Random(7)
    taken = 0
    for (table, name), text in samples.items():
        form = state._FORMS[table][name]
        test = state._ROWS[table][name][0]
        assert form.fullmatch(text) and test(text), (table, name)  # what quizgen writes takes the fast path
        for mutant in _mutants(text, rng):
            if form.fullmatch(mutant):
                taken += 1
                assert test(mutant), (table, name, mutant)
    assert taken > 50  # the mutants reach the forms, not only their refusals
