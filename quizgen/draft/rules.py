"""The drafting rules as registered values: each has a name (which travels with what it finds and with the
draft, field ``rule``), a confidence, and an example it fires on and a near miss it must not fire on; the
examples run as tests (``tests/test_draft_rules.py``), as the check rules' ``Fails:`` / ``Passes:`` do.

Each extractor module (:mod:`.quotes`, :mod:`.meetings`, :mod:`.places`, :mod:`.roles`) declares its rules
with :func:`register`; :func:`all_rules` lists them all with the extractor that applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class DraftRule:
    """One drafting rule."""

    name: str
    """The rule's name, e.g. ``after-adjacent``."""
    relation: str
    """What it finds: ``quotation``, ``meeting``, ``place`` or ``role``."""
    confidence: float
    """How often it is right (0-1): measured where annotated data scores it, else an estimate (see its module)."""
    summary: str
    """The shape it recognises, in one line."""
    passes: str
    """A text the rule fires on."""
    fails: str
    """A near miss: a text like ``passes`` that the rule must not fire on."""


def register(*rules: DraftRule) -> dict[str, DraftRule]:
    """The rules of one extractor by name (names are unique)."""
    out = {r.name: r for r in rules}
    if len(out) != len(rules):
        raise ValueError("two drafting rules share a name")
    return out


class Found(Protocol):
    """What an extractor returns: anything that names the rule that found it."""

    @property
    def rule(self) -> str: ...


Extractor = Callable[[str], Sequence[Found]]


def all_rules() -> dict[str, tuple[DraftRule, Extractor]]:
    """Every drafting rule, with the extractor that applies it, in drafting order."""
    from quizgen.draft import meetings, places, quotes, roles

    out: dict[str, tuple[DraftRule, Extractor]] = {}
    for rules, extract in (
        (quotes.RULES, quotes.extract),
        (roles.RULES, roles.extract),
        (meetings.RULES, meetings.extract),
        (meetings.PLACE_RULES, meetings.extract),
        (places.RULES, places.extract),
    ):
        for name, rule in rules.items():
            if name in out:
                raise ValueError(f"drafting rule {name!r} is registered twice")
            out[name] = (rule, extract)
    return out


def fires(name: str, text: str) -> bool:
    """Whether the rule ``name`` finds anything in ``text``."""
    _, extract = all_rules()[name]
    # A meeting also names the rule that found its place (``place_rule``).
    return any(name in (found.rule, getattr(found, "place_rule", "")) for found in extract(text))
