"""Distractors: distinct, not the answer, and not supported by the evidence."""

from __future__ import annotations

import re
from collections.abc import Iterator

import ahocorasick

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.diagnostics import Diagnostic, Related, Severity
from quizgen.core.model import Article, QuestionType
from quizgen.core.text import contains_phrase, fold, normalize, sentence_at, words

DUPLICATE = Rule(
    "QG401",
    "distractor-duplicate",
    Severity.ERROR,
    "An mcq's distractors are distinct after normalisation and case-folding.",
    """\
Two options that read the same give the learner one choice fewer than the card shows.

Fails:

```yaml
- id: rojas-country
  type: mcq
  topic: role
  prompt: Which country's foreign minister is Pablo Rojas?
  answer: Chile
  distractors: [Peru, peru, Argentina]
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: rojas-country
  type: mcq
  topic: role
  prompt: Which country's foreign minister is Pablo Rojas?
  answer: Chilean
  distractors: [Peruvian, Bolivian, Argentine]
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

IS_ANSWER = Rule(
    "QG402",
    "distractor-is-answer",
    Severity.ERROR,
    "No distractor equals, contains or is contained in the answer or an alias (after normalisation).",
    """\
A distractor that is the answer in other words ("Costa" for "Ana Costa") makes two options correct.

Fails:

```yaml
- id: costa-who
  type: mcq
  topic: who-said
  prompt: 'Who said "We will protect the southern stocks together"?'
  answer: Ana Costa
  distractors: [Costa, Pablo Rojas, Maria Silva]
  evidence:
    - source: example
      quote: '"We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said'
  review: {status: draft}
```

Passes:

```yaml
- id: costa-who
  type: mcq
  topic: who-said
  prompt: 'Who said "We will protect the southern stocks together"?'
  answer: Ana Costa
  distractors: [Pablo Rojas, Maria Silva, Jorge Vidal]
  evidence:
    - source: example
      quote: '"We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said'
  review: {status: draft}
```
""",
)

IN_EVIDENCE = Rule(
    "QG403",
    "distractor-in-evidence",
    Severity.ERROR,
    "No distractor occurs in the item's evidence.",
    """\
If the cited passage mentions a distractor, the evidence may support it as the answer (both ministers are in
a sentence about a meeting): narrow the quote to the fact asked about, or pick another distractor.

Fails:

```yaml
- id: agreement-country
  type: mcq
  topic: met
  prompt: Which country signed the fisheries agreement with Portugal?
  answer: Chile
  distractors: [Portugal, Peru, Spain]
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: agreement-country
  type: mcq
  topic: met
  prompt: Which country signed the fisheries agreement with Portugal?
  answer: Chile
  distractors: [Peru, Spain, Morocco]
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

ALSO_CORRECT = Rule(
    "QG404",
    "distractor-also-correct",
    Severity.WARNING,
    "A quotation in an mcq prompt is not, in any article, in the same sentence as one of its distractors.",
    """\
When the words a prompt quotes also appear next to a distractor elsewhere in the sources (two officials
using the same phrase), that distractor may be correct too. Quote a longer, unique stretch, or pick
another distractor. (A warning: the sentence may name the distractor for another reason.)

Fails (the wire report has the quoted words in a sentence that names Ana Costa):

```yaml
- id: deal-who
  type: mcq
  topic: who-said
  prompt: 'Who said "the deal did not cover copper"?'
  answer: Pablo Rojas
  distractors: [Ana Costa, Maria Silva, Jorge Vidal]
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: deal-who
  type: mcq
  topic: who-said
  prompt: 'Who said "the deal did not cover copper"?'
  answer: Pablo Rojas
  distractors: [Maria Silva, Jorge Vidal, Luis Prado]
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

RULES = (DUPLICATE, IS_ANSWER, IN_EVIDENCE, ALSO_CORRECT)
_QUOTED = re.compile(r'"([^"]+)"')
MIN_QUOTED_WORDS = 3
"""Quotations in a prompt shorter than this are too common to search for (QG404)."""


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Check each distractor against the others, the answer and the evidence."""
    q = item.question
    if q.type is not QuestionType.MCQ:
        return
    seen: dict[str, int] = {}
    folded = [fold(d) for d in q.distractors]
    for i, (text, f) in enumerate(zip(q.distractors, folded, strict=True)):
        where = q.at(f"distractors.{i}")
        if f in seen:
            yield diag(DUPLICATE, where, f"distractor {text!r} repeats distractor {seen[f] + 1}", item=q.id)
            continue
        seen[f] = i
        for answer, fa in zip(item.answers, item.answers_folded, strict=True):
            if f == fa or contains_phrase(fa, f) or contains_phrase(f, fa):
                what = "is" if f == fa else "overlaps"
                yield diag(IS_ANSWER, where, f"distractor {text!r} {what} the answer {answer!r}", item=q.id)
                break
        else:
            if contains_phrase(item.evidence_folded, f):
                yield diag(
                    IN_EVIDENCE,
                    where,
                    f"distractor {text!r} occurs in the evidence, which may then "
                    "support it: narrow the quote or pick another distractor",
                    item=q.id,
                )
    yield from _also_correct(item, ctx, folded)


def _prompt_quotations(prompt: str) -> list[str]:
    """The quoted stretches of a prompt long enough to search for (QG404)."""
    out = []
    for quoted in _QUOTED.findall(normalize(prompt)):
        quoted = quoted.strip(" ,.;:!?")
        if len(words(quoted)) >= MIN_QUOTED_WORDS:
            out.append(quoted)
    return out


def _quotation_index(ctx: Context) -> dict[str, list[tuple[Article, int]]]:
    """Where each prompt quotation of the bank's mcqs occurs in the articles, found in one pass (Aho-Corasick).

    Searching every article for every quotation would cost questions x articles string scans; one automaton
    over all quotations scans each article once.
    """
    if ctx.quotation_index is not None:
        return ctx.quotation_index
    automaton = ahocorasick.Automaton()
    for q in ctx.project.bank.questions:
        if q.type is QuestionType.MCQ:
            for quoted in _prompt_quotations(q.prompt):
                automaton.add_word(quoted, quoted)
    index: dict[str, list[tuple[Article, int]]] = {}
    if len(automaton):
        automaton.make_automaton()
        for article in ctx.project.sources.articles.values():
            for end, quoted in automaton.iter(article.normalized.text):
                index.setdefault(quoted, []).append((article, end - len(quoted) + 1))
    ctx.quotation_index = index
    return index


def _also_correct(item: Item, ctx: Context, folded: list[str]) -> Iterator[Diagnostic]:
    q = item.question
    quotations = _prompt_quotations(q.prompt)
    if not quotations:
        return
    index = _quotation_index(ctx)
    for quoted in quotations:
        for article, offset in index.get(quoted, ()):
            start, _, sentence = _sentence_around(article, offset)
            low = fold(sentence)
            for text, f in zip(q.distractors, folded, strict=True):
                if contains_phrase(low, f):
                    yield diag(
                        ALSO_CORRECT,
                        q.at("prompt"),
                        f"distractor {text!r} is in a sentence of {article.id} that has the quoted words: "
                        "it may be correct too",
                        item=q.id,
                        related=[Related(article.position(start), f'"{sentence}"')],
                    )


def _sentence_around(article: Article, norm_offset: int) -> tuple[int, int, str]:
    """The sentence of the article around a normalised offset, as (start, end, text) in the original."""
    offset = article.normalized.to_original(norm_offset)
    line, _ = article.lines.position(offset)
    start = article.lines.line_start(line)
    end = article.text.find("\n", start)
    end = len(article.text) if end < 0 else end
    s, e = sentence_at(article.text, offset, start, end) or (start, end)
    return s, e, article.text[s:e]
