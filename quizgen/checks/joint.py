"""Multi-article items: an item may draw on several articles (both outlets said X, the order of events, who
reported what); then each cited article must contribute to it."""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.answer import UNSUPPORTED
from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.checks.cloze import NOT_VERBATIM
from quizgen.checks.evidence import IN_FURNITURE, NOT_FOUND
from quizgen.checks.terms import content_words, key_terms
from quizgen.core.cloze import fill
from quizgen.core.diagnostics import Diagnostic, Related, Severity
from quizgen.core.model import QuestionType

NOT_JOINT = Rule(
    "QG306",
    "evidence-not-joint",
    Severity.ERROR,
    "An item citing several articles draws on each: every cited article has a quote sharing a key term with "
    "the item.",
    f"""\
An answer may be supported jointly by several articles: both outlets said X, the order of two events each
reported by one outlet, who reported what. Such an item is **supported** when:

1. every evidence quote occurs verbatim in its own article, outside page furniture ({NOT_FOUND.code},
   {IN_FURNITURE.code});
2. the answer, or each part of a list answer ("CNN and TRT World", "the meeting, then the statement"), occurs
   in the evidence of any cited article, or, for an item tagged ``source-question`` or ``discrepancy``, is a
   catalogue value (outlet, headline, date) of a cited article ({UNSUPPORTED.code}); a true-false statement is
   checked against all its evidence together, a cloze prompt against one quote ({NOT_VERBATIM.code});
3. each cited article contributes: at least one of its quotes contains a key term of the prompt, answer,
   aliases or correction, that is a content word that is neither a stop word nor part of the question's frame
   ("said", "reported", "outlet", "two", ...). An article cited only as padding fails this rule.

What the check cannot see is whether the relation the item asks about (which came first, whether the two
reports agree) holds: that is the reviewer's judgement.
"""
    + """

Fails (the wire quote has nothing to do with where the agreement was signed):

```yaml
- id: signing-place
  type: short
  topic: where
  prompt: In which city was the fisheries agreement signed?
  answer: Lisbon
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
    - source: wire
      quote: Both ministers praised the South Pacific Fishing Accord (SPFA).
  review: {status: draft}
```

Passes (who reported what: each outlet's report is cited, the answer is the outlets):

```yaml
- id: copper-outlets
  type: short
  topic: who-said
  prompt: Which two outlets report that Rojas said the deal did not cover copper?
  answer: Example Daily and Example Wire
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
    - source: wire
      quote: Rojas repeated on Wednesday that the deal did not cover copper
  tags: [source-question]
  review: {status: draft}
```
""",
)

RULES = (NOT_JOINT,)


def item_text(item: Item) -> str:
    """What the item says: its prompt (a cloze's filled in), answers and correction."""
    q = item.question
    prompt = fill(q.prompt) if q.type is QuestionType.CLOZE else q.prompt
    return " | ".join([prompt, *item.answers, q.correction or ""])


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Every cited article of a multi-article item shares a key term with the item."""
    q = item.question
    by_source: dict[str, list[int]] = {}
    for i, e in enumerate(q.evidence):
        by_source.setdefault(e.source, []).append(i)
    if len(by_source) < 2:
        return
    wanted = key_terms(item_text(item))
    for source, indexes in by_source.items():
        if source not in ctx.project.sources.articles:
            continue  # the loader reported the unknown source
        have = set().union(*(content_words(item.evidence[i]) for i in indexes))
        if have & wanted:
            continue
        first = indexes[0]
        outlet = ctx.project.sources.articles[source].outlet
        yield diag(
            NOT_JOINT,
            q.at(f"evidence.{first}.quote"),
            f"no quote from {source} ({outlet}) shares a key term with the prompt or answer: cite the passage "
            "of this article that the item draws on, or drop the article",
            item=q.id,
            related=[
                Related(q.at(f"evidence.{i}.quote"), "the quote from this article") for i in indexes[1:]
            ],
        )
