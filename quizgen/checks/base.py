"""What every check module shares: the per-item view, the check context, and :class:`Rule` and :func:`diag`
(defined in :mod:`quizgen.core.rules`, because the loaders report through rules too)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quizgen.core.cloze import deletions
from quizgen.core.diagnostics import Diagnostic
from quizgen.core.model import Article, Objective, Project, Question, QuestionType
from quizgen.core.rules import Rule, diag
from quizgen.core.text import fold, normalize

if TYPE_CHECKING:  # only for the cached values' types: variants imports this module
    from quizgen.checks.variants import Disagreement, Unwanted


@dataclass(frozen=True, slots=True)
class Item:
    """A question with the normalised forms that several checks need, computed once."""

    question: Question
    """The item."""
    evidence: tuple[str, ...]
    """Each evidence quote, normalised (case kept)."""
    evidence_folded: str
    """All evidence quotes, folded and joined by a newline."""
    answers: tuple[str, ...]
    """The answer and aliases as written (text answers only; cloze: the deletions)."""
    answers_folded: tuple[str, ...]
    """Same, folded."""

    @classmethod
    def of(cls, question: Question) -> Item:
        """Build the view of ``question``."""
        evidence = tuple(normalize(e.quote) for e in question.evidence)
        answers: list[str] = []
        if question.type is QuestionType.CLOZE:
            answers += [d.text for d in deletions(question.prompt)]
        elif isinstance(question.answer, str):
            answers.append(question.answer)
        answers += question.aliases
        return cls(
            question,
            evidence,
            "\n".join(e.casefold() for e in evidence),
            tuple(answers),
            tuple(fold(a) for a in answers),
        )


@dataclass(slots=True)
class Context:
    """What checks may look at besides the item: the whole project, and the work checks share.

    The shared values are computed on first use by the check that owns them (``None`` until then), once per
    run, and kept here so that later items, other checks and the build can read them.
    """

    project: Project
    """The loaded project."""
    digests: dict[str, str] = field(default_factory=dict)
    """SHA-256 of each article file by id (for review hashes)."""
    evidence_lines: dict[tuple[str, str], int | None] = field(default_factory=dict)
    """Where the evidence check found each (source id, quote) in its article's reporting: the first line, or
    None. The Anki build cites this line on the card; with the checks run first it need not locate quotes
    again."""
    outlets: list[str] | None = None
    """The articles' outlet names, folded, longest first (leak check)."""
    quotation_index: dict[str, list[tuple[Article, int]]] | None = None
    """Where each prompt quotation of the bank's mcqs occurs: (article, offset) (distractors check)."""
    disagreements: list[Disagreement] | None = None
    """Abbreviations spelled out in more than one way in the sources (variants check)."""
    unwanted: list[Unwanted] | None = None
    """The spellings bank items should not use (variants check)."""
    objectives: dict[str, Objective] | None = None
    """The learning objectives the deck definitions list, by id (objectives check)."""
    objectives_complete: bool = True
    """Whether every deck definition was read without error, so ``objectives`` is all of them."""
    article_rank: dict[str, int] | None = None
    """Each article id's position among the project's articles (:func:`cited_articles`)."""

    @classmethod
    def of(cls, project: Project) -> Context:
        """The context for checking ``project``."""
        return cls(project, {a.id: a.digest for a in project.sources.articles.values()})


def cited_articles(question: Question, ctx: Context) -> list[Article]:
    """The loaded articles ``question`` cites, each once, in the order of the project's articles.

    Looked up by id: scanning every article per item made the check grow with articles x items.
    """
    articles = ctx.project.sources.articles
    ids = [s for s in dict.fromkeys(e.source for e in question.evidence) if s in articles]
    if len(ids) > 1:
        rank = ctx.article_rank
        if rank is None:
            rank = ctx.article_rank = {a: i for i, a in enumerate(articles)}
        ids.sort(key=rank.__getitem__)
    return [articles[s] for s in ids]


ItemCheck = Callable[[Item, Context], Iterable[Diagnostic]]
ProjectCheck = Callable[[Context], Iterable[Diagnostic]]

__all__ = ["Context", "Item", "ItemCheck", "ProjectCheck", "Rule", "cited_articles", "diag"]
