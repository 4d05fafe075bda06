"""``quizgen eval`` on hostile files (found by fuzzing its inputs): a FIFO or ``/dev/zero`` given as the
annotated file waited for ever (or filled the memory); bytes that are not UTF-8 were reported by offset."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.cli import app


def _eval(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["eval", *args])
    assert result.exception is None or type(result.exception) is SystemExit, repr(result.exception)
    return result.exit_code, result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "rams.jsonlines"
    os.mkfifo(fifo)
    code, output = _eval("meetings", str(fifo))
    assert code == 1 and f"{fifo}: cannot read: not a regular file; give the annotated file itself" in output
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "attributions" / "a_x.ann").write_text("")
    os.mkfifo(tmp_path / "text" / "a.txt")
    code, output = _eval("attribution", str(tmp_path))
    assert code == 1 and "a.txt: cannot read: not a regular file" in output


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_an_endless_device_is_refused() -> None:
    code, output = _eval("meetings", "/dev/zero")
    assert code == 1 and "/dev/zero: cannot read: not a regular file" in output


def test_bytes_that_are_not_utf8_are_placed(tmp_path: Path) -> None:
    path = tmp_path / "rams.jsonlines"
    path.write_bytes(b'{"a": 1}\n\xc3\xa9\xff\n')
    code, output = _eval("meetings", str(path))
    assert code == 1, output
    assert f"{path}:2:2: cannot read: byte 0xFF is not UTF-8; save the file as UTF-8" in output


RAMS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "rams-dev-contact.jsonlines"


def _record() -> dict[str, object]:
    import json

    if not RAMS.is_file():
        pytest.skip("no RAMS dev file beside the checkout")
    record: dict[str, object] = json.loads(RAMS.read_text("utf-8").split("\n", 1)[0])
    return record


@pytest.mark.parametrize("damage", ["deep", "infinite", "line-separator"])
def test_a_hostile_rams_line_is_placed_or_read(tmp_path: Path, damage: str) -> None:
    """A line nested 100,000 deep (RecursionError) and a trigger of 1e999 (OverflowError) were internal
    errors; a U+2028 inside a JSON string split the line in two (str.splitlines), refusing a valid record."""
    import json

    record = _record()
    path = tmp_path / "rams.jsonlines"
    if damage == "deep":
        path.write_text("[" * 100_000 + "\n")
    elif damage == "infinite":
        trigger = record["evt_triggers"][0]  # type: ignore[index]
        trigger[0] = float("inf")
        path.write_text(json.dumps(record).replace("Infinity", "1e999") + "\n")
    else:
        record["source_url"] = "a\u2028b"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    code, output = _eval("meetings", str(path))
    if damage == "line-separator":
        assert code == 0, output
    else:
        assert code == 1 and f"{path}:1:1: not a RAMS record (" in output, output
