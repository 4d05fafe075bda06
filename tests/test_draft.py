"""``quizgen draft``: drafts pass ``quizgen check``, and on the shipped seeds they cover what they must."""

from __future__ import annotations

from pathlib import Path

import yaml
from draft_project import DRAFTED_TOPICS, copy_project
from typer.testing import CliRunner

from quizgen import api
from quizgen.cli import app

SEEDS = ["000_61357396dd02fba6", "001_3ca21963ba7ad2b9", "002_6584fbb63d7a573b"]


def _copy_project(tmp_path: Path, *, bare: bool = False) -> Path:
    """The shipped project; ``bare``: without the bank items that already ask what the drafts would."""
    return copy_project(tmp_path, drop_topics=DRAFTED_TOPICS if bare else frozenset())


def _draft(root: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["draft", *args, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.stdout


def _items(path: Path) -> list[dict[str, object]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, list)
    return data


def test_seed_drafts_pass_check_and_cover_quotes_meetings_and_the_site(tmp_path: Path) -> None:
    root = _copy_project(tmp_path, bare=True)
    _draft(root, *SEEDS, "--output", str(root / "question_bank" / "zz-drafts.yaml"))
    result = api.check(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []  # not even a warning
    items = _items(root / "question_bank" / "zz-drafts.yaml")
    assert all(i["review"] == {"status": "draft"} and i["rule"] and 0 < i["confidence"] <= 1 for i in items)

    said = {(str(i["prompt"]).split('"')[1][:30], i["answer"]) for i in items if i["topic"] == "who-said"}
    # Every direct quotation of four words or more in the seeds, with its speaker.
    assert said == {
        ("We think the US-South Korean d", "Lu Kang"),
        ("China and other countries have", "Lu Kang"),
        ("It's natural and logical for C", "Victor Gao"),
        ("continue to strengthen their c", "Chinese Foreign Ministry"),
        ("collective political and diplo", "Russian Foreign Ministry"),
        ("create conditions conducive to", "Russian Foreign Ministry"),
        ("The US deployment of an advanc", "Xi Jinping"),
        ("Beijing and Moscow are steadfa", "Xi Jinping"),
    }
    met = {(str(i["prompt"]), i["answer"]) for i in items if i["topic"] == "met"}
    assert met == {
        ("Whom did Kim Kwan-jin meet?", "Michael Flynn"),
        ("Whom did Kong Xuanyou meet in Beijing on Tuesday?", "Igor Morgulov"),
    }
    where = [str(i["prompt"]) for i in items if i["topic"] == "where"]
    assert any("{{c1::Seongju}}" in p and "golf course" in p for p in where)
    where_met = {(str(i["prompt"]), i["answer"], i["rule"]) for i in items if str(i["id"]).endswith("-where")}
    assert where_met == {("Where did Kong Xuanyou meet Igor Morgulov on Tuesday?", "Beijing", "place-after")}
    roles = {(str(i["prompt"]), i["answer"]) for i in items if i["topic"] == "role"}
    assert ("What is Lu Kang's post?", "Chinese Foreign Ministry spokesman") in roles
    assert (
        "What is Victor Gao's post?",
        "director of the China National Association of International Studies",
    ) in roles
    when = {(str(i["prompt"]).split('"')[1][:20], i["answer"]) for i in items if i["topic"] == "when"}
    assert ("We think the US-Sout", "Friday") in when
    assert ("continue to strengthe", "Wednesday") not in when  # sanity of the 20-character key below
    assert ("continue to strength", "Wednesday") in when
    mcqs = [i for i in items if i["type"] == "mcq"]
    assert mcqs and all(len(i["distractors"]) == 3 for i in mcqs)  # type: ignore[arg-type]


def test_drafts_are_deterministic_and_never_proposed_twice(tmp_path: Path) -> None:
    root = _copy_project(tmp_path, bare=True)
    out = _draft(root, SEEDS[0])
    target = root / "question_bank" / "drafts" / f"{SEEDS[0]}.yaml"
    first = target.read_text("utf-8")
    assert "new drafts" in out
    # A reviewer's edit of a waiting draft survives a second run, which adds nothing.
    target.write_text(first.replace("Who said", "Who, according to CNN, said"), "utf-8")
    out = _draft(root, f"seeds/{SEEDS[0]}.txt")
    assert out.strip().startswith("0 new drafts")
    assert "according to CNN" in target.read_text("utf-8")
    # The same input in a fresh project gives the same bytes.
    other = _copy_project(tmp_path / "again", bare=True)
    _draft(other, SEEDS[0])
    assert (other / "question_bank" / "drafts" / f"{SEEDS[0]}.yaml").read_text("utf-8") == first


def test_rejected_drafts_are_not_proposed_again(tmp_path: Path) -> None:
    root = _copy_project(tmp_path, bare=True)
    drafts = root / "question_bank" / "drafts"
    drafts.mkdir()
    (drafts / "rejected.txt").write_text("draft-kim-kwan-met-michael-flynn\n", "utf-8")
    _draft(root, SEEDS[0])
    ids = [i["id"] for i in _items(drafts / f"{SEEDS[0]}.yaml")]
    assert "kim-kwan-met-michael-flynn" not in ids
    assert ids  # the others are still drafted


def _small_project(tmp_path: Path, article: str) -> Path:
    root = tmp_path / "p"
    (root / "seeds").mkdir(parents=True)
    (root / "question_bank").mkdir()
    (root / "seeds" / "harbour.txt").write_text(article, "utf-8")
    (root / "seeds" / "sources.yaml").write_text(
        "articles:\n  - id: harbour\n    outlet: Test Wire\n    headline: Harbour row\n    headline_line: 1\n"
        "    published: null\n",
        "utf-8",
    )
    (root / "question_bank" / "bank.yaml").write_text(
        "- id: quill-role\n  type: short\n  topic: role\n  prompt: What is Ada Quill's post?\n"
        "  answer: Harbour Authority spokeswoman\n  evidence:\n    - source: harbour\n"
        "      quote: Harbour Authority spokeswoman Ada Quill said on Tuesday.\n  review: {status: draft}\n",
        "utf-8",
    )
    return root


def test_a_quotation_introduced_by_a_short_paragraph(tmp_path: Path) -> None:
    root = _small_project(
        tmp_path,
        "Harbour row\n\nHarbour Authority spokeswoman Ada Quill said on Tuesday.\n\nQuill continued:\n\n"
        "\u201cThe port belongs to the town and its people, and it will stay that way.\u201d\n",
    )
    _draft(root, "harbour", "--output", str(root / "question_bank" / "drafts.yaml"))
    assert [
        d for d in api.check(root).diagnostics if d.severity.value != "note"
    ] == []  # "Quill continued:" alone would be too short an evidence
    (item,) = [i for i in _items(root / "question_bank" / "drafts.yaml") if i["topic"] == "who-said"]
    assert item["answer"] == "Ada Quill"
    assert item["rule"] == "before-adjacent"
    quotes = [e["quote"] for e in item["evidence"]]  # type: ignore[union-attr]
    assert quotes[-1].startswith("Quill continued: \u201cThe port")


def test_a_small_project_of_its_own(tmp_path: Path) -> None:
    root = _small_project(
        tmp_path,
        "Harbour row\n"
        "\n"
        "\u201cWe will not accept this plan under any circumstances,\u201d Harbour Authority spokeswoman Ada "
        "Quill said on Tuesday.\n"
        "\n"
        "The harbour chief, Ada Quill, met with visiting Trade Minister Olan Brisk in Portvale.\n"
        "\n"
        "The new cranes were installed at Eastmoor under the deal.\n",
    )
    _draft(root, "harbour", "--output", str(root / "question_bank" / "drafts.yaml"))
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []
    items = _items(root / "question_bank" / "drafts.yaml")
    got = [(i["topic"], i["rule"], i.get("answer")) for i in items]
    assert got == [
        ("who-said", "after-adjacent", "Ada Quill"),
        ("when", "after-adjacent", "Tuesday"),
        # Ada Quill's role is not drafted: the bank's quill-role already asks it.
        ("role", "role-before", "visiting Trade Minister"),
        ("met", "met-with", "Olan Brisk"),
        ("where", "place-after", "Portvale"),
        ("where", "placed-in", None),
    ]
    assert items[0]["type"] == "short"  # too few speakers for three distractors


def _drafts_diagnostics(root: Path) -> list[object]:
    """What ``check`` says of the drafts (the small project's bank item cites a sentence these articles lack)."""
    return [
        d
        for d in api.check(root).diagnostics
        if d.severity.value != "note" and d.location.path != "question_bank/bank.yaml"
    ]


def _where_met(tmp_path: Path, article: str) -> list[dict[str, object]]:
    """The drafts of a one-article project whose id asks where a meeting was, after ``check`` found the drafts
    clean (not even a warning: what ``check --strict`` asks)."""
    root = _small_project(tmp_path, article)
    _draft(root, "harbour", "--output", str(root / "question_bank" / "drafts.yaml"))
    assert _drafts_diagnostics(root) == []
    return [
        i for i in _items(root / "question_bank" / "drafts.yaml") if str(i["prompt"]).startswith("Where did")
    ]


def test_where_a_meeting_was_is_asked_with_places_as_options(tmp_path: Path) -> None:
    (item,) = _where_met(
        tmp_path,
        "Harbour row\n\nAda Quill met with Olan Brisk in Portvale on Monday.\n\n"
        "The new cranes were installed at Eastmoor under the deal.\n\n"
        "A second crane was built in Kellby last year.\n\n"
        "The old cranes were installed in Ridgeford under the deal.\n",
    )
    assert item["id"] == "ada-quill-met-olan-brisk-where"
    assert item["topic"] == "where"
    assert item["prompt"] == "Where did Ada Quill meet Olan Brisk on Monday?"
    assert item["answer"] == "Portvale"
    assert (item["rule"], item["confidence"]) == ("place-after", 0.9)
    assert item["type"] == "mcq"
    assert item["distractors"] == ["Eastmoor", "Kellby", "Ridgeford"]  # the article's own places
    assert [e["quote"] for e in item["evidence"]] == [  # type: ignore[union-attr]
        "Ada Quill met with Olan Brisk in Portvale on Monday."
    ]


def test_no_where_draft_for_a_meeting_without_a_place(tmp_path: Path) -> None:
    # The near miss: a call has no place (and no dateline gives it one); whom was met is still drafted.
    assert (
        _where_met(
            tmp_path,
            "Harbour row\n\nGENEVA (Reuters) - The harbour talks went on.\n\n"
            "Ada Quill spoke by phone with Olan Brisk on Monday about the harbour deal.\n",
        )
        == []
    )


def test_a_dateline_place_cites_the_dateline(tmp_path: Path) -> None:
    (item,) = _where_met(
        tmp_path,
        "Harbour row\n\nGENEVA (Reuters) - The harbour talks went on for a second week.\n\n"
        "Ada Quill met with Olan Brisk on Monday to settle the harbour deal.\n",
    )
    assert (item["answer"], item["rule"], item["type"]) == ("Geneva", "place-dateline", "short")
    assert [e["quote"] for e in item["evidence"]] == [  # type: ignore[union-attr]
        "GENEVA (Reuters) - The harbour talks went on for a second week.",
        "Ada Quill met with Olan Brisk on Monday to settle the harbour deal.",
    ]


def test_one_meeting_reported_twice_is_drafted_once(tmp_path: Path) -> None:
    article = (
        "Harbour row\n\nAda Quill and Olan Brisk met on Monday to discuss the harbour.\n\n"
        "Ada Quill met with Olan Brisk in Portvale on Monday, aides said.\n\n"
        "Ada Quill met with Olan Brisk again in Eastmoor on Friday.\n"
    )
    root = _small_project(tmp_path, article)
    out = root / "question_bank" / "drafts.yaml"
    _draft(root, "harbour", "--output", str(out))
    assert _drafts_diagnostics(root) == []
    first = out.read_text("utf-8")
    items = _items(out)
    met = [(i["id"], i["prompt"]) for i in items if i["topic"] == "met"]
    # The first two sentences report one meeting (the second says where): its better-evidenced report is
    # kept. The Friday meeting in Eastmoor is another.
    assert met == [
        ("ada-quill-met-olan-brisk", "Whom did Ada Quill meet in Portvale on Monday?"),
        ("ada-quill-met-olan-brisk-2", "Whom did Ada Quill meet in Eastmoor on Friday?"),
    ]
    where = [(i["id"], i["answer"]) for i in items if str(i["prompt"]).startswith("Where did")]
    assert where == [
        ("ada-quill-met-olan-brisk-where", "Portvale"),
        ("ada-quill-met-olan-brisk-where-2", "Eastmoor"),
    ]
    out.unlink()
    _draft(root, "harbour", "--output", str(out))
    assert out.read_text("utf-8") == first  # ids and all: the same on every run


def test_unknown_article_and_outside_path(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    for arg, message in (
        ("nope", "unknown article 'nope'"),
        (str(tmp_path / "x.txt"), "copy the file to seeds/"),
    ):
        result = CliRunner().invoke(app, ["draft", arg, "--root", str(root)])
        assert result.exit_code == 1
        assert message in result.output


def test_confidence_must_be_a_number_from_0_to_1(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)
    bank = root / "question_bank" / "zz.yaml"
    item = (
        "- id: x-{n}\n  type: short\n  topic: met\n  prompt: Whom did Kim Kwan-jin meet?\n  answer: Michael Flynn\n"
        "  evidence:\n    - source: 000_61357396dd02fba6\n      quote: Kim Kwan-jin, met with incoming US National "
        "Security Adviser Michael Flynn.\n  rule: met-with\n  confidence: {c}\n  review: {{status: draft}}\n"
    )
    bank.write_text(
        "".join(item.format(n=n, c=c) for n, c in enumerate(["0.5", "1.5", "'0.5'", "high"])), "utf-8"
    )
    found = [
        (d.location.line, d.code) for d in api.check(root).diagnostics if d.location.path.endswith("zz.yaml")
    ]
    assert found == [(21, "QG106"), (32, "QG106"), (43, "QG106")]  # the 2nd, 3rd and 4th items


def test_questions_the_bank_already_asks_are_not_proposed(tmp_path: Path) -> None:
    root = _copy_project(tmp_path)  # the shipped bank asks who said each of this article's quotations
    out = _draft(root, f"seeds/{SEEDS[0]}.txt")
    assert "5 skipped as already covered" in out
    items = _items(root / "question_bank" / "drafts" / f"{SEEDS[0]}.yaml")
    assert not [i for i in items if i["topic"] in ("who-said", "met")]
    # A different kind of question on the same quotation is still proposed (the bank has no "when" for it).
    assert any(i["topic"] == "when" and "We think the US-South Korean" in str(i["prompt"]) for i in items)
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


def test_covered_means_same_topic_same_answer_and_overlapping_evidence(tmp_path: Path) -> None:
    article = (
        "Harbour row\n\n"
        "\u201cWe will not accept this plan under any circumstances,\u201d Harbour Authority spokeswoman Ada "
        "Quill said on Tuesday. \u201cThe town will decide what happens to its port,\u201d Quill said.\n"
    )

    def drafted(bank_item: str) -> list[tuple[object, object]]:
        root = _small_project(tmp_path / str(len(list(tmp_path.iterdir()))), article)
        (root / "question_bank" / "bank.yaml").write_text(bank_item, "utf-8")
        _draft(root, "harbour", "--output", str(root / "question_bank" / "drafts.yaml"))
        items = _items(root / "question_bank" / "drafts.yaml")
        return [(i["topic"], str(i.get("prompt")).split('"')[1][:12]) for i in items if i["topic"] != "role"]

    def item(topic: str, quote: str, answer: str = "Ada Quill") -> str:
        return (
            f"- id: x\n  type: short\n  topic: {topic}\n  prompt: Who said it?\n  answer: {answer}\n"
            f"  evidence:\n    - source: harbour\n      quote: {quote}\n  review: {{status: draft}}\n"
        )

    everything = [
        ("who-said", "We will not "),
        ("when", "We will not "),
        ("who-said", "The town wil"),
    ]
    # The bank asks who said the first quotation (its evidence overlaps the quotation's words).
    assert drafted(item("who-said", "accept this plan")) == everything[1:]
    # Same passage, another kind of question: not covered.
    assert drafted(item("what", "accept this plan")) == everything
    # Same topic, same speaker, but evidence on another quotation's cue only: the first is not covered.
    assert drafted(item("who-said", "Quill said.")) == everything
    # Same topic and passage, another answer (another question about the quotation): not covered.
    assert drafted(item("who-said", "accept this plan", "Tuesday")) == everything


def test_a_renamed_waiting_draft_is_not_proposed_again_under_its_old_id(tmp_path: Path) -> None:
    root = _copy_project(tmp_path, bare=True)
    _draft(root, SEEDS[0])
    target = root / "question_bank" / "drafts" / f"{SEEDS[0]}.yaml"
    target.write_text(
        target.read_text("utf-8").replace("kim-kwan-met-michael-flynn", "kim-met-flynn"), "utf-8"
    )
    out = _draft(root, SEEDS[0])
    assert out.startswith("0 new drafts") and "1 skipped as already covered" in out
    assert "kim-kwan-met-michael-flynn" not in target.read_text("utf-8")
