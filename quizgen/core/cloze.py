"""Cloze syntax: ``{{cN::text::hint}}`` deletions in a prompt, as Anki writes them. Every stage that reads a
cloze prompt (checks, planning, writers, the self-test) parses it here."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DELETION = re.compile(r"\{\{c([0-9]+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)  # Anki reads ASCII digits only
MAX_NUMBER = 999
"""The highest cloze number the check takes: one past it is a typo (no prompt makes a thousand cards)."""


@dataclass(frozen=True, slots=True)
class Deletion:
    """One ``{{cN::text::hint}}`` deletion of a cloze prompt."""

    number: int
    """N."""
    text: str
    """The deleted text."""
    hint: str | None
    """The optional hint."""
    start: int
    """Offset of ``{{`` in the prompt."""
    end: int
    """Offset just past ``}}``."""


def deletions(prompt: str) -> list[Deletion]:
    """The cloze deletions of a prompt, in order."""
    return [Deletion(_number(m[1]), m[2], m[3], m.start(), m.end()) for m in _DELETION.finditer(prompt)]


def _number(digits: str) -> int:
    """N of ``{{cN::``; any number past :data:`MAX_NUMBER` reads as one past it (``int`` refuses 4300 digits)."""
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= len(str(MAX_NUMBER)) else MAX_NUMBER + 1


def fill(prompt: str) -> str:
    """The cloze prompt with its deletions filled in (the text a learner should recall)."""
    return _DELETION.sub(lambda m: m[2], prompt)


def blank(prompt: str) -> str:
    """The cloze prompt with its deletions left out (what a learner sees)."""
    return _DELETION.sub(" ", prompt)
