"""Relations between items of one deck: which items ask the same fact, and which give another's answer away.

The analysis (:func:`relate`) is work in progress on the ``fair`` branch; the value types below are the
interface that quiz assembly and the self-test build on, so both can be written at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Leak:
    """Text printed with ``giver`` (its prompt, options, statement) answers ``taker``."""

    giver: str
    """Id of the item whose printed text gives the answer away."""
    taker: str
    """Id of the item it answers."""
    reason: str
    """What is given away, for people: e.g. ``prompt prints "on Wednesday", the answer of …``."""


@dataclass(frozen=True, slots=True)
class Relations:
    """Same-fact groups and leaks among a set of items."""

    groups: tuple[tuple[str, ...], ...]
    """Same-fact groups: each a sorted tuple of two or more item ids; groups are disjoint and sorted."""
    leaks: tuple[Leak, ...]
    """Leaks, sorted by (giver, taker)."""

    def apart(self) -> Mapping[str, frozenset[str]]:
        """For each related item, the ids that must not appear with it on one form or in one session."""
        pairs: dict[str, set[str]] = {}
        for group in self.groups:
            for a in group:
                pairs.setdefault(a, set()).update(b for b in group if b != a)
        for leak in self.leaks:
            pairs.setdefault(leak.giver, set()).add(leak.taker)
            pairs.setdefault(leak.taker, set()).add(leak.giver)
        return {k: frozenset(v) for k, v in sorted(pairs.items())}

    def group_of(self) -> Mapping[str, tuple[str, ...]]:
        """Each grouped item's same-fact group."""
        return {i: g for g in self.groups for i in g}


NO_RELATIONS = Relations(groups=(), leaks=())


def related_pairs(relations: Relations, ids: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs among ``ids`` that must be kept apart, sorted (for tests and reports)."""
    chosen = set(ids)
    apart = relations.apart()
    return sorted({(min(a, b), max(a, b)) for a in chosen for b in apart.get(a, ()) if b in chosen})
