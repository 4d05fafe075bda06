"""A file whose name is not UTF-8 (bytes a Latin-1 tool or an archive left) is refused with a located QG001
that shows the name with ``\\xNN`` escapes, in every output format; it was an internal error (the name could
not be hashed or printed). Found by fuzzing file names (newlines, spaces, ``-``, ``%``, ``::`` passed)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from selftest_project import make_project
from typer.testing import CliRunner

from quizgen.cli import app


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


@pytest.mark.parametrize(
    ("folder", "name", "shown"),
    [
        ("question_bank", b"\xff\xfe.yaml", "question_bank/\\xff\\xfe.yaml"),
        ("question_bank/drafts", b"d\xe9.yaml", "question_bank/drafts/d\\xe9.yaml"),
        ("seeds", b"\xff.txt", "seeds/\\xff.txt"),
        ("decks", b"th\xffd.yaml", "decks/th\\xffd.yaml"),
    ],
    ids=["bank", "drafts", "article", "deck"],
)
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_a_name_that_is_not_utf8_is_refused_located(
    project: Path, folder: str, name: bytes, shown: str, fmt: str
) -> None:
    path = os.path.join(os.fsencode(project / folder), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"- id: x\n")
    try:
        result = CliRunner().invoke(
            app, ["check", "--root", str(project), "--drafts", "--format", fmt, "--no-cache"]
        )
        assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
        assert result.exit_code == 1, result.output
        message = (
            f"the name of {shown} is not UTF-8 (each byte that is not is shown as \\xNN): rename the file"
        )
        if fmt == "json":
            found = json.loads(result.stdout)["diagnostics"]
            assert {
                "path": shown,
                "line": 1,
                "column": 1,
                "message": message,
                "code": "QG001",
            }.items() <= next(d for d in found if d["code"] == "QG001").items()
        elif fmt == "github":
            assert (
                f"::error file={shown.replace(':', '%3A')},line=1,col=1,title=QG001::{message}"
                in result.stdout
            )
            assert all(
                re.fullmatch(r"::(error|warning|notice) [^\n]*", line) for line in result.stdout.splitlines()
            )
        else:
            assert f"{shown}:1:1: error: {message} [QG001]" in result.stdout
    finally:
        os.unlink(path)


def test_review_names_a_drafts_file_that_is_not_utf8(project: Path) -> None:
    path = os.path.join(os.fsencode(project / "question_bank" / "drafts"), b"\xff.yaml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"- id: x\n")
    try:
        result = CliRunner().invoke(app, ["review", "--root", str(project), "--accept", "x", "--by", "X"])
        assert result.exit_code == 1, result.output
        assert "question_bank/drafts/\\xff.yaml: cannot read the drafts file" in result.output
        assert "\\udcff" not in result.output and "internal error" not in result.output
    finally:
        os.unlink(path)
