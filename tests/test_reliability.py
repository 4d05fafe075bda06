"""Hostile input, interrupted writes and concurrent use (issue 17): each defect found there, held fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen import api
from quizgen.build.run import build
from quizgen.checks.example import write
from quizgen.core.errors import QuizgenError
from quizgen.review.approve import approve

DECK = (
    "name: Example\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
    "select: {status: [approved]}\n"
)


def _approved(root: Path, files: dict[str, str] | None = None) -> Path:
    """The example project with a deck and its item approved."""
    write(root, {"decks/example.yaml": DECK, **(files or {})})
    approve(root, ["rojas-role"], by="Ana")
    return root


def _refusal(root: Path) -> list[tuple[str, str]]:
    with pytest.raises(QuizgenError) as refused:
        build(root)
    return [(d.code, str(d.location)) for d in refused.value.diagnostics]


@pytest.mark.parametrize(
    ("name", "break_it", "expected"),
    [
        (
            "catalogue-yaml-error",
            lambda r: (r / "seeds/sources.yaml").write_text("articles: [\n"),
            [("QG002", "seeds/sources.yaml:2:1")],
        ),
        (
            "article-not-utf8",
            lambda r: (r / "seeds/example.txt").write_bytes(b"Ministers\n caf\xe9\n"),
            [("QG001", "seeds/example.txt:2:5")],
        ),
    ],
)
def test_build_on_a_broken_catalogue_reports_the_cause_once(
    tmp_path: Path, name: str, break_it: object, expected: list[tuple[str, str]]
) -> None:
    root = _approved(tmp_path)
    break_it(root)  # type: ignore[operator]
    assert [(d.code, str(d.location)) for d in api.check(root).diagnostics] == expected
    assert _refusal(root) == expected


def test_build_without_a_sources_folder_reports_it(tmp_path: Path) -> None:
    root = _approved(tmp_path)
    for path in (root / "seeds").iterdir():
        path.unlink()
    (root / "seeds").rmdir()
    assert _refusal(root) == [("QG001", "seeds:1:1")]
