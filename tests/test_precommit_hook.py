"""The pre-commit hook that ``.pre-commit-hooks.yaml`` defines runs ``quizgen check`` on a bank repository."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_the_hook_definition_is_what_pre_commit_needs() -> None:
    assert isinstance(HOOKS, list) and [h["id"] for h in HOOKS] == ["quizgen-check"]
    hook = HOOKS[0]
    assert {"id", "name", "entry", "language"} <= set(hook)
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for staged in (
        "question_bank/cnn.yaml",
        "seeds/sources.yaml",
        "seeds/x.txt",
        "decks/thaad.yaml",
        "quizgen.yaml",
    ):
        assert files.search(staged), staged
    for other in ("README.md", "decks/thaad.apkg", "src/app.py"):
        assert not files.search(other), other


def _run_hook(project: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the hook's entry (and args) as pre-commit does: from the repository's top folder, no file names."""
    hook = HOOKS[0]
    argv = shlex.split(hook["entry"]) + list(hook.get("args", []))
    executable = Path(sys.executable).with_name(argv[0])  # the console script pip installed with quizgen
    assert executable.exists(), f"{argv[0]} is not installed beside {sys.executable}"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "user-cache"), "NO_COLOR": "1"}
    return subprocess.run(
        [str(executable), *argv[1:]], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "bank-repo"
    root.mkdir()
    for name in ("seeds", "question_bank"):
        shutil.copytree(ROOT / name, root / name)
    (root / "decks").mkdir()  # the deck definitions list the objectives items name
    for deck in (ROOT / "decks").glob("*.yaml"):
        shutil.copy(deck, root / "decks" / deck.name)
    return root


def test_the_hook_passes_a_clean_bank_and_fails_a_broken_one(project: Path, tmp_path: Path) -> None:
    done = _run_hook(project, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"checked \d+ questions against 3 articles", done.stdout), done.stdout
    bank = project / "question_bank" / "cnn.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("answer:", "answr:", 1), encoding="utf-8")
    done = _run_hook(project, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"question_bank/cnn\.yaml:\d+:\d+: error: .*'answr'", done.stdout), done.stdout
    assert (project / ".quizgen-cache" / "check").is_dir()  # the second run reused the other files' results
