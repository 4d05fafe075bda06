"""The ``quizgen`` command, one module per group of commands.

Each command parses its arguments, calls one library function, and maps the result (or a
:class:`~quizgen.errors.QuizgenError`) to output and an exit code. No logic lives here.

Start-up time matters (``quizgen --help`` and the first self-test question): these modules import only typer
and the standard library at the top; each command imports the library it calls inside its body.
"""

from __future__ import annotations

from quizgen.cli import bank, build, draft, eval, relations, selftest  # noqa: F401  (importing a module registers its commands)
from quizgen.cli.app import app, main

__all__ = ["app", "main"]
