"""Benchmark the relation analysis (:func:`quizgen.checks.relations.relate`) on a synthetic bank.

    .venv/bin/python benchmarks/relations.py                                  # 1,000 articles, 10,000 questions
    .venv/bin/python benchmarks/relations.py --articles 100 --questions 1000  # smoke run

The corpus is the one ``benchmarks/check.py`` generates (``benchmarks/out/``, reused while the generator is
unchanged). Times ``relate`` over every non-retired item, the set ``quizgen check`` relates in a project
without decks; the check pays this once per deck. The last line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from check import DEFAULT_OUT, ensure_corpus  # benchmarks/check.py (this folder is on sys.path as a script)

from quizgen.checks.relations import relate
from quizgen.core.model import ReviewStatus
from quizgen.load.project import load_project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the relation analysis on a synthetic bank.")
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    root, _ = ensure_corpus(args.out, args.articles, args.questions, args.seed, regenerate=False)
    project = load_project(root).project
    ids = [q.id for q in project.bank.questions if q.review.status is not ReviewStatus.RETIRED]
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        found = relate(project, ids)
        runs.append(time.perf_counter() - start)
    best = min(runs)
    print(
        f"relate over {len(ids):,} items: best {best:.2f} s ({len(found.groups)} groups, {len(found.leaks)} leaks)"
    )
    result = {
        "items": len(ids),
        "seconds": round(best, 3),
        "runs": [round(r, 3) for r in runs],
        "groups": len(found.groups),
        "leaks": len(found.leaks),
        "microseconds_per_item": round(1e6 * best / max(1, len(ids)), 1),
    }
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
