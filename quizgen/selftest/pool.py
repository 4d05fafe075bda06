"""What a session asks: the questions it may use, and how each one is shown and graded.

Questions come from the same loaded project and deck definitions as ``quizgen build``: approved items that
``quizgen check`` reports no error on, narrowed by a deck and by tags, topics and sources. The mcq options are
shuffled with :func:`quizgen.shuffle.permutation` keyed by the session's seed, so a resumed session shows the
same order; the evidence citation is the one the Anki card shows (:func:`quizgen.writers.cards.citation`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.checks.relations import NO_RELATIONS, Relations
from quizgen.core.cloze import deletions
from quizgen.core.diagnostics import Diagnostic
from quizgen.core.display import LETTERS, citation, evidence_line, shown
from quizgen.core.errors import UsageError
from quizgen.core.model import Article, Project, Question, QuestionType, ReviewStatus
from quizgen.core.shuffle import permutation
from quizgen.core.suggest import did_you_mean
from quizgen.core.text import ascii_words
from quizgen.selftest.grading import Grade, grade_choice, grade_parts, grade_text

if TYPE_CHECKING:
    from quizgen.load.decks import Blueprint

BLANK = "_____"


def content_hash(q: Question) -> str:
    """A hash of what a learner is asked and what is accepted: a change means the schedule may not fit."""
    blob = json.dumps(
        [q.type.value, q.prompt, q.answer, list(q.aliases), sorted(q.distractors), q.correction],
        ensure_ascii=False,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Filters:
    """Which questions a session may ask."""

    deck: str | None = None
    """A deck definition's file stem (``decks/<deck>.yaml``): its selection applies."""
    tags: tuple[str, ...] = ()
    """Tags a question must all carry."""
    topics: tuple[str, ...] = ()
    """Topics of which a question must have one."""
    sources: tuple[str, ...] = ()
    """Article ids of which a question must cite one."""


@dataclass(frozen=True, slots=True)
class Pool:
    """The questions a session may ask, and what was left out."""

    questions: dict[str, Question]
    """By id, in bank order."""
    articles: dict[str, Article]
    """The project's articles, for evidence."""
    with_errors: tuple[str, ...]
    """Approved items left out because ``quizgen check`` reports errors on them."""
    relations: Relations = NO_RELATIONS
    """Same-fact groups and leaks among the questions: a session keeps them apart (:func:`fair_order`)."""
    load_errors: tuple[Diagnostic, ...] = ()
    """Errors loading the project (a bank file that did not parse, a broken catalogue): the questions they
    hide are not in the pool, and the learner must be told so rather than find fewer questions."""
    blueprint: Blueprint | None = None
    """The blueprint of the deck the filters name (its ``print.blueprint``), if it has one."""
    deck: str | None = None
    """The file stem of the deck the filters name, if any."""


class FilterError(UsageError):
    """A filter names a deck, topic or source the project does not have."""


def select(root: Path, filters: Filters) -> Pool:
    """Load and check the project at ``root`` and pick the questions ``filters`` allow."""
    from quizgen import checks
    from quizgen.checks.relations import relate
    from quizgen.core.diagnostics import Severity, sort_diagnostics
    from quizgen.core.gcpause import gc_paused
    from quizgen.load.decks import load_decks
    from quizgen.load.project import DECKS_DIR, load_project

    with gc_paused():
        loaded = load_project(root)
    project = loaded.project
    _validate(project, filters)
    takes = None
    blueprint = None
    if filters.deck is not None:
        decks, _ = load_decks(root, root / DECKS_DIR, topics=project.topics,
                              sources=frozenset(project.sources.articles))  # fmt: skip
        deck = next((d for d in decks if d.stem == filters.deck), None)
        if deck is None:
            known = ", ".join(d.stem for d in decks) or "none"
            hint = did_you_mean(filters.deck, [d.stem for d in decks])
            raise FilterError(f"no deck {filters.deck!r} in {DECKS_DIR}/{hint} (decks: {known})")
        takes = deck.selection.takes
        blueprint = deck.print_settings.blueprint
    candidates: dict[str, Question] = {}
    for q in project.bank.questions:
        if q.review.status is not ReviewStatus.APPROVED or (takes is not None and not takes(q)):
            continue
        if filters.tags and not set(filters.tags) <= set(q.tags):
            continue
        if filters.topics and q.topic not in filters.topics:
            continue
        if filters.sources and not any(e.source in filters.sources for e in q.evidence):
            continue
        candidates[q.id] = q
    # Check only the candidates: a session on one topic of a large bank need not check the whole bank.
    with gc_paused():
        found = loaded.diagnostics + checks.run(project, only=frozenset(candidates))
    broken = {d.item for d in found if d.severity is Severity.ERROR and d.item}
    # An item citing an article that did not load cannot show its evidence: the load error says why.
    broken |= {
        i for i, q in candidates.items() if any(e.source not in project.sources.articles for e in q.evidence)
    }
    chosen = {i: shown(q) for i, q in candidates.items() if i not in broken}  # a cloze shows its context
    with_errors = tuple(i for i in candidates if i in broken)
    load_errors = tuple(sort_diagnostics([d for d in loaded.diagnostics if d.severity is Severity.ERROR]))
    relations = relate(project, list(chosen))
    articles = dict(project.sources.articles)
    return Pool(chosen, articles, with_errors, relations, load_errors, blueprint, filters.deck)


class BlueprintSessionError(UsageError):
    """A session cannot follow the deck's blueprint (QG805 at the quota that cannot be met)."""


def blueprint_order(pool: Pool, seed: int, held: frozenset[str] = frozenset()) -> list[str]:
    """The questions of a session drawn from the deck's blueprint, in the order asked.

    The draw is the printed forms' (:func:`quizgen.assemble.blueprint.draw`): exactly ``blueprint.questions``
    items meeting every quota, no two related items (same-fact group, leak pair, reviewer's exclusion), true and
    false balanced; keyed ``quizgen-selftest:SEED:draw``, so a seed gives one quiz and another seed another. Items
    held back after a miss (``held``) are avoided as far as the quotas allow. They are then interleaved by article
    and topic (:func:`fair_order`). Raises :class:`BlueprintSessionError` when no draw meets the blueprint.
    """
    from quizgen.assemble.blueprint import InfeasibleError, draw
    from quizgen.checks.decks import BLUEPRINT_INFEASIBLE
    from quizgen.core.rules import diag

    if pool.blueprint is None:
        raise BlueprintSessionError(f"deck {pool.deck!r} has no print.blueprint to draw a session from")
    candidates = list(pool.questions.values())
    try:
        drawn = draw(candidates, pool.blueprint, pool.relations, f"quizgen-selftest:{seed}:draw", held)
    except InfeasibleError as exc:
        where = exc.quota.location if exc.quota is not None else pool.blueprint.location
        left = (
            f"; {len(pool.with_errors)} approved item(s) with check errors are left out"
            if pool.with_errors
            else ""
        )
        why = exc.message.replace("the deck selects", "the session's selection holds")  # narrowed by filters
        message = (f"deck {pool.deck!r}: a self-test session cannot follow the blueprint with the "
                   f"{len(candidates)} question(s) selected{left}: {why}")  # fmt: skip
        raise BlueprintSessionError(message, [diag(BLUEPRINT_INFEASIBLE, where, message)]) from None
    return fair_order([q.id for q in drawn], pool.questions, pool.relations, frozenset())


def article(q: Question) -> str:
    """The article an item is drawn from (its first cited one): what a session interleaves."""
    return q.evidence[0].source if q.evidence else ""


def held_back(relations: Relations, missed: Iterable[str]) -> frozenset[str]:
    """The items related to a missed one (not yet answered correctly since): not asked until it is. A missed
    item itself is never held back, so two related misses cannot hold each other back for ever."""
    apart = relations.apart()
    missed = set(missed)
    return frozenset(other for m in missed for other in apart.get(m, ()) if other not in missed)


def fair_order(
    order: Sequence[str], questions: Mapping[str, Question], relations: Relations, held: frozenset[str],
    limit: int | None = None,
) -> list[str]:  # fmt: skip
    """The ids of ``order`` a session asks, and in which order.

    Taken in ``order`` (its priority): an id held back, or related to one already taken (same-fact group or leak
    pair), is left for another session; at most ``limit`` are taken. Then they are interleaved: each next
    question comes from an article other than the last one's whenever one is left (of those, the article with
    the most questions left, so no article is left to run at the end; then preferring another topic), keeping
    ``order`` within an article.
    """
    apart = relations.apart()
    taken: list[str] = []
    blocked: set[str] = set(held)
    for qid in order:
        if qid in blocked or qid in taken:
            continue
        if limit is not None and len(taken) >= limit:
            break
        taken.append(qid)
        blocked |= apart.get(qid, frozenset())
    left = list(taken)
    out: list[str] = []
    while left:
        last = questions[out[-1]] if out else None
        remaining: dict[str, int] = {}
        for qid in left:
            remaining[article(questions[qid])] = remaining.get(article(questions[qid]), 0) + 1

        ranks = []
        for i, qid in enumerate(left):
            q = questions[qid]
            same_article = last is not None and article(q) == article(last)
            same_topic = last is not None and q.topic == last.topic
            ranks.append((same_article, -remaining[article(q)], same_topic, i))
        out.append(left.pop(min(ranks)[3]))
    return out


def _validate(project: Project, filters: Filters) -> None:
    tags = {t for q in project.bank.questions for t in q.tags}
    for tag in filters.tags:
        if tag not in tags:
            hint = did_you_mean(tag, tags)
            raise FilterError(
                f"no question has the tag {tag!r}{hint} (tags: {', '.join(sorted(tags)) or 'none'})"
            )
    for topic in filters.topics:
        if topic not in project.topics:
            hint = did_you_mean(topic, project.topics)
            raise FilterError(f"unknown topic {topic!r}{hint} (topics: {', '.join(sorted(project.topics))})")
    for source in filters.sources:
        if source not in project.sources.articles:
            hint = did_you_mean(source, project.sources.articles)
            raise FilterError(
                f"unknown source {source!r}{hint} (articles: {', '.join(project.sources.articles)})"
            )


@dataclass(frozen=True, slots=True)
class Shown:
    """A question as the learner sees it."""

    question: Question
    """The bank item."""
    text: str
    """The question (for a cloze, the text with blanks; for true-false, the statement)."""
    options: tuple[tuple[str, bool], ...]
    """The mcq options in their shown order, each with whether it is the answer; empty otherwise."""
    hint: str
    """How to answer, e.g. ``letter A-D or number 1-4``."""
    expected: str
    """The correct answer as shown after answering."""


def show(q: Question, seed: int, attempt: int = 0) -> Shown:
    """How ``q`` is shown in a session with ``seed``, the ``attempt``-th time it is asked there (from 0)."""
    if q.type is QuestionType.MCQ:
        options = [(str(q.answer), True), *((d, False) for d in q.distractors)]
        shown = tuple(options[i] for i in _option_order(q, seed, attempt))
        letter = next(LETTERS[i] for i, (_, right) in enumerate(shown) if right)
        last = LETTERS[len(shown) - 1]
        return Shown(q, q.prompt, shown, f"letter A-{last} or number 1-{len(shown)}",
                     f"{letter}. {q.answer}")  # fmt: skip
    if q.type is QuestionType.TRUE_FALSE:
        expected = "true" if q.answer is True else "false"
        return Shown(q, q.prompt, (), "t (true) or f (false)", expected)
    if q.type is QuestionType.CLOZE:
        parts = deletions(q.prompt)
        text = q.prompt
        for n, d in reversed(list(enumerate(parts, 1))):
            label = f"[{n}]{BLANK}" if len(parts) > 1 else BLANK
            text = text[: d.start] + label + (f" ({d.hint})" if d.hint else "") + text[d.end :]
        hint = (
            "type the missing words" if len(parts) == 1 else f"type the {len(parts)} blanks, separated by ;"
        )
        return Shown(q, text, (), hint, "; ".join(d.text for d in parts))
    return Shown(q, q.prompt, (), "type the answer", str(q.answer))


def _option_order(q: Question, seed: int, attempt: int) -> list[int]:
    """The mcq options' order (index 0 is the answer): a missed question asked again comes back reshuffled,
    with its answer under another letter, so the learner recalls the answer, not where it stood."""
    n = 1 + len(q.distractors)
    order = permutation(f"quizgen-selftest:{seed}:{q.id}" + (f":attempt-{attempt}" if attempt else ""), n)
    if attempt and n > 1 and order.index(0) == _option_order(q, seed, attempt - 1).index(0):
        order = order[1:] + order[:1]
    return order


def grade(shown: Shown, typed: str) -> Grade | str:
    """Grade what was typed, or say why it is not an answer (e.g. a letter with no option)."""
    q = shown.question
    text = typed.strip()
    if q.type is QuestionType.MCQ:
        choice = _option(shown, text)
        if choice is None:
            return f"answer with a {shown.hint}"
        option, right = shown.options[choice]
        return grade_choice(f"{LETTERS[choice]}. {option}", right, shown.expected)
    if q.type is QuestionType.TRUE_FALSE:
        said = {"t": True, "true": True, "f": False, "false": False}.get(text.casefold())
        if said is None:
            return "answer with t (true) or f (false)"
        return grade_choice("true" if said else "false", said is q.answer, shown.expected)
    if q.type is QuestionType.CLOZE:
        parts = [d.text for d in deletions(q.prompt)]
        typed_parts = [p.strip() for p in text.split(";")] if len(parts) > 1 else [text]
        return grade_parts(typed_parts, parts, q.aliases)
    return grade_text(text, str(q.answer), q.aliases)


def _option(shown: Shown, text: str) -> int | None:
    n = len(shown.options)
    if len(text) == 1 and text.upper() in LETTERS[:n]:
        return LETTERS.index(text.upper())
    if text.isascii() and text.isdigit() and len(text) <= 3 and 1 <= int(text) <= n:  # isdigit takes "²"
        return int(text) - 1
    typed = ascii_words(text)
    for i, (option, _) in enumerate(shown.options):  # the option's text typed out is fine too
        if typed and typed == ascii_words(option):
            return i
    return None


def evidence(q: Question, articles: dict[str, Article]) -> list[tuple[str, str]]:
    """Each cited passage with its citation (outlet, headline, date and line), as the Anki card shows them."""
    out = []
    for e in q.evidence:
        article = articles.get(e.source)
        cited = citation(article, evidence_line(article, e.quote)) if article else e.source
        out.append((e.quote, cited))
    return out


def source_names(q: Question, articles: dict[str, Article]) -> Sequence[str]:
    """The outlets of the articles ``q`` cites (the article id where the catalogue lacks it)."""
    return list(dict.fromkeys(articles[e.source].outlet if e.source in articles else e.source
                              for e in q.evidence))  # fmt: skip
