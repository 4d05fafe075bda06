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
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from quizgen.core.cloze import deletions
from quizgen.core.display import citation, cited_article, evidence_line
from quizgen.core.maker import maker
from quizgen.core.model import Article, Question, QuestionType
from quizgen.core.workers import on_thread, usable_cpus
from quizgen.writers.cards import mcq_options, mcq_order

__all__ = ["mcq_options"]  # re-exported: every export shows an mcq's options in the Anki order

# The types as module constants: a member looked up on its class (``QuestionType.MCQ``) costs about ten times a
# global's (~0.1 us), and the writers test an item's type a few times each, per item.
MCQ = QuestionType.MCQ
TRUE_FALSE = QuestionType.TRUE_FALSE
SHORT = QuestionType.SHORT
CLOZE = QuestionType.CLOZE


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
    options_html: tuple[str, ...] = field(init=False)
    """An mcq's options in the shown order (:func:`mcq_options`) as HTML; empty for other types."""
    right: int = field(init=False)
    """The index of an mcq's answer in :attr:`options_html` (0 for other types)."""
    answers: tuple[str, ...] = field(init=False)
    """A short item's accepted answers (:func:`short_answers`); empty for other types."""
    cloze_html: tuple[str | Blank, ...] = field(init=False)
    """A cloze prompt's text runs (as HTML) and blanks, in order (:func:`cloze_parts`); empty for other types."""
    blanks: int = field(init=False)
    """How many blanks a cloze prompt has (0 for other types)."""
    feedback_html: str = field(init=False)
    """The feedback as HTML paragraphs."""
    general_html: str = field(init=False)
    """The feedback every learner sees, as HTML: :attr:`feedback_html` without a false statement's correction,
    which the answers' own feedback shows (else a wrong answer would read it twice)."""

    def __post_init__(self) -> None:
        # ExportItem(question, category, feedback) as a caller writes it; export_items builds each through
        # export_item instead, which sets all twelve slots at once (this sets the derived ones from its copy).
        made = export_item(self.question, self.category, self.feedback)
        for name, set_ in zip(_FIELDS, _SETTERS, strict=True):
            set_(self, getattr(made, name))


_FIELDS = ("ident", "prompt_html", "options_html", "right", "answers", "cloze_html", "blanks", "feedback_html",
           "general_html")  # fmt: skip
_SETTERS = tuple(getattr(ExportItem, name).__set__ for name in _FIELDS)
_MAKE_ITEM = maker(ExportItem, skips_post_init=True)
"""Builds an ExportItem from all twelve fields' values, its slots set directly: a frozen dataclass's __init__
sets each through object.__setattr__, then __post_init__ through a setter each (~1.9 us an item in all)."""


def export_item(question: Question, category: tuple[str, ...], feedback: tuple[str, ...]) -> ExportItem:
    """``ExportItem(question, category, feedback)``, its derived fields rendered here (the same object)."""
    q = question
    qid = q.id
    kind = q.type
    # Each type sets what it has (an if-chain: an enum member's hash is a Python-level call).
    if kind is MCQ:
        # mcq_options(q) without its (text, is-answer) pairs: the answer is the text the order puts first
        texts = (str(q.answer), *q.distractors)
        order = mcq_order(q)
        options = tuple([html(texts[i]) for i in order])
        right = order.index(0)
    else:
        options = ()
        right = 0
    if kind is CLOZE:
        parts = tuple([p if p.__class__ is Blank else html(p) for p in cloze_parts(q)])  # type: ignore[arg-type]
        count = len(parts) // 2  # text runs and blanks alternate, a run at each end
    else:
        parts = ()
        count = 0
    paragraphs = [html(p) for p in feedback]
    shown = "<p>" + "</p><p>".join(paragraphs) + "</p>" if paragraphs else ""
    general = shown
    correction = correction_paragraph(q) if kind is TRUE_FALSE else None
    if correction is not None and feedback[:1] == (correction,):  # the answers' feedback shows it
        general = "<p>" + "</p><p>".join(paragraphs[1:]) + "</p>" if len(paragraphs) > 1 else ""
    return _MAKE_ITEM(
        q,
        category,
        feedback,
        qid if _QTI_ID.fullmatch(qid) else qti_identifier(qid),
        html(q.prompt),
        options,
        right,
        short_answers(q) if kind is SHORT else (),
        parts,
        count,
        shown,
        general,
    )


def export_items(
    deck_name: str,
    questions: Iterable[Question],
    articles: Mapping[str, Article],
    lines: Mapping[tuple[str, str], int | None] | None = None,
) -> list[ExportItem]:
    """``questions`` (a deck's selection, in its order) as export items: each with its category (the deck
    name's ``::`` parts, then its topic) and its feedback (the correction of a false statement, the
    explanation, then ``Source:`` and the citation of each passage it quotes, at the lines in ``lines`` (where
    the checks found each quote; others are searched for here)."""
    base = tuple(deck_name.split("::"))
    categories: dict[str, tuple[str, ...]] = {}  # topic -> category: one tuple per topic, not per item
    cited: dict[str, str] = {}  # article id -> its citation's first part: many questions cite one article
    citations: dict[tuple[str, str], str | None] = {}  # shared by questions quoting one passage
    out = []
    for q in questions:
        feedback: list[str] = []
        if q.type is TRUE_FALSE:
            correction = correction_paragraph(q)
            if correction is not None:
                feedback.append(correction)
        if q.explanation:
            feedback.append(q.explanation)
        cites: list[str] = []
        for e in q.evidence:
            key = (e.source, e.quote)
            cite = citations.get(key, "")
            if cite == "":  # not seen yet ("" is no citation)
                article = articles.get(e.source)
                if article is None:
                    cite = None
                else:
                    line = (
                        lines[key] if lines is not None and key in lines else evidence_line(article, e.quote)
                    )
                    head = cited.get(e.source)
                    if head is None:
                        head = cited[e.source] = cited_article(article)
                    cite = citation(article, line, head)
                citations[key] = cite
            if cite is not None and cite not in cites:
                cites.append(cite)
        if cites:
            feedback.append("Source: " + "; ".join(cites))
        category = categories.get(q.topic)
        if category is None:
            category = categories[q.topic] = (*base, q.topic)
        out.append(export_item(q, category, tuple(feedback)))
    return out


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
    if q.type is TRUE_FALSE and q.answer is False and q.correction:
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
# A printable text (str.isprintable(), twice as fast as a regex's character class) holds none of the characters
# XML forbids (all are control characters or noncharacters); the searches run only on the others (text with a
# line break, a tab, a no-break space, a bidi mark...).


def xml_escape(text: str) -> str:
    """Text as XML (or HTML) character data or an attribute value: markup characters and quotes as
    references; characters XML cannot hold become U+FFFD."""
    if text.isprintable():  # the common case (see _XML_SPECIAL): markup characters and quotes only
        if "&" not in text and "<" not in text and ">" not in text and '"' not in text and "'" not in text:
            return text
    elif _XML_SPECIAL.search(text) is None:
        return text
    # replace() chains, not str.translate: a replace that finds nothing is a fast scan; translate maps per char.
    out = text_escape(text)
    return out.replace('"', "&quot;").replace("'", "&#x27;") if '"' in out or "'" in out else out


def xml_chars(text: str) -> str:
    """``text`` with the characters XML cannot hold as U+FFFD (what the escapes here do to them)."""
    return text if text.isprintable() or _NOT_XML.search(text) is None else _NOT_XML.sub("\ufffd", text)


def markup_escape(text: str) -> str:
    """:func:`xml_escape` of text that holds no character XML forbids (:func:`html`'s output, :func:`xml_chars`'),
    without searching it for them again."""
    out = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return out.replace('"', "&quot;").replace("'", "&#x27;") if '"' in out or "'" in out else out


def text_escape(text: str) -> str:
    """Text as XML (or HTML) element content: ``&``, ``<`` and ``>`` as references (quotes need none there,
    and stay readable in hand-edited formats such as GIFT); characters XML cannot hold become U+FFFD."""
    if not text.isprintable() and _NOT_XML.search(text) is not None:
        text = _NOT_XML.sub("\ufffd", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html(text: str) -> str:
    """Bank text as inert HTML element content: escaped, line breaks as ``<br>``."""
    if text.isprintable():  # the common case (see _XML_SPECIAL): markup characters only
        if "&" not in text and "<" not in text and ">" not in text:
            return text
    elif _HTML_SPECIAL.search(text) is None:
        return text
    return text_escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def xhtml(html_text: str) -> str:
    """HTML from :func:`html` as XHTML: ``<br/>`` for ``<br>`` (escaped text holds no other ``<``)."""
    return html_text.replace("<br>", "<br/>") if "<br>" in html_text else html_text


_JOIN = "\ue000"
"""Joins texts escaped together (:func:`escape_all`): a private-use character no escape touches."""


_BATCH = 1024
"""Texts escaped together at most (:func:`escape_all`): a batch's strings stay in the processor's caches, and
a whole large deck's would be tens of megabytes, each escape's copy fresh memory."""


def escape_all(escape: Callable[[str], str], texts: list[str], joiner: str = _JOIN) -> list[str]:
    """``[escape(t) for t in texts]``, escaped a batch at a time as one string: for the escapes here, which
    replace characters one by one, a few scans of many texts cost less than a call per text. ``joiner`` is a
    character ``escape`` leaves alone (an escape that leaves control characters alone may join with one: an
    ASCII string is scanned faster than one that holds a private-use character)."""
    if len(texts) > _BATCH:
        out: list[str] = []
        for start in range(0, len(texts), _BATCH):
            out += escape_all(escape, texts[start : start + _BATCH], joiner)
        return out
    joined = joiner.join(texts)
    if joined.count(joiner) != len(texts) - 1 or not texts:  # a text holds the joiner itself: one by one
        return [escape(t) for t in texts]
    return escape(joined).split(joiner)


def by_category(items: Iterable[ExportItem]) -> list[ExportItem]:
    """``items`` ordered by category, in the given order within each: as a stable sort by category, but each
    distinct category compared once, not each item."""
    groups: dict[tuple[str, ...], list[ExportItem]] = {}
    for item in items:
        group = groups.get(item.category)
        if group is None:
            groups[item.category] = [item]
        else:
            group.append(item)
    if len(groups) == 1:
        return next(iter(groups.values()))
    return [item for category in sorted(groups) for item in groups[category]]


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
    return _zip(files)


ZIP_THREAD = usable_cpus() > 1
"""Whether :func:`start_zip` deflates on a thread of its own: only with a second processor to run it on."""


def start_zip(files: Sequence[tuple[str, bytes]]) -> Callable[[], bytes]:
    """Begin zipping ``files`` (as :func:`zip_bytes`); the function returned waits for the zip's bytes.

    With a second processor (:data:`ZIP_THREAD`) the deflate runs on a thread of its own, where zlib releases
    the GIL, so the caller can meanwhile render the next format: one thread writes the members in their order,
    the same bytes whenever it runs. Any error it meets is raised by the waiting function, as it would be here.
    """
    if not ZIP_THREAD:
        data = _zip(files)
        return lambda: data
    return on_thread(lambda: _zip(files), name="quizgen-zip")


def _zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    """The zip of ``files``: :func:`pooled_zip`'s for many members with a second processor, else zipfile's."""
    if ZIP_THREAD and len(files) >= _POOL_MEMBERS:
        return pooled_zip(files)
    return zipfile_bytes(files)


_POOL_MEMBERS = 64
"""From this many members :func:`pooled_zip` deflates them on two threads (fewer: not worth the threads)."""
_POOL_CHUNK = 512
"""Members deflated per task: few enough tasks to share out, enough members to pay for each."""
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader, structCentralDir, structEndArchive...
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR = struct.Struct("<4sLQL")
_DOS_DATE = (ZIP_TIME[0] - 1980) << 9 | ZIP_TIME[1] << 5 | ZIP_TIME[2]
_DOS_TIME = ZIP_TIME[3] << 11 | ZIP_TIME[4] << 5 | ZIP_TIME[5] // 2
_PLAIN_ZIP = 1 << 30
"""Below this many bytes in all, a zip needs no ZIP64 field but for its member count (see :func:`pooled_zip`)."""


def _deflate(files: Sequence[tuple[str, bytes]]) -> list[tuple[int, bytes]]:
    """Each member's CRC-32 and raw deflate stream, as zipfile makes them at level 6."""
    out = []
    for _, data in files:
        deflate = zlib.compressobj(6, zlib.DEFLATED, -15)  # zipfile's compressor for level 6
        out.append((zlib.crc32(data), deflate.compress(data) + deflate.flush()))
    return out


def pooled_zip(files: Sequence[tuple[str, bytes]]) -> bytes:
    """:func:`zipfile_bytes` byte for byte (a test compares them), its members deflated on two threads.

    A QTI 2.1 package is one small member per question: deflated one by one on one thread beside the Python
    that renders, each would wait for the GIL after its deflate (which releases it). Here the caller waits
    while two threads deflate blocks of members (zlib releases the GIL), and then writes the headers with
    struct in the members' order, whatever order the blocks finished in: the same bytes. zipfile still writes
    zips with UTF-8 names or ZIP64 sizes (its own rules for them)."""
    if any(not name.isascii() for name, _ in files) or sum(len(d) for _, d in files) > _PLAIN_ZIP:
        return zipfile_bytes(files)
    blocks = [files[i : i + _POOL_CHUNK] for i in range(0, len(files), _POOL_CHUNK)]
    with ThreadPoolExecutor(2, thread_name_prefix="quizgen-deflate") as pool:
        deflated = [d for block in pool.map(_deflate, blocks) for d in block]  # an error is raised here
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    local, entry = _LOCAL.pack, _CENTRAL.pack
    for (name, data), (crc, packed) in zip(files, deflated, strict=True):
        encoded = name.encode("ascii")
        header = local(b"PK\x03\x04", 20, 0, 0, 8, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data),
                       len(encoded), 0)  # fmt: skip
        out += (header, encoded, packed)
        entry_ = entry(b"PK\x01\x02", 20, 3, 20, 0, 0, 8, _DOS_TIME, _DOS_DATE, crc, len(packed), len(data),
                       len(encoded), 0, 0, 0, 0, 0o644 << 16, offset)  # fmt: skip
        central += (entry_, encoded)
        offset += len(header) + len(encoded) + len(packed)
    directory = b"".join(central)
    count, size = len(files), len(directory)
    out.append(directory)
    if count > zipfile.ZIP_FILECOUNT_LIMIT:  # too many for the end record (65,535): the ZIP64 records too
        out.append(_END64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, offset))
        out.append(_LOCATOR.pack(b"PK\x06\x07", 0, offset + size, 1))
        count = min(count, 0xFFFF)
    out.append(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, offset, 0))
    return b"".join(out)


def zipfile_bytes(files: Sequence[tuple[str, bytes]]) -> bytes:
    """The zip of ``files`` as :mod:`zipfile` writes it, on the calling thread."""
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
    return q.type is CLOZE
