"""quizgen: a reviewed question bank, checked against its source articles like a compiler checks code.

The public names are imported on first use (PEP 562), so that ``quizgen --help`` and the self-test start
without loading the checker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quizgen.api import CheckResult, check
    from quizgen.core.diagnostics import Diagnostic, Location, Severity
    from quizgen.core.errors import QuizgenError
    from quizgen.load.project import load_project
    from quizgen.review.approve import ApproveResult, approve

_PUBLIC = {
    "ApproveResult": "quizgen.review.approve",
    "CheckResult": "quizgen.api",
    "Diagnostic": "quizgen.core.diagnostics",
    "Location": "quizgen.core.diagnostics",
    "QuizgenError": "quizgen.core.errors",
    "Severity": "quizgen.core.diagnostics",
    "approve": "quizgen.review.approve",
    "check": "quizgen.api",
    "load_project": "quizgen.load.project",
}

__all__ = [
    "ApproveResult",
    "CheckResult",
    "Diagnostic",
    "Location",
    "QuizgenError",
    "Severity",
    "approve",
    "check",
    "load_project",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'quizgen' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
