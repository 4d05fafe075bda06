"""What every LMS export writer reads: a deck's items with their category and feedback, cloze prompts split
into text and blanks, and the helpers the XML formats share (escaping, CDATA, QTI identifiers, zip files).

The writers (:mod:`~quizgen.writers.moodle`, :mod:`~quizgen.writers.gift`, :mod:`~quizgen.writers.qti12`,
:mod:`~quizgen.writers.qti21`, :mod:`~quizgen.writers.blackboard`) are pure: an :class:`ExportDeck` in, bytes
out. Each says which items it cannot represent (:func:`leaves_out` of each module) and why; the build leaves
those out and reports them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from quizgen.core.cloze import deletions
from quizgen.core.model import Question, QuestionType
from quizgen.writers.cards import mcq_options

__all__ = ["mcq_options"]  # re-exported: every export shows an mcq's options in the Anki order


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One question as the exports show it, with the renderings every format shares (made once per item, not
    once per format: the options' shuffle, the cloze parse and the HTML escaping are most of an export's cost).
    """

    question: Question
    """The bank item."""
    category: tuple[str, ...]
    """Where it goes in the LMS's question bank: the deck name's ``::`` parts, then the topic."""
    feedback: tuple[str, ...]
    """Plain-text paragraphs shown after answering: the correction of a false statement, the explanation,
    and the source citation(s)."""
    ident: str = field(init=False)
    """The QTI identifier of the item (:func:`qti_identifier`)."""
    prompt_html: str = field(init=False)
    """The prompt as HTML (:func:`html`); for a cloze, see :attr:`cloze_html`."""
    options: tuple[tuple[str, bool], ...] = field(init=False)
    """An mcq's options in the shown order, each with whether it is the answer (:func:`mcq_options`); empty
    for other types."""
    options_html: tuple[str, ...] = field(init=False)
    """The options' texts as HTML, in the same order."""
    right: int = field(init=False)
    """The index of an mcq's answer in :attr:`options` (0 for other types)."""
    answers: tuple[str, ...] = field(init=False)
    """A short item's accepted answers (:func:`short_answers`); empty for other types."""
    cloze_html: tuple[str | Blank, ...] = field(init=False)
    """A cloze prompt's text runs (as HTML) and blanks, in order (:func:`cloze_parts`); empty for other types."""
    blanks: int = field(init=False)
    """How many blanks a cloze prompt has (0 for other types)."""
    feedback_html: str = field(init=False)
    """The feedback as HTML paragraphs."""

    def __post_init__(self) -> None:
        q = self.question
        set_ = object.__setattr__  # frozen: the derived fields are set once, here
        set_(self, "ident", qti_identifier(q.id))
        set_(self, "prompt_html", html(q.prompt))
        options: tuple[tuple[str, bool], ...] = ()
        right = 0
        if q.type is QuestionType.MCQ:
            options = tuple(mcq_options(q))
            right = next(i for i, (_, ok) in enumerate(options) if ok)
        set_(self, "options", options)
        set_(self, "options_html", tuple([html(text) for text, _ in options]))
        set_(self, "right", right)
        set_(self, "answers", short_answers(q) if q.type is QuestionType.SHORT else ())
        parts: tuple[str | Blank, ...] = ()
        if q.type is QuestionType.CLOZE:
            parts = tuple([p if isinstance(p, Blank) else html(p) for p in cloze_parts(q)])
        set_(self, "cloze_html", parts)
        set_(self, "blanks", len(parts) // 2)  # text runs and blanks alternate, a run at each end
        set_(self, "feedback_html", "".join(["<p>" + html(p) + "</p>" for p in self.feedback]))


@dataclass(frozen=True, slots=True)
class ExportDeck:
    """A deck's items, in deck order, for one export."""

    name: str
    """The deck name (as in Anki)."""
    stem: str
    """The deck file stem: names the files and identifies the assessment."""
    items: tuple[ExportItem, ...]
    """The items the format can represent."""


@dataclass(frozen=True, slots=True)
class Blank:
    """One blank of a cloze prompt."""

    answers: tuple[str, ...]
    """Accepted answers: the deleted text, then the item's aliases when the prompt has one blank only (the
    self-test grades aliases the same way)."""
    hint: str | None
    """The deletion's hint, shown beside the blank."""


def cloze_parts(q: Question) -> list[str | Blank]:
    """A cloze prompt as text runs and blanks, in order (text runs may be empty)."""
    found = deletions(q.prompt)
    aliases = q.aliases if len(found) == 1 else ()
    parts: list[str | Blank] = []
    pos = 0
    for d in found:
        parts.append(q.prompt[pos : d.start])
        parts.append(Blank((d.text, *(a for a in aliases if a != d.text)), d.hint or None))
        pos = d.end
    parts.append(q.prompt[pos:])
    return parts


def blanks(q: Question) -> list[Blank]:
    """The blanks of a cloze item."""
    return [p for p in cloze_parts(q) if isinstance(p, Blank)]


def short_answers(q: Question) -> tuple[str, ...]:
    """The accepted answers of a short item: the answer, then each alias not equal to it."""
    answer = str(q.answer)
    return (answer, *dict.fromkeys(a for a in q.aliases if a != answer))


def correction_paragraph(q: Question) -> str | None:
    """The feedback paragraph that corrects a false statement (``None`` for other items)."""
    if q.type is QuestionType.TRUE_FALSE and q.answer is False and q.correction:
        return f"False. {q.correction}"
    return None


def category_path(category: Sequence[str]) -> str:
    """Moodle's category path below the course's top category; a ``/`` inside a name is doubled, as Moodle's
    own export writes it."""
    return "$course$/top/" + "/".join(" ".join(c.split()).replace("/", "//") for c in category)


# Characters XML 1.0 forbids even as references: a bank may hold them (a stray form feed from a paste).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Everything :func:`html` changes: most bank text holds none, and one search is cheaper than the replaces.
_HTML_SPECIAL = re.compile("[&<>\r\n\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPECIAL = re.compile("[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_escape(text: str) -> str:
    """Text as XML (or HTML) character data or an attribute value: markup characters and quotes as
    references; characters XML cannot hold become U+FFFD."""
    if _XML_SPECIAL.search(text) is None:
        return text
    # replace() chains, not str.translate: a replace that finds nothing is a fast scan; translate maps per char.
    out = text_escape(text)
    return out.replace('"', "&quot;").replace("'", "&#x27;") if '"' in out or "'" in out else out


def text_escape(text: str) -> str:
    """Text as XML (or HTML) element content: ``&``, ``<`` and ``>`` as references (quotes need none there,
    and stay readable in hand-edited formats such as GIFT); characters XML cannot hold become U+FFFD."""
    if _NOT_XML.search(text) is not None:
        text = _NOT_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html(text: str) -> str:
    """Bank text as inert HTML element content: escaped, line breaks as ``<br>``."""
    if _HTML_SPECIAL.search(text) is None:
        return text
    return text_escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def xhtml(html_text: str) -> str:
    """HTML from :func:`html` as XHTML: ``<br/>`` for ``<br>`` (escaped text holds no other ``<``)."""
    return html_text.replace("<br>", "<br/>") if "<br>" in html_text else html_text


_JOIN = "\ue000"
"""Joins texts escaped together (:func:`escape_all`): a private-use character no escape touches."""


def escape_all(escape: Callable[[str], str], texts: list[str]) -> list[str]:
    """``[escape(t) for t in texts]``, escaped as one string: for the escapes here, which replace characters
    one by one, a few scans of the whole deck cost less than a call per text."""
    joined = _JOIN.join(texts)
    if joined.count(_JOIN) != len(texts) - 1 or not texts:  # a text holds the joiner itself: one by one
        return [escape(t) for t in texts]
    return escape(joined).split(_JOIN)


def cdata(text: str) -> str:
    """``text`` in CDATA sections: a ``]]>`` inside is split across two sections, the only way CDATA holds it."""
    return "<![CDATA[" + _NOT_XML.sub("\ufffd", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


_QTI_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_QTI_BAD = re.compile(r"[^A-Za-z0-9_.-]")


def qti_identifier(qid: str) -> str:
    """A QTI identifier for a bank id, the same on every build: the id itself when valid (a letter or ``_``
    first, then letters, digits, ``_ . -``), else ``_`` before it and each other character as ``_xHEX_``.
    Bank ids are lower-case letters, digits and ``-``, so a mapped id never equals another id."""
    if _QTI_ID.fullmatch(qid):
        return qid
    return "_" + _QTI_BAD.sub(lambda m: f"_x{ord(m[0]):x}_", qid)


ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every zip member's timestamp: fixed, so a rebuild is byte-identical (zip's epoch, the earliest it holds)."""


def zip_bytes(files: Sequence[tuple[str, bytes]]) -> bytes:
    """A zip of ``files`` in the given order, deflated, with fixed times and permissions: reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, whatever machine builds it
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=6)
    return out.getvalue()


def is_cloze(q: Question) -> bool:
    """Whether ``q`` is a cloze item."""
    return q.type is QuestionType.CLOZE


def general_feedback_html(item: ExportItem) -> str:
    """The feedback every learner sees: without a false statement's correction, which the answers' own
    feedback shows (else a wrong answer would read it twice)."""
    correction = correction_paragraph(item.question)
    if correction is not None and item.feedback[:1] == (correction,):
        return item.feedback_html[len(f"<p>{html(correction)}</p>") :]
    return item.feedback_html
