"""Item relations in each deck: items that test the same fact, and items that give another's answer away.

Relations are computed by :func:`quizgen.checks.relations.relate`; ``docs/relations.md`` defines them. They
are notes, not warnings: a bank may hold several items on one fact, and it is a printed form or a self-test
session that must not hold both (quiz assembly keeps them apart, and Anki cards carry a group tag). What is
wrong is a reviewer decision that names no item (QG903), or one that silences nothing any more (QG904).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quizgen.checks.base import Context, Rule, diag
from quizgen.checks.relations import Leak, Relations, group_name, relate
from quizgen.core.diagnostics import Diagnostic, Related, Severity
from quizgen.core.model import Project, Question, QuestionType, ReviewStatus

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

RULES = (SAME_FACT, LEAK, UNKNOWN, STALE)


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
        DeckRelations(name, tuple(ids), relate(project, ids), stem) for name, stem, ids in _decks_of(project)
    ]


def deck_items(project: Project) -> list[tuple[str, list[str]]]:
    """``(deck name, item ids)`` for each deck of the project; without decks, the bank's draft and approved
    items as one set named "the bank" (so relations show while a bank is written)."""
    return [(name, ids) for name, _, ids in _decks_of(project)]


def _decks_of(project: Project) -> list[tuple[str, str, list[str]]]:
    from quizgen.load.decks import load_decks  # deck files are read only when relations are wanted
    from quizgen.load.project import DECKS_DIR

    root = Path(project.root)
    decks, _ = load_decks(
        root, root / DECKS_DIR, topics=project.topics, sources=frozenset(project.sources.articles)
    )  # their problems are reported by the deck checks
    if decks:
        return [(d.name, d.stem, [q.id for q in d.select(project.bank.questions)]) for d in decks]
    live = [q.id for q in project.bank.questions if q.review.status is not ReviewStatus.RETIRED]
    return [("the bank", "", live)]


def _answer_field(q: Question) -> str:
    return "prompt" if q.type in (QuestionType.CLOZE, QuestionType.TRUE_FALSE) else "answer"


def check_project(ctx: Context) -> Iterator[Diagnostic]:
    """Relations per deck (each pair reported once, naming its decks), and the reviewers' decisions."""
    project = ctx.project
    by_id = {q.id: q for q in project.bank.questions}
    for q in project.bank.questions:
        if q.review.status is ReviewStatus.RETIRED:
            continue
        for i, other in enumerate(q.excludes):
            if other not in project.bank.ids:
                yield diag(UNKNOWN, q.at(f"excludes.{i}"), f"excludes: no item {other!r} in the bank",
                           item=q.id)  # fmt: skip
        for i, other in enumerate(q.ignore_related):
            if other != "all" and other not in project.bank.ids:
                yield diag(UNKNOWN, q.at(f"related.ignore.{i}"),
                           f"related.ignore: no item {other!r} in the bank", item=q.id)  # fmt: skip
    groups: dict[tuple[str, ...], list[str]] = {}
    leaks: dict[tuple[str, str], tuple[Leak, list[str]]] = {}
    for deck, ids in deck_items(project):
        found = ctx.relations[frozenset(ids)] = relate(project, ids)
        for group in found.groups:
            groups.setdefault(group, []).append(deck)
        for leak in found.leaks:
            leaks.setdefault((leak.giver, leak.taker), (leak, []))[1].append(deck)
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
    yield from _stale(project)


def _decks(decks: list[str]) -> str:
    return ", ".join(d if d == "the bank" else f"deck {d!r}" for d in decks)


def _stale(project: Project) -> Iterator[Diagnostic]:
    silenced = [
        q for q in project.bank.questions if q.ignore_related and q.review.status is not ReviewStatus.RETIRED
    ]
    if not silenced:
        return
    live = [q.id for q in project.bank.questions if q.review.status is not ReviewStatus.RETIRED]
    found = relate(project, live, honour_reviews=False)
    pairs = {frozenset(p) for g in found.groups for p in _pairs(g)} | {
        frozenset((leak.giver, leak.taker)) for leak in found.leaks
    }
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
