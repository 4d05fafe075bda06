"""Hostile input, interrupted writes and concurrent use (issue 17): each defect found there, held fixed."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizgen import api
from quizgen.build.run import build
from quizgen.checks.example import BANK_FILE, write
from quizgen.core.errors import QuizgenError
from quizgen.review.approve import approve

DECK = (
    "name: Example\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
    "select: {status: [approved]}\n"
)


def _approved(root: Path, files: dict[str, str] | None = None) -> Path:
    """The example project with a deck and its item approved."""
    write(root, {"decks/example.yaml": DECK, **(files or {})})
    approve(root, ["rojas-role"], by="Ana")
    return root


def _refusal(root: Path) -> list[tuple[str, str]]:
    with pytest.raises(QuizgenError) as refused:
        build(root)
    return [(d.code, str(d.location)) for d in refused.value.diagnostics]


@pytest.mark.parametrize(
    ("name", "break_it", "expected"),
    [
        (
            "catalogue-yaml-error",
            lambda r: (r / "seeds/sources.yaml").write_text("articles: [\n"),
            [("QG002", "seeds/sources.yaml:2:1")],
        ),
        (
            "article-not-utf8",
            lambda r: (r / "seeds/example.txt").write_bytes(b"Ministers\n caf\xe9\n"),
            [("QG001", "seeds/example.txt:2:5")],
        ),
    ],
)
def test_build_on_a_broken_catalogue_reports_the_cause_once(
    tmp_path: Path, name: str, break_it: object, expected: list[tuple[str, str]]
) -> None:
    root = _approved(tmp_path)
    break_it(root)  # type: ignore[operator]
    assert [(d.code, str(d.location)) for d in api.check(root).diagnostics] == expected
    assert _refusal(root) == expected


def test_build_without_a_sources_folder_reports_it(tmp_path: Path) -> None:
    root = _approved(tmp_path)
    for path in (root / "seeds").iterdir():
        path.unlink()
    (root / "seeds").rmdir()
    assert _refusal(root) == [("QG001", "seeds:1:1")]


class HangError(Exception):
    """Not an OSError (TimeoutError is one): the loaders must not take it for a read failure."""


@contextlib.contextmanager
def _deadline(seconds: int = 5) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block takes longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise HangError(f"still running after {seconds} s: a read is blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)  # fires again each second, should a handler swallow it
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _outside_file(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-LINE:/root:/bin/bash\n")
    return secret


@pytest.mark.parametrize("rel", ["seeds/example.txt", BANK_FILE, "decks/example.yaml", "seeds/sources.yaml"])
def test_a_link_leading_outside_the_project_is_refused(tmp_path: Path, rel: str) -> None:
    root = tmp_path / "project"
    write(root, {"decks/example.yaml": DECK.replace("approved", "draft")})
    (root / rel).unlink()
    (root / rel).symlink_to(_outside_file(tmp_path))
    found = api.check(root).diagnostics
    assert [(d.code, str(d.location)) for d in found] == [("QG001", f"{rel}:1:1")], found
    assert "leads outside the project" in found[0].message
    assert all("SECRET-LINE" not in d.message for d in found)


def test_a_link_inside_the_project_is_read(tmp_path: Path) -> None:
    write(tmp_path, {})
    (tmp_path / "seeds" / "copy").mkdir()
    (tmp_path / "seeds" / "example.txt").rename(tmp_path / "seeds" / "copy" / "example.txt")
    (tmp_path / "seeds" / "example.txt").symlink_to(Path("copy") / "example.txt")
    assert api.check(tmp_path).diagnostics == []


@pytest.mark.parametrize(
    "rel", ["seeds/example.txt", BANK_FILE, "decks/example.yaml", "decks/example.lock.json", "quizgen.yaml"]
)
def test_a_fifo_is_refused_without_hanging(tmp_path: Path, rel: str) -> None:
    write(tmp_path, {"decks/example.yaml": DECK.replace("approved", "draft")})
    (tmp_path / rel).unlink(missing_ok=True)
    os.mkfifo(tmp_path / rel)
    with _deadline():
        found = api.check(tmp_path).diagnostics
        with pytest.raises(QuizgenError):
            build(tmp_path)
    assert (found[0].code, str(found[0].location)) == ("QG001", f"{rel}:1:1"), found
    assert "a FIFO, not a regular file" in found[0].message


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # an unbounded read dies here, not the machine


def test_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    # In a child with 1 GiB of memory: reading /dev/zero to its end never ends and eats all memory.
    script = (
        "import sys; from pathlib import Path; from quizgen.load.yamlfile import ReadError, read_file\n"
        "try:\n    read_file(Path(sys.argv[1]), sys.argv[2])\n"
        "except ReadError as e:\n    print(e.diagnostic.code, e.diagnostic.message)\n"
    )
    os.symlink("/dev/zero", tmp_path / "zero.yaml")
    for path, rel, expected in [
        ("/dev/zero", "zero.yaml", "QG001 cannot read file: it is a device, not a regular file"),
        (
            str(tmp_path / "zero.yaml"),
            "zero.yaml",
            "QG001 zero.yaml leads outside the project (to /dev/zero)",
        ),
    ]:
        run = subprocess.run(
            [sys.executable, "-c", script, path, rel],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limited,
            check=False,
        )
        assert run.stdout.startswith(expected), (run.stdout, run.stderr[-300:])
