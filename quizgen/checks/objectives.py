"""Objectives: an item's ``objective`` names a learning objective that a deck definition lists.

Objectives are written in deck definitions (``decks/*.yaml``, ``objectives: [{id, text}]``), so the deck files
are read (once per run) when the first item naming an objective is checked. ``quizgen coverage`` counts the
approved items per objective and level, and ``coverage --strict`` fails on an objective no item serves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import Objective, Project
from quizgen.load.rules import DECK_EXAMPLE

_ITEM = """\
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  objective: {objective}
  level: remember
  difficulty: easy
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {{status: draft}}
"""
_DECK = DECK_EXAMPLE + "objectives:\n  - {id: name-roles, text: Name the role of each official quoted}\n"

UNKNOWN_OBJECTIVE = Rule(
    "QG809",
    "unknown-objective",
    Severity.ERROR,
    "An item's objective is the id of a learning objective that a deck definition lists.",
    f"""\
A deck lists what its learners should be able to do (``objectives: [{{id: slug, text: ...}}]`` in
``decks/*.yaml``); an item names the one it serves with ``objective: ID``, and may say what it asks with
``level`` (remember, understand, analyse) and ``difficulty`` (easy, medium, hard). These three fields are
metadata: like tags they are not part of the review hash, so setting them does not un-approve an item.
A misspelt objective would silently leave the objective uncovered, so it is an error.

Fails (the deck lists no objective ``roles``):

```yaml
{_ITEM.format(objective="roles")}{_DECK}```

Passes:

```yaml
{_ITEM.format(objective="name-roles")}{_DECK}```
""",
)

RULES = (UNKNOWN_OBJECTIVE,)


def project_objectives(project: Project) -> tuple[dict[str, Objective], bool]:
    """Every objective the project's deck definitions list, by id (their problems are the deck checks'), and
    whether every definition could be read: a broken one may list objectives that are not known now."""
    from quizgen.load.decks import load_decks, objectives_of  # deck files are read only when needed
    from quizgen.load.project import DECKS_DIR

    root = Path(project.root)
    decks, problems = load_decks(
        root, root / DECKS_DIR, topics=project.topics, sources=frozenset(project.sources.articles)
    )
    return objectives_of(decks), not any(p.severity is Severity.ERROR for p in problems)


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """The item's objective is one a deck lists."""
    q = item.question
    if q.objective is None:
        return
    if ctx.objectives is None:
        ctx.objectives, ctx.objectives_complete = project_objectives(ctx.project)
    if q.objective in ctx.objectives or not ctx.objectives_complete:
        return  # with a deck definition broken (its error is reported), an unknown objective may be its
    known = ", ".join(ctx.objectives) or "none: add `objectives:` to a deck definition"
    yield diag(
        UNKNOWN_OBJECTIVE,
        q.at("objective"),
        f"no deck lists the objective {q.objective!r}; the decks' objectives are: {known}",
        item=q.id,
    )
