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

from collections.abc import Iterator

from quizgen.core.display import LETTERS
from quizgen.core.model import QuestionType
from quizgen.writers.lms import (
    CLOZE,
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
    xml_chars,
    xml_escape,
    zip_bytes,
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


def _shown(item: ExportItem) -> list[str]:
    """The texts of an item in the order :func:`_item` writes them, before XML escaping (and holding no character
    XML forbids, so :func:`~quizgen.writers.lms.markup_escape` escapes them): its id, the question
    as HTML (a cloze's with its blanks as ``[b1]``...), an mcq's options as HTML or a short item's answers,
    the feedback."""
    q = item.question
    if q.type is CLOZE:
        shown: list[str] = []
        number = 0
        for part in item.cloze_html:
            if isinstance(part, Blank):
                number += 1
                shown.append(
                    f"[b{number}]" + (f" ({html(part.hint).replace('[', '&#91;')})" if part.hint else "")
                )
            else:
                shown.append(part.replace("[", "&#91;"))
        return [xml_chars(q.id), "".join(shown), item.feedback_html]
    if q.type is SHORT:
        return [xml_chars(q.id), item.prompt_html, *[xml_chars(a) for a in item.answers], item.feedback_html]
    return [xml_chars(q.id), item.prompt_html, *item.options_html, item.feedback_html]


def _item(item: ExportItem, escaped: Iterator[str]) -> tuple[str, str | None]:
    """The item element up to its feedback, and the feedback (``None``: none, the element is whole); ``escaped``
    yields :func:`_shown` of the item, escaped."""
    q = item.question
    kind = q.type
    title = next(escaped)
    text = next(escaped)
    if kind is MCQ:
        labels = "".join(
            [
                f'<response_label ident="{LETTERS[i]}">{_MATTEXT}{next(escaped)}{_END}</response_label>'
                for i in range(len(item.options_html))
            ]
        )
        body = (
            f'{_MATTEXT}{text}{_END}<response_lid ident="response1" rcardinality="Single">'
            f"<render_choice>{labels}</render_choice></response_lid>"
        )
        meta, score = _MCQ, _SCORES[LETTERS[item.right]]
    elif kind is TRUE_FALSE:
        body = f"{_MATTEXT}{text}{_END}{_TRUE_FALSE_CHOICES}"
        meta, score = _TRUE_FALSE, _SCORES["true" if q.answer is True else "false"]
    elif kind is SHORT:
        body = (
            f'{_MATTEXT}{text}{_END}<response_str ident="response1" rcardinality="Single">'
            '<render_fib><response_label ident="answer1" rshuffle="No"/></render_fib></response_str>'
        )
        meta = _SHORT
        score = (
            '<respcondition continue="No"><conditionvar>'
            + _any_escaped("response1", [next(escaped) for _ in item.answers])
            + '</conditionvar><setvar action="Set" varname="SCORE">100</setvar></respcondition>'
        )
    else:
        meta, (body, score) = _CLOZE, _blanks(item, text)
    feedback = next(escaped)
    if feedback:
        # The feedback apart (see assessment()): its citation's curly quotes make a string slow to encode.
        return (
            f'    <item ident="{item.ident}" title="{title}">\n{meta}      <presentation>{body}'
            f"</presentation>\n      <resprocessing>{_OUTCOMES}{_SHOW_FEEDBACK}{score}</resprocessing>\n"
            f'      <itemfeedback ident="general_fb"><flow_mat>{_MATTEXT}',
            feedback,
        )
    return (
        f'    <item ident="{item.ident}" title="{title}">\n{meta}      <presentation>{body}'
        f"</presentation>\n      <resprocessing>{_OUTCOMES}{score}</resprocessing>\n    </item>\n",
        None,
    )


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
    shown: list[str] = []
    for item in deck.items:
        shown += _shown(item)
    escaped = iter(escape_all(markup_escape, shown))
    # Encoded piece by piece: most of the document is ASCII (encoded as a copy), while the feedback's citation
    # quotes a headline in curly quotes, which would make the whole document's string slow to encode.
    out = [head.encode()]
    for i in deck.items:
        main, feedback = _item(i, escaped)
        out.append(main.encode())
        if feedback is not None:
            out.append(feedback.encode())
            out.append(_FEEDBACK_END)
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
    ident = qti_identifier(deck.stem)
    return zip_bytes([("imsmanifest.xml", manifest(deck)), (f"{ident}/{ident}.xml", assessment(deck))])
