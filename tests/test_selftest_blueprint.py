"""Self-test sessions drawn from a deck's blueprint (``quizgen selftest --deck D --blueprint``): the quotas met,
related items apart, one quiz per seed, a located error when the selection cannot meet it, and the learner's
schedule untouched."""

from __future__ import annotations

import random
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from test_selftest_engine import Clock
from test_selftest_fair import Answering
from typer.testing import CliRunner

from quizgen.assemble.blueprint import attribute, resolve
from quizgen.checks.relations import related_pairs
from quizgen.cli import app
from quizgen.core.model import QuestionType
from quizgen.selftest.pool import BlueprintSessionError, Filters, Pool, blueprint_order, select, show
from quizgen.selftest.scheduler import Scheduler
from quizgen.selftest.session import Engine, Options
from quizgen.selftest.state import open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def thaad() -> Pool:
    return select(ROOT, Filters(deck="thaad"))


def answers(pool: Pool, seed: int) -> dict[str, str]:
    """The right answer to every question, typed as a learner would."""
    out = {}
    for qid, q in pool.questions.items():
        expected = show(q, seed).expected
        out[qid] = expected.split(".")[0] if q.type is QuestionType.MCQ else expected
    return out


def run(pool: Pool, state: Path, seed: int, policy: dict[str, str], **options: object) -> list[str]:
    terminal = Answering(pool, seed, policy)
    rng = random.Random(3)
    store = open_store(state)
    try:
        opts = Options(**{"seed": seed, **options})  # type: ignore[arg-type]
        Engine(pool, store, Scheduler(None, rng), terminal, Clock(), rng, opts).run()
    finally:
        store.close()
    return terminal.asked


def test_a_blueprint_session_meets_every_quota_and_keeps_related_items_apart(
    thaad: Pool, tmp_path: Path
) -> None:
    assert thaad.blueprint is not None
    needs = {(n.quota.dimension, n.quota.value): n.count for n in resolve(thaad.blueprint)}
    for seed in (1, 2, 3):
        asked = run(
            thaad, tmp_path / f"{seed}.sqlite", seed, answers(thaad, seed), mode="practice", blueprint=True
        )
        assert len(asked) == len(set(asked)) == thaad.blueprint.questions
        items = [thaad.questions[i] for i in asked]
        for (dimension, value), count in needs.items():
            assert sum(1 for q in items if attribute(q, dimension) == value) == count, (dimension, value)
        truth = Counter(q.answer for q in items if q.type is QuestionType.TRUE_FALSE)
        assert abs(truth[True] - truth[False]) <= 1
        assert related_pairs(thaad.relations, asked) == []
        sources = [q.evidence[0].source for q in items]
        assert all(a != b for a, b in pairwise(sources))  # 10 per article: interleaved


def test_a_seed_gives_one_quiz_and_another_seed_another(thaad: Pool) -> None:
    assert blueprint_order(thaad, 7) == blueprint_order(thaad, 7)
    assert set(blueprint_order(thaad, 7)) != set(blueprint_order(thaad, 8))


def test_items_held_back_after_a_miss_are_avoided_when_the_quotas_allow(thaad: Pool) -> None:
    first = blueprint_order(thaad, 7)
    held = frozenset(first[:5])
    assert not held & set(blueprint_order(thaad, 7, held))


def test_the_learners_schedule_is_untouched(thaad: Pool, tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    right = answers(thaad, 4)
    reviewed = run(thaad, state, 4, right, mode="review", new=5)  # an ordinary session first: five cards
    store = open_store(state)
    cards_before, log_before = store.cards(), len(store.answers())
    store.close()
    assert len(cards_before) == len(set(reviewed)) == 5
    seed = next(
        s for s in range(1, 50) if set(reviewed) & set(blueprint_order(thaad, s))
    )  # asks reviewed items
    asked = run(thaad, state, seed, answers(thaad, seed), mode="practice", blueprint=True)
    assert set(reviewed) & set(asked) and len(asked) == 30
    store = open_store(state)
    try:
        assert store.cards() == cards_before  # no card made, moved or rescheduled
        assert len(store.answers()) == log_before + len(asked)  # the answers are logged, for stats
    finally:
        store.close()


def test_a_selection_that_cannot_meet_the_blueprint_is_a_located_error(tmp_path: Path) -> None:
    narrowed = select(ROOT, Filters(deck="thaad", topics=("who-said",)))
    with pytest.raises(BlueprintSessionError) as caught:
        blueprint_order(narrowed, 1)
    (found,) = caught.value.diagnostics
    assert found.code == "QG805" and found.location.path == "decks/thaad.yaml" and found.location.line > 1
    assert "self-test session" in found.message and "cannot" in found.message
    result = CliRunner().invoke(
        app,
        ["selftest", "--root", str(ROOT), "--state", str(tmp_path / "s.sqlite"), "--deck", "thaad",
         "--topic", "who-said", "--blueprint", "--answers", "-"],
        input="",
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "decks/thaad.yaml:" in result.output and "[QG805]" in result.output


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ([], "name the deck with --deck"),
        (["--deck", "thaad", "--mode", "review"], "drop --mode review"),
        (["--deck", "thaad", "--count", "5"], "the blueprint sets the number of questions"),
    ],
)
def test_blueprint_options_that_do_not_fit_are_usage_errors(
    tmp_path: Path, extra: list[str], says: str
) -> None:
    result = CliRunner().invoke(
        app, ["selftest", "--root", str(ROOT), "--state", str(tmp_path / "s.sqlite"), "--blueprint", *extra]
    )
    assert result.exit_code == 2 and says in result.output, result.output


def test_a_blueprint_session_from_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["selftest", "--root", str(ROOT), "--state", str(tmp_path / "s.sqlite"), "--deck", "thaad", "--blueprint",
         "--seed", "3", "--answers", "-", "--json"],
        input="s\n" * 40,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '"asked": 30' in result.stdout
