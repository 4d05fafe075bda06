"""Roles of named people: the title written before a name, or the appositive after or before it.

Rules:
``role-before``    Valdoria's President Ada Quill / Harbour Authority spokeswoman Ada Quill (ends in a role word)
``appositive``     Borin Vale, director of the Portvale Traders Association,
``role-comma``     the town's Deputy Mayor, Tessa Lind,
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from quizgen.draft import lexicon
from quizgen.draft.rules import DraftRule, register
from quizgen.draft.text import LEADING, Span, article, well_formed


@dataclass(frozen=True, slots=True)
class Role:
    """A person's role as the article states it."""

    name: Span
    """The person's name."""
    role: Span
    """The role, verbatim."""
    evidence: Span
    """The sentence."""
    rule: str
    """The rule that found it."""
    confidence: float
    """How often the rule is right (0-1)."""

    @property
    def answer_kind(self) -> str:
        """The kind of the answer to "What is X's post?" (:data:`~quizgen.draft.text.KINDS`)."""
        return "post"


# Confidences are initial estimates, not yet measured: no annotated data for this relation scores it.
RULES = register(
    DraftRule(
        "role-before",
        "role",
        0.8,
        "A title ending in a role word right before the name: Harbour Authority spokeswoman Ada Quill.",
        passes="Harbour Authority spokeswoman Ada Quill spoke first.",
        fails="The spokeswoman spoke first.",
    ),
    DraftRule(
        "appositive",
        "role",
        0.75,
        "The role between commas after the name: Borin Vale, director of the Traders Association,.",
        passes="Borin Vale, director of the Portvale Traders Association, spoke first.",
        fails="Borin Vale, who runs a shop, spoke first.",
    ),
    DraftRule(
        "role-comma",
        "role",
        0.75,
        "The name between commas after the role: the town's Deputy Mayor, Tessa Lind,.",
        passes="The town's Deputy Mayor, Tessa Lind, spoke first.",
        fails="The town's Deputy Mayor spoke first.",
    ),
)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    roles = lexicon.alternation("roles")
    mods = lexicon.alternation("modifiers")
    cap = r"[A-Z][\w’'\-]*"
    # A name: two to four capitalised words, none a role or organisation word.
    stop = lexicon.alternation("roles") + "|" + lexicon.alternation("org_words")
    word = rf"(?!(?i:{stop})\b){cap}(?<![’']s)"
    name = rf"(?P<name>{word}(?:\s+{word}){{1,3}})"
    part = rf"(?:{cap}|(?i:{roles}|{mods})\b)"
    return {
        # Role words are rare: every rule starts from one and looks around it.
        # role-before: the name right after the role word.
        "name-after": re.compile(rf"\s+{name}(?=[’']s\b|(?![\w’']))"),
        # role-comma: "Mayor, Tessa Lind,".
        "comma-name": re.compile(rf",\s+{name},"),
        # appositive: "Borin Vale, director of the Y Association," / "X, (the) former secretary of state,".
        "name-before": re.compile(rf"{name},\s+(?:the\s+|a\s+|an\s+)?(?:{part}\s+){{0,5}}$"),
        "tail": re.compile(
            rf"(?:\s+(?:of|for|at|to)\s+(?:the\s+)?[\w’'\-]+(?:\s+(?:of\s+|and\s+|for\s+)?{cap}){{0,6}})?,"
        ),
    }


def extract(text: str) -> list[Role]:
    """Every (name, role) the rules find, in text order; one per name and sentence."""
    pats = _patterns()
    hits = lexicon.find_words("roles", text)  # one pass over the text: role words are rare
    out: list[Role] = []
    k = 0
    art = article(text)
    for index, (ps, pe) in enumerate(art.paragraphs if hits else ()):
        while k < len(hits) and hits[k][0] < ps:
            k += 1
        if k == len(hits):
            break
        if hits[k][0] >= pe:
            continue
        for ss, se in art.sentences(index):
            found: dict[str, tuple[int, Role]] = {}
            while k < len(hits) and hits[k][0] < se:
                t = hits[k]
                k += 1
                if t[0] < ss or text[t[1] : t[1] + 1] in ("’", "'"):
                    continue  # before the sentence, or a possessive ("the minister's")
                lo = max(ss, t[0] - 120)
                left = text[lo : t[0]]
                for rule, rank in (("appositive", 0), ("role-comma", 1), ("role-before", 2)):
                    got = _rule(text, pats, rule, t, lo, left, se)
                    if got is None:
                        continue
                    (ns, ne), (rs, re_) = got
                    role = _trim(text, rs, re_)
                    if role is None or len(role.text.split()) > 14:
                        continue
                    name = Span(ns, ne, text[ns:ne])
                    if not (well_formed(name.text, "person") and well_formed(role.text, "post")):
                        continue  # a fragment ("Another", a name cut at its initial, a quotation mark glued on)
                    if name.text not in found or found[name.text][0] > rank:
                        evidence = Span(ss, se, text[ss:se])
                        found[name.text] = (rank, Role(name, role, evidence, rule, RULES[rule].confidence))
            out.extend(r for _, r in found.values())
    out.sort(key=lambda r: r.name.start)
    return out


def _rule(
    text: str, pats: dict[str, re.Pattern[str]], rule: str, t: tuple[int, int], lo: int, left: str, se: int
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """((name start, end), (role start, end)) for one rule around one role word, or None."""
    if rule == "appositive":
        # The cheap tests first: a comma before the role word, then one soon after it.
        if "," not in left[-80:]:
            return None
        tail = pats["tail"].match(text, t[1], se)
        if tail is None:
            return None
        m = pats["name-before"].search(left, max(0, left.rfind(",", 0, len(left)) - 60))
        if m is None:
            return None
        role_start = lo + m.end("name") + len(left[m.end("name") :]) - len(left[m.end("name") :].lstrip(", "))
        # Skip the determiner after the comma: it belongs to the sentence, not the title.
        rest = text[role_start : t[0]]
        for det in ("the ", "a ", "an "):
            if rest.startswith(det):
                role_start += len(det)
        return (lo + m.start("name"), lo + m.end("name")), (role_start, tail.end() - 1)
    m = pats["comma-name" if rule == "role-comma" else "name-after"].match(text, t[1], se)
    if m is None:
        return None
    role_start = _title_start(text, lo, t[0])
    return (m.start("name"), m.end("name")), (role_start, t[1])


_TOKEN = re.compile(r"\S+")


def _title_start(text: str, lo: int, end: int) -> int:
    """Where the title before a role word starts: up to six title words back ("Valdoria's Deputy")."""
    words = lexicon.wordset("roles") | lexicon.wordset("modifiers")
    start = end
    parts = 0
    for m in reversed(list(_TOKEN.finditer(text, lo, end))):
        w = m.group()
        if w in ("of", "the") and parts:
            continue  # "Secretary of State", "Minister of the Interior"
        if (
            parts >= 6
            or not (w[:1].isupper() or w.lower() in words)
            or (not w[-1].isalnum() and w[-1] not in "’'s")
        ):
            break
        start = m.start()
        parts += 1
    # A title never starts with a linking word.
    while start < end and text[start:end].split()[0] in ("of", "the"):
        start += len(text[start:end].split()[0]) + 1
    return start


def _trim(text: str, start: int, end: int) -> Span | None:
    """The role without leading connectives ("But Attorney General" -> "Attorney General")."""
    raw = text[start:end]
    words = raw.split()
    while words and words[0].lower() in LEADING:
        words = words[1:]
    if not words:
        return None
    role = " ".join(words)
    at = raw.find(role)
    if at < 0:
        return None
    return Span(start + at, start + at + len(role), role)
