"""Reviewing drafts: accept (into the bank, approved), edit, reject (remembered), skip.

Drafts wait in ``question_bank/drafts/*.yaml``. Every change is a surgical text edit, so files stay tidy and
diff well: an accepted item is cut from its drafts file and appended to a bank file in that file's style,
then :func:`quizgen.approve.approve` records the review in its ``review`` value only. A rejected draft is cut
and its id appended to ``question_bank/drafts/rejected.txt``, which ``quizgen draft`` reads so the same draft
is never proposed again. Every file is written atomically; if approving fails (the item fails a check) the
bank file is restored and the draft stays where it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import signal
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizgen.core.diagnostics import Diagnostic
from quizgen.core.errors import QuizgenError
from quizgen.core.fileio import finish_pending, project_lock, write_atomic, write_set
from quizgen.core.model import Project, Question, ReviewStatus
from quizgen.core.root import BANK_DIR
from quizgen.core.suggest import did_you_mean
from quizgen.draft.drafts import DRAFTS_DIR, REJECTED_FILE, Verbatim, rejected_text
from quizgen.load.yamlfile import ReadError, compose, printable, read_text


@dataclass(frozen=True, slots=True)
class PendingDraft:
    """A draft waiting for review, with its text in its drafts file."""

    id: str
    """The draft's id."""
    path: Path
    """Its drafts file."""
    text: str
    """The item's YAML text as written (from its ``- `` to the next item)."""
    data: dict[str, object]
    """The item, parsed."""


def _items(path: Path) -> tuple[str, list[tuple[str, int, int, dict[str, object]]]]:
    """The file's text and (id, start, end, data) of each item; start/end are character offsets of whole lines."""
    rel = str(path)
    try:
        text = read_text(path, rel)
        top = compose(text, rel, values=True)
    except ReadError as exc:
        raise QuizgenError(f"{printable(rel)}: cannot read the drafts file", [exc.diagnostic]) from None
    if top is None:
        return text, []
    if not isinstance(top, yaml.SequenceNode):
        raise QuizgenError(f"{path}:1:1: a drafts file is a list of items")
    line_starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            line_starts.append(i + 1)
    spans: list[tuple[str, int]] = []
    for node in top.value:
        if not isinstance(node, yaml.MappingNode):
            continue
        qid = next(
            (v.value for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"),
            None,
        )
        if not isinstance(qid, str):
            continue
        spans.append((qid, line_starts[node.start_mark.line]))
    by_id = {
        d["id"]: d for d in map(_value, top.value) if isinstance(d, dict) and isinstance(d.get("id"), str)
    }
    out = []
    for i, (qid, start) in enumerate(spans):
        end = spans[i + 1][1] if i + 1 < len(spans) else len(text)
        out.append((qid, start, end, by_id.get(qid, {})))
    return text, out


_UNMADE = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError)
"""What PyYAML raises on a value its tag cannot make (``!!float nanwhen``, ``!!int x``)."""


def _value(node: yaml.Node) -> object:
    """One item as ``yaml.safe_load`` makes it, from the nodes already composed (tagged as PyYAML's safe
    loader tags them). An item a tag cannot make is ``None`` (the others are kept): the loader reports it at
    its line, and that draft cannot be accepted until it is fixed."""
    try:
        return yaml.constructor.SafeConstructor().construct_document(node)
    except _UNMADE:
        return None


def pending(root: Path | str) -> list[PendingDraft]:
    """Every draft waiting in ``question_bank/drafts/*.yaml``, in file then file order."""
    folder = Path(root) / DRAFTS_DIR
    out = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        text, items = _items(path)
        for qid, start, end, data in items:
            out.append(PendingDraft(qid, path, text[start:end], data))
    return out


def _find(root: Path, qid: str) -> PendingDraft:
    waiting = pending(root)
    for d in waiting:
        if d.id == qid:
            return d
    hint = did_you_mean(qid, [d.id for d in waiting])
    raise QuizgenError(f"no draft {qid!r} in {DRAFTS_DIR}/{hint}; quizgen review lists them")


def _without(path: Path, qid: str) -> str | None:
    """The drafts file's text without the item ``qid`` (None: no item is left, the file goes)."""
    text, items = _items(path)
    for i, (item_id, start, end, _) in enumerate(items):
        if item_id == qid:
            rest = text[:start] + text[end:]
            if i + 1 == len(items):
                rest = rest.rstrip("\n") + "\n"  # the cut item ended the file: drop the blank line before it
            return rest if [x for x in items if x[0] != qid] else None
    return text


def _rel(root: Path, path: Path) -> str:
    """``path`` relative to the project root (as :func:`~quizgen.core.fileio.write_set` takes it)."""
    return os.path.relpath(path.resolve(), root.resolve())


_TIDY = ("question_bank", DRAFTS_DIR)
"""Where a killed accept or reject may have left temporary files (the bank and drafts folders)."""


def _recover(root: Path) -> None:
    """Finish an accept or reject that was killed while moving its files, and remove its leftovers."""
    with project_lock(root):  # another command's files being written are not leftovers
        finish_pending(root, tidy=_TIDY)


@dataclass(frozen=True, slots=True)
class FileStyle:
    """How a bank file writes its items, so an accepted item looks like its neighbours."""

    column: int
    """The column of each item's ``- ``."""
    newline: str
    """The line ending: LF, or CR LF."""
    flow_lists: bool
    """Whether short lists (options, tags) are written ``[a, b]``."""
    flow_mappings: bool
    """Whether ``review`` is written ``{status: ...}``."""


def file_style(text: str, rel: str) -> FileStyle:
    """The style of the bank file ``text``: that of its items, else the bank's own (flow lists and review)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    top = compose(text, rel) if text.strip() else None
    if not isinstance(top, yaml.SequenceNode) or not top.value:
        return FileStyle(0, newline, True, True)
    lists: list[bool] = []
    mappings: list[bool] = []
    for item in top.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        for key, value in item.value:
            if isinstance(value, yaml.SequenceNode) and key.value != "evidence" and value.value:
                lists.append(bool(value.flow_style))
            elif isinstance(value, yaml.MappingNode):
                mappings.append(bool(value.flow_style))
    column = max(0, int(top.value[0].start_mark.column) - 2)
    # One flow list in the file is enough: the bank writes options too long for a line in block style.
    return FileStyle(column, newline, any(lists) or not lists, mappings[0] if mappings else True)


_RESOLVER = yaml.resolver.Resolver()


def _resolve(value: str) -> str:
    """The tag YAML gives a plain scalar (int, float, bool, null, timestamp or str)."""
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag


def _plain(node: yaml.Node, top: bool) -> object:
    """A composed value as :func:`~quizgen.draft.drafts.item_text` writes it, keeping each text as written."""
    if isinstance(node, yaml.MappingNode):
        return {str(k.value): _plain(v, False) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v, False) for v in node.value]
    assert isinstance(node, yaml.ScalarNode)
    tag = _resolve(node.value) if node.style in (None, "") else ""
    if tag in ("", "tag:yaml.org,2002:str"):
        return str(node.value)
    if top:
        return Verbatim(node.value)  # a number or flag written as it was ("0.90" stays "0.90")
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return str(node.value)  # an option "2017" is the text "2017" either way
    return yaml.safe_load(node.value)  # a date or flag inside review: its YAML value


def _as_bank_item(draft: PendingDraft, style: FileStyle) -> str:
    """The draft in the bank file's style: its fields and texts as they are (edited or not), laid out like
    the file's items, at its column, with its line endings."""
    from quizgen.draft.drafts import item_text

    top = compose(draft.text, str(draft.path))
    assert isinstance(top, yaml.SequenceNode) and isinstance(top.value[0], yaml.MappingNode)
    data = {str(k.value): _plain(v, True) for k, v in top.value[0].value}
    body = item_text(data, flow_lists=style.flow_lists, flow_mappings=style.flow_mappings)
    pad = " " * style.column
    lines = [pad + line if line.strip() else line for line in body.splitlines()]
    return style.newline.join(lines) + style.newline


def default_bank_file(root: Path, draft: PendingDraft, project: Project | None = None) -> Path:
    """Where an accepted draft goes unless told: the bank file holding the most items that cite the draft's
    article (ties: the first in path order), else ``question_bank/<article id>.yaml``."""
    if project is None:
        from quizgen.load.project import load_project

        project = load_project(root).project
    evidence = draft.data.get("evidence")
    sources = (
        [str(e.get("source")) for e in evidence if isinstance(e, dict)] if isinstance(evidence, list) else []
    )
    if not sources:
        return root / "question_bank" / draft.path.name
    source = sources[0]
    counts: dict[str, int] = {}
    for q in project.bank.questions:
        if any(e.source == source for e in q.evidence):
            counts[q.path] = counts.get(q.path, 0) + 1
    if not counts:
        return root / "question_bank" / f"{source}.yaml"
    best = max(sorted(counts), key=lambda path: counts[path])  # max keeps the first of equals
    return root / best


def _left_by_cut_short_accept(root: Path, project: Project, draft: PendingDraft) -> Question | None:
    """The bank item an accept of ``draft`` wrote before it was cut short (by a version of quizgen that wrote
    the bank file, the approval and the drafts file one after the other), if that is what the bank holds: the
    same id and the same fields as the draft, the review aside."""
    found = [q for q in project.bank.questions if q.id == draft.id]
    if len(found) != 1:
        return None
    item = found[0]
    data = yaml.safe_load((root / item.path).read_text("utf-8")) or []
    same = [x for x in data if isinstance(x, dict) and x.get("id") == draft.id]
    mine = {k: v for k, v in draft.data.items() if k != "review"}
    if len(same) == 1 and {k: v for k, v in same[0].items() if k != "review"} == mine:
        return item
    return None


@dataclass(frozen=True, slots=True)
class Accepted:
    """One draft accepted."""

    id: str
    """Its id in the bank."""
    path: Path
    """The bank file it went to."""
    draft: str
    """Its id as a draft (another when the accept gave it a readable one, :func:`readable_id`)."""


def locked_ids(root: Path) -> set[str] | None:
    """Every id in a deck's lock file (``decks/*.lock.json``): ids that were built, and so are the GUID of a
    note in someone's collection. None when a lock file cannot be read (then no id may be changed)."""
    out: set[str] = set()
    folder = root / "decks"
    for path in sorted(folder.glob("*.lock.json")) if folder.is_dir() else ():
        try:
            notes = json.loads(path.read_text("utf-8")).get("notes")
        except (OSError, ValueError, AttributeError):
            return None
        if not isinstance(notes, dict):
            return None
        out.update(str(k) for k in notes)
    return out


def readable_id(draft: PendingDraft, taken: Collection[str], locked: Collection[str] | None) -> str:
    """The id ``draft`` gets in the bank: its draft id without what only kept draft ids apart, when the draft
    still has the id ``quizgen draft`` gave it (the old ``draft-`` prefix; an article's short id, which
    ``draft`` adds only when another article's item has the same words) and the shorter id is free.

    The id becomes the Anki GUID at the first build, so this is the last moment it may change: an id already
    in a lock file (built once) is never changed, and no id is changed into one that is taken (in the bank,
    another draft, or a lock file: a retired note keeps its GUID). An id the reviewer wrote stays as it is.
    """
    from quizgen.draft.drafts import OLD_PREFIX, short_id

    if locked is None or draft.id in locked:
        return draft.id
    evidence = draft.data.get("evidence")
    sources = (
        [str(e.get("source")) for e in evidence if isinstance(e, dict)] if isinstance(evidence, list) else []
    )
    plain = draft.id.removeprefix(OLD_PREFIX)
    candidates = [plain]
    for source in dict.fromkeys(sources):
        if plain.endswith("-" + short_id(source)):
            candidates.insert(0, plain.removesuffix("-" + short_id(source)))
    for candidate in candidates:
        if candidate == draft.id:
            break
        if candidate and candidate not in taken and candidate not in locked:
            return candidate
    return draft.id


def _renamed(draft: PendingDraft, qid: str) -> PendingDraft:
    """``draft`` under the id ``qid`` (its text's ``id`` value replaced, nothing else)."""
    if qid == draft.id:
        return draft
    top = compose(draft.text, str(draft.path))
    assert isinstance(top, yaml.SequenceNode) and isinstance(top.value[0], yaml.MappingNode)
    node = next(v for k, v in top.value[0].value if isinstance(k, yaml.ScalarNode) and k.value == "id")
    start, end = node.start_mark.index, node.end_mark.index
    text = draft.text[:start] + qid + draft.text[end:]
    return PendingDraft(qid, draft.path, text, {**draft.data, "id": qid})


def accept(
    root: Path | str,
    ids: Sequence[str],
    *,
    by: str,
    on: dt.date | None = None,
    into: Path | None = None,
    rename: bool = True,
) -> list[Accepted]:
    """Move drafts into the bank, approved by ``by`` on ``on``, under a readable id unless ``rename`` is
    false (:func:`readable_id`).

    Each accept is one set of files written together (:func:`~quizgen.core.fileio.write_set`): the bank file
    with the item appended and approved, and the drafts file without it; killed at any moment, the item is
    in exactly one of them, and the next review (or build) finishes the set or finds nothing begun.

    Raises :class:`QuizgenError` when an id is not a waiting draft, is already a bank id, or an item fails its
    checks; the files are then as they were. A draft whose item is already in the bank with the same fields
    (an accept of an older quizgen cut short between its writes) is finished: approved if need be, then cut.
    """
    with project_lock(root):
        return _accept(Path(root), ids, by=by, on=on, into=into, rename=rename)


def _accept(
    root: Path, ids: Sequence[str], *, by: str, on: dt.date | None, into: Path | None, rename: bool
) -> list[Accepted]:
    from quizgen.load.project import load_project
    from quizgen.review.approve import approve, review_fields, reviewer, rewrite_reviews, vouch

    if not ids:
        return []
    by = reviewer(by)
    on = on or dt.date.today()
    if into is not None:
        _bank_file(root, into)
    _recover(root)
    moved: list[Accepted] = []
    for qid in dict.fromkeys(ids):
        loaded = load_project(root, include_drafts=True)
        d = _find(root, qid)
        drafts_rel = _rel(root, d.path)
        in_bank = [q for q in loaded.project.bank.questions if not _is_draft(q.path)]
        bank = dataclasses.replace(
            loaded.project.bank,
            questions=tuple(in_bank),
            ids=frozenset(q.id for q in in_bank),
        )
        project = dataclasses.replace(loaded.project, bank=bank)
        if qid in bank.ids:
            left = _left_by_cut_short_accept(root, project, d)
            if left is None:
                raise QuizgenError(f"{qid!r} is already a bank id: edit the draft's id, then accept it")
            # An older accept stopped (the machine went down) after the item reached the bank: finish it.
            if left.review.status is not ReviewStatus.APPROVED:
                approve(root, [qid], by=by, on=on)
            write_set(root, [(drafts_rel, _encoded(_without(d.path, qid)))], tidy=_TIDY)
            moved.append(Accepted(qid, root / left.path, qid))
            continue
        waiting = {p.id for p in pending(root)} - {qid}
        new_id = readable_id(d, bank.ids | waiting, locked_ids(root)) if rename else qid
        d_in_bank = _renamed(d, new_id)
        target = into if into is not None else default_bank_file(root, d, project)
        target_rel = _rel(root, target)
        raw = target.read_bytes() if target.is_file() else None
        before = raw.decode("utf-8") if raw is not None else ""
        bom = "\ufeff" if before.startswith("\ufeff") else ""
        style = file_style(before.removeprefix("\ufeff"), str(target))
        nl = style.newline
        # The file's bytes stay as they are; the item goes after them, one blank line apart.
        head = before.removeprefix("\ufeff")
        if head.strip():
            head += "" if head.endswith(nl) else nl
            head += "" if head.endswith(nl + nl) else nl
        text = head + _as_bank_item(d_in_bank, style)
        # Checked and hashed as the bank will hold it: the bank's items and this one (no other draft).
        item = next((q for q in loaded.project.bank.questions if q.id == qid and _is_draft(q.path)), None)
        if item is None:  # the loader could not make an item of it: its diagnostics say why and where
            raise QuizgenError(
                f"draft {qid!r} is not a valid item: fix what is reported in {drafts_rel}, then accept it",
                [x for x in loaded.diagnostics if x.location.path == drafts_rel],
            )
        candidate = dataclasses.replace(item, id=new_id)
        with_item = dataclasses.replace(
            project,
            bank=dataclasses.replace(bank, questions=(*bank.questions, candidate), ids=bank.ids | {new_id}),
        )
        digests, _ = vouch(with_item, _about(loaded.diagnostics, d.path, root), [new_id])
        approved = rewrite_reviews(text, target_rel, {new_id: review_fields(by, on, digests[new_id])})
        _same_item(approved, d_in_bank)
        write_set(
            root,
            [(target_rel, (bom + approved).encode("utf-8")), (drafts_rel, _encoded(_without(d.path, qid)))],
            tidy=_TIDY,
        )
        moved.append(Accepted(new_id, target, qid))
    return moved


def _bank_file(root: Path, into: Path) -> None:
    """Refuse an ``--into`` that is not a bank file: the item, cut from its drafts file, would be written where
    the bank is not read (outside ``question_bank/``, or into a drafts file) and so be lost to it; and the
    rename that writes it would replace whatever is there, a device (``/dev/null``), a FIFO or a link's
    target outside the project, as a regular file. (A folder is refused by :func:`write_set`, naming it.)"""
    shown = printable(str(into))
    if into.is_dir() and not into.is_symlink():
        return
    if into.is_symlink() or (into.exists() and not into.is_file()):
        raise QuizgenError(
            f"--into {shown} is not a regular file (a link, a FIFO or a device): name a bank file, "
            f"{BANK_DIR}/NAME.yaml; nothing was done"
        )
    if into.suffix != ".yaml" or into.parent.resolve() != (root / BANK_DIR).resolve():
        raise QuizgenError(
            f"--into {shown} is not a bank file: accepted items go into {BANK_DIR}/NAME.yaml of the project "
            f"({(root / BANK_DIR).resolve()}), the only files the bank is read from; nothing was done"
        )


def _is_draft(rel: str) -> bool:
    return Path(rel).parent.as_posix() == DRAFTS_DIR


def _about(diagnostics: list[Diagnostic], path: Path, root: Path) -> list[Diagnostic]:
    """The loader's diagnostics on the bank and on the draft's own file (not on the other drafts files)."""
    own = _rel(root, path)
    return [d for d in diagnostics if not _is_draft(d.location.path) or d.location.path == own]


def _encoded(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8")


def _same_item(bank_text: str, draft: PendingDraft) -> None:
    """Refuse to write when the item as the bank file will hold it reads back other than the draft (the
    review hash vouches for the draft's fields)."""
    data = yaml.safe_load(bank_text.removeprefix("\ufeff")) or []
    mine = [x for x in data if isinstance(x, dict) and x.get("id") == draft.id]
    want = {k: v for k, v in draft.data.items() if k != "review"}
    if len(mine) != 1 or {k: v for k, v in mine[0].items() if k != "review"} != want:
        raise QuizgenError(f"{draft.id!r}: the item would not read back as written; nothing written")


def reject(root: Path | str, ids: Sequence[str], *, by: str = "", on: dt.date | None = None) -> list[str]:
    """Drop drafts and remember their ids in ``rejected.txt`` so they are not proposed again."""
    with project_lock(root):
        return _reject(Path(root), ids, by=by, on=on)


def _reject(root: Path, ids: Sequence[str], *, by: str, on: dt.date | None) -> list[str]:
    on = on or dt.date.today()
    _recover(root)
    done = []
    for qid in dict.fromkeys(ids):
        d = _find(root, qid)
        before = rejected_text(root)
        sources = _sources(d)
        note = f"  # rejected{' by ' + by if by else ''} on {on.isoformat()}"
        note += f", article {sources[0]}" if sources else ""  # so draft tells it from another article's
        sep = "" if not before or before.endswith("\n") else "\n"
        write_set(
            root,
            [
                (REJECTED_FILE, (before + sep + qid + note + "\n").encode("utf-8")),
                (_rel(root, d.path), _encoded(_without(d.path, qid))),
            ],
            tidy=_TIDY,
        )
        done.append(qid)
    return done


def _sources(d: PendingDraft) -> list[str]:
    evidence = d.data.get("evidence")
    found = (
        [str(e.get("source")) for e in evidence if isinstance(e, dict)] if isinstance(evidence, list) else []
    )
    return list(dict.fromkeys(found))


def replace(draft: PendingDraft, new_text: str) -> PendingDraft:
    """Put an edited item text in place of the draft's (it must still be one item)."""
    # Read as the loader reads the drafts file it goes into: an alias, a tag or nesting it refuses would be
    # written, then stop every later review of the file; a value its tag cannot make, or nesting too deep for
    # PyYAML, stopped the review with an internal error and lost the edit.
    try:
        top = compose(new_text, "the edited draft", values=True)
        data = None if top is None else yaml.constructor.SafeConstructor().construct_document(top)
    except ReadError as exc:
        where = exc.diagnostic.location
        raise QuizgenError(
            f"the edited draft is not YAML the bank reads (line {where.line}, column {where.column}): "
            f"{exc.diagnostic.message}"
        ) from None
    except _UNMADE as exc:
        raise QuizgenError(f"the edited draft holds a value its tag cannot make: {exc}") from None
    if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict) and "id" in data[0]):
        raise QuizgenError("the edited draft must stay one item: a list of one mapping with an id")
    text, items = _items(draft.path)
    for item_id, start, end, _ in items:
        if item_id == draft.id:
            body = new_text.rstrip("\n") + "\n" + ("\n" if end < len(text) else "")
            write_atomic(draft.path, text[:start] + body + text[end:])
            return PendingDraft(str(data[0]["id"]), draft.path, body, data[0])
    raise QuizgenError(f"draft {draft.id!r} is no longer in {draft.path}")


def show(root: Path, draft: PendingDraft, *, offer: bool = False) -> str:
    """The draft as a reviewer sees it: question, answer, options, rule, and each evidence in its paragraph;
    ``offer``: also the readable id accepting it gives (:func:`readable_id`; [e]dit the id to choose another)."""
    d = draft.data
    if not d:  # a value its tag cannot make (``!!float nanwhen``): show it as written
        return f"[{draft.id}]  cannot be read as an item (quizgen check --drafts says why):\n{draft.text}"
    lines = [
        f"[{draft.id}]  {d.get('type')} / {d.get('topic')}  rule {d.get('rule')}  confidence {d.get('confidence')}"
    ]
    if offer:
        from quizgen.load.project import load_project

        taken = load_project(root).project.bank.ids | {p.id for p in pending(root) if p.id != draft.id}
        new_id = readable_id(draft, taken, locked_ids(root))
        if new_id != draft.id:
            lines.append(f"   accepting names it {new_id} (its Anki id); [e]dit the id to choose another")
    lines.append(f"Q: {d.get('prompt')}")
    if "answer" in d:
        lines.append(f"A: {d.get('answer')}")
    distractors = d.get("distractors")
    if isinstance(distractors, list):
        lines.append("   wrong: " + "; ".join(str(x) for x in distractors))
    evidence = d.get("evidence")
    for ev in evidence if isinstance(evidence, list) else []:
        if not isinstance(ev, dict):
            continue
        source, quote = str(ev.get("source")), str(ev.get("quote"))
        lines.append(f"-- {source}:")
        lines.append("   " + _in_context(root, source, quote))
    return "\n".join(lines) + "\n"


def _in_context(root: Path, source: str, quote: str) -> str:
    path = root / "seeds" / f"{source}.txt"
    try:
        article = path.read_text("utf-8")
    except OSError:
        return f">>{quote}<<"
    flat = " ".join(article.split())
    at = flat.find(" ".join(quote.split()))
    if at < 0:
        return f">>{quote}<< (not found verbatim: quizgen check will say why)"
    end = at + len(" ".join(quote.split()))
    start = max(0, at - 200)
    return (
        ("..." if start else "") + flat[start:at] + ">>" + flat[at:end] + "<<" + flat[end : end + 200] + "..."
    )


def _shown(root: Path, path: Path) -> str:
    """``path`` relative to the project when it is inside it."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


class ReviewInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`interactive` (still a ``KeyboardInterrupt``), with the counts of the decisions
    taken before it, every one of them written."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__("interrupted")
        self.counts = counts


@contextmanager
def whole_decision() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, then raise it: a decision touches up to three files (bank file,
    approval, drafts file) and is written whole or not begun, never half."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if held:
        raise KeyboardInterrupt


def interactive(
    root: Path | str,
    *,
    by: str,
    on: dt.date | None = None,
    into: Path | None = None,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    edit: Callable[[str], str],
    rename: bool = True,
) -> dict[str, int]:
    """Go through the waiting drafts one by one: [a]ccept, [e]dit, [r]eject, [s]kip or [q]uit.

    ``ask`` reads an answer, ``say`` prints, ``edit`` returns the edited text (``$EDITOR`` in the CLI).
    Returns how many were accepted, rejected and skipped.
    """
    root = Path(root)
    counts = {"accepted": 0, "rejected": 0, "skipped": 0}
    _recover(root)
    try:
        _review_queue(root, counts, by=by, on=on, into=into, ask=ask, say=say, edit=edit, rename=rename)
    except KeyboardInterrupt:
        raise ReviewInterrupted(counts) from None
    return counts


def _review_queue(
    root: Path,
    counts: dict[str, int],
    *,
    by: str,
    on: dt.date | None,
    into: Path | None,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    edit: Callable[[str], str],
    rename: bool,
) -> None:
    queue = pending(root)
    say(f"{len(queue)} drafts waiting\n")
    for draft in queue:
        unkept: str | None = None  # an edit that could not be kept: [e] reopens it rather than losing it
        while True:
            say(show(root, draft, offer=rename))
            choice = ask("[a]ccept, [e]dit, [r]eject, [s]kip, [q]uit? ").strip().lower()[:1]
            if choice == "a":
                with whole_decision():
                    try:
                        (done,) = accept(root, [draft.id], by=by, on=on, into=into, rename=rename)
                    except QuizgenError as exc:
                        say(
                            f"not accepted: {exc.message}\n"
                            + "".join(f"  {d.location}: {d.message} [{d.code}]\n" for d in exc.diagnostics)
                        )
                        continue
                    counts["accepted"] += 1
                renamed = f" as {done.id}" if done.id != done.draft else ""
                say(f"accepted{renamed} into {_shown(root, done.path)}\n")
                break
            if choice == "e":
                new_text = edit(unkept if unkept is not None else draft.text)
                with whole_decision(), project_lock(root):
                    try:
                        draft = replace(draft, new_text)
                        unkept = None
                    except QuizgenError as exc:
                        unkept = new_text
                        say(f"edit not kept: {exc.message}\n[e] reopens your edit to fix it\n")
                continue
            if choice == "r":
                with whole_decision():
                    reject(root, [draft.id], by=by, on=on)
                    counts["rejected"] += 1
                say(f"rejected: not proposed again ({REJECTED_FILE})\n")
                break
            if choice == "s":
                counts["skipped"] += 1
                break
            if choice == "q":
                return
            say("answer a, e, r, s or q\n")
