"""Benchmark ``quizgen build print`` against bare typst compiling the same documents.

    .venv/bin/python benchmarks/print.py                               # 1,000 questions x 4 forms + keys
    .venv/bin/python benchmarks/print.py --questions 100 --repeat 1    # smoke run (CI)

The corpus is the one ``benchmarks/check.py`` uses (``benchmarks/corpus.py`` into ``benchmarks/out/``,
git-ignored); it holds a tenth more questions than are printed, and one deck defined in code prints
``--questions`` of its draft and approved items (``print.count``), in sections by topic, on ``--forms`` forms.

Each repeat runs, interleaved, each side in a fresh Python process (typst memoises compilations within a
process, so a side run after the other in the same process would be served from the other's cache):

* ``quizgen``: what ``quizgen build print`` does per deck once the project is loaded:
  :func:`quizgen.printing.outputs` (planning the forms, citations with their lines, the template's JSON, the
  typst compiles of every form and of the keys, the Markdown and the sidecar), starting with typst's font set;
* ``typst``: the bare engine: ``typst.compile`` of the same template with the same, already-rendered JSON
  inputs (computed untimed by this script) and the same options, starting with the same font set.

Loading the project and starting Python are outside both timings. Both sides report the SHA-256 of every PDF;
they must be identical, which shows both compiled the very same documents.

Human-readable lines come first; the last line is a JSON object (``ratio`` = best quizgen time / best typst
time, ``goal`` = the ratio to reach).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import check  # benchmarks/check.py (this script's folder is on sys.path when run as a script)

from quizgen.core.diagnostics import Location
from quizgen.core.model import QuestionType, ReviewStatus
from quizgen.load.decks import DeckDefinition, Selection, default_print_settings

GOAL = 1.3
"""Target ratio of quizgen's print time to bare typst's time for the same documents."""
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
DECK_ID = 1_763_900_100_000


def bench_deck(questions: int, forms: int) -> DeckDefinition:
    """The deck under test: ``questions`` of the draft and approved items, by topic, on ``forms`` forms."""
    selection = Selection(
        frozenset({ReviewStatus.DRAFT, ReviewStatus.APPROVED}), frozenset(), frozenset(), frozenset()
    )
    settings = dataclasses.replace(
        default_print_settings("Benchmark quiz", "bench"), count=questions, forms=forms, sections="topic"
    )
    return DeckDefinition(
        stem="bench", path="decks/bench.yaml", name="Benchmark", deck_id=DECK_ID,
        note_type_ids={t: DECK_ID + 11 + i for i, t in enumerate(QuestionType)},
        description="Synthetic deck written by benchmarks/print.py.", selection=selection, subdecks="none",
        outputs=("print",), location=Location("decks/bench.yaml", 1, 1), print_settings=settings,
    )  # fmt: skip


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


# --------------------------------------------------------------------------------------------------------------
# The two sides, each run in its own process


def side_quizgen(root: Path, questions: int, forms: int) -> dict[str, Any]:
    from quizgen.build.printing import outputs
    from quizgen.load.project import load_project

    project = load_project(root).project
    deck = bench_deck(questions, forms)
    start = time.perf_counter()
    files, report, problems = outputs(deck, project)
    elapsed = time.perf_counter() - start
    if problems:
        raise SystemExit(f"quizgen reported {len(problems)} problem(s), e.g. {problems[0]}")
    pdfs = [_digest(data) for path, data in files if path.endswith(".pdf")]
    return {"seconds": elapsed, "pdfs": pdfs, "questions": report.questions, "forms": report.forms}


def side_typst(inputs_file: Path) -> dict[str, Any]:
    import typst

    from quizgen.writers.print import PDF_STANDARD, TEMPLATE, TEMPLATES

    job = json.loads(inputs_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True)
    pdfs = [
        typst.compile(
            TEMPLATE, root=TEMPLATES, font_paths=fonts, ignore_system_fonts=True, sys_inputs={"quiz": document},
            pdf_standards=PDF_STANDARD, timestamp=job["timestamp"],
        )
        for document in job["documents"]
    ]  # fmt: skip
    elapsed = time.perf_counter() - start
    return {"seconds": elapsed, "pdfs": [_digest(pdf) for pdf in pdfs]}


def run_side(argv: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *argv], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"side {argv[1]} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time quizgen's printed quizzes against bare typst.")
    parser.add_argument("--questions", type=int, default=1000, help="questions printed on each form")
    parser.add_argument("--forms", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each side (best is used)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where corpora are cached")
    parser.add_argument("--regenerate", action="store_true", help="regenerate even if a cached corpus fits")
    parser.add_argument("--side", choices=["quizgen", "typst"], help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--inputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.side == "quizgen":
        print(json.dumps(side_quizgen(args.root, args.questions, args.forms)))
        return 0
    if args.side == "typst":
        print(json.dumps(side_typst(args.inputs)))
        return 0

    from quizgen.assemble.forms import plan
    from quizgen.build.printing import timestamp
    from quizgen.load.project import load_project
    from quizgen.writers.print import form_data, keys_data

    version = check.quizgen_version()
    print(f"quizgen: commit {version['commit']}{' with uncommitted changes' if version['dirty'] else ''}")
    bank_size = args.questions + max(1, args.questions // 10)
    root, _manifest = check.ensure_corpus(
        args.out, max(1, bank_size // 10), bank_size, args.seed, regenerate=args.regenerate
    )
    check.warm(root)
    project = load_project(root).project
    deck = bench_deck(args.questions, args.forms)
    quiz = plan(deck, project)  # untimed: the already-rendered documents for the bare side
    documents = [json.dumps(form_data(quiz, form), ensure_ascii=False) for form in quiz.forms]
    documents.append(json.dumps(keys_data(quiz), ensure_ascii=False))
    print(
        f"quiz: {len(quiz.questions):,} questions x {len(quiz.forms)} forms + keys "
        f"({sum(len(d) for d in documents) / 1e6:.1f} MB of JSON for the template)",
        flush=True,
    )
    times: dict[str, list[float]] = {"typst": [], "quizgen": []}
    digests: dict[str, set[tuple[str, ...]]] = {"typst": set(), "quizgen": set()}
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-print-") as scratch:
        inputs = Path(scratch) / "inputs.json"
        inputs.write_text(json.dumps({"timestamp": timestamp(quiz.questions), "documents": documents}))
        sides = {
            "typst": ["--side", "typst", "--inputs", str(inputs)],
            "quizgen": ["--side", "quizgen", "--root", str(root), "--questions", str(args.questions),
                        "--forms", str(args.forms)],
        }  # fmt: skip
        for i in range(args.repeat):
            for name, side_argv in sides.items():  # interleaved, so that drift affects both alike
                result = run_side(side_argv)
                times[name].append(result["seconds"])
                digests[name].add(tuple(result["pdfs"]))
            print(f"run {i + 1}/{args.repeat}: " + ", ".join(f"{n} {t[-1]:.2f} s" for n, t in times.items()))
    same = digests["typst"] == digests["quizgen"] and len(digests["quizgen"]) == 1
    if not same:
        raise SystemExit(f"the two sides made different PDFs: {digests}")
    best = {name: min(t) for name, t in times.items()}
    ratio = best["quizgen"] / best["typst"]
    print("identical PDFs on both sides, every run")
    print(f"best: quizgen {best['quizgen']:.3f} s, typst {best['typst']:.3f} s, ratio {ratio:.2f}")
    print(
        json.dumps(
            {
                "benchmark": "print",
                "questions": len(quiz.questions),
                "forms": len(quiz.forms),
                "repeat": args.repeat,
                "quizgen_s": round(best["quizgen"], 4),
                "typst_s": round(best["typst"], 4),
                "ratio": round(ratio, 3),
                "goal": GOAL,
                "met": ratio <= GOAL,
                "identical_pdfs": same,
                "python": platform.python_version(),
                "commit": version["commit"],
                "dirty": version["dirty"],
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
