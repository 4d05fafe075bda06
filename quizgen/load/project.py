"""Loading a whole project: the optional ``quizgen.yaml``, the sources and the bank.

A project is a folder with ``seeds/`` (articles and ``sources.yaml``) and ``question_bank/``
(:mod:`quizgen.core.root` finds it from a folder inside it). ``quizgen.yaml``
at its root may add topics::

    topics:
      economy: trade, investment and sanctions
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from quizgen.core.diagnostics import Diagnostic, Location, Severity
from quizgen.core.gcpause import gc_paused
from quizgen.core.model import DEFAULT_TOPICS, Project, Sources
from quizgen.core.root import BANK_DIR, CONFIG_NAME, SOURCES_DIR
from quizgen.core.rules import diag
from quizgen.load import nodes
from quizgen.load.bank import load_bank
from quizgen.load.rules import FILE_UNREADABLE, MISSING_FIELD, UNKNOWN_FIELD
from quizgen.load.sources import Memo, article_names, load_sources
from quizgen.load.values import value_problems
from quizgen.load.yamlfile import NodeReader, ReadError, compose, printable, read_text

DECKS_DIR = "decks"
DRAFTS_DIR = "question_bank/drafts"


@dataclass(frozen=True, slots=True)
class Loaded:
    """A project and what loading it found wrong."""

    project: Project
    """The project (possibly partial when files failed to load)."""
    diagnostics: list[Diagnostic]
    """Problems found while loading (structure, catalogue)."""


def load_project(root: Path | str = ".", *, include_drafts: bool = False) -> Loaded:
    """Load the project at ``root``: config, sources, then the bank (checked against the sources' ids).

    ``include_drafts`` loads the drafts waiting in ``question_bank/drafts/*.yaml`` as part of the bank, so
    they are checked like bank items (``quizgen check --drafts``).
    """
    with gc_paused():
        return _load(Path(root), include_drafts)


@dataclass(frozen=True, slots=True)
class Base:
    """What the bank is loaded against: the topics, the sources and the article ids a citation may name."""

    topics: dict[str, str]
    """The built-in topics and the project's own."""
    sources: Sources
    """The articles and the catalogue."""
    known: frozenset[str] | None
    """Ids a citation may name (articles that failed to load included); ``None``: no sources folder, so
    citations are not checked."""
    diagnostics: list[Diagnostic]
    """Problems of the config and the sources."""


def load_base(root: Path, sources_memo: Memo | None = None, *, processes: int = 1) -> Base:
    """The config and the sources of the project at ``root`` (``sources_memo``, ``processes``: see
    :func:`load_sources`)."""
    diagnostics: list[Diagnostic] = []
    topics = dict(DEFAULT_TOPICS)
    topics.update(_config_topics(root, diagnostics))
    sources, found = load_sources(root, root / SOURCES_DIR, sources_memo, processes=processes)
    diagnostics += found
    source_ids = frozenset(sources.articles)
    # With an article file unreadable, its id is still known: don't report every citation of it again.
    # Without a sources folder (reported above) every citation is unknown: skip that check instead.
    known = source_ids | _unloaded_ids(root) if (root / SOURCES_DIR).is_dir() else None
    diagnostics += _unread(root)
    return Base(topics, sources, known, diagnostics)


def _unread(root: Path) -> list[Diagnostic]:
    """A warning for each ``*.yml`` (or ``.YAML``...) file of the bank and decks folders: its items or deck
    were neither checked nor built, and nothing said so."""
    found: list[Diagnostic] = []
    for rel in (BANK_DIR, DECKS_DIR):
        folder = root / rel
        names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if dot and stem and suffix.lower() in ("yml", "yaml") and suffix != "yaml":
                why = f"not read: quizgen reads the *.yaml files of {rel}/; rename it {stem}.yaml"
                found.append(
                    diag(FILE_UNREADABLE, Location(f"{rel}/{name}", 1, 1), why, severity=Severity.WARNING)
                )
    return found


def _load(root: Path, include_drafts: bool = False) -> Loaded:
    base = load_base(root)
    drafts = root / DRAFTS_DIR if include_drafts else None
    bank, found = load_bank(root, root / BANK_DIR, topics=base.topics, sources=base.known, also=drafts)
    return Loaded(Project(str(root), base.sources, bank, base.topics), base.diagnostics + found)


def _unloaded_ids(root: Path) -> frozenset[str]:
    folder = root / SOURCES_DIR
    names = article_names(folder) if folder.is_dir() else ()
    return frozenset(n[:-4] for n in names if printable(n) == n)  # a name that is not UTF-8 is no id


def _config_topics(root: Path, diagnostics: list[Diagnostic]) -> dict[str, str]:
    path = root / CONFIG_NAME
    if not (path.exists() or path.is_symlink()):  # anything there but a file is refused when read
        return {}
    try:
        top = compose(read_text(path, CONFIG_NAME), CONFIG_NAME)
    except ReadError as exc:
        diagnostics.append(exc.diagnostic)
        return {}
    diagnostics.extend(value_problems(top, CONFIG_NAME))
    reader = NodeReader(CONFIG_NAME)
    topics: dict[str, str] = {}
    if top is not None and nodes.mapping(reader, top, CONFIG_NAME) is not None:
        assert isinstance(top, yaml.MappingNode)
        for entry in reader.entries(top):
            if entry.key != "topics":
                reader.error(entry.key_node, UNKNOWN_FIELD, f"unknown setting {entry.key!r}; expected topics")
                continue
            m = nodes.mapping(reader, entry.value, "topics")
            if m is None:
                continue
            for topic in reader.entries(m):
                description = nodes.text(reader, topic.value, f"topic {topic.key!r}")
                if description is not None:
                    topics[topic.key] = description
    elif top is None:
        diagnostics.append(
            diag(
                MISSING_FIELD,
                Location(CONFIG_NAME, 1, 1),
                f"{CONFIG_NAME} is empty",
                severity=Severity.WARNING,
            )
        )
    diagnostics.extend(reader.diagnostics)
    return topics
