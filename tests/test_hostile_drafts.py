"""A drafts file edited into something the loader cannot make an item of is refused by ``quizgen review`` with
the loader's located diagnostics, never an internal error; nothing is written.

Each case came from fuzzing ``question_bank/drafts/*.yaml`` (then ``review --accept``, ``--reject`` and the
interactive review).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from draft_project import drafted_project
from typer.testing import CliRunner

from quizgen.cli import app

ARTICLE = "000_61357396dd02fba6"
DRAFTS = f"question_bank/drafts/{ARTICLE}.yaml"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return drafted_project(tmp_path_factory.mktemp("drafted"), ARTICLE)


def _copy(drafted: Path, tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "p"
    shutil.copytree(drafted, root)
    return root


def _review(root: Path, *args: str, stdin: str = "") -> tuple[int, str]:
    result = CliRunner().invoke(app, ["review", *args, "--by", "Fuzz", "--root", str(root)], input=stdin)
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    assert "internal error" not in result.output
    return result.exit_code, result.output


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def _first(root: Path) -> str:
    data = yaml.safe_load((root / DRAFTS).read_text("utf-8"))
    return str(data[0]["id"])


def _set(root: Path, field: str, value: object) -> str:
    """Give every draft ``field: value`` (as a reviewer's careless edit would); the first draft's id."""
    path = root / DRAFTS
    data = yaml.safe_load(path.read_text("utf-8"))
    for item in data:
        item[field] = copy.deepcopy(value)  # no YAML anchors: each item holds its own
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return str(data[0]["id"])


@pytest.mark.parametrize(("field", "value"), [("evidence", -1), ("evidence", [None]), ("type", {"mcq": "x"})])
def test_a_draft_the_loader_cannot_make_is_refused_with_located_problems(
    drafted: Path, tmp_path: Path, field: str, value: object
) -> None:
    root = _copy(drafted, tmp_path)
    qid = _set(root, field, value)
    before = _snapshot(root)
    code, out = _review(root, "--accept", qid)
    assert code == 1, out
    assert f"draft {qid!r} is not a valid item: fix what is reported in {DRAFTS}" in out
    assert f"{DRAFTS}:" in out  # the loader's diagnostics, each at its line and column
    assert _snapshot(root) == before
    # The interactive review shows each draft and goes on after the refusal.
    code, out = _review(root, stdin="a\nq\n")
    assert code == 0, out
    assert f"not accepted: draft {qid!r} is not a valid item" in out
    assert f"  {DRAFTS}:" in out
    assert _snapshot(root) == before


def test_a_value_its_tag_cannot_make_stops_that_draft_only(drafted: Path, tmp_path: Path) -> None:
    root = _copy(drafted, tmp_path)
    path = root / DRAFTS
    text = path.read_text("utf-8")
    first = _first(root)
    path.write_text(text.replace("  confidence: ", "  confidence: !!float nan", 1), "utf-8")
    before = _snapshot(root)
    code, out = _review(root, "--accept", first)
    assert code == 1, out
    assert f"{DRAFTS}:" in out and "[QG106]" in out
    assert _snapshot(root) == before
    code, out = _review(root, stdin="s\nq\n")
    assert code == 0, out
    assert f"[{first}]  cannot be read as an item" in out
    others = [i for i in yaml.safe_load(text) if i["id"] != first]
    code, out = _review(root, "--reject", str(others[0]["id"]))
    assert code == 0, out


def test_an_id_that_is_not_text_leaves_the_other_drafts_usable(drafted: Path, tmp_path: Path) -> None:
    root = _copy(drafted, tmp_path)
    path = root / DRAFTS
    data = yaml.safe_load(path.read_text("utf-8"))
    data[1]["id"] = {"mcq": -1}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    code, out = _review(root, "--reject", str(data[0]["id"]))
    assert code == 0, out
    code, out = _review(root, stdin="s\ns\nq\n")
    assert code == 0, out


def test_a_draft_is_read_as_the_loader_reads_it(tmp_path: Path) -> None:
    """A drafts file is parsed once: its items' values come from the nodes that give their lines, so a tab
    inside a plain value (which libyaml, the loader's parser, accepts and pure-Python PyYAML refuses) no longer
    leaves every draft of the file without its values; ints, dates and booleans are made as before."""
    from quizgen.review.drafts import pending

    folder = tmp_path / "question_bank" / "drafts"
    folder.mkdir(parents=True)
    (folder / "a.yaml").write_text(
        "- id: one\n  prompt: Who said\tit?\n  n: 3\n  day: 2026-01-02\n  flag: no\n  text: '3'\n"
        "- id: two\n  x: !!int nope\n- id: three\n  x: !!str 4\n",
        "utf-8",
    )
    drafts = pending(tmp_path)
    assert [d.id for d in drafts] == ["one", "two", "three"]
    import datetime as dt

    assert drafts[0].data == {
        "id": "one", "prompt": "Who said\tit?", "n": 3, "day": dt.date(2026, 1, 2), "flag": False, "text": "3"
    }  # fmt: skip
    assert drafts[1].data == {}  # a tag that cannot make its value: that item alone has none
    assert drafts[2].data == {"id": "three", "x": "4"}
    assert drafts[0].text.startswith("- id: one\n") and drafts[2].text == "- id: three\n  x: !!str 4\n"
