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
from quizgen.writers.lms import (
    MCQ,
    SHORT,
    TRUE_FALSE,
    Blank,
    ExportDeck,
    ExportItem,
    html,
    qti_identifier,
    xhtml,
    xml_escape,
    zip_bytes,
)

NAMESPACE = "http://www.imsglobal.org/xsd/imsqti_v2p1"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"


def leaves_out(item: ExportItem) -> str | None:
    """Why QTI 2.1 cannot hold an item (never)."""
    return None


def _x(text: str) -> str:
    """Bank text as XHTML character data, line breaks as ``<br/>``."""
    return xhtml(html(text))


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


_CHOICE_DECLARATIONS = {
    c: '  <responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier">'
    f"<correctResponse><value>{c}</value></correctResponse></responseDeclaration>\n"
    for c in ("true", "false", *LETTERS)
}
_TRUE_FALSE = (
    '<simpleChoice identifier="true">True</simpleChoice><simpleChoice identifier="false">False</simpleChoice>'
)
_MATCH_CORRECT = f'<responseProcessing template="{TEMPLATES}match_correct"/>'
_MAP_RESPONSE = f'<responseProcessing template="{TEMPLATES}map_response"/>'
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    f'<assessmentItem xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{NAMESPACE} http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1p2.xsd" '
)
_OUTCOMES = (
    '  <outcomeDeclaration identifier="SCORE" cardinality="single" baseType="float">'
    "<defaultValue><value>0</value></defaultValue></outcomeDeclaration>\n"
    '  <outcomeDeclaration identifier="FEEDBACK" cardinality="single" baseType="identifier"/>\n'
)


def _body_and_responses(entry: ExportItem) -> tuple[str, str, str]:
    """The responseDeclarations, itemBody content and responseProcessing of an item."""
    q = entry.question
    kind = q.type
    if kind is MCQ or kind is TRUE_FALSE:
        if kind is MCQ:
            options = "".join(
                [
                    f'<simpleChoice identifier="{LETTERS[i]}">{xhtml(text)}</simpleChoice>'
                    for i, text in enumerate(entry.options_html)
                ]
            )
            right = LETTERS[entry.right]
        else:
            options = _TRUE_FALSE
            right = "true" if q.answer is True else "false"
        body = (
            '<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1">'
            f"<prompt>{xhtml(entry.prompt_html)}</prompt>{options}</choiceInteraction>"
        )
        return _CHOICE_DECLARATIONS[right], body, _MATCH_CORRECT
    if kind is SHORT:
        body = (
            f'<p>{xhtml(entry.prompt_html)}</p><p><textEntryInteraction responseIdentifier="RESPONSE"/></p>'
        )
        return _text_response("RESPONSE", entry.answers), body, _MAP_RESPONSE
    parts = entry.cloze_html
    count = entry.blanks
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
            inline.append(xhtml(part))
    if count == 1:
        processing = _MAP_RESPONSE
    else:
        total = "".join(f'<mapResponse identifier="{n}"/>' for n in names)
        processing = (
            f'<responseProcessing><setOutcomeValue identifier="SCORE"><sum>{total}</sum></setOutcomeValue>'
            "</responseProcessing>"
        )
    return "".join(declarations), f"<p>{''.join(inline)}</p>", processing


def item(entry: ExportItem, label: str | None = None) -> bytes:
    """One question's ``assessmentItem`` document; ``label`` is its category escaped, when the caller has it."""
    declarations, body, processing = _body_and_responses(entry)
    if label is None:
        label = xml_escape("/".join(entry.category))
    # Encoded in two parts: the feedback's citation quotes a headline in curly quotes, which makes a string
    # slow to encode (two bytes a character), and the rest is mostly ASCII (encoded as a copy).
    ident = entry.ident
    qid = entry.question.id
    # A valid QTI identifier is its own XML escape: the id needs escaping only when it was mapped.
    title = qid if ident is qid else xml_escape(qid)
    head = (
        f'{_HEAD}identifier="{ident}" title="{title}" '
        f'label="{label}" adaptive="false" timeDependent="false">\n'
        f"{declarations}{_OUTCOMES}  <itemBody>{body}</itemBody>\n  {processing}\n"
    ).encode()
    feedback = xhtml(entry.feedback_html)
    if not feedback:
        return head + b"</assessmentItem>\n"
    return (
        head
        + (
            f'  <modalFeedback outcomeIdentifier="FEEDBACK" showHide="hide" identifier="NONE">{feedback}'
            "</modalFeedback>\n</assessmentItem>\n"
        ).encode()
    )


def manifest(deck: ExportDeck) -> bytes:
    """The content package's ``imsmanifest.xml``: one resource per item file."""
    resources = "".join(
        [
            f'    <resource identifier="{e.ident}" type="imsqti_item_xmlv2p1" '
            f'href="items/{e.ident}.xml"><file href="items/{e.ident}.xml"/></resource>\n'
            for e in deck.items
        ]
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
    """The deck as a QTI 2.1 content package (zip): its many small members deflated on two threads while this
    one waits (:func:`~quizgen.writers.lms.pooled_zip`), not beside the rendering of other formats."""
    files = [("imsmanifest.xml", manifest(deck))]
    labels: dict[tuple[str, ...], str] = {}  # few categories, each escaped once
    for e in deck.items:
        label = labels.get(e.category)
        if label is None:
            label = labels[e.category] = xml_escape("/".join(e.category))
        files.append((f"items/{e.ident}.xml", item(e, label)))
    return zip_bytes(files)
