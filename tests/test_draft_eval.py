"""``quizgen eval`` on tiny PolNeAR-layout and RAMS files written for these tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import app
from quizgen.draft import evaluate

TEXT = (
    "Headline here.\n"
    "\n"
    "\u201cThe bridge will open in spring,\u201d Mayor Tessa Lind said.\n"
    "\n"
    "She added that the cost was \u201cwell within the budget we set.\u201d\n"
    "\n"
    "Critics called the plan reckless, without quoting anyone.\n"
)


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _project(tmp_path: Path) -> Path:
    folder = tmp_path / "polnear"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "pub_2016-01-01_bridge.txt").write_text(TEXT, "utf-8")
    lines = []
    for n, (source, cue, content) in enumerate(
        [
            ("Mayor Tessa Lind", "said", "\u201cThe bridge will open in spring,\u201d"),
            ("She", "added", "that the cost was \u201cwell within the budget we set.\u201d"),
        ]
    ):
        base = 4 * n
        for k, (label, part) in enumerate((("Source", source), ("Cue", cue), ("Content", content))):
            s, e = _span(TEXT, part)
            lines.append(f"T{base + k + 1}\t{label} {s} {e}\t{part}")
        s, e = _span(TEXT, cue)
        lines.append(f"T{base + 4}\tAttribution {s} {e}\t{cue}")
        lines.append(
            f"E{n + 1}\tAttribution:T{base + 4} Source:T{base + 1} Cue:T{base + 2} Content:T{base + 3}"
        )
    ann = "\n".join(lines) + "\n"
    (folder / "attributions" / "pub_2016-01-01_bridge_aaaa.ann").write_text(ann, "utf-8")
    # A second annotator's file is ignored: only the first in sort order is scored.
    (folder / "attributions" / "pub_2016-01-01_bridge_bbbb.ann").write_text("", "utf-8")
    return folder


def test_attribution_scores(tmp_path: Path) -> None:
    report = evaluate.evaluate_attribution(_project(tmp_path))
    assert report.articles == 1
    assert (report.content.true_positives, report.content.predicted, report.content.gold) == (2, 2, 2)
    assert report.content_speaker.true_positives == 2  # "She" is right as the pronoun itself
    assert set(report.by_publisher) == {"pub"}


def test_speaker_matching_rules() -> None:
    gold = evaluate.GoldAttribution(((0, 5),), "Sen. Ada Quill", 0, "")
    assert evaluate.speaker_matches("Ada Quill", gold)
    assert not evaluate.speaker_matches("Sen. Borin Vale", gold)  # titles do not count
    pronoun = evaluate.GoldAttribution(((0, 5),), "he", 10, "Borin Vale")
    assert evaluate.speaker_matches("he", pronoun)
    assert evaluate.speaker_matches("Vale", pronoun)
    assert not evaluate.speaker_matches("Ada Quill", pronoun)


def test_matching_is_one_to_one_with_half_overlap() -> None:
    gold = [evaluate.GoldAttribution(((10, 20),), "x", 0, "")]
    preds = [
        evaluate.Prediction(12, 20, "x"),
        evaluate.Prediction(14, 19, "x"),
        evaluate.Prediction(18, 30, "x"),
    ]
    assert evaluate.match(preds, gold, lambda p, g: True) == [True, False, False]


def test_cli_attribution_json_and_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "attribution", str(_project(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout.splitlines()[-1])
    assert data["content_speaker"]["precision"] == 1.0
    bad = runner.invoke(app, ["eval", "attribution", str(tmp_path / "missing")])
    assert bad.exit_code == 1
    assert "not a PolNeAR-layout folder" in bad.output


def test_meetings_scores(tmp_path: Path) -> None:
    tokens = "Ada Quill met with Olan Brisk in Portvale on Friday .".split()
    record = {
        "doc_key": "d1",
        "sentences": [tokens],
        "evt_triggers": [[2, 2, [["contact.discussion.meet", 1.0]]]],
        "gold_evt_links": [
            [[2, 2], [0, 1], "evt001arg01participant"],
            [[2, 2], [5, 5], "evt001arg02participant"],
            [[2, 2], [7, 7], "evt001arg03place"],
        ],
    }
    path = tmp_path / "rams.jsonlines"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    report = evaluate.evaluate_meetings(path)
    assert report.strict["participant"].true_positives == 1  # "Olan Brisk" is wider than the gold "Brisk"
    assert report.lenient["participant"].true_positives == 2  # ...but shares its head
    assert report.strict["place"].true_positives == 1
    path.write_text("{not json\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "meetings", str(path)])
    assert result.exit_code == 1
    assert "rams.jsonlines:1:1" in result.output


def test_meetings_lenient_needs_the_same_head_and_a_participant_role(tmp_path: Path) -> None:
    tokens = "Ada Quill met with Olan Brisk of Portvale .".split()
    links = [[[2, 2], [4, 5], "evt001arg01participant"]]
    records = [
        # The predicted "Olan Brisk of Portvale" would contain the gold head "Brisk" but ends elsewhere.
        {
            "sentences": [tokens],
            "evt_triggers": [[2, 2, [["contact.discussion.meet", 1.0]]]],
            "gold_evt_links": links,
        },
        # A request has communicator and recipient, no participant: nothing is predicted for it.
        {
            "sentences": [tokens],
            "evt_triggers": [[2, 2, [["contact.requestadvise.meet", 1.0]]]],
            "gold_evt_links": [],
        },
    ]
    path = tmp_path / "rams.jsonlines"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    report = evaluate.evaluate_meetings(path)
    assert report.lenient["participant"].predicted == 2  # both from the discussion window
    assert report.lenient["participant"].true_positives == 0


def test_attribution_reports_pronoun_resolution(tmp_path: Path) -> None:
    report = evaluate.evaluate_attribution(_project(tmp_path))
    assert report.pronouns == (1, 1)  # "She" resolved to Tessa Lind, the gold antecedent
    assert "pronoun speakers resolved to the gold antecedent: 1/1" in evaluate.attribution_text(report)


def test_the_scorer_keeps_its_own_word_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """Emptying the drafter's lexicons must not move the metric: titles and pronouns are the scorer's own."""
    from quizgen.draft import evaluate, lexicon

    monkeypatch.setattr(lexicon, "words", lambda name: ())
    for cached in (lexicon.wordset, lexicon.table):
        cached.cache_clear()
    try:
        gold = evaluate.GoldAttribution(((0, 1),), "Mr. Holt", 0, "")
        assert not evaluate.speaker_matches("Mr. Vale", gold)  # "Mr." is a title: no shared token
        assert evaluate.speaker_matches("Borin Holt", gold)
        pronoun = evaluate.GoldAttribution(((0, 1),), "she", 5, "Ada Quill")
        assert evaluate.speaker_matches("Ms. Quill", pronoun)  # a pronoun Source matches its antecedent
    finally:
        for cached in (lexicon.wordset, lexicon.table):
            cached.cache_clear()


def test_resolved_name_score_and_two_apostrophe_gold(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    report = evaluate.evaluate_attribution(folder)
    assert report.content_name.true_positives == 2  # "She" resolved to Tessa Lind, the gold antecedent
    # A gold quotation in two apostrophes counts, and a pronoun resolved to the wrong person is wrong by name
    # though right by the protocol's pronoun-to-pronoun test.
    text = (
        "Ferry news.\n\n''The ferry runs late,'' Ada Quill said.\n\n"
        "Borin Vale shrugged. ''It always has,'' she said.\n"
    )
    (folder / "text" / "pub_2016-01-02_ferry.txt").write_text(text, "utf-8")
    ann = []
    for n, (source, cue, content) in enumerate(
        [("Ada Quill", "said", "''The ferry runs late,''"), ("she", "said.\n", "''It always has,''")]
    ):
        for k, (label, part) in enumerate((("Source", source), ("Cue", cue.strip()), ("Content", content))):
            s = text.index(part) if label != "Source" or n == 0 else text.rindex(part)
            ann.append(f"T{4 * n + k + 1}\t{label} {s} {s + len(part)}\t{part}")
        ann.append(
            f"E{n + 1}\tAttribution:T{4 * n + 2} Source:T{4 * n + 1} Cue:T{4 * n + 2} Content:T{4 * n + 3}"
        )
    (folder / "attributions" / "pub_2016-01-02_ferry_aaaa.ann").write_text("\n".join(ann) + "\n", "utf-8")
    report = evaluate.evaluate_attribution(folder)
    assert report.content.gold == 4
    assert report.content_speaker.true_positives == 4
    assert report.content_name.true_positives == 4  # "she" -> Ada Quill (Borin Vale is a man's name)
    assert "content+resolved name" in evaluate.attribution_text(report)
    gold = evaluate.GoldAttribution(((0, 5),), "she", 10, "Ada Quill")
    assert evaluate.name_matches("Ada Quill", gold)
    assert not evaluate.name_matches("she", gold)  # a bare pronoun is no answer
    assert not evaluate.name_matches("Borin Vale", gold)


def test_predictions_are_one_per_cue() -> None:
    from quizgen.draft import quotes

    text = (
        "Harbour \u201cNews\u201d Says Ada Quill Spoke.\n"
        "\u201cThe port will reopen,\u201d Ada Quill said, \u201cand soon.\u201d\n"
        "\u201cWe are ready,\u201d Ada Quill said, adding that the town was \u201cfully behind the plan.\u201d\n"
        "Borin Vale called it \u201ca waste,\u201d \u201ca folly\u201d and \u201ca scandal.\u201d\n"
    )
    extracted = [q for q in quotes.extract(text) if q.content.start > text.index("\n")]
    spans = [text[p.start : p.end] for p in evaluate.predictions(extracted)]
    assert spans == [
        "The port will reopen,\u201d Ada Quill said, \u201cand soon.",  # interrupted by its cue: one
        "We are ready,",
        "fully behind the plan.",  # a later cue ("adding that"): its own
        "a waste,\u201d \u201ca folly\u201d and \u201ca scandal.",  # a list after one cue: one
    ]


def test_the_headline_is_not_scored(tmp_path: Path) -> None:
    folder = _project(tmp_path)
    before = evaluate.evaluate_attribution(folder).content.predicted
    text = 'Harbour Chief Ada Quill Says "The Port Will Not Reopen Soon"\n\nNothing else was said today.\n'
    (folder / "text" / "pub_2016-01-03_port.txt").write_text(text, "utf-8")
    (folder / "attributions" / "pub_2016-01-03_port_aaaa.ann").write_text("", "utf-8")
    from quizgen.draft import quotes

    assert len(quotes.extract(text)) == 1  # drafted (a headline is speech) ...
    assert evaluate.evaluate_attribution(folder).content.predicted == before  # ... but PolNeAR annotates none


def test_an_unresolved_pronoun_is_no_name_predicted(tmp_path: Path) -> None:
    """The drafter makes no who-said draft for a pronoun it cannot resolve: the resolved-name score counts it
    as an abstention (gold missed), not as a wrong name, while the content and protocol scores still see it."""
    folder = tmp_path / "polnear"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    text = "Rain news.\n\n\u201cThe rain will not stop before the weekend,\u201d it said.\n"
    (folder / "text" / "pub_2016-01-03_rain.txt").write_text(text, "utf-8")
    content = "\u201cThe rain will not stop before the weekend,\u201d"
    s, e = _span(text, content)
    k = text.index(" it said") + 1
    ann = (
        f"T1\tSource {k} {k + 2}\tit\nT2\tCue {k + 3} {k + 7}\tsaid\nT3\tContent {s} {e}\t{content}\n"
        f"T4\tAttribution {k + 3} {k + 7}\tsaid\nE1\tAttribution:T4 Source:T1 Cue:T2 Content:T3\n"
    )
    (folder / "attributions" / "pub_2016-01-03_rain_aaaa.ann").write_text(ann, "utf-8")
    report = evaluate.evaluate_attribution(folder)
    assert report.content.predicted == 1  # the quotation is found
    assert report.content_speaker.true_positives == 1  # "it" matches the gold "it" by the protocol
    assert report.content_name.predicted == 0  # but no name is drafted: an abstention
    assert report.content_name.true_positives == 0
    assert report.content_name.recall == 0.0
