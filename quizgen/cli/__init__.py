"""The ``quizgen`` command, one module per group of commands.

Each command parses its arguments, calls one :mod:`quizgen.api` function, and maps the result (or a
:class:`~quizgen.core.errors.QuizgenError`) to output and an exit code (:mod:`quizgen.core.exitcodes`). No
logic lives here; ``tests/test_cli_calls_api.py`` holds every command to one api call.

Start-up time matters (``quizgen --help`` and the first self-test question): these modules import only typer
and the standard library at the top; each command imports the library it calls inside its body.
"""

from __future__ import annotations

from quizgen.cli import bank, build, draft, eval, relations, selftest  # noqa: F401  (importing a module registers its commands)
from quizgen.cli.app import app, main, run

__all__ = ["app", "main", "run"]
