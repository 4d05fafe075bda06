"""QTI 2.1 (``decks/NAME.qti21.zip``): one ``assessmentItem`` file per question (``items/<identifier>.xml``)
and an IMS content-package manifest listing them, for LMSs and item banks that import QTI 2.1.

- mcq and true-false: a ``choiceInteraction`` (one choice), scored by the standard ``match_correct`` template;
- short: a ``textEntryInteraction`` whose mapping gives the answer and every alias full marks (not case
  sensitive), scored by the standard ``map_response`` template;
- cloze: a ``textEntryInteraction`` per blank, inline in the text; one blank is scored by ``map_response``,
  several by a response processing that adds each blank's mapped score (no standard template covers that);
- the explanation and source are ``modalFeedback`` on an outcome no template sets (``showHide="hide"``): the
  feedback shows after every attempt;
- the item ``label`` is the deck/topic category; identifiers come from
  :func:`~quizgen.writers.lms.qti_identifier` (valid, the same on every build).
"""

from __future__ import annotations

from quizgen.core.display import LETTERS
from quizgen.core.model import Question, QuestionType
from quizgen.writers.lms import (
    Blank,
    ExportDeck,
    ExportItem,
    cloze_parts,
    mcq_options,
    qti_identifier,
    short_answers,
    text_escape,
    xml_escape,
    zip_bytes,
)

NAMESPACE = "http://www.imsglobal.org/xsd/imsqti_v2p1"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"


def leaves_out(q: Question) -> str | None:
    """Why QTI 2.1 cannot hold ``q`` (never)."""
    return None


def _x(text: str) -> str:
    """Bank text as XHTML character data, line breaks as ``<br/>``."""
    return text_escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br/>")


def _mapping(answers: tuple[str, ...]) -> str:
    entries = "".join(
        f'<mapEntry mapKey="{xml_escape(a)}" mappedValue="1" caseSensitive="false"/>' for a in answers
    )
    return f'<mapping defaultValue="0" lowerBound="0" upperBound="1">{entries}</mapping>'


def _text_response(identifier: str, answers: tuple[str, ...]) -> str:
    return (
        f'  <responseDeclaration identifier="{identifier}" cardinality="single" baseType="string">'
        f"<correctResponse><value>{xml_escape(answers[0])}</value></correctResponse>{_mapping(answers)}"
        "</responseDeclaration>\n"
    )


def _body_and_responses(q: Question) -> tuple[str, str, str]:
    """The responseDeclarations, itemBody content and responseProcessing of an item."""
    if q.type in (QuestionType.MCQ, QuestionType.TRUE_FALSE):
        if q.type is QuestionType.MCQ:
            choices = [(LETTERS[i], _x(t), ok) for i, (t, ok) in enumerate(mcq_options(q))]
        else:
            choices = [("true", "True", q.answer is True), ("false", "False", q.answer is False)]
        right = next(c for c, _, ok in choices if ok)
        declaration = (
            '  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
            f"<correctResponse><value>{right}</value></correctResponse></responseDeclaration>\n"
        )
        options = "".join(f'<simpleChoice identifier="{c}">{t}</simpleChoice>' for c, t, _ in choices)
        body = (
            '<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">'
            f"<prompt>{_x(q.prompt)}</prompt>{options}</choiceInteraction>"
        )
        return declaration, body, f'<responseProcessing template="{TEMPLATES}match_correct"/>'
    if q.type is QuestionType.SHORT:
        body = f'<p>{_x(q.prompt)}</p><p><textEntryInteraction responseIdentifier="RESPONSE"/></p>'
        return (
            _text_response("RESPONSE", short_answers(q)),
            body,
            (f'<responseProcessing template="{TEMPLATES}map_response"/>'),
        )
    parts = cloze_parts(q)
    count = sum(isinstance(p, Blank) for p in parts)
    names = ["RESPONSE"] if count == 1 else [f"RESPONSE_{i}" for i in range(1, count + 1)]
    declarations: list[str] = []
    inline: list[str] = []
    for part in parts:
        if isinstance(part, Blank):
            name = names[len(declarations)]
            declarations.append(_text_response(name, part.answers))
            inline.append(f'<textEntryInteraction responseIdentifier="{name}"/>')
            if part.hint:
                inline.append(f" ({_x(part.hint)})")
        else:
            inline.append(_x(part))
    if count == 1:
        processing = f'<responseProcessing template="{TEMPLATES}map_response"/>'
    else:
        total = "".join(f'<mapResponse identifier="{n}"/>' for n in names)
        processing = (
            f'<responseProcessing><setOutcomeValue identifier="SCORE"><sum>{total}</sum></setOutcomeValue>'
            "</responseProcessing>"
        )
    return "".join(declarations), f"<p>{''.join(inline)}</p>", processing


def item(entry: ExportItem) -> bytes:
    """One question's ``assessmentItem`` document."""
    q = entry.question
    declarations, body, processing = _body_and_responses(q)
    feedback = "".join(f"<p>{_x(p)}</p>" for p in entry.feedback)
    modal = (
        f'  <modalFeedback outcomeIdentifier="FEEDBACK" showHide="hide" identifier="NONE">{feedback}</modalFeedback>\n'
        if feedback
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<assessmentItem xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        f'xsi:schemaLocation="{NAMESPACE} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd" '
        f'identifier="{qti_identifier(q.id)}" title="{xml_escape(q.id)}" '
        f'label="{xml_escape("/".join(entry.category))}" adaptive="false" timeDependent="false">\n'
        f"{declarations}"
        '  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">'
        "<defaultValue><value>0</value></defaultValue></outcomeDeclaration>\n"
        '  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>\n'
        f"  <itemBody>{body}</itemBody>\n"
        f"  {processing}\n"
        f"{modal}"
        "</assessmentItem>\n"
    ).encode()


def manifest(deck: ExportDeck) -> bytes:
    """The content package's ``imsmanifest.xml``: one resource per item file."""
    resources = "".join(
        f'    <resource identifier="{(i := qti_identifier(e.question.id))}" type="imsqti_item_xmlv2p1" '
        f'href="items/{i}.xml"><file href="items/{i}.xml"/></resource>\n'
        for e in deck.items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
        f'identifier="{qti_identifier(deck.stem)}_manifest">\n'
        "  <metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion></metadata>\n"
        "  <organizations/>\n"
        f"  <resources>\n{resources}  </resources>\n"
        "</manifest>\n"
    ).encode()


def write(deck: ExportDeck) -> bytes:
    """The deck as a QTI 2.1 content package (zip)."""
    files = [("imsmanifest.xml", manifest(deck))]
    files += [(f"items/{qti_identifier(e.question.id)}.xml", item(e)) for e in deck.items]
    return zip_bytes(files)
