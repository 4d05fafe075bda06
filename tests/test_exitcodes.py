"""The exit-code policy (quizgen/core/exitcodes.py): --strict means the same for check and coverage."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.checks.example import FILES, write
from quizgen.cli import app
from quizgen.core import exitcodes
from quizgen.core.diagnostics import Diagnostic, Location, Severity
from quizgen.core.errors import QuizgenError, UsageError

APPROVED = FILES["question_bank/example.yaml"].replace(
    "review: {status: draft}",
    'review: {status: approved, by: Ana, on: 2025-06-04, hash: "sha256:5530192f597463bd"}',
)


def _d(severity: Severity) -> Diagnostic:
    return Diagnostic(Location("question_bank/a.yaml", 1, 1), severity, "QG000", "x")


@pytest.mark.parametrize(
    ("severities", "findings", "plain", "strict"),
    [
        ((), False, 0, 0),
        ((Severity.NOTE,), False, 0, 0),
        ((Severity.WARNING,), False, 0, 2),
        ((), True, 0, 2),
        ((Severity.ERROR,), False, 1, 1),
        ((Severity.ERROR, Severity.WARNING), True, 1, 1),
    ],
)
def test_for_findings(severities: tuple[Severity, ...], findings: bool, plain: int, strict: int) -> None:
    found = [_d(s) for s in severities]
    assert exitcodes.for_findings(found, strict=False, findings=findings) == plain
    assert exitcodes.for_findings(found, strict=True, findings=findings) == strict


def test_errors_carry_their_exit_code() -> None:
    assert QuizgenError("no").exit_code == exitcodes.ERRORS == 1
    assert UsageError("no").exit_code == exitcodes.USAGE == 2


def test_check_and_coverage_strict_agree(tmp_path: Path) -> None:
    """A clean bank whose only finding is uncited sentences: check --strict exits 0, coverage --strict exits 2
    as check --strict does on a warning; an error exits 1 from both, with or without --strict."""
    write(tmp_path, {"question_bank/example.yaml": APPROVED})
    runner = CliRunner()

    def code(*args: str) -> int:
        return runner.invoke(app, [*args, "--root", str(tmp_path)]).exit_code

    assert code("check", "--strict") == 0
    assert code("coverage") == 0
    assert code("coverage", "--strict") == 2
    (tmp_path / "question_bank" / "bad.yaml").write_text("- id: [\n", "utf-8")
    assert code("check") == code("check", "--strict") == 1
    assert code("coverage") == code("coverage", "--strict") == 1
