"""Every drafting rule's examples run: it fires on its passing example and not on its near miss."""

from __future__ import annotations

import pytest

from quizgen.draft import meetings, places, quotes, roles
from quizgen.draft.rules import DraftRule, all_rules, fires, register

RULES = all_rules()


@pytest.mark.parametrize("name", list(RULES))
def test_rule_fires_on_its_passing_example(name: str) -> None:
    rule, _ = RULES[name]
    assert fires(name, rule.passes), rule.passes


@pytest.mark.parametrize("name", list(RULES))
def test_rule_does_not_fire_on_its_near_miss(name: str) -> None:
    rule, _ = RULES[name]
    assert not fires(name, rule.fails), rule.fails


def test_every_rule_is_registered_once_with_its_confidence() -> None:
    assert set(RULES) == {
        *("after-adjacent", "before-adjacent", "after-clause", "before-clause", "roundup", "continuation"),
        *("role-before", "appositive", "role-comma"),
        *("met-with", "meeting-between", "meeting-with", "met-and", "said-after-meeting"),
        *("place-after", "place-opening", "place-occasion", "place-journey", "place-known", "place-dateline"),
        *("placed-in", "place-kind"),
    }
    for name, (rule, _) in RULES.items():
        assert rule.name == name and 0 < rule.confidence <= 1 and rule.summary
        assert rule.passes != rule.fails
    with pytest.raises(ValueError, match="share a name"):
        register(quotes.RULES["continuation"], quotes.RULES["continuation"])


def test_what_a_rule_finds_carries_the_registered_confidence() -> None:
    found = [
        *quotes.extract(quotes.RULES["after-adjacent"].passes),
        *meetings.extract(meetings.RULES["met-with"].passes),
        *places.extract(places.RULES["place-kind"].passes),
        *roles.extract(roles.RULES["appositive"].passes),
    ]
    assert found
    for f in found:
        rule: DraftRule = RULES[f.rule][0]
        assert f.confidence == rule.confidence
