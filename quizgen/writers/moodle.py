"""Moodle XML (``decks/NAME.moodle.xml``): every item type, imported by Moodle's question bank (Import, format
"Moodle XML").

- mcq as ``multichoice`` (one answer), true-false as ``truefalse``, short as ``shortanswer`` (each alias a
  further 100% answer), cloze as ``cloze`` with one ``{1:SHORTANSWER:=...}`` per blank;
- a ``category`` question before each run of items of one deck/topic, ``idnumber`` = the item id, the item's
  tags, general feedback = correction, explanation and source citation;
- HTML fields in CDATA (a ``]]>`` split across two sections); answer fractions are 100 or 0, both in Moodle's
  list of allowed grades.

Moodle's rules, read in its import code: a ``*`` in a short answer is a wildcard (``\\*`` is a literal star);
inside a cloze blank an answer ends at an unescaped ``~``, ``#`` or ``}``, and the answer is then HTML-decoded,
so those characters (and ``\\``, ``&``, ``<``) are written as character references; outside the blanks a ``{``
would start a blank, so the text's braces are references too.
"""

from __future__ import annotations

from quizgen.core.model import Question, QuestionType
from quizgen.writers.lms import (
    Blank,
    ExportDeck,
    ExportItem,
    category_path,
    cdata,
    cloze_parts,
    feedback_html,
    html,
    mcq_options,
    short_answers,
    xml_escape,
)

FRACTIONS = ("100", "0")
"""The grades this writer gives answers: full marks or none (both in Moodle's allowed list)."""

# "&" and "#" first: the later references add ampersands and number signs.
_CLOZE_ANSWER = (("&", "&amp;"), ("#", "&#35;"), ("<", "&lt;"), (">", "&gt;"), ("~", "&#126;"), ("}", "&#125;"),
                 ("{", "&#123;"), ("\\", "&#92;"), ('"', "&quot;"))  # fmt: skip


def _cloze_text(html_text: str) -> str:
    """HTML outside a blank with its braces as references (a "{" could start a blank)."""
    return html_text.replace("{", "&#123;").replace("}", "&#125;")


def _cloze_answer(text: str) -> str:
    for char, ref in _CLOZE_ANSWER:
        if char in text:
            text = text.replace(char, ref)
    return text


def leaves_out(q: Question) -> str | None:
    """Why Moodle XML cannot hold ``q`` (never: it holds every type)."""
    return None


def wildcard_literal(text: str) -> str:
    """A short answer as Moodle stores it: a ``*`` escaped, since a bare one matches anything."""
    return text.replace("*", "\\*")


def _blank(mark: int, blank: Blank) -> str:
    answers = "~".join("=" + _cloze_answer(wildcard_literal(a)) for a in blank.answers)
    hint = f" ({_cloze_text(html(blank.hint))})" if blank.hint else ""
    return f"{{{mark}:SHORTANSWER:{answers}}}{hint}"


def cloze_text(q: Question) -> str:
    """A cloze item's question text: HTML with Moodle's embedded answers."""
    out = []
    for part in cloze_parts(q):
        if isinstance(part, Blank):
            out.append(_blank(1, part))  # 1: each blank is worth one mark
        else:
            out.append(_cloze_text(html(part)))
    return "".join(out)


def _text(tag: str, value: str, *, format: str = "html") -> str:
    return f'<{tag} format="{format}"><text>{cdata(value)}</text></{tag}>'


def _answer(fraction: str, text: str, feedback: str = "", *, format: str = "html") -> str:
    body = cdata(text) if format == "html" else xml_escape(text)
    return (
        f'    <answer fraction="{fraction}" format="{format}"><text>{body}</text>'
        f'<feedback format="html"><text>{cdata(feedback)}</text></feedback></answer>\n'
    )


def _question(item: ExportItem) -> str:
    q = item.question
    kind = {QuestionType.MCQ: "multichoice", QuestionType.TRUE_FALSE: "truefalse",
            QuestionType.SHORT: "shortanswer", QuestionType.CLOZE: "cloze"}[q.type]  # fmt: skip
    text = cloze_text(q) if q.type is QuestionType.CLOZE else html(q.prompt)
    head = [
        f'  <question type="{kind}">\n',
        f"    <name><text>{xml_escape(q.id)}</text></name>\n",
        f"    {_text('questiontext', text)}\n",
        f"    {_text('generalfeedback', feedback_html(item))}\n",
        "    <defaultgrade>1</defaultgrade>\n",
        f"    <penalty>{'1' if q.type is QuestionType.TRUE_FALSE else '0.3333333'}</penalty>\n",
        "    <hidden>0</hidden>\n",
        f"    <idnumber>{xml_escape(q.id)}</idnumber>\n",
    ]
    body: list[str] = []
    if q.type is QuestionType.MCQ:
        body += ["    <single>true</single>\n", "    <shuffleanswers>true</shuffleanswers>\n",
                 "    <answernumbering>ABCD</answernumbering>\n"]  # fmt: skip
        body += [_answer("100" if right else "0", html(text)) for text, right in mcq_options(q)]
    elif q.type is QuestionType.TRUE_FALSE:
        correction = html(q.correction) if q.correction else ""
        right, wrong = ("true", "false") if q.answer is True else ("false", "true")
        for value in ("true", "false"):
            fraction = "100" if value == right else "0"
            body.append(
                _answer(fraction, value, correction if value == wrong else "", format="moodle_auto_format")
            )
    elif q.type is QuestionType.SHORT:
        body.append("    <usecase>0</usecase>\n")
        body += [_answer("100", wildcard_literal(a), format="moodle_auto_format") for a in short_answers(q)]
    tags = "".join(f"<tag><text>{xml_escape(t)}</text></tag>" for t in q.tags)
    tail = [f"    <tags>{tags}</tags>\n"] if tags else []
    return "".join([*head, *body, *tail, "  </question>\n"])


def _category(path: tuple[str, ...]) -> str:
    return (
        '  <question type="category">\n'
        f"    <category><text>{xml_escape(category_path(path))}</text></category>\n"
        "  </question>\n"
    )


def write(deck: ExportDeck) -> bytes:
    """The deck as a Moodle XML question file."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n']
    current: tuple[str, ...] | None = None
    for item in sorted(deck.items, key=lambda i: i.category):  # stable: deck order within a category
        if item.category != current:
            current = item.category
            out.append(_category(current))
        out.append(_question(item))
    out.append("</quiz>\n")
    return "".join(out).encode("utf-8")
