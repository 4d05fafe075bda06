"""Benchmark the drafting extractors (quotations, meetings, places, roles, dates) on news text.

    .venv/bin/python benchmarks/draft.py                       # the PolNeAR dev articles, 5 repeats
    .venv/bin/python benchmarks/draft.py --synthetic --repeat 1 # smoke run (CI): no data needed

The articles are read at run time from ``../shared/eval/polnear-dev/text`` (``--texts DIR`` for another
folder) and never copied; when the folder is absent (CI) a synthetic corpus of news-like paragraphs
(quotations, reporting cues, meetings, places) is generated instead, about 1 MB, deterministic.

Each repeat times, interleaved, over all texts:

* ``quizgen``: the ``extract`` functions of :mod:`quizgen.draft.quotes`, ``meetings``, ``places``, ``roles``
  and ``dates``, what ``quizgen draft`` runs per article;
* ``baseline``: a three-pattern regular expression ("...," NAME said / "...," said NAME / NAME said, "..."),
  the floor the evaluation notes compare against, so the ratio says what the extra rules cost.

Human-readable lines come first; the last line is a JSON object: ``mb_per_s`` (best quizgen throughput on one
core, MB of UTF-8 text per second), ``goal`` (2.0), ``baseline_mb_per_s`` and ``ratio``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from pathlib import Path

from quizgen.draft import dates, meetings, places, quotes, roles

DEFAULT_TEXTS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "polnear-dev" / "text"
GOAL_MB_PER_S = 2.0
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*"
BASELINE = [
    re.compile(rf"[“\"]([^”\"]+)[,”\"]+\s+({_NAME})\s+said"),
    re.compile(rf"[“\"]([^”\"]+)[,”\"]+\s+said\s+({_NAME})"),
    re.compile(rf"({_NAME})\s+said,\s+[“\"]([^”\"]+)[”\"]"),
]


def synthetic(target_bytes: int, seed: int) -> list[str]:
    """News-like articles of invented people and places, about ``target_bytes`` in all."""
    rng = random.Random(seed)
    first = ["Ada", "Borin", "Tessa", "Olan", "Mira", "Ruben", "Lena", "Pavel", "Ines", "Tomas"]
    last = ["Quill", "Vale", "Lind", "Brisk", "Osk", "Holt", "Marr", "Stave", "Cole", "Dunn"]
    roles = ["Harbour Authority spokeswoman", "Trade Minister", "Deputy Mayor", "senior adviser", "Governor"]
    places_ = ["Portvale", "Eastmoor", "Kellby", "Ridgeford", "Lowmarsh"]
    words = (
        "the plan will open new routes for trade and keep the harbour safe for every family in town".split()
    )
    out, size = [], 0
    while size < target_bytes:
        paras = []
        for _ in range(rng.randint(8, 16)):
            a = f"{rng.choice(first)} {rng.choice(last)}"
            b = f"{rng.choice(first)} {rng.choice(last)}"
            q = " ".join(rng.choice(words) for _ in range(rng.randint(5, 18))).capitalize()
            kind = rng.randrange(5)
            if kind == 0:
                paras.append(f"“{q},” {rng.choice(roles)} {a} said on Tuesday.")
            elif kind == 1:
                paras.append(f"{a} told reporters: “{q}.” He added that “{q.lower()}.”")
            elif kind == 2:
                paras.append(f"{a} met with {rng.choice(roles)} {b} in {rng.choice(places_)} on Friday.")
            elif kind == 3:
                paras.append(f"The new cranes were installed in {rng.choice(places_)} region under the deal.")
            else:
                paras.append(" ".join(rng.choice(words) for _ in range(40)).capitalize() + ".")
        text = "\n\n".join(paras) + "\n"
        out.append(text)
        size += len(text.encode("utf-8"))
    return out


def _quizgen(texts: list[str]) -> int:
    n = 0
    for t in texts:
        n += (
            len(quotes.extract(t)) + len(meetings.extract(t)) + len(places.extract(t)) + len(roles.extract(t))
        )
        n += len(dates.extract(t))
    return n


def _baseline(texts: list[str]) -> int:
    return sum(len(p.findall(t)) for t in texts for p in BASELINE)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the drafting extractors.")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="a folder of *.txt articles")
    parser.add_argument(
        "--synthetic", action="store_true", help="use the synthetic corpus even if texts exist"
    )
    parser.add_argument("--bytes", type=int, default=1_000_000, help="size of the synthetic corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side (best is used)")
    args = parser.parse_args()

    if not args.synthetic and args.texts.is_dir():
        texts = [p.read_text("utf-8") for p in sorted(args.texts.glob("*.txt"))]
        corpus = str(args.texts)
    else:
        texts = synthetic(args.bytes, args.seed)
        corpus = "synthetic"
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    _quizgen(texts[:3])  # compile the patterns and read the word lists outside the timing
    best_q = best_b = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        found = _quizgen(texts)
        t1 = time.perf_counter()
        _baseline(texts)
        t2 = time.perf_counter()
        best_q, best_b = min(best_q, t1 - t0), min(best_b, t2 - t1)
    mb_per_s = mb / best_q
    print(f"corpus: {corpus}, {len(texts)} articles, {mb:.2f} MB; {found} relations")
    print(f"quizgen extractors: {best_q:.3f} s ({mb_per_s:.2f} MB/s); baseline regex: {best_b:.3f} s")
    print(
        json.dumps(
            {
                "benchmark": "draft",
                "corpus": "synthetic" if corpus == "synthetic" else "polnear-dev",
                "articles": len(texts),
                "mb": round(mb, 3),
                "seconds": round(best_q, 4),
                "mb_per_s": round(mb_per_s, 3),
                "baseline_mb_per_s": round(mb / best_b, 3) if best_b > 0 else None,
                "ratio": round(best_q / best_b, 2) if best_b > 0 else None,
                "goal": GOAL_MB_PER_S,
                "met": mb_per_s >= GOAL_MB_PER_S,
            }
        )
    )


if __name__ == "__main__":
    main()
