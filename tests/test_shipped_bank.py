"""The shipped THAAD bank meets its contract: clean, approved, the agreed mix, every sentence of reporting cited."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from quizgen import api
from quizgen.core.model import QuestionType, ReviewStatus

ROOT = Path(__file__).resolve().parent.parent
CHECKED = api.check(ROOT)
QUESTIONS = CHECKED.project.bank.questions
OUTLET_TAGS = {
    "cnn": "000_61357396dd02fba6",
    "china-topix": "001_3ca21963ba7ad2b9",
    "trt-world": "002_6584fbb63d7a573b",
}


def test_checks_clean_with_no_warnings() -> None:
    assert [d for d in CHECKED.diagnostics if d.severity.value != "note"] == []


def test_at_least_60_approved_in_the_agreed_mix() -> None:
    approved = [q for q in QUESTIONS if q.review.status is ReviewStatus.APPROVED]
    assert len(approved) >= 60
    kinds = Counter(q.type for q in approved)
    assert kinds[QuestionType.MCQ] >= 25
    assert kinds[QuestionType.SHORT] >= 10
    assert kinds[QuestionType.TRUE_FALSE] >= 10
    assert kinds[QuestionType.CLOZE] >= 10
    false = sum(1 for q in approved if q.type is QuestionType.TRUE_FALSE and q.answer is False)
    assert 0.35 <= false / kinds[QuestionType.TRUE_FALSE] <= 0.65, "about half the true-false items are false"


def test_every_item_is_tagged_with_its_article_and_topic_and_explained() -> None:
    for q in QUESTIONS:
        assert q.topic in q.tags, q.id
        cited = {e.source for e in q.evidence}
        assert {OUTLET_TAGS[t] for t in q.tags if t in OUTLET_TAGS} == cited, q.id
        assert q.explanation and len(q.explanation.split()) >= 8, q.id
        assert q.review.by and q.review.on, q.id


def test_every_sentence_of_reporting_is_cited_by_an_approved_item() -> None:
    coverage = api.coverage(ROOT).coverage
    assert [s.text for s in coverage.uncovered] == []
    assert set(coverage.by_article) == set(OUTLET_TAGS.values())


# A test-wise learner who has not read the articles: "a qualifier word (only, solely, in detail, ...) means
# false; a sentence lifted from an article means true; otherwise false". Issue 13 measured it at 13 of 16 on
# the first bank (true statements copied word for word, false ones marked by an odd word); the revised bank
# must not reward it above what always answering "false" scores.
QUALIFIERS = ("only", "solely", "in detail", "never", "always", "all", "more than", "different", "every")


def _test_wise_guess(statement: str, articles: list[str]) -> bool:
    words = re.findall(r"[a-z0-9']+", statement.lower())
    padded = f" {' '.join(words)} "
    if any(f" {w} " in padded for w in QUALIFIERS):
        return False
    grams = [" ".join(words[i : i + 4]) for i in range(len(words) - 3)]
    return bool(grams) and sum(any(g in a for a in articles) for g in grams) / len(grams) >= 0.5


def test_true_false_cannot_be_answered_by_its_wording() -> None:
    articles = [
        " ".join(re.findall(r"[a-z0-9']+", (ROOT / "seeds" / f"{a}.txt").read_text("utf-8").lower()))
        for a in OUTLET_TAGS.values()
    ]
    items = [
        q for q in QUESTIONS if q.type is QuestionType.TRUE_FALSE and q.review.status is ReviewStatus.APPROVED
    ]
    right = sum(_test_wise_guess(q.prompt, articles) == q.answer for q in items)
    always_false = sum(q.answer is False for q in items)
    assert right <= always_false, (right, always_false, len(items))
