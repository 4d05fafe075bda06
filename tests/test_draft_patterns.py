"""lexicon.repeated: a part written once matches what the part written twice matched, group for group."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizgen.draft import lexicon, meetings, quotes

# A party of the meeting rules in small: capitalised words or role words, "of (the)" or "&" between them.
PART = r"(?:[A-Z][a-z]*\.?|(?:minister|envoy|vice)\b)"
SEP = r"\s+(?:of\s+(?:the\s+)?|&\s+)?"
# Groups and a character class holding parentheses before the parties: the markers' numbers must skip them.
HEAD = r"(?P<pre>[^()\s]*\()?(x)?\s*"


def _both(most: int, tail: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    written_twice = rf"{HEAD}(?P<a>{PART}(?:{SEP}{PART}){{0,{most - 1}}}){tail}"
    written_once = rf"{HEAD}(?P<a>{lexicon.repeated(PART, SEP, most)}){tail}"
    return re.compile(written_twice), lexicon.compile_pattern(written_once)


def _signature(m: re.Match[str] | None) -> object:
    if m is None:
        return None
    names = sorted(n for n in m.re.groupindex if not n.startswith("_r"))
    return m.span(), [m.span(n) for n in names], m.span(2)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Ada", "Vale", "U.", "S.", "of", "the", "&", "minister", "envoy", "and", "met", "(", "x"]
        ),
        max_size=14,
    ),
    st.sampled_from([" ", "  ", "\n"]),
    st.integers(min_value=1, max_value=8),
    st.sampled_from([r"\s+met\b", r"(?:\s+and\s+(?P<b>[A-Z]\w*))?", r"\s*$"]),
)
def test_written_once_matches_as_written_twice(words: list[str], blank: str, most: int, tail: str) -> None:
    text = blank.join(words)
    twice, once = _both(most, tail)
    assert [_signature(m) for m in once.finditer(text)] == [_signature(m) for m in twice.finditer(text)]
    assert _signature(once.match(text)) == _signature(twice.match(text))


def test_several_repeated_parts_in_one_pattern_get_their_own_markers() -> None:
    party = lexicon.repeated(PART, SEP, 8)
    pattern = lexicon.compile_pattern(rf"(?P<a>{party})\s+met\s+(?P<b>{party}(?:\s+and\s+{party})?)")
    m = pattern.search("then Vice Minister Ada Vale met Envoy Tessa Lind and the Mayor")
    assert m is not None
    assert (m.group("a"), m.group("b")) == ("Vice Minister Ada Vale", "Envoy Tessa Lind")
    assert sorted(n for n in pattern.groupindex if n.startswith("_r")) == ["_r1", "_r2", "_r3"]


@pytest.mark.parametrize("module", [meetings, quotes])
def test_the_rules_patterns_compile(module: object) -> None:
    patterns = module._patterns()  # type: ignore[attr-defined]
    for key in patterns._sources:
        assert isinstance(patterns[key], re.Pattern)
    meetings._around_patterns()
    meetings._opener_patterns()
