"""Hostile input finds no crash: a corpus of hand-made cases and random mutations of every input file.

Each project is run through ``quizgen check``, ``quizgen build anki`` and the self-test (in-process, through
the CLI), and must: raise nothing (an exception out of a command is an internal error, a bug), exit with a
documented code, finish (a deadline fails a hang), and locate every diagnostic (file, line >= 1, column >= 1,
a known rule code). The random part is bounded (a few dozen examples) so the suite stays fast; a failure
prints the mutation to add to the corpus.
"""

from __future__ import annotations

import contextlib
import json
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from quizgen import api
from quizgen.build.run import build
from quizgen.checks import RULES
from quizgen.checks.example import FILES, write
from quizgen.cli import app
from quizgen.core.errors import QuizgenError
from quizgen.selftest.pool import FilterError, Filters, select

DECK = (
    "name: Example\ndeck_id: 1700000000001\n"
    "note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}\n"
    "select: {status: [draft, approved]}\nsubdecks: topic\ndescription: Fuzzed.\n"
)
LOCK = (
    '{"deck": "Example", "format": 1, "notes": {"rojas-role": '
    '{"hash": "0123456789abcdef", "mod": 1, "retired": false}}}\n'
)
CONFIG = "topics:\n  role: who holds which post\n"
PROJECT = {**FILES, "decks/example.yaml": DECK, "decks/example.lock.json": LOCK, "quizgen.yaml": CONFIG}
"""The example project with a deck, its lock and a config: every kind of input file quizgen reads."""

TOKENS = [
    "\\x1f", "\x1f", '"\\u202e"', "\u202e", "\u2066", "\\x00", "\x00", "\\uffff", "\x08", "\r", "\t",
    "&lt;script&gt;", "<script>alert(1)</script>", "{{c1::x}}", "::", "}}", ": ", "- ", "-", "[", "]", "{", "}",
    "*a", "&a ", "!!python/object/apply:os.system [true]", "!t ", "'", '"', "#", "\n", "\n  ", "\n- ", "---\n",
    "...\n", "? ", "|", ">", "%YAML 1.1\n", "1e30", "NaN", "-1", "0", "99999999999999999999", "null", "~",
    "yes", "[[[[[[[[", "{a: {a: {a: {a:", "x" * 6000, "y " * 3000, "é", "\U0001F600", "中文", "\u00a0",
    "\ufeff", "id: rojas-role\n", "type: mcq\n", "status: approved\n", "source: nowhere\n",
]  # fmt: skip
"""Hostile fragments: escapes and raw control characters, bidi controls, markup, YAML syntax, numbers out of
range, nesting, very long text, unusual scripts and keys that collide with real ones."""

BYTES = [b"\xff", b"\xe9", b"\xc3", b"\x00", b"\xef\xbb\xbf"]
"""Bytes that are not UTF-8 (or are a misplaced byte-order mark)."""

EXIT_CODES = {"check": {0, 1, 2}, "build": {0, 1}, "selftest": {0, 2, 4}}
"""The documented exit codes (5, a machine failure, cannot happen on a healthy temporary folder)."""


class HangError(Exception):
    """A command ran past its deadline (not an OSError, which the loaders would take for a read failure)."""


@contextlib.contextmanager
def deadline(seconds: int = 30) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise HangError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def located(diagnostics: list[object]) -> None:
    for d in diagnostics:
        loc = d.location  # type: ignore[attr-defined]
        assert loc.path and loc.line >= 1 and loc.column >= 1, d
        assert d.code in RULES, d  # type: ignore[attr-defined]
        assert "\n" not in d.message, d  # type: ignore[attr-defined]


def run_everything(root: Path) -> None:
    """check, build and the self-test on ``root``: the library calls, then the CLI commands."""
    runner = CliRunner()
    with deadline():
        found = api.check(root).diagnostics
        located(found)
        errors = [d for d in found if d.severity.value == "error"]
        try:
            result = build(root, outputs=frozenset({"anki"}))
            located(result.diagnostics)
            assert not errors, "build went ahead although check reports errors"
        except QuizgenError as refused:
            located(refused.diagnostics)
            assert refused.diagnostics, "a refusal says why"
        with contextlib.suppress(FilterError):
            located(list(select(root, Filters()).load_errors))
        for name, args in (
            ("check", ["check", "--root", str(root)]),
            ("build", ["build", "anki", "--root", str(root)]),
            (
                "selftest",
                ["selftest", "--root", str(root), "--state", str(root / "s.sqlite3"), "--answers", "-"],
            ),
        ):
            out = runner.invoke(app, args, input="q\n")
            assert out.exception is None or type(out.exception) is SystemExit, (name, repr(out.exception))
            assert out.exit_code in EXIT_CODES[name], (name, out.exit_code, out.output[-500:])
            assert "internal error" not in out.output and "Traceback" not in out.output


def test_the_unmutated_project_is_clean(tmp_path: Path) -> None:
    write(tmp_path, PROJECT)
    assert api.check(tmp_path).diagnostics == []
    run_everything(tmp_path)


def _corpus() -> list[tuple[str, str, int, bytes]]:
    """(name, file, position, inserted bytes): every token in every file, at a spot that varies with it."""
    cases = []
    files = sorted(PROJECT)
    for i, token in enumerate(TOKENS):
        for j, rel in enumerate(files[(i % 4) :: 4]):  # a quarter of the files per token: 105 cases
            size = len(PROJECT[rel].encode())
            at = (i * 37 + j * 101) % max(size, 1)
            cases.append((f"{rel}@{at}+{token[:12]!r}", rel, at, token.encode()))
    for k, data in enumerate(BYTES):
        for rel in files:
            at = (k * 53) % max(len(PROJECT[rel].encode()), 1)
            cases.append((f"{rel}@{at}+{data!r}", rel, at, data))
    return cases


CORPUS = _corpus()


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 100


@pytest.mark.parametrize(("rel", "at", "data"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_hostile_case(tmp_path: Path, rel: str, at: int, data: bytes) -> None:
    write(tmp_path, PROJECT)
    path = tmp_path / rel
    blob = path.read_bytes()
    path.write_bytes(blob[:at] + data + blob[at:])
    run_everything(tmp_path)


_MUTATION = st.tuples(
    st.sampled_from(sorted(PROJECT)),
    st.integers(min_value=0, max_value=2000),  # where (wrapped to the file's size)
    st.integers(min_value=0, max_value=40),  # how many bytes to cut there
    st.one_of(
        st.sampled_from(TOKENS).map(str.encode),
        st.sampled_from(BYTES),
        st.text(max_size=8).map(lambda s: s.encode("utf-8", "surrogatepass")),
        st.binary(max_size=8),
    ),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(_MUTATION, min_size=1, max_size=3))
def test_random_mutations(mutations: list[tuple[str, int, int, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, PROJECT)
        for rel, where, cut, data in mutations:
            path = root / rel
            blob = path.read_bytes()
            at = where % (len(blob) + 1)
            path.write_bytes(blob[:at] + data + blob[at + cut :])
        run_everything(root)


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                    max_leaves=10))  # fmt: skip
def test_random_lock_values(value: object) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        lock = json.loads(LOCK)
        lock["notes"]["rojas-role"]["mod"] = value
        write(root, {**PROJECT, "decks/example.lock.json": json.dumps(lock)})
        run_everything(root)
