"""``quizgen approve``: record a review in the bank, so nobody computes hashes by hand.

The edit is surgical: only the ``review`` value of each approved item is rewritten (in the style it was
written in, flow ``{...}`` or block), so comments, order and formatting of everything else stay byte for
byte. Files are written atomically. An item that fails its checks is refused, and then nothing is written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizgen import checks
from quizgen.checks import review as review_rules
from quizgen.checks.base import Context, Item
from quizgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from quizgen.core.errors import QuizgenError
from quizgen.core.fileio import project_lock, write_atomic
from quizgen.core.model import Project, Question
from quizgen.core.review_hash import review_hash
from quizgen.core.suggest import did_you_mean
from quizgen.load.project import load_project
from quizgen.load.rules import DUPLICATE_ID, HIDDEN_CHARACTER, MAX_SHORT, VALUE_TOO_LONG
from quizgen.load.values import HIDDEN, describe
from quizgen.load.yamlfile import compose, read_file

# What approving fixes, so it cannot block approval.
_REVIEW_RULES = frozenset({review_rules.CHANGED.code, review_rules.INCOMPLETE.code})
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._'-]*[A-Za-z0-9.]|[A-Za-z]")
_YAML_WORDS = frozenset("y yes n no true false on off null".split())


@dataclass(frozen=True, slots=True)
class Approved:
    """One item approved."""

    id: str
    """The item."""
    path: str
    """Its bank file."""
    hash: str
    """The review hash written."""


@dataclass(frozen=True, slots=True)
class ApproveResult:
    """What ``approve`` did."""

    approved: list[Approved]
    """The items approved, in the order asked."""
    warnings: list[Diagnostic]
    """Warnings on those items that ``accept_warnings`` let through."""


def approve(
    root: Path | str,
    ids: Sequence[str],
    *,
    by: str,
    on: dt.date | None = None,
    accept_warnings: bool = False,
) -> ApproveResult:
    """Approve the items ``ids``: set status, reviewer, date and hash, after checking them.

    Raises :class:`QuizgenError` (with the diagnostics) if an id is unknown, an item does not load or fails a
    check (warnings count unless ``accept_warnings``); nothing is written then.
    """
    with project_lock(root):
        return _approve(Path(root), ids, by=by, on=on, accept_warnings=accept_warnings)


def _approve(
    root: Path, ids: Sequence[str], *, by: str, on: dt.date | None, accept_warnings: bool
) -> ApproveResult:
    by = reviewer(by)
    on = on or dt.date.today()
    loaded = load_project(root)
    project = loaded.project
    digests, warnings = vouch(project, loaded.diagnostics, ids, accept_warnings=accept_warnings)
    by_id = {q.id: q for q in project.bank.questions}
    approved: list[Approved] = []
    by_file: dict[str, list[tuple[Question, str]]] = {}
    for qid, digest in digests.items():
        q = by_id[qid]
        by_file.setdefault(q.path, []).append((q, digest))
        approved.append(Approved(qid, q.path, digest))
    for rel, items in by_file.items():
        path = root / rel
        data, text = read_file(path, rel)
        bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
        reviews = {q.id: review_fields(by, on, h) for q, h in items}
        write_atomic(path, bom + rewrite_reviews(text, rel, reviews))
    return ApproveResult(approved, warnings)


def reviewer(by: str) -> str:
    """The reviewer's name as recorded; raises :class:`QuizgenError` when it is empty or holds a hidden
    character."""
    by = by.strip()
    if not by:
        raise QuizgenError("--by must name the reviewer")
    hidden = HIDDEN.search(by)
    if hidden is not None:
        raise QuizgenError(f"--by holds {describe(hidden.group())}: type the reviewer's name without it")
    if len(by) > MAX_SHORT:  # written, the check would then refuse the file it was just approved in (QG110)
        raise QuizgenError(f"--by is {len(by)} characters long, over the limit of {MAX_SHORT}: shorten it")
    return by


def review_fields(by: str, on: dt.date, digest: str) -> dict[str, str]:
    """The ``review`` value an approval writes."""
    return {"status": "approved", "by": by.strip(), "on": on.isoformat(), "hash": digest}


def vouch(
    project: Project, diagnostics: list[Diagnostic], ids: Sequence[str], *, accept_warnings: bool = False
) -> tuple[dict[str, str], list[Diagnostic]]:
    """The review hash of each item ``ids`` of ``project`` (loaded with ``diagnostics``), in the order asked,
    and the warnings ``accept_warnings`` lets through; raises :class:`QuizgenError` (with the diagnostics) if
    an id is unknown or used twice, or an item does not load or fails a check. Writes nothing: ``approve``
    writes what it returns, ``review --accept`` writes it with the move of the item, in one set."""
    by_id = {q.id: q for q in project.bank.questions}
    wanted = list(dict.fromkeys(ids))
    unknown = [i for i in wanted if i not in project.bank.ids]
    if unknown:
        named = [i + did_you_mean(i, project.bank.ids) for i in unknown]
        raise QuizgenError("no such question: " + ", ".join(named))
    duplicated = [
        i
        for i in wanted
        if any(d.code == DUPLICATE_ID.code and f"duplicate id {i!r}" in d.message for d in diagnostics)
    ]
    if duplicated:
        raise QuizgenError(
            "these ids are used more than once; give each item its own id first: " + ", ".join(duplicated),
            sort_diagnostics([d for d in diagnostics if d.code == DUPLICATE_ID.code]),
        )
    broken = [i for i in wanted if i not in by_id]
    if broken:
        mine = [d for d in diagnostics if d.severity is Severity.ERROR]
        raise QuizgenError(
            "fix the structure of these items first: " + ", ".join(broken), sort_diagnostics(mine)
        )
    ctx = Context.of(project)
    problems: list[Diagnostic] = _value_problems(project, diagnostics, wanted)
    for qid in wanted:
        found = [d for d in checks.check_item(Item.of(by_id[qid]), ctx) if d.code not in _REVIEW_RULES]
        problems += found
    blocking = [d for d in problems if d.severity is Severity.ERROR or not accept_warnings]
    blocking = [d for d in blocking if d.severity is not Severity.NOTE]
    if blocking:
        refused = sorted({d.item for d in blocking if d.item})
        raise QuizgenError(
            "not approved (nothing written): "
            + ", ".join(refused)
            + " fail their checks"
            + (
                ""
                if any(d.severity is Severity.ERROR for d in blocking)
                else "; --accept-warnings to approve anyway"
            ),
            sort_diagnostics(blocking),
        )
    digests = {qid: review_hash(by_id[qid], ctx.digests) for qid in wanted}
    return digests, sort_diagnostics([d for d in problems if d.severity is Severity.WARNING])


_VALUE_RULES = frozenset({HIDDEN_CHARACTER.code, VALUE_TOO_LONG.code})


def _value_problems(project: Project, loaded: list[Diagnostic], wanted: list[str]) -> list[Diagnostic]:
    """The loader's hidden-character and length errors inside the items to approve, tagged with their id.

    The loader finds them on the file's values, before items exist, so they carry no item id: an item spans
    from its own line to the next item's in the same file."""
    starts: dict[str, list[tuple[int, str]]] = {}
    for q in project.bank.questions:
        starts.setdefault(q.path, []).append((q.location.line, q.id))
    out = []
    for d in loaded:
        if d.code not in _VALUE_RULES or d.location.path not in starts:
            continue
        owner = None
        for line, qid in sorted(starts[d.location.path]):
            if line > d.location.line:
                break
            owner = qid
        if owner in wanted:
            out.append(dataclasses.replace(d, item=owner))
    return out


def _scalar(value: str) -> str:
    """A YAML scalar for ``value``: plain when that reads back as the same text, else double-quoted."""
    if (
        _PLAIN.fullmatch(value)
        and value.lower() not in _YAML_WORDS
        and ": " not in value
        and " #" not in value
    ):
        return value
    return '"' + "".join(_escape(c) for c in value) + '"'


def _escape(c: str) -> str:
    """One character inside a double-quoted YAML scalar: line breaks and other unprintables as escapes."""
    if c in '"\\':
        return "\\" + c
    if c.isprintable():
        return c
    return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"


def _review_block(node: yaml.MappingNode, fields: dict[str, str], indent: int, newline: str) -> str:
    pairs = [
        (k, fields[k] if k == "on" or k == "hash" else _scalar(fields[k]))
        for k in ("status", "by", "on", "hash")
    ]
    if node.flow_style:
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"
    pad = " " * indent
    return newline.join(f"{pad}{k}: {v}" for k, v in pairs).lstrip()


def rewrite_reviews(text: str, rel: str, edits: dict[str, dict[str, str]]) -> str:
    """Replace the ``review`` value of each item in ``edits`` (by id), keeping everything else."""
    top = compose(text, rel)
    assert isinstance(top, yaml.SequenceNode)
    newline = "\r\n" if "\r\n" in text else "\n"  # keep the file's line endings

    def offset(mark: yaml.Mark) -> int:
        # The character index, not line:col: YAML also breaks lines at U+0085, U+2028 and U+2029.
        return int(mark.index)

    spans: list[tuple[int, int, str]] = []
    for item in top.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        fields = {k.value: (k, v) for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        id_node = fields.get("id", (None, None))[1]
        if not isinstance(id_node, yaml.ScalarNode) or id_node.value not in edits:
            continue
        values = edits[id_node.value]
        review = fields["review"][1]
        assert isinstance(review, yaml.MappingNode)
        if review.flow_style:
            start, end = offset(review.start_mark), offset(review.end_mark)
            indent = 0
        else:
            # A block mapping's end mark may sit after trailing comments; end at its last value instead.
            start = offset(review.start_mark)
            end = max(offset(v.end_mark) for _, v in review.value)
            indent = review.start_mark.column
        spans.append((start, end, _review_block(review, values, indent, newline)))
    out = text
    for start, end, new in sorted(spans, reverse=True):
        out = out[:start] + new + out[end:]
    return out
