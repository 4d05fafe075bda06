"""Drawing a printed form from a blueprint: exact quotas, related items kept apart, true and false balanced.

A pure function of the candidate items, the blueprint, the item relations and a seed key. It is a small
constraint search, not a filter:

* every quota is exact: ``types: {mcq: 12}`` means twelve mcq items, no more and no fewer; a share such as
  ``25%`` is turned into a number first (:func:`resolve`: largest remainder, so the shares of one key add up);
* no two items that :meth:`quizgen.checks.relations.Relations.apart` keeps apart (one same-fact group, or a leak
  pair) are drawn together;
* true-false items are balanced: as many true as false, or one more of either when their number is odd.

The search is depth-first over the most constrained unmet quota (fewest spare candidates), trying candidates in
the seed's order (:func:`quizgen.core.shuffle.permutation`); a candidate tried and abandoned is excluded for its
siblings, so every set of items is visited at most once. A step budget bounds the work: a blueprint the search
cannot settle within it is reported, never a hang. When no form exists, :func:`diagnose` finds which quota cannot
be met, and with how many items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from quizgen.checks.relations import Relations
from quizgen.core.model import Question, QuestionType
from quizgen.core.shuffle import permutation
from quizgen.load.decks import Blueprint, Quota

STEP_BUDGET = 20_000
"""Search steps (items tried) per draw before giving up; the shipped deck needs a few dozen."""
FRESH_BUDGET = 2_000
"""Steps per try at a parallel form with a given number of items new to it (several tries per form)."""

ATTRIBUTES: Mapping[str, Callable[[Question], str]] = {
    "topics": lambda q: q.topic,
    "types": lambda q: q.type.value,
    "sources": lambda q: q.evidence[0].source,  # the article an item is drawn from: its first cited one
    "levels": lambda q: q.level.value if q.level else "",  # an item without a level meets no level quota
    "difficulty": lambda q: q.difficulty.value if q.difficulty else "",
}
"""What each blueprint key counts. A new key (objective) is one entry here and one in the loader."""


def attribute(q: Question, dimension: str) -> str:
    """The value of ``q`` that quotas of ``dimension`` count."""
    return ATTRIBUTES[dimension](q)


@dataclass(frozen=True, slots=True)
class Need:
    """A quota resolved to an exact number of questions."""

    quota: Quota
    """The quota as written."""
    count: int
    """Exactly this many questions of the form have the quota's value."""


class InfeasibleError(Exception):
    """No form meets the blueprint."""

    def __init__(self, message: str, quota: Quota | None) -> None:
        super().__init__(message)
        self.message = message
        """What cannot be met and with how many items."""
        self.quota = quota
        """The quota that cannot be met, or ``None`` when it is the number of questions or all together."""


class _GaveUpError(Exception):
    """The step budget ran out."""


def resolve(blueprint: Blueprint) -> list[Need]:
    """Each quota as an exact number. Shares of one key are apportioned by largest remainder (ties: the one
    written first), so ``{a: 50%, b: 50%}`` of 29 questions is 15 and 14."""
    needs: list[Need] = []
    for dimension in ATTRIBUTES:
        quotas = [q for q in blueprint.quotas if q.dimension == dimension]
        shares = [q for q in quotas if q.percent is not None]
        total = int(blueprint.questions * sum(q.percent or 0 for q in shares) / 100 + 0.5)
        exact = {id(q): int(blueprint.questions * (q.percent or 0) / 100) for q in shares}
        rest = sorted(
            shares, key=lambda q: -(blueprint.questions * (q.percent or 0) / 100 - exact[id(q)])
        )  # stable: ties keep the written order
        for q in rest[: max(0, total - sum(exact.values()))]:
            exact[id(q)] += 1
        needs += [Need(q, q.count if q.count is not None else exact[id(q)]) for q in quotas]
    return needs


def _facts(items: Iterable[Question], group_of: Mapping[str, tuple[str, ...]]) -> int:
    """How many of ``items`` can share a form as far as same-fact groups go (each group counts once): an upper
    bound (leaks can only lower it), so a quota above it is surely infeasible."""
    return len({group_of.get(q.id, (q.id,)) for q in items})


class _Search:
    """One depth-first search for ``questions`` items meeting ``needs``."""

    def __init__(
        self, items: Sequence[Question], needs: Sequence[Need], questions: int,
        apart: Mapping[int, frozenset[int]], tf_cap: int | None, budget: int,
        fresh: tuple[frozenset[str], int] | None = None,
    ) -> None:  # fmt: skip
        self.items = items
        self.questions = questions
        self.apart = apart
        self.members = [
            frozenset(i for i, q in enumerate(items) if attribute(q, n.quota.dimension) == n.quota.value)
            for n in needs
        ]
        self.targets = [n.count for n in needs]
        if fresh is not None:  # exactly this many items not drawn for earlier forms
            self.members.append(frozenset(i for i, q in enumerate(items) if q.id in fresh[0]))
            self.targets.append(fresh[1])
        self.truth = [
            q.answer if q.type is QuestionType.TRUE_FALSE and isinstance(q.answer, bool) else None
            for q in items
        ]
        self.tf_cap = tf_cap
        self.budget = budget

    def run(self) -> list[int]:
        chosen: list[int] = []
        if not self._step(chosen, set(), [0] * len(self.targets), [0, 0]):
            raise InfeasibleError("no combination of items meets every quota", None)
        return chosen

    def _step(self, chosen: list[int], out: set[int], counts: list[int], tf: list[int]) -> bool:
        self.budget -= 1
        if self.budget < 0:
            raise _GaveUpError
        left = self.questions - len(chosen)
        if left == 0:
            return counts == self.targets and abs(tf[0] - tf[1]) <= 1
        if abs(tf[0] - tf[1]) > left + 1:
            return False
        full = [k for k, c in enumerate(counts) if c >= self.targets[k]]
        blocked = set(out).union(chosen)
        for i in chosen:
            blocked |= self.apart.get(i, frozenset())
        for k in full:
            blocked |= self.members[k]
        if self.tf_cap is not None:
            blocked |= {
                i for i, t in enumerate(self.truth) if t is not None and tf[0 if t else 1] >= self.tf_cap
            }
        open_ = [i for i in range(len(self.items)) if i not in blocked]
        if len(open_) < left:
            return False
        branch: list[int] | None = None
        spare_least = None
        for k, target in enumerate(self.targets):
            if counts[k] >= target:
                continue
            avail = [i for i in open_ if i in self.members[k]]
            spare = len(avail) - (target - counts[k])
            if spare < 0:
                return False
            if spare_least is None or spare < spare_least:
                spare_least, branch = spare, avail
        if branch is None:
            branch = open_
        excluded: list[int] = []
        for i in branch:
            chosen.append(i)
            touched = [k for k, m in enumerate(self.members) if i in m]
            for k in touched:
                counts[k] += 1
            t = self.truth[i]
            if t is not None:
                tf[0 if t else 1] += 1
            if self._step(chosen, out, counts, tf):
                return True
            chosen.pop()
            for k in touched:
                counts[k] -= 1
            if t is not None:
                tf[0 if t else 1] -= 1
            out.add(i)
            excluded.append(i)
        out.difference_update(excluded)
        return False


def _tf_cap(needs: Sequence[Need]) -> int | None:
    """With an exact number of true-false items, at most half (rounded up) may be true, and as many false."""
    for n in needs:
        if n.quota.dimension == "types" and n.quota.value == QuestionType.TRUE_FALSE.value:
            return (n.count + 1) // 2
    return None


def _ordered(candidates: Sequence[Question], key: str, avoid: frozenset[str]) -> list[Question]:
    shuffled = [candidates[i] for i in permutation(key, len(candidates))]
    return [q for q in shuffled if q.id not in avoid] + [q for q in shuffled if q.id in avoid]


def _search(
    items: Sequence[Question], blueprint: Blueprint, relations: Relations, budget: int,
    needs: Sequence[Need] | None = None, fresh: tuple[frozenset[str], int] | None = None,
) -> list[Question]:  # fmt: skip
    index = {q.id: i for i, q in enumerate(items)}
    apart = {
        index[a]: frozenset(index[b] for b in others if b in index)
        for a, others in relations.apart().items()
        if a in index
    }
    needs = resolve(blueprint) if needs is None else needs
    found = _Search(items, needs, blueprint.questions, apart, _tf_cap(needs), budget, fresh).run()
    return [items[i] for i in found]


def draw(
    candidates: Sequence[Question], blueprint: Blueprint, relations: Relations, key: str,
    avoid: frozenset[str] = frozenset(), budget: int = STEP_BUDGET,
) -> list[Question]:  # fmt: skip
    """The items of one form, in the candidates' order. Of the items not in ``avoid`` (drawn for earlier forms)
    it holds as many as the blueprint allows (an exact count, tried from the most down, each try a search with
    :data:`FRESH_BUDGET` steps). Raises :class:`InfeasibleError`."""
    if avoid:  # as many items new to this form as the blueprint allows: try all new, then one fewer, ...
        fresh = frozenset(q.id for q in candidates if q.id not in avoid)
        ordered = _ordered(candidates, key, avoid)
        for k in range(min(len(fresh), blueprint.questions), -1, -1):
            try:
                found = _search(ordered, blueprint, relations, FRESH_BUDGET, fresh=(fresh, k))
            except (InfeasibleError, _GaveUpError):
                continue
            return _in_order(candidates, found)
    short = _short(candidates, blueprint, relations)  # cheap counts first: no search for a plain shortage
    if short is not None:
        raise short
    try:
        found = _search(_ordered(candidates, key, avoid), blueprint, relations, budget)
    except (InfeasibleError, _GaveUpError) as exc:
        raise diagnose(
            candidates, blueprint, relations, budget, gave_up=isinstance(exc, _GaveUpError)
        ) from None
    return _in_order(candidates, found)


def _in_order(candidates: Sequence[Question], found: Sequence[Question]) -> list[Question]:
    ids = {q.id for q in found}
    return [q for q in candidates if q.id in ids]


def diagnose(
    candidates: Sequence[Question], blueprint: Blueprint, relations: Relations, budget: int = STEP_BUDGET,
    *, gave_up: bool = False,
) -> InfeasibleError:  # fmt: skip
    """Why no form meets the blueprint: the first quota that cannot be met, with how many items it has."""
    found = _short(candidates, blueprint, relations)
    if found is not None:
        return found
    needs = resolve(blueprint)
    try:  # related items (leaks, which the counts above cannot see) may be what is in the way
        _search(candidates, blueprint, Relations((), ()), budget, needs)
        blocking = True
    except (InfeasibleError, _GaveUpError):
        blocking = False
    for n in needs:  # the quota without which the rest can be met
        rest = [m for m in needs if m is not n]
        try:
            _search(candidates, blueprint, relations, budget, rest)
        except (InfeasibleError, _GaveUpError):
            continue
        such = sum(1 for q in candidates if attribute(q, n.quota.dimension) == n.quota.value)
        why = "with related items kept apart" if blocking else "together with the other quotas"
        return InfeasibleError(f"{n.quota.written} cannot be met {why} (the deck selects {such} such item(s))",
                               n.quota)  # fmt: skip
    if blocking:
        return InfeasibleError("the quotas cannot be met with related items (leak pairs) kept apart", None)
    if gave_up:
        return InfeasibleError(f"no form meeting every quota was found in {budget} search steps; loosen the "
                               "quotas", None)  # fmt: skip
    return InfeasibleError("the quotas cannot all be met together (each alone can); loosen them", None)


def _short(
    candidates: Sequence[Question], blueprint: Blueprint, relations: Relations
) -> InfeasibleError | None:
    """A quota (or the number of questions) that too few items can fill, found without searching."""
    group_of = relations.group_of()
    needs = resolve(blueprint)
    for n in needs:
        matching = [q for q in candidates if attribute(q, n.quota.dimension) == n.quota.value]
        fit = _facts(matching, group_of)
        if fit < n.count:
            kept = f", {fit} once each same-fact group counts as one" if fit < len(matching) else ""
            return InfeasibleError(f"{n.quota.written} asks for {n.count} question(s) but the deck selects "
                                   f"{len(matching)} such item(s){kept}", n.quota)  # fmt: skip
    cap = _tf_cap(needs)
    if cap is not None:
        tf = next(n for n in needs if n.quota.dimension == "types" and n.quota.value == "true-false")
        true = sum(1 for q in candidates if q.type is QuestionType.TRUE_FALSE and q.answer is True)
        false = sum(1 for q in candidates if q.type is QuestionType.TRUE_FALSE and q.answer is False)
        if min(true, cap) + min(false, cap) < tf.count:
            return InfeasibleError(f"{tf.quota.written} cannot be balanced: at most {cap} true and {cap} false, "
                              f"and the deck selects {true} true and {false} false", tf.quota)  # fmt: skip
    fit = _facts(candidates, group_of)
    if fit < blueprint.questions:
        kept = f" ({fit} once each same-fact group counts as one)" if fit < len(candidates) else ""
        return InfeasibleError(f"blueprint.questions: {blueprint.questions} but the deck selects "
                          f"{len(candidates)} item(s){kept}", None)  # fmt: skip
    return None
