"""Issue 19, what a newcomer trips over: each friction, with a test that failed before it was fixed."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from quizgen.checks.example import BANK_FILE, FILES, write
from quizgen.cli import app
from quizgen.load.yamlfile import ReadError, compose

runner = CliRunner()
ITEM = FILES[BANK_FILE]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write(tmp_path, {})
    return tmp_path


# 1. The project root is found from any folder inside it, as git finds a repository.


def test_check_from_a_subfolder_finds_the_project_root(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: ``cd question_bank && quizgen check`` said "question bank folder not found: create it"."""
    (project / "question_bank" / "deeper").mkdir()
    monkeypatch.chdir(project / "question_bank" / "deeper")
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.stdout
    assert "not found" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("checked 1 question against 2 articles")


def test_root_option_still_wins_over_the_folder_found(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path_factory.mktemp("other")
    write(other, {BANK_FILE: ITEM + ITEM.replace("id: rojas-role", "id: rojas-role-2")})
    monkeypatch.chdir(project / "seeds")
    result = runner.invoke(app, ["check", "--root", str(other)])
    assert "checked 2 questions" in result.stdout


def test_outside_any_project_the_message_names_the_folder_and_root_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "seeds").mkdir()  # a lone seeds/ (a garden's) makes no project
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("question_bank:1:1: error: question bank folder not found in ")
    assert str(tmp_path.resolve()) in first
    assert "run quizgen inside the project's folder or pass --root DIR" in first


def test_find_root_walks_up_and_stops_at_a_marker(tmp_path: Path) -> None:
    from quizgen.core.root import find_root

    (tmp_path / "p" / "seeds").mkdir(parents=True)
    (tmp_path / "p" / "question_bank" / "drafts").mkdir(parents=True)
    assert find_root(tmp_path / "p" / "question_bank" / "drafts") == (tmp_path / "p").resolve()
    (tmp_path / "q" / "a").mkdir(parents=True)
    (tmp_path / "q" / "quizgen.yaml").write_text("topics: {}\n")
    assert find_root(tmp_path / "q" / "a") == (tmp_path / "q").resolve()


# 2. YAML syntax errors say how to fix the common mistakes, with the exact line to write.


def _error(text: str) -> str:
    with pytest.raises(ReadError) as caught:
        compose(text, "f.yaml")
    d = caught.value.diagnostic
    return f"{d.location.line}:{d.location.column} {d.message} [{d.code}]"


def _suggested(message: str) -> str:
    """The ``KEY: VALUE`` line a hint tells to write."""
    return message.rsplit(": write ", 1)[1].rsplit(" [", 1)[0]


@pytest.mark.parametrize(
    ("value", "meant", "why"),
    [
        ("Lu Kang: what post?", "Lu Kang: what post?", "a colon followed by a space inside a value"),
        ("@kang said so", "@kang said so", "starting with @ must be quoted"),
        ("`kang` said so", "`kang` said so", "starting with ` must be quoted"),
        ("%50 rise", "%50 rise", "starting with % must be quoted"),
        ("*Lu Kang* said", "*Lu Kang* said", "starting with * must be quoted"),
        ("&Co", "&Co", "starting with & must be quoted"),
        ("!Important news", "!Important news", "starting with ! must be quoted"),
        ('"He said "hi" to me"', 'He said "hi" to me', 'closing quotation mark (") comes before its end'),
        ("'it's here'", "it's here", "closing quotation mark (') comes before its end"),
        ('"Lu Kang" said it: twice', '"Lu Kang" said it: twice', "closing quotation mark"),
        ("[sic] said", "[sic] said", "starting with [ must be quoted"),
    ],
)
def test_yaml_hint_gives_a_line_that_reads_back_as_meant(value: str, meant: str, why: str) -> None:
    """Before: "mapping values are not allowed in this context [QG002]" and nothing on what to do."""
    message = _error(f"- id: a\n  prompt: {value}\n")
    assert message.startswith("2:"), message
    assert why in message
    suggestion = _suggested(message)
    assert suggestion.startswith("prompt: ")
    assert yaml.safe_load(f"- id: a\n  {suggestion}\n") == [{"id": "a", "prompt": meant}]


def test_yaml_hint_for_the_issue_example() -> None:
    assert _error("- id: a\n  prompt: Lu Kang: what post?\n") == (
        "2:18 YAML syntax error: mapping values are not allowed in this context; a colon followed by a space "
        'inside a value starts a new key: quote the value: write prompt: "Lu Kang: what post?" [QG002]'
    )


def test_yaml_hint_for_tab_indentation() -> None:
    assert "indent with spaces: YAML does not allow tabs" in _error("- id: a\n\tprompt: x\n")
    assert "indent with spaces" in _error("items:\n\t- a\n")


def test_yaml_unclosed_quote_is_located_where_it_opens() -> None:
    """Before: "found unexpected end of stream" at the file's last line, far from the quote left open."""
    message = _error('- id: a\n  prompt: "Lu Kang said\n  answer: b\n')
    assert message.startswith("2:11 ")
    assert "the quotation mark opened at line 2, column 11 is never closed" in message


def test_an_unused_anchor_no_longer_swallows_text_silently() -> None:
    """Before: ``answer: &Co`` loaded as an empty answer, ``answer: &Co ltd`` as "ltd", without a word."""
    assert _error("- id: a\n  answer: &Co ltd\n").endswith('write answer: "&Co ltd" [QG003]')
    assert "[QG003]" in _error("- id: a\n  prompt: ! news\n")


# 3. "Did you mean ...?" wherever a user names a thing: ids, decks, topics, sources, tags, rule codes.


def _cli(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--root", str(root)])
    assert result.exception is None or type(result.exception) is SystemExit, result.exception
    return result.exit_code, result.output


DECK = (
    "name: Example\ndeck_id: 1700000000001\nnote_type_ids: {short: 1700000000011, mcq: 1700000000012, "
    "true-false: 1700000000013, cloze: 1700000000014}\n"
)


def test_approve_an_unknown_id_suggests_the_near_one(project: Path) -> None:
    """Before: "no such question: rojas-rol" and nothing more."""
    code, out = _cli(project, "approve", "rojas-rol", "--by", "Ana")
    assert code == 1
    assert "no such question: rojas-rol (did you mean 'rojas-role'?)" in out
    assert "did you mean" not in _cli(project, "approve", "zzz-nothing-alike", "--by", "Ana")[1]


def test_review_an_unknown_draft_suggests_the_near_one(tmp_path: Path) -> None:
    from draft_project import drafted_project

    root = drafted_project(tmp_path, "000_61357396dd02fba6")
    code, out = _cli(root, "review", "--accept", "kim-kwan-met-michael-flyn", "--by", "Ana")
    assert code == 1
    assert "(did you mean 'kim-kwan-met-michael-flynn'?)" in out


@pytest.mark.parametrize(
    ("option", "typed", "meant"),
    [("--topic", "rol", "role"), ("--source", "exampel", "example"), ("--deck", "exmple", "example"),
     ("--tag", "rojass", "rojas")],
)  # fmt: skip
def test_selftest_filters_suggest_the_near_name(project: Path, option: str, typed: str, meant: str) -> None:
    """Before: "unknown topic 'rol' (topics: ...)"; an unknown tag just matched nothing."""
    (project / "decks").mkdir()
    (project / "decks" / "example.yaml").write_text(DECK)
    (project / BANK_FILE).write_text(
        ITEM.replace("  review: {status: draft}\n", "  tags: [rojas]\n  review: {status: draft}\n")
    )
    code, out = _cli(project, "selftest", option, typed, "--answers", "-", "--no-save")
    assert code == 2, out
    assert f"(did you mean {meant!r}?)" in out


def test_rules_and_relations_suggest_the_near_name(project: Path) -> None:
    result = runner.invoke(app, ["rules", "QG21"])
    assert result.exit_code == 2 and "no rule 'QG21' (did you mean 'QG201'?)" in result.output
    (project / "decks").mkdir()
    (project / "decks" / "example.yaml").write_text(DECK)
    code, out = _cli(project, "relations", "--deck", "exmple")
    assert code == 1 and "(did you mean 'example'?)" in out.lower()


def test_bank_and_deck_definitions_suggest_the_near_name(project: Path) -> None:
    (project / BANK_FILE).write_text(ITEM.replace("topic: role", "topic: rol"))
    (project / "decks").mkdir()
    (project / "decks" / "example.yaml").write_text(DECK + "select: {topics: [rolee], sources: [exampel]}\n")
    code, out = _cli(project, "check")
    assert code == 1
    assert "unknown topic 'rol' (did you mean 'role'?)" in out
    assert "select.topics: unknown 'rolee' (did you mean 'role'?)" in out
    assert "select.sources: unknown 'exampel' (did you mean 'example'?)" in out


def test_draft_an_unknown_article_suggests_the_near_one(project: Path) -> None:
    code, out = _cli(project, "draft", "exampel")
    assert code == 1 and "unknown article 'exampel' (did you mean 'example'?)" in out


# 4. One mistake, one error: a typo in an approved item's quote is QG201 alone, not also QG601.


def _codes(root: Path) -> list[str]:
    from quizgen import api

    return [d.code for d in api.check(root).diagnostics if d.severity.value == "error"]


def test_a_quote_typo_in_an_approved_item_gives_one_error(project: Path) -> None:
    """Before: QG201 and QG601 ("review it again and run quizgen approve"), though undoing the typo is the fix."""
    import datetime as dt

    from quizgen import api

    api.approve(project, ["rojas-role"], by="Ana", on=dt.date(2025, 6, 4))
    bank = project / BANK_FILE
    approved = bank.read_text()
    assert _codes(project) == []
    bank.write_text(approved.replace("did not cover copper", "did not cover coper"))
    assert _codes(project) == ["QG201"]
    bank.write_text(approved)  # undoing the typo restores the approval
    assert _codes(project) == []
    # Valid evidence again, but not what was approved: now re-approval is asked for.
    bank.write_text(approved.replace("Pablo Rojas said the deal did not cover copper.", "Pablo Rojas said"))
    assert _codes(project) == ["QG601"]


# 5 and 6. Citations and quoted passages: display trims trailing ;,: and nests the passage's own quotation marks.

REPO = Path(__file__).resolve().parent.parent


def test_a_headline_copied_with_its_lines_semicolon_is_cited_without_it(project: Path) -> None:
    """Before: every card and key citation read "Example Daily: “Ministers meet in Lisbon;” (...)"."""
    from quizgen.core.display import citation
    from quizgen.load.project import load_project

    article = project / "seeds" / "example.txt"
    article.write_text(
        article.read_text().replace("Ministers meet in Lisbon\n", "Ministers meet in Lisbon;\n")
    )
    catalogue = project / "seeds" / "sources.yaml"
    catalogue.write_text(
        catalogue.read_text().replace(
            "headline: Ministers meet in Lisbon\n", "headline: Ministers meet in Lisbon;\n"
        )
    )
    loaded = load_project(project)
    assert [d.message for d in loaded.diagnostics] == []
    shown = citation(loaded.project.sources.articles["example"], 6)
    assert shown == "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line 6"


def test_the_headline_check_stays_exact(project: Path) -> None:
    """Trimming is display only: a catalogue headline that differs from its line is still refused."""
    from quizgen.load.project import load_project

    article = project / "seeds" / "example.txt"
    article.write_text(
        article.read_text().replace("Ministers meet in Lisbon\n", "Ministers meet in Lisbon;\n")
    )
    messages = [d.message for d in load_project(project).diagnostics]
    assert len(messages) == 1 and messages[0].startswith("headline is not line 1 of seeds/example.txt")


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        (
            '"Beijing and Moscow are opposed," he said.',
            "\u201c\u2018Beijing and Moscow are opposed,\u2019 he said.\u201d",
        ),
        ("the Chief, Kim Kwan-jin,", "\u201cthe Chief, Kim Kwan-jin\u201d"),
        ("\u201cWe will,\u201d she said;", "\u201c\u2018We will,\u2019 she said\u201d"),
        ("no marks at all.", "\u201cno marks at all.\u201d"),
    ],
)
def test_a_quoted_passage_never_doubles_its_quotation_marks(quote: str, shown: str) -> None:
    from quizgen.assemble.forms import excerpt
    from quizgen.core.display import quoted

    assert quoted(quote) == shown
    assert f"\u201c{excerpt(quote)}\u201d" == shown  # keys and printed citations wrap the excerpt so


def test_a_cut_excerpt_opening_with_a_quotation_mark_is_nested() -> None:
    from quizgen.assemble.forms import excerpt

    cut = excerpt('"The US deployment of an advanced anti-missile system gravely harms" them', limit=40)
    assert cut.startswith("\u2018The US deployment") and cut.endswith("\u2026")


def test_the_committed_keys_have_no_doubled_marks_nor_trailing_commas() -> None:
    """Before: 10 key rows of decks/thaad.keys.md started \u201c"The US deployment..."""
    keys = (REPO / "decks" / "thaad.keys.md").read_text(encoding="utf-8")
    assert '\u201c"' not in keys and '"\u201d' not in keys
    assert ",\u201d" not in keys and ";\u201d" not in keys


# 7. Self-test: text wrapped to the terminal, a diff that marks only what grading counts, missed mcq reshuffled.

LONG = (
    "  evidence: \u201c\u2018Beijing and Moscow are steadfastly opposed to the THAAD deployment and seriously "
    "suggest that relevant countries stop and cancel the installation,\u2019 he said.\u201d"
)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_selftest_text_wraps_to_the_terminal_width_without_splitting_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: every line was written whole, and the terminal split words at its edge."""
    from quizgen.selftest.terminal import LineTerminal

    monkeypatch.setenv("COLUMNS", "40")
    out = _Tty()
    LineTerminal(out, None, colour=False).say(LONG)
    lines = out.getvalue().splitlines()
    assert len(lines) > 3 and all(len(line) <= 40 for line in lines)
    assert " ".join(line.strip() for line in lines) == LONG.strip()  # every word whole, in order
    assert all(line.startswith("  ") for line in lines)  # the continuation keeps the indent


def test_wrapping_ignores_colour_codes_and_keeps_a_list_hang() -> None:
    from quizgen.selftest.terminal import wrap

    dim = "\x1b[2m    - TRT World: \u201cChina and Russia oppose US missile system\u201d (3 July 2017), line 25\x1b[0m"
    lines = wrap(dim, 40)
    assert [len(re.sub(r"\x1b\[[0-9;]*m", "", x)) <= 40 for x in lines] == [True] * len(lines)
    assert lines[1].startswith("      ")  # under the text, past "    - "
    assert wrap("  B. " + "word " * 12, 30)[1].startswith("     word")


def test_a_file_or_pipe_is_not_wrapped(monkeypatch: pytest.MonkeyPatch) -> None:
    from quizgen.selftest.terminal import LineTerminal

    monkeypatch.setenv("COLUMNS", "40")
    out = io.StringIO()
    LineTerminal(out, None, colour=False).say(LONG)
    assert out.getvalue() == LONG + "\n"


@pytest.mark.parametrize(
    ("typed", "answer", "shown"),
    [
        ("the lu kang", "Lu Kang", ""),  # case and a leading "the": graded equal, nothing marked
        ("chinese foreign ministry.", "The Chinese Foreign Ministry", ""),
        ("Lu Kng", "Lu Kang", "Lu K{+a+}ng"),
        ("the Chilean Foreign Ministr", "Chilean Foreign Minister", "the Chilean Foreign Minist{+e+}r"),
        ("Kang", "Lu Kang", "{+Lu +}Kang"),
    ],
)
def test_the_diff_marks_only_what_grading_counts(typed: str, answer: str, shown: str) -> None:
    """Before: "[-t-]{+T+}he" and "[-l-]{+L+}u" marked differences the grade had ignored."""
    from quizgen.selftest.grading import grade_text, render_diff

    assert render_diff(grade_text(typed, answer).diff, colour=False) == shown


def test_cloze_blanks_are_diffed_one_by_one() -> None:
    from quizgen.selftest.grading import grade_parts, render_diff

    grade = grade_parts(["the Moscw", "berlin"], ["Moscow", "Berlin"])
    assert render_diff(grade.diff, colour=False) == "the Mosc{+o+}w; berlin"


def test_a_missed_choice_comes_back_reshuffled(tmp_path: Path) -> None:
    """Before: a missed mcq came back with its options in the same order (the answer under the same letter)."""
    from selftest_project import make_project

    from quizgen.selftest.pool import Filters, select, show

    pool = select(make_project(tmp_path), Filters())
    q = pool.questions["signing-city"]
    for seed in range(30):
        orders = [show(q, seed, attempt).options for attempt in range(3)]
        letters = [[right for _, right in o].index(True) for o in orders]
        assert letters[0] != letters[1] and letters[1] != letters[2], (seed, letters)
        assert sorted(orders[0]) == sorted(orders[1])
        assert show(q, seed, 1) == show(q, seed, 1)  # deterministic: a resumed session shows the same
    assert show(q, 5) == show(q, 5, 0)  # a first showing is as before


def test_a_missed_choice_is_asked_again_in_a_new_order_in_a_session(tmp_path: Path) -> None:
    import random

    from selftest_project import make_project

    from quizgen.selftest.pool import Filters, select, show
    from quizgen.selftest.scheduler import Scheduler
    from quizgen.selftest.session import Engine, Options
    from quizgen.selftest.state import open_store

    pool = select(make_project(tmp_path / "p"), Filters(tags=(), topics=("where",)))
    first = show(pool.questions["signing-city"], 1)
    wrong = next(L for L, (_, right) in zip("ABCD", first.options, strict=True) if not right)
    out = io.StringIO()
    from quizgen.selftest.terminal import LineTerminal

    terminal = LineTerminal(out, iter([wrong, "Lisbon", "q"]), colour=False)
    rng = random.Random(7)
    now = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    Engine(pool, open_store(tmp_path / "s.db"), Scheduler(None, rng), terminal, lambda: now, rng,
           Options(seed=1)).run()  # fmt: skip
    shown = [
        [line.split(". ", 1)[1] for line in block.splitlines() if re.match(r"  [A-D]\. ", line)]
        for block in out.getvalue().split("Where did Portugal")[1:]
    ]
    assert len(shown) == 2 and sorted(shown[0]) == sorted(shown[1])
    assert shown[0].index("Lisbon") != shown[1].index("Lisbon")


# 9. Decks and articles: build says which new items joined which deck; a deck mixing articles is warned about.

WIRE_ITEM = """\
- id: rojas-wednesday
  type: short
  topic: when
  prompt: On which day did Rojas repeat that the deal did not cover copper?
  answer: Wednesday
  evidence:
    - source: wire
      quote: Rojas repeated on Wednesday that the deal did not cover copper, and Ana Costa agreed.
  review: {status: draft}
"""


def _built(root: Path) -> str:
    result = runner.invoke(app, ["build", "anki", "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_build_says_which_new_items_joined_a_deck_and_warns_of_a_mixed_deck(project: Path) -> None:
    """Before: the wire story's item joined the Lisbon deck silently ("1 new")."""
    import datetime as dt

    from quizgen import api

    (project / "decks").mkdir()
    (project / "decks" / "example.yaml").write_text(DECK)
    api.approve(project, ["rojas-role"], by="Ana", on=dt.date(2025, 6, 4))
    first = _built(project)
    assert "joined" not in first and "QG808" not in first  # a first build: every item is new, one article
    (project / BANK_FILE).write_text((project / BANK_FILE).read_text() + WIRE_ITEM)
    api.approve(project, ["rojas-wednesday"], by="Ana", on=dt.date(2025, 6, 5), accept_warnings=True)
    assert "[QG808]" in runner.invoke(app, ["check", "--root", str(project)]).output  # check says it before
    second = _built(project)
    assert "  joined example: rojas-wednesday (from wire)\n" in second
    assert (
        "decks/example.yaml:1:1: warning: deck 'example' takes 1 item(s) from an article it did not hold (wire): "
        "its definition names no article; name those it is about in select.sources, or select by tags [QG808]"
    ) in second
    assert f"    {BANK_FILE}:16:5: rojas-wednesday cites wire\n" in second
    assert "QG808" not in _built(project)  # said once: the lock now holds the wire story


def test_a_deck_that_names_its_articles_keeps_a_new_story_out(project: Path) -> None:
    import datetime as dt

    from quizgen import api

    (project / "decks").mkdir()
    (project / "decks" / "example.yaml").write_text(DECK + "select: {sources: [example]}\n")
    (project / BANK_FILE).write_text((project / BANK_FILE).read_text() + WIRE_ITEM)
    api.approve(
        project, ["rojas-role", "rojas-wednesday"], by="Ana", on=dt.date(2025, 6, 4), accept_warnings=True
    )
    out = _built(project)
    assert "example: 1 notes (1 new" in out and "QG808" not in out


def test_a_deck_naming_articles_in_its_blueprint_warns_of_another(project: Path) -> None:
    from quizgen.checks.decks import mixed_articles
    from quizgen.load.decks import load_decks
    from quizgen.load.project import load_project

    (project / BANK_FILE).write_text((project / BANK_FILE).read_text() + WIRE_ITEM)
    (project / "decks").mkdir()
    (project / "decks" / "example.yaml").write_text(
        DECK
        + "select: {status: [draft]}\nprint:\n  blueprint:\n    questions: 1\n    sources: {example: 1}\n"
    )
    loaded = load_project(project).project
    decks, problems = load_decks(
        project, project / "decks", topics=loaded.topics, sources=frozenset(loaded.sources.articles)
    )
    assert problems == []
    (found,) = mixed_articles(decks[0], loaded)
    assert found.message == (
        "deck 'example' takes 1 item(s) from an article it does not name (wire): add it to select.sources if "
        "it belongs, or narrow select (sources, tags) to keep it out"
    )
    assert [r.message for r in found.related] == ["rojas-wednesday cites wire"]


# 10. Anki new-card order with subdecks: mixed topics, not five of one topic and then the next.

_SENTENCES = (
    "Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.",
    "Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.",
    "The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.",
)
_DELETIONS = {  # grouped by topic in bank order, as a bank written topic by topic is
    "role": [(1, "Chilean Foreign Minister"), (1, "Pablo Rojas"), (0, "Chile")],
    "where": [(0, "Lisbon"), (0, "Portugal"), (2, "South Pacific Fisheries Accord")],
    "when": [(0, "Tuesday"), (2, "2019"), (1, "copper")],
}


def _topic_project(root: Path) -> Path:
    import json

    items = [
        f"- id: {topic}-{n}\n  type: cloze\n  topic: {topic}\n"
        f"  prompt: {json.dumps(_SENTENCES[s].replace(w, '{{c1::' + w + '}}', 1))}\n"
        f"  evidence:\n    - source: example\n      quote: {_SENTENCES[s]}\n  review: {{status: draft}}\n"
        for topic, deletions in _DELETIONS.items()
        for n, (s, w) in enumerate(deletions)
    ]
    write(
        root,
        {
            BANK_FILE: "".join(items),
            "decks/example.yaml": DECK + "select: {status: [draft]}\nsubdecks: topic\n",
        },
    )
    return root


def _first_new_cards(apkg: Path, tmp_path: Path, gather: int | None) -> list[str]:
    """The subdecks of the first new cards Anki's scheduler serves from the imported deck."""
    pytest.importorskip("anki")
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=True)
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))
        did = col.decks.id_for_name("Example")
        assert did is not None
        col.decks.select(did)
        if gather is not None:  # Deck options > Display order > New card gather order
            conf = col.decks.config_dict_for_deck_id(did)
            conf["newGatherPriority"] = gather
            col.decks.update_config(conf)
        queued = col.sched.get_queued_cards(fetch_limit=9).cards
        return [col.decks.name(col.get_card(c.card.id).did).rsplit("::", 1)[1] for c in queued]
    finally:
        col.close()


def test_new_cards_arrive_with_topics_mixed_in_position_order(tmp_path: Path) -> None:
    """Before: due followed the bank, so a bank written topic by topic was learned topic by topic."""
    root = _topic_project(tmp_path / "p")
    assert runner.invoke(app, ["build", "anki", "--root", str(root)]).exit_code == 0
    ascending_position = 1
    served = _first_new_cards(root / "decks" / "example.apkg", tmp_path, ascending_position)
    assert len(served) == 9
    assert set(served[:3]) == {"role", "where", "when"}  # each run of three holds every topic
    assert set(served[3:6]) == {"role", "where", "when"} and set(served[6:]) == {"role", "where", "when"}


def test_anki_default_gathers_deck_by_deck_as_the_docs_say(tmp_path: Path) -> None:
    """Why docs/anki.md names the setting: Anki's default gather order takes a subdeck at a time whatever the
    positions, so the order only shows with "Ascending position"."""
    root = _topic_project(tmp_path / "p")
    assert runner.invoke(app, ["build", "anki", "--root", str(root)]).exit_code == 0
    served = _first_new_cards(root / "decks" / "example.apkg", tmp_path, None)
    assert served == sorted(served)  # subdecks in name order: role, role, role, when, ...


def test_mixed_order_spreads_each_subdeck_and_keeps_bank_order_within_it() -> None:
    from quizgen.writers.anki import mixed_order

    groups = ["a"] * 6 + ["b"] * 2 + ["c"] * 4
    positions = mixed_order(groups)
    order = [groups[i] for i in sorted(range(len(groups)), key=positions.__getitem__)]
    assert order == ["a", "c", "a", "b", "c", "a", "a", "c", "a", "b", "c", "a"]
    a_positions = [p for p, g in zip(positions, groups, strict=True) if g == "a"]
    assert a_positions == sorted(a_positions)
    assert mixed_order(groups) == positions and sorted(positions) == list(range(12))
