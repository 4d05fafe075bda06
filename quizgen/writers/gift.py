"""GIFT (``decks/NAME.gift.txt``): Moodle's text format (Import, format "GIFT").

Each question is one line after a ``// [id:...] [tag:...]`` comment (Moodle reads the id number and tags from
it), titled ``::id::`` and in ``[html]`` format: ``{=right ~wrong}``, ``{TRUE#feedback if wrong#feedback if
right}``, ``{=%100%answer =%100%alias}``, and for a cloze its one blank mid-sentence. General feedback follows
``####``. A ``$CATEGORY:`` line starts each deck/topic.

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

from quizgen.core.model import Question, QuestionType
from quizgen.writers.lms import (
    Blank,
    ExportDeck,
    ExportItem,
    blanks,
    category_path,
    cloze_parts,
    feedback_html,
    html,
    mcq_options,
    short_answers,
)
from quizgen.writers.moodle import wildcard_literal

_FORMAT_MARK = re.compile(r"\s*\[(?:moodle|html|plain|markdown)\]")


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped (and line breaks as ``\\n``)."""
    for char in "\\~=#{}:":  # the backslash first: the others add backslashes
        if char in text:
            text = text.replace(char, "\\" + char)
    if "\n" in text or "\r" in text:
        text = text.replace("\r", "").replace("\n", "\\n")
    return text


def _html(text: str) -> str:
    out = html(text)
    if out[:1] == "%":
        out = "&#37;" + out[1:]
    elif out[:1] == "[":
        out = "&#91;" + out[1:]
    return escape(out)


def _plain_answer(text: str) -> str:
    return "%100%" + escape(wildcard_literal(" ".join(text.split("\n"))))


def _typed_answers(q: Question) -> tuple[str, ...]:
    if q.type is QuestionType.SHORT:
        return short_answers(q)
    if q.type is QuestionType.CLOZE:
        return tuple(a for b in blanks(q) for a in b.answers)
    return ()


def leaves_out(q: Question) -> str | None:
    """Why GIFT cannot hold ``q``, or ``None``."""
    if q.type is QuestionType.CLOZE and len(blanks(q)) > 1:
        return (
            f"GIFT allows one blank per question and this cloze has {len(blanks(q))} (use the moodle export)"
        )
    for answer in _typed_answers(q):
        if _FORMAT_MARK.match(answer):
            return f"answer {answer!r} starts with a GIFT format name, which Moodle's importer would strip"
    return None


def carries_tag(tag: str) -> bool:
    """Whether a ``[tag:...]`` comment can hold ``tag``: Moodle's importer stops a tag at ``<``, ``>`` or a
    backtick, and only Moodle (not other GIFT readers) knows ``\\]`` for ``]``; Moodle XML keeps such tags."""
    return not any(c in tag for c in "]<>`")


def _feedback(item: ExportItem) -> str:
    fb = feedback_html(item)
    return f"####{escape(fb)}" if fb else ""


def _question(item: ExportItem) -> str:
    q = item.question
    tags = "".join(f" [tag:{t}]" for t in q.tags if carries_tag(t))
    head = f"// [id:{q.id}]{tags}\n::{escape(q.id)}::[html]"
    if q.type is QuestionType.MCQ:
        options = " ".join(("=" if right else "~") + _html(text) for text, right in mcq_options(q))
        return f"{head}{_html(q.prompt)}{{{options}{_feedback(item)}}}\n"
    if q.type is QuestionType.TRUE_FALSE:
        wrong = f"#{_html(q.correction)}" if q.answer is False and q.correction else ""
        verdict = "TRUE" if q.answer is True else "FALSE"
        return f"{head}{_html(q.prompt)}{{{verdict}{wrong}{_feedback(item)}}}\n"
    if q.type is QuestionType.SHORT:
        answers = " ".join("=" + _plain_answer(a) for a in short_answers(q))
        return f"{head}{_html(q.prompt)}{{{answers}{_feedback(item)}}}\n"
    out = [head]
    for part in cloze_parts(q):
        if isinstance(part, Blank):
            answers = " ".join("=" + _plain_answer(a) for a in part.answers)
            out.append(f"{{{answers}{_feedback(item)}}}")
            if part.hint:
                out.append(escape(f" ({html(part.hint)})"))
        else:
            out.append(escape(html(part)))
    return "".join(out) + "\n"


def write(deck: ExportDeck) -> bytes:
    """The deck as a GIFT file (UTF-8)."""
    out = [f"// {' '.join(deck.name.split())}: exported by quizgen; import into Moodle as GIFT.\n"]
    current: tuple[str, ...] | None = None
    for item in sorted(deck.items, key=lambda i: i.category):
        if item.category != current:
            current = item.category
            out.append(f"\n$CATEGORY: {category_path(current)}\n")
        out.append("\n" + _question(item))
    return "".join(out).encode("utf-8")
