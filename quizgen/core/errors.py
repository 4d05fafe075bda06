"""Exceptions for conditions an operation cannot go on from. Bad input is reported as diagnostics instead."""

from __future__ import annotations

from quizgen.core.diagnostics import Diagnostic


class QuizgenError(Exception):
    """An operation was refused; ``diagnostics`` say why (the CLI prints them and exits 1)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.message = message
        """One line for the user."""
        self.diagnostics = diagnostics or []
        """The problems behind the refusal, if any."""
