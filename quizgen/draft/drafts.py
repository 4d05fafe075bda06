"""Draft bank items from extracted relations: who said a quotation (mcq), whom someone met (short), where
(cloze). Each draft cites verbatim evidence, names its rule and carries the rule's confidence; status draft.

Drafts whose evidence touches a line the catalogue marks as page furniture are not proposed (they would fail
QG202); neither are drafts whose id the bank already uses or a reviewer rejected.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import yaml

from quizgen.core.errors import QuizgenError
from quizgen.core.model import Article, Project, Question
from quizgen.core.suggest import did_you_mean
from quizgen.core.text import DRAFT_SENTENCES, contains_phrase, fold, sentences
from quizgen.draft import answers, dates, meetings, parallel, places, quotes, roles
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
OLD_PREFIX = "draft-"
"""What ids of drafts began with before they were read from the content alone: still read as the same
drafts, and taken off when such a draft is accepted."""
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
    text: str = ""
    """The item as :func:`item_text` writes it, when it was written already ("" when not)."""


def _slug(text: str, words: int = 4) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words]) or "x"


def _in_furniture(article: Article, span: Span) -> bool:
    if not article.furniture:
        return False
    first = article.lines.position(span.start)[0]
    last = article.lines.position(max(span.start, span.end - 1))[0]
    return any(article.furniture_at(line) is not None for line in range(first, last + 1))


@lru_cache(maxsize=4096)  # each quotation's: once for the paragraphs searched, once for its draft
def _excerpt(content: str) -> str:
    content = content.strip()
    # Only the first sentence is wanted: split the first stretch, which holds far more than EXCERPT_WORDS.
    spans = sentences(content, 0, min(len(content), 40 * EXCERPT_WORDS), DRAFT_SENTENCES)
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
    aliases: tuple[str, ...]
    """Other ways of writing the answer that a fair grader accepts."""
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
        return cls.all([article])[0]

    @classmethod
    def all(
        cls,
        articles: Sequence[Article],
        early: parallel.Early[tuple[list[str], bool], _Extracted] | None = None,
    ) -> list[_Found]:
        """What the extractors find in each article: the quotations (and, below :data:`PLACES_BESIDE_QUOTES`,
        the places) in a worker process while the meetings, roles (and places) are found here (:mod:`.parallel`;
        each half about as costly as the other). ``early``: the worker, forked before the articles were loaded
        (:func:`write_drafts`)."""
        texts = [a.text for a in articles]
        size = sum(len(t) for t in texts)
        there = size < PLACES_BESIDE_QUOTES

        def others() -> list[
            tuple[tuple[meetings.Meeting, ...], tuple[places.Placement, ...], tuple[roles.Role, ...]]
        ]:
            return [
                (
                    tuple(meetings.extract(t)),
                    () if there else tuple(places.extract(t)),
                    tuple(roles.extract(t)),
                )
                for t in texts
            ]

        theirs, mine = parallel.run_fed(early or parallel.no_worker(_quoted), (texts, there), others, size)
        return [
            cls(
                a,
                tuple(_unpacked(quotes.Quotation, q, a.text) for q in qs),
                ms,
                tuple(_unpacked(places.Placement, p, a.text) for p in ps) if there else ps_here,
                rs,
            )
            for a, (qs, ps), (ms, ps_here, rs) in zip(articles, theirs, mine, strict=True)
        ]


PLACES_BESIDE_QUOTES = 600_000
"""Below this size of text (all drafted articles together) the places are found in the quotations' worker: the
other side pays a fixed cost, compiling the meeting patterns (about 45 ms), and finished about 28 ms of CPU after
the worker at 1x of the dev articles (0.42 MB), the places costing about 14 ms; at 2x the quotations, which cost
the more per MB, have caught up (the worker then finished about 8 ms first), so the places stay here."""

_Extracted = list[tuple[tuple[object, ...], tuple[object, ...]]]
"""What the worker of :func:`_quoted` sends back: the packed quotations and places of each text."""


def _quoted(value: tuple[list[str], bool]) -> _Extracted:
    """The quotations of each text and, when asked, its places, packed (:func:`_packed`: pickling the objects
    cost a tenth of the run)."""
    texts, with_places = value
    return [
        (
            tuple(_packed(q, t) for q in quotes.extract(t)),
            tuple(_packed(p, t) for p in places.extract(t)) if with_places else (),
        )
        for t in texts
    ]


def _prepare() -> None:
    """What the worker of :func:`_quoted` compiles while the project loads."""
    quotes.prepare()
    places.prepare()


def start_quotations() -> parallel.Early[tuple[list[str], bool], _Extracted]:
    """The quotations' (and places') worker, forked now to compile its patterns while the project loads
    (:func:`parallel.start_early`); :meth:`~parallel.Early.close` it when done."""
    return parallel.start_early(_quoted, _prepare)


_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in (quotes.Quotation, places.Placement)
}


def _packed(found: quotes.Quotation | places.Placement, text: str) -> object:
    """A quotation or placement as the tuple of its fields, each span whose text is the article's there as
    (start, end) only: a tenth of the bytes and of the time to pickle (most of a quotation is its evidence's
    text). One with a field of another tuple type is left whole."""
    values: list[object] = []
    for name in _FIELDS[type(found)]:
        value = getattr(found, name)
        if type(value) is Span:
            start, end = value.start, value.end
            value = (start, end) if text[start:end] == value.text else (start, end, value.text)
        elif type(value) is tuple:
            return found
        values.append(value)
    return tuple(values)


T = TypeVar("T")


def _unpacked(cls: type[T], packed: object, text: str) -> T:
    """The ``cls`` :func:`_packed` packed (``packed`` itself when it was left whole)."""
    if isinstance(packed, cls):
        return packed
    assert isinstance(packed, tuple)
    values: list[Any] = [
        (Span(v[0], v[1], text[v[0] : v[1]]) if len(v) == 2 else Span(*v)) if type(v) is tuple else v
        for v in packed
    ]
    return cls(*values)


@dataclass(frozen=True, slots=True)
class _Pools:
    """Distractor pools, built once per run: the names of each kind (:func:`answers.answer_kind`) per drafted
    article, then the bank's who-said answers of that kind, each candidate read lazily (an item takes three),
    so an item costs the same in a small project as in a large one. The entities of each article (every name
    it mentions as a speaker, party or person with a role) guard its drafts' aliases."""

    by_article: dict[str, dict[str, list[str]]]
    bank: dict[str, tuple[str, ...]]
    roles: dict[str, list[tuple[str, str]]]
    """(name, role) of each role found, per article."""
    entities: dict[str, answers.Entities]

    @classmethod
    def of(cls, project: Project, found: Sequence[_Found]) -> _Pools:
        by_article: dict[str, dict[str, list[str]]] = {}
        roles_by_article: dict[str, list[tuple[str, str]]] = {}
        entities: dict[str, answers.Entities] = {}
        with_role = {r.name.text for f in found for r in f.roles}
        for f in found:
            kinds: dict[str, list[str]] = {k: [] for k in answers.KINDS}
            names: list[str] = []
            for q in f.quotations:
                kind = speaker_kind(q)
                if kind is not None and (
                    kind != "person" or answers.surely_person(q.speaker_name, with_role)
                ):
                    kinds[kind].append(q.speaker_name)
                names.append(q.speaker_name)
            for m in f.meetings:
                kinds["person"].extend(n for n in m.names if answers.surely_person(n, with_role))
                names.extend(m.names)
                if m.place is not None and answers.answer_kind(m.place.text, "place") == "place":
                    kinds["place"].append(m.place.text)
            # Places: only "Where did X meet Y?" offers them; not entities (no other answer's alias changes).
            kinds["place"].extend(
                p.place.text for p in f.places if answers.answer_kind(p.place.text, "place") == "place"
            )
            roles_by_article[f.article.id] = [(r.name.text, r.role.text) for r in f.roles]
            names.extend(r.name.text for r in f.roles)
            by_article[f.article.id] = {k: list(dict.fromkeys(v)) for k, v in kinds.items()}
            entities[f.article.id] = answers.Entities.of(names)
        bank: dict[str, list[str]] = {k: [] for k in answers.KINDS}
        for item in project.bank.questions:
            if item.topic in ("who-said", "met") and isinstance(item.answer, str):
                kind = answers.answer_kind(item.answer)  # never a quotation: "Which did X say?" answers one
                if kind is not None and (kind != "person" or answers.surely_person(item.answer, with_role)):
                    bank[kind].append(item.answer)
        return cls(
            by_article, {k: tuple(dict.fromkeys(v)) for k, v in bank.items()}, roles_by_article, entities
        )

    def candidates(self, article_id: str, kind: str) -> Iterator[str]:
        """Names of ``kind`` for an item on ``article_id``: its own article's first, then the other drafted
        articles', then the bank's; each once."""
        seen: set[str] = set()
        mine = self.by_article[article_id]
        others = (kinds for other, kinds in self.by_article.items() if other != article_id)
        for name in chain(mine[kind], (n for kinds in others for n in kinds[kind]), self.bank[kind]):
            if name not in seen:
                seen.add(name)
                yield name

    def role_candidates(self, article_id: str) -> Iterator[tuple[str, str]]:
        """(name, role) of the roles found, the article's own first."""
        yield from self.roles[article_id]
        for other, found in self.roles.items():
            if other != article_id:
                yield from found


def speaker_kind(q: quotes.Quotation) -> str | None:
    """The kind of a quotation's speaker as an answer (person or organisation), or None when the name is no
    well-formed answer. Reads the extractor's label, the name's shape vetoing it (:func:`answers.answer_kind`)."""
    kind = answers.answer_kind(q.speaker_name, q.answer_kind)
    return kind if kind in ("person", "organisation") else None


@dataclass(frozen=True, slots=True)
class _Near:
    """For each quotation excerpt drafted, the paragraphs of the project's articles holding it: found in one
    pass over each article (Aho-Corasick over all excerpts), not by searching every article per distractor."""

    paragraphs: dict[str, list[str]]

    @classmethod
    def of(cls, heads: Iterable[str], texts: Iterable[str]) -> _Near:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for head in set(heads):
            if head:
                automaton.add_word(head, head)
        found: dict[str, list[str]] = {}
        if len(automaton):
            automaton.make_automaton()
            for text in texts:
                for end, head in automaton.iter(text):
                    start = text.rfind("\n", 0, end) + 1
                    stop = text.find("\n", end)
                    paragraph = text[start : stop if stop >= 0 else len(text)]
                    held = found.setdefault(head, [])
                    if paragraph not in held:
                        held.append(paragraph)
        return cls(found)

    def said_near(self, excerpt: str, name: str) -> bool:
        """Whether ``name`` is in the same paragraph as the excerpt in some article (QG404 would warn)."""
        return any(name in p for p in self.paragraphs.get(_head(excerpt), ()))


def _head(excerpt: str) -> str:
    """The stretch of an excerpt searched for in the articles: up to its first cut, at most 60 characters."""
    return excerpt.rstrip(".").split("...")[0][:60]


def short_id(article_id: str) -> str:
    """A short, stable tag of an article for ids that would otherwise clash with another article's: its id's
    first word and four hex digits of the id's SHA-256 (``000-1a2b``)."""
    first = (re.findall(r"[a-z0-9]+", article_id.lower()) or ["a"])[0][:10]
    return f"{first}-{hashlib.sha256(article_id.encode('utf-8')).hexdigest()[:4]}"


Owners = Mapping[str, frozenset[str]]
"""Ids in use, with the articles the item of each cites (empty when unknown, as for old rejections)."""


def draft(
    project: Project,
    articles: Sequence[Article],
    *,
    rejected: Iterable[str] | Owners = (),
    waiting: Owners | None = None,
    early: parallel.Early[tuple[list[str], bool], _Extracted] | None = None,
) -> list[Draft]:
    """Draft items for ``articles``: deterministic, in article then text order (per article: who said each
    quotation and when, roles, meetings, places).

    Ids are read from the content (the speaker, the quotation's first words, the parties...). An id an item
    of another article already has (in the bank, ``waiting`` or ``rejected``, or drafted earlier in this call)
    gets the article's :func:`short_id`; an id this article's own item has (or an id whose article is not
    known) means the draft was made before and is left out. Drafts a bank item already covers are not left
    out here (:func:`covering_item` finds them, so the caller can say how many it skips). ``early``: the
    quotations' worker if one was forked already (:func:`start_quotations`).
    """
    taken: dict[str, set[str]] = {}
    for q in project.bank.questions:
        taken.setdefault(q.id, set()).update(e.source for e in q.evidence)
    for owners in (
        rejected if isinstance(rejected, Mapping) else {r: frozenset() for r in rejected},
        waiting or {},
    ):
        for qid, sources in owners.items():
            # "": the article is not known. An id of the old scheme ("draft-" and the same words) names the
            # same draft: rejected or waiting, it is not proposed again under the new id.
            for name in {qid, qid.removeprefix(OLD_PREFIX)}:
                taken.setdefault(name, set()).update(sources or {""})
    found = _Found.all(articles, early)
    pools = _Pools.of(project, found)
    heads = (_head(_excerpt(q.content.text)) for f in found for q in f.quotations)
    near = _Near.of(heads, (a.text for a in project.sources.articles.values()))
    out: list[Draft] = []
    for f, proposed in zip(found, _proposed_all(found, pools, near), strict=True):
        mine: set[str] = set()
        for base_id, rest, anchor, body in proposed:
            qid, n = base_id, 2
            while qid in mine:  # the article's own items: numbered in text order, the same on every run
                qid, n = f"{base_id}-{n}", n + 1
            mine.add(qid)
            qid = _claim(qid, f.article.id, taken)
            if qid is not None:
                head: dict[str, object] = {"id": qid}
                out.append(Draft(qid, head | rest, f.article.id, Span(*anchor), item_text(head) + body))
    return out


_Proposed = tuple[str, dict[str, object], tuple[int, int, str], str]
"""A proposal as :func:`_proposed` hands it over: its base id, its bank item but the id, its anchor's (start,
end, text), and the item's text after the id's line (:func:`item_text`; no line of it depends on the id)."""

MIN_PROPOSING_CHARS = 100_000
"""Articles below this size (all drafted articles together) have their drafts made in one process. Measured
on the dev articles (0.42 MB, 2 CPUs): making and writing their drafts costs about 70 ms of CPU, and a worker
making the later half took about 8 ms more than this process took for the earlier half (forking it, pickling
its drafts back): it pays from about 0.1 MB."""


def _proposed_all(found: Sequence[_Found], pools: _Pools, near: _Near) -> list[list[_Proposed]]:
    """Each article's proposals (:func:`_proposed`), in order: from :data:`MIN_PROPOSING_CHARS` on two CPUs, the
    later articles' in a forked worker while the earlier ones' are made here (:func:`parallel.split`; the same
    results either way, a failed worker's share made here)."""
    sizes = [len(f.article.text) for f in found]
    cut, done, total = 0, 0, sum(sizes)
    # A little over half here: the worker makes its share the slower (copy-on-write faults).
    while cut < len(found) and done + sizes[cut] <= 0.52 * total:
        done, cut = done + sizes[cut], cut + 1
    if total < MIN_PROPOSING_CHARS or not parallel.can_split():
        return _proposed(found, pools, near)
    later, earlier = parallel.split(
        lambda: _proposed(found[cut:], pools, near), lambda: _proposed(found[:cut], pools, near)
    )
    return earlier + later


def _proposed(found: Sequence[_Found], pools: _Pools, near: _Near) -> list[list[_Proposed]]:
    """The proposals of each of ``found``, in text order (per article: who said each quotation and when, roles,
    meetings, places), each with its item written but for the id (:data:`_Proposed`)."""
    out: list[list[_Proposed]] = []
    for f in found:
        tag = _slug(f.article.outlet, 3)
        mine: list[_Proposed] = []
        for p in chain(_who_said(f, pools, near), _roles(f, pools), _meetings(f, pools), _places(f)):
            item = _item("x", p, f.article, tag)
            text = item_text(item)
            del item["id"]
            anchor = (p.anchor.start, p.anchor.end, p.anchor.text)
            mine.append((p.base_id, item, anchor, text[text.index("\n") + 1 :]))
        out.append(mine)
    return out


def _claim(qid: str, article_id: str, taken: dict[str, set[str]]) -> str | None:
    """The id an item of ``article_id`` gets (None when that item exists already): ``qid``, or with the
    article's short id when another article's item has ``qid``."""
    owners = taken.get(qid)
    if owners is not None and (article_id in owners or "" in owners):
        return None
    if owners is not None:
        base, qid, n = f"{qid}-{short_id(article_id)}", f"{qid}-{short_id(article_id)}", 2
        while (owners := taken.get(qid)) is not None and article_id not in owners and "" not in owners:
            qid, n = f"{base}-{n}", n + 1
        if owners is not None:
            return None
    taken[qid] = {article_id}
    return qid


def _item(qid: str, p: Proposal, article: Article, tag: str) -> dict[str, object]:
    """A proposal as the bank item written to YAML, keys in the bank's order."""
    item: dict[str, object] = {"id": qid, "type": p.type, "topic": p.topic, "prompt": p.prompt}
    if p.answer is not None:
        item["answer"] = p.answer
    if p.aliases:
        item["aliases"] = list(p.aliases)
    if p.distractors:
        item["distractors"] = list(p.distractors)
    item["evidence"] = [{"source": article.id, "quote": " ".join(e.text.split())} for e in p.evidence]
    item["tags"] = [tag, p.topic]
    item["rule"] = p.rule
    item["confidence"] = round(p.confidence, 2)
    item["review"] = {"status": "draft"}
    return item


def _who_said(f: _Found, pools: _Pools, near: _Near) -> Iterator[Proposal]:
    """Who said each quotation (mcq, or short without three distractors of the speaker's kind), and when, if
    a date follows the cue."""
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
        kind = speaker_kind(q)
        evidence_text = " ".join(e.text for e in evidence).lower()
        name = q.speaker_name.lower()
        distractors: list[str] = []
        for d in pools.candidates(article.id, kind) if kind is not None else ():
            low = d.lower()
            if (
                low not in evidence_text
                and low not in name
                and name not in low
                and not _shares_word(d, q.speaker_name)
                and not near.said_near(excerpt, d)
            ):
                distractors.append(d)
                if len(distractors) == 3:
                    break
        mcq = len(distractors) == 3
        prompt = f'Who said "{excerpt}"?'
        who = _slug(q.speaker_name, 2)
        yield Proposal(
            f"{who}-said-{_slug(excerpt, 4)}",
            "mcq" if mcq else "short",
            "who-said",
            prompt,
            q.speaker_name,
            tuple(distractors) if mcq else (),
            _aliases(q.speaker_name, kind, article, prompt, distractors if mcq else (), pools),
            evidence,
            q.rule,
            quotes.speaker_confidence(q),
            q.content,
        )
        when = _date_after(article.text, q.speaker)
        if when is not None and when.lower() not in excerpt.lower():
            yield Proposal(
                f"{who}-when-{_slug(excerpt, 4)}",
                "short",
                "when",
                f'When did {q.speaker_name} say "{excerpt}"?',
                when,
                (),
                (),
                evidence,
                q.rule,
                q.confidence * 0.9,
                q.content,
            )


def _shares_word(a: str, b: str) -> bool:
    """Whether two people's names share a capitalised word ("Bill Clinton" and "Hillary Clinton"): as
    options they would make a surname alias, or a learner's surname, fit both."""
    return not _capitalised(a).isdisjoint(_capitalised(b))


@lru_cache(maxsize=8192)  # a candidate is weighed for every quotation of the run
def _capitalised(name: str) -> frozenset[str]:
    return frozenset(w for w in name.split() if w[:1].isupper())


def _aliases(
    answer: str, kind: str | None, article: Article, prompt: str, options: Sequence[str], pools: _Pools
) -> tuple[str, ...]:
    """The answer's aliases (:func:`answers.aliases`), but none that another entity of the article or an
    option could answer to, and none the prompt gives away (the answer-in-prompt check)."""
    article_id, text = article.id, article.text
    if kind is None:
        return ()
    folded_prompt = fold(prompt)
    return tuple(
        a
        for a in _answer_aliases(answer, kind, text)
        if not contains_phrase(folded_prompt, fold(a))
        and not pools.entities[article_id].clashes(a, answer, options)
    )


@lru_cache(maxsize=4096)  # a speaker quoted five times is looked up in the article once
def _answer_aliases(answer: str, kind: str, text: str) -> tuple[str, ...]:
    return tuple(answers.aliases(answer, kind, text))


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


def _roles(f: _Found, pools: _Pools) -> Iterator[Proposal]:
    """A named person's post, once per name (mcq with other roles of the drafted articles, the article's own
    first, else short)."""
    article = f.article
    role_names: set[str] = set()
    for r in f.roles:
        if r.name.text in role_names or _in_furniture(article, r.evidence):
            continue
        role_names.add(r.name.text)
        answer = r.role.text
        evidence_text = r.evidence.text.lower()
        options: list[str] = []
        for name, role in pools.role_candidates(article.id):
            if (
                name != r.name.text
                and role[:1].isupper() == answer[:1].isupper()  # "nominee" among "Senator"s gives itself away
                and role not in options
                and role.lower() not in evidence_text
                and role.lower() not in answer.lower()
                and answer.lower() not in role.lower()
            ):
                options.append(role)
                if len(options) == 3:
                    break
        mcq = len(options) == 3
        prompt = f"What is {r.name.text}'s post?"
        yield Proposal(
            f"{_slug(r.name.text, 3)}-role",
            "mcq" if mcq else "short",
            "role",
            prompt,
            answer,
            tuple(options) if mcq else (),
            _aliases(answer, "post", article, prompt, options if mcq else (), pools),
            (r.evidence,),
            r.rule,
            r.confidence,
            Span(min(r.name.start, r.role.start), max(r.name.end, r.role.end), ""),
        )


def _meetings(f: _Found, pools: _Pools) -> Iterator[Proposal]:
    """Whom the first party met, with the place and date the sentence gives; then, when the meeting's place is
    known, where they met. A meeting reported in several sentences is drafted once (:func:`distinct_meetings`)."""
    for m in distinct_meetings(m for m in f.meetings if not _in_furniture(f.article, m.evidence)):
        evidence = _meeting_evidence(f.article, m)
        # A place no verbatim passage can show beside the meeting (a dateline in the same paragraph, cut into
        # sentences apart) is not named in the prompt.
        where = f" in {m.place.text}" if m.place and evidence is not None else ""
        when = f" on {m.date.text}" if m.date else ""
        prompt = f"Whom did {m.names[0]} meet{where}{when}?"
        kind = answers.answer_kind(m.names[1], m.answer_kind)
        yield Proposal(
            f"{_slug(m.names[0], 2)}-met-{_slug(m.names[1], 2)}",
            "short",
            "met",
            prompt,
            m.names[1],
            (),
            _aliases(m.names[1], kind, f.article, prompt, (), pools),
            evidence or (m.evidence,),
            m.rule,
            m.confidence,
            m.evidence,
        )
        where_met = _where_met(f, m, evidence, pools) if evidence is not None else None
        if where_met is not None:
            yield where_met


def _meeting_evidence(article: Article, m: meetings.Meeting) -> tuple[Span, ...] | None:
    """The passages showing a meeting and its place: its sentence, and the passage naming the place when that
    is elsewhere (a dateline, another sentence's opening phrase); None when the place's passage cannot be
    quoted verbatim or is page furniture (then the place is not asked or named)."""
    evidence = [m.evidence]
    place = m.place
    if place is not None and not (m.evidence.start <= place.start and place.end <= m.evidence.end):
        evidence.append(_sentence_around(article.text, place))
    joined = _joined(article.text, evidence)
    if joined is None or any(_in_furniture(article, e) for e in joined):
        return None
    return tuple(joined)


def distinct_meetings(found: Iterable[meetings.Meeting]) -> list[meetings.Meeting]:
    """The meetings, one per meeting reported (in the order each was first reported): two reports are of the
    same meeting when they have the same parties (in any order) and neither their places nor their dates
    differ where both say one (a dateline's place counts as unsaid: it is the article's, not the sentence's).
    Of each meeting, the best-evidenced report is kept (:func:`_evidenced`)."""
    groups: list[list[meetings.Meeting]] = []
    for m in found:
        for group in groups:
            if all(_same_meeting(m, other) for other in group):
                group.append(m)
                break
        else:
            groups.append([m])
    return [max(group, key=_evidenced) for group in groups]


def _same_meeting(a: meetings.Meeting, b: meetings.Meeting) -> bool:
    if {fold(n) for n in a.names} != {fold(n) for n in b.names}:
        return False
    places = [_said_place(m) for m in (a, b)]
    dates_ = [fold(m.date.text) if m.date else None for m in (a, b)]
    return all(None in pair or pair[0] == pair[1] for pair in (places, dates_))


def _said_place(m: meetings.Meeting) -> str | None:
    """The place the meeting's sentence gives (folded), None without one or for a dateline's."""
    return fold(m.place.text) if m.place and m.place_rule != "place-dateline" else None


def _evidenced(m: meetings.Meeting) -> tuple[bool, bool, bool, float, int]:
    """How well a report of a meeting is evidenced: a place its sentence says, any place, a date, the rule's
    confidence; the earlier report on a tie (a later duplicate never replaces it, so ids are stable)."""
    return (
        _said_place(m) is not None,
        m.place is not None,
        m.date is not None,
        m.confidence,
        -m.evidence.start,
    )


def _where_met(f: _Found, m: meetings.Meeting, joined: tuple[Span, ...], pools: _Pools) -> Proposal | None:
    """Where the parties of ``m`` met (mcq with places of the drafted articles, the article's own first, else
    short), from the meeting's place rule, citing ``joined`` (:func:`_meeting_evidence`); None without a
    well-formed place or when the prompt would give it away."""
    article, place = f.article, m.place
    if place is None or answers.answer_kind(place.text, "place") != "place":
        return None
    when = f" on {m.date.text}" if m.date else ""
    prompt = f"Where did {m.names[0]} meet {m.names[1]}{when}?"
    folded = fold(place.text)
    if contains_phrase(fold(prompt), folded):
        return None  # "Where did the Mayor of Portvale meet ...?": the answer is in the question
    evidence_text = fold(" ".join(e.text for e in joined))
    options: list[str] = []
    for d in pools.candidates(article.id, "place"):
        other = fold(d)
        if (
            other
            and not contains_phrase(evidence_text, other)  # named in the passage: no fair wrong option
            and not contains_phrase(other, folded)
            and not contains_phrase(folded, other)
            and not contains_phrase(fold(prompt), other)
            and other not in (fold(o) for o in options)
        ):
            options.append(d)
            if len(options) == 3:
                break
    mcq = len(options) == 3
    rule = meetings.PLACE_RULES[m.place_rule]
    return Proposal(
        f"{_slug(m.names[0], 2)}-met-{_slug(m.names[1], 2)}-where",
        "mcq" if mcq else "short",
        "where",
        prompt,
        place.text,
        tuple(options) if mcq else (),
        _aliases(place.text, "place", article, prompt, options if mcq else (), pools),
        joined,
        rule.name,
        rule.confidence,
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
            f"where-{_slug(p.place.text, 2)}-{_slug(sentence, 3)}",
            "cloze",
            "where",
            cloze,
            None,
            (),
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
            from quizgen.core.grounding import find_quote  # imports rapidfuzz: only when an item may cover

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


@lru_cache(maxsize=4)
def _paragraphs(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """The article's paragraphs and their starts, found once for all its drafts (an article is drafted in one
    go)."""
    found = paragraphs(text)
    return [ps for ps, _ in found], found


def _sentence_around(text: str, span: Span) -> Span:
    """The sentence holding the start of ``span`` (``span`` itself when it lies between sentences)."""
    starts, found = _paragraphs(text)
    i = bisect.bisect_right(starts, span.start) - 1  # paragraphs are disjoint: only this one can hold it
    if i >= 0 and span.start < found[i][1]:
        # sentence_at, on the paragraph's sentences split once (several mentions share a paragraph)
        firsts, spans = _sentences(text, *found[i])
        j = bisect.bisect_right(firsts, span.start) - 1
        if j >= 0 and span.start < spans[j][1]:
            s, e = spans[j]
            return Span(s, e, text[s:e])
    return span


@lru_cache(maxsize=256)
def _sentences(text: str, start: int, end: int) -> tuple[list[int], list[tuple[int, int]]]:
    found = sentences(text, start, end, DRAFT_SENTENCES)
    return [s for s, _ in found], found


def dump(drafts: Sequence[Draft]) -> str:
    """The drafts as a bank file, in the shipped bank's style: block items, flow lists of options and tags,
    a flow ``review``, long text wrapped at 110 columns. An accepted item is moved as written, so the bank
    keeps one style."""
    return "\n".join(d.text or item_text(d.item) for d in drafts)


_WIDTH = 110


class Verbatim(str):
    """A plain scalar written exactly as it was (a confidence ``0.90``, an answer ``false``)."""


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._'()/-]*[A-Za-z0-9.)]|[A-Za-z]")
"""Text PyYAML writes as it is, in block and flow context alike (no indicator, no ``: `` or `` #``): written
without calling PyYAML, whose emitter is most of the cost of writing many drafts."""
_RESOLVER = yaml.resolver.Resolver()


def _reads_as_text(value: str) -> bool:
    """Whether YAML reads ``value`` written plain as text (not ``yes``, ``null``, ``2017``...)."""
    resolvers = _RESOLVER.yaml_implicit_resolvers
    if value and value[0] not in resolvers and None not in resolvers:
        return True  # no implicit type starts with this character: what resolve() would find, sooner
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return tag == "tag:yaml.org,2002:str"


def _plain(value: object) -> bool:
    """Whether ``value`` is text YAML reads back unchanged when written plain (not ``yes``, ``null``...)."""
    return type(value) is str and _plain_text(value)


@lru_cache(maxsize=8192)  # options and tags recur in many drafts
def _plain_text(value: str) -> bool:
    return _PLAIN.fullmatch(value) is not None and "  " not in value and _reads_as_text(value)


_BLOCK_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`. ")


def _block_plain(value: str) -> bool:
    """Whether PyYAML writes ``value`` plain in block context: printable (so its only whitespace is the space;
    str.isprintable is stricter than YAML here: the rest goes to PyYAML), no indicator first, no ": ", " #"
    or two spaces, no space or colon last, and read back as text. String tests, not a pattern with a
    look-ahead at every character: most of the text written is long quotations."""
    if (
        not value
        or not value.isprintable()
        or value[0] in _BLOCK_INDICATORS
        or value[-1] in " :"
        or ": " in value
        or " #" in value
        or "  " in value
    ):
        return False
    return _reads_as_text(value)


def _scalar(value: object, indent: int, key: str) -> str:
    """One YAML scalar (quoted only where needed), continuation lines indented under its key."""
    if isinstance(value, Verbatim):
        return str(value)
    if type(value) is float and math.isfinite(value) and "e" not in repr(value):
        return repr(value)  # PyYAML's float representer, for the finite numbers it writes without exponent
    width = _WIDTH - indent - len(key) - 12  # PyYAML breaks after passing the width, not before
    if (
        isinstance(value, str)
        and value
        and value.isprintable()
        and value.strip(" ") == value
        and "  " not in value
    ):
        # What PyYAML writes for it (tests/test_draft.py compares the two): plain if it may, else in single
        # quotes (a quote doubled); lines broken at the first single space past the width, continuation
        # lines counted from column 2.
        plain = _block_plain(value)
        if not plain and not (value[0] in "'\"" or ": " in value or " #" in value):
            return _dumped(value, indent, width)  # not surely quoted either: as PyYAML decides
        # A line breaks at the first space where its column passes the width: on the first line the column
        # is the offset in ``text`` (the quote counts), on the next ones 2 + the offset from the line's start.
        text = value if plain else "'" + value.replace("'", "''")
        lines, start = [], 0
        cut = text.find(" ", max(width + 1, 0))
        while cut >= 0:
            lines.append(text[start:cut])
            start = cut + 1
            cut = text.find(" ", start + max(width - 1, 0))
        lines.append(text[start:] if plain else text[start:] + "'")
        return ("\n" + " " * (indent + 2)).join(lines)
    return _dumped(value, indent, width)


def _dumped(value: object, indent: int, width: int) -> str:
    text = _safe_dump(value, width)
    text = text.removesuffix("\n").removesuffix("\n...").rstrip("\n")
    lines = text.split("\n")
    return "\n".join([lines[0]] + [" " * (indent + 2) + line.lstrip() for line in lines[1:]])


def _flow(values: object) -> str:
    if isinstance(values, list) and all(_plain(v) for v in values):
        return "[" + ", ".join(str(v) for v in values) + "]"
    if isinstance(values, dict) and all(_plain(k) and _plain(v) for k, v in values.items()):
        return "{" + ", ".join(f"{k}: {v}" for k, v in values.items()) + "}"
    return _safe_dump(values, 10_000).strip()


def _safe_dump(value: object, width: int) -> str:
    """PyYAML's text for ``value``, or, when that does not read back as ``value``, its double-quoted text:
    PyYAML writes a next-line character (U+0085) inside single quotes, where a reader folds it into a space
    and loses it; double quotes escape it (``\\N``)."""
    text = yaml.safe_dump(value, allow_unicode=True, width=width, default_flow_style=True)
    if "\x85" in text and yaml.safe_load(text) != value:
        text = yaml.safe_dump(
            value, allow_unicode=True, width=width, default_flow_style=True, default_style='"'
        )
    return text


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
        elif isinstance(value, (list, dict)):
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
    return set(rejected_owners(root))


_REJECTED_ARTICLE = re.compile(r"\barticle (\S+)")


def rejected_text(root: Path) -> str:
    """The text of ``rejected.txt`` ('' when there is none yet). One that cannot be read (not UTF-8, a FIFO,
    too large) is an error located in it, which was an internal error."""
    from quizgen.load.yamlfile import ReadError, read_text

    path = root / REJECTED_FILE
    if not path.exists() and not path.is_symlink():
        return ""
    try:
        return read_text(path, REJECTED_FILE, max_bytes=256 * 1024 * 1024)  # one line a rejected draft
    except ReadError as exc:
        raise QuizgenError(
            f"{REJECTED_FILE}: cannot read the rejected drafts; nothing was written", [exc.diagnostic]
        ) from None


def rejected_owners(root: Path) -> dict[str, frozenset[str]]:
    """Ids of rejected drafts, with the article each was drafted from when the line says so (``# rejected
    by Ana on 2026-12-01, article cnn-1``; older lines do not: empty)."""
    out: dict[str, frozenset[str]] = {}
    for line in rejected_text(root).splitlines():
        qid, _, note = line.partition("#")
        if qid.strip():
            found = _REJECTED_ARTICLE.search(note)
            out[qid.strip()] = out.get(qid.strip(), frozenset()) | (
                frozenset({found.group(1)}) if found else frozenset()
            )
    return out


def pending_ids(root: Path) -> set[str]:
    """Ids of drafts waiting in ``question_bank/drafts/*.yaml``."""
    return set(pending_owners(root))


def pending_owners(root: Path) -> dict[str, frozenset[str]]:
    """Ids of drafts waiting in ``question_bank/drafts/*.yaml``, with the articles each cites."""
    out: dict[str, frozenset[str]] = {}
    folder = root / DRAFTS_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        for qid, sources in _owners_in(path, f"{DRAFTS_DIR}/{path.name}").items():
            out[qid] = out.get(qid, frozenset()) | sources
    return out


def _ids_in(path: Path, rel: str) -> set[str]:
    return set(_owners_in(path, rel))


def _owners_in(path: Path, rel: str) -> dict[str, frozenset[str]]:
    """The id of each item of a drafts file (``rel``: its path as diagnostics name it), with the sources of its
    evidence."""
    from quizgen.load.yamlfile import ReadError, compose, printable, read_text

    try:
        top = compose(read_text(path, rel), rel)
    except ReadError as exc:
        raise QuizgenError(f"{printable(str(path))}: cannot read the drafts file", [exc.diagnostic]) from None
    out: dict[str, frozenset[str]] = {}
    if isinstance(top, yaml.SequenceNode):
        for item in top.value:
            if not isinstance(item, yaml.MappingNode):
                continue
            fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
            qid = fields.get("id")
            if not isinstance(qid, yaml.ScalarNode):
                continue
            sources: set[str] = set()
            evidence = fields.get("evidence")
            for ev in evidence.value if isinstance(evidence, yaml.SequenceNode) else ():
                if isinstance(ev, yaml.MappingNode):
                    sources.update(
                        v.value
                        for k, v in ev.value
                        if isinstance(k, yaml.ScalarNode)
                        and k.value == "source"
                        and isinstance(v, yaml.ScalarNode)
                    )
            out[qid.value] = out.get(qid.value, frozenset()) | frozenset(sources)
    return out


def write_drafts(root: Path | str, wanted: Sequence[str], *, output: Path | None = None) -> DraftResult:
    """Draft items for the articles ``wanted`` (ids or ``seeds/*.txt`` paths) and write them.

    By default each article's drafts go to ``question_bank/drafts/<article id>.yaml``; ``output`` puts them all
    in one file. Drafts already in a target file are kept byte for byte (a reviewer may have edited them) and
    only new ones are appended; ids in the bank, waiting in any drafts file, or rejected are not proposed, and
    neither are drafts whose question a bank item or a waiting draft already asks (:func:`covering_item`).
    """
    from quizgen.core.fileio import project_lock
    from quizgen.core.gcpause import gc_paused

    root = Path(root)
    # The collector paused for the whole run, the worker's included: a run builds the project, the
    # extractors' findings and the drafts, all alive to its end, and collections walked them (97 here, and
    # the worker's walked all it inherited). Reference counting frees the rest as usual.
    with project_lock(root), gc_paused():
        early = start_quotations()  # compiles its patterns while the project loads here
        try:
            return _write_drafts(root, wanted, output, early)
        finally:
            early.close()


def _write_drafts(
    root: Path,
    wanted: Sequence[str],
    output: Path | None,
    early: parallel.Early[tuple[list[str], bool], _Extracted],
) -> DraftResult:
    from quizgen.core.fileio import finish_pending, write_atomic_all

    # A review killed while moving a draft: finish it first, or its draft would be read twice (or not at all).
    finish_pending(root, tidy=("question_bank", DRAFTS_DIR))
    project, asked = _projects(root)
    articles = resolve_articles(project, root, wanted)
    rejected, waiting = rejected_owners(root), pending_owners(root)
    targets: dict[Path, list[Draft]] = {}
    target_of: dict[str, Path] = {}  # each article's, made once (not once per draft: 1,500 paths at 1x)
    for article in articles:
        target = output if output is not None else root / DRAFTS_DIR / f"{article.id}.yaml"
        target_of[article.id] = target
        targets.setdefault(target, [])
    proposed = draft(project, articles, rejected=rejected, waiting=waiting, early=early)
    index = bank_by_topic_and_source(asked)
    all_drafts = [d for d in proposed if covering_item(project, d, index) is None]
    for d in all_drafts:
        evidence = d.item["evidence"]
        assert isinstance(evidence, list)
        targets[target_of[evidence[-1]["source"]]].append(d)
    written: dict[str, list[str]] = {}
    writes: list[tuple[Path, str]] = []
    kept = 0
    resolved_root = root.resolve()
    for target, new in targets.items():
        try:
            rel = target.resolve().relative_to(resolved_root).as_posix()
        except ValueError:
            rel = str(target)
        existing = _existing(target, resolved_root)
        kept += len(_ids_in(target, rel)) if existing else 0
        if not new:
            continue
        head = (
            existing.rstrip("\n") + "\n\n"
            if existing.strip()
            else "# Drafts from quizgen draft: review with quizgen review.\n\n"
        )
        writes.append((target, head + dump(new)))
        written[rel] = [d.id for d in new]
    write_atomic_all(writes)  # one sync for all the files, not one each
    return DraftResult(written, kept, len(proposed) - len(all_drafts))


def _projects(root: Path) -> tuple[Project, Project]:
    """The project, and the project with the drafts waiting in ``question_bank/drafts/`` loaded as part of its
    bank (what is asked already: a reviewer may have renamed a draft, and its old id would come back). The
    articles are read once for both (reading them again was a third of the cost of a second run)."""
    from quizgen.core.gcpause import gc_paused
    from quizgen.core.root import BANK_DIR
    from quizgen.load import bank as loader
    from quizgen.load.project import load_base

    with gc_paused():
        base = load_base(root)
        folder, drafts = root / BANK_DIR, root / DRAFTS_DIR
        if not folder.is_dir():  # no bank: both empty, as load_project has them (and says why)
            bank, _ = loader.load_bank(root, folder, topics=base.topics, sources=base.known)
            project = Project(str(root), base.sources, bank, base.topics)
            return project, project

        def files(paths: list[Path], what: str) -> list[loader.BankFile]:
            return [loader.load_file(root, p, what, base.topics, base.known) for p in paths]

        own = files(loader.bank_paths(folder), loader.BANK_FILE)
        project = Project(str(root), base.sources, loader.merge(root, folder, own, [])[0], base.topics)
        if not drafts.is_dir():
            return project, project
        waiting = files(loader.bank_paths(drafts), loader.DRAFTS_FILE)
        with_drafts = loader.merge(root, folder, own, waiting)[0]
        return project, Project(str(root), base.sources, with_drafts, base.topics)


def _existing(target: Path, root: Path) -> str:
    """The drafts already in ``target`` ("" when it is new); a folder, or a file that is not UTF-8 text, is
    refused before anything is written."""
    from quizgen.load.yamlfile import ReadError, read_text

    if not target.exists():
        return ""
    if not target.is_file():
        kind = "a folder" if target.is_dir() else "not a regular file (a FIFO or a device)"
        raise QuizgenError(f"{target} is {kind}, not a drafts file: nothing was written; name a file")
    try:
        rel = target.resolve().relative_to(root).as_posix()  # messages name it as the other files
    except ValueError:
        rel = str(target.absolute())  # --output outside the project
    try:
        return read_text(target, rel)
    except ReadError as exc:
        raise QuizgenError(
            f"{target}: cannot read the drafts file; nothing was written", [exc.diagnostic]
        ) from None
