"""The bank format in one table: the loader reads by it, and the JSON Schema is generated from it.

``quizgen schema`` prints the schema; ``quizgen/load/schema/question-bank.schema.json`` is the committed copy, and a
test keeps the two (and the loader's behaviour on a set of examples) in sync.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quizgen.core.model import Difficulty, Level, QuestionType, ReviewStatus

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Question ids: lower-case words and digits joined by single hyphens."""
TAG_PATTERN = r"^[^\s]+$"
"""Tags: no whitespace (Anki splits tags on spaces)."""
HASH_PATTERN = r"^sha256:[0-9a-f]{16}$"
"""Review hashes as written by ``quizgen approve``."""
MIN_DISTRACTORS = 3
"""An mcq needs at least this many distractors."""


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a bank item."""

    name: str
    """The YAML key."""
    kind: str
    """``text``, ``slug``, ``choice``, ``answer``, ``text-list``, ``evidence-list``, ``confidence``,
    ``related`` or ``review``."""
    doc: str
    """One line on what the field holds."""
    required_for: frozenset[QuestionType]
    """Question types that must have the field."""
    allowed_for: frozenset[QuestionType]
    """Question types that may have it (a superset of ``required_for``)."""


_ALL = frozenset(QuestionType)
_NONE: frozenset[QuestionType] = frozenset()


def _types(*names: str) -> frozenset[QuestionType]:
    return frozenset(QuestionType(n) for n in names)


FIELDS: Mapping[str, FieldSpec] = {
    f.name: f
    for f in (
        FieldSpec("id", "text", "stable slug, unique across the bank, never reused", _ALL, _ALL),
        FieldSpec("type", "text", "mcq, short, true-false or cloze", _ALL, _ALL),
        FieldSpec("topic", "text", "who-said, where, met, role, when, what (or a project topic)", _ALL, _ALL),
        FieldSpec(
            "prompt",
            "text",
            "the question; cloze: text with {{c1::...}} deletions; true-false: the statement",
            _ALL,
            _ALL,
        ),
        FieldSpec(
            "context",
            "text",
            'cloze: who speaks and where, shown before the text (e.g. "Russia\'s Foreign Ministry, in China Topix:")',
            _NONE,
            _types("cloze"),
        ),
        FieldSpec(
            "answer",
            "answer",
            "the answer; true-false: true or false; cloze: optional, the deletion",
            _types("mcq", "short", "true-false"),
            _ALL,
        ),
        FieldSpec(
            "aliases", "text-list", "other accepted typed answers", _NONE, _types("mcq", "short", "cloze")
        ),
        FieldSpec(
            "distractors",
            "text-list",
            f"mcq: at least {MIN_DISTRACTORS} wrong options",
            _types("mcq"),
            _types("mcq"),
        ),
        FieldSpec(
            "correction",
            "text",
            "true-false with answer false: the true statement the evidence supports",
            _NONE,
            _types("true-false"),
        ),
        FieldSpec("evidence", "evidence-list", "the verbatim passages that support the item", _ALL, _ALL),
        FieldSpec("explanation", "text", "what the learner should take away", _NONE, _ALL),
        FieldSpec("tags", "text-list", "tags without spaces, e.g. the article and topic", _NONE, _ALL),
        FieldSpec(
            "objective",
            "slug",
            "the id of the learning objective it serves, as a deck's objectives list it (not hashed)",
            _NONE,
            _ALL,
        ),
        FieldSpec(
            "level",
            "choice",
            "what it asks: " + ", ".join(v.value for v in Level) + " (not hashed)",
            _NONE,
            _ALL,
        ),
        FieldSpec(
            "difficulty",
            "choice",
            "the reviewer's estimate: " + ", ".join(v.value for v in Difficulty) + " (not hashed)",
            _NONE,
            _ALL,
        ),
        FieldSpec(
            "excludes",
            "text-list",
            "ids of items never to be asked with this one (a relation the analysis missed)",
            _NONE,
            _ALL,
        ),
        FieldSpec(
            "related",
            "related",
            "silence computed relations: {ignore: [ids] or all, reason: why the analysis is wrong}",
            _NONE,
            _ALL,
        ),
        FieldSpec(
            "rule", "text", "drafts: the name of the drafting rule that proposed the item", _NONE, _ALL
        ),
        FieldSpec(
            "confidence",
            "confidence",
            "drafts: how often the drafting rule is right, a number from 0 to 1",
            _NONE,
            _ALL,
        ),
        FieldSpec("review", "review", "review record: status, by, on, hash", _ALL, _ALL),
    )
}
"""The fields of a bank item, in the order documentation and ``quizgen approve`` write them."""

CHOICES: Mapping[str, tuple[str, ...]] = {
    "level": tuple(v.value for v in Level),
    "difficulty": tuple(v.value for v in Difficulty),
}
"""The values a ``choice`` field takes."""

EVIDENCE_FIELDS = {"source": "the id of the cited article", "quote": "the passage, verbatim"}
REVIEW_FIELDS = {
    "status": "draft, approved or retired",
    "by": "who reviewed it",
    "on": "the review date, YYYY-MM-DD",
    "hash": "the review hash written by quizgen approve",
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a bank file, generated from :data:`FIELDS`."""
    # Plain numbers are text too (the loader keeps the source text: `answer: 2017`).
    text = {"type": ["string", "number"], "pattern": r"\S"}
    text_list = {"type": "array", "items": text}
    properties: dict[str, Any] = {}
    for spec in FIELDS.values():
        if spec.name == "id":
            # An all-digit slug (`id: 2019`) is a number to a YAML parser; the loader reads it as text.
            prop: dict[str, Any] = {
                "anyOf": [{"type": "string", "pattern": ID_PATTERN}, {"type": "integer", "minimum": 0}]
            }
        elif spec.name == "type":
            prop = {"enum": [t.value for t in QuestionType]}
        elif spec.kind == "answer":
            prop = {"anyOf": [text, {"type": "boolean"}]}
        elif spec.name == "tags":
            prop = {"type": "array", "items": {"type": ["string", "number"], "pattern": TAG_PATTERN}}
        elif spec.kind == "slug":
            prop = {"type": "string", "pattern": ID_PATTERN}
        elif spec.kind == "choice":
            prop = {"enum": list(CHOICES[spec.name])}
        elif spec.kind == "confidence":
            prop = {"type": "number", "minimum": 0, "maximum": 1}
        elif spec.kind == "text-list":
            prop = dict(text_list)
        elif spec.kind == "evidence-list":
            prop = {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {k: dict(text, description=v) for k, v in EVIDENCE_FIELDS.items()},
                    "required": list(EVIDENCE_FIELDS),
                    "additionalProperties": False,
                },
            }
        elif spec.kind == "related":
            prop = {
                "type": "object",
                "properties": {
                    "ignore": {
                        "anyOf": [
                            {"const": "all"},
                            {"type": "array", "minItems": 1, "items": dict(text, description="an item id")},
                        ]
                    },
                    "reason": text,
                },
                "required": ["ignore", "reason"],
                "additionalProperties": False,
            }
        elif spec.kind == "review":
            prop = {
                "type": "object",
                "properties": {
                    "status": {"enum": [s.value for s in ReviewStatus]},
                    "by": text,
                    "on": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                    "hash": {"type": "string", "pattern": HASH_PATTERN},
                },
                "required": ["status"],
                "additionalProperties": False,
                "if": {"properties": {"status": {"const": "approved"}}},
                "then": {"required": ["status", "by", "on", "hash"]},
            }
        else:
            prop = dict(text)
        prop["description"] = spec.doc
        properties[spec.name] = prop
    rules: list[dict[str, Any]] = []
    for qtype in QuestionType:
        required = [f.name for f in FIELDS.values() if qtype in f.required_for]
        forbidden = [f.name for f in FIELDS.values() if qtype not in f.allowed_for]
        then: dict[str, Any] = {"required": required}
        if forbidden:
            then["not"] = {"anyOf": [{"required": [name]} for name in forbidden]}
        if qtype is QuestionType.MCQ:
            then["properties"] = {"answer": text, "distractors": {"minItems": MIN_DISTRACTORS}}
        elif qtype is QuestionType.TRUE_FALSE:
            then["properties"] = {"answer": {"type": "boolean"}}
            rules.append(
                {
                    "if": {"properties": {"type": {"const": qtype.value}, "answer": {"const": False}}},
                    "then": {"required": ["correction"]},
                }
            )
        else:
            then["properties"] = {"answer": text}
        rules.append({"if": {"properties": {"type": {"const": qtype.value}}}, "then": then})
    item = {
        "type": "object",
        "properties": properties,
        "required": [f.name for f in FIELDS.values() if f.required_for == _ALL],
        "additionalProperties": False,
        "allOf": rules,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://quizgen.invalid/schema/question-bank.schema.json",
        "title": "quizgen question bank file",
        "description": "A question_bank/*.yaml file: a list of questions. Checks beyond structure (evidence is "
        "verbatim, answers are supported, ...) are done by `quizgen check`, not by this schema.",
        "type": "array",
        "items": item,
    }


def json_schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
