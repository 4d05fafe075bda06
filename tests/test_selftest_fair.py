"""Fair self-test sessions: related items never in one session, articles interleaved, related items held back
after a miss until it is answered correctly. Relations are written by hand (the analysis is injected)."""

from __future__ import annotations

import dataclasses
import random
from itertools import pairwise
from pathlib import Path

import pytest
from selftest_project import ANSWERS, make_project
from test_selftest_engine import Clock

from quizgen.checks.relations import Leak, Relations, related_pairs
from quizgen.core.model import ReviewStatus
from quizgen.core.shuffle import permutation
from quizgen.load.project import load_project
from quizgen.selftest.pool import Filters, Pool, article, fair_order, held_back, select, show
from quizgen.selftest.scheduler import Scheduler
from quizgen.selftest.session import Engine, Options
from quizgen.selftest.state import open_store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped() -> Pool:
    project = load_project(ROOT).project
    questions = {q.id: q for q in project.bank.questions if q.review.status is ReviewStatus.APPROVED}
    ids = list(questions)
    groups = tuple(tuple(sorted(ids[i : i + 3])) for i in range(0, 30, 3))  # by hand: ten groups of three
    leaks = tuple(Leak(ids[i], ids[i + 7], "by hand") for i in range(30, 70, 4))
    return Pool(questions, dict(project.sources.articles), (), Relations(groups, leaks))


class Answering:
    """A terminal that answers each question by its id: ``policy[id]``, else skips."""

    colour = False
    scripted = True

    def __init__(self, pool: Pool, seed: int, policy: dict[str, str]) -> None:
        self.by_text = {show(q, seed).text: i for i, q in pool.questions.items()}
        self.policy = policy
        self.asked: list[str] = []
        self.current = ""

    def say(self, text: str = "") -> None:
        qid = self.by_text.get(text.removeprefix("True or false? "))
        if qid is not None:
            self.current = qid
            self.asked.append(qid)

    def ask(self, prompt: str) -> str | None:
        return self.policy.get(self.current, "s")


def session(pool: Pool, path: Path, seed: int, policy: dict[str, str], **options: object) -> list[str]:
    terminal = Answering(pool, seed, policy)
    rng = random.Random(3)
    store = open_store(path)
    try:
        opts = Options(**{"seed": seed, "mode": "practice", **options})  # type: ignore[arg-type]
        Engine(pool, store, Scheduler(None, rng), terminal, Clock(), rng, opts).run()
    finally:
        store.close()
    return terminal.asked


def test_a_session_never_asks_related_items_together(shipped: Pool, tmp_path: Path) -> None:
    for seed in (1, 2, 3):
        asked = session(shipped, tmp_path / f"s{seed}.sqlite", seed, {})
        assert related_pairs(shipped.relations, asked) == []
        assert (
            len(asked) == len(set(asked)) >= 49
        )  # same-fact groups and leaks set some of the 94 items aside
        assert all(sum(1 for i in asked if i in g) == 1 for g in shipped.relations.groups)


def test_a_session_interleaves_articles(shipped: Pool, tmp_path: Path) -> None:
    asked = session(shipped, tmp_path / "s.sqlite", 5, {}, count=20)
    assert len(asked) == 20
    arts = [article(shipped.questions[i]) for i in asked]
    assert all(a != b for a, b in pairwise(arts))  # three articles, 20 questions: never two in a row


def test_fair_order_keeps_priority_within_an_article_and_runs_only_when_nothing_else_is_left(
    shipped: Pool,
) -> None:
    qs = shipped.questions
    # One topic, so that only the article interleaving orders them (fair_order also prefers a change of topic).
    who = [i for i in qs if qs[i].topic == "who-said"]
    cnn = [i for i in who if article(qs[i]).startswith("000")][:6]
    trt = [i for i in who if article(qs[i]).startswith("002")][:2]
    order = fair_order(cnn + trt, qs, Relations((), ()), frozenset())
    assert [i for i in order if i in cnn] == cnn and [i for i in order if i in trt] == trt
    arts = [article(qs[i])[:3] for i in order]
    assert arts[:5] == ["000", "002", "000", "002", "000"] and set(arts[5:]) == {"000"}


def test_held_back_items_are_the_relatives_of_misses_but_never_a_miss_itself() -> None:
    relations = Relations((("a", "b", "c"),), (Leak("d", "e", "x"),))
    assert held_back(relations, ["a"]) == {"b", "c"}
    assert held_back(relations, ["a", "b"]) == {"c"}  # two related misses do not hold each other back
    assert held_back(relations, ["e"]) == {"d"}


def test_after_a_miss_related_items_wait_until_it_is_answered_correctly(tmp_path: Path) -> None:
    base = select(make_project(tmp_path / "p"), Filters())
    pool = dataclasses.replace(base, relations=Relations((), (Leak("rojas-role", "copper-covered", "x"),)))
    ids = list(pool.questions)
    x, y = "rojas-role", "copper-covered"
    # A seed whose practice order puts y before x: without holding back, y would be the one asked.
    seed = next(s for s in range(1, 100) if (o := [ids[i] for i in permutation(
        f"quizgen-selftest-order:{s}", len(ids))]).index(y) < o.index(x))  # fmt: skip
    state = tmp_path / "state.sqlite"
    wrong = {x: "nonsense", y: "t"}
    # First session: x alone (the pool without y), answered wrong at both attempts.
    alone = dataclasses.replace(pool, questions={i: q for i, q in pool.questions.items() if i != y})
    assert x in session(alone, state, seed, {x: wrong[x]})
    # Next session with both: y is held back, x is asked; x answered right this time.
    asked = session(pool, state, seed, {x: ANSWERS[x]})
    assert x in asked and y not in asked
    # Then y is free again, and (first in this seed's order) asked instead of x.
    asked = session(pool, state, seed, {})
    assert y in asked and x not in asked
