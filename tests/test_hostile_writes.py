"""A folder (or an unreadable file) where quizgen is to write a file is refused before anything is written, and
never leaves a journal that stops every later command; a damaged journal is named, not an internal error.

Each case came from probing ``review --into``, ``draft --output`` and ``.quizgen-pending.json`` by hand.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from draft_project import drafted_project
from typer.testing import CliRunner

from quizgen.cli import app
from quizgen.core.fileio import PENDING

ARTICLE = "000_61357396dd02fba6"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return drafted_project(tmp_path_factory.mktemp("drafted"), ARTICLE)


@pytest.fixture
def root(drafted: Path, tmp_path: Path) -> Path:
    shutil.copytree(drafted, tmp_path / "p")
    return tmp_path / "p"


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--root", str(root)])
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    assert "internal error" not in result.output
    return result.exit_code, result.output


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _first_draft(root: Path) -> str:
    text = (root / "question_bank" / "drafts" / f"{ARTICLE}.yaml").read_text("utf-8")
    return text.split("- id: ", 1)[1].split("\n", 1)[0]


def test_accepting_into_a_folder_is_refused_and_later_commands_still_run(root: Path) -> None:
    (root / "question_bank" / "extra").mkdir()
    before = _files(root)
    qid = _first_draft(root)
    code, out = _run(
        root, "review", "--accept", qid, "--into", str(root / "question_bank" / "extra"), "--by", "A"
    )
    assert code == 1, out
    assert "question_bank/extra is a folder, not a file: nothing was written" in out
    assert _files(root) == before and not (root / PENDING).exists()
    code, out = _run(root, "review", "--accept", qid, "--by", "A")  # was: every review stopped, exit 5
    assert code == 0, out
    code, out = _run(root, "build", "anki")
    assert code == 0, out


@pytest.mark.parametrize("where", ["fifo", "link", "outside", "drafts", "yml"])
def test_accepting_into_anything_but_a_bank_file_is_refused(root: Path, tmp_path: Path, where: str) -> None:
    """Found by fuzzing --into: the draft was cut and its item written where the bank is not read (lost to
    it), and the rename replaced what was there: a FIFO, or /dev/null itself (as root), by a regular file."""
    import os

    outside = tmp_path / "outside.yaml"
    outside.write_text("# not the bank\n")
    target = {
        "fifo": root / "question_bank" / "pipe.yaml",
        "link": root / "question_bank" / "link.yaml",
        "outside": outside,
        "drafts": root / "question_bank" / "drafts" / "x.yaml",
        "yml": root / "question_bank" / "x.yml",
    }[where]
    if where == "fifo":
        os.mkfifo(target)
    if where == "link":
        target.symlink_to(outside)
    before, outside_before = _files(root), outside.read_bytes()
    code, out = _run(root, "review", "--accept", _first_draft(root), "--into", str(target), "--by", "A")
    assert code == 1, out
    assert f"--into {target} is not " in out and "nothing was done" in out
    assert _files(root) == before and outside.read_bytes() == outside_before
    if where == "fifo":
        assert target.is_fifo()  # not replaced by a regular file


@pytest.mark.parametrize("command", ["draft", "reject"])
def test_a_rejected_list_that_is_not_utf8_is_placed(root: Path, command: str) -> None:
    """Found by fuzzing question_bank/drafts/rejected.txt: bytes that are not UTF-8 were an internal error in
    ``draft`` and ``review --reject``."""
    (root / "question_bank" / "drafts" / "rejected.txt").write_bytes(b"old-id\n\xff\xfe\n")
    before = _files(root)
    args = ["draft", ARTICLE] if command == "draft" else ["review", "--reject", _first_draft(root)]
    code, out = _run(root, *args)
    assert code == 1, out
    assert "question_bank/drafts/rejected.txt:2:1: error: file is not valid UTF-8 (byte 0xff)" in out
    assert "rejected.txt: cannot read the rejected drafts; nothing was written" in out
    assert _files(root) == before


def test_a_journal_naming_a_folder_is_refused_whole_and_says_what_to_do(root: Path) -> None:
    (root / "decks" / "x.txt").mkdir()
    (root / "decks" / ".x.txt.abcdefgh.tmp").write_text("new\n")
    (root / PENDING).write_text('[["decks/.x.txt.abcdefgh.tmp", "decks/x.txt"]]')
    code, out = _run(root, "build", "anki")
    assert code == 1, out
    assert (
        "decks/x.txt is a folder, not a file: an earlier write could not finish: move the folder away" in out
    )
    (root / "decks" / "x.txt").rmdir()
    code, out = _run(root, "build", "anki")
    assert code == 0, out
    assert (root / "decks" / "x.txt").read_text() == "new\n" and not (root / PENDING).exists()


@pytest.mark.parametrize("journal", ["{", "[1, 2]", '[["a"]]', '{"a": 1}', "\xff"])
def test_a_damaged_journal_is_named(root: Path, journal: str) -> None:
    (root / PENDING).write_bytes(journal.encode("latin-1"))
    code, out = _run(root, "build", "anki")
    assert code == 1, out
    assert f"{PENDING} is damaged" in out and "delete it and run again" in out


def test_drafting_into_a_folder_or_a_file_that_is_not_text_is_refused(root: Path) -> None:
    drafts = root / "question_bank" / "drafts"
    shutil.rmtree(drafts)
    before = _files(root)
    (root / "out").mkdir()
    code, out = _run(root, "draft", ARTICLE, "--output", str(root / "out"))
    assert code == 1, out
    assert "is a folder, not a drafts file: nothing was written" in out
    bad = root / "bad.yaml"
    bad.write_bytes(b"\xff\xfe not utf-8\n")
    code, out = _run(root, "draft", ARTICLE, "--output", str(bad))
    assert code == 1, out
    assert "bad.yaml:1:1: error:" in out and "cannot read the drafts file; nothing was written" in out
    assert {k: v for k, v in _files(root).items() if k != "bad.yaml"} == before


def test_a_broken_drafts_file_waiting_for_review_is_located_by_its_project_path(root: Path) -> None:
    # Was located by its bare name ("000_….yaml:82:1"), which names no file the user can open from the project.
    waiting = root / "question_bank" / "drafts" / f"{ARTICLE}.yaml"
    lines = len(waiting.read_text("utf-8").splitlines())
    with waiting.open("a", encoding="utf-8") as f:
        f.write("key: [unclosed\n")
    before = _files(root)
    code, out = _run(root, "draft", ARTICLE)
    assert code == 1, out
    assert f"question_bank/drafts/{ARTICLE}.yaml:{lines + 1}:1: error: YAML syntax error" in out
    assert _files(root) == before


def test_a_folder_where_a_build_output_goes_is_refused_and_nothing_is_written(root: Path) -> None:
    apkg = root / "decks" / "thaad.apkg"
    apkg.unlink(missing_ok=True)
    apkg.mkdir()
    before = _files(root)
    code, out = _run(root, "build", "anki", "--force")
    assert code == 1, out  # was: exit 5 blaming the machine, then every build stopped on the journal
    assert "decks/thaad.apkg is a folder, not a file: nothing was written" in out
    assert _files(root) == before and not (root / PENDING).exists()
    apkg.rmdir()
    code, out = _run(root, "build", "anki")
    assert code == 0, out
    assert apkg.is_file()
