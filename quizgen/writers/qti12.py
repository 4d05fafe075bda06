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

from quizgen.core.display import LETTERS
from quizgen.core.model import Question, QuestionType
from quizgen.writers.lms import (
    Blank,
    ExportDeck,
    ExportItem,
    cloze_parts,
    feedback_html,
    html,
    mcq_options,
    qti_identifier,
    short_answers,
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


def leaves_out(q: Question) -> str | None:
    """Why QTI 1.2 cannot hold ``q`` (never)."""
    return None


def _mattext(text_html: str) -> str:
    return f'<material><mattext texttype="text/html">{xml_escape(text_html)}</mattext></material>'


def _plain(text: str) -> str:
    return f"<material><mattext>{xml_escape(text)}</mattext></material>"


def _meta(q: Question) -> str:
    fields = (("question_type", QUESTION_TYPES[q.type]), ("points_possible", "1.0"))
    inner = "".join(
        f"<qtimetadatafield><fieldlabel>{k}</fieldlabel><fieldentry>{v}</fieldentry></qtimetadatafield>"
        for k, v in fields
    )
    return f"      <itemmetadata><qtimetadata>{inner}</qtimetadata></itemmetadata>\n"


def _any(respident: str, values: tuple[str, ...]) -> str:
    tests = "".join(f'<varequal respident="{respident}">{xml_escape(v)}</varequal>' for v in values)
    return f"<or>{tests}</or>" if len(values) > 1 else tests


_OUTCOMES = '<outcomes><decvar maxvalue="100" minvalue="0" varname="SCORE" vartype="Decimal"/></outcomes>'
_SHOW_FEEDBACK = (
    '<respcondition continue="Yes"><conditionvar><other/></conditionvar>'
    '<displayfeedback feedbacktype="Response" linkrefid="general_fb"/></respcondition>'
)


def _choices(q: Question) -> tuple[list[tuple[str, str, bool]], str]:
    """(ident, HTML text, correct) per option, and the presentation's question HTML."""
    if q.type is QuestionType.TRUE_FALSE:
        return [("true", "True", q.answer is True), ("false", "False", q.answer is False)], html(q.prompt)
    options = mcq_options(q)
    return [(LETTERS[i], html(text), right) for i, (text, right) in enumerate(options)], html(q.prompt)


def _item(item: ExportItem) -> str:
    q = item.question
    ident = qti_identifier(q.id)
    feedback = feedback_html(item)
    out = [f'    <item ident="{ident}" title="{xml_escape(q.id)}">\n', _meta(q), "      <presentation>"]
    conditions: list[str] = [_SHOW_FEEDBACK] if feedback else []
    if q.type in (QuestionType.MCQ, QuestionType.TRUE_FALSE):
        choices, text = _choices(q)
        labels = "".join(f'<response_label ident="{c}">{_mattext(t)}</response_label>' for c, t, _ in choices)
        out.append(
            f'{_mattext(text)}<response_lid ident="response1" rcardinality="Single">'
            f"<render_choice>{labels}</render_choice></response_lid>"
        )
        right = next(c for c, _, ok in choices if ok)
        conditions.append(
            f'<respcondition continue="No"><conditionvar>{_any("response1", (right,))}</conditionvar>'
            '<setvar action="Set" varname="SCORE">100</setvar></respcondition>'
        )
    elif q.type is QuestionType.SHORT:
        out.append(
            f'{_mattext(html(q.prompt))}<response_str ident="response1" rcardinality="Single">'
            '<render_fib><response_label ident="answer1" rshuffle="No"/></render_fib></response_str>'
        )
        conditions.append(
            f'<respcondition continue="No"><conditionvar>{_any("response1", short_answers(q))}</conditionvar>'
            '<setvar action="Set" varname="SCORE">100</setvar></respcondition>'
        )
    else:
        shown: list[str] = []
        responses: list[str] = []
        parts = [p for p in cloze_parts(q) if isinstance(p, Blank)]
        share = f"{100 / len(parts):.2f}".rstrip("0").rstrip(".") if parts else "0"
        number = 0
        for part in cloze_parts(q):
            if not isinstance(part, Blank):
                shown.append(html(part).replace("[", "&#91;"))
                continue
            number += 1
            name = f"b{number}"
            shown.append(f"[{name}]" + (f" ({html(part.hint).replace('[', '&#91;')})" if part.hint else ""))
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
        out.append(_mattext("".join(shown)) + "".join(responses))
    out.append("</presentation>\n")
    out.append(f"      <resprocessing>{_OUTCOMES}{''.join(conditions)}</resprocessing>\n")
    if feedback:
        out.append(
            f'      <itemfeedback ident="general_fb"><flow_mat>{_mattext(feedback)}</flow_mat></itemfeedback>\n'
        )
    out.append("    </item>\n")
    return "".join(out)


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
    body = "".join(_item(i) for i in deck.items)
    return (head + body + "  </section>\n  </assessment>\n</questestinterop>\n").encode("utf-8")


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
