"""Every rule's documented examples run: the failing one raises the rule's code, the passing one raises nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen import api
from quizgen.checks import RULES
from quizgen.checks.example import Example, examples, write

CASES = [
    pytest.param(rule.code, example, id=f"{rule.code}-{'fails' if example.fails else 'passes'}-{i}")
    for rule in RULES.values()
    for i, example in enumerate(examples(rule))
]


def test_every_rule_has_a_failing_and_a_passing_example_or_a_test() -> None:
    runnable = {code for code, *_ in (c.values for c in CASES)}
    prose_only = set(RULES) - runnable
    assert prose_only == {"QG001", "QG802", "QG804", "QG805", "QG806", "QG807"}, (
        "only these are documented in prose; their own tests cover them"
    )
    for rule in RULES.values():
        kinds = {e.fails for e in examples(rule)}
        assert rule.code in prose_only or kinds == {True, False}, rule.code


@pytest.mark.parametrize(("code", "example"), CASES)
def test_rule_example(tmp_path: Path, code: str, example: Example) -> None:
    write(tmp_path, example.files)
    found = api.check(tmp_path).diagnostics
    if example.fails:
        assert code in {d.code for d in found}, found
    else:
        assert found == [], found


def test_an_answer_inside_an_outlet_name_is_no_leak(tmp_path: Path) -> None:
    item = (
        "- id: agreement-country\n  type: short\n  topic: met\n"
        "  prompt: According to Example Daily, which country signed the fisheries agreement with Portugal?\n"
        "  answer: Example\n  evidence:\n    - source: example\n"
        "      quote: Portugal and Chile signed a fisheries agreement in Lisbon on Tuesday.\n"
        "  review: {status: draft}\n"
    )
    write(tmp_path, {"question_bank/example.yaml": item})
    codes = {d.code for d in api.check(tmp_path).diagnostics}
    assert "QG501" not in codes
    assert "QG301" in codes  # the answer is still checked against the evidence
