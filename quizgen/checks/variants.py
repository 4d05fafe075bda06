"""Cross-source consistency: names the articles spell out differently, and bank items that use a variant.

What is detected: acronyms spelled out before a parenthesised abbreviation ("Terminal High Altitude Area
Defense (THAAD)") whose spelled-out forms differ between or within articles, hyphens and case aside. A trainer
reviews each difference once and lists it in the catalogue's ``variants`` (preferred form plus the others);
bank items must then use the preferred form outside their evidence quotes and explanation, where the
explanation should say that the sources disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from quizgen.checks.base import Context, Item, Rule, diag
from quizgen.checks.catalogue import DISCREPANCY
from quizgen.core.diagnostics import Diagnostic, Related, Severity
from quizgen.core.model import Article, Project, Variant
from quizgen.core.text import contains_phrase, fold

SOURCE_VARIANT = Rule(
    "QG701",
    "source-variant",
    Severity.WARNING,
    "Articles spell out an abbreviation the same way, or the catalogue lists the reviewed variants.",
    """\
Reported at the article position of each form that differs from the most common one, with the other form's
passage. Review which form is right, then list it in ``seeds/sources.yaml``:

```yaml
variants:
  - preferred: South Pacific Fisheries Accord
    also: [South Pacific Fishing Accord]
    note: example says Fisheries, wire says Fishing.
```

Fails (the catalogue does not list the variant):

```yaml
# file: seeds/sources.yaml
articles:
  - {id: example, outlet: Example Daily, headline: Ministers meet in Lisbon}
  - {id: wire, outlet: Example Wire, headline: Rojas on copper}
```

Passes:

```yaml
# file: seeds/sources.yaml
articles:
  - {id: example, outlet: Example Daily, headline: Ministers meet in Lisbon}
  - {id: wire, outlet: Example Wire, headline: Rojas on copper}
variants:
  - {preferred: South Pacific Fisheries Accord, also: [South Pacific Fishing Accord]}
```
""",
)

ITEM_VARIANT = Rule(
    "QG702",
    "item-uses-variant",
    Severity.WARNING,
    "Bank items use the preferred form of a name the sources spell differently.",
    """\
Checked in the prompt, answer, aliases, distractors and correction (evidence quotes keep the source's own
wording; the explanation should name both forms). An item tagged ``discrepancy`` teaches where the sources
disagree, so it may use another form, but only one its own evidence quotes (the variant stays grounded).

Fails:

```yaml
- id: accord-name
  type: short
  topic: what
  prompt: Which earlier accord does the Lisbon deal follow?
  answer: South Pacific Fishing Accord
  evidence:
    - source: wire
      quote: Both ministers praised the South Pacific Fishing Accord (SPFA).
  review: {status: draft}
```

Passes:

```yaml
- id: accord-name
  type: short
  topic: what
  prompt: Which earlier accord does the Lisbon deal follow?
  answer: South Pacific Fisheries Accord
  evidence:
    - source: example
      quote: The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.
  explanation: The wire report calls it the South Pacific Fishing Accord; the bank follows Example Daily.
  review: {status: draft}
```

Passes (a discrepancy item quoting the form it uses):

```yaml
- id: accord-name-wire
  type: short
  topic: what
  prompt: What does the wire report call the accord abbreviated SPFA?
  answer: South Pacific Fishing Accord
  evidence:
    - source: wire
      quote: Both ministers praised the South Pacific Fishing Accord (SPFA).
  tags: [discrepancy]
  review: {status: draft}
```
""",
)

RULES = (SOURCE_VARIANT, ITEM_VARIANT)

_ABBREVIATION = re.compile(r"\(([A-Z][A-Za-z0-9&]{1,9})\)")
_TOKEN = re.compile(r"[^\W_][\w'\u2019.]*")
_SMALL = frozenset("of and the for on in to de du la".split())


@dataclass(frozen=True, slots=True)
class Form:
    """One spelled-out form of an abbreviation at one place."""

    abbreviation: str
    """E.g. THAAD."""
    text: str
    """The form as written."""
    key: str
    """The form folded, hyphens as spaces: forms with equal keys are the same."""
    article: Article
    """Where it is."""
    offset: int
    """Offset of the form in the article text."""


def key(text: str) -> str:
    """The comparison key of a name form: folded, hyphens and dashes as spaces, spaces collapsed."""
    return " ".join(fold(text).replace("-", " ").split())


def spelled_out(article: Article) -> Iterator[Form]:
    """Every abbreviation in parentheses whose preceding words' initials spell it, with those words."""
    text = article.text
    for m in _ABBREVIATION.finditer(text):
        abbreviation = m.group(1)
        letters = [c.lower() for c in abbreviation if c.isupper()]
        line_start = text.rfind("\n", 0, m.start()) + 1
        tokens = [part for t in _TOKEN.finditer(text, line_start, m.start()) for part in _split_hyphens(t)]
        j, k, first = len(letters) - 1, len(tokens) - 1, None
        while j >= 0 and k >= 0:
            word = tokens[k][2]
            if word[0].lower() == letters[j]:
                first, j = k, j - 1
            elif not (word.lower() in _SMALL and first is not None):
                break
            k -= 1
        if j < 0 and first is not None:
            start, end = tokens[first][0], tokens[-1][1]
            form = text[start:end]
            yield Form(abbreviation, form, key(form), article, start)


def _split_hyphens(m: re.Match[str]) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = m.start()
    for part in m.group().split("-"):
        if part:
            out.append((pos, pos + len(part), part))
        pos += len(part) + 1
    return out


@dataclass(frozen=True, slots=True)
class Disagreement:
    """An abbreviation with several spelled-out forms in the sources."""

    abbreviation: str
    """E.g. THAAD."""
    forms: dict[str, list[Form]]
    """Occurrences by form key, most common first."""
    variant: Variant | None
    """The catalogue entry that reviews it, if any."""


def disagreements(ctx: Context) -> list[Disagreement]:
    """All abbreviations spelled out in more than one way (computed once per run)."""
    if ctx.disagreements is None:
        ctx.disagreements = disagreements_of(ctx.project)
    return ctx.disagreements


def disagreements_of(
    project: Project, spelled: Callable[[Article], Iterable[Form]] | None = None
) -> list[Disagreement]:
    """The disagreements among the project's sources; ``spelled``: :func:`spelled_out`, or what remembers it
    (the check cache: :mod:`quizgen.checks.cache`)."""
    by_abbreviation: dict[str, dict[str, list[Form]]] = {}
    for article in project.sources.articles.values():
        for form in (spelled or spelled_out)(article):
            by_abbreviation.setdefault(form.abbreviation, {}).setdefault(form.key, []).append(form)
    out = []
    for abbreviation, forms in sorted(by_abbreviation.items()):
        if len(forms) < 2:
            continue
        ordered = dict(
            sorted(forms.items(), key=lambda kv: (-len({f.article.id for f in kv[1]}), -len(kv[1])))
        )
        keys = set(ordered)
        variant = next(
            (v for v in project.sources.variants if keys <= {key(v.preferred), *(key(a) for a in v.also)}),
            None,
        )
        out.append(Disagreement(abbreviation, ordered, variant))
    return out


def check_project(ctx: Context) -> Iterator[Diagnostic]:
    """Warn about every unreviewed disagreement, at each minority form."""
    for d in disagreements(ctx):
        if d.variant is not None:
            continue
        forms = list(d.forms.values())
        common = forms[0][0]
        for occurrences in forms[1:]:
            first = occurrences[0]
            where = first.article.position(first.offset)
            yield diag(
                SOURCE_VARIANT,
                where,
                f"{d.abbreviation} is spelled out {first.text!r} here but {common.text!r} in "
                f"{common.article.id}; once reviewed, list both under `variants:` in "
                f"{ctx.project.sources.catalogue_path}",
                related=[Related(common.article.position(common.offset), f'"{common.text}"')],
            )


@dataclass(frozen=True, slots=True)
class Unwanted:
    """A form bank items should not use, with a word of it to pre-filter items cheaply."""

    key: str
    """The form's comparison key."""
    anchor: str
    """Its longest word: an item whose folded text lacks it cannot use the form."""
    form: Form
    """Its first occurrence in the sources."""
    disagreement: Disagreement
    """What it belongs to."""


def _unwanted(ctx: Context) -> list[Unwanted]:
    if ctx.unwanted is not None:
        return ctx.unwanted
    out = []
    for d in disagreements(ctx):
        preferred = key(d.variant.preferred) if d.variant else None
        for form_key, occurrences in d.forms.items():
            if form_key != preferred:
                out.append(Unwanted(form_key, max(form_key.split(), key=len), occurrences[0], d))
    ctx.unwanted = out
    return out


def check(item: Item, ctx: Context) -> Iterator[Diagnostic]:
    """Warn when an item uses a form other than the preferred one."""
    unwanted = _unwanted(ctx)
    if not unwanted:
        return
    q = item.question
    fields: list[tuple[str, str]] = [("prompt", q.prompt)]
    if isinstance(q.answer, str):
        fields.append(("answer", q.answer))
    fields += [(f"aliases.{i}", a) for i, a in enumerate(q.aliases)]
    fields += [(f"distractors.{i}", d) for i, d in enumerate(q.distractors)]
    if q.correction:
        fields.append(("correction", q.correction))
    blob = fold(" | ".join(value for _, value in fields))
    candidates = [u for u in unwanted if u.anchor in blob]
    if not candidates:
        return
    keyed = [(name, key(value)) for name, value in fields]
    if DISCREPANCY in q.tags:  # the forms its own evidence quotes are what a discrepancy item is about
        quoted = key(" | ".join(item.evidence))
        candidates = [u for u in candidates if not contains_phrase(quoted, u.key)]
    for u in candidates:
        for name, haystack in keyed:
            if contains_phrase(haystack, u.key):
                yield _item_warning(item, name, u.form, u.disagreement, ctx)


def _item_warning(item: Item, field: str, form: Form, d: Disagreement, ctx: Context) -> Diagnostic:
    q = item.question
    if d.variant is not None:
        related = Related(d.variant.location, "the reviewed variant is listed here")
        message = f"uses {form.text!r}; the bank uses the preferred form {d.variant.preferred!r}"
    else:
        related = Related(form.article.position(form.offset), "this source spells it so")
        message = (
            f"uses {form.text!r}, which the sources spell out in {len(d.forms)} ways; review the variant"
        )
    return diag(ITEM_VARIANT, q.at(field), message, item=q.id, related=[related])
