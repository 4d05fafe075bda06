"""Where things are: a thing deployed, sited, held or seen in a place, or a place named with its kind.

Rules:
``placed-in``   <participle> in|at|near PLACE ("is seen in Portvale", "was deployed at Eastmoor")
``place-kind``  in|at|near PLACE <kind> ("its golf course in X region", "in X county")
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from quizgen.core.lexicon import MONTHS, WEEKDAYS
from quizgen.core.text import DRAFT_SENTENCES, sentences
from quizgen.draft import lexicon
from quizgen.draft.text import Span, paragraphs


@dataclass(frozen=True, slots=True)
class Placement:
    """A place stated for something."""

    place: Span
    """The place name."""
    evidence: Span
    """The sentence."""
    rule: str
    """The rule that found it."""
    confidence: float
    """How often the rule is right (0-1)."""


CONFIDENCE = {"placed-in": 0.7, "place-kind": 0.8}
"""Initial estimates per rule, not yet measured: no annotated data for this relation scores it."""
_CALENDAR = "|".join((*WEEKDAYS, *MONTHS))
_CAP = rf"(?!(?:{_CALENDAR})\b)[A-Z][\w’'\-]*"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    verbs = lexicon.alternation("place_verbs")
    kinds = lexicon.alternation("place_nouns")
    place = rf"(?P<place>{_CAP}(?:\s+{_CAP}){{0,2}})"
    return {
        "trigger": re.compile(rf"\b(?:{verbs}|{kinds})\b"),
        "placed-in": re.compile(rf"\b(?:{verbs})\s+(?:in|at|near)\s+(?:the\s+)?{place}(?![\w’'])"),
        "place-kind": re.compile(rf"\b(?:in|at|near)\s+(?:the\s+)?{place}\s+(?:{kinds})\b"),
    }


def extract(text: str) -> list[Placement]:
    """Every placement the rules find, in text order (one per place and sentence)."""
    out: list[Placement] = []
    pats = _patterns()
    trigger = pats["trigger"]
    for ps, pe in paragraphs(text):
        if trigger.search(text, ps, pe) is None:
            continue  # no placement word: nothing to find
        for ss, se in sentences(text, ps, pe, DRAFT_SENTENCES):
            seen: set[int] = set()
            for rule in ("place-kind", "placed-in"):
                for m in pats[rule].finditer(text, ss, se):
                    if m.start("place") in seen:
                        continue
                    seen.add(m.start("place"))
                    out.append(
                        Placement(
                            Span(m.start("place"), m.end("place"), m.group("place")),
                            Span(ss, se, text[ss:se]),
                            rule,
                            CONFIDENCE[rule],
                        )
                    )
    out.sort(key=lambda p: p.place.start)
    return out
