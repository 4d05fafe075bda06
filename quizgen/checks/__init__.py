"""The checks: a registry of rules, and :func:`run`, which applies them to a loaded project.

One module per family of rules (the loaders' rules are in :mod:`quizgen.load.rules`). Each rule has a code, a
severity and a doc with a failing and a passing example; ``quizgen rules`` lists them, ``docs/checks.md`` is
generated from them, and ``tests/test_rule_docs.py`` runs every example.
"""

from __future__ import annotations

from collections.abc import Mapping

from quizgen.checks import (
    answer,
    cloze,
    decks,
    distractors,
    evidence,
    facts,
    joint,
    leak,
    objectives,
    related,
    review,
    truefalse,
    variants,
)
from quizgen.checks.base import Context, Item, ItemCheck, ProjectCheck, Rule
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.model import Project, ReviewStatus
from quizgen.load import rules as load_rules

_MODULES = (
    load_rules,
    evidence,
    answer,
    joint,
    cloze,
    truefalse,
    distractors,
    leak,
    facts,
    review,
    variants,
    decks,
    related,
    objectives,
)

RULES: Mapping[str, Rule] = {rule.code: rule for module in _MODULES for rule in module.RULES}
"""Every rule by code, in code order."""
RULES = dict(sorted(RULES.items()))

ITEM_CHECKS: tuple[ItemCheck, ...] = (
    evidence.check,
    answer.check,
    joint.check,
    cloze.check,
    truefalse.check,
    distractors.check,
    leak.check,
    facts.check,
    review.check,
    variants.check,
    objectives.check,
)
"""Checks run on each draft or approved item."""

PROJECT_CHECKS: tuple[ProjectCheck, ...] = (variants.check_project, related.check_project)
"""Checks run once on the whole project."""


def check_item(item: Item, ctx: Context) -> list[Diagnostic]:
    """All item checks on one item.

    One mistake, one error: an approved item with another error (a typo in its quote) is not also told to be
    approved again (QG601), since undoing the mistake is the fix; once it is clean, a changed item still is.
    """
    out: list[Diagnostic] = []
    for fn in ITEM_CHECKS:
        out.extend(fn(item, ctx))
    changed = review.CHANGED.code
    if any(d.code != changed and d.severity is Severity.ERROR for d in out):
        out = [d for d in out if d.code != changed]
    return out


def run(
    project: Project, *, only: frozenset[str] | None = None, context: Context | None = None
) -> list[Diagnostic]:
    """Every check on ``project`` (or on the items whose ids are in ``only``); unsorted.

    Retired items are not checked: they stay in the bank only so that their ids are never reused. A caller that
    passes ``context`` (``Context.of(project)``) can read what the checks found from its fields afterwards.
    """
    ctx = context if context is not None else Context.of(project)
    out: list[Diagnostic] = []
    for question in project.bank.questions:
        if question.review.status is ReviewStatus.RETIRED or (only is not None and question.id not in only):
            continue
        out.extend(check_item(Item.of(question), ctx))
    if only is None:
        for fn in PROJECT_CHECKS:
            out.extend(fn(ctx))
    return out


__all__ = ["ITEM_CHECKS", "PROJECT_CHECKS", "RULES", "Rule", "check_item", "run"]
