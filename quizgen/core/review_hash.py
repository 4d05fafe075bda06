"""The review hash: what an approval vouches for.

The hash covers an item's content fields (not ``tags``, ``objective``, ``level``, ``difficulty``, the reviewer's
relations or ``review``) and the SHA-256 of every
article it cites, so editing either after approval is caught by ``quizgen check`` (QG601). It is written by
``quizgen approve``; nobody computes it by hand.

Definition (stable across versions: changing it would un-approve every bank):
``sha256:`` + the first 16 hex digits of SHA-256 over the UTF-8 of the compact, key-sorted JSON of
``{"item": {content fields, absent optional fields omitted}, "sources": {article id: file SHA-256}}``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from quizgen.core.model import Question

HASHED_FIELDS = (
    "id",
    "type",
    "topic",
    "prompt",
    "context",
    "answer",
    "aliases",
    "distractors",
    "correction",
    "evidence",
    "explanation",
)
"""The fields an approval covers. Tags, objective, level and difficulty are metadata (what an item is for, not
what it asks or cites) and can change without a new review."""


def content(question: Question) -> dict[str, Any]:
    """The hashed content of an item, as plain JSON-able data."""
    data: dict[str, Any] = {
        "id": question.id,
        "type": question.type.value,
        "topic": question.topic,
        "prompt": question.prompt,
        "evidence": [{"source": e.source, "quote": e.quote} for e in question.evidence],
    }
    if question.context is not None:  # absent: the hash of every item without one is unchanged
        data["context"] = question.context
    if question.answer is not None:
        data["answer"] = question.answer
    if question.aliases:
        data["aliases"] = list(question.aliases)
    if question.distractors:
        data["distractors"] = list(question.distractors)
    if question.correction is not None:
        data["correction"] = question.correction
    if question.explanation is not None:
        data["explanation"] = question.explanation
    return data


def review_hash(question: Question, digests: Mapping[str, str]) -> str:
    """The review hash of ``question``, given the SHA-256 of each article by id."""
    cited = sorted({e.source for e in question.evidence})
    payload = {"item": content(question), "sources": {s: digests.get(s, "") for s in cited}}
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return "sha256:" + hashlib.sha256(blob).hexdigest()[:16]
