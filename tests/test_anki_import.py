"""Built decks imported into a real Anki collection (the official ``anki`` package, in ``tmp_path``).

What a learner sees: the notes, cards, fields, tags, decks and note types of a fresh import; re-imports that
change nothing; edits that update a note in place, keeping its scheduling and review history; retired notes
kept and marked; bank text shown literally, never as HTML or Anki syntax.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from quizgen import api
from quizgen.build.run import BuildResult, build
from quizgen.checks.example import BANK_FILE, FILES, write
from quizgen.review.approve import approve

if TYPE_CHECKING:  # anki.collection must be imported first (anki.cards imports it back)
    from anki.cards import CardId
    from anki.notes import Note

FIRST_DAY = dt.date(2025, 6, 4)
LATER_DAY = dt.date(2025, 6, 5)
NOON_FIRST_DAY = 1_749_038_400  # 2025-06-04 12:00 UTC
NOON_LATER_DAY = 1_749_124_800  # 2025-06-05 12:00 UTC

DECK_NAME = "Example Quiz"
DECK_ID = 1700000000001
NOTE_TYPE_IDS = {
    "short": 1700000000002,
    "mcq": 1700000000003,
    "true-false": 1700000000004,
    "cloze": 1700000000005,
}
DECK = f"""\
name: {DECK_NAME}
deck_id: {DECK_ID}
note_type_ids: {json.dumps(NOTE_TYPE_IDS).replace('"', "")}
description: Built by tests/test_anki_import.py.
subdecks: topic
"""

# One item of each type (the true-false one false, with its correction), and a cloze with two deletions.
BANK = """\
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  aliases: [Foreign Minister]
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  explanation: Rojas & Costa are both "foreign ministers" <not presidents>.
  tags: [example, role]
  review: {status: draft}

- id: costa-stocks-who
  type: mcq
  topic: who-said
  prompt: Who said "We will protect the southern stocks together"?
  answer: Ana Costa
  distractors: [Pablo Rojas, Luis Silva, Marta Reyes]
  evidence:
    - source: example
      quote: >-
        "We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said after the
        meeting.
  tags: [example, who-said]
  review: {status: draft}

- id: signing-place
  type: true-false
  topic: where
  prompt: Portugal and Chile signed a fisheries agreement in Madrid.
  answer: false
  correction: Portugal and Chile signed a fisheries agreement in Lisbon.
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  explanation: They signed it in Lisbon.
  tags: [where]
  review: {status: draft}

- id: spfa-cloze
  type: cloze
  topic: what
  prompt: The deal follows the {{c1::South Pacific Fisheries Accord}} (SPFA) of 2019.
  evidence:
    - source: example
      quote: The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.
  review: {status: draft}

- id: signatories-cloze
  type: cloze
  topic: what
  prompt: "{{c1::Portugal}} and {{c2::Chile}} signed a fisheries agreement in Lisbon on Tuesday."
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
"""
IDS = ["rojas-role", "costa-stocks-who", "signing-place", "spfa-cloze", "signatories-cloze"]

HOSTILE_PROMPT = "<script>alert(1)</script> {{c1::x}} }} a::b What post does Ana Costa hold?"
HOSTILE = f"""
- id: hostile-prompt
  type: short
  topic: role
  prompt: {json.dumps(HOSTILE_PROMPT)}
  answer: Portuguese Foreign Minister
  evidence:
    - source: example
      quote: Portuguese Foreign Minister Ana Costa said after the meeting.
    - source: wire
      quote: Costa said 1 more round of talks would follow.
  explanation: "</div><img src=x onerror=alert(2)> {{{{Answer}}}}"
  review: {{status: draft}}
"""
# The "1" of alert(1) is a number, which must occur in the evidence: the wire article gets a line with one.
WIRE = FILES["seeds/wire.txt"] + "Costa said 1 more round of talks would follow.\n"


# --- helpers ----------------------------------------------------------------------------------------------


def make_project(
    root: Path, bank: str = BANK, files: dict[str, str] | None = None, ids: list[str] = IDS
) -> Path:
    """The example project with ``bank`` and the deck definition, every item approved on FIRST_DAY."""
    write(root, {BANK_FILE: bank, "decks/example.yaml": DECK, **(files or {})})
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []
    approve(root, ids, by="Tester", on=FIRST_DAY)
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []
    return root


def build_to_disk(root: Path) -> BuildResult:
    """Build, and write the outputs as the CLI would (the next build reads the lock back)."""
    result = build(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    for output in result.outputs:
        (root / output.path).write_bytes(output.data)
    return result


def package(root: Path) -> Path:
    return root / "decks" / "example.apkg"


def lock(root: Path) -> dict[str, dict[str, Any]]:
    notes: dict[str, dict[str, Any]] = json.loads((root / "decks" / "example.lock.json").read_text())["notes"]
    return notes


def edit_item(root: Path, qid: str, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` (exactly once) inside item ``qid`` of the bank."""
    path = root / BANK_FILE
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {qid}\n")
    end = text.find("\n- id: ", start + 1)
    end = len(text) if end < 0 else end
    block = text[start:end]
    assert block.count(old) == 1, (old, block)
    path.write_text(text[:start] + block.replace(old, new) + text[end:], encoding="utf-8")


def import_package(col: Collection, path: Path) -> dict[str, list[int]]:
    """Import with "Import any learning progress" on (``with_scheduling``); the log's note ids by kind."""
    request = ImportAnkiPackageRequest(
        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True)
    )
    log = col.import_anki_package(request).log
    col.models._clear_cache()  # the notetype cache can be stale after an import
    return {
        kind: sorted(n.id.nid for n in getattr(log, kind))
        for kind in ("new", "updated", "duplicate", "conflicting", "first_field_match", "missing_notetype")
    }


def counts(result: dict[str, list[int]]) -> dict[str, int]:
    return {kind: len(ids) for kind, ids in result.items()}


def notes_by_qid(col: Collection) -> dict[str, Note]:
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    by_qid = {n["Question id"]: n for n in notes}
    assert len(by_qid) == len(notes)
    return by_qid


def card_state(col: Collection, card_id: CardId) -> tuple[Any, ...]:
    c = col.get_card(card_id)
    return (c.type, c.queue, c.ivl, c.reps, c.due, c.left, c.lapses, c.factor, c.did, c.ord)


def revlog_count(col: Collection) -> int:
    assert col.db is not None
    return int(col.db.scalar("select count() from revlog"))


def question_div(rendered: str) -> str:
    """The inner HTML of the card's ``<div class="question">`` (the rendered text sits after a <style>)."""
    m = re.search(r'<div class="question">(.*?)</div>', rendered, re.DOTALL)
    assert m, rendered
    return m.group(1)


@pytest.fixture
def col(tmp_path: Path) -> Iterator[Collection]:
    collection = Collection(str(tmp_path / "collection.anki2"))
    try:
        yield collection
    finally:
        collection.close()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


# --- 1. a fresh import -------------------------------------------------------------------------------------

CITATION = "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line {}"
EXPECTED_FIELDS = {
    "rojas-role": {
        "Question": "What post does Pablo Rojas hold?",
        "Answer": 'Chilean Foreign Minister<div class="aliases">Also accepted: Foreign Minister</div>',
        "Choices": "",
        "Explanation": "Rojas &amp; Costa are both &quot;foreign ministers&quot; &lt;not presidents&gt;.",
        "Source passage": (
            "<blockquote>Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.</blockquote>"
        ),
        "Source citation": CITATION.format(6),
        "Question id": "rojas-role",
        "Extra": "",
    },
    "costa-stocks-who": {
        "Question": "Who said &quot;We will protect the southern stocks together&quot;?",
        # Answer and Choices: checked apart (the options are shuffled per id)
        "Explanation": "",
        "Source passage": (
            "<blockquote>&quot;We will protect the southern stocks together,&quot; Portuguese Foreign Minister "
            "Ana Costa said after the meeting.</blockquote>"
        ),
        "Source citation": CITATION.format(5),
        "Question id": "costa-stocks-who",
        "Extra": "",
    },
    "signing-place": {
        "Question": "Portugal and Chile signed a fisheries agreement in Madrid.",
        "Answer": 'False<div class="correction">Portugal and Chile signed a fisheries agreement in Lisbon.</div>',
        "Choices": '<ol class="choices"><li>True</li><li>False</li></ol>',
        "Explanation": "They signed it in Lisbon.",
        "Source passage": (
            "<blockquote>Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.</blockquote>"
        ),
        "Source citation": CITATION.format(4),
        "Question id": "signing-place",
        "Extra": "",
    },
    "spfa-cloze": {
        "Question": "The deal follows the {{c1::South Pacific Fisheries Accord}} (SPFA) of 2019.",
        "Answer": "South Pacific Fisheries Accord",
        "Choices": "",
        "Explanation": "",
        "Source passage": (
            "<blockquote>The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.</blockquote>"
        ),
        "Source citation": CITATION.format(7),
        "Question id": "spfa-cloze",
        "Extra": "",
    },
    "signatories-cloze": {
        "Question": "{{c1::Portugal}} and {{c2::Chile}} signed a fisheries agreement in Lisbon on Tuesday.",
        "Answer": "Portugal, Chile",
        "Choices": "",
        "Explanation": "",
        "Source passage": (
            "<blockquote>Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.</blockquote>"
        ),
        "Source citation": CITATION.format(4),
        "Question id": "signatories-cloze",
        "Extra": "",
    },
}
GROUP = "quizgen::group::signatories-cloze"
EXPECTED = {  # id: (note type, deck, tags, cards)
    "rojas-role": ("short", "Example Quiz::role", ["example", "quizgen", "role"], 1),
    "costa-stocks-who": ("mcq", "Example Quiz::who-said", ["example", "quizgen", "who-said"], 1),
    # The statement and the cloze of one sentence give each other away: one same-fact group, one shared tag.
    "signing-place": ("true-false", "Example Quiz::where", ["quizgen", GROUP, "where"], 1),
    "spfa-cloze": ("cloze", "Example Quiz::what", ["quizgen"], 1),
    "signatories-cloze": ("cloze", "Example Quiz::what", ["quizgen", GROUP], 2),
}
FIELD_NAMES = [
    "Question", "Answer", "Choices", "Explanation", "Source passage", "Source citation", "Question id", "Extra"
]  # fmt: skip


def test_a_fresh_import_holds_every_note_as_the_bank_says(root: Path, col: Collection) -> None:
    result = build_to_disk(root)
    assert [(r.notes, r.new, r.changed, r.retired) for r in result.reports] == [(5, 5, 0, 0)]

    log = import_package(col, package(root))

    assert counts(log) == {
        "new": 5, "updated": 0, "duplicate": 0, "conflicting": 0, "first_field_match": 0, "missing_notetype": 0
    }  # fmt: skip
    assert col.note_count() == 5
    assert col.card_count() == 6
    notes = notes_by_qid(col)
    assert set(notes) == set(IDS)
    for qid, note in notes.items():
        qtype, deck, tags, cards = EXPECTED[qid]
        assert len(note.cards()) == cards >= 1, qid
        assert note.keys() == FIELD_NAMES
        fields = dict(note.items())
        assert {k: fields[k] for k in EXPECTED_FIELDS[qid]} == EXPECTED_FIELDS[qid]
        assert sorted(note.tags) == tags, qid
        assert {col.decks.name(c.did) for c in note.cards()} == {deck}, qid
        assert note.mod == NOON_FIRST_DAY, qid
        notetype = note.note_type()
        assert notetype is not None
        assert (notetype["id"], notetype["name"]) == (NOTE_TYPE_IDS[qtype], f"{DECK_NAME} \u00b7 {qtype}")
        assert [f["name"] for f in notetype["flds"]] == FIELD_NAMES

    # the mcq: every option once, the answer names the letter of the right one
    fields = dict(notes["costa-stocks-who"].items())
    options = re.findall(r'<li><span class="letter">([A-D])</span> ([^<]*)</li>', fields["Choices"])
    assert sorted(text for _, text in options) == ["Ana Costa", "Luis Silva", "Marta Reyes", "Pablo Rojas"]
    assert fields["Choices"] == (
        '<ol class="choices">'
        + "".join(f'<li><span class="letter">{letter}</span> {text}</li>' for letter, text in options)
        + "</ol>"
    )
    assert [letter for letter, _ in options] == ["A", "B", "C", "D"]
    right = next(letter for letter, text in options if text == "Ana Costa")
    assert fields["Answer"] == f'<span class="letter">{right}</span> Ana Costa'

    # every note type of the definition exists once, with its fixed id; the decks exist by name
    by_id = {m["id"]: m for m in col.models.all()}
    for qtype, model_id in NOTE_TYPE_IDS.items():
        assert by_id[model_id]["name"] == f"{DECK_NAME} \u00b7 {qtype}"
    assert by_id[NOTE_TYPE_IDS["cloze"]]["type"] == 1  # a cloze note type
    assert all(by_id[NOTE_TYPE_IDS[t]]["type"] == 0 for t in ("short", "mcq", "true-false"))
    top = col.decks.by_name(DECK_NAME)
    assert top is not None
    assert top["desc"] == "Built by tests/test_anki_import.py."
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert {DECK_NAME, *(f"{DECK_NAME}::{t}" for t in ("role", "who-said", "where", "what"))} <= names
    assert not col.get_empty_cards().notes  # no note has a card that renders empty


# --- 2. re-importing --------------------------------------------------------------------------------------


def test_reimporting_the_same_package_changes_nothing(root: Path, col: Collection) -> None:
    build_to_disk(root)
    first = import_package(col, package(root))
    mods = {qid: n.mod for qid, n in notes_by_qid(col).items()}

    again = import_package(col, package(root))

    assert counts(again)["new"] == counts(again)["updated"] == counts(again)["conflicting"] == 0
    assert again["duplicate"] == first["new"]
    assert (col.note_count(), col.card_count()) == (5, 6)
    assert {qid: n.mod for qid, n in notes_by_qid(col).items()} == mods

    # an unchanged rebuild is byte-identical and imports as a no-op too
    before = package(root).read_bytes()
    result = build_to_disk(root)
    assert package(root).read_bytes() == before
    assert [(r.new, r.changed) for r in result.reports] == [(0, 0)]
    assert counts(import_package(col, package(root)))["duplicate"] == 5


# --- 3. and 4. an edit updates the note in place ----------------------------------------------------------

OLD_PROMPT = "prompt: What post does Pablo Rojas hold?"
NEW_PROMPT = "prompt: Which office does Pablo Rojas hold?"


def _study_one_card(col: Collection) -> CardId:
    """Answer the first card of the role subdeck (rojas-role) "Good"; its card id."""
    deck_id = col.decks.id_for_name(f"{DECK_NAME}::role")
    assert deck_id is not None
    col.decks.select(deck_id)
    card = col.sched.getCard()
    assert card is not None
    assert card.note()["Question id"] == "rojas-role"
    col.sched.answerCard(card, 3)
    assert revlog_count(col) == 1
    assert col.get_card(card.id).reps == 1
    return card.id


def test_an_edited_item_updates_its_note_and_keeps_the_learners_progress(root: Path, col: Collection) -> None:
    build_to_disk(root)
    import_package(col, package(root))
    notes = notes_by_qid(col)
    card_id = _study_one_card(col)
    studied = card_state(col, card_id)
    others = {qid: (n.mod, dict(n.items())) for qid, n in notes.items() if qid != "rojas-role"}

    edit_item(root, "rojas-role", OLD_PROMPT, NEW_PROMPT)
    approve(root, ["rojas-role"], by="Tester", on=LATER_DAY)
    result = build_to_disk(root)
    assert [(r.new, r.changed, r.retired) for r in result.reports] == [(0, 1, 0)]
    assert lock(root)["rojas-role"]["mod"] == NOON_LATER_DAY
    assert {qid: e["mod"] for qid, e in lock(root).items() if qid != "rojas-role"} == dict.fromkeys(
        others, NOON_FIRST_DAY
    )

    log = import_package(col, package(root))

    assert log["updated"] == [notes["rojas-role"].id]
    assert counts(log)["new"] == counts(log)["conflicting"] == 0
    assert log["duplicate"] == sorted(notes[qid].id for qid in others)
    after = notes_by_qid(col)
    assert after["rojas-role"]["Question"] == "Which office does Pablo Rojas hold?"
    assert after["rojas-role"].mod == NOON_LATER_DAY
    assert {qid: (n.mod, dict(n.items())) for qid, n in after.items() if qid != "rojas-role"} == others
    assert [c.id for c in after["rojas-role"].cards()] == [card_id]
    assert card_state(col, card_id) == studied
    assert revlog_count(col) == 1
    assert (col.note_count(), col.card_count()) == (5, 6)

    # and the new text is what the card shows
    assert question_div(col.get_card(card_id).question()) == "Which office does Pablo Rojas hold?"


def test_a_same_day_reapproval_still_updates_the_note(root: Path, col: Collection) -> None:
    build_to_disk(root)
    import_package(col, package(root))
    rojas = notes_by_qid(col)["rojas-role"].id
    card_id = _study_one_card(col)
    studied = card_state(col, card_id)

    prompts = [OLD_PROMPT, NEW_PROMPT, "prompt: What office does Pablo Rojas hold?"]
    for n, (old, new) in enumerate(itertools.pairwise(prompts), start=1):
        edit_item(root, "rojas-role", old, new)
        approve(root, ["rojas-role"], by="Tester", on=FIRST_DAY)  # the same day as the first approval
        build_to_disk(root)
        assert lock(root)["rojas-role"]["mod"] == NOON_FIRST_DAY + n  # one second past the previous time

        log = import_package(col, package(root))

        assert log["updated"] == [rojas], n
        assert counts(log)["new"] == counts(log)["conflicting"] == 0
        assert counts(log)["duplicate"] == 4
        note = col.get_note(rojas)
        assert note["Question"] == new.removeprefix("prompt: ")
        assert note.mod == NOON_FIRST_DAY + n
    assert card_state(col, card_id) == studied
    assert revlog_count(col) == 1


# --- 5. retired notes -------------------------------------------------------------------------------------


def _retire_by_status(root: Path) -> None:
    text = (root / BANK_FILE).read_text(encoding="utf-8")
    start = text.index("- id: rojas-role\n")
    m = re.compile(r"review: \{status: approved[^}]*\}").search(text, start)
    assert m and m.start() < text.index("- id: costa-stocks-who")
    (root / BANK_FILE).write_text(text[: m.start()] + "review: {status: retired}" + text[m.end() :])


def _retire_by_selection(root: Path) -> None:
    deck = root / "decks" / "example.yaml"
    deck.write_text(deck.read_text() + "select: {topics: [who-said, where, what]}\n")


@pytest.mark.parametrize("retire", [_retire_by_status, _retire_by_selection], ids=["status", "selection"])
def test_a_retired_item_keeps_its_note_marked_retired(root: Path, col: Collection, retire: Any) -> None:
    build_to_disk(root)
    import_package(col, package(root))
    rojas = notes_by_qid(col)["rojas-role"]
    card_id = _study_one_card(col)
    studied = card_state(col, card_id)
    retire(root)
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []

    result = build_to_disk(root)

    assert [(r.notes, r.new, r.changed, r.retired) for r in result.reports] == [(5, 0, 1, 1)]
    entry = lock(root)["rojas-role"]
    assert entry["retired"] is True
    assert entry["mod"] == NOON_FIRST_DAY + 1
    assert sorted(lock(root)) == sorted(IDS)
    assert not any(e["retired"] for qid, e in lock(root).items() if qid != "rojas-role")

    log = import_package(col, package(root))

    assert log["updated"] == [rojas.id]
    assert counts(log)["new"] == counts(log)["conflicting"] == 0
    assert counts(log)["duplicate"] == 4
    assert (col.note_count(), col.card_count()) == (5, 6)  # Anki never deletes
    note = col.get_note(rojas.id)
    assert sorted(note.tags) == ["example", "quizgen", "quizgen::retired", "role"]
    assert "retired" in note["Extra"].lower()
    assert {k: note[k] for k in FIELD_NAMES if k != "Extra"} == {
        k: rojas[k] for k in FIELD_NAMES if k != "Extra"
    }
    assert col.find_notes("tag:quizgen::retired") == [rojas.id]
    assert "retired" in col.get_card(card_id).answer().lower()
    assert card_state(col, card_id) == studied

    # nothing changes any more: the rebuild is byte-identical, and its import a no-op
    before = (package(root).read_bytes(), (root / "decks" / "example.lock.json").read_bytes())
    again = build_to_disk(root)
    assert (package(root).read_bytes(), (root / "decks" / "example.lock.json").read_bytes()) == before
    assert [(r.new, r.changed, r.retired) for r in again.reports] == [(0, 0, 1)]
    log = import_package(col, package(root))
    assert counts(log)["new"] == counts(log)["updated"] == counts(log)["conflicting"] == 0
    assert counts(log)["duplicate"] == 5
    assert lock(root)["rojas-role"]["retired"] is True


# --- 6. and 7. what the cards show ------------------------------------------------------------------------


def test_hostile_text_shows_literally_and_makes_no_cloze(tmp_path: Path, col: Collection) -> None:
    root = make_project(
        tmp_path / "project", BANK + HOSTILE, {"seeds/wire.txt": WIRE}, [*IDS, "hostile-prompt"]
    )
    build_to_disk(root)
    log = import_package(col, package(root))
    assert counts(log)["new"] == 6

    note = notes_by_qid(col)["hostile-prompt"]
    notetype = note.note_type()
    assert notetype is not None
    assert notetype["id"] == NOTE_TYPE_IDS["short"]
    cards = note.cards()
    assert len(cards) == 1
    assert "{{" not in note["Question"] and "::" not in note["Question"] and "<" not in note["Question"]
    question = cards[0].question()
    assert "<script" not in question.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in question
    assert html.unescape(question_div(question)) == HOSTILE_PROMPT  # what the learner reads
    answer = cards[0].answer()
    assert "<script" not in answer.lower() and "<img" not in answer.lower()
    assert html.unescape(note["Explanation"]) == "</div><img src=x onerror=alert(2)> {{Answer}}"
    assert not col.get_empty_cards().notes


def test_a_cloze_with_two_deletions_makes_two_cards(root: Path, col: Collection) -> None:
    build_to_disk(root)
    import_package(col, package(root))
    note = notes_by_qid(col)["signatories-cloze"]
    cards = sorted(note.cards(), key=lambda c: c.ord)
    assert [c.ord for c in cards] == [0, 1]
    first, second = (question_div(c.question()) for c in cards)
    assert (
        "[...]" in first
        and ">Chile<" in first
        and "Portugal" not in first.replace('data-cloze="Portugal"', "")
    )
    assert (
        "[...]" in second
        and ">Portugal<" in second
        and "Chile" not in second.replace('data-cloze="Chile"', "")
    )
    assert len(notes_by_qid(col)["spfa-cloze"].cards()) == 1
