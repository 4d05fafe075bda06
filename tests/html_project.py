"""Small HTML quizzes for the writer and browser tests: the self-test's four-item project built as a page, and a
page whose every field holds hostile text."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

from selftest_project import make_project

from quizgen.build.run import build
from quizgen.core.model import Question
from quizgen.load.project import load_project
from quizgen.writers import html

DECK = (
    "name: Week 47\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
    "description: Fisheries & copper <week 47>\n"
    "outputs: [html, print]\n"
    "print: {forms: 2, seed: week-47, sections: type}\n"
)
HOSTILE = (
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 1">',
    "</script><script>window.__pwned = 1</script>",
    "{{c1::not a blank}}",
    "<!-- <b id=bold>b</b> &amp; \u2028",
)
"""Strings that would run, or change the page, if the page treated text as HTML."""
HOSTILE_TEXT = " ".join(HOSTILE)


def built(root: Path) -> dict[str, bytes]:
    """The four-item project under ``root`` with an html deck: its pages, by path, written under ``root``."""
    make_project(root)
    (root / "decks").mkdir(exist_ok=True)
    (root / "decks" / "week.yaml").write_text(DECK, encoding="utf-8")
    result = build(root, outputs=frozenset({"html"}))
    for output in result.outputs:
        (root / output.path).write_bytes(output.data)
    return {o.path: o.data for o in result.outputs}


def hostile_page(root: Path) -> bytes:
    """A page of the four items with hostile text in every field a learner sees (and in the title)."""
    make_project(root)
    project = load_project(root).project

    def spoil(q: Question) -> Question:
        changes: dict[str, object] = {
            "prompt": f"{q.prompt} {HOSTILE_TEXT}",
            "explanation": HOSTILE_TEXT,
            "evidence": tuple(dataclasses.replace(e, quote=f"{e.quote} {HOSTILE_TEXT}") for e in q.evidence),
        }
        if q.type.value == "short":
            changes["answer"] = HOSTILE[0]
            changes["aliases"] = HOSTILE[1:]
        if q.type.value == "mcq":
            changes["answer"] = HOSTILE[1]
            changes["distractors"] = (HOSTILE[0], HOSTILE[2], HOSTILE[4])
        if q.type.value == "true-false":
            changes["correction"] = HOSTILE_TEXT
        if q.type.value == "cloze":
            changes["prompt"] = f"{HOSTILE[0]} {{{{c1::{HOSTILE[1]}::{HOSTILE[2]}}}}} {HOSTILE[3]}"
        return dataclasses.replace(q, **changes)

    questions = [spoil(q) for q in project.bank.questions]
    page = html.deck_page(HOSTILE[2], HOSTILE_TEXT, "hostile", questions, project.sources.articles)
    items = tuple(dataclasses.replace(i, citations=(HOSTILE_TEXT,) * len(i.citations)) for i in page.items)
    return html.write(dataclasses.replace(page, items=items))


def page_data(page: bytes) -> dict[str, object]:
    """The JSON document a page carries."""
    found = re.search(rb'<script type="application/json" id="quiz-data">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found[1])
    return data
