"""The bank loader's quick reading of clean items agrees with its full reading, item for item.

:func:`quizgen.load.bank._clean_question` builds an item without collecting messages, and hands anything it
is not sure of to :func:`quizgen.load.bank._question`. Here both read the shipped bank's items and thousands of
damaged copies of them: whenever the quick reading gives an item, the full one must give the same item (same
locations, in the same order) and report nothing.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from quizgen.core.model import DEFAULT_TOPICS
from quizgen.load.bank import FileItem, _clean_question, _question
from quizgen.load.yamlfile import NodeReader, ReadError, compose

ROOT = Path(__file__).resolve().parent.parent
SOURCES = frozenset(p.stem for p in (ROOT / "seeds").glob("*.txt"))


def _items() -> list[str]:
    """Each item of the shipped bank as its own YAML text."""
    out = []
    for path in sorted((ROOT / "question_bank").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        out += [block for block in re.split(r"(?m)^(?=- )", text) if block.startswith("- ")]
    return out


_EDITS = [
    (r"(?m)^  topic: .*$", "  topic: nowhere"),
    (r"(?m)^  topic: .*$", "  topic: yes"),
    (r"(?m)^  topic: .*$", "  topic:"),
    (r"(?m)^  prompt: .*$", "  prompt: [a, b]"),
    (r"(?m)^  prompt: .*$", '  prompt: "  "'),
    (r"(?m)^  type: .*$", "  type: essay"),
    (r"(?m)^  type: .*$", "  type: true-false"),
    (r"(?m)^  type: .*$", "  type: cloze"),
    (r"(?m)^  type: .*$", "  type: short"),
    (r"(?m)^  type: .*$", "  type: mcq"),
    (r"(?m)^  answer: .*$", "  answer: false"),
    (r"(?m)^  answer: .*$", "  answer: no"),
    (r"(?m)^  answer: .*$", "  answer: ~"),
    (r"(?m)^  answer: .*$", "  answer: 2017"),
    (r"(?m)^- id: .*$", "- id: Not_A_Slug"),
    (r"(?m)^- id: .*$", "- id: true"),
    (r"(?m)^- id: (.*)$", r"- id: \1\n  id: \1"),
    (r"(?m)^  tags: .*$", "  tags: [has space, ok]"),
    (r"(?m)^  tags: .*$", "  tags: []"),
    (r"(?m)^  tags: .*$", "  tags: tag"),
    (r"(?m)^  distractors: \[([^,\]]*),.*$", r"  distractors: [\1]"),
    (r"(?m)^  distractors: .*$", "  distractors: [a, b, null]"),
    (r"source: (\S+)", r"source: \1-missing"),
    (r"(?m)^(\s+)quote: .*$", r"\1quote: ''"),
    (r"(?m)^(\s+)quote: .*$", r"\1quote: [x]"),
    (r"(?m)^(\s+)quote: (.*)$", r"\1quote: \2\n\1page: 3"),
    (r"(?m)^  evidence:$", "  evidence: []\n  unused:"),
    (r"(?m)^  evidence:\n(?:    .*\n)*", ""),
    (r"status: \w+", "status: done"),
    (r"status: \w+", "status: approved"),
    (r"status: \w+", "status: retired"),
    (r"on: [\d-]+", "on: 2025-02-30"),
    (r"on: [\d-]+", "on: yesterday"),
    (r"on: [\d-]+", "on: 20250219"),
    (r"on: [\d-]+", "on: 2025-W07-3"),
    (r"hash: \S+?([,}])", r"hash: md5\1"),
    (r"by: [^,}]+", "by: ''"),
    (r"review: \{", "review: {note: x, "),
    (r"review: \{status: \w+,?", "review: {"),
    (r"(?m)^  review: .*$", "  review: draft"),
    (r"(?m)^  explanation: .*$", "  explanation: null"),
    (r"(?m)^  explanation: .*$", '  explanation: "ok"\n  explanation: "twice"'),
    (r"(?m)^  (\w+):", r"  \1x:"),
    (r"(?m)^  prompt:", "  objective: not a slug\n  prompt:"),
    (r"(?m)^  prompt:", "  objective: name-roles\n  level: remember\n  difficulty: easy\n  prompt:"),
    (r"(?m)^  prompt:", "  level: recall\n  prompt:"),
    (r"(?m)^  prompt:", "  difficulty: ''\n  prompt:"),
    (r"(?m)^  prompt:", "  rule: quotes\n  prompt:"),
    (r"(?m)^  prompt:", "  rule: [quotes]\n  prompt:"),
    (r"(?m)^  prompt:", "  confidence: 0.5\n  prompt:"),
    (r"(?m)^  prompt:", "  context: Someone, in a paper:\n  prompt:"),
    (r"(?m)^  prompt:", "  correction: The right statement.\n  prompt:"),
    (r"(?m)^  prompt:", "  aliases: [one, two]\n  prompt:"),
    (r"(?m)^  prompt:", "  excludes: [other-item, other-item]\n  prompt:"),
    (r"(?m)^- id: (.*)$", r"- id: \1\n  excludes: [\1]"),
    (r"(?m)^  prompt:", "  related: {ignore: all, reason: checked}\n  prompt:"),
    (r"(?m)^  prompt:", "  null: x\n  prompt:"),
    (r"(?m)^  prompt:", "  [a]: x\n  prompt:"),
]


def _variants(items: list[str], n: int, seed: int) -> list[str]:
    """The items as shipped, and ``n`` copies with one to three random edits each."""
    rng = random.Random(seed)
    out = list(items)
    for _ in range(n):
        text = rng.choice(items)
        for _ in range(rng.randint(1, 3)):
            pattern, replacement = rng.choice(_EDITS)
            text = re.sub(pattern, replacement, text, count=1)
        out.append(text)
    return out


def _compare(text: str, topics: dict[str, str], sources: frozenset[str] | None) -> bool | None:
    """Read the item of ``text`` both ways; whether the quick reading gave it (``None``: not YAML)."""
    try:
        top = compose(text, "bank.yaml")
    except ReadError:
        return None
    assert top is not None
    node = top.value[0]
    reader = NodeReader("bank.yaml")
    full = _question(reader, node, topics, sources)
    quick = _clean_question(node, "bank.yaml", topics, sources)
    if quick is None:
        return False
    assert reader.diagnostics == [], text
    assert full == [FileItem(quick.id, quick.at("id"), quick)], text
    assert full[0].question is not None
    assert list(full[0].question.locations.items()) == list(quick.locations.items()), text
    return True


@pytest.mark.parametrize("sources", [SOURCES, None], ids=["known-sources", "unchecked-sources"])
def test_quick_reading_gives_what_the_full_reading_gives(sources: frozenset[str] | None) -> None:
    items = _items()
    assert len(items) > 50
    topics = dict(DEFAULT_TOPICS)
    outcomes = [_compare(text, topics, sources) for text in _variants(items, 3000, seed=7)]
    # Both outcomes happen often: the shipped items are read the quick way, most damaged ones are not.
    assert all(_compare(text, topics, sources) for text in items)
    assert outcomes.count(True) > len(items) and outcomes.count(False) > 1000
