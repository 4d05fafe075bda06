"""Relations between items of one deck: which items ask the same fact, and which give another's answer away.

:func:`relate` computes them from the bank (``docs/relations.md`` defines both precisely); reviewers add what
it misses (``excludes:``) and silence what it gets wrong (``related: {ignore: [...], reason: ...}``). Quiz
assembly, the self-test and the Anki writer build on the value types below.
"""

from __future__ import annotations

import collections
import difflib
import functools
import hashlib
import itertools
import json
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from quizgen.core import display
from quizgen.core.cloze import blank, deletions
from quizgen.core.grounding import find_quote
from quizgen.core.model import Article, Project, Question, QuestionType, ReviewStatus
from quizgen.core.text import fold, normalize, words


@dataclass(frozen=True, slots=True)
class Leak:
    """Text printed with ``giver`` (its prompt, options, statement) answers ``taker``."""

    giver: str
    """Id of the item whose printed text gives the answer away."""
    taker: str
    """Id of the item it answers."""
    reason: str
    """What is given away, for people: e.g. ``prompt prints "on Wednesday", the answer of …``."""
    where: str = "prompt"
    """The giver's bank field that prints it: ``prompt``, ``answer`` or ``distractors.N`` (mcq options)."""


@dataclass(frozen=True, slots=True)
class Elimination:
    """``giver`` rules out a wrong option of the mcq ``taker``: it prints that option (a quotation or reported
    statement) as said in another question, or that option is ``giver``'s own answer, so a learner strikes it
    from ``taker``'s options (a statement has one speaker) and the options that are left answer it."""

    giver: str
    """Id of the item that tells where the option belongs."""
    taker: str
    """Id of the mcq item that loses the option."""
    option: int
    """Which of the taker's distractors (0-based, as in the bank's ``distractors``)."""
    reason: str
    """What rules it out, for people."""
    where: str = "prompt"
    """The giver's bank field: ``prompt`` (its question or statement prints the option) or ``answer``."""


@dataclass(frozen=True, slots=True)
class Relations:
    """Same-fact groups, leaks and eliminations among a set of items."""

    groups: tuple[tuple[str, ...], ...]
    """Same-fact groups: each a sorted tuple of two or more item ids; groups are disjoint and sorted."""
    leaks: tuple[Leak, ...]
    """Leaks, sorted by (giver, taker)."""
    excluded: tuple[tuple[str, str], ...] = field(default=())
    """Pairs a reviewer keeps apart (``excludes:``), each sorted, the whole sorted."""
    eliminations: tuple[Elimination, ...] = field(default=())
    """Eliminations across items, sorted by (giver, taker)."""

    def apart(self) -> Mapping[str, frozenset[str]]:
        """For each related item, the ids that must not appear with it on one form or in one session."""
        pairs: dict[str, set[str]] = {}
        for group in self.groups:
            for a in group:
                pairs.setdefault(a, set()).update(b for b in group if b != a)
        for leak in self.leaks:
            pairs.setdefault(leak.giver, set()).add(leak.taker)
            pairs.setdefault(leak.taker, set()).add(leak.giver)
        for e in self.eliminations:
            pairs.setdefault(e.giver, set()).add(e.taker)
            pairs.setdefault(e.taker, set()).add(e.giver)
        for a, b in self.excluded:
            pairs.setdefault(a, set()).add(b)
            pairs.setdefault(b, set()).add(a)
        return {k: frozenset(v) for k, v in sorted(pairs.items())}

    def group_of(self) -> Mapping[str, tuple[str, ...]]:
        """Each grouped item's same-fact group."""
        return {i: g for g in self.groups for i in g}


NO_RELATIONS = Relations(groups=(), leaks=())


def related_pairs(relations: Relations, ids: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs among ``ids`` that must be kept apart, sorted (for tests and reports)."""
    chosen = set(ids)
    apart = relations.apart()
    return sorted({(min(a, b), max(a, b)) for a in chosen for b in apart.get(a, ()) if b in chosen})


def group_name(group: Sequence[str]) -> str:
    """The stable name of a same-fact group: its first id (ids never change, and groups are sorted)."""
    return group[0]


# --- The analysis ---------------------------------------------------------------------------------------
#
# Words that tie nothing to anything: function words, question words and verbs of saying (every who-said
# item has them). Content words are the rest.
_STOP = frozenset(
    """a an the and or but nor of to in on at by for from with as into onto over under about after before
    than that this these those it its it's they them their there here is are was were be been being has have
    had do does did will would shall should can could may might must not no so such which who whom whose what
    when where why how whether if then also only very more most much many some any each every either neither
    both all other others another our we us i you he she his her him one two according said say says saying
    told tell report reports reported reporting statement statements of these quoted give gives given gave
    word words week day kind sort which""".split()
)
_WINDOW = 5
"""Words either side of a printed answer in which the taker's question must reappear for it to count."""
_LONG = 3
"""An answer of fewer content words needs two words of the taker's question next to it; one of more than
this many (a quotation) may be matched reworded, and even common words next to it tie."""
_COMMON_SHARE = 0.2
"""A word printed by more than this share of the bank's items (THAAD, China, ...) ties nothing."""
_COVER_TRUE = 0.8
"""Share of a true statement's content words another text must print to restate it."""
_COVER_FALSE = 2 / 3
"""Share of a false statement's corrected words another text must print to correct it."""


@functools.lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    """The folded words of a text, possessives dropped ("Ministry's" is "ministry").

    Remembered: an item's prompt is read for the common words and again for its view, an mcq's answer as a
    printed option and as the phrase that answers it."""
    folded = fold(text)
    if "'s" not in folded:  # no word ends with a possessive
        return tuple(words(folded))
    return tuple(w.removesuffix("'s") for w in words(folded))


def _content(ws: Iterable[str]) -> list[str]:
    return [w for w in ws if w not in _STOP and (len(w) > 2 or w.isdigit())]


@functools.cache
def _stem(w: str) -> str:
    """A crude stem, so that "meet"/"meeting" and "Korea"/"Korean's" tie; never used for matching answers."""
    w = w.removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s", "n"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


@dataclass(frozen=True, slots=True)
class _View:
    """An item as the analysis sees it: what is printed with it, and what would answer it."""

    question: Question
    segments: tuple[tuple[str, tuple[str, ...]], ...]
    """Printed texts as folded words, each with its bank field (prompt, answer, distractors.N)."""
    answers: tuple[tuple[str, ...], ...]
    """Phrases that answer it (answer, aliases, cloze deletions), as folded words."""
    key: frozenset[str]
    """True-false: the content words that decide it (false: the corrected words; true: the statement's)."""
    question_words: frozenset[str]
    """Stems of the content words of its question (outlet names left out): what a giveaway must mention."""
    sets: tuple[frozenset[str], ...] = ()
    """The words of each segment, as sets (to rule most pairs out before looking for phrases)."""
    wanted: tuple[frozenset[str], ...] = ()
    """The content words of each answer phrase."""
    need: int = 1
    """How many words of its question must stand next to its answer: 2 for a one-word answer ("May")."""
    shown: tuple[tuple[str, ...], ...] = ()
    """Each segment's words as written (case kept), to quote them to people; aligned with ``segments``."""
    wrong: tuple[tuple[int, tuple[str, ...], frozenset[str]], ...] = ()
    """An mcq's wrong options that are statements (its answer and they of more than :data:`_LONG` content
    words: "Which of these did X say?"), each as (distractor index, folded words, content words)."""
    statement: frozenset[str] = frozenset()
    """An mcq's answer as content words when it is a statement (more than :data:`_LONG` of them)."""

    def quote(self, index: int, lo: int, hi: int) -> str:
        """Words ``lo:hi`` of segment ``index`` as written, for a message."""
        return " ".join(self.shown[index][max(0, lo) : hi])


def _view(q: Question, outlets: frozenset[str], names: _Names) -> _View:
    q = display.shown(q)  # what a learner reads: a cloze's context (who speaks) is printed before its text
    shown = blank(q.prompt) if q.type is QuestionType.CLOZE else q.prompt
    prompt = _cut(_words(shown), names)
    segments: list[tuple[str, tuple[str, ...]]] = [("prompt", prompt)]
    if q.type is QuestionType.MCQ and isinstance(q.answer, str):
        segments.append(("answer", _words(q.answer)))
        segments += [(f"distractors.{i}", _words(d)) for i, d in enumerate(q.distractors)]
    answers: list[str] = []
    if q.type is QuestionType.CLOZE:
        answers = [d.text for d in deletions(q.prompt)]
    elif isinstance(q.answer, str):
        answers = [q.answer, *q.aliases]
    phrases = tuple(dict.fromkeys(p for p in (_words(a) for a in answers) if p))
    key: frozenset[str] = frozenset()
    ask = set(_content(prompt))
    if q.type is QuestionType.TRUE_FALSE:
        if q.answer is False and q.correction:
            changed_from, changed_to = _changes(list(prompt), list(_words(q.correction)))
            key = frozenset(_content(changed_to))
            ask -= set(changed_from)
        else:
            key = frozenset(_content(prompt))
    ask -= outlets  # "According to TRT World" says which report, not what it reports
    wanted = tuple(frozenset(_content(p)) for p in phrases)
    need = 1 if phrases and len(_content(phrases[0])) > 1 else 2  # "China", "May": one shared word is chance
    texts = [shown] + ([q.answer, *q.distractors] if len(segments) > 1 and isinstance(q.answer, str) else [])
    written = []
    for text, (_, seg) in zip(texts, segments, strict=True):
        kept = tuple(words(normalize(text)))
        written.append(kept if len(kept) == len(seg) else seg)  # case-folding split a word: show it folded
    wrong: tuple[tuple[int, tuple[str, ...], frozenset[str]], ...] = ()
    statement: frozenset[str] = frozenset()
    if q.type is QuestionType.MCQ and isinstance(q.answer, str):
        statement = frozenset(_content(segments[1][1]))  # the answer's words, as printed among the options
        if len(statement) > _LONG:
            options = ((i, seg) for i, (_, seg) in enumerate(segments[2:]))
            wrong = tuple((i, ws, c) for i, ws in options if len(c := frozenset(_content(ws))) > _LONG)
        else:
            statement = frozenset()
    return _View(
        q, tuple(segments), phrases, key, frozenset(_stem(w) for w in ask),
        tuple(frozenset(seg) for _, seg in segments), wanted, need, tuple(written), wrong, statement,
    )  # fmt: skip


def _changes(statement: list[str], correction: list[str]) -> tuple[list[str], list[str]]:
    """The words a correction replaces in a false statement, and the words it puts instead."""
    out_from: list[str] = []
    out_to: list[str] = []
    matcher = difflib.SequenceMatcher(a=statement, b=correction, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out_from += statement[i1:i2]
            out_to += correction[j1:j2]
    return out_from, out_to


_Names = Mapping[str, Sequence[tuple[int, tuple[str, ...]]]]
"""Outlet names by their first word, each with its rank (longest first: "China Topix" is cut before "China")."""


def _names_by_first(names: Sequence[tuple[str, ...]]) -> _Names:
    out: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for rank, name in enumerate(names):
        out.setdefault(name[0], []).append((rank, name))
    return out


def _cut(seg: tuple[str, ...], names: _Names) -> tuple[str, ...]:
    """``seg`` with outlet names ("China Topix") replaced by a break: "China" in one answers nothing."""
    out = list(seg)
    present = set(seg)
    found = sorted(n for w in present for n in names.get(w, ()) if present.issuperset(n[1]))
    for _, name in found:  # only the outlets named here, longest first
        for lo, hi in list(_occurrences(out, name)):
            out[lo:hi] = ["|"] * (hi - lo)
    return tuple(out)


def _around(seg: Sequence[str], lo: int, hi: int, leave: Iterable[str]) -> list[str]:
    """Up to :data:`_WINDOW` content words either side of ``seg[lo:hi]``, without the words of ``leave``."""
    skip = set(leave)
    before = [w for w in _content(seg[:lo]) if w not in skip][-_WINDOW:]
    after = [w for w in _content(seg[hi:]) if w not in skip][:_WINDOW]
    return before + after


def _occurrences(
    seq: Sequence[str], phrase: Sequence[str], wanted: frozenset[str] | None = None
) -> Iterable[tuple[int, int]]:
    """Where ``phrase`` is in ``seq``, as word ranges: verbatim, or for a long phrase (a quotation) a stretch
    no longer than it that holds 80% of its content words (quotations are reworded: "would" for "will")."""
    seq, phrase = tuple(seq), tuple(phrase)
    n = len(phrase)
    exact = False
    i = -1
    while True:
        try:
            i = seq.index(phrase[0], i + 1)
        except ValueError:
            break
        if seq[i : i + n] == phrase:
            exact = True
            yield i, i + n
    if wanted is None:
        wanted = frozenset(_content(phrase))
    if exact or len(wanted) < _LONG + 1:
        return
    for i, w in enumerate(seq):
        if w not in wanted:
            continue
        window = seq[i : i + n + 2]
        if len(wanted.intersection(window)) >= _COVER_TRUE * len(wanted):
            last = max(j for j, w in enumerate(window) if w in wanted)
            yield i, i + last + 1
            return


class _Analysis:
    """The relations of a set of items, with the word statistics of the whole bank."""

    def __init__(self, project: Project, views: Mapping[str, _View]) -> None:
        self.project = project
        self.views = views
        self.common = common_words(project)
        self.spans: dict[str, list[tuple[str, int, int]]] = {}

    def _ties(self, taker: _View, around: Iterable[str], long: bool) -> set[str]:
        """The words of the taker's question among ``around`` (the giver's words next to the answer).

        Words most items print (THAAD, China) tie nothing, except next to a long answer, which is specific
        enough by itself that "(THAAD)" after "Terminal High Altitude Area Defense" settles it.
        """
        return {
            _stem(w)
            for w in around
            if _stem(w) in taker.question_words and w not in _STOP and (long or _stem(w) not in self.common)
        }

    def leak(self, giver: _View, taker: _View) -> tuple[str, str] | None:
        """``(field of giver, what it prints)`` when text printed with ``giver`` answers ``taker``."""
        for index, ((key, seg), present) in enumerate(zip(giver.segments, giver.sets, strict=True)):
            for phrase, wanted in zip(taker.answers, taker.wanted, strict=True):
                size = len(wanted)
                if size > _LONG:
                    if len(wanted & present) < _COVER_TRUE * size:
                        continue
                elif not present.issuperset(phrase):
                    continue
                for lo, hi in _occurrences(seg, phrase, wanted):
                    around = _around(seg, lo, hi, phrase)
                    if len(self._ties(taker, around, size > _LONG)) >= taker.need:
                        return key, giver.quote(index, lo - 3, hi + 3)
            if taker.key and present & taker.key:
                where = [i for i, w in enumerate(seg) if w in taker.key]
                found = {seg[i] for i in where}
                true = taker.question.answer is not False
                share = _COVER_TRUE if true else _COVER_FALSE
                if not where or len(found) < share * len(taker.key):
                    continue
                lo, hi = min(where), max(where) + 1
                around = _around(seg, lo, hi, taker.key) + [w for w in seg[lo:hi] if w not in taker.key]
                if true or self._ties(taker, around, False):
                    return key, giver.quote(index, lo - 2, hi + 2)
        return None

    def eliminates(self, giver: _View, taker: _View) -> tuple[int, str, str] | None:
        """``(option, field of giver, what it prints)`` when ``giver`` rules out a wrong option of ``taker``:
        its prompt prints the option (verbatim, or 80% of its content words in a stretch as long), or its own
        answer is the option (one holding 80% of the other's content words)."""
        prompt, present = giver.segments[0][1], giver.sets[0]
        for index, phrase, wanted in taker.wrong:
            if len(wanted & present) >= _COVER_TRUE * len(wanted):
                for lo, hi in _occurrences(prompt, phrase, wanted):
                    return index, "prompt", giver.quote(0, lo, hi)
            if giver.statement:
                shared = len(wanted & giver.statement)
                if shared >= _COVER_TRUE * len(wanted) or shared >= _COVER_TRUE * len(giver.statement):
                    return index, "answer", str(giver.question.answer)
        return None

    def gives(self, giver: _View, taker: _View) -> bool:
        """Whether the giver's question itself (its prompt) prints what answers the taker."""
        prompt = giver.segments[0][1]
        if any(True for phrase in taker.answers for _ in _occurrences(prompt, phrase)):
            return True
        if taker.key and taker.question.answer is False:
            return len(taker.key & set(prompt)) >= _COVER_FALSE * len(taker.key)
        return False

    def restates(self, statement: _View, other: _View) -> bool:
        """Whether ``other``'s question with its answer filled in says what a true statement says."""
        said = set(other.segments[0][1]) | {w for phrase in other.answers for w in phrase}
        if other.key and other.question.answer is not False:
            said |= other.key
        return bool(statement.key) and len(statement.key & said) >= _COVER_TRUE * len(statement.key)

    def same_fact(self, a: _View, b: _View) -> bool:
        """Same passage, and each item's question gives the other's answer (or states it, for true statements)."""
        if not self._overlap(a.question, b.question):
            return False
        true_a = a.question.type is QuestionType.TRUE_FALSE and a.question.answer is True
        true_b = b.question.type is QuestionType.TRUE_FALSE and b.question.answer is True
        if true_a and true_b:
            return self.restates(a, b) and self.restates(b, a)
        if true_a:
            return self.restates(a, b) and self.gives(a, b)
        if true_b:
            return self.restates(b, a) and self.gives(b, a)
        return self.gives(a, b) and self.gives(b, a)

    def spans_of(self, q: Question) -> list[tuple[str, int, int]]:
        """Where each of ``q``'s evidence quotes is found: (article id, start, end), computed once."""
        spans = self.spans.get(q.id)
        if spans is None:
            spans = []
            for e in q.evidence:
                article = self.project.sources.articles.get(e.source)
                if article is not None:
                    spans += [(e.source, m.start, m.end) for m in find_quote(article, e.quote)]
            self.spans[q.id] = spans
        return spans

    def _overlap(self, a: Question, b: Question) -> bool:
        return any(
            sa == sb and start_a < end_b and start_b < end_a
            for sa, start_a, end_a in self.spans_of(a)
            for sb, start_b, end_b in self.spans_of(b)
        )


_IGNORE_ALL = "all"


@dataclass(frozen=True, slots=True)
class Findings:
    """What the analysis finds among a set of items before reviewer decisions and same-fact groups are applied:
    every pair is judged on the two items alone (and the bank's common words and the outlets' names), so the
    findings among unchanged items stay true when others change (:func:`refind`)."""

    same: tuple[tuple[str, str], ...]
    """Pairs (sorted, the whole sorted) that test the same fact."""
    leaks: tuple[Leak, ...]
    """Every leak, including those between items of one group and those a reviewer silenced; by (giver, taker)."""
    eliminations: tuple[Elimination, ...]
    """Every elimination, likewise."""
    common: frozenset[str] = frozenset()
    """The bank's common words they were found with (leaks depend on them: see :meth:`_Analysis._ties`)."""


def relate(
    project: Project, ids: Iterable[str], *, honour_reviews: bool = True, exhaustive: bool = False
) -> Relations:
    """The same-fact groups, leaks and reviewer exclusions among the items ``ids`` of ``project``.

    Unknown ids are skipped. Pairs a reviewer silenced (``related: ignore``) are left out unless
    ``honour_reviews`` is false (to find decisions that silence nothing); a leak between two items of one
    same-fact group is not listed (the group keeps them apart already). Only the pairs the indexes find can be
    related (:func:`_same_fact_candidates`, :class:`_Printed`); ``exhaustive`` looks at every pair instead,
    the reference the indexes must agree with (tests compare the two on random banks).
    """
    by_id = _chosen(project, ids)
    return settle(by_id, _find(project, by_id, exhaustive=exhaustive), honour_reviews=honour_reviews)


def find(project: Project, ids: Iterable[str], *, by_id: Mapping[str, Question] | None = None) -> Findings:
    """The :class:`Findings` among the items ``ids`` of ``project`` (unknown ids skipped); ``by_id``: the bank's
    items by id, if the caller has them (finding a deck's items in it, not in a pass over the whole bank)."""
    return _find(project, _chosen(project, ids, by_id))


def refind(
    project: Project,
    ids: Iterable[str],
    before: Findings,
    unchanged: Iterable[str],
    *,
    by_id: Mapping[str, Question] | None = None,
) -> Findings:
    """:func:`find`, given the findings ``before`` of an earlier version of the bank and the ids whose items
    are unchanged since (as :func:`item_key` sees them, with the same :func:`outlets_key`): only pairs with a
    changed or new item are judged again (and every leak when the bank's common words changed). The result
    equals :func:`find`'s."""
    return _find(project, _chosen(project, ids, by_id), before=before, unchanged=frozenset(unchanged))


_BY_ID: list[tuple[Project, dict[str, Question]]] = []
_ID = operator.attrgetter("id")
_STEMS = operator.itemgetter(1)


def questions_by_id(project: Project) -> Mapping[str, Question]:
    """The bank's items by id (the last of a repeated id), made once for the project last asked about: the
    incremental check's relating and the relations' diagnostics each made it of all 100,000 items."""
    if _BY_ID and _BY_ID[0][0] is project:
        return _BY_ID[0][1]
    questions = project.bank.questions
    found = dict(zip(map(_ID, questions), questions, strict=True))  # made in C, not one item at a time
    _BY_ID[:] = [(project, found)]
    return found


def _chosen(
    project: Project, ids: Iterable[str], by_id: Mapping[str, Question] | None = None
) -> dict[str, Question]:
    if by_id is not None:  # a pass over the bank per deck was most of relating one edited deck of 100
        return {qid: by_id[qid] for qid in dict.fromkeys(ids) if qid in by_id}
    chosen = set(ids)
    return {q.id: q for q in project.bank.questions if q.id in chosen}


def item_key(q: Question, articles: Mapping[str, Article]) -> str:
    """A hash of what the analysis reads of one item: its printed texts, answers, evidence (with the cited
    ``articles``' contents) and reviewer decisions, not where it is written in the bank."""
    evidence = []
    for e in q.evidence:
        article = articles.get(e.source)
        evidence += [e.source, e.quote, "" if article is None else article.digest]
    answer = q.answer if q.answer is None or isinstance(q.answer, str) else str(q.answer)
    data = [q.id, q.type.value, q.prompt, answer, q.aliases, q.distractors, q.correction, q.context,
            q.review.status.value, evidence, q.excludes, q.ignore_related]  # fmt: skip
    return hashlib.blake2b(json.dumps(data, ensure_ascii=False).encode(), digest_size=16).hexdigest()


def outlets_key(project: Project) -> str:
    """A hash of the outlets' names, which every item's analysis leaves out of its question."""
    names, _, _ = _outlet_names(project)
    return hashlib.blake2b(json.dumps(sorted(names)).encode(), digest_size=16).hexdigest()


def _outlet_names(project: Project) -> tuple[list[tuple[str, ...]], frozenset[str], _Names]:
    """The outlets' names as folded words (longest first), all their words, and the names by first word."""
    if _OUTLETS and _OUTLETS[0][0] is project:
        return _OUTLETS[0][1]
    names = sorted(
        {_words(a.outlet) for a in project.sources.articles.values()} - {()}, key=len, reverse=True
    )
    found = (names, frozenset(w for name in names for w in name), _names_by_first(names))
    _OUTLETS[:] = [(project, found)]
    return found


_OUTLETS: list[tuple[Project, tuple[list[tuple[str, ...]], frozenset[str], _Names]]] = []
_COMMON: list[tuple[Project, frozenset[str]]] = []


def prompt_stems(q: Question) -> tuple[str, ...]:
    """The stems of the content words of ``q``'s prompt, sorted (what :func:`common_words` counts)."""
    return tuple(sorted({_stem(w) for w in _content(_words(q.prompt))}))


def common_of(project: Project, counts: Mapping[str, int], live: int) -> frozenset[str]:
    """What :func:`common_words` gives for ``project`` when ``counts`` holds, for each stem, how many of its
    ``live`` (not retired) items' :func:`prompt_stems` have it (counted elsewhere: the check's workers);
    remembered for the project as :func:`common_words` remembers what it finds."""
    limit = max(3, int(_COMMON_SHARE * live))
    common = frozenset(w for w, n in counts.items() if n > limit)
    _COMMON[:] = [(project, common)]
    return common


def stem_counts(questions: Iterable[Question], counts: dict[str, int]) -> int:
    """Add to ``counts`` the :func:`prompt_stems` of the live ones of ``questions``; how many were live."""
    live = 0
    for q in questions:
        if q.status is not ReviewStatus.RETIRED:
            live += 1
            for w in prompt_stems(q):
                counts[w] = counts.get(w, 0) + 1
    return live


def common_words(
    project: Project, marks: Mapping[str, tuple[str, Sequence[str]]] | None = None
) -> frozenset[str]:
    """Stems of the words printed in the prompts of more than :data:`_COMMON_SHARE` of the bank's live items (at
    least 3), computed once per project however many decks are related. ``marks`` may give, by id, some items'
    :func:`item_key` and :func:`prompt_stems` (the incremental check keeps them), to save finding the stems."""
    if _COMMON and _COMMON[0][0] is project:
        return _COMMON[0][1]
    bank = [q for q in project.bank.questions if q.status is not ReviewStatus.RETIRED]
    known = marks or {}
    ids = list(map(_ID, bank))
    # Counted in C (a Counter over the chained stems): counting 700,000 words one by one took 0.15 s.
    if all(map(known.__contains__, ids)):  # every item's stems known: found in C too
        stems: Iterable[Sequence[str]] = map(_STEMS, map(known.__getitem__, ids))
    else:
        stems = (prompt_stems(q) if (found := known.get(q.id)) is None else found[1] for q in bank)
    counts = collections.Counter(itertools.chain.from_iterable(stems))
    return common_of(project, counts, len(bank))


def _find(
    project: Project,
    by_id: Mapping[str, Question],
    *,
    exhaustive: bool = False,
    before: Findings | None = None,
    unchanged: frozenset[str] = frozenset(),
) -> Findings:
    if before is not None and unchanged.issuperset(by_id) and before.common == common_words(project):
        return Findings(  # nothing to judge again (some items may have left)
            tuple(p for p in before.same if p[0] in by_id and p[1] in by_id),
            tuple(x for x in before.leaks if x.giver in by_id and x.taker in by_id),
            tuple(x for x in before.eliminations if x.giver in by_id and x.taker in by_id),
            before.common,
        )
    _, outlets, by_first = _outlet_names(project)
    views = {qid: _view(by_id[qid], outlets, by_first) for qid in sorted(by_id)}
    analysis = _Analysis(project, views)
    order = list(views)
    kept = unchanged.intersection(views) if before is not None else frozenset()
    changed = [qid for qid in order if qid not in kept]
    same: list[tuple[str, str]] = []
    leaks: list[Leak] = []
    eliminations: list[Elimination] = []
    # Leaks among unchanged items still hold while the common words do (they tie nothing to a question).
    kept_leaks = kept if before is not None and before.common == analysis.common else frozenset()
    if before is not None:  # what was found among unchanged items still holds
        same += [p for p in before.same if p[0] in kept and p[1] in kept]
        leaks += [x for x in before.leaks if x.giver in kept_leaks and x.taker in kept_leaks]
        eliminations += [x for x in before.eliminations if x.giver in kept and x.taker in kept]
    if exhaustive:
        pairs = [(a, b) for i, a in enumerate(order) for b in order[i + 1 :]]
    elif kept:
        # Only pairs with a changed item are judged, and theirs overlap in an article a changed item cites: the
        # quotes of the items citing none of those are not looked for (nor their articles' texts read).
        cited = {e.source for qid in changed for e in views[qid].question.evidence}
        swept = [qid for qid in order
                 if qid not in kept or any(e.source in cited for e in views[qid].question.evidence)]  # fmt: skip
        pairs = _same_fact_candidates(analysis, swept)
    else:
        pairs = _same_fact_candidates(analysis, order)
    if kept:
        pairs = [(a, b) for a, b in pairs if a not in kept or b not in kept]
    same += [(a, b) for a, b in pairs if analysis.same_fact(views[a], views[b])]
    # Who may leak or eliminate whom: every item of the index over all, or (an unchanged taker) a changed item.
    printed = None if exhaustive else _Printed(views, analysis.common)
    small = _Printed({qid: views[qid] for qid in changed}, analysis.common) if kept and printed else None
    for taker in order:
        view = views[taker]
        index = small if small is not None and taker in kept else printed
        leak_index = small if small is not None and taker in kept_leaks else printed
        for giver in order if leak_index is None else leak_index.givers(view):
            if giver == taker:
                continue
            leaked = analysis.leak(views[giver], view)
            if leaked is not None:
                where, text = leaked
                words_for = _FIELD_WORDS.get(where.split(".")[0], where)
                leaks.append(Leak(giver, taker, f'{words_for} prints "{text}"', where))
        if not view.wrong:
            continue
        for giver in order if index is None else index.eliminators(view):
            if giver == taker:
                continue
            ruled_out = analysis.eliminates(views[giver], view)
            if ruled_out is not None:
                option, where, text = ruled_out
                said = "its question prints" if where == "prompt" else "its answer is"
                eliminations.append(Elimination(giver, taker, option, f'{said} "{text}", a wrong option of {taker}',
                                                where))  # fmt: skip
    same.sort()
    leaks.sort(key=lambda x: (x.giver, x.taker))
    eliminations.sort(key=lambda x: (x.giver, x.taker))
    return Findings(tuple(same), tuple(leaks), tuple(eliminations), analysis.common)


def settle(by_id: Mapping[str, Question], found: Findings, *, honour_reviews: bool = True) -> Relations:
    """The relations among the items ``by_id`` from what the analysis found among them: same-fact pairs joined
    into groups, and (with ``honour_reviews``) the pairs reviewers silenced left out; a leak or an elimination
    within one group is not listed (the group keeps the two apart already)."""
    parent: dict[str, str] = {}  # the items of same-fact pairs alone: any other is a group of one

    def root(x: str) -> str:
        if x not in parent:
            if x not in by_id:
                raise KeyError(x)
            parent[x] = x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    silenced = {frozenset((q.id, o)) for q in by_id.values() for o in q.ignore_related}
    loud = {q.id for q in by_id.values() if _IGNORE_ALL in q.ignore_related}

    def ignored(a: str, b: str) -> bool:
        if not honour_reviews or not silenced:
            return False
        return a in loud or b in loud or frozenset((a, b)) in silenced

    for a, b in found.same:
        if not ignored(a, b):
            ra, rb = root(a), root(b)
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    # An item in no same-fact pair is a group of one, left out: only the paired items are looked at (a root()
    # call for each of a deck's 1,000 items, for every deck, was most of settling).
    for qid in sorted(parent):
        members.setdefault(root(qid), []).append(qid)
    groups = tuple(sorted(tuple(sorted(m)) for m in members.values() if len(m) > 1))
    group_of = {qid: g for g in groups for qid in g}

    def apart(giver: str, taker: str) -> bool:
        if ignored(giver, taker):
            return False
        return giver not in group_of or group_of[giver] is not group_of.get(taker)

    leaks = tuple(x for x in found.leaks if apart(x.giver, x.taker))
    eliminations = tuple(x for x in found.eliminations if apart(x.giver, x.taker))
    excluded = sorted(
        {
            (min(q.id, other), max(q.id, other))
            for q in by_id.values()
            for other in q.excludes
            if other in by_id and other != q.id
        }
    )
    return Relations(groups, leaks, tuple(excluded), eliminations)


_RECENT: list[tuple[Project, tuple[frozenset[str], bool], Relations]] = []
"""The relations last computed for one project (a few id sets): see :func:`relations_of`."""
_KEEP = 8
"""How many id sets :func:`relations_of` remembers (more when :func:`remember` was told of more decks)."""


def relations_of(project: Project, ids: Iterable[str], *, honour_reviews: bool = True) -> Relations:
    """:func:`relate` of ``ids``, remembered for the project last asked about: one check or build asks for a
    deck's relations in several places (its notes, Anki group tags, printed and HTML forms). Only the latest
    project is kept (a new one forgets the old), and projects are immutable, so a remembered value is current."""
    key = (frozenset(ids), honour_reviews)
    if _RECENT and _RECENT[0][0] is not project:
        _RECENT.clear()
    for _, known, found in _RECENT:
        if known == key:
            return found
    found = relate(project, key[0], honour_reviews=honour_reviews)
    _RECENT.insert(0, (project, key, found))
    del _RECENT[_KEEP:]
    return found


def remember(project: Project, found: Mapping[tuple[frozenset[str], bool], Relations]) -> None:
    """Let :func:`relations_of` answer with ``found`` (the relations of each id set and ``honour_reviews``,
    computed otherwise: the incremental check's, :mod:`quizgen.checks.cache`) for ``project``."""
    if _RECENT and _RECENT[0][0] is not project:
        _RECENT.clear()
    known = {key for _, key, _ in _RECENT}
    _RECENT[:0] = [(project, key, value) for key, value in found.items() if key not in known]
    del _RECENT[max(_KEEP, len(found)) :]


def _same_fact_candidates(analysis: _Analysis, order: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs whose evidence spans overlap in one article (what :meth:`_Analysis.same_fact` needs first),
    found by a sweep over each article's spans sorted by start: work grows with the overlaps, not the pairs."""
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    for qid in order:
        for source, start, end in analysis.spans_of(analysis.views[qid].question):
            by_source.setdefault(source, []).append((start, end, qid))
    pairs: set[tuple[str, str]] = set()
    for spans in by_source.values():
        spans.sort()
        active: list[tuple[int, str]] = []  # (end, id) of the spans begun so far
        for start, end, qid in spans:
            active = [(e, other) for e, other in active if e > start]
            pairs.update((min(qid, other), max(qid, other)) for _, other in active if other != qid)
            active.append((end, qid))
    return sorted(pairs)


def _least(ws: Iterable[str], share: float, postings: Mapping[str, Sequence[int]]) -> list[str]:
    """The rarest words of ``ws``, one more than may be missing when ``share`` of them must be present: a text
    holding that share holds at least one of these (pigeonhole)."""
    ranked = sorted(set(ws), key=lambda w: (len(postings.get(w, ())), w))
    must = next(k for k in range(len(ranked) + 1) if k >= share * len(ranked))
    return ranked[: len(ranked) - must + 1]


class _Printed:
    """An inverted index over every printed segment (prompt, each option): word -> segments printing it.

    :meth:`givers` names the items that can leak a taker: a segment of theirs must hold what
    :meth:`_Analysis.leak` looks for (all of a short answer's words, 80% of a long one's, the share of a
    true-false item's key words) and as many words of the taker's question as it needs beside the answer.
    These are necessary conditions only; :meth:`_Analysis.leak` decides. Looking up the rarest word of each
    answer instead of every pair keeps the work near the number of items.
    """

    def __init__(self, views: Mapping[str, _View], common: frozenset[str]) -> None:
        self.common = common
        self.owner: list[str] = []
        self.field: list[str] = []
        """Per segment, the bank field it prints (``prompt``, ``answer``, ``distractors.N``)."""
        self.words: list[frozenset[str]] = []
        self.stems: list[frozenset[str]] = []
        """Per segment, the stems of its words (stop words left out): what may tie it to a question."""
        self.postings: dict[str, list[int]] = {}
        for qid, view in views.items():
            for (key, _), present in zip(view.segments, view.sets, strict=True):
                n = len(self.owner)
                self.owner.append(qid)
                self.field.append(key)
                self.words.append(present)
                self.stems.append(frozenset(_stem(w) for w in present if w not in _STOP))
                for w in present:
                    self.postings.setdefault(w, []).append(n)
        self.answer_keys: dict[str, list[str]] = {}
        """Rarest words of each statement answer (:attr:`_View.statement`), one more than may be missing from a
        text holding 80% of it -> the items answering with it."""
        for qid, view in views.items():
            for w in _least(view.statement, _COVER_TRUE, self.postings) if view.statement else ():
                self.answer_keys.setdefault(w, []).append(qid)

    def _segments(self, ws: Iterable[str], share: float) -> set[int]:
        """Segments holding at least ``share`` of the words ``ws``."""
        wanted = frozenset(ws)
        least = _least(wanted, share, self.postings)
        out: set[int] = set()
        for w in least:
            out.update(self.postings.get(w, ()))
        if len(least) == len(wanted) == 1:
            return out
        enough = share * len(wanted)
        return {s for s in out if len(wanted & self.words[s]) >= enough}

    def eliminators(self, taker: _View) -> list[str]:
        """The items that may rule out a wrong option of ``taker`` (:meth:`_Analysis.eliminates`), sorted: a
        prompt holding 80% of the option's words, or an answer sharing a word with it."""
        found: set[str] = set()
        for _, _, wanted in taker.wrong:
            for s in self._segments(
                wanted, _COVER_TRUE
            ):  # a prompt printing it, or an answer holding 80% of it
                if self.field[s] in ("prompt", "answer"):
                    found.add(self.owner[s])
            for w in wanted:  # an answer of which it holds 80%: it holds one of that answer's rarest words
                found.update(self.answer_keys.get(w, ()))
        return sorted(found)

    def givers(self, taker: _View) -> list[str]:
        """The items whose printed text may answer ``taker``, sorted."""
        found: set[str] = set()
        ties = taker.question_words
        rare_ties = ties - self.common
        for phrase, wanted in zip(taker.answers, taker.wanted, strict=True):
            long = len(wanted) > _LONG
            segments = self._segments(wanted, _COVER_TRUE) if long else self._segments(phrase, 1.0)
            tie = ties if long else rare_ties
            found.update(self.owner[s] for s in segments if len(self.stems[s] & tie) >= taker.need)
        if taker.key:
            true = taker.question.answer is not False
            segments = self._segments(taker.key, _COVER_TRUE if true else _COVER_FALSE)
            found.update(self.owner[s] for s in segments if true or self.stems[s] & rare_ties)
        return sorted(found)


_FIELD_WORDS = {"prompt": "its question", "answer": "an option", "distractors": "an option"}
