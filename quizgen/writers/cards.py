"""An item rendered as the fields of an Anki note: every piece of bank text is HTML-escaped data.

The field list is frozen (Anki treats a note type whose fields change as a different one, and leaves
learners' notes "conflicting"), so every note type has all of :data:`FIELDS`, in this order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from quizgen.core.cloze import deletions
from quizgen.core.display import LETTERS, citation, evidence_line
from quizgen.core.model import Article, Question, QuestionType
from quizgen.core.shuffle import permutation

FIELDS = (
    "Question",
    "Answer",
    "Choices",
    "Explanation",
    "Source passage",
    "Source citation",
    "Question id",
    "Extra",
)
"""The fields of every quizgen note type, frozen since the first release."""


def escape(text: str) -> str:
    """Bank text as inert HTML: ``&``, ``<``, ``>`` and quotes escaped as :func:`html.escape` does, and the
    braces and double colons that Anki's template and cloze syntax would read replaced by character references,
    so they show literally."""
    # html.escape's replacements inlined: a replace that finds nothing is a fast scan, cheaper than a call.
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    out = out.replace("'", "&#x27;").replace("{", "&#123;").replace("}", "&#125;")
    return out.replace("::", ":&#58;")


def mcq_options(q: Question) -> list[tuple[str, bool]]:
    """The options of an mcq in their shown order (a fixed shuffle per question id), each with whether it is
    the answer."""
    options = [(str(q.answer), True), *((d, False) for d in q.distractors)]
    return [options[i] for i in permutation(f"quizgen-mcq:{q.id}", len(options))]


def _cloze(prompt: str) -> str:
    parts = []
    pos = 0
    for d in deletions(prompt):
        parts.append(escape(prompt[pos : d.start]))
        hint = f"::{escape(d.hint)}" if d.hint else ""
        parts.append(f"{{{{c{d.number}::{escape(d.text)}{hint}}}}}")
        pos = d.end
    parts.append(escape(prompt[pos:]))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Card:
    """The rendered fields of one item, in :data:`FIELDS` order, all HTML."""

    fields: tuple[str, ...]
    """The field values."""


def render(
    q: Question,
    articles: dict[str, Article],
    *,
    extra: str = "",
    citations: dict[tuple[str, str], str] | None = None,
    lines: Mapping[tuple[str, str], int | None] | None = None,
) -> Card:
    """The note fields of ``q``. ``citations`` caches each evidence's escaped citation by (source id, quote)
    across calls: questions often quote the same passage, and locating it is the costly part. ``lines`` holds
    :func:`evidence_line` already computed by (source id, quote), e.g. by the checks."""
    if q.type is QuestionType.CLOZE:
        question = _cloze(q.prompt)
        answer = escape(", ".join(d.text for d in deletions(q.prompt)))
    else:
        question = escape(q.prompt)
        answer = ""
    choices = ""
    if q.type is QuestionType.MCQ:
        items = []
        for letter, (text, correct) in zip(LETTERS, mcq_options(q), strict=False):
            option = f'<span class="letter">{letter}</span> {escape(text)}'
            if correct:
                answer = option
            items.append(f"<li>{option}</li>")
        choices = '<ol class="choices">' + "".join(items) + "</ol>"
    elif q.type is QuestionType.TRUE_FALSE:
        choices = '<ol class="choices"><li>True</li><li>False</li></ol>'
        answer = "True" if q.answer is True else "False"
        if q.answer is False and q.correction:
            answer += f'<div class="correction">{escape(q.correction)}</div>'
    elif q.type is QuestionType.SHORT:
        answer = escape(str(q.answer))
        if q.aliases:
            answer += '<div class="aliases">Also accepted: ' + escape("; ".join(q.aliases)) + "</div>"
    passages = []
    cited: list[str] = []
    for e in q.evidence:
        passages.append(f"<blockquote>{escape(e.quote)}</blockquote>")
        key = (e.source, e.quote)
        cite = citations.get(key) if citations is not None else None
        if cite is None:
            article = articles[e.source]
            line = lines[key] if lines is not None and key in lines else evidence_line(article, e.quote)
            cite = escape(citation(article, line))
            if citations is not None:
                citations[key] = cite
        if cite not in cited:
            cited.append(cite)
    return Card(
        (
            question,
            answer,
            choices,
            escape(q.explanation or ""),
            "".join(passages),
            "<br>".join(cited),
            escape(q.id),
            extra,
        )
    )
