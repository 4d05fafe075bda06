""" "Did you mean ...?": the nearest known name to one a user typed (an id, deck, topic, source, rule code)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_match(name: str, known: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The known name nearest to ``name`` (case aside), or ``None`` when none is near enough to be a typo
    (``cutoff``: the least :class:`difflib.SequenceMatcher` ratio)."""
    by_folded: dict[str, str] = {}
    for k in sorted(known):
        by_folded.setdefault(k.casefold(), k)
    found = difflib.get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[found[0]] if found else None


def did_you_mean(
    name: str, known: Iterable[str], *, before: str = " (", after: str = ")", cutoff: float = 0.6
) -> str:
    """``before + "did you mean 'X'?" + after`` for the nearest known name, or ``""`` when there is none."""
    match = close_match(name, known, cutoff=cutoff)
    return f"{before}did you mean {match!r}?{after}" if match is not None and match != name else ""
