"""Exceptions for conditions an operation cannot go on from. Bad input is reported as diagnostics instead."""

from __future__ import annotations

from quizgen.core import exitcodes
from quizgen.core.diagnostics import Diagnostic


class QuizgenError(Exception):
    """An operation was refused; ``diagnostics`` say why (the CLI prints them and exits with ``exit_code``)."""

    exit_code = exitcodes.ERRORS
    """The process exit code when the CLI stops on this error (:mod:`quizgen.core.exitcodes`)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        """One line for the user."""
        self.diagnostics = diagnostics or []
        """The problems behind the refusal, if any."""


class UsageError(QuizgenError):
    """The command was asked for something that does not exist (an unknown rule, deck, topic or source...)."""

    exit_code = exitcodes.USAGE
