"""The library's entry points: what the CLI calls, one function per command.

Each function takes plain values (paths, names, dates), returns a value (a result, its diagnostics, an outcome)
and raises :class:`~quizgen.core.errors.QuizgenError` when it refuses; its ``exit_code`` says how the CLI exits
(:mod:`quizgen.core.exitcodes`). Nothing here prints or parses command-line text.

The stages each command needs are imported inside it, so that a command pays only for its own (``quizgen
selftest aliases`` loads no checker, ``quizgen check`` no writer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from quizgen.core.errors import UsageError
from quizgen.core.suggest import did_you_mean

if TYPE_CHECKING:
    from quizgen.build.run import BuildResult
    from quizgen.checks import Rule
    from quizgen.checks.cache import CacheReport
    from quizgen.checks.coverage import Coverage as Coverage
    from quizgen.checks.related import DeckRelations
    from quizgen.core.diagnostics import Diagnostic, Severity
    from quizgen.core.model import Project
    from quizgen.draft.drafts import DraftResult
    from quizgen.draft.evaluate import AttributionReport, MeetingsReport
    from quizgen.review.approve import ApproveResult
    from quizgen.review.session import ReviewOutcome, ReviewTerminal
    from quizgen.selftest.run import ProposedAlias, SelftestResult
    from quizgen.selftest.stats import Stats as Stats

# --- the bank: check, coverage, approve, rules, schema --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of checking a project."""

    project: Project
    """The loaded project."""
    diagnostics: list[Diagnostic]
    """Every problem found, sorted by file, line and column."""
    cache: CacheReport | None = None
    """How the check cache was used (``None``: not asked for)."""

    def count(self, severity: Severity) -> int:
        """How many diagnostics have ``severity``."""
        return sum(1 for d in self.diagnostics if d.severity is severity)


def check(
    root: Path | str = ".", *, include_drafts: bool = False, cache: bool = False, jobs: int | None = None
) -> CheckResult:
    """Load the project at ``root`` and run every check on it; ``include_drafts`` checks the drafts waiting in
    ``question_bank/drafts/*.yaml`` too, as if they were bank items (a draft is not expected to be approved).

    With ``cache``, the results of bank files unchanged since the last check come from ``.quizgen-cache/``
    (:mod:`quizgen.checks.cache`); the diagnostics are the same either way. Without it, a large bank is loaded
    and checked in ``jobs`` processes (``None``: one per processor this process may use, for a bank of 1 MB or
    more; :mod:`quizgen.checks.parallel`); the diagnostics are the same, in the same order, as with one."""
    from quizgen.checks.cache import check as check_project
    from quizgen.core.diagnostics import sort_diagnostics
    from quizgen.core.gcpause import gc_paused

    with gc_paused():
        checked = check_project(Path(root), include_drafts=include_drafts, use_cache=cache, processes=jobs)
    found = checked.diagnostics + _deck_problems(Path(root), checked.project)
    return CheckResult(checked.project, sort_diagnostics(found), checked.cache if cache else None)


def _deck_problems(root: Path, project: Project) -> list[Diagnostic]:
    """Deck definitions and their lock files, checked without building anything."""
    from quizgen.build.lock import read_lock  # not build.run: the build's writers are no part of a check
    from quizgen.build.printing import blueprint_problems  # typst loads only when a quiz is printed
    from quizgen.checks.decks import mixed_articles
    from quizgen.checks.related import deck_selections

    decks, problems = deck_selections(project)  # as the relations read them: each deck selected once a run
    found = list(problems)
    for deck, items in decks:
        lock, problems = read_lock(root, deck)
        found += problems
        found += blueprint_problems(deck, project)
        found += mixed_articles(deck, project, lock, items)
    return found


@dataclass(frozen=True, slots=True)
class CoverageResult:
    """The outcome of ``quizgen coverage``."""

    project: Project
    """The loaded project."""
    coverage: Coverage
    """Sentences and the items citing them."""
    diagnostics: list[Diagnostic]
    """Problems found while loading (coverage is computed on what loaded)."""


def coverage(root: Path | str = ".", *, include_drafts: bool = False) -> CoverageResult:
    """Load the project at ``root`` and compute which sentences its approved (and optionally draft) items cite."""
    from quizgen.checks.coverage import coverage as compute_coverage
    from quizgen.checks.objectives import project_objectives
    from quizgen.core.diagnostics import sort_diagnostics
    from quizgen.core.gcpause import gc_paused
    from quizgen.core.model import ReviewStatus
    from quizgen.load.project import load_project

    with gc_paused():
        loaded = load_project(root)
    statuses = [ReviewStatus.APPROVED, ReviewStatus.DRAFT] if include_drafts else [ReviewStatus.APPROVED]
    objectives, _ = project_objectives(loaded.project)
    return CoverageResult(
        loaded.project,
        compute_coverage(loaded.project, statuses, objectives),
        sort_diagnostics(loaded.diagnostics),
    )


def approve(
    root: Path | str,
    ids: Sequence[str],
    *,
    by: str,
    on: dt.date | None = None,
    accept_warnings: bool = False,
) -> ApproveResult:
    """Check the items ``ids``, then record their review (status, reviewer, date ``on`` or today, hash)."""
    from quizgen.review.approve import approve as approve_items

    return approve_items(root, ids, by=by, on=on, accept_warnings=accept_warnings)


def rules(code: str | None = None) -> list[Rule]:
    """Every check rule by code, or only the rule ``code`` (any case); an unknown code is a usage error."""
    from quizgen.checks import RULES

    if code is None:
        return list(RULES.values())
    found = RULES.get(code.upper())
    if found is None:
        raise UsageError(
            f"no rule {code!r}{did_you_mean(code.upper(), RULES, cutoff=0.8)}; `quizgen rules` lists them"
        )
    return [found]


def schema() -> str:
    """The JSON Schema of a bank file, as text."""
    from quizgen.load.bankformat import json_schema_text

    return json_schema_text()


# --- building ---------------------------------------------------------------------------------------------------

ALL = "all"
"""The build target that stands for every output a deck asks for."""


def build_targets() -> tuple[str, ...]:
    """The names ``build`` takes: :data:`ALL`, then each output and each LMS export a deck definition may list."""
    from quizgen.load.decks import EXPORTS, OUTPUTS

    return (ALL, *OUTPUTS, *EXPORTS)


def build(
    root: Path | str = ".", *, targets: str | Sequence[str] = ALL, skip_unchanged: bool = False
) -> BuildResult:
    """Check the project at ``root``, then build every deck's outputs named by ``targets`` (``"all"``, one
    output such as ``"anki"``, or several); returns the files to write, which the caller writes.

    With ``skip_unchanged``, decks whose inputs and outputs did not change since their last build are skipped
    (listed in ``skipped``). Raises :class:`QuizgenError` when the project has errors (nothing is to be
    written then), and :class:`UsageError` for a target name no writer has.
    """
    from quizgen.build.run import build as build_project

    wanted = [targets] if isinstance(targets, str) else list(targets)
    known = build_targets()
    for name in wanted:
        if name not in known:
            raise UsageError(
                f"no build target {name!r}{did_you_mean(name, known)}; expected one of {', '.join(known)}"
            )
    outputs = None if ALL in wanted else frozenset(wanted)
    return build_project(root, outputs=outputs, skip_unchanged=skip_unchanged)


# --- drafting and reviewing -------------------------------------------------------------------------------------


def draft(root: Path | str, articles: Sequence[str], *, output: Path | None = None) -> DraftResult:
    """Draft items for ``articles`` (ids or ``seeds/*.txt`` paths) into ``question_bank/drafts/`` (or
    ``output``); what was written and what was left out."""
    from quizgen.draft.drafts import write_drafts

    return write_drafts(root, articles, output=output)


def review(
    root: Path | str,
    *,
    accept: Sequence[str] = (),
    reject: Sequence[str] = (),
    by: str,
    on: dt.date | None = None,
    into: Path | None = None,
    terminal: ReviewTerminal | None = None,
    keep_ids: bool = False,
) -> ReviewOutcome:
    """Accept and reject the drafts named, or, when none is named, go through every waiting draft on
    ``terminal`` (accept, edit in ``$EDITOR``, reject, skip, quit). See :func:`quizgen.review.session.review`."""
    from quizgen.review.session import review as run_review

    return run_review(
        root, accept=accept, reject=reject, by=by, on=on, into=into, terminal=terminal, keep_ids=keep_ids
    )


@dataclass(frozen=True, slots=True)
class EvalResult:
    """Scores of the drafting extractors on annotated news."""

    report: AttributionReport | MeetingsReport
    """The scores."""
    text: str
    """The scores as a table for people."""

    def as_json(self) -> dict[str, object]:
        """The scores as JSON-able data."""
        return self.report.as_json()


def eval_attribution(folder: Path | str) -> EvalResult:
    """Score quotation content and speakers on a PolNeAR-layout folder (text/*.txt, attributions/*.ann)."""
    from quizgen.draft import evaluate

    report = evaluate.evaluate_attribution(folder)
    return EvalResult(report, evaluate.attribution_text(report))


def eval_meetings(file: Path | str) -> EvalResult:
    """Score meeting participants and places on RAMS jsonlines (one contact event a line)."""
    from quizgen.draft import evaluate

    report = evaluate.evaluate_meetings(file)
    return EvalResult(report, evaluate.meetings_text(report))


# --- the self-test ----------------------------------------------------------------------------------------------


def selftest(
    root: Path | str = ".",
    *,
    state: Path | None = None,
    mode: str | None = None,
    deck: str | None = None,
    tags: Sequence[str] = (),
    topics: Sequence[str] = (),
    sources: Sequence[str] = (),
    count: int | None = None,
    new: int | None = None,
    seed: int | None = None,
    restart: bool = False,
    answers: str | None = None,
    out: IO[str] | None = None,
    colour: bool = False,
    save: bool = True,
    now: dt.datetime | None = None,
    blueprint: bool = False,
) -> SelftestResult:
    """Run a self-test session on the approved bank; see :func:`quizgen.selftest.run.session`. ``mode`` is
    ``review`` unless ``blueprint`` (a session drawn from the deck's blueprint: ``practice``, the only mode it
    takes, like ``count``, which the blueprint sets); asking otherwise is a usage error."""
    from quizgen.selftest.pool import Filters
    from quizgen.selftest.run import session
    from quizgen.selftest.session import DEFAULT_NEW, Options

    if blueprint:
        if deck is None:
            raise UsageError(
                "--blueprint draws a session from a deck's print.blueprint: name the deck with --deck"
            )
        if mode == "review":
            raise UsageError("a blueprint session is a mock quiz practised without touching the schedule: "
                             "drop --mode review (due questions come in the ordinary sessions)")  # fmt: skip
        if count is not None:
            raise UsageError("--count and --blueprint: the blueprint sets the number of questions")
    chosen_mode = mode or ("practice" if blueprint else "review")
    options = Options(chosen_mode, count, DEFAULT_NEW if new is None else new, seed, restart, blueprint)
    return session(
        Path(root),
        Filters(deck, tuple(tags), tuple(topics), tuple(sources)),
        options,
        state=state, answers=answers, out=out, colour=colour, save=save, now=now,
    )  # fmt: skip


def selftest_stats(
    root: Path | str = ".",
    *,
    state: Path | None = None,
    deck: str | None = None,
    tags: Sequence[str] = (),
    topics: Sequence[str] = (),
    sources: Sequence[str] = (),
    now: dt.datetime | None = None,
) -> Stats:
    """Due counts, accuracy per topic and source, hardest questions and answers per day, at ``now``."""
    from quizgen.selftest.pool import Filters
    from quizgen.selftest.run import stats

    return stats(Path(root), Filters(deck, tuple(tags), tuple(topics), tuple(sources)), state=state, now=now)


def selftest_aliases(*, state: Path | None = None) -> list[ProposedAlias]:
    """Answers learners said were right ("I was right"), oldest first, for a reviewer to add as aliases."""
    from quizgen.selftest.run import aliases

    return aliases(state=state)


def relations(root: Path | str = ".", *, deck: str | None = None) -> list[DeckRelations]:
    """Same-fact groups, leaks and reviewers' exclusions per deck (``deck``: one deck, by name or file stem).

    Raises :class:`~quizgen.core.errors.QuizgenError` when the project does not load or ``deck`` names no deck.
    """
    from quizgen.checks.related import by_deck
    from quizgen.core.diagnostics import Severity, sort_diagnostics
    from quizgen.core.errors import QuizgenError
    from quizgen.core.gcpause import gc_paused
    from quizgen.load.project import load_project

    with gc_paused():
        loaded = load_project(root)
    errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
    if errors:
        raise QuizgenError("the project does not load; run quizgen check", sort_diagnostics(errors))
    found = by_deck(loaded.project)
    if deck is None:
        return found
    chosen = [r for r in found if deck in (r.deck, r.stem)]
    if not chosen:
        known = ", ".join(sorted({n for r in found for n in (r.deck, r.stem) if n})) or "none"
        names = {n for r in found for n in (r.deck, r.stem) if n}
        raise QuizgenError(f"no deck {deck!r}{did_you_mean(deck, names)}; decks: {known}")
    return chosen
