"""``quizgen selftest stats``: due counts, accuracy per topic and source, hardest questions, reviews per day."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from quizgen.selftest.pool import Pool, source_names
from quizgen.selftest.state import Store


@dataclass(frozen=True, slots=True)
class Accuracy:
    """Right answers out of graded ones, for a topic, a source or a question."""

    name: str
    """The topic, outlet or question id."""
    right: int
    """Correct or close answers."""
    total: int
    """Graded answers."""

    @property
    def percent(self) -> float:
        """Right answers as a percentage."""
        return 100.0 * self.right / self.total if self.total else 0.0


@dataclass(frozen=True, slots=True)
class Stats:
    """What ``quizgen selftest stats`` reports."""

    due_now: int
    """Selected questions due now."""
    due_today: int
    """Due before the end of the learner's local day."""
    due_week: int
    """Due within seven days."""
    new: int
    """Selected questions never reviewed."""
    total: int
    """Selected questions."""
    by_topic: tuple[Accuracy, ...]
    """Accuracy per topic."""
    by_source: tuple[Accuracy, ...]
    """Accuracy per outlet."""
    hardest: tuple[Accuracy, ...]
    """The questions missed most (at most ten)."""
    per_day: tuple[tuple[str, int], ...]
    """Answers per local day (the last 14 days with answers)."""
    proposed_aliases: int
    """Aliases proposed with "I was right", awaiting a reviewer."""

    def to_json(self) -> dict[str, object]:
        """The stats as plain data."""

        def acc(items: tuple[Accuracy, ...]) -> list[dict[str, object]]:
            return [{"name": a.name, "right": a.right, "total": a.total} for a in items]

        return {
            "due": {"now": self.due_now, "today": self.due_today, "week": self.due_week},
            "new": self.new, "total": self.total,
            "by_topic": acc(self.by_topic), "by_source": acc(self.by_source), "hardest": acc(self.hardest),
            "per_day": [{"day": d, "answers": n} for d, n in self.per_day],
            "proposed_aliases": self.proposed_aliases,
        }  # fmt: skip


def compute(pool: Pool, store: Store, now: dt.datetime) -> Stats:
    """Stats of the questions in ``pool`` from the store's cards and answer log."""
    cards = store.cards()
    local = now.astimezone()
    end_of_day = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    dues = [cards[i].due for i in pool.questions if i in cards]
    topic: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    question: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    days: Counter[str] = Counter()
    for a in store.answers():
        if a.verdict == "skipped":
            continue
        days[a.answered_at.astimezone().date().isoformat()] += 1
        q = pool.questions.get(a.question_id)
        if q is None:
            continue
        right = int(a.verdict in ("correct", "close"))
        buckets = [topic[q.topic], question[q.id]] + [source[s] for s in source_names(q, pool.articles)]
        for bucket in buckets:
            bucket[0] += right
            bucket[1] += 1

    def table(d: dict[str, list[int]]) -> tuple[Accuracy, ...]:
        return tuple(Accuracy(k, v[0], v[1]) for k, v in sorted(d.items()))

    hardest = sorted(
        (Accuracy(k, v[0], v[1]) for k, v in question.items() if v[0] < v[1]),
        key=lambda a: (a.right - a.total, a.percent, a.name),
    )[:10]
    return Stats(
        sum(1 for d in dues if d <= now), sum(1 for d in dues if d < end_of_day),
        sum(1 for d in dues if d <= now + dt.timedelta(days=7)),
        sum(1 for i in pool.questions if i not in cards), len(pool.questions),
        table(topic), table(source), tuple(hardest), tuple(sorted(days.items())[-14:]),
        len(store.proposed_aliases()),
    )  # fmt: skip
