"""Printed quizzes planned: which items, in which sections, and each form's order of questions and options.

Pure functions of a deck definition and a loaded project; :mod:`quizgen.writers.print` turns the plan into PDF
and Markdown. Every choice comes from :func:`quizgen.shuffle.permutation` (SHA-256, not Python's ``random``),
keyed by the deck's print seed, so the same bank and seed give the same forms on any machine and any Python,
and the sidecar (:func:`sidecar`) records each permutation so a form can be re-printed and graded exactly.

Keys of the permutations (``SEED`` is the deck's ``print.seed``, ``F`` the form letter):

* ``quizgen-print:SEED:select`` picks ``print.count`` of the selected items (kept in bank order);
* ``quizgen-print:SEED:F:order:SECTION`` orders the questions of a section on form F;
* ``quizgen-print:SEED:F:options:ID`` orders an mcq's options on form F, starting from the answer followed by
  the distractors as written. True-false options are always True, then False.

With a blueprint (``print.blueprint``, :mod:`quizgen.assemble.blueprint`) the items are drawn instead of
picked, keyed ``quizgen-print:SEED:draw`` (``shuffled``: one draw for every form) or ``quizgen-print:SEED:F:draw``
(``parallel``: one per form, avoiding the items of earlier forms where the bank allows). Answer letters are then
balanced: going through a form's mcq items in printed order, each answer takes the letter used least so far
(ties broken by ``quizgen-print:SEED:F:answer:ID``) and the distractors fill the other letters in the order of
``quizgen-print:SEED:F:options:ID``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from quizgen.assemble.blueprint import InfeasibleError, draw, resolve
from quizgen.checks.decks import BLUEPRINT_INFEASIBLE
from quizgen.checks.relations import NO_RELATIONS, Relations, related_pairs
from quizgen.core.cloze import deletions
from quizgen.core.diagnostics import Diagnostic
from quizgen.core.display import LETTERS, citation, evidence_line, nested, trim
from quizgen.core.model import Article, Project, Question, QuestionType
from quizgen.core.rules import diag
from quizgen.core.shuffle import permutation
from quizgen.load.decks import Blueprint, DeckDefinition, PrintSettings

SIDECAR_FORMAT = 1
EXCERPT_CHARS = 160
TYPE_TITLES: Mapping[QuestionType, str] = {
    QuestionType.MCQ: "Multiple choice",
    QuestionType.TRUE_FALSE: "True or false",
    QuestionType.SHORT: "Short answer",
    QuestionType.CLOZE: "Fill in the blanks",
}


@dataclass(frozen=True, slots=True)
class Option:
    """One lettered option of a question as printed on a form."""

    letter: str
    """A, B, C, ... in printed order."""
    text: str
    """The option's text (bank text, printed literally)."""
    correct: bool
    """Whether it is the answer."""
    origin: str
    """Where the option comes from in the item: ``answer``, ``distractors.N`` (0-based), ``true`` or ``false``."""


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an answer comes from, for the key."""

    text: str
    """Outlet, headline, date and line (see :func:`quizgen.writers.cards.citation`)."""
    excerpt: str
    """The start of the cited passage, cut at a word boundary."""


@dataclass(frozen=True, slots=True)
class Item:
    """One numbered question of a form."""

    number: int
    """Its number on the form, from 1, continuous across sections."""
    question: Question
    """The bank item."""
    options: tuple[Option, ...]
    """Lettered options (mcq and true-false); empty for short and cloze."""


@dataclass(frozen=True, slots=True)
class Section:
    """A titled group of questions (one per topic or type, or a single untitled one)."""

    key: str
    """The topic or type value, or ``all``."""
    title: str
    """The heading printed above it; empty when the quiz has no sections."""
    items: tuple[Item, ...]
    """Its questions in printed order."""


@dataclass(frozen=True, slots=True)
class Form:
    """One version of the quiz: its own order (and, drawn ``parallel`` from a blueprint, its own items)."""

    letter: str
    """A, B, ..."""
    sections: tuple[Section, ...]
    """Sections in a fixed order; questions shuffled within each."""

    @property
    def items(self) -> list[Item]:
        """Every question of the form in printed order."""
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True, slots=True)
class QuizPlan:
    """Everything the print writer needs for one deck."""

    deck: str
    """The deck definition's file stem."""
    settings: PrintSettings
    """The deck's print settings."""
    questions: tuple[Question, ...]
    """The printed items in bank order (of every form: parallel forms hold different ones)."""
    forms: tuple[Form, ...]
    """One per form letter."""
    citations: Mapping[str, tuple[Citation, ...]]
    """Per question id, the citations of its evidence (distinct, in evidence order)."""
    related: tuple[tuple[str, str], ...] = ()
    """Pairs of items printed on one form that the relations in use keep apart (empty for a blueprint)."""

    @property
    def per_form(self) -> int:
        """Questions on each form."""
        return len(self.forms[0].items) if self.forms else 0


def excerpt(quote: str, limit: int = EXCERPT_CHARS) -> str:
    """The quote on one line, cut at a word boundary with an ellipsis when longer than ``limit``; ready to be
    put in double quotation marks (its own marks made single, trailing ``;,:`` trimmed: display only)."""
    flat = " ".join(quote.split())
    if len(flat) <= limit:
        return nested(trim(flat))
    cut = flat[: limit + 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return nested(cut) + "\u2026"


def _citations(q: Question, articles: Mapping[str, Article]) -> tuple[Citation, ...]:
    out: list[Citation] = []
    for e in q.evidence:
        article = articles[e.source]
        cited = Citation(citation(article, evidence_line(article, e.quote)), excerpt(e.quote))
        if all(c.text != cited.text for c in out):
            out.append(cited)
    return tuple(out)


def _section_key(q: Question, by: str) -> str:
    if by == "topic":
        return q.topic
    if by == "type":
        return q.type.value
    return "all"


def _section_title(key: str, by: str, topics: Mapping[str, str], titles: Mapping[str, str]) -> str:
    if key in titles:
        return titles[key]
    if by == "topic":
        described = topics.get(key, key)
        return described[:1].upper() + described[1:]
    if by == "type":
        return TYPE_TITLES[QuestionType(key)]
    return ""


def _options(q: Question, seed: str, letter: str) -> tuple[Option, ...]:
    if q.type is QuestionType.TRUE_FALSE:
        return (
            Option("A", "True", q.answer is True, "true"),
            Option("B", "False", q.answer is False, "false"),
        )
    if q.type is not QuestionType.MCQ:
        return ()
    canonical = [(str(q.answer), True, "answer")] + [
        (d, False, f"distractors.{i}") for i, d in enumerate(q.distractors)
    ]
    order = permutation(f"quizgen-print:{seed}:{letter}:options:{q.id}", len(canonical))
    return tuple(Option(LETTERS[pos], *canonical[i]) for pos, i in enumerate(order))


def chosen(settings: PrintSettings, selected: Sequence[Question]) -> list[Question]:
    """The items printed: all selected ones, or ``count`` of them chosen by the seed (kept in bank order)."""
    if settings.count is None or settings.count >= len(selected):
        return list(selected)
    order = permutation(f"quizgen-print:{settings.seed}:select", len(selected))
    keep = set(order[: settings.count])
    return [q for i, q in enumerate(selected) if i in keep]


def _balanced(items: Sequence[Item], seed: str, letter: str) -> list[Item]:
    """The items with each mcq's answer on the letter used least so far on the form (see the module doc)."""
    used = dict.fromkeys(LETTERS, 0)
    out = []
    for item in items:
        q = item.question
        if q.type is not QuestionType.MCQ:
            out.append(item)
            continue
        n = len(q.distractors) + 1
        ties = permutation(f"quizgen-print:{seed}:{letter}:answer:{q.id}", n)
        pos = min(ties, key=lambda i: used[LETTERS[i]])  # min keeps the first of equal counts: the tie order
        used[LETTERS[pos]] += 1
        wrong = [(d, False, f"distractors.{i}") for i, d in enumerate(q.distractors)]
        order = permutation(f"quizgen-print:{seed}:{letter}:options:{q.id}", len(wrong))
        slots = [p for p in range(n) if p != pos]
        placed = {pos: (str(q.answer), True, "answer")} | {slots[k]: wrong[i] for k, i in enumerate(order)}
        options = tuple(Option(LETTERS[p], *placed[p]) for p in range(n))
        out.append(Item(item.number, q, options))
    return out


class BlueprintError(Exception):
    """A deck's blueprint cannot be met."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
        """QG805 at the quota that cannot be met (or at ``blueprint.questions``)."""


def drawn(deck: DeckDefinition, selected: Sequence[Question], relations: Relations) -> list[list[Question]]:
    """Each form's items in bank order: drawn from the blueprint, or chosen as without one.
    Raises :class:`BlueprintError`."""
    settings = deck.print_settings
    blueprint = settings.blueprint
    if blueprint is None:
        questions = chosen(settings, selected)
        return [questions] * settings.forms
    forms: list[list[Question]] = []
    used: set[str] = set()
    try:
        if settings.form_mode == "parallel":
            for f in range(settings.forms):
                key = f"quizgen-print:{settings.seed}:{LETTERS[f]}:draw"
                forms.append(draw(selected, blueprint, relations, key, frozenset(used)))
                used.update(q.id for q in forms[-1])
        else:
            one = draw(selected, blueprint, relations, f"quizgen-print:{settings.seed}:draw")
            forms = [one] * settings.forms
    except InfeasibleError as exc:
        where = exc.quota.location if exc.quota is not None else blueprint.location
        raise BlueprintError(
            diag(BLUEPRINT_INFEASIBLE, where, f"deck {deck.stem!r}: the print blueprint cannot be met: {exc.message}")
        ) from None  # fmt: skip
    return forms


def plan(deck: DeckDefinition, project: Project, relations: Relations = NO_RELATIONS) -> QuizPlan:
    """The forms of a deck's printed quiz (pure: no I/O). ``relations`` are the deck's item relations, which a
    blueprint keeps apart. Raises :class:`BlueprintError` when the blueprint cannot be met."""
    settings = deck.print_settings
    per_form = drawn(deck, deck.select(project.bank.questions), relations)
    ids = {q.id for questions in per_form for q in questions}
    questions = [q for q in project.bank.questions if q.id in ids]
    rank = {t: i for i, t in enumerate(project.topics)}
    forms = []
    for f, members_of_form in enumerate(per_form):
        letter = LETTERS[f]
        if settings.sections == "topic":
            keys = sorted({q.topic for q in members_of_form}, key=lambda t: (rank.get(t, len(rank)), t))
        elif settings.sections == "type":
            keys = [t.value for t in QuestionType if any(q.type is t for q in members_of_form)]
        else:
            keys = ["all"] if members_of_form else []
        grouped = {k: [q for q in members_of_form if _section_key(q, settings.sections) == k] for k in keys}
        sections = []
        number = 1
        for key, members in grouped.items():
            order = permutation(f"quizgen-print:{settings.seed}:{letter}:order:{key}", len(members))
            items = []
            for i in order:
                q = members[i]
                items.append(Item(number, q, _options(q, settings.seed, letter)))
                number += 1
            title = _section_title(key, settings.sections, project.topics, settings.section_titles)
            sections.append((key, title, items))
        if settings.blueprint is not None:
            flat = _balanced([i for _, _, items in sections for i in items], settings.seed, letter)
            at = 0
            for s, (key, title, items) in enumerate(sections):
                sections[s] = (key, title, flat[at : at + len(items)])
                at += len(items)
        forms.append(Form(letter, tuple(Section(k, t, tuple(i)) for k, t, i in sections)))
    articles = project.sources.articles
    citations = {q.id: _citations(q, articles) for q in questions}
    related = sorted({p for form in per_form for p in related_pairs(relations, (q.id for q in form))})
    return QuizPlan(deck.stem, settings, tuple(questions), tuple(forms), citations, tuple(related))


def answer_text(item: Item) -> tuple[str, str]:
    """The answer of an item for the key: (letter or empty, text)."""
    q = item.question
    for option in item.options:
        if option.correct:
            return option.letter, option.text
    if q.type is QuestionType.CLOZE:
        return "", "; ".join(d.text for d in deletions(q.prompt))
    return "", str(q.answer)


def _blueprint_record(blueprint: Blueprint) -> dict[str, object]:
    """The blueprint as the forms were drawn from it: questions per form and each quota as a number."""
    needs = resolve(blueprint)
    return {
        "questions": blueprint.questions,
        "quotas": {f"{n.quota.dimension}.{n.quota.value}": n.count for n in needs},
    }


def sidecar(quiz: QuizPlan) -> bytes:
    """The machine-readable record of every form: per number, the item id, its options in printed order with
    where each comes from, and the answer. Grading a form needs only this file; re-printing it, this file and the
    bank (nothing need be shuffled again)."""
    settings = quiz.settings
    forms: list[tuple[str, list[dict[str, object]]]] = []
    for form in quiz.forms:
        items: list[dict[str, object]] = []
        for section, item in ((s, i) for s in form.sections for i in s.items):
            letter, text = answer_text(item)
            entry: dict[str, object] = {"number": item.number, "id": item.question.id,
                                        "type": item.question.type.value, "section": section.key}  # fmt: skip
            if item.options:
                entry["options"] = [
                    {"letter": o.letter, "from": o.origin, "text": o.text, "correct": o.correct}
                    for o in item.options
                ]
            entry["answer"] = {"letter": letter, "text": text} if letter else {"text": text}
            items.append(entry)
        forms.append((form.letter, items))
    head = {
        "format": SIDECAR_FORMAT,
        "deck": quiz.deck,
        "title": settings.title,
        "seed": settings.seed,
        "form_mode": settings.form_mode,
        **({"blueprint": _blueprint_record(settings.blueprint)} if settings.blueprint is not None else {}),
        "shuffle": "quizgen.shuffle.permutation: Fisher-Yates driven by SHA-256 in counter mode",
    }
    # One line per item, so a review diff shows which questions moved.
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "forms": [']
    for i, (letter, entries) in enumerate(forms):
        lines.append(f' {{"form": "{letter}", "items": [')
        lines.append(",\n".join(f"  {json.dumps(entry, ensure_ascii=False)}" for entry in entries))
        lines.append("]}" + ("," if i < len(forms) - 1 else ""))
    lines.append("]}")
    return ("\n".join(lines) + "\n").encode("utf-8")
