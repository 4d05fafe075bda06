"""Moodle XML (``decks/NAME.moodle.xml``): every item type, imported by Moodle's question bank (Import, format
"Moodle XML").

- mcq as ``multichoice`` (one answer), true-false as ``truefalse``, short as ``shortanswer`` (each alias a
  further 100% answer), cloze as ``cloze`` with one ``{1:SHORTANSWER:=...}`` per blank;
- a ``category`` question before each run of items of one deck/topic, ``idnumber`` = the item id, the item's
  tags, general feedback = explanation and source citation (a false statement's correction is both answers' feedback);
- HTML fields in CDATA (a ``]]>`` split across two sections); answer fractions are 100 or 0, both in Moodle's
  list of allowed grades.

Moodle's rules, read in its import code: a ``*`` in a short answer is a wildcard (``\\*`` is a literal star);
inside a cloze blank an answer ends at an unescaped ``~``, ``#`` or ``}``, and the answer is then HTML-decoded,
so those characters (and ``\\``, ``&``, ``<``) are written as character references; outside the blanks a ``{``
would start a blank, so the text's braces are references too.
"""

from __future__ import annotations

from quizgen.core.model import Question
from quizgen.writers.lms import (
    MCQ,
    SHORT,
    TRUE_FALSE,
    Blank,
    ExportDeck,
    ExportItem,
    by_category,
    category_path,
    cdata,
    cloze_parts,
    escape_all,
    html,
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


def leaves_out(item: ExportItem) -> str | None:
    """Why Moodle XML cannot hold an item (never: it holds every type)."""
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
    return _cloze_html(tuple(p if isinstance(p, Blank) else html(p) for p in cloze_parts(q)))


def _cloze_html(parts: tuple[str | Blank, ...]) -> str:
    # 1: each blank is worth one mark
    return "".join([_blank(1, p) if isinstance(p, Blank) else _cloze_text(p) for p in parts])


# HTML made by lms.html() holds no character XML forbids and no ">" but in its own tags, so no "]]>": it goes
# into CDATA as it is (cdata() would only search it again).
_EMPTY_FEEDBACK = '<feedback format="html"><text><![CDATA[]]></text></feedback></answer>\n'
_MCQ_HEAD = (
    "    <single>true</single>\n    <shuffleanswers>true</shuffleanswers>\n"
    "    <answernumbering>ABCD</answernumbering>\n"
)


def _question(item: ExportItem, qid: str, tags: str) -> tuple[str, str]:
    """The question element up to its general feedback, and the rest after it (see :func:`write`); ``qid`` is
    the item's id escaped, ``tags`` its ``<tags>`` line (or nothing)."""
    q = item.question
    kind = q.type
    # if-chains, not a dict by type: an enum member's hash is a Python-level call
    if kind is MCQ:
        head, text = "multichoice", item.prompt_html
    elif kind is TRUE_FALSE:
        head, text = "truefalse", item.prompt_html
    elif kind is SHORT:
        head, text = "shortanswer", item.prompt_html
    else:
        head, text = "cloze", ""
    text = cdata(_cloze_html(item.cloze_html)) if head == "cloze" else f"<![CDATA[{text}]]>"
    start = (
        f'  <question type="{head}">\n    <name><text>{qid}</text></name>\n'
        f'    <questiontext format="html"><text>{text}</text></questiontext>\n'
        '    <generalfeedback format="html"><text><![CDATA['
    )
    out = [
        "]]></text></generalfeedback>\n    <defaultgrade>1</defaultgrade>\n"
        f"    <penalty>{'1' if kind is TRUE_FALSE else '0.3333333'}</penalty>\n"
        f"    <hidden>0</hidden>\n    <idnumber>{qid}</idnumber>\n"
    ]
    if kind is MCQ:
        out.append(_MCQ_HEAD)
        right = item.right
        for i, text in enumerate(item.options_html):
            out.append(
                f'    <answer fraction="{"100" if i == right else "0"}" format="html"><text><![CDATA[{text}]]>'
                "</text>" + _EMPTY_FEEDBACK
            )
    elif kind is TRUE_FALSE:
        # A false statement's correction is the feedback to either answer, and not in the general feedback:
        # a learner reads it once, whichever answer they gave (as in GIFT).
        correction = (
            f"<![CDATA[{html(q.correction)}]]>" if q.correction and q.answer is False else "<![CDATA[]]>"
        )
        truth = q.answer is True
        out.append(
            f'    <answer fraction="{"100" if truth else "0"}" format="moodle_auto_format"><text>true</text>'
            f'<feedback format="html"><text>{correction}</text></feedback></answer>\n'
            f'    <answer fraction="{"0" if truth else "100"}" format="moodle_auto_format"><text>false</text>'
            f'<feedback format="html"><text>{correction}</text></feedback></answer>\n'
        )
    elif kind is SHORT:
        out.append("    <usecase>0</usecase>\n")
        for a in item.answers:
            out.append(
                f'    <answer fraction="100" format="moodle_auto_format"><text>{xml_escape(wildcard_literal(a))}'
                "</text>" + _EMPTY_FEEDBACK
            )
    out.append(tags)
    out.append("  </question>\n")
    return start, "".join(out)


def _tags(tags: tuple[str, ...], elements: dict[str, str]) -> str:
    """The ``<tags>`` line of a tag set; ``elements`` keeps each tag's element (many tag sets share tags)."""
    if not tags:
        return ""
    out = []
    for t in tags:
        element = elements.get(t)
        if element is None:
            element = elements[t] = f"<tag><text>{xml_escape(t)}</text></tag>"
        out.append(element)
    return f"    <tags>{''.join(out)}</tags>\n"


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
    ordered = by_category(deck.items)
    ids = escape_all(xml_escape, [i.question.id for i in ordered])
    tag_lines: dict[tuple[str, ...], str] = {}  # few distinct tag sets: each written once
    elements: dict[str, str] = {}
    for item, qid in zip(ordered, ids, strict=True):
        if item.category is not current and item.category != current:
            current = item.category
            out.append(_category(current))
        tags = tag_lines.get(item.question.tags)
        if tags is None:
            tags = tag_lines[item.question.tags] = _tags(item.question.tags, elements)
        start, rest = _question(item, qid, tags)
        out += (start, item.general_html, rest)
    out.append("</quiz>\n")
    # Encoded piece by piece: the feedback's citation quotes a headline in curly quotes, which would make the
    # whole document a two-byte string, slow to encode; the rest is mostly ASCII, encoded as a copy.
    return b"".join([part.encode() for part in out])
