"""The JSON Schema of a bank file: the committed copy is current, and it agrees with the loader."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from quizgen import api
from quizgen.checks.example import BANK_FILE, FILES, write
from quizgen.core.model import DEFAULT_TOPICS
from quizgen.load.bank import load_bank
from quizgen.load.bankformat import json_schema, json_schema_text

SCHEMA_FILE = (
    Path(__file__).resolve().parent.parent / "quizgen" / "load" / "schema" / "question-bank.schema.json"
)
STRUCTURAL = {f"QG10{i}" for i in range(1, 8)}  # QG101-QG107
VALIDATOR = jsonschema.Draft202012Validator(json_schema())


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == json_schema_text(), (
        "regenerate: quizgen schema > quizgen/load/schema/question-bank.schema.json"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())
    assert json.loads(json_schema_text()) == json_schema()


def test_example_project_bank_is_valid() -> None:
    assert list(VALIDATOR.iter_errors(_as_json(yaml.safe_load(FILES[BANK_FILE])))) == []


ITEM = FILES[BANK_FILE]
EVIDENCE = (
    "  evidence:\n"
    "    - source: example\n"
    "      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
)


def _item(kind: str, body: str, *, review: str = "{status: draft}", qid: str = "an-item") -> str:
    return f"- id: {qid}\n  type: {kind}\n  topic: role\n{body}{EVIDENCE}  review: {review}\n"


SHORT = "  prompt: What post does Pablo Rojas hold?\n  answer: Chilean Foreign Minister\n"
MCQ = SHORT + "  distractors: [Peruvian Foreign Minister, Chilean Finance Minister, Chilean Trade Minister]\n"
TRUE = "  prompt: Pablo Rojas is Chilean Foreign Minister.\n  answer: true\n"
FALSE = (
    "  prompt: Pablo Rojas is Chilean Finance Minister.\n  answer: false\n"
    "  correction: Pablo Rojas is Chilean Foreign Minister.\n"
)
CLOZE = "  prompt: Chilean Foreign Minister {{c1::Pablo Rojas}} said the deal did not cover copper.\n"

# (name, bank file, valid?)
SNIPPETS = [
    ("short", _item("short", SHORT), True),
    ("mcq", _item("mcq", MCQ), True),
    ("true-false-true", _item("true-false", TRUE), True),
    ("true-false-false-with-correction", _item("true-false", FALSE), True),
    ("cloze-without-answer", _item("cloze", CLOZE), True),
    ("cloze-with-answer", _item("cloze", CLOZE + "  answer: Pablo Rojas\n"), True),
    (
        "optional-fields",
        _item(
            "short",
            SHORT + "  aliases: [Foreign Minister]\n  explanation: He said so.\n  tags: [chile, role]\n",
        ),
        True,
    ),
    (
        "approved",
        _item(
            "short",
            SHORT,
            review="{status: approved, by: Ana, on: 2025-06-04, hash: 'sha256:0123456789abcdef'}",
        ),
        True,
    ),
    ("retired", _item("short", SHORT, review="{status: retired}"), True),
    (
        "objective-level-difficulty",
        _item("short", SHORT + "  objective: name-roles\n  level: analyse\n  difficulty: hard\n"),
        True,
    ),
    ("bad-level", _item("short", SHORT + "  level: analyze\n"), False),
    ("bad-difficulty", _item("short", SHORT + "  difficulty: tricky\n"), False),
    ("objective-not-a-slug", _item("short", SHORT + "  objective: Name roles\n"), False),
    ("number-answer", _item("short", "  prompt: When?\n  answer: 2019\n"), True),
    ("number-id", _item("short", SHORT, qid="2019"), True),
    ("number-tag", _item("short", SHORT + "  tags: [2019, chile]\n"), True),
    ("two-items", _item("short", SHORT) + _item("mcq", MCQ, qid="another"), True),
    # structurally invalid
    ("missing-answer", _item("short", "  prompt: What post does Pablo Rojas hold?\n"), False),
    ("missing-prompt", _item("short", "  answer: Chilean Foreign Minister\n"), False),
    ("missing-evidence", ITEM.replace(EVIDENCE, ""), False),
    ("missing-review", ITEM.replace("  review: {status: draft}\n", ""), False),
    ("unknown-field", _item("short", SHORT.replace("answer:", "answr:")), False),
    (
        "mcq-two-distractors",
        _item("mcq", SHORT + "  distractors: [Peruvian Foreign Minister, Trade Minister]\n"),
        False,
    ),
    ("mcq-without-distractors", _item("mcq", SHORT), False),
    ("true-false-string-answer", _item("true-false", TRUE.replace("answer: true", 'answer: "true"')), False),
    ("true-false-word-answer", _item("true-false", TRUE.replace("answer: true", "answer: right")), False),
    ("false-without-correction", _item("true-false", FALSE.split("  correction:")[0]), False),
    ("correction-on-true-statement-is-allowed", _item("true-false", TRUE + "  correction: fine\n"), True),
    ("distractors-on-short", _item("short", MCQ), False),
    ("aliases-on-true-false", _item("true-false", TRUE + "  aliases: [yes]\n"), False),
    ("correction-on-short", _item("short", SHORT + "  correction: x\n"), False),
    ("bad-status", _item("short", SHORT, review="{status: done}"), False),
    ("review-without-status", _item("short", SHORT, review="{by: Ana}"), False),
    ("unknown-review-field", _item("short", SHORT, review="{status: draft, when: today}"), False),
    ("bad-hash", _item("short", SHORT, review="{status: draft, hash: abc}"), False),
    ("bad-review-date", _item("short", SHORT, review="{status: draft, on: June 4}"), False),
    ("bad-id-slug", _item("short", SHORT, qid="Rojas_Role"), False),
    ("id-with-double-hyphen", _item("short", SHORT, qid="rojas--role"), False),
    ("tag-with-space", _item("short", SHORT + "  tags: [chile, foreign minister]\n"), False),
    ("wrong-type", _item("essay", SHORT), False),
    (
        "answer-is-a-list",
        _item("short", SHORT.replace("answer: Chilean Foreign Minister", "answer: [x]")),
        False,
    ),
    (
        "answer-is-yaml-bool",
        _item("short", SHORT.replace("answer: Chilean Foreign Minister", "answer: no")),
        False,
    ),
    (
        "empty-prompt",
        _item("short", SHORT.replace("prompt: What post does Pablo Rojas hold?", 'prompt: " "')),
        False,
    ),
    (
        "null-prompt",
        _item("short", SHORT.replace("prompt: What post does Pablo Rojas hold?", "prompt:")),
        False,
    ),
    ("empty-evidence", ITEM.replace(EVIDENCE, "  evidence: []\n"), False),
    ("evidence-without-quote", ITEM.replace("      quote: Chilean", "      note: Chilean"), False),
    (
        "evidence-extra-field",
        ITEM.replace("    - source: example\n", "    - source: example\n      page: 2\n"),
        False,
    ),
    ("item-not-a-mapping", "- just a string\n", False),
    ("file-not-a-list", "id: an-item\ntype: short\ntopic: role\n", False),
]


def _as_json(value: Any) -> Any:
    """YAML data as JSON data: dates become ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dict):
        # PyYAML reads YAML 1.1, where the key `on` (of `review`) is the boolean true; quizgen's loader and
        # YAML 1.2 tools read it as the word.
        return {("on" if k is True else k): _as_json(v) for k, v in value.items()}
    return value


def test_snippet_names_are_unique_and_both_kinds_are_covered() -> None:
    names = [name for name, _, _ in SNIPPETS]
    assert len(names) == len(set(names))
    assert sum(valid for *_, valid in SNIPPETS) >= 10
    assert sum(not valid for *_, valid in SNIPPETS) >= 20


@pytest.mark.parametrize(("name", "bank", "valid"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_schema_and_loader_agree(tmp_path: Path, name: str, bank: str, valid: bool) -> None:
    schema_errors = [e.message for e in VALIDATOR.iter_errors(_as_json(yaml.safe_load(bank)))]
    folder = tmp_path / "question_bank"
    folder.mkdir()
    (folder / "bank.yaml").write_text(bank, encoding="utf-8")
    _, found = load_bank(tmp_path, folder, topics=DEFAULT_TOPICS, sources=None)
    structural = [d for d in found if d.code in STRUCTURAL]
    assert [d for d in found if d not in structural] == []
    assert (schema_errors == []) is valid, schema_errors
    assert (structural == []) is valid, structural


def test_valid_snippets_load_with_the_example_sources(tmp_path: Path) -> None:
    """The valid snippets, all in one bank beside the example articles, give no structural error."""
    bank = "".join(
        body.replace("id: an-item", f"id: item-{i}")
        for i, (name, body, valid) in enumerate(SNIPPETS)
        if valid and name != "two-items"
    )
    write(tmp_path, {BANK_FILE: bank})
    result = api.check(tmp_path)
    assert [d for d in result.diagnostics if d.code.startswith("QG1")] == []
    assert len(result.project.bank.questions) == sum(valid for *_, valid in SNIPPETS) - 1


def test_approved_without_hash_is_refused_by_the_schema_and_by_check(tmp_path: Path) -> None:
    """The schema requires by/on/hash on an approved item; the loader leaves that to check (QG602)."""
    bank = ITEM.replace("{status: draft}", "{status: approved}")
    assert list(VALIDATOR.iter_errors(_as_json(yaml.safe_load(bank)))) != []
    write(tmp_path, {BANK_FILE: bank})
    assert [d.code for d in api.check(tmp_path).diagnostics] == ["QG602"]
