"""The one place quiz assembly and the self-test get item relations from.

Printed forms (``quizgen.build.printing``) and self-test pools (``quizgen.selftest.pool``) both call
:func:`relations_for`, and both take relations as plain input below it, so their tests use relations written
by hand.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizgen.checks.relations import Relations, relate
from quizgen.core.model import Project


def relations_for(project: Project, ids: Sequence[str]) -> Relations:
    """The same-fact groups and leaks among ``ids``, as computed by :func:`quizgen.checks.relations.relate`
    (with the reviewers' ``excludes`` and ``related: ignore`` applied)."""
    return relate(project, ids)
