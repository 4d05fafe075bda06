"""QTI 1.2 (``decks/NAME.qti12.zip``): the IMS QTI 1.2 package that Canvas (classic quizzes: Settings, Import
course content, "QTI .zip file") and Blackboard import.

The zip holds ``imsmanifest.xml`` and one assessment, ``<ident>/<ident>.xml``, with one item per question in
deck order. Each item carries Canvas's ``question_type`` metadata: ``multiple_choice_question``,
``true_false_question``, ``short_answer_question`` (every alias accepted) or
``fill_in_multiple_blanks_question`` (a cloze; its blanks ``[b1]``, ``[b2]`` ... in the text). Texts are HTML,
escaped inside ``<mattext texttype="text/html">``; a ``[`` of the bank text is a character reference there, so
no bank text can name a blank. The explanation and source are the item's general feedback (``general_fb``).
Identifiers come from :func:`~quizgen.writers.lms.qti_identifier`: valid and the same on every build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from quizgen.core.display import LETTERS
from quizgen.core.model import QuestionType
from quizgen.writers.lms import (
    MCQ,
    SHORT,
    TRUE_FALSE,
    Blank,
    ExportDeck,
    ExportItem,
    escape_all,
    html,
    markup_escape,
    qti_identifier,
    start_zip,
    xml_chars,
    xml_escape,
)

QUESTION_TYPES = {
    QuestionType.MCQ: "multiple_choice_question",
    QuestionType.TRUE_FALSE: "true_false_question",
    QuestionType.SHORT: "short_answer_question",
    QuestionType.CLOZE: "fill_in_multiple_blanks_question",
}
"""Canvas's question type for each bank type."""

NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"


def leaves_out(item: ExportItem) -> str | None:
    """Why QTI 1.2 cannot hold an item (never)."""
    return None


def _mattext(text_html: str) -> str:
    return f'<material><mattext texttype="text/html">{xml_escape(text_html)}</mattext></material>'


def _plain(text: str) -> str:
    return f"<material><mattext>{xml_escape(text)}</mattext></material>"


_META = {
    t: "      <itemmetadata><qtimetadata>"
    + "".join(
        f"<qtimetadatafield><fieldlabel>{k}</fieldlabel><fieldentry>{v}</fieldentry></qtimetadatafield>"
        for k, v in (("question_type", kind), ("points_possible", "1.0"))
    )
    + "</qtimetadata></itemmetadata>\n"
    for t, kind in QUESTION_TYPES.items()
}
"""Each type's item metadata (Canvas's question type), the same for every item of the type."""
# Looked up by type without a dict: an enum member's hash is a Python-level call.
_MCQ, _TRUE_FALSE, _SHORT, _CLOZE = (_META[t] for t in (QuestionType.MCQ, QuestionType.TRUE_FALSE,
                                                       QuestionType.SHORT, QuestionType.CLOZE))  # fmt: skip


def _any(respident: str, values: tuple[str, ...]) -> str:
    return _any_escaped(respident, [xml_escape(v) for v in values])


def _any_escaped(respident: str, values: list[str]) -> str:
    tests = "".join([f'<varequal respident="{respident}">{v}</varequal>' for v in values])
    return f"<or>{tests}</or>" if len(values) > 1 else tests


_OUTCOMES = '<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>'
_SHOW_FEEDBACK = (
    '<respcondition continue="Yes"><conditionvar><other/></conditionvar>'
    '<displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>'
)
_TRUE_FALSE_CHOICES = (
    '<response_lid ident="response1" rcardinality="Single"><render_choice>'
    + "".join(
        f'<response_label ident="{c}">{_mattext(t)}</response_label>'
        for c, t in (("true", "True"), ("false", "False"))
    )
    + "</render_choice></response_lid>"
)
_SCORES = {
    c: f'<respcondition continue="No"><conditionvar><varequal respident="response1">{c}</varequal>'
    '</conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>'
    for c in ("true", "false", *LETTERS)
}
"""The condition that scores a choice item, by its right choice's ident."""
_MATTEXT = '<material><mattext texttype="text/html">'
_END = "</mattext></material>"
_FEEDBACK_END = f"{_END}</flow_mat></itemfeedback>\n    </item>\n".encode()
_JOIN = "\x1f"
"""Joins escaped texts (:func:`~quizgen.writers.lms.escape_all`) and the elements of a batch: no escaped text
holds a control character."""
_JOIN_BYTE = _JOIN.encode()
_BATCH = 1024
"""Items rendered and encoded together at most (the strings stay in the processor's caches)."""


def _wrap(meta: str, body: str, score: str, feedback: bool) -> tuple[str, ...]:
    """An item element as the constant text around its variable parts (ident, title, then what ``body`` and
    ``score`` leave as ``%s``), up to its feedback's text when it has feedback. Filled by f-strings: a ``%``
    template reparses its 1.5 KB on every item."""
    head = f'    <item ident="%s" title="%s">\n{meta}      <presentation>{body}</presentation>\n      <resprocessing>'
    if feedback:
        # The feedback apart (see assessment()): its citation's curly quotes make a string slow to encode.
        element = (
            f"{head}{_OUTCOMES}{_SHOW_FEEDBACK}{score}</resprocessing>\n"
            f'      <itemfeedback ident="general_fb"><flow_mat>{_MATTEXT}'
        )
    else:
        element = f"{head}{_OUTCOMES}{score}</resprocessing>\n    </item>\n"
    return tuple(element.split("%s"))


_TEMPLATES: dict[tuple[int, int, bool], tuple[str, ...]] = {}
"""Each mcq's item template by (number of options, the answer's index, whether it has feedback); the other
types' are :data:`_TRUE`, :data:`_FALSE`, :data:`_SHORT_ITEM` and :data:`_CLOZE_ITEM`, by feedback."""


def _mcq_template(count: int, right: int, feedback: bool) -> tuple[str, ...]:
    template = _TEMPLATES.get((count, right, feedback))
    if template is None:
        labels = "".join(
            f'<response_label ident="{LETTERS[i]}">{_MATTEXT}%s{_END}</response_label>' for i in range(count)
        )
        body = (
            f'{_MATTEXT}%s{_END}<response_lid ident="response1" rcardinality="Single">'
            f"<render_choice>{labels}</render_choice></response_lid>"
        )
        template = _TEMPLATES[count, right, feedback] = _wrap(_MCQ, body, _SCORES[LETTERS[right]], feedback)
    return template


_TRUE, _FALSE = (
    {
        fb: _wrap(_TRUE_FALSE, f"{_MATTEXT}%s{_END}{_TRUE_FALSE_CHOICES}", _SCORES[c], fb)
        for fb in (False, True)
    }
    for c in ("true", "false")
)
_SHORT_ITEM = {
    fb: _wrap(
        _SHORT,
        f'{_MATTEXT}%s{_END}<response_str ident="response1" rcardinality="Single">'
        '<render_fib><response_label ident="answer1" rshuffle="No"/></render_fib></response_str>',
        '<respcondition continue="No"><conditionvar>%s</conditionvar>'
        '<setvar action="Set" varname="SCORE">100</setvar></respcondition>',
        fb,
    )
    for fb in (False, True)
}
_CLOZE_ITEM = {fb: _wrap(_CLOZE, "%s", "%s", fb) for fb in (False, True)}


def _shown(items: Sequence[ExportItem]) -> list[str]:
    """The texts of ``items`` in the order :func:`_items` writes them, before XML escaping (and holding no
    character XML forbids, so :func:`~quizgen.writers.lms.markup_escape` escapes them): each item's id, the
    question as HTML (a cloze's with its blanks as ``[b1]``...), then an mcq's options as HTML or a short
    item's answers."""
    shown: list[str] = []
    for item in items:
        q = item.question
        kind = q.type
        qid = q.id if q.id.isprintable() else xml_chars(q.id)
        if kind is MCQ:
            shown += (qid, item.prompt_html, *item.options_html)
        elif kind is TRUE_FALSE:
            shown += (qid, item.prompt_html)
        elif kind is SHORT:
            shown += (qid, item.prompt_html, *[xml_chars(a) for a in item.answers])
        else:
            parts: list[str] = []
            number = 0
            for part in item.cloze_html:
                if isinstance(part, Blank):
                    number += 1
                    parts.append(
                        f"[b{number}]" + (f" ({html(part.hint).replace('[', '&#91;')})" if part.hint else "")
                    )
                else:
                    parts.append(part.replace("[", "&#91;"))
            shown += (qid, "".join(parts))
    return shown


def _items(items: Sequence[ExportItem], escaped: list[str], feedback: list[str]) -> list[str]:
    """Each item element up to its feedback's text (the whole element when ``feedback`` is empty); ``escaped``
    is :func:`_shown` of the items, escaped, and ``feedback`` each item's feedback, escaped."""
    out: list[str] = []
    k = 0
    for item, fb in zip(items, feedback, strict=True):
        q = item.question
        kind = q.type
        has = fb != ""
        if kind is MCQ:
            end = k + 2 + len(item.options_html)
            chunks = _mcq_template(end - k - 2, item.right, has)
            parts = [""] * (2 * len(chunks) - 1)
            parts[0::2] = chunks
            parts[1::2] = (item.ident, *escaped[k:end])
            out.append("".join(parts))
        elif kind is TRUE_FALSE:
            end = k + 2
            c0, c1, c2, c3 = (_TRUE if q.answer is True else _FALSE)[has]
            out.append(f"{c0}{item.ident}{c1}{escaped[k]}{c2}{escaped[k + 1]}{c3}")
        elif kind is SHORT:
            end = k + 2 + len(item.answers)
            score = _any_escaped("response1", escaped[k + 2 : end])
            c0, c1, c2, c3, c4 = _SHORT_ITEM[has]
            out.append(f"{c0}{item.ident}{c1}{escaped[k]}{c2}{escaped[k + 1]}{c3}{score}{c4}")
        else:
            end = k + 2
            body, score = _blanks(item, escaped[k + 1])
            c0, c1, c2, c3, c4 = _CLOZE_ITEM[has]
            out.append(f"{c0}{item.ident}{c1}{escaped[k]}{c2}{body}{c3}{score}{c4}")
        k = end
    return out


def _blanks(item: ExportItem, text: str) -> tuple[str, str]:
    """A cloze's presentation (its escaped ``text``, then a response per blank) and score conditions."""
    responses: list[str] = []
    conditions: list[str] = []
    share = f"{100 / item.blanks:.2f}".rstrip("0").rstrip(".") if item.blanks else "0"
    number = 0
    for part in item.cloze_html:
        if not isinstance(part, Blank):
            continue
        number += 1
        name = f"b{number}"
        labels = "".join(
            f'<response_label ident="{name}_{i}">{_plain(a)}</response_label>'
            for i, a in enumerate(part.answers, 1)
        )
        responses.append(
            f'<response_lid ident="response_{name}">{_plain(name)}<render_choice>{labels}</render_choice>'
            "</response_lid>"
        )
        idents = tuple(f"{name}_{i}" for i in range(1, len(part.answers) + 1))
        conditions.append(
            f'<respcondition continue="Yes"><conditionvar>{_any(f"response_{name}", idents)}</conditionvar>'
            f'<setvar action="Add" varname="SCORE">{share}</setvar></respcondition>'
        )
    return f"{_MATTEXT}{text}{_END}" + "".join(responses), "".join(conditions)


def assessment(deck: ExportDeck) -> bytes:
    """The assessment document (``questestinterop``)."""
    ident = qti_identifier(deck.stem)
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<questestinterop xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NAMESPACE} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd">\n'
        f'  <assessment ident="{ident}" title="{xml_escape(deck.name)}">\n'
        '  <section ident="root_section">\n'
    )
    out = [head.encode()]
    items = deck.items
    for start in range(0, len(items), _BATCH):
        batch = items[start : start + _BATCH]
        feedback = escape_all(markup_escape, [i.feedback_html for i in batch], _JOIN)
        elements = _items(batch, escape_all(markup_escape, _shown(batch), _JOIN), feedback)
        # Encoded piece by piece: the elements are mostly ASCII (encoded as a copy), while the feedback's citation
        # quotes a headline in curly quotes, which would make all a two-byte string, slow to encode.
        part = [b""] * (3 * len(batch))
        part[0::3] = [e.encode() for e in elements]
        part[1::3] = [f.encode() for f in feedback]
        part[2::3] = [_FEEDBACK_END if f else b"" for f in feedback]
        out += part
    out.append(b"  </section>\n  </assessment>\n</questestinterop>\n")
    return b"".join(out)


def manifest(deck: ExportDeck) -> bytes:
    """The package's ``imsmanifest.xml``."""
    ident = qti_identifier(deck.stem)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest identifier="{ident}_manifest" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1">\n'
        "  <metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>\n"
        "  <organizations/>\n"
        "  <resources>\n"
        f'    <resource identifier="{ident}" type="imsqti_xmlv1p2" href="{ident}/{ident}.xml">\n'
        f'      <file href="{ident}/{ident}.xml"/>\n'
        "    </resource>\n"
        "  </resources>\n"
        "</manifest>\n"
    ).encode()


def write(deck: ExportDeck) -> bytes:
    """The deck as a QTI 1.2 zip package."""
    return start_write(deck)()


def start_write(deck: ExportDeck) -> Callable[[], bytes]:
    """Render the package's files; the function returned waits for the zip (:func:`write`'s bytes), which is
    deflated meanwhile (:func:`~quizgen.writers.lms.start_zip`)."""
    ident = qti_identifier(deck.stem)
    return start_zip([("imsmanifest.xml", manifest(deck)), (f"{ident}/{ident}.xml", assessment(deck))])
