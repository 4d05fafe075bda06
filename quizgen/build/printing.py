"""``quizgen build print``: a deck's printed quiz, from plan (:mod:`quizgen.assemble.forms`) to files
(:mod:`quizgen.writers.print`), with typst's refusals turned into diagnostics that point into the bank.

Files, for a deck ``decks/NAME.yaml`` with forms A, B, ...::

    decks/NAME.form-A.pdf   decks/NAME.form-A.md    one per form: the quiz to hand out, and its Markdown
    decks/NAME.keys.pdf     decks/NAME.keys.md      the answer key of every form, with sources
    decks/NAME.forms.json                           every form's questions and option order, machine-readable
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from quizgen.assemble.forms import BlueprintError, QuizPlan, plan, sidecar
from quizgen.checks.decks import PRINT_FAILED
from quizgen.checks.relations import Relations, relations_of
from quizgen.core.diagnostics import Diagnostic, Location, Severity
from quizgen.core.model import Project, Question
from quizgen.core.rules import diag
from quizgen.load.decks import DeckDefinition
from quizgen.load.project import DECKS_DIR
from quizgen.load.rules import DECK_DEFINITION

_FALLBACK_EPOCH = 946_728_000  # 2000-01-01 12:00 UTC, when no printed item has a review date


@dataclass(frozen=True, slots=True)
class PrintReport:
    """What was printed for one deck."""

    deck: str
    """The definition's file stem."""
    questions: int
    """Questions on each form."""
    forms: int
    """Forms printed."""
    related: int = 0
    """Pairs of related items (same fact, leak, reviewer's exclusion) printed on one form: 0 with a blueprint."""


def timestamp(questions: tuple[Question, ...]) -> int:
    """The PDFs' creation time: noon UTC of the latest review among the printed items (so it moves only when
    the content may have)."""
    days = [q.review.on for q in questions if q.review.on is not None]
    if not days:
        return _FALLBACK_EPOCH
    d = max(days)
    return int(dt.datetime(d.year, d.month, d.day, 12, tzinfo=dt.UTC).timestamp())


def deck_relations(deck: DeckDefinition, project: Project, checked: Project | None = None) -> Relations:
    """The relations among the items a deck selects (the seam between the analysis and quiz assembly).

    ``checked`` is the project the checks related, when ``project`` is the same bank as shown (another object):
    the analysis reads items as shown either way, and asking about the shown project would relate every item
    again (:func:`relations_of` remembers one project)."""
    return relations_of(checked or project, [q.id for q in deck.select(project.bank.questions)])


def blueprint_problems(deck: DeckDefinition, project: Project) -> list[Diagnostic]:
    """QG805 when the deck's print blueprint cannot be met (for ``quizgen check``: plans, prints nothing)."""
    if "print" not in deck.outputs or deck.print_settings.blueprint is None:
        return []
    try:
        plan(deck, project, deck_relations(deck, project))
    except BlueprintError as exc:
        return [exc.diagnostic]
    return []


def _where(text: str, deck: DeckDefinition, quiz: QuizPlan, project: Project) -> tuple[Location, str]:
    """Where text that cannot be printed comes from: the bank field holding it, else the deck or an article."""
    probes = [text, *(c for c in text if ord(c) > 0x7E)]
    for probe in probes:
        for q in quiz.questions:
            fields: list[tuple[str, str]] = [("prompt", q.prompt), ("answer", str(q.answer)),
                                             ("correction", q.correction or "")]  # fmt: skip
            fields += [(f"distractors.{i}", d) for i, d in enumerate(q.distractors)]
            fields += [(f"aliases.{i}", a) for i, a in enumerate(q.aliases)]
            fields += [(f"evidence.{i}.quote", e.quote) for i, e in enumerate(q.evidence)]
            for key, value in fields:
                if probe in value:
                    return q.at(key), f"item {q.id!r}"
        for e in (e for q in quiz.questions for e in q.evidence):
            article = project.sources.articles[e.source]
            if probe in article.outlet or probe in article.headline:
                return article.location, f"the catalogue entry of {article.id!r}"
    return deck.location, "the deck's print settings"


def outputs(
    deck: DeckDefinition, project: Project, checked: Project | None = None
) -> tuple[list[tuple[str, bytes]], PrintReport, list[Diagnostic]]:
    """The files of a deck's printed quiz (path relative to the root, content), or diagnostics saying why not
    (``checked``: see :func:`deck_relations`)."""
    from quizgen.writers import print as writer  # typst loads only when a quiz is printed

    try:
        quiz = plan(deck, project, deck_relations(deck, project, checked))
    except BlueprintError as exc:
        return [], PrintReport(deck.stem, 0, 0), [exc.diagnostic]
    report = PrintReport(deck.stem, quiz.per_form, len(quiz.forms), len(quiz.related))
    if not quiz.questions:
        return [], report, [
            diag(DECK_DEFINITION, deck.location,
                 f"deck {deck.stem!r} prints no quiz: its selection matches no item of the bank",
                 severity=Severity.WARNING)
        ]  # fmt: skip
    stamp = timestamp(quiz.questions)
    base = f"{DECKS_DIR}/{deck.stem}"
    files: list[tuple[str, bytes]] = []
    try:
        for form in quiz.forms:
            files.append(
                (f"{base}.form-{form.letter}.pdf", writer.compile_pdf(writer.form_data(quiz, form), stamp))
            )
            files.append((f"{base}.form-{form.letter}.md", writer.form_markdown(quiz, form).encode("utf-8")))
        files.append((f"{base}.keys.pdf", writer.compile_pdf(writer.keys_data(quiz), stamp)))
    except writer.MissingGlyphError as exc:
        location, what = _where(exc.text, deck, quiz, project)
        return [], report, [
            diag(PRINT_FAILED, location,
                 f"deck {deck.stem!r} cannot print {exc.text!r} from {what}: none of the embedded fonts "
                 "has this character (typst's Libertinus Serif and DejaVu Sans Mono); write it in Latin, "
                 "Greek or Cyrillic script, or leave the item out of the printed quiz")
        ]  # fmt: skip
    except writer.RenderError as exc:
        return [], report, [
            diag(PRINT_FAILED, deck.location,
                 f"deck {deck.stem!r}: typst refused the quiz ({exc}); please report this as a bug")
        ]  # fmt: skip
    files.append((f"{base}.keys.md", writer.keys_markdown(quiz).encode("utf-8")))
    files.append((f"{base}.forms.json", sidecar(quiz)))
    return files, report, _short_of_count(deck, quiz.per_form)


def _short_of_count(deck: DeckDefinition, printed: int) -> list[Diagnostic]:
    """A warning when a form holds fewer questions than ``print.count`` asks for: the trainer planned a
    longer quiz, and the build printed what the deck has without a word."""
    count = deck.print_settings.count
    if count is None or printed >= count:
        return []
    return [
        diag(DECK_DEFINITION, deck.location,
             f"deck {deck.stem!r} prints {printed} question(s) per form, fewer than print.count {count}: its "
             "selection (less the items another question gives away) holds no more; widen the selection or "
             "lower print.count",
             severity=Severity.WARNING)
    ]  # fmt: skip


def leftovers(root: Path, deck: DeckDefinition, written: list[str]) -> list[Diagnostic]:
    """Warnings for form files of this deck that the build no longer makes (it printed more forms before):
    a trainer could hand out a form whose key is gone."""
    folder = root / DECKS_DIR
    found = sorted(folder.glob(f"{deck.stem}.form-*.pdf")) + sorted(folder.glob(f"{deck.stem}.form-*.md"))
    return [
        diag(DECK_DEFINITION, Location(f"{DECKS_DIR}/{path.name}", 1, 1),
             f"left over from an earlier build of deck {deck.stem!r} (it now prints "
             f"{deck.print_settings.forms} form(s)); delete it, its key is no longer made",
             severity=Severity.WARNING)
        for path in found
        if f"{DECKS_DIR}/{path.name}" not in written
    ]  # fmt: skip
