"""Draft bank items from extracted relations: who said a quotation (mcq), whom someone met (short), where
(cloze). Each draft cites verbatim evidence, names its rule and carries the rule's confidence; status draft.

Drafts whose evidence touches a line the catalogue marks as page furniture are not proposed (they would fail
QG202); neither are drafts whose id the bank already uses or a reviewer rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import yaml

from quizgen.core.errors import QuizgenError
from quizgen.core.grounding import find_quote
from quizgen.core.model import Article, Project, Question
from quizgen.core.suggest import did_you_mean
from quizgen.core.text import DRAFT_SENTENCES, contains_phrase, fold, sentence_at, sentences
from quizgen.draft import dates, meetings, places, quotes, roles
from quizgen.draft.text import Span, paragraphs
from quizgen.load import project as project_paths

MIN_QUOTE_WORDS = 4
"""Quotations shorter than this are not drafted (titles and scare quotes)."""
EXCERPT_WORDS = 20
"""Prompts quote at most this many words of a quotation."""
DRAFTS_DIR = project_paths.DRAFTS_DIR
"""Where ``quizgen draft`` writes by default (read by ``quizgen check --drafts`` only: drafts are not the bank
yet)."""
REJECTED_FILE = "question_bank/drafts/rejected.txt"
"""Ids a reviewer rejected: never proposed again."""


@dataclass(frozen=True, slots=True)
class Draft:
    """One drafted item, as the mapping written to YAML."""

    id: str
    """The draft's id."""
    item: dict[str, object]
    """The bank item."""
    source: str = ""
    """The article the question is about."""
    anchor: Span | None = None
    """The passage the question asks about (a quotation's words, a meeting's sentence, a place's name): what
    a bank item must overlap to cover this draft (:func:`covering_item`)."""


def _slug(text: str, words: int = 4) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words]) or "x"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _in_furniture(article: Article, span: Span) -> bool:
    first, last = _line_of(article.text, span.start), _line_of(article.text, max(span.start, span.end - 1))
    return any(article.furniture_at(line) is not None for line in range(first, last + 1))


def _excerpt(content: str) -> str:
    content = content.strip()
    spans = sentences(content, 0, len(content), DRAFT_SENTENCES)
    if spans:
        first = content[spans[0][0] : spans[0][1]]
        if len(first.split()) >= MIN_QUOTE_WORDS:
            content = first  # the first sentence reads better than a cut
    words = content.split()
    cut = words[:EXCERPT_WORDS]
    text = " ".join(cut).rstrip(",;:.")
    return text + ("..." if len(cut) < len(words) else "")


def resolve_articles(project: Project, root: Path, wanted: Sequence[str]) -> list[Article]:
    """The articles named by id or by path (a ``seeds/<id>.txt`` of the project)."""
    out = []
    seeds = (root / "seeds").resolve()
    for w in wanted:
        key = w
        if w.endswith(".txt") or "/" in w:
            p = Path(w)
            candidates = [p] if p.is_absolute() else [Path.cwd() / p, root / p]
            if not any(c.resolve().parent == seeds for c in candidates):
                raise QuizgenError(
                    f"{w}: drafts cite the project's articles: copy the file to seeds/ and add it to "
                    "seeds/sources.yaml first"
                )
            key = p.stem
        article = project.sources.articles.get(key)
        if article is None:
            raise QuizgenError(
                f"unknown article {w!r}{did_you_mean(key, project.sources.articles)}: expected an id of "
                "seeds/sources.yaml or a seeds/*.txt path"
            )
        out.append(article)
    return out


@dataclass(frozen=True, slots=True)
class Proposal:
    """A drafted question before its id is settled: what :func:`draft` writes as a bank item."""

    base_id: str
    """The id wanted (``-2``, ``-3``... are added when another proposal took it)."""
    type: str
    """``mcq``, ``short`` or ``cloze``."""
    topic: str
    """The relation asked about: ``who-said``, ``when``, ``role``, ``met`` or ``where``."""
    prompt: str
    """The question (for a cloze, the sentence with its deletion)."""
    answer: str | None
    """The answer (None for a cloze, whose answer is its deletion)."""
    distractors: tuple[str, ...]
    """Three wrong options for an mcq, else empty."""
    evidence: tuple[Span, ...]
    """The verbatim passages that support the answer."""
    rule: str
    """The drafting rule that found the relation."""
    confidence: float
    """How often that rule's answer is right."""
    anchor: Span
    """The passage the question asks about (see :attr:`Draft.anchor`)."""


@dataclass(frozen=True, slots=True)
class _Found:
    """What the extractors found in one article."""

    article: Article
    quotations: tuple[quotes.Quotation, ...]
    meetings: tuple[meetings.Meeting, ...]
    places: tuple[places.Placement, ...]
    roles: tuple[roles.Role, ...]

    @classmethod
    def of(cls, article: Article) -> _Found:
        text = article.text
        return cls(
            article,
            tuple(quotes.extract(text)),
            tuple(meetings.extract(text)),
            tuple(places.extract(text)),
            tuple(roles.extract(text)),
        )


@dataclass(frozen=True, slots=True)
class _Speakers:
    """Distractor pools for who-said: speakers (and meeting participants) of each kind per article, then the
    bank's who-said answers. An item draws first from its own article, then from the others, so options share
    the story."""

    by_article: dict[str, dict[str, list[str]]]
    bank_people: tuple[str, ...]

    @classmethod
    def of(cls, project: Project, found: Sequence[_Found]) -> _Speakers:
        by_article: dict[str, dict[str, list[str]]] = {}
        for f in found:
            kinds: dict[str, list[str]] = {"person": [], "organisation": []}
            for q in f.quotations:
                if q.speaker_kind in kinds and q.speaker_name not in kinds[q.speaker_kind]:
                    kinds[q.speaker_kind].append(q.speaker_name)
            for m in f.meetings:
                kinds["person"].extend(n for n in m.names if n not in kinds["person"])
            by_article[f.article.id] = kinds
        bank_people = tuple(
            q.answer for q in project.bank.questions if q.topic == "who-said" and isinstance(q.answer, str)
        )
        return cls(by_article, bank_people)

    def pool(self, article_id: str, kind: str) -> list[str]:
        """Candidate speakers of ``kind`` for an item on ``article_id``, nearest first, each once."""
        ordered = list(self.by_article[article_id][kind])
        for other, kinds in self.by_article.items():
            if other != article_id:
                ordered += kinds[kind]
        if kind == "person":
            ordered += self.bank_people
        return list(dict.fromkeys(ordered))


def draft(project: Project, articles: Sequence[Article], *, rejected: Iterable[str] = ()) -> list[Draft]:
    """Draft items for ``articles``: deterministic, in article then text order (per article: who said each
    quotation and when, roles, meetings, places).

    Drafts whose id is in the bank or ``rejected`` are left out; drafts a bank item already covers are not
    (:func:`covering_item` finds them, so the caller can say how many it skips).
    """
    skip = set(project.bank.ids) | set(rejected)
    found = [_Found.of(a) for a in articles]
    speakers = _Speakers.of(project, found)
    all_texts = [a.text for a in project.sources.articles.values()]
    out: list[Draft] = []
    used: set[str] = set()
    for f in found:
        tag = _slug(f.article.outlet, 3)
        proposals = chain(_who_said(f, speakers, all_texts), _roles(f, found), _meetings(f), _places(f))
        for p in proposals:
            qid, n = p.base_id, 2
            while qid in used:
                qid, n = f"{p.base_id}-{n}", n + 1
            used.add(qid)
            if qid not in skip:
                out.append(Draft(qid, _item(qid, p, f.article, tag), f.article.id, p.anchor))
    return out


def _item(qid: str, p: Proposal, article: Article, tag: str) -> dict[str, object]:
    """A proposal as the bank item written to YAML, keys in the bank's order."""
    item: dict[str, object] = {"id": qid, "type": p.type, "topic": p.topic, "prompt": p.prompt}
    if p.answer is not None:
        item["answer"] = p.answer
    if p.distractors:
        item["distractors"] = list(p.distractors)
    item["evidence"] = [{"source": article.id, "quote": " ".join(e.text.split())} for e in p.evidence]
    item["tags"] = [tag, p.topic]
    item["rule"] = p.rule
    item["confidence"] = round(p.confidence, 2)
    item["review"] = {"status": "draft"}
    return item


def _who_said(f: _Found, speakers: _Speakers, all_texts: Sequence[str]) -> Iterator[Proposal]:
    """Who said each quotation (mcq, or short without three distractors), and when, if a date follows the cue."""
    article = f.article
    for q in f.quotations:
        if len(q.content.text.split()) < MIN_QUOTE_WORDS or q.speaker_kind not in ("person", "organisation"):
            continue
        evidence = _speaker_evidence(article, q)
        if evidence is None:
            continue
        excerpt = _excerpt(q.content.text)
        if q.speaker_name.lower() in excerpt.lower():
            continue
        evidence_text = " ".join(e.text for e in evidence).lower()
        distractors = [
            d
            for d in speakers.pool(article.id, q.speaker_kind)
            if d.lower() not in evidence_text
            and d.lower() not in q.speaker_name.lower()
            and q.speaker_name.lower() not in d.lower()
            and not _said_near(all_texts, excerpt.rstrip("."), d)
        ][:3]
        mcq = len(distractors) == 3
        who = _slug(q.speaker_name, 2)
        yield Proposal(
            f"draft-{who}-said-{_slug(excerpt, 4)}",
            "mcq" if mcq else "short",
            "who-said",
            f'Who said "{excerpt}"?',
            q.speaker_name,
            tuple(distractors) if mcq else (),
            evidence,
            q.rule,
            quotes.speaker_confidence(q),
            q.content,
        )
        when = _date_after(article.text, q.speaker)
        if when is not None and when.lower() not in excerpt.lower():
            yield Proposal(
                f"draft-{who}-when-{_slug(excerpt, 4)}",
                "short",
                "when",
                f'When did {q.speaker_name} say "{excerpt}"?',
                when,
                (),
                evidence,
                q.rule,
                q.confidence * 0.9,
                q.content,
            )


def _speaker_evidence(article: Article, q: quotes.Quotation) -> tuple[Span, ...] | None:
    """The passages that show who said ``q``: its sentences, and the sentence naming the speaker when that is
    earlier (a continuation, a pronoun, a surname); None when no verbatim passage names the speaker or a
    passage is page furniture."""
    evidence = [q.evidence]
    for mention in (q.speaker, q.antecedent):
        # The name may be written only in an earlier sentence (a continuation, a pronoun, a surname).
        if mention is not None and q.speaker_name not in " ".join(e.text for e in evidence):
            extra = _sentence_around(article.text, mention)
            if extra not in evidence:
                evidence.insert(0, extra)
    if q.speaker_name not in " ".join(e.text for e in evidence):
        return None
    joined = _joined(article.text, evidence)
    if joined is None or any(_in_furniture(article, e) for e in joined):
        return None
    return tuple(joined)


def _roles(f: _Found, everything: Sequence[_Found]) -> Iterator[Proposal]:
    """A named person's post, once per name (mcq with other roles of the drafted articles, else short)."""
    article = f.article
    role_names: set[str] = set()
    for r in f.roles:
        if r.name.text in role_names or _in_furniture(article, r.evidence):
            continue
        role_names.add(r.name.text)
        answer = r.role.text
        evidence_text = r.evidence.text.lower()
        others = [
            x.role.text
            for g in sorted(everything, key=lambda g: g.article.id != article.id)
            for x in g.roles
            if x.name.text != r.name.text
            and x.role.text.lower() not in evidence_text
            and x.role.text.lower() not in answer.lower()
            and answer.lower() not in x.role.text.lower()
        ]
        options = tuple(dict.fromkeys(others))[:3]
        yield Proposal(
            f"draft-{_slug(r.name.text, 3)}-role",
            "mcq" if len(options) == 3 else "short",
            "role",
            f"What is {r.name.text}'s post?",
            answer,
            options if len(options) == 3 else (),
            (r.evidence,),
            r.rule,
            r.confidence,
            Span(min(r.name.start, r.role.start), max(r.name.end, r.role.end), ""),
        )


def _meetings(f: _Found) -> Iterator[Proposal]:
    """Whom the first party met, with the place and date the sentence gives."""
    for m in f.meetings:
        if _in_furniture(f.article, m.evidence):
            continue
        where = f" in {m.place.text}" if m.place else ""
        when = f" on {m.date.text}" if m.date else ""
        yield Proposal(
            f"draft-{_slug(m.names[0], 2)}-met-{_slug(m.names[1], 2)}",
            "short",
            "met",
            f"Whom did {m.names[0]} meet{where}{when}?",
            m.names[1],
            (),
            (m.evidence,),
            m.rule,
            m.confidence,
            m.evidence,
        )


def _places(f: _Found) -> Iterator[Proposal]:
    """A cloze of the sentence with the place deleted (not for a sentence with braces, which cloze syntax uses)."""
    for p in f.places:
        if _in_furniture(f.article, p.evidence) or "{" in p.evidence.text or "}" in p.evidence.text:
            continue
        rel = p.place.start - p.evidence.start
        sentence = p.evidence.text
        cloze = sentence[:rel] + "{{c1::" + p.place.text + "}}" + sentence[rel + len(p.place.text) :]
        yield Proposal(
            f"draft-where-{_slug(p.place.text, 2)}-{_slug(sentence, 3)}",
            "cloze",
            "where",
            cloze,
            None,
            (),
            (p.evidence,),
            p.rule,
            p.confidence,
            p.place,
        )


_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::.*?)?\}\}", re.DOTALL)


def _key(item: dict[str, object]) -> str:
    """What a draft asks for: its answer, or for a cloze the deleted text."""
    answer = item.get("answer")
    if isinstance(answer, str):
        return answer
    found = _CLOZE.search(str(item.get("prompt", "")))
    return found.group(1) if found else ""


def bank_by_topic_and_source(project: Project) -> dict[tuple[str, str], list[Question]]:
    """The bank's items per (topic, cited article), for :func:`covering_item` on many drafts."""
    out: dict[tuple[str, str], list[Question]] = {}
    for q in project.bank.questions:
        for source in dict.fromkeys(e.source for e in q.evidence):
            out.setdefault((q.topic, source), []).append(q)
    return out


def covering_item(
    project: Project, d: Draft, index: dict[tuple[str, str], list[Question]] | None = None
) -> Question | None:
    """The first bank item that already asks ``d``'s question, if any (any review status: a retired item's
    question is not proposed again either).

    A bank item covers a draft when all three hold: it has the draft's topic; one of its evidence quotes from
    the draft's article overlaps the passage the draft asks about (the quotation's own words for who-said
    and when, the meeting's sentence, the role with its name, the place's name) by at least one character;
    and the draft's answer (a cloze's deletion) occurs, folded and on word boundaries, in the item's prompt,
    answer, aliases or correction. So a different kind of question on the same passage, or a question about
    another quotation of the same speaker, does not cover it.
    """
    article = project.sources.articles.get(d.source)
    key = fold(_key(d.item))
    if article is None or d.anchor is None or not key:
        return None
    index = index if index is not None else bank_by_topic_and_source(project)
    for q in index.get((str(d.item.get("topic")), d.source), ()):
        said = [q.prompt, q.answer if isinstance(q.answer, str) else "", *q.aliases, q.correction or ""]
        if not any(contains_phrase(fold(_CLOZE.sub(r"\1", text)), key) for text in said):
            continue
        for ev in q.evidence:
            if ev.source != d.source:
                continue
            if any(m.start < d.anchor.end and d.anchor.start < m.end for m in find_quote(article, ev.quote)):
                return q
    return None


def _date_after(text: str, speaker: Span) -> str | None:
    """A date right after the speaker and cue ("Ada Quill said Friday", "he said on Monday"), if any."""
    window_end = min(len(text), speaker.end + 30)
    for d in dates.extract(text, speaker.end, window_end):
        between = text[speaker.end : d.span.start]
        if not any(c in between for c in '"“”.;') and len(between.split()) <= 3:
            return d.span.text
    return None


def _joined(text: str, evidence: list[Span]) -> list[Span] | None:
    """The passages, a passage too short to stand alone (an intro like "X added:") joined to the next one."""
    out: list[Span] = []
    for e in sorted(evidence, key=lambda e: e.start):
        if out and len(out[-1].text.split()) < 3:
            prev = out.pop()
            if text[prev.end : e.start].strip():
                return None  # not adjacent: no verbatim passage holds both
            e = Span(prev.start, e.end, text[prev.start : e.end])
        out.append(e)
    if out and len(out[-1].text.split()) < 3:
        return None
    return out


def _said_near(texts: Sequence[str], excerpt: str, name: str) -> bool:
    """Whether ``name`` is in the same paragraph as the quotation in some article (QG404 would warn)."""
    head = excerpt.split("...")[0][:60]
    for text in texts:
        at = text.find(head)
        while at >= 0:
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            if name in text[start : end if end >= 0 else len(text)]:
                return True
            at = text.find(head, at + 1)
    return False


def _sentence_around(text: str, span: Span) -> Span:
    """The sentence holding the start of ``span`` (``span`` itself when it lies between sentences)."""
    for ps, pe in paragraphs(text):
        if ps <= span.start < pe:
            found = sentence_at(text, span.start, ps, pe, DRAFT_SENTENCES)
            if found is not None:
                return Span(found[0], found[1], text[found[0] : found[1]])
    return span


def dump(drafts: Sequence[Draft]) -> str:
    """The drafts as a bank file, in the shipped bank's style: block items, flow lists of options and tags,
    a flow ``review``, long text wrapped at 110 columns. An accepted item is moved as written, so the bank
    keeps one style."""
    return "\n".join(item_text(d.item) for d in drafts)


_WIDTH = 110


class Verbatim(str):
    """A plain scalar written exactly as it was (a confidence ``0.90``, an answer ``false``)."""


def _scalar(value: object, indent: int, key: str) -> str:
    """One YAML scalar (quoted only where needed), continuation lines indented under its key."""
    if isinstance(value, Verbatim):
        return str(value)
    width = _WIDTH - indent - len(key) - 12  # PyYAML breaks after passing the width, not before
    text = yaml.safe_dump(value, allow_unicode=True, width=width, default_flow_style=True)
    text = text.removesuffix("\n").removesuffix("\n...").rstrip("\n")
    lines = text.split("\n")
    return "\n".join([lines[0]] + [" " * (indent + 2) + line.lstrip() for line in lines[1:]])


def _flow(values: object) -> str:
    return yaml.safe_dump(values, allow_unicode=True, width=10_000, default_flow_style=True).strip()


def item_text(item: dict[str, object], *, flow_lists: bool = True, flow_mappings: bool = True) -> str:
    """One item in the bank's style (as :func:`dump` writes it); ``flow_lists`` / ``flow_mappings`` false
    write lists (other than evidence) and mappings such as ``review`` in block style, for a bank file that
    does."""
    lines: list[str] = []
    for key, value in item.items():
        pad = "" if not lines else "  "
        lead = "- " if not lines else ""
        if key == "evidence" and isinstance(value, list) and all(isinstance(ev, dict) for ev in value):
            lines.append(f"  {key}:")
            for ev in value:
                first = "-"
                for k, v in ev.items():
                    lines.append(f"    {first} {k}: {_scalar(v, 6, str(k))}")
                    first = " "
        elif isinstance(value, dict) and not flow_mappings:
            lines.append(f"{pad}{lead}{key}:")
            lines.extend(f"    {k}: {_scalar(v, 4, str(k))}" for k, v in value.items())
        elif isinstance(value, list | dict):
            line = f"{pad}{lead}{key}: {_flow(value)}"
            if isinstance(value, list) and value and (len(line) > _WIDTH or not flow_lists):
                lines.append(f"  {key}:")  # too long for one line: one option a line
                lines.extend(f"    - {_scalar(v, 6, '')}" for v in value)
            else:
                lines.append(line)
        else:
            lines.append(f"{pad}{lead}{key}: {_scalar(value, 2, key)}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class DraftResult:
    """What ``write_drafts`` did."""

    written: dict[str, list[str]]
    """Per file written (relative to the root): the ids of the new drafts added to it."""
    kept: int
    """Drafts already waiting in those files (kept as they are)."""
    covered: int = 0
    """Drafts not proposed because a bank item or a waiting draft already asks their question
    (:func:`covering_item`)."""


def rejected_ids(root: Path) -> set[str]:
    """Ids of drafts a reviewer rejected (``question_bank/drafts/rejected.txt``, one id a line)."""
    path = root / REJECTED_FILE
    if not path.is_file():
        return set()
    return {line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines()} - {""}


def pending_ids(root: Path) -> set[str]:
    """Ids of drafts waiting in ``question_bank/drafts/*.yaml``."""
    out: set[str] = set()
    folder = root / DRAFTS_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        out |= _ids_in(path)
    return out


def _ids_in(path: Path) -> set[str]:
    from quizgen.load.yamlfile import ReadError, compose, read_text

    rel = path.name
    try:
        top = compose(read_text(path, rel), rel)
    except ReadError as exc:
        raise QuizgenError(f"{path}: cannot read the drafts file", [exc.diagnostic]) from None
    out = set()
    if isinstance(top, yaml.SequenceNode):
        for item in top.value:
            if isinstance(item, yaml.MappingNode):
                for k, v in item.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == "id" and isinstance(v, yaml.ScalarNode):
                        out.add(v.value)
    return out


def write_drafts(root: Path | str, wanted: Sequence[str], *, output: Path | None = None) -> DraftResult:
    """Draft items for the articles ``wanted`` (ids or ``seeds/*.txt`` paths) and write them.

    By default each article's drafts go to ``question_bank/drafts/<article id>.yaml``; ``output`` puts them all
    in one file. Drafts already in a target file are kept byte for byte (a reviewer may have edited them) and
    only new ones are appended; ids in the bank, waiting in any drafts file, or rejected are not proposed, and
    neither are drafts whose question a bank item or a waiting draft already asks (:func:`covering_item`).
    """
    from quizgen.core.fileio import write_atomic
    from quizgen.load.project import load_project

    root = Path(root)
    loaded = load_project(root)
    project = loaded.project
    articles = resolve_articles(project, root, wanted)
    skip = rejected_ids(root) | pending_ids(root)
    targets: dict[Path, list[Draft]] = {}
    for article in articles:
        target = output if output is not None else root / DRAFTS_DIR / f"{article.id}.yaml"
        targets.setdefault(target, [])
    proposed = draft(project, articles, rejected=skip)
    # Waiting drafts count as asked too: a reviewer may have renamed one, and its old id would come back.
    drafts_dir = root / DRAFTS_DIR
    asked = load_project(root, include_drafts=True).project if drafts_dir.is_dir() else project
    index = bank_by_topic_and_source(asked)
    all_drafts = [d for d in proposed if covering_item(project, d, index) is None]
    by_source = {a.id: a for a in articles}
    for d in all_drafts:
        evidence = d.item["evidence"]
        assert isinstance(evidence, list)
        source = evidence[-1]["source"]
        target = output if output is not None else root / DRAFTS_DIR / f"{by_source[source].id}.yaml"
        targets[target].append(d)
    written: dict[str, list[str]] = {}
    kept = 0
    for target, new in targets.items():
        existing = target.read_text("utf-8") if target.is_file() else ""
        kept += len(_ids_in(target)) if existing else 0
        if not new:
            continue
        head = (
            existing.rstrip("\n") + "\n\n"
            if existing.strip()
            else "# Drafts from quizgen draft: review with quizgen review.\n\n"
        )
        write_atomic(target, head + dump(new))
        try:
            rel = str(target.resolve().relative_to(root.resolve()))
        except ValueError:
            rel = str(target)
        written[rel] = [d.id for d in new]
    return DraftResult(written, kept, len(proposed) - len(all_drafts))
