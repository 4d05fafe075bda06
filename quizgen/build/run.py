"""``quizgen build``: the approved bank compiled into each deck's outputs (``.apkg`` and its lock file,
printed quizzes: :mod:`quizgen.build.printing`, and one-file HTML quizzes: :func:`html_outputs`).

The build refuses to write anything while ``quizgen check`` reports an error. Writers return bytes; the caller
(the CLI) writes the files atomically.

**The lock file** ``decks/<deck>.lock.json`` (committed beside the deck) records, per question id, the hash of
the note as built and its modification time. A note keeps its time while its content is unchanged, so
re-importing a rebuilt deck leaves it alone; when the content changes, the time moves to noon UTC of the
item's review date, or one second past the previous time if that is later, so Anki sees the note as newer and
updates it in place, keeping the learner's scheduling and review history.

**Questions that leave a deck** (retired, or no longer selected) stay in learners' collections: Anki never
deletes. quizgen keeps writing them, tagged ``quizgen::retired`` and with a note on the card saying so, so
learners can find (``tag:quizgen::retired``) and suspend them. The lock keeps every id it has ever seen.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen import checks
from quizgen.build import unchanged
from quizgen.build.lock import LOCK_FORMAT, LockEntry, read_lock
from quizgen.checks import related
from quizgen.checks.base import Context
from quizgen.checks.decks import NOTE_INVALID, SUBDECK_MOVED, TYPE_CHANGED, mixed_articles
from quizgen.checks.relations import group_name, relations_of
from quizgen.core.diagnostics import Diagnostic, Location, Severity, sort_diagnostics
from quizgen.core.display import shown_project
from quizgen.core.errors import QuizgenError
from quizgen.core.fileio import finish_pending
from quizgen.core.gcpause import gc_paused
from quizgen.core.maker import maker
from quizgen.core.model import Project, Question, QuestionType
from quizgen.core.rules import diag
from quizgen.load.decks import EXPORTS as EXPORT_NAMES
from quizgen.load.decks import DeckDefinition, load_decks
from quizgen.load.project import DECKS_DIR, load_project
from quizgen.load.rules import DECK_DEFINITION
from quizgen.writers import anki
from quizgen.writers.cards import FIELDS, render

if TYPE_CHECKING:
    from quizgen.build.printing import PrintReport
    from quizgen.writers.lms import ExportItem

RETIRED_TAG = "quizgen::retired"
GROUP_TAG = "quizgen::group::"
"""Prefix of the tag shared by the cards of one same-fact group (followed by the group's first id)."""
_json_string = json.encoder.encode_basestring  # json.dumps' own string encoder for ensure_ascii=False
_TAG = re.compile(r"\S+")  # an Anki tag: one word, no whitespace of any kind
_QUESTION = FIELDS.index("Question")
_FALLBACK_EPOCH = 946_728_000  # 2000-01-01 12:00 UTC, for items without a review date (drafts)


@dataclass(frozen=True, slots=True)
class Output:
    """One file a build produces."""

    path: str
    """Where it goes, relative to the project root."""
    data: bytes
    """Its content."""


@dataclass(frozen=True, slots=True)
class DeckReport:
    """What changed in one deck."""

    deck: str
    """The definition's file stem."""
    notes: int
    """Notes written, retired ones included."""
    new: int
    """Questions new to the deck."""
    changed: int
    """Notes whose content changed since the last build (Anki will update them)."""
    retired: int
    """Notes kept only as retired."""
    joined: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(id, cited article ids) of each question that joined a deck built before (its lock did not know it);
    empty on a first build, where every question is new."""


@dataclass(frozen=True, slots=True)
class ExportReport:
    """What went into one LMS export of a deck."""

    deck: str
    """The definition's file stem."""
    export: str
    """The export's name (``moodle``, ``gift``, ...)."""
    path: str
    """The file written, relative to the project root."""
    items: int
    """Questions exported."""
    left_out: tuple[tuple[str, str], ...]
    """(item id, why) of each selected item the format cannot hold."""


@dataclass(frozen=True, slots=True)
class RelatedReport:
    """How many related items a deck holds (the notes QG901/QG902, which a build counts instead of printing)."""

    deck: str
    """The definition's file stem."""
    items: int
    """Items the deck selects."""
    groups: int
    """Same-fact groups among them."""
    leaks: int
    """Leaks among them."""
    eliminations: int = 0
    """Eliminations among them."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The outcome of a build."""

    outputs: list[Output]
    """Files to write."""
    reports: list[DeckReport]
    """Per deck, what changed."""
    diagnostics: list[Diagnostic]
    """Warnings and notes (a build with errors raises instead)."""
    printed: list[PrintReport] = field(default_factory=list)
    """Per deck with printed quizzes, what was printed."""
    exported: list[ExportReport] = field(default_factory=list)
    """Per deck and LMS export, what went in and what was left out."""
    related: list[RelatedReport] = field(default_factory=list)
    """Per deck built, its related items, counted."""
    relation_notes: list[Diagnostic] = field(default_factory=list)
    """The notes QG901/QG902/QG905 themselves, kept out of :attr:`diagnostics` (`quizgen check --notes` and
    `quizgen relations` show them): a build reports them as :attr:`related` counts."""
    skipped: list[str] = field(default_factory=list)
    """Decks not built because nothing they are made from changed since their last build (by file stem)."""


def lock_bytes(deck: DeckDefinition, entries: dict[str, LockEntry]) -> bytes:
    """The lock file's content: sorted, one note per line, so reviews diff cleanly. Each line is what
    ``json.dumps(_lock_fields(e), sort_keys=True, ensure_ascii=False)`` writes, assembled from json's own string
    encoder (a test holds the two equal): the lock is rewritten by every build, a line per question."""
    lines = [f'  "{qid}": {_lock_line(e)}' for qid, e in sorted(entries.items())]
    body = ",\n".join(lines)
    head = (
        f'{{\n"deck": {json.dumps(deck.name, ensure_ascii=False)},\n"format": {LOCK_FORMAT},\n"notes": {{\n'
    )
    return (head + body + "\n}\n}\n").encode("utf-8")


def _lock_line(e: LockEntry) -> str:
    # The keys in sorted order (deck, hash, mod, retired, type), as sort_keys writes them.
    deck = "" if e.deck is None else f'"deck": {_json_string(e.deck)}, '
    qtype = "" if e.type is None else f', "type": {_json_string(e.type)}'
    retired = "true" if e.retired else "false"
    return f'{{{deck}"hash": {_json_string(e.hash)}, "mod": {int(e.mod)}, "retired": {retired}{qtype}}}'


def _lock_fields(e: LockEntry) -> dict[str, object]:
    fields: dict[str, object] = {"hash": e.hash, "mod": e.mod, "retired": e.retired}
    if e.type is not None:
        fields["type"] = e.type
    if e.deck is not None:
        fields["deck"] = e.deck
    return fields


@functools.lru_cache(maxsize=4096)
def _noon(day: dt.date | None) -> int:
    if day is None:
        return _FALLBACK_EPOCH
    return int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp())


def _subdeck(deck: DeckDefinition, q: Question, project: Project) -> str:
    if deck.subdecks == "topic":
        return f"{deck.name}::{q.topic}"
    if deck.subdecks == "type":
        return f"{deck.name}::{q.type.value}"
    if deck.subdecks == "source":
        article = project.sources.articles.get(q.evidence[0].source)
        return f"{deck.name}::{article.outlet if article else q.evidence[0].source}"
    return deck.name


class NoteHasher:
    """The lock's content hash of the notes of one deck: the first 16 hex digits of the SHA-256 of
    ``json.dumps([note_type_ids, qtype, deck_name, fields, tags], sort_keys=True, ensure_ascii=False)``.

    The same bytes are assembled from the deck's note-type ids encoded once and each string encoded by json's
    own encoder (``json.dumps`` walks the whole list and re-sorts the ids for every note);
    ``tests/test_anki_writer.py`` holds the two equal, so lock files keep their hashes."""

    __slots__ = ("_head", "_prefixes")

    def __init__(self, deck: DeckDefinition) -> None:
        ids = {t.value: i for t, i in deck.note_type_ids.items()}
        self._head = "[" + json.dumps(ids, sort_keys=True, ensure_ascii=False) + ", "
        self._prefixes: dict[str, dict[str, str]] = {}  # by subdeck, then type: a deck has few of each

    def __call__(self, qtype: str, fields: tuple[str, ...], tags: tuple[str, ...], name: str) -> str:
        return self.digest(qtype, fields, self.tail(tags), name)

    @staticmethod
    def tail(tags: tuple[str, ...]) -> str:
        """What follows the fields: the tags, encoded (once per tag set, by the caller)."""
        return "], [" + ", ".join(map(_json_string, tags)) + "]]"

    def digest(self, qtype: str, fields: tuple[str, ...], tail: str, name: str) -> str:
        """The hash of a note whose tags :meth:`tail` encoded as ``tail``."""
        by_type = self._prefixes.get(name)
        if by_type is None:
            by_type = self._prefixes[name] = {}
        prefix = by_type.get(qtype)
        if prefix is None:
            prefix = by_type[qtype] = f"{self._head}{_json_string(qtype)}, {_json_string(name)}, ["
        blob = f"{prefix}{', '.join(map(_json_string, fields))}{tail}"
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def plan(
    deck: DeckDefinition,
    project: Project,
    lock: dict[str, LockEntry],
    *,
    evidence_lines: Mapping[tuple[str, str], int | None] | None = None,
    checked: Project | None = None,
    chosen: list[Question] | None = None,
) -> tuple[anki.Package, dict[str, LockEntry], DeckReport, list[Diagnostic]]:
    """The notes of a deck and its new lock entries (pure: no I/O). ``evidence_lines`` are the quotes' lines
    the checks found (:attr:`quizgen.checks.base.Context.evidence_lines`); quotes missing there are located here.
    A deck's relations come from :func:`~quizgen.checks.relations.relations_of` for ``checked``, the project
    as the checks saw it (default ``project``; the build plans the project shown, cloze context first), which
    remembers what the related check found: the build does not relate the items again. ``chosen``: the deck's
    items in ``project`` (``deck.select``), when the caller has them."""
    with gc_paused():  # a note per question, all acyclic: collections would only re-walk them
        if chosen is None:
            chosen = deck.select(project.bank.questions)
        package, report, problems, finish = _plan(
            deck, project, lock, evidence_lines, checked or project, chosen
        )
        return package, finish(), report, problems


# Two objects per note, every field given: built without the frozen dataclasses' slower __init__ (core.maker).
_make_note = maker(anki.Note)
_make_entry = maker(LockEntry)

_RETIRED_EXTRA = "Retired: this question has left the deck. You can suspend this card."


def _plan(
    deck: DeckDefinition,
    project: Project,
    lock: dict[str, LockEntry],
    evidence_lines: Mapping[tuple[str, str], int | None] | None,
    checked: Project,
    chosen: list[Question],
) -> tuple[anki.Package, DeckReport, list[Diagnostic], Callable[[], dict[str, LockEntry]]]:
    """:func:`plan`'s package, report and problems, and a function that makes its lock entries.

    The entries come last because a new note's lock hash decides nothing here (a note the lock knows is hashed
    at once: its time depends on whether it changed): the build hashes the new notes while the package is
    compacted and deflated on another thread (:func:`anki_outputs`)."""
    articles = project.sources.articles
    chosen_ids = [q.id for q in chosen]
    leaving: list[Question] = []
    if lock:  # ids the lock knows that the deck no longer selects
        kept = set(chosen_ids)
        gone = {qid for qid in lock if qid not in kept}
        if gone:
            by_id = {q.id: q for q in project.bank.questions if q.id in gone}
            leaving = [by_id[qid] for qid in sorted(gone) if qid in by_id]
    notes: list[anki.Note] = []
    # Per note, what its lock entry is made of; its hash is "" while not yet computed (a new note).
    pending: list[tuple[str, str, tuple[str, ...], str, str, int, bool, str]] = []
    new = changed = 0
    joined: list[tuple[str, tuple[str, ...]]] = []
    problems: list[Diagnostic] = []
    note_hash = NoteHasher(deck)
    # Per tag set (an item's tags and the tag the build adds): the note's tags, sorted, their lock-hash text and
    # the invalid ones. Made once per set and reused by every note with the same set.
    tag_sets: dict[tuple[tuple[str, ...], str], tuple[tuple[str, ...], str, tuple[str, ...]]] = {}
    # Cards of one same-fact group share a tag, so a learner can find (and bury, or study apart) the siblings
    # Anki cannot see across notes. Tags are not part of a note's GUID: adding one keeps learners' progress.
    group_tags = {}
    for g in relations_of(checked, chosen_ids).groups:
        tag = f"{GROUP_TAG}{group_name(g)}"
        for qid in g:
            group_tags[qid] = tag
    citations: dict[tuple[str, str], tuple[str, str]] = {}  # shared by questions quoting one passage
    cited: dict[str, str] = {}  # each article's citation, shared by its passages
    # With subdecks, new cards are ordered so that a learner meets the subdecks mixed (writers.anki.mixed_order).
    names = [_subdeck(deck, q, project) for q in chosen]
    positions = anki.mixed_order(names) if deck.subdecks != "none" else range(len(chosen))
    rows = [(q, False, name, position) for q, name, position in zip(chosen, names, positions, strict=True)]
    rows += [(q, True, _subdeck(deck, q, project), len(chosen) + k) for k, q in enumerate(leaving)]
    guid, make_note, digest = anki.guid, _make_note, note_hash.digest
    get_group, get_tags, get_before = group_tags.get, tag_sets.get, lock.get
    for q, retired, name, position in rows:
        qid = q.id
        qtype = q.type._value_  # .value is a Python-level property, read twice per note
        extra = _RETIRED_EXTRA if retired else ""
        fields = render(q, articles, extra=extra, citations=citations, lines=evidence_lines, cited=cited)
        added = RETIRED_TAG if retired else get_group(qid, "")
        tag_set = get_tags((q.tags, added))
        if tag_set is None:
            tags = tuple(sorted({*q.tags, "quizgen", added} if added else {*q.tags, "quizgen"}))
            tag_set = tag_sets[q.tags, added] = (tags, note_hash.tail(tags), _bad_tags(tags))
        tags, tail, bad_tags = tag_set
        before = get_before(qid)
        if before is None:  # a new note: its time is its review's, whatever its hash
            note_digest = ""
            mod = _noon(q.review.on) if not retired else 0
            new += 1
            if lock and not retired:
                joined.append((qid, tuple(dict.fromkeys(e.source for e in q.evidence))))
        else:
            note_digest = digest(qtype, fields, tail, name)
            if before.hash == note_digest:
                mod = before.mod
            else:
                mod = max(_noon(q.review.on) if not retired else 0, before.mod + 1)
                changed += 1
        text = "\x1f".join(fields)  # once, for the validation and the note's row
        if bad_tags or not _fine(q, fields, text):
            problems += _validate(q, fields, tags)
        if before is not None:
            problems += _followable(deck, q, before, name, retired)
        pending.append((qid, qtype, fields, tail, name, mod, retired, note_digest))
        notes.append(make_note(guid(qid), q.type, fields, tags, name, mod, position, text))
    package = anki.Package(deck.name, deck.deck_id, deck.description, dict(deck.note_type_ids), notes)
    report = DeckReport(deck.stem, len(notes), new, changed, len(leaving), tuple(joined))

    def lock_entries() -> dict[str, LockEntry]:
        entries = dict(lock)  # ids never leave the lock
        make_entry = _make_entry
        for qid, qtype, fields, tail, name, mod, retired, note_digest in pending:
            if not note_digest:
                note_digest = digest(qtype, fields, tail, name)
            entries[qid] = make_entry(note_digest, mod, retired, qtype, name)
        return entries

    return package, report, problems, lock_entries


_SUBDECK_FIELD = {"topic": "topic", "type": "type", "source": "evidence"}


def _followable(
    deck: DeckDefinition, q: Question, before: LockEntry, name: str, retired: bool
) -> list[Diagnostic]:
    """Edits a learner's Anki cannot follow on re-import, found against the lock (TYPE_CHANGED, SUBDECK_MOVED)."""
    out = []
    if before.type is not None and before.type != q.type.value:
        out.append(diag(TYPE_CHANGED, q.at("type"),
                        f"{q.id!r} was built into {deck.stem!r} as {before.type} and is now {q.type.value}: "
                              "Anki cannot change an imported note's type, so every later import of the deck "
                              f"would conflict; put the type back, and add the {q.type.value} question under a "
                              "new id (retire this one if it should leave the deck)"))  # fmt: skip
    if not retired and before.deck is not None and before.deck != name:
        where = q.at(_SUBDECK_FIELD.get(deck.subdecks, "id"))
        out.append(diag(SUBDECK_MOVED, where,
                        f"{q.id!r} moves from {before.deck!r} to {name!r}: Anki leaves an imported card in "
                        f"its deck, so learners who imported it must move it (Browse, search "
                        f"deck:\"{before.deck}\" {q.id}, Change Deck); new learners get it in {name!r}"))  # fmt: skip
    return out


def _fine(q: Question, fields: tuple[str, ...], joined: str) -> bool:
    """Whether the note's fields pass every test of :func:`_validate` (the common case, tested at once);
    ``joined``: the fields joined by U+001F."""
    front = fields[_QUESTION]
    return (
        bool(front)
        and not front.isspace()  # what `not front.strip()` in _validate tests, without the copy
        and (q.type is not QuestionType.CLOZE or "{{c" in front)
        and joined.count("\x1f") == len(fields) - 1  # no field holds one
    )


def _validate(q: Question, fields: tuple[str, ...], tags: tuple[str, ...]) -> list[Diagnostic]:
    """Checks on the note itself before anything is written (defence in depth behind ``quizgen check``)."""
    if _fine(q, fields, "\x1f".join(fields)) and not _bad_tags(tags):
        return []
    front = fields[_QUESTION]
    out = []
    if not front.strip():
        out.append(diag(NOTE_INVALID, q.at("prompt"), "the card's front would be empty"))
    if q.type is QuestionType.CLOZE and "{{c" not in front:
        out.append(diag(NOTE_INVALID, q.at("prompt"), "a cloze note without a deletion has no card"))
    if any("\x1f" in f for f in fields):  # Anki's field separator: the .apkg would not import at all
        out.append(diag(NOTE_INVALID, q.at("prompt"), "a field holds U+001F"))
    for tag in _bad_tags(tags):
        out.append(diag(NOTE_INVALID, q.at("tags"), f"tag {tag!r} has whitespace"))
    return out


def _bad_tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    if " ".join(tags).split() == list(tags):  # the common case at once: no tag empty or holding whitespace
        return ()
    return tuple(tag for tag in tags if _TAG.fullmatch(tag) is None)


def anki_outputs(
    deck: DeckDefinition,
    project: Project,
    lock: dict[str, LockEntry],
    lines: Mapping[tuple[str, str], int | None],
    checked: Project | None = None,
) -> tuple[list[Output], DeckReport, list[Diagnostic]]:
    """What a build makes of one deck's Anki output once its lock is read: the ``.apkg`` and the new lock file,
    the report, and the problems found on the way (the deck checks against the lock, the notes' validation).
    Its notes die on return, while the caller still pauses the GC: alive when it resumes, they would all be
    walked by its first collection."""
    chosen = deck.select(project.bank.questions)  # once, for the deck check and the plan
    problems = mixed_articles(deck, project, lock, chosen)
    with gc_paused():  # as plan() does
        package, report, found, lock_entries = _plan(deck, project, lock, lines, checked or project, chosen)
    problems += found
    # The package is compacted and deflated on a thread of its own (anki.start_write) while this one hashes the
    # new notes for the lock, checks the GUIDs, frees the notes and makes the lock file.
    apkg = anki.start_write(package)
    entries = lock_entries()
    del lock_entries  # and with it each note's pending entry, freed while the thread works
    seen: set[str] = set()
    for note in package.notes:
        if note.guid in seen:
            problems.append(diag(NOTE_INVALID, deck.location, f"duplicate GUID {note.guid}"))
        seen.add(note.guid)
    del package, seen
    lock_file = lock_bytes(deck, entries)
    outputs = [
        Output(f"{DECKS_DIR}/{deck.stem}.apkg", apkg()),
        Output(f"{DECKS_DIR}/{deck.stem}.lock.json", lock_file),
    ]
    return outputs, report, problems


def html_outputs(
    deck: DeckDefinition,
    project: Project,
    lines: Mapping[tuple[str, str], int | None],
    checked: Project | None = None,
) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    """A deck's HTML quiz ``decks/NAME.html`` and, when the deck prints, one page per printed form
    ``decks/NAME.form-X.html`` (the form's numbers and option letters), or a warning saying why there is none."""
    from quizgen.assemble.forms import plan as print_plan
    from quizgen.build.printing import deck_relations
    from quizgen.writers import html

    chosen = deck.select(project.bank.questions)
    if not chosen:
        return [], [
            diag(DECK_DEFINITION, deck.location,
                 f"deck {deck.stem!r} has no HTML quiz: its selection matches no item of the bank",
                 severity=Severity.WARNING)
        ]  # fmt: skip
    articles = project.sources.articles
    base = f"{DECKS_DIR}/{deck.stem}"
    page = html.deck_page(deck.name, deck.description, deck.stem, chosen, articles, lines)
    files = [(f"{base}.html", html.write(page))]
    if "print" in deck.outputs:
        for form_page in html.form_pages(
            print_plan(deck, project, deck_relations(deck, project, checked)), articles, lines
        ):
            files.append((f"{base}.form-{form_page.form}.html", html.write(form_page)))
    return files, []


def _html_leftovers(root: Path, deck: DeckDefinition, written: list[str]) -> list[Diagnostic]:
    """Warnings for form pages of this deck that the build no longer makes: a learner could still be sent one."""
    return [
        diag(DECK_DEFINITION, Location(f"{DECKS_DIR}/{path.name}", 1, 1),
             f"left over from an earlier build of deck {deck.stem!r}, which no longer makes this page; delete it",
             severity=Severity.WARNING)
        for path in sorted((root / DECKS_DIR).glob(f"{deck.stem}.form-*.html"))
        if f"{DECKS_DIR}/{path.name}" not in written
    ]  # fmt: skip


def build(
    root: Path | str = ".", *, outputs: frozenset[str] | None = None, skip_unchanged: bool = False
) -> BuildResult:
    """Check the project, then build every deck's requested outputs (``outputs`` narrows them, e.g. {"anki"}).

    With ``skip_unchanged``, a deck whose inputs and outputs are as its last build left them is not built
    again (:mod:`quizgen.build.unchanged`); it is listed in :attr:`BuildResult.skipped` instead."""
    root = Path(root)
    finish_pending(root)  # a build killed while renaming its outputs into place: complete it first
    with gc_paused():
        loaded = load_project(root)
        context = Context.of(loaded.project)
        found = loaded.diagnostics + checks.run(loaded.project, context=context)
    project = shown_project(loaded.project)  # outputs show a cloze's context before its text
    lines = context.evidence_lines  # where the checks found each quote: the cards cite those lines
    decks, deck_problems = load_decks(
        root, root / DECKS_DIR, topics=project.topics, sources=frozenset(project.sources.articles)
    )
    found += deck_problems
    results: list[Output] = []
    if any(d.severity is Severity.ERROR for d in found):
        # The writers assume a clean project (every cited article loaded, every field valid): refuse now,
        # with what check reports, instead of planning notes from a broken catalogue.
        decks = []
    every_deck = decks
    keys: dict[str, str] = {}
    if skip_unchanged and decks:
        shared = unchanged.project_key(root, project, outputs)
        keys = {deck.stem: unchanged.deck_key(root, shared, deck) for deck in decks} if shared else {}
        decks = [
            d for d in decks if d.stem not in keys or not unchanged.unchanged(root, d.stem, keys[d.stem])
        ]
    skipped = [deck.stem for deck in every_deck if deck not in decks]
    reports: list[DeckReport] = []
    # The GC stays paused across plan and write: re-enabled in between, it would walk every note once.
    with gc_paused():
        for deck in decks:
            if "anki" not in deck.outputs or (outputs is not None and "anki" not in outputs):
                continue
            lock, lock_problems = read_lock(root, deck)
            found += lock_problems
            if lock_problems:
                continue
            # Group tags from the relations the checks found on the items as written (loaded.project): for
            # the project shown (another object) relations_of would relate every item again.
            deck_outputs, report, problems = anki_outputs(deck, project, lock, lines, loaded.project)
            found += problems
            results += deck_outputs
            reports.append(report)
    printed: list[PrintReport] = []
    # Printed quizzes, once the bank is clean (typesetting a quiz that will not ship is waste).
    for deck in decks:
        if "print" in deck.outputs and (outputs is None or "print" in outputs):
            if any(d.severity is Severity.ERROR for d in found):
                break
            from quizgen.build import printing  # here, so that `quizgen check` does not import it

            files, print_report, print_problems = printing.outputs(deck, project, loaded.project)
            found += print_problems
            if files:
                found += printing.leftovers(root, deck, [path for path, _ in files])
            results += [Output(path, data) for path, data in files]
            printed.append(print_report)
    exported: list[ExportReport] = []
    if not any(d.severity is Severity.ERROR for d in found):
        for deck in decks:
            export_outputs, export_reports = export_files(deck, project, lines, outputs)
            results += export_outputs
            exported += export_reports
            found += _empty_outputs(deck, project, reports, export_reports)
    # One-file HTML quizzes (docs/html.md), once the bank is clean, like the printed ones.
    for deck in decks:
        if "html" in deck.outputs and (outputs is None or "html" in outputs):
            if any(d.severity is Severity.ERROR for d in found):
                break
            files, html_problems = html_outputs(deck, project, lines, loaded.project)
            found += html_problems
            if files:
                found += _html_leftovers(root, deck, [path for path, _ in files])
            results += [Output(path, data) for path, data in files]
    found = sort_diagnostics(found)
    errors = [d for d in found if d.severity is Severity.ERROR]
    if errors:
        raise QuizgenError(f"build refused: {len(errors)} error(s); nothing was written", found)
    if not every_deck and not deck_problems:
        found.append(diag(DECK_DEFINITION, Location(DECKS_DIR, 1, 1),
                          "no deck definitions in decks/: nothing to build", severity=Severity.NOTE))  # fmt: skip
    for target in sorted(outputs or ()) if every_deck else ():
        if not any(
            target in d.outputs or target in d.exports for d in every_deck
        ):  # built nothing, said nothing
            field = "exports" if target in EXPORT_NAMES else "outputs"
            found.append(diag(DECK_DEFINITION, Location(DECKS_DIR, 1, 1), f"no deck asks for {target}: nothing "
                              f"was built; list it in a deck's `{field}`", severity=Severity.WARNING))  # fmt: skip
    for deck in decks if keys else ():
        prefix = f"{DECKS_DIR}/{deck.stem}."
        unchanged.record(
            root, deck.stem, keys[deck.stem], [(o.path, o.data) for o in results if o.path.startswith(prefix)]
        )
    related_reports = [
        RelatedReport(deck.stem, len(ids), len(r.groups), len(r.leaks), len(r.eliminations))
        for deck in decks
        if deck.stem not in skipped
        for ids in [[q.id for q in deck.select(loaded.project.bank.questions)]]
        for r in [relations_of(loaded.project, ids)]  # as the checks found them (see the Anki loop)
    ]
    notes = [d for d in found if d.code in _RELATION_NOTES]
    shown = [d for d in found if d.code not in _RELATION_NOTES]
    return BuildResult(
        results,
        reports,
        shown,
        printed,
        exported,
        related=related_reports,
        relation_notes=notes,
        skipped=skipped,
    )


def _empty_outputs(
    deck: DeckDefinition, project: Project, reports: list[DeckReport], exports: list[ExportReport]
) -> list[Diagnostic]:
    """A warning for each of the deck's Anki deck and LMS files that holds no question, as the HTML quiz and
    the printed forms have (an empty Moodle or Blackboard file is refused on upload, and said nothing)."""
    empty = not deck.select(project.bank.questions)
    why = "its selection matches no item of the bank"
    found: list[str] = []
    if empty and any(r.deck == deck.stem for r in reports):
        found.append(f"the Anki deck takes no item: {why}")
    for e in exports:
        if e.items == 0:
            reason = why if empty else "the format leaves out every item (listed below)"
            found.append(f"the {e.export} export holds no question: {reason}")
    return [
        diag(DECK_DEFINITION, deck.location, f"deck {deck.stem!r}: {text}", severity=Severity.WARNING)
        for text in found
    ]


_RELATION_NOTES = frozenset({related.SAME_FACT.code, related.LEAK.code, related.ELIMINATION.code})


def export_items(
    deck: DeckDefinition, project: Project, lines: Mapping[tuple[str, str], int | None] | None = None
) -> list[ExportItem]:
    """The deck's items (the Anki deck's selection, in its order) with their LMS category and feedback."""
    from quizgen.writers import lms  # here: `quizgen check` imports this module, not the exports

    return lms.export_items(deck.name, deck.select(project.bank.questions), project.sources.articles, lines)


def export_files(
    deck: DeckDefinition,
    project: Project,
    lines: Mapping[tuple[str, str], int | None] | None,
    outputs: frozenset[str] | None,
) -> tuple[list[Output], list[ExportReport]]:
    """The deck's LMS export files (those it lists, narrowed by ``outputs``), each with its report."""
    wanted = [name for name in deck.exports if outputs is None or name in outputs]
    if not wanted:
        return [], []
    with gc_paused():  # the items and texts are acyclic: collections would only re-walk them
        # In a function of its own: the items die before the collector resumes, or its next (young-generation)
        # collection would walk every one of them (~2% of the exports' time).
        return _export_files(deck, project, lines, wanted)


def _export_files(
    deck: DeckDefinition,
    project: Project,
    lines: Mapping[tuple[str, str], int | None] | None,
    wanted: list[str],
) -> tuple[list[Output], list[ExportReport]]:
    from quizgen.writers.exports import EXPORTS  # here: `quizgen check` imports this module, not the exports
    from quizgen.writers.lms import ExportDeck

    reports: dict[str, ExportReport] = {}
    started: dict[str, Callable[[], bytes]] = {}
    items = export_items(deck, project, lines)
    every = ExportDeck(deck.name, deck.stem, tuple(items))  # shared by the formats that keep every item
    # The zips first: each is deflated on a thread of its own (lms.start_zip) while the text formats render.
    for name in sorted(wanted, key=lambda n: EXPORTS[n].start_write is None):
        export = EXPORTS[name]
        left: list[tuple[str, str]] = []
        if not export.holds_every:
            kept: list[ExportItem] = []
            for item in items:
                why = export.leaves_out(item)
                if why is None:
                    kept.append(item)
                else:
                    left.append((item.question.id, why))
        path = f"{DECKS_DIR}/{deck.stem}{export.suffix}"
        chosen = every if not left else ExportDeck(deck.name, deck.stem, tuple(kept))
        started[name] = export.start(chosen)
        reports[name] = ExportReport(deck.stem, name, path, len(chosen.items), tuple(left))
    # In the deck's order, each zip waited for (an error in its thread raised here).
    return [Output(reports[n].path, started[n]()) for n in wanted], [reports[n] for n in wanted]
