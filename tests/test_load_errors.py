"""Bad input never gives a traceback: exactly one clear diagnostic (code, file, line, col) and exit 1.

Each case is checked twice: through ``quizgen.api.check`` and through the CLI (``quizgen check --root``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen import api
from quizgen.checks.example import BANK_FILE, FILES, write
from quizgen.cli import app
from quizgen.core.diagnostics import Severity

ITEM = FILES[BANK_FILE]
CATALOGUE = FILES["seeds/sources.yaml"]


def _bomb() -> str:
    """A "billion laughs" alias bomb: nine levels of nine aliases, used as the value of a question's field."""
    names = "abcdefghi"
    levels = ['["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += ["[" + ", ".join([f"*{prev}"] * 9) + "]" for prev in names[:-1]]
    body = "".join(f"    {name}: &{name} {level}\n" for name, level in zip(names, levels, strict=True))
    return ITEM + "  explanation:\n" + body


@dataclass(frozen=True)
class Case:
    """One bad project: how to make it from the example project, and the one diagnostic it must give."""

    name: str
    files: dict[str, str]
    code: str
    path: str
    line: int
    column: int
    message: str
    """A part of the message that makes it clear."""
    setup: Callable[[Path], None] | None = None


def _remove(rel: str) -> Callable[[Path], None]:
    def go(root: Path) -> None:
        target = root / rel
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()

    return go


def _write_bytes(rel: str, data: bytes) -> Callable[[Path], None]:
    def go(root: Path) -> None:
        (root / rel).write_bytes(data)

    return go


def _huge_bank(root: Path) -> None:
    path = root / BANK_FILE
    with path.open("wb") as f:
        f.write(ITEM.encode())
        f.truncate(50 * 1024 * 1024)  # sparse: cheap to make, but its size is 50 MB
    assert path.stat().st_size > 8 * 1024 * 1024


def _unreadable_article(root: Path) -> None:
    # A folder where the article file should be: unreadable even when the tests run as root.
    (root / "seeds" / "example.txt").unlink()
    (root / "seeds" / "example.txt").mkdir()


LATIN1_BANK = ITEM.encode().replace(b"  topic: role\n", b"  topic: caf\xe9\n")
LATIN1_AFTER_ACCENT = ITEM.encode().replace(b"  topic: role\n", "  topic: é caf".encode() + b"\xe9\n")
LATIN1_ARTICLE = (
    FILES["seeds/example.txt"].encode().replace(b"in Lisbon on Tuesday", b"in Lisb\xf3n on Tuesday")
)

CASES = [
    Case(
        "missing-bank-folder",
        {},
        "QG001",
        "question_bank",
        1,
        1,
        "question bank folder not found",
        _remove("question_bank"),
    ),
    Case("missing-seeds-folder", {}, "QG001", "seeds", 1, 1, "sources folder not found", _remove("seeds")),
    Case(
        "missing-catalogue",
        {},
        "QG001",
        "seeds/sources.yaml",
        1,
        1,
        "source catalogue not found",
        _remove("seeds/sources.yaml"),
    ),
    Case(
        "yaml-syntax-error",
        {BANK_FILE: "- id: rojas-role\n  prompt: What post does Pablo Rojas hold?\n    answer: Chilean\n"},
        "QG002",
        BANK_FILE,
        3,
        11,
        "YAML syntax error: mapping values are not allowed",
    ),
    Case(
        "yaml-unclosed-flow",
        {BANK_FILE: ITEM.replace("review: {status: draft}", "review: {status: draft")},
        "QG002",
        BANK_FILE,
        10,
        1,
        "YAML syntax error",
    ),
    Case(
        "yaml-two-documents",
        {BANK_FILE: ITEM + "---\n" + ITEM},
        "QG002",
        BANK_FILE,
        10,
        1,
        "another document",
    ),
    Case(
        "control-character",
        {BANK_FILE: ITEM.replace("topic: role", "topic: ro\x01le")},
        "QG002",
        BANK_FILE,
        3,
        12,
        "character U+0001 is not allowed",
    ),
    Case(
        "catalogue-syntax-error",
        {"seeds/sources.yaml": "articles:\n  - id: example\n   outlet: x\n"},
        "QG002",
        "seeds/sources.yaml",
        3,
        4,
        "YAML syntax error",
    ),
    Case(
        "bank-latin1",
        {},
        "QG001",
        BANK_FILE,
        3,
        len("  topic: caf") + 1,
        "not valid UTF-8 (byte 0xe9)",
        _write_bytes(BANK_FILE, LATIN1_BANK),
    ),
    Case(
        "bank-latin1-column-counts-characters",
        {},
        "QG001",
        BANK_FILE,
        3,
        len("  topic: é caf") + 1,
        "not valid UTF-8 (byte 0xe9)",
        _write_bytes(BANK_FILE, LATIN1_AFTER_ACCENT),
    ),
    Case("bank-empty-list", {BANK_FILE: "[]\n"}, "QG004", BANK_FILE, 1, 1, "the question bank is empty"),
    Case("bank-empty-file", {BANK_FILE: ""}, "QG004", BANK_FILE, 1, 1, "the question bank is empty"),
    Case(
        "bank-only-a-comment",
        {BANK_FILE: "# nothing yet\n"},
        "QG004",
        BANK_FILE,
        1,
        1,
        "the question bank is empty",
    ),
    Case(
        "bank-folder-without-yaml",
        {},
        "QG004",
        "question_bank",
        1,
        1,
        "the question bank is empty",
        _remove(BANK_FILE),
    ),
    Case(
        "duplicate-key",
        {
            BANK_FILE: ITEM.replace(
                "  answer: Chilean Foreign Minister\n", "  answer: Chilean\n  answer: Foreign\n"
            )
        },
        "QG104",
        BANK_FILE,
        6,
        3,
        "duplicate key 'answer' (first given on line 5)",
    ),
    Case("alias-bomb", {BANK_FILE: _bomb()}, "QG003", BANK_FILE, 12, len("    b: &b [") + 1, "alias *a"),
    Case(
        "plain-alias",
        {BANK_FILE: ITEM.replace("topic: role", "topic: &t role") + "  explanation: *t\n"},
        "QG003",
        BANK_FILE,
        10,
        16,
        "alias *t",
    ),
    Case(
        "alias-inside-a-value-of-the-wrong-type",
        {BANK_FILE: ITEM + "  tags: [&t x, [*t]]\n"},
        "QG003",
        BANK_FILE,
        10,
        len("  tags: [&t x, [") + 1,
        "alias *t",
    ),
    Case(
        "catalogue-alias",
        {
            "seeds/sources.yaml": CATALOGUE.replace("outlet: Example Wire", "outlet: *w").replace(
                "outlet: Example Daily", "outlet: &w Example Daily"
            )
        },
        "QG003",
        "seeds/sources.yaml",
        12,
        13,
        "alias *w",
    ),
    Case(
        "nested-too-deeply",
        {BANK_FILE: "[" * 5000 + "]" * 5000 + "\n"},
        "QG002",
        BANK_FILE,
        1,
        65,
        "nested too deeply",
    ),
    Case(
        "nested-too-deeply-in-a-field",
        {BANK_FILE: ITEM + "  explanation: " + "{a: " * 5000 + "b" + "}" * 5000 + "\n"},
        "QG002",
        BANK_FILE,
        10,
        len("  explanation: ") + 62 * 4 + 1,  # the list and the item are levels 1 and 2
        "nested too deeply",
    ),
    Case(
        "bank-too-large",
        {},
        "QG001",
        BANK_FILE,
        1,
        1,
        "file is 50.0 MiB, over the 8 MiB limit",
        _huge_bank,
    ),
    Case(
        "article-latin1",
        {},
        "QG001",
        "seeds/example.txt",
        4,
        len("Portugal and Chile signed a fisheries agreement in Lisb") + 1,
        "not valid UTF-8 (byte 0xf3)",
        _write_bytes("seeds/example.txt", LATIN1_ARTICLE),
    ),
    Case(
        "article-without-catalogue-entry",
        {"seeds/extra.txt": "An extra article.\n"},
        "QG120",
        "seeds/extra.txt",
        1,
        1,
        "article 'extra' has no entry in seeds/sources.yaml",
    ),
    Case(
        "catalogue-entry-without-article",
        {},
        "QG120",
        "seeds/sources.yaml",
        11,
        5,
        "catalogue entry 'wire' has no article file seeds/wire.txt",
        _remove("seeds/wire.txt"),
    ),
    Case(
        "wrong-headline-line",
        {"seeds/sources.yaml": CATALOGUE.replace("headline_line: 1", "headline_line: 4")},
        "QG121",
        "seeds/sources.yaml",
        5,
        20,
        "headline is not line 4 of seeds/example.txt, which reads 'Portugal and Chile",
    ),
    Case(
        "headline-line-past-the-end",
        {"seeds/sources.yaml": CATALOGUE.replace("headline_line: 1", "headline_line: 99")},
        "QG121",
        "seeds/sources.yaml",
        5,
        20,
        "(past the end)",
    ),
    Case(
        "unknown-source",
        {BANK_FILE: ITEM.replace("source: example", "source: exmaple")},
        "QG108",
        BANK_FILE,
        7,
        15,
        "unknown source 'exmaple': no article seeds/exmaple.txt; did you mean 'example'?",
    ),
    Case(
        "cited-article-unreadable",
        {},
        "QG001",
        "seeds/example.txt",
        1,
        1,
        "cannot read file",
        _unreadable_article,
    ),
]


def _project(tmp_path: Path, case: Case) -> Path:
    write(tmp_path, case.files)
    if case.setup is not None:
        case.setup(tmp_path)
    return tmp_path


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_api_gives_exactly_one_located_diagnostic(tmp_path: Path, case: Case) -> None:
    root = _project(tmp_path, case)
    found = api.check(root).diagnostics
    assert len(found) == 1, found
    (d,) = found
    assert (d.code, d.location.path, d.location.line, d.location.column) == (
        case.code,
        case.path,
        case.line,
        case.column,
    )
    assert d.severity is Severity.ERROR
    assert case.message in d.message
    assert "\n" not in d.message


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_prints_it_and_exits_1(tmp_path: Path, case: Case) -> None:
    root = _project(tmp_path, case)
    result = CliRunner().invoke(app, ["check", "--root", str(root)])
    assert type(result.exception) is SystemExit, result.exception  # no traceback, a plain exit
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2, result.stdout
    head = f"{case.path}:{case.line}:{case.column}: error: "
    assert lines[0].startswith(head), lines[0]
    assert lines[0].endswith(f" [{case.code}]")
    assert case.message in lines[0]
    assert lines[1].endswith(": 1 error")
    assert result.stderr == ""


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    write(tmp_path, {})
    for rel in (BANK_FILE, "seeds/sources.yaml", "seeds/example.txt"):
        path = tmp_path / rel
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = api.check(tmp_path)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    assert [q.id for q in result.project.bank.questions] == ["rojas-role"]
    assert not result.project.sources.articles["example"].text.startswith("\ufeff")
    cli = CliRunner().invoke(app, ["check", "--root", str(tmp_path)])
    assert cli.exit_code == 0
    assert cli.stdout == "checked 1 question against 2 articles: no problems\n"


def test_yaml_tag_is_refused_and_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f'!!python/object/apply:os.system ["touch {marker}"]'
    write(tmp_path, {BANK_FILE: ITEM.replace("  topic: role\n", f"  topic: {payload}\n")})
    found = api.check(tmp_path).diagnostics
    assert [(d.code, str(d.location)) for d in found] == [("QG003", f"{BANK_FILE}:3:10")]
    assert "tag:yaml.org,2002:python/object/apply:os.system" in found[0].message
    result = CliRunner().invoke(app, ["check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{BANK_FILE}:3:10: error: YAML tag " in result.stdout
    assert not marker.exists()


def test_yaml_tag_inside_a_value_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f'[!!python/object/apply:os.system ["touch {marker}"]]'
    write(tmp_path, {BANK_FILE: ITEM + f"  explanation: {payload}\n"})
    found = api.check(tmp_path).diagnostics
    assert [(d.code, str(d.location)) for d in found] == [("QG003", f"{BANK_FILE}:10:17")]
    assert not marker.exists()


def test_unloadable_article_cited_by_several_items_gives_no_cascade(tmp_path: Path) -> None:
    second = ITEM.replace("rojas-role", "rojas-office").replace("What post does", "Which office does")
    write(tmp_path, {BANK_FILE: ITEM + second})
    (tmp_path / "seeds" / "example.txt").write_bytes(LATIN1_ARTICLE)
    found = api.check(tmp_path).diagnostics
    assert [(d.code, str(d.location)) for d in found] == [("QG001", "seeds/example.txt:4:56")]


def test_missing_catalogue_gives_no_cascade_even_with_bad_articles(tmp_path: Path) -> None:
    write(tmp_path, {"seeds/extra.txt": "An extra article.\n"})
    (tmp_path / "seeds" / "sources.yaml").unlink()
    found = api.check(tmp_path).diagnostics
    assert [(d.code, str(d.location)) for d in found] == [("QG001", "seeds/sources.yaml:1:1")]


def test_very_deep_nesting_does_not_crash_the_process(tmp_path: Path) -> None:
    """100,000 levels crashed PyYAML's C composer (a segfault); run in a child so a regression fails cleanly."""
    write(tmp_path, {BANK_FILE: "[" * 100_000 + "]" * 100_000 + "\n"})
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("QUIZGEN_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "quizgen", "check", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines()[0] == (
        f"{BANK_FILE}:1:65: error: YAML nested too deeply (over 64 levels of lists and mappings) [QG002]"
    )
    assert proc.stderr == ""


@pytest.mark.parametrize(
    "text",
    ["a: *x\n", "- *x\n", "[*x]\n", "{a: *x}\n", "{a:*x}\n", "*x\n", "? *x\n", "a: !!str x\n", "a: &x 1\n",
     "[1,*x]\n", "a:\n  - b: &y\n      c\n"],
)  # fmt: skip
def test_the_cheap_bound_never_skips_the_scan_when_an_alias_anchor_or_tag_is_there(text: str) -> None:
    from quizgen.load.yamlfile import _needs_scan

    assert _needs_scan(text)


def test_plain_bank_text_skips_the_scan() -> None:
    from quizgen.load.yamlfile import _needs_scan

    assert not _needs_scan(ITEM)
    assert not _needs_scan("- prompt: 'AT&T, 5*3 and wow!'\n")  # mid-word indicators start no property
    assert _needs_scan("- prompt: '5 * 3'\n")  # conservative: the scan runs, and finds nothing


_TRICKY = [
    "", "&", "*x", "!t", "a&b", "a &b", "a\t*b", "x\n!y", "[&a]", "{a:*b}", "a,!b", "é&", "\u00a0&x", "\u2028*x",
    "a #b", "a\t#b", "a ##b", "a # b", "#x", "a #", "a #\n", " #1 #2", "a #b #c\n d\t#e", "#\u00e9 #\u00e9",
]  # fmt: skip


@pytest.mark.parametrize("text", _TRICKY)
def test_the_indicator_searches_find_what_the_patterns_find(text: str) -> None:
    from quizgen.load.values import _WORD_COMMENT, _word_comments
    from quizgen.load.yamlfile import _PROPERTY, _has_property

    assert _has_property(text) == (_PROPERTY.search(text) is not None)
    assert _word_comments(text) == [m.start() for m in _WORD_COMMENT.finditer(text)]


def test_every_hidden_character_is_one_printable_text_cannot_hold() -> None:
    from quizgen.load.values import _ARTICLE_HIDDEN, HIDDEN, may_hide

    everything = "".join(map(chr, range(0x110000)))
    hidden = HIDDEN.findall(everything)
    assert len(hidden) > 2000 and set(_ARTICLE_HIDDEN.findall(everything)) <= set(hidden)
    assert not any(c.isprintable() for c in hidden)  # so text with none that is not printable holds none
    assert may_hide("a\u202eb") and may_hide("a\x1fb") and may_hide("\ufffe")
    assert not may_hide("Plain “quoted” text — with a dash,\n\ta tab and é.")
    assert may_hide("a\rb") and not may_hide("a\rb", "\r")
