"""The self-test engine with an injected clock, random generator and terminal, on a small approved project."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest
from selftest_project import ANSWERS, IDS, make_project

from quizgen.selftest.pool import Filters, Pool, select, show
from quizgen.selftest.scheduler import Scheduler
from quizgen.selftest.session import Engine, Options, Outcome
from quizgen.selftest.state import SCHEMA_VERSION, StateError, Store, open_store

START = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)


class Clock:
    """A clock that moves one second each time it is read."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


class FakeTerminal:
    """Answers from a list; everything said is kept."""

    colour = False

    def __init__(self, answers: list[str], *, scripted: bool = False) -> None:
        self.answers = list(answers)
        self.scripted = scripted
        self.lines: list[str] = []

    def ask(self, prompt: str) -> str | None:
        self.lines.append(prompt)
        return self.answers.pop(0) if self.answers else None

    def say(self, text: str = "") -> None:
        self.lines.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.fixture
def pool(project: Path) -> Pool:
    return select(project, Filters())


def right(pool: Pool, qid: str, seed: int) -> str:
    """The right answer to ``qid`` (the mcq's letter depends on the seed)."""
    if qid in ANSWERS:
        return ANSWERS[qid]
    shown = show(pool.questions[qid], seed)
    return "ABCD"[[r for _, r in shown.options].index(True)]


def run(
    pool: Pool, store: Store, answers: list[str], clock: Clock | None = None, **options: object
) -> tuple[Outcome, FakeTerminal]:
    terminal = FakeTerminal(answers, scripted=bool(options.pop("scripted", False)))
    rng = random.Random(7)
    opts = Options(**{"seed": 1, **options})  # type: ignore[arg-type]
    engine = Engine(pool, store, Scheduler(None, rng), terminal, clock or Clock(), rng, opts)
    return engine.run(), terminal


def asked_order(pool: Pool, seed: int = 1) -> list[str]:
    """The review order of a fresh state: new questions in bank order."""
    return list(pool.questions)


def test_review_grades_schedules_and_stores_every_answer(pool: Pool, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    answers = [right(pool, q, 1) for q in asked_order(pool)]
    outcome, terminal = run(pool, store, answers)
    assert outcome.finished and outcome.score == 100.0
    assert [a.question_id for a in outcome.answers] == list(IDS)
    assert {a.rating for a in outcome.answers} == {"Good"}
    cards = store.cards()
    assert set(cards) == set(IDS)
    assert all(c.due == a.due for a, c in zip(outcome.answers, (cards[i] for i in IDS), strict=True))
    assert (
        "evidence: \u201cChilean Foreign Minister Pablo Rojas said the deal did not cover copper.\u201d"
        in terminal.text
    )
    assert "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line 6" in terminal.text
    assert "what is true: Pablo Rojas said the deal did not cover copper." in terminal.text
    assert "session complete" in terminal.text


def test_a_miss_comes_back_and_maps_to_again_and_a_typo_to_hard(pool: Pool, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    order = asked_order(pool)
    # rojas-role wrong, then the other three; rojas-role comes back after three others, answered with a typo
    answers = ["Chilean ambassador", *(right(pool, q, 1) for q in order[1:]), "Chilean Foriegn Minister"]
    outcome, terminal = run(pool, store, answers)
    log = [(a.question_id, a.attempt, a.verdict, a.rating) for a in outcome.answers]
    assert log[0] == ("rojas-role", 1, "wrong", "Again")
    assert log[-1] == ("rojas-role", 2, "close", "Hard")
    assert outcome.score == 75.0
    assert "it comes back later in this session" in terminal.text
    assert "you typed vs the answer: Chilean For{+e+}i[-e-]gn Minister" in terminal.text
    assert "rojas-role: Chilean Foreign Minister (you: Chilean ambassador; Example Daily)" in terminal.text


def test_a_missed_choice_shows_the_answer_but_no_diff_and_no_claim(pool: Pool, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    good = right(pool, "signing-city", 1)
    bad = next(letter for letter in "ABCD" if letter != good)
    answers = [ANSWERS["rojas-role"], bad, "t", "q"]  # the mcq and the (false) true-false both missed
    _, terminal = run(pool, store, answers)
    assert "wrong - the answer: " in terminal.text
    assert "you typed vs the answer" not in terminal.text  # a letter against a letter is noise
    assert "I was right" not in terminal.text  # nothing typed to propose as an alias


def test_undo_restores_the_card_and_asks_again(pool: Pool, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    outcome, terminal = run(pool, store, ["wrong answer", "u", "Chilean Foreign Minister", "q"])
    assert [(a.question_id, a.verdict) for a in outcome.answers] == [("rojas-role", "correct")]
    assert "undone: your answer 'wrong answer' to rojas-role" in terminal.text
    assert store.cards()["rojas-role"].due == outcome.answers[0].due
    outcome, terminal = run(pool, store, ["u", "u", "q"])  # the next run resumes and can still undo
    assert "nothing to undo in this session" in terminal.text
    assert store.cards() == {}


def test_i_was_right_proposes_an_alias_and_never_touches_the_bank(
    pool: Pool, project: Path, tmp_path: Path
) -> None:
    bank = (project / "question_bank/example.yaml").read_text()
    store = open_store(tmp_path / "s.db")
    outcome, terminal = run(pool, store, ["Foreign Minister of Chile", "r", "q"])
    assert store.proposed_aliases()[0][:3] == (
        "rojas-role",
        "Foreign Minister of Chile",
        "Chilean Foreign Minister",
    )
    assert (outcome.answers[0].verdict, outcome.answers[0].rating, outcome.answers[0].claimed) == (
        "close",
        "Hard",
        True,
    )
    assert "proposed as an alias of rojas-role" in terminal.text
    assert (project / "question_bank/example.yaml").read_text() == bank


def test_skip_quit_and_resume(pool: Pool, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    order = asked_order(pool)
    outcome, terminal = run(pool, store, ["?", "s", right(pool, order[1], 1), "q"])
    assert "u  undo the last answer" in terminal.text
    assert not outcome.finished
    assert [a.verdict for a in outcome.answers] == ["skipped", "correct"]
    assert "session paused: progress saved" in terminal.text
    outcome, terminal = run(pool, store, [right(pool, q, 1) for q in order[2:]], seed=99)
    assert "resumed the review session" in terminal.text and "2 question(s) left" in terminal.text
    assert outcome.finished and [a.question_id for a in outcome.answers][2:] == order[2:]
    outcome, _ = run(pool, store, [ANSWERS["rojas-role"]])  # the skipped question is still new
    assert [a.question_id for a in outcome.answers] == ["rojas-role"]
    outcome, terminal = run(pool, store, [], clock=Clock(START + dt.timedelta(minutes=2)))
    assert "Nothing is due. The next question is due in" in terminal.text


def test_restart_discards_an_unfinished_session(pool: Pool, tmp_path: Path) -> None:
    store = open_store(tmp_path / "s.db")
    run(pool, store, ["Chilean Foreign Minister", "q"])
    _, terminal = run(pool, store, ["q"], restart=True)
    assert "discarded the unfinished session" in terminal.text
    assert "resumed" not in terminal.text


def test_practice_leaves_the_schedule_alone_and_is_offered_when_nothing_is_due(
    pool: Pool, tmp_path: Path
) -> None:
    store = open_store(tmp_path / "s.db")
    run(pool, store, [right(pool, q, 1) for q in asked_order(pool)])
    before = store.cards()
    outcome, terminal = run(pool, store, ["y", *(["t", "1"] * 12)])  # nothing due: practise
    assert "Practise the 4 question(s) now" in terminal.text
    assert outcome.finished and {a.rating for a in outcome.answers} == {None}
    assert store.cards() == before
    outcome, terminal = run(pool, store, [], scripted=True)
    assert "quizgen selftest --mode practice" in terminal.text


def test_practice_order_follows_the_seed(pool: Pool, tmp_path: Path) -> None:
    orders = set()
    for seed in range(6):
        store = open_store(tmp_path / f"{seed}.db", save=False)
        outcome, _ = run(pool, store, ["s"] * 4, mode="practice", seed=seed)
        orders.add(tuple(a.question_id for a in outcome.answers))
    assert len(orders) > 1


def test_changed_questions_are_reported_not_reset(project: Path, tmp_path: Path) -> None:
    pool = select(project, Filters())
    store = open_store(tmp_path / "s.db")
    run(pool, store, ["Chilean Foreign Minister", "q"])
    store.close()
    with sqlite3.connect(tmp_path / "s.db") as conn:
        conn.execute("UPDATE cards SET content_hash = 'old'")
    store = open_store(tmp_path / "s.db")
    cards = store.cards()
    _, terminal = run(pool, store, ["q"])
    assert "1 question(s) changed since you last reviewed them; their schedules are kept" in terminal.text
    assert store.cards() == cards


def test_filters(project: Path) -> None:
    assert list(select(project, Filters(tags=("rojas",))).questions) == ["rojas-role", "copper-covered"]
    assert list(select(project, Filters(topics=("where",))).questions) == ["signing-city", "signing-cloze"]
    assert len(select(project, Filters(sources=("example",))).questions) == 4
    assert select(project, Filters(sources=("wire",))).questions == {}


def test_no_save_writes_nothing(pool: Pool, tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = open_store(path)
    run(pool, store, ["Chilean Foreign Minister", "q"])
    store.close()
    before = path.read_bytes()
    store = open_store(path, save=False)
    outcome, _ = run(pool, store, ["x", "x", "x", "x", "x"])
    assert outcome.answers
    store.close()
    assert path.read_bytes() == before
    open_store(tmp_path / "none.db", save=False).close()
    assert not (tmp_path / "none.db").exists()


def test_unreadable_and_newer_state_files_are_errors_and_left_alone(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError, match=r"cannot read the self-test state .*move it aside"):
        open_store(garbage)
    assert garbage.read_bytes() == b"this is not a database" * 100
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StateError, match="written by a newer quizgen"):
        open_store(newer)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StateError, match="not a quizgen self-test state"):
        open_store(other)


def test_fuzz_comes_from_the_injected_generator() -> None:
    from quizgen.selftest.grading import Verdict

    def due_after_three(seed: int) -> dt.datetime:
        scheduler = Scheduler(None, random.Random(seed))
        card, at = None, START
        for _ in range(4):
            r = scheduler.review("q", card, Verdict.CORRECT, at)
            card, at = r.card, r.due
        return at

    assert due_after_three(1) == due_after_three(1)
    assert len({due_after_three(s) for s in range(10)}) > 1


def test_approved_items_with_check_errors_are_left_out(project: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    bank = copy / "question_bank/example.yaml"
    bank.write_text(bank.read_text().replace("answer: Chilean Foreign Minister", "answer: Chilean minister"))
    pool = select(copy, Filters())
    assert pool.with_errors == ("rojas-role",)  # edited after approval: check reports the stale review
    assert list(pool.questions) == ["signing-city", "copper-covered", "signing-cloze"]


def test_a_deck_definition_selects(project: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(project, copy)
    (copy / "decks").mkdir()
    (copy / "decks/rojas.yaml").write_text(
        "name: Rojas\ndeck_id: 1763769600001\n"
        "note_type_ids: {short: 1763769600011, mcq: 1763769600012, true-false: 1763769600013, cloze: 1763769600014}\n"
        "select: {tags: [rojas]}\n"
    )
    assert list(select(copy, Filters(deck="rojas")).questions) == ["rojas-role", "copper-covered"]
    assert list(select(copy, Filters(deck="rojas", topics=("what",))).questions) == ["copper-covered"]
