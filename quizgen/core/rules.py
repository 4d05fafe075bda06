"""The :class:`Rule` record and :func:`diag`, the one way a diagnostic is made.

A rule's code is written once, in its definition; loaders, checks and builders report through the rule, so
the code and the severity cannot drift from what ``quizgen rules`` and ``docs/checks.md`` say. The rule
definitions live with the stage that applies them (:mod:`quizgen.load.rules`, :mod:`quizgen.checks`), which
is why the record itself sits here, before every stage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizgen.core.diagnostics import Diagnostic, Location, Related, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    """One diagnostic code: what it means and how to fix it."""

    code: str
    """The code: ``QG`` and three digits."""
    name: str
    """A short slug, e.g. ``evidence-not-found``."""
    severity: Severity
    """Its severity."""
    summary: str
    """One line: what the rule requires."""
    doc: str
    """Markdown: why, how to fix, and the ``Fails:`` / ``Passes:`` examples (see ``docs/checks.md``)."""


def diag(
    rule: Rule,
    location: Location,
    message: str,
    *,
    item: str | None = None,
    related: Iterable[Related] = (),
    severity: Severity | None = None,
) -> Diagnostic:
    """A diagnostic of ``rule``, with the rule's severity unless ``severity`` says otherwise.

    ``severity`` is for the few reports that are deliberately milder than the rule (an empty ``quizgen.yaml``
    is a warning; a deck the build skips is a note), so that they keep the rule's code.
    """
    return Diagnostic(location, severity or rule.severity, rule.code, message, tuple(related), item)
