"""Issue 13's tool rules: captions, objectives and levels, discrepancy and source questions, multi-article
items, prompt facts, true-false key terms, typo tolerance and cloze attribution."""

from __future__ import annotations

from pathlib import Path

from quizgen import api
from quizgen.checks.example import FILES, write
from quizgen.core.display import citation, evidence_line

CAPTIONED = FILES["seeds/example.txt"].replace(
    "Photo: Example Wire\n",
    "Photo: Example Wire. Ana Costa and Pablo Rojas shake hands at the Belem Palace.\n",
)
PHOTO_ITEM = (
    "- id: signing-photo\n  type: short\n  topic: where\n"
    "  prompt: Where were Ana Costa and Pablo Rojas photographed shaking hands?\n"
    "  answer: Belem Palace\n  evidence:\n    - source: example\n"
    "      quote: Ana Costa and Pablo Rojas shake hands at the Belem Palace.\n"
    "  review: {status: draft}\n"
)


def _catalogue(line9: str) -> str:
    return FILES["seeds/sources.yaml"].replace('      - {lines: "9", what: photo credit}\n', line9)


def _codes(root: Path) -> set[str]:
    return {d.code for d in api.check(root).diagnostics}


# --- captions ------------------------------------------------------------------------------------------------


def test_caption_evidence_passes_where_furniture_fails(tmp_path: Path) -> None:
    files = {"seeds/example.txt": CAPTIONED, "question_bank/example.yaml": PHOTO_ITEM}
    write(
        tmp_path, {**files, "seeds/sources.yaml": _catalogue('      - {lines: "9", what: photo caption}\n')}
    )
    assert "QG202" in _codes(tmp_path)  # as furniture: refused
    captions = '    captions:\n      - {lines: "9", what: photo caption}\n'
    catalogue = _catalogue("").replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {**files, "seeds/sources.yaml": catalogue})
    result = api.check(tmp_path)
    assert result.diagnostics == []
    article = result.project.sources.articles["example"]
    line = evidence_line(article, "Ana Costa and Pablo Rojas shake hands")
    assert line == 9
    assert citation(article, line) == (
        "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line 9, photo caption"
    )
    # a quote the body also has is cited from the body, without the caption mark
    assert citation(article, evidence_line(article, "Ana Costa")) == (
        "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line 5"
    )


def test_a_line_both_caption_and_furniture_is_refused(tmp_path: Path) -> None:
    captions = '    captions:\n      - {lines: "2", what: photo caption}\n'
    catalogue = FILES["seeds/sources.yaml"].replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {"seeds/sources.yaml": catalogue})
    found = [d for d in api.check(tmp_path).diagnostics if d.code == "QG121"]
    assert len(found) == 1 and "a caption or furniture, not both" in found[0].message
    assert found[0].location.path == "seeds/sources.yaml" and found[0].location.line == 12


def test_caption_fields_are_checked_like_furniture(tmp_path: Path) -> None:
    captions = '    captions:\n      - {lines: "40", what: photo caption, by: me}\n'
    catalogue = FILES["seeds/sources.yaml"].replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {"seeds/sources.yaml": catalogue})
    messages = {(d.code, d.message) for d in api.check(tmp_path).diagnostics}
    assert ("QG102", "unknown caption field 'by'; expected lines, what") in messages


def test_coverage_does_not_ask_for_captions(tmp_path: Path) -> None:
    captions = '    captions:\n      - {lines: "9", what: photo caption}\n'
    catalogue = _catalogue("").replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {"seeds/example.txt": CAPTIONED, "seeds/sources.yaml": catalogue})
    lines = [s.location.line for s in api.coverage(tmp_path).coverage.sentences if s.article == "example"]
    assert 9 not in lines and 4 in lines
