"""Where things are: a thing deployed, sited, held or seen in a place, or a place named with its kind.

Rules:
``placed-in``   <participle> in|at|near PLACE ("is seen in Portvale", "was deployed at Eastmoor")
``place-kind``  in|at|near PLACE <kind> ("its golf course in X region", "in X county")
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from quizgen.core.lexicon import MONTHS, WEEKDAYS
from quizgen.core.text import DRAFT_SENTENCES, sentences
from quizgen.draft import lexicon
from quizgen.draft.rules import DraftRule, register
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

    @property
    def answer_kind(self) -> str:
        """The kind of the answer, the place (:data:`~quizgen.draft.text.KINDS`)."""
        return "place"


# Confidences are initial estimates, not yet measured: no annotated data for this relation scores it.
RULES = register(
    DraftRule(
        "placed-in",
        "place",
        0.7,
        "<participle> in|at|near PLACE: a thing deployed, sited, held or seen in a place.",
        passes="A new crane was deployed at Eastmoor last week.",
        fails="A new crane was deployed at dawn last week.",
    ),
    DraftRule(
        "place-kind",
        "place",
        0.8,
        "in|at|near PLACE <kind>: a place named with its kind (region, county...).",
        passes="The fishing fleet is based in Kellby county.",
        fails="The fishing fleet is based in a small county.",
    ),
)
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


def prepare() -> None:
    """Compile the patterns :func:`extract` uses, ahead of the texts (in the worker that finds them, while the
    project loads: :func:`quizgen.draft.drafts.start_quotations`)."""
    _patterns()


def extract(text: str) -> list[Placement]:
    """Every placement the rules find, in text order (one per place and sentence)."""
    out: list[Placement] = []
    pats = _patterns()
    # One pass finds the placement words; only paragraphs and sentences holding one are read (no search per
    # paragraph and again per sentence).
    starts = [m.start() for m in pats["trigger"].finditer(text)]
    if not starts:
        return out
    for ps, pe in paragraphs(text):
        if not _any_within(starts, ps, pe):
            continue  # no placement word: nothing to find
        for ss, se in sentences(text, ps, pe, DRAFT_SENTENCES):
            if not _any_within(starts, ss, se):
                continue
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
                            RULES[rule].confidence,
                        )
                    )
    out.sort(key=lambda p: p.place.start)
    return out


def _any_within(starts: list[int], lo: int, hi: int) -> bool:
    """Whether a sorted offset lies in ``lo``-``hi``."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi
