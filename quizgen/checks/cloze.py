"""Cloze items: well-formed deletions, the filled-in text verbatim in the evidence, and a quotation attributed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.core.cloze import MAX_NUMBER, deletions, fill
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.lexicon import entries
from quizgen.core.model import QuestionType
from quizgen.core.text import fold, normalize

NOT_VERBATIM = Rule(
    "QG302",
    "cloze-not-verbatim",
    Severity.ERROR,
    "A cloze prompt with its deletions filled in is a verbatim passage of its evidence.",
    """\
A cloze tests recall of what the source says, so the sentence must be the source's own: fill in every
``{{cN::...}}`` and the result must occur (after normalisation, case kept) in one of the evidence quotes.

Fails (reworded):

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the agreement did not cover {{c1::copper}}.
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the deal did not cover {{c1::copper}}.
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

MALFORMED = Rule(
    "QG303",
    "cloze-malformed",
    Severity.ERROR,
    "A cloze prompt has at least one well-formed {{cN::text}} deletion, and its answer (if given) is one.",
    """\
Anki shows a cloze note without deletions as a note with no cards, so it would never be studied. Deletions
are written ``{{c1::text}}`` or ``{{c1::text::hint}}``; a stray ``{{`` or ``}}`` is an error, and so is an
empty deletion, or one numbered ``c0`` (Anki makes no card of it) or past ``c999`` (a typo). ``answer`` is
optional for cloze; when given it must be the text of one deletion.

Fails:

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the deal did not cover {{copper}}.
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```

Passes:

```yaml
- id: copper-cloze
  type: cloze
  topic: what
  prompt: Pablo Rojas said the deal did not cover {{c1::copper::a metal}}.
  answer: copper
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
```
""",
)

UNATTRIBUTED = Rule(
    "QG307",
    "cloze-unattributed",
    Severity.WARNING,
    "A cloze that quotes someone says who: its text or its `context` names the speaker or outlet.",
    """\
House style. A cloze cut from the middle of a quotation ("collective political and diplomatic efforts should
be stepped up...") shows the learner words with nobody behind them, and the card is learnt as a fact instead of
as what someone said. A cloze is taken for a quotation when it holds a quotation mark, starts mid-sentence
(with a lower-case letter) or speaks in the first person (I, we, our, us, my, me); it is attributed when its
text holds a word of attribution (said, says, according, told, stated, ...:
``quizgen/core/lexicons/attribution.txt``) or the item gives ``context``: who speaks and where, shown before the
text on cards, printed forms, the HTML quiz, exports and the self-test. ``context`` is part of the review hash;
its names are checked against the evidence and the cited outlets like a prompt's.

Fails:

```yaml
- id: costa-stocks-cloze
  type: cloze
  topic: who-said
  prompt: We will protect the {{c1::southern stocks}} together
  evidence:
    - source: example
      quote: '"We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said'
  review: {status: draft}
```

Passes:

```yaml
- id: costa-stocks-cloze
  type: cloze
  topic: who-said
  context: "Portuguese Foreign Minister Ana Costa, in Example Daily:"
  prompt: We will protect the {{c1::southern stocks}} together
  evidence:
    - source: example
      quote: '"We will protect the southern stocks together," Portuguese Foreign Minister Ana Costa said'
  review: {status: draft}
```
""",
)

RULES = (NOT_VERBATIM, MALFORMED, UNATTRIBUTED)

_QUOTE_MARKS = frozenset('"\u201c\u201d\u2018\u2019')
_FIRST_PERSON = frozenset("i we our ours us my me myself ourselves".split())
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")


def quotes_someone(text: str) -> bool:
    """Whether a cloze's filled-in text reads as a quotation: quotation marks, a mid-sentence start, or the
    first person (case kept: "US" is a country, "us" a speaker)."""
    stripped = text.lstrip("\"'\u201c\u2018(\u2026. ")
    if any(c in _QUOTE_MARKS for c in text) or (stripped[:1].islower()):
        return True
    return any(w.lower() in _FIRST_PERSON for w in _WORD.findall(text) if w == "I" or not w.isupper())


def attributed(text: str) -> bool:
    """Whether a text holds a word of attribution (said, according, ...)."""
    words = frozenset(entries("attribution"))
    return any(w.lower() in words for w in _WORD.findall(text))


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Check the deletions, then that the filled-in text is in the evidence."""
    q = item.question
    if q.type is not QuestionType.CLOZE:
        return
    found = deletions(q.prompt)
    where = q.at("prompt")
    rest = q.prompt
    for d in reversed(found):
        rest = rest[: d.start] + rest[d.end :]
    if not found:
        yield diag(
            MALFORMED,
            where,
            "cloze prompt has no {{c1::...}} deletion, so Anki would make no card from it",
            item=q.id,
        )
        return
    if "{{" in rest or "}}" in rest:
        yield diag(
            MALFORMED,
            where,
            "cloze prompt has a stray '{{' or '}}': write deletions as {{c1::text}}",
            item=q.id,
        )
        return
    if any(not d.text.strip() for d in found):
        yield diag(MALFORMED, where, "cloze prompt has an empty deletion", item=q.id)
        return
    for d in found:
        if not 1 <= d.number <= MAX_NUMBER:  # c0 makes no Anki card; a huge number overflowed the Anki writer
            written = q.prompt[d.start : d.end]
            shown = written if len(written) <= 40 else written[:37] + "..."
            yield diag(MALFORMED, where, f"cloze deletion {shown}: number deletions from c1 to c{MAX_NUMBER} "
                       "(Anki makes no card of c0)", item=q.id)  # fmt: skip
            return
    if isinstance(q.answer, str) and fold(q.answer) not in {fold(d.text) for d in found}:
        yield diag(MALFORMED, q.at("answer"), f"answer {q.answer!r} is not the text of a deletion", item=q.id)
    filled = normalize(fill(q.prompt))
    if q.context is None and quotes_someone(filled) and not attributed(filled):
        yield diag(
            UNATTRIBUTED,
            where,
            "the cloze quotes someone but does not say who: add `context:` (who speaks, which outlet, e.g. "
            '"Russia\'s Foreign Ministry, in China Topix:"), shown before the text',
            item=q.id,
        )
    if not any(filled in e for e in item.evidence):
        yield diag(
            NOT_VERBATIM,
            where,
            f"with its deletions filled in, the prompt ({filled!r}) is not a passage "
            "of the evidence: cut the cloze from the quoted text",
            item=q.id,
        )
