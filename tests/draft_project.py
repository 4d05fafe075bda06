"""A scratch copy of the shipped project for the drafting tests, optionally without the bank items of some
topics (so the seeds' quotations, meetings and places are not already covered by the bank)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from quizgen.cli import app

REPO = Path(__file__).resolve().parent.parent
DRAFTED_TOPICS = frozenset({"who-said", "met", "where", "role", "when"})
"""The topics drafts ask about: a bank without them covers none of the seeds' drafts."""


def copy_project(tmp_path: Path, *, drop_topics: frozenset[str] = frozenset()) -> Path:
    """``seeds/``, ``question_bank/`` and ``decks/`` copied under ``tmp_path/project``; items of
    ``drop_topics`` are cut from the bank files as text, leaving every other byte as shipped."""
    root = tmp_path / "project"
    for name in ("seeds", "question_bank", "decks"):
        shutil.copytree(REPO / name, root / name)
    if drop_topics:
        banks = sorted((root / "question_bank").glob("*.yaml"))
        cut_ids: set[str] = set()
        for path in banks:
            text, cut = _without(path.read_text("utf-8"), drop_topics)
            path.write_text(text, "utf-8")
            cut_ids |= cut
        for path in banks:  # a reviewer's `excludes:` may name a cut item: drop those ids (QG903 otherwise)
            path.write_text(_excludes_without(path.read_text("utf-8"), cut_ids), "utf-8")
        for path in sorted((root / "decks").glob("*.yaml")):  # a cut bank cannot fill the shipped quotas
            deck = yaml.safe_load(path.read_text("utf-8"))
            for key in ("blueprint", "form_mode"):
                deck.get("print", {}).pop(key, None)
            path.write_text(yaml.safe_dump(deck, allow_unicode=True, sort_keys=False), "utf-8")
    return root


def drafted_project(tmp_path: Path, article: str) -> Path:
    """A copy of the project without the bank's items on the drafted topics (which already ask what the
    drafts would), with ``article`` drafted by ``quizgen draft``."""
    root = copy_project(tmp_path, drop_topics=DRAFTED_TOPICS)
    result = CliRunner().invoke(app, ["draft", article, "--root", str(root)])
    assert result.exit_code == 0, result.output
    return root


def _without(text: str, topics: frozenset[str]) -> tuple[str, set[str]]:
    """The bank text without the items of ``topics``, and the ids cut."""
    top = yaml.compose(text)
    assert isinstance(top, yaml.SequenceNode)
    lines = text.splitlines(keepends=True)
    starts = [node.start_mark.line for node in top.value] + [len(lines)]
    cut: set[int] = set()
    ids: set[str] = set()
    for i, node in enumerate(top.value):
        assert isinstance(node, yaml.MappingNode)
        topic = next(v.value for k, v in node.value if k.value == "topic")
        if topic in topics:
            cut.update(range(starts[i], starts[i + 1]))
            ids.add(next(v.value for k, v in node.value if k.value == "id"))
    return "".join(line for n, line in enumerate(lines) if n not in cut), ids


def _excludes_without(text: str, ids: set[str]) -> str:
    """``excludes: [...]`` lines (one line each in the shipped bank) without ``ids``; emptied ones removed."""
    out = []
    for line in text.splitlines(keepends=True):
        m = re.match(r"  excludes: \[([^\]]*)\](.*)\n", line)
        if m:
            kept = [x.strip() for x in m.group(1).split(",") if x.strip() not in ids]
            if not kept:
                continue
            line = f"  excludes: [{', '.join(kept)}]{m.group(2)}\n"
        out.append(line)
    return "".join(out)
