"""An item rendered as the fields of an Anki note: every piece of bank text is HTML-escaped data.

The field list is frozen (Anki treats a note type whose fields change as a different one, and leaves
learners' notes "conflicting"), so every note type has all of :data:`FIELDS`, in this order.
"""

from __future__ import annotations

from collections.abc import Mapping

from quizgen.core.cloze import deletions
from quizgen.core.display import LETTERS, citation, cited_article, evidence_line
from quizgen.core.model import Article, Evidence, Question, QuestionType
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
    # Most bank text has none of these (a card's ~8 strings): `in` tests skip the eight replace calls.
    if not (
        '"' in text or "'" in text or "&" in text or "<" in text or ">" in text or "{" in text or "}" in text
        or "::" in text
    ):  # fmt: skip
        return text
    # html.escape's replacements inlined: a replace that finds nothing is a fast scan, cheaper than a call.
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    out = out.replace("'", "&#x27;").replace("{", "&#123;").replace("}", "&#125;")
    return out.replace("::", ":&#58;")


def mcq_options(q: Question) -> list[tuple[str, bool]]:
    """The options of an mcq in their shown order (a fixed shuffle per question id), each with whether it is
    the answer."""
    options = [(str(q.answer), True), *((d, False) for d in q.distractors)]
    return [options[i] for i in mcq_order(q)]


def mcq_order(q: Question) -> list[int]:
    """The shown order of an mcq's options, as indexes into *answer, distractors as written* (a fixed shuffle
    per question id, the same on cards and in every export)."""
    return permutation(f"quizgen-mcq:{q.id}", 1 + len(q.distractors))


def _cloze(prompt: str) -> tuple[str, str]:
    """A cloze prompt's Question field (its deletions in Anki's syntax, the rest escaped) and its Answer field
    (the deleted texts), from one pass over the deletions."""
    parts = []
    texts = []
    pos = 0
    for d in deletions(prompt):
        parts.append(escape(prompt[pos : d.start]))
        hint = f"::{escape(d.hint)}" if d.hint else ""
        parts.append(f"{{{{c{d.number}::{escape(d.text)}{hint}}}}}")
        texts.append(d.text)
        pos = d.end
    parts.append(escape(prompt[pos:]))
    return "".join(parts), escape(", ".join(texts))


def render(
    q: Question,
    articles: Mapping[str, Article],
    *,
    extra: str = "",
    citations: dict[tuple[str, str], tuple[str, str]] | None = None,
    lines: Mapping[tuple[str, str], int | None] | None = None,
    cited: dict[str, str] | None = None,
) -> tuple[str, ...]:
    """The note fields of ``q``, in :data:`FIELDS` order, all HTML. ``citations`` caches each evidence's passage
    and citation, both as HTML, by (source id, quote) across calls: questions often quote the same passage, and
    locating it is the costly part. ``lines`` holds :func:`evidence_line` already computed by (source id, quote),
    e.g. by the checks. ``cited`` caches :func:`cited_article` as HTML by source id (one per article, many
    passages)."""
    qtype = q.type
    if qtype is QuestionType.CLOZE:
        question, answer = _cloze(q.prompt)
    else:
        question = escape(q.prompt)
        answer = ""
    choices = ""
    if qtype is QuestionType.MCQ:
        items = []
        for letter, (text, correct) in zip(LETTERS, mcq_options(q), strict=False):
            option = f'<span class="letter">{letter}</span> {escape(text)}'
            if correct:
                answer = option
            items.append(option)
        choices = '<ol class="choices"><li>' + "</li><li>".join(items) + "</li></ol>"
    elif qtype is QuestionType.TRUE_FALSE:
        choices = '<ol class="choices"><li>True</li><li>False</li></ol>'
        answer = "True" if q.answer is True else "False"
        if q.answer is False and q.correction:
            answer += f'<div class="correction">{escape(q.correction)}</div>'
    elif qtype is QuestionType.SHORT:
        answer = escape(str(q.answer))
        if q.aliases:
            answer += '<div class="aliases">Also accepted: ' + escape("; ".join(q.aliases)) + "</div>"
    if citations is None:
        citations = {}
    evidence = q.evidence
    if len(evidence) == 1:  # most items: no list to build and join
        passages, cites = _passage(evidence[0], articles, citations, lines, cited)
    else:
        parts = []
        shown: list[str] = []
        for e in evidence:
            passage, cite = _passage(e, articles, citations, lines, cited)
            parts.append(passage)
            if cite not in shown:
                shown.append(cite)
        passages, cites = "".join(parts), "<br>".join(shown)
    return (
        question,
        answer,
        choices,
        escape(q.explanation) if q.explanation else "",
        passages,
        cites,
        escape(q.id),
        extra,
    )


def _passage(
    e: Evidence,
    articles: Mapping[str, Article],
    citations: dict[tuple[str, str], tuple[str, str]],
    lines: Mapping[tuple[str, str], int | None] | None,
    cited: dict[str, str] | None,
) -> tuple[str, str]:
    """One evidence's passage and citation, as HTML (see :func:`render`)."""
    key = (e.source, e.quote)
    known = citations.get(key)
    if known is None:
        article = articles[e.source]
        line = lines.get(key, -1) if lines is not None else -1
        if line == -1:  # not located by the checks
            line = evidence_line(article, e.quote)
        head = cited.get(e.source) if cited is not None else None
        if head is None:
            head = escape(cited_article(article))
            if cited is not None:
                cited[e.source] = head
        # The article's part ends with ")" and the line's starts with ",": escaped apart, they escape as one.
        tail = citation(article, line, "")
        known = citations[key] = (
            f"<blockquote>{escape(e.quote)}</blockquote>",
            head + escape(tail) if tail else head,
        )
    return known
