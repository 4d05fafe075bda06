"""quizgen: a reviewed question bank, checked against its source articles like a compiler checks code."""

from quizgen.api import CheckResult, check
from quizgen.approve import ApproveResult, approve
from quizgen.diagnostics import Diagnostic, Location, Severity
from quizgen.errors import QuizgenError
from quizgen.project import load_project

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
