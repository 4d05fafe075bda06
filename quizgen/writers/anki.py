"""Anki packages (``.apkg``): the only module that imports genanki, whose API is untyped.

Identity rules this module keeps (see docs/anki.md):

* a note's GUID comes from its question id only, so edits update the note instead of duplicating it;
* deck and note-type ids are fixed in the deck definition; Anki matches decks by name, note types by id;
* each note carries its own modification time (from the lock file), because Anki updates a note only when
  the package's copy is newer than the collection's: unchanged notes re-import as no-ops;
* the package is byte-reproducible: fixed ids and timestamps, and the zip rewritten with fixed entry dates,
  sorted entries and deflate.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import re
import sqlite3
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import genanki  # type: ignore[import-untyped]

from quizgen.core.gcpause import gc_paused
from quizgen.core.model import QuestionType
from quizgen.core.workers import on_thread
from quizgen.writers.cards import FIELDS

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

TEMPLATES_CHANGED = 1_795_352_400
"""When the note types' templates or CSS last changed (seconds since the epoch; 2026-11-22 13:00 UTC).

Anki updates a note type only when the package's copy is newer, so the package time is at least this:
bump it whenever ``CSS`` or the templates change (``tests/test_build.py`` fails until you do)."""

CSS = """\
.card { font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 20px;
  line-height: 1.45; color: #1d1d1f; background: #fff; max-width: 42em; margin: 0 auto; padding: 0.6em 0.9em;
  text-align: left; }
.question { font-size: 1.1em; font-weight: 600; margin-bottom: 0.8em; }
.choices { list-style: none; padding: 0; margin: 0 0 0.6em; }
.choices li { margin: 0.35em 0; padding: 0.45em 0.7em 0.45em 2.3em; text-indent: -1.6em;
  border: 1px solid #d2d2d7; border-radius: 8px; }
.letter { display: inline-block; min-width: 1.6em; text-indent: 0; font-weight: 700; color: #0066cc; }
.answer { font-size: 1.1em; font-weight: 700; color: #0a7d32; margin: 0.4em 0 0.8em; }
.correction, .aliases { font-weight: 400; font-size: 0.85em; color: #3a3a3c; margin-top: 0.3em; }
.explanation { margin: 0.8em 0; }
.source { font-size: 0.8em; color: #515154; border-top: 1px solid #e5e5ea; margin-top: 1em; padding-top: 0.6em; }
.source blockquote { margin: 0.4em 0; padding-left: 0.8em; border-left: 3px solid #c7c7cc; font-style: italic; }
.cloze { font-weight: 700; color: #0066cc; }
.retired { font-size: 0.8em; color: #a05a00; margin-top: 0.8em; }
.nightMode .card, .night_mode .card, .card.nightMode, .card.night_mode { color: #f2f2f7; background: #1c1c1e; }
.nightMode .choices li, .night_mode .choices li { border-color: #48484a; }
.nightMode .letter, .night_mode .letter, .nightMode .cloze, .night_mode .cloze { color: #64b5ff; }
.nightMode .answer, .night_mode .answer { color: #5ad27a; }
.nightMode .source, .night_mode .source, .nightMode .correction, .night_mode .correction,
.nightMode .aliases, .night_mode .aliases { color: #aeaeb2; border-color: #3a3a3c; }
@media (max-width: 480px) { .card { font-size: 18px; padding: 0.4em 0.5em; } }
"""

_BACK = """
<div class="answer">{{Answer}}</div>
{{#Explanation}}<div class="explanation">{{Explanation}}</div>{{/Explanation}}
<div class="source">{{Source passage}}<div>{{Source citation}}</div></div>
{{#Extra}}<div class="retired">{{Extra}}</div>{{/Extra}}"""

_FRONTS = {
    QuestionType.SHORT: '<div class="question">{{Question}}</div>',
    QuestionType.MCQ: '<div class="question">{{Question}}</div>{{Choices}}',
    QuestionType.TRUE_FALSE: '<div class="question">{{Question}}</div><div class="hint">True or false?</div>',
}


def _model(model_id: int, name: str, qtype: QuestionType) -> genanki.Model:
    fields = [{"name": f} for f in FIELDS]
    if qtype is QuestionType.CLOZE:
        back = '<div class="question">{{cloze:Question}}</div>' + _BACK.replace(
            '<div class="answer">{{Answer}}</div>', ""
        )
        templates = [
            {"name": "Cloze", "qfmt": '<div class="question">{{cloze:Question}}</div>', "afmt": back}
        ]
        return genanki.Model(model_id, name, fields=fields, templates=templates, css=CSS,
                             model_type=genanki.Model.CLOZE, sort_field_index=FIELDS.index("Question id"))  # fmt: skip
    front = _FRONTS[qtype]
    templates = [{"name": "Card 1", "qfmt": front, "afmt": "{{FrontSide}}<hr id=answer>" + _BACK}]
    return genanki.Model(model_id, name, fields=fields, templates=templates, css=CSS,
                         sort_field_index=FIELDS.index("Question id"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Note:
    """One note to write."""

    guid: str
    """Its GUID (from the question id only)."""
    qtype: QuestionType
    """Which note type."""
    fields: tuple[str, ...]
    """HTML field values in :data:`quizgen.writers.cards.FIELDS` order."""
    tags: tuple[str, ...]
    """Anki tags (no spaces)."""
    deck: str
    """Full deck name (``Parent::Child`` for a subdeck)."""
    mod: int
    """Modification time, seconds since the epoch: when the content last changed."""
    due: int
    """New-card position (bank order; with subdecks, the subdecks mixed: :func:`mixed_order`)."""
    text: str = ""
    """``fields`` joined by U+001F (the row's ``flds``) when the caller has joined them already (the build does,
    for its checks); empty: the writer joins them."""


def mixed_order(groups: Sequence[str]) -> list[int]:
    """New-card positions (``due``) for notes in bank order whose subdecks are ``groups``: each subdeck spread
    evenly over the whole order, bank order kept within it, so a learner meets mixed topics.

    Anki gathers new cards deck by deck unless a deck's "New card gather order" is "Ascending position"; with
    it, these positions decide, and the first twenty new cards are not five of one topic and fifteen of the
    next. Positions are not part of a note's identity (GUID) or its lock hash: re-imports keep progress.
    """
    n = len(groups)
    sizes: dict[str, int] = {}
    first: dict[str, int] = {}  # ties: the subdeck met first in the bank
    for i, g in enumerate(groups):
        if g in sizes:
            sizes[g] += 1
        else:
            sizes[g], first[g] = 1, i
    seen = dict.fromkeys(sizes, 0)
    # The k-th of a subdeck's n notes sits at (k+1/2)/n; ties go to the subdeck met first, then bank order. The
    # three make one integer (each part below n's bound), which sorts as the tuple would, and much faster.
    keys = []
    for i, g in enumerate(groups):
        k = seen[g]
        seen[g] = k + 1
        keys.append((((2 * k + 1) * 1_000_000 // (2 * sizes[g])) * n + first[g]) * n + i)
    keys.sort()
    positions = [0] * n
    for position, key in enumerate(keys):
        positions[key % n] = position
    return positions


@dataclass(frozen=True, slots=True)
class Package:
    """Everything one ``.apkg`` holds."""

    deck_name: str
    """The top deck's name."""
    deck_id: int
    """The top deck's fixed id; subdecks get ids derived from it."""
    description: str
    """Shown in Anki's deck overview."""
    note_type_ids: dict[QuestionType, int]
    """Fixed note-type ids."""
    notes: Sequence[Note]
    """The notes, in new-card order."""


_BASE91 = "".join(genanki.util.BASE91_TABLE)
_BASE91_PAIRS = [a + b for a in _BASE91 for b in _BASE91]  # two digits at a time: half the divisions


def guid(question_id: str) -> str:
    """The GUID of a question's note: a function of the id alone (namespaced, so other tools cannot clash).

    It is ``genanki.guid_for("quizgen", question_id)``, computed without genanki's per-byte loop (a test holds
    the two equal): the first 8 bytes of the SHA-256 of ``quizgen__<id>`` in Anki's base-91 digits, without
    leading zeros (``a``)."""
    number = int.from_bytes(hashlib.sha256(f"quizgen__{question_id}".encode()).digest()[:8], "big")
    # Five pairs of digits hold any 64-bit number (91**10 > 2**64); leading zero pairs are stripped below.
    number, p0 = divmod(number, 8281)
    number, p1 = divmod(number, 8281)
    p4, p2 = divmod(number, 8281)
    p4, p3 = divmod(p4, 8281)
    pairs = _BASE91_PAIRS
    return f"{pairs[p4]}{pairs[p3]}{pairs[p2]}{pairs[p1]}{pairs[p0]}".lstrip("a")


def _subdeck_id(deck_id: int, name: str) -> int:
    # Anki matches decks by name; inside the package each deck still needs its own id. Derive it from the
    # parent's fixed id and the subdeck name, so it is stable across builds.
    digest = int.from_bytes(hashlib.sha256(f"{deck_id}:{name}".encode()).digest()[:6], "big")
    return (1 << 40) + digest


def write(package: Package) -> bytes:
    """The ``.apkg`` bytes of ``package`` (byte-identical for identical input)."""
    return start_write(package)()


def start_write(package: Package) -> Callable[[], bytes]:
    """Begin writing ``package``; the function returned waits for the ``.apkg`` bytes (:func:`write`'s).

    The notes and cards go into the collection here. Its compaction (VACUUM), serialisation and deflate then
    run on a thread of their own, where SQLite and zlib release the GIL, so the caller can meanwhile do other
    work (the build makes the deck's lock file): at 100,000 notes a third of a second of wall-clock time that
    would otherwise wait. One thread does them in the same order as before: the same bytes."""
    with gc_paused():  # every note and row is acyclic: collections would only re-walk them
        # An in-memory database, serialised: no temporary file to sync and remove, and a header that does not
        # record the SQLite library version (a file's header does), so other machines build the same bytes.
        # The finishing thread takes it over once filled (hence not checked for the creating thread).
        con = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            # VACUUM builds its copy in a temporary database: in memory, not in a temporary file (same bytes).
            con.execute("PRAGMA temp_store = MEMORY")
            # No rollback journal: the database is thrown away on any error, never rolled back, and VACUUM's
            # copy back into it would otherwise journal every old page first (same bytes, less work).
            con.execute("PRAGMA journal_mode = OFF")
            _write_collection(con, package)
        except BaseException:
            con.close()
            raise
    return on_thread(lambda: _finish(con), name="quizgen-apkg")


def _finish(con: sqlite3.Connection) -> bytes:
    """The filled collection ``con`` compacted, serialised and zipped with its (empty) media list; closes it."""
    try:
        con.commit()
        con.execute("VACUUM")  # a compact file, the same bytes for the same notes
        entries = {"collection.anki2": con.serialize(), "media": b"{}"}
    finally:
        con.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            # Level 1: a 100,000-note collection deflates 3.5 times faster than at the default 6, for a file
            # about 16% larger (still a fifth of the collection's size).
            zout.writestr(info, entries[name], compresslevel=1)
    return out.getvalue()


def _stamp(package: Package) -> int:
    """The package time: the newest note time, and never older than the templates."""
    return max(max((n.mod for n in package.notes), default=TEMPLATES_CHANGED), TEMPLATES_CHANGED)


def _genanki_decks(package: Package, *, with_notes: bool) -> tuple[list[genanki.Deck], dict[str, list[Note]]]:
    """genanki's decks of ``package`` in first-use order, each with its note types in first-use order (what
    genanki's own ``Deck.write_to_db`` records), and, per deck name, its notes in package order. With
    ``with_notes`` the decks also hold genanki notes (the reference path)."""
    models = {
        t: _model(package.note_type_ids[t], f"{package.deck_name} \u00b7 {t.value}", t) for t in QuestionType
    }
    decks: dict[str, genanki.Deck] = {
        package.deck_name: genanki.Deck(package.deck_id, package.deck_name, description=package.description)
    }
    notes: dict[str, list[Note]] = {package.deck_name: []}
    for note in package.notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(_subdeck_id(package.deck_id, note.deck), note.deck)
            notes[note.deck] = []
        model = models[note.qtype]
        if model.model_id not in deck.models:
            deck.add_model(model)
        notes[note.deck].append(note)
        if with_notes:
            deck.add_note(
                genanki.Note(model=model, fields=list(note.fields), tags=list(note.tags), guid=note.guid,
                             due=note.due)
            )  # fmt: skip
    return list(decks.values()), notes


def _write_collection(con: sqlite3.Connection, package: Package) -> None:
    """The collection of ``package`` in the empty database ``con``.

    genanki stays the authority for the collection: its schema, its ``col`` row, the note types and the decks
    are written by ``genanki.Package.write_to_db`` (with decks that hold their note types but no notes). The
    notes and cards are then inserted here in bulk, row for row what genanki's per-note ``Note.write_to_db``
    would insert (ids from the same counter in the same order, the same card rules), except that each note
    carries its own modification time. ``tests/test_anki_writer.py`` compares every row with genanki's own
    per-note output (:func:`write_reference_collection`).
    """
    stamp = _stamp(package)
    decks, by_deck = _genanki_decks(package, with_notes=False)
    ids = itertools.count(stamp * 1000)
    genanki.Package(decks).write_to_db(con.cursor(), stamp, ids)
    note_values: list[object] = []  # every note row's parameters, one after another (see _insert)
    card_values: list[object] = []
    card_rules = {model_id: _card_rule(model) for deck in decks for model_id, model in deck.models.items()}
    # By the type's value: a dict keyed by the enum member would call Enum.__hash__ (Python code) per note.
    note_types = {t._value_: (i, card_rules[i]) for t, i in package.note_type_ids.items() if i in card_rules}
    sort_index = FIELDS.index("Question id")
    width = len(FIELDS)
    tag_texts: dict[tuple[str, ...], str] = {}  # few distinct tag sets: check and format each once
    for deck in decks:
        deck_id = deck.deck_id
        for note in by_deck[deck.name]:
            model_id, cards_of = note_types[note.qtype._value_]
            fields = note.fields
            if len(fields) != width:
                raise ValueError(f"note {note.guid} has {len(fields)} fields, its note type {width}")
            tags = tag_texts.get(note.tags)
            if tags is None:
                for tag in note.tags:
                    if " " in tag:  # genanki refuses these too; the build's validation reports them first
                        raise ValueError(f"tag {tag!r} of note {note.guid} has a space")
                tags = tag_texts[note.tags] = f" {' '.join(note.tags)} "
            note_id = next(ids)
            text = note.text or "\x1f".join(fields)
            note_values += (note_id, note.guid, model_id, note.mod, tags, text, fields[sort_index])
            due = note.due
            for ord_ in cards_of(fields):
                card_values += (next(ids), note_id, deck_id, ord_, due)
    # The columns every row shares are literals (fewer parameters to bind): genanki's values, in its column
    # order (notes: id guid mid mod usn tags flds sfld csum flags data; cards: id nid did ord mod usn type queue
    # due ivl factor reps lapses left odue odid flags data).
    _insert(con, "notes", "(?,?,?,?,-1,?,?,?,0,0,'')", 7, note_values)
    _insert(con, "cards", f"(?,?,?,?,{int(stamp)},-1,0,0,?,0,0,0,0,0,0,0,0,'')", 5, card_values)


ROWS_PER_INSERT = 64
"""Rows one INSERT statement adds (a multi-row VALUES list): 100,000 notes and cards go in in ~45% less time than
with one statement per row (``executemany``); 448 parameters, below SQLite's limit (999 before 3.32)."""


def _insert(con: sqlite3.Connection, table: str, row: str, width: int, values: list[object]) -> None:
    """Insert rows into ``table`` in order: ``values`` holds each row's ``width`` parameters one after another,
    ``row`` is one row's VALUES tuple (``?`` for each parameter). The same rows in the same order as
    ``executemany`` would insert them, so the same database."""
    statements: dict[int, str] = {}  # by rows: the full chunks share one, the last may be shorter
    step = ROWS_PER_INSERT * width
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        rows = len(chunk) // width
        sql = statements.get(rows)
        if sql is None:
            sql = statements[rows] = f"INSERT INTO {table} VALUES" + ",".join([row] * rows)
        con.execute(sql, chunk)


_CLOZE_REF = re.compile(r"{{[^}]*?cloze:(?:[^}]?:)*(.+?)}}")
_CLOZE_NUMBER = re.compile(r"{{c(\d+)::.+?}}", re.DOTALL)


def _card_rule(model: genanki.Model) -> Callable[[Sequence[str]], list[int]]:
    """The card ordinals a note of ``model`` gets, by genanki 0.13.1's rules (``Note.cards``)."""
    if model.model_type == genanki.Model.CLOZE:
        # One card per cloze number in the fields the first template's cloze references name.
        names = [f["name"] for f in model.fields]
        indexes = [names.index(n) for n in set(_CLOZE_REF.findall(model.templates[0]["qfmt"])) if n in names]

        def cloze(fields: Sequence[str]) -> list[int]:
            ords: set[int] = set()
            for i in indexes:
                ords.update(int(m) - 1 for m in _CLOZE_NUMBER.findall(fields[i]) if int(m) > 0)
            return list(ords)  # set order, as genanki iterates it

        return cloze
    req = [
        (card_ord, any if how == "any" else all, list(fields_needed))
        for card_ord, how, fields_needed in model._req
    ]
    if len(req) == 1 and len(req[0][2]) == 1:  # one card needing one field (any and all agree)
        card_ord, needed = req[0][0], req[0][2][0]
        one: list[int] = [card_ord]
        none: list[int] = []

        def single(fields: Sequence[str]) -> list[int]:
            return one if fields[needed] else none

        return single

    def front_back(fields: Sequence[str]) -> list[int]:
        return [card_ord for card_ord, op, needed in req if op(fields[i] for i in needed)]

    return front_back


def write_reference_collection(con: sqlite3.Connection, package: Package) -> None:
    """The collection of ``package`` written by genanki note by note (``Note.write_to_db``), then each note
    given its own time: the reference :func:`_write_collection` must match row for row. Slow; for tests."""
    stamp = _stamp(package)
    decks, _notes = _genanki_decks(package, with_notes=True)
    genanki.Package(decks).write_to_db(con.cursor(), stamp, itertools.count(stamp * 1000))
    # genanki's schema has no index on guid: without this one each update scans every note (quadratic).
    con.execute("CREATE INDEX quizgen_guid ON notes (guid)")
    con.executemany("UPDATE notes SET mod = ? WHERE guid = ?", [(n.mod, n.guid) for n in package.notes])
    con.execute("DROP INDEX quizgen_guid")
    con.commit()


def templates_fingerprint() -> str:
    """A hash of the CSS and templates, which tests pin so that a change comes with a new TEMPLATES_CHANGED."""
    parts = [CSS, _BACK, *(_FRONTS[t] for t in sorted(_FRONTS, key=lambda t: t.value))]
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:16]
