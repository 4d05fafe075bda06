"""quizgen build: reproducible outputs, refusal on errors, lock files, and note validation."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen import api
from quizgen.build.run import _validate, build
from quizgen.checks.example import FILES, write
from quizgen.cli import app
from quizgen.core.errors import QuizgenError
from quizgen.core.shuffle import permutation
from quizgen.load.project import load_project

ROOT = Path(__file__).resolve().parent.parent
DECK = (
    "name: Example\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
    "select: {status: [draft]}\n"
)


def test_the_committed_decks_are_what_a_fresh_build_makes() -> None:
    result = build(ROOT)
    assert result.outputs, "the shipped project defines at least one deck"
    lms = {"thaad.moodle.xml", "thaad.gift.txt", "thaad.qti12.zip", "thaad.qti21.zip", "thaad.blackboard.txt"}
    assert lms <= {Path(o.path).name for o in result.outputs}, "the shipped deck's LMS exports are reproduced"
    for output in result.outputs:
        assert (ROOT / output.path).read_bytes() == output.data, f"rebuild and commit {output.path}"
    assert all(r.new == 0 and r.changed == 0 for r in result.reports), "the committed lock is current"


def _count_relate(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that gets one entry per call of relations.relate from now on."""
    from quizgen.checks import relations as relations_module

    calls: list[int] = []
    real = relations_module.relate

    def counted(*args: object, **kwargs: object) -> relations_module.Relations:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(relations_module, "relate", counted)
    return calls


def test_an_anki_build_relates_no_deck_again_though_it_plans_the_project_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The shipped bank shows cloze context (shown_project is another object than the project checked): the
    group tags and related counts still reuse the relations the check found, one relate() per deck in all."""
    from quizgen.core.display import shown_project

    project = load_project(ROOT).project
    assert shown_project(project) is not project, "precondition: a shipped item has a cloze context"
    calls = _count_relate(monkeypatch)
    result = build(ROOT, outputs=frozenset({"anki"}))
    assert [r.deck for r in result.reports] == ["thaad"] and len(calls) == 1
    assert result.related[0].groups > 0


def test_a_whole_build_relates_each_deck_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Printed forms and HTML form pages take the relations the check found too: asking about the project
    shown (another object) made relations_of forget the checked project and relate every deck again."""
    calls = _count_relate(monkeypatch)
    result = build(ROOT, outputs=frozenset({"anki", "print", "html"}))
    assert [r.deck for r in result.reports] == ["thaad"] and len(calls) == 1


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    write(tmp_path, {"decks/example.yaml": DECK})
    first = build(tmp_path).outputs
    assert [o.path for o in first] == ["decks/example.apkg", "decks/example.lock.json"]
    assert build(tmp_path).outputs == first


def test_build_refuses_on_errors_and_writes_nothing(tmp_path: Path) -> None:
    bad = FILES["question_bank/example.yaml"].replace("said the deal", "told us the deal")
    write(tmp_path, {"decks/example.yaml": DECK, "question_bank/example.yaml": bad})
    with pytest.raises(QuizgenError) as refused:
        build(tmp_path)
    assert "QG201" in {d.code for d in refused.value.diagnostics}
    result = CliRunner().invoke(app, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "QG201" in result.stdout
    assert not (tmp_path / "decks" / "example.apkg").exists()


def test_cli_writes_the_deck_and_its_lock(tmp_path: Path) -> None:
    write(tmp_path, {"decks/example.yaml": DECK})
    result = CliRunner().invoke(app, ["build", "anki", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "example: 1 notes (1 new, 0 changed, 0 retired)" in result.stdout
    lock = json.loads((tmp_path / "decks" / "example.lock.json").read_text())
    assert lock["deck"] == "Example" and set(lock["notes"]) == {"rojas-role"}
    again = CliRunner().invoke(app, ["build", "--root", str(tmp_path)])
    assert "example: 1 notes (0 new, 0 changed, 0 retired)" in again.stdout


def test_a_damaged_lock_is_reported_by_check_and_blocks_the_build(tmp_path: Path) -> None:
    write(tmp_path, {"decks/example.yaml": DECK, "decks/example.lock.json": '{"format": 1, "notes": ['})
    found = api.check(tmp_path).diagnostics
    assert [(d.code, d.location.path) for d in found] == [("QG803", "decks/example.lock.json")]
    with pytest.raises(QuizgenError):
        build(tmp_path)


def test_no_deck_definitions_is_a_note_not_an_error(tmp_path: Path) -> None:
    write(tmp_path, {})
    result = build(tmp_path)
    assert result.outputs == [] and [d.code for d in result.diagnostics] == ["QG801"]


def test_notes_are_validated_before_writing(tmp_path: Path) -> None:
    write(tmp_path, {})
    q = load_project(tmp_path).project.bank.questions[0]
    assert [d.code for d in _validate(q, ("",) + ("x",) * 7, ("quizgen",))] == ["QG802"]
    assert [d.code for d in _validate(q, ("Q",) * 8, ("two words",))] == ["QG802"]
    cloze = dataclasses.replace(q, type=type(q.type)("cloze"))
    assert [d.code for d in _validate(cloze, ("no deletion",) * 8, ())] == ["QG802"]
    assert _validate(q, ("Q",) * 8, ("quizgen",)) == []


def test_permutations_are_fixed_for_a_key_and_cover_every_index() -> None:
    # Printed forms and Anki choices rely on these exact orders staying the same across Python versions.
    assert permutation("quizgen-mcq:lu-kang-threatened-security", 4) == permutation(
        "quizgen-mcq:lu-kang-threatened-security", 4
    )
    for n in range(1, 9):
        assert sorted(permutation(f"k{n}", n)) == list(range(n))
    assert permutation("example", 6) == [5, 3, 4, 2, 0, 1]  # golden: a change here re-shuffles every deck


def test_short_permutations_take_the_rule_s_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    from quizgen.core import shuffle

    keys = [f"quizgen-mcq:q{i}" for i in range(300)]
    for n in range(7):
        for key in keys:
            assert permutation(key, n) == shuffle._permutation(key, n)
    # A rejected first-block number (too rare to meet): the shortcut must give way to the full rule, which
    # rejects by the true limits; with these, the shortcut rejects about half the numbers, at every step.
    monkeypatch.setattr(shuffle, "_LIMITS", [1 << 63] * 5)
    for n in range(2, 6):
        for key in keys[:50]:
            assert permutation(key, n) == shuffle._permutation(key, n)


def test_template_changes_come_with_a_newer_note_type_time() -> None:
    from quizgen.writers.anki import TEMPLATES_CHANGED, templates_fingerprint

    # If this fails you changed the CSS or a template: set TEMPLATES_CHANGED to now (so Anki updates learners'
    # note types on the next import), then update both values here.
    assert (templates_fingerprint(), TEMPLATES_CHANGED) == ("494a278461b81ed9", 1_795_352_400)


def test_the_build_tags_groups_from_the_relations_the_checks_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The related check's relations are remembered for the project (relations_of): planning the deck's notes
    relates nothing again, and gives the notes a fresh relation would (the shipped deck has same-fact groups)."""
    from quizgen import checks
    from quizgen.build.run import plan
    from quizgen.checks.base import Context
    from quizgen.load.decks import load_decks
    from quizgen.load.project import load_project

    root = Path(__file__).resolve().parent.parent
    project = load_project(root).project
    decks, _ = load_decks(
        root, root / "decks", topics=project.topics, sources=frozenset(project.sources.articles)
    )
    (deck,) = [d for d in decks if d.stem == "thaad"]
    fresh = plan(deck, load_project(root).project, {})[0]  # another project object: related afresh
    calls = _count_relate(monkeypatch)
    context = Context.of(project)
    checks.run(project, context=context)
    related_by_check = len(calls)
    shared = plan(deck, project, {}, evidence_lines=context.evidence_lines)[0]
    assert related_by_check >= 1 and len(calls) == related_by_check  # the build related nothing again
    assert shared == fresh
    assert any(t.startswith("quizgen::group::") for n in shared.notes for t in n.tags)


def test_a_first_build_hashes_its_new_notes_as_the_committed_lock_did() -> None:
    """Without a lock every note is new: its hash is made after the package is handed to the writer's thread
    (anki_outputs), yet it must be the hash the committed (current) lock holds, and the note's time its review's."""
    from quizgen import checks
    from quizgen.build.lock import read_lock
    from quizgen.build.run import NoteHasher, anki_outputs, plan
    from quizgen.checks.base import Context
    from quizgen.core.display import shown_project
    from quizgen.load.decks import load_decks
    from quizgen.writers.anki import guid

    project = load_project(ROOT).project
    context = Context.of(project)
    checks.run(project, context=context)
    decks, _ = load_decks(
        ROOT, ROOT / "decks", topics=project.topics, sources=frozenset(project.sources.articles)
    )
    shown = shown_project(project)
    for deck in [d for d in decks if "anki" in d.outputs]:
        committed, problems = read_lock(ROOT, deck)
        assert committed and not problems
        outputs, report, found = anki_outputs(deck, shown, {}, context.evidence_lines, project)
        assert not found and report.new == report.notes > 0
        fresh = json.loads(outputs[1].data)["notes"]
        assert {qid: e["hash"] for qid, e in fresh.items()} == {qid: committed[qid].hash for qid in fresh}, (
            "a first build's hashes are the committed lock's"
        )
        package, entries, _, _ = plan(deck, shown, {}, evidence_lines=context.evidence_lines, checked=project)
        hasher = NoteHasher(deck)
        by_guid = {guid(qid): qid for qid in entries}
        for note in package.notes:
            qid = by_guid[note.guid]
            assert entries[qid].hash == hasher(note.qtype.value, note.fields, note.tags, note.deck)
            assert entries[qid].mod == note.mod
