"""The Anki writer's bulk path writes, row for row, what genanki's per-note ``Note.write_to_db`` writes."""

from __future__ import annotations

import hashlib
import html
import json
import random
import sqlite3
import threading
from pathlib import Path

import genanki  # type: ignore[import-untyped]
import pytest

from quizgen import checks
from quizgen.build.run import NoteHasher, plan, read_lock
from quizgen.checks.base import Context
from quizgen.core.display import evidence_line
from quizgen.core.grounding import find_quote, in_furniture
from quizgen.core.model import QuestionType, ReviewStatus
from quizgen.load.decks import load_decks
from quizgen.load.project import DECKS_DIR, load_project
from quizgen.writers import anki
from quizgen.writers.cards import FIELDS, escape

ROOT = Path(__file__).resolve().parent.parent
TYPE_IDS = {t: 1_700_000_000_010 + i for i, t in enumerate(QuestionType)}


def _note(
    n: int, qtype: QuestionType, question: str, deck: str, *, tags: tuple[str, ...] = ("quizgen",)
) -> anki.Note:
    fields = [f"{name} {n}" for name in FIELDS]
    fields[FIELDS.index("Question")] = question
    fields[FIELDS.index("Choices")] = "" if n % 2 else fields[FIELDS.index("Choices")]  # empty fields too
    return anki.Note(anki.guid(f"q{n}"), qtype, tuple(fields), tags, deck, 1_795_000_000 + n % 3, n)


def _edge_cases() -> anki.Package:
    """Subdecks used in interleaved order, every note type, cloze numbers out of order, repeated and missing,
    and notes that make no card (an empty front, a cloze without a deletion)."""
    top = "Top"
    notes = [
        _note(0, QuestionType.MCQ, "Which?", f"{top}::b"),
        _note(1, QuestionType.CLOZE, "{{c3::x}} and {{c1::y}} and {{c3::z}} {{c12::w::hint}}", f"{top}::a"),
        _note(2, QuestionType.SHORT, "What?", f"{top}::b", tags=("a::b", "quizgen", "quizgen::retired")),
        _note(3, QuestionType.TRUE_FALSE, "True?", top),
        _note(4, QuestionType.CLOZE, "no deletion at all", f"{top}::b"),
        _note(5, QuestionType.SHORT, "", f"{top}::a"),
        _note(6, QuestionType.CLOZE, "{{c2::multi\nline}} {{c0::zero}}", top),
        _note(7, QuestionType.MCQ, "&lt;b&gt; escaped", f"{top}::c", tags=()),
    ]
    return anki.Package(top, 1_700_000_000_001, "A description.", TYPE_IDS, notes)


def _shipped() -> anki.Package:
    loaded = load_project(ROOT)
    decks, problems = load_decks(
        ROOT,
        ROOT / DECKS_DIR,
        topics=loaded.project.topics,
        sources=frozenset(loaded.project.sources.articles),
    )
    assert decks and not problems
    lock, _ = read_lock(ROOT, decks[0])
    return plan(decks[0], loaded.project, lock)[0]


def _rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        rows = {t: con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        rows["sqlite_master"] = con.execute("SELECT * FROM sqlite_master ORDER BY name").fetchall()
    finally:
        con.close()
    return rows


@pytest.mark.parametrize("rows_per_insert", [1, 3, anki.ROWS_PER_INSERT])
@pytest.mark.parametrize("make", [_edge_cases, _shipped], ids=["edge-cases", "shipped-deck"])
def test_bulk_rows_are_genankis_per_note_rows(
    tmp_path: Path, make: object, rows_per_insert: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One row per statement, full chunks with a shorter last one, and the build's own chunk size.
    monkeypatch.setattr(anki, "ROWS_PER_INSERT", rows_per_insert)
    package = make()  # type: ignore[operator]
    # The build hands the writer each note's fields joined (the edge cases leave the writer to join them).
    assert all(n.text == ("\x1f".join(n.fields) if make is _shipped else "") for n in package.notes)
    paths = {}
    for name, write in (("bulk", anki._write_collection), ("genanki", anki.write_reference_collection)):
        paths[name] = tmp_path / f"{name}.anki2"
        con = sqlite3.connect(paths[name])
        try:
            write(con, package)
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
    bulk, reference = _rows(paths["bulk"]), _rows(paths["genanki"])
    assert bulk == reference  # every row of col, notes, cards, revlog, graves and the schema
    assert len(bulk["notes"]) == len(package.notes)
    assert sorted(r[3] for r in bulk["notes"]) == sorted(n.mod for n in package.notes)  # each note's own time
    # Byte for byte too, but for the schema cookie (header bytes 40-43): the reference path creates and drops a
    # temporary index to set the note times, which counts as two schema changes.
    a, b = paths["bulk"].read_bytes(), paths["genanki"].read_bytes()
    assert len(a) == len(b)
    assert a[:40] + a[44:] == b[:40] + b[44:]


def test_the_finishing_thread_gives_the_same_bytes_and_hands_back_its_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = _shipped()
    before = threading.active_count()
    wait = anki.start_write(package)
    data = wait()
    assert threading.active_count() == before  # joined: a build that forks workers later sees one thread
    # The same bytes as the collection finished on the calling thread.
    con = sqlite3.connect(":memory:")
    con.execute("PRAGMA temp_store = MEMORY")
    con.execute("PRAGMA journal_mode = OFF")
    anki._write_collection(con, package)
    assert data == anki._finish(con) == anki.write(package)

    def broken(con: sqlite3.Connection) -> bytes:
        con.close()
        raise MemoryError("no room to deflate")

    monkeypatch.setattr(anki, "_finish", broken)
    wait = anki.start_write(package)
    with pytest.raises(MemoryError, match="no room to deflate"):
        wait()
    assert threading.active_count() == before


def test_the_edge_cases_make_the_cards_genanki_makes(tmp_path: Path) -> None:
    # Guards the fixture above: it really exercises cloze numbering and notes without cards.
    path = tmp_path / "c.anki2"
    con = sqlite3.connect(path)
    try:
        anki._write_collection(con, _edge_cases())
        con.commit()
        per_note = dict(
            con.execute(
                "SELECT n.guid, group_concat(c.ord) FROM notes n LEFT JOIN cards c ON c.nid = n.id GROUP BY n.id"
            ).fetchall()
        )
    finally:
        con.close()
    assert per_note[anki.guid("q1")] == "0,2,11"
    assert per_note[anki.guid("q4")] is None  # a cloze without a deletion: no card (the build refuses it)
    assert per_note[anki.guid("q5")] is None  # an empty front: no card (the build refuses it)
    assert per_note[anki.guid("q6")] == "1"


# The writer's faster helpers against the slower definitions they replace: the same GUIDs, lock hashes and
# escaped text, so committed decks and lock files keep their bytes.

_TRICKY = [
    "",
    "plain",
    "a::b:::c::::",
    "{{c1::x}} <script>alert('x')</script> & \"q\"",
    "caf\u00e9 \u201cquoted\u201d \u2028 \x00 \x1f tab\there\nnew line \\ back",
    "\ud7ff\ue000 emoji \U0001f600",
    "&amp; already &#123; escaped",
]


def _random_strings(n: int) -> list[str]:
    rng = random.Random(4)
    alphabet = "ab :{}<>&\"'\\\n\t\x00\u00e9\u201c\u2028\U0001f600-_.0"
    return [_TRICKY[i % len(_TRICKY)] + "".join(rng.choices(alphabet, k=rng.randrange(12))) for i in range(n)]


def test_guid_is_genankis_guid_for() -> None:
    for qid in ["", "a", "lu-kang-threatened-security", *_random_strings(300)]:
        assert anki.guid(qid) == genanki.guid_for("quizgen", qid)


def test_escape_is_html_escape_plus_anki_syntax() -> None:
    def reference(text: str) -> str:
        out = html.escape(text, quote=True)
        return out.replace("{", "&#123;").replace("}", "&#125;").replace("::", ":&#58;")

    # Each character the clean-text shortcut looks for, alone and amid clean text, and clean text itself.
    alone = [c for special in "&<>\"'{}" for c in (special, f"a {special} b")]
    for text in _TRICKY + _random_strings(500) + alone + ["a:b", "a::b", ":", "x: y :"]:
        assert escape(text) == reference(text)


def test_the_lock_hash_is_the_json_dumps_hash() -> None:
    project = load_project(ROOT).project  # the shipped blueprint names articles: the loader checks them
    deck = load_decks(
        ROOT, ROOT / DECKS_DIR, topics=project.topics, sources=frozenset(project.sources.articles)
    )[0][0]
    hasher = NoteHasher(deck)
    strings = _TRICKY + _random_strings(200)
    for i in range(0, len(strings) - 10, 3):
        fields, tags = tuple(strings[i : i + 8]), tuple(strings[i + 8 : i + 8 + i % 4])
        ids = {t.value: n for t, n in deck.note_type_ids.items()}
        blob = json.dumps([ids, strings[i], strings[i + 1], fields, tags], sort_keys=True, ensure_ascii=False)
        want = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]
        assert hasher(strings[i], fields, tags, strings[i + 1]) == want


def test_the_lock_lines_are_json_dumps_lines() -> None:
    from quizgen.build.run import LockEntry, _lock_fields, _lock_line

    strings = _TRICKY + _random_strings(100)
    for i, text in enumerate(strings):
        entry = LockEntry(
            f"{i:016x}", i * 977_777, i % 2 == 0, text if i % 3 else None, None if i % 5 == 1 else text
        )
        assert _lock_line(entry) == json.dumps(_lock_fields(entry), sort_keys=True, ensure_ascii=False)


def test_nested_quotes_fast_path_is_the_full_rule() -> None:
    from quizgen.core import display

    # Texts with and without double marks: the shortcut for those without changes nothing the rule would.
    for text in _TRICKY + _random_strings(300) + ["no marks at all"]:
        full = display._OPEN_AFTER.sub("\u2018", text)
        full = full.replace('"', "\u2019").replace("\u201c", "\u2018").replace("\u201d", "\u2019")
        assert display.nested(text) == full


def test_evidence_line_is_the_first_match_outside_furniture() -> None:
    project = load_project(ROOT).project
    seen = 0
    for q in project.bank.questions:
        for e in q.evidence:
            article = project.sources.articles[e.source]
            first = next(
                (m.first_line for m in find_quote(article, e.quote) if not in_furniture(article, m)), None
            )
            assert evidence_line(article, e.quote) == first
            seen += first is not None
    assert seen > 50


def test_the_checks_find_the_lines_the_cards_cite() -> None:
    # quizgen build cites the lines the evidence check found instead of locating every quote again.
    project = load_project(ROOT).project
    context = Context.of(project)
    checks.run(project, context=context)
    lines = context.evidence_lines
    checked = [q for q in project.bank.questions if q.review.status is not ReviewStatus.RETIRED]
    pairs = {(e.source, e.quote) for q in checked for e in q.evidence}
    assert set(lines) == pairs  # the checks see every quote but those of retired items
    for source, quote in pairs:
        assert lines[source, quote] == evidence_line(project.sources.articles[source], quote)
