"""Reviewing drafts: accept (into the bank, approved), edit, reject (remembered), skip.

Drafts wait in ``question_bank/drafts/*.yaml``. Every change is a surgical text edit, so files stay tidy and
diff well: an accepted item's YAML text is cut from its drafts file and appended to a bank file as written,
then :func:`quizgen.approve.approve` records the review in its ``review`` value only. A rejected draft is cut
and its id appended to ``question_bank/drafts/rejected.txt``, which ``quizgen draft`` reads so the same draft
is never proposed again. Every file is written atomically; if approving fails (the item fails a check) the
bank file is restored and the draft stays where it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizgen.draft.drafts import DRAFTS_DIR, REJECTED_FILE
from quizgen.errors import QuizgenError
from quizgen.fileio import write_atomic
from quizgen.load.yamlfile import ReadError, compose, read_text


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
        top = compose(text, rel)
    except ReadError as exc:
        raise QuizgenError(f"{path}: cannot read the drafts file", [exc.diagnostic]) from None
    if top is None:
        return text, []
    if not isinstance(top, yaml.SequenceNode):
        raise QuizgenError(f"{path}:1:1: a drafts file is a list of items")
    line_starts = [0]
    for i, c in enumerate(text):
        if c == "\n":
            line_starts.append(i + 1)
    spans: list[tuple[str, int, dict[str, object]]] = []
    for node in top.value:
        if not isinstance(node, yaml.MappingNode):
            continue
        qid = next(
            (v.value for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"),
            None,
        )
        if not isinstance(qid, str):
            continue
        start = line_starts[node.start_mark.line]
        spans.append((qid, start, {}))
    out = []
    data = yaml.safe_load(text) or []
    by_id = {d.get("id"): d for d in data if isinstance(d, dict)}
    for i, (qid, start, _) in enumerate(spans):
        end = spans[i + 1][1] if i + 1 < len(spans) else len(text)
        out.append((qid, start, end, by_id.get(qid, {})))
    return text, out


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
    for d in pending(root):
        if d.id == qid:
            return d
    raise QuizgenError(f"no draft {qid!r} in {DRAFTS_DIR}/ (quizgen review lists them)")


def _cut(path: Path, qid: str) -> None:
    """Remove one item from a drafts file (the file goes when it holds no item any more)."""
    text, items = _items(path)
    for i, (item_id, start, end, _) in enumerate(items):
        if item_id == qid:
            rest = text[:start] + text[end:]
            if i + 1 == len(items):
                rest = rest.rstrip("\n") + "\n"  # the cut item ended the file: drop the blank line before it
            if not [x for x in items if x[0] != qid]:
                path.unlink()
            else:
                write_atomic(path, rest)
            return


def _as_bank_item(chunk: str, column: int) -> str:
    """The item's text shifted to the bank file's item column, ending in one newline."""
    body = chunk.rstrip("\n") + "\n"
    if column <= 0:
        return body
    pad = " " * column
    return "".join(pad + line if line.strip() else line for line in body.splitlines(keepends=True))


def _item_column(path: Path) -> int:
    if not path.is_file():
        return 0
    text = path.read_text("utf-8")
    top = compose(text, str(path))
    if isinstance(top, yaml.SequenceNode) and top.value:
        return max(0, int(top.value[0].start_mark.column) - 2)
    return 0


def default_bank_file(root: Path, draft: PendingDraft) -> Path:
    """Where an accepted draft goes unless told: ``question_bank/<drafts file name>``."""
    return root / "question_bank" / draft.path.name


def accept(
    root: Path | str, ids: Sequence[str], *, by: str, on: dt.date | None = None, into: Path | None = None
) -> list[tuple[str, Path]]:
    """Move drafts into the bank, approved by ``by`` on ``on``; returns (id, bank file) per item.

    Raises :class:`QuizgenError` when an id is not a waiting draft, is already a bank id, or an item fails its
    checks; the files are then as they were.
    """
    from quizgen.approve import approve
    from quizgen.project import load_project

    root = Path(root)
    if not ids:
        return []
    if not by.strip():
        raise QuizgenError("--by must name the reviewer")
    bank_ids = load_project(root).project.bank.ids
    moved: list[tuple[str, Path]] = []
    for qid in dict.fromkeys(ids):
        d = _find(root, qid)
        if qid in bank_ids:
            raise QuizgenError(f"{qid!r} is already a bank id: edit the draft's id, then accept it")
        target = into if into is not None else default_bank_file(root, d)
        before = target.read_text("utf-8") if target.is_file() else None
        column = _item_column(target)
        head = (before.rstrip("\n") + "\n\n") if before and before.strip() else ""
        write_atomic(target, head + _as_bank_item(d.text, column))
        try:
            approve(root, [qid], by=by, on=on)
        except QuizgenError:
            if before is None:
                target.unlink()
            else:
                write_atomic(target, before)
            raise
        _cut(d.path, qid)
        moved.append((qid, target))
    return moved


def reject(root: Path | str, ids: Sequence[str], *, by: str = "", on: dt.date | None = None) -> list[str]:
    """Drop drafts and remember their ids in ``rejected.txt`` so they are not proposed again."""
    root = Path(root)
    on = on or dt.date.today()
    done = []
    for qid in dict.fromkeys(ids):
        d = _find(root, qid)
        path = root / REJECTED_FILE
        before = path.read_text("utf-8") if path.is_file() else ""
        note = f"  # rejected{' by ' + by if by else ''} on {on.isoformat()}"
        sep = "" if not before or before.endswith("\n") else "\n"
        write_atomic(path, before + sep + qid + note + "\n")
        _cut(d.path, qid)
        done.append(qid)
    return done


def replace(draft: PendingDraft, new_text: str) -> PendingDraft:
    """Put an edited item text in place of the draft's (it must still be one item)."""
    try:
        data = yaml.safe_load(new_text)
    except yaml.YAMLError as exc:
        raise QuizgenError(f"the edited draft is not YAML: {exc}") from None
    if not (isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict) and "id" in data[0]):
        raise QuizgenError("the edited draft must stay one item: a list of one mapping with an id")
    text, items = _items(draft.path)
    for item_id, start, end, _ in items:
        if item_id == draft.id:
            body = new_text.rstrip("\n") + "\n" + ("\n" if end < len(text) else "")
            write_atomic(draft.path, text[:start] + body + text[end:])
            return PendingDraft(str(data[0]["id"]), draft.path, body, data[0])
    raise QuizgenError(f"draft {draft.id!r} is no longer in {draft.path}")


def show(root: Path, draft: PendingDraft) -> str:
    """The draft as a reviewer sees it: question, answer, options, rule, and each evidence in its paragraph."""
    d = draft.data
    lines = [
        f"[{draft.id}]  {d.get('type')} / {d.get('topic')}  rule {d.get('rule')}  confidence {d.get('confidence')}"
    ]
    lines.append(f"Q: {d.get('prompt')}")
    if "answer" in d:
        lines.append(f"A: {d.get('answer')}")
    distractors = d.get("distractors")
    if isinstance(distractors, list):
        lines.append("   wrong: " + "; ".join(str(x) for x in distractors))
    for ev in d.get("evidence") or []:  # type: ignore[attr-defined]
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


def interactive(
    root: Path | str,
    *,
    by: str,
    on: dt.date | None = None,
    into: Path | None = None,
    ask: Callable[[str], str],
    say: Callable[[str], None],
    edit: Callable[[str], str],
) -> dict[str, int]:
    """Go through the waiting drafts one by one: [a]ccept, [e]dit, [r]eject, [s]kip or [q]uit.

    ``ask`` reads an answer, ``say`` prints, ``edit`` returns the edited text (``$EDITOR`` in the CLI).
    Returns how many were accepted, rejected and skipped.
    """
    root = Path(root)
    counts = {"accepted": 0, "rejected": 0, "skipped": 0}
    queue = pending(root)
    say(f"{len(queue)} drafts waiting\n")
    for draft in queue:
        while True:
            say(show(root, draft))
            choice = ask("[a]ccept, [e]dit, [r]eject, [s]kip, [q]uit? ").strip().lower()[:1]
            if choice == "a":
                try:
                    accept(root, [draft.id], by=by, on=on, into=into)
                except QuizgenError as exc:
                    say(
                        f"not accepted: {exc.message}\n"
                        + "".join(f"  {d.message} [{d.code}]\n" for d in exc.diagnostics)
                    )
                    continue
                counts["accepted"] += 1
                break
            if choice == "e":
                try:
                    draft = replace(draft, edit(draft.text))
                except QuizgenError as exc:
                    say(f"edit not kept: {exc.message}\n")
                continue
            if choice == "r":
                reject(root, [draft.id], by=by, on=on)
                counts["rejected"] += 1
                break
            if choice == "s":
                counts["skipped"] += 1
                break
            if choice == "q":
                return counts
            say("answer a, e, r, s or q\n")
    return counts
