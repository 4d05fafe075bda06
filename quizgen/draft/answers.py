"""What a drafted answer names (its kind: a person, an organisation, a place or a post) and the other ways of
writing it that a fair grader accepts (its aliases).

The kind decides which distractors a draft may offer: people among people, never an organisation or a
quotation among them. :func:`answer_kind` reads the text's shape and the extractor's own label; when the
extractors label kinds themselves, their label is passed as ``said`` and the shape only vetoes.

Aliases are taken from the article as it writes the name (a surname used alone, "President Xi",
"Mr. Trump", an acronym in brackets) or from general word lists (a country adjective for the country's
possessive, "Foreign Ministry" for "Ministry of Foreign Affairs", "Dmitri" for "Dmitry"); none is invented
from the name alone, and :func:`clashes` drops any alias that another entity of the project could also answer
to.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from quizgen.core.text import contains_phrase, fold
from quizgen.draft import lexicon
from quizgen.draft.text import well_formed

KINDS = ("person", "organisation", "place", "post")
"""The kinds of answer a draft has; distractors are of the answer's kind."""

_CONNECTIVES = frozenset("al bin da de del der di dos du el ibn la le van von".split())
_NAME_WORD = re.compile(r"[A-Z][\w'’-]*\.?|[A-Z]\.")
_INITIAL = re.compile(r"[A-Z]\.")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_QUOTES = "\"'“”‘’«»„"


def _is_name_word(word: str) -> bool:
    return bool(_NAME_WORD.fullmatch(word)) and word.lower().rstrip(".") not in _determiners()


@cache
def _determiners() -> frozenset[str]:
    return lexicon.wordset("speaker_determiners") | lexicon.wordset("pronouns")


@cache
def _adjectives() -> dict[str, str]:
    """Country adjective -> country, as written (``South Korean`` -> ``South Korea``)."""
    out = {}
    for entry in lexicon.words("country_adjectives"):
        adjective, _, country = entry.partition("\t")
        out[adjective.strip()] = country.strip()
    return out


@cache
def _short_forms() -> list[tuple[str, str]]:
    out = []
    for entry in lexicon.words("short_forms"):
        short, _, long = entry.partition("\t")
        out.append((short.strip(), long.strip()))
    return out


@lru_cache(maxsize=65536)  # a name recurs in every draft of its article and of the pools
def answer_kind(text: str, said: str = "") -> str | None:
    """The kind of answer ``text`` is (one of :data:`KINDS`), or None when it is no well-formed name.

    ``said`` is what the extractor called it (``person``, ``organisation``, ``group``, ``place``, ``post``).
    A person is two or more capitalised words (initials and particles such as "bin" allowed) without a word
    of an organisation, not a nationality ("South Korean"); an organisation has such a word ("Ministry"), is
    an acronym, or is what the extractor called one; a single capitalised word ("Pentagon", "Another") is no
    person. Quotation marks or a sentence's punctuation make it no name at all.
    """
    text = text.strip()
    words = text.split()
    if not words or len(words) > 8 or any(c in text for c in _QUOTES) or text[-1] in ",;:!?":
        return None
    if said in ("place", "post"):
        return said if well_formed(text, said) else None
    if text in _adjectives() or text.lower() in lexicon.wordset("demonyms"):
        return None  # "South Korean": a nationality, not who
    lowered = [w.lower().rstrip(".").removesuffix("'s").removesuffix("’s") for w in words]
    org = lexicon.wordset("org_words")
    if said in ("organisation", "group") or any(w in org for w in lowered) or _ACRONYM.fullmatch(text):
        formed = well_formed(text, "organisation") and all(
            w[0].isupper() or w in _CONNECTIVES or w in ("of", "and", "for", "the") for w in words
        )
        return "organisation" if formed else None
    if said not in ("", "person"):
        return None
    parts = [w for w in words if w.lower() not in _CONNECTIVES]
    if (
        len(parts) >= 2
        and all(_is_name_word(w) for w in parts)
        and not all(_INITIAL.fullmatch(w) for w in parts)
        and well_formed(text, "person")  # the extractors' own test: no cut initial, no demonym, no determiner
    ):
        return "person"
    return None


def surely_person(name: str, with_role: Collection[str] = ()) -> bool:
    """Whether ``name`` is surely a person's, as a distractor among people must be: a person's shape
    (:func:`answer_kind`), and either opening with a known first name (``first_names.txt``) or named with a
    post somewhere (``with_role``: "President Xi Jinping"). So neither "Wall Street" nor "City Attorney Brad
    Holm" (a title glued on) is offered as someone."""
    first = name.split()[0].lower() if name.split() else ""
    return answer_kind(name) == "person" and (first in lexicon.table("first_names") or name in with_role)


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Offsets of ``word`` in ``text`` as a whole word (not inside a longer word or a hyphenated name)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        before = text[at - 1] if at else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "’'-") and not (after.isalnum() or after == "-"):
            yield at
        at = text.find(word, at + 1)


def _alone(text: str, name: str, word: str) -> bool:
    """Whether the article writes ``word`` of ``name`` on its own somewhere (a second mention: "Quill said")."""
    parts = name.split()
    i = parts.index(word)
    before, after = parts[:i], parts[i + 1 :]
    for at in _occurrences(text, word):
        head = text[max(0, at - 40) : at].split()
        tail = text[at + len(word) : at + len(word) + 40].split()
        if before and head and head[-1] == before[-1]:
            continue
        if after and tail and tail[0].rstrip(".,;:’'s") == after[0].rstrip("."):
            continue
        return True
    return False


@cache
def _titles() -> frozenset[str]:
    """Words written before a name as its title: "Mr.", "Sen.", "President", "Minister"."""
    titles = {w[0].upper() + w[1:] for w in lexicon.words("titles") if w[:1].isalpha()}
    return frozenset(titles | {w.capitalize() for w in lexicon.words("roles")})


def _titled(text: str, form: str) -> list[str]:
    """``Title form`` as the article writes it ("President Xi", "Mr. Trump")."""
    out = []
    titles = _titles()
    for at in _occurrences(text, form):
        head = text[max(0, at - 30) : at]
        words = head.split()
        if words and words[-1] in titles and head[-1:].isspace():
            out.append(f"{words[-1]} {form}")
    return out


def person_aliases(name: str, text: str) -> list[str]:
    """Other ways ``text`` (the article) names the person ``name``: the surname alone where the article uses
    it alone, a title before the surname or the name as written ("President Xi", "Mr. Trump"), the name
    without its middle initials ("George Bush" for "George W. Bush")."""
    parts = name.split()
    out: list[str] = []
    short = [p for p in parts if not _INITIAL.fullmatch(p)]
    if len(short) >= 2 and len(short) < len(parts):
        out.append(" ".join(short))
    alone = [p for p in short if len(p) > 1 and p.lower() not in _CONNECTIVES and _alone(text, name, p)]
    for form in (name, *alone):
        out += _titled(text, form)
    if len(alone) == 1:
        out.insert(0, alone[0])  # one word used alone: the surname (two: which is the name is unclear)
    out += _transliterated(parts)
    return list(dict.fromkeys(a for a in out if a != name))


def _transliterated(parts: Sequence[str]) -> list[str]:
    """The full name with its first name in each other romanisation ("Dmitri Peskov" for "Dmitry Peskov"),
    from the general list ``transliterations``; a first name the list lacks gives none."""
    if len(parts) < 2:
        return []
    return [" ".join((other, *parts[1:])) for other in _spellings().get(parts[0], ())]


@cache
def _spellings() -> dict[str, tuple[str, ...]]:
    """Given name -> its other spellings (each line of the list is one name's spellings)."""
    out: dict[str, tuple[str, ...]] = {}
    for entry in lexicon.words("transliterations"):
        group = [w.strip() for w in entry.split("\t") if w.strip()]
        for name in group:
            out[name] = tuple(w for w in group if w != name)
    return out


def organisation_aliases(name: str, text: str) -> list[str]:
    """Other ways of naming the organisation ``name``: an acronym the article gives in brackets after it, the
    country's possessive or "of" form for a country adjective, a short or long form of the body."""
    out: list[str] = []
    for m in re.finditer(re.escape(name) + r"\s*\(([A-Z][A-Za-z]{1,7})\)", text):
        out.append(m.group(1))
    out += _country_forms(name)
    for short, long in _short_forms():
        for a, b in ((short, long), (long, short)):
            if a in name:
                out.append(name.replace(a, b))
    return list(dict.fromkeys(a for a in out if a != name))


def post_aliases(post: str) -> list[str]:
    """Other ways of writing the post ``post``: "China's President" and "President of China" for "Chinese
    President"; without a leading lower-case modifier ("Trade Minister" for "visiting Trade Minister")."""
    out = _country_forms(post)
    words = post.split()
    if len(words) >= 2 and words[0].islower() and words[0] in lexicon.wordset("modifiers"):
        rest = " ".join(words[1:])
        out += [rest, *_country_forms(rest)]
    return list(dict.fromkeys(a for a in out if a != post))


def _country_forms(text: str) -> list[str]:
    """``Chinese X`` / ``China's X`` / ``X of China``: each written the other two ways (the ``of`` form only
    for a short ``X``: "President of China", not "Foreign Ministry spokesman of China")."""
    adjectives = _adjectives()
    countries = {c: a for a, c in adjectives.items()}

    def of(rest: str, country: str) -> list[str]:
        return [f"{rest} of {country}"] if len(rest.split()) <= 2 else []

    for adjective, country in adjectives.items():
        if text.startswith(adjective + " "):
            rest = text[len(adjective) + 1 :]
            return [f"{country}'s {rest}", *of(rest, country)]
    for country in countries:
        for possessive in (f"{country}'s ", f"{country}’s "):
            if text.startswith(possessive):
                rest = text[len(possessive) :]
                return [f"{countries[country]} {rest}", *of(rest, country)]
        if text.endswith(f" of {country}"):
            rest = text[: -len(f" of {country}")]
            return [f"{countries[country]} {rest}", f"{country}'s {rest}"]
    return []


def aliases(answer: str, kind: str, text: str) -> list[str]:
    """The aliases of an answer of ``kind`` in the article ``text`` (before :func:`clashes` filters them)."""
    if kind == "person":
        return person_aliases(answer, text)
    if kind == "organisation":
        return organisation_aliases(answer, text)
    if kind == "post":
        return post_aliases(answer)
    return []


@dataclass(frozen=True, slots=True)
class Entities:
    """The names of a project's entities (speakers, meeting parties, people with a role), folded and indexed by
    word, so an alias can be tested against every other entity in time proportional to the few that share a
    word with it."""

    by_word: dict[str, tuple[str, ...]]
    """Folded word -> the folded entity names holding it."""

    @classmethod
    def of(cls, names: Iterable[str]) -> Entities:
        index: dict[str, list[str]] = {}
        for name in dict.fromkeys(fold(n) for n in names):
            for word in dict.fromkeys(name.split()):
                index.setdefault(word, []).append(name)
        return cls({w: tuple(v) for w, v in index.items()})

    def clashes(self, alias: str, answer: str, others: Sequence[str] = ()) -> bool:
        """Whether ``alias`` could also answer for an entity other than ``answer``: it is, holds or is held by
        another entity's name (folded, on word boundaries), or one of ``others`` (the item's distractors)."""
        a, own = fold(alias), fold(answer)
        candidates = {n for w in a.split() for n in self.by_word.get(w, ())} | {fold(o) for o in others}
        for other in candidates - {own}:
            if (contains_phrase(other, a) or contains_phrase(a, other)) and other not in self._parts(own):
                return True
        return False

    @staticmethod
    def _parts(own: str) -> set[str]:
        """Sub-phrases of the answer itself: another "entity" that is only a piece of it is the same one
        ("Quill" listed as a speaker of its own because the article says "Quill said")."""
        words = own.split()
        return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
