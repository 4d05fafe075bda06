"""How bank values are shown on every output (cards, printed forms, the self-test): option letters, source
citations and quoted passages.

Display only: the checks compare the bank's text exactly; what is trimmed or re-marked here is never checked.
"""

from __future__ import annotations

import re
from dataclasses import replace

from quizgen.core.grounding import Match, first_quote
from quizgen.core.lexicon import MONTHS
from quizgen.core.model import Article, Bank, Project, Question

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
"""Option labels, in order."""


_TRAILING = " \t;,:"
"""What a line or a cut passage may end with that means nothing on its own (a headline copied word for word
from a line ending ``;``, a quote stopping at a comma)."""
_OPEN_AFTER = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013/-]))\"")
"""A straight double quotation mark that opens (at the start, or after a space, bracket or dash)."""


def trim(text: str) -> str:
    """``text`` without trailing ``;``, ``,`` or ``:`` (and the spaces around them)."""
    return text.rstrip(_TRAILING)


def nested(text: str) -> str:
    """``text`` with its double quotation marks made single (\u2018 \u2019), to sit inside double ones: a passage
    that opens with its own quotation mark is not shown as \u201c"The US deployment...\u201d."""
    if '"' not in text and "\u201c" not in text and "\u201d" not in text:
        return text  # most text has none: three scans instead of a regex pass and three copies
    text = _OPEN_AFTER.sub("\u2018", text)
    return text.replace('"', "\u2019").replace("\u201c", "\u2018").replace("\u201d", "\u2019")


def quoted(text: str) -> str:
    """A passage in double quotation marks, as every output shows one: trimmed, inner marks made single."""
    return f"\u201c{nested(trim(text))}\u201d"


CAPTION = "photo caption"
"""How a citation names a caption line whose catalogue entry does not say what it is."""


def cited_article(article: Article) -> str:
    """Outlet, headline and date of an article (plain text): what every citation of it starts with."""
    d = article.published
    date = (
        f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else "undated"
    )  # not strftime: it follows the locale
    return f"{article.outlet}: {quoted(article.headline)} ({date})"


def citation(article: Article, line: int | None, cited: str | None = None) -> str:
    """Outlet, headline and date of an article (plain text), and the line of the passage; a passage from a
    photo caption says so ("..., line 9, photo caption"): a learner should know it is not the report's text.
    ``cited`` is :func:`cited_article` of ``article`` when the caller keeps it (one per article, many lines)."""
    where = f", line {line}" if line else ""
    caption = article.caption_at(line) if line else None
    if caption is not None:
        where += f", {caption.what or CAPTION}"
    return (cited_article(article) if cited is None else cited) + where


def evidence_line(article: Article, quote: str) -> int | None:
    """The line where a quote is first found in the article's reporting; in a photo caption only when the
    reporting does not have it."""
    ranges = [(f.lines.first, f.lines.last) for f in article.furniture]
    captions = [(c.lines.first, c.lines.last) for c in article.captions]

    def in_furniture(m: Match) -> bool:  # grounding.in_furniture, as an overlap test of line ranges
        return any(first <= m.last_line and m.first_line <= last for first, last in ranges)

    def in_either(m: Match) -> bool:
        return in_furniture(m) or any(
            first <= m.last_line and m.first_line <= last for first, last in captions
        )

    m = first_quote(article, quote, skip=in_either) if captions else None
    if m is None:
        m = first_quote(article, quote, skip=in_furniture if ranges else None)
    return m.first_line if m is not None else None


def shown(q: Question) -> Question:
    """The item as outputs show it: a cloze's ``context`` (who speaks, which outlet) put before its text, so a
    card, a printed form, the HTML quiz, an export and the self-test all start with the attribution."""
    if q.context is None:
        return q
    context = q.context.strip()
    if q.prompt.startswith(f"{context} "):
        return q  # shown already: showing twice changes nothing
    return replace(q, prompt=f"{context} {q.prompt}")


def shown_project(project: Project) -> Project:
    """``project`` with every item as :func:`shown` makes it (the checks see the items as written)."""
    if not any(q.context for q in project.bank.questions):
        return project
    bank = project.bank
    return replace(project, bank=Bank(tuple(shown(q) for q in bank.questions), bank.files, bank.ids))
