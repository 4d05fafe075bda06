"""Loading the source articles (``seeds/*.txt``) and their catalogue (``seeds/sources.yaml``).

An article is added by dropping ``<id>.txt`` into the folder and adding a catalogue entry; nothing in quizgen
names particular articles. The catalogue format is documented in ``docs/sources.md``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

from quizgen.core.diagnostics import Diagnostic, Location
from quizgen.core.model import Article, Caption, Furniture, LineRange, Sources, Variant
from quizgen.core.rules import diag
from quizgen.core.text import LineIndex, NormalizedText, normalize, normalize_with_map
from quizgen.core.workers import run as run_shares
from quizgen.load import nodes
from quizgen.load.paths import relative, relative_in
from quizgen.load.rules import (
    CATALOGUE_ENTRY,
    CATALOGUE_MISMATCH,
    DUPLICATE_ID,
    FILE_UNREADABLE,
    INVALID_VALUE,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    WRONG_TYPE,
)
from quizgen.load.values import article_problems, value_problems
from quizgen.load.yamlfile import (
    NULL_TAG,
    NodeReader,
    ReadError,
    compose,
    location,
    misnamed,
    read_file,
    read_text,
)

CATALOGUE_NAME = "sources.yaml"
"""The catalogue's file name inside the sources folder."""

ARTICLE_FIELDS = (
    "id", "outlet", "headline", "headline_line", "published", "published_line", "furniture", "captions",
)  # fmt: skip
_REQUIRED = ("id", "outlet", "headline")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_LINES = re.compile(r"\s*([0-9]+)\s*(?:-\s*([0-9]+)\s*)?")


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A catalogue entry before its article file is attached."""

    id: str
    outlet: str
    headline: str
    headline_line: tuple[int, Location] | None
    published: dt.date | None
    published_line: tuple[int, Location] | None
    furniture: tuple[Furniture, ...]
    location: Location
    captions: tuple[Caption, ...] = ()


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What reading the catalogue gives: its entries (``None`` when it is missing, unreadable or empty), its
    variants and its problems."""

    entries: tuple[CatalogueEntry, ...] | None
    variants: tuple[Variant, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Prepared:
    """What an article's text and its catalogue entry give besides themselves: the normalised text, the
    headline and date lines that check out, and the problems found."""

    normalized: NormalizedText
    headline_line: int | None
    published_line: int | None
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Known:
    """What a memo remembers of an article file that is surely the one it last read: all but its text and
    normalised text, which :attr:`body` gives when they are first needed."""

    digest: str
    headline_line: int | None
    published_line: int | None
    diagnostics: tuple[Diagnostic, ...]
    body: Callable[[], tuple[str, NormalizedText] | None]
    """The text and normalised text (``None``: the memo lost them, and the file is read and normalised again)."""


class Memo(Protocol):
    """Remembers what reading the catalogue and preparing each article gave, by their contents (the check
    cache, :mod:`quizgen.checks.cache`): ``make`` computes it when nothing usable is remembered."""

    def catalogue(self, data: bytes, make: Callable[[], Catalogue]) -> Catalogue: ...

    def unchanged(self, rel: str, path: Path) -> Known | None:
        """What is remembered of the article at ``path`` if it is surely the file last read there (so it is
        not read again), else ``None`` (called before the file is read)."""
        ...

    def article(
        self, entry: CatalogueEntry, rel: str, digest: str, text: str, make: Callable[[], Prepared]
    ) -> Prepared: ...


def load_sources(
    root: Path, folder: Path, memo: Memo | None = None, *, processes: int = 1
) -> tuple[Sources, list[Diagnostic]]:
    """Load every ``*.txt`` article of ``folder`` and the catalogue beside them (with what ``memo`` remembers
    of them, if given: the same sources either way).

    Without ``memo``, reading the articles (and what in preparing them does not need their catalogue entry)
    is shared among ``processes`` processes, this one reading the catalogue beside its share
    (:func:`_scanned`); the sources and diagnostics are the same, in the same order."""
    diagnostics: list[Diagnostic] = []
    catalogue = folder / CATALOGUE_NAME
    catalogue_rel = relative(root, catalogue)
    empty = Sources({}, (), catalogue_rel)
    if not folder.is_dir():
        rel = relative(root, folder)
        return empty, [
            diag(
                FILE_UNREADABLE,
                Location(rel, 1, 1),
                f"sources folder not found in {root.resolve()}: create it and put the articles (.txt) and "
                "their catalogue (sources.yaml) in it, or run quizgen inside the project's folder or pass "
                "--root DIR",
            )
        ]
    # By name: the order of paths of one folder, without pathlib's comparisons (a tenth of a second for 10,000).
    files = [folder / name for name in article_names(folder)]
    relative_path = relative_in(root, folder)
    scanned: list[_Scan] | None = None
    if memo is None and processes > 1 and len(files) > 1:
        read, scanned = _scanned(root, catalogue, catalogue_rel, files, relative_path, processes)
    else:
        read = _catalogue(root, catalogue, catalogue_rel, memo)
    diagnostics += read.diagnostics
    if read.entries is None:  # no usable catalogue: one diagnostic for it, not one "no entry" per article
        return empty, diagnostics
    entries = {e.id: e for e in read.entries}
    variants = read.variants
    articles: dict[str, Article] = {}
    for index, path in enumerate(files):
        article_id = path.name[: -len(".txt")]
        rel = relative_path(path.name)
        wrong_name = misnamed(rel)
        if wrong_name is not None:  # before its id, which is the name, is shown in another message
            diagnostics.append(wrong_name)
            continue
        entry = entries.pop(article_id, None)
        if entry is None:
            diagnostics.append(
                diag(
                    CATALOGUE_ENTRY,
                    Location(rel, 1, 1),
                    f"article {article_id!r} has no entry in {catalogue_rel}: add one with its outlet and "
                    "headline",
                )
            )
            continue
        known = memo.unchanged(rel, path) if memo is not None else None
        if known is not None:
            diagnostics += known.diagnostics
            articles[article_id] = _deferred(entry, rel, path, known)
            continue
        if scanned is not None:
            scan = scanned[index]
            if isinstance(scan, Diagnostic):
                diagnostics.append(scan)
                continue
            text, digest, problems, normalized = scan
            prepared = _prepare(entry, rel, text, (problems, normalized))
        else:
            try:
                data, text = read_file(path, rel)
            except ReadError as exc:
                diagnostics.append(exc.diagnostic)
                continue
            digest = hashlib.sha256(data).hexdigest()
            prepared = (
                _prepare(entry, rel, text)
                if memo is None
                else memo.article(entry, rel, digest, text, functools.partial(_prepare, entry, rel, text))
            )
        diagnostics += prepared.diagnostics
        articles[article_id] = _article(entry, rel, digest, text, prepared)
    for entry in entries.values():
        diagnostics.append(
            diag(
                CATALOGUE_ENTRY,
                entry.location,
                f"catalogue entry {entry.id!r} has no article file {relative(root, folder / entry.id)}.txt",
            )
        )
    if not files and not diagnostics:
        diagnostics.append(
            diag(
                CATALOGUE_ENTRY,
                Location(relative(root, folder), 1, 1),
                "no articles (*.txt) in the sources folder",
            )
        )
    return Sources(dict(sorted(articles.items())), tuple(variants), catalogue_rel), diagnostics


def article_names(folder: Path) -> list[str]:
    """The names of the ``*.txt`` entries of ``folder``, sorted (what ``folder.glob("*.txt")`` finds, without
    making and matching a path per file: a twentieth of a second for 10,000 on every check); none if it cannot
    be listed."""
    try:
        return sorted(name for name in os.listdir(folder) if name.endswith(".txt"))
    except OSError:
        return []


def _catalogue(root: Path, path: Path, rel: str, memo: Memo | None) -> Catalogue:
    def make(text: str | None = None) -> Catalogue:
        diagnostics: list[Diagnostic] = []
        entries, variants = _read_catalogue(root, path, rel, diagnostics, text)
        found = None if entries is None else tuple(entries.values())
        return Catalogue(found, tuple(variants), tuple(diagnostics))

    if memo is None or not path.is_file():
        return make()
    try:
        data, text = read_file(path, rel)
    except ReadError:
        return make()  # reported by reading it again
    return memo.catalogue(data, lambda: make(text))


_Scan = tuple[str, str, list[Diagnostic], NormalizedText] | Diagnostic
"""What an article file gives without its catalogue entry: its text, digest, hidden-character problems and
normalised text, or why it cannot be read."""


def _scan(path: Path, rel: str) -> _Scan:
    try:
        data, text = read_file(path, rel)
    except ReadError as exc:
        return exc.diagnostic
    return text, hashlib.sha256(data).hexdigest(), article_problems(text, rel), normalize_with_map(text)


def _scanned(
    root: Path,
    catalogue: Path,
    catalogue_rel: str,
    files: list[Path],
    relative_path: Callable[[str], str],
    processes: int,
) -> tuple[Catalogue, list[_Scan]]:
    """The catalogue, read here, and :func:`_scan` of each article file, in ``processes`` processes (forked
    workers taking shares of the articles, :func:`quizgen.core.workers.run`): the catalogue is weighed as
    as much work as eight times its bytes in articles would be (composing YAML costs more per byte)."""
    tasks: list[Path | None] = [None, *files]  # None: the catalogue, the heaviest task, so this process's

    def sizes() -> list[int]:
        out = []
        for path in tasks:
            try:
                out.append((path or catalogue).stat().st_size * (8 if path is None else 1))
            except OSError:
                out.append(0)
        return out

    def share(chosen: list[Path | None]) -> list[Catalogue | _Scan]:
        return [
            _catalogue(root, catalogue, catalogue_rel, None)
            if path is None
            else _scan(path, relative_path(path.name))
            for path in chosen
        ]

    found = run_shares(share, tasks, sizes(), processes, name="sources")
    read = found[0]
    assert isinstance(read, Catalogue)
    return read, found[1:]  # type: ignore[return-value]  # every other task is an article's scan


def _article(entry: CatalogueEntry, rel: str, digest: str, text: str, prepared: Prepared) -> Article:
    return Article(
        id=entry.id,
        path=rel,
        text=text,
        digest=digest,
        outlet=entry.outlet,
        headline=entry.headline,
        headline_line=prepared.headline_line,
        published=entry.published,
        published_line=prepared.published_line,
        furniture=entry.furniture,
        location=entry.location,
        normalized=prepared.normalized,
        lines=LineIndex(text),
        captions=entry.captions,
    )


class _Deferred(Article):
    """An article whose text, normalised text and line index are fetched when first read: an incremental
    check reads a few articles' texts (those the changed items cite or are compared with), and decoding all
    10,000 of them from the cache was a fifth of it. Otherwise an :class:`Article` (equal to one with the same
    fields, pickled as one)."""

    __slots__ = ("_fetch",)

    _fetch: Callable[[], tuple[str, NormalizedText]]

    def _filled(self) -> None:
        text, normalized = self._fetch()
        _TEXT.__set__(self, text)
        _NORMALIZED.__set__(self, normalized)
        _LINE_INDEX.__set__(self, LineIndex(text))

    text = property(lambda self: _fetched(self, _TEXT), lambda self, value: _TEXT.__set__(self, value))
    normalized = property(
        lambda self: _fetched(self, _NORMALIZED), lambda self, value: _NORMALIZED.__set__(self, value)
    )
    lines = property(
        lambda self: _fetched(self, _LINE_INDEX), lambda self, value: _LINE_INDEX.__set__(self, value)
    )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Article):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in _COMPARED)

    __hash__ = Article.__hash__

    def __reduce__(self) -> tuple[Any, ...]:  # pickled (to a worker process) as the plain article it is
        return Article, tuple(getattr(self, f.name) for f in dataclasses.fields(Article))


_TEXT: Any = Article.__dict__["text"]
_NORMALIZED: Any = Article.__dict__["normalized"]
_LINE_INDEX: Any = Article.__dict__["lines"]
"""The slots of :class:`Article` that :class:`_Deferred` fills on first use."""
_COMPARED = tuple(f.name for f in dataclasses.fields(Article) if f.compare)


def _fetched(article: _Deferred, slot: Any) -> Any:
    try:
        return slot.__get__(article, Article)
    except AttributeError:  # not fetched yet
        article._filled()
        return slot.__get__(article, Article)


def _deferred(entry: CatalogueEntry, rel: str, path: Path, known: Known) -> Article:
    """The article ``known`` remembers, its text fetched on first use (read from ``path`` again, and normalised,
    if the memo lost it)."""

    def fetch() -> tuple[str, NormalizedText]:
        found = known.body()
        if found is not None:
            return found
        try:
            text = read_file(path, rel)[1]
        except ReadError:  # gone since its stat was taken: as a check a moment later would find, no text
            text = ""
        return text, normalize_with_map(text)

    article = object.__new__(_Deferred)
    values = (entry.id, rel, known.digest, entry.outlet, entry.headline, known.headline_line, entry.published,
              known.published_line, entry.furniture, entry.location, entry.captions)  # fmt: skip
    for slot, value in zip(_EAGER, values, strict=True):
        slot.__set__(article, value)
    _FETCH.__set__(article, fetch)
    return article


_EAGER: tuple[Any, ...] = tuple(
    Article.__dict__[name]
    for name in ("id", "path", "digest", "outlet", "headline", "headline_line", "published", "published_line",
                 "furniture", "location", "captions")
)  # fmt: skip
"""The slots of :class:`Article` that :func:`_deferred` sets at once (all but :data:`_TEXT` and the two made
from it)."""
_FETCH: Any = _Deferred.__dict__["_fetch"]


def _prepare(
    entry: CatalogueEntry,
    rel: str,
    text: str,
    scanned: tuple[list[Diagnostic], NormalizedText] | None = None,
) -> Prepared:
    """``scanned``: the article's hidden-character problems and normalised text, if found already."""
    diagnostics = article_problems(text, rel) if scanned is None else list(scanned[0])
    line_texts = text.split("\n")
    line_count = len(line_texts)  # what LineIndex(text).line_count gives, without indexing the text twice
    ranges: list[tuple[str, Furniture | Caption]] = [("furniture", f) for f in entry.furniture]
    ranges += [("caption", c) for c in entry.captions]
    for kind, r in ranges:
        if r.lines.last > line_count:
            diagnostics.append(
                diag(
                    CATALOGUE_MISMATCH,
                    r.location,
                    f"{kind} lines {r.lines.first}-{r.lines.last} run past the end of "
                    f"{rel} ({line_count} lines)",
                )
            )
    for c in entry.captions:  # a line is either a caption (citable) or furniture (not): never both
        clash = next(
            (f for f in entry.furniture if f.lines.first <= c.lines.last and c.lines.first <= f.lines.last),
            None,
        )
        if clash is not None:
            diagnostics.append(
                diag(
                    CATALOGUE_MISMATCH,
                    c.location,
                    f'caption {_lines(c.lines)} of {rel} is also listed as furniture ("{clash.what}", '
                    f"catalogue line {clash.location.line}); a line is a caption or furniture, not both",
                )
            )
    headline_line = None
    if entry.headline_line is not None:
        number, loc = entry.headline_line
        if number > line_count or normalize(line_texts[number - 1]) != normalize(entry.headline):
            shown = line_texts[number - 1].strip() if number <= line_count else "(past the end)"
            diagnostics.append(
                diag(
                    CATALOGUE_MISMATCH,
                    loc,
                    f"headline is not line {number} of {rel}, which reads {shown!r}: copy the line "
                    "verbatim, or drop headline_line if the text has no headline",
                )
            )
        else:
            headline_line = number
    published_line = None
    if entry.published_line is not None:
        number, loc = entry.published_line
        if entry.published is None:
            diagnostics.append(diag(CATALOGUE_MISMATCH, loc, "published_line given without published"))
        elif number > line_count or not _states_date(line_texts[number - 1], entry.published):
            shown = line_texts[number - 1].strip() if number <= line_count else "(past the end)"
            diagnostics.append(
                diag(
                    CATALOGUE_MISMATCH,
                    loc,
                    f"line {number} of {rel} ({shown!r}) does not state {entry.published.isoformat()}",
                )
            )
        else:
            published_line = number
    normalized = normalize_with_map(text) if scanned is None else scanned[1]
    return Prepared(normalized, headline_line, published_line, tuple(diagnostics))


def _lines(r: LineRange) -> str:
    return f"line {r.first}" if r.first == r.last else f"lines {r.first}-{r.last}"


def _states_date(line: str, date: dt.date) -> bool:
    """Whether a line writes ``date`` in one of the usual ways (July 3, 2017 / 3 July 2017 / 2017-07-03 ...)."""
    month, short = date.strftime("%B"), date.strftime("%b")
    forms = [date.isoformat(), date.strftime("%d/%m/%Y"), date.strftime("%m/%d/%Y")]
    for m in (month, short, short + "."):
        forms += [
            f"{m} {date.day}, {date.year}",
            f"{date.day} {m} {date.year}",
            f"{m} {date.day} {date.year}",
        ]
    flat = normalize(line).casefold()
    return any(form.casefold() in flat for form in forms)


def _read_catalogue(
    root: Path, path: Path, rel: str, diagnostics: list[Diagnostic], text: str | None = None
) -> tuple[dict[str, CatalogueEntry] | None, list[Variant]]:
    """The entries and variants of the catalogue (its ``text`` if read already); ``None`` entries when it is
    missing, unreadable or empty."""
    # Only nothing at all is "not found": a link loop, a folder or a dangling link is refused when read.
    if not (path.exists() or path.is_symlink()):
        diagnostics.append(
            diag(
                FILE_UNREADABLE,
                Location(rel, 1, 1),
                "source catalogue not found: create it with an entry (id, outlet, headline) per article",
            )
        )
        return None, []
    try:
        top = compose(read_text(path, rel) if text is None else text, rel)
    except ReadError as exc:
        diagnostics.append(exc.diagnostic)
        return None, []
    diagnostics.extend(value_problems(top, rel))
    reader = NodeReader(rel)
    entries: dict[str, CatalogueEntry] = {}
    variants: list[Variant] = []
    if top is None or nodes.mapping(reader, top, "the catalogue") is None:
        if top is None:
            diagnostics.append(
                diag(
                    MISSING_FIELD,
                    Location(rel, 1, 1),
                    "the catalogue is empty: it needs an `articles:` list",
                )
            )
        diagnostics.extend(reader.diagnostics)
        return None, []
    assert isinstance(top, yaml.MappingNode)
    seen_articles = False
    for field in reader.entries(top):
        if field.key == "articles":
            seen_articles = True
            for item in nodes.sequence(reader, field.value, "articles") or []:
                entry = _read_entry(reader, item)
                if entry is None:
                    continue
                if entry.id in entries:
                    first = entries[entry.id].location.line
                    reader.error(
                        item,
                        DUPLICATE_ID,
                        f"article {entry.id!r} is catalogued twice (first on line {first})",
                    )
                    continue
                entries[entry.id] = entry
        elif field.key == "variants":
            for item in nodes.sequence(reader, field.value, "variants") or []:
                variant = _read_variant(reader, item)
                if variant is not None:
                    variants.append(variant)
        else:
            reader.error(
                field.key_node,
                UNKNOWN_FIELD,
                f"unknown catalogue field {field.key!r}; expected articles, variants",
            )
    if not seen_articles:
        reader.error(top, MISSING_FIELD, "the catalogue has no `articles:` list")
    diagnostics.extend(reader.diagnostics)
    return entries, variants


def _read_entry(reader: NodeReader, node: yaml.Node) -> CatalogueEntry | None:
    m = nodes.mapping(reader, node, "a catalogue entry")
    if m is None:
        return None
    errors = len(reader.diagnostics)
    values: dict[str, object] = {}
    for field in reader.entries(m):
        key, value = field.key, field.value
        loc = location(reader.rel, value)
        if key == "id":
            values[key] = nodes.text(reader, value, "id")
            if values[key] is not None and not _ID.fullmatch(str(values[key])):
                reader.error(value, INVALID_VALUE, "id must be the article's file name without .txt")
        elif key in ("outlet", "headline"):
            values[key] = nodes.text(reader, value, key)
        elif key in ("headline_line", "published_line"):
            number = nodes.integer(reader, value, key)
            values[key] = None if number is None else (number, loc)
        elif key == "published":
            if isinstance(value, yaml.ScalarNode) and value.tag == NULL_TAG:
                values[key] = None
            else:
                values[key] = nodes.date(reader, value, "published")
        elif key == "furniture":
            values[key] = _read_ranges(reader, value, "furniture")
        elif key == "captions":
            ranges = _read_ranges(reader, value, "captions") or ()
            values[key] = tuple(Caption(r.lines, r.what, r.location) for r in ranges)
        else:
            hint = ", ".join(ARTICLE_FIELDS)
            reader.error(
                field.key_node, UNKNOWN_FIELD, f"unknown catalogue field {key!r}; expected one of {hint}"
            )
    for key in _REQUIRED:
        if key not in values:
            reader.error(node, MISSING_FIELD, f"catalogue entry is missing {key!r}")
    if len(reader.diagnostics) > errors:
        return None
    return CatalogueEntry(
        id=str(values["id"]),
        outlet=str(values["outlet"]),
        headline=str(values["headline"]),
        headline_line=values.get("headline_line"),  # type: ignore[arg-type]
        published=values.get("published"),  # type: ignore[arg-type]
        published_line=values.get("published_line"),  # type: ignore[arg-type]
        furniture=values.get("furniture") or (),  # type: ignore[arg-type]
        location=location(reader.rel, node),
        captions=values.get("captions") or (),  # type: ignore[arg-type]
    )


def _read_ranges(reader: NodeReader, node: yaml.Node, field_name: str) -> tuple[Furniture, ...] | None:
    """A ``furniture:`` or ``captions:`` list (the same shape); captions are converted by the caller."""
    kind = "furniture" if field_name == "furniture" else "caption"
    out = []
    for item in nodes.sequence(reader, node, field_name) or []:
        m = nodes.mapping(reader, item, f"a {kind} range")
        if m is None:
            continue
        lines: LineRange | None = None
        has_lines = False
        what = ""
        for field in reader.entries(m):
            if field.key == "lines":
                has_lines = True
                raw = nodes.text(reader, field.value, "lines")
                match = _LINES.fullmatch(raw or "")
                if raw is not None and match is None:
                    reader.error(field.value, WRONG_TYPE, f"lines must be N or N-M, not {raw!r}")
                elif match is not None:
                    first = nodes.whole(match.group(1))
                    last = nodes.whole(match.group(2)) if match.group(2) else first
                    if first is None or last is None:  # more digits than int() reads: no article is this long
                        shown = match.string if len(match.string) <= 40 else match.string[:37] + "..."
                        reader.error(field.value, WRONG_TYPE, f"lines {shown!r}: a line number of more than "
                                     f"{nodes.MAX_DIGITS} digits")  # fmt: skip
                    elif first < 1 or last < first:
                        reader.error(field.value, WRONG_TYPE, f"lines {raw!r} is not a range of lines from 1")
                    else:
                        lines = LineRange(first, last)
            elif field.key == "what":
                what = nodes.text(reader, field.value, "what") or ""
            else:
                reader.error(
                    field.key_node,
                    UNKNOWN_FIELD,
                    f"unknown {kind} field {field.key!r}; expected lines, what",
                )
        if not has_lines:
            reader.error(item, MISSING_FIELD, f"a {kind} range needs `lines` (N or N-M)")
        if lines is None:
            continue
        out.append(Furniture(lines, what, location(reader.rel, item)))
    return tuple(out)


def _read_variant(reader: NodeReader, node: yaml.Node) -> Variant | None:
    m = nodes.mapping(reader, node, "a variant")
    if m is None:
        return None
    preferred: str | None = None
    also: list[str] = []
    note = ""
    for field in reader.entries(m):
        if field.key == "preferred":
            preferred = nodes.text(reader, field.value, "preferred")
        elif field.key == "also":
            also = [v for v, _ in nodes.text_list(reader, field.value, "also") or []]
        elif field.key == "note":
            note = nodes.text(reader, field.value, "note") or ""
        else:
            reader.error(
                field.key_node,
                UNKNOWN_FIELD,
                f"unknown variant field {field.key!r}; expected preferred, also, note",
            )
    if preferred is None or not also:
        reader.error(node, MISSING_FIELD, "a variant needs `preferred` and a non-empty `also` list")
        return None
    return Variant(preferred, tuple(also), note, location(reader.rel, node))
