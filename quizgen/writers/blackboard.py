"""Blackboard upload text (``decks/NAME.blackboard.txt``): Blackboard's "Upload Questions" tab-delimited file,
one question per line, in deck order.

``MC⇥question⇥option⇥correct|incorrect⇥...`` for an mcq, ``TF⇥statement⇥true|false`` for a true-false item,
``FIB⇥question⇥answer⇥alias...`` for a short item and for a cloze with one blank (shown as ``_____``), and
Blackboard's "fill in multiple blanks" for a cloze with several:
``FIB_PLUS⇥question⇥b1⇥answer⇥alias...⇥⇥b2⇥answer...``, each blank a variable ``[b1]``, ``[b2]``... in the
question text and its answers after the variable's name, variables parted by an empty field. Question and
option texts are HTML (Blackboard shows them as such), escaped, and in a FIB_PLUS text a ``[`` of the bank text
is a character reference, so no bank text can name a variable. Typed answers are plain. No field holds a tab or
a line break: a line break is ``<br>`` in HTML and a space in a typed answer, a tab a space.

The format has no feedback, categories, tags or ids, so those stay behind. Blackboard takes at most ten
variables: a cloze with more is left out (the moodle and qti exports hold it).
"""

from __future__ import annotations

from quizgen.writers.lms import (
    MCQ,
    SHORT,
    TRUE_FALSE,
    Blank,
    ExportDeck,
    ExportItem,
    html,
)

BLANK = "_____"
"""How a cloze blank shows in the question text (FIB, one blank)."""
MAX_VARIABLES = 10
"""The most blanks (variables) Blackboard's FIB_PLUS question takes."""


def leaves_out(item: ExportItem) -> str | None:
    """Why the Blackboard upload format cannot hold an item, or ``None``."""
    if item.blanks > MAX_VARIABLES:
        return f"the upload format's FIB_PLUS takes {MAX_VARIABLES} blanks and this cloze has {item.blanks}"
    if item.blanks > 1:
        for part in item.cloze_html:
            if isinstance(part, Blank) and any(not _plain(a) for a in part.answers):
                return "an answer of this cloze is empty, and an empty field ends a FIB_PLUS blank's answers"
    return None


def _html(html_text: str) -> str:
    return html_text.replace("\t", " ") if "\t" in html_text else html_text


def _plain(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("\r", " ").split("\n"))


def _line(item: ExportItem) -> str:
    q = item.question
    kind = q.type
    if kind is MCQ:
        right = item.right
        options = "".join(
            [
                f"\t{_html(t)}\t{'correct' if i == right else 'incorrect'}"
                for i, t in enumerate(item.options_html)
            ]
        )
        return f"MC\t{_html(item.prompt_html)}{options}\n"
    if kind is TRUE_FALSE:
        return f"TF\t{_html(item.prompt_html)}\t{'true' if q.answer is True else 'false'}\n"
    if kind is SHORT:
        return "\t".join(["FIB", _html(item.prompt_html), *[_plain(a) for a in item.answers]]) + "\n"
    if item.blanks > 1:
        return _fib_plus(item)
    shown: list[str] = []
    answers: tuple[str, ...] = ()
    for part in item.cloze_html:
        if isinstance(part, Blank):
            shown.append(BLANK + (f" ({_html(html(part.hint))})" if part.hint else ""))
            answers = part.answers
        else:
            shown.append(_html(part))
    return "\t".join(["FIB", "".join(shown), *[_plain(a) for a in answers]]) + "\n"


def _fib_plus(item: ExportItem) -> str:
    shown: list[str] = []
    variables: list[str] = []
    for part in item.cloze_html:
        if isinstance(part, Blank):
            name = f"b{len(variables) + 1}"
            shown.append(
                f"[{name}]" + (f" ({_html(html(part.hint)).replace('[', '&#91;')})" if part.hint else "")
            )
            variables.append("\t".join([name, *[_plain(a) for a in part.answers]]))
        else:
            shown.append(_html(part).replace("[", "&#91;"))
    return f"FIB_PLUS\t{''.join(shown)}\t" + "\t\t".join(variables) + "\n"


def write(deck: ExportDeck) -> bytes:
    """The deck as a Blackboard upload file (UTF-8)."""
    return "".join([_line(i) for i in deck.items]).encode("utf-8")
