"""The one place quiz assembly and the self-test get item relations from.

TODO(branch ``fair``): :func:`relations_for` is a placeholder returning no relations; the lead wires in
``quizgen.checks.relations.relate(project, ids)`` here at merge. Printed forms (``quizgen.build.printing``)
and self-test pools (``quizgen.selftest.pool``) both call it, and both take relations as plain input below it,
so their tests use relations written by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizgen.checks.relations import NO_RELATIONS, Relations
from quizgen.core.model import Project


def placeholder_relations(project: Project, ids: Sequence[str]) -> Relations:
    """No relations: the stand-in until the analysis of branch ``fair`` lands."""
    del project, ids
    return NO_RELATIONS


def relations_for(project: Project, ids: Sequence[str]) -> Relations:
    """The same-fact groups and leaks among ``ids`` (the seam: see the module doc)."""
    return placeholder_relations(project, ids)
