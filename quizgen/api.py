"""The library's entry points: what the CLI calls, one function per command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from quizgen import checks
from quizgen.checks.coverage import Coverage
from quizgen.checks.coverage import coverage as compute_coverage
from quizgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from quizgen.core.gcpause import gc_paused
from quizgen.core.model import Project, ReviewStatus
from quizgen.load.project import DECKS_DIR, load_project


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of checking a project."""

    project: Project
    """The loaded project."""
    diagnostics: list[Diagnostic]
    """Every problem found, sorted by file, line and column."""

    def count(self, severity: Severity) -> int:
        """How many diagnostics have ``severity``."""
        return sum(1 for d in self.diagnostics if d.severity is severity)


def check(root: Path | str = ".", *, include_drafts: bool = False) -> CheckResult:
    """Load the project at ``root`` and run every check on it; ``include_drafts`` checks the drafts waiting in
    ``question_bank/drafts/*.yaml`` too, as if they were bank items (a draft is not expected to be approved)."""
    with gc_paused():
        loaded = load_project(root, include_drafts=include_drafts)
        found = loaded.diagnostics + checks.run(loaded.project)
    found += _deck_problems(Path(root), loaded.project)
    return CheckResult(loaded.project, sort_diagnostics(found))


def _deck_problems(root: Path, project: Project) -> list[Diagnostic]:
    """Deck definitions and their lock files, checked without building anything."""
    from quizgen.build.printing import blueprint_problems  # typst loads only when a quiz is printed
    from quizgen.build.run import (
        read_lock,
    )  # the build imports the writers; keep them off the check's import path
    from quizgen.load.decks import load_decks

    decks, found = load_decks(
        root, root / DECKS_DIR, topics=project.topics, sources=frozenset(project.sources.articles)
    )
    for deck in decks:
        found += read_lock(root, deck)[1]
        found += blueprint_problems(deck, project)
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
    with gc_paused():
        loaded = load_project(root)
    statuses = [ReviewStatus.APPROVED, ReviewStatus.DRAFT] if include_drafts else [ReviewStatus.APPROVED]
    return CoverageResult(
        loaded.project, compute_coverage(loaded.project, statuses), sort_diagnostics(loaded.diagnostics)
    )
