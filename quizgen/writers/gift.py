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

from quizgen.core.model import QuestionType
from quizgen.writers.lms import (
    Blank,
    ExportDeck,
    ExportItem,
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
    if q.type is QuestionType.SHORT:
        return item.answers
    if q.type is QuestionType.CLOZE:
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
    return not any(c in tag for c in "]<>`")


def _shown(item: ExportItem) -> list[str]:
    """The texts of an item in the order :func:`_question` writes them, before GIFT's escaping: its id; for a
    cloze, its text runs and hints (as HTML), then each blank's answers; else the prompt and an mcq's options
    (as HTML, a leading ``%`` or ``[`` as a reference: ``%50%`` at an answer's start is a weight, ``[html]`` a
    format), a true-false item's correction, or a short item's answers; then the feedback."""
    q = item.question
    texts = [q.id]
    if q.type is QuestionType.CLOZE:
        texts += [
            p if not isinstance(p, Blank) else f" ({html(p.hint)})" if p.hint else "" for p in item.cloze_html
        ]
        texts += [_typed(a) for p in item.cloze_html if isinstance(p, Blank) for a in p.answers]
    else:
        texts.append(_lead(item.prompt_html))
        if q.type is QuestionType.MCQ:
            texts += [_lead(o) for o in item.options_html]
        elif q.type is QuestionType.TRUE_FALSE:
            texts.append(_lead(html(q.correction)) if q.answer is False and q.correction else "")
        else:
            texts += [_typed(a) for a in item.answers]
    texts.append(item.general_html)
    return texts


def _lead(html_text: str) -> str:
    first = html_text[:1]
    if first == "%":
        return "&#37;" + html_text[1:]
    if first == "[":
        return "&#91;" + html_text[1:]
    return html_text


def _typed(answer: str) -> str:
    """A typed answer before GIFT's escaping: on one line, a ``*`` escaped (a bare one is Moodle's wildcard)."""
    return wildcard_literal(answer.replace("\n", " "))


def _tags(tags: tuple[str, ...]) -> str:
    return "".join([f" [tag:{t}]" for t in tags if carries_tag(t)])


def _question(item: ExportItem, escaped: Iterator[str], tags: str) -> tuple[str, str, str]:
    """The question, in three parts: up to its general feedback, the feedback, and the rest (see :func:`write`);
    ``escaped`` yields :func:`_shown` of the item, escaped; ``tags`` are its tag comments."""
    q = item.question
    kind = q.type
    head = f"\n// [id:{q.id}]{tags}\n::{next(escaped)}::[html]"  # the blank line before each question
    if kind is QuestionType.CLOZE:
        parts = [next(escaped) for _ in item.cloze_html]
        answers = [
            " ".join(["=%100%" + next(escaped) for _ in p.answers])
            for p in item.cloze_html
            if isinstance(p, Blank)
        ]
        fb = next(escaped)
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
    prompt = next(escaped)
    if kind is QuestionType.MCQ:
        right = item.right
        options = " ".join(
            [("=" if i == right else "~") + next(escaped) for i in range(len(item.options_html))]
        )
    elif kind is QuestionType.TRUE_FALSE:
        # The correction as the feedback to either answer (``#if wrong#if right``): each learner reads it once.
        wrong = next(escaped)
        options = ("TRUE" if q.answer is True else "FALSE") + (f"#{wrong}#{wrong}" if wrong else "")
    else:
        options = " ".join(["=%100%" + next(escaped) for _ in item.answers])
    fb = next(escaped)
    return f"{head}{prompt}{{{options}{'####' if fb else ''}", fb, "}\n"


def write(deck: ExportDeck) -> bytes:
    """The deck as a GIFT file (UTF-8)."""
    out = [f"// {' '.join(deck.name.split())}: exported by quizgen; import into Moodle as GIFT.\n"]
    current: tuple[str, ...] | None = None
    ordered = sorted(deck.items, key=lambda i: i.category)  # stable: deck order within a category
    shown: list[str] = []
    for item in ordered:
        shown += _shown(item)
    escaped = iter(escape_all(escape, shown))
    tag_comments: dict[tuple[str, ...], str] = {}  # few distinct tag sets: each written once
    for item in ordered:
        if item.category != current:
            current = item.category
            out.append(f"\n$CATEGORY: {category_path(current)}\n")
        tags = tag_comments.get(item.question.tags)
        if tags is None:
            tags = tag_comments[item.question.tags] = _tags(item.question.tags)
        out += _question(item, escaped, tags)
    # Encoded piece by piece: the feedback's citation quotes a headline in curly quotes, which would make the
    # whole file a two-byte string, slow to encode; the rest is mostly ASCII, encoded as a copy.
    return b"".join([part.encode() for part in out])
