"""Blackboard upload text (``decks/NAME.blackboard.txt``): Blackboard's "Upload Questions" tab-delimited file,
one question per line, in deck order.

``MC⇥question⇥option⇥correct|incorrect⇥...`` for an mcq, ``TF⇥statement⇥true|false`` for a true-false item,
``FIB⇥question⇥answer⇥alias...`` for a short item and for a cloze with one blank (shown as ``_____``). Question
and option texts are HTML (Blackboard shows them as such), escaped; typed answers are plain. No field holds a
tab or a line break: a line break is ``<br>`` in HTML and a space in a typed answer, a tab a space.

The format has no feedback, categories, tags or ids, so those stay behind; a cloze with several blanks is left
out (the moodle and qti exports hold it).
"""

from __future__ import annotations

from quizgen.core.model import Question, QuestionType
from quizgen.writers.lms import (
    Blank,
    ExportDeck,
    ExportItem,
    blanks,
    cloze_parts,
    html,
    mcq_options,
    short_answers,
)

BLANK = "_____"
"""How a cloze blank shows in the question text."""


def leaves_out(q: Question) -> str | None:
    """Why the Blackboard upload format cannot hold ``q``, or ``None``."""
    if q.type is QuestionType.CLOZE and len(blanks(q)) > 1:
        return f"the upload format's FIB has one blank and this cloze has {len(blanks(q))}"
    return None


def _html(text: str) -> str:
    return html(text).replace("\t", " ")


def _plain(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("\r", " ").split("\n"))


def _line(item: ExportItem) -> list[str]:
    q = item.question
    if q.type is QuestionType.MCQ:
        fields = ["MC", _html(q.prompt)]
        for text, right in mcq_options(q):
            fields += [_html(text), "correct" if right else "incorrect"]
        return fields
    if q.type is QuestionType.TRUE_FALSE:
        return ["TF", _html(q.prompt), "true" if q.answer is True else "false"]
    if q.type is QuestionType.SHORT:
        return ["FIB", _html(q.prompt), *(_plain(a) for a in short_answers(q))]
    shown: list[str] = []
    answers: tuple[str, ...] = ()
    for part in cloze_parts(q):
        if isinstance(part, Blank):
            shown.append(BLANK + (f" ({_html(part.hint)})" if part.hint else ""))
            answers = part.answers
        else:
            shown.append(_html(part))
    return ["FIB", "".join(shown), *(_plain(a) for a in answers)]


def write(deck: ExportDeck) -> bytes:
    """The deck as a Blackboard upload file (UTF-8)."""
    return "".join("\t".join(_line(i)) + "\n" for i in deck.items).encode("utf-8")
