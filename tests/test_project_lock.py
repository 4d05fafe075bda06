"""Two commands that change one project never run at once: the second is refused, says why, and changes
nothing (found by running two ``review --accept`` at once: the second removed the first's staged files as
leftovers of a killed run, and the first stopped with "No such file or directory", exit 5; two writers can
also each write a file from what they read before the other wrote it, losing the other's change)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from draft_project import drafted_project
from typer.testing import CliRunner

from quizgen.cli import app
from quizgen.core.fileio import project_lock

ARTICLE = "000_61357396dd02fba6"
DRAFTS = f"question_bank/drafts/{ARTICLE}.yaml"
HOLD = "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX); print(1, flush=True); sys.stdin.read()"  # noqa: E501


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return drafted_project(tmp_path_factory.mktemp("drafted"), ARTICLE)


@pytest.fixture
def held(drafted: Path) -> Iterator[Path]:
    """The project, held by another process as a running command holds it."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(drafted)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "1\n"
        yield drafted
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(10)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _first_draft(root: Path) -> str:
    return str(yaml.safe_load((root / DRAFTS).read_text("utf-8"))[0]["id"])


@pytest.mark.parametrize(
    "command",
    [
        ["build", "--force"],
        ["review", "--accept", "FIRST", "--by", "X"],
        ["review", "--reject", "FIRST"],
        ["approve", "lu-kang-threatened-security", "--by", "X"],
        ["draft", ARTICLE],
    ],
    ids=lambda c: c[0] + (c[1] if c[1].startswith("--") else ""),
)
def test_a_second_writer_is_refused_and_changes_nothing(held: Path, command: list[str]) -> None:
    root = held
    # another command's staged file, not yet renamed into place: not a leftover to remove
    staged = root / "question_bank" / ".cnn.yaml.abcd1234.tmp"
    staged.write_text("being written by the other command\n", "utf-8")
    try:
        before = _files(root)
        args = [_first_draft(root) if a == "FIRST" else a for a in command]
        result = CliRunner().invoke(app, [*args, "--root", str(root)])
        assert result.exit_code == 1, result.output
        assert (
            "another quizgen command (build, draft, review or approve) is changing the project"
            in result.output
        )
        assert "run this again when it has finished" in result.output
        assert _files(root) == before
    finally:
        staged.unlink()


def test_the_lock_is_let_go_and_taken_again_in_one_process(tmp_path: Path) -> None:
    """An accept approving its item takes the lock it holds; after a command, the next one gets it."""
    with project_lock(tmp_path), project_lock(tmp_path):
        pass
    with project_lock(tmp_path):
        pass
