"""quizgen coverage: sentences of reporting, the items citing them, and the counts."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quizgen import api
from quizgen.checks.example import FILES, write
from quizgen.cli import app

APPROVED = FILES["question_bank/example.yaml"].replace(
    "review: {status: draft}",
    'review: {status: approved, by: Ana, on: 2025-06-04, hash: "sha256:5530192f597463bd"}',
)


def test_sentences_exclude_furniture_and_count_citing_items(tmp_path: Path) -> None:
    write(tmp_path, {"question_bank/example.yaml": APPROVED})
    result = api.coverage(tmp_path)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    example = [s for s in result.coverage.sentences if s.article == "example"]
    # Lines 1-2 and 9 are furniture; lines 4-7 hold four sentences.
    assert [(s.location.line, s.location.column) for s in example] == [(4, 1), (5, 1), (6, 1), (7, 1)]
    assert [s.items for s in example] == [(), (), ("rojas-role",), ()]
    assert result.coverage.by_type == {"short": 1}
    assert result.coverage.by_topic == {"role": 1}
    assert result.coverage.by_article == {"example": 1, "wire": 0}
    assert len(result.coverage.uncovered) == 5  # three in example, two in wire


def test_drafts_count_only_when_asked(tmp_path: Path) -> None:
    write(tmp_path, {})
    assert api.coverage(tmp_path).coverage.counted == 0
    assert api.coverage(tmp_path, include_drafts=True).coverage.counted == 1


def test_a_sentence_split_mid_line_is_its_own_row(tmp_path: Path) -> None:
    write(tmp_path, {"question_bank/example.yaml": APPROVED})
    wire = [s for s in api.coverage(tmp_path).coverage.sentences if s.article == "wire"]
    assert [s.text for s in wire] == [
        "Rojas repeated on Wednesday that the deal did not cover copper, and Ana Costa agreed.",
        "Both ministers praised the South Pacific Fishing Accord (SPFA).",
    ]


def test_cli_text_json_and_strict(tmp_path: Path) -> None:
    write(tmp_path, {"question_bank/example.yaml": APPROVED})
    runner = CliRunner()
    text = runner.invoke(app, ["coverage", "--root", str(tmp_path)])
    assert text.exit_code == 0
    assert "seeds/example.txt  Example Daily: Ministers meet in Lisbon  (1/4 sentences cited)" in text.stdout
    assert (
        "    6:1     1  Chilean Foreign Minister Pablo Rojas said the deal did not cover copper."
        in text.stdout
    )
    assert "1 item; 5 of 6 sentences of reporting uncited" in text.stdout
    data = json.loads(runner.invoke(app, ["coverage", "--format", "json", "--root", str(tmp_path)]).stdout)
    assert data["uncovered"] == 5 and data["items"] == 1
    # --strict means what it means for check: an uncited sentence, short of an error, exits 2
    assert runner.invoke(app, ["coverage", "--strict", "--root", str(tmp_path)]).exit_code == 2
