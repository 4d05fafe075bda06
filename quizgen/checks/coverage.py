"""Coverage: which sentences of reporting the bank's items cite, so a reviewer sees the gaps.

Every line of an article that is not page furniture or a photo caption is split into sentences
(:func:`quizgen.text.sentences`); an item covers a sentence when one of its evidence quotes, located in the
article, overlaps it. Captions may be cited but are not reporting, so no item has to cite them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from quizgen.core.diagnostics import Location
from quizgen.core.grounding import find_quote, in_furniture
from quizgen.core.model import Article, Difficulty, Level, Objective, Project, Question, ReviewStatus
from quizgen.core.text import sentences


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of reporting and the items that cite it."""

    article: str
    """The article id."""
    location: Location
    """Where the sentence starts."""
    start: int
    """Offset of its first character in the article text."""
    end: int
    """Offset just past its last character."""
    text: str
    """The sentence as written."""
    items: tuple[str, ...]
    """Ids of the counted items whose evidence overlaps it, in bank order."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """The coverage of a project's articles by its items."""

    sentences: tuple[Sentence, ...]
    """Every sentence of reporting, by article id, then position."""
    by_type: Mapping[str, int]
    """Counted items per question type."""
    by_topic: Mapping[str, int]
    """Counted items per topic."""
    by_article: Mapping[str, int]
    """Counted items citing each article (an item citing two articles counts for both)."""
    counted: int
    """How many items were counted."""
    by_objective: Mapping[str, int] = field(default_factory=dict)
    """Counted items per objective the decks list (0 for one no item serves), then ``(none)`` for items that
    name no objective."""
    by_level: Mapping[str, int] = field(default_factory=dict)
    """Counted items per level (remember, understand, analyse, then ``(none)``)."""
    by_difficulty: Mapping[str, int] = field(default_factory=dict)
    """Counted items per difficulty (easy, medium, hard, then ``(none)``)."""
    objectives: Mapping[str, Objective] = field(default_factory=dict)
    """The objectives the deck definitions list, by id."""

    @property
    def unserved(self) -> tuple[Objective, ...]:
        """Objectives no counted item serves (``coverage --strict`` fails on them)."""
        return tuple(o for oid, o in self.objectives.items() if not self.by_objective.get(oid))

    @property
    def uncovered(self) -> tuple[Sentence, ...]:
        """Sentences no counted item cites."""
        return tuple(s for s in self.sentences if not s.items)


def reporting_sentences(article: Article) -> list[tuple[int, int]]:
    """The (start, end) offsets of every sentence on the article's lines of reporting (not furniture, not
    captions)."""
    out = []
    text = article.text
    for line in range(1, article.lines.line_count + 1):
        if article.furniture_at(line) is not None or article.caption_at(line) is not None:
            continue
        start = article.lines.line_start(line)
        end = text.find("\n", start)
        out += sentences(text, start, len(text) if end < 0 else end)
    return out


NONE = "(none)"
"""The count key of items that leave a field out."""


def coverage(
    project: Project,
    statuses: Iterable[ReviewStatus] = (ReviewStatus.APPROVED,),
    objectives: Mapping[str, Objective] | None = None,
) -> Coverage:
    """Which sentences the items with one of ``statuses`` cite, and counts by type, topic, article, objective
    (those of ``objectives``, the decks' list), level and difficulty."""
    wanted = frozenset(statuses)
    counted: list[Question] = [q for q in project.bank.questions if q.review.status in wanted]
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for q in counted:
        for e in q.evidence:
            article = project.sources.articles.get(e.source)
            if article is None:
                continue
            for m in find_quote(article, e.quote):
                if not in_furniture(article, m):
                    spans.setdefault(article.id, []).append((m.start, m.end, q.id))
    out: list[Sentence] = []
    for article in project.sources.articles.values():
        cited = spans.get(article.id, [])
        for start, end in reporting_sentences(article):
            ids = tuple(dict.fromkeys(qid for s, e, qid in cited if s < end and e > start))
            out.append(
                Sentence(article.id, article.position(start), start, end, article.text[start:end], ids)
            )
    by_article: Counter[str] = Counter()
    for q in counted:
        for source in dict.fromkeys(e.source for e in q.evidence):
            by_article[source] += 1
    objectives = dict(objectives or {})
    served = Counter(q.objective or NONE for q in counted)
    by_objective = {oid: served.get(oid, 0) for oid in objectives}
    by_objective.update({k: v for k, v in sorted(served.items()) if k not in objectives and k != NONE})
    levels = Counter(q.level.value if q.level else NONE for q in counted)
    difficulties = Counter(q.difficulty.value if q.difficulty else NONE for q in counted)
    if served.get(NONE):
        by_objective[NONE] = served[NONE]
    return Coverage(
        tuple(out),
        dict(sorted(Counter(q.type.value for q in counted).items())),
        dict(sorted(Counter(q.topic for q in counted).items())),
        {a: by_article.get(a, 0) for a in project.sources.articles},
        len(counted),
        by_objective,
        _ordered(levels, [v.value for v in Level]),
        _ordered(difficulties, [v.value for v in Difficulty]),
        objectives,
    )


def _ordered(counts: Counter[str], values: list[str]) -> dict[str, int]:
    """Counts of every value in order (0 where none), then ``(none)`` if some items leave the field out."""
    out = {v: counts.get(v, 0) for v in values}
    if counts.get(NONE):
        out[NONE] = counts[NONE]
    return out
