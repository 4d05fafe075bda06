"""The library entry points (quizgen/api.py) the CLI calls, one per command."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizgen import api
from quizgen.checks.example import write
from quizgen.cli.build import Target
from quizgen.core.errors import UsageError


def test_the_cli_offers_every_build_target() -> None:
    """A writer added to load.decks.OUTPUTS is offered by `quizgen build` (the enum keeps --help light)."""
    assert tuple(t.value for t in Target) == api.build_targets()
    assert api.build_targets()[0] == api.ALL


def test_build_refuses_an_unknown_target_before_doing_anything(tmp_path: Path) -> None:
    write(tmp_path, {})
    with pytest.raises(UsageError, match=r"no build target 'gift'; expected one of all, anki"):
        api.build(tmp_path, targets=["anki", "gift"])


def test_rules() -> None:
    every = api.rules()
    assert [r.code for r in every] == sorted(r.code for r in every)
    assert api.rules("qg201") == [r for r in every if r.code == "QG201"]
    with pytest.raises(UsageError, match="no rule 'QG000'"):
        api.rules("QG000")
