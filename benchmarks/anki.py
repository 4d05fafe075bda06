"""Benchmark ``quizgen build`` (the Anki writer) against bare genanki writing the same notes.

    .venv/bin/python benchmarks/anki.py                               # 100,000 questions, 10,000 articles
    .venv/bin/python benchmarks/anki.py --questions 2000 --repeat 1   # smoke run (CI)
    .venv/bin/python benchmarks/anki.py --profile                     # and cProfile one quizgen build

The corpus is the one ``benchmarks/check.py`` uses (``benchmarks/corpus.py`` into ``benchmarks/out/``,
git-ignored, reused while the generator is unchanged); articles scale with questions as there (one per ten).
The project is loaded once with :func:`quizgen.project.load_project` and checked once with
:func:`quizgen.checks.run`, outside every timing (loading and checking are what ``check.py`` measures; ``quizgen
build`` checks before it plans, its cards cite the evidence lines the checks found, and its same-fact group tags
come from the relations the related check found per deck), and one deck is defined in code: every draft and
approved item (retired ones are left out, so ~99% of the questions become notes), one subdeck per topic, fixed ids.
The check relates the items of each deck in ``decks/``; this deck is not one of them, so its relations are found
once, untimed, as the check would have (``relations_of``), and the build reuses them as it does.

Each repeat times, interleaved:

* ``quizgen``: all that ``quizgen build`` does for a deck's Anki output once the project is loaded and checked and
  the deck's lock read (a first build: no lock yet), with the GC paused as there:
  :func:`quizgen.build.run.anki_outputs` on the project shown (``shown_project``, as the build plans it): the deck
  checks against the lock, :func:`quizgen.build.run.plan` (rendering every note, hashing it for the lock, choosing
  its modification time, the group tags), the duplicate-GUID check, :func:`quizgen.writers.anki.start_write`
  (genanki's schema, ``col`` row, note types and decks, the notes and cards inserted in bulk with their own
  modification times, then VACUUM and the deterministic zip on a thread of its own, joined before the build
  returns, while the new notes are hashed for the lock) and the lock file's bytes;
* ``genanki``: genanki alone writing the same notes: the fields, tags, GUIDs, due positions and subdecks that
  quizgen rendered (computed once, untimed), the same note types (quizgen's own model definitions) and deck
  ids, ``genanki.Package.write_to_file`` to a temporary file, then reading its bytes: plain genanki as a user
  would call it.

Both run in the same process with the loaded project alive and the cyclic GC enabled (quizgen's side pauses it
as ``quizgen build`` does); the time spent in GC collections and the process's CPU seconds (user and system, every
thread) are reported beside each timing: the ratio is of wall-clock seconds, ``ratio_cpu`` of CPU seconds (genanki's
wall-clock also waits for its temporary file's syncs to disk, which its CPU seconds do not count). Once, untimed, both
packages are opened and their notes, cards, note types and decks compared (they must agree on everything but the
notes' modification times), and the quizgen bytes of every repeat must be identical.

genanki 0.13.1's ``write_to_file`` never deletes the temporary SQLite file it builds the collection in; the
script points ``tempfile`` at a scratch folder of its own for the run and removes it at the end.

Human-readable lines come first; the last line is a JSON object (``ratio`` = best quizgen time / best genanki
time, ``goal`` = the ratio to reach).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import io
import json
import platform
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import check  # benchmarks/check.py (this script's folder is on sys.path when run as a script)
import genanki  # type: ignore[import-untyped]

from quizgen import checks
from quizgen.build.run import anki_outputs, plan
from quizgen.checks.base import Context
from quizgen.checks.relations import relations_of
from quizgen.core.diagnostics import Location
from quizgen.core.display import shown_project
from quizgen.core.gcpause import gc_paused
from quizgen.core.model import Project, QuestionType, ReviewStatus
from quizgen.load.decks import SUBDECKS, DeckDefinition, Selection
from quizgen.load.project import load_project
from quizgen.writers import anki

EvidenceLines = dict[tuple[str, str], int | None]
GOAL = 1.2
"""Target ratio of quizgen's build time to bare genanki's time for the same notes."""
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "out"
DECK_ID = 1_763_900_000_000
NOTE_TYPE_IDS = {
    QuestionType.SHORT: DECK_ID + 11,
    QuestionType.MCQ: DECK_ID + 12,
    QuestionType.TRUE_FALSE: DECK_ID + 13,
    QuestionType.CLOZE: DECK_ID + 14,
}


def bench_deck(subdecks: str) -> DeckDefinition:
    """The deck under test: every draft and approved item of the bank."""
    selection = Selection(
        frozenset({ReviewStatus.DRAFT, ReviewStatus.APPROVED}), frozenset(), frozenset(), frozenset()
    )
    return DeckDefinition(
        stem="bench", path="decks/bench.yaml", name="Benchmark", deck_id=DECK_ID, note_type_ids=NOTE_TYPE_IDS,
        description="Synthetic deck written by benchmarks/anki.py.", selection=selection, subdecks=subdecks,
        outputs=("anki",), location=Location("decks/bench.yaml", 1, 1),
    )  # fmt: skip


# --------------------------------------------------------------------------------------------------------------
# The two sides


def quizgen_build(
    deck: DeckDefinition, shown: Project, checked: Project, context: Context
) -> tuple[bytes, bytes]:
    """The ``.apkg`` and lock file bytes, as ``quizgen build`` makes them for one deck (``anki_outputs``)."""
    with gc_paused():
        outputs, _report, problems = anki_outputs(deck, shown, {}, context.evidence_lines, checked)
    if problems:
        raise SystemExit(f"the build reported {len(problems)} problem(s), e.g. {problems[0]}")
    apkg, lock = outputs
    return apkg.data, lock.data


def genanki_write(package: anki.Package) -> bytes:
    """The same notes written by genanki alone: no per-note modification times, genanki's own zip."""
    models = {
        t: anki._model(package.note_type_ids[t], f"{package.deck_name} \u00b7 {t.value}", t)
        for t in QuestionType
    }
    decks = {
        package.deck_name: genanki.Deck(package.deck_id, package.deck_name, description=package.description)
    }
    for note in package.notes:
        deck = decks.get(note.deck)
        if deck is None:
            deck = decks[note.deck] = genanki.Deck(anki._subdeck_id(package.deck_id, note.deck), note.deck)
        deck.add_note(
            genanki.Note(model=models[note.qtype], fields=list(note.fields), tags=list(note.tags), guid=note.guid,
                         due=note.due)
        )  # fmt: skip
    stamp = max(max((n.mod for n in package.notes), default=0), anki.TEMPLATES_CHANGED)  # as quizgen's
    with tempfile.TemporaryDirectory(prefix="bench-genanki-") as tmp:
        path = Path(tmp) / "deck.apkg"
        genanki.Package(list(decks.values())).write_to_file(str(path), timestamp=stamp)
        return path.read_bytes()


# --------------------------------------------------------------------------------------------------------------
# Checking that both wrote the same deck


def read_collection(apkg: bytes) -> dict[str, Any]:
    """Notes, cards, note types and decks of a package, for comparison."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as z:
        db = z.read("collection.anki2")
    with tempfile.TemporaryDirectory(prefix="bench-read-") as tmp:
        path = Path(tmp) / "collection.anki2"
        path.write_bytes(db)
        con = sqlite3.connect(path)
        try:
            notes = con.execute("SELECT guid, mid, flds, sfld, tags, mod FROM notes ORDER BY guid").fetchall()
            cards = con.execute(
                "SELECT n.guid, c.ord, c.did, c.due, c.type, c.queue FROM cards c JOIN notes n ON n.id = c.nid "
                "ORDER BY n.guid, c.ord"
            ).fetchall()
            models_json, decks_json = con.execute("SELECT models, decks FROM col").fetchone()
        finally:
            con.close()
    models = {
        int(k): (m["name"], m["type"], [f["name"] for f in m["flds"]], [(t["qfmt"], t["afmt"]) for t in m["tmpls"]],
                 m["css"], m["sortf"])
        for k, m in json.loads(models_json).items()
    }  # fmt: skip
    decks = {int(k): d["name"] for k, d in json.loads(decks_json).items()}
    return {
        "notes": [row[:5] for row in notes],
        "mods": Counter(row[5] for row in notes),
        "cards": cards,
        "models": models,
        "decks": decks,
    }


def compare(quizgen_apkg: bytes, genanki_apkg: bytes, package: anki.Package) -> dict[str, object]:
    """Both packages hold the same notes, cards, note types and decks; only modification times differ."""
    ours, bare = read_collection(quizgen_apkg), read_collection(genanki_apkg)
    problems = [what for what in ("notes", "cards", "models", "decks") if ours[what] != bare[what]]
    if len(ours["notes"]) != len(package.notes):
        problems.append(f"{len(ours['notes'])} notes in the package, {len(package.notes)} planned")
    want_mods = Counter(n.mod for n in package.notes)
    if ours["mods"] != want_mods:
        problems.append("quizgen's notes do not carry their planned modification times")
    if problems:
        raise SystemExit("the two packages differ: " + "; ".join(problems))
    return {
        "same_notes_cards_models_decks": True,
        "notes": len(ours["notes"]),
        "cards": len(ours["cards"]),
        "decks": len(ours["decks"]),
        "quizgen_distinct_note_mods": len(ours["mods"]),
        "genanki_distinct_note_mods": len(bare["mods"]),
    }


# --------------------------------------------------------------------------------------------------------------
# Timing


class GcMeter:
    """Time spent in cyclic-GC collections while installed in :data:`gc.callbacks`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started: float | None = None

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self._started is not None:
            self.seconds += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1
            self._started = None


def cpu_seconds() -> float:
    """CPU seconds this process has used so far, user and system, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float, GcMeter]:
    """Seconds of one call of ``fn`` (wall-clock, then CPU: on a shared machine the CPU seconds vary less), and
    its collections.

    Objects alive before the call (the loaded project, the other side's inputs) are frozen out of the
    collector's sight for its duration, as they would not exist in a process that only does this side's work:
    otherwise the side that collects (genanki, while quizgen pauses the collector) pays for the other's data.
    """
    gc.collect()
    gc.freeze()
    meter = GcMeter()
    gc.callbacks.append(meter)
    try:
        start, cpu_start = time.perf_counter(), cpu_seconds()
        result = fn()
        elapsed, cpu = time.perf_counter() - start, cpu_seconds() - cpu_start
    finally:
        gc.callbacks.remove(meter)
        gc.unfreeze()
    del result
    gc.collect()
    return elapsed, cpu, meter


def profile_build(
    deck: DeckDefinition, shown: Project, checked: Project, context: Context, top: int, save: Path | None
) -> str:
    """cProfile one quizgen build (anki_outputs); the top functions by own and by cumulative time."""
    return check.profile(
        lambda: quizgen_build(deck, shown, checked, context),
        "anki_outputs",
        top,
        save,
        ("tottime", "cumulative"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time quizgen's Anki build against bare genanki.")
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--articles", type=int, help="default: one per ten questions, as in check.py")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each side (best is used)")
    parser.add_argument("--subdecks", choices=SUBDECKS, default="topic", help="the deck's subdecks setting")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where corpora are cached")
    parser.add_argument("--regenerate", action="store_true", help="regenerate even if a cached corpus fits")
    parser.add_argument("--profile", action="store_true", help="also cProfile one quizgen build")
    parser.add_argument("--profile-top", type=int, default=20)
    parser.add_argument("--profile-out", type=Path, help="save the cProfile data (pstats format) here")
    args = parser.parse_args(argv)
    articles = args.articles if args.articles is not None else max(1, args.questions // 10)

    version = check.quizgen_version()
    print(f"quizgen: commit {version['commit']}{' with uncommitted changes' if version['dirty'] else ''}")
    root, manifest = check.ensure_corpus(
        args.out, articles, args.questions, args.seed, regenerate=args.regenerate
    )
    check.warm(root)
    started = time.perf_counter()
    loaded = load_project(root)
    project = loaded.project
    print(
        f"load: {len(project.bank.questions):,} questions, {len(project.sources.articles):,} articles in "
        f"{time.perf_counter() - started:.1f} s (untimed; {len(loaded.diagnostics)} load diagnostics)"
    )
    deck = bench_deck(args.subdecks)

    saved_tempdir = tempfile.tempdir
    with tempfile.TemporaryDirectory(prefix="quizgen-bench-anki-") as scratch:
        tempfile.tempdir = scratch  # genanki leaves its SQLite file behind: keep it in here
        try:
            return run(args, deck, project, root, manifest, articles, version)
        finally:
            tempfile.tempdir = saved_tempdir


def run(
    args: argparse.Namespace,
    deck: DeckDefinition,
    project: Project,
    root: Path,
    manifest: dict[str, Any],
    articles: int,
    version: dict[str, object],
) -> int:
    # The checks, untimed, as quizgen build runs them before planning: the cards cite the lines they found.
    started = time.perf_counter()
    context = Context.of(project)
    found = checks.run(project, context=context)
    lines = context.evidence_lines
    print(f"check: {len(found):,} diagnostics in {time.perf_counter() - started:.1f} s (untimed)", flush=True)
    started = time.perf_counter()
    relations = relations_of(project, [q.id for q in deck.select(project.bank.questions)])
    print(
        f"relations: {len(relations.groups):,} same-fact groups among the deck's items in "
        f"{time.perf_counter() - started:.1f} s (untimed: the check finds them for each deck in decks/)"
    )
    shown = shown_project(project)  # as quizgen build: outputs show a cloze's context before its text
    # One untimed plan first: warms imports and gives the notes for the bare side. (No untimed build: at full
    # size a build can take minutes; the packages of the last timed runs are compared instead.)
    package, _entries, report, problems = plan(deck, shown, lock={}, evidence_lines=lines, checked=project)
    if problems:
        raise SystemExit(f"plan() reported {len(problems)} problem(s), e.g. {problems[0]}")
    notes = len(package.notes)
    by_type = Counter(n.qtype.value for n in package.notes)
    print(
        f"deck: {notes:,} notes ({', '.join(f'{t} {n:,}' for t, n in sorted(by_type.items()))})", flush=True
    )

    digests: set[str] = set()
    last: dict[str, bytes] = {}

    def ours() -> None:
        last["quizgen"], lock = quizgen_build(deck, shown, project, context)
        digests.add(hashlib.sha256(last["quizgen"] + lock).hexdigest())

    def theirs() -> None:
        last["genanki"] = genanki_write(package)

    measures: dict[str, Callable[[], object]] = {"genanki": theirs, "quizgen": ours}
    times: dict[str, list[float]] = {name: [] for name in measures}
    gc_times: dict[str, list[float]] = {name: [] for name in measures}
    cpu_times: dict[str, list[float]] = {name: [] for name in measures}
    for i in range(args.repeat):
        for name, fn in measures.items():  # interleaved, so that drift affects both alike
            elapsed, cpu, meter = timed(fn)
            times[name].append(elapsed)
            cpu_times[name].append(cpu)
            gc_times[name].append(meter.seconds)
        print(
            f"run {i + 1}/{args.repeat}: "
            + ", ".join(
                f"{n} {t[-1]:.2f} s (cpu {cpu_times[n][-1]:.2f} s, gc {gc_times[n][-1]:.2f} s)"
                for n, t in times.items()
            ),
            flush=True,
        )
    reproducible = len(digests) == 1
    verified = compare(last["quizgen"], last["genanki"], package)
    sizes = {name: len(data) for name, data in last.items()}
    last.clear()
    print(
        f"packages: {verified['notes']:,} notes, {verified['cards']:,} cards in {verified['decks']} decks; "
        f".apkg {sizes['quizgen'] / 1e6:.1f} MB (quizgen), {sizes['genanki'] / 1e6:.1f} MB (genanki); "
        "same notes, cards, note types and decks in both"
    )

    best = {name: min(t) for name, t in times.items()}
    median = {name: statistics.median(t) for name, t in times.items()}
    ratio = best["quizgen"] / best["genanki"]
    for name, label in (
        ("genanki", "genanki alone (write_to_file + read)"),
        ("quizgen", "quizgen anki_outputs (apkg + lock)"),
    ):
        print(f"{label:<38} best {best[name]:.2f} s, median {median[name]:.2f} s")
    print(f"quizgen output (apkg and lock) byte-identical across runs: {reproducible}")
    print(f"ratio quizgen / genanki: {ratio:.2f} (goal {GOAL}) -> {'met' if ratio <= GOAL else 'NOT met'}")
    print(
        f"cpu: quizgen best {min(cpu_times['quizgen']):.2f} s, genanki best {min(cpu_times['genanki']):.2f} s, "
        f"ratio {min(cpu_times['quizgen']) / min(cpu_times['genanki']):.2f} (process CPU, every thread)"
    )

    if args.profile:
        print(profile_build(deck, shown, project, context, args.profile_top, args.profile_out))

    result = {
        "ratio": round(ratio, 3),
        "ratio_median": round(median["quizgen"] / median["genanki"], 3),
        "goal": GOAL,
        "meets_goal": ratio <= GOAL,
        "quizgen_seconds": round(best["quizgen"], 3),
        "genanki_seconds": round(best["genanki"], 3),
        "quizgen_seconds_median": round(median["quizgen"], 3),
        "genanki_seconds_median": round(median["genanki"], 3),
        "runs": {name: [round(x, 3) for x in t] for name, t in times.items()},
        "gc_seconds": {name: [round(x, 3) for x in t] for name, t in gc_times.items()},
        "cpu_seconds": {name: [round(x, 3) for x in t] for name, t in cpu_times.items()},
        "ratio_cpu": round(min(cpu_times["quizgen"]) / min(cpu_times["genanki"]), 3),
        "repeat": args.repeat,
        "notes": notes,
        "notes_by_type": dict(sorted(by_type.items())),
        "new_notes": report.new,
        "subdecks": args.subdecks,
        "verified": verified,
        "reproducible": reproducible,
        "apkg_bytes": sizes,
        "outputs_sha256": sorted(digests)[0]
        if reproducible
        else sorted(digests),  # of the apkg and lock bytes
        "questions": args.questions,
        "articles": articles,
        "corpus": str(root),
        "corpus_stats": manifest.get("stats"),
        "seed": args.seed,
        "quizgen": version,
        "python": platform.python_version(),
        "genanki": genanki.__version__,
        "sqlite": sqlite3.sqlite_version,
    }
    print(json.dumps(result, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
