"""A small approved project for the self-test tests: the rule examples' articles and one item of each type."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizgen.checks.example import BANK_FILE, write
from quizgen.review.approve import approve

BANK = """\
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  tags: [rojas]
  review: {status: draft}

- id: signing-city
  type: mcq
  topic: where
  prompt: Where did Portugal and Chile sign the fisheries agreement?
  answer: Lisbon
  distractors: [Santiago, Madrid, Porto]
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}

- id: copper-covered
  type: true-false
  topic: what
  prompt: Pablo Rojas said the deal covered copper.
  answer: false
  correction: Pablo Rojas said the deal did not cover copper.
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  tags: [rojas]
  review: {status: draft}

- id: signing-cloze
  type: cloze
  topic: where
  prompt: Portugal and Chile signed a fisheries agreement in {{c1::Lisbon}} on Tuesday.
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
"""

IDS = ("rojas-role", "signing-city", "copper-covered", "signing-cloze")
"""The items, in bank order."""
ANSWERS = {"rojas-role": "Chilean Foreign Minister", "copper-covered": "f", "signing-cloze": "Lisbon"}
"""A right answer to each item but the mcq (whose letter depends on the seed)."""


def make_project(root: Path) -> Path:
    """Write the project under ``root`` and approve every item."""
    write(root, {BANK_FILE: BANK})
    approve(root, list(IDS), by="tester", on=dt.date(2026, 1, 1), accept_warnings=True)
    return root
