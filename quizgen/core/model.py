"""The typed data model: what the loaders produce and the checks, selectors and writers consume.

Every class is a frozen, slotted dataclass; values loaded from YAML carry the :class:`Location` they came from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from quizgen.core.diagnostics import Location
from quizgen.core.text import LineIndex, NormalizedText


class QuestionType(enum.Enum):
    """The kinds of question the bank holds."""

    MCQ = "mcq"
    SHORT = "short"
    TRUE_FALSE = "true-false"
    CLOZE = "cloze"


class Level(enum.Enum):
    """What an item asks a learner to do with the text (a short form of Bloom's levels)."""

    REMEMBER = "remember"
    """Recall a stated fact."""
    UNDERSTAND = "understand"
    """Restate, classify or explain what the text says (e.g. tell reported fact from an outlet's framing)."""
    ANALYSE = "analyse"
    """Relate parts: compare outlets, order events, find a discrepancy."""


class Difficulty(enum.Enum):
    """The reviewer's estimate of how hard an item is for the intended learners."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


@dataclass(frozen=True, slots=True)
class Objective:
    """A learning objective a deck lists (``objectives: [{id, text}]``); items name it by id."""

    id: str
    """Slug, unique in the project."""
    text: str
    """What the learner should be able to do."""
    location: Location
    """Where the objective is written."""


class ReviewStatus(enum.Enum):
    """Where an item is in review. Only approved items reach decks, quizzes and the self-test."""

    DRAFT = "draft"
    APPROVED = "approved"
    RETIRED = "retired"


DEFAULT_TOPICS: Mapping[str, str] = {
    "who-said": "who said a quoted or reported statement, or what a named speaker said",
    "where": "where something is, was sited or took place",
    "met": "which officials met, in what role, where and when",
    "role": "the role or title of a named person or organisation",
    "when": "dates, and relative dates tied to what the article states",
    "what": "what each side claims, decided or did",
}
"""The built-in topics. A project adds its own in ``quizgen.yaml`` (``topics: {name: description}``)."""


@dataclass(frozen=True, slots=True)
class LineRange:
    """A range of article lines, both ends included."""

    first: int
    """First line, 1-based."""
    last: int
    """Last line, 1-based, >= ``first``."""

    def __contains__(self, line: object) -> bool:
        return isinstance(line, int) and self.first <= line <= self.last


@dataclass(frozen=True, slots=True)
class Furniture:
    """Lines of an article that are page furniture (navigation, headings, credits), not reporting."""

    lines: LineRange
    """The lines."""
    what: str
    """What they are, e.g. "byline and dateline"."""
    location: Location
    """Where the range is declared in the catalogue."""


@dataclass(frozen=True, slots=True)
class Caption:
    """Lines of an article that caption a photo: not the article's reporting, but citable, and cited as a
    caption on every output (a fact some articles state only under a picture)."""

    lines: LineRange
    """The lines."""
    what: str
    """What they are, shown in citations, e.g. "photo caption"."""
    location: Location
    """Where the range is declared in the catalogue."""


@dataclass(frozen=True, slots=True)
class Article:
    """One source article and its catalogue entry."""

    id: str
    """The file name without ``.txt``: how bank items cite the article."""
    path: str
    """Path of the text file, relative to the project root."""
    text: str
    """The text, as in the file (decoded, a byte-order mark dropped)."""
    digest: str
    """SHA-256 of the file's bytes, hex: part of every citing item's review hash."""
    outlet: str
    """Who published it, e.g. "CNN"."""
    headline: str
    """The headline: as printed (see ``headline_line``) or the cataloguer's title where the text has none."""
    headline_line: int | None
    """The line of the text that holds the headline, if the text has one."""
    published: dt.date | None
    """The publication date where the text states one."""
    published_line: int | None
    """The line of the text stating the publication date."""
    furniture: tuple[Furniture, ...]
    """Line ranges that are not reporting."""
    location: Location
    """Where the catalogue entry starts."""
    normalized: NormalizedText = field(repr=False, compare=False)
    """The normalised text with its offset map (see :mod:`quizgen.core.text`)."""
    lines: LineIndex = field(repr=False, compare=False)
    """Offset to line:col map of ``text``."""
    captions: tuple[Caption, ...] = ()
    """Line ranges that are photo captions (citable, unlike furniture)."""

    def position(self, offset: int) -> Location:
        """The location of a character offset of the text."""
        line, column = self.lines.position(offset)
        return Location(self.path, line, column)

    def furniture_at(self, line: int) -> Furniture | None:
        """The furniture range covering ``line``, if any."""
        for f in self.furniture:
            if line in f.lines:
                return f
        return None

    def caption_at(self, line: int) -> Caption | None:
        """The caption range covering ``line``, if any."""
        for c in self.captions:
            if line in c.lines:
                return c
        return None


@dataclass(frozen=True, slots=True)
class Variant:
    """A name or title the sources spell in more than one way, reviewed by a trainer."""

    preferred: str
    """The form bank items use."""
    also: tuple[str, ...]
    """The other forms found in the sources."""
    note: str
    """Who spells it how, and why the preferred form was chosen."""
    location: Location
    """Where the entry is in the catalogue."""


@dataclass(frozen=True, slots=True)
class Sources:
    """All articles of the project, with the catalogue's reviewed name variants."""

    articles: Mapping[str, Article]
    """Articles by id, in id order."""
    variants: tuple[Variant, ...]
    """Reviewed spelling variants."""
    catalogue_path: str
    """Path of the catalogue file, relative to the project root."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """One cited passage: the verbatim quote that supports an item."""

    source: str
    """The article id."""
    quote: str
    """The passage, verbatim (after normalisation) from the article."""
    location: Location
    """Where the evidence entry starts in the bank."""
    quote_location: Location
    """Where the quote's value is in the bank."""


@dataclass(frozen=True, slots=True)
class Review:
    """The review record of an item."""

    status: ReviewStatus
    """draft, approved or retired."""
    by: str | None
    """Who approved (or retired) it."""
    on: dt.date | None
    """When."""
    hash: str | None
    """The review hash at approval: content fields plus the digests of the cited articles."""
    location: Location
    """Where the review mapping is in the bank."""


@dataclass(frozen=True, slots=True)
class Question:
    """One item of the bank, as loaded."""

    id: str
    """Stable slug, unique across the bank, never reused."""
    type: QuestionType
    """mcq, short, true-false or cloze."""
    topic: str
    """One of the project's topics (see :data:`DEFAULT_TOPICS`)."""
    prompt: str
    """The question; for cloze, the text with ``{{c1::...}}`` deletions; for true-false, the statement."""
    answer: str | bool | None
    """The answer text; ``True``/``False`` for true-false; optional for cloze (the deletions are the answer)."""
    aliases: tuple[str, ...]
    """Other accepted typed answers."""
    distractors: tuple[str, ...]
    """Wrong options of an mcq."""
    correction: str | None
    """For a false true-false statement: the corrected, true statement that the evidence supports."""
    evidence: tuple[Evidence, ...]
    """The passages that support the item."""
    explanation: str | None
    """What a learner should take away, shown after answering."""
    tags: tuple[str, ...]
    """Free tags (no spaces), used to select items for decks."""
    review: Review
    """The review record."""
    path: str
    """The bank file, relative to the project root."""
    location: Location
    """Where the item starts."""
    locations: Mapping[str, tuple[int, int]]
    """Where each field's value is, as 1-based (line, column) in ``path``, keyed by ``field`` or
    ``field.index`` (e.g. ``distractors.2``); :meth:`at` makes a :class:`Location` of one."""
    excludes: tuple[str, ...] = ()
    """A reviewer's relations: ids of items never to be asked with this one (what the analysis missed)."""
    ignore_related: tuple[str, ...] = ()
    """A reviewer's silencing: ids whose computed relations with this item are wrong; ``("all",)`` for all."""
    ignore_reason: str | None = None
    """Why the computed relations are wrong (required with ``ignore_related``)."""
    objective: str | None = None
    """The id of the learning objective the item serves (a deck's ``objectives``); metadata, not hashed."""
    level: Level | None = None
    """What the item asks the learner to do; metadata, not hashed."""
    difficulty: Difficulty | None = None
    """The reviewer's estimate of its difficulty; metadata, not hashed."""
    context: str | None = None
    """Cloze only: who speaks and where ("Russia's Foreign Ministry, in China Topix:"), shown before the text on
    every output (:func:`quizgen.core.display.shown`); hashed."""

    @property
    def status(self) -> ReviewStatus:
        """Where the item is in review (``review.status``: the check cache's index holds it without the rest)."""
        return self.review.status

    @property
    def cites(self) -> tuple[str, ...]:
        """The article ids its evidence cites, in evidence order (the check cache's index holds them)."""
        return tuple([e.source for e in self.evidence])

    def at(self, key: str) -> Location:
        """The location of a field value, falling back to its parent field, then to the item."""
        while True:
            pos = self.locations.get(key)
            if pos is not None:
                return Location(self.path, pos[0], pos[1])
            if "." not in key:
                return self.location
            key = key.rsplit(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Bank:
    """All questions of the project, in file order (files sorted by name)."""

    questions: tuple[Question, ...]
    """The items that loaded without schema errors."""
    files: tuple[str, ...]
    """The bank files read, relative to the project root."""
    ids: frozenset[str]
    """Every id seen, including items that failed to load."""


@dataclass(frozen=True, slots=True)
class Project:
    """A quizgen project: its sources and its bank."""

    root: str
    """The project directory."""
    sources: Sources
    """The articles and catalogue."""
    bank: Bank
    """The question bank."""
    topics: Mapping[str, str]
    """Allowed topics with their descriptions."""
