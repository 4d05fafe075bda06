"""Who met whom, where and when.

Rules (the name travels with each result):
``met-with``       X met (with) Y / X held talks with Y / X spoke by phone with Y / X visited or hosted Y (a person)
``meeting-between`` the meeting (talks, summit) between X and Y
``meeting-with``   X's meeting (call, visit, talks) with Y
``met-and``        X and Y met / held talks / spoke by phone
``said-after-meeting`` X said after meeting (talks) with Y
The place comes from the first place rule (:data:`PLACE_RULES`) that finds one: the name after "in" or "at" a
few words after the trigger, a sentence-opening "In X,", the occasion's place ("the summit in X"), a journey's
end ("visit to X"), a known place in the trigger's clause (not a topic's: "the war in X"), the dateline; the
date is the weekday or month-day after "on".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from quizgen.core.lexicon import AP_MONTHS, MONTHS, WEEKDAYS
from quizgen.core.text import DRAFT_SENTENCES, sentences
from quizgen.draft import lexicon
from quizgen.draft.lexicon import LazyPatterns
from quizgen.draft.lexicon import source as _source
from quizgen.draft.rules import DraftRule, register
from quizgen.draft.text import Phrase, Span, paragraphs, parse_phrase, well_formed


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting between named parties."""

    participants: tuple[Span, ...]
    """The parties as written (two or more)."""
    names: tuple[str, ...]
    """Each party's name (roles dropped)."""
    place: Span | None
    """Where, if the sentence says."""
    date: Span | None
    """When, if the sentence says ("Tuesday", "June 13")."""
    trigger: Span
    """The verb or noun that reports the meeting."""
    evidence: Span
    """The sentence."""
    rule: str
    """The rule that found it."""
    confidence: float
    """How often the rule is right (0-1)."""
    kinds: tuple[str, ...] = ()
    """Each party's kind, parallel to :attr:`names`: ``person`` or ``organisation`` (a country, a ministry)."""
    place_rule: str = ""
    """The place rule that found :attr:`place` (``place-...``), empty without a place."""

    @property
    def answer_kind(self) -> str:
        """The kind of the answer to "Whom did X meet?", the second party (:data:`~quizgen.draft.text.KINDS`)."""
        return self.kinds[1] if len(self.kinds) > 1 else "person"


# Confidences are initial estimates, not measured yet (RAMS scores argument filling, not these rules).
RULES = register(
    DraftRule(
        "met-with",
        "meeting",
        0.8,
        "X met (with) Y / held talks with Y / spoke by phone with Y / visited or hosted Y (a person).",
        passes="Trade Minister Olan Brisk met Mayor Tessa Lind in Portvale on Monday.",
        fails="Trade Minister Olan Brisk visited Portvale on Monday.",
    ),
    DraftRule(
        "meeting-between",
        "meeting",
        0.85,
        "The meeting (talks, summit, call) between X and Y.",
        passes="The talks between Olan Brisk and Tessa Lind lasted an hour.",
        fails="The gap between the harbour and the town grew.",
    ),
    DraftRule(
        "meeting-with",
        "meeting",
        0.75,
        "X's meeting (call, visit, talks) with Y.",
        passes="Olan Brisk's meeting with Tessa Lind lasted an hour.",
        fails="Olan Brisk's meeting lasted an hour.",
    ),
    DraftRule(
        "met-and",
        "meeting",
        0.75,
        "X and Y met / held talks / spoke by phone.",
        passes="Olan Brisk and Tessa Lind met in Eastmoor.",
        fails="Olan Brisk and the harbour staff met in Eastmoor.",
    ),
    DraftRule(
        "said-after-meeting",
        "meeting",
        0.8,
        "X said (told reporters) after (before, during) meeting (talks) with Y.",
        passes="Olan Brisk said after meeting with Mayor Tessa Lind that the port would open.",
        fails="Olan Brisk said after meeting the deadline that the port would open.",
    ),
)
# Where a meeting was: the rules are tried in this order and the first that finds a place wins; precision and
# recall measured on rams-dev (quizgen eval meetings, lenient; docs/draft.md), the dateline unmeasured there.
PLACE_RULES = register(
    DraftRule(
        "place-after",
        "meeting",
        0.9,
        'A name after "in" or "at" within six words after the trigger or its last party, no comma between.',
        passes="Trade Minister Olan Brisk met Mayor Tessa Lind in Portvale on Monday.",
        fails="Trade Minister Olan Brisk met Mayor Tessa Lind, a rival of the traders in Portvale.",
    ),
    DraftRule(
        "place-opening",
        "meeting",
        0.8,
        'A sentence-opening "In X," or "At X,".',
        passes="In Portvale, Trade Minister Olan Brisk met Mayor Tessa Lind.",
        fails="In March, Trade Minister Olan Brisk met Mayor Tessa Lind.",
    ),
    DraftRule(
        "place-occasion",
        "meeting",
        0.9,
        'The place of the meeting\'s occasion anywhere in the sentence: "at the summit in X", "talks in X".',
        passes="Olan Brisk met Mayor Tessa Lind upon her arrival at the harbour summit in Portvale.",
        fails="Olan Brisk met Mayor Tessa Lind upon her arrival at the harbour summit.",
    ),
    DraftRule(
        "place-journey",
        "meeting",
        0.85,
        'Where a party travelled: "during a visit (trip) to X", "as he headed to X", "while visiting X".',
        passes="During his visit to Portvale, Olan Brisk met with Mayor Tessa Lind.",
        fails="During his visit, Olan Brisk met with Mayor Tessa Lind.",
    ),
    DraftRule(
        "place-known",
        "meeting",
        0.75,
        'A known place (country, state, city of the lists) after "in" or "at" in the trigger\'s clause, not a '
        'topic\'s ("the war in X").',
        passes="The traders' union in Geneva said Olan Brisk met with Mayor Tessa Lind.",
        fails="The traders' war in Syria ended before Olan Brisk met with Mayor Tessa Lind.",
    ),
    DraftRule(
        "place-dateline",
        "meeting",
        0.6,
        'The article\'s dateline ("GENEVA (Reuters) -") for a meeting whose sentence names no place, not a call.',
        passes="GENEVA (Reuters) - Olan Brisk met with Mayor Tessa Lind on Monday.",
        fails="GENEVA (Reuters) - Olan Brisk spoke by phone with Mayor Tessa Lind on Monday.",
    ),
)
_CAL = "(?:" + "|".join(WEEKDAYS) + ")"
# Only the AP stylebook's abbreviations ("Jan.", not "Mar."), unlike the date rules (dates.MONTHS).
_MONTH = "(?:" + "|".join((*MONTHS, *(re.escape(m) for m in AP_MONTHS))) + ")"


@cache
def _not_calendar() -> str:
    """A look-ahead: a capital that opens no weekday or month name. The capital is tested first and the names
    as tries, so the look-ahead costs little at the many capitals of a text (speed)."""
    weekdays, months = _trie(WEEKDAYS), _trie((*MONTHS, *AP_MONTHS))
    return rf"(?=[A-Z])(?!(?:{weekdays})\b|(?:{months})(?!\w))"


@cache
def _roles() -> str:
    """The role and modifier words as one pattern: a trie, so that a word that starts no role fails at once
    (an alternation of 120 words is tried word by word at every word of a sentence)."""
    return _trie(lexicon.words("roles") + lexicon.words("modifiers"))


def _trie(entries: tuple[str, ...] | list[str]) -> str:
    """A regular expression matching exactly the ``entries`` (a space matching any whitespace), longer first
    where one is a prefix of another, as a longest-first alternation does."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for entry in entries:
        node = root
        for ch in entry:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        alts = [
            (r"\s+" if ch == " " else re.escape(ch)) + render(sub) for ch, sub in sorted(node.items()) if ch
        ]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(root)


@cache
def _party_pattern() -> str:
    roles = _roles()
    cap = rf"{_not_calendar()}[A-Z][\w’'\-]*(?:\.(?=[A-Z])[\w’'\-]*)*(?:\.(?=\s))?"  # "U.S.", "Gen."
    part = rf"(?:{cap}|(?:{roles})\b)"
    # "Fox & Friends": an ampersand joins the words of one name.
    return lexicon.repeated(part, r"\s+(?:of\s+(?:the\s+)?|&\s+)?", 8)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    roles = _roles()
    # The capital first: the calendar look-ahead then runs at capitals only (speed).
    cap = rf"{_not_calendar()}[A-Z][\w’'\-]*(?:\.(?=[A-Z])[\w’'\-]*)*\.?"
    part = rf"(?:{cap}|(?:{roles})\b)"
    det = lexicon.either_case_alternation("party_determiners")
    # A party starts a word: the rules then try word starts only, and never "Donald" inside "McDonald".
    party = rf"(?<![\w’'\-])(?:(?:{det})\s+)?" + lexicon.repeated(part, r"\s+(?:of\s+(?:the\s+)?)?", 8)
    verbs = lexicon.alternation("meeting_verbs")
    nouns = lexicon.alternation("meeting_nouns")
    together = lexicon.alternation("meeting_together")
    place_nouns = lexicon.alternation("place_nouns")
    adverbs = lexicon.alternation("meeting_adverbs", longest_first=False)
    travel = lexicon.alternation("travel_verbs")
    occasions = lexicon.alternation("place_occasions") + "|" + nouns
    compass = r"(?:(?:north|south)-?(?:east|west)ern|(?:north|south|east|west)(?:ern)?|central)"
    # A place name: a few capitalised words, a place word ("X province") or a state or country (", Florida").
    place = rf"{cap}(?:\s+{cap}){{0,3}}(?:\s+(?:{place_nouns})\b)?(?:\s*,\s*{cap}(?:\s+{cap})?(?=\s*[,.;:]|\s*$))?"
    # Not the first part of a longer name or a possessive: "the Asia-Pacific summit", "Washington's policy".
    place += r"(?![\w’'])(?!\s*(?:[’']s\b|[-–]\s*\w))"
    together_adverbs = lexicon.alternation("meeting_together_adverbs", longest_first=False)
    gap_verbs = r"met|meets|talked|spoke|conferred|negotiated|sat\s+down"
    return LazyPatterns(
        {
            "met_with": _source(
                rf"(?P<a>{party})(?:\s*,\s*(?P<app>{party})\s*,)?\s+(?:(?:{adverbs})\s+)*"
                rf"(?P<trigger>{verbs})\s+(?P<b>{party}(?:\s+and\s+{party})?)"
            ),
            # Words between the verb and "with": "met in the afternoon with Y", "spoke on Friday with Y".
            "met_gap_with": _source(
                rf"(?P<a>{party})(?:\s*,\s*(?P<app>{party})\s*,)?\s+(?:(?:{adverbs})\s+)*"
                rf"(?P<trigger>{gap_verbs})"
                rf"(?:\s+(?!with\b|and\b|but\b|who\b|that\b)[\w’'\-]+){{1,5}}?\s+with\s+(?P<b>{party}(?:\s+and\s+{party})?)"
            ),
            # "Obama said after meeting with Putin": the speaker met Y.
            "said_after": _source(
                rf"(?P<a>{party})\s+(?:said|says|told\s+(?:reporters|journalists)|added)\s+"
                rf"(?:after|before|during|following)\s+(?:(?:his|her|their|a|the)\s+)?"
                rf"(?P<trigger>meeting|meetings|talks|talking|speaking)\s+with\s+(?P<b>{party})"
            ),
            "between": _source(
                rf"(?P<trigger>(?:{nouns}))\s+between\s+(?P<a>{party})\s+and\s+(?P<b>{party})"
            ),
            "meeting_with": _source(
                rf"(?P<a>{party})(?:’s|'s)\s+(?P<trigger>{nouns})\s+with\s+(?P<b>{party})"
            ),
            "met_and": _source(
                rf"(?P<a>{party})\s+and\s+(?P<b>{party})\s+(?:(?:{together_adverbs})\s+)*"
                rf"(?P<trigger>{together})\b"
            ),
            "trigger": _source(rf"\b(?:{verbs}|{nouns}|{together})\b"),
            "verb": _source(rf"\b(?:{verbs})\b"),
            "and": _source(r"\sand\s"),
            "together": _source(rf"\b(?:{together})\b"),
            "gap_verb": _source(rf"\b(?:{gap_verbs})\b"),
            # "in X" / "at the X summit" within a few words of the trigger, no comma, semicolon or dash between.
            "place": _source(
                rf"(?:[^\S\n]+[^\s,;:—–()]+){{0,6}}?\s(?:in|at)\s+(?:the\s+)?(?P<place>{place})"
            ),
            "visit_to": _source(rf"\b(?:{travel})\s+to\s+(?:the\s+)?(?P<place>{place})"),
            "visiting": _source(rf"\bvisiting\s+(?:the\s+)?(?P<place>{place})"),
            "occasion": _source(rf"\b(?i:{occasions})\s+(?:in|at)\s+(?:the\s+)?(?P<place>{place})"),
            "in_place": _source(rf"(?<![\w’'\-])(?:in|at)\s+(?:the\s+)?(?:{compass}\s+)?(?P<place>{place})"),
            "place_first": _source(rf"(?:In|At)\s+(?:the\s+)?(?P<place>{cap}(?:\s+{cap}){{0,3}})\s*,"),
            # "BEIJING (Reuters) -", "GENEVA, June 3 (AP) —": the place the article reports from.
            "dateline": _source(
                r"(?m)^[^\S\n]*(?P<place>[A-Z][A-Z.’'\-]+(?:[^\S\n][A-Z][A-Z.’'\-]+){0,2})"
                r"(?:,[^\S\n]+[\w.]+(?:[^\S\n][\w.,]+){0,3})?[^\S\n]*(?:\([^()\n]{1,40}\)[^\S\n]*)?(?:—|–|--?)[^\S\n]"
            ),
            "date": _source(rf"\s(?:on|last|this)\s+(?P<date>{_CAL}|{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)"),
        }
    )


@lru_cache(maxsize=4096)
def _party_phrase(mention: str) -> Phrase | None:
    """The parsed mention if it names a party (memoised: an article names the same parties again and again)."""
    phrase = parse_phrase(mention)
    if (
        phrase is None
        or phrase.kind not in ("person", "organisation")
        or not well_formed(phrase.name, phrase.kind)
    ):
        return None  # "South Korean", "Another": not a party one could name
    return phrase


def _party(text: str, start: int, end: int) -> tuple[Span, Phrase] | None:
    mention = text[start:end]
    phrase = _party_phrase(mention)
    if phrase is None:
        return None
    offset = mention.find(phrase.text)
    s = start + max(offset, 0)
    return Span(s, s + len(phrase.text), phrase.text), phrase


def extract(text: str) -> list[Meeting]:
    """Every meeting the rules find in ``text``, in text order."""
    pats = _patterns()
    out: list[Meeting] = []
    # Most paragraphs report no meeting: one pass over the text finds every trigger word, and only the sentences
    # holding one are read (no regular-expression search per paragraph and again per sentence).
    starts = _trigger_words(text)
    if not starts:
        return out
    for ps, pe in paragraphs(text):
        if not _any_within(starts, ps, pe):
            continue
        for ss, se in sentences(text, ps, pe, DRAFT_SENTENCES):
            if _any_within(starts, ss, se):
                out.extend(_in_sentence(text, ss, se, pats))
    if any(m.place is None for m in out):
        dateline = _dateline(text, pats)
        if dateline is not None:
            out = [
                replace(m, place=dateline, place_rule="place-dateline")
                if m.place is None and _REMOTE.search(m.evidence.text) is None
                else m
                for m in out
            ]
    return out


def _any_within(starts: list[int], lo: int, hi: int) -> bool:
    """Whether a sorted offset lies in ``lo``-``hi``."""
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


@cache
def _trigger_automaton() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in ("meeting_verbs", "meeting_nouns", "meeting_together"):
        for entry in lexicon.words(name):
            # The first word of each phrase: every text a rule's trigger matches holds it, whatever the spacing.
            key = entry.split()[0].lower()
            automaton.add_word(key, len(key))
    automaton.make_automaton()
    return automaton


def _trigger_words(text: str) -> list[int]:
    """The sorted offsets of the words that open a trigger phrase (any case), in one Aho-Corasick pass."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased: keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    out = []
    n = len(low)
    for end, size in _trigger_automaton().iter(low):
        start = end - size + 1
        if (start == 0 or not _in_word(low[start - 1])) and (end + 1 == n or not _in_word(low[end + 1])):
            out.append(start)
    out.sort()
    return out


def _in_word(c: str) -> bool:
    """A character of a word, as the rules' ``\\b`` reads it."""
    return c.isalnum() or c == "_"


_REMOTE = re.compile(r"(?i)\b(?:phone|telephone|call|calls|video|letter|e-?mail|online|virtual(?:ly)?)\b")
"""Words of a meeting at a distance, whose place no dateline gives."""


def _dateline(text: str, pats: dict[str, re.Pattern[str]]) -> Span | None:
    """The place of the article's dateline ("MOSCOW (Reuters) -") near its start, if it is a known place; its
    text as the name is written elsewhere ("Moscow"), its offsets the dateline's."""
    m = pats["dateline"].search(text, 0, min(len(text), _DATELINE_WITHIN))
    if m is None:
        return None
    raw = m.group("place")
    name = raw.title() if raw.isupper() else raw
    if not _known_place(name):
        return None
    return Span(m.start("place"), m.end("place"), name)


_DATELINE_WITHIN = 600
"""How far into the article a dateline may stand (after the headline and a byline)."""


_AND = re.compile(r"\s+and\s+")
_PLACE_OR_PERSON = frozenset(("visited", "hosted", "received"))


def _is_person(p: Phrase) -> bool:
    """A phrase that surely names a person: a role before the name, or a name of two words or more."""
    return p.kind == "person" and (bool(p.role) or " " in p.name)


def _in_sentence(text: str, ss: int, se: int, pats: dict[str, re.Pattern[str]]) -> list[Meeting]:
    found: list[Meeting] = []
    sentence = text[ss:se]
    for key, rule in (
        ("between", "meeting-between"),
        ("meeting_with", "meeting-with"),
        ("met_with", "met-with"),
        ("met_gap_with", "met-with"),
        ("met_and", "met-and"),
        ("said_after", "said-after-meeting"),
    ):
        # Each rule needs its word ("between", "with", a meeting verb): skip the search without it.
        if key == "between" and " between " not in sentence:
            continue
        if key in ("meeting_with", "met_gap_with") and " with " not in sentence:
            continue
        if key == "met_with" and pats["verb"].search(sentence) is None:
            continue
        if key == "meeting_with" and "’s" not in sentence and "'s" not in sentence:
            continue
        if key == "said_after" and " with " not in sentence:
            continue
        if key == "met_gap_with" and pats["gap_verb"].search(sentence) is None:
            continue
        if key == "met_and":
            # "and" then a together-verb after it (one search each, no backtracking over the sentence).
            first_and = pats["and"].search(sentence)
            if first_and is None or pats["together"].search(sentence, first_and.end()) is None:
                continue
        for m in pats[key].finditer(text, ss, se):
            parties = []
            groups = ("app", "b") if "app" in m.groupdict() and m.group("app") else ("a", "b")
            for group in groups:
                gs, ge = m.start(group), m.end(group)
                chunk = text[gs:ge]
                pieces = _AND.split(chunk) if group == "b" else [chunk]
                pos = gs
                for piece in pieces:
                    at = text.index(piece, pos, ge)
                    got = _party(text, at, at + len(piece))
                    pos = at + len(piece)
                    if got is not None:
                        parties.append(got)
            if len(parties) < 2 or len({p.name for _, p in parties}) < len(parties):
                continue
            # One visits or hosts a place as often as a person: only a person makes it a meeting.
            if (
                key == "met_with"
                and m.group("trigger").lower() in _PLACE_OR_PERSON
                and not _is_person(parties[-1][1])
            ):
                continue
            if any(f.trigger.start == m.start("trigger") for f in found):
                continue
            taken = tuple((s.start, s.end) for s, _ in parties)
            where = _place(text, ss, se, max(m.end("trigger"), m.end()), pats, m.start("trigger"), taken)
            dm = pats["date"].search(text, m.end("trigger"), se)
            date = Span(dm.start("date"), dm.end("date"), dm.group("date")) if dm else None
            found.append(
                Meeting(
                    tuple(s for s, _ in parties),
                    tuple(p.name for _, p in parties),
                    where[0] if where else None,
                    date,
                    Span(m.start("trigger"), m.end("trigger"), m.group("trigger")),
                    Span(ss, se, text[ss:se]),
                    rule,
                    RULES[rule].confidence,
                    tuple(p.kind for _, p in parties),
                    where[1] if where else "",
                )
            )
    return found


def _place(
    text: str,
    ss: int,
    se: int,
    after: int,
    pats: dict[str, re.Pattern[str]],
    t_start: int | None = None,
    taken: tuple[tuple[int, int], ...] = (),
) -> tuple[Span, str] | None:
    """The place of a meeting, with the rule that found it, whose trigger starts at ``t_start`` and ends (with
    its last party) at ``after``: in its clause, opening the sentence, the place of its occasion or of a
    journey, else the known place (a country, state or city; a name with a place word) nearest to the
    trigger, not the topic's."""
    t_start = after if t_start is None else t_start

    def free(span: Span | None) -> Span | None:
        if span is None or any(s <= span.start < e for s, e in taken):
            return None  # a party's own name ("the Portvale Courier"), not where they met
        return span

    # A date or a few words may sit between the trigger (or its last party) and the place: "met Y on Friday in X".
    pm = pats["place"].match(text, after, se)
    found = free(_place_span(text, pm, known=False)) if pm and not _topic_place(text, ss, pm) else None
    if found is not None and pm is not None:
        # "at the X Summit in Y": the occasion's own place, Y, before X.
        last = pm.group("place").split()[-1]
        om = pats["occasion"].match(text, pm.end("place") - len(last), se)
        occasion = free(_place_span(text, om, known=False)) if om else None
        return (occasion, "place-occasion") if occasion else (found, "place-after")
    pm = pats["place_first"].match(text, ss, se)
    found = free(_place_span(text, pm, known=False)) if pm else None
    if found is not None:
        return found, "place-opening"
    for key, rule in _PLACE_SEARCHES:
        best: tuple[int, Span] | None = None
        for pm in pats[key].finditer(text, ss, se):
            if key == "in_place" and (
                _after_topic(text, ss, pm.start()) or _other_clause(text, ss, pm.span("place"), t_start)
            ):
                continue  # "the war in Syria": the topic's place; a place in another clause
            span = free(_place_span(text, pm, known=key == "in_place"))
            if span is not None and (best is None or abs(span.start - t_start) < best[0]):
                best = (abs(span.start - t_start), span)
        if best is not None:
            return best[1], rule
    return None


_PLACE_SEARCHES = (
    ("occasion", "place-occasion"),
    ("visit_to", "place-journey"),
    ("visiting", "place-journey"),
    ("in_place", "place-known"),
)
"""The searches through the whole sentence, in order of trust, each with its rule."""


def _known_place(name: str) -> bool:
    """A country, state or city of the lists, or a name with a place word ("Dagestan province")."""
    low = name.lower().removeprefix("the ")
    words = low.split()
    return (
        low in lexicon.wordset("places")
        or low in lexicon.wordset("countries")
        or (len(words) > 1 and words[-1] in lexicon.wordset("place_nouns"))
    )


def _after_topic(text: str, ss: int, at: int) -> bool:
    """Whether the preposition at ``at`` follows a topic noun ("the war in", "forces in")."""
    m = _LAST_WORD.search(text, max(ss, at - 40), at)
    return m is not None and m.group(1).lower() in lexicon.wordset("place_topics")


def _topic_place(text: str, ss: int, pm: re.Match[str]) -> bool:
    """Whether the match's "in" or "at" follows a topic noun ("met Y to discuss the war in X")."""
    preps = list(_PREPOSITION.finditer(text, pm.start(), pm.start("place")))
    return bool(preps) and _after_topic(text, ss, preps[-1].start(1))


_PREPOSITION = re.compile(r"(?<![\w’'\-])(in|at)\s")


def _between(place: tuple[int, int], t_start: int) -> tuple[int, int]:
    """The text between a place and the trigger, either side."""
    return (place[1], t_start) if place[1] <= t_start else (t_start, place[0])


def _other_clause(text: str, ss: int, place: tuple[int, int], t_start: int) -> bool:
    """Whether punctuation parts the place from the trigger, unless the place is in the sentence's opening
    phrase ("In a news conference at his home in Doral, Florida, X urged")."""
    lo, hi = _between(place, t_start)
    breaks = len(_CLAUSE_BREAK.findall(text, lo, hi))
    if breaks == 0:
        return False
    opener = place[1] <= t_start and _OPENER.match(text, ss, place[0]) is not None
    return not (opener and breaks == 1 and text.count(",", lo, hi) == 1)


_OPENER = re.compile(r"(?:In|At|During|After|Before|While|On)\s[^,;:—–()]*$")
_CLAUSE_BREAK = re.compile(r"[,;:—–()]")
_LAST_WORD = re.compile(r"([\w\-]+)\s*$")


def _place_span(text: str, pm: re.Match[str], *, known: bool) -> Span | None:
    """The place a match names, tidied: "the X summit" gives X, a sentence's full stop dropped, ", State" kept
    only when the state or country is known; None for words that open no place, or (``known``) an unknown name."""
    raw = pm.group("place")
    main, comma, tail = raw.partition(",")
    if comma and not _known_place(tail.strip().rstrip(".")):
        raw, comma = main.rstrip(), ""
    words = (main if comma else raw).split()
    # "the X summit": the summit is the occasion, X the place.
    while len(words) > 1 and words[-1].lower() in lexicon.wordset("meeting_nouns"):
        words.pop()
    if not words or words[0].lower() in lexicon.wordset("not_places"):
        return None
    name = " ".join(words)
    if comma:
        name = raw
    if name.endswith(".") and name.count(".") == 1:
        name = name[:-1]  # the sentence's full stop ("in Portvale."), not an abbreviation ("U.S.")
    if known and not comma and not _known_place(name):  # (", State" was kept only when known)
        return None
    start = pm.start("place")
    return Span(start, start + len(name), name)


def arguments(
    tokens: list[str], trigger: tuple[int, int], sentence: tuple[int, int] | None = None
) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """For an annotated trigger (inclusive token indices), the participant and place token spans the rules find.

    The tokens are joined with single spaces; the sentence is ``sentence`` (first and last token, inclusive,
    as the data segments it) or else the window around the trigger up to the nearest full stops.
    """
    starts = []
    pos = 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    text = " ".join(tokens)
    lo = trigger[0]
    while lo > 0 and tokens[lo - 1] not in (".", "!", "?"):
        lo -= 1
    hi = trigger[1]
    while hi < len(tokens) - 1 and tokens[hi] not in (".", "!", "?"):
        hi += 1
    if sentence is not None:
        lo, hi = sentence
    ss, se = starts[lo], starts[hi] + len(tokens[hi])
    t_start = starts[trigger[0]]
    pats = _patterns()
    participants: list[tuple[int, int]] = []
    place: tuple[int, int] | None = None
    for meeting in _in_sentence(text, ss, se, pats):
        if meeting.trigger.start <= t_start < meeting.trigger.end or abs(meeting.trigger.start - t_start) < 3:
            participants = [_tokens_of(starts, tokens, s.start, s.end) for s in meeting.participants]
            if meeting.place is not None:
                place = _tokens_of(starts, tokens, meeting.place.start, meeting.place.end)
            break
    if not participants:
        participants = [
            _tokens_of(starts, tokens, s, e) for s, e in _around(text, ss, t_start, starts[trigger[1]])
        ]
    if place is None:
        taken = tuple((starts[a], starts[b] + len(tokens[b])) for a, b in participants)
        found = _place(text, ss, se, starts[trigger[1]] + len(tokens[trigger[1]]), pats, t_start, taken)
        if found is not None:
            place = _tokens_of(starts, tokens, found[0].start, found[0].end)
    return participants, place


_BETWEEN = (
    r"(?:(?:also|have|has|had|will|would|could|should|did|not|then|later|first|recently|to|agreed\s+to|be|been"
    r"|[’']ve|[’']d|[’']ll|\(\s*[A-Z]\s*\))\s+)"
)
"""Words that may stand between a subject and its verb ("X will also meet", "prompted X to convene")."""


@cache
def _around_patterns() -> tuple[re.Pattern[str], ...]:
    party = _party_pattern()
    pronoun = r"(?:He|She|They|We|I|he|she|they|we)"
    # A common noun in the plural ("delegates convene", "with state election officials"): its head names them.
    plural = r"(?:(?:[\w\-]+\s+){0,3}[a-z][\w\-]*[a-z]s\b)"
    subject = lexicon.compile_pattern(
        rf"(?:^|(?<!&)(?<!\sof)\s)(?P<a>{pronoun}|{party})(?:\s+and\s+(?:the\s+)?(?P<b>{party}|{pronoun}|[a-z]+))?"
        rf"\s+{_BETWEEN}{{0,3}}$"
    )
    plural_subject = lexicon.compile_pattern(
        rf"(?:^|\s)(?:the\s+)?(?P<a>(?!(?:has|was|does|this|thus|its|his|hers|ours|yours|theirs|less|unless)\b)"
        rf"[a-z][\w\-]*[a-z]s)\s+{_BETWEEN}{{0,2}}$"
    )
    pair = lexicon.compile_pattern(rf"(?P<a>{party})\s*[-–]\s*(?P<b>{party})\s+$")  # "the X-Y debate"
    # "with Y" after the trigger, a few words between ("convene a conference call with Y", "conferring instead
    # with Y"), no punctuation.
    objects = lexicon.compile_pattern(
        rf"\S*(?:\s+(?!with\b|between\b)[a-z][\w’'\-]*){{0,4}}?\s+(?:with|between)\s+"
        rf"(?:the\s+)?[\"“]?\s*(?P<a>{plural}|{party})(?:\s+and\s+(?:the\s+)?(?P<b>{plural}|{party}))?"
    )
    # "In an interview with X, Y said": the noun's phrase opens the sentence, Y (after the comma) is in it too.
    opener = lexicon.compile_pattern(
        rf"[^,]*?,\s*[”\"]?\s*(?:(?:the|a|an)\s+)?(?P<a>{party})\s+(?:(?:also|then|later|has|had)\s+)*[a-z]+"
    )
    # A verb's object: a name, a pronoun, or a body ("convene an independent group").
    direct = lexicon.compile_pattern(
        rf"\S+\s+(?:(?:again|also)\s+)?(?:(?P<a>{party}|him|her|them|us|me)\b|(?:an?|the)\s+(?:[a-z][\w\-]*\s+){{0,2}}"
        r"(?P<body>group|council|committee|panel|delegation|team|board|commission)\b)"
    )
    # "X said in an email", "X wrote in a telephone interview": the writer or speaker takes part.
    said_in = lexicon.compile_pattern(
        rf"(?:^|\s)(?P<a>{party})\s+(?:said|wrote|told\s+\w+|added)\s+in\s+(?:a|an|the|his|her|their)\s+"
        r"(?:[\w\-]+\s+){0,2}$"
    )
    # The sentence's subject does what its object, a meeting noun, names: "the U.S. and Russia have cut off formal
    # dialogue", "X suspended her campaign Tuesday to attend the funeral".
    noun_verbs = lexicon.alternation("meeting_noun_verbs")
    noun_subject = lexicon.compile_pattern(
        rf"(?:^|,\s+|\s(?:and|but)\s+)(?:(?:The|the)\s+)?(?P<a>{party})(?:\s+and\s+(?:the\s+)?(?P<b>{party}))?\s+"
        rf"(?:[\w’'\-]+\s+){{0,6}}?(?:{noun_verbs})\s+(?:[a-z][\w\-]*\s+){{0,3}}$"
    )
    return subject, pair, objects, opener, direct, plural_subject, said_in, noun_subject


def _around(text: str, ss: int, t_start: int, t_last: int) -> list[tuple[int, int]]:
    """Participant spans around a trigger with no full rule: its subject (or the X-Y before a noun) and "with Y"."""
    subject, pair, objects, opener, direct, plural_subject, said_in, noun_subject = _around_patterns()
    found: list[tuple[int, int]] = []

    def add(m: re.Match[str], group: str, base: int) -> None:
        if m.group(group) is None:
            return
        start, end = base + m.start(group), base + m.end(group)
        mention = text[start:end]
        if mention.lower() in ("he", "she", "they", "we", "i", "him", "her", "them", "us", "me") or (
            mention.split()[-1].islower() and mention.endswith("s") and len(mention.split()[-1]) > 3
        ):
            found.append((start, end))  # a pronoun, or a common noun in the plural ("delegates")
            return
        got = _party(text, start, end)
        if got is not None:
            found.append((got[0].start, got[0].end))

    before = text[ss:t_start]
    m = said_in.search(before)
    if m is not None:
        add(m, "a", ss)
    # A name right before a noun trigger is its modifier ("a TV interview"), not its subject: only "X-Y debate".
    m = pair.search(before)
    if m is not None:
        add(m, "a", ss)
        add(m, "b", ss)
    else:
        m = subject.search(before)
        if m is not None and re.search(r"(?:[A-Z][\w’'\-.]*|&|\bof)\s*$", before[: m.start("a")]):
            m = None  # the end of a longer name ("the X & Y Foundation"), not a subject
        if m is not None and _AFTER_PREPOSITION.search(before, 0, m.start("a")):
            # "donors to the Bill, Hillary & Chelsea Clinton Foundation will convene": the name is the object of
            # "to"; the plural noun before it is the subject.
            head = _PLURAL_BEFORE_PREPOSITION.search(before, 0, m.start("a"))
            if head is not None:
                found.append((ss + head.start("a"), ss + head.end("a")))
            m = None
        # A subject needs a word between it and the trigger ("X will meet") or a trigger that is a verb.
        if m is not None and (m.end("a") < len(before.rstrip()) or _is_verb(text, t_start)):
            add(m, "a", ss)
            add(m, "b", ss)
            if m.group("b") is not None and m.group("b").islower() and m.group("b") not in _PRONOUNS:
                found.append((ss + m.start("b"), ss + m.end("b")))  # "X and council convened"
        elif m is None and _is_verb(text, t_start):
            m = plural_subject.search(before)
            if m is not None:
                add(m, "a", ss)
        elif m is None:
            m = noun_subject.search(before)
            if m is not None:
                add(m, "a", ss)
                add(m, "b", ss)
    o = objects.match(text, t_last)
    if o is not None:
        add(o, "a", 0)
        add(o, "b", 0)
    elif _is_verb(text, t_start) or re.search(r"\b(?:to|will|would|could|should|must|can|may)\s+$", before):
        o = direct.match(text, t_last)
        if o is not None:
            add(o, "a", 0)
            if o.group("body") is not None:
                found.append((o.start("body"), o.end("body")))
    if re.match(r"(?:In|During|At|After)\s", before) and not re.search(r"[,;]", before):
        o = opener.match(text, t_last)
        if o is not None:
            add(o, "a", 0)
    return [_antecedent(text, ss, s, e) for s, e in dict.fromkeys(found)]


_NAMES_AFTER = r"(?:to|of|for|from|at|in|with)\s+(?:the\s+)?(?:[A-Z][\w’'\-.]*(?:\s+|\s*,\s*))*$"
_AFTER_PREPOSITION = re.compile(rf"\b{_NAMES_AFTER}")
_PLURAL_BEFORE_PREPOSITION = re.compile(
    rf"(?:^|\s)(?P<a>(?!(?:has|was|does|this|thus|its|his|less|unless)\b)[a-z][\w\-]*[a-z]s)\s+{_NAMES_AFTER}"
)


def _antecedent(text: str, ss: int, start: int, end: int) -> tuple[int, int]:
    """For "they" (he, she) later in a sentence, the plural phrase (the name) that opens it: "FBI officials expect
    they have to interview X"; else the span itself."""
    word = text[start:end].lower()
    if word not in ("they", "he", "she") or start == ss:
        return start, end
    opener = _opener_patterns()["they" if word == "they" else "name"].match(text, ss, start)
    if opener is None or opener.group("np").lower() in _PRONOUNS:
        return start, end
    return opener.start("np"), opener.end("np")


@cache
def _opener_patterns() -> dict[str, re.Pattern[str]]:
    party = _party_pattern()
    return {
        "they": re.compile(r"(?:the\s+)?(?P<np>(?:[A-Z][\w\-.]*\s+){0,3}[a-z][\w\-]*[a-z]s)\s+[a-z]"),
        "name": lexicon.compile_pattern(rf"(?P<np>{party})\s+[a-z]"),
    }


_PRONOUNS = frozenset("he she they we i".split())

_NOUN_AFTER = frozenset(
    "call calls conversation conversations interview interviews conference line lines records".split()
)


_WORD = re.compile(r"[\w’'\-]+")
_WORD_AND_NEXT = re.compile(r"[\w’'\-]+\s+([\w’'\-]+)")


_ING_NOUNS = frozenset("meeting briefing hearing gathering funeral wedding ceremony".split())


def _is_verb(text: str, start: int) -> bool:
    """Whether the trigger at ``start`` reads as a verb: an inflected form, or a verb of the meeting lists."""
    word = _WORD.match(text, start)
    if word is None:
        return False
    w = word.group().lower()
    after = _WORD_AND_NEXT.match(text, start)
    if after is not None and after.group(1).lower() in _NOUN_AFTER:
        return False  # "telephone calls", "meeting room"
    # A gerund is a verb ("negotiating Britain's exit") unless it names a meeting ("the meeting", "a briefing").
    if w.endswith("ing") and w not in lexicon.wordset("meeting_nouns") and w not in _ING_NOUNS:
        return True
    return w.endswith(("ed", "es")) or w in (
        "met",
        "meet",
        "meets",
        "spoke",
        "convene",
        "negotiate",
        "telephone",
    )


def _tokens_of(starts: list[int], tokens: list[str], s: int, e: int) -> tuple[int, int]:
    """The first and last token (inclusive) of the text span ``s``-``e``; ``starts`` is sorted (a binary search,
    not a scan of every token)."""
    return bisect_right(starts, s) - 1, bisect_left(starts, e) - 1
