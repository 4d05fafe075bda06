"""Printed quizzes: a :class:`quizgen.quiz.QuizPlan` as PDF (through typst) and as Markdown.

The only module importing typst. The template (``quizgen/writers/templates/quiz.typ``) is fixed; the quiz reaches it as
one JSON document in ``sys.inputs.quiz``, so bank text is data the template sets as plain text, never markup
it would run. Fonts are typst's own embedded ones (Libertinus Serif, DejaVu Sans Mono as fallback) with system
fonts ignored, so a PDF is the same bytes on every machine; the creation date is passed in; and the PDF is
written as PDF/A-2b, under which a character that no embedded font has is an error (:class:`MissingGlyphError`)
instead of a blank box on paper.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Final, cast

import typst

from quizgen.assemble.forms import Form, Item, QuizPlan, answer_text
from quizgen.core.cloze import deletions
from quizgen.core.model import QuestionType

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATES / "quiz.typ"
PDF_STANDARD: Final = "a-2b"
SHORT_ANSWER_LINES = 2
TWO_COLUMN_OPTION_CHARS = 30
"""Options all at most this long are set in two columns."""
_MISSING = re.compile(r'the text `"(.*?)"` could not be displayed')
_SPACE = re.compile(r"\s+")


class MissingGlyphError(Exception):
    """The quiz holds text that none of the embedded fonts can print."""

    def __init__(self, text: str, message: str) -> None:
        super().__init__(message)
        self.text = text
        """The text typst could not set (as typst reports it)."""
        self.message = message
        """typst's message."""


class RenderError(Exception):
    """typst refused the document for another reason (a bug in quizgen or its template)."""


@functools.cache
def _compiler() -> typst.Compiler:
    """One compiler for the process: typst scans its embedded fonts once and keeps its caches warm."""
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)
    return typst.Compiler(input=TEMPLATE, root=TEMPLATES, font_paths=fonts, ignore_system_fonts=True)


def compile_pdf(data: dict[str, Any], timestamp: int) -> bytes:
    """The template compiled with ``data`` as its input (PDF/A-2b, creation time ``timestamp``)."""
    return cast(bytes, compile_inputs({"quiz": json.dumps(data, ensure_ascii=False)}, timestamp))


def compile_inputs(
    inputs: dict[str, str], timestamp: int, *, fmt: str = "pdf", ppi: float | None = None
) -> Any:
    """The template compiled with ready-made ``sys.inputs`` (the benchmark's bare-engine side uses this too)."""
    try:
        if fmt == "png":
            return _compiler().compile(format="png", ppi=ppi, sys_inputs=inputs, timestamp=timestamp)
        return _compiler().compile(
            format="pdf", sys_inputs=inputs, pdf_standards=PDF_STANDARD, timestamp=timestamp
        )
    except typst.TypstError as exc:
        found = _MISSING.search(exc.message)
        if found is not None:
            try:
                text = found.group(1).encode("latin-1", "backslashreplace").decode("unicode_escape")
            except UnicodeError:  # an escape typst wrote that Python does not read (\u{0}): show it as given
                text = found.group(1)
            raise MissingGlyphError(text, exc.message) from None
        raise RenderError(exc.message or str(exc)) from None


def first_page_png(data: dict[str, Any], timestamp: int, ppi: float = 72) -> bytes:
    """Page 1 of a document as PNG (the picture in the README and docs/print.md)."""
    pages = compile_inputs({"quiz": json.dumps(data, ensure_ascii=False)}, timestamp, fmt="png", ppi=ppi)
    return cast(bytes, pages if isinstance(pages, bytes) else pages[0])


def flat(text: str) -> str:
    """Text on one line: a line break in bank text (a YAML block scalar) is a space on paper."""
    return _SPACE.sub(" ", text).strip()


def _prompt(item: Item) -> list[dict[str, str | bool]]:
    q = item.question
    if q.type is not QuestionType.CLOZE:
        return [{"text": flat(q.prompt)}]
    pieces: list[dict[str, str | bool]] = []
    pos = 0
    for d in deletions(q.prompt):
        if d.start > pos:
            pieces.append({"text": _SPACE.sub(" ", q.prompt[pos : d.start])})
        blank: dict[str, str | bool] = {"blank": True}
        if d.hint:
            blank["hint"] = flat(d.hint)
        pieces.append(blank)
        pos = d.end
    if pos < len(q.prompt):
        pieces.append({"text": _SPACE.sub(" ", q.prompt[pos:])})
    return pieces


def _columns(item: Item) -> int:
    return 2 if item.options and max(len(o.text) for o in item.options) <= TWO_COLUMN_OPTION_CHARS else 1


def form_data(quiz: QuizPlan, form: Form) -> dict[str, Any]:
    """What the template needs to set one form."""
    settings = quiz.settings
    sections = []
    for section in form.sections:
        items = []
        for item in section.items:
            items.append({
                "number": item.number,
                "kind": item.question.type.value,
                "prompt": _prompt(item),
                "options": [{"letter": o.letter, "text": flat(o.text)} for o in item.options],
                "columns": _columns(item),
                "lines": SHORT_ANSWER_LINES,
            })  # fmt: skip
        sections.append({"title": flat(section.title), "items": items})
    return {
        "kind": "form",
        "title": flat(settings.title),
        "label": f"Form {form.letter}",
        "paper": settings.paper,
        "instructions": settings.instructions,
        "sections": sections,
    }


def _note(item: Item) -> str:
    q = item.question
    if q.type is QuestionType.TRUE_FALSE and q.answer is False and q.correction:
        return f"In fact: {q.correction}"
    if q.type is QuestionType.SHORT and q.aliases:
        return "Also accepted: " + "; ".join(q.aliases)
    return ""


def key_entries(quiz: QuizPlan, form: Form) -> list[dict[str, Any]]:
    """The key of one form: per number, the answer's letter and text, a note, and where it comes from."""
    entries = []
    for item in form.items:
        letter, text = answer_text(item)
        entries.append({
            "number": item.number,
            "id": item.question.id,
            "letter": letter,
            "answer": flat(text),
            "note": flat(_note(item)),
            "explanation": flat(item.question.explanation or ""),
            "citations": [{"citation": flat(c.text), "excerpt": c.excerpt} for c in quiz.citations[item.question.id]],
        })  # fmt: skip
    return entries


def grid_entries(form: Form) -> list[dict[str, Any]]:
    """The marking grid of one form: per number, the letter, or the expected words for a written answer."""
    out = []
    for item in form.items:
        letter, text = answer_text(item)
        out.append({"number": item.number, "letter": letter, "answer": "" if letter else flat(text)})
    return out


def keys_data(quiz: QuizPlan) -> dict[str, Any]:
    """What the template needs to set the keys of every form: each form's one-page marking grid, then its
    detailed key."""
    settings = quiz.settings
    count = quiz.per_form
    return {
        "kind": "key",
        "title": flat(settings.title),
        "label": "Answer keys",
        "paper": settings.paper,
        "instructions": settings.instructions,
        "forms": [
            {
                "form": form.letter,
                "summary": f"{count} question{'s' * (count != 1)}, each answer with the passage it comes from. "
                f"Seed \u201c{flat(settings.seed)}\u201d; every form's order is recorded in {quiz.deck}.forms.json.",
                "entries": key_entries(quiz, form),
                "grid": grid_entries(form),
            }
            for form in quiz.forms
        ],
    }


# --------------------------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&])")  # & too: unescaped, the text "&lt;" renders as "<"


_MD_LEADING = re.compile(r"^(\d*)([-+=]|(?<=\d)[.)])")
"""A list marker or heading underline at the start of a value (after "1. ", "- " would start a nested list)."""


def md(text: str) -> str:
    """Bank text as inert Markdown: one line, with the characters Markdown would read escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _MD_LEADING.sub(r"\1\\\2", escaped, count=1)


def _md_prompt(item: Item) -> str:
    parts = []
    for piece in _prompt(item):
        if "blank" in piece:
            hint = piece.get("hint")
            parts.append("\\_" * 10 + (f" ({md(str(hint))})" if hint else ""))
        else:
            parts.append(md(str(piece["text"])))
    return "".join(parts)


def form_markdown(quiz: QuizPlan, form: Form) -> str:
    """A form as Markdown, for e-mail and for reviewing changes in a diff."""
    settings = quiz.settings
    out = [f"# {md(settings.title)}: Form {form.letter}", "", "Name: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"
           "\\_\\_\\_\\_  Date: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_", "", f"*{md(settings.instructions)}*", ""]  # fmt: skip
    for section in form.sections:
        if section.title:
            out += [f"## {md(section.title)}", ""]
        for item in section.items:
            suffix = " *(true or false)*" if item.question.type is QuestionType.TRUE_FALSE else ""
            out += [f"{item.number}. {_md_prompt(item)}{suffix}", ""]
            indent = " " * (len(str(item.number)) + 2)  # under the text, so the options nest in the item
            for o in item.options:
                out.append(f"{indent}- ( ) **{o.letter}** {md(o.text)}")
            if item.options:
                out.append("")
            if item.question.type is QuestionType.SHORT:
                out += [f"{indent}Answer: " + "\\_" * 30, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def keys_markdown(quiz: QuizPlan) -> str:
    """The keys of every form as Markdown."""
    seed = f"Seed \u201c{md(quiz.settings.seed)}\u201d; every form's order is recorded in {quiz.deck}.forms.json."
    out = [f"# {md(quiz.settings.title)}: answer keys", "", seed, ""]
    for form in quiz.forms:
        out += [f"## Form {form.letter}: marking grid", "", "| No. | Answer |", "|---|---|"]
        for g in grid_entries(form):
            out.append(
                f"| {g['number']} | " + (f"**{g['letter']}**" if g["letter"] else md(g["answer"])) + " |"
            )
        out += ["", f"## Form {form.letter}", "", "| No. | Answer | Source |", "|---|---|---|"]
        for e in key_entries(quiz, form):
            answer = (f"**{e['letter']}** " if e["letter"] else "") + md(e["answer"])
            if e["note"]:
                answer += f" ({md(e['note'])})"
            if e["explanation"]:
                answer += f"<br>{md(e['explanation'])}"
            answer += f"<br>item `{e['id']}`"
            source = "<br>".join(
                f"{md(c['citation'])}: \u201c{md(c['excerpt'])}\u201d" for c in e["citations"]
            )
            out.append(f"| {e['number']} | {answer} | {source} |")
        out.append("")
    return "\n".join(out)
