"""The uncached check on several processors: loading and checking the bank files, and relating each deck's
items, split among forked worker processes.

Each stage is a list of independent tasks (a bank file: read it, load it, check its items; a deck: find the
relations among its items). :func:`run` splits the tasks into shares, one per process, this process taking
the first; the workers are forked, so they start with everything already loaded here (the sources, the
catalogue, the merged bank) and send back only their results, which are put back in task order: the
diagnostics are the same, in the same order, as a run in one process.

The shipped bank checks faster in one process than it takes to start a second, so below
:data:`MIN_PARALLEL_BYTES` of bank files, where fork is not available (or not the platform's safe default:
Linux only), or with ``--jobs 1``, everything runs here, serially. A worker that fails stops the check with
one line naming its error (:class:`WorkerError`); Ctrl-C stops the workers with the check.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import io
import operator
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from quizgen.checks import check_item, relations, variants
from quizgen.checks.base import Context, Item
from quizgen.checks.codec import CLASSES
from quizgen.checks.related import decks_of, live_ids, stale_needs
from quizgen.checks.relations import Findings, Relations
from quizgen.core.diagnostics import Diagnostic
from quizgen.core.model import Bank, Project, Question, ReviewStatus
from quizgen.core.workers import WorkerError, WorkerLostError, can_fork, usable_cpus
from quizgen.core.workers import run as run_shares
from quizgen.load.bank import BankFile, bank_paths, load_file
from quizgen.load.paths import relative
from quizgen.load.project import Base
from quizgen.load.yamlfile import ReadError, read_file

MIN_PARALLEL_BYTES = 1 << 20
"""Bank files smaller than this in all are checked in one process (a second would not pay for itself)."""
MAX_PROCESSES = 8
"""At most this many processes by default, however many processors there are."""

T = TypeVar("T")
R = TypeVar("R")

FileResult = tuple[BankFile, list[list[Diagnostic]]]
"""A bank file loaded on its own, and the check findings of each of its items (none if it was unreadable)."""


def processes(requested: int | None, size: int) -> int:
    """How many processes to check with (this one included): ``requested`` (``--jobs``) if given, else the
    processors this process may run on (at most :data:`MAX_PROCESSES`), or 1 for a bank of ``size`` bytes
    under :data:`MIN_PARALLEL_BYTES`; always 1 where worker processes cannot be forked."""
    if not can_fork():
        return 1
    if requested is not None:
        return max(1, requested)
    if size < MIN_PARALLEL_BYTES:
        return 1
    return max(1, min(MAX_PROCESSES, usable_cpus()))


def bank_processes(folder: Path, requested: int | None) -> int:
    """:func:`processes` for the bank files in ``folder`` (what loading the sources is shared among, before
    the bank files are listed for :func:`check_files`)."""
    size = 0
    for path in bank_paths(folder) if folder.is_dir() else ():
        with contextlib.suppress(OSError):
            size += path.stat().st_size
    return processes(requested, size)


def check_files(
    root: Path, base: Base, files: Sequence[tuple[Path, str]], requested: int | None
) -> tuple[list[FileResult], Context, int]:
    """Load each of ``files`` (a path and what it holds) and check its items, in as many processes as
    :func:`processes` gives for ``requested`` (``--jobs``) and the files' size; the results in file order, the
    context of the items checked here (what the checks derived from the sources alone: the caller's project
    checks reuse it), and the number of processes, for the stages after this one."""
    weights = []
    for path, _ in files:
        try:
            weights.append(path.stat().st_size)
        except OSError:
            weights.append(0)
    n = processes(requested, sum(weights))
    seed = Context.of(Project(str(root), base.sources, Bank((), (), frozenset()), base.topics))
    variants.disagreements(seed)  # read from every article once, here: each worker inherits it
    kept: list[Context] = []

    def share(tasks: list[tuple[Path, str]]) -> list[tuple[FileResult, _Stems | None]]:
        found, ctx = _check_share(root, base, seed, tasks)
        kept.append(ctx)  # in this process only: a worker's context stays there
        if n == 1:
            return [(f, None) for f in found]
        # What the relations' common words count (relations.common_words), counted here for this share's
        # items rather than in one process for all: sent back once, with the share's last file.
        counts: dict[str, int] = {}
        live = relations.stem_counts(
            (item.question for f, _ in found for item in f.items if item.question is not None), counts
        )
        return [(f, (counts, live) if i == len(found) - 1 else None) for i, f in enumerate(found)]

    found = run(share, list(files), weights, n)
    _STEMS.clear()
    if n > 1:
        total: dict[str, int] = {}
        live = 0
        for _, stems in found:
            if stems is not None:
                for w, k in stems[0].items():
                    total[w] = total.get(w, 0) + k
                live += stems[1]
        _STEMS.append(([f for (f, _), _ in found], total, live))
    return [f for f, _ in found], kept[0] if kept else seed, n


_Stems = tuple[dict[str, int], int]
"""Prompt-stem counts of a share's live items, and how many they were (:func:`relations.stem_counts`)."""
_STEMS: list[tuple[list[BankFile], dict[str, int], int]] = []
"""The last :func:`check_files`' bank files with their live items' stem counts, for :func:`relate_decks`."""


def _common_words(project: Project) -> frozenset[str] | None:
    """:func:`relations.common_words` of ``project`` from the counts :func:`check_files` brought back, less
    the items the bank left out (a duplicate id's); ``None`` when they are not the project's bank files."""
    if not _STEMS:
        return None
    files, counts, live = _STEMS.pop()
    bank = {id(q) for q in project.bank.questions}
    dropped = [
        item.question
        for f in files
        for item in f.items
        if item.question is not None and id(item.question) not in bank
    ]
    if dropped:
        less: dict[str, int] = {}
        live -= relations.stem_counts(dropped, less)
        counts = {w: k - less.get(w, 0) for w, k in counts.items()}
    if live != sum(1 for q in project.bank.questions if q.review.status is not ReviewStatus.RETIRED):
        return None  # not the bank those files make: count it here
    return relations.common_of(project, counts, live)


def _check_share(
    root: Path, base: Base, seed: Context, files: list[tuple[Path, str]]
) -> tuple[list[FileResult], Context]:
    loaded: list[tuple[BankFile, bool]] = []
    for path, what in files:
        rel = relative(root, path)
        try:
            _, text = read_file(path, rel)
        except ReadError as exc:
            loaded.append((BankFile(rel, (), (exc.diagnostic,)), False))  # no items to check
            continue
        loaded.append((load_file(root, path, what, base.topics, base.known, text=text), True))
    # Item checks read the sources and, of the bank, only the items being checked (a prompt's quotations are
    # looked up in the articles): the items of this share make the bank here, as all items do in one process.
    questions = tuple(item.question for f, _ in loaded for item in f.items if item.question is not None)
    ctx = Context.of(Project(str(root), base.sources, Bank(questions, (), frozenset()), base.topics))
    ctx.outlets, ctx.disagreements, ctx.unwanted = seed.outlets, seed.disagreements, seed.unwanted
    return [
        (f, [_item_checks(item.question, ctx) for item in f.items] if ok else []) for f, ok in loaded
    ], ctx


def _item_checks(question: Question | None, ctx: Context) -> list[Diagnostic]:
    if question is None or question.review.status is ReviewStatus.RETIRED:
        return []
    return check_item(Item.of(question), ctx)


def relate_decks(project: Project, n: int) -> None:
    """Relate the items of each deck as :mod:`quizgen.checks.related` will ask (and the whole live bank, when
    it looks for stale reviewer decisions), in ``n`` processes, and tell :func:`relations.relations_of`."""
    keys = [(frozenset(ids), True) for _, _, ids in decks_of(project)]
    if stale_needs(project):
        keys.append((frozenset(live_ids(project)), False))
    sets = list(dict.fromkeys(keys))  # two decks of the same items are related once, as relations_of would
    # Computed here once, before the workers start, rather than once in each.
    if _common_words(project) is None:
        relations.common_words(project)
    relations.outlets_key(project)
    bank = {q.id: q for q in project.bank.questions}
    position = {qid: i for i, qid in enumerate(bank)}

    def in_bank_order(ids: frozenset[str]) -> list[str]:
        return sorted(ids & position.keys(), key=position.__getitem__)

    def share(tasks: list[tuple[frozenset[str], bool]]) -> list[Findings]:
        # Each deck's items looked up by id, in bank order (as a pass over the bank finds them): a pass over
        # the whole bank per deck was a tenth of relating at 100 decks of a 100,000-question bank.
        return [relations.find(project, in_bank_order(ids), by_id=bank) for ids, _ in tasks]

    found = run(share, sets, [len(ids) for ids, _ in sets], n)
    settled: dict[tuple[frozenset[str], bool], Relations] = {}
    for (ids, honour), findings in zip(sets, found, strict=True):
        # The items in bank order, as relations.relate takes them.
        chosen = {q: bank[q] for q in in_bank_order(ids)}
        settled[(ids, honour)] = relations.settle(chosen, findings, honour_reviews=honour)
    relations.remember(project, settled)


def run(fn: Callable[[list[T]], list[R]], tasks: list[T], weights: Sequence[int], n: int) -> list[R]:
    """``fn`` over ``tasks`` in ``n`` processes (:func:`quizgen.core.workers.run`), the results pickled with the
    check's own reducers."""
    return run_shares(fn, tasks, weights, n, name="check", dumps=_dumps)


def _reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A frozen dataclass pickled as ``cls(*fields)``: the dataclasses' own ``__setstate__`` looks up the fields
    once per object, which made reading results back slow."""
    get = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))
    if len(dataclasses.fields(cls)) == 1:
        return lambda o: (cls, (get(o),))
    return lambda o: (cls, get(o))


_DISPATCH = copyreg.dispatch_table.copy()
_DISPATCH.update({cls: _reducer(cls) for cls in CLASSES})


def _dumps(value: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(value)
    return buffer.getvalue()


__all__ = [
    "MAX_PROCESSES",
    "MIN_PARALLEL_BYTES",
    "FileResult",
    "WorkerError",
    "WorkerLostError",
    "bank_processes",
    "can_fork",
    "check_files",
    "processes",
    "relate_decks",
    "run",
    "usable_cpus",
]
