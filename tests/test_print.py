"""Printed quizzes: settings, form planning, the PDFs' text, hostile text, missing glyphs, page counts, files."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from quizgen import api
from quizgen.assemble.forms import QuizPlan, answer_text, plan
from quizgen.build.printing import outputs, timestamp
from quizgen.build.run import build
from quizgen.cli import app
from quizgen.core.model import Project, Question, QuestionType
from quizgen.core.shuffle import permutation
from quizgen.load.decks import DeckDefinition, load_decks
from quizgen.writers import print as writer

ROOT = Path(__file__).resolve().parent.parent
_EXAMPLES = re.findall(
    r"^### [^\n]+\n\n```yaml\n(.*?)```", (ROOT / "docs" / "bank-format.md").read_text(), re.M | re.S
)
BANK = "".join(_EXAMPLES)  # one approved item of each type, clean against the shipped seeds
DECK = (
    "name: Print test\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
)
PRINT = "print:\n  title: Week 47 quiz\n  forms: 2\n  seed: week-47\n  sections: type\n  paper: Letter\n"
HOSTILE = ["#let x = 1 #x", "$a^2$", "*bold*", "<label>", "@ref", "back\\slash", "{{c1::no}}", "a]b",
           "`code`", "// not a comment", "/* nor this */", "_under_", "= heading", "press@gov.example"]  # fmt: skip


def project_dir(tmp_path: Path, deck: str = DECK + PRINT, bank: str = BANK) -> Path:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "question_bank").mkdir()
    (tmp_path / "question_bank" / "items.yaml").write_text(bank, encoding="utf-8")
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "week.yaml").write_text(deck, encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[DeckDefinition, Project]:
    root = project_dir(tmp_path_factory.mktemp("print"))
    result = api.check(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    decks, problems = load_decks(
        root, root / "decks", topics=result.project.topics, sources=frozenset(result.project.sources.articles)
    )
    assert problems == [] and len(decks) == 1
    return decks[0], result.project


def with_questions(project: Project, questions: list[Question]) -> Project:
    return dataclasses.replace(project, bank=dataclasses.replace(project.bank, questions=tuple(questions)))


def many(project: Project, n: int) -> list[Question]:
    """``n`` distinct items, made by numbering copies of the fixture's items."""
    base = project.bank.questions
    out = []
    for i in range(n):
        q = base[i % len(base)]
        changes: dict[str, object] = {"id": f"{q.id}-{i}", "prompt": f"{q.prompt} (item {i})"}
        if q.type is QuestionType.MCQ:
            changes["answer"] = f"{q.answer} {i}"
            changes["distractors"] = tuple(f"{d} {i}" for d in q.distractors)
        out.append(dataclasses.replace(q, **changes))  # type: ignore[arg-type]
    return out


def squash(text: str) -> str:
    """Text without whitespace: line breaks in a PDF fall anywhere, so compare without them."""
    return "".join(text.split())


def pages(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def printed(project: Project, deck: DeckDefinition) -> tuple[QuizPlan, list[bytes], bytes]:
    quiz = plan(deck, project)
    forms = [writer.compile_pdf(writer.form_data(quiz, form), 0) for form in quiz.forms]
    return quiz, forms, writer.compile_pdf(writer.keys_data(quiz), 0)


def visible(q: Question) -> str:
    """The prompt as printed (cloze deletions become blanks)."""
    return re.sub(r"\{\{c\d+::.*?\}\}", " ", q.prompt)


# --------------------------------------------------------------------------------------------------------------
# Settings


def test_print_settings_are_read(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, _ = loaded
    s = deck.print_settings
    assert deck.outputs == ("anki", "print")  # a print mapping asks for print as well as anki
    assert (s.title, s.forms, s.seed, s.sections, s.paper, s.count) == (
        "Week 47 quiz", 2, "week-47", "type", "us-letter", None,
    )  # fmt: skip


def test_print_alone_means_the_defaults(tmp_path: Path) -> None:
    root = project_dir(tmp_path, deck=DECK + "print:\n")
    result = build(root, outputs=frozenset({"print"}))
    assert [o.path for o in result.outputs][:2] == ["decks/week.form-A.pdf", "decks/week.form-A.md"]
    assert "decks/week.form-B.pdf" not in {o.path for o in result.outputs}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("  forms: 30\n", "6:10: error: print.forms: at most 26 forms"),
        ("  paper: A3\n", "6:10: error: print.paper: 'A3'; expected A4 or Letter"),
        ("  sections: chapter\n", "6:13: error: print.sections must be one of none, topic, type"),
        ("  count: 0\n", "6:10: error: print.count must be a whole number of at least 1"),
        ("  colour: blue\n", "6:3: error: unknown print field 'colour'"),
        ("  section_titles: {nope: X}\n", "6:20: error: print.section_titles: 'nope' is neither"),
    ],
)
def test_bad_print_settings_are_diagnosed_at_their_place(tmp_path: Path, line: str, expected: str) -> None:
    root = project_dir(tmp_path, deck=DECK + "print:\n  seed: x\n" + line)
    found = [
        f"{d.location.line}:{d.location.column}: {d.severity.value}: {d.message}"
        for d in api.check(root).diagnostics
    ]
    assert any(f.startswith(expected) for f in found), found
    result = CliRunner().invoke(app, ["build", "print", "--root", str(root)])
    assert result.exit_code == 1 and "decks/week.yaml:" + expected.split(":")[0] in result.stdout


# --------------------------------------------------------------------------------------------------------------
# Planning


def test_forms_hold_the_same_questions_in_different_orders(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    quiz = plan(deck, with_questions(project, many(project, 30)))
    a, b = ([item.question.id for item in form.items] for form in quiz.forms)
    assert sorted(a) == sorted(b) and a != b
    assert [item.number for item in quiz.forms[0].items] == list(range(1, 31))
    for form in quiz.forms:  # sections by type, in a fixed order on every form
        assert [s.key for s in form.sections] == ["mcq", "short", "true-false", "cloze"]
        for item in form.items:
            if item.question.type is QuestionType.TRUE_FALSE:
                assert [o.text for o in item.options] == ["True", "False"]  # never shuffled
    options = {f.letter: {i.question.id: [o.text for o in i.options] for i in f.items} for f in quiz.forms}
    mcqs = [i.question.id for i in quiz.forms[0].items if i.question.type is QuestionType.MCQ]
    assert any(options["A"][q] != options["B"][q] for q in mcqs), "options are shuffled per form"
    assert all(sorted(options["A"][q]) == sorted(options["B"][q]) for q in mcqs)


def test_permutations_come_from_sha256_not_python_random(loaded: tuple[DeckDefinition, Project]) -> None:
    # Pinned values: a change here means every printed form would change, for every trainer.
    assert permutation("quizgen-print:week-47:A:options:x", 4) == [2, 1, 3, 0]
    deck, project = loaded
    quiz = plan(deck, project)
    for form in quiz.forms:
        for item in form.items:
            if item.question.type is QuestionType.MCQ:
                order = permutation(f"quizgen-print:week-47:{form.letter}:options:{item.question.id}", 4)
                canonical = [str(item.question.answer), *item.question.distractors]
                assert [o.text for o in item.options] == [canonical[i] for i in order]


def test_count_picks_items_by_the_seed_and_keeps_bank_order(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    pool = many(project, 40)
    small = dataclasses.replace(deck, print_settings=dataclasses.replace(deck.print_settings, count=12))
    quiz = plan(small, with_questions(project, pool))
    assert len(quiz.questions) == 12 and len(quiz.forms[1].items) == 12
    ids = [q.id for q in pool]
    assert [ids.index(q.id) for q in quiz.questions] == sorted(ids.index(q.id) for q in quiz.questions)
    reseeded = dataclasses.replace(
        small, print_settings=dataclasses.replace(small.print_settings, seed="other")
    )
    assert plan(reseeded, with_questions(project, pool)).questions != quiz.questions


def test_sidecar_records_every_form_exactly(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    files, _, problems = outputs(deck, project)
    assert problems == []
    data = json.loads(dict(files)["decks/week.forms.json"])
    quiz = plan(deck, project)
    assert data["seed"] == "week-47" and [f["form"] for f in data["forms"]] == ["A", "B"]
    by_id = {q.id: q for q in project.bank.questions}
    for form, recorded in zip(quiz.forms, data["forms"], strict=True):
        for item, entry in zip(form.items, recorded["items"], strict=True):
            assert (entry["number"], entry["id"]) == (item.number, item.question.id)
            letter, text = answer_text(item)
            assert entry["answer"]["text"] == text and entry["answer"].get("letter", "") == letter
            q = by_id[entry["id"]]
            for option in entry.get("options", []):  # each option traced back to the bank field it prints
                source = option["from"]
                expected = {"answer": str(q.answer), "true": "True", "false": "False"}.get(source)
                if source.startswith("distractors."):
                    expected = q.distractors[int(source.split(".")[1])]
                assert option["text"] == expected
                assert option["correct"] == (source == "answer" or source == str(q.answer).lower())


# --------------------------------------------------------------------------------------------------------------
# The PDFs


def test_every_question_option_and_key_entry_is_in_the_pdfs(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    quiz, forms, keys = printed(with_questions(project, many(project, 12)), deck)
    key_text = "".join(pages(keys))
    printed_order = []
    for form, pdf in zip(quiz.forms, forms, strict=True):
        text = "".join(pages(pdf))
        assert squash(f"Week 47 quiz · Form {form.letter}") in text
        assert "Name" in text and "Date" in text and squash(deck.print_settings.instructions) in text
        positions = []
        for item in form.items:
            q = item.question
            for part in visible(q).split("  "):
                assert squash(part) in text, (q.id, part)
            positions.append(text.index(squash(visible(q).split("  ")[0])))
            for o in item.options:
                assert squash(o.letter + o.text) in text, (q.id, o.text)
        assert positions == sorted(positions), "questions appear in their numbered order"
        printed_order.append([item.question.id for item in form.items])
        assert f"Page1of{len(pages(pdf))}" in text
        key = key_text.split(f"KEY·FORM{form.letter}", 1)[1].split("KEY·FORM", 1)[0]
        for entry in writer.key_entries(quiz, form):
            assert squash(f"{entry['number']}.{entry['letter']}{entry['answer']}") in key, entry
            assert squash(f"item {entry['id']}") in key
            for c in entry["citations"]:
                assert squash(c["citation"]) in key and squash(c["excerpt"]) in key
    a, b = printed_order
    assert a != b and sorted(a) == sorted(b), "the forms print the same questions in different orders"


def test_hostile_text_prints_literally(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    mcq = next(q for q in project.bank.questions if q.type is QuestionType.MCQ)
    short = next(q for q in project.bank.questions if q.type is QuestionType.SHORT)
    hostile = [
        dataclasses.replace(
            mcq, prompt=" ".join(HOSTILE), answer=HOSTILE[0], distractors=tuple(HOSTILE[1:4])
        ),
        dataclasses.replace(short, prompt="Which? " + " ".join(reversed(HOSTILE)), answer=" ".join(HOSTILE)),
    ]
    one = dataclasses.replace(deck, print_settings=dataclasses.replace(deck.print_settings, forms=1))
    quiz, (form,), keys = printed(with_questions(project, hostile), one)
    text, key = "".join(pages(form)), "".join(pages(keys))
    for s in HOSTILE:
        assert squash(s) in text and squash(s) in key, s
    markdown = writer.form_markdown(quiz, quiz.forms[0])
    assert "\\#let x = 1 \\#x" in markdown and "\\$a^2\\$" in markdown and "\\*bold\\*" in markdown


def test_a_character_no_font_has_is_an_error_at_its_field(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    questions = list(project.bank.questions)
    questions[1] = dataclasses.replace(questions[1], prompt=questions[1].prompt + " 中国")
    files, _, problems = outputs(deck, with_questions(project, questions))
    assert files == []
    (problem,) = problems
    assert problem.code == "QG804" and problem.location == questions[1].at("prompt")
    assert "'中'" in problem.message or "'中国'" in problem.message
    greek = dataclasses.replace(questions[1], prompt="Ελλάδα, Россия, Việt Nam, Łódź, € ≥ π")
    assert outputs(deck, with_questions(project, [greek]))[2] == []


@pytest.mark.parametrize(("count", "low", "high"), [(10, 1, 3), (60, 5, 14), (300, 25, 65)])
def test_page_counts_are_sane(
    loaded: tuple[DeckDefinition, Project], count: int, low: int, high: int
) -> None:
    deck, project = loaded
    one = dataclasses.replace(deck, print_settings=dataclasses.replace(deck.print_settings, forms=1))
    quiz, (form,), keys = printed(with_questions(project, many(project, count)), one)
    reader = pypdf.PdfReader(io.BytesIO(form))
    total = len(reader.pages)
    assert low <= total <= high, total
    assert squash(reader.pages[-1].extract_text()).endswith(f"Page{total}of{total}")
    assert len(pypdf.PdfReader(io.BytesIO(keys)).pages) <= total * 2
    if count == 60:  # no question is split across a page break: its prompt and every option share a page
        got = pages(form)
        for item in quiz.forms[0].items:
            parts = [squash(part) for part in visible(item.question).split("  ")]
            (page,) = [p for p in got if parts[-1] in p]  # the last part holds the unique "(item N)"
            assert all(part in page for part in parts), item.number
            assert all(squash(o.letter + o.text) in page for o in item.options), item.number


def test_pdfs_are_deterministic_and_embed_only_typst_fonts(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    _, forms, keys = printed(project, deck)
    assert printed(project, deck)[1:] == (forms, keys)
    fonts = set()
    for page in pypdf.PdfReader(io.BytesIO(forms[0])).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor  # embedded
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1].removesuffix("-Identity-H"))
    assert fonts <= {"LibertinusSerif-Regular", "LibertinusSerif-Bold", "LibertinusSerif-Italic"}, fonts


# --------------------------------------------------------------------------------------------------------------
# Files


def test_build_print_writes_forms_keys_markdown_and_sidecar(tmp_path: Path) -> None:
    root = project_dir(tmp_path)
    result = CliRunner().invoke(app, ["build", "print", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "week: printed 2 form(s) of 5 questions, with keys" in result.stdout
    names = sorted(p.name for p in (root / "decks").iterdir())
    assert names == ["week.form-A.md", "week.form-A.pdf", "week.form-B.md", "week.form-B.pdf",
                     "week.forms.json", "week.keys.md", "week.keys.pdf", "week.yaml"]  # fmt: skip
    assert build(root).outputs == build(root).outputs  # byte-identical rebuilds
    anki_only = build(root, outputs=frozenset({"anki"})).outputs
    assert [o.path for o in anki_only] == ["decks/week.apkg", "decks/week.lock.json"]


def test_forms_left_from_a_build_with_more_forms_are_warned_about(tmp_path: Path) -> None:
    root = project_dir(tmp_path, deck=DECK + PRINT.replace("forms: 2", "forms: 3"))
    assert CliRunner().invoke(app, ["build", "print", "--root", str(root)]).exit_code == 0
    (root / "decks" / "week.yaml").write_text(DECK + PRINT, encoding="utf-8")
    result = build(root)
    assert [(d.location.path, d.severity.value) for d in result.diagnostics] == [
        ("decks/week.form-C.md", "warning"), ("decks/week.form-C.pdf", "warning"),
    ]  # fmt: skip


def test_a_deck_without_print_prints_nothing(tmp_path: Path) -> None:
    root = project_dir(tmp_path, deck=DECK)
    assert [o.path for o in build(root).outputs] == ["decks/week.apkg", "decks/week.lock.json"]
    assert build(root, outputs=frozenset({"print"})).outputs == []


def test_a_print_deck_selecting_nothing_is_a_warning_and_writes_nothing(tmp_path: Path) -> None:
    root = project_dir(tmp_path, deck=DECK + "select: {tags: [no-such-tag]}\n" + PRINT)
    result = build(root, outputs=frozenset({"print"}))
    assert result.outputs == []
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("QG801", "warning")]


def test_line_breaks_in_bank_text_print_as_spaces(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    cloze = next(q for q in project.bank.questions if q.type is QuestionType.CLOZE)
    broken = dataclasses.replace(cloze, prompt=cloze.prompt.replace(" ", "\n  ", 2))
    quiz = plan(deck, with_questions(project, [broken]))
    data = writer.form_data(quiz, quiz.forms[0])
    pieces = data["sections"][0]["items"][0]["prompt"]
    assert all("\n" not in p.get("text", "") for p in pieces)
    lines = writer.form_markdown(quiz, quiz.forms[0]).splitlines()
    assert lines[-1].startswith("1. ") and broken.prompt.split("{{")[0].split()[-1] in lines[-1]


def test_the_shipped_quizzes_are_committed() -> None:
    paths = {o.path for o in build(ROOT, outputs=frozenset({"print"})).outputs}
    assert {"decks/thaad.form-A.pdf", "decks/thaad.keys.pdf", "decks/thaad.forms.json"} <= paths
    # tests/test_build.py compares every output of the shipped build with the committed bytes.


def iter_markdown_items(markdown: str) -> Iterator[str]:
    yield from re.findall(r"^(\d+)\. ", markdown, re.M)


def test_markdown_form_lists_every_question_in_order(loaded: tuple[DeckDefinition, Project]) -> None:
    deck, project = loaded
    quiz = plan(deck, project)
    for form in quiz.forms:
        markdown = writer.form_markdown(quiz, form)
        assert list(iter_markdown_items(markdown)) == [str(i.number) for i in form.items]
        for item in form.items:
            for o in item.options:
                assert f"- ( ) **{o.letter}** {writer.md(o.text)}" in markdown
    assert "| No. | Answer | Source |" in writer.keys_markdown(quiz)


def draw_readme_picture(*, write: bool = False) -> bytes:
    """Page 1 of the shipped deck's form A, as docs/print-form-a.png shows it."""
    project = api.check(ROOT).project
    decks, _ = load_decks(
        ROOT, ROOT / "decks", topics=project.topics, sources=frozenset(project.sources.articles)
    )
    quiz = plan(decks[0], project)
    png = writer.first_page_png(writer.form_data(quiz, quiz.forms[0]), timestamp(quiz.questions))
    if write:
        (ROOT / "docs" / "print-form-a.png").write_bytes(png)
    return png


def test_the_readme_picture_is_the_current_first_page() -> None:
    assert "docs/print-form-a.png" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert (ROOT / "docs" / "print-form-a.png").read_bytes() == draw_readme_picture(), (
        "re-draw: see docs/print.md"
    )
