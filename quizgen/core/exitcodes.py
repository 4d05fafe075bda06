"""The exit-code policy of every ``quizgen`` command, written once (README "Exit codes" documents it).

| code | meaning |
|---|---|
| 0 | done: nothing wrong (warnings and notes allowed, unless ``--strict``) |
| 1 | errors: the command found errors, refused to go on (nothing half-written; also while another command is
  changing the same project), or the self-test score is below ``--fail-under`` |
| 2 | ``--strict`` and the command found something short of an error (warnings; uncited sentences for
  ``coverage``), or a usage error (a bad option or date, an unknown rule, deck, topic or source) |
| 3 | internal error: a bug in quizgen, not bad input (``QUIZGEN_DEBUG=1`` shows the traceback) |
| 4 | the self-test state file cannot be used (left untouched) |
| 130 | interrupted with Ctrl-C; every decision or answer already taken is saved |

``--strict`` means the same for every command that has it: what would exit 0 with warnings exits 2 instead.
Errors exit 1 with or without it. Typer itself exits 2 on a bad option, hence usage errors share code 2.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports this module at start-up: keep it free of the rest of quizgen
    from quizgen.core.diagnostics import Diagnostic

OK = 0
"""Done; nothing wrong."""
ERRORS = 1
"""Errors found, an operation refused, or a self-test score below ``--fail-under``."""
STRICT = 2
"""Warnings (or another finding short of an error) under ``--strict``."""
USAGE = 2
"""A usage error: the same code typer uses for a bad option."""
INTERNAL = 3
"""A bug in quizgen."""
STATE = 4
"""The self-test state file cannot be used."""
ENVIRONMENT = 5
"""The machine refused: a read-only folder, a permission, a full disk. Not a bug, not bad input."""
INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT, as shells report it)."""


def for_findings(diagnostics: Iterable[Diagnostic], *, strict: bool, findings: bool = False) -> int:
    """The code of a command that reports ``diagnostics``: :data:`ERRORS` on any error, :data:`STRICT` when
    ``strict`` and there is a warning or another ``findings`` short of an error, else :data:`OK`. Notes never
    count."""
    from quizgen.core.diagnostics import Severity

    severities = {d.severity for d in diagnostics}
    if Severity.ERROR in severities:
        return ERRORS
    if strict and (findings or Severity.WARNING in severities):
        return STRICT
    return OK
