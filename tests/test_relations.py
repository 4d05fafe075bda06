"""Item relations: the analysis against hand labels of the shipped bank, each relation on small examples,
reviewers' decisions in the bank, and ``quizgen relations`` output."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from quizgen import api
from quizgen.checks.example import BANK_FILE, write
from quizgen.checks.relations import (
    Elimination,
    Leak,
    Relations,
    find,
    item_key,
    outlets_key,
    refind,
    relate,
    related_pairs,
    settle,
)
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


def test_elimination_precision_and_recall_against_the_hand_labels() -> None:
    found = _shipped()
    wanted = {(x[0], x[1]) for x in LABELS["elimination"]}
    got = {(x.giver, x.taker) for x in found.eliminations}
    precision, recall = _score(got, wanted)
    # 61 of 61, 61 of 68 on the first bank; on the revised bank 66 of 70 (three correctly printed phrases taken
    # as striking topix-morgulov-ministry-slip's options, which only its own question can judge), 66 of 75.
    assert precision >= 0.92 and recall >= 0.85, (precision, recall)
    # Kind-blind, eliminations included: every labelled pair is one forms and sessions must keep apart.
    labelled = {tuple(sorted(x[:2])) for kind in ("same-fact", "leak", "elimination") for x in LABELS[kind]}
    related_p, related_r = _score(set(related_pairs(found, {i for pair in labelled for i in pair})), labelled)
    assert related_p >= 0.95 and related_r >= 0.90, (related_p, related_r)


def test_the_issues_examples_are_found() -> None:
    found = _shipped()
    leaks = {(x.giver, x.taker) for x in found.leaks}
    # Two items print Xi's quote while a third asks who said it. (The issue's first example, "on Wednesday"
    # printed while another item asked the day, left the bank in issue 13 with the weekday item: see
    # test_a_day_printed_in_another_question_is_a_leak for the relation.)
    assert ("xi-remarks-day", "xi-gravely-harms-who") in leaks
    assert ("xi-remarks-setting", "xi-gravely-harms-who") in leaks
    assert any({"xi-gravely-harms-which-quote", "xi-gravely-harms-who"} <= set(g) for g in found.groups)
    # "Who said" items reuse other items' quotations as wrong options: Xi's quote, asked about in three items,
    # is a wrong option of "which of these did Lu Kang say?".
    eliminations = {(x.giver, x.taker) for x in found.eliminations}
    assert {("xi-gravely-harms-who", "lu-kang-which-said-threatened-security"),
            ("xi-remarks-day", "lu-kang-which-said-threatened-security")} <= eliminations  # fmt: skip


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


COSTA = (
    "- id: costa-which-said\n  type: mcq\n  topic: what\n"
    "  prompt: Which of these did Portuguese Foreign Minister Ana Costa say after the meeting?\n"
    "  answer: We will protect the southern stocks together\n"
    "  distractors:\n    - {option}\n    - Chile will export more copper to Portugal next year\n"
    "    - Lisbon will host the next fisheries summit\n"
    '  evidence:\n    - source: example\n      quote: >-\n        "We will protect the southern stocks '
    'together," Portuguese Foreign Minister Ana Costa said after the meeting.\n  review: {{status: draft}}\n'
)
ROJAS_SAID = (
    "- id: rojas-which-said\n  type: mcq\n  topic: what\n"
    "  prompt: Which of these did Chilean Foreign Minister Pablo Rojas say?\n"
    "  answer: The fisheries deal did not cover Chilean copper\n"
    "  distractors:\n    - {option}\n    - Chile will export more copper to Portugal next year\n"
    "    - Lisbon will host the next fisheries summit\n"
    f"  evidence:\n    - source: example\n      quote: {QUOTE}\n  review: {{{{status: draft}}}}\n"
)


def test_a_wrong_option_printed_as_said_elsewhere_is_eliminated(tmp_path: Path) -> None:
    signing = (
        "- id: signing-true\n  type: true-false\n  topic: what\n  prompt: " + SIGNING + "\n  answer: true\n"
        f"  evidence:\n    - source: example\n      quote: {SIGNING}\n  review: {{status: draft}}\n"
    )
    found = _relate(
        tmp_path, COSTA.format(option="Portugal and Chile signed a fisheries agreement") + signing
    )
    assert [(x.giver, x.taker, x.option, x.where) for x in found.eliminations] == [
        ("signing-true", "costa-which-said", 0, "prompt")
    ]
    assert related_pairs(found, ["signing-true", "costa-which-said"]) == [
        ("costa-which-said", "signing-true")
    ]
    other = COSTA.format(option="Portugal will build a new fishing port in Lisbon")
    assert _relate(tmp_path, other + signing).eliminations == ()


def test_one_items_answer_as_anothers_wrong_option_is_eliminated(tmp_path: Path) -> None:
    """Cross-elimination: knowing what Rojas said strikes it from Costa's options, and the other way round."""
    costa = COSTA.format(option="The fisheries deal did not cover Chilean copper")
    rojas = ROJAS_SAID.format(option="We will protect the southern stocks together")
    found = _relate(tmp_path, costa + rojas)
    assert [(x.giver, x.taker, x.where) for x in found.eliminations] == [
        ("costa-which-said", "rojas-which-said", "answer"),
        ("rojas-which-said", "costa-which-said", "answer"),
    ]
    # Statements no other item says or answers: nothing to strike.
    costa = COSTA.format(option="Portugal will build a new fishing port in Lisbon")
    rojas = ROJAS_SAID.format(option="Chile and Portugal will meet again in Santiago")
    assert _relate(tmp_path, costa + rojas).eliminations == ()


def test_names_among_the_options_are_no_elimination(tmp_path: Path) -> None:
    """A person may say many things: "Pablo Rojas" as the answer of one item and a wrong option of another
    rules nothing out."""
    who = _item("copper-who", "mcq", "Who said the deal did not cover copper?", "Pablo Rojas", QUOTE,
                "  distractors: [Ana Costa, Example Staff, Example Wire]\n")  # fmt: skip
    other = _item("stocks-who", "mcq", "Who said they would protect the southern stocks together?",
                  "Ana Costa", QUOTE, "  distractors: [Pablo Rojas, Example Staff, Example Wire]\n")  # fmt: skip
    assert _relate(tmp_path, who + other).eliminations == ()


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
    result = CliRunner().invoke(app, ["check", "--strict", "--notes", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "note: 2 items test the same fact in the bank" in result.output
    assert "QG901" in result.output


def test_check_counts_notes_and_shows_them_only_when_asked_while_json_keeps_them(tmp_path: Path) -> None:
    write(tmp_path, {BANK_FILE: WHO + WHAT + ROLE})
    plain = CliRunner().invoke(app, ["check", "--root", str(tmp_path)])
    assert "QG901" not in plain.output and "note:" not in plain.output
    assert plain.output.splitlines()[-1].startswith(
        "checked 3 questions against 2 articles: 1 note (notes not shown"
    )
    github = CliRunner().invoke(app, ["check", "-f", "github", "--root", str(tmp_path)])
    assert "::notice" not in github.output
    assert (
        "::notice"
        in CliRunner().invoke(app, ["check", "-f", "github", "--notes", "--root", str(tmp_path)]).output
    )
    data = json.loads(CliRunner().invoke(app, ["check", "-f", "json", "--root", str(tmp_path)]).output)
    assert [d["code"] for d in data["diagnostics"]] == ["QG901"] and data["summary"]["note"] == 1


def test_a_build_counts_relations_per_deck_in_one_line(tmp_path: Path) -> None:
    import shutil

    for folder in ("seeds", "question_bank", "decks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (rel,) = api.relations(tmp_path)
    result = CliRunner().invoke(app, ["build", "print", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "QG90" not in result.output
    found = rel.relations
    line = (
        f"thaad: {len(found.groups)} same-fact group(s), {len(found.leaks)} leak(s) and "
        f"{len(found.eliminations)} elimination(s) noted among {len(rel.items)} items, 0 on printed forms; "
        "see `quizgen relations`"
    )
    assert line in result.output.splitlines()
    built = api.build(tmp_path, targets="anki")  # the notes stay available to the API's callers
    assert len(built.relation_notes) == len(found.groups) + len(found.leaks) + len(found.eliminations)
    assert not [d for d in built.diagnostics if d in built.relation_notes]


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
    assert [Elimination(**x) for x in deck["eliminations"]] == list(found.eliminations) != []
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


# --- the indexes find exactly what comparing every pair finds -----------------------------------------------

_SENTENCES = [
    "Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.",
    "Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.",
    "The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.",
]


def _random_bank(rng: random.Random, n: int) -> str:
    """``n`` items of every type made of windows of the example article's sentences, so that prompts,
    options and answers print each other's words (and often each other's answers) at random."""

    def window(sentence: str, least: int, most: int) -> tuple[list[str], int, int]:
        ws = sentence.rstrip(".").split()
        size = rng.randint(least, min(most, len(ws)))
        lo = rng.randrange(0, len(ws) - size + 1)
        return ws, lo, lo + size

    out = []
    for i in range(n):
        quote = rng.choice(_SENTENCES)
        ws, lo, hi = window(quote, 1, 6)
        answer = " ".join(ws[lo:hi])
        kind = rng.choice(["short", "mcq", "true-false", "cloze", "short"])
        extra = ""
        if kind == "cloze":
            prompt = " ".join([*ws[:lo], "{{c1::" + answer + "}}", *ws[hi:]]) + "."
            answer_line = ""
        elif kind == "true-false":
            if rng.random() < 0.5:
                prompt, answer_line = quote, "  answer: true\n"
            else:
                wrong = [*ws[:lo], "Madrid", *ws[hi:]]
                prompt = " ".join(wrong) + "."
                answer_line = f"  answer: false\n  correction: {quote}\n"
        else:
            other, a, b = window(rng.choice(_SENTENCES), 3, 9)
            prompt = "Which of these: " + " ".join(other[a:b]) + "?"
            answer_line = f"  answer: {json.dumps(answer)}\n"
            if kind == "mcq":
                options = {answer}
                while len(options) < 4:
                    o, c, d = window(rng.choice(_SENTENCES), 1, 6)
                    options.add(" ".join(o[c:d]))
                options.discard(answer)
                extra = f"  distractors: {json.dumps(sorted(options))}\n"
        out.append(
            f"- id: item-{i:02d}\n  type: {kind}\n  topic: what\n  prompt: {json.dumps(prompt)}\n{answer_line}"
            f"{extra}  evidence:\n    - source: example\n      quote: {json.dumps(quote)}\n"
            "  review: {status: draft}\n"
        )
    return "".join(out)


@pytest.mark.parametrize("seed", range(6))
def test_indexed_relations_equal_every_pair_compared(tmp_path: Path, seed: int) -> None:
    write(tmp_path, {BANK_FILE: _random_bank(random.Random(seed), 30)})
    project = load_project(tmp_path).project
    ids = [q.id for q in project.bank.questions]
    assert len(ids) == 30, "every random item loads"
    indexed = relate(project, ids)
    assert indexed.leaks and indexed.groups, "the random bank is related enough to test something"
    assert indexed == relate(project, ids, exhaustive=True)
    ELIMINATED.append(len(indexed.eliminations))


ELIMINATED: list[int] = []


def test_the_random_banks_hold_eliminations_too() -> None:
    """(Run after the banks above: so that the comparison covers eliminations, some banks must have some.)"""
    if len(ELIMINATED) < 6:
        pytest.skip("run with the random-bank comparisons")
    assert sum(ELIMINATED) > 0, ELIMINATED


def test_indexed_relations_equal_every_pair_compared_on_the_shipped_bank() -> None:
    project = load_project(ROOT).project
    ids = [q.id for q in project.bank.questions]
    assert relate(project, ids) == relate(project, ids, exhaustive=True)


def _items_of(bank: str) -> list[str]:
    return ["- id:" + block for block in bank.split("- id:")[1:]]


@pytest.mark.parametrize("seed", range(8))
def test_relations_refound_after_edits_equal_relations_found_afresh(tmp_path: Path, seed: int) -> None:
    """:func:`refind` judges again only the pairs with a changed item; the rest it takes from before. Edited,
    dropped and added items of a random bank (and the same-fact groups they join or split) give what
    :func:`find` gives on the edited bank, and :func:`relate` on both agrees."""
    rng = random.Random(seed)
    before_items = _items_of(_random_bank(random.Random(seed), 30))
    others = _items_of(_random_bank(random.Random(seed + 1000), 40))
    write(tmp_path / "a", {BANK_FILE: "".join(before_items)})
    old = load_project(tmp_path / "a").project
    old_ids = [q.id for q in old.bank.questions]
    before = find(old, old_ids)
    after_items = list(before_items)
    for i in rng.sample(range(30), 2):  # the same id, another item (the bank's common words may stay)
        after_items[i] = others[i]
    if seed % 2:  # and items dropped and added (which moves the bar of common words)
        del after_items[rng.randrange(30)]
        after_items += [
            o.replace("- id: item-", "- id: new-", 1) for o in others[30 : 30 + rng.randint(1, 4)]
        ]
    write(tmp_path / "b", {BANK_FILE: "".join(after_items)})
    new = load_project(tmp_path / "b").project
    new_ids = [q.id for q in new.bank.questions]
    assert len(new_ids) == len(after_items)
    old_keys = {q.id: item_key(q, old.sources.articles) for q in old.bank.questions}
    unchanged = [q.id for q in new.bank.questions if old_keys.get(q.id) == item_key(q, new.sources.articles)]
    assert 0 < len(unchanged) < len(new_ids)
    assert outlets_key(old) == outlets_key(new)
    REFOUND.append(before.common == find(new, new_ids).common)  # else every leak is judged again
    again = refind(new, new_ids, before, unchanged)
    assert again == find(new, new_ids)
    assert refind(new, new_ids, again, new_ids) == again  # nothing changed since: nothing judged again
    by_id = {q.id: q for q in new.bank.questions}
    assert settle(by_id, again) == relate(new, new_ids)
    assert settle(by_id, again, honour_reviews=False) == relate(new, new_ids, honour_reviews=False)


REFOUND: list[bool] = []


def test_the_edited_random_banks_kept_and_changed_their_common_words() -> None:
    """(Run after the edits above: both ways of :func:`refind` must be compared, the leaks among unchanged items
    kept and judged again.)"""
    if len(REFOUND) < 8:
        pytest.skip("run with the random-edit comparisons")
    assert True in REFOUND and False in REFOUND, REFOUND


def test_refind_looks_for_the_quotes_of_only_the_items_sharing_an_article_with_a_changed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pair with a changed item can be the same fact only where their quotes overlap, in an article the
    changed item cites: the quotes of items citing none of its articles are not looked for (an edit of one
    item read 200 articles' texts of a 10,000-article bank for them), and the findings are :func:`find`'s."""
    from quizgen.checks import relations

    project = load_project(ROOT).project
    ids = [q.id for q in project.bank.questions]
    before = find(project, ids)
    changed = next(
        q for q in project.bank.questions if {e.source for e in q.evidence} == {"000_61357396dd02fba6"}
    )
    apart = [
        q.id for q in project.bank.questions if "000_61357396dd02fba6" not in {e.source for e in q.evidence}
    ]
    assert apart, "some items cite only other articles"
    looked: list[str] = []
    real = relations.find_quote

    def counted(article: object, quote: str) -> object:
        looked.append(quote)
        return real(article, quote)  # type: ignore[arg-type]

    monkeypatch.setattr(relations, "find_quote", counted)
    again = refind(project, ids, before, [i for i in ids if i != changed.id])
    sharing = {e.quote for q in project.bank.questions if q.id not in apart for e in q.evidence}
    assert set(looked) <= sharing  # no quote of an item citing only other articles
    assert looked and again == find(project, ids)


def test_common_words_given_the_marks_of_all_some_or_no_items_are_the_same() -> None:
    """The incremental check gives :func:`common_words` its items' marks (key, prompt stems); with every live
    item's marks the stems are taken from them alone, else the missing ones are found: all three agree."""
    from quizgen.checks import relations

    project = load_project(ROOT).project
    live = [q for q in project.bank.questions if q.status is not ReviewStatus.RETIRED]
    marks = {q.id: ("key", relations.prompt_stems(q)) for q in live}
    found = []
    for given in (None, marks, dict(list(marks.items())[::2])):
        relations._COMMON.clear()
        found.append(relations.common_words(project, given))
    assert found[0] and found == [found[0]] * 3
    relations._COMMON.clear()
    wrong = dict.fromkeys(marks, ("key", ("zzz-not-a-word",)))  # the marks are what is counted
    assert "zzz-not-a-word" in relations.common_words(project, wrong)
    relations._COMMON.clear()


def test_questions_by_id_is_the_banks_items_by_id_made_once_per_project() -> None:
    from quizgen.checks import relations

    project = load_project(ROOT).project
    by_id = relations.questions_by_id(project)
    assert by_id == {q.id: q for q in project.bank.questions}
    assert relations.questions_by_id(project) is by_id
    assert relations.questions_by_id(load_project(ROOT).project) is not by_id
