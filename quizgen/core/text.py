"""Text normalisation and matching shared by the checks.

The normalisation (documented in ``docs/checks.md``) lets a quote typed with straight quotes match an article
set with curly ones, and keeps a map back to the untouched text so that every match has real offsets:

1. Unicode NFKC (applied to each run of non-ASCII characters together with the character before it, so that
   combining marks compose with their base);
2. curly and low quotes, primes and guillemets become ``"``; curly apostrophes become ``'``;
3. a dash - en, em, figure or horizontal-bar dash, or two or more hyphens (``--``) - becomes `` - ``, taking any
   whitespace around it, so ``a--b``, ``a -- b`` and ``a — b`` all read ``a - b``; a single hyphen is kept;
4. every run of whitespace, no-break and thin spaces included, becomes one space; soft hyphens are dropped.

Case is kept: evidence must match verbatim. Answers are compared case-insensitively (``casefold``) on word
boundaries, see :func:`contains_phrase`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from quizgen.core.lexicon import (
    MONTH_SHORT_FORMS,
    MONTHS,
    MONTHS_WITH_STOP,
    RELATIVE_DAYS,
    WEEKDAYS,
    entries,
    without_stop,
)

# Single characters mapped one-to-one (str.translate keeps offsets).
_TRANSLATE = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u2039": "'",
        "\u203a": "'",
        "\t": " ",
        "\n": " ",
        "\r": " ",
        "\f": " ",
        "\v": " ",
        "\u0085": " ",
        "\u00a0": " ",
        "\u1680": " ",
        "\u2000": " ",
        "\u2001": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2004": " ",
        "\u2005": " ",
        "\u2006": " ",
        "\u2007": " ",
        "\u2008": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u2028": " ",
        "\u2029": " ",
        "\u202f": " ",
        "\u205f": " ",
        "\u3000": " ",
        "\u2010": "-",
        "\u2011": "-",
    }
)

_DASHES = "\u2012-\u2015\u2212"
# Characters the one-to-one table maps (quotes, apostrophes, single spaces, hyphens): str.replace handles them
# after the length-changing pass, so they cost no regex match each.
_ONE_TO_ONE = "".join(re.escape(chr(c)) for c in _TRANSLATE if c > 0x7F)
_ONE_TO_ONE_PAIRS = tuple((chr(c), str(r)) for c, r in _TRANSLATE.items())


def _translate(text: str) -> str:
    """Apply the one-to-one table: ``str.translate`` is fast on ASCII, chained ``replace`` on the rest."""
    if text.isascii():
        return text.translate(_TRANSLATE)
    for old, new in _ONE_TO_ONE_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


_DASH_RUN = rf"(?:--+|[{_DASHES}])"
# Spans that change. Every branch starts with a single character class (CPython's regex engine then skips
# ordinary text with a fast character-set scan instead of trying each branch at every position); a dash
# takes the whitespace around it before the whitespace rules see it.
_CHANGE = re.compile(
    rf"\s\s*(?=--|[{_DASHES}]){_DASH_RUN}\s*"  # a dash after whitespace, with the whitespace around it
    r"|\s\s+"  # runs of whitespace
    r"|--+\s*"  # a dash of hyphens, with the whitespace after it
    rf"|[{_DASHES}]\s*"  # a dash character, with the whitespace after it
    rf"|[^\x00-\x7f\s{_DASHES}{_ONE_TO_ONE}][^\x00-\x7f\s{_DASHES}{_ONE_TO_ONE}]*"  # NFKC, soft hyphens
)
_DASH = re.compile(rf"\s*{_DASH_RUN}\s*")
# ASCII text needs the general path only for these; most bank strings have none of them.
_ASCII_SPECIAL = re.compile(r"[\t-\r\x1c-\x1f]|  |--")


# Written as the complement of what cannot start a change: the same characters (\t-\r, \x1c-\x1f, "-" and
# everything past ASCII), but compiling the range up to U+10FFFF cost every command ~10 ms at import.
_SEED = re.compile(r"[^\x00-\x08\x0e-\x1b\x20-\x2c\x2e-\x7f]")
"""Every character a change can start with but the plain space (see :func:`_changes`)."""


def _changes(text: str) -> list[tuple[int, int]]:
    """The spans ``_CHANGE.finditer(text)`` gives, found faster in long texts.

    ``_CHANGE`` starts with no single character class, so the regex engine tries it at every position: a tenth
    of the time of a check went to normalising articles. A change starts with a seed character (above), or
    with the first whitespace of a run that holds two spaces, a seed, or is followed by a dash; changes never
    end inside a run of whitespace. So it is enough to try ``_CHANGE`` at each seed, at two spaces, and at the
    start of the whitespace run before them, left to right.
    """
    if len(text) < 200:
        return [m.span() for m in _CHANGE.finditer(text)]
    starts = [m.start() for m in _SEED.finditer(text)]
    i = text.find("  ")
    if i >= 0:
        while i >= 0:
            starts.append(i)
            i = text.find("  ", i + 2)
        starts.sort()
    out: list[tuple[int, int]] = []
    match = _CHANGE.match
    pos = 0
    for c in starts:
        if c < pos:
            continue
        s = c
        while s > pos and text[s - 1].isspace():
            s -= 1
        m = match(text, s)
        if m is None and s != c and not text[c].isspace():
            m = match(text, c)
        if m is not None:
            out.append(m.span())
            pos = m.end()
    return out


def _replace(chunk: str) -> str:
    if chunk.isspace():
        return " "
    if _DASH.fullmatch(chunk):
        return " - "
    return unicodedata.normalize("NFKC", chunk).replace("\u00ad", "")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalised copy of a text with a map from its offsets back to the original's."""

    text: str
    """The normalised text."""
    _norm_starts: tuple[int, ...]
    """Start, in ``text``, of each replaced chunk."""
    _norm_ends: tuple[int, ...]
    """End, in ``text``, of each replaced chunk."""
    _orig_starts: tuple[int, ...]
    """Start, in the original, of each replaced chunk."""
    _orig_ends: tuple[int, ...]
    """End, in the original, of each replaced chunk."""

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """Map an offset of the normalised text to the original text.

        An offset inside a replaced chunk maps to the chunk's start, or to its end when ``end`` is true (for the
        exclusive end of a span).
        """
        i = bisect.bisect_right(self._norm_starts, offset) - 1
        if i < 0:
            return offset
        if self._norm_starts[i] == self._norm_ends[i] == offset:  # a deleted chunk (a soft hyphen)
            return self._orig_starts[i] if end else self._orig_ends[i]
        if offset < self._norm_ends[i]:
            if end and offset > self._norm_starts[i]:
                return self._orig_ends[i]
            return self._orig_starts[i]
        return offset + self._orig_ends[i] - self._norm_ends[i]


def byte_position(data: bytes, at: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of byte ``at`` of ``data``, whose bytes before it are UTF-8:
    where a decoder stopped, to place the byte it could not read."""
    line_start = data.rfind(b"\n", 0, at) + 1
    return data.count(b"\n", 0, at) + 1, len(data[line_start:at].decode("utf-8", "replace")) + 1


def normalize(text: str) -> str:
    """The normalised form of ``text`` (without an offset map), stripped of outer whitespace."""
    if text.isascii():
        # The common case, nothing to change: printable ASCII can hold only the spaces and hyphens of
        # _ASCII_SPECIAL, which two substring tests find faster than the pattern.
        if "  " not in text and "--" not in text and text.isprintable():
            return text.strip()
        if _ASCII_SPECIAL.search(text) is None:
            return text.strip()
    return _normalized(text)


@functools.lru_cache(maxsize=1 << 15)
def _normalized(text: str) -> str:
    # The checks normalise the same prompt, answer and quotation several times each (2 of 3 calls on the
    # benchmark bank repeat an earlier one); only text needing the general path is remembered.
    return normalize_with_map(text).text.strip()


def normalize_with_map(text: str) -> NormalizedText:
    """Normalise ``text`` and keep the offset map back to it. Outer whitespace is kept (offsets stay simple)."""
    pieces: list[str] = []
    norm_starts: list[int] = []
    norm_ends: list[int] = []
    orig_starts: list[int] = []
    orig_ends: list[int] = []
    pos = 0
    npos = 0
    for start, stop in _changes(text):
        if start > pos and unicodedata.combining(text[start]):
            start -= 1  # compose a combining mark with the character before it
        chunk = text[start:stop]
        new = _replace(chunk)
        if new == chunk:
            continue
        pieces.append(text[pos:start])
        npos += start - pos
        norm_starts.append(npos)
        orig_starts.append(start)
        pieces.append(new)
        npos += len(new)
        norm_ends.append(npos)
        orig_ends.append(stop)
        pos = stop
    pieces.append(text[pos:])
    return NormalizedText(
        _translate("".join(pieces)),
        tuple(norm_starts),
        tuple(norm_ends),
        tuple(orig_starts),
        tuple(orig_ends),
    )


def fold(text: str) -> str:
    """Normalise and casefold: the form answers, aliases and distractors are compared in."""
    return normalize(text).casefold()


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def find_phrase(haystack: str, needle: str, start: int = 0) -> int:
    """Index of ``needle`` in ``haystack`` on word boundaries (both already folded), or -1.

    A boundary is only required where the needle itself starts or ends with a word character, so ``"U.S."``
    matches in ``"the U.S. said"``.
    """
    if not needle:
        return -1
    head = _is_word_char(needle[0])
    tail = _is_word_char(needle[-1])
    i = haystack.find(needle, start)
    while i >= 0:
        j = i + len(needle)
        ok_head = not head or i == 0 or not _is_word_char(haystack[i - 1])
        ok_tail = not tail or j == len(haystack) or not _is_word_char(haystack[j])
        if ok_head and ok_tail:
            return i
        i = haystack.find(needle, i + 1)
    return -1


def contains_phrase(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` on word boundaries (both already folded)."""
    return find_phrase(haystack, needle) >= 0


_WORD = re.compile(r"[^\W_]+(?:['.-][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a folded text: letters and digits, keeping inner apostrophes, dots and hyphens."""
    return _WORD.findall(text)


_DROPPED = re.compile(r"[.'\u2019`]")  # U.S. -> us, Xi's -> xis: dropped, not turned into a space
_NOT_ASCII_ALNUM = re.compile(r"[^0-9a-z]+")
_ASCII_WORD_BYTES = bytes(
    c if chr(c).isdigit() or "a" <= chr(c) <= "z" else c + 32 if "A" <= chr(c) <= "Z" else 32
    for c in range(256)
)
"""ASCII bytes as :func:`ascii_words` reads them: digits and lower-case letters kept, capitals lowered, any
other byte a space."""


def ascii_words(text: str) -> list[str]:
    """The words of ``text`` as typed answers are compared: Unicode NFC, transliterated to ASCII (``anyascii``:
    ``Łódź`` -> ``lodz``), case-folded, ``.`` and apostrophes dropped, other punctuation splitting words."""
    if text.isascii():  # NFC and transliteration leave ASCII as it is
        # Case-folded, the dropped characters deleted and the rest of punctuation made spaces in one pass of a
        # byte table: the same words as the patterns below give, found several times faster.
        return text.encode("ascii").translate(_ASCII_WORD_BYTES, b".'`").decode("ascii").split()
    from anyascii import anyascii  # only the self-test needs it: not imported with every check

    ascii_text = anyascii(unicodedata.normalize("NFC", text)).casefold()
    return _NOT_ASCII_ALNUM.sub(" ", _DROPPED.sub("", ascii_text)).split()


# Numbers: digits (with separators), and spelled-out numbers that change a fact.
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# "one" and "once" are left out: "which one of these", "at once" are phrasing, not facts.
_NUMBER_WORDS = frozenset(
    "zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "billion first second third fourth fifth sixth seventh eighth ninth tenth twice".split()
)
_DATE_WORDS = frozenset(w.lower() for w in (*MONTHS, *MONTH_SHORT_FORMS, *WEEKDAYS, *RELATIVE_DAYS))
_NEGATIONS = frozenset("not no never none nor neither nobody nothing nowhere without cannot".split())


_DETAIL_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[A-Za-z]*n't|[A-Za-z]+")
_DETAIL_WORDS = _NUMBER_WORDS | _DATE_WORDS | _NEGATIONS


_LETTER_TOKEN = re.compile(r"[A-Za-z]+(?:(?<=n)'t)?")
"""The tokens of :data:`_DETAIL_TOKEN` that are not numbers (no token mixes letters and digits): its
``[A-Za-z]*n't|[A-Za-z]+`` written so that a word is not scanned twice (first for a following ``n't``)."""


def details(text: str) -> set[str]:
    """The numbers, date words and negations of a normalised text: details a quiz item must not get wrong.

    Returned folded. ``n't`` counts as ``not``; ``May`` counts as the month only when capitalised.
    """
    found = set(_NUMBER.findall(text))  # the number tokens of _DETAIL_TOKEN, read on their own
    tokens = _LETTER_TOKEN.findall(text)
    hits = _DETAIL_WORDS.intersection(map(str.lower, tokens))
    if "may" in hits and not any(t[0] == "M" and t.lower() == "may" for t in tokens):
        hits -= {"may"}
    found |= hits
    if "n't" in text:  # then some token ends with it (no detail word has an apostrophe)
        found.add("not")
    return found


class LineIndex:
    """Maps character offsets of a text to 1-based line and column numbers."""

    __slots__ = ("_found", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._found: list[int] | None = None

    @property
    def _starts(self) -> list[int]:
        """The offset of each line's start, found on first use: most articles' lines are never asked about
        (an incremental check made 10,000 indexes to use a few), and summing the lines' lengths in C is
        several times faster than finding each newline in Python."""
        found = self._found
        if found is None:
            ends = itertools.accumulate(map((1).__add__, map(len, self._text.split("\n"))), initial=0)
            found = self._found = list(ends)
            found.pop()  # the end of the last line, which starts none
        return found

    @property
    def line_count(self) -> int:
        """Number of lines (a final line without a newline counts)."""
        return len(self._starts)

    def line_start(self, line: int) -> int:
        """Offset of the first character of a 1-based line."""
        return self._starts[line - 1]

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of an offset."""
        starts = self._starts
        i = bisect.bisect_right(starts, offset) - 1
        return i + 1, offset - starts[i] + 1


@dataclass(frozen=True, slots=True)
class SentenceRule:
    """A convention for where sentences end; :func:`sentences` is the one splitter that applies it.

    A sentence ends where ``end`` matches (the punctuation and any closing quote or bracket), unless the match
    starts with a full stop after one of ``abbreviations`` or a single initial, as ``word_before`` reads the
    word before the stop and ``initial`` tells an initial.
    """

    name: str
    """What the rule is for."""
    end: re.Pattern[str]
    """Matches the end of a sentence: ``.``, ``!`` or ``?``, closing quotes and brackets, a lookahead."""
    abbreviations: frozenset[str]
    """Words (lower-case, without their final full stop) after which a full stop does not end a sentence."""
    word_before: Callable[[str, int, int], str]
    """``(text, sentence start, stop)``: the word a full stop at ``stop`` ends, without the stop, as compared
    with ``abbreviations``."""
    initial: Callable[[str], bool]
    """Whether that word is a single initial (``J.``)."""


def _last_token(text: str, start: int, stop: int) -> str:
    """The checks' reading: the sentence's last whitespace-separated token before the stop (whitespace right
    before the stop skipped), straight quotes and ``(`` stripped from its front, case-folded."""
    before = text[start:stop].rsplit(None, 1)
    return before[-1].lstrip("\"'(").casefold() if before else ""


def _after_last_space(text: str, start: int, stop: int) -> str:
    """The drafter's reading: the text after the sentence's last space (U+0020 only), lower-cased, ``“"(``
    stripped from its front. A sentence with no space before the stop reads from the start of the *text*, so
    an abbreviation opening any sentence but the text's first ends a sentence ("Sen." in "... strategy. Sen.
    David Perdue said"): kept as it was so that drafts and scores do not move; see docs/draft.md."""
    w = text.rfind(" ", start, stop)
    return text[w + 1 : stop].lower().lstrip('\u201c"(')


def _ascii_initial(word: str) -> bool:
    return len(word) == 1 and "a" <= word <= "z"


def _letter_initial(word: str) -> bool:
    return len(word) == 1 and word.isalpha()


_BOTH = without_stop(entries("abbreviations"))
CHECK_SENTENCES = SentenceRule(
    "checks",
    re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9"'\u201c\u2018])"""),
    _BOTH | frozenset(MONTH_SHORT_FORMS),
    _last_token,
    _letter_initial,
)
"""The sentences checks and coverage count: a stop ends one when whitespace and a capital, digit or opening
quote follow; every short form of a month (``Jun.`` too) is an abbreviation."""
DRAFT_SENTENCES = SentenceRule(
    "draft",
    re.compile(
        # "[.!?][.!?]*", not "[.!?]+": a pattern opening with a character class lets the regex engine skip
        # to the next stop at C speed instead of trying the pattern at every character.
        r"[.!?][.!?]*[\u201d\"\u2019')\]]*(?=\s+[\u201c\"\u2018(\[]?[A-Z0-9]|\s*$)"
        r"|[.!?][.!?]*[\u201d\"\u2019')\]]*(?=\s*[\u201c\"]\s*[A-Z])"
    ),
    _BOTH | without_stop(entries("abbreviations_draft")) | without_stop(MONTHS_WITH_STOP),
    _after_last_space,
    _ascii_initial,
)
"""The sentences the drafting rules read: a stop also ends one right before an opening double quote and a
capital (``said."The``), and at the end of the text; ``Rev.``, ``Hon.``, ``E.U.``, ``D.C.`` are abbreviations
too, month short forms only as news writes them with a stop (``Sept.``, not ``Jun.``); initials are ASCII."""


def sentences(text: str, start: int, end: int, rule: SentenceRule = CHECK_SENTENCES) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one paragraph) into sentence spans, as (start, end) offsets without outer space.

    A sentence ends where ``rule.end`` matches, unless its full stop ends one of ``rule.abbreviations`` or a
    single initial (see :class:`SentenceRule`).
    """
    spans: list[tuple[int, int]] = []
    cur = start
    for m in rule.end.finditer(text, start, end):
        stop = m.start()
        if text[stop] == ".":
            s = cur
            while s < stop and text[s].isspace():
                s += 1
            last = rule.word_before(text, s, stop)
            if last in rule.abbreviations or rule.initial(last):
                continue
        spans.append((cur, m.end()))
        cur = m.end()
    spans.append((cur, end))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def sentence_at(
    text: str, offset: int, start: int, end: int, rule: SentenceRule = CHECK_SENTENCES
) -> tuple[int, int] | None:
    """The sentence of ``text[start:end]`` (one paragraph) holding ``offset``, or None (between sentences)."""
    for s, e in sentences(text, start, end, rule):
        if s <= offset < e:
            return s, e
    return None
