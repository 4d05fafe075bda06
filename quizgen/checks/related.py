"""Item relations in each deck: items that test the same fact, and items that give another's answer away.

Relations are computed by :func:`quizgen.checks.relations.relate`; ``docs/relations.md`` defines them. They
are notes, not warnings: a bank may hold several items on one fact, and it is a printed form or a self-test
session that must not hold both (quiz assembly keeps them apart, and Anki cards carry a group tag). What is
wrong is a reviewer decision that names no item (QG903), or one that silences nothing any more (QG904).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizgen.checks.base import Context, Rule, diag
from quizgen.checks.relations import (
    Elimination,
    Leak,
    Relations,
    group_name,
    questions_by_id,
    relations_of,
)
from quizgen.core.diagnostics import Diagnostic, Related, Severity
from quizgen.core.model import Project, Question, QuestionType, ReviewStatus
from quizgen.core.suggest import did_you_mean

if TYPE_CHECKING:
    from quizgen.load.decks import DeckDefinition

    Selections = tuple[list[tuple[DeckDefinition, list[Question]]], list[Diagnostic]]
    """Each deck with the items it takes, and the problems of reading the deck files."""

SAME_FACT = Rule(
    "QG901",
    "same-fact",
    Severity.NOTE,
    "Items of one deck that test the same fact are listed, so that forms and sessions can ask only one.",
    """\
Two items test the same fact when their evidence passages overlap and each one's question prints the
other's answer ("Who said X?" and "Which of these did Rojas say?"), or when one is a true statement that the
other's question and answer together say. `quizgen relations` lists the groups; Anki cards of a group carry
the tag `quizgen::group::<first id>`. A note, not a warning: keep both items if both are useful, and let
printed forms and the self-test take one at a time. If the analysis is wrong, say so on either item with
`related: {ignore: [other-id], reason: ...}`.

Fails:

```yaml
- id: rojas-copper-who
  type: short
  topic: who-said
  prompt: Who said the deal did not cover copper?
  answer: Pablo Rojas
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
- id: rojas-copper-what
  type: short
  topic: who-said
  prompt: What did Pablo Rojas say the deal did not cover?
  answer: copper
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: rojas-copper-who
  type: short
  topic: who-said
  prompt: Who said the deal did not cover copper?
  answer: Pablo Rojas
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
- id: rojas-copper-what
  type: short
  topic: who-said
  prompt: What did Pablo Rojas say the deal did not cover?
  answer: copper
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  related:
    ignore: [rojas-copper-who]
    reason: the two are drilled together on purpose in the copper lesson
  review: {status: draft}
```
""",
)

LEAK = Rule(
    "QG902",
    "leak",
    Severity.NOTE,
    "Items of one deck whose printed text answers another item are listed, so that forms can keep them apart.",
    """\
A leak is an item whose prompt, statement or options print another item's answer (or the words that
correct another's false statement) next to words of that item's question: "Which of these did the
Foreign Ministry say on Wednesday?" answers "On which day did the Foreign Ministry say ...?". An answer
merely repeated as an option of an unrelated question ("Wednesday" among four days) is no leak. A note:
rephrase the giver if it prints more than it needs, or let forms and sessions keep the two apart. If the
analysis is wrong, add `related: {ignore: [other-id], reason: ...}` to either item.

Fails:

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week did Portugal and Chile sign the fisheries agreement?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
- id: signing-place
  type: short
  topic: where
  prompt: In which city did Portugal and Chile sign the fisheries agreement on Tuesday?
  answer: Lisbon
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week did Portugal and Chile sign the fisheries agreement?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
- id: signing-place
  type: short
  topic: where
  prompt: In which city did Portugal and Chile sign the fisheries agreement?
  answer: Lisbon
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

ELIMINATION = Rule(
    "QG905",
    "elimination",
    Severity.NOTE,
    "Items of one deck that rule out another's wrong option are listed, so that forms and sessions keep them "
    "apart.",
    """\
"Which of these did X say?" offers statements as options; when another item prints one of its wrong options
as something said (a "who said ...?" question, a true statement, a cloze) or has it as its own answer, a
learner who sees both strikes that option, and with a few such items a form is solved by elimination. Only
statements count (the answer and the option of more than three content words): a name or a title among the
options can belong to several questions. A note: use another wrong option, or let forms and sessions keep the
two apart. If the analysis is wrong, add `related: {ignore: [other-id], reason: ...}` to either item.

Fails:

```yaml
- id: costa-which-said
  type: mcq
  topic: what
  prompt: Which of these did Portuguese Foreign Minister Ana Costa say after the meeting?
  answer: We will protect the southern stocks together
  distractors:
    - Portugal and Chile signed a fisheries agreement
    - Chile will export more copper to Portugal next year
    - Lisbon will host the next fisheries summit
  evidence:
    - source: example
      quote: >-
        "We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said after the
        meeting.
  review: {status: draft}
- id: signing-true
  type: true-false
  topic: what
  prompt: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  answer: true
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: costa-which-said
  type: mcq
  topic: what
  prompt: Which of these did Portuguese Foreign Minister Ana Costa say after the meeting?
  answer: We will protect the southern stocks together
  distractors:
    - Portugal will build a new fishing port in Lisbon
    - Chile will export more copper to Portugal next year
    - Lisbon will host the next fisheries summit
  evidence:
    - source: example
      quote: >-
        "We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said after the
        meeting.
  review: {status: draft}
- id: signing-true
  type: true-false
  topic: what
  prompt: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  answer: true
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

UNKNOWN = Rule(
    "QG903",
    "related-unknown",
    Severity.ERROR,
    "`excludes:` and `related: ignore` name items of the bank.",
    """\
A decision about an item that does not exist protects nothing (a typo, or an id that was renamed).

Fails:

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  excludes: [rojas-copper]
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

STALE = Rule(
    "QG904",
    "related-ignore-stale",
    Severity.WARNING,
    "A `related: ignore` silences a relation the analysis finds; one that silences nothing is removed.",
    """\
When an item changes, a reviewer's old decision may silence nothing: remove it, so that it cannot hide a
relation the next edit creates.

Fails:

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week did Portugal and Chile sign the fisheries agreement?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
- id: signing-place
  type: short
  topic: where
  prompt: In which city did Portugal and Chile sign the fisheries agreement?
  answer: Lisbon
  related: {ignore: [signing-day], reason: asked in different weeks}
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week did Portugal and Chile sign the fisheries agreement?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
- id: signing-place
  type: short
  topic: where
  prompt: In which city did Portugal and Chile sign the fisheries agreement on Tuesday?
  answer: Lisbon
  related: {ignore: [signing-day], reason: asked in different weeks}
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

RULES = (SAME_FACT, LEAK, UNKNOWN, STALE, ELIMINATION)


@dataclass(frozen=True, slots=True)
class DeckRelations:
    """The relations among the items of one deck (``quizgen relations``)."""

    deck: str
    """The deck's name, or "the bank" for a project without decks."""
    items: tuple[str, ...]
    """The ids of the deck's items, in bank order."""
    relations: Relations
    """Their same-fact groups, leaks and reviewer exclusions."""
    stem: str = ""
    """The deck file's stem (``thaad`` for ``decks/thaad.yaml``); empty for "the bank"."""


def by_deck(project: Project) -> list[DeckRelations]:
    """The relations of every deck of ``project`` (see :func:`deck_items`)."""
    return [
        DeckRelations(name, tuple(ids), relations_of(project, ids), stem)
        for name, stem, ids in decks_of(project)
    ]


def deck_items(project: Project) -> list[tuple[str, list[str]]]:
    """``(deck name, item ids)`` for each deck of the project; without decks, the bank's draft and approved
    items as one set named "the bank" (so relations show while a bank is written)."""
    return [(name, ids) for name, _, ids in decks_of(project)]


def live_ids(project: Project) -> list[str]:
    """The ids of the items that are not retired, in bank order."""
    return [q.id for q in project.bank.questions if q.status is not ReviewStatus.RETIRED]


def stale_needs(project: Project) -> bool:
    """Whether :func:`check_project` relates the whole live bank (ignoring reviews) to find stale decisions."""
    return any(q.ignore_related and q.status is not ReviewStatus.RETIRED for q in project.bank.questions)


_DECKS: list[tuple[Project, Selections, list[tuple[str, str, list[str]]]]] = []
"""The decks of the project last asked about (one check asks three times: relations, their diagnostics and the
deck checks; each ran every deck's selection over the whole bank)."""


def deck_selections(project: Project) -> Selections:
    """Each deck definition with the items it takes (in bank order), and the problems of reading the deck
    files; read once per project."""
    if _DECKS and _DECKS[0][0] is project:
        return _DECKS[0][1]
    from quizgen.load.decks import load_decks  # deck files are read only when wanted
    from quizgen.load.project import DECKS_DIR

    root = Path(project.root)
    decks, problems = load_decks(
        root, root / DECKS_DIR, topics=project.topics, sources=frozenset(project.sources.articles)
    )
    found: Selections = ([(d, d.select(project.bank.questions)) for d in decks], problems)
    if decks:
        ids = [(d.name, d.stem, [q.id for q in items]) for d, items in found[0]]
    else:
        ids = [("the bank", "", live_ids(project))]
    _DECKS[:] = [(project, found, ids)]
    return found


def decks_of(project: Project) -> list[tuple[str, str, list[str]]]:
    """``(deck name, file stem, item ids)`` of each deck (see :func:`deck_items`), read once per project."""
    deck_selections(project)
    return _DECKS[0][2]


_EXCLUDES = operator.attrgetter("excludes")
_IGNORE = operator.attrgetter("ignore_related")


def _answer_field(q: Question) -> str:
    return "prompt" if q.type in (QuestionType.CLOZE, QuestionType.TRUE_FALSE) else "answer"


def check_project(ctx: Context) -> Iterator[Diagnostic]:
    """Relations per deck (each pair reported once, naming its decks), and the reviewers' decisions."""
    project = ctx.project
    by_id = questions_by_id(project)
    questions = project.bank.questions
    # Most items name no other: those that do are picked in C, not by a Python step per item of the bank.
    naming = map(operator.or_, map(bool, map(_EXCLUDES, questions)), map(bool, map(_IGNORE, questions)))
    for q in itertools.compress(questions, naming):
        if q.status is ReviewStatus.RETIRED:
            continue
        for i, other in enumerate(q.excludes):
            if other not in project.bank.ids:
                hint = did_you_mean(other, project.bank.ids)
                yield diag(UNKNOWN, q.at(f"excludes.{i}"), f"excludes: no item {other!r} in the bank{hint}",
                           item=q.id)  # fmt: skip
        for i, other in enumerate(q.ignore_related):
            if other != "all" and other not in project.bank.ids:
                hint = did_you_mean(other, project.bank.ids)
                yield diag(UNKNOWN, q.at(f"related.ignore.{i}"),
                           f"related.ignore: no item {other!r} in the bank{hint}", item=q.id)  # fmt: skip
    groups: dict[tuple[str, ...], list[str]] = {}
    leaks: dict[tuple[str, str], tuple[Leak, list[str]]] = {}
    eliminations: dict[tuple[str, str], tuple[Elimination, list[str]]] = {}
    for deck, ids in deck_items(project):
        found = relations_of(project, ids)
        for group in found.groups:
            groups.setdefault(group, []).append(deck)
        for leak in found.leaks:
            leaks.setdefault((leak.giver, leak.taker), (leak, []))[1].append(deck)
        for e in found.eliminations:
            eliminations.setdefault((e.giver, e.taker), (e, []))[1].append(deck)
    for group, decks in sorted(groups.items()):
        first = by_id[group[0]]
        yield diag(
            SAME_FACT,
            first.at("prompt"),
            f"{len(group)} items test the same fact in {_decks(decks)} (tag quizgen::group::{group_name(group)}): "
            + ", ".join(group)
            + "; a form or session should ask only one of them",
            item=first.id,
            related=[Related(by_id[o].at("prompt"), f"{o} tests the same fact") for o in group[1:]],
        )
    for (giver, taker), (leak, decks) in sorted(leaks.items()):
        g, t = by_id[giver], by_id[taker]
        field, reason = leak.where, leak.reason
        yield diag(
            LEAK,
            g.at(field),
            f"{giver} gives away the answer of {taker} in {_decks(decks)}: {reason}",
            item=giver,
            related=[Related(t.at(_answer_field(t)), f"{taker}'s answer")],
        )
    for (giver, taker), (e, decks) in sorted(eliminations.items()):
        g, t = by_id[giver], by_id[taker]
        yield diag(
            ELIMINATION,
            g.at(e.where),
            f"{giver} rules out an option of {taker} in {_decks(decks)}: {e.reason}",
            item=giver,
            related=[Related(t.at(f"distractors.{e.option}"), f"{taker}'s wrong option")],
        )
    yield from _stale(project)


def _decks(decks: list[str]) -> str:
    return ", ".join(d if d == "the bank" else f"deck {d!r}" for d in decks)


def _stale(project: Project) -> Iterator[Diagnostic]:
    silenced = [
        q for q in project.bank.questions if q.ignore_related and q.status is not ReviewStatus.RETIRED
    ]
    if not silenced:
        return
    live = live_ids(project)
    found = relations_of(project, live, honour_reviews=False)
    pairs = {frozenset(p) for g in found.groups for p in _pairs(g)}
    pairs |= {frozenset((leak.giver, leak.taker)) for leak in found.leaks}
    pairs |= {frozenset((e.giver, e.taker)) for e in found.eliminations}
    related_to = {x for p in pairs for x in p}
    for q in silenced:
        for i, other in enumerate(q.ignore_related):
            if other == "all":
                if q.id not in related_to:
                    yield diag(STALE, q.at("related"), "related: ignore all, but the analysis relates this item to "
                               "nothing; remove the decision", item=q.id)  # fmt: skip
            elif other in project.bank.ids and frozenset((q.id, other)) not in pairs:
                yield diag(STALE, q.at(f"related.ignore.{i}"),
                           f"related.ignore: the analysis finds no relation with {other!r}; remove it",
                           item=q.id)  # fmt: skip


def _pairs(group: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            yield a, b
