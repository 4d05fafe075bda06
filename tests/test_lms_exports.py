"""LMS exports (issue 15): each format read back by a real parser or the importer's own rules
(tests/lms_formats.py) and compared with the bank, hostile text surviving literally, reproducible bytes, the
deck option and the build target."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import zipfile
from collections.abc import Sequence
from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest
from lms_formats import BLANK, READERS, ROOT, Seen
from lxml import etree
from typer.testing import CliRunner

from quizgen.build.run import build, export_files, export_items
from quizgen.checks.example import write as write_project
from quizgen.cli import app
from quizgen.core.cloze import deletions
from quizgen.core.diagnostics import Location
from quizgen.core.display import shown_project
from quizgen.core.model import Evidence, Project, Question, QuestionType, Review, ReviewStatus
from quizgen.load.decks import EXPORTS as EXPORT_NAMES
from quizgen.load.decks import DeckDefinition, load_decks
from quizgen.load.project import load_project
from quizgen.writers import lms
from quizgen.writers.cards import mcq_options
from quizgen.writers.exports import EXPORTS
from quizgen.writers.lms import (
    ExportDeck,
    ExportItem,
    category_path,
    cdata,
    qti_identifier,
)

# Every character a format gives meaning to, in every field: markup, CDATA's end, GIFT's and Moodle cloze's
# specials, a weight, a format name, quotes, an RTL mark, Anki's cloze syntax, a tab and a line break.
HOSTILE = (
    "Say <script>alert(\"x\")</script> & ]]> {x} ~y =z #w a:b \\ \\n 'q' \u200fRTL {{c1::no}} 50%*\tT\nL"
)
HOSTILE_CLOZE_TEXT = 'Before <b>&amp;</b> ]]> {x} ~y =z #w a:b \\ "q" \u200f [b1]'
HOSTILE_ANSWER = 'a}b{~#=\\*&<i>%"\u200f'  # typed answers: no tab or line break (a learner cannot type one)
HERE = Location("question_bank/hostile.yaml", 1, 1)


def question(
    qid: str, qtype: QuestionType, prompt: str, answer: str | bool | None, **more: object
) -> Question:
    fields: dict[str, object] = {"aliases": (), "distractors": (), "correction": None, "explanation": HOSTILE,
                                 "tags": ("a]b{c}", "plain")}  # fmt: skip
    fields.update(more)
    return Question(
        qid, qtype, "who-said", prompt, answer, fields["aliases"], fields["distractors"], fields["correction"],  # type: ignore[arg-type]
        (Evidence("src", "quote", HERE, HERE),), fields["explanation"], fields["tags"],  # type: ignore[arg-type]
        Review(ReviewStatus.APPROVED, "t", dt.date(2026, 11, 22), None, HERE), HERE.path, HERE, {},
    )  # fmt: skip


QUESTIONS = [
    question(
        "h-mcq",
        QuestionType.MCQ,
        HOSTILE,
        "[plain] ~=#{}:\\ ]]> <script>",
        distractors=("%50% <i>half</i>", HOSTILE, "=start ~tilde"),
    ),
    question("1-starts-with-digit", QuestionType.TRUE_FALSE, HOSTILE, False, correction=HOSTILE),
    question("h-true", QuestionType.TRUE_FALSE, "%25% [html] " + HOSTILE, True, explanation=None),
    question("h-short", QuestionType.SHORT, HOSTILE, HOSTILE_ANSWER, aliases=("%5% =x~", "*star*")),
    question(
        "h-cloze-one",
        QuestionType.CLOZE,
        f"{HOSTILE_CLOZE_TEXT} {{{{c1::{HOSTILE_ANSWER}::h<i>nt}}}} after.",
        None,
        aliases=("%5% alias",),
    ),
    question(
        "h-cloze-two",
        QuestionType.CLOZE,
        f"{{{{c1::{HOSTILE_ANSWER}}}}} {HOSTILE_CLOZE_TEXT} {{{{c2::two}}}}",
        None,
        aliases=("not used",),
    ),
]
FEEDBACK = (
    "False. " + HOSTILE,
    HOSTILE,
    "Source: Outlet: \u201cHeadline ]]> {x}\u201d (1 June 2025), line 3",
)
DECK = ExportDeck(
    "Hostile <&> ]]> ~=#{}:", "9-hostile",
    tuple(ExportItem(q, ("Hostile <&> ]]> ~=#{}:", "who-said"), FEEDBACK) for q in QUESTIONS),
)  # fmt: skip


def expected(item: ExportItem, export: str, *, padded: bool = True) -> Seen:
    """What an importer should read for an item, from the bank (lossy only where the format is); ``padded``:
    as gift-pegjs shows a GIFT blank, with a space each side."""
    q = item.question
    lossy = export == "blackboard"  # no tabs in a field; no feedback, ids, tags or categories

    def shown(text: str) -> str:
        return text.replace("\t", " ") if lossy else text

    seen = Seen(q.id if not lossy else "", q.type.value, shown(q.prompt))
    seen.feedback = None if lossy else list(item.feedback)
    if export in ("moodle", "gift"):
        seen.tags = [t for t in q.tags if export == "moodle" or not any(c in t for c in "]<>`")]
        seen.category = category_path(item.category)
    elif export == "qti21":
        seen.category = "/".join(item.category)
    if q.type is QuestionType.MCQ:
        seen.options = [(shown(t), ok) for t, ok in mcq_options(q)]
    elif q.type is QuestionType.TRUE_FALSE:
        seen.truth = bool(q.answer)
        if export in ("moodle", "gift"):
            seen.wrong_feedback = q.correction if q.answer is False else None
        if export in ("moodle", "gift") and q.answer is False and q.correction:
            # Moodle and GIFT show the correction as either answer's feedback, so not again in the general one
            seen.right_feedback = q.correction
            assert seen.feedback is not None and seen.feedback[0] == f"False. {q.correction}"
            seen.feedback = seen.feedback[1:]
    elif q.type is QuestionType.SHORT:
        seen.answers = [[str(q.answer), *(a for a in q.aliases if a != q.answer)]]
    else:
        found = deletions(q.prompt)
        text, pos = [], 0
        for d in found:
            text += [q.prompt[pos : d.start], BLANK, f" ({d.hint})" if d.hint else ""]
            pos = d.end
        seen.text = shown("".join([*text, q.prompt[pos:]]))
        aliases = list(q.aliases) if len(found) == 1 else []
        seen.answers = [[d.text, *(a for a in aliases if a != d.text)] for d in found]
        if export == "gift" and seen.text.endswith(BLANK):  # Moodle: answers at the end make a short question
            seen.kind, seen.text = "short", seen.text[: -len(BLANK)].strip()
        elif (
            export == "gift" and padded
        ):  # gift-pegjs pads the blank with a space each side (Moodle does not)
            seen.text = re.sub(f"\\s*{BLANK}\\s*", BLANK, seen.text)
    return seen


def compare(export: str, items: list[ExportItem], data: bytes, reader: str | None = None) -> list[Seen]:
    """Read ``data`` back (with ``reader``, default the export's own) and compare each question with the bank;
    the items the format leaves out must be absent. Returns what was read."""
    read = READERS[reader or export](data)
    kept = [i for i in items if EXPORTS[export].leaves_out(i) is None]
    assert len(read) == len(kept)
    if export == "blackboard":  # no ids: deck order
        pairs = list(zip(kept, read, strict=True))
    else:
        by_id = {s.id: s for s in read}
        assert len(by_id) == len(read)
        pairs = [(i, by_id[i.question.id]) for i in kept]
    for item, seen in pairs:
        want = expected(item, export, padded=reader != "gift-moodle")
        if export in ("qti12", "qti21", "blackboard"):
            want.tags = None
        if export in ("qti12", "blackboard"):
            want.category = None
        if export != "moodle" and export != "gift":
            want.wrong_feedback = None
        assert seen == want, (export, item.question.id)
    return read


@pytest.mark.parametrize("export", list(EXPORTS))
def test_hostile_text_round_trips_literally(export: str) -> None:
    kept = tuple(i for i in DECK.items if EXPORTS[export].leaves_out(i) is None)  # as the build does
    data = EXPORTS[export].write(ExportDeck(DECK.name, DECK.stem, kept))
    compare(export, list(DECK.items), data)
    if export == "gift":
        compare(export, list(DECK.items), data, reader="gift-moodle")


def test_the_registry_and_the_deck_option_name_the_same_exports() -> None:
    assert tuple(EXPORTS) == EXPORT_NAMES


def test_gift_leaves_out_multi_blank_cloze_and_blackboard_over_ten_and_say_why() -> None:
    two = DECK.items[-1]
    gift_why = EXPORTS["gift"].leaves_out(two)
    assert gift_why is not None and "one blank" in gift_why
    assert all(EXPORTS[e].leaves_out(two) is None for e in ("moodle", "qti12", "qti21", "blackboard"))
    eleven = question(
        "eleven", QuestionType.CLOZE, " ".join(f"{{{{c{i}::w{i}}}}}" for i in range(1, 12)), None
    )
    bb_why = EXPORTS["blackboard"].leaves_out(ExportItem(eleven, ("c",), ()))
    assert bb_why is not None and "10 blanks" in bb_why and "has 11" in bb_why
    ten = question("ten", QuestionType.CLOZE, " ".join(f"{{{{c{i}::w{i}}}}}" for i in range(1, 11)), None)
    assert EXPORTS["blackboard"].leaves_out(ExportItem(ten, ("c",), ())) is None


def test_the_formats_the_build_does_not_ask_hold_every_item() -> None:
    # The build skips leaves_out for these (exports.Export.holds_every): each must really hold every item.
    holding = [e for e in EXPORTS.values() if e.holds_every]
    assert [e.name for e in holding] == ["moodle", "qti12", "qti21"]
    assert all(e.leaves_out(i) is None for e in holding for i in DECK.items)
    assert not all(EXPORTS[e].leaves_out(i) is None for e in ("gift", "blackboard") for i in DECK.items)


def test_blackboard_writes_fib_plus_for_several_blanks_and_fib_for_one() -> None:
    two = question("two", QuestionType.CLOZE, "A {{c1::x::h}} and [b2] {{c2::y}} end.", None)
    one = question("one", QuestionType.CLOZE, "A {{c1::x}} end.", None, aliases=("ex",))
    data = EXPORTS["blackboard"].write(
        ExportDeck("D", "d", (ExportItem(two, ("c",), ()), ExportItem(one, ("c",), ())))
    )
    assert data.decode().splitlines() == [
        "FIB_PLUS\tA [b1] (h) and &#91;b2] [b2] end.\tb1\tx\t\tb2\ty",
        "FIB\tA _____ end.\tx\tex",
    ]
    marked = question("fmt", QuestionType.SHORT, "Which?", "[html]x")
    assert "format name" in (EXPORTS["gift"].leaves_out(ExportItem(marked, ("c",), ())) or "")


def test_qti_identifiers_are_valid_stable_and_distinct() -> None:
    ids = ["1-starts-with-digit", "2017-thaad", "abc", "a b", "_x", "9"]
    mapped = [qti_identifier(i) for i in ids]
    assert mapped == [qti_identifier(i) for i in ids]
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", m) for m in mapped)
    assert len(set(mapped)) == len(mapped)
    assert qti_identifier("abc") == "abc" and qti_identifier("2017-thaad") == "_2017-thaad"


def test_cdata_holds_its_own_end_marker() -> None:
    # Bank text reaches CDATA as escaped HTML (">" as "&gt;"), so only markup quizgen writes could end it;
    # cdata() splits a "]]>" all the same.
    assert cdata("a]]>b") == "<![CDATA[a]]]]><![CDATA[>b]]>"
    assert etree.fromstring(f"<t>{cdata('a]]>b]]>')}</t>").text == "a]]>b]]>"
    data = EXPORTS["moodle"].write(DECK).decode()
    assert "<script>" not in data and "&lt;script&gt;" in data


@pytest.mark.parametrize("export", [e for e in EXPORTS if EXPORTS[e].suffix.endswith(".zip")])
def test_zip_exports_are_reproducible(export: str) -> None:
    first = EXPORTS[export].write(DECK)
    assert EXPORTS[export].write(DECK) == first
    infos = zipfile.ZipFile(io.BytesIO(first)).infolist()
    assert infos[0].filename == "imsmanifest.xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}


def test_qti12_deflates_on_a_thread_to_the_same_bytes_and_hands_back_its_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    writer = EXPORTS["qti12"]
    assert writer.start_write is not None, "the build starts its zip before it renders the other formats"
    zipped_on: list[str] = []
    real_zip = lms._zip

    def spy(files: Sequence[tuple[str, bytes]]) -> bytes:
        zipped_on.append(threading.current_thread().name)
        return real_zip(files)

    monkeypatch.setattr(lms, "_zip", spy)
    before = threading.active_count()
    monkeypatch.setattr(lms, "ZIP_THREAD", True)
    threaded = writer.start(DECK)()
    assert threading.active_count() == before  # joined: nothing left running once the bytes are handed over
    monkeypatch.setattr(lms, "ZIP_THREAD", False)  # one processor: deflated inline, the same bytes
    assert writer.start(DECK)() == writer.write(DECK) == threaded
    assert zipped_on == ["quizgen-zip", "MainThread", "MainThread"]

    def broken(files: Sequence[tuple[str, bytes]]) -> bytes:
        raise MemoryError("no room to deflate")

    monkeypatch.setattr(lms, "_zip", broken)
    monkeypatch.setattr(lms, "ZIP_THREAD", True)
    wait = writer.start(DECK)  # the thread's error is raised where the bytes are asked for
    with pytest.raises(MemoryError, match="no room to deflate"):
        wait()
    monkeypatch.setattr(lms, "ZIP_THREAD", False)
    with pytest.raises(MemoryError, match="no room to deflate"):
        writer.start(DECK)
    assert threading.active_count() == before


@pytest.mark.parametrize(
    ("files", "count_limit"),
    [
        ([], None),
        ([("empty.xml", b"")], None),
        ([("imsmanifest.xml", b"<m/>" * 300), ("items/a.xml", "\u201cq\u201d".encode() * 50)], None),
        ([(f"items/i{i}.xml", bytes(range(i % 256)) * (i % 7)) for i in range(1500)], None),  # three blocks
        # More members than the end record counts (65,535; lowered here): the ZIP64 end records as well.
        ([(f"items/i{i}.xml", b"x" * i) for i in range(5)], 3),
        ([("caf\u00e9.xml", b"x")], None),  # a UTF-8 name: zipfile itself writes it
    ],
    ids=["none", "empty", "some", "blocks", "many", "utf8"],
)
def test_pooled_zips_are_zipfiles_bytes(
    files: list[tuple[str, bytes]], count_limit: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # QTI 2.1's members are deflated on two threads and the zip written with struct: zipfile's bytes.
    if count_limit is not None:
        monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", count_limit)
    data = lms.pooled_zip(files)
    assert data == lms.zipfile_bytes(files)
    assert (b"PK\x06\x06" in data) == (count_limit is not None)
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert [(i.filename, i.file_size) for i in infos] == [(n, len(d)) for n, d in files]


def test_qti21_deflates_on_two_threads_to_zipfiles_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    many = [ExportItem(replace(e.question, id=f"{e.question.id}-{i}"), e.category, e.feedback)
            for i in range(40) for e in DECK.items]  # fmt: skip
    deck = ExportDeck(DECK.name, DECK.stem, tuple(many))  # enough members for the pool
    names: set[str] = set()
    real = lms._deflate

    def spy(files: Sequence[tuple[str, bytes]]) -> list[tuple[int, bytes]]:
        names.add(threading.current_thread().name.rsplit("_", 1)[0])
        return real(files)

    monkeypatch.setattr(lms, "_deflate", spy)
    monkeypatch.setattr(lms, "ZIP_THREAD", True)
    pooled = EXPORTS["qti21"].write(deck)
    assert names == {"quizgen-deflate"}
    monkeypatch.setattr(lms, "ZIP_THREAD", False)  # one processor: zipfile on this thread
    assert EXPORTS["qti21"].write(deck) == pooled

    def broken(files: Sequence[tuple[str, bytes]]) -> list[tuple[int, bytes]]:
        raise MemoryError("no room to deflate")

    monkeypatch.setattr(lms, "_deflate", broken)
    monkeypatch.setattr(lms, "ZIP_THREAD", True)
    with pytest.raises(MemoryError, match="no room to deflate"):  # a worker's error, raised as inline
        EXPORTS["qti21"].write(deck)


# --- the shipped deck ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped() -> list[ExportItem]:
    project = shown_project(load_project(ROOT).project)  # as the build hands it over: cloze contexts shown
    decks, problems = load_decks(ROOT, ROOT / "decks", topics=project.topics,
                                 sources=frozenset(project.sources.articles))  # fmt: skip
    assert not problems
    (deck,) = [d for d in decks if d.stem == "thaad"]
    assert deck.exports == EXPORT_NAMES
    return export_items(deck, project)


@pytest.fixture(scope="module")
def shipped_deck() -> tuple[DeckDefinition, Project]:
    project = shown_project(load_project(ROOT).project)
    decks, problems = load_decks(ROOT, ROOT / "decks", topics=project.topics,
                                 sources=frozenset(project.sources.articles))  # fmt: skip
    assert not problems
    (deck,) = [d for d in decks if d.stem == "thaad"]
    return deck, project


@pytest.mark.parametrize("export", list(EXPORTS))
def test_the_shipped_exports_read_back_as_the_bank(export: str, shipped: list[ExportItem]) -> None:
    path = ROOT / "decks" / f"thaad{EXPORTS[export].suffix}"
    read = compare(export, shipped, path.read_bytes())
    if export == "gift":
        compare(export, shipped, path.read_bytes(), reader="gift-moodle")
    assert len(read) >= 60, "the shipped deck exports its approved items"


def test_the_build_starts_qti12_first_and_keeps_the_decks_order(
    shipped_deck: tuple[DeckDefinition, Project], monkeypatch: pytest.MonkeyPatch
) -> None:
    deck, project = shipped_deck
    ran: list[str] = []
    for name, export in EXPORTS.items():
        if export.start_write is None:
            write = export.write
            monkeypatch.setitem(
                EXPORTS, name, replace(export, write=lambda d, n=name, w=write: ran.append(n) or w(d))
            )  # type: ignore[misc]
        else:
            start = export.start_write
            monkeypatch.setitem(
                EXPORTS, name, replace(export, start_write=lambda d, n=name, s=start: ran.append(n) or s(d))
            )  # type: ignore[misc]
    threaded, reports = export_files(deck, project, None, None)
    # QTI 1.2's one large member is deflated on its thread while the other formats render.
    assert ran == ["qti12", "moodle", "gift", "qti21", "blackboard"]
    assert [r.export for r in reports] == list(EXPORT_NAMES)
    assert [o.path for o in threaded] == [f"decks/thaad{EXPORTS[n].suffix}" for n in EXPORT_NAMES]
    monkeypatch.setattr(lms, "ZIP_THREAD", False)
    assert [o.data for o in export_files(deck, project, None, None)[0]] == [o.data for o in threaded]


# --- deck option and build -------------------------------------------------------------------------------
DECK_YAML = (
    "name: Example\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
    "select: {status: [draft]}\n"
)


def test_an_unknown_export_is_a_located_error(tmp_path: Path) -> None:
    write_project(tmp_path, {"decks/example.yaml": DECK_YAML + "exports: [moodle, scorm]\n"})
    result = CliRunner().invoke(app, ["build", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert (
        "decks/example.yaml:5:19: error: unknown export 'scorm'; expected one of moodle, gift"
        in result.stdout
    )
    assert not (tmp_path / "decks" / "example.moodle.xml").exists()


def test_build_writes_the_listed_exports_and_one_target_alone(tmp_path: Path) -> None:
    write_project(tmp_path, {"decks/example.yaml": DECK_YAML + "exports: [gift, moodle]\n"})
    result = build(tmp_path)
    paths = [o.path for o in result.outputs]
    assert paths == ["decks/example.apkg", "decks/example.lock.json", "decks/example.gift.txt",
                     "decks/example.moodle.xml"]  # fmt: skip
    assert [(e.export, e.items, e.left_out) for e in result.exported] == [("gift", 1, ()), ("moodle", 1, ())]
    assert build(tmp_path).outputs == result.outputs
    ran = CliRunner().invoke(app, ["build", "gift", "--root", str(tmp_path)])
    assert ran.exit_code == 0, ran.output
    assert "example: gift: 1 questions" in ran.stdout
    assert sorted(p.name for p in (tmp_path / "decks").iterdir()) == ["example.gift.txt", "example.yaml"]
    ran = CliRunner().invoke(app, ["build", "qti21", "--root", str(tmp_path)])
    assert ran.exit_code == 0 and "wrote" not in ran.stdout, "the deck does not list qti21"


def test_the_build_names_items_left_out_and_why() -> None:
    (report,) = build(ROOT, outputs=frozenset({"gift"})).exported
    assert report.left_out and all("one blank" in why for _, why in report.left_out)
    bank = {q.id: q for q in load_project(ROOT).project.bank.questions}
    multi = [q.id for q in bank.values() if q.type is QuestionType.CLOZE and len(deletions(q.prompt)) > 1]
    assert [qid for qid, _ in report.left_out] == [
        qid for qid in multi if qid in {i for i, _ in report.left_out}
    ]
    assert len(report.left_out) == len([q for q in multi if bank[q].review.status is ReviewStatus.APPROVED])


def test_moodle_xml_matches_the_hand_reviewed_fixture() -> None:
    """tests/fixtures/hostile.moodle.xml was read line by line against Moodle's XML and cloze import rules (no
    schema exists for Moodle XML): if the writer changes, review the new file the same way and replace it."""
    fixture = Path(__file__).parent / "fixtures" / "hostile.moodle.xml"
    assert EXPORTS["moodle"].write(DECK) == fixture.read_bytes()


def test_gift_texts_holding_its_batch_joiners_round_trip() -> None:
    # GIFT escapes its texts in batches joined by characters no escape touches: a batch where a text holds its
    # joiner is escaped text by text (HTML texts hold no control character: html() makes them U+FFFD).
    joiner = "\ue000 ~= [html]"
    items = [
        ExportItem(question("j-mcq", QuestionType.MCQ, "%5% " + joiner, joiner, distractors=("[x", "%1%")),
                   ("c",), (joiner,)),
        ExportItem(question("j-short", QuestionType.SHORT, joiner, "a\x1fb:", aliases=("x\x1e%5%",)), ("c",),
                   (joiner,)),
    ]  # fmt: skip
    data = EXPORTS["gift"].write(ExportDeck("D", "d", tuple(items)))
    assert "a\x1fb\\:" in data.decode()
    compare("gift", items, data)
    compare("gift", items, data, reader="gift-moodle")


def test_gift_texts_holding_its_syntax_placeholders_round_trip() -> None:
    # GIFT writes each question with its syntax ({ } = ~ # : and line ends) as control characters, put back once
    # the batch is escaped: an id or typed answer holding one of them must keep it (quoted, then restored).
    marks = "".join(chr(c) for c in (*range(1, 9), 0x0E, 0x0F))
    items = [
        ExportItem(question("m-short", QuestionType.SHORT, "Typed?", f"a{marks}b", aliases=(f"{marks}%5%",)),
                   ("c",), ("fb",)),
        ExportItem(question("m-cloze", QuestionType.CLOZE, f"x {{{{c1::w{marks}}}}} y", None), ("c",), ()),
    ]  # fmt: skip
    data = EXPORTS["gift"].write(ExportDeck("D", "d", tuple(items)))
    compare("gift", items, data)
    compare("gift", items, data, reader="gift-moodle")
    # An id holding them (no GIFT reader takes control characters in a title): the bytes, read by hand.
    odd = ExportItem(question(f"m{marks}", QuestionType.TRUE_FALSE, "T?", True, tags=()), ("c",), ())
    assert EXPORTS["gift"].write(ExportDeck("D", "d", (odd,))).decode() == (
        "// D: exported by quizgen; import into Moodle as GIFT.\n\n$CATEGORY: $course$/top/c\n\n"
        f"// [id:m{marks}]\n::m{marks}::[html]T?{{TRUE}}\n"
    )


def test_export_items_are_the_items_exportitem_builds_and_stay_frozen() -> None:
    # export_item sets the twelve slots at once (core.maker); ExportItem(...) through __init__ must agree
    for q in QUESTIONS:
        made = lms.export_item(q, ("c", "t"), FEEDBACK)
        built = ExportItem(q, ("c", "t"), FEEDBACK)
        assert type(made) is ExportItem and made == built
        with pytest.raises(FrozenInstanceError):
            made.right = 1  # type: ignore[misc]
