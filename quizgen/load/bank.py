"""Loading the question bank (``question_bank/*.yaml``) into :class:`~quizgen.model.Question` values.

Structural problems (QG1xx) are reported here, at the YAML location of the offending value. An item with
such a problem is left out of the content checks (its id still counts for duplicates), as a compiler stops
analysing a declaration that does not parse.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizgen.core.diagnostics import Diagnostic, Location, Severity
from quizgen.core.model import Bank, Difficulty, Evidence, Level, Question, QuestionType, Review, ReviewStatus
from quizgen.core.rules import diag
from quizgen.core.suggest import did_you_mean
from quizgen.load import nodes
from quizgen.load.bankformat import CHOICES, FIELDS, HASH_PATTERN, ID_PATTERN, MIN_DISTRACTORS, TAG_PATTERN
from quizgen.load.paths import relative
from quizgen.load.rules import (
    DUPLICATE_ID,
    EMPTY_BANK,
    FIELD_NOT_FOR_TYPE,
    FILE_UNREADABLE,
    INVALID_VALUE,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    UNKNOWN_SOURCE,
    WRONG_TYPE,
)
from quizgen.load.values import value_problems
from quizgen.load.yamlfile import BOOL_TAG, NULL_TAG, NodeReader, ReadError, compose, location, read_text

_ID = re.compile(ID_PATTERN)
_TAG = re.compile(TAG_PATTERN)
_HASH = re.compile(HASH_PATTERN)
_TYPES = {t.value: t for t in QuestionType}
_STATUSES = {s.value: s for s in ReviewStatus}
_FIELD_NAMES = tuple(FIELDS)
_intern = sys.intern
_REVIEW_KEYS = frozenset({"status", "by", "on", "hash"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # as nodes.date reads it


BANK_FILE = "a bank file (a list of questions)"
"""What a file of ``question_bank/`` holds, for messages."""
DRAFTS_FILE = "a drafts file (a list of questions)"
"""What a file of ``question_bank/drafts/`` holds, for messages."""


@dataclass(frozen=True, slots=True)
class FileItem:
    """An item of one bank file with a readable id: what matching ids across files needs."""

    id: str
    """The item's id."""
    at: Location
    """Where the id's value is."""
    question: Question | None
    """The item, or ``None`` when it has structural problems (they are in the file's diagnostics)."""


@dataclass(frozen=True, slots=True)
class BankFile:
    """One bank (or drafts) file loaded on its own, before its ids are matched against the other files'.

    Everything here depends only on the file's text and the project's topics and article ids, so it can be
    cached by their hashes (``quizgen check`` does: :mod:`quizgen.checks.cache`); :func:`merge` adds what
    depends on the other files (duplicate ids, the empty bank).
    """

    rel: str
    """The file, relative to the project root."""
    items: tuple[FileItem, ...]
    """Its items with a readable id, in file order."""
    diagnostics: tuple[Diagnostic, ...]
    """Its problems (structure, values), except ids used in another file or earlier in this one."""


def bank_paths(folder: Path) -> list[Path]:
    """The ``*.yaml`` files of a bank (or drafts) folder, sorted by name; none if it is not a folder."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if not p.is_dir())  # a FIFO is refused, not skipped


def missing_bank(root: Path, folder: Path) -> Diagnostic:
    """The error for a project without its bank folder."""
    return diag(
        FILE_UNREADABLE,
        Location(relative(root, folder), 1, 1),
        f"question bank folder not found in {root.resolve()}: create it and add question files "
        "(*.yaml), or run quizgen inside the project's folder or pass --root DIR",
    )


def load_bank(
    root: Path,
    folder: Path,
    *,
    topics: Mapping[str, str],
    sources: frozenset[str] | None = None,
    also: Path | None = None,
) -> tuple[Bank, list[Diagnostic]]:
    """Load every ``*.yaml`` file of ``folder`` (sorted by name), checking structure, ids and source ids.

    ``sources`` is the set of known article ids; ``None`` skips the unknown-source check. ``also`` is a
    folder whose ``*.yaml`` files are loaded after the bank's as if they were part of it (the drafts, for
    ``quizgen check --drafts``); they do not make an empty bank non-empty.
    """
    if not folder.is_dir():
        return Bank((), (), frozenset()), [missing_bank(root, folder)]
    bank = [load_file(root, path, BANK_FILE, topics, sources) for path in bank_paths(folder)]
    extra = [load_file(root, path, DRAFTS_FILE, topics, sources) for path in bank_paths(also)] if also else []
    return merge(root, folder, bank, extra)


def merge(
    root: Path, folder: Path, bank: list[BankFile], extra: list[BankFile]
) -> tuple[Bank, list[Diagnostic]]:
    """The bank of the files loaded on their own (``extra``: the drafts, after the bank's files): an id used
    before, in this file or an earlier one, is an error at the later use, and that item is left out."""
    diagnostics: list[Diagnostic] = []
    questions: list[Question] = []
    first_seen: dict[str, Location] = {}
    bank_has_items = False
    for i, loaded in enumerate([*bank, *extra]):
        if i == len(bank):
            bank_has_items = bool(first_seen)
        diagnostics += loaded.diagnostics
        for item in loaded.items:
            first = first_seen.get(item.id)
            if first is not None:
                diagnostics.append(
                    diag(
                        DUPLICATE_ID,
                        item.at,
                        f"duplicate id {item.id!r}, first used at {first}; ids are never reused",
                    )
                )
                continue
            first_seen[item.id] = item.at
            if item.question is not None:
                questions.append(item.question)
    if not extra:
        bank_has_items = bool(first_seen)
    if not bank_has_items and not any(d.severity is Severity.ERROR for d in diagnostics):
        files = [*bank, *extra]
        diagnostics.append(
            diag(
                EMPTY_BANK,
                Location(files[0].rel if files else relative(root, folder), 1, 1),
                "the question bank is empty: add questions to a question_bank/*.yaml file",
            )
        )
    rel_files = tuple(f.rel for f in [*bank, *extra])
    return Bank(tuple(questions), rel_files, frozenset(first_seen)), diagnostics


def load_file(
    root: Path,
    path: Path,
    what: str,
    topics: Mapping[str, str],
    sources: frozenset[str] | None,
    text: str | None = None,
) -> BankFile:
    """Load one bank (or drafts) file on its own (``text``: its content, if already read)."""
    rel = relative(root, path)
    try:
        if text is None:
            text = read_text(path, rel)
        top = compose(text, rel)
    except ReadError as exc:
        return BankFile(rel, (), (exc.diagnostic,))
    diagnostics = value_problems(top, rel, text)
    if top is None:
        return BankFile(rel, (), tuple(diagnostics))  # an empty file: the empty-bank check covers it
    reader = NodeReader(rel)
    items: list[FileItem] = []
    for node in nodes.sequence(reader, top, what) or ():
        question = _clean_question(node, rel, topics, sources)
        if question is not None:
            items.append(FileItem(question.id, Location(rel, *question.locations["id"]), question))
        else:  # something to report (or a field the quick reading leaves to the full one)
            items += _question(reader, node, topics, sources)
    return BankFile(rel, tuple(items), tuple(diagnostics + reader.diagnostics))


_ALLOWED = {t: frozenset(n for n, f in FIELDS.items() if t in f.allowed_for) for t in QuestionType}
_REQUIRED = {t: frozenset(n for n, f in FIELDS.items() if t in f.required_for) for t in QuestionType}
_LISTS = ("aliases", "distractors", "tags", "excludes")
_EVIDENCE_KEYS = frozenset({"source", "quote"})
_SCALAR, _SEQUENCE, _MAPPING = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _plain_text(node: yaml.Node) -> str | None:
    """What :func:`nodes.text` reads from ``node`` when it reports nothing, else ``None``."""
    if type(node) is not _SCALAR or node.tag == NULL_TAG or node.tag == BOOL_TAG:
        return None
    value: str = node.value
    return value if value.strip() else None


def _keys(node: yaml.Node) -> dict[str, yaml.Node] | None:
    """The keys of a mapping that :meth:`NodeReader.entries` yields without a report (none duplicate or not
    text), with their values in order; ``None`` if it is no mapping or would report something."""
    if type(node) is not _MAPPING:
        return None
    fields: dict[str, yaml.Node] = {}
    for key_node, value in node.value:
        if type(key_node) is not _SCALAR or key_node.tag == NULL_TAG or key_node.value in fields:
            return None
        fields[key_node.value] = value
    return fields


def _clean_question(
    node: yaml.Node, rel: str, topics: Mapping[str, str], sources: frozenset[str] | None
) -> Question | None:
    """The item of ``node`` when :func:`_question` would report nothing about it, read the quick way;
    ``None`` when it may have a problem (or uses a rare field), to be read by :func:`_question`.

    Most items of a bank are clean: this reading checks what :func:`_question` checks without collecting
    messages, and builds the same :class:`Question` (locations in the same order).
    """
    fields = _keys(node)
    if fields is None or "related" in fields or "confidence" in fields:
        return None
    # Texts that repeat from item to item (field names, topics, tags, sources) are made one object each: a
    # check worker's results then pickle each once and refer to it after (and read back as one object).
    locs: dict[str, tuple[int, int]] = {}
    for name, value in fields.items():
        if name not in FIELDS:
            return None
        mark = value.start_mark
        locs[_intern(name)] = (mark.line + 1, mark.column + 1)
    qid = _plain_text(fields["id"]) if "id" in fields else None
    raw_type = _plain_text(fields["type"]) if "type" in fields else None
    if qid is None or raw_type is None or not _ID.match(qid):
        return None
    qtype = _TYPES.get(raw_type)
    if qtype is None or not fields.keys() <= _ALLOWED[qtype] or not _REQUIRED[qtype] <= fields.keys():
        return None
    topic = _plain_text(fields["topic"])
    prompt = _plain_text(fields["prompt"])
    if topic is None or topic not in topics or prompt is None:
        return None
    context = None
    if "context" in fields:
        context = _plain_text(fields["context"])
        if context is None:
            return None
    answer: str | bool | None = None
    if "answer" in fields:
        answer_node = fields["answer"]
        if qtype is QuestionType.TRUE_FALSE:
            if type(answer_node) is not _SCALAR or answer_node.tag != BOOL_TAG:
                return None
            word = answer_node.value.lower()
            if word not in ("true", "false"):
                return None
            answer = word == "true"
        else:
            answer = _plain_text(answer_node)
            if answer is None:
                return None
    lists: dict[str, list[str]] = {}
    for name in _LISTS:
        texts: list[str] = []
        lists[name] = texts
        if name not in fields:
            continue
        seq = fields[name]
        if type(seq) is not _SEQUENCE:
            return None
        for i, item in enumerate(seq.value):
            text = _plain_text(item)
            if text is None:
                return None
            mark = item.start_mark
            locs[_intern(f"{name}.{i}")] = (mark.line + 1, mark.column + 1)
            texts.append(_intern(text) if name == "tags" else text)
    if (
        qtype is QuestionType.MCQ and "distractors" in fields and len(lists["distractors"]) < MIN_DISTRACTORS
    ) or (qid in lists["excludes"]):
        return None
    if not all(_TAG.match(tag) for tag in lists["tags"]):
        return None
    optional: dict[str, str | None] = {}
    for name in ("correction", "explanation", "objective", "level", "difficulty", "rule"):
        if name in fields:
            given = _plain_text(fields[name])
            if given is None:
                return None
            optional[name] = given
        else:
            optional[name] = None
    correction, objective = optional["correction"], optional["objective"]
    level, difficulty = optional["level"], optional["difficulty"]
    if qtype is QuestionType.TRUE_FALSE and answer is False and correction is None:
        return None
    if (objective is not None and not _ID.match(objective)) or (
        (level is not None and level not in CHOICES["level"])
        or (difficulty is not None and difficulty not in CHOICES["difficulty"])
    ):
        return None
    evidence = _clean_evidence(fields["evidence"], rel, sources, locs)
    review = _clean_review(fields["review"], rel)
    if evidence is None or review is None:
        return None
    return Question(
        id=qid,
        type=qtype,
        topic=_intern(topic),
        prompt=prompt,
        answer=answer,
        aliases=tuple(lists["aliases"]),
        distractors=tuple(lists["distractors"]),
        correction=correction,
        evidence=tuple(evidence),
        explanation=optional["explanation"],
        tags=tuple(lists["tags"]),
        review=review,
        path=rel,
        location=location(rel, node),
        locations=locs,
        excludes=tuple(dict.fromkeys(lists["excludes"])),
        ignore_related=(),
        ignore_reason=None,
        objective=objective,
        level=Level(level) if level is not None else None,
        difficulty=Difficulty(difficulty) if difficulty is not None else None,
        context=context,
    )


def _clean_evidence(
    node: yaml.Node, rel: str, sources: frozenset[str] | None, locs: dict[str, tuple[int, int]]
) -> list[Evidence] | None:
    """What :func:`_evidence` reads when it reports nothing, else ``None``."""
    if type(node) is not _SEQUENCE or not node.value:
        return None
    out = []
    for i, item in enumerate(node.value):
        values = _keys(item)
        if values is None or values.keys() != _EVIDENCE_KEYS:
            return None
        source_node, quote_node = values["source"], values["quote"]
        source, quote = _plain_text(source_node), _plain_text(quote_node)
        if source is None or quote is None or (sources is not None and source not in sources):
            return None
        quote_loc = location(rel, quote_node)
        mark = item.start_mark
        locs[_intern(f"evidence.{i}")] = (mark.line + 1, mark.column + 1)
        locs[_intern(f"evidence.{i}.quote")] = (quote_loc.line, quote_loc.column)
        out.append(Evidence(_intern(source), quote, location(rel, item), quote_loc))
    return out


def _clean_review(node: yaml.Node, rel: str) -> Review | None:
    """What :func:`_review` reads when it reports nothing, else ``None``."""
    values = _keys(node)
    if values is None or "status" not in values or not values.keys() <= _REVIEW_KEYS:
        return None
    raw = _plain_text(values["status"])
    status = _STATUSES.get(raw) if raw is not None else None
    if status is None:
        return None
    by = on = hashed = None
    if "by" in values:
        by = _plain_text(values["by"])
        if by is None:
            return None
    if "on" in values:
        on_node = values["on"]
        if type(on_node) is not _SCALAR or not _DATE.fullmatch(on_node.value):
            return None
        try:
            on = dt.date.fromisoformat(on_node.value)
        except ValueError:
            return None
    if "hash" in values:
        hashed = _plain_text(values["hash"])
        if hashed is None or not _HASH.match(hashed):
            return None
    return Review(status, by if by is None else _intern(by), on, hashed, location(rel, node))


def _question(
    reader: NodeReader,
    node: yaml.Node,
    topics: Mapping[str, str],
    sources: frozenset[str] | None,
) -> list[FileItem]:
    """The item of ``node`` (none if its id is unreadable), its problems recorded on ``reader``."""
    m = nodes.mapping(reader, node, "a question")
    if m is None:
        return []
    errors_before = len(reader.diagnostics)
    rel = reader.rel
    locs: dict[str, tuple[int, int]] = {}
    fields: dict[str, yaml.Node] = {}
    for entry in reader.entries(m):
        if entry.key not in FIELDS:
            close = difflib.get_close_matches(entry.key, _FIELD_NAMES, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "expected one of " + ", ".join(_FIELD_NAMES)
            reader.error(entry.key_node, UNKNOWN_FIELD, f"unknown field {entry.key!r}; {hint}")
            continue
        fields[entry.key] = entry.value
        mark = entry.value.start_mark
        locs[entry.key] = (mark.line + 1, mark.column + 1)

    qid = nodes.text(reader, fields["id"], "id") if "id" in fields else None
    if qid is not None and not _ID.match(qid):
        reader.error(
            fields["id"],
            INVALID_VALUE,
            f"id {qid!r} is not a slug: use lower-case letters, digits and single hyphens",
        )

    qtype: QuestionType | None = None
    if "type" in fields:
        raw = nodes.text(reader, fields["type"], "type")
        if raw is not None:
            qtype = _TYPES.get(raw)
            if qtype is None:
                reader.error(
                    fields["type"],
                    INVALID_VALUE,
                    f"unknown type {raw!r}{did_you_mean(raw, _TYPES)}; expected one of " + ", ".join(_TYPES),
                )

    for name, spec in FIELDS.items():
        if name in fields:
            if qtype is not None and qtype not in spec.allowed_for:
                reader.error(
                    fields[name],
                    FIELD_NOT_FOR_TYPE,
                    f"{qtype.value} questions have no {name!r} field; remove it",
                )
        elif (qtype is not None and qtype in spec.required_for) or name in ("id", "type"):
            what = (
                f"a {qtype.value} question"
                if qtype is not None and name not in ("id", "type")
                else "a question"
            )
            reader.error(m, MISSING_FIELD, f"{what} needs {name!r}")

    topic = nodes.text(reader, fields["topic"], "topic") if "topic" in fields else None
    if topic is not None and topic not in topics:
        reader.error(
            fields["topic"],
            INVALID_VALUE,
            f"unknown topic {topic!r}{did_you_mean(topic, topics)}; expected one of {', '.join(topics)} "
            "(projects add topics in quizgen.yaml)",
        )
    prompt = nodes.text(reader, fields["prompt"], "prompt") if "prompt" in fields else None
    context = nodes.text(reader, fields["context"], "context") if "context" in fields else None

    answer: str | bool | None = None
    if "answer" in fields:
        if qtype is QuestionType.TRUE_FALSE:
            answer = nodes.boolean(reader, fields["answer"], "the answer of a true-false question")
        else:
            answer = nodes.text(reader, fields["answer"], "answer")

    aliases = _texts(reader, fields, "aliases", locs)
    distractors = _texts(reader, fields, "distractors", locs)
    if qtype is QuestionType.MCQ and "distractors" in fields and len(distractors) < MIN_DISTRACTORS:
        reader.error(
            fields["distractors"],
            FIELD_NOT_FOR_TYPE,
            f"an mcq needs at least {MIN_DISTRACTORS} distractors, this one has {len(distractors)}",
        )
    tags = _texts(reader, fields, "tags", locs)
    excludes = _texts(reader, fields, "excludes", locs)
    for i, other in enumerate(excludes):
        if other == qid:
            reader.error(fields["excludes"].value[i], INVALID_VALUE, "an item cannot exclude itself")
    ignore, reason = _related(reader, fields.get("related"), qid, locs)
    for i, tag in enumerate(tags):
        if not _TAG.match(tag):
            reader.error(fields["tags"].value[i], INVALID_VALUE, f"tag {tag!r} has whitespace; use hyphens")
    correction = nodes.text(reader, fields["correction"], "correction") if "correction" in fields else None
    if (
        qtype is QuestionType.TRUE_FALSE
        and answer is False
        and correction is None
        and "correction" not in fields
    ):
        reader.error(
            m,
            MISSING_FIELD,
            "a false true-false statement needs 'correction': the true statement the evidence supports",
        )
    explanation = (
        nodes.text(reader, fields["explanation"], "explanation") if "explanation" in fields else None
    )
    objective = nodes.text(reader, fields["objective"], "objective") if "objective" in fields else None
    if objective is not None and not _ID.match(objective):
        reader.error(
            fields["objective"],
            INVALID_VALUE,
            f"objective {objective!r} is not a slug: write the id of one of a deck's objectives",
        )
    level = _choice(reader, fields, "level")
    difficulty = _choice(reader, fields, "difficulty")
    if "rule" in fields:
        nodes.text(reader, fields["rule"], "rule")
    if "confidence" in fields:
        _confidence(reader, fields["confidence"])
    evidence = _evidence(reader, fields.get("evidence"), sources, locs)
    review = _review(reader, fields.get("review"))

    if qid is None:
        return []
    at = Location(rel, *locs["id"])
    if len(reader.diagnostics) > errors_before or qtype is None or review is None:
        return [FileItem(qid, at, None)]
    assert topic is not None and prompt is not None
    question = Question(
        id=qid,
        type=qtype,
        topic=topic,
        prompt=prompt,
        answer=answer,
        aliases=tuple(aliases),
        distractors=tuple(distractors),
        correction=correction,
        evidence=tuple(evidence),
        explanation=explanation,
        tags=tuple(tags),
        review=review,
        path=rel,
        location=location(rel, node),
        locations=locs,
        excludes=tuple(dict.fromkeys(excludes)),
        ignore_related=ignore,
        ignore_reason=reason,
        objective=objective,
        level=Level(level) if level is not None else None,
        difficulty=Difficulty(difficulty) if difficulty is not None else None,
        context=context,
    )
    return [FileItem(qid, at, question)]


def _choice(reader: NodeReader, fields: dict[str, yaml.Node], name: str) -> str | None:
    """A ``level`` or ``difficulty`` value: one of :data:`CHOICES`, else a located error."""
    if name not in fields:
        return None
    value = nodes.text(reader, fields[name], name)
    if value is not None and value not in CHOICES[name]:
        close = difflib.get_close_matches(value, CHOICES[name], n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        reader.error(
            fields[name],
            INVALID_VALUE,
            f"unknown {name} {value!r}; expected one of {', '.join(CHOICES[name])}{hint}",
        )
        return None
    return value


def _related(
    reader: NodeReader, node: yaml.Node | None, qid: str | None, locs: dict[str, tuple[int, int]]
) -> tuple[tuple[str, ...], str | None]:
    """``related: {ignore: [ids] or all, reason: ...}``: computed relations a reviewer found wrong."""
    if node is None:
        return (), None
    m = nodes.mapping(reader, node, "related")
    if m is None:
        return (), None
    values: dict[str, yaml.Node] = {}
    for entry in reader.entries(m):
        if entry.key in ("ignore", "reason"):
            values[entry.key] = entry.value
        else:
            reader.error(
                entry.key_node, UNKNOWN_FIELD, f"unknown related field {entry.key!r}; expected ignore, reason"
            )
    ignore: list[str] = []
    if "ignore" not in values:
        reader.error(
            m, MISSING_FIELD, "related needs 'ignore': the ids whose computed relations are wrong, or all"
        )
    elif isinstance(values["ignore"], yaml.ScalarNode):
        word = nodes.text(reader, values["ignore"], "related.ignore")
        if word is not None and word != "all":
            reader.error(values["ignore"], WRONG_TYPE, "related.ignore must be a list of item ids, or all")
        elif word is not None:
            ignore.append("all")
    else:
        for i, (other, other_node) in enumerate(
            nodes.text_list(reader, values["ignore"], "related.ignore") or ()
        ):
            locs[f"related.ignore.{i}"] = (other_node.start_mark.line + 1, other_node.start_mark.column + 1)
            if other == qid:
                reader.error(other_node, INVALID_VALUE, "an item has no relation with itself to ignore")
            ignore.append(other)
        if not ignore and "related.ignore.0" not in locs:
            reader.error(
                values["ignore"], MISSING_FIELD, "related.ignore lists no id; name one, or write all"
            )
    reason = nodes.text(reader, values["reason"], "related.reason") if "reason" in values else None
    if "reason" not in values:
        reader.error(
            m,
            MISSING_FIELD,
            "related needs 'reason': why the computed relations are wrong, for the next reviewer",
        )
    return tuple(dict.fromkeys(ignore)), reason


def _confidence(reader: NodeReader, node: yaml.Node) -> None:
    """A drafting rule's confidence: a plain number from 0 to 1."""
    raw = nodes.text(reader, node, "confidence")
    if raw is None:
        return
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0 or (isinstance(node, yaml.ScalarNode) and node.style not in (None, "")):
        reader.error(node, INVALID_VALUE, f"confidence {raw!r} is not a number from 0 to 1")


def _texts(
    reader: NodeReader, fields: dict[str, yaml.Node], name: str, locs: dict[str, tuple[int, int]]
) -> list[str]:
    if name not in fields:
        return []
    items = nodes.text_list(reader, fields[name], name)
    out = []
    for i, (value, node) in enumerate(items or ()):
        locs[f"{name}.{i}"] = (node.start_mark.line + 1, node.start_mark.column + 1)
        out.append(value)
    return out


def _evidence(
    reader: NodeReader,
    node: yaml.Node | None,
    sources: frozenset[str] | None,
    locs: dict[str, tuple[int, int]],
) -> list[Evidence]:
    if node is None:
        return []
    items = nodes.sequence(reader, node, "evidence")
    if items is None:
        return []
    if not items:
        reader.error(
            node, MISSING_FIELD, "evidence must cite at least one passage: - {source: ARTICLE-ID, quote: ...}"
        )
    out = []
    for i, item in enumerate(items):
        m = nodes.mapping(reader, item, f"evidence[{i}]")
        if m is None:
            continue
        values: dict[str, tuple[str | None, yaml.Node]] = {}
        for entry in reader.entries(m):
            if entry.key in ("source", "quote"):
                values[entry.key] = (nodes.text(reader, entry.value, entry.key), entry.value)
            else:
                reader.error(
                    entry.key_node,
                    UNKNOWN_FIELD,
                    f"unknown evidence field {entry.key!r}; expected source, quote",
                )
        for key in ("source", "quote"):
            if key not in values:
                reader.error(m, MISSING_FIELD, f"evidence[{i}] needs {key!r}")
        if "source" not in values or "quote" not in values:
            continue
        (source, source_node), (quote, quote_node) = values["source"], values["quote"]
        if source is None or quote is None:
            continue
        if sources is not None and source not in sources:
            hint = did_you_mean(source, sources, before="; ", after="")
            reader.error(
                source_node, UNKNOWN_SOURCE, f"unknown source {source!r}: no article seeds/{source}.txt{hint}"
            )
            continue
        quote_loc = location(reader.rel, quote_node)
        locs[f"evidence.{i}"] = (item.start_mark.line + 1, item.start_mark.column + 1)
        locs[f"evidence.{i}.quote"] = (quote_loc.line, quote_loc.column)
        out.append(Evidence(source, quote, location(reader.rel, item), quote_loc))
    return out


def _review(reader: NodeReader, node: yaml.Node | None) -> Review | None:
    if node is None:
        return None
    m = nodes.mapping(reader, node, "review")
    if m is None:
        return None
    status: ReviewStatus | None = None
    by = on = hashed = None
    has_status = False
    for entry in reader.entries(m):
        if entry.key == "status":
            has_status = True
            raw = nodes.text(reader, entry.value, "status")
            status = _STATUSES.get(raw or "")
            if raw is not None and status is None:
                reader.error(
                    entry.value,
                    INVALID_VALUE,
                    f"unknown review status {raw!r}; expected draft, approved, retired",
                )
        elif entry.key == "by":
            by = nodes.text(reader, entry.value, "review.by")
        elif entry.key == "on":
            on = nodes.date(reader, entry.value, "review.on")
        elif entry.key == "hash":
            hashed = nodes.text(reader, entry.value, "review.hash")
            if hashed is not None and not _HASH.match(hashed):
                reader.error(
                    entry.value,
                    INVALID_VALUE,
                    "review.hash is not a quizgen hash (sha256:<16 hex>); let `quizgen approve` write it",
                )
        else:
            reader.error(
                entry.key_node,
                UNKNOWN_FIELD,
                f"unknown review field {entry.key!r}; expected status, by, on, hash",
            )
    if status is None:
        if not has_status:
            reader.error(m, MISSING_FIELD, "review needs 'status' (draft, approved or retired)")
        return None
    return Review(status, by, on, hashed, location(reader.rel, node))
