"""How long drawing a form from a blueprint takes, on numbered copies of the shipped bank.

    .venv/bin/python benchmarks/blueprint.py                 # 400 and 2,000 items
    .venv/bin/python benchmarks/blueprint.py --items 400     # one size

Per size: a 100-question form with quotas per article, type and topic, with dense relations written in code
(a third of the items in same-fact groups of three, a leak pair per four items), then a parallel second form
avoiding the first one's items; and a blueprint that leak pairs make impossible (the worst case: the counts see
no shortage, so the search runs out of its step budget before :func:`quizgen.assemble.blueprint.diagnose`
names the quota). Human-readable lines first; the last line is a JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import time
from pathlib import Path

from quizgen.assemble.blueprint import InfeasibleError, draw
from quizgen.checks.relations import Leak, Relations
from quizgen.core.diagnostics import Location
from quizgen.load.decks import Blueprint, Quota
from quizgen.load.project import load_project

ROOT = Path(__file__).resolve().parent.parent
HERE = Location("decks/bench.yaml", 1, 1)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, action="append")
    args = parser.parse_args()
    base = list(load_project(ROOT).project.bank.questions)
    results = []
    for n in args.items or [400, 2000]:
        items = [dataclasses.replace(base[i % len(base)], id=f"q{i}") for i in range(n)]
        ids = [q.id for q in items]
        rnd = random.Random(1)
        groups = tuple(tuple(sorted(ids[i : i + 3])) for i in range(0, n // 3 - 2, 3))
        pairs = {tuple(sorted(rnd.sample(ids[n // 3 :], 2))) for _ in range(n // 4)}
        relations = Relations(groups, tuple(Leak(a, b, "bench") for a, b in sorted(pairs)))
        sources = sorted({q.evidence[0].source for q in items})
        quotas = [Quota("sources", s, 34 if k == 0 else 33, None, HERE) for k, s in enumerate(sources)]
        quotas += [Quota("types", "mcq", 40, None, HERE), Quota("types", "true-false", 20, None, HERE),
                   Quota("topics", "met", 5, None, HERE)]  # fmt: skip
        bp = Blueprint(100, tuple(quotas), HERE)
        t = time.perf_counter()
        first = draw(items, bp, relations, "A")
        one = time.perf_counter() - t
        t = time.perf_counter()
        second = draw(items, bp, relations, "B", frozenset(q.id for q in first))
        parallel = time.perf_counter() - t
        shared = len({q.id for q in first} & {q.id for q in second})
        mcq = [q.id for q in items if q.type.value == "mcq"]
        leaky = Relations((), tuple(Leak(a, b, "bench") for a, b in zip(mcq[::2], mcq[1::2], strict=False)))
        impossible = Blueprint(
            len(mcq) // 2 + 2, (Quota("types", "mcq", len(mcq) // 2 + 2, None, HERE),), HERE
        )
        t = time.perf_counter()
        try:
            draw(items, impossible, leaky, "A")
            message = "found"
        except InfeasibleError as exc:
            message = exc.message
        worst = time.perf_counter() - t
        print(f"{n} items: form {one:.3f} s, parallel form {parallel:.3f} s ({shared} shared), "
              f"worst-case refusal {worst:.2f} s: {message}")  # fmt: skip
        results.append({"items": n, "form_s": round(one, 4), "parallel_s": round(parallel, 4),
                        "shared": shared, "refusal_s": round(worst, 3)})  # fmt: skip
    print(json.dumps({"benchmark": "blueprint", "runs": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
