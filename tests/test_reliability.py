"""Hostile input, interrupted writes and concurrent use (issue 17): each defect found there, held fixed."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import html
import io
import os
import re
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from selftest_project import make_project
from typer.testing import CliRunner

from quizgen import api
from quizgen.build.printing import outputs
from quizgen.build.run import _validate, build
from quizgen.checks.example import BANK_FILE, FILES, write
from quizgen.cli import app, main
from quizgen.core import fileio
from quizgen.core.errors import QuizgenError
from quizgen.core.fileio import PENDING, finish_pending, write_set
from quizgen.load.decks import load_decks
from quizgen.load.project import load_project
from quizgen.review.approve import approve
from quizgen.selftest.state import StateError, Store, open_store
from quizgen.writers.print import md

DECK = (
    "name: Example\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
    "select: {status: [approved]}\n"
)


def _approved(root: Path, files: dict[str, str] | None = None) -> Path:
    """The example project with a deck and its item approved."""
    write(root, {"decks/example.yaml": DECK, **(files or {})})
    approve(root, ["rojas-role"], by="Ana")
    return root


def _refusal(root: Path) -> list[tuple[str, str]]:
    with pytest.raises(QuizgenError) as refused:
        build(root)
    return [(d.code, str(d.location)) for d in refused.value.diagnostics]


@pytest.mark.parametrize(
    ("name", "break_it", "expected"),
    [
        (
            "catalogue-yaml-error",
            lambda r: (r / "seeds/sources.yaml").write_text("articles: [\n"),
            [("QG002", "seeds/sources.yaml:2:1")],
        ),
        (
            "article-not-utf8",
            lambda r: (r / "seeds/example.txt").write_bytes(b"Ministers\n caf\xe9\n"),
            [("QG001", "seeds/example.txt:2:5")],
        ),
    ],
)
def test_build_on_a_broken_catalogue_reports_the_cause_once(
    tmp_path: Path, name: str, break_it: object, expected: list[tuple[str, str]]
) -> None:
    root = _approved(tmp_path)
    break_it(root)  # type: ignore[operator]
    assert [(d.code, str(d.location)) for d in api.check(root).diagnostics] == expected
    assert _refusal(root) == expected


def test_build_without_a_sources_folder_reports_it(tmp_path: Path) -> None:
    root = _approved(tmp_path)
    for path in (root / "seeds").iterdir():
        path.unlink()
    (root / "seeds").rmdir()
    assert _refusal(root) == [("QG001", "seeds:1:1")]


class HangError(Exception):
    """Not an OSError (TimeoutError is one): the loaders must not take it for a read failure."""


@contextlib.contextmanager
def _deadline(seconds: int = 5) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise HangError(f"still running after {seconds} s: a read is blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)  # fires again each second, should a handler swallow it
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n")
    return secret


@pytest.mark.parametrize("rel", ["seeds/example.txt", BANK_FILE, "decks/example.yaml", "seeds/sources.yaml"])
def test_a_link_leading_outside_the_project_is_refused(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "project"
    write(root, {"decks/example.yaml": DECK.replace("approved", "draft")})
    (root / rel).unlink()
    (root / rel).symlink_to(_outside_file(tmp_path))
    found = api.check(root).diagnostics
    assert [(d.code, str(d.location)) for d in found] == [("QG001", f"{rel}:1:1")], found
    assert "leads outside the project" in found[0].message
    assert all("SECRET-LINE" not in d.message for d in found)


def test_a_link_inside_the_project_is_read(tmp_path: Path) -> None:
    write(tmp_path, {})
    (tmp_path / "seeds" / "copy").mkdir()
    (tmp_path / "seeds" / "example.txt").rename(tmp_path / "seeds" / "copy" / "example.txt")
    (tmp_path / "seeds" / "example.txt").symlink_to(Path("copy") / "example.txt")
    assert api.check(tmp_path).diagnostics == []


@pytest.mark.parametrize(
    "rel", ["seeds/example.txt", BANK_FILE, "decks/example.yaml", "decks/example.lock.json", "quizgen.yaml"]
)
def test_a_fifo_is_refused_without_hanging(tmp_path: Path, rel: str) -> None:
    write(tmp_path, {"decks/example.yaml": DECK.replace("approved", "draft")})
    (tmp_path / rel).unlink(missing_ok=True)
    os.mkfifo(tmp_path / rel)
    with _deadline():
        found = api.check(tmp_path).diagnostics
        with pytest.raises(QuizgenError):
            build(tmp_path)
    assert (found[0].code, str(found[0].location)) == ("QG001", f"{rel}:1:1"), found
    assert "a FIFO, not a regular file" in found[0].message


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # an unbounded read dies here, not the machine


def test_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    # In a child with 1 GiB of memory: reading /dev/zero to its end never ends and eats all memory.
    script = (
        "import sys; from pathlib import Path; from quizgen.load.yamlfile import ReadError, read_file\n"
        "try:\n    read_file(Path(sys.argv[1]), sys.argv[2])\n"
        "except ReadError as e:\n    print(e.diagnostic.code, e.diagnostic.message)\n"
    )
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    for path, rel, expected in [
        ("/dev/zero", "zero.yaml", "QG001 cannot read file: it is a device, not a regular file"),
        (
            str(tmp_path / "zero.yaml"),
            "zero.yaml",
            "QG001 zero.yaml leads outside the project (to /dev/zero)",
        ),
    ]:
        run = subprocess.run(
            [sys.executable, "-c", script, path, rel],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limited,
            check=False,
        )
        assert run.stdout.startswith(expected), (run.stdout, run.stderr[-300:])


HIDDEN = [
    "\\x1f",
    "\\u202e",
    "\\x00",
    "\\x08",
    "\\uffff",
    "\\u2066",
    "\\x7f",
    "\\x0b",
    "\\U0010ffff",
]
"""YAML escapes of characters no field may hold (Anki's separator, bidi controls, NUL, noncharacters...)."""

FIELDS = {
    BANK_FILE: ["rojas-role", "short", "role", "What post does Pablo Rojas hold?", "Chilean Foreign Minister",
                "example", "Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.", "draft"],
    "seeds/sources.yaml": ["example", "Example Daily", "Ministers meet in Lisbon", "photo credit",
                           "South Pacific Fisheries Accord", "example says Fisheries, wire says Fishing."],
    "decks/example.yaml": ["Example", "approved"],
}  # fmt: skip
"""Values of the example project's files, each of which gets a hidden character planted in it."""


@pytest.mark.parametrize("escape", HIDDEN)
@pytest.mark.parametrize(("rel", "value"), [(rel, v) for rel, values in FIELDS.items() for v in values])
def test_a_hidden_character_in_any_field_is_located(
    tmp_path: Path, rel: str, value: str, escape: str
) -> None:
    """Planted in the middle of a value (made a double-quoted YAML scalar), the character is an error there."""
    write(tmp_path, {"decks/example.yaml": DECK})
    path = tmp_path / rel
    text = path.read_text()
    found_at = re.search(r"(?:(?<=[:\-{] )|(?<=\[))" + re.escape(value) + r"(?=$|[,}\]])", text, re.MULTILINE)
    assert found_at is not None, value
    at = found_at.start()
    half = len(value) // 2
    quoted = '"' + value[:half].replace('"', '\\"') + escape + value[half:].replace('"', '\\"') + '"'
    path.write_text(text[:at] + quoted + text[at + len(value) :])
    line = text[:at].count("\n") + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    found = api.check(tmp_path).diagnostics
    assert ("QG109", f"{rel}:{line}:{column}") in [(d.code, str(d.location)) for d in found], found
    with pytest.raises(QuizgenError):
        build(tmp_path)


@pytest.mark.parametrize("char", ["\x1f", "\u202e", "\x00", "\x1b"])
def test_a_hidden_character_in_an_article_is_located(tmp_path: Path, char: str) -> None:
    write(tmp_path, {})
    path = tmp_path / "seeds" / "wire.txt"
    path.write_text(path.read_text().replace("on Wednesday", f"on Wed{char}nesday"))
    found = api.check(tmp_path).diagnostics
    assert [(d.code, str(d.location)) for d in found] == [("QG109", "seeds/wire.txt:1:22")]


def test_a_unit_separator_never_reaches_a_note(tmp_path: Path) -> None:
    """Behind check: the build's own validation refuses a field holding Anki's field separator."""
    write(tmp_path, {})
    q = load_project(tmp_path).project.bank.questions[0]
    assert [d.code for d in _validate(q, ("Q\x1fA",) + ("x",) * 7, ("quizgen",))] == ["QG802"]


@pytest.mark.parametrize("char", ["\x00", "\x08", "\uffff"])
def test_the_print_writer_reports_an_unprintable_character_instead_of_crashing(
    tmp_path: Path, char: str
) -> None:
    """Behind check: printing a prompt with a character no font has gives QG804, not a UnicodeDecodeError."""
    deck_text = DECK.replace("approved", "draft") + "print:\n  forms: 1\n"
    write(tmp_path, {"decks/example.yaml": deck_text})
    project = load_project(tmp_path).project
    (q,) = project.bank.questions
    bad = dataclasses.replace(q, prompt=f"What post does{char} Pablo Rojas hold?")
    project = dataclasses.replace(project, bank=dataclasses.replace(project.bank, questions=(bad,)))
    decks, _ = load_decks(
        tmp_path, tmp_path / "decks", topics=project.topics, sources=frozenset(project.sources.articles)
    )
    files, _, problems = outputs(decks[0], project)
    assert files == [] or not problems
    assert all(d.code == "QG804" for d in problems), problems


@pytest.mark.parametrize(
    ("rel", "old", "new", "where"),
    [
        (
            "seeds/sources.yaml",
            "outlet: Example Daily",
            "outlet: " + "x" * 300_000,
            "seeds/sources.yaml:3:13",
        ),
        (BANK_FILE, "topic: role", "topic: " + "r" * 201, f"{BANK_FILE}:3:10"),
        (BANK_FILE, "answer: Chilean", "answer: Chilean" + " x" * 3000, f"{BANK_FILE}:5:11"),
        ("decks/example.yaml", "name: Example", "name: " + "E" * 201, "decks/example.yaml:1:7"),
    ],
)
def test_a_very_long_value_is_located_before_the_build(
    tmp_path: Path, rel: str, old: str, new: str, where: str
) -> None:
    write(tmp_path, {"decks/example.yaml": DECK.replace("approved", "draft")})
    path = tmp_path / rel
    path.write_text(path.read_text().replace(old, new))
    found = api.check(tmp_path).diagnostics
    assert ("QG110", where) in [(d.code, str(d.location)) for d in found], found
    with pytest.raises(QuizgenError):
        build(tmp_path)


_NOTE = '"rojas-role": {"hash": "0123456789abcdef", "mod": MOD, "retired": false}'


@pytest.mark.parametrize(
    "lock",
    [
        '{"format": 1, "notes": {' + _NOTE.replace("MOD", "1e30") + "}}",
        '{"format": 1, "notes": {' + _NOTE.replace("MOD", "1e400") + "}}",
        '{"format": 1, "notes": {' + _NOTE.replace("MOD", "NaN") + "}}",
        '{"format": 1, "notes": {' + _NOTE.replace("MOD", "-5") + "}}",
        '{"format": 1, "notes": {' + _NOTE.replace("MOD", "99999999999999999999999") + "}}",
        '{"format": 1, "notes": {' + _NOTE.replace("MOD", "1").replace('"0123456789abcdef"', "[]") + "}}",
        '{"format": 1, "notes": {' + _NOTE.replace("MOD", "1").replace("false", '"no"') + "}}",
        '{"format": 1, "notes": {"rojas-role": 7}}',
        '{"format": 1, "notes": ' + "[" * 100_000 + "]" * 100_000 + "}",
        "[" * 100_000,
    ],
)
def test_a_bad_lock_value_is_a_diagnostic_in_check_and_build(tmp_path: Path, lock: str) -> None:
    write(
        tmp_path, {"decks/example.yaml": DECK.replace("approved", "draft"), "decks/example.lock.json": lock}
    )
    found = api.check(tmp_path).diagnostics
    assert [(d.code, d.location.path) for d in found] == [("QG803", "decks/example.lock.json")], found
    assert _refusal(tmp_path)[0][0] == "QG803"


def _shown(markdown: str) -> str:
    """What a CommonMark renderer shows for ``markdown``: its HTML without tags, entities decoded."""
    rendered = MarkdownIt("commonmark").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


@pytest.mark.parametrize(
    "text", ["&lt;script&gt;", "&amp; &#60;b&#62;", "<script>alert(1)</script>", "[x](javascript:alert(1))"]
)
def test_markdown_shows_bank_text_as_written(text: str) -> None:
    assert _shown(md(text)) == text
    assert _shown("1. " + md("- " + text)) == "- " + text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40)
)
def test_markdown_shows_any_text_as_written(text: str) -> None:
    flat = " ".join(text.split())
    assert _shown("1. " + md(flat)) == flat  # as an item's prompt is written


def test_a_second_session_on_one_state_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    state = tmp_path / "state.sqlite3"
    first = open_store(state)
    try:
        with pytest.raises(StateError, match="another self-test session is using"):
            open_store(state)
        result = CliRunner().invoke(
            app, ["selftest", "--root", str(project), "--state", str(state)], input="q\n"
        )
        assert result.exit_code == 4, result.output  # documented: the session cannot start
        assert "another self-test session is using" in result.stderr
        open_store(state, save=False).close()  # stats and --no-save only read: they may run alongside
    finally:
        first.close()
    open_store(state).close()  # released when the first closes


def test_the_selftest_says_which_bank_file_did_not_load(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "question_bank" / "broken.yaml").write_text("- id: x\n  prompt: [\n")
    result = CliRunner().invoke(
        app, ["selftest", "--root", str(project), "--state", str(tmp_path / "s.sqlite3")], input="q\n"
    )
    assert result.exit_code == 0, result.output
    assert "question_bank/broken.yaml:3:1: error: YAML syntax error" in result.stderr


def test_the_selftest_on_a_broken_catalogue_says_so(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    (project / "seeds" / "sources.yaml").write_text("articles: [\n")
    result = CliRunner().invoke(
        app, ["selftest", "--root", str(project), "--state", str(tmp_path / "s.sqlite3")], input="q\n"
    )
    assert "seeds/sources.yaml:2:1: error: YAML syntax error" in result.stderr
    assert "check the filters" not in result.stderr
    assert result.exit_code == 2


def test_a_build_killed_while_renaming_is_completed_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [(f"decks/d.form-{x}.pdf", b"old " + x.encode()) for x in "AB"]
    write_set(tmp_path, files)
    real = os.replace
    calls = []

    def dies_on_the_second(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt  # stands for SIGKILL: nothing after this line runs
        real(src, dst)

    monkeypatch.setattr(os, "replace", dies_on_the_second)
    with pytest.raises(KeyboardInterrupt):
        write_set(tmp_path, [(path, b"new") for path, _ in files])
    monkeypatch.setattr(os, "replace", real)
    assert (tmp_path / PENDING).is_file()  # form A new, form B old: the journal says what is left to do
    finish_pending(tmp_path)
    assert [(tmp_path / p).read_bytes() for p, _ in files] == [b"new", b"new"]
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == ["d.form-A.pdf", "d.form-B.pdf"]


def test_a_build_killed_while_writing_changes_nothing_and_its_leftovers_go(tmp_path: Path) -> None:
    write(tmp_path, {"decks/example.yaml": DECK.replace("approved", "draft")})
    assert CliRunner().invoke(app, ["build", "--root", str(tmp_path)]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()}
    leftover = tmp_path / "decks" / ".example.apkg.k2_9xQ1z.tmp"  # as a killed build leaves it
    leftover.write_bytes(b"half")
    result = CliRunner().invoke(app, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()} == before


def _main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the installed entry point (with its catch-all) and return its exit code and stderr."""
    monkeypatch.setattr(sys, "argv", ["quizgen", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    code = ended.value.code
    return (code if isinstance(code, int) else 0), capsys.readouterr().err


@pytest.mark.parametrize(("errno_", "text"), [(errno.ENOSPC, "No space left on device"),
                                               (errno.EROFS, "Read-only file system"),
                                               (errno.EACCES, "Permission denied")])  # fmt: skip
def test_a_machine_failure_while_writing_the_build_is_said_with_its_place(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    errno_: int,
    text: str,
) -> None:
    write(tmp_path, {"decks/example.yaml": DECK.replace("approved", "draft")})

    def refused(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno_, text, str(tmp_path / "decks"))

    monkeypatch.setattr(fileio.tempfile, "mkstemp", refused)
    code, err = _main(monkeypatch, capsys, "build", "--root", str(tmp_path))
    assert code == 5, err
    assert f"quizgen: {text} ({tmp_path / 'decks'}): stopped" in err
    assert "internal error" not in err
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == ["example.yaml"]


def test_a_full_disk_during_a_session_keeps_the_state_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path / "project")
    state = tmp_path / "state.sqlite3"
    open_store(state).close()

    def full(self: object) -> object:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Store, "transaction", full)
    monkeypatch.setattr(sys, "stdin", io.StringIO("Chilean Foreign Minister\n"))
    code, err = _main(monkeypatch, capsys, "selftest", "--root", str(project), "--state", str(state))
    assert code == 5, err
    assert "database or disk is full" in err and "do not delete it" in err and "internal error" not in err
    monkeypatch.undo()
    open_store(state).close()  # healthy, and not locked by the session that failed


def test_a_state_the_machine_cannot_open_is_not_called_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot(*args: object, **kwargs: object) -> object:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(sqlite3, "connect", cannot)
    with pytest.raises(StateError) as refused:
        open_store(tmp_path / "state.sqlite3")
    assert "move it aside" not in refused.value.message
    assert "the file is not at fault" in refused.value.message


def test_a_set_is_written_under_a_relative_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # `quizgen build` without --root
    write_set(Path("."), [("decks/a.apkg", b"a"), ("decks/a.lock.json", b"l")])
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == ["a.apkg", "a.lock.json"]


_TOPIC_DECK = DECK.replace("approved", "draft") + "subdecks: topic\n"


def _built(root: Path) -> None:
    write(root, {"decks/example.yaml": _TOPIC_DECK})
    result = build(root)
    write_set(root, [(o.path, o.data) for o in result.outputs])


def test_a_question_that_changes_type_under_its_id_is_refused(tmp_path: Path) -> None:
    _built(tmp_path)
    bank = tmp_path / BANK_FILE
    bank.write_text(
        bank.read_text()
        .replace("type: short", "type: mcq")
        .replace("  evidence:", "  distractors: [Peruvian Foreign Minister, Chilean Trade Minister, Ambassador]\n"
                 "  evidence:")
    )  # fmt: skip
    assert _refusal(tmp_path) == [("QG806", f"{BANK_FILE}:2:9")]


def test_a_question_that_moves_subdeck_is_built_with_a_warning_saying_what_learners_do(
    tmp_path: Path,
) -> None:
    _built(tmp_path)
    bank = tmp_path / BANK_FILE
    bank.write_text(bank.read_text().replace("topic: role", "topic: met"))
    result = build(tmp_path)
    assert [(d.code, str(d.location)) for d in result.diagnostics] == [("QG807", f"{BANK_FILE}:3:10")]
    assert 'deck:"Example::role" rojas-role' in result.diagnostics[0].message
    write_set(tmp_path, [(o.path, o.data) for o in result.outputs])
    assert build(tmp_path).diagnostics == []  # said once: the lock now records the new subdeck


def test_approve_refuses_an_item_holding_a_hidden_character_and_a_name_holding_one(tmp_path: Path) -> None:
    item = "- id: other\n" + FILES[BANK_FILE].removeprefix("- id: rojas-role\n")
    bad = FILES[BANK_FILE].replace("hold?", 'hold?"').replace("prompt: What", 'prompt: "What\\u202e')
    write(tmp_path, {BANK_FILE: item + bad})
    with pytest.raises(QuizgenError) as refused:
        approve(tmp_path, ["rojas-role"], by="Ana")
    assert [(d.code, d.item) for d in refused.value.diagnostics] == [("QG109", "rojas-role")]
    with pytest.raises(QuizgenError, match="--by holds U\\+001F"):
        approve(tmp_path, ["other"], by="An\x1fa")
    approve(tmp_path, ["other"], by="Ana")  # the clean item in the same file is approved


@pytest.mark.parametrize("kind", ["fifo", "folder", "device", "lock-fifo"])
def test_a_state_that_is_not_a_regular_file_is_refused_without_hanging(tmp_path: Path, kind: str) -> None:
    state = tmp_path / "state.sqlite3"
    if kind == "fifo":
        os.mkfifo(state)
    elif kind == "folder":
        state.mkdir()
    elif kind == "device":
        state.symlink_to("/dev/zero")
    else:
        os.mkfifo(tmp_path / "state.sqlite3.lock")
    with _deadline():
        for save in (True, False):
            if kind == "lock-fifo" and not save:
                continue  # only a saving session takes the lock
            with pytest.raises(StateError) as refused:
                open_store(state, save=save).close()
            assert "not a regular file" in refused.value.message
            assert "the file is not at fault" not in refused.value.message


def test_a_state_reached_through_a_link_is_used(tmp_path: Path) -> None:
    # Learners keep their state in a synced folder and link it: a link to a regular file is fine.
    real = tmp_path / "synced" / "state.sqlite3"
    real.parent.mkdir()
    open_store(real).close()
    (tmp_path / "state.sqlite3").symlink_to(real)
    open_store(tmp_path / "state.sqlite3").close()


def test_write_atomic_all_syncs_once_and_renames_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """quizgen draft writes a file per article: one syncfs for all of them and one fsync per folder, not one
    fsync per file; every file lands whole, with its old mode, and no temporary file is left."""
    syncfs = fileio._syncfs()
    if syncfs is None:
        pytest.skip("no syncfs here")
    calls: list[str] = []
    monkeypatch.setattr(fileio, "_syncfs", lambda: lambda fd: calls.append("syncfs") or syncfs(fd))
    real_fsync = os.fsync
    monkeypatch.setattr(fileio.os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    (tmp_path / "a").mkdir()
    old = tmp_path / "a" / "0.yaml"
    old.write_text("old\n")
    old.chmod(0o600)
    writes = [(tmp_path / "a" / f"{n}.yaml", f"text {n}\n") for n in range(20)]
    writes.append((tmp_path / "b" / "new.yaml", b"bytes\n"))
    fileio.write_atomic_all(writes)
    assert calls == ["syncfs", "fsync", "fsync"]  # one file system; folders a and b
    for path, data in writes:
        assert path.read_bytes() == (data.encode() if isinstance(data, str) else data)
    assert old.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "b" / "new.yaml").stat().st_mode & 0o777 == 0o644
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("syncfs", [True, False])
def test_write_atomic_all_writes_the_others_when_one_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syncfs: bool
) -> None:
    if not syncfs:  # where there is no syncfs (not Linux): each file synced on its own, same outcome
        monkeypatch.setattr(fileio, "_syncfs", lambda: None)
    (tmp_path / "taken.yaml").mkdir()  # a folder where a file should go: its rename fails
    writes: list[tuple[Path, bytes | str]] = [
        (tmp_path / "one.yaml", "one\n"),
        (tmp_path / "taken.yaml", "lost\n"),
        (tmp_path / "two.yaml", "two\n"),
    ]
    with pytest.raises(OSError):
        fileio.write_atomic_all(writes)
    assert (tmp_path / "one.yaml").read_text() == "one\n"
    assert (tmp_path / "two.yaml").read_text() == "two\n"
    assert (tmp_path / "taken.yaml").is_dir()
    assert not list(tmp_path.glob("*.tmp"))
