"""Print blueprints: exact quotas, related items kept apart, balance, determinism, parallel forms, located errors."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen import api
from quizgen.assemble.blueprint import STEP_BUDGET, InfeasibleError, attribute, draw, resolve
from quizgen.assemble.forms import plan
from quizgen.build.printing import deck_relations
from quizgen.checks.relations import Leak, Relations, related_pairs
from quizgen.cli import app
from quizgen.core.diagnostics import Location
from quizgen.core.display import shown_project
from quizgen.core.model import Project, Question, QuestionType, ReviewStatus
from quizgen.load.decks import Blueprint, DeckDefinition, Quota, load_decks
from quizgen.load.project import load_project
from tests.test_print import DECK, project_dir

ROOT = Path(__file__).resolve().parent.parent
CNN, TOPIX, TRT = "000_61357396dd02fba6", "001_3ca21963ba7ad2b9", "002_6584fbb63d7a573b"
HERE = Location("decks/x.yaml", 1, 1)


@pytest.fixture(scope="module")
def shipped() -> Project:
    # As the build prints it: a cloze's `context:` is part of the printed text, so of the relations too.
    return shown_project(load_project(ROOT).project)


@pytest.fixture(scope="module")
def bank(shipped: Project) -> list[Question]:
    return [q for q in shipped.bank.questions if q.review.status is ReviewStatus.APPROVED]


def blueprint(questions: int, **quotas: dict[str, int | str]) -> Blueprint:
    out = []
    for dimension, values in quotas.items():
        for value, amount in values.items():
            if isinstance(amount, int):
                out.append(Quota(dimension, value, amount, None, HERE))
            else:
                out.append(Quota(dimension, value, None, float(amount.rstrip("%")), HERE))
    return Blueprint(questions, tuple(out), HERE)


def counts(items: list[Question], dimension: str) -> Counter[str]:
    return Counter(attribute(q, dimension) for q in items)


def tf_balance(items: list[Question]) -> tuple[int, int]:
    answers = [q.answer for q in items if q.type is QuestionType.TRUE_FALSE]
    return answers.count(True), answers.count(False)


# --------------------------------------------------------------------------------------------------------------
# Drawing


def test_quotas_are_met_exactly(bank: list[Question]) -> None:
    bp = blueprint(
        30,
        sources={CNN: 10, TOPIX: 10, TRT: 10},
        types={"mcq": 12, "true-false": 6, "short": 6, "cloze": 6},
        topics={"who-said": 8, "when": 3},
    )
    items = draw(bank, bp, Relations((), ()), "k")
    assert len(items) == 30 == len({q.id for q in items})
    assert counts(items, "sources") == {CNN: 10, TOPIX: 10, TRT: 10}
    assert counts(items, "types") == {"mcq": 12, "true-false": 6, "short": 6, "cloze": 6}
    topics = counts(items, "topics")
    assert (topics["who-said"], topics["when"]) == (8, 3)
    assert tf_balance(items) == (3, 3)
    assert [q.id for q in items] == [q.id for q in bank if q in items]  # bank order


def test_a_zero_quota_keeps_a_value_out(bank: list[Question]) -> None:
    items = draw(bank, blueprint(20, types={"short": 0, "cloze": 0}), Relations((), ()), "k")
    assert counts(items, "types").keys() <= {"mcq", "true-false"}


def test_shares_become_numbers_by_largest_remainder() -> None:
    needs = resolve(blueprint(29, sources={CNN: "50%", TOPIX: "50%"}, types={"mcq": "40%", "short": 3}))
    assert [(n.quota.value, n.count) for n in needs] == [("mcq", 12), ("short", 3), (CNN, 15), (TOPIX, 14)]
    assert (
        sum(n.count for n in resolve(blueprint(10, topics={"a": "33.3%", "b": "33.3%", "c": "33.4%"}))) == 10
    )


def test_true_and_false_are_balanced_for_an_odd_number(bank: list[Question]) -> None:
    items = draw(bank, blueprint(15, types={"true-false": 7}), Relations((), ()), "odd")
    true, false = tf_balance(items)
    assert true + false == 7 and abs(true - false) == 1


def test_the_same_key_draws_the_same_items_and_another_key_others(bank: list[Question]) -> None:
    bp = blueprint(20, sources={CNN: 7, TOPIX: 7, TRT: 6})
    first = [q.id for q in draw(bank, bp, Relations((), ()), "week-47")]
    assert first == [q.id for q in draw(list(bank), bp, Relations((), ()), "week-47")]
    assert first != [q.id for q in draw(bank, bp, Relations((), ()), "week-48")]


def test_related_items_never_share_a_form(bank: list[Question]) -> None:
    ids = [q.id for q in bank]
    # Dense relations written by hand: groups of three neighbours and leaks between every 5th and 6th item.
    groups = tuple(tuple(sorted(ids[i : i + 3])) for i in range(0, 45, 3))
    leaks = tuple(Leak(ids[i], ids[i + 1], "by hand") for i in range(45, len(ids) - 1, 5))
    relations = Relations(groups, leaks)
    for key in ("a", "b", "c", "d"):
        items = draw(bank, blueprint(30, sources={CNN: 10, TOPIX: 10, TRT: 10}), relations, key)
        assert len(items) == 30
        assert related_pairs(relations, (q.id for q in items)) == []
        assert all(sum(1 for q in items if q.id in g) <= 1 for g in groups)


def test_a_quota_only_related_items_could_fill_is_infeasible_with_counts(bank: list[Question]) -> None:
    mcq = [q.id for q in bank if q.type is QuestionType.MCQ]
    relations = Relations((tuple(sorted(mcq[:-2])),), ())  # all but two of the mcq items ask one fact
    with pytest.raises(InfeasibleError) as caught:
        draw(bank, blueprint(20, types={"mcq": 4}), relations, "k")
    assert caught.value.quota is not None and caught.value.quota.value == "mcq"
    assert caught.value.message == (
        f"types.mcq: 4 asks for 4 question(s) but the deck selects {len(mcq)} such item(s), 3 once each same-fact "
        "group counts as one"
    )


def test_quotas_that_conflict_only_together_name_one_of_them(bank: list[Question]) -> None:
    cnn_mcq = sum(1 for q in bank if q.type is QuestionType.MCQ and q.evidence[0].source == CNN)
    other_mcq = sum(1 for q in bank if q.type is QuestionType.MCQ and q.evidence[0].source != CNN)
    # Every source alone and every type alone can be met; all mcq plus few CNN items cannot.
    bp = blueprint(32, types={"mcq": 32}, sources={CNN: cnn_mcq - 1})
    assert other_mcq < 32
    with pytest.raises(InfeasibleError) as caught:
        draw(bank, bp, Relations((), ()), "k")
    assert caught.value.quota is not None
    assert "cannot be met together with the other quotas" in caught.value.message


def test_too_many_questions_point_at_the_number(bank: list[Question]) -> None:
    with pytest.raises(InfeasibleError) as caught:
        draw(bank, blueprint(len(bank) + 1), Relations((), ()), "k")
    assert caught.value.quota is None and f"deck selects {len(bank)} item(s)" in caught.value.message


def test_too_few_true_or_false_items_to_balance(bank: list[Question]) -> None:
    # The shipped bank is balanced (as many true as false, give or take one), so keep two true items only.
    trues = [q for q in bank if q.answer is True]
    bank = [q for q in bank if q.answer is not True] + trues[:2]
    true = 2
    with pytest.raises(InfeasibleError) as caught:
        draw(bank, blueprint(30, types={"true-false": 2 * true + 2}), Relations((), ()), "k")
    assert "cannot be balanced" in caught.value.message and f"{true} true" in caught.value.message


def test_a_search_that_runs_out_of_steps_reports_instead_of_hanging(bank: list[Question]) -> None:
    bp = blueprint(32, types={"mcq": 32}, sources={CNN: 5})
    with pytest.raises(InfeasibleError) as caught:
        draw(bank, bp, Relations((), ()), "k", budget=3)
    assert caught.value.message  # a reason, whichever the budget allowed to find
    assert STEP_BUDGET >= 1000


def test_parallel_draws_avoid_earlier_items_when_the_bank_allows(bank: list[Question]) -> None:
    bp = blueprint(20, sources={CNN: 7, TOPIX: 7, TRT: 6})
    first = draw(bank, bp, Relations((), ()), "A")
    second = draw(bank, bp, Relations((), ()), "B", frozenset(q.id for q in first))
    assert not {q.id for q in first} & {q.id for q in second}
    assert counts(first, "sources") == counts(second, "sources")
    big = blueprint(50)  # two forms of 50 must share 100 - len(bank) items, and share no more
    a = draw(bank, big, Relations((), ()), "A")
    b = draw(bank, big, Relations((), ()), "B", frozenset(q.id for q in a))
    assert len(b) == 50 and len({q.id for q in a} & {q.id for q in b}) == 100 - len(bank)


# --------------------------------------------------------------------------------------------------------------
# Forms, the deck file, check and build

BLUEPRINT_DECK = DECK + "print:\n  forms: 2\n  seed: s\n  blueprint:\n    questions: 3\n    types: {mcq: 2}\n"


def test_an_infeasible_blueprint_is_a_located_error_from_check_and_build(tmp_path: Path) -> None:
    root = project_dir(tmp_path, deck=BLUEPRINT_DECK)
    found = [d for d in api.check(root).diagnostics if d.code == "QG805"]
    assert [str(d.location) for d in found] == ["decks/week.yaml:9:18"]
    assert found[0].message == (
        "deck 'week': the print blueprint cannot be met: types.mcq: 2 asks for 2 question(s) but the deck "
        "selects 1 such item(s)"
    )
    result = CliRunner().invoke(app, ["build", "print", "--root", str(root)])
    assert (
        result.exit_code == 1
        and "decks/week.yaml:9:18: error:" in result.stdout
        and "[QG805]" in result.stdout
    )
    assert not list((root / "decks").glob("week.form-*"))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            "    questions: 2\n    objectives: {x: 1}\n",
            "8:5: error: print.blueprint.objectives: blueprints take no objectives quotas yet",
        ),
        (
            "    questions: 2\n    levels: {analyze: 1}\n",
            "8:14: error: print.blueprint.levels.analyze: unknown level",
        ),
        (
            "    questions: 2\n    topics: {nope: 1}\n",
            "8:14: error: print.blueprint.topics.nope: unknown topic",
        ),
        (
            "    questions: 2\n    types: {mcq: lots}\n",
            "8:18: error: print.blueprint.types.mcq must be a number",
        ),
        (
            "    questions: 2\n    types: {mcq: 2, short: 1}\n",
            "8:12: error: print.blueprint.types: the quotas add",
        ),
        ("    types: {mcq: 1}\n", "7:5: error: print.blueprint needs questions"),
    ],
)
def test_bad_blueprints_are_diagnosed_at_their_place(tmp_path: Path, lines: str, expected: str) -> None:
    root = project_dir(tmp_path, deck=DECK + "print:\n  seed: s\n  blueprint:\n" + lines)
    found = [
        f"{d.location.line}:{d.location.column}: {d.severity.value}: {d.message}"
        for d in api.check(root).diagnostics
    ]
    assert any(f.startswith(expected) for f in found), found


def test_count_with_a_blueprint_and_parallel_without_one_are_refused(tmp_path: Path) -> None:
    root = project_dir(tmp_path, deck=DECK + "print:\n  count: 2\n  form_mode: parallel\n")
    messages = [d.message for d in api.check(root).diagnostics]
    assert any("parallel draws each form from a blueprint" in m for m in messages), messages


def shipped_deck(shipped: Project) -> DeckDefinition:
    decks, problems = load_decks(
        ROOT, ROOT / "decks", topics=shipped.topics, sources=frozenset(shipped.sources.articles)
    )
    assert problems == []
    return next(d for d in decks if d.stem == "thaad")


def test_letters_are_balanced_on_every_form(shipped: Project) -> None:
    deck = shipped_deck(shipped)
    for mode in ("parallel", "shuffled"):
        settings = dataclasses.replace(deck.print_settings, form_mode=mode, forms=3)
        quiz = plan(dataclasses.replace(deck, print_settings=settings), shipped)
        for form in quiz.forms:
            letters = Counter(o.letter for i in form.items for o in i.options if o.correct and i.question.type
                              is QuestionType.MCQ)  # fmt: skip
            assert sum(letters.values()) == 12 and max(letters.values()) - min(letters.values()) <= 1
            for item in form.items:  # every option still printed once, the answer marked
                if item.question.type is QuestionType.MCQ:
                    texts = sorted(o.text for o in item.options)
                    assert texts == sorted([str(item.question.answer), *item.question.distractors])
                    assert [o.text for o in item.options if o.correct] == [item.question.answer]
        if mode == "shuffled":
            assert len({frozenset(i.question.id for i in f.items) for f in quiz.forms}) == 1
        else:
            a, b, c = ({i.question.id for i in f.items} for f in quiz.forms)
            assert not a & b  # 94 items: two forms of 30 can be disjoint
            # The 34 items left for form C hold one cloze (C takes 6) and 7 TRT World items (C takes 10), so
            # C must reuse at least 5 items; with related items kept apart and 8 items above recall (the
            # deck's level quotas), the search finds 19 new.
            assert len(c - a - b) == 19 and len(quiz.questions) == 79


def test_the_shipped_forms_follow_the_blueprint_and_keep_related_items_apart(shipped: Project) -> None:
    """The committed sidecar, read as a trainer's tools would: the blueprint met on each form, and no pair that
    the relations in use (build/printing.deck_relations) keep apart printed together."""
    deck = shipped_deck(shipped)
    relations = deck_relations(deck, shipped)
    sidecar = json.loads((ROOT / "decks" / "thaad.forms.json").read_text(encoding="utf-8"))
    assert sidecar["form_mode"] == "parallel"
    by_id = {q.id: q for q in shipped.bank.questions}
    forms = [[by_id[e["id"]] for e in f["items"]] for f in sidecar["forms"]]
    for items in forms:
        assert counts(items, "sources") == {CNN: 10, TOPIX: 10, TRT: 10}
        assert counts(items, "types") == {"mcq": 12, "true-false": 6, "short": 6, "cloze": 6}
        levels = counts(items, "levels")
        assert levels["understand"] == 5 and levels["analyse"] == 3  # a quarter above recall, as in the bank
        assert tf_balance(items) == (3, 3)
        assert related_pairs(relations, (q.id for q in items)) == []
        ids = {q.id for q in items}
        assert all(len(ids & set(group)) <= 1 for group in relations.groups)
    # Parallel: as many items new to form B as the search settles. With eliminations kept apart too (issue 12),
    # the 49 items form A leaves cannot fill a 30-item form B (no 26-30 found in 300,000 steps): B takes 25.
    assert len({q.id for q in forms[1]} - {q.id for q in forms[0]}) >= 25


def test_the_html_form_pages_hold_the_printed_forms_items_in_their_numbers() -> None:
    """decks/thaad.form-X.html is the printed form X on screen: the same items under the same numbers (they
    were once drawn without the relations, so the page held six items the paper form did not)."""
    import re

    sidecar = json.loads((ROOT / "decks" / "thaad.forms.json").read_text(encoding="utf-8"))
    for form in sidecar["forms"]:
        page = (ROOT / "decks" / f"thaad.form-{form['form']}.html").read_text(encoding="utf-8")
        found = re.search(r'<script type="application/json" id="quiz-data">(.*?)</script>', page, re.DOTALL)
        assert found is not None
        data = json.loads(found.group(1))
        assert [(i["n"], i["id"]) for i in data["items"]] == [(e["number"], e["id"]) for e in form["items"]]


def test_the_keys_give_a_one_page_marking_grid_per_form_and_explanations(shipped: Project) -> None:
    """Read from the committed keys PDF: per form, one page with every number and its letter or words, then
    the detailed key with each item's explanation."""
    import io

    import pypdf

    from quizgen.writers import print as writer
    from tests.test_print import squash

    deck = shipped_deck(shipped)
    quiz = plan(deck, shipped, deck_relations(deck, shipped))
    reader = pypdf.PdfReader(io.BytesIO((ROOT / "decks" / "thaad.keys.pdf").read_bytes()))
    texts = [squash(p.extract_text()) for p in reader.pages]
    grids = [i for i, t in enumerate(texts) if "MARKINGGRID·FORM" in t]
    assert len(grids) == len(quiz.forms)
    for form, page in zip(quiz.forms, grids, strict=True):
        text = texts[page]
        assert f"MARKINGGRID·FORM{form.letter}" in text and "KEY·FORM" in texts[page + 1]
        at = 0
        for g in writer.grid_entries(form):  # in number order, each with its letter or words
            found = text.index(squash(f"{g['number']}.{g['letter'] or g['answer']}"), at)
            at = found
        detailed = "".join(texts[page + 1 : grids[grids.index(page) + 1] if page != grids[-1] else None])
        for item in form.items:
            assert item.question.explanation and squash(item.question.explanation) in detailed, (
                item.question.id
            )
    markdown = writer.keys_markdown(quiz)
    assert markdown.count(": marking grid") == len(quiz.forms)
    assert all(q.explanation and writer.md(q.explanation) in markdown for q in quiz.questions)


def test_leak_pairs_that_make_a_quota_impossible_are_named(bank: list[Question]) -> None:
    mcq = [q.id for q in bank if q.type is QuestionType.MCQ]
    paired = mcq[: len(mcq) // 2 * 2]  # an odd one out stays unrelated
    relations = Relations(
        (), tuple(Leak(a, b, "by hand") for a, b in zip(paired[::2], paired[1::2], strict=True))
    )
    fits = len(mcq) - len(paired) // 2  # one of each pair, and the odd one out
    assert len(draw(bank, blueprint(fits + 4, types={"mcq": fits}), relations, "k")) == fits + 4
    with pytest.raises(InfeasibleError) as caught:
        draw(bank, blueprint(fits + 4, types={"mcq": fits + 1}), relations, "k")
    assert caught.value.message == (
        f"types.mcq: {fits + 1} cannot be met with related items kept apart (the deck selects {len(mcq)} such "
        "item(s))"
    )
