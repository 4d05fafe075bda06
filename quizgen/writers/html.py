"""A deck (or one printed form) as a single self-contained HTML page: a quiz a trainer can email.

Everything the page needs is inside it: the stylesheet (``templates/quiz.css``), the script
(``templates/quiz.js``) and the questions as one JSON document in a ``<script type="application/json">``
block. It makes no request of any kind, and its Content-Security-Policy says so: ``default-src 'none'``, with
the one style and the one script allowed by their SHA-256 hashes (computed here, so the page is the same bytes
on every build).

Bank text is data: the script reads the JSON with ``textContent`` and inserts every string with
``textContent``/``createTextNode``, never as HTML; in the JSON, ``<``, ``>``, ``&`` and the two JavaScript line
separators are written as ``\\uXXXX`` escapes, so no string can close the data block. The few strings set in
the HTML itself (title, description) go through :func:`html.escape`.

Typed answers are graded in the page with the self-test's lenient rules (:mod:`quizgen.selftest.grading`,
ported to JavaScript in ``quiz.js``). The port transliterates with a table written here from ``anyascii``:
every character of the page's own text and the common Latin, Greek, Cyrillic, punctuation and full-width
blocks, except those whose transliteration the script derives itself (a letter with its accents dropped).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from anyascii import anyascii

from quizgen.assemble.forms import QuizPlan
from quizgen.core.cloze import deletions
from quizgen.core.display import citation, evidence_line
from quizgen.core.model import Article, Question, QuestionType
from quizgen.core.typos import answer_confusables
from quizgen.writers.cards import mcq_options

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_FORMAT = 1
"""Version of the page's data and of the progress it saves (part of the storage key)."""
_TRANSLITERATED_BLOCKS = (
    (0x80, 0x52F),  # Latin-1 to Latin Extended-B, IPA, spacing modifiers, combining marks, Greek, Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x214F),  # punctuation, super- and subscripts, currency, letterlike symbols
    (0xFF00, 0xFFEF),  # full-width forms
)
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@dataclass(frozen=True, slots=True)
class PageItem:
    """One question as the page shows it."""

    question: Question
    """The bank item."""
    number: int
    """Its number (on a printed form, the form's number; else its position from 1)."""
    section: str
    """The heading of the section it starts or belongs to (a printed form's section), or empty."""
    options: tuple[tuple[str, bool], ...]
    """Choices in shown order with whether each is the answer (mcq and true-false), else empty."""
    citations: tuple[str, ...]
    """Per evidence passage, its citation: outlet, headline, date and line."""


@dataclass(frozen=True, slots=True)
class Page:
    """Everything one HTML page shows."""

    title: str
    """The quiz's title."""
    description: str
    """A line under the title (may be empty)."""
    deck: str
    """The deck definition's file stem: part of the progress key and of the results."""
    form: str
    """The printed form's letter, or empty for the deck's own page."""
    mode: str
    """The mode the page suggests first: ``practice`` or ``exam``."""
    items: tuple[PageItem, ...]
    """The questions in order."""


def _options(q: Question) -> tuple[tuple[str, bool], ...]:
    if q.type is QuestionType.MCQ:  # the Anki cards' option order: one order per question
        return tuple(mcq_options(q))
    if q.type is QuestionType.TRUE_FALSE:
        return (("True", q.answer is True), ("False", q.answer is False))
    return ()


def _citations(
    q: Question, articles: Mapping[str, Article], lines: Mapping[tuple[str, str], int | None] | None
) -> tuple[str, ...]:
    out = []
    for e in q.evidence:
        article = articles[e.source]
        key = (e.source, e.quote)
        line = lines[key] if lines is not None and key in lines else evidence_line(article, e.quote)
        out.append(citation(article, line))
    return tuple(out)


def deck_page(
    title: str,
    description: str,
    deck: str,
    questions: Iterable[Question],
    articles: Mapping[str, Article],
    lines: Mapping[tuple[str, str], int | None] | None = None,
) -> Page:
    """The page of a deck's selection, in bank order, options in the Anki cards' order; practice first."""
    items = tuple(
        PageItem(q, n, "", _options(q), _citations(q, articles, lines)) for n, q in enumerate(questions, 1)
    )
    return Page(title, description, deck, "", "practice", items)


def form_pages(
    quiz: QuizPlan,
    articles: Mapping[str, Article],
    lines: Mapping[tuple[str, str], int | None] | None = None,
) -> list[Page]:
    """One page per printed form: the form's numbers, sections and option order, so answers given on the page
    and on paper mean the same letters; exam first."""
    pages = []
    for form in quiz.forms:
        items = tuple(
            PageItem(
                item.question,
                item.number,
                section.title,
                tuple((o.text, o.correct) for o in item.options),
                _citations(item.question, articles, lines),
            )
            for section in form.sections
            for item in section.items
        )
        title = f"{quiz.settings.title} \u2013 form {form.letter}"
        pages.append(Page(title, quiz.settings.instructions, quiz.deck, form.letter, "exam", items))
    return pages


def _item_data(item: PageItem) -> dict[str, object]:
    q = item.question
    data: dict[str, object] = {"id": q.id, "n": item.number, "type": q.type.value, "topic": q.topic}
    if item.section:
        data["section"] = item.section
    if q.type is QuestionType.CLOZE:
        parts: list[object] = []
        blanks: list[dict[str, str]] = []
        pos = 0
        for d in deletions(q.prompt):
            parts.append(q.prompt[pos : d.start])
            parts.append(len(blanks))
            blanks.append({"answer": d.text, "hint": d.hint or ""})
            pos = d.end
        parts.append(q.prompt[pos:])
        data["parts"] = [p for p in parts if p != ""]
        data["blanks"] = blanks
        data["aliases"] = list(q.aliases)
        aliases = q.aliases if len(blanks) == 1 else ()
        data["confusable"] = list(answer_confusables([b["answer"] for b in blanks], aliases))
    else:
        data["prompt"] = q.prompt
    if item.options:
        data["options"] = [text for text, _ in item.options]
        data["correct"] = next(i for i, (_, right) in enumerate(item.options) if right)
    if q.type is QuestionType.SHORT:
        data["answer"] = str(q.answer)
        data["aliases"] = list(q.aliases)
        data["confusable"] = list(answer_confusables([str(q.answer)], q.aliases))
    if q.type is QuestionType.TRUE_FALSE and q.correction:
        data["correction"] = q.correction
    data["evidence"] = [
        {"quote": e.quote, "cite": c} for e, c in zip(q.evidence, item.citations, strict=True)
    ]
    if q.explanation:
        data["explanation"] = q.explanation
    return data


def _script_json(value: object) -> str:
    """JSON that is safe inside a ``<script>`` element: nothing in it can end the element or start a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in _JSON_ESCAPES.items():
        text = text.replace(char, escaped)
    return text


def _js_fallback(char: str) -> str:
    """What the page's script makes of a character missing from its table: its accents dropped (NFD, marks
    removed), if that leaves ASCII; else nothing (the grader drops it like punctuation)."""
    base = "".join(
        c for c in unicodedata.normalize("NFD", char) if not unicodedata.category(c).startswith("M")
    )
    return base if base.isascii() else ""


def transliterations(text: str) -> dict[str, str]:
    """The page's transliteration table: ``anyascii`` of every non-ASCII character the script cannot derive,
    from the common blocks and from ``text`` (the page's own strings)."""
    chars = {chr(c) for start, end in _TRANSLITERATED_BLOCKS for c in range(start, end + 1)}
    chars |= {c for c in text if not c.isascii()}
    table = {}
    for char in sorted(chars):
        if unicodedata.category(char) in ("Cn", "Cs", "Co"):
            continue
        ascii_form = anyascii(char)
        if ascii_form != _js_fallback(char):
            table[char] = ascii_form
    return table


@functools.cache
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"
    )


def bank_hash(items: list[dict[str, object]]) -> str:
    """The first 16 hex digits of the SHA-256 of the page's questions as JSON: saved progress is keyed by it,
    so a learner's answers to an older version of the questions are never applied to new ones."""
    blob = json.dumps(items, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def write(page: Page) -> bytes:
    """The page as UTF-8 HTML bytes (pure: same page, same bytes)."""
    items = [_item_data(item) for item in page.items]
    strings = json.dumps(items, ensure_ascii=False)
    data = {
        "format": PAGE_FORMAT,
        "title": page.title,
        "deck": page.deck,
        "form": page.form,
        "mode": page.mode,
        "bank": bank_hash(items),
        "items": items,
        "translit": transliterations(strings),
    }
    style = _template("quiz.css")
    script = _template("quiz.js")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    description = f'<p class="lede">{html.escape(page.description)}</p>\n' if page.description else ""
    out = (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="generator" content="quizgen">\n'
        f"<title>{html.escape(page.title)}</title>\n"
        f"<style>{style}</style>\n"
        "</head>\n<body>\n"
        '<header class="top">\n'
        f"<h1>{html.escape(page.title)}</h1>\n{description}"
        "</header>\n"
        '<main id="app" tabindex="-1">\n'
        "<noscript><p>This quiz needs JavaScript. Open the file in a current browser (Firefox, Chrome, Edge or "
        "Safari) with scripts allowed.</p></noscript>\n"
        "</main>\n"
        f'<script type="application/json" id="quiz-data">{_script_json(data)}</script>\n'
        f"<script>{script}</script>\n"
        "</body>\n</html>\n"
    )
    return out.encode("utf-8")
