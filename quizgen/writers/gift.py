"""GIFT (``decks/NAME.gift.txt``): Moodle's text format (Import, format "GIFT").

Each question is one line after a ``// [id:...] [tag:...]`` comment (Moodle reads the id number and tags from
it), titled ``::id::`` and in ``[html]`` format: ``{=right ~wrong}``, ``{TRUE#feedback if wrong#feedback if
right}``, ``{=%100%answer =%100%alias}``, and for a cloze its one blank mid-sentence. General feedback follows
``####``; a false statement's correction is the feedback to both answers instead (``{FALSE#correction#correction
####explanation and source}``), so every learner reads it once. A ``$CATEGORY:`` line starts each deck/topic.

Escaping follows Moodle's importer, which unescapes exactly ``\\: \\# \\= \\{ \\} \\~ \\n`` and ``\\\\``: those
characters are escaped, a line break is ``\\n``. Text is HTML (escaped) so nothing in it becomes markup, and a
leading ``%`` or ``[`` of an HTML text is a character reference (``%50%`` at an answer's start is a weight,
``[html]`` a format). Short answers are plain text compared with what learners type, always written with an
explicit ``%100%`` weight (as Moodle's own export does) so their own ``%`` stays text; a ``*`` in them is
escaped (a bare one is Moodle's wildcard).

Tags with ``] < >`` or a backtick stay behind (the comment syntax cannot hold them).
GIFT allows one blank per question: a cloze with several is left out (it goes to Moodle XML), and so is an
answer that starts with a format name in brackets (``[html]...``), which Moodle would strip.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizgen.writers.lms import (
    CLOZE,
    MCQ,
    SHORT,
    TRUE_FALSE,
    Blank,
    ExportDeck,
    ExportItem,
    by_category,
    category_path,
    escape_all,
    html,
)
from quizgen.writers.moodle import wildcard_literal

_FORMAT_MARK = re.compile(r"\s*\[(?:moodle|html|plain|markdown)\]")
_SPECIAL = re.compile(r"[\\~=#{}:\r\n]")


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped (and line breaks as ``\\n``)."""
    if _SPECIAL.search(text) is None:  # most text: one scan instead of one per character
        return text
    for char in "\\~=#{}:":  # the backslash first: the others add backslashes
        if char in text:
            text = text.replace(char, "\\" + char)
    if "\n" in text or "\r" in text:
        text = text.replace("\r", "").replace("\n", "\\n")
    return text


def _typed_answers(item: ExportItem) -> tuple[str, ...]:
    q = item.question
    if q.type is SHORT:
        return item.answers
    if q.type is CLOZE:
        return tuple([a for p in item.cloze_html if isinstance(p, Blank) for a in p.answers])
    return ()


def leaves_out(item: ExportItem) -> str | None:
    """Why GIFT cannot hold an item, or ``None``."""
    if item.blanks > 1:
        return f"GIFT allows one blank per question and this cloze has {item.blanks} (use the moodle export)"
    for answer in _typed_answers(item):
        if "[" in answer and _FORMAT_MARK.match(answer):
            return f"answer {answer!r} starts with a GIFT format name, which Moodle's importer would strip"
    return None


def carries_tag(tag: str) -> bool:
    """Whether a ``[tag:...]`` comment can hold ``tag``: Moodle's importer stops a tag at ``<``, ``>`` or a
    backtick, and only Moodle (not other GIFT readers) knows ``\\]`` for ``]``; Moodle XML keeps such tags."""
    return "]" not in tag and "<" not in tag and ">" not in tag and "`" not in tag


_TEXT = "\x1f"
"""Joins the texts escaped together (:func:`~quizgen.writers.lms.escape_all`): GIFT's escape leaves it alone."""
_LEAD = "\x1e"
"""Before each text whose first character would mean something at an answer's start (see :func:`_shown`)."""


def _shown(item: ExportItem, texts: list[str], leads: list[str]) -> None:
    """Put the texts of an item in the order :func:`_question` takes them, before GIFT's escaping: to ``texts``
    its id, then for a cloze its text runs and hints (as HTML) and each blank's answers, for a short item its
    answers; to ``leads`` (whose leading ``%`` or ``[`` becomes a reference: ``%50%`` at an answer's start is a
    weight, ``[html]`` a format) the prompt and an mcq's options (as HTML) or a true-false item's correction."""
    q = item.question
    kind = q.type
    texts.append(q.id)
    if kind is CLOZE:
        texts += [
            p if not isinstance(p, Blank) else f" ({html(p.hint)})" if p.hint else "" for p in item.cloze_html
        ]
        texts += [_typed(a) for p in item.cloze_html if isinstance(p, Blank) for a in p.answers]
        return
    leads.append(item.prompt_html)
    if kind is MCQ:
        leads += item.options_html
    elif kind is TRUE_FALSE:
        leads.append(html(q.correction) if q.answer is False and q.correction else "")
    else:
        texts += [_typed(a) for a in item.answers]


def _escape_leads(leads: list[str]) -> list[str]:
    """:func:`escape` of each text, a leading ``%`` or ``[`` as a character reference first: all in one string."""
    joined = _LEAD + _LEAD.join(leads)
    if joined.count(_LEAD) != len(leads):  # a text holds the joiner: one by one
        return [escape(_lead(t)) for t in leads]
    if _LEAD + "%" in joined:
        joined = joined.replace(_LEAD + "%", _LEAD + "&#37;")
    if _LEAD + "[" in joined:
        joined = joined.replace(_LEAD + "[", _LEAD + "&#91;")
    return escape(joined).split(_LEAD)[1:]


def _lead(html_text: str) -> str:
    first = html_text[:1]
    if first == "%":
        return "&#37;" + html_text[1:]
    if first == "[":
        return "&#91;" + html_text[1:]
    return html_text


def _typed(answer: str) -> str:
    """A typed answer before GIFT's escaping: on one line, a ``*`` escaped (a bare one is Moodle's wildcard)."""
    return wildcard_literal(answer.replace("\n", " ")) if "\n" in answer or "*" in answer else answer


def _tags(tags: tuple[str, ...], comments: dict[str, str]) -> str:
    """The tag comments of a tag set; ``comments`` keeps each tag's (many tag sets share tags)."""
    out = []
    for t in tags:
        comment = comments.get(t)
        if comment is None:
            comment = comments[t] = f" [tag:{t}]" if carries_tag(t) else ""
        out.append(comment)
    return "".join(out)


def _question(
    item: ExportItem, texts: Iterator[str], leads: Iterator[str], fb: str, tags: str
) -> tuple[str, str, str]:
    """The question, in three parts: up to its general feedback, the feedback, and the rest (see :func:`write`);
    ``texts`` and ``leads`` yield the item's texts escaped (:func:`_shown`), ``fb`` is its general feedback
    escaped and ``tags`` its tag comments."""
    q = item.question
    kind = q.type
    head = f"\n// [id:{q.id}]{tags}\n::{next(texts)}::[html]"  # the blank line before each question
    if kind is CLOZE:
        parts = [next(texts) for _ in item.cloze_html]
        answers = [
            " ".join(["=%100%" + next(texts) for _ in p.answers])
            for p in item.cloze_html
            if isinstance(p, Blank)
        ]
        feedback = f"####{fb}" if fb else ""
        out = [head]
        blank = 0
        for part, text in zip(item.cloze_html, parts, strict=True):
            if isinstance(part, Blank):
                out.append(f"{{{answers[blank]}{feedback}}}{text}")
                blank += 1
            else:
                out.append(text)
        return "".join(out) + "\n", "", ""
    prompt = next(leads)
    if kind is MCQ:
        options = ["~" + next(leads) for _ in item.options_html]
        right = item.right
        options[right] = "=" + options[right][1:]
        choices = " ".join(options)
    elif kind is TRUE_FALSE:
        # The correction as the feedback to either answer (``#if wrong#if right``): each learner reads it once.
        wrong = next(leads)
        choices = ("TRUE" if q.answer is True else "FALSE") + (f"#{wrong}#{wrong}" if wrong else "")
    else:
        choices = " ".join(["=%100%" + next(texts) for _ in item.answers])
    return f"{head}{prompt}{{{choices}{'####' if fb else ''}", fb, "}\n"


def write(deck: ExportDeck) -> bytes:
    """The deck as a GIFT file (UTF-8)."""
    out = [f"// {' '.join(deck.name.split())}: exported by quizgen; import into Moodle as GIFT.\n"]
    current: tuple[str, ...] | None = None
    ordered = by_category(deck.items)
    shown: list[str] = []
    leads: list[str] = []
    for item in ordered:
        _shown(item, shown, leads)
    texts = iter(escape_all(escape, shown, _TEXT))
    escaped_leads = iter(_escape_leads(leads))
    # The feedback apart: its citations' curly quotes make a string whose scans are slower (two bytes a character).
    feedback = escape_all(escape, [item.general_html for item in ordered])
    tag_comments: dict[tuple[str, ...], str] = {}  # few distinct tag sets: each written once
    comments: dict[str, str] = {}
    for item, fb in zip(ordered, feedback, strict=True):
        if item.category is not current and item.category != current:
            current = item.category
            out.append(f"\n$CATEGORY: {category_path(current)}\n")
        tags = tag_comments.get(item.question.tags)
        if tags is None:
            tags = tag_comments[item.question.tags] = _tags(item.question.tags, comments)
        out += _question(item, texts, escaped_leads, fb, tags)
    # Encoded piece by piece: the feedback's citation quotes a headline in curly quotes, which would make the
    # whole file a two-byte string, slow to encode; the rest is mostly ASCII, encoded as a copy.
    return b"".join([part.encode() for part in out])
