"""The incremental check: what each bank file gives (its items, its problems, its items' check findings) is
kept in ``.quizgen-cache/check/`` under a key that hashes everything it depends on, and reused while the key
matches. Of an edited file, the items just as they were in its previous version keep their findings. What
depends on several files is computed on every run, from what the cache spares: reading the sources (each
article's preparation is kept by its contents: :class:`_SourcesMemo`) and relating each deck's items (what the
analysis found among them is kept, and only pairs with a changed item are judged again: :func:`_relate`);
duplicate ids, the empty bank, source variants and decks are computed afresh.

The key of a bank file hashes: the file's bytes and path; the topics; the catalogue's bytes; every article's id
and SHA-256 (item checks read any article: a distractor's quoted sentence may be in any of them); the ids a
citation may name; and quizgen itself (every file of the installed package, the Python and PyYAML versions).
An edited article or catalogue therefore rechecks the whole bank; an edited bank file rechecks that file.
A bank file or article whose stat is as it was when it was hashed (and older than that moment: :func:`_unchanged`)
is not read again; its hash (and an article's text) come from the cache.

Every key also hashes a random secret kept outside the project, in the user's cache folder
(``~/.cache/quizgen/check-cache.key`` on Linux): entries made elsewhere (a cache folder committed to the
repository, copied from another machine, or written by someone else) never match, so a CI run or a colleague
never takes another machine's word for a file. Without a usable secret the cache is not used.

The cache is a convenience, never trusted: an entry that cannot be read (not a plain file, a link, a FIFO),
does not parse, is of another format or key, or holds values of the wrong type is ignored and rewritten. A
cache folder that is a link or not a folder is not used at all. Entries are written atomically (a temporary
file renamed into place); a project that cannot be written to is still checked, without the cache.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import operator
import os
import platform
import secrets
import stat
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import yaml

import quizgen
from quizgen import checks
from quizgen.checks import objectives, parallel, related, relations, sealed, variants
from quizgen.checks.base import Context, Item
from quizgen.checks.codec import CLASSES, Positions, encode
from quizgen.checks.relations import Findings, Relations
from quizgen.checks.sealed import SealError
from quizgen.core.diagnostics import Diagnostic, Location
from quizgen.core.model import Article, Bank, Project, Question, ReviewStatus
from quizgen.core.root import BANK_DIR, SOURCES_DIR
from quizgen.core.text import NormalizedText
from quizgen.load.bank import (
    BANK_FILE,
    DRAFTS_FILE,
    BankFile,
    bank_paths,
    load_file,
    merge,
    missing_bank,
)
from quizgen.load.paths import relative
from quizgen.load.project import DRAFTS_DIR, Base, load_base
from quizgen.load.sources import CATALOGUE_NAME, Catalogue, CatalogueEntry, Known, Prepared
from quizgen.load.yamlfile import ReadError, read_file

CACHE_DIR = ".quizgen-cache"
"""The cache folder at the project root (ignore it in version control)."""
FORMAT = 7
"""Bumped when an entry's layout changes."""
MAX_ENTRY_BYTES = 1 << 30
SUFFIX = ".entry"
"""The ending of an entry's file name (a sealed pickle: :mod:`quizgen.checks.sealed`)."""
RELATIONS = "relations"
"""The entry of what the relation analysis found in each deck (its name: bank files' entries are hashes)."""
SOURCES = "sources"
"""The entry of what reading the catalogue and the articles gave (:class:`_SourcesMemo`)."""
VARIANTS = "variants"
"""The entry of each article's spelled-out abbreviations (:func:`_disagreements`)."""
ARTICLES = "articles"
"""The folder (beside the entries) of each article's text, by its path (:class:`_SourcesMemo`)."""
VARIANTS_FOUND = "variants.found"
"""The entry of the disagreements found among the articles' spelled-out forms (:func:`_disagreements`)."""
FILES = "files"
"""The entry of each bank file's SHA-256 with the file's stat when it was hashed (:func:`_unchanged`)."""
RACY_NS = 2_000_000_000
"""A file whose stat (mtime or ctime) is not this much older than the moment it was hashed is hashed again on
the next run even if its stat is the same: it may have been written again within one tick of the file
system's clock, leaving the same stat ("racy git"). Two seconds cover coarse clocks (FAT's is 2 s)."""

_Stat = tuple[int, int, int, int, int]
"""A file's size, mtime and ctime (nanoseconds), inode and device, as :func:`_stat` gives them."""

_Marks = list[tuple[str, tuple[str, ...]] | None]
"""Per item of a bank file, what the relation analysis needs to know of it without reading it again:
:func:`relations.item_key` and :func:`relations.prompt_stems` (``None`` for an item that did not load)."""
_Result = tuple[BankFile, list[list[Diagnostic]], _Marks]


@dataclass(slots=True)
class CacheReport:
    """How a check used the cache."""

    used: bool = False
    """Whether the cache was read and written at all."""
    hits: int = 0
    """Bank files whose results came from the cache."""
    misses: int = 0
    """Bank files loaded and checked afresh."""
    note: str | None = None
    """Why the cache was not used or not written, if it was not."""


@dataclass(frozen=True, slots=True)
class Checked:
    """A project checked by :func:`check`: everything but the deck files."""

    project: Project
    """The loaded project."""
    diagnostics: list[Diagnostic]
    """What loading and the checks found, unsorted."""
    cache: CacheReport = field(default_factory=CacheReport)
    """How the cache was used."""


def check(
    root: Path, *, include_drafts: bool = False, use_cache: bool = True, processes: int | None = None
) -> Checked:
    """Load the project at ``root`` and run every check, reusing the cached results of unchanged bank files.

    Without the cache, the bank files are loaded and checked, and the decks related, in ``processes``
    processes (``None``: as many as pay, :func:`parallel.processes`)."""
    folder = root / BANK_DIR
    report = CacheReport()
    secret = _secret(report) if use_cache and folder.is_dir() else None
    store = _Store.open(root, report, secret) if secret is not None else None
    memo = _SourcesMemo(store, secret) if store is not None and secret is not None else None
    base = load_base(root, memo, processes=parallel.bank_processes(folder, processes) if store is None else 1)
    if memo is not None:
        memo.save()
    if not folder.is_dir():
        project = Project(str(root), base.sources, Bank((), (), frozenset()), base.topics)
        found = [*base.diagnostics, missing_bank(root, folder), *checks.run(project)]
        return Checked(project, found, report)
    jobs = [(p, BANK_FILE) for p in bank_paths(folder)]
    if include_drafts:
        jobs += [(p, DRAFTS_FILE) for p in bank_paths(root / DRAFTS_DIR)]
    sources_key = _sources_key(root, base, secret) if secret is not None else ""
    spelled = (
        _disagreements(
            Project(str(root), base.sources, Bank((), (), frozenset()), base.topics), store, secret
        )
        if store is not None and secret is not None
        else None
    )
    results: list[_Result | None] = []
    fresh: list[tuple[int, str, str]] = []  # (index, entry name, key) of the files to load and check
    loaded: dict[int, BankFile] = {}
    item_ctx: Context | None = None
    started = _now_ns()  # before any file is looked at: what is hashed from now on was hashed after it
    files_before = store.get_files() if store is not None else {}
    files_now: dict[str, Any] = {}  # what_rel -> (digest, (stat, hashed_at))
    workers = 1
    if store is None:  # every file loaded and checked: on several processors when that pays
        checked, item_ctx, workers = parallel.check_files(root, base, jobs, processes)
        results += [(bank_file, findings, []) for bank_file, findings in checked]
    for i, (path, what) in enumerate(jobs if store is not None else ()):
        rel = relative(root, path)
        text: str | None = None
        name = key = ""
        if store is not None:
            # A file whose stat is as it was when it was hashed, long enough after it was last written, is
            # not read again (:func:`_unchanged`); any other is read and hashed.
            now = _stat(path)
            recorded: Any = files_before.get(f"{what}\0{rel}")
            digest = _unchanged(now, recorded)
            if digest is None:
                try:
                    data, text = read_file(path, rel)
                except ReadError as exc:
                    results.append((BankFile(rel, (), (exc.diagnostic,)), [], []))  # not cached
                    continue
                digest = hashlib.sha256(data).hexdigest()
                recorded = (digest, (now, started))
            files_now[f"{what}\0{rel}"] = recorded
            key = hashlib.sha256(f"{sources_key}\0{what}\0{rel}\0{digest}".encode()).hexdigest()
            # One entry per version of a file (its name's first half: the file; second: the key), so that
            # undoing an edit finds the results of before it (the store keeps a file's two latest versions).
            name = hashlib.sha256(f"{what}\0{rel}".encode()).hexdigest()[:24] + "-" + key[:24]
            hit = store.get(name, key, rel)
            if hit is not None:
                report.hits += 1
                results.append(hit)
                continue
        if text is None:  # not read yet: no cache, or its entry is gone
            try:
                data, text = read_file(path, rel)
            except ReadError as exc:
                results.append(
                    (BankFile(rel, (), (exc.diagnostic,)), [], [])
                )  # not cached: it may be passing
                files_now.pop(f"{what}\0{rel}", None)
                continue
            if store is not None and hashlib.sha256(data).hexdigest() != files_now[f"{what}\0{rel}"][0]:
                # Changed since its stat was taken: its results are not stored under the stale digest's key.
                files_now.pop(f"{what}\0{rel}")
                name = ""
        results.append(None)
        fresh.append((i, name, key))
        loaded[i] = load_file(root, path, what, base.topics, base.known, text=text)
    if store is not None:
        store.put_files(files_before, files_now)
    report.misses = len(fresh) if store is not None else len(jobs)
    if fresh:
        # An item's checks depend on the item (where it is included: its diagnostics say) and on what the sources
        # key hashes (the sources, the decks' objectives), so the items of an edited file that are as they were
        # in its last version keep their results.
        partial: dict[int, tuple[list[list[Diagnostic] | None], _Marks]] = {}
        for i, name, _ in fresh:
            earlier = store.earlier(name, sources_key) if store is not None and name else {}
            partial[i] = ([], [])
            for item in loaded[i].items:
                was = _earlier_item(earlier, item.question)
                partial[i][0].append(None if was is None else was[0])
                partial[i][1].append(_mark(item.question, base.sources.articles) if was is None else was[1])
        # Item checks read the project's sources; of its bank, only the items being checked (an item's own
        # prompt quotations are looked up in the articles), so the items checked now make the bank here.
        questions = tuple(
            item.question
            for i, f in loaded.items()
            for item, was in zip(f.items, partial[i][0], strict=True)
            if item.question and was is None
        )
        item_ctx = Context.of(Project(str(root), base.sources, Bank(questions, (), frozenset()), base.topics))
        item_ctx.disagreements = spelled
        for i, name, key in fresh:
            findings = [
                _item_checks(item.question, item_ctx) if was is None else was
                for item, was in zip(loaded[i].items, partial[i][0], strict=True)
            ]
            item_marks = partial[i][1]
            results[i] = (loaded[i], findings, item_marks)
            if store is not None and name:
                store.put(name, key, loaded[i], findings, item_marks, sources_key)
    done = [r for r in results if r is not None]
    files = [f for f, _, _ in done]
    n_bank = sum(1 for _, what in jobs if what == BANK_FILE)
    bank, found = merge(root, folder, files[:n_bank], files[n_bank:])
    kept = set(map(id, bank.questions))  # a duplicate id's item is left out, with its findings
    marks: dict[str, tuple[str, tuple[str, ...]]] = {}
    for bank_file, findings, file_marks in done:
        if any(findings):  # most files' items find nothing: not looked at one by one
            for item, item_found in zip(bank_file.items, findings, strict=False):
                if item_found and item.question is not None and id(item.question) in kept:
                    found += item_found
        file_questions = list(map(_QUESTION, bank_file.items))
        if (
            len(file_marks) == len(file_questions)
            and None not in file_marks
            and kept.issuperset(map(id, file_questions))  # so none is None either
        ):  # every item has a question and a mark and is kept (no duplicate id): taken in C, not one by one
            marks.update(zip(map(_ID, file_questions), file_marks, strict=True))  # type: ignore[arg-type]
            continue
        for item, mark in zip(bank_file.items, file_marks, strict=False):
            q = item.question
            if q is not None and mark is not None and id(q) in kept:
                marks[q.id] = mark
    project = Project(str(root), base.sources, bank, base.topics)
    if store is not None and secret is not None:
        _relate(project, store, marks, secret)
    elif workers > 1 and related.check_project in checks.PROJECT_CHECKS:
        parallel.relate_decks(project, workers)  # what related.check_project will ask for, found in workers
    if store is not None:
        store.prune()
    ctx = Context.of(project)
    ctx.disagreements = spelled
    if item_ctx is not None:  # what the item checks derived from the sources alone: not computed twice
        ctx.outlets, ctx.disagreements, ctx.unwanted = (
            item_ctx.outlets,
            item_ctx.disagreements,
            item_ctx.unwanted,
        )
    for fn in checks.PROJECT_CHECKS:
        found += fn(ctx)
    report.used = store is not None and store.usable
    return Checked(project, base.diagnostics + found, report)


def _now_ns() -> int:
    return time.time_ns()


def _stat(path: Path) -> _Stat | None:
    """The stat of the regular file at ``path`` (``None``: not one, a link, or not there)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev


def _unchanged(now: _Stat | None, recorded: Any) -> str | None:
    """The digest ``recorded`` with a file's stat, if the file is surely as it was hashed: ``recorded`` is
    ``(digest, (stat, hashed_at))``, its stat is the file's stat ``now``, and that stat is older than the moment
    it was hashed by :data:`RACY_NS` (else a write in the same clock tick could have left it unchanged).

    As git's index: size, times, inode and device all equal. A file rewritten with the same size and its mtime
    set back still has a new ctime, which no user can set."""
    if now is None or type(recorded) is not tuple or len(recorded) != 2:
        return None
    digest, taken = recorded
    if type(digest) is not str or type(taken) is not tuple or len(taken) != 2:
        return None
    was, hashed_at = taken
    if was != now or type(hashed_at) is not int or max(now[1], now[2]) >= hashed_at - RACY_NS:
        return None
    return digest


class _SourcesMemo:
    """What reading the catalogue and preparing each article gave (:class:`sources.Memo`), kept in the entry
    ``sources`` by a hash of the catalogue's bytes, and of each article's bytes, path and catalogue entry.

    Each article's text is kept too, with the file's stat when it was read: while the catalogue is unchanged
    and the stat is as it was (and old enough: :func:`_unchanged`), the article is not read again. The entry
    ``sources`` is an index (per article: its key, digest, stat and what preparing it found besides the
    normalised text); each article's text and normalised text are in an entry of their own
    (:func:`_article_entry`, of which only what differs from the text is kept: :func:`_pack`), read when the
    text is first needed (:class:`sources.Known`): an incremental check needs a few of them, and reading all
    10,000 was a fifth of it."""

    def __init__(self, store: _Store, secret: bytes) -> None:
        self.store = store
        self.key = hashlib.sha256(secret + f"{fingerprint()}\0sources".encode()).hexdigest()
        self.started = _now_ns()  # before any article is looked at (see _unchanged)
        before = store._read(SOURCES, {"key": self.key})
        was_catalogue, was_articles = before if type(before) is tuple and len(before) == 2 else (None, None)
        self.before_catalogue: tuple[str, Catalogue] | None = (
            was_catalogue
            if type(was_catalogue) is tuple
            and len(was_catalogue) == 2
            and type(was_catalogue[1]) is Catalogue
            else None
        )
        self.before_articles: dict[str, Any] = was_articles if type(was_articles) is dict else {}
        self.catalogue_now: tuple[str, Catalogue] | None = None
        self.articles_now: dict[str, Any] = {}
        self.bodies: dict[str, tuple[str, tuple[Any, ...]]] = {}
        """The article entries to write: by path, the article's key and its packed text."""
        self.same_catalogue = False
        self.pending: dict[str, _Stat | None] = {}
        self.made = False

    def catalogue(self, data: bytes, make: Callable[[], Catalogue]) -> Catalogue:
        digest = hashlib.sha256(data).hexdigest()
        was = self.before_catalogue
        if was is not None and was[0] == digest:
            self.catalogue_now = was
            self.same_catalogue = True
            return was[1]
        found = make()
        self.made = True
        self.catalogue_now = (digest, found)
        return found

    def unchanged(self, rel: str, path: Path) -> Known | None:
        now = self.pending[rel] = _stat(path)  # taken before the file is read, if it is
        was = self.before_articles.get(rel)
        if not self.same_catalogue or was is None or not _indexed(was):
            return None
        key, digest, taken, headline_line, published_line, diagnostics = was
        if _unchanged(now, (digest, taken)) is None:
            return None
        self.articles_now[rel] = was
        return Known(digest, headline_line, published_line, diagnostics, lambda: self._body(rel, key))

    def _body(self, rel: str, key: str) -> tuple[str, NormalizedText] | None:
        """The text and normalised text kept of the article at ``rel`` under ``key`` (``None``: not usable)."""
        body = self.store.read_article(rel, {"key": key, "sources": self.key})
        if type(body) is not tuple or len(body) != 2 or type(body[0]) is not str:
            return None
        normalized = _unpack(body[0], body[1])
        return None if normalized is None else (body[0], normalized)

    def article(
        self, entry: CatalogueEntry, rel: str, digest: str, text: str, make: Callable[[], Prepared]
    ) -> Prepared:
        # The entry's repr holds every field (texts quoted, dates, locations): cheaper to hash than its encoding.
        key = hashlib.sha256(f"{rel}\0{entry!r}\0{digest}".encode()).hexdigest()
        was = self.before_articles.get(rel)
        found = None
        if was is not None and _indexed(was) and was[0] == key:
            body = self._body(rel, key)
            if body is not None and body[0] == text:
                found = Prepared(body[1], was[3], was[4], was[5])
        if found is None:
            found = make()
            self.bodies[rel] = (key, (text, _pack(text, found.normalized)))
        self.made = True  # the stat at least is new
        self.articles_now[rel] = (
            key,
            digest,
            (self.pending.get(rel), self.started),
            found.headline_line,
            found.published_line,
            found.diagnostics,
        )
        return found

    def save(self) -> None:
        """Write the articles' entries made now, and the index unless it holds just what it held (nothing read
        again, no article gone); with a new index, the entries of articles it does not name are removed."""
        for rel, (key, body) in self.bodies.items():
            self.store.write_article(rel, {"key": key, "sources": self.key}, body)
        if self.made or self.articles_now.keys() != self.before_articles.keys():
            self.store.put_sources(self.key, (self.catalogue_now, self.articles_now))
            self.store.prune_articles({_article_entry(rel) for rel in self.articles_now})
        else:
            self.store.seen.add(SOURCES)


def _indexed(was: Any) -> bool:
    """Whether ``was`` has the form of an article's row in the entry ``sources`` (:meth:`_SourcesMemo.article`)."""
    return (
        type(was) is tuple
        and len(was) == 6
        and type(was[0]) is str
        and type(was[1]) is str
        and type(was[5]) is tuple
        and all(type(d) is Diagnostic for d in was[5])
    )


def _article_entry(rel: str) -> str:
    """The name of the entry of the text of the article at ``rel`` (in the folder :data:`ARTICLES`)."""
    return hashlib.sha256(rel.encode()).hexdigest()[:32]


def _pack(text: str, n: NormalizedText) -> tuple[Any, ...]:
    """``n``, the normalised ``text``, as kept with ``text``: only what replaced each changed stretch of
    ``text`` when that and ``text`` make it again (else the whole of it): the two texts doubled the entry."""
    norm: str | tuple[str, ...] = n.text
    pieces = tuple(n.text[a:b] for a, b in zip(n._norm_starts, n._norm_ends, strict=True))
    if _rebuilt(text, n._orig_starts, n._orig_ends, pieces) == n.text:
        norm = pieces
    return (norm, n._norm_starts, n._norm_ends, n._orig_starts, n._orig_ends)


def _rebuilt(text: str, starts: tuple[int, ...], ends: tuple[int, ...], pieces: tuple[str, ...]) -> str:
    """``text`` with each stretch ``starts[i]:ends[i]`` replaced by ``pieces[i]``."""
    out = []
    at = 0
    for start, end, piece in zip(starts, ends, pieces, strict=True):
        out.append(text[at:start])
        out.append(piece)
        at = end
    out.append(text[at:])
    return "".join(out)


def _unpack(text: str, packed: Any) -> NormalizedText | None:
    """The normalised text that :func:`_pack` kept (``None`` if it is not of that form)."""
    if type(packed) is not tuple or len(packed) != 5:
        return None
    norm, *spans = packed
    if any(type(x) is not tuple for x in spans):
        return None
    if type(norm) is tuple:
        if (
            len(norm) != len(spans[2])
            or len(spans[2]) != len(spans[3])
            or any(type(x) is not str for x in norm)
        ):
            return None
        norm = _rebuilt(text, spans[2], spans[3], norm)
    if type(norm) is not str:
        return None
    return NormalizedText(norm, *spans)


def _earlier_item(
    earlier: Mapping[str, tuple[list[Diagnostic], tuple[str, tuple[str, ...]] | None]],
    question: Question | None,
) -> tuple[list[Diagnostic], tuple[str, tuple[str, ...]] | None] | None:
    """The checks' findings and the mark of ``question`` in the file's earlier version, if it was there just so
    (every field and position the same)."""
    if question is None or not earlier:
        return None
    return earlier.get(_question_text(encode(question)))


_QUESTION = operator.attrgetter("question")
_ID = operator.attrgetter("id")


def _question_text(encoded: Any) -> str:
    return json.dumps(encoded, ensure_ascii=False, separators=(",", ":"))


def _mark(question: Question | None, articles: Mapping[str, Article]) -> tuple[str, tuple[str, ...]] | None:
    if question is None:
        return None
    return relations.item_key(question, articles), relations.prompt_stems(question)


def _relate(
    project: Project, store: _Store, marks: Mapping[str, tuple[str, tuple[str, ...]]], secret: bytes
) -> None:
    """Relate the items of each deck as :mod:`quizgen.checks.related` will ask, judging again only the pairs
    with an item changed since the last check (:func:`relations.refind`), and tell :func:`relations.relations_of`.

    The entry ``relations`` holds, per deck, a digest of its items' :func:`relations.item_key` and the
    :class:`Findings` among them, under a key of this quizgen (and the cache secret) and the outlets' names; the
    keys themselves are in an entry per deck (:func:`_relation_keys_entry`), read only for a deck whose digest
    changed and written only then: they were most of the entry, read and written whole on every run. The
    bank's common words are compared inside (:func:`relations.refind`)."""
    by_id = relations.questions_by_id(project)
    articles = project.sources.articles
    key = hashlib.sha256(secret + f"{fingerprint()}\0{relations.outlets_key(project)}".encode()).hexdigest()
    common = relations.common_words(project, marks)
    sets = [(f"deck\0{stem}\0{name}", ids, True) for name, stem, ids in related.decks_of(project)]
    if related.stale_needs(project):
        sets.append(("live", related.live_ids(project), False))
    before = store.get_relations(key)
    found: dict[tuple[frozenset[str], bool], Relations] = {}
    entry: dict[str, tuple[str, Findings]] = {}
    for name, ids, honour in sets:
        known = before.get(name)
        members, digest = _deck_digest(ids, marks)
        if members is not None and known is not None and known[0] == digest and known[1].common == common:
            findings = known[1]  # the same items as the analysis sees them, and the same common words
        else:
            keys = {qid: mark[0] if (mark := marks.get(qid)) is not None
                    else relations.item_key(by_id[qid], articles) for qid in ids if qid in by_id}  # fmt: skip
            digest = hashlib.sha256("\0".join(f"{qid}\0{k}" for qid, k in keys.items()).encode()).hexdigest()
            members = keys
            old_keys: dict[str, str] | None = None
            if known is not None and known[0] == digest:
                old_keys = keys  # the same items, as the analysis sees them: only the common words may differ
            elif known is not None:
                old_keys = store.get_relation_keys(key, name, known[0])
            if old_keys is keys and known is not None and known[1].common == common:
                # What refind gives when no item changed (the same ids: the digest covers them).
                findings = known[1]
            elif known is None or old_keys is None:
                findings = relations.find(project, keys, by_id=by_id)
            else:
                unchanged = [qid for qid, k in keys.items() if old_keys.get(qid) == k]
                findings = relations.refind(project, keys, known[1], unchanged, by_id=by_id)
            if known is None or known[0] != digest:
                store.put_relation_keys(key, name, digest, keys)
        store.seen.add(_relation_keys_entry(name))
        chosen = dict(zip(members, map(by_id.__getitem__, members), strict=True))  # made in C
        found[(frozenset(ids), honour)] = relations.settle(chosen, findings, honour_reviews=honour)
        entry[name] = (digest, findings)
    relations.remember(project, found)
    if entry != before:
        store.put_relations(key, entry)
    else:
        store.seen.add(RELATIONS)


def _deck_digest(
    ids: list[str], marks: Mapping[str, tuple[str, tuple[str, ...]]]
) -> tuple[dict[str, str] | list[str] | None, str]:
    """The digest of a deck's item keys (as :func:`_relate` makes it from them) when every one of ``ids`` is a
    distinct item with a mark, found without a Python step per item (``ids``, digest); else ``(None, "")``.
    Making each deck's keys and digest one item at a time was a quarter of relating after a one-file edit."""
    got = list(map(marks.get, ids))
    if None in got or len(set(ids)) != len(ids):
        return None, ""
    keys = map(operator.itemgetter(0), got)  # type: ignore[arg-type]
    joined = "\0".join(itertools.chain.from_iterable(zip(ids, keys, strict=True)))
    return ids, hashlib.sha256(joined.encode()).hexdigest()


def _relation_keys_entry(name: str) -> str:
    """The entry of the item keys of the deck (or item set) ``name`` (see :func:`_relate`)."""
    return f"{RELATIONS}.{hashlib.sha256(name.encode()).hexdigest()[:24]}"


def _disagreements(project: Project, store: _Store, secret: bytes) -> list[variants.Disagreement]:
    """:func:`variants.disagreements_of` the sources, each article's spelled-out forms kept by its text (the
    entry ``variants``): reading every article for them took as long as checking an edited file.

    What was found is kept too (the entry ``variants.found``), by the articles' ids and digests and the
    catalogue's variants: while those are the same, the forms of the 10,000 articles are not read, only the
    few thousand that disagree are made again."""
    key = hashlib.sha256(secret + f"{fingerprint()}\0variants".encode()).hexdigest()
    articles = project.sources.articles
    h = hashlib.sha256(f"{key}\0{project.sources.variants!r}".encode())
    h.update("\0".join(f"{a.id}\0{a.digest}" for a in articles.values()).encode())
    state = h.hexdigest()
    summary = _found_variants(store._read(VARIANTS_FOUND, {"key": state}), project)
    if summary is not None:
        store.seen.add(VARIANTS)  # still the forms of these articles: kept
        return summary
    before = store._read(VARIANTS, {"key": key})
    if type(before) is not dict:
        before = {}
    now: dict[str, tuple[tuple[str, str, str, int], ...]] = {}

    def spelled(article: Article) -> list[variants.Form]:
        digest = article.digest  # of the file's bytes, of which the text is the decoding
        forms = before.get(digest)
        if type(forms) is not tuple:
            forms = tuple((f.abbreviation, f.text, f.key, f.offset) for f in variants.spelled_out(article))
        now[digest] = forms
        return [variants.Form(a, text, k, article, offset) for a, text, k, offset in forms]

    found = variants.disagreements_of(project, spelled)
    if now != before:
        store.seen.add(VARIANTS)
        store._write(VARIANTS, {"key": key}, now)
    kept = project.sources.variants
    store.seen.add(VARIANTS_FOUND)
    store._write(VARIANTS_FOUND, {"key": state}, tuple(
        (d.abbreviation, tuple((k, tuple((f.text, f.article.id, f.offset) for f in forms))
                               for k, forms in d.forms.items()),
         -1 if d.variant is None else next(i for i, v in enumerate(kept) if v is d.variant))
        for d in found
    ))  # fmt: skip
    return found


def _found_variants(summary: Any, project: Project) -> list[variants.Disagreement] | None:
    """The disagreements ``summary`` (the entry ``variants.found``) holds, among ``project``'s articles;
    ``None`` if it does not have that form."""
    if type(summary) is not tuple:
        return None
    articles, kept = project.sources.articles, project.sources.variants
    out = []
    try:
        for abbreviation, forms, index in summary:
            if type(abbreviation) is not str or type(index) is not int or not -1 <= index < len(kept):
                return None
            by_key: dict[str, list[variants.Form]] = {}
            for k, places in forms:
                by_key[k] = [variants.Form(abbreviation, text, k, articles[aid], offset)
                             for text, aid, offset in places]  # fmt: skip
            out.append(variants.Disagreement(abbreviation, by_key, None if index < 0 else kept[index]))
    except (TypeError, ValueError, KeyError):  # not of the form written
        return None
    return out


def _item_checks(question: Any, ctx: Context) -> list[Diagnostic]:
    if question is None or question.review.status is ReviewStatus.RETIRED:
        return []
    return checks.check_item(Item.of(question), ctx)


def fingerprint() -> str:
    """quizgen itself, as the cache keys see it: every file of the package, and the versions it runs on."""
    return _fingerprint(Path(quizgen.__file__).resolve().parent)


_FINGERPRINTS: dict[Path, str] = {}


def _fingerprint(package: Path) -> str:
    found = _FINGERPRINTS.get(package)
    if found is None:
        h = hashlib.sha256(f"{FORMAT}\0{platform.python_version()}\0{yaml.__version__}\0".encode())
        for path in sorted(package.rglob("*")):
            if "__pycache__" not in path.parts and path.is_file():
                h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        found = _FINGERPRINTS[package] = h.hexdigest()
    return found


def secret() -> bytes | None:
    """This user's cache secret (see the module doc), or ``None`` when there is none to be had."""
    return _secret(CacheReport())


def _secret(report: CacheReport) -> bytes | None:
    """This user's cache secret, made on first use; ``None`` (with a note) when it cannot be read or made."""
    path = Path(platformdirs.user_cache_dir("quizgen")) / "check-cache.key"
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
        except OSError as exc:
            report.note = f"cache not used: cannot make its key {path}: {exc.strerror or exc}"
            return None
        return _secret(report)
    except OSError as exc:
        report.note = f"cache not used: cannot read its key {path}: {exc.strerror or exc}"
        return None
    try:
        info = os.fstat(fd)
        data = os.read(fd, 64) if stat.S_ISREG(info.st_mode) else b""
    finally:
        os.close(fd)
    if len(data) != 32:  # half-written by a concurrent first run, or not ours: not used this time
        report.note = f"cache not used: its key {path} is not 32 bytes"
        return None
    return data


def _sources_key(root: Path, base: Base, secret: bytes) -> str:
    """The hash of what every bank file's results depend on besides the file: quizgen, topics, sources and the
    decks' objectives."""
    h = hashlib.sha256(secret + fingerprint().encode())
    h.update(json.dumps(base.topics, sort_keys=True).encode())
    catalogue = root / SOURCES_DIR / CATALOGUE_NAME
    try:
        h.update(read_file(catalogue, relative(root, catalogue))[0])
    except ReadError as exc:
        h.update(b"\0unreadable\0" + exc.diagnostic.message.encode())
    for article in base.sources.articles.values():
        h.update(f"\0{article.id}\0{article.path}\0{article.digest}".encode())
    h.update(b"\0known\0" + json.dumps(None if base.known is None else sorted(base.known)).encode())
    # The objectives check reads the deck definitions' objectives: editing them changes every item's result.
    listed, complete = objectives.project_objectives(
        Project(str(root), base.sources, Bank((), (), frozenset()), base.topics)
    )
    h.update(b"\0objectives\0" + json.dumps([list(listed), complete]).encode())
    return h.hexdigest()


class _Store:
    """The entries of ``.quizgen-cache/check/``: one per version of a bank file, the sources and the relations
    (sealed pickles: :mod:`quizgen.checks.sealed`)."""

    def __init__(self, folder: Path | None, report: CacheReport, secret: bytes) -> None:
        self.folder = folder
        self.report = report
        self.secret = secret
        self.usable = folder is not None
        self.seen: set[str] = set()
        self.versions: dict[str, list[tuple[float, str]]] | None = None
        """The entries of each file by the first half of their names, with their times (read when needed)."""
        self.articles_folder: Path | bool | None = None
        """The folder of the articles' entries (:meth:`_articles`; ``False``: not usable), found when needed."""

    @classmethod
    def open(cls, root: Path, report: CacheReport, secret: bytes) -> _Store:
        top = root / CACHE_DIR
        folder = top / "check"
        for path in (top, folder):
            try:
                info = os.lstat(path)
            except FileNotFoundError:
                continue
            except OSError as exc:
                report.note = f"cache not used: {path.name}: {exc.strerror or exc}"
                return cls(None, report, secret)
            if not stat.S_ISDIR(info.st_mode):  # a link (it could lead anywhere) or a file
                report.note = f"cache not used: {relative(root, path)} is not a folder"
                return cls(None, report, secret)
        return cls(folder, report, secret)

    def _read(self, name: str, want: Mapping[str, str], path: Path | None = None) -> Any:
        """The payload of entry ``name`` (at ``path``, else in the folder) if it is a plain file sealed with this
        secret (:mod:`sealed`) whose header holds this format and ``want``, else ``None``; an entry read is
        kept by :meth:`prune`."""
        if self.folder is None:
            return None
        self.seen.add(name)
        try:
            fd = os.open(path or self.folder / f"{name}{SUFFIX}", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
                return None
            with os.fdopen(fd, "rb", closefd=False) as f:
                blob = f.read()
            head, payload = sealed.header(self.secret, name, blob)  # the tag verifies before anything is read
            if head.get("format") != FORMAT or any(head.get(k) != v for k, v in want.items()):
                return None
            found = sealed.unpickle(blob, len(blob) - payload.nbytes)  # the payload ends the entry
            if self.usable:
                os.utime(fd)  # used now: the latest versions are the ones kept (see prune)
            return found
        except (SealError, OSError):
            return None  # corrupt, foreign or of another quizgen: rebuilt
        finally:
            os.close(fd)

    def get(self, name: str, key: str, rel: str) -> _Result | None:
        """The cached results under ``name`` if they were stored under ``key``, else ``None``."""
        return _result(self._read(name, {"key": key}), rel)

    def put(
        self,
        name: str,
        key: str,
        bank_file: BankFile,
        found: list[list[Diagnostic]],
        marks: _Marks,
        sources: str,
    ) -> None:
        """Store one file's results, atomically; on failure the cache is left alone for this run. ``sources``
        is the key of everything but the file (see :meth:`earlier`)."""
        self.seen.add(name)
        payload = _shared((_packed(bank_file), found, marks), {})
        # The questions are pickled apart, the payload keeping an index row of each (sealed.LazyQuestion):
        # a check that finds the file unchanged reads only the rows, unless it needs more of an item.
        questions = tuple(item.question for item in payload[0].items if item.question is not None)
        self._write(name, {"key": key, "sources": sources}, payload, pending=sealed.pending(questions))

    def earlier(
        self, name: str, sources: str
    ) -> dict[str, tuple[list[Diagnostic], tuple[str, tuple[str, ...]] | None]]:
        """Of the latest other version of the file of entry ``name`` (made with the same ``sources`` key), each
        item's findings and mark by its question's encoded text; empty if there is none."""
        if self.folder is None:
            return {}
        if self.versions is None:
            self.versions = {}
            try:
                for path in self.folder.glob(f"*-*{SUFFIX}"):
                    stem = path.name.removesuffix(SUFFIX)
                    self.versions.setdefault(stem.partition("-")[0], []).append((path.lstat().st_mtime, stem))
            except OSError:
                pass
        file = name.partition("-")[0]
        others = sorted((v for v in self.versions.get(file, ()) if v[1] != name), reverse=True)
        result = _result(self._read(others[0][1], {"sources": sources}), None) if others else None
        if result is None:
            return {}
        bank_file, found, marks = result
        return {
            _question_text(encode(item.question)): (f, m)
            for item, f, m in zip(bank_file.items, found, marks, strict=True)
            if item.question is not None
        }

    def get_files(self) -> dict[str, Any]:
        """Each bank file's digest and stat when it was hashed, by ``what\0rel`` (see :func:`_unchanged`)."""
        entry = self._read(FILES, {"key": hashlib.sha256(self.secret + FILES.encode()).hexdigest()})
        return entry if type(entry) is dict else {}

    def put_files(self, before: Mapping[str, Any], now: dict[str, Any]) -> None:
        self.seen.add(FILES)
        if now != before:
            self._write(FILES, {"key": hashlib.sha256(self.secret + FILES.encode()).hexdigest()}, now)

    def get_relations(self, key: str) -> dict[str, tuple[str, Findings]]:
        """What the last check found in each deck, by deck, with the digest of the deck's item keys (empty if
        unusable)."""
        entry = self._read(RELATIONS, {"key": key})
        if type(entry) is not dict:
            return {}
        for value in entry.values():
            if type(value) is not tuple or len(value) != 2 or type(value[0]) is not str:
                return {}
            if type(value[1]) is not Findings:
                return {}
        return entry

    def get_relation_keys(self, key: str, name: str, digest: str) -> dict[str, str] | None:
        """The item keys of deck ``name`` whose digest is ``digest`` (``None`` if unusable): the entry is read
        only with the findings made from those keys (a run killed between writing the two leaves them apart)."""
        entry = self._read(_relation_keys_entry(name), {"key": key, "deck": name, "digest": digest})
        if type(entry) is not dict or any(type(k) is not str or type(v) is not str for k, v in entry.items()):
            return None
        return entry

    def put_relation_keys(self, key: str, name: str, digest: str, keys: dict[str, str]) -> None:
        self.seen.add(_relation_keys_entry(name))
        self._write(_relation_keys_entry(name), {"key": key, "deck": name, "digest": digest}, keys)

    def put_sources(self, key: str, sources: tuple[Any, ...]) -> None:
        self.seen.add(SOURCES)
        self._write(SOURCES, {"key": key}, sources)

    def put_relations(self, key: str, decks: dict[str, tuple[str, Findings]]) -> None:
        self.seen.add(RELATIONS)
        self._write(RELATIONS, {"key": key}, decks)

    def _articles(self) -> Path | None:
        """The folder of the articles' entries if it is one (not a link), or is not there yet."""
        if self.folder is None:
            return None
        if self.articles_folder is None:
            folder = self.folder / ARTICLES
            try:
                ok = stat.S_ISDIR(os.lstat(folder).st_mode)
            except FileNotFoundError:
                ok = True
            except OSError:
                ok = False
            self.articles_folder = folder if ok else False
        return self.articles_folder if isinstance(self.articles_folder, Path) else None

    def read_article(self, rel: str, want: Mapping[str, str]) -> Any:
        """The entry of the text of the article at ``rel`` (see :class:`_SourcesMemo`), as :meth:`_read`."""
        folder = self._articles()
        name = _article_entry(rel)
        if folder is None:
            return None
        return self._read(f"{ARTICLES}/{name}", want, folder / f"{name}{SUFFIX}")

    def write_article(self, rel: str, header: dict[str, Any], payload: object) -> None:
        folder = self._articles()
        if folder is not None:
            name = _article_entry(rel)
            self._write(f"{ARTICLES}/{name}", header, payload, folder / f"{name}{SUFFIX}")

    def prune_articles(self, keep: set[str]) -> None:
        """Remove the articles' entries not named in ``keep`` (by :func:`_article_entry`), and temporary files."""
        folder = self._articles()
        if folder is None or not self.usable or not folder.is_dir():
            return
        try:
            for path in folder.iterdir():
                if path.name.removesuffix(SUFFIX) not in keep or not path.name.endswith(SUFFIX):
                    path.unlink(missing_ok=True)
        except OSError:
            pass

    def _write(
        self,
        name: str,
        header: dict[str, Any],
        payload: object,
        path: Path | None = None,
        pending: sealed.Pending | None = None,
    ) -> None:
        """Write entry ``name`` (at ``path``, else in the folder), sealed, atomically."""
        if self.folder is None or not self.usable:
            return
        blob = sealed.seal(self.secret, name, {"format": FORMAT} | header, payload, pending=pending)
        path = path or self.folder / f"{name}{SUFFIX}"
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if any(p.is_symlink() for p in (path.parent, self.folder, self.folder.parent)):
                raise OSError("the cache folder is a link")
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
            tmp = None
        except OSError as exc:
            self.usable = False
            self.report.note = f"cache not written: {exc.strerror or exc}"
        finally:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)

    def prune(self) -> None:
        """Remove temporary files left by a killed run, the entries of files no longer in the bank, and of each
        file's versions all but the one used now and the latest other (an edit undone is found again)."""
        if self.folder is None or not self.usable or not self.folder.is_dir():
            return
        try:
            others: dict[str, list[tuple[float, Path]]] = {}
            for path in self.folder.iterdir():
                entry = path.name.removesuffix(SUFFIX)
                stem, _, version = entry.partition("-")
                if path.name.endswith(".tmp") or path.name.endswith(
                    ".json"
                ):  # .json: entries before FORMAT 3
                    path.unlink(missing_ok=True)
                elif not path.name.endswith(SUFFIX) or entry in self.seen:
                    continue
                elif version and any(name.startswith(stem + "-") for name in self.seen):
                    others.setdefault(stem, []).append((path.lstat().st_mtime, path))
                else:
                    path.unlink(missing_ok=True)
            for versions in others.values():
                for _, path in sorted(versions, reverse=True)[1:]:
                    path.unlink(missing_ok=True)
        except OSError:
            pass


def _packed(bank_file: BankFile) -> BankFile:
    """``bank_file`` with its questions' positions packed (:class:`Positions`: a third of the objects)."""
    names: dict[tuple[str, ...], tuple[str, ...]] = {}
    items = tuple(
        item
        if item.question is None or type(item.question.locations) is not dict
        else dataclasses.replace(
            item,
            question=dataclasses.replace(
                item.question, locations=Positions.of(item.question.locations, names)
            ),
        )
        for item in bank_file.items
    )
    return dataclasses.replace(bank_file, items=items)


def _shared(value: Any, strings: dict[Any, Any]) -> Any:
    """``value`` with equal texts and locations made one object: a pickle writes a text once and refers to it
    after, and unpickling a bank file's 27,000 texts (field names of every item's positions, paths, tags)
    where 7,600 differ took a fifth of reading its entry (an item's location is its question's too)."""
    kind = type(value)
    if kind is str:
        return strings.setdefault(value, value)
    if kind is tuple:
        return tuple([_shared(v, strings) for v in value])
    if kind is list:
        return [_shared(v, strings) for v in value]
    if kind is dict:
        return {_shared(k, strings): _shared(v, strings) for k, v in value.items()}
    if kind is Location:
        return strings.setdefault(value, value)
    if kind in _FIELDS:
        return kind(*[_shared(getattr(value, f), strings) for f in _FIELDS[kind]])
    return value


_FIELDS = {cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in CLASSES}


def _result(found: Any, rel: str | None) -> _Result | None:
    """A bank file's cached results if they have the form :meth:`_Store.put` gives them (and are of ``rel``)."""
    if type(found) is not tuple or len(found) != 3:
        return None
    bank_file, checked, marks = found
    if type(bank_file) is not BankFile or (rel is not None and bank_file.rel != rel):
        return None
    n = len(bank_file.items)
    if type(checked) is not list or len(checked) != n or type(marks) is not list or len(marks) != n:
        return None
    return bank_file, checked, marks
