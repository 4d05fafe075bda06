"""Text helpers shared by the extractors: paragraphs, speaker and name phrases.

Everything works on the original text and returns character offsets into it. Sentences come from the one
splitter of :mod:`quizgen.core.text` with the drafter's rule (:data:`~quizgen.core.text.DRAFT_SENTENCES`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from quizgen.core.lexicon import MONTHS, RELATIVE_DAYS, WEEKDAYS
from quizgen.core.text import DRAFT_SENTENCES, sentences
from quizgen.draft import lexicon

OPEN_QUOTES = "“„‟«"
CLOSE_QUOTES = "”»"
STRAIGHT_QUOTE = '"'
QUOTE_CHARS = OPEN_QUOTES + CLOSE_QUOTES + STRAIGHT_QUOTE

_PARAGRAPH = re.compile(r"[^\S\n]*(\S(?:[^\n]*\S)?)")
_CALENDAR = frozenset(w.lower() for w in (*WEEKDAYS, *MONTHS, *RELATIVE_DAYS))


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of an article."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset after the last character."""
    text: str
    """``article[start:end]``."""


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, leading and trailing blanks trimmed: news text is a paragraph a line."""
    return [m.span(1) for m in _PARAGRAPH.finditer(text)]


class Article:
    """One article's paragraphs, and their sentences split on first use: every extractor reads the same
    sentences, so they are split once per article, not once per extractor (or per quotation)."""

    __slots__ = ("_sentences", "paragraphs", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.paragraphs = paragraphs(text)
        """(start, end) of every paragraph, as :func:`paragraphs` gives them (shared: never mutate)."""
        self.starts = [ps for ps, _ in self.paragraphs]
        self._sentences: dict[int, list[tuple[int, int]]] = {}

    def sentences(self, index: int) -> list[tuple[int, int]]:
        """The sentences of paragraph ``index`` by :data:`~quizgen.core.text.DRAFT_SENTENCES` (shared: never
        mutate)."""
        found = self._sentences.get(index)
        if found is None:
            ps, pe = self.paragraphs[index]
            found = self._sentences[index] = sentences(self.text, ps, pe, DRAFT_SENTENCES)
        return found

    def paragraph_of(self, offset: int) -> int:
        """The index of the paragraph starting last at or before ``offset`` (0 before the first)."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


@lru_cache(maxsize=4)
def article(text: str) -> Article:
    """The shared :class:`Article` of ``text``: ``quizgen draft`` runs every extractor on one article in turn."""
    return Article(text)


def is_capitalised(word: str) -> bool:
    """A word that can be part of a name: starts with an upper-case letter and is not a calendar word."""
    return word[:1].isupper() and word.lower().rstrip(".") not in _CALENDAR


def strip_possessive(word: str) -> str:
    """``Valdoria's`` -> ``Valdoria``."""
    if "’" not in word and "'" not in word:
        return word  # the common case, without four suffix tests
    for suffix in ("’s", "'s", "’", "'"):
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True, slots=True)
class Phrase:
    """A speaker or participant phrase split into its parts."""

    text: str
    """The phrase as written, leading determiners and connectives dropped."""
    name: str
    """The name: a person's trailing capitalised words, or the organisation, or the common noun phrase."""
    role: str
    """The words before the name that say what the person is ("Harbour Authority spokeswoman"), or ""."""
    kind: str
    """``person``, ``organisation``, ``pronoun`` or ``group`` (a common noun such as "officials")."""


LEADING = frozenset(  # words that open a sentence or clause, never a name or title
    "the a an but and so yet still now however meanwhile later earlier when while after before then also "
    "in on at as if though although because since".split()
)


KINDS = ("person", "organisation", "place", "post")
"""What an answer names; extractions expose it as ``answer_kind`` so distractors can be of the same kind."""

DETERMINERS = frozenset(
    "another other others some many several both each every all one no none such this that these those any most "
    "few".split()
)
"""Words that open a noun phrase and are never a name on their own ("Another critic said")."""

_QUOTE_GLYPHS = '"“”„‟«»‘’‚‛`'


def _qualifier(word: str) -> bool:
    """A capitalised word that qualifies a name rather than being part of it: "State", "Republican", "Chinese"."""
    low = strip_possessive(word).lower()
    return _qualifier_word(low) or (
        # A plural names a group ("Republicans", "Americans"), never one person.
        low.endswith("s") and _qualifier_word(low[:-1])
    )


def plural_group(name: str) -> bool:
    """Whether a speaker's name is a plural noun naming several people ("lawmakers", "analysts", "Republicans"):
    no one person a learner could be asked for, so no speaker's name."""
    word = name.split()[-1] if name.split() else ""
    low = strip_possessive(word).lower()
    if len(low) < 3 or not low.endswith("s") or low.endswith(("ss", "us", "is")):
        return False
    return word.islower() or _qualifier_word(low[:-1])


def _qualifier_word(low: str) -> bool:
    return (
        low in lexicon.wordset("modifiers")
        or low in lexicon.wordset("demonyms")
        or low in lexicon.wordset("religions")
        or low in (lexicon.wordset("countries"))
    )


def well_formed(name: str, kind: str) -> bool:
    """Whether ``name`` is a usable answer of ``kind`` (one of :data:`KINDS`): not a determiner ("Another"), not cut
    at a middle initial ("John F."), no quotation mark glued to it, and for a person or organisation not a
    demonym ("South Korean") nor a qualifier alone ("Republican")."""
    words = name.split()
    if not words or words[0].lower() in DETERMINERS or words[0].lower() in LEADING:
        return False
    if any(c in _QUOTE_GLYPHS for c in name.replace("’s", "").replace("'s", "")) and not re.fullmatch(
        r"[\w\s.\-]+(?:[’'][A-Za-z]\w*)*[\w\s.\-]*", name
    ):
        return False  # a quotation mark glued on ("”President Obama"); an apostrophe inside a word is fine
    if len(words) > 1 and re.fullmatch(r"[A-Z]\.?", words[-1]):
        return False  # "John F.": cut at a middle initial
    if kind in ("person", "organisation") and all(_qualifier(w) for w in words):
        # "Republican", "South Korean" name no one; "South Korea" and "the White House" are organisations.
        return kind == "organisation" and (
            " ".join(words).lower() in lexicon.wordset("countries")
            or any(w.lower() in lexicon.wordset("org_words") for w in words)
        )
    # "South Korean": a demonym names no person.
    return not (kind == "person" and strip_possessive(words[-1]).lower() in lexicon.wordset("demonyms"))


def parse_phrase(phrase: str) -> Phrase | None:
    """Split a speaker phrase ("Valdoria's President Ada Quill", "the Valdorian Foreign Ministry", "he")."""
    tokens = phrase.split()
    if tokens and tokens[-1].endswith(".") and tokens[-1].lower() not in lexicon.wordset("titles"):
        tokens[-1] = tokens[-1][:-1]  # a sentence's full stop
    while tokens and tokens[0].lower().strip(",") in LEADING:
        tokens = tokens[1:]
    if not tokens:
        return None
    text = " ".join(tokens)
    if strip_possessive(text).lower() in lexicon.wordset("countries"):
        return Phrase(text, strip_possessive(text), "", "organisation")  # "South Korea said": its government
    pronouns = lexicon.table("pronouns")
    if len(tokens) == 1 and tokens[0].lower() in pronouns:
        return Phrase(text, tokens[0], "", "pronoun")
    roles = lexicon.wordset("roles")
    orgs = lexicon.wordset("org_words")
    titles = lexicon.wordset("titles")
    # The name is the trailing run of capitalised words that are neither role nor organisation words.
    i = len(tokens)
    while i > 0:
        t = tokens[i - 1]
        low = strip_possessive(t).lower()
        if not is_capitalised(t) or low in roles or low in orgs or t.endswith(("’s", "'s")):
            break
        i -= 1
    name_tokens = [t for t in tokens[i:] if t.lower() not in titles]
    # The tail of a title or a qualifier glued before the name ("Secretary of State John Kerry", "Republican
    # Donald Trump"): dropped into the role while a name of two words remains.
    lead = 0
    while len(name_tokens) - lead > 2 and _qualifier(name_tokens[lead]):
        lead += 1
    if lead and len(name_tokens) - lead >= 2:
        i += lead + sum(1 for t in tokens[i : i + lead] if t.lower() in titles)
        name_tokens = name_tokens[lead:]
    if name_tokens and i < len(tokens) and not any(w.lower() in orgs for w in tokens[i:]):
        last = tokens[i - 1] if i > 0 else ""
        low_last = strip_possessive(last).lower()
        if (
            i == 0
            or low_last in roles
            or low_last in orgs
            or _qualifier(last)
            or not is_capitalised(last)
            or last != strip_possessive(last)
        ):
            role = " ".join(tokens[:i])
            return Phrase(text, " ".join(name_tokens), role, "person")
    if name_tokens and i == 0:
        return Phrase(text, " ".join(name_tokens), "", "person")
    if any(is_capitalised(t) for t in tokens):
        if any(strip_possessive(t).lower() in orgs for t in tokens) or not any(
            strip_possessive(t).lower() in roles for t in tokens
        ):
            return Phrase(text, text, "", "organisation")
        return Phrase(text, text, "", "group")
    return Phrase(text, text, "", "group")
