"""Docs and code guard each other: generated docs are current, examples check clean, commands are documented."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from quizgen import api
from quizgen.checks.docs import markdown
from quizgen.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_checks_doc_is_generated_from_the_rules() -> None:
    committed = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert committed == markdown(), "regenerate: python -m quizgen.checks.docs > docs/checks.md"


BANK_FORMAT = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"^### ([^\n]+)\n\n```yaml\n(.*?)```", BANK_FORMAT, re.MULTILINE | re.DOTALL)


def test_bank_format_has_one_example_per_type() -> None:
    types = {re.search(r"^  type: (\S+)", body, re.MULTILINE).group(1) for _, body in EXAMPLES}  # type: ignore[union-attr]
    assert types == {"mcq", "short", "true-false", "cloze"}


@pytest.mark.parametrize(("title", "body"), EXAMPLES, ids=[t for t, _ in EXAMPLES])
def test_bank_format_example_checks_clean_against_the_seeds(tmp_path: Path, title: str, body: str) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "question_bank").mkdir()
    (tmp_path / "question_bank" / "example.yaml").write_text(body, encoding="utf-8")
    result = api.check(tmp_path)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    assert len(result.project.bank.questions) == 1


def test_every_command_is_in_the_readme() -> None:
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert names
    for name in names:
        assert f"`quizgen {name}" in README, name


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_one_verbatim() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quick_start, re.DOTALL)
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()
    assert "pytest" in commands[1]
    assert "quizgen" in commands[0]
