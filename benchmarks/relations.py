"""Benchmark the relation analysis (:func:`quizgen.checks.relations.relate`) and what it adds to ``quizgen check``.

    .venv/bin/python benchmarks/relations.py                                  # 1,000 articles, 10,000 questions
    .venv/bin/python benchmarks/relations.py --articles 100 --questions 1000  # smoke run
    .venv/bin/python benchmarks/relations.py --articles 100 --questions 1000 --exhaustive  # + every pair

The corpus is the one ``benchmarks/check.py`` generates (``benchmarks/out/``, reused while the generator is
unchanged). Each repeat times, interleaved so that the machine's load falls on all alike:

* ``relate``: ``relate`` over every non-retired item (the set ``quizgen check`` relates in a project without
  decks; with decks it relates each deck's items);
* ``check``: :func:`quizgen.api.check` in-process, every check;
* ``check_without_relations``: the same with the relation checks (QG901-QG904) taken out;
* ``relate_exhaustive`` (``--exhaustive``): ``relate(..., exhaustive=True)``, every pair compared (the reference
  the indexes must agree with; quadratic, so for small corpora only).

``relations_share`` = (check - check_without_relations) / check. The last line is a JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from check import DEFAULT_OUT, ensure_corpus  # benchmarks/check.py (this folder is on sys.path as a script)

from quizgen import api, checks
from quizgen.checks import related
from quizgen.checks.relations import Relations, relate
from quizgen.core.model import ReviewStatus
from quizgen.load.project import load_project


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _without_relations(root: Path) -> None:
    """``api.check`` with the relation checks taken out of the project checks."""
    kept = checks.PROJECT_CHECKS
    checks.PROJECT_CHECKS = tuple(fn for fn in kept if fn is not related.check_project)
    try:
        api.check(root)
    finally:
        checks.PROJECT_CHECKS = kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the relation analysis on a synthetic bank.")
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exhaustive", action="store_true", help="also time every pair compared (slow)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    root, _ = ensure_corpus(args.out, args.articles, args.questions, args.seed, regenerate=False)
    project = load_project(root).project
    ids = [q.id for q in project.bank.questions if q.review.status is not ReviewStatus.RETIRED]
    found: list[Relations] = []
    jobs: dict[str, Callable[[], object]] = {
        "relate": lambda: found.append(relate(project, ids)),
        "check": lambda: api.check(root),
        "check_without_relations": lambda: _without_relations(root),
    }
    if args.exhaustive:
        jobs["relate_exhaustive"] = lambda: found.append(relate(project, ids, exhaustive=True))
    runs: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(args.repeat):
        for name, job in jobs.items():
            runs[name].append(_timed(job))
    best = {name: min(times) for name, times in runs.items()}
    same = all(f == found[0] for f in found)
    result = found[0]
    share = (best["check"] - best["check_without_relations"]) / best["check"]
    found_counts = (
        f"{len(result.groups)} groups, {len(result.leaks)} leaks, {len(result.eliminations)} eliminations"
    )
    print(f"relate over {len(ids):,} items: best {best['relate']:.2f} s ({found_counts})")
    print(f"quizgen check: best {best['check']:.2f} s; without relations {best['check_without_relations']:.2f} s "
          f"(relations {100 * share:.0f}% of the check)")  # fmt: skip
    if args.exhaustive:
        print(f"every pair compared: best {best['relate_exhaustive']:.2f} s; same result: {same}")
    out = {
        "items": len(ids),
        "best": {name: round(t, 3) for name, t in best.items()},
        "runs": {name: [round(t, 3) for t in times] for name, times in runs.items()},
        "groups": len(result.groups),
        "leaks": len(result.leaks),
        "eliminations": len(result.eliminations),
        "relations_share": round(share, 3),
        "relate_microseconds_per_item": round(1e6 * best["relate"] / max(1, len(ids)), 1),
        "same_result": same,
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(out, sort_keys=True))
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
