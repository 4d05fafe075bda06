"""``quizgen build`` skips a deck whose inputs and outputs did not change, and says so; ``--force`` rebuilds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _own_secret(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


def _build(root: Path, *args: str) -> str:
    done = CliRunner().invoke(app, ["build", *args, "--root", str(root)])
    assert done.exit_code == 0, done.output
    return done.output


def test_an_unchanged_deck_is_skipped_until_an_input_or_an_output_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("seeds", "question_bank", "decks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    first = _build(tmp_path)
    assert "wrote decks/thaad.apkg" in first and "skipped" not in first
    for path in (ROOT / "decks").iterdir():  # a fresh build makes the committed bytes
        assert (tmp_path / "decks" / path.name).read_bytes() == path.read_bytes(), path.name

    again = _build(tmp_path)
    assert "thaad: unchanged, skipped" in again and "wrote" not in again

    (tmp_path / "decks" / "thaad.gift.txt").write_text("edited by hand\n", encoding="utf-8")
    assert "wrote decks/thaad.gift.txt" in _build(tmp_path)  # an edited output is rebuilt
    assert (tmp_path / "decks" / "thaad.gift.txt").read_bytes() == (
        ROOT / "decks" / "thaad.gift.txt"
    ).read_bytes()
    assert "skipped" in _build(tmp_path)

    bank = tmp_path / "question_bank" / "cnn.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert "wrote decks/thaad.apkg" in _build(tmp_path)  # an input changed
    assert "wrote decks/thaad.apkg" in _build(tmp_path, "--force")

    # A record from another user (another secret) is not believed.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert "wrote decks/thaad.apkg" in _build(tmp_path)


def test_a_damaged_record_means_a_rebuild(tmp_path: Path) -> None:
    for name in ("seeds", "question_bank", "decks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    _build(tmp_path, "gift")
    record = tmp_path / ".quizgen-cache" / "build" / "thaad.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    assert list(data["files"]) == ["decks/thaad.gift.txt"]
    assert "skipped" in _build(tmp_path, "gift")
    data["files"] = {"../outside.txt": data["files"]["decks/thaad.gift.txt"]}
    record.write_text(json.dumps(data), encoding="utf-8")
    assert "wrote decks/thaad.gift.txt" in _build(tmp_path, "gift")
    record.write_text("{broken", encoding="utf-8")
    assert "wrote decks/thaad.gift.txt" in _build(tmp_path, "gift")
