"""Prompt facts: the names and places a question's prompt states are in its evidence (true statements: the
same test, as an error, in :mod:`quizgen.checks.truefalse`).

Numbers, date words and negations are compared by QG502 (an error); this rule adds the capitalised names of
people, places and organisations, which a reviewer edits in without noticing ("... met in Washington").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from quizgen.checks.base import Context, Item, Rule, cited_articles, diag
from quizgen.checks.leak import DETAIL_UNSUPPORTED
from quizgen.core.diagnostics import Diagnostic, Severity
from quizgen.core.lexicon import entries
from quizgen.core.model import QuestionType
from quizgen.core.text import ascii_words, normalize

FACT_UNSUPPORTED = Rule(
    "QG503",
    "prompt-fact-unsupported",
    Severity.WARNING,
    "Every capitalised name (person, place, organisation) of a question's prompt occurs in its evidence.",
    """\
A name in the prompt that none of the item's evidence contains is a claim the evidence does not make: a
learner answering from the articles cannot confirm it, and it may be wrong. Names are capitalised words
(``Washington``, ``Kim Kwan-jin``, ``THAAD``, ``U.S.``); a capitalised word that only opens a sentence
(``Which``, ``According``, ...: ``quizgen/core/lexicons/sentence_starters.txt``) is not a name. A name counts as
in the evidence when each of its words is, compared like typed answers (case, accents, dots and apostrophes
aside) and allowing a different ending of one stem (``Russia``/``Russian``, ``China``/``Chinese``, but not
``Austria``/``Australia``). The outlet and headline of a cited article may frame the prompt ("According to
Example Wire, ..."), and a full name the article gives may stand where the evidence has one word of it
(``Xi Jinping`` for the evidence's ``Xi said``); a name the evidence never gives ("... he said") is reported.
Numbers and dates are """
    + DETAIL_UNSUPPORTED.code
    + """'s; a true-false statement's names are checked, as an error, by the true-false rules, and a cloze
prompt is verbatim evidence. This is
a warning: a reviewer who knows the name is right adds the passage that states it.

Fails (no evidence says where the agreement was signed):

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week did Portugal and Chile sign the fisheries agreement in Madrid?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement
    - source: example
      quote: on Tuesday.
  review: {status: draft}
```

Passes:

```yaml
- id: signing-day
  type: short
  topic: when
  prompt: On which day of the week did Portugal and Chile sign the fisheries agreement in Lisbon?
  answer: Tuesday
  evidence:
    - source: example
      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.
  review: {status: draft}
```
""",
)

RULES = (FACT_UNSUPPORTED,)

_TOKEN = re.compile(r"[^\W_]+(?:['\u2019.\-][^\W_]+)*\.?", re.UNICODE)
_OPENERS = ".!?:;\"\u201c\u201d\u2018'("  # what a sentence (or a quoted one) starts after
_NEVER_NAMES = frozenset("what which who whom whose when where why how i".split())
"""Capitalised anywhere (a question run on after other text), these never name anyone."""
_SMALL = frozenset("of the de la al bin von van".split())


_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_BREAK = re.compile(r"[,()\"\u201c\u201d;:!?]")
_APOSTROPHE = re.compile(r"['\u2019]")


@cache
def _starters() -> frozenset[str]:
    return frozenset(entries("sentence_starters"))


def names(text: str) -> list[str]:
    """The capitalised names of a text, in order: runs of capitalised words (``of``/``the`` inside a run),
    a sentence's first word left out when it is a common sentence starter."""
    starters = _starters()
    out: list[str] = []
    run: list[str] = []
    pending_small: list[str] = []
    last_end = 0
    for m in _TOKEN.finditer(text):
        token = m.group()
        if not run and not token[0].isupper():
            # A lower-case word with no run of names before it (most words): it only drops what was pending.
            pending_small = []
            last_end = m.end()
            continue
        if token[-1] == "." and not _INITIALS.fullmatch(token):
            token = token.rstrip(".")
        start = m.start()
        between = text[last_end:start]
        # The last character before the token that is not whitespace: in the gap, or the previous token's last.
        gap = between.rstrip()
        before = gap[-1] if gap else (text[last_end - 1] if last_end else "")
        sentence_start = not before or before in _OPENERS
        broken = sentence_start or (between != " " and _BREAK.search(between) is not None)
        last_end = m.end()
        capital = token[:1].isupper()
        if capital:
            bare = _APOSTROPHE.split(token, 1)[0].casefold()
            if bare in _NEVER_NAMES or (sentence_start and bare in starters):
                capital = False
        if capital:
            if broken and run:
                out.append(" ".join(run))
                run = []
            elif pending_small and run:
                run += pending_small
            pending_small = []
            run.append(token)
        elif run and token.casefold() in _SMALL and not broken:
            pending_small.append(token)
        else:
            if run:
                out.append(" ".join(run))
            run, pending_small = [], []
    if run:
        out.append(" ".join(run))
    return out


def _same_stem(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    if long.startswith(short):
        return True
    prefix = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        prefix += 1
    return prefix >= 4 and prefix >= len(short) - 1


_POSSESSIVE = re.compile(r"['\u2019]s?$")
_OWNER = re.compile(r"['\u2019]s\b")


def unsupported_names(text: str, evidence: str, allowed: str = "", articles: str = "") -> list[str]:
    """The names of ``text`` that the evidence does not support.

    A name is supported when each of its words is in ``evidence`` or ``allowed`` (the cited articles' outlets
    and headlines: what the articles are about); or when the cited ``articles`` hold the full name and the
    evidence one word of it (``Xi`` for ``Xi Jinping``)."""
    found = names(normalize(text))
    if not found:
        return []
    have = set(ascii_words(_OWNER.sub("", evidence)))
    also = set(ascii_words(_OWNER.sub("", allowed)))
    full: str | None = None  # the articles' words, only when a name is found in part

    def known(word: str, pool: set[str]) -> bool:
        return word in pool or any(_same_stem(word, h) for h in pool)

    missing = []
    both = have | also
    for name in found:
        parts = [w for w in ascii_words(_POSSESSIVE.sub("", name)) if w not in _SMALL]
        if all(known(p, both) for p in parts):
            continue
        if len(parts) > 1 and any(known(p, have) for p in parts):
            if full is None:
                full = " " + " ".join(ascii_words(_OWNER.sub("", articles))) + " "
            if f" {' '.join(parts)} " in full:
                continue
        if name not in missing:
            missing.append(name)
    return missing


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Warn about names of the prompt (a true statement) that the evidence lacks."""
    q = item.question
    if q.type is QuestionType.TRUE_FALSE:
        return  # a true statement's names are QG304's; a false one is false on purpose
    field, text = ("context", q.context) if q.type is QuestionType.CLOZE else ("prompt", q.prompt)
    if text is None:
        return  # a cloze prompt is verbatim evidence; only its context can add a name
    cited = cited_articles(q, ctx)
    frame = " | ".join(f"{a.outlet} | {a.headline}" for a in cited)
    texts = "\n".join(a.text for a in cited)
    missing = unsupported_names(text, "\n".join(item.evidence), frame, texts)
    if missing:
        yield diag(
            FACT_UNSUPPORTED,
            q.at(field),
            "not in the evidence: "
            + ", ".join(repr(m) for m in missing)
            + "; cite the passage that names it, or take it out of the prompt",
            item=q.id,
        )
