"""Deck definitions (``decks/*.yaml``): what goes into a deck, and the Anki identities it keeps forever.

A definition file ``decks/NAME.yaml`` builds ``decks/NAME.apkg`` (and keeps ``decks/NAME.lock.json``)::

    name: THAAD 2017                # the Anki deck name: its identity in Anki (renaming makes a new deck)
    deck_id: 1763769600001          # fixed numeric ids, written once and never changed
    note_type_ids: {short: 1763769600011, mcq: 1763769600012, true-false: 1763769600013, cloze: 1763769600014}
    description: Optional text shown in Anki's deck overview.
    select:                         # all optional; an item must pass every filter given
      status: [approved]            # default: approved only
      tags: [cnn]                   # items carrying all of these tags
      topics: [who-said, met]       # items of any of these topics
      sources: [000_61357396dd02fba6]  # items citing any of these articles
    subdecks: topic                 # none (default), topic, type or source: cards go to NAME::<value>
    outputs: [anki, print, html]    # what `quizgen build` makes of this deck (default: anki, and print when
                                    # a print mapping is given); html: a one-file quiz page (docs/html.md)
    exports: [moodle, gift, qti12, qti21, blackboard]  # LMS files (docs/exports.md), e.g. decks/NAME.moodle.xml;
                                    # default: none
    objectives:                     # learning objectives; items name one with `objective: ID` (docs/bank-format.md)
      - {id: who-reported-what, text: Tell which outlet reported which statement}
    print:                          # printed quizzes (docs/print.md); every field optional
      title: THAAD quiz             # default: the deck name
      instructions: Answer every question.
      count: 20                     # print this many of the selected items, chosen by the seed (default: all)
      sections: topic               # none (default), topic or type
      section_titles: {met: Meetings}  # headings for sections (default: the topic's description, the type)
      forms: 2                      # forms A, B, ... (1-26, default 1), each with its own order
      seed: week-47                 # drives every shuffle; change it for a new set of forms (default: the stem)
      paper: A4                     # A4 (default) or Letter
      form_mode: parallel           # shuffled (default: every form the same items, reordered) or parallel
                                    # (each form drawn separately from the blueprint; needs one)
      blueprint:                    # what each form holds (docs/print.md); replaces count
                                    # keys: topics, types, sources, levels, difficulty
        questions: 30               # questions per form
        sources: {000_61357396dd02fba6: 10}  # per article (an item's first cited one): a number or "N%"
        types: {mcq: 12, true-false: 6}       # per question type
        topics: {who-said: 25%}               # per topic
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizgen.core.diagnostics import Diagnostic, Location
from quizgen.core.model import Difficulty, Level, Objective, Question, QuestionType, ReviewStatus
from quizgen.core.rules import diag
from quizgen.core.suggest import did_you_mean
from quizgen.load import nodes
from quizgen.load.paths import relative
from quizgen.load.rules import DECK_DEFINITION
from quizgen.load.values import value_problems
from quizgen.load.yamlfile import NULL_TAG, NodeReader, ReadError, compose, location, read_text

OUTPUTS = ("anki", "print", "html")
"""Outputs a deck can ask for."""
EXPORTS = ("moodle", "gift", "qti12", "qti21", "blackboard")
"""LMS exports a deck can ask for (their writers: :data:`quizgen.writers.exports.EXPORTS`, in this order)."""
SUBDECKS = ("none", "topic", "type", "source")
_FIELDS = (
    "name", "deck_id", "note_type_ids", "description", "select", "subdecks", "outputs", "print", "exports",
    "objectives",
)  # fmt: skip
_PRINT = (
    "title",
    "instructions",
    "count",
    "sections",
    "section_titles",
    "forms",
    "seed",
    "paper",
    "form_mode",
    "blueprint",
)
FORM_MODES = ("shuffled", "parallel")
BLUEPRINT_DIMENSIONS = ("topics", "types", "sources", "levels", "difficulty")
"""Blueprint quota keys, each naming an item attribute (:func:`quizgen.assemble.blueprint.attribute`)."""
_NOT_YET = ("objectives",)
"""Quota keys blueprints do not take yet (the bank's ``objective`` field is counted by ``quizgen coverage``):
refused with a message saying so, not as unknown."""
_SINGULAR = {
    "topics": "topic",
    "types": "type",
    "sources": "source",
    "levels": "level",
    "difficulty": "difficulty",
}
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
PRINT_SECTIONS = ("none", "topic", "type")
PAPERS = {"a4": "a4", "letter": "us-letter"}
"""Paper sizes a deck may ask for (lower-cased) and typst's name of each."""
MAX_FORMS = 26
DEFAULT_INSTRUCTIONS = (
    "Answer every question. For a lettered question, fill in the circle of the one best answer; for the others, "
    "write your answer on the line or in the blank."
)
_SELECT = ("status", "tags", "topics", "sources")
_STEM = re.compile(r"[a-z0-9][a-z0-9_-]*")
_OBJECTIVE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # the bank's id pattern
_MIN_ID = 1 << 30  # Anki ids are large positive numbers; small ones are likely typos
_MAX_ID = (1 << 63) - 1


@dataclass(frozen=True, slots=True)
class Selection:
    """Which bank items a deck takes."""

    statuses: frozenset[ReviewStatus]
    """Review statuses taken (default: approved)."""
    tags: frozenset[str]
    """Tags an item must all carry."""
    topics: frozenset[str]
    """Topics of which an item must have one (empty: any)."""
    sources: frozenset[str]
    """Articles of which an item must cite one (empty: any)."""

    def takes(self, q: Question) -> bool:
        """Whether ``q`` belongs in the deck."""
        return (
            q.status in self.statuses
            and (not self.tags or self.tags <= set(q.tags))  # most decks name no tag: no set per item
            and (not self.topics or q.topic in self.topics)
            and (not self.sources or any(s in self.sources for s in q.cites))
        )


@dataclass(frozen=True, slots=True)
class Quota:
    """How many questions of a form take one value of an attribute (``types: {mcq: 12}``)."""

    dimension: str
    """The blueprint key: ``topics``, ``types`` or ``sources``."""
    value: str
    """The topic, type or article id."""
    count: int | None
    """An exact number of questions, or ``None`` when written as a share."""
    percent: float | None
    """A share of the form's questions in percent (turned into a number by largest remainder)."""
    location: Location
    """Where the quota is written, for a blueprint that cannot be met."""

    @property
    def written(self) -> str:
        """The quota as the deck writes it, e.g. ``types.mcq: 12`` or ``topics.met: 20%``."""
        amount = str(self.count) if self.count is not None else f"{self.percent:g}%"
        return f"{self.dimension}.{self.value}: {amount}"


@dataclass(frozen=True, slots=True)
class Blueprint:
    """What every form of a printed quiz holds (the ``print.blueprint`` mapping)."""

    questions: int
    """Questions per form."""
    quotas: tuple[Quota, ...]
    """Quotas in the order written."""
    location: Location
    """Where ``blueprint.questions`` is written."""


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """How a deck prints as a quiz (the ``print`` mapping of a deck definition)."""

    title: str
    """The quiz title on every form and key."""
    instructions: str
    """Printed under the header of every form."""
    count: int | None
    """How many of the selected items to print (``None``: all)."""
    sections: str
    """``none``, ``topic`` or ``type``: how questions are grouped under headings."""
    section_titles: Mapping[str, str]
    """Headings for sections by topic or type value, replacing the default ones."""
    forms: int
    """How many forms (A, B, ...) to print."""
    seed: str
    """The text every permutation of the quiz is keyed by."""
    paper: str
    """typst's paper name: ``a4`` or ``us-letter``."""
    form_mode: str = "shuffled"
    """``shuffled`` (every form the same items, reordered) or ``parallel`` (each form drawn separately)."""
    blueprint: Blueprint | None = None
    """What each form holds, or ``None``: the selection (or ``count`` of it) as it is."""


def default_print_settings(name: str, stem: str) -> PrintSettings:
    """The settings of a deck that gives no ``print`` mapping."""
    return PrintSettings(name, DEFAULT_INSTRUCTIONS, None, "none", {}, 1, stem, "a4")


NO_PRINT_SETTINGS = default_print_settings("", "")
"""The print settings of a definition made in code without any (the loader always fills them in)."""


@dataclass(frozen=True, slots=True)
class DeckDefinition:
    """One ``decks/*.yaml`` file."""

    stem: str
    """The file name without ``.yaml``: outputs are ``decks/<stem>.apkg`` and ``decks/<stem>.lock.json``."""
    path: str
    """The definition file, relative to the project root."""
    name: str
    """The Anki deck name (its identity in Anki); ``::`` makes it a subdeck of another."""
    deck_id: int
    """The deck's fixed id."""
    note_type_ids: Mapping[QuestionType, int]
    """A fixed note-type id for each question type."""
    description: str
    """Shown in Anki's deck overview."""
    selection: Selection
    """Which items go in."""
    subdecks: str
    """``none``, ``topic``, ``type`` or ``source``."""
    outputs: tuple[str, ...]
    """What ``quizgen build`` makes of it."""
    location: Location
    """Where the definition starts."""
    print_settings: PrintSettings = NO_PRINT_SETTINGS
    """How the deck prints as a quiz (used when ``print`` is among its outputs)."""
    exports: tuple[str, ...] = ()
    """The LMS exports ``quizgen build`` writes (names of :data:`EXPORTS`, each once, in the order given)."""
    objectives: tuple[Objective, ...] = ()
    """The learning objectives the deck lists (items name them with ``objective:``)."""

    def select(self, questions: tuple[Question, ...]) -> list[Question]:
        """The items of the deck, in bank order (which is the new-card order)."""
        takes = self.selection.takes
        if not self.selection.sources or type(questions) is not tuple:  # a list may change between calls
            return [q for q in questions if takes(q)]
        # A deck of some articles looks only at the items citing them: a bank of many such decks is not read
        # whole for each deck.
        index = _by_source(questions)
        rows = sorted({i for s in self.selection.sources for i in index.get(s, ())})
        # Each of these cites one of the sources: the rest of ``takes`` is what is left to ask.
        statuses, tags, topics = self.selection.statuses, self.selection.tags, self.selection.topics
        return [
            q
            for q in map(questions.__getitem__, rows)
            if q.status in statuses
            and (not tags or tags <= set(q.tags))
            and (not topics or q.topic in topics)
        ]


_BY_SOURCE: list[tuple[tuple[Question, ...], dict[str, list[int]]]] = []
"""The last bank indexed by :func:`_by_source` (a check or build selects every deck from the same bank)."""


def _by_source(questions: tuple[Question, ...]) -> dict[str, list[int]]:
    """The positions of the items citing each article, in bank order."""
    if _BY_SOURCE and _BY_SOURCE[0][0] is questions:
        return _BY_SOURCE[0][1]
    index: dict[str, list[int]] = {}
    for i, q in enumerate(questions):
        cites = q.cites
        if len(cites) == 1:  # most items: no set of their sources to make
            index.setdefault(cites[0], []).append(i)
            continue
        for source in set(cites):
            index.setdefault(source, []).append(i)
    _BY_SOURCE[:] = [(questions, index)]
    return index


def load_decks(
    root: Path, folder: Path, *, topics: Mapping[str, str], sources: frozenset[str]
) -> tuple[list[DeckDefinition], list[Diagnostic]]:
    """Load every ``*.yaml`` of ``folder`` (none is fine: a project may build no deck yet)."""
    diagnostics: list[Diagnostic] = []
    decks: list[DeckDefinition] = []
    if not folder.is_dir():
        if folder.exists():  # a file where the folder goes: say so, not "no deck definitions"
            rel = relative(root, folder)
            what = f"{rel} is a file, not a folder: move it away, and put deck definitions in {rel}/*.yaml"
            diagnostics.append(diag(DECK_DEFINITION, Location(rel, 1, 1), what))
        return decks, diagnostics
    names: dict[str, tuple[str, Location]] = {}
    ids: dict[int, Location] = {}
    objectives: dict[str, Objective] = {}
    for path in sorted(folder.glob("*.yaml")):
        rel = relative(root, path)
        try:
            top = compose(read_text(path, rel), rel)
        except ReadError as exc:
            diagnostics.append(exc.diagnostic)
            continue
        diagnostics.extend(value_problems(top, rel))
        reader = NodeReader(rel)
        deck = _read(reader, top, path.stem, topics, sources) if top is not None else None
        if top is None:
            reader.diagnostics.append(diag(DECK_DEFINITION, Location(rel, 1, 1), "empty deck definition"))
        if deck is not None:
            clash = _name_clash(names, deck) or _clash(ids, deck.deck_id, "deck_id", deck)
            if clash is not None:
                reader.diagnostics.append(clash)
                deck = None
        if deck is not None:
            used = [i for i in deck.note_type_ids.values() if i in ids]
            if used:
                reader.diagnostics.append(diag(DECK_DEFINITION, deck.location, f"id {used[0]} is used twice"))
                deck = None
        if deck is not None:
            for i in deck.note_type_ids.values():
                ids.setdefault(i, deck.location)
            for o in deck.objectives:  # one id, one objective across the project's decks
                first = objectives.setdefault(o.id, o)
                if first.text != o.text:
                    reader.diagnostics.append(
                        diag(
                            DECK_DEFINITION,
                            o.location,
                            f"objective {o.id!r} is also listed at {first.location} with other text; give "
                            "each objective one text, or a new id",
                        )
                    )
            decks.append(deck)
        diagnostics += reader.diagnostics
    nested = _nested_in_subdecks(decks, topics)
    diagnostics += nested.values()
    return [d for d in decks if d.stem not in nested], diagnostics


def _name_clash(names: dict[str, tuple[str, Location]], deck: DeckDefinition) -> Diagnostic | None:
    """Anki matches an imported deck by its name, ignoring case: two decks named alike would share one."""
    first = names.setdefault(deck.name.casefold(), (deck.name, deck.location))
    if first[1] is deck.location:
        return None
    case = "" if first[0] == deck.name else " (Anki does not tell names apart by case)"
    return diag(DECK_DEFINITION, deck.location,
                f"deck name {deck.name!r} is also used by {first[1]}{case}; give each deck its own")  # fmt: skip


def _nested_in_subdecks(decks: list[DeckDefinition], topics: Mapping[str, str]) -> dict[str, Diagnostic]:
    """Decks named as a subdeck another deck makes (``Example::role`` beside ``Example`` with ``subdecks:
    topic``), by stem: in Anki their cards would go into the other deck's subdeck."""
    values = {"topic": {t.casefold() for t in topics}, "type": {t.value for t in QuestionType}}
    out: dict[str, Diagnostic] = {}
    for parent in decks:
        made = values.get(parent.subdecks)
        if made is None:  # none, or source (named by outlet, which the catalogue holds)
            continue
        prefix = parent.name.casefold() + "::"
        for deck in decks:
            name = deck.name.casefold()
            if name.startswith(prefix) and name[len(prefix) :] in made:
                why = f"is a subdeck {parent.location} makes (subdecks: {parent.subdecks})"
                out[deck.stem] = diag(
                    DECK_DEFINITION, deck.location, f"deck name {deck.name!r} {why}; give each deck its own"
                )
    return out


def _clash(
    seen: dict[str, Location] | dict[int, Location], key: str | int, what: str, deck: DeckDefinition
) -> Diagnostic | None:
    first = seen.get(key)  # type: ignore[arg-type]
    if first is not None:
        return diag(
            DECK_DEFINITION,
            deck.location,
            f"deck {what} {key!r} is also used by {first}; give each deck its own",
        )
    seen[key] = deck.location  # type: ignore[index]
    return None


def _id(reader: NodeReader, node: yaml.Node, name: str) -> int | None:
    value = nodes.integer(reader, node, name, minimum=_MIN_ID)
    if value is not None and value > _MAX_ID:
        reader.error(node, DECK_DEFINITION, f"{name} must fit in 63 bits")
        return None
    return value


def _known_keys(
    reader: NodeReader, m: yaml.MappingNode, known: tuple[str, ...], what: str
) -> dict[str, yaml.Node]:
    """The mapping's values by key; an unknown key is a QG801 error naming the keys that are known."""
    values: dict[str, yaml.Node] = {}
    for entry in reader.entries(m):
        if entry.key in known:
            values[entry.key] = entry.value
        else:
            reader.error(
                entry.key_node,
                DECK_DEFINITION,
                f"unknown {what} field {entry.key!r}{did_you_mean(entry.key, known)}; expected {', '.join(known)}",
            )
    return values


def _read(
    reader: NodeReader, top: yaml.Node, stem: str, topics: Mapping[str, str], sources: frozenset[str]
) -> DeckDefinition | None:
    m = nodes.mapping(reader, top, "a deck definition")
    if m is None:
        return None
    before = len(reader.diagnostics)
    if not _STEM.fullmatch(stem):
        reader.error(
            top, DECK_DEFINITION, f"deck file name {stem!r}: use lower-case letters, digits, '-' and '_'"
        )
    values = _known_keys(reader, m, _FIELDS, "deck")
    for required in ("name", "deck_id", "note_type_ids"):
        if required not in values:
            reader.error(
                m,
                DECK_DEFINITION,
                f"a deck definition needs {required!r} (ids are written once, never changed)",
            )
    name = nodes.text(reader, values["name"], "name") if "name" in values else None
    if name is not None and (name != name.strip() or any(not part.strip() for part in name.split("::"))):
        reader.error(values["name"], DECK_DEFINITION, "name has an empty part or outer spaces")
    elif name is not None and any(c < " " or "\x7f" <= c <= "\x9f" for c in name):
        # A deck name is a one-line title in Anki's deck list, the LMS category and the printed heading.
        reader.error(values["name"], DECK_DEFINITION, "name has a line break, tab or control character; write it "
                     "on one line")  # fmt: skip
    deck_id = _id(reader, values["deck_id"], "deck_id") if "deck_id" in values else None
    note_type_ids: dict[QuestionType, int] = {}
    if "note_type_ids" in values:
        ids_map = nodes.mapping(reader, values["note_type_ids"], "note_type_ids")
        for entry in reader.entries(ids_map) if ids_map is not None else ():
            try:
                qtype = QuestionType(entry.key)
            except ValueError:
                reader.error(
                    entry.key_node, DECK_DEFINITION, f"unknown question type {entry.key!r} in note_type_ids"
                )
                continue
            value = _id(reader, entry.value, f"note_type_ids.{entry.key}")
            if value is not None:
                note_type_ids[qtype] = value
        missing = [t.value for t in QuestionType if t not in note_type_ids]
        if ids_map is not None and missing and len(reader.diagnostics) == before:
            reader.error(
                values["note_type_ids"],
                DECK_DEFINITION,
                "note_type_ids needs an id for " + ", ".join(missing),
            )
        if len(set(note_type_ids.values())) < len(note_type_ids) or deck_id in note_type_ids.values():
            reader.error(
                values["note_type_ids"], DECK_DEFINITION, "every note type and the deck need different ids"
            )
    description = nodes.text(reader, values["description"], "description") if "description" in values else ""
    selection = _selection(reader, values.get("select"), topics, sources)
    subdecks = "none"
    if "subdecks" in values:
        subdecks = nodes.text(reader, values["subdecks"], "subdecks") or "none"
        if subdecks not in SUBDECKS:
            reader.error(
                values["subdecks"], DECK_DEFINITION, f"subdecks must be one of {', '.join(SUBDECKS)}"
            )
    outputs: tuple[str, ...] = ("anki", "print") if "print" in values else ("anki",)
    if "outputs" in values:
        listed_outputs = nodes.text_list(reader, values["outputs"], "outputs") or []
        listed = [v for v, _ in listed_outputs]
        for output, output_node in listed_outputs:
            if output not in OUTPUTS:
                reader.error(
                    output_node,
                    DECK_DEFINITION,
                    f"unknown output {output!r}{did_you_mean(output, OUTPUTS)}; expected {', '.join(OUTPUTS)}",
                )
        outputs = tuple(dict.fromkeys(listed))
    exports: tuple[str, ...] = ()
    if "exports" in values:
        listed_exports = nodes.text_list(reader, values["exports"], "exports") or []
        for export, node in listed_exports:
            if export not in EXPORTS:
                reader.error(
                    node,
                    DECK_DEFINITION,
                    f"unknown export {export!r}{did_you_mean(export, EXPORTS)}; expected one of {', '.join(EXPORTS)}",
                )
        exports = tuple(dict.fromkeys(e for e, _ in listed_exports if e in EXPORTS))
    settings = _print_settings(reader, values.get("print"), name or "", stem, topics, sources)
    objectives = _objectives(reader, values["objectives"]) if "objectives" in values else ()
    if len(reader.diagnostics) > before or name is None or deck_id is None or selection is None:
        return None
    return DeckDefinition(
        stem, reader.rel, name, deck_id, note_type_ids, description or "", selection, subdecks, outputs,
        location(reader.rel, top), settings, exports, objectives,
    )  # fmt: skip


def _objectives(reader: NodeReader, node: yaml.Node) -> tuple[Objective, ...]:
    """``objectives: [{id: slug, text: ...}]``: ids are slugs, unique in the deck; every objective has text."""
    out: dict[str, Objective] = {}
    for item in nodes.sequence(reader, node, "objectives") or ():
        m = nodes.mapping(reader, item, "an objective ({id: slug, text: ...})")
        if m is None:
            continue
        values = _known_keys(reader, m, ("id", "text"), "objective")
        oid = nodes.text(reader, values["id"], "objectives.id") if "id" in values else None
        text = nodes.text(reader, values["text"], "objectives.text") if "text" in values else None
        if "id" not in values or "text" not in values:
            reader.error(m, DECK_DEFINITION, "an objective needs an id (a slug) and a text")
        if oid is None or text is None:
            continue
        if not _OBJECTIVE_ID.fullmatch(oid):
            reader.error(
                values["id"], DECK_DEFINITION, f"objective id {oid!r}: use lower-case words joined by '-'"
            )
        elif oid in out:
            reader.error(values["id"], DECK_DEFINITION,
                         f"objective {oid!r} is listed twice (first at {out[oid].location})")  # fmt: skip
        else:
            out[oid] = Objective(oid, " ".join(text.split()), location(reader.rel, item))
    return tuple(out.values())


def objectives_of(decks: list[DeckDefinition]) -> dict[str, Objective]:
    """Every objective the decks list, by id, in deck then list order (the first wins a clash)."""
    out: dict[str, Objective] = {}
    for deck in decks:
        for o in deck.objectives:
            out.setdefault(o.id, o)
    return out


def _print_settings(
    reader: NodeReader,
    node: yaml.Node | None,
    name: str,
    stem: str,
    topics: Mapping[str, str],
    sources: frozenset[str],
) -> PrintSettings:
    """The ``print`` mapping read and validated (problems go to ``reader``; defaults fill the gaps)."""
    settings = default_print_settings(name, stem)
    if node is None or (
        isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG
    ):  # `print:` alone: defaults
        return settings
    m = nodes.mapping(reader, node, "print")
    if m is None:
        return settings
    values = _known_keys(reader, m, _PRINT, "print")
    title = nodes.text(reader, values["title"], "print.title") if "title" in values else None
    instructions = (
        nodes.text(reader, values["instructions"], "print.instructions") if "instructions" in values else None
    )
    count = nodes.integer(reader, values["count"], "print.count") if "count" in values else None
    sections = settings.sections
    if "sections" in values:
        sections = nodes.text(reader, values["sections"], "print.sections") or sections
        if sections not in PRINT_SECTIONS:
            reader.error(
                values["sections"],
                DECK_DEFINITION,
                f"print.sections must be one of {', '.join(PRINT_SECTIONS)}",
            )
    titles: dict[str, str] = {}
    if "section_titles" in values:
        titles_map = nodes.mapping(reader, values["section_titles"], "print.section_titles")
        known = set(topics) | {t.value for t in QuestionType}
        for entry in reader.entries(titles_map) if titles_map is not None else ():
            if entry.key not in known:
                reader.error(entry.key_node, DECK_DEFINITION,
                             f"print.section_titles: {entry.key!r} is neither a topic nor a question type")  # fmt: skip
            heading = nodes.text(reader, entry.value, f"print.section_titles.{entry.key}")
            if heading is not None:
                titles[entry.key] = heading
    forms = settings.forms
    if "forms" in values:
        forms = nodes.integer(reader, values["forms"], "print.forms") or forms
        if forms > MAX_FORMS:
            reader.error(values["forms"], DECK_DEFINITION, f"print.forms: at most {MAX_FORMS} forms (A to Z)")
    seed = nodes.text(reader, values["seed"], "print.seed") if "seed" in values else None
    paper = settings.paper
    if "paper" in values:
        written = nodes.text(reader, values["paper"], "print.paper") or ""
        if written.lower() not in PAPERS:
            reader.error(values["paper"], DECK_DEFINITION, f"print.paper: {written!r}; expected A4 or Letter")
        paper = PAPERS.get(written.lower(), paper)
    form_mode = settings.form_mode
    if "form_mode" in values:
        form_mode = nodes.text(reader, values["form_mode"], "print.form_mode") or form_mode
        if form_mode not in FORM_MODES:
            reader.error(
                values["form_mode"],
                DECK_DEFINITION,
                f"print.form_mode must be one of {', '.join(FORM_MODES)}",
            )
    blueprint = _blueprint(reader, values["blueprint"], topics, sources) if "blueprint" in values else None
    if blueprint is not None and "count" in values:
        reader.error(values["count"], DECK_DEFINITION, "print.count and print.blueprint: give the number of questions "
                     "once, as blueprint.questions")  # fmt: skip
    if form_mode == "parallel" and "blueprint" not in values:
        reader.error(values["form_mode"], DECK_DEFINITION, "print.form_mode parallel draws each form from a blueprint; "
                     "add print.blueprint")  # fmt: skip
    return PrintSettings(
        title or name, " ".join((instructions or settings.instructions).split()), count, sections, titles,
        min(forms, MAX_FORMS), seed or stem, paper, form_mode, blueprint,
    )  # fmt: skip


def _blueprint(
    reader: NodeReader, node: yaml.Node, topics: Mapping[str, str], sources: frozenset[str]
) -> Blueprint | None:
    """The ``print.blueprint`` mapping read and validated (``None`` after an error)."""
    m = nodes.mapping(reader, node, "print.blueprint")
    if m is None:
        return None
    before = len(reader.diagnostics)
    known = ("questions", *BLUEPRINT_DIMENSIONS)
    values: dict[str, yaml.Node] = {}
    for entry in reader.entries(m):
        if entry.key in known:
            values[entry.key] = entry.value
        elif entry.key in _NOT_YET:
            reader.error(entry.key_node, DECK_DEFINITION, f"print.blueprint.{entry.key}: blueprints take "
                         f"no {entry.key} quotas yet; give quotas for {', '.join(BLUEPRINT_DIMENSIONS)}")  # fmt: skip
        else:
            reader.error(entry.key_node, DECK_DEFINITION,
                         f"unknown print.blueprint field {entry.key!r}; expected {', '.join(known)}")  # fmt: skip
    if "questions" not in values:
        reader.error(
            m, DECK_DEFINITION, "print.blueprint needs questions: how many questions each form holds"
        )
        return None
    questions = nodes.integer(reader, values["questions"], "print.blueprint.questions")
    allowed: dict[str, Collection[str]] = {
        "topics": topics, "types": {t.value for t in QuestionType}, "sources": sources,
        "levels": {v.value for v in Level}, "difficulty": {v.value for v in Difficulty},
    }  # fmt: skip
    quotas: list[Quota] = []
    for dimension in BLUEPRINT_DIMENSIONS:
        if dimension not in values:
            continue
        dm = nodes.mapping(reader, values[dimension], f"print.blueprint.{dimension}")
        for entry in reader.entries(dm) if dm is not None else ():
            name = f"print.blueprint.{dimension}.{entry.key}"
            if entry.key not in allowed[dimension]:
                reader.error(
                    entry.key_node,
                    DECK_DEFINITION,
                    f"{name}: unknown {_SINGULAR[dimension]} {entry.key!r}"
                    + did_you_mean(entry.key, allowed[dimension]),
                )
                continue
            quota = _quota(reader, entry.value, name, dimension, entry.key)
            if quota is not None:
                quotas.append(quota)
    if questions is None or len(reader.diagnostics) > before:
        return None
    for dimension in BLUEPRINT_DIMENSIONS:
        exact = sum(q.count or 0 for q in quotas if q.dimension == dimension)
        shares = sum(q.percent or 0 for q in quotas if q.dimension == dimension)
        if exact > questions or shares > 100 + 1e-9:
            reader.error(values[dimension], DECK_DEFINITION, f"print.blueprint.{dimension}: the quotas add up to more "
                         f"than the form's {questions} questions")  # fmt: skip
            return None
    return Blueprint(questions, tuple(quotas), location(reader.rel, values["questions"]))


def _quota(reader: NodeReader, node: yaml.Node, name: str, dimension: str, value: str) -> Quota | None:
    """One quota: a whole number (0 allowed: none of these) or a share such as ``25%``."""
    where = location(reader.rel, node)
    if isinstance(node, yaml.ScalarNode):
        count = nodes.whole(node.value)
        if count is not None:
            return Quota(dimension, value, count, None, where)
        share = _PERCENT.fullmatch(node.value.strip())
        if share is not None and float(share.group(1)) <= 100:
            return Quota(dimension, value, None, float(share.group(1)), where)
    reader.error(node, DECK_DEFINITION, f"{name} must be a number of questions or a share such as 25%, "
                 f"not {nodes.describe(node)}")  # fmt: skip
    return None


def _selection(
    reader: NodeReader, node: yaml.Node | None, topics: Mapping[str, str], sources: frozenset[str]
) -> Selection | None:
    chosen: dict[str, list[str]] = {}
    if node is not None:
        m = nodes.mapping(reader, node, "select")
        for entry in reader.entries(m) if m is not None else ():
            if entry.key not in _SELECT:
                reader.error(
                    entry.key_node,
                    DECK_DEFINITION,
                    f"unknown select field {entry.key!r}{did_you_mean(entry.key, _SELECT)}; "
                    f"expected {', '.join(_SELECT)}",
                )
                continue
            listed = nodes.text_list(reader, entry.value, f"select.{entry.key}") or []
            chosen[entry.key] = [v for v, _ in listed]
            known: Collection[str] | None = {
                "status": {s.value: s for s in ReviewStatus}, "topics": topics, "sources": sources
            }.get(entry.key)  # fmt: skip
            for value, value_node in listed:
                if known is not None and value not in known:
                    hint = did_you_mean(value, known)
                    reader.error(value_node, DECK_DEFINITION, f"select.{entry.key}: unknown {value!r}{hint}")
    statuses = frozenset(
        ReviewStatus(s) for s in chosen.get("status", ["approved"]) if s in ReviewStatus._value2member_map_
    )
    return Selection(
        statuses or frozenset({ReviewStatus.APPROVED}),
        frozenset(chosen.get("tags", [])),
        frozenset(chosen.get("topics", [])),
        frozenset(chosen.get("sources", [])),
    )
