"""Item relations: the analysis against hand labels of the shipped bank, each relation on small examples,
reviewers' decisions in the bank, and ``quizgen relations`` output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from quizgen import api
from quizgen.checks.example import BANK_FILE, write
from quizgen.checks.relations import Leak, Relations, relate, related_pairs
from quizgen.cli import app
from quizgen.core.model import ReviewStatus
from quizgen.load.project import load_project

ROOT = Path(__file__).resolve().parent.parent
LABELS = yaml.safe_load((Path(__file__).parent / "fixtures" / "relations_labels.yaml").read_text("utf-8"))


def _shipped() -> Relations:
    """The relations among the shipped bank's approved items (the deck's selection; retired items are out)."""
    project = load_project(ROOT).project
    return relate(project, [q.id for q in project.bank.questions if q.review.status is ReviewStatus.APPROVED])


def _score(found: set[tuple[str, str]], wanted: set[tuple[str, str]]) -> tuple[float, float]:
    hits = len(found & wanted)
    return hits / max(1, len(found)), hits / max(1, len(wanted))


# Floors: what the analysis achieves on the labelled bank (docs/relations.md reports the numbers). A change that
# loses precision or recall on it fails here; one that gains should raise the floor. The floors were lowered
# once, when issue 13 revised the bank: its new items compare two outlets, which the analysis does not relate
# (same fact is sought within one article), and the measurement was not tuned on them.
def test_precision_and_recall_against_the_hand_labels() -> None:
    found = _shipped()
    same = {tuple(sorted(x[:2])) for x in LABELS["same-fact"]}
    leaks = {(x[0], x[1]) for x in LABELS["leak"]}
    got_same = {(a, b) for g in found.groups for i, a in enumerate(g) for b in g[i + 1 :]}
    got_leaks = {(x.giver, x.taker) for x in found.leaks}
    labelled_ids = {i for pair in same | leaks for i in pair}
    approved = {
        q.id for q in load_project(ROOT).project.bank.questions if q.review.status is ReviewStatus.APPROVED
    }
    assert labelled_ids <= approved, "labels name approved items (a retired item's labels go with it)"

    def pairs(s: set[tuple[str, str]]) -> set[tuple[str, str]]:
        return {(min(a, b), max(a, b)) for a, b in s}

    related_p, related_r = _score(pairs(got_same) | pairs(got_leaks), pairs(same) | pairs(leaks))
    same_p, same_r = _score(pairs(got_same), pairs(same))
    leak_p, leak_r = _score(got_leaks, leaks)
    # Kept apart or not (what forms and sessions use): the kind-blind measure.
    assert related_p >= 0.94 and related_r >= 0.71, (related_p, related_r)
    assert same_r >= 0.40 and same_p >= 0.57, (same_p, same_r)
    assert leak_p >= 0.88 and leak_r >= 0.62, (leak_p, leak_r)


def test_the_issues_examples_are_found() -> None:
    found = _shipped()
    leaks = {(x.giver, x.taker) for x in found.leaks}
    # Two items print Xi's quote while a third asks who said it. (The issue's first example, "on Wednesday"
    # printed while another item asked the day, left the bank in issue 13 with the weekday item: see
    # test_a_day_printed_in_another_question_is_a_leak for the relation.)
    assert ("xi-remarks-day", "xi-gravely-harms-who") in leaks
    assert ("xi-remarks-setting", "xi-gravely-harms-who") in leaks
    assert any({"xi-gravely-harms-which-quote", "xi-gravely-harms-who"} <= set(g) for g in found.groups)


# --- each relation on a small project ----------------------------------------------------------------------

QUOTE = "Chilean Foreign Minister Pablo Rojas said the deal did not cover copper."
SIGNING = "Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday."


def _item(qid: str, kind: str, prompt: str, answer: str, quote: str, extra: str = "") -> str:
    return (
        f"- id: {qid}\n  type: {kind}\n  topic: what\n  prompt: {prompt}\n  answer: {answer}\n{extra}"
        f"  evidence:\n    - source: example\n      quote: {quote}\n  review: {{status: draft}}\n"
    )


def _relate(tmp_path: Path, bank: str) -> Relations:
    write(tmp_path, {BANK_FILE: bank})
    project = load_project(tmp_path).project
    return relate(project, [q.id for q in project.bank.questions])


WHO = _item("copper-who", "short", "Who said the deal did not cover copper?", "Pablo Rojas", QUOTE)
WHAT = _item("copper-what", "short", "What did Pablo Rojas say the deal did not cover?", "copper", QUOTE)
ROLE = _item("rojas-role", "short", "What post does Pablo Rojas hold?", "Chilean Foreign Minister", QUOTE)


def test_who_and_what_of_one_quotation_are_one_fact(tmp_path: Path) -> None:
    found = _relate(tmp_path, WHO + WHAT + ROLE)
    assert found.groups == (("copper-what", "copper-who"),)
    assert found.leaks == ()  # the role is asked nowhere else, and no item prints it


def test_a_day_printed_in_another_question_is_a_leak(tmp_path: Path) -> None:
    day = _item(
        "day",
        "short",
        "On which day did Portugal and Chile sign the fisheries agreement?",
        "Tuesday",
        SIGNING,
    )
    place = _item(
        "place", "short", "Where did Portugal and Chile sign the agreement on Tuesday?", "Lisbon", SIGNING
    )
    found = _relate(tmp_path, day + place)
    assert found.groups == ()
    assert [(x.giver, x.taker) for x in found.leaks] == [("place", "day")]
    assert "on Tuesday" in found.leaks[0].reason  # quoted as written


def test_an_answer_repeated_as_a_bare_option_is_no_leak(tmp_path: Path) -> None:
    day = _item(
        "day",
        "short",
        "On which day did Portugal and Chile sign the fisheries agreement?",
        "Tuesday",
        SIGNING,
    )
    other = _item(
        "rojas-day", "mcq", "On which day was the copper remark made?", "Wednesday", QUOTE,
        "  distractors: [Tuesday, Monday, Friday]\n",
    )  # fmt: skip
    assert _relate(tmp_path, day + other).leaks == ()


def test_a_printed_correction_answers_a_false_statement(tmp_path: Path) -> None:
    false = (
        "- id: signing-city\n  type: true-false\n  topic: where\n"
        "  prompt: Portugal and Chile signed a fisheries agreement in Madrid.\n  answer: false\n"
        "  correction: Portugal and Chile signed a fisheries agreement in Lisbon.\n"
        f"  evidence:\n    - source: example\n      quote: {SIGNING}\n  review: {{status: draft}}\n"
    )
    day = _item(
        "day",
        "short",
        "On which day did Portugal and Chile sign their agreement in Lisbon?",
        "Tuesday",
        SIGNING,
    )
    found = _relate(tmp_path, false + day)
    assert ("day", "signing-city") in {(x.giver, x.taker) for x in found.leaks}


# --- reviewers' decisions ----------------------------------------------------------------------------------


def test_ignore_silences_a_pair_and_excludes_adds_one(tmp_path: Path) -> None:
    silenced = WHO + WHAT.replace(
        "  evidence:", "  related: {ignore: [copper-who], reason: drilled together on purpose}\n  evidence:"
    )
    excluded = ROLE.replace("  evidence:", "  excludes: [copper-who]\n  evidence:")
    found = _relate(tmp_path, silenced + excluded)
    assert found.groups == () and found.leaks == ()
    assert found.excluded == (("copper-who", "rojas-role"),)
    assert related_pairs(found, ["copper-who", "copper-what", "rojas-role"]) == [("copper-who", "rojas-role")]
    assert api.check(tmp_path).diagnostics == []  # the silencing is used, the exclusion names a real item


def test_decisions_are_checked_like_every_field(tmp_path: Path) -> None:
    bank = (
        WHO.replace("  evidence:", "  excludes: [copper-whom]\n  evidence:")
        + WHAT.replace("  evidence:", "  related: {ignore: [rojas-role], reason: not related}\n  evidence:")
        + ROLE.replace("  evidence:", "  related: {ignore: 5}\n  evidence:")
    )
    write(tmp_path, {BANK_FILE: bank})
    found = {(d.code, d.location.line, d.location.column) for d in api.check(tmp_path).diagnostics}
    lines = bank.splitlines()
    at = {
        key: next(i for i, line in enumerate(lines, 1) if key in line) for key in ("copper-whom", "ignore: 5")
    }
    assert ("QG903", at["copper-whom"], lines[at["copper-whom"] - 1].index("copper-whom") + 1) in found
    assert ("QG103", at["ignore: 5"], lines[at["ignore: 5"] - 1].index("5") + 1) in found  # not a list of ids
    assert any(code == "QG101" for code, line, _ in found if line == at["ignore: 5"])  # no reason
    assert any(code == "QG904" for code, *_ in found)  # rojas-role and copper-what are not related


def test_relation_notes_do_not_fail_a_strict_check(tmp_path: Path) -> None:
    write(tmp_path, {BANK_FILE: WHO + WHAT})
    result = CliRunner().invoke(app, ["check", "--strict", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "note: 2 items test the same fact in the bank" in result.output
    assert "QG901" in result.output


# --- quizgen relations ---------------------------------------------------------------------------------------


def test_relations_json_lists_groups_and_leaks_per_deck() -> None:
    result = CliRunner().invoke(
        app, ["relations", "--root", str(ROOT), "--format", "json", "--deck", "thaad"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (deck,) = data["decks"]
    found = _shipped()
    assert deck["deck"] == "THAAD 2017" and deck["stem"] == "thaad" and deck["items"] == 94
    assert [g["items"] for g in deck["groups"]] == [list(g) for g in found.groups]
    assert all(g["tag"] == f"quizgen::group::{g['items'][0]}" for g in deck["groups"])
    assert [Leak(**x) for x in deck["leaks"]] == list(found.leaks)
    assert (
        deck["excluded"] == [list(p) for p in found.excluded] and len(found.excluded) == 39
    )  # the bank's excludes


def test_relations_text_and_an_unknown_deck() -> None:
    result = CliRunner().invoke(app, ["relations", "--root", str(ROOT)])
    assert result.exit_code == 0
    assert result.output.startswith("THAAD 2017: 94 items, ")
    assert "  leaks (giver -> taker):\n    " in result.output
    bad = CliRunner().invoke(app, ["relations", "--root", str(ROOT), "--deck", "nope"])
    assert bad.exit_code == 1 and "no deck 'nope'" in bad.output


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_relations_are_deterministic(fmt: str) -> None:
    runs = {CliRunner().invoke(app, ["relations", "--root", str(ROOT), "-f", fmt]).output for _ in range(2)}
    assert len(runs) == 1
