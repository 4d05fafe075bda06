# ruff: noqa: RUF001  (the text and patterns hold typographic quotation marks and apostrophes on purpose)
"""The drafter's fast paths find exactly what the plain forms they replace find (issue 14: results unchanged).

Each rewritten pattern or string test is compared with the readable pattern it stands for, at every offset of a
small invented text full of the edge cases (titles, initials, apostrophes, dates, prepositions, line breaks).
"""

from __future__ import annotations

import re

import pytest

from quizgen.core.text import DRAFT_SENTENCES
from quizgen.draft import dates, quotes
from quizgen.draft.text import article, paragraphs

TEXT = (
    "Valdoria's President Ada Quill met Mr. Borin O'Vale Jr. and Sen. Laurence H. Tribe in Portvale on "
    "Monday morning, May 5, 2016, and again on 12 Sept. 2016 and 2016-01-02; this week, today, xMay 5 and "
    "May 5x are not dates, nor is ’Monday.\n"
    "“We don't want rock 'n' roll in the '90s,” said Mrs. Tessa   Lind of the Harbour Authority. ''It is "
    "the end,'' she wrote to the mayor. In the  Old Town, with the Ridgeford Council, Quill said: \"No.\"\n"
    "  Ms. Ines Marr, a senior adviser, asked: ‘Why?’ Dr. Olan Brisk's staff, across the river, replied "
    "within hours. A.B. Smith arrived at 9 a.m. Wow!! Really?” He left.\n"
    "Gen. Pavel Stave (D-Ore.) of St. Louis and Lt. Col. Ruben Holt, Prof. Ines Dunn, Capt. Ada Vale, "
    "under the bridge_in the\tdock, spoke to the press; Jones' car is 27'' long.\n"
)


def _sig(m: re.Match[str] | None) -> object:
    return None if m is None else (m.span(), m.groups(), sorted(m.groupdict().items()))


def _same(old: re.Pattern[str], new: re.Pattern[str], text: str = TEXT) -> None:
    assert [_sig(m) for m in new.finditer(text)] == [_sig(m) for m in old.finditer(text)]
    for i in range(len(text) + 1):
        assert _sig(new.match(text, i)) == _sig(old.match(text, i)), text[i : i + 30]


def test_date_pattern_equals_the_plain_alternation() -> None:
    _same(re.compile(rf"(?<![\w’']){dates.DATE}(?![\w’'])"), dates._DATE)
    assert dates._DATE.findall(TEXT)  # the fixture has dates


def test_name_run_and_honorific_patterns_equal_the_plain_ones() -> None:
    _same(
        re.compile(
            r"(?:(?:Mrs|Mr|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|Rev|St|[A-Z])\.|[A-Z][\w’'\-]*)"
            r"(?:[^\S\n]+(?:(?:Jr|Sr|[A-Z])\.|[A-Z][\w’'\-]*))*"
        ),
        quotes._NAME_RUN,
    )
    _same(
        re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+(?:[A-Z][\w’'\-.]*\s+){0,2}?([A-Z][\w’'\-]*)\b(?!\s+[A-Z])"),
        quotes._HONORIFIC,
    )


def test_sentence_ends_equal_the_plain_pattern() -> None:
    plain = re.compile(DRAFT_SENTENCES.end.pattern.replace("[.!?][.!?]*", "[.!?]+"))
    assert plain.pattern != DRAFT_SENTENCES.end.pattern
    _same(plain, DRAFT_SENTENCES.end)


def test_mark_pattern_only_leaves_out_apostrophes_inside_words() -> None:
    every = re.compile(r"[`'\"“”„‟«»‘’‚‹›]")
    inside = {m.start() for m in re.finditer(r"(?<=[^\W_])['’](?=[^\W_])", TEXT)}
    assert inside  # don't, O'Vale
    assert [m.start() for m in quotes._MARK_CHARS.finditer(TEXT)] == [
        m.start() for m in every.finditer(TEXT) if m.start() not in inside
    ]


def test_preposition_test_equals_the_regex() -> None:
    plain = re.compile(r"\b(?:in|at|from|to|of|across|near|into|for|by|with|under|on|about)\s+(?:the\s+)?$")
    hits = 0
    for text in (
        TEXT,
        "in the ",
        "x in  the  ",
        "bathe ",
        "the ",
        "_in ",
        "within ",
        "to\n",
        "aaaaaaaaaaaaaaain ",
    ):
        for at in range(len(text) + 1):
            expected = plain.search(text, max(0, at - 16), at) is not None
            assert quotes._after_preposition(text, at) == expected, (text, at)
            hits += expected
    assert hits


def test_runs_before_an_offset_equal_a_windowed_search() -> None:
    for at in range(len(TEXT) + 1):
        expected = [(m.start(), m.end(), m.group()) for m in quotes._CAP_RUN.finditer(TEXT, 0, at)]
        assert quotes._cap_runs_before(TEXT, at) == expected


@pytest.mark.parametrize(
    "before",
    [
        "Ada Quill said: ",
        "Ada Quill told reporters, ",
        "He said Friday that ",
        "The sign: ",
        "Quill said ",
        "",
    ],
)
def test_before_adjacent_gate_never_hides_a_match(before: str) -> None:
    pats = quotes._patterns()
    assert _sig(quotes._before_adjacent(pats, before)) == _sig(pats["before_adjacent"].search(before))


def test_article_shares_paragraphs_and_sentences() -> None:
    art = article(TEXT)
    assert article(TEXT) is art
    assert art.paragraphs == paragraphs(TEXT)
    assert art.sentences(1) is art.sentences(1)
    assert art.paragraph_of(art.paragraphs[2][0]) == 2
