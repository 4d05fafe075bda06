"""Issue 13's tool rules: captions, objectives and levels, discrepancy and source questions, multi-article
items, prompt facts, true-false key terms, typo tolerance and cloze attribution."""

from __future__ import annotations

from pathlib import Path

from quizgen import api
from quizgen.checks.example import FILES, write
from quizgen.core.display import citation, evidence_line

CAPTIONED = FILES["seeds/example.txt"].replace(
    "Photo: Example Wire\n",
    "Photo: Example Wire. Ana Costa and Pablo Rojas shake hands at the Belem Palace.\n",
)
PHOTO_ITEM = (
    "- id: signing-photo\n  type: short\n  topic: where\n"
    "  prompt: Where were Ana Costa and Pablo Rojas photographed shaking hands?\n"
    "  answer: Belem Palace\n  evidence:\n    - source: example\n"
    "      quote: Ana Costa and Pablo Rojas shake hands at the Belem Palace.\n"
    "  review: {status: draft}\n"
)


def _catalogue(line9: str) -> str:
    return FILES["seeds/sources.yaml"].replace('      - {lines: "9", what: photo credit}\n', line9)


def _codes(root: Path) -> set[str]:
    return {d.code for d in api.check(root).diagnostics}


# --- captions ------------------------------------------------------------------------------------------------


def test_caption_evidence_passes_where_furniture_fails(tmp_path: Path) -> None:
    files = {"seeds/example.txt": CAPTIONED, "question_bank/example.yaml": PHOTO_ITEM}
    write(
        tmp_path, {**files, "seeds/sources.yaml": _catalogue('      - {lines: "9", what: photo caption}\n')}
    )
    assert "QG202" in _codes(tmp_path)  # as furniture: refused
    captions = '    captions:\n      - {lines: "9", what: photo caption}\n'
    catalogue = _catalogue("").replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {**files, "seeds/sources.yaml": catalogue})
    result = api.check(tmp_path)
    assert result.diagnostics == []
    article = result.project.sources.articles["example"]
    line = evidence_line(article, "Ana Costa and Pablo Rojas shake hands")
    assert line == 9
    assert citation(article, line) == (
        "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line 9, photo caption"
    )
    # a quote the body also has is cited from the body, without the caption mark
    assert citation(article, evidence_line(article, "Ana Costa")) == (
        "Example Daily: \u201cMinisters meet in Lisbon\u201d (3 June 2025), line 5"
    )


def test_a_line_both_caption_and_furniture_is_refused(tmp_path: Path) -> None:
    captions = '    captions:\n      - {lines: "2", what: photo caption}\n'
    catalogue = FILES["seeds/sources.yaml"].replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {"seeds/sources.yaml": catalogue})
    found = [d for d in api.check(tmp_path).diagnostics if d.code == "QG121"]
    assert len(found) == 1 and "a caption or furniture, not both" in found[0].message
    assert found[0].location.path == "seeds/sources.yaml" and found[0].location.line == 12


def test_caption_fields_are_checked_like_furniture(tmp_path: Path) -> None:
    captions = '    captions:\n      - {lines: "40", what: photo caption, by: me}\n'
    catalogue = FILES["seeds/sources.yaml"].replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {"seeds/sources.yaml": catalogue})
    messages = {(d.code, d.message) for d in api.check(tmp_path).diagnostics}
    assert ("QG102", "unknown caption field 'by'; expected lines, what") in messages


def test_coverage_does_not_ask_for_captions(tmp_path: Path) -> None:
    captions = '    captions:\n      - {lines: "9", what: photo caption}\n'
    catalogue = _catalogue("").replace("  - id: wire\n", captions + "  - id: wire\n")
    write(tmp_path, {"seeds/example.txt": CAPTIONED, "seeds/sources.yaml": catalogue})
    lines = [s.location.line for s in api.coverage(tmp_path).coverage.sentences if s.article == "example"]
    assert 9 not in lines and 4 in lines


# --- objectives, levels, difficulty ---------------------------------------------------------------------------

DECK = (
    "name: Example\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
)
OBJECTIVES = (
    "objectives:\n"
    "  - {id: name-roles, text: Name the role of each official quoted}\n"
    "  - {id: compare-outlets, text: Tell what each outlet reported}\n"
)
APPROVED = FILES["question_bank/example.yaml"].replace(
    "review: {status: draft}",
    'review: {status: approved, by: Ana, on: 2025-06-04, hash: "sha256:5530192f597463bd"}',
)


def test_metadata_fields_do_not_change_the_review_hash(tmp_path: Path) -> None:
    tagged = APPROVED.replace(
        "  evidence:", "  objective: name-roles\n  level: remember\n  difficulty: easy\n  evidence:"
    )
    write(tmp_path, {"question_bank/example.yaml": tagged, "decks/example.yaml": DECK + OBJECTIVES})
    result = api.check(tmp_path)
    assert result.diagnostics == []  # still approved: no QG601
    q = result.project.bank.questions[0]
    assert (q.objective, q.level and q.level.value, q.difficulty and q.difficulty.value) == (
        "name-roles",
        "remember",
        "easy",
    )


def test_unknown_objective_and_bad_values_are_located(tmp_path: Path) -> None:
    item = APPROVED.replace("  evidence:", "  objective: roles\n  level: analyze\n  evidence:")
    write(tmp_path, {"question_bank/example.yaml": item, "decks/example.yaml": DECK + OBJECTIVES})
    found = {(d.code, d.location.line, d.location.column, d.message) for d in api.check(tmp_path).diagnostics}
    assert (
        "QG106",
        7,
        10,
        "unknown level 'analyze'; expected one of remember, understand, analyse; did you mean 'analyse'?",
    ) in found
    item = APPROVED.replace("  evidence:", "  objective: roles\n  evidence:")
    write(tmp_path, {"question_bank/example.yaml": item})
    found = {(d.code, d.location.line, d.location.column, d.message) for d in api.check(tmp_path).diagnostics}
    assert (
        "QG809",
        6,
        14,
        "no deck lists the objective 'roles'; the decks' objectives are: name-roles, compare-outlets",
    ) in found


def test_a_broken_deck_definition_does_not_bury_its_error_under_unknown_objectives(tmp_path: Path) -> None:
    """With a deck definition that does not load, the objectives it lists are unknown: its own error is the
    problem to report, not one QG809 per item naming them (found fuzzing: the real error was buried)."""
    items = "".join(
        APPROVED.replace("id: ", f"id: n{i}-", 1).replace(
            "  evidence:", "  objective: name-roles\n  evidence:"
        )
        for i in range(3)
    )
    write(tmp_path, {"question_bank/example.yaml": items, "decks/example.yaml": DECK + OBJECTIVES})
    assert not [d for d in api.check(tmp_path).diagnostics if d.code == "QG809"]
    broken = DECK.replace("deck_id:", "deck_id: [") + OBJECTIVES
    write(tmp_path, {"question_bank/example.yaml": items, "decks/example.yaml": broken})
    codes = [d.code for d in api.check(tmp_path).diagnostics]
    assert "QG809" not in codes and "QG002" in codes
    write(
        tmp_path,
        {
            "question_bank/example.yaml": items,
            "decks/example.yaml": DECK + OBJECTIVES.replace("name-roles", "roles"),
        },
    )
    assert [d.code for d in api.check(tmp_path).diagnostics].count("QG809") == 3


def test_deck_objectives_are_validated(tmp_path: Path) -> None:
    bad = (
        "objectives:\n"
        "  - {id: Name_Roles, text: x}\n"
        "  - {id: a, text: one}\n"
        "  - {id: a, text: two}\n"
        "  - {id: b}\n"
        "  - {id: c, text: y, level: remember}\n"
    )
    write(tmp_path, {"decks/example.yaml": DECK + bad})
    found = sorted((d.location.line, d.message) for d in api.check(tmp_path).diagnostics if d.code == "QG801")
    assert [line for line, _ in found] == [5, 7, 8, 9]
    assert "objective id 'Name_Roles'" in found[0][1]
    assert "listed twice" in found[1][1]
    assert "needs an id (a slug) and a text" in found[2][1]
    assert "unknown objective field 'level'" in found[3][1]
    # one id, two texts, in two decks
    other = DECK.replace("Example", "Other").replace("170000000000", "170000000010") + OBJECTIVES.replace(
        "Name the role", "Name the post"
    )
    write(tmp_path, {"decks/example.yaml": DECK + OBJECTIVES, "decks/other.yaml": other})
    clash = [d for d in api.check(tmp_path).diagnostics if d.code == "QG801"]
    assert len(clash) == 1 and "also listed at decks/example.yaml:5" in clash[0].message


def test_coverage_counts_objectives_and_levels_and_strict_fails_on_an_unserved_one(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from quizgen.cli import app

    tagged = APPROVED.replace("  evidence:", "  objective: name-roles\n  level: remember\n  evidence:")
    write(tmp_path, {"question_bank/example.yaml": tagged, "decks/example.yaml": DECK + OBJECTIVES})
    cov = api.coverage(tmp_path).coverage
    assert cov.by_objective == {"name-roles": 1, "compare-outlets": 0}
    assert cov.by_level == {"remember": 1, "understand": 0, "analyse": 0}
    assert cov.by_difficulty == {"easy": 0, "medium": 0, "hard": 0, "(none)": 1}
    assert [o.id for o in cov.unserved] == ["compare-outlets"]
    runner = CliRunner()
    text = runner.invoke(app, ["coverage", "--root", str(tmp_path)])
    assert "items by objective: name-roles 1, compare-outlets 0\n" in text.stdout
    assert "items by level: remember 1, understand 0, analyse 0\n" in text.stdout
    assert (
        "decks/example.yaml:6:5: objective 'compare-outlets' has no item: Tell what each outlet reported"
        in text.stdout
    )
    data = json.loads(runner.invoke(app, ["coverage", "-f", "json", "--root", str(tmp_path)]).stdout)
    assert data["by_objective"] == {"name-roles": 1, "compare-outlets": 0}
    assert data["unserved_objectives"] == ["compare-outlets"]
    # with every sentence of reporting cited, the unserved objective alone makes --strict exit 2
    one = {
        "seeds/example.txt": "Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n",
        "seeds/sources.yaml": "articles:\n  - {id: example, outlet: Example Daily, headline: Rojas}\n",
    }
    write(tmp_path, {**one, "question_bank/example.yaml": tagged, "decks/example.yaml": DECK + OBJECTIVES})
    (tmp_path / "seeds" / "wire.txt").unlink()
    assert api.coverage(tmp_path).coverage.uncovered == ()
    assert runner.invoke(app, ["coverage", "--strict", "--root", str(tmp_path)]).exit_code == 2
    served = OBJECTIVES.split("  - {id: compare")[0]
    write(tmp_path, {**one, "question_bank/example.yaml": tagged, "decks/example.yaml": DECK + served})
    (tmp_path / "seeds" / "wire.txt").unlink()
    assert api.coverage(tmp_path).coverage.unserved == ()
    assert runner.invoke(app, ["coverage", "--strict", "--root", str(tmp_path)]).exit_code == 0


# --- discrepancy and source questions ----------------------------------------------------------------------


def _item(body: str, *, tags: str = "") -> str:
    return "- id: an-item\n" + body + (f"  tags: [{tags}]\n" if tags else "") + "  review: {status: draft}\n"


DATE_ITEM = (
    "  type: short\n  topic: when\n"
    "  prompt: On what date was the report of the Lisbon fisheries agreement published?\n"
    "  answer: 3 June 2025\n  aliases: [June 3, 2025]\n"
    "  evidence:\n    - source: example\n"
    "      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.\n"
)


def test_a_source_question_may_answer_with_the_catalogue_date(tmp_path: Path) -> None:
    write(tmp_path, {"question_bank/example.yaml": _item(DATE_ITEM)})
    assert {"QG301", "QG502"} <= _codes(tmp_path)  # untagged: not grounded
    write(tmp_path, {"question_bank/example.yaml": _item(DATE_ITEM, tags="source-question")})
    assert api.check(tmp_path).diagnostics == []
    # still grounded: a date the catalogue does not hold is refused
    wrong = DATE_ITEM.replace("3 June 2025", "4 June 2025").replace("June 3, 2025", "June 4, 2025")
    write(tmp_path, {"question_bank/example.yaml": _item(wrong, tags="source-question")})
    assert {"QG301", "QG502"} <= _codes(tmp_path)


def test_a_source_question_answer_comes_from_a_cited_article_only(tmp_path: Path) -> None:
    item = (
        "  type: short\n  topic: who-said\n"
        "  prompt: Which outlet reported that Rojas repeated the deal did not cover copper?\n"
        "  answer: Example Daily\n"  # the other article's outlet
        "  evidence:\n    - source: wire\n"
        "      quote: Rojas repeated on Wednesday that the deal did not cover copper\n"
    )
    write(tmp_path, {"question_bank/example.yaml": _item(item, tags="source-question")})
    assert "QG301" in _codes(tmp_path)


def test_naming_the_outlet_that_is_the_answer_gives_it_away(tmp_path: Path) -> None:
    item = (
        "  type: short\n  topic: who-said\n"
        "  prompt: Example Wire says Rojas repeated the deal did not cover copper. Which outlet says so?\n"
        "  answer: Example Wire\n"
        "  evidence:\n    - source: wire\n"
        "      quote: Rojas repeated on Wednesday that the deal did not cover copper\n"
    )
    write(tmp_path, {"question_bank/example.yaml": _item(item, tags="source-question")})
    assert "QG501" in _codes(tmp_path)


def test_a_discrepancy_item_may_use_a_variant_its_evidence_quotes(tmp_path: Path) -> None:
    item = (
        "  type: short\n  topic: what\n"
        "  prompt: What does the wire report call the accord abbreviated SPFA?\n"
        "  answer: South Pacific Fishing Accord\n"
        "  evidence:\n    - source: {source}\n      quote: {quote}\n"
    )
    wire = item.format(source="wire", quote="Both ministers praised the South Pacific Fishing Accord (SPFA).")
    write(tmp_path, {"question_bank/example.yaml": _item(wire)})
    assert "QG702" in _codes(tmp_path)
    write(tmp_path, {"question_bank/example.yaml": _item(wire, tags="discrepancy")})
    assert api.check(tmp_path).diagnostics == []
    # the variant must be grounded in the item's own evidence, not just tagged
    daily = item.format(
        source="example", quote="The deal follows the South Pacific Fisheries Accord (SPFA) of 2019."
    )
    daily = daily.replace(
        "answer: South Pacific Fishing Accord", "answer: SPFA\n  aliases: [South Pacific Fishing Accord]"
    )
    write(tmp_path, {"question_bank/example.yaml": _item(daily, tags="discrepancy")})
    assert "QG702" in _codes(tmp_path)


def test_answer_parts() -> None:
    from quizgen.checks.catalogue import answer_parts

    assert answer_parts("both CNN and TRT World") == ["CNN", "TRT World"]
    assert answer_parts("the meeting, then the statement") == ["the meeting", "the statement"]
    assert answer_parts("Lu Kang") == ["Lu Kang"]


# --- multi-article items ------------------------------------------------------------------------------------

ORDER = (
    "  type: short\n  topic: when\n"
    "  prompt: In the order the reports give them, what happened on Tuesday and what on Wednesday?\n"
    "  answer: {answer}\n"
    "  evidence:\n    - source: example\n"
    "      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.\n"
    "    - source: wire\n"
    "      quote: Rojas repeated on Wednesday that the deal did not cover copper\n"
)


def test_an_answer_supported_jointly_part_by_part(tmp_path: Path) -> None:
    good = ORDER.format(answer="signed a fisheries agreement, then Rojas repeated")
    write(tmp_path, {"question_bank/example.yaml": _item(good)})
    assert api.check(tmp_path).diagnostics == []
    # one part the evidence lacks: the whole answer is unsupported
    bad = ORDER.format(answer="signed a fisheries agreement, then Costa resigned")
    write(tmp_path, {"question_bank/example.yaml": _item(bad)})
    assert "QG301" in _codes(tmp_path)


def test_an_article_cited_as_padding_fails(tmp_path: Path) -> None:
    item = (
        "  type: short\n  topic: where\n  prompt: In which city was the fisheries agreement signed?\n"
        "  answer: Lisbon\n  evidence:\n    - source: example\n"
        "      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.\n"
        "    - source: wire\n      quote: Both ministers praised the South Pacific Fishing Accord (SPFA).\n"
    )
    write(tmp_path, {"question_bank/example.yaml": _item(item)})
    found = [d for d in api.check(tmp_path).diagnostics if d.code == "QG306"]
    assert len(found) == 1 and found[0].location.line == 10  # at the wire quote
    assert "no quote from wire (Example Wire)" in found[0].message


def test_the_count_of_cited_articles_is_frame_only_when_it_is_the_count(tmp_path: Path) -> None:
    item = (
        "  type: short\n  topic: who-said\n"
        "  prompt: Which {n} outlets report that Rojas said the deal did not cover copper?\n"
        "  answer: Example Daily and Example Wire\n"
        "  evidence:\n    - source: example\n"
        "      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
        "    - source: wire\n      quote: Rojas repeated on Wednesday that the deal did not cover copper\n"
    )
    write(tmp_path, {"question_bank/example.yaml": _item(item.format(n="two"), tags="source-question")})
    assert api.check(tmp_path).diagnostics == []
    write(tmp_path, {"question_bank/example.yaml": _item(item.format(n="three"), tags="source-question")})
    assert "QG502" in _codes(tmp_path)


# --- prompt facts ------------------------------------------------------------------------------------------


def test_names_are_the_capitalised_runs_but_not_sentence_starters() -> None:
    from quizgen.checks.facts import names

    assert names("According to CNN, which Chinese Foreign Ministry spokesman met Kim Kwan-jin in Seoul?") == [
        "CNN",
        "Chinese Foreign Ministry",
        "Kim Kwan-jin",
        "Seoul",
    ]
    assert names('Who said "It\'s natural", and where? Give the U.S. view of the Bank of Korea.') == [
        "U.S.",
        "Bank of Korea",
    ]


def test_a_place_added_to_a_prompt_is_a_warning(tmp_path: Path) -> None:
    item = FILES["question_bank/example.yaml"].replace(
        "What post does Pablo Rojas hold?", "What post does Pablo Rojas hold in Washington?"
    )
    write(tmp_path, {"question_bank/example.yaml": item})
    found = [d for d in api.check(tmp_path).diagnostics if d.code == "QG503"]
    assert len(found) == 1 and found[0].severity.value == "warning"
    assert found[0].message.startswith("not in the evidence: 'Washington'")
    assert (found[0].location.line, found[0].location.column) == (4, 11)


def test_prompt_fact_tolerances(tmp_path: Path) -> None:
    from quizgen.checks.facts import unsupported_names

    evidence = "Russian officials and the Chinese Foreign Ministry said Xi's visit would go ahead."
    article = evidence + " President Xi Jinping will travel."
    # another ending of one stem, possessives, a full name the article gives for the evidence's "Xi"
    assert unsupported_names("Did Russia and China's ministry say so?", evidence) == []
    assert unsupported_names("Where will Xi Jinping go?", evidence, articles=article) == []
    assert unsupported_names("Where will Xi Jinping go?", evidence) == ["Xi Jinping"]
    # a different country is not a different ending
    assert unsupported_names("Did Austria agree?", "Australia agreed.") == ["Austria"]
    # the outlet and headline of a cited article may frame the prompt
    assert (
        unsupported_names("According to Example Wire, who said so?", evidence, "Example Wire | Rojas") == []
    )


def test_a_false_statement_and_a_cloze_are_exempt(tmp_path: Path) -> None:
    item = _item(
        "  type: true-false\n  topic: where\n"
        "  prompt: Portugal and Chile signed a fisheries agreement in Madrid.\n  answer: false\n"
        "  correction: Portugal and Chile signed a fisheries agreement in Lisbon.\n"
        "  evidence:\n    - source: example\n"
        "      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.\n"
    )
    write(tmp_path, {"question_bank/example.yaml": item})
    assert "QG503" not in _codes(tmp_path)
    true = item.replace("answer: false", "answer: true").replace("in Madrid", "in Lisbon, Portugal's Capital")
    write(tmp_path, {"question_bank/example.yaml": true})
    assert {"QG304"} <= _codes(tmp_path) and "QG503" not in _codes(tmp_path)  # one report, as an error


# --- true-false: key terms, not copied words -----------------------------------------------------------------

TF = (
    "  type: true-false\n  topic: who-said\n  prompt: {prompt}\n  answer: {answer}\n{correction}"
    "  evidence:\n    - source: example\n"
    "      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
)


def _tf(prompt: str, answer: str = "true", correction: str = "") -> str:
    extra = f"  correction: {correction}\n" if correction else ""
    return _item(TF.format(prompt=prompt, answer=answer, correction=extra))


def test_a_true_statement_may_paraphrase_but_not_change_a_name_or_a_negation(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "question_bank/example.yaml": _tf(
                "Chile's top diplomat, Rojas, said copper was not part of the deal."
            )
        },
    )
    assert api.check(tmp_path).diagnostics == []
    write(
        tmp_path,
        {
            "question_bank/example.yaml": _tf(
                "Peru's top diplomat, Rojas, said copper was not part of the deal."
            )
        },
    )
    found = [d for d in api.check(tmp_path).diagnostics if d.code == "QG304"]
    assert len(found) == 1 and found[0].message.startswith('the evidence does not name "Peru\'s"')
    write(
        tmp_path,
        {
            "question_bank/example.yaml": _tf(
                "Chile's top diplomat, Rojas, said copper was never part of the deal."
            )
        },
    )
    assert "QG502" in _codes(tmp_path)  # a changed negation: the detail rule checks statements too


def test_a_false_statement_need_not_add_a_foreign_word_but_must_differ(tmp_path: Path) -> None:
    # swapped roles: every word is in the evidence, and it is still false
    swapped = _tf(
        "Pablo Rojas said the deal did not cover fisheries.",
        "false",
        "Pablo Rojas said the deal did not cover copper.",
    )
    write(tmp_path, {"question_bank/example.yaml": swapped})
    assert api.check(tmp_path).diagnostics == []
    same = _tf(
        "Rojas said the deal did not cover copper.", "false", "Rojas said the deal did not cover copper."
    )
    write(tmp_path, {"question_bank/example.yaml": same})
    assert "QG305" in _codes(tmp_path)
    verbatim = _tf(
        "Pablo Rojas said the deal did not cover copper", "false", "Rojas said the deal did not cover copper."
    )
    write(tmp_path, {"question_bank/example.yaml": verbatim})
    assert "QG305" in _codes(tmp_path)
    unnamed = _tf("Rojas said the deal covered copper.", "false", "Costa said the deal did not cover copper.")
    write(tmp_path, {"question_bank/example.yaml": unnamed})
    assert "QG305" in _codes(tmp_path)  # the correction names someone the evidence does not


# --- typo tolerance: a slip may not land on another word ------------------------------------------------------


def test_a_typo_may_not_turn_one_entity_into_another() -> None:
    from quizgen.selftest.grading import grade_parts, grade_text

    def verdict(given: str, answer: str, *aliases: str) -> str:
        return grade_text(given, answer, aliases).verdict.value

    # the pairs issue 13 names: another dictionary word is another answer
    assert verdict("Russian foreign minister", "Russian Foreign Ministry") == "wrong"
    assert verdict("Russian Foreign Ministry", "Russian foreign minister") == "wrong"
    assert verdict("Austrian minister", "Australian minister") == "wrong"
    assert verdict("Lotto group", "Lotte group") == "wrong"
    # real typos are still accepted, and so is a plural ending
    assert verdict("Russian Foreign Minstry", "Russian Foreign Ministry") == "close"
    assert verdict("Chilean Foriegn Minister", "Chilean Foreign Minister") == "close"
    assert verdict("Kong Xuanyuo", "Kong Xuanyou") == "close"
    assert verdict("Xinhau news agency", "Xinhua news agency") == "close"
    assert verdict("countermeasure", "countermeasures") == "close"
    # a word of another accepted form is no slip
    assert verdict("Foreign Minister Ana Costta", "Foreign Ministry", "Foreign Minister Ana Costa") == "close"
    # cloze blanks get the same protection
    assert grade_parts(["ministr", "Lisbon"], ["minister", "Lisbon"]).verdict.value == "close"
    assert grade_parts(["ministry", "Lisbon"], ["minister", "Lisbon"]).verdict.value == "wrong"


def test_confusables_are_near_words_minus_inflections_and_own_words() -> None:
    from quizgen.core.typos import answer_confusables, near

    assert "minister" in near("ministry", 2) and "ministries" not in near("ministry", 2)
    assert "australia" in near("austria", 2) and "austrian" not in near("austria", 1)
    listed = answer_confusables(["Russian Foreign Ministry"], ["Foreign Ministry"])
    assert "minister" in listed and "ministry" not in listed and "russia" not in listed
    assert answer_confusables(["Lisbon 2019"]) == ()  # digits: never typo-tolerant, nothing to list


# --- cloze attribution ------------------------------------------------------------------------------------------

CLOZE = (
    "  type: cloze\n  topic: who-said\n{context}  prompt: {prompt}\n"
    "  evidence:\n    - source: example\n"
    "      quote: '\"We will protect the southern stocks together,\" Portuguese Foreign Minister Ana Costa said'\n"
)


def _cloze(prompt: str, context: str = "") -> str:
    return _item(CLOZE.format(prompt=prompt, context=f"  context: '{context}'\n" if context else ""))


def test_an_unattributed_quotation_cloze_is_a_warning() -> None:
    from quizgen.checks.cloze import attributed, quotes_someone

    assert quotes_someone("collective efforts should be stepped up in Northeast Asia")  # mid-sentence
    assert quotes_someone("China and other countries have to address our own concerns")  # first person
    assert quotes_someone('"It is natural," says Victor Gao')
    assert not quotes_someone("The US and South Korea plan to deploy THAAD")  # "US" is no speaker
    assert attributed('"It is natural," says Victor Gao') and not attributed("our own concerns")


def test_context_attributes_a_cloze_and_is_checked_hashed_and_shown(tmp_path: Path) -> None:
    bare = _cloze("We will protect the {{c1::southern stocks}} together")
    write(tmp_path, {"question_bank/example.yaml": bare})
    assert [d.code for d in api.check(tmp_path).diagnostics] == ["QG307"]
    said = _cloze(
        "'\"We will protect the {{c1::southern stocks}} together,\" Portuguese Foreign Minister Ana Costa said'"
    )
    write(tmp_path, {"question_bank/example.yaml": said})
    assert api.check(tmp_path).diagnostics == []
    framed = _cloze("We will protect the {{c1::southern stocks}} together", "Ana Costa, in Example Daily:")
    write(tmp_path, {"question_bank/example.yaml": framed})
    result = api.check(tmp_path)
    assert result.diagnostics == []
    q = result.project.bank.questions[0]
    # the context is content: it changes the review hash; without one, the hash is what it always was
    from dataclasses import replace

    from quizgen.core.display import shown
    from quizgen.core.review_hash import review_hash

    digests = {a.id: a.digest for a in result.project.sources.articles.values()}
    assert review_hash(q, digests) != review_hash(replace(q, context=None), digests)
    assert (
        shown(q).prompt == "Ana Costa, in Example Daily: We will protect the {{c1::southern stocks}} together"
    )
    # a name the evidence and the cited outlet do not give is reported, at the context
    wrong = _cloze("We will protect the {{c1::southern stocks}} together", "Pablo Rojas, in Example Daily:")
    write(tmp_path, {"question_bank/example.yaml": wrong})
    found = [d for d in api.check(tmp_path).diagnostics if d.code == "QG503"]
    assert len(found) == 1 and found[0].location.line == 4 and "'Pablo Rojas'" in found[0].message


def test_context_is_refused_on_other_types(tmp_path: Path) -> None:
    item = FILES["question_bank/example.yaml"].replace("  prompt:", "  context: 'Example Daily:'\n  prompt:")
    write(tmp_path, {"question_bank/example.yaml": item})
    assert "QG107" in _codes(tmp_path)


def test_every_output_starts_a_cloze_with_its_context(tmp_path: Path) -> None:
    import sqlite3
    import zipfile

    from quizgen.selftest import pool

    framed = _cloze("We will protect the {{c1::southern stocks}} together", "Ana Costa, in Example Daily:")
    write(
        tmp_path,
        {"question_bank/example.yaml": framed, "decks/example.yaml": DECK + "outputs: [anki, html]\n"},
    )
    api.approve(tmp_path, ["an-item"], by="Ana")
    build = api.build(tmp_path)
    files = {o.path: o.data for o in build.outputs}
    for path, data in files.items():
        (tmp_path / path).write_bytes(data)
    page = files["decks/example.html"].decode("utf-8")
    assert "Ana Costa, in Example Daily: We will protect the " in page
    with zipfile.ZipFile(tmp_path / "decks" / "example.apkg") as z:
        z.extract("collection.anki2", tmp_path)
    fields = [f for (f,) in sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes")]
    assert len(fields) == 1
    assert fields[0].startswith("Ana Costa, in Example Daily: We will protect the {{c1::southern stocks}}")
    session = pool.select(tmp_path, pool.Filters())
    front = pool.show(session.questions["an-item"], 1).text
    assert front.startswith("Ana Costa, in Example Daily: We will protect the ")


def test_a_blueprint_takes_level_and_difficulty_quotas(tmp_path: Path) -> None:
    items = (
        _item(
            "  type: short\n  topic: where\n  prompt: In which city was the fisheries agreement signed?\n"
            "  answer: Lisbon\n  level: remember\n  difficulty: easy\n  evidence:\n    - source: example\n"
            "      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.\n"
        ).replace("an-item", "a-place")
        + _item(
            "  type: short\n  topic: role\n  prompt: What post does Pablo Rojas hold?\n"
            "  answer: Chilean Foreign Minister\n  level: remember\n  evidence:\n    - source: example\n"
            "      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.\n"
        ).replace("an-item", "a-role")
        + _item(
            "  type: short\n  topic: what\n  prompt: Which earlier accord does the deal follow?\n"
            "  answer: South Pacific Fisheries Accord\n  level: {level}\n  difficulty: hard\n"
            "  evidence:\n    - source: example\n"
            "      quote: The deal follows the South Pacific Fisheries Accord (SPFA) of 2019.\n"
        ).replace("an-item", "an-accord")
    )
    deck = DECK + "select: {status: [draft]}\noutputs: [print]\nprint:\n  blueprint:\n    questions: 2\n"
    quotas = "    levels: {analyse: 1}\n    difficulty: {hard: 1, easy: 1}\n"
    write(
        tmp_path,
        {
            "question_bank/example.yaml": items.replace("{level}", "analyse"),
            "decks/example.yaml": deck + quotas,
        },
    )
    assert [d for d in api.check(tmp_path).diagnostics if d.severity.value != "note"] == []
    write(
        tmp_path,
        {
            "question_bank/example.yaml": items.replace("{level}", "understand"),
            "decks/example.yaml": deck + quotas,
        },
    )
    found = [d for d in api.check(tmp_path).diagnostics if d.code == "QG805"]
    assert len(found) == 1 and "levels.analyse: 1" in found[0].message


def test_every_output_cites_a_caption_as_a_photo_caption(tmp_path: Path) -> None:
    captions = '    captions:\n      - {lines: "9", what: photo caption}\n'
    catalogue = _catalogue("").replace("  - id: wire\n", captions + "  - id: wire\n")
    deck = DECK + "outputs: [anki, html, print]\nexports: [moodle, gift, blackboard]\n"
    files = {
        "seeds/example.txt": CAPTIONED,
        "seeds/sources.yaml": catalogue,
        "question_bank/example.yaml": PHOTO_ITEM,
    }
    write(tmp_path, {**files, "decks/example.yaml": deck})
    api.approve(tmp_path, ["signing-photo"], by="Ana")
    outputs = {o.path: o.data for o in api.build(tmp_path).outputs}
    cite = "line 9, photo caption"
    for path in (
        "decks/example.html",
        "decks/example.moodle.xml",
        "decks/example.gift.txt",
        "decks/example.keys.md",
    ):
        assert cite in outputs[path].decode("utf-8"), path
    import io
    import sqlite3
    import zipfile

    with zipfile.ZipFile(io.BytesIO(outputs["decks/example.apkg"])) as z:
        z.extract("collection.anki2", tmp_path)
    (fields,) = sqlite3.connect(tmp_path / "collection.anki2").execute("select flds from notes").fetchone()
    assert cite in fields
