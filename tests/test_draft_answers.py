"""Drafts across a project: ids unique and stable, distractors of the answer's kind, fair aliases, readable ids
on accept; and the drafts writer's YAML against PyYAML's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quizgen import api
from quizgen.cli import app
from quizgen.draft import answers
from quizgen.draft import drafts as drafting
from quizgen.review import drafts as reviewing

HARBOUR = (
    "Harbour row\n\n"
    "\u201cWe will not accept this plan under any circumstances,\u201d Harbour Authority spokeswoman Ada Quill "
    "said on Tuesday.\n\n"
    "Trade Minister Olan Brisk said the port would stay open. \u201cNothing changes for the fishing fleet this "
    "year,\u201d Brisk said.\n\n"
    "\u201cThe town was never asked about the fences,\u201d the Portvale Traders Association said.\n\n"
    "\u201cWe were promised a hearing before the vote,\u201d said Tessa Lind, who runs a bakery.\n\n"
    "Ms. Quill said the plan was final.\n"
)
MARKET = (
    "Market day\n\n"
    "Harbour Authority spokeswoman Ada Quill visited the market on Friday.\n\n"
    "\u201cThe stalls will move to the square in spring,\u201d Deputy Mayor Pavel Osk said.\n"
)


ITEM = (
    "- id: quill-final\n  type: short\n  topic: who-said\n  prompt: Who said the plan was final?\n"
    "  answer: Quill\n  evidence:\n    - source: harbour\n      quote: Ms. Quill said the plan was final.\n"
    "  review: {status: draft}\n"
)


def _project(tmp_path: Path, articles: dict[str, str], bank: str = ITEM) -> Path:
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "question_bank").mkdir()
    catalogue = "articles:\n"
    for aid, text in articles.items():
        (root / "seeds" / f"{aid}.txt").write_text(text, "utf-8")
        catalogue += f"  - id: {aid}\n    outlet: Test Wire\n    headline: {text.splitlines()[0]}\n"
        catalogue += "    headline_line: 1\n    published: null\n"
    (root / "seeds" / "sources.yaml").write_text(catalogue, "utf-8")
    (root / "question_bank" / "bank.yaml").write_text(bank, "utf-8")
    return root


def _draft(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["draft", *args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def _items(root: Path, article: str) -> list[dict[str, object]]:
    data = yaml.safe_load((root / "question_bank" / "drafts" / f"{article}.yaml").read_text("utf-8"))
    assert isinstance(data, list)
    return data


def _clean(root: Path) -> None:
    found = api.check(root, include_drafts=True).diagnostics
    assert [d for d in found if d.severity.value != "note"] == []


def test_answer_kinds() -> None:
    kind = answers.answer_kind
    assert kind("Lu Kang", "person") == "person"
    assert kind("Elijah E. Cummings") == "person"
    assert kind("Chinese Foreign Ministry", "organisation") == "organisation"
    assert kind("Pentagon", "person") is None  # one word is no person: "Pentagon", "Another"
    assert kind("Another", "person") is None
    assert kind("South Korean", "person") is None  # a nationality
    assert kind("We will not accept this plan") is None  # a quotation ("Which did X say?" answers)
    assert kind('"Nothing changes," Brisk') is None
    assert not answers.surely_person("Wall Street") and answers.surely_person("Ada Quill")
    assert answers.surely_person("Kong Xuanyou", {"Kong Xuanyou"})  # named with a post in the articles


def test_aliases_are_taken_from_the_article_and_never_fit_another_entity() -> None:
    assert answers.person_aliases("Ada Quill", HARBOUR) == ["Quill", "Ms. Quill"]
    assert answers.person_aliases("Olan Brisk", HARBOUR) == ["Brisk", "Minister Olan Brisk"]
    assert answers.person_aliases("Tessa Lind", HARBOUR) == []  # named once: no short form to go by
    assert answers.person_aliases("George W. Bush", "George W. Bush spoke.") == ["George Bush"]
    assert answers.post_aliases("Chinese President") == ["China's President", "President of China"]
    assert answers.post_aliases("visiting Trade Minister") == ["Trade Minister"]
    assert answers.organisation_aliases(
        "Terminal High Altitude Area Defense", "the Terminal High Altitude Area Defense (THAAD) system"
    ) == ["THAAD"]
    assert answers.organisation_aliases("Russian Foreign Ministry", "") == [
        "Russia's Foreign Ministry",
        "Foreign Ministry of Russia",
        "Russian Ministry of Foreign Affairs",
    ]
    people = answers.Entities.of(["Hillary Clinton", "Bill Clinton", "Clinton", "Ada Quill"])
    assert people.clashes("Clinton", "Hillary Clinton")  # Bill Clinton answers to it too
    assert not people.clashes("Quill", "Ada Quill")
    assert people.clashes("Quill", "Ada Quill", ["Ben Quill"])  # an option of the item shares it


def test_drafts_offer_people_among_people_and_carry_fair_aliases(tmp_path: Path) -> None:
    bank = (
        "- id: which-said\n  type: mcq\n  topic: who-said\n  prompt: Which did Pavel Osk say?\n"
        "  answer: The stalls will move to the square in spring\n"
        "  distractors: [The fleet stays, The fences go, The vote waits]\n"
        "  evidence:\n    - source: market\n"
        "      quote: The stalls will move to the square in spring,\u201d Deputy Mayor Pavel Osk said.\n"
        "  review: {status: draft}\n"
    )
    root = _project(tmp_path, {"harbour": HARBOUR, "market": MARKET}, bank)
    _draft(root, "harbour", "market")
    _clean(root)
    items = _items(root, "harbour")
    said = {str(i["answer"]): i for i in items if i["topic"] == "who-said"}
    quill, brisk = said["Ada Quill"], said["Olan Brisk"]
    # People among people, this article's first; never the association, never the bank's quotation answer.
    assert quill["distractors"] == ["Olan Brisk", "Tessa Lind", "Pavel Osk"]
    assert all("Portvale Traders Association" not in i.get("distractors", []) for i in items)  # type: ignore[operator]
    assert quill["aliases"] == ["Quill", "Ms. Quill"]
    assert brisk["aliases"] == ["Brisk", "Minister Olan Brisk"]
    # The association's quotation has no three organisations to offer: a short question.
    assert said["Portvale Traders Association"]["type"] == "short"


def test_ids_are_unique_across_articles_and_stable_when_drafted_one_at_a_time(tmp_path: Path) -> None:
    text_b = HARBOUR.replace("Harbour row", "Harbour row, day two")
    root = _project(tmp_path, {"harbour": HARBOUR, "harbour-2": text_b})
    _draft(root, "harbour")
    first = [i["id"] for i in _items(root, "harbour")]
    _draft(root, "harbour-2")  # the same people and posts: its ids must not collide with the first's
    second = [i["id"] for i in _items(root, "harbour-2")]
    tag = drafting.short_id("harbour-2")
    assert len(second) == len(first)
    assert second == [f"{qid}-{tag}" for qid in first]
    assert "ada-quill-said-we-will-not-accept" in first and "-" + tag not in "".join(first)
    _clean(root)
    # Again, in any order or together: nothing new, nothing renamed.
    assert _draft(root, "harbour-2", "harbour").startswith("0 new drafts")
    other = _project(tmp_path / "other", {"harbour": HARBOUR, "harbour-2": text_b})
    _draft(other, "harbour", "harbour-2")
    assert [i["id"] for i in _items(other, "harbour-2")] == second


def test_accept_gives_a_readable_id_unless_it_was_built(tmp_path: Path) -> None:
    text_b = HARBOUR.replace("Harbour row", "Harbour row, day two")
    root = _project(tmp_path, {"harbour": HARBOUR, "harbour-2": text_b})
    _draft(root, "harbour")
    _draft(root, "harbour-2")
    plain = "ada-quill-said-we-will-not-accept"
    tagged = f"{plain}-{drafting.short_id('harbour-2')}"
    # The short id is another draft's: kept.
    (done,) = reviewing.accept(root, [tagged], by="Ana")
    assert (done.id, done.draft) == (tagged, tagged)
    # Once the other is rejected, the short id is free and the next accept takes it.
    root2 = _project(tmp_path / "two", {"harbour": HARBOUR, "harbour-2": text_b})
    _draft(root2, "harbour")
    _draft(root2, "harbour-2")
    reviewing.reject(root2, [plain], by="Ana")
    (done,) = reviewing.accept(root2, [tagged], by="Ana")
    assert (done.id, done.draft) == (plain, tagged)
    result = api.check(root2)
    assert [d for d in result.diagnostics if d.severity.value == "error"] == []
    assert plain in result.project.bank.ids and tagged not in result.project.bank.ids
    # An id a lock file holds (built once: an Anki GUID) is never changed.
    other = f"olan-brisk-said-nothing-changes-for-the-{drafting.short_id('harbour-2')}"
    assert other in {d.id for d in reviewing.pending(root2)}
    reviewing.reject(root2, ["olan-brisk-said-nothing-changes-for-the"], by="Ana")
    (root2 / "decks").mkdir()
    lock = {"deck": "D", "format": 1, "notes": {other: {"hash": "0" * 16, "mod": 1, "retired": True}}}
    (root2 / "decks" / "d.lock.json").write_text(json.dumps(lock), "utf-8")
    (done,) = reviewing.accept(root2, [other], by="Ana")
    assert done.id == other


# Not U+0085 or U+2028: PyYAML writes them raw in single quotes, where YAML may read them back as a space or
# a line break (drafts hold neither: their texts are split on whitespace and joined with spaces).
@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from([*"ab '\"#:-,.?é\u2019\u201c[]{}&*!|>%@`\t\n~0y", "\U0001f600"]),
        max_size=140,
    )
)
def test_the_drafts_writer_writes_a_scalar_as_pyyaml_does(value: str) -> None:
    for width in (30, 96):
        key = "k" * (110 - 2 - 12 - width)
        slow = yaml.safe_dump(value, allow_unicode=True, width=width, default_flow_style=True)
        slow = slow.removesuffix("\n").removesuffix("\n...").rstrip("\n")
        lines = slow.split("\n")
        expected = "\n".join([lines[0]] + ["    " + line.lstrip() for line in lines[1:]])
        assert drafting._scalar(value, 2, key) == expected
        assert yaml.safe_load("k: " + drafting._scalar(value, 2, key)) == {"k": value}


@pytest.mark.parametrize("values", [["Ada Quill", "Olan Brisk"], ["yes", "a: b"], ["x, y", "é"]])
def test_the_drafts_writer_writes_a_flow_list_as_pyyaml_does(values: list[str]) -> None:
    slow = yaml.safe_dump(values, allow_unicode=True, width=10_000, default_flow_style=True).strip()
    assert drafting._flow(values) == slow


HOSTILE = [
    'He said: "no" # not a comment',
    "- a list? no",
    "'single' and \"double\" quotes",
    "key: value",
    "# a hash first",
    "ünïcødé — \u201ccurly\u201d \u2018quotes\u2019 \U0001f600",
    "line one\nline two",
    "a tab\there",
    "a colon last:",
    "yes",
    "null",
    "2017-01-01",
    "1e3",
    "[brackets], {braces}",
    "&anchor *alias !tag",
    "| pipe > fold",
    "%percent @at `tick`",
    " a space first",
    "a space last ",
    "two  spaces",
    "a line\u2028separator",
    "a next\x85line",
    " a space first and a next line last\x85",
    "x" * 150 + " " + "many words " * 30 + "'quoted' " * 20,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_drafts_writer_reads_back_hostile_text(text: str) -> None:
    """Every text field of a drafts file, written with the writer's own fast path, reads back as it was."""
    item: dict[str, object] = {
        "id": "x",
        "type": "mcq",
        "topic": "who-said",
        "prompt": f"Who said {text}?",
        "answer": text,
        "aliases": [text, "Quill"],
        "distractors": [text, "Olan Brisk", "Tessa Lind"],
        "evidence": [{"source": "harbour", "quote": text}],
        "tags": ["test-wire", "who-said"],
        "rule": "after-adjacent",
        "confidence": 0.9,
        "review": {"status": "draft", "note": text},
    }
    written = drafting.dump([drafting.Draft("x", item), drafting.Draft("y", {**item, "id": "y"})])
    assert yaml.safe_load(written) == [item, {**item, "id": "y"}]
    block = drafting.item_text(item, flow_lists=False, flow_mappings=False)
    assert yaml.safe_load(block) == [item]


def test_drafts_of_an_article_with_hostile_quotations_read_back(tmp_path: Path) -> None:
    text = (
        "Harbour row\n\n"
        "\u201cWe said: 'no' # twice - and - yes: null,\u201d Harbour Authority spokeswoman Ada Quill said.\n\n"
        "\u201c- The fences: all of them, [every one] & *none* stay!\u201d Trade Minister Olan Brisk said.\n\n"
        "Ms. Quill said the plan was final.\n"
    )
    root = _project(tmp_path, {"harbour": text})
    _draft(root, "harbour")
    items = _items(root, "harbour")
    said = [i for i in items if i["topic"] == "who-said"]
    assert {i["answer"] for i in said} == {"Ada Quill", "Olan Brisk"}
    for item in items:
        evidence = item["evidence"]
        assert isinstance(evidence, list)
        assert all(e["quote"] in " ".join(text.split()) for e in evidence)
    _clean(root)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dmitry Peskov", ["Dmitri Peskov", "Dmitriy Peskov"]),
        ("Yuri Ushakov", ["Yury Ushakov", "Yuriy Ushakov", "Iurii Ushakov"]),
        ("Sergei Lavrov", ["Sergey Lavrov"]),  # not Serhiy: the Ukrainian name is another name
        ("Igor Morgulov", []),  # one spelling only
        ("Peskov", []),  # no first name to respell
    ],
)
def test_a_person_gets_the_other_romanisations_of_the_first_name(name: str, expected: list[str]) -> None:
    # What the self-test marked wrong before: "Dmitri Peskov" for "Dmitry Peskov" is no typo, it is a spelling.
    assert [a for a in answers.person_aliases(name, f"{name} said so.") if a.split()[-1] == name.split()[-1]
            and a.split()[0] != name.split()[0]] == expected  # fmt: skip


def test_a_respelt_name_that_is_another_entity_is_dropped_as_a_clash() -> None:
    entities = answers.Entities.of(["Sergei Ivanov", "Sergey Ivanov"])
    assert entities.clashes("Sergey Ivanov", "Sergei Ivanov")
    assert not answers.Entities.of(["Sergei Ivanov", "Igor Ivanov"]).clashes("Sergey Ivanov", "Sergei Ivanov")
