"""Evidence is verbatim: every quote is found in its article, in reporting rather than page furniture."""

from __future__ import annotations

from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.diagnostics import Diagnostic, Related, Severity
from quizgen.core.grounding import Match, closest_passage, find_normalized, in_caption, in_furniture
from quizgen.core.text import words

NOT_FOUND = Rule(
    "QG201",
    "evidence-not-found",
    Severity.ERROR,
    "Every evidence quote occurs verbatim in its article (after normalisation), on word boundaries.",
    """\
The quote is searched in the article after the normalisation described above (quotes, dashes, spaces),
case-sensitively and on word boundaries. When it is not there, the message shows the closest passage of the
article with its line:col and similarity as a suggested fix: copy the passage's real wording. A similar
passage never passes the check, however similar.

Fails (a paraphrase):

```yaml
- id: costa-role
  type: short
  topic: role
  prompt: What post does Ana Costa hold?
  answer: Portuguese Foreign Minister
  evidence:
    - source: example
      quote: Portuguese Foreign Minister Ana Costa spoke after the meeting
  review: {status: draft}
```

Passes:

```yaml
- id: costa-role
  type: short
  topic: role
  prompt: What post does Ana Costa hold?
  answer: Portuguese Foreign Minister
  evidence:
    - source: example
      quote: Portuguese Foreign Minister Ana Costa said after the meeting
  review: {status: draft}
```
""",
)

IN_FURNITURE = Rule(
    "QG202",
    "evidence-in-furniture",
    Severity.ERROR,
    "Evidence comes from reporting, not from lines the catalogue marks as page furniture.",
    """\
Headlines, credits and navigation are not reporting: quote the body text instead. (A quote found both in
furniture and in the body passes.) A photo caption is different: some articles state a fact only under a
picture, so lines the catalogue lists under ``captions:`` (not ``furniture:``) may be cited, and every output
(cards, keys, quizzes, exports) cites such a passage as a photo caption ("Example Daily: ..., line 9, photo
caption"). Where the body also has the quote, the body is cited.

Fails (line 1 of the example is the headline):

```yaml
- id: meeting-place
  type: short
  topic: where
  prompt: In which city did the ministers meet?
  answer: Lisbon
  evidence:
    - source: example
      quote: Ministers meet in Lisbon
  review: {status: draft}
```

Passes:

```yaml
- id: meeting-place
  type: short
  topic: where
  prompt: In which city was the fisheries agreement signed?
  answer: Lisbon
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes (line 9, a photo caption, is listed under ``captions:``):

```yaml
- id: signing-photo
  type: short
  topic: where
  prompt: Where were Ana Costa and Pablo Rojas photographed shaking hands?
  answer: Belem Palace
  evidence:
    - source: example
      quote: Ana Costa and Pablo Rojas shake hands at the Belem Palace.
  review: {status: draft}
# file: seeds/example.txt
Ministers meet in Lisbon
By Example Staff, June 3, 2025

Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.

Photo: Example Wire. Ana Costa and Pablo Rojas shake hands at the Belem Palace.
# file: seeds/sources.yaml
articles:
  - id: example
    outlet: Example Daily
    headline: Ministers meet in Lisbon
    furniture:
      - {lines: "1-2", what: "headline, byline and date"}
    captions:
      - {lines: "8", what: photo caption}
  - {id: wire, outlet: Example Wire, headline: Rojas on copper}
variants:
  - {preferred: South Pacific Fisheries Accord, also: [South Pacific Fishing Accord]}
```
""",
)

TOO_SHORT = Rule(
    "QG203",
    "evidence-too-short",
    Severity.WARNING,
    "An evidence quote has at least three words, enough to pin down the fact it supports.",
    """\
A one- or two-word quote (``Lisbon``) is found in the article but does not show the fact: quote the clause
that states it.

Fails:

```yaml
- id: meeting-place
  type: short
  topic: where
  prompt: In which city was the fisheries agreement signed?
  answer: Lisbon
  evidence:
    - source: example
      quote: in Lisbon
  review: {status: draft}
```

Passes:

```yaml
- id: meeting-place
  type: short
  topic: where
  prompt: In which city was the fisheries agreement signed?
  answer: Lisbon
  evidence:
    - source: example
      quote: signed a fisheries agreement in Lisbon
  review: {status: draft}
```
""",
)

RULES = (NOT_FOUND, IN_FURNITURE, TOO_SHORT)
MIN_WORDS = 3
"""Fewest words an evidence quote should have (QG203)."""


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Locate every evidence quote of the item."""
    q = item.question
    articles = ctx.project.sources.articles
    lines = ctx.evidence_lines
    for i, evidence in enumerate(q.evidence):
        article = articles.get(evidence.source)
        if article is None:  # the loader reported the unknown source
            continue
        where = q.at(f"evidence.{i}.quote")
        matches = find_normalized(article, item.evidence[i])
        reporting: list[Match] = [m for m in matches if not in_furniture(article, m)]
        body = [m for m in reporting if not in_caption(article, m)]  # cite the body where it has the quote
        cited = body or reporting
        lines[evidence.source, evidence.quote] = cited[0].first_line if cited else None
        quote = item.evidence[i]
        if quote.count(" ") < 2 * MIN_WORDS and len(words(quote)) < MIN_WORDS:  # count words only if few
            yield diag(
                TOO_SHORT,
                where,
                f"evidence quote {evidence.quote!r} is too short to show the fact; "
                "quote the clause that states it",
                item=q.id,
            )
        if reporting:
            continue
        if matches:
            m = matches[0]
            furniture = article.furniture_at(m.first_line) or article.furniture_at(m.last_line)
            what = furniture.what if furniture else "page furniture"
            yield diag(
                IN_FURNITURE,
                where,
                f"quote is found only in page furniture of {article.id} ({what}, line {m.first_line}); "
                "quote the reporting instead",
                item=q.id,
                related=[Related(article.position(m.start), "the quote is here")],
            )
            continue
        near = closest_passage(article, evidence.quote)
        related = []
        if near is not None:
            related.append(
                Related(near.location, f'closest passage ({near.similarity:.1f}% similar): "{near.passage}"')
            )
        yield diag(
            NOT_FOUND,
            where,
            f"quote not found in {article.path}; copy the article's wording verbatim",
            item=q.id,
            related=related,
        )
