"""The HTML quiz as bytes: one self-contained file, reproducible, with a CSP matching its inline code, data that
cannot break out of its script block, and the deck's and printed forms' questions in their order."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from html_project import HOSTILE, built, hostile_page, page_data
from typer.testing import CliRunner

from quizgen.assemble.forms import plan
from quizgen.build.run import build
from quizgen.cli import app
from quizgen.load.decks import load_decks
from quizgen.load.project import load_project
from quizgen.writers.html import bank_hash, transliterations

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 250_000
"""The size budget of the shipped deck's page, in bytes (issue 16)."""


def _inline(page: bytes, tag: str) -> list[bytes]:
    return re.findall(rb"<" + tag.encode() + rb">(.*?)</" + tag.encode() + rb">", page, re.S)


def _csp(page: bytes) -> str:
    found = re.search(rb'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert found is not None, "the page has a CSP meta tag"
    return found[1].decode().replace("&#x27;", "'")


def _sha(source: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source).digest()).decode() + "'"


def test_the_shipped_pages_are_committed_rebuilt_and_within_budget() -> None:
    pages = {o.path: o.data for o in build(ROOT, outputs=frozenset({"html"})).outputs}
    assert sorted(pages) == ["decks/thaad.form-A.html", "decks/thaad.form-B.html", "decks/thaad.html"]
    for path, data in pages.items():
        assert (ROOT / path).read_bytes() == data, f"rebuild and commit {path}"
        assert len(data) < BUDGET, f"{path} is {len(data)} bytes"


def test_a_page_is_self_contained_and_its_csp_allows_only_its_own_code(tmp_path: Path) -> None:
    page = built(tmp_path)["decks/week.html"]
    csp = _csp(page)
    assert "default-src 'none'" in csp and "unsafe" not in csp and "http" not in csp
    (style,) = _inline(page, "style")
    (script,) = _inline(page, "script")
    assert f"style-src {_sha(style)};" in csp
    assert f"script-src {_sha(script)};" in csp
    text = page.decode()
    assert not re.search(r"\b(src|href)\s*=", text), "nothing is loaded from anywhere"
    assert "url(" not in style.decode() and "@import" not in style.decode()
    assert not re.search(r"\bfetch\(|XMLHttpRequest|import\(|WebSocket|sendBeacon", script.decode())


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = built(tmp_path / "a")
    assert first == built(tmp_path / "b")
    assert sorted(first) == ["decks/week.form-A.html", "decks/week.form-B.html", "decks/week.html"]


def test_hostile_text_stays_inside_the_data_block(tmp_path: Path) -> None:
    page = hostile_page(tmp_path)
    text = page.decode()
    assert text.count("</script>") == 2  # the data block's and the script's own end, nothing from the bank
    assert text.count("<script") == 2
    assert "<img" not in text and "<!--" not in text
    (block,) = re.findall(r'id="quiz-data">(.*?)</script>', text, re.S)
    assert "\u2028" not in block and "<" not in block  # a raw U+2028 ends a line in older JavaScript
    assert "&lt;/script&gt;&lt;script&gt;" in text  # the title, escaped in the HTML
    data = page_data(page)
    strings = json.dumps(data, ensure_ascii=False)
    for hostile in HOSTILE:
        assert json.dumps(hostile, ensure_ascii=False)[1:-1] in strings, (
            "the data keeps every string as it was"
        )


def test_the_deck_page_holds_every_selected_item_with_its_answer_and_sources(tmp_path: Path) -> None:
    data = page_data(built(tmp_path)["decks/week.html"])
    items = data["items"]
    assert isinstance(items, list)
    assert [i["id"] for i in items] == ["rojas-role", "signing-city", "copper-covered", "signing-cloze"]
    short, mcq, tf, cloze = items
    assert short["answer"] == "Chilean Foreign Minister"
    assert mcq["options"][mcq["correct"]] == "Lisbon" and sorted(mcq["options"]) == [
        "Lisbon", "Madrid", "Porto", "Santiago"
    ]  # fmt: skip
    assert tf["options"] == ["True", "False"] and tf["correct"] == 1
    assert tf["correction"] == "Pablo Rojas said the deal did not cover copper."
    assert cloze["parts"] == ["Portugal and Chile signed a fisheries agreement in ", 0, " on Tuesday."]
    assert cloze["blanks"] == [{"answer": "Lisbon", "hint": ""}]
    assert short["evidence"] == [
        {"quote": "Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.",
         "cite": "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line 6"}
    ]  # fmt: skip
    assert data["mode"] == "practice" and data["form"] == "" and data["deck"] == "week"
    assert re.fullmatch(r"[0-9a-f]{16}", str(data["bank"]))


def test_form_pages_follow_the_printed_forms(tmp_path: Path) -> None:
    pages = built(tmp_path)
    project = load_project(tmp_path).project
    (deck,), _ = load_decks(tmp_path, tmp_path / "decks", topics=project.topics,
                            sources=frozenset(project.sources.articles))  # fmt: skip
    quiz = plan(deck, project)
    for form in quiz.forms:
        data = page_data(pages[f"decks/week.form-{form.letter}.html"])
        items = data["items"]
        assert isinstance(items, list)
        assert [(i["n"], i["id"]) for i in items] == [(it.number, it.question.id) for it in form.items]
        for item, printed in zip(items, form.items, strict=True):
            if printed.options:
                assert item["options"] == [o.text for o in printed.options]
                assert printed.options[item["correct"]].correct
        assert data["mode"] == "exam" and data["form"] == form.letter
        assert {i.get("section") for i in items} == {"Multiple choice", "True or false", "Short answer",
                                                     "Fill in the blanks"}  # fmt: skip


def test_the_bank_hash_moves_when_a_question_changes(tmp_path: Path) -> None:
    data = page_data(built(tmp_path)["decks/week.html"])
    items = data["items"]
    assert isinstance(items, list)
    assert bank_hash(items) == data["bank"]
    items[0]["answer"] = "Chilean Foreign Ministry"
    assert bank_hash(items) != data["bank"], "progress saved on the old answer is not applied to the new one"


def test_the_transliteration_table_covers_the_pages_own_text() -> None:
    table = transliterations("Łódź 北京 Ωμέγα")
    assert table["Ł"] == "L" and table["北"] == "Bei" and table["Ω"] == "O"
    assert "é" not in table  # the page's script drops accents itself
    assert "ó" not in table and "\u0301" not in table


def test_cli_builds_html_alone(tmp_path: Path) -> None:
    built(tmp_path)
    for page in (tmp_path / "decks").glob("*.html"):
        page.unlink()
    result = CliRunner().invoke(app, ["build", "html", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "wrote decks/week.html" in result.output
    assert sorted(p.name for p in (tmp_path / "decks").glob("*.html")) == [
        "week.form-A.html", "week.form-B.html", "week.html"
    ]  # fmt: skip
    assert not list((tmp_path / "decks").glob("*.apkg")) and not list((tmp_path / "decks").glob("*.pdf"))


def test_a_deck_that_does_not_print_gets_one_page_and_stale_form_pages_are_reported(tmp_path: Path) -> None:
    built(tmp_path)
    deck = tmp_path / "decks" / "week.yaml"
    deck.write_text(deck.read_text().replace("outputs: [html, print]", "outputs: [html]"), encoding="utf-8")
    result = build(tmp_path, outputs=frozenset({"html"}))
    assert [o.path for o in result.outputs] == ["decks/week.html"]
    assert [(d.location.path, d.code) for d in result.diagnostics] == [
        ("decks/week.form-A.html", "QG801"), ("decks/week.form-B.html", "QG801")
    ]  # fmt: skip
    assert "no longer makes this page" in result.diagnostics[0].message
