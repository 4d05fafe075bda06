"""Benchmark start-up: ``quizgen --help`` and the first self-test question against a bare typer app.

    .venv/bin/python benchmarks/startup.py              # 20 runs of each, interleaved
    .venv/bin/python benchmarks/startup.py --repeat 3   # smoke run (CI)

Each repeat runs, interleaved, as fresh processes (warm page cache, bytecode present):

* ``bare``: a typer hello-world app (one command with one option) run with ``--help``: the floor any typer
  CLI pays;
* ``help``: ``quizgen --help``;
* ``first_question``: ``quizgen selftest --mode practice --no-save`` on the shipped project, timed until the
  first question's prompt appears on its output (loading and checking the bank, opening the state, importing
  fsrs); the process is then stopped.

The last line is a JSON object with the median of each and ``ratio`` = help / bare (goal: <= 1.3; the CLI
imports the library inside each command so ``--help`` pays for typer alone).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = """\
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""
PROMPT = b"? for help) > "


def _time(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def _first_question(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    assert proc.stdout is not None
    seen = b""
    while PROMPT not in seen:
        chunk = proc.stdout.read1(4096)
        if not chunk:
            raise RuntimeError("quizgen selftest ended before asking a question")
        seen += chunk
    elapsed = time.perf_counter() - start
    proc.kill()
    proc.wait()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs of each command (default 20)")
    args = parser.parse_args()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    quizgen = [sys.executable, "-m", "quizgen"]
    with tempfile.TemporaryDirectory() as scratch:
        bare_app = Path(scratch) / "bare.py"
        bare_app.write_text(BARE)
        state = str(Path(scratch) / "state.sqlite3")
        selftest = [*quizgen, "selftest", "--mode", "practice", "--no-save", "--state", state, "--seed", "1"]
        # one untimed run each: bytecode written, page cache warm
        _time([sys.executable, str(bare_app), "--help"], env)
        _time([*quizgen, "--help"], env)
        _first_question(selftest, env)
        times: dict[str, list[float]] = {"bare": [], "help": [], "first_question": []}
        for _ in range(args.repeat):
            times["bare"].append(_time([sys.executable, str(bare_app), "--help"], env))
            times["help"].append(_time([*quizgen, "--help"], env))
            times["first_question"].append(_first_question(selftest, env))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:>15}: median {value * 1000:.0f} ms (min {min(times[name]) * 1000:.0f} ms)")
    result = {
        "bench": "startup",
        "bare_s": round(medians["bare"], 4),
        "help_s": round(medians["help"], 4),
        "first_question_s": round(medians["first_question"], 4),
        "ratio": round(medians["help"] / medians["bare"], 3),
        "goal": 1.3,
        "repeat": args.repeat,
        "python": platform.python_version(),
    }
    print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
