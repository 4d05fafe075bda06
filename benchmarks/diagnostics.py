"""Compare what two versions of quizgen's check report: dump the diagnostics of a project, or damage a corpus.

A speed-up of the check must not change a single diagnostic. Dump them with each version (put the other
version's ``quizgen/`` first on ``PYTHONPATH``) and compare the files::

    .venv/bin/python benchmarks/diagnostics.py damage benchmarks/out/corpus-a1000-q10000-s1 /tmp/damaged
    PYTHONPATH=/tmp/main .venv/bin/python benchmarks/diagnostics.py dump /tmp/damaged /tmp/main.jsonl
    .venv/bin/python benchmarks/diagnostics.py dump /tmp/damaged /tmp/branch.jsonl
    cmp /tmp/main.jsonl /tmp/branch.jsonl

``dump`` writes one JSON object per diagnostic, in the order ``quizgen check`` reports them (every field:
code, severity, location, message, item, related), and prints a summary as the last line. ``damage`` copies a
project and plants, with a fixed seed, the mistakes the loader and the checks exist for (misquoted evidence,
unknown fields and sources, wrong types, duplicate ids and keys, hidden characters, YAML syntax errors, ...),
so that the comparison covers the diagnostics a clean benchmark bank never gives.
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import hashlib
import json
import random
import re
import shutil
import sys
from collections import Counter
from pathlib import Path


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    return str(value)


def dump(root: Path, out: Path, *, cached: bool = False) -> dict[str, object]:
    """Write every diagnostic of ``quizgen check`` on ``root`` (uncached) to ``out``; a summary. ``cached``: of
    the check reading and writing the cache (``.quizgen-cache/`` in ``root``: fill it first, edit, then dump)."""
    import quizgen
    from quizgen import api

    result = api.check(root, cache=cached)
    lines = [
        json.dumps(dataclasses.asdict(d), default=_plain, ensure_ascii=False, sort_keys=True)
        for d in result.diagnostics
    ]
    blob = ("\n".join(lines) + "\n").encode("utf-8")
    out.write_bytes(blob)
    return {
        "quizgen": str(Path(quizgen.__file__).parent),
        "diagnostics": len(lines),
        "sha256": hashlib.sha256(blob).hexdigest(),
        "by_code": dict(sorted(Counter(d.code for d in result.diagnostics).items())),
    }


# Each damage takes the text of one bank item (a "- id: ..." block) and returns it changed.
def _misquote(item: str, rng: random.Random) -> str:
    return re.sub(r"(quote: .*?)(\w{4,})", lambda m: m[1] + m[2][::-1], item, count=1)


def _unknown_field(item: str, rng: random.Random) -> str:
    return item.replace("  topic:", "  topik:", 1)


def _drop_field(item: str, rng: random.Random) -> str:
    field = rng.choice(["topic", "prompt", "answer", "review", "type", "evidence"])
    return re.sub(rf"(?m)^  {field}:.*\n(?:    .*\n)*", "", item, count=1)


def _unknown_source(item: str, rng: random.Random) -> str:
    return re.sub(r"source: (\S+)", r"source: \1x", item, count=1)


def _wrong_type(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^  prompt: .*$", "  prompt: [a, list]", item, count=1)


def _duplicate_key(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^(  topic: .*)$", r"\1\n\1", item, count=1)


def _hidden(item: str, rng: random.Random) -> str:
    return re.sub(r'(?m)^  answer: ([^"\\\n]*)$', r'  answer: "\\u202e\1"', item, count=1)


def _bad_answer(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^  answer: (?!true|false)(.*)$", r"  answer: Zanzibar Quux", item, count=1)


def _bad_type(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^  type: .*$", "  type: mcqq", item, count=1)


def _bad_status(item: str, rng: random.Random) -> str:
    return item.replace("status: draft", "status: drafted", 1).replace("status: approved", "status: ok", 1)


def _changed(item: str, rng: random.Random) -> str:  # an approved item edited: QG601
    return re.sub(r"(?m)^(  prompt: .*?) (\w)", r"\1 really \2", item, count=1)


def _bad_slug(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^- id: (.*)$", r"- id: \1_X", item, count=1)


def _empty_value(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^  explanation: .*$", '  explanation: ""', item, count=1)


def _bool_text(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^  topic: .*$", "  topic: yes", item, count=1)


def _short_quote(item: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^(\s+quote: ).*$", r"\1the", item, count=1)


def _syntax(item: str, rng: random.Random) -> str:
    return item.replace("  prompt: ", "  prompt: 'unclosed ", 1)


def _alias(item: str, rng: random.Random) -> str:
    return item.replace("  topic: ", "  topic: *anchor ", 1)


DAMAGES = (
    _misquote, _misquote, _misquote, _unknown_field, _drop_field, _drop_field, _unknown_source, _wrong_type,
    _duplicate_key, _hidden, _bad_answer, _bad_answer, _bad_type, _bad_status, _changed, _changed, _bad_slug,
    _empty_value, _bool_text, _short_quote,
)  # fmt: skip
FILE_DAMAGES = (_syntax, _alias)
"""Damages that make the whole file unreadable: planted in few files, so that the rest is still checked."""


def damage(src: Path, dst: Path, *, seed: int, rate: float) -> dict[str, object]:
    """Copy the project ``src`` to ``dst`` and damage about ``rate`` of its bank items (and a few files)."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".quizgen-cache"))
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    files = sorted((dst / "question_bank").glob("*.yaml"))
    wrecked = set(rng.sample(range(len(files)), k=min(2, len(files) // 10)))
    ids: list[str] = []
    for n, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        items = re.split(r"(?m)^(?=- id: )", text)
        out = []
        for item in items:
            if item.startswith("- id: "):
                ids.append(item.split("\n", 1)[0])
                if rng.random() < rate:
                    fn = rng.choice(DAMAGES)
                    item = fn(item, rng)
                    counts[fn.__name__] += 1
                elif rng.random() < rate / 10 and ids:  # an id used before
                    item = rng.choice(ids) + "\n" + item.split("\n", 1)[1]
                    counts["duplicate_id"] += 1
            out.append(item)
        if n in wrecked:
            k = next(i for i in range(len(out) // 2, len(out)) if out[i].startswith("- id: "))
            fn = FILE_DAMAGES[len(counts) % len(FILE_DAMAGES)]
            out[k] = fn(out[k], rng)
            counts[fn.__name__] += 1
        path.write_text("".join(out), encoding="utf-8")
    return {"damaged": dict(sorted(counts.items())), "files": len(files)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write the diagnostics of a check as JSON lines")
    d.add_argument("root", type=Path)
    d.add_argument("out", type=Path)
    d.add_argument("--cached", action="store_true", help="dump a check that reads the cache")
    g = sub.add_parser("damage", help="copy a project and plant mistakes in its bank")
    g.add_argument("src", type=Path)
    g.add_argument("dst", type=Path)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--rate", type=float, default=0.05, help="share of the items damaged")
    args = parser.parse_args(argv)
    if args.command == "dump":
        summary = dump(args.root, args.out, cached=args.cached)
    else:
        summary = damage(args.src, args.dst, seed=args.seed, rate=args.rate)
    print(json.dumps(summary, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
