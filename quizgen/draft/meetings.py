"""Who met whom, where and when.

Rules (the name travels with each result):
``met-with``       X met (with) Y / X held talks with Y / X visited Y (a person) / X hosted Y
``meeting-between`` the meeting (talks, summit) between X and Y
``meeting-with``   X's meeting with Y
The place is the capitalised name after "in" or "at" in the same sentence after the trigger, the date the
weekday or month-day after "on".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from quizgen.draft import lexicon
from quizgen.draft.text import Phrase, Span, paragraphs, parse_phrase, sentence_bounds


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


CONFIDENCE = {"met-with": 0.8, "meeting-between": 0.85, "meeting-with": 0.75}
"""Initial estimates per rule, not measured yet (RAMS scores argument filling, not these rules)."""
_CAL = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.)"
)


@cache
def _party_pattern() -> str:
    roles = lexicon.alternation("roles") + "|" + lexicon.alternation("modifiers")
    cap = rf"(?!{_CAL}\b|{_MONTH}(?!\w))[A-Z][\w’'\-]*"
    part = rf"(?:{cap}|(?:{roles})\b)"
    return rf"{part}(?:\s+(?:of\s+(?:the\s+)?)?{part}){{0,7}}"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    roles = lexicon.alternation("roles") + "|" + lexicon.alternation("modifiers")
    cap = rf"(?!{_CAL}\b|{_MONTH}(?!\w))[A-Z][\w’'\-]*\.?"
    part = rf"(?:{cap}|(?:{roles})\b)"
    party = rf"(?:(?:[Tt]he|[Hh]is|[Hh]er|[Tt]heir)\s+)?{part}(?:\s+(?:of\s+(?:the\s+)?)?{part}){{0,7}}"
    verbs = lexicon.alternation("meeting_verbs")
    nouns = lexicon.alternation("meeting_nouns")
    return {
        "met_with": re.compile(
            rf"(?P<a>{party})(?:\s*,\s*(?P<app>{party})\s*,)?\s+(?:(?:also|has|had|have|will|would|recently|then|later)\s+)*"
            rf"(?P<trigger>{verbs})\s+(?P<b>{party}(?:\s+and\s+{party})?)"
        ),
        "between": re.compile(rf"(?P<trigger>(?:{nouns}))\s+between\s+(?P<a>{party})\s+and\s+(?P<b>{party})"),
        "meeting_with": re.compile(
            rf"(?P<a>{party})(?:’s|'s)\s+(?P<trigger>{nouns})\s+with\s+(?P<b>{party})"
        ),
        "trigger": re.compile(rf"\b(?:{verbs}|{nouns})\b"),
        "verb": re.compile(rf"\b(?:{verbs})\b"),
        "place": re.compile(rf"\s(?:in|at)\s+(?:the\s+)?(?P<place>{cap}(?:\s+{cap}){{0,3}})"),
        "date": re.compile(rf"\s(?:on|last|this)\s+(?P<date>{_CAL}|{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?)"),
    }


def _party(text: str, start: int, end: int) -> tuple[Span, Phrase] | None:
    mention = text[start:end]
    phrase = parse_phrase(mention)
    if phrase is None or phrase.kind not in ("person", "organisation"):
        return None
    offset = mention.find(phrase.text)
    s = start + max(offset, 0)
    return Span(s, s + len(phrase.text), phrase.text), phrase


def extract(text: str) -> list[Meeting]:
    """Every meeting the rules find in ``text``, in text order."""
    pats = _patterns()
    out: list[Meeting] = []
    trigger = pats["trigger"]
    for ps, pe in paragraphs(text):
        # Most paragraphs report no meeting: one cheap search skips them.
        if trigger.search(text, ps, pe) is None:
            continue
        for ss, se in sentence_bounds(text, ps, pe):
            if trigger.search(text, ss, se) is not None:
                out.extend(_in_sentence(text, ss, se, pats))
    return out


def _in_sentence(text: str, ss: int, se: int, pats: dict[str, re.Pattern[str]]) -> list[Meeting]:
    found: list[Meeting] = []
    sentence = text[ss:se]
    for key, rule in (
        ("between", "meeting-between"),
        ("meeting_with", "meeting-with"),
        ("met_with", "met-with"),
    ):
        # Each rule needs its word ("between", "with", a meeting verb): skip the search without it.
        if key == "between" and " between " not in sentence:
            continue
        if key == "meeting_with" and " with " not in sentence:
            continue
        if key == "met_with" and pats["verb"].search(sentence) is None:
            continue
        for m in pats[key].finditer(text, ss, se):
            parties = []
            groups = ("app", "b") if "app" in m.groupdict() and m.group("app") else ("a", "b")
            for group in groups:
                gs, ge = m.start(group), m.end(group)
                chunk = text[gs:ge]
                pieces = re.split(r"\s+and\s+", chunk) if group == "b" else [chunk]
                pos = gs
                for piece in pieces:
                    at = text.index(piece, pos, ge)
                    got = _party(text, at, at + len(piece))
                    pos = at + len(piece)
                    if got is not None:
                        parties.append(got)
            if len(parties) < 2 or len({p.name for _, p in parties}) < len(parties):
                continue
            if any(f.trigger.start == m.start("trigger") for f in found):
                continue
            pm = pats["place"].search(text, m.end("trigger"), se)
            dm = pats["date"].search(text, m.end("trigger"), se)
            place = Span(pm.start("place"), pm.end("place"), pm.group("place")) if pm else None
            if place is not None and any(s.start <= place.start < s.end for s, _ in parties):
                place = None
            date = Span(dm.start("date"), dm.end("date"), dm.group("date")) if dm else None
            found.append(
                Meeting(
                    tuple(s for s, _ in parties),
                    tuple(p.name for _, p in parties),
                    place,
                    date,
                    Span(m.start("trigger"), m.end("trigger"), m.group("trigger")),
                    Span(ss, se, text[ss:se]),
                    rule,
                    CONFIDENCE[rule],
                )
            )
    return found


def arguments(
    tokens: list[str], trigger: tuple[int, int]
) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    """For an annotated trigger (inclusive token indices), the participant and place token spans the rules find.

    The tokens are joined with single spaces; the sentence is the window around the trigger up to the nearest
    full stops.
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
        left = re.search(rf"(?P<a>{_party_pattern()})\s+(?:\w+\s+)?$", text[ss:t_start])
        if left:
            participants.append(_tokens_of(starts, tokens, ss + left.start("a"), ss + left.end("a")))
        right = re.compile(rf"\S*\s+(?:with|between)\s+(?P<b>{_party_pattern()})").match(text, t_start)
        if right:
            participants.append(_tokens_of(starts, tokens, right.start("b"), right.end("b")))
    if place is None:
        pm = pats["place"].search(text, starts[trigger[1]], se)
        if pm:
            place = _tokens_of(starts, tokens, pm.start("place"), pm.end("place"))
    return participants, place


def _tokens_of(starts: list[int], tokens: list[str], s: int, e: int) -> tuple[int, int]:
    first = max(i for i, p in enumerate(starts) if p <= s)
    last = max(i for i, p in enumerate(starts) if p < e)
    return first, last
