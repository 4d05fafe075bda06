"""Benchmark ``quizgen draft`` as a user runs it, and the drafting extractors beside it, on news text.

    .venv/bin/python benchmarks/draft.py                       # the PolNeAR dev articles
    .venv/bin/python benchmarks/draft.py --synthetic --repeat 1 # smoke run (CI): no data needed

The articles are read at run time from ``../shared/eval/polnear-dev/text`` (``--texts DIR`` for another
folder) and never copied; when the folder is absent (CI) a synthetic corpus of news-like paragraphs
(quotations, reporting cues, meetings, places) is generated instead, about 1 MB, deterministic.

**The command** (what the user meets): a temporary project (the shipped seeds and bank, plus the texts in
``seeds/`` and its catalogue) is drafted by ``quizgen draft ID...`` of all the texts in one call, in a
subprocess, start to finish (interpreter start, loading the project, extracting, drafting, writing the
drafts files), each repeat on a fresh copy. Interleaved with it, the floor every command pays:
``quizgen draft --help`` (interpreter start and the CLI's imports). Growth: the same at ``--scales`` times
the texts (copies under other ids), so the throughput at 1x, 2x and 4x says whether the cost grows linearly
with the project; ``marginal_mb_per_s`` is the throughput of the added text alone (fixed costs aside).
Python's bytecode of quizgen is cached (in the temporary folder) as an installed package has it; the floor
is also given as it is when every start compiles it (``PYTHONDONTWRITEBYTECODE``, set in some sandboxes).
``phases`` splits one 1x run, in a fresh interpreter, into importing the drafting code, the extractors as the
command calls them, and the rest (loading the project, building the drafts, writing the files; goal 3 MB/s),
in wall-clock and in CPU seconds.

**The extractors**, each repeat timing, interleaved, over all texts:

* ``quizgen``: the ``extract`` functions of :mod:`quizgen.draft.quotes`, ``meetings``, ``places``, ``roles``
  and ``dates``, what ``quizgen draft`` runs per article;
* ``baseline``: a three-pattern regular expression ("...," NAME said / "...," said NAME / NAME said, "..."),
  the floor the evaluation notes compare against, so the ratio says what the extra rules cost.

Human-readable lines come first; the last line is a JSON object: ``mb_per_s`` (the command, end to end, at
1x: MB of UTF-8 article text per second; goal 1.0), ``command`` (seconds and MB/s per scale, the startup
floor, the marginal throughput), and ``extractors`` (their best throughput on one core, goal 2.0, the regex
baseline and the ratio).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from quizgen.draft import dates, meetings, places, quotes, roles

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TEXTS = REPO.parent / "shared" / "eval" / "polnear-dev" / "text"
GOAL_MB_PER_S = 2.0
"""The extractors' goal."""
GOAL_COMMAND_MB_PER_S = 1.0
"""``quizgen draft`` end to end (issue 14)."""
GOAL_REST_MB_PER_S = 3.0
"""What the command does besides starting and extracting (loading, drafting, writing): the share of the end
to end goal it may take."""
_CLI = [sys.executable, "-c", "from quizgen.cli import main; main()"]
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


def _project(folder: Path, texts: list[str], copies: int) -> list[str]:
    """A project in ``folder``: the shipped seeds and bank, plus ``texts`` ``copies`` times as articles (the
    texts are written there, never into the repository); returns the new article ids."""
    shutil.copytree(REPO / "seeds", folder / "seeds")
    shutil.copytree(REPO / "question_bank", folder / "question_bank", ignore=shutil.ignore_patterns("drafts"))
    catalogue = (folder / "seeds" / "sources.yaml").read_text("utf-8")
    head, marker, tail = catalogue.partition("\nvariants:")
    entries, ids = [], []
    for c in range(copies):
        for n, text in enumerate(texts):
            aid = f"bench-{n:04d}-{c}"
            (folder / "seeds" / f"{aid}.txt").write_text(text, "utf-8")
            entries.append(f"  - id: {aid}\n    outlet: Bench Wire\n    headline: h\n    published: null\n")
            ids.append(aid)
    body = head.rstrip("\n") + "\n" + "".join(entries)
    (folder / "seeds" / "sources.yaml").write_text(body + (marker + tail if marker else ""), "utf-8")
    return ids


_PHASES = """
import resource, sys, time

def cpu():  # this process and its reaped children (the extractors' worker)
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

clock = time.perf_counter if sys.argv[1] == "wall" else cpu
t0 = clock()
from quizgen.draft import drafts
t1 = clock()
spent = [0.0]
run = drafts._Found.all  # where the command runs the extractors on the articles

def timed(cls, articles, *early):  # early: the quotations' worker, forked before the project loaded
    t = clock()
    try:
        return run(articles, *early)
    finally:
        spent[0] += clock() - t

drafts._Found.all = classmethod(timed)
root, ids = sys.argv[2], sys.argv[3:]
t2 = clock()
drafts.write_drafts(root, ids)
t3 = clock()
print(t1 - t0, spent[0], t3 - t2 - spent[0])
"""
"""The command's own phases, in a fresh interpreter: importing the drafting code, the extractors as the command
runs them (their first call compiles their patterns and reads their word lists; part of them in a worker
process, whose CPU time counts too), and the rest (loading the project, building the drafts, writing them)."""


def _env(cache: Path | None) -> dict[str, str]:
    """The environment of a timed run: ``cache`` a folder for the bytecode Python compiles (an installed
    quizgen has its bytecode; a sandbox with PYTHONDONTWRITEBYTECODE set would compile every module on every
    start), or None to compile on every start."""
    env = dict(os.environ)
    if cache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    else:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (CPU time is what a loaded machine distorts least)."""
    c0, t0 = _cpu(), time.perf_counter()
    done = subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed, cpu = time.perf_counter() - t0, _cpu() - c0
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[3:6])}... failed: {done.stderr.decode()[-2000:]}")
    return elapsed, cpu


def _command(texts: list[str], scales: list[int], repeat: int) -> dict[str, object]:
    """Time ``quizgen draft`` of every text in one call, per scale, on fresh projects; the startup floor; and
    the command's phases at 1x."""
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = {k: float("inf") for k in scales}
    best_cpu = {k: float("inf") for k in scales}
    floor = floor_cpu = cold = float("inf")
    phases = {clock: [float("inf")] * 3 for clock in ("wall", "cpu")}
    drafts = dict.fromkeys(scales, 0)
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-draft-") as tmp:
        env, env_cold = _env(Path(tmp) / "pycache"), _env(None)
        templates = {k: Path(tmp) / f"x{k}" for k in scales}
        ids = {k: _project(templates[k], texts, k) for k in scales}
        _run([*_CLI, "draft", "--help"], Path(tmp), env)  # untimed: compiles the bytecode once
        for r in range(repeat):
            wall, cpu = _run([*_CLI, "draft", "--help"], Path(tmp), env)
            floor, floor_cpu = min(floor, wall), min(floor_cpu, cpu)
            cold = min(cold, _run([*_CLI, "draft", "--help"], Path(tmp), env_cold)[0])
            for k in scales:
                work = Path(tmp) / f"run-{k}-{r}"
                shutil.copytree(templates[k], work)
                wall, cpu = _run([*_CLI, "draft", *ids[k], "--root", str(work)], work, env)
                best[k], best_cpu[k] = min(best[k], wall), min(best_cpu[k], cpu)
                folder = work / "question_bank" / "drafts"
                drafts[k] = sum(p.read_text("utf-8").count("\n- id: ") for p in folder.glob("*.yaml"))
                shutil.rmtree(work)
            for clock, best_phases in phases.items():
                work = Path(tmp) / f"phases-{r}"
                shutil.copytree(templates[1], work)
                done = subprocess.run(
                    [sys.executable, "-c", _PHASES, clock, str(work), *ids[1]],
                    cwd=work, env=env, capture_output=True, text=True, check=True,
                )  # fmt: skip
                seconds = [float(x) for x in done.stdout.split()]
                phases[clock] = [min(a, b) for a, b in zip(best_phases, seconds, strict=True)]
                shutil.rmtree(work)
    per_scale = {
        f"{k}x": {"mb": round(mb * k, 3), "seconds": round(best[k], 3), "mb_per_s": round(mb * k / best[k], 3),
                  "cpu_seconds": round(best_cpu[k], 3), "mb_per_cpu_s": round(mb * k / best_cpu[k], 3),
                  "drafts": drafts[k]}
        for k in scales
    }  # fmt: skip
    low, high = min(scales), max(scales)
    marginal = (
        (mb * (high - low) / (best[high] - best[low])) if high > low and best[high] > best[low] else None
    )
    imports, extracting, rest = phases["wall"]
    rest_cpu = phases["cpu"][2]
    return {
        "scales": per_scale,
        "startup_seconds": round(floor, 3),
        "startup_cpu_seconds": round(floor_cpu, 3),
        "startup_seconds_compiling": round(cold, 3),
        "marginal_mb_per_s": round(marginal, 3) if marginal else None,
        "phases": {
            "import_seconds": round(imports, 3),
            "extract_seconds": round(extracting, 3),
            "rest_seconds": round(rest, 3),
            "rest_mb_per_s": round(mb / rest, 3) if rest > 0 else None,
            "cpu_seconds": [round(x, 3) for x in phases["cpu"]],
            "rest_mb_per_cpu_s": round(mb / rest_cpu, 3) if rest_cpu > 0 else None,
            "rest_goal": GOAL_REST_MB_PER_S,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the drafting extractors.")
    parser.add_argument("--texts", type=Path, default=DEFAULT_TEXTS, help="a folder of *.txt articles")
    parser.add_argument(
        "--synthetic", action="store_true", help="use the synthetic corpus even if texts exist"
    )
    parser.add_argument("--bytes", type=int, default=1_000_000, help="size of the synthetic corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each side (best is used)")
    parser.add_argument("--scales", default="1,2,4", help="times the texts the command is also timed on")
    args = parser.parse_args()
    scales = sorted({int(k) for k in args.scales.split(",")} | {1})

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
    command = _command(texts, scales, args.repeat)
    per_scale = command["scales"]
    assert isinstance(per_scale, dict)
    end_to_end = per_scale["1x"]["mb_per_s"]
    print(f"corpus: {corpus}, {len(texts)} articles, {mb:.2f} MB; {found} relations")
    for key, row in per_scale.items():
        print(f"quizgen draft (all in one call, {key}): {row['seconds']:.2f} s, {row['mb_per_s']:.2f} MB/s end to "
              f"end ({row['cpu_seconds']:.2f} s CPU, {row['mb_per_cpu_s']:.2f} MB per CPU s), "
              f"{row['drafts']} drafts")  # fmt: skip
    print(f"startup floor (quizgen draft --help): {command['startup_seconds']:.2f} s "
          f"({command['startup_cpu_seconds']:.2f} s CPU; {command['startup_seconds_compiling']:.2f} s when every "
          f"start compiles quizgen's bytecode); marginal throughput {command['marginal_mb_per_s']} MB/s")  # fmt: skip
    phases = command["phases"]
    assert isinstance(phases, dict)
    print(f"the command's phases (1x): importing {phases['import_seconds']:.2f} s, extractors "
          f"{phases['extract_seconds']:.2f} s, loading + drafting + writing {phases['rest_seconds']:.2f} s "
          f"({phases['rest_mb_per_s']} MB/s; CPU s: {phases['cpu_seconds']}, rest "
          f"{phases['rest_mb_per_cpu_s']} MB per CPU s)")  # fmt: skip
    print(f"quizgen extractors: {best_q:.3f} s ({mb_per_s:.2f} MB/s); baseline regex: {best_b:.3f} s")
    print(
        json.dumps(
            {
                "benchmark": "draft",
                "corpus": "synthetic" if corpus == "synthetic" else "polnear-dev",
                "articles": len(texts),
                "mb": round(mb, 3),
                "mb_per_s": end_to_end,
                "goal": GOAL_COMMAND_MB_PER_S,
                "met": end_to_end >= GOAL_COMMAND_MB_PER_S,
                "command": command,
                "extractors": {
                    "seconds": round(best_q, 4),
                    "mb_per_s": round(mb_per_s, 3),
                    "baseline_mb_per_s": round(mb / best_b, 3) if best_b > 0 else None,
                    "ratio": round(best_q / best_b, 2) if best_b > 0 else None,
                    "goal": GOAL_MB_PER_S,
                    "met": mb_per_s >= GOAL_MB_PER_S,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
