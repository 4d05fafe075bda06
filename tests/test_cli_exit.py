"""The ``quizgen`` command's exit after ``check``: the interpreter's teardown is skipped, the output and the
exit code are not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from quizgen.cli import app

ROOT = Path(__file__).resolve().parent.parent

_RUN = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('teardown ran'))\n"
    "sys.argv = ['quizgen', *sys.argv[1:]]\n"
    "from quizgen.cli import run\n"
    "run()\n"
)


def _project(into: Path) -> Path:
    for name in ("seeds", "question_bank", "decks"):
        shutil.copytree(ROOT / name, into / name)
    return into


def _quizgen(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True, check=False)


def test_check_exits_without_the_teardown_with_its_output_and_code(tmp_path: Path) -> None:
    root = _project(tmp_path)
    done = _quizgen("check", "--no-cache", "--root", str(root))
    expected = CliRunner().invoke(app, ["check", "--no-cache", "--root", str(root)])
    assert done.returncode == expected.exit_code == 0
    assert "teardown ran" not in done.stdout  # skipped: the process just ends
    assert done.stdout == expected.stdout and done.stdout.strip()


def test_a_failing_check_still_exits_1_with_every_line_written(tmp_path: Path) -> None:
    root = _project(tmp_path)
    bank = sorted((root / "question_bank").glob("*.yaml"))[0]
    bank.write_text(bank.read_text(encoding="utf-8").replace("prompt:", "prompt: [", 1), encoding="utf-8")
    done = _quizgen("check", "--no-cache", "--root", str(root))
    expected = CliRunner().invoke(app, ["check", "--no-cache", "--root", str(root)])
    assert done.returncode == expected.exit_code == 1
    assert "teardown ran" not in done.stdout
    assert done.stdout == expected.stdout and "error" in done.stdout


def test_other_commands_exit_as_python_does() -> None:
    done = _quizgen("rules", "QG101")
    assert done.returncode == 0
    assert done.stdout.rstrip().endswith("teardown ran")
