"""The small project every rule's examples run against (``docs/checks.md``, ``tests/test_rule_docs.py``).

An example block in a rule's doc is a bank file, unless it starts with ``# file: PATH``; a block may hold
several files, each starting with such a line. The files replace or add to :data:`FILES`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quizgen.checks.base import Rule

BANK_FILE = "question_bank/example.yaml"

FILES: Mapping[str, str] = {
    "seeds/example.txt": (
        "Ministers meet in Lisbon\n"
        "By Example Staff, June 3, 2025\n"
        "\n"
        "Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.\n"
        '"We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said after the '
        "meeting.\n"
        "Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
        "The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.\n"
        "\n"
        "Photo: Example Wire\n"
    ),
    "seeds/wire.txt": (
        "Rojas repeated on Wednesday that the deal did not cover copper, and Ana Costa agreed.\n"
        "Both ministers praised the South Pacific Fishing Accord (SPFA).\n"
    ),
    "seeds/sources.yaml": (
        "articles:\n"
        "  - id: example\n"
        "    outlet: Example Daily\n"
        "    headline: Ministers meet in Lisbon\n"
        "    headline_line: 1\n"
        "    published: 2025-06-03\n"
        "    published_line: 2\n"
        "    furniture:\n"
        '      - {lines: "1-2", what: "headline, byline and date"}\n'
        '      - {lines: "9", what: photo credit}\n'
        "  - id: wire\n"
        "    outlet: Example Wire\n"
        "    headline: Rojas on copper\n"
        "variants:\n"
        "  - preferred: South Pacific Fisheries Accord\n"
        "    also: [South Pacific Fishing Accord]\n"
        "    note: example says Fisheries, wire says Fishing.\n"
    ),
    BANK_FILE: (
        "- id: rojas-role\n"
        "  type: short\n"
        "  topic: role\n"
        "  prompt: What post does Pablo Rojas hold?\n"
        "  answer: Chilean Foreign Minister\n"
        "  evidence:\n"
        "    - source: example\n"
        "      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
        "  review: {status: draft}\n"
    ),
}
"""The example project's files by path."""

_BLOCK = re.compile(r"^(Fails|Passes)[^\n]*:\n\n```yaml\n(.*?)```", re.MULTILINE | re.DOTALL)
_FILE = re.compile(r"^# file: (\S+)\n", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Example:
    """One example of a rule's doc."""

    fails: bool
    """True for a failing example, which must raise the rule's code; false for a passing one."""
    files: Mapping[str, str]
    """The files the example gives (replacing or adding to :data:`FILES`)."""


def examples(rule: Rule) -> list[Example]:
    """The runnable examples of a rule's doc, in order."""
    out = []
    for m in _BLOCK.finditer(rule.doc):
        body = m.group(2)
        parts = _FILE.split(body)
        files = {BANK_FILE: parts[0]} if parts[0].strip() else {}
        for i in range(1, len(parts), 2):
            files[parts[i]] = parts[i + 1]
        out.append(Example(m.group(1) == "Fails", files))
    return out


def write(root: Path, files: Mapping[str, str]) -> None:
    """Write the example project, with ``files`` replacing or adding to it, under ``root``."""
    for path, text in {**FILES, **files}.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
