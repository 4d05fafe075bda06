"""Hostile deck definitions and command lines, found by attacking a copy of the shipped project (round 2).

Each case was an internal error (exit 3) or a wrong result before its fix; each is now a located diagnostic.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_fuzz import DECK, PROJECT
from typer.testing import CliRunner

from quizgen.checks.example import write
from quizgen.cli import app
from quizgen.cli.app import environment_problem

PRINTED = DECK + "print:\n  forms: 2\n  blueprint:\n    questions: 1\n    types: {short: 1}\n"


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--root", str(root)])
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ("deck_id: 1700000000001", "deck_id: ²", 10),  # str.isdigit takes a superscript; int() does not
        ("deck_id: 1700000000001", "deck_id: " + "9" * 4400, 10),  # over int()'s 4300 digits
        ("forms: 2", "forms: ³", 10),
        ("questions: 1", "questions: " + "1" * 4400, 16),
        ("short: 1}", "short: ¹}", 20),  # a blueprint quota
        ("short: 1}", "short: " + "1" * 4400 + "}", 20),
    ],
    ids=[
        "deck_id-superscript",
        "deck_id-4400-digits",
        "forms-superscript",
        "questions-4400-digits",
        "quota-superscript",
        "quota-4400-digits",
    ],
)
def test_a_number_int_cannot_read_is_located(tmp_path: Path, old: str, new: str, column: int) -> None:
    write(tmp_path, {**PROJECT, "decks/example.yaml": PRINTED.replace(old, new)})
    code, output = _run(tmp_path, "check")
    assert code == 1, output
    line = 1 + PRINTED[: PRINTED.index(old)].count("\n")
    assert f"decks/example.yaml:{line}:{column}: error: " in output, output


def _cloze(number: str) -> str:
    return (
        "- id: copper-cloze\n  type: cloze\n  topic: role\n"
        f"  prompt: Pablo Rojas said the deal did not cover {{{{c{number}::copper}}}}.\n"
        "  context: 'Example Daily:'\n"
        "  evidence:\n    - source: example\n"
        "      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
        "  review: {status: draft}\n"
    )


@pytest.mark.parametrize("number", ["0", "1000", "99999999999999999999", "9" * 4400])
def test_a_cloze_number_anki_cannot_make_a_card_of_is_located(tmp_path: Path, number: str) -> None:
    # c0 made a note with no card; a number past 63 bits was an internal error (OverflowError) from the Anki
    # writer, and one of 4300 digits from the check itself.
    write(tmp_path, {"question_bank/example.yaml": _cloze(number)})
    code, output = _run(tmp_path, "check")
    assert code == 1, output
    assert "question_bank/example.yaml:4:11: error: cloze deletion {{c" in output, output
    assert "[QG303]" in output, output


def test_cloze_numbers_anki_takes_pass(tmp_path: Path) -> None:
    write(tmp_path, {"question_bank/example.yaml": _cloze("999")})
    code, output = _run(tmp_path, "check")
    assert code == 0, output


@pytest.mark.parametrize("lines", ["1-" + "9" * 4400, "9" * 4400, "¹", "1-²"])
def test_a_line_range_int_cannot_read_is_located(tmp_path: Path, lines: str) -> None:
    catalogue = PROJECT["seeds/sources.yaml"]
    write(
        tmp_path, {**PROJECT, "seeds/sources.yaml": catalogue.replace('{lines: "9"', f'{{lines: "{lines}"')}
    )
    code, output = _run(tmp_path, "check")
    assert code == 1, output
    assert "seeds/sources.yaml:10:17: error: lines " in output, output


@pytest.mark.parametrize(
    "now",
    [
        "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:00:00-05:00",
        "1800-01-01T00:00",
    ],
)
@pytest.mark.parametrize("sub", [[], ["stats"]])
def test_a_now_the_calendar_cannot_schedule_from_is_a_usage_error(
    tmp_path: Path, now: str, sub: list[str]
) -> None:
    # `stats` a day after 9999-12-31, and a time zone moving 0001-01-01 before the year 1, were internal errors
    # (OverflowError); a session there would schedule its next review past the calendar's end.
    write(tmp_path, PROJECT)
    state = tmp_path / "state.db"
    code, output = _run(tmp_path, "selftest", *sub, "--state", str(state), "--now", now)
    assert code == 2, output
    assert f"quizgen: --now {now!r} is outside the years 1900 to 8999" in output, output
    assert not state.exists()


def test_a_deck_selecting_nothing_is_warned_about_for_every_output(tmp_path: Path) -> None:
    # The HTML quiz and the printed forms said so; the Anki deck and the LMS files were written empty without a
    # word (an empty Blackboard file, a Moodle file with no question: both refused on upload).
    deck = DECK.replace("select: {status: [draft, approved]}", "select: {tags: [nobody-has-it]}")
    write(tmp_path, {**PROJECT, "decks/example.yaml": deck + "exports: [gift, blackboard]\n"})
    code, output = _run(tmp_path, "build")
    assert code == 0, output
    expected = [f"the {name} export holds no question" for name in ("gift", "blackboard")]
    for what in ["the Anki deck takes no item", *expected]:
        assert (
            f"decks/example.yaml:1:1: warning: deck 'example': {what}: its selection matches no item of the bank "
            "[QG801]" in output
        ), output


def test_an_export_leaving_out_every_item_is_warned_about(tmp_path: Path) -> None:
    two_blanks = (
        "- id: two-blanks\n  type: cloze\n  topic: role\n"
        "  prompt: Pablo Rojas said the {{c1::deal}} did not cover {{c2::copper}}.\n"
        "  context: 'Example Daily:'\n"
        "  evidence:\n    - source: example\n"
        "      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
        "  review: {status: draft}\n"
    )
    write(
        tmp_path,
        {
            **PROJECT,
            "question_bank/example.yaml": two_blanks,
            "decks/example.yaml": DECK + "exports: [gift]\n",
        },
    )
    code, output = _run(tmp_path, "build")
    assert code == 0, output
    assert (
        "decks/example.yaml:1:1: warning: deck 'example': the gift export holds no question: the format leaves "
        "out every item (listed below) [QG801]" in output
    ), output


@pytest.mark.parametrize("name", ["question_bank/more.yml", "decks/other.yml", "question_bank/MORE.YAML"])
@pytest.mark.parametrize("args", [["check"], ["check", "--no-cache"], ["build"]])
def test_a_file_quizgen_does_not_read_for_its_name_is_warned_about(
    tmp_path: Path, name: str, args: list[str]
) -> None:
    # Items written in question_bank/more.yml were neither checked nor built, and nothing said so.
    write(tmp_path, {**PROJECT, name: PROJECT["question_bank/example.yaml"]})
    code, output = _run(tmp_path, *args)
    assert code == 0, output
    stem = Path(name).name.split(".")[0]
    assert (
        f"{name}:1:1: warning: not read: quizgen reads the *.yaml files of {Path(name).parent}/; "
        f"rename it {stem}.yaml [QG001]" in output
    ), output


def test_a_state_of_a_negative_version_is_not_migrated(tmp_path: Path) -> None:
    # Read as version -1, the migrations from MIGRATIONS[-1] on were run against it: the last one first, on
    # tables it had already made ("table settings already exists" with one migration; with more, a change).
    import sqlite3

    from selftest_project import make_project

    root = make_project(tmp_path / "project")
    state = tmp_path / "state.db"
    answers = tmp_path / "answers.txt"
    answers.write_text("q\n", encoding="utf-8")
    code, output = _run(root, "selftest", "--state", str(state), "--answers", str(answers))
    assert code == 0, output
    with sqlite3.connect(state) as conn:
        conn.execute("PRAGMA user_version = -1")
    conn.close()
    before = state.read_bytes()
    code, output = _run(root, "selftest", "--state", str(state), "--answers", str(answers))
    assert code == 4, output
    assert f"quizgen: {state} is an SQLite file but not a quizgen self-test state" in output, output
    assert state.read_bytes() == before


@pytest.mark.parametrize("sub", [[], ["stats"]])
def test_a_state_that_is_a_dangling_link_says_so(tmp_path: Path, sub: list[str]) -> None:
    # A session blamed the machine ("free space or fix the folder's permissions"), and stats reported an empty
    # history, when the link's synced folder was simply not there.
    from selftest_project import make_project

    root = make_project(tmp_path / "project")
    state = tmp_path / "state.db"
    state.symlink_to(tmp_path / "unmounted" / "state.db")
    code, output = _run(root, "selftest", *sub, "--state", str(state))
    assert code == 4, output
    assert (
        f"quizgen: the self-test state {state} is a link to {tmp_path / 'unmounted' / 'state.db'}, which does "
        "not exist: restore what it leads to, or pass --state PATH to use another file" in output
    ), output
    assert state.is_symlink() and not (tmp_path / "unmounted").exists()


@pytest.mark.parametrize("data", [b"x", b"\n"])
def test_a_one_byte_file_named_as_the_state_is_not_overwritten(tmp_path: Path, data: bytes) -> None:
    # SQLite takes a one-byte file for an empty database: `--state notes.txt` replaced the file with a new state.
    from selftest_project import make_project

    root = make_project(tmp_path / "project")
    state = tmp_path / "notes.txt"
    state.write_bytes(data)
    answers = tmp_path / "answers.txt"
    answers.write_text("q\n", encoding="utf-8")
    code, output = _run(root, "selftest", "--state", str(state), "--answers", str(answers))
    assert code == 4, output
    assert (
        f"quizgen: cannot read the self-test state {state} (file is not a database); move it aside" in output
    )
    assert state.read_bytes() == data


OTHER = (
    "deck_id: 1700000000011\n"
    "note_type_ids: {short: 1700000000012, mcq: 1700000000013, true-false: 1700000000014, cloze: 1700000000015}\n"
)


@pytest.mark.parametrize(
    ("name", "clash"),
    [
        ("EXAMPLE", "deck name 'EXAMPLE' is also used by decks/example.yaml:1:1 (Anki does not tell names apart "
                    "by case)"),
        ("Example::role", "deck name 'Example::role' is a subdeck decks/example.yaml:1:1 makes (subdecks: topic)"),
        ("example::Role", "deck name 'example::Role' is a subdeck decks/example.yaml:1:1 makes (subdecks: topic)"),
    ],
)  # fmt: skip
def test_two_decks_anki_would_merge_are_refused(tmp_path: Path, name: str, clash: str) -> None:
    # Anki matches a deck by its name, ignoring case: the second deck's cards went into the first one's deck
    # (or one of its topic subdecks), and nothing said so.
    write(tmp_path, {**PROJECT, "decks/other.yaml": f"name: {name}\n{OTHER}"})
    code, output = _run(tmp_path, "check")
    assert code == 1, output
    assert f"decks/other.yaml:1:1: error: {clash}; give each deck its own [QG801]" in output, output


def test_a_deck_nested_under_another_by_a_name_no_subdeck_takes_is_fine(tmp_path: Path) -> None:
    write(tmp_path, {**PROJECT, "decks/other.yaml": f"name: Example::Extra reading\n{OTHER}"})
    code, output = _run(tmp_path, "check")
    assert code == 0, output


@pytest.mark.parametrize("args", [["check"], ["build"]])
def test_a_decks_file_in_place_of_the_folder_is_an_error(tmp_path: Path, args: list[str]) -> None:
    # It was "no deck definitions in decks/: nothing to build", a note, and exit 0.
    write(tmp_path, {})
    (tmp_path / "decks").write_text("name: Example\n", encoding="utf-8")
    code, output = _run(tmp_path, *args)
    assert code == 1, output
    assert (
        "decks:1:1: error: decks is a file, not a folder: move it away, and put deck definitions in decks/*.yaml "
        "[QG801]" in output
    ), output


def test_a_full_disk_names_the_file_it_stopped_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # "quizgen: No space left on device: stopped", which said what but not where (a write names no file).
    import errno
    import os

    from quizgen.core import fileio

    write(tmp_path, PROJECT)
    code, output = _run(tmp_path, "build")
    assert code == 0, output
    before = {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()}
    (tmp_path / "decks/example.yaml").write_text(DECK.replace("Fuzzed.", "Changed."), encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(fileio.os, "fsync", full)
    result = CliRunner().invoke(app, ["build", "--root", str(tmp_path)])
    assert isinstance(result.exception, OSError), result.output  # main() turns it into exit 5 and this line:
    problem = environment_problem(result.exception)
    assert problem is not None and problem.startswith(
        f"{os.strerror(errno.ENOSPC)} (decks/example.apkg): stopped;"
    )
    after = {p.name: p.read_bytes() for p in (tmp_path / "decks").iterdir()}
    assert after == {**before, "example.yaml": after["example.yaml"]}  # the old outputs, and no leftovers


@pytest.mark.parametrize(
    ("target", "field"), [("gift", "exports"), ("html", "outputs"), ("print", "outputs")]
)
def test_a_target_no_deck_asks_for_says_so(tmp_path: Path, target: str, field: str) -> None:
    # `quizgen build gift` with no deck listing gift built nothing, said nothing and exited 0.
    write(tmp_path, PROJECT)
    code, output = _run(tmp_path, "build", target)
    assert code == 0, output
    assert (
        f"decks:1:1: warning: no deck asks for {target}: nothing was built; list it in a deck's `{field}` "
        "[QG801]" in output
    ), output


def test_a_target_a_deck_asks_for_is_not_warned_about(tmp_path: Path) -> None:
    write(tmp_path, {**PROJECT, "decks/example.yaml": DECK + "exports: [gift]\n"})
    code, output = _run(tmp_path, "build", "gift")
    assert code == 0 and "no deck asks" not in output, output
    assert "wrote decks/example.gift.txt" in output


def test_an_unknown_value_in_a_list_is_located_at_the_value(tmp_path: Path) -> None:
    # Each was placed at the start of the list: a long list written one value a line sent the reader hunting.
    deck = DECK.replace(
        "select: {status: [draft, approved]}",
        "select:\n  status: [draft, approved]\n  topics:\n    - role\n    - rolle",
    )
    write(tmp_path, {**PROJECT, "decks/example.yaml": deck + "outputs:\n  - anki\n  - pdf\n"})
    code, output = _run(tmp_path, "check")
    assert code == 1, output
    lines = deck.count("\n")
    assert (
        "decks/example.yaml:8:7: error: select.topics: unknown 'rolle' (did you mean 'role'?) [QG801]"
        in output
    )
    assert (
        f"decks/example.yaml:{lines + 3}:5: error: unknown output 'pdf'; expected anki, print, html" in output
    )


def test_a_print_count_beyond_what_the_deck_holds_is_warned_about(tmp_path: Path) -> None:
    # print.count 40 over a one-item selection printed the one item without a word.
    write(tmp_path, {**PROJECT, "decks/example.yaml": DECK + "print:\n  count: 40\n"})
    code, output = _run(tmp_path, "build")
    assert code == 0, output
    assert (
        "decks/example.yaml:1:1: warning: deck 'example' prints 1 question(s) per form, fewer than print.count "
        "40: its selection (less the items another question gives away) holds no more; widen the selection or "
        "lower print.count [QG801]" in output
    ), output
    write(tmp_path, {**PROJECT, "decks/example.yaml": DECK + "print:\n  count: 1\n"})
    code, output = _run(tmp_path, "build")
    assert code == 0 and "print.count" not in output, output


@pytest.mark.parametrize("name", ['"Week\\n47"', '"Week\\t47"', '"Week\\u008547"', "|-\n  Week\n  47"])
def test_a_deck_name_on_more_than_one_line_is_refused(tmp_path: Path, name: str) -> None:
    # The line break reached Anki's deck list and was flattened in the LMS categories, unlike the name given.
    write(tmp_path, {**PROJECT, "decks/example.yaml": DECK.replace("name: Example", f"name: {name}")})
    code, output = _run(tmp_path, "check")
    assert code == 1, output
    assert "decks/example.yaml:1:7: error: name has a line break, tab or control character" in output, output


def test_a_line_break_in_the_root_keeps_each_diagnostic_on_one_line(tmp_path: Path) -> None:
    # `--root` holding a line break split "question bank folder not found in ROOT" over two lines (editors and
    # grep saw a line without a location).
    root = tmp_path / "week\n47"
    root.mkdir()
    code, output = _run(root, "check")
    assert code == 1, output
    lines = output.splitlines()
    assert [line for line in lines if "not found in" in line] == [
        f"question_bank:1:1: error: question bank folder not found in {tmp_path}/week\\n47: create it and add "
        "question files (*.yaml), or run quizgen inside the project's folder or pass --root DIR [QG001]",
        f"seeds:1:1: error: sources folder not found in {tmp_path}/week\\n47: create it and put the articles (.txt) "
        "and their catalogue (sources.yaml) in it, or run quizgen inside the project's folder or pass --root DIR "
        "[QG001]",
    ], output
