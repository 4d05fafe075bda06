"""Who said what: direct quotations and their speakers.

Steps, each a rule whose name travels with the result (``Quotation.rule``) so a reviewer and the evaluation
can see which rules misfire:

1. Quote spans: double marks (curly, straight, low, guillemets, ``''...''``, ````...''``) and single ones
   paired by level per paragraph, apostrophes left out; a paragraph that ends inside a quotation continues it
   when the next paragraph opens with a mark (the news convention). A quoted Title-Case title is not speech.
2. Cue and speaker, in order of reliability:
   ``after-adjacent``  "...," Harbour Authority spokeswoman Ada Quill said / "...," said Ada Quill / according to
   ``before-adjacent`` Ada Quill said: "..." / Ada Quill told reporters, "..." / Said Ada Quill: "..."
   ``roundup``         Ada Quill, Portvale Gazette: "..." (no verb)
   ``after-clause``    "..." and "...," he said  (a cue later in the same sentence, speaker next to it)
   ``before-clause``   Ada Quill said the plan "..." (a cue earlier in the same sentence)
   ``continuation``    a quotation with no cue of its own, in a paragraph that continues the previous
                       speaker's quotation
3. The speaker as a learner should see it: "he"/"she" is the previous speaker while no other person of the
   gender is named, else the first person of the nearest sentence naming one; a surname is the full name
   written before; a document is whoever issued it; "the group" the organisation named before; a country
   speaks as an organisation; a recipient ("an email to X") never speaks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from quizgen.core.lexicon import WEEKDAYS
from quizgen.draft import lexicon
from quizgen.draft.lexicon import LazyPatterns as _Lazy
from quizgen.draft.lexicon import source as _source
from quizgen.draft.rules import DraftRule, register
from quizgen.draft.text import (
    DETERMINERS,
    LEADING,
    Article,
    Phrase,
    Span,
    article,
    is_capitalised,
    parse_phrase,
    plural_group,
    strip_possessive,
    well_formed,
)

MIN_WORDS = 1
"""Shorter quotations are titles or scare quotes, not speech."""


@dataclass(frozen=True, slots=True)
class Quotation:
    """A direct quotation attributed to a speaker."""

    content: Span
    """The quoted words, without the quotation marks."""
    speaker: Span
    """The speaker as mentioned next to the cue (may be a pronoun or a surname)."""
    speaker_name: str
    """Who the speaker is: the mention, or the earlier full name a pronoun or surname refers to."""
    speaker_role: str
    """The speaker's role as written next to the name, if any."""
    speaker_kind: str
    """``person``, ``organisation``, ``group`` or ``pronoun`` (unresolved)."""
    antecedent: Span | None
    """For a pronoun or surname: the earlier mention of the full name."""
    cue: str
    """The reporting cue (``said``, ``according to``...), empty for a continuation."""
    evidence: Span
    """The sentences holding the quotation, the cue and the speaker mention."""
    rule: str
    """The rule that attributed it."""
    confidence: float
    """How often this rule is right, from its precision on annotated news (0-1)."""

    @property
    def answer_kind(self) -> str:
        """The kind of the who-said answer (:data:`~quizgen.draft.text.KINDS`): ``person`` or ``organisation``;
        ``group`` or ``pronoun`` for a speaker no draft names."""
        return self.speaker_kind


@dataclass(frozen=True, slots=True)
class _Raw:
    start: int  # inner start
    end: int  # inner end
    open_at: int  # the opening mark (or the paragraph start for a continued quotation)
    close_at: int  # after the closing mark (or the paragraph end)
    paragraph: int
    continued: bool  # starts a paragraph that continues the previous paragraph's quotation


# Confidence: per rule, the share of its predictions whose speaker mention is right on the PolNeAR dev split
# (322/332, 49/52, 7/9, 112/133), rounded; a pronoun's resolution is then weighed by PRONOUN_RESOLUTION (see
# speaker_confidence). ``continuation`` cannot be scored there (see :mod:`.evaluate`) and ``roundup`` never fires
# there: both are estimates.
RULES = register(
    DraftRule(
        "after-adjacent",
        "quotation",
        0.97,
        'The speaker and cue right after the quotation: "...," X said / said X / according to X.',
        passes='"The port will reopen in May," Harbour Authority spokeswoman Ada Quill said.',
        fails='"The port will reopen in May," the sign on the gate read.',
    ),
    DraftRule(
        "before-adjacent",
        "quotation",
        0.94,
        'The speaker and cue right before the quotation: X said: "..." / X told reporters, "...".',
        passes='Ada Quill told reporters: "The port will reopen in May."',
        fails='The notice on the gate: "The port will reopen in May."',
    ),
    DraftRule(
        "after-clause",
        "quotation",
        0.78,
        "A cue later in the quotation's sentence, after a comma, with its speaker next to it.",
        passes='"The port will reopen in May," as before, Ada Quill said.',
        fails='"The port will reopen in May," as before, the sign said.',
    ),
    DraftRule(
        "before-clause",
        "quotation",
        0.84,
        'A cue earlier in the same sentence: X said the port would "...".',
        passes='Ada Quill said the port would "reopen in May at the latest."',
        fails='The sign on the gate promised the port would "reopen in May at the latest."',
    ),
    DraftRule(
        "roundup",
        "quotation",
        0.85,
        'A roundup line with no verb: a name, then an outlet or a role, then a colon: X, Y: "...".',
        passes='Ada Quill, Portvale Gazette: "The port will not reopen this year."',
        fails='In Portvale, this week: "The port will not reopen this year."',
    ),
    DraftRule(
        "continuation",
        "quotation",
        0.7,
        "A quotation with no cue of its own, in the paragraph after (or the same paragraph as) a speaker's.",
        passes='"The port will reopen in May," Ada Quill said.\n"Every boat will have its berth back by then."',
        fails='"The port will reopen in May," Ada Quill said.\nThe harbour was quiet.\n'
        '"Every boat will have its berth back by then."',
    ),
)


PRONOUN_RESOLUTION = 0.72
"""Share of pronoun speakers resolved to the gold antecedent on the PolNeAR dev split (101/140, see
``quizgen eval attribution``): a drafted speaker reached through a pronoun is right about this often."""
SURNAME_RESOLUTION = 0.7
"""Estimate for a surname resolved to the full name written earlier (not measured: gold marks no antecedent)."""


def speaker_confidence(q: Quotation) -> float:
    """How often the drafted speaker of ``q`` is right: the rule's precision, times the resolution's when the
    speaker was reached through a pronoun or a surname."""
    if q.antecedent is None:
        return q.confidence
    if q.speaker.text.lower() in lexicon.wordset("pronouns"):
        return q.confidence * PRONOUN_RESOLUTION
    return q.confidence * SURNAME_RESOLUTION


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    cue = lexicon.alternation("reporting_verbs")
    roles = lexicon.alternation("roles") + "|" + lexicon.alternation("modifiers")
    nouns = lexicon.alternation("speaker_nouns")
    pron = "|".join("I" if p == "i" else p for p in lexicon.table("pronouns"))  # as written mid-sentence
    pron = rf"(?<![\w’'\-])(?:{pron})"
    not_weekday = "".join(f"(?<!{day})" for day in WEEKDAYS)
    cap = rf"(?:[A-Z][\w’'\-]*\.?{not_weekday})"
    conn = rf"(?:{lexicon.alternation('name_connectives', longest_first=False)})"
    part = rf"(?:{cap}|(?:{roles})\b|(?:{nouns})\b)"
    # A speaker phrase: determiner, then capitalised, role and speaker words, linking words between them.
    det = rf"(?:{lexicon.either_case_alternation('speaker_determiners')})"
    # Starts at a word's start: searching, most positions are inside words, and this prunes them at once.
    spk = rf"(?<![\w’'\-])(?:{det}\s+)?" + lexicon.repeated(part, rf"\s+(?:{conn}\s+)?", 8)
    adv = rf"(?:{lexicon.alternation('cue_adverbs', longest_first=False)})"
    tail = r"(?![\w’'])"
    paren = r"(?:\s*\([^()“”\"]{1,30}\))?"  # "Sen. X (D-Mo.) said": a party and state tag
    return _Lazy(
        {
            # "...," SPEAKER said / "...," SPEAKER, a role, said / "...," said SPEAKER / "...," according to SPEAKER
            "after_spk_cue": _source(
                rf"\s*,?\s*(?P<spk>{spk}|{pron}){paren}(?:\s*,[^,“”\"]{{2,90}},)?\s+(?:{adv}\s+)*(?P<cue>{cue}){tail}"
            ),
            # "..." ― Name (a byline under a quotation, as in lists of readers' comments)
            "after_dash": _source(rf"\s*[―—]\s*(?P<spk>{spk})(?:\s*[.,]?\s*$|\s*\n)"),
            "after_cue_spk": _source(
                rf"\s*,?\s*(?P<cue>{cue}|[Aa]ccording\s+to)\s+(?P<spk>{spk}|he|she){tail}"
            ),
            # SPEAKER said: " / SPEAKER told reporters, " / SPEAKER said Friday that "
            "before_adjacent": _source(
                rf"(?P<spk>{spk}|{pron}){paren}(?:\s*,[^,“”\"]{{2,90}},)?\s+(?:{adv}\s+)*(?P<cue>{cue}){tail}"
                rf"(?:\s+[^,:;.“”\"]{{0,50}}?)?(?:\s*[,:]|\s+that)\s*$"
            ),
            # What "before_adjacent" needs after its speaker: a blank, a cue, and the end. Opening with a character
            # class, it is searched at blanks only, so it rules out most texts far faster than the full pattern.
            "cue_end": _source(rf"\s(?:{cue}){tail}(?:\s+[^,:;.“”\"]{{0,50}}?)?(?:\s*[,:]|\s+that)\s*$"),
            # A sentence opening with its speaker and a verb, then a colon: "Sen. X (D-Mo.) scolded him: "
            # An inverted cue opening the sentence: "Said Ellis: " / "Added the mayor, "
            "inverted": _source(
                rf"^(?P<cue>Said|Says|Added|Adds|Asked|Wrote|Writes)\s+(?P<spk>{spk}){paren}\s*[:,]\s*$"
            ),
            # A roundup line: "Ada Quill, Portvale Gazette: " / "Ada Quill, harbour master: " (no verb).
            "roundup": _source(
                r"^(?P<spk>[A-Z][\w’'\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]+)){1,3})\s*,\s*[^,:;“”\"]{2,60}?\s*:\s*$"
            ),
            "colon": _source(rf"^(?P<spk>{spk}){paren}\s+(?P<cue>[a-z]+ed)(?:\s+[a-z]+){{0,3}}:\s*$"),
            "cue": _source(rf"(?<![\w’'])(?P<cue>{cue}|[Aa]ccording\s+to){tail}"),
            # Headline cues in Title Case ("X Says", "X Tells Y"): inflected forms only, "Tell" may be an imperative.
            "heading_cue": _source(
                r"(?<![\w’'])(?:Says|Said|Tells|Told|Warns|Warned|Calls|Called|Claims|Vows|Urges|Insists|Asks|Writes|Wrote)"
                rf"{tail}"
            ),
            # Right after a name: its reporting verb ("X said", "X (D-Ore.) said", "X, a local trader, said").
            # Right after a name: a role in apposition ("X, the town's harbour master,", "X, president of Y,").
            "role_after": _source(
                rf",\s+(?:(?:the|a|an|its|their)\s+)?(?:[\w’'.\-]+\s+){{0,4}}?(?:{lexicon.alternation('roles')})\b",
                re.IGNORECASE,
            ),
            "cue_after": _source(rf"{paren}(?:\s*,[^,“”\"]{{2,60}},)?\s+(?:{adv}\s+)*(?:{cue}){tail}"),
            "spk_left": _source(rf"(?P<spk>{spk}|{pron}){paren}(?:\s*,[^,“”\"]{{2,90}},)?\s+(?:{adv}\s+)*$"),
            "spk_right": _source(rf"\s+(?P<spk>{spk}|he|she){tail}"),
        }
    )


# Quotation marks, one token each: runs of apostrophes and backticks are split later (two make a double mark).
# An apostrophe between two letters or digits (don't, Trump's: most of them) is never a mark, so the pattern
# leaves it out (the lookbehind reads the apostrophe just matched and its two neighbours).
_MARK_CHARS = re.compile(r"[`'\"“”„‟«»‘’‚‹›](?<!(?<=[^\W_])['’](?=[^\W_]))")
_ELISIONS = frozenset("em til n cause tis twas bout round cuz ol nuff".split())
"""Words written with a leading apostrophe ('em, 'til, rock 'n' roll): the apostrophe opens no quotation."""
_BEFORE_OPENING = '([{—–-/"“«'
"""Characters after which a mark that is not followed by a blank opens a quotation."""


@dataclass(frozen=True, slots=True)
class _Mark:
    start: int
    end: int
    level: str  # "double" or "single"
    role: str  # "open", "close" or "either"


def _marks(text: str, ps: int, pe: int) -> list[_Mark]:
    """The quotation marks of one paragraph, apostrophes left out: a mark between two letters (don't, O'Brien),
    one opening a number or an elided word ('90s, 'em)."""
    out: list[_Mark] = []
    done = ps  # the end of the last run of apostrophes or backticks read
    for m in _MARK_CHARS.finditer(text, ps, pe):
        j = m.start()
        if j < done:
            continue
        glyph = m.group()
        if glyph in "`'":
            k = j + 1
            while k < pe and text[k] == glyph:
                k += 1
            glyph, done = text[j:k], k
        before = text[j - 1] if j > ps else " "
        after = text[j + len(glyph)] if j + len(glyph) < pe else " "
        if len(glyph) == 1 and glyph in "'’" and before.isalnum() and after.isalnum():
            continue  # don't, Trump's: most apostrophes, the cheap test first
        if glyph[0] in "`'":
            # ``...'' and ''...'': a pair is a double mark, a lone one a single; of three, the single is inner.
            sizes = [2] * (len(glyph) // 2) + [1] * (len(glyph) % 2)
            if len(glyph) == 3 and not (before.isspace() or before in _BEFORE_OPENING):
                sizes = [1, 2]  # closing both: the inner single first
            pos = j
            for size in sizes:
                sub_before = text[pos - 1] if pos > ps else " "
                sub_after = text[pos + size] if pos + size < pe else " "
                if glyph[0] == "`":
                    out.append(_Mark(pos, pos + size, "double" if size == 2 else "single", "open"))
                elif size == 2:
                    out.append(_Mark(pos, pos + 2, "double", "either"))
                else:
                    role = _single_role(text, pos, pe, sub_before, sub_after)
                    if role:
                        out.append(_Mark(pos, pos + 1, "single", role))
                pos += size
        elif glyph in "“„‟«":
            out.append(_Mark(j, j + 1, "double", "open"))
        elif glyph in "”»":
            # A right mark opening a paragraph before a word opens a quotation (”Fear. I am...” ― X).
            opens = j == ps and after.isalnum()
            out.append(_Mark(j, j + 1, "double", "either" if opens else "close"))
        elif glyph == '"':
            out.append(_Mark(j, j + 1, "double", "either"))
        elif glyph in "‚‹":
            if (before.isspace() or before in _BEFORE_OPENING) and after.isalnum():
                out.append(_Mark(j, j + 1, "single", "open"))
        elif glyph == "‘":
            if before.isalnum() or after.isdigit():
                continue  # an apostrophe typed as an opening single mark (don-t, -90s)
            # A left single mark closes a low one (the German style), else it opens.
            out.append(_Mark(j, j + 1, "single", "open" if after.isalnum() or after in '"“«' else "close"))
        elif glyph == "’":
            role = _single_role(text, j, pe, before, after)
            if role:
                out.append(_Mark(j, j + 1, "single", "close" if role == "either" else role))
        else:  # the single right-pointing angle mark
            out.append(_Mark(j, j + 1, "single", "close"))
    return out


def _single_role(text: str, j: int, pe: int, before: str, after: str) -> str:
    """``open``, ``close`` or "" (an apostrophe) for a single straight or curly mark at ``j``."""
    if before.isalnum() and after.isalnum():
        return ""  # don't, O'Brien
    if (before.isspace() or before in _BEFORE_OPENING) and after.isalnum():
        word = re.match(r"[^\W_]+", text[j + 1 : pe])
        if after.isdigit() or (word is not None and word.group().lower() in _ELISIONS):
            return ""  # '90s, 'em
        return "open"
    if not before.isspace() and not after.isalnum():
        return "close"
    return ""


def find_quotes(text: str) -> list[_Raw]:
    """Quotation spans: marks paired per paragraph, open quotations carried into the next paragraph.

    Double marks (“...”, "...", „...“, «...», ''...'', ``...'') and single ones (curly, straight, low) are
    paired by level, so a quotation inside a quotation stays part of it; only outermost quotations are returned.
    A single quotation is taken only when it closes in its paragraph, and a mark that may be a plural possessive
    (Jones' car) gives way to a later closing mark.
    """
    out: list[_Raw] = []
    carried = False  # the previous paragraph ended inside a quotation
    for index, (ps, pe) in enumerate(article(text).paragraphs):
        continues = carried
        carried = False
        marks = _marks(text, ps, pe)
        stack: list[_Mark] = []  # the marks open at this point, outermost first
        seen_double = False
        for k, mark in enumerate(marks):
            glyph = text[mark.start]
            top = text[stack[-1].start] if stack else ""
            closes = mark.role in ("close", "either") and any(m.level == mark.level for m in stack)
            if mark.level == "single" and closes and _possessive(text, mark) and _later_close(marks, k):
                continue  # "Jones' car": a later mark closes the quotation
            closes = closes or (glyph == "“" and top == "„") or (glyph == "«" and top == "»")
            first_double = mark.level == "double" and not seen_double
            seen_double = seen_double or mark.level == "double"
            if closes:
                while stack[-1].level != mark.level:
                    stack.pop()  # an inner mark left open: it was an apostrophe
                opened = stack.pop()
                if not stack:
                    out.append(_raw(text, opened, mark, index, continues, ps))
            elif mark.role == "either" and not text[mark.end : mark.end + 1].strip():
                continue  # opens nothing when a blank or the paragraph's end follows (27'' across)
            elif mark.role in ("open", "either") or (
                glyph == "»" and text[mark.end : mark.end + 1].isalnum()
            ):
                stack.append(mark)  # (»...« opens with »)
            elif mark.level == "double" and not stack and continues and first_double:
                # A closing mark before any opening one: the previous paragraph's quotation ends here.
                out.append(_Raw(ps, _trim_end(text, ps, mark.start), ps, mark.end, index, True))
        doubles = [m for m in stack if m.level == "double"]
        if doubles:
            # Unclosed at the paragraph's end: a quotation running on into the next paragraph.
            opened = doubles[0]
            start = _trim_start(text, opened.end, pe)
            out.append(_Raw(start, pe, opened.start, pe, index, opened.start == ps and continues))
            carried = True
    return out


def _possessive(text: str, mark: _Mark) -> bool:
    """A closing single mark that could be a plural possessive: after an s, before a word (Jones' car)."""
    return (
        mark.start > 0
        and text[mark.start - 1] in "sS"
        and text[mark.end : mark.end + 1] == " "
        and text[mark.end + 1 : mark.end + 2].isalnum()
    )


def _later_close(marks: list[_Mark], k: int) -> bool:
    """Whether the next single mark after ``marks[k]`` can close a quotation."""
    for m in marks[k + 1 :]:
        if m.level == "single":
            return m.role in ("close", "either")
    return False


def _trim_start(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _raw(text: str, opened: _Mark, closed: _Mark, paragraph: int, continues: bool, ps: int) -> _Raw:
    """A quotation from its two marks, blanks inside the marks trimmed (« Non »)."""
    start = _trim_start(text, opened.end, closed.start)
    end = _trim_end(text, start, closed.start)
    return _Raw(start, end, opened.start, closed.end, paragraph, continues and opened.start == ps)


_TITLE_SMALL_WORDS = frozenset("a an the of in on at to for and or but nor by with from as vs".split())


def _is_title(content: str) -> bool:
    """A quoted title in Title Case ("Keepin' It Real", "Make Your Kid a Millionaire"), not speech: two to eight
    words, every word capitalised but the small ones, no full stop, question or exclamation mark at its end."""
    words = content.split(
        None, 8
    )  # nine parts: more than eight words (a long quotation is never split whole)
    if not 2 <= len(words) <= 8 or content.rstrip("’'\"”»").endswith((".", "?", "!", "…")):
        return False
    return all(w[:1].isupper() or w.lower() in _TITLE_SMALL_WORDS for w in words) and words[0][:1].isupper()


def _words(text: str, most: int) -> int:
    """The number of words of ``text``, counted up to ``most`` (a quotation can be long)."""
    return len(text.split(None, most - 1))


def _sentence_of(sentences: list[tuple[int, int]], offset: int) -> int:
    for i, (s, e) in enumerate(sentences):
        if s <= offset < e:
            return i
    return len(sentences) - 1


def prepare() -> None:
    """Compile the patterns :func:`extract` uses and read its biggest word list, ahead of the texts: a worker
    does it while the project is still loading (:func:`quizgen.draft.drafts.start_quotations`). Matches are
    the same either way; only when the compiling is paid changes."""
    patterns = _patterns()
    assert isinstance(patterns, _Lazy)
    for key in patterns.sources():
        patterns[key]
    for pronoun in ("he", "she"):
        _pronoun_cue(pronoun)
    lexicon.table("first_names")


def extract(text: str) -> list[Quotation]:
    """Every direct quotation of ``text`` whose speaker the rules can name, in text order."""
    pats = _patterns()
    art = article(text)
    paras = art.paragraphs
    raws = find_quotes(text)
    out: list[Quotation] = []
    previous: Quotation | None = None
    previous_para = -10
    names: list[tuple[int, Phrase, Span]] = []  # earlier named speakers, for pronouns and surnames
    quoted = [(r.open_at, r.close_at) for r in raws]
    people: _People | None = None  # found when the first pronoun or surname needs them
    all_sents = _Sentences(art)
    headings = {i for i in {r.paragraph for r in raws} if _is_heading(text[paras[i][0] : paras[i][1]])}
    match_text = _lower_cues(text, [paras[i] for i in sorted(headings)]) if headings else text
    for k, raw in enumerate(raws):
        content = text[raw.start : raw.end].strip(" ,")
        n_words = _words(content, max(MIN_WORDS, 4))  # enough to compare with MIN_WORDS and 4
        if n_words < MIN_WORDS or (_is_title(content) and raw.paragraph not in headings):
            continue
        ps, pe = paras[raw.paragraph]
        sents = art.sentences(raw.paragraph)
        first_sent = sents[_sentence_of(sents, raw.open_at)]
        last_sent = sents[_sentence_of(sents, max(raw.close_at - 1, raw.open_at))]
        # Text after the closing mark to the end of its sentence, stopping at the next quotation.
        after_end = last_sent[1]
        nxt = after_end
        if k + 1 < len(raws) and raws[k + 1].paragraph == raw.paragraph:
            nxt = max(raw.close_at, min(nxt, raws[k + 1].open_at))
        after = match_text[raw.close_at : nxt]
        before_start = first_sent[0]
        before = match_text[before_start : raw.open_at]
        found = _attribute(match_text, pats, raw, after, before, before_start)
        if found is None and not after.strip() and text[raw.close_at - 2 : raw.close_at - 1] in "?!":
            # "...?" Clinton said. The splitter ends the sentence at the question mark; the cue follows it.
            tail_end = min(len(text), pe, raw.close_at + 120)
            m = pats["after_spk_cue"].match(match_text, raw.close_at, tail_end)
            if m and not _bad_speaker(m.group("spk")):
                found = ("after-adjacent", m.start("spk"), m.end("spk"), m.group("cue"))
        if found is not None and found[3].lower() != "according to" and _after_preposition(text, found[1]):
            # "an email to X said": a recipient, not the speaker; "in Toledo, Clinton says": the name after the
            # place's comma speaks.
            comma = text.rfind(", ", found[1], found[2])
            found = (found[0], comma + 2, found[2], found[3]) if comma >= 0 else None
        if found is None and raw.open_at == ps and raw.paragraph > 0:
            # A paragraph of quotation introduced by the previous one: "Ada Quill said:" / "He added:".
            qs, qe = paras[raw.paragraph - 1]
            intro = text[qs:qe]
            if intro.endswith(":"):
                m = _before_adjacent(pats, intro[-200:])
                if m and not _bad_speaker(m.group("spk")):
                    shift = qs + max(0, len(intro) - 200)
                    found = ("before-adjacent", shift + m.start("spk"), shift + m.end("spk"), m.group("cue"))
        if found is None:
            # A quotation with no cue continues the previous speaker: same paragraph, or the next paragraph.
            same_paragraph = previous_para == raw.paragraph and not pats["cue"].search(
                text[first_sent[0] : raw.open_at] + " " + text[raw.close_at : last_sent[1]]
            )
            next_paragraph = (
                previous_para == raw.paragraph - 1
                and raw.open_at == ps
                and (raw.continued or not pats["cue"].search(text, ps, pe))
            )
            if previous is not None and (same_paragraph or next_paragraph) and n_words >= 4:
                out.append(
                    Quotation(
                        Span(raw.start, raw.end, text[raw.start : raw.end]),
                        previous.speaker,
                        previous.speaker_name,
                        previous.speaker_role,
                        previous.speaker_kind,
                        previous.antecedent,
                        "",
                        Span(first_sent[0], last_sent[1], text[first_sent[0] : last_sent[1]]),
                        "continuation",
                        RULES["continuation"].confidence,
                    )
                )
                previous_para = raw.paragraph
            continue
        rule, spk_start, spk_end, cue = found
        if re.search(r"(?:^|\s)[A-Z]\.?$", text[spk_start:spk_end]):
            # A name cut at its middle initial by the sentence splitter ("John F." | "Kelly said").
            rest = re.match(r"\.?\s+[A-Z][\w’'\-]+", text[spk_end : spk_end + 40])
            if rest is not None:
                spk_end += rest.end()
        mention = text[spk_start:spk_end]
        outlet = re.search(r"\s+for\s+", mention)
        if outlet is not None and " " in mention[: outlet.start()]:
            # "Cameron Easley for Morning Consult": the writer speaks, the outlet is where.
            mention, spk_end = mention[: outlet.start()], spk_start + outlet.start()
        if mention.endswith(".") and mention.split()[-1].lower() not in lexicon.wordset("titles"):
            mention, spk_end = mention[:-1], spk_end - 1  # the sentence's full stop, not an abbreviation
        phrase = parse_phrase(mention)
        if phrase is None:
            continue
        # Skip leading words parse_phrase dropped, so the span is what it names.
        offset = mention.find(phrase.text)
        if offset > 0:
            spk_start += offset
            mention = phrase.text
        spk_span = Span(spk_start, spk_start + len(mention), mention)
        name, role, kind, antecedent = phrase.name, phrase.role, phrase.kind, None
        if kind == "pronoun" or (kind == "person" and " " not in name):
            if people is None:
                people = _People(text, quoted)
            resolved = _continuing(phrase, previous, raw.paragraph - previous_para, people, text, spk_start)
            if resolved is None:
                resolved = _resolve(phrase, names, text, spk_start, people, all_sents)
            if resolved is not None:
                antecedent_phrase, antecedent = resolved
                name, role, kind = (
                    antecedent_phrase.name,
                    antecedent_phrase.role or role,
                    antecedent_phrase.kind,
                )
        if kind == "group" and name.lower() in lexicon.wordset("speaking_documents"):
            # "the statement added": the document speaks for whoever issued it ("X issued a statement"), else for
            # the speaker quoted just before.
            issuer = _issuer(text, all_sents, spk_end)
            if issuer is not None:
                (name, role, kind), antecedent = (issuer[0].name, issuer[0].role, issuer[0].kind), issuer[1]
            elif previous is not None and raw.paragraph - previous_para <= 1:
                name, role, kind = previous.speaker_name, previous.speaker_role, previous.speaker_kind
                antecedent = previous.speaker
        elif kind == "group" and name.lower() in lexicon.wordset("group_nouns"):
            # "the group tweeted": the organisation named before (an earlier speaker, or in the last sentences).
            org = next(((p, s) for _, p, s in reversed(names) if p.kind == "organisation"), None)
            near = _nearest_organisation(text, spk_start, 600)
            if near is not None and (org is None or near[1].start > org[1].start):
                org = near
            if org is not None:
                (name, role, kind), antecedent = (org[0].name, org[0].role, "organisation"), org[1]
        if kind in ("person", "organisation") and not well_formed(name, kind):
            if plural_group(name):
                kind = "group"  # "prominent Republicans have said": several people, not a named speaker
            elif " " not in name or name.split()[0].lower() not in DETERMINERS:
                continue  # "Another", "South Korean": no answer a learner could be asked for
            else:
                kind = "group"  # "Many Mexicans": a group, not a named speaker
        if kind in ("person", "organisation"):
            names.append((spk_start, Phrase(phrase.text, name, role, kind), antecedent or spk_span))
        ev_start = min(first_sent[0], spk_start)
        ev_end = max(last_sent[1], _sentence_end_after(sents, spk_end))
        quotation = Quotation(
            Span(raw.start, raw.end, text[raw.start : raw.end]),
            spk_span,
            name,
            role,
            kind,
            antecedent,
            cue,
            Span(ev_start, ev_end, text[ev_start:ev_end]),
            rule,
            RULES[rule].confidence,
        )
        out.append(quotation)
        previous, previous_para = quotation, raw.paragraph
    return out


_ISSUED = re.compile(
    r"(?P<who>[A-Z][\w’'\-.]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w’'\-.]*)*)"
    r"(?:\s+(?:has|had|have|also|then|later))*\s+(?:issued|released|put\s+out|published|sent|posted|wrote)\s+"
    r"(?:a|an|the|its|his|her|their)\s+(?:[\w\-]+\s+){0,2}?(?:statement|report|letter|memo|release)\b"
)


def _issuer(text: str, sents: _Sentences, at: int) -> tuple[Phrase, Span] | None:
    """Who issued the document speaking at ``at``: "X issued (released) a statement" in its sentence or the one
    before."""
    start = sents.of(at)[0]
    lo = sents.of(start - 1)[0] if start > 0 else 0
    best = None
    for m in _ISSUED.finditer(text, lo, at):
        p = parse_phrase(m.group("who"))
        if p is not None and p.kind in ("person", "organisation"):
            offset = m.group("who").find(p.text)
            start = m.start("who") + max(offset, 0)
            best = (p, Span(start, start + len(p.text), p.text))
    return best


_HEADING_VERB = re.compile(
    r"Says|Said|Tells|Told|Warns|Warned|Calls|Called|Claims|Vows|Urges|Insists|Asks|Writes|Wrote|Is|Was|Has|Will"
)
_HEADING_SMALL = frozenset("a an the of in on at to for and or but by with from as vs is".split())


def _is_heading(paragraph: str) -> bool:
    """A Title-Case line ("Harbour Chief Says ..."): three words or more, every word capitalised but small ones."""
    words = (w.strip("“”\"'‘’«»(),:;.!?") for w in _split_lazily(paragraph))
    n = 0
    for w in words:
        if w[:1].isalpha():
            if not (w[:1].isupper() or w.lower() in _HEADING_SMALL):
                return False  # most paragraphs fail at their second or third word
            n += 1
    return n >= 3


def _split_lazily(paragraph: str) -> Iterator[str]:
    """``paragraph.split()``, the rest split only when the first four words are read."""
    parts = paragraph.split(None, 4)
    if len(parts) < 5:
        yield from parts
        return
    yield from parts[:4]
    yield from parts[4].split()


def _lower_cues(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the reporting verbs of Title-Case lines in lower case (same length, so offsets hold)."""
    cues = _patterns()["heading_cue"]
    chars = list(text)
    for ps, pe in spans:
        for m in cues.finditer(text, ps, pe):
            chars[m.start() : m.end()] = m.group().lower()
    return "".join(chars)


def _sentence_end_after(sents: list[tuple[int, int]], offset: int) -> int:
    for s, e in sents:
        if s <= offset <= e:
            return e
    return offset


def _attribute(
    text: str,
    pats: dict[str, re.Pattern[str]],
    raw: _Raw,
    after: str,
    before: str,
    before_start: int,
) -> tuple[str, int, int, str] | None:
    """(rule, speaker start, speaker end, cue) for a quotation, or None."""
    base = raw.close_at
    m = pats["after_spk_cue"].match(after)
    if m and not _bad_speaker(m.group("spk")):
        return "after-adjacent", base + m.start("spk"), base + m.end("spk"), m.group("cue")
    m = pats["after_cue_spk"].match(after)
    if m and not _bad_speaker(m.group("spk")):
        return "after-adjacent", base + m.start("spk"), base + m.end("spk"), m.group("cue")
    m = _before_adjacent(pats, before[-200:])
    if m and not _bad_speaker(m.group("spk")):
        shift = before_start + max(0, len(before) - 200)
        return "before-adjacent", shift + m.start("spk"), shift + m.end("spk"), m.group("cue")
    dash_end = min(len(text), raw.close_at + 80)
    # The pattern opens with blanks and a dash: without one it cannot match (most quotations).
    dash = text[raw.close_at : dash_end].lstrip()[:1] in ("―", "—")
    m = pats["after_dash"].match(text, raw.close_at, dash_end) if dash else None
    if m and not _bad_speaker(m.group("spk")):
        return "after-adjacent", m.start("spk"), m.end("spk"), "―"
    m = pats["roundup"].match(before)
    if m and _is_person_name(m.group("spk")):
        return "roundup", before_start + m.start("spk"), before_start + m.end("spk"), ":"
    m = pats["inverted"].match(before) if before.startswith(_INVERTED_CUES) else None
    if m and not _bad_speaker(m.group("spk")):
        return "before-adjacent", before_start + m.start("spk"), before_start + m.end("spk"), m.group("cue")
    if before.rstrip().endswith(":"):
        m = pats["colon"].match(before)
        if m and not _bad_speaker(m.group("spk")):
            return "before-adjacent", before_start + m.start("spk"), before_start + m.end("spk"), ":"
    # A cue later in the sentence, after a comma: "... and "...," he said."
    for m in pats["cue"].finditer(after):
        left = after[: m.start()]
        if "," not in left:
            continue
        sm = pats["spk_left"].search(left[-150:])
        if (
            sm
            and not _bad_speaker(sm.group("spk"))
            and "," in left[: len(left) - len(left[-150:]) + sm.start() + 1]
        ):
            shift = base + len(left) - len(left[-150:])
            return "after-clause", shift + sm.start("spk"), shift + sm.end("spk"), m.group("cue")
        sm2 = pats["spk_right"].match(after, m.end())
        if sm2 and not _bad_speaker(sm2.group("spk")):
            return "after-clause", base + sm2.start("spk"), base + sm2.end("spk"), m.group("cue")
        break
    # A cue earlier in the same sentence: SPEAKER said ... "..."
    # The nearest cue with a speaker: "X said in a statement, adding that ... "..."" goes back to "said".
    for m in reversed(list(pats["cue"].finditer(before))):
        if m.group("cue").lower().startswith("according"):
            sm2 = pats["spk_right"].match(before, m.end())
            if sm2 and not _bad_speaker(sm2.group("spk")):
                s2, e2 = before_start + sm2.start("spk"), before_start + sm2.end("spk")
                return "before-clause", s2, e2, "according to"
            return None
        left = before[: m.start()]
        sm = pats["spk_left"].search(left[-150:])
        if sm and not _bad_speaker(sm.group("spk")):
            shift = before_start + len(left) - len(left[-150:])
            return "before-clause", shift + sm.start("spk"), shift + sm.end("spk"), m.group("cue")
        if not left.rstrip().endswith(","):
            return None  # only a participle after a comma ("..., adding that") looks further back
    return None


def _before_adjacent(pats: dict[str, re.Pattern[str]], before: str) -> re.Match[str] | None:
    """``pats["before_adjacent"].search(before)``, skipped when ``before`` cannot match: it must end in a comma, a
    colon or "that", and hold a cue there (most texts before a quotation fail one of the two, and the full
    pattern tries a speaker at every word)."""
    end = before.rstrip()
    if not (end.endswith((",", ":")) or (end.endswith("that") and end[-5:-4].isspace())):
        return None
    if pats["cue_end"].search(before) is None:
        return None
    return pats["before_adjacent"].search(before)


_INVERTED_CUES = ("Said", "Says", "Added", "Adds", "Asked", "Wrote", "Writes")
"""The cues the ``inverted`` pattern opens with (tested first: few sentences open with one)."""


def _is_person_name(mention: str) -> bool:
    """A name of two words or more that reads as a person's: no organisation or place word, not a country."""
    p = parse_phrase(mention)
    return (
        p is not None
        and p.kind == "person"
        and " " in p.name
        and not any(w.lower() in lexicon.wordset("org_words") for w in p.name.split())
    )


@cache
def _speaker_words() -> frozenset[str]:
    return lexicon.wordset("speaker_nouns") | lexicon.wordset("roles")


def _bad_speaker(mention: str) -> bool:
    words = mention.split()
    if not words:
        return True
    low = mention.lower()
    if low in lexicon.wordset("not_speakers"):
        return True
    # Must hold a capitalised word, a pronoun or a speaker noun.
    if words[-1].lower() in _speaker_words() or low in lexicon.wordset("pronouns"):
        return False
    return not any(w[:1].isupper() for w in words)


def _continuing(
    phrase: Phrase,
    previous: Quotation | None,
    paragraphs_apart: int,
    people: _People,
    text: str,
    at: int,
) -> tuple[Phrase, Span] | None:
    """For "he" or "she" in the paragraph of the previous quotation or the next, that quotation's speaker when no
    other person of a fitting gender is named between them: the article is still quoting the same person."""
    gender = {"he": "m", "she": "f"}.get(phrase.name.lower(), "")
    if not gender or previous is None or previous.speaker_kind != "person" or paragraphs_apart > 1:
        return None
    between = [p for p in people.between(previous.speaker.end, at) if p.phrase.name != previous.speaker_name]
    if any(not p.gender or p.gender == gender for p in between):
        return None
    p = Phrase(previous.speaker.text, previous.speaker_name, previous.speaker_role, "person")
    if _gender(text, p) not in ("", gender):
        return None
    return p, previous.antecedent or previous.speaker


def _resolve(
    phrase: Phrase,
    names: list[tuple[int, Phrase, Span]],
    text: str,
    at: int,
    people: _People,
    sents: _Sentences,
) -> tuple[Phrase, Span] | None:
    """The earlier name a pronoun or surname refers to: the nearest earlier speaker that fits, or a person
    named after that speaker's last mention."""
    if phrase.kind == "pronoun":
        want = lexicon.table("pronouns").get(phrase.name.lower(), "")
        gender = {"he": "m", "she": "f"}.get(phrase.name.lower(), "")
        if gender:
            found = _resolve_person(text, at, gender, people, sents)
            if found is _ABSTAIN:
                return None
            if found is not None:
                return found
            # Of the last few people quoted, the nearest the article marks with this gender ("Ms. Quill") wins;
            # a first name alone is too weak a cue to pass over a nearer speaker.
            recent = [(p, span) for _, p, span in reversed(names) if p.kind == "person"][:3]
            for p, span in recent:
                if _gender(text, p, first_names=False) == gender:
                    return p, span
        for last, p, span in reversed(names):
            if want == "person" and p.kind == "person":
                # A name known to be of the other gender is skipped: "he" after "Ms. Quill" is someone else.
                if gender and _gender(text, p) not in ("", gender):
                    continue
                # A person named after the speaker's last mention is nearer: "X said ... Y arrived. He said".
                last = max(last, _last_mention(text, p.name, at))  # "Xi said" in a sentence with no quotation
                later = _nearest_name(text, at, gender, since=last + 1)
                if later is not None and later[0].name.split()[-1] not in p.name.split():
                    return later
                return p, span
            # "they" is people: it may stand for a group speaker ("the protesters"), never for one organisation,
            # whose "they" is usually its members or officials, named elsewhere.
            if want in ("organisation", "group") and (
                p.kind == "group" or (p.kind == "organisation" and phrase.name.lower() != "they")
            ):
                return p, span
        if want == "person":
            return _nearest_name(text, at, gender)
        # "it" with no organisation quoted before: the nearest organisation named in the last sentences.
        return _nearest_organisation(text, at) if phrase.name.lower() == "it" else None
    for _, p, span in reversed(names):
        if p.kind == "person" and " " in p.name and phrase.name in p.name.split():
            return p, span
    # A surname used first as a speaker: the full name is written earlier in the article (the latest such).
    for start, end, run in reversed(_cap_runs_before(text, at)):
        if phrase.name in run and phrase.name in run.split():
            full = parse_phrase(run)
            if (
                full is not None
                and full.kind == "person"
                and " " in full.name
                and phrase.name in full.name.split()
            ):
                return full, Span(start, end, run)
    return None


_CAP_RUN = re.compile(r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)+")

_CapRun = tuple[int, int, str]


@lru_cache(maxsize=4)
def _cap_runs(text: str) -> list[_CapRun]:
    """Every :data:`_CAP_RUN` of ``text``: (start, end, run), found once per article."""
    return [(m.start(), m.end(), m.group()) for m in _CAP_RUN.finditer(text)]


def _cap_runs_before(text: str, at: int) -> list[_CapRun]:
    """The runs ``_CAP_RUN.finditer(text, 0, at)`` finds, from the article's runs: the same up to the first that
    reaches past ``at``, which the window cuts short and which is matched again within it."""
    runs = _cap_runs(text)
    i = bisect.bisect_left(runs, (at, -1))  # the first run starting at or after ``at``
    out = runs[:i]
    if out and out[-1][1] > at:
        start = out.pop()[0]
        out.extend((m.start(), m.end(), m.group()) for m in _CAP_RUN.finditer(text, start, at))
    return out


def _last_mention(text: str, name: str, at: int) -> int:
    """The offset of the latest mention, in the 2,000 characters before ``at``, of any word of ``name`` (the
    family name comes first in some languages), or -1."""
    found, lo = -1, max(0, at - 2000)
    for word in name.split():
        if len(word) < 2:
            continue
        end = at
        while (pos := text.rfind(word, lo, end)) >= 0:
            after = pos + len(word)
            if (pos == 0 or not text[pos - 1].isalnum()) and (
                after >= len(text) or not text[after].isalnum()
            ):
                found = max(found, pos)
                break
            end = pos + len(word) - 1
    return found


def _nearest_organisation(text: str, at: int, window: int = 300) -> tuple[Phrase, Span] | None:
    """The nearest earlier capitalised run holding an organisation word ("the Harbour Authority")."""
    orgs = lexicon.wordset("org_words")
    best = None
    for m in _CAP_RUN.finditer(text, max(0, at - window), at):
        p = parse_phrase(m.group())
        if (
            p is not None
            and p.kind == "organisation"
            and any(strip_possessive(w).lower() in orgs for w in m.group().split())
        ):
            best = (p, Span(m.start(), m.end(), m.group()))
    return best


def _gender(text: str, p: Phrase, first_names: bool = True) -> str:
    """``m`` or ``f`` when the article says (a gendered role word, an honorific before the surname) or the first
    name is given to one gender in at least 10 of 11 cases (``lexicons/first_names.txt``), else ""."""
    words = lexicon.table("gendered")
    for w in p.role.lower().split():
        if w in words:
            return words[w]
    parts = p.name.split()
    if not parts:
        return ""
    by_honorific = _honorific_genders(text).get(parts[-1], "")
    if by_honorific or len(parts) < 2 or not first_names:
        return by_honorific
    return lexicon.table("first_names").get(parts[0].lower(), "")


# "M(?<=\bM)": the literal first lets the engine jump from one "M" to the next; the lookbehind is the "\b".
_HONORIFIC = re.compile(
    r"(M(?<=\bM)(?:r|rs|s|iss))\.?\s+(?:[A-Z][\w’'\-.]*\s+){0,2}?([A-Z][\w’'\-]*)\b(?!\s+[A-Z])"
)


@lru_cache(maxsize=4)
def _honorific_genders(text: str) -> dict[str, str]:
    """Surname -> ``m``/``f`` from the honorifics of one article (one scan; a surname with both is dropped)."""
    words = lexicon.table("gendered")
    seen: dict[str, set[str]] = {}
    for m in _HONORIFIC.finditer(text):
        seen.setdefault(strip_possessive(m.group(2)), set()).add(words[m.group(1).lower()])
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


# A capitalised run right after these words is usually a place or a thing ("in New York", "from the Pacific").
_NOT_AN_AGENT_BEFORE = re.compile(r"(?:\b(?:in|at|from|to|of|across|near|into|the)\s+)$")


def _nearest_name(text: str, at: int, gender: str = "", since: int = 0) -> tuple[Phrase, Span] | None:
    """The nearest earlier two-word capitalised run that reads as a person's name (a pronoun's antecedent):
    not right after a preposition (a place), not of the other gender when the article says."""
    window_start = max(0, at - 600, since)
    # Nearest first: the first run that fits is the answer, so most runs are never parsed.
    for m in reversed(list(_CAP_RUN.finditer(text, window_start, at))):
        if _NOT_AN_AGENT_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue
        p = parse_phrase(m.group())
        # Acronyms and numerals ("World War II", "FBI Director") are not people's names.
        if (
            p is not None
            and p.kind == "person"
            and " " in p.name
            and not any(len(w) > 1 and w.isupper() for w in p.name.split())
            and not (gender and _gender(text, p) not in ("", gender))
        ):
            return p, Span(m.start(), m.end(), m.group())
    return None


_RUN_TITLES = (
    "Mrs",
    "Mr",
    "Ms",
    "Dr",
    "Sen",
    "Rep",
    "Gov",
    "Gen",
    "Lt",
    "Col",
    "Sgt",
    "Capt",
    "Adm",
    "Prof",
    "Rev",
    "St",
)
# A run of capitalised words, middle initials and abbreviated titles kept ("Sen. Laurence H. Tribe"). It opens
# with its capital as a character class, so the engine skips to the next capital at C speed; a title is then
# the rest of its word after that capital (the lookbehind reads it): "Mr." is "M" then "(?<=M)r.".
_NAME_RUN = re.compile(
    r"[A-Z](?:(?:" + "".join(f"(?<={t[0]}){t[1:]}|" for t in _RUN_TITLES) + r")\.|[\w’'\-]*)"
    r"(?:[^\S\n]+(?:(?:Jr|Sr|[A-Z])\.|[A-Z][\w’'\-]*))*"
)
_PREPOSITIONS = frozenset("in at from to of across near into for by with under on about".split())


def _after_preposition(text: str, at: int) -> bool:
    r"""Whether a preposition, and maybe "the", stands right before ``at`` in the 16 characters before it: the
    regular expression ``\b(?:in|at|...)\s+(?:the\s+)?$`` over that window, read backwards from ``at`` instead
    of tried at each of its characters."""
    lo = max(0, at - 16)
    end = lo + len(text[lo:at].rstrip())
    if end == at:
        return False  # no blank before ``at``
    if (
        text[lo:end].endswith("the")
        and end - 3 > lo
        and text[end - 4].isspace()
        and _word_before(text, lo + len(text[lo : end - 3].rstrip()), lo) in _PREPOSITIONS
    ):
        return True
    return _word_before(text, end, lo) in _PREPOSITIONS


def _word_before(text: str, end: int, lo: int) -> str:
    r"""The whole word (regex ``\w`` characters) ending at ``end``, or "" when it starts before ``lo``."""
    j = end
    while j > lo and (text[j - 1].isalnum() or text[j - 1] == "_"):
        j -= 1
    if j > 0 and (text[j - 1].isalnum() or text[j - 1] == "_"):
        return ""
    return text[j:end]


@dataclass(frozen=True, slots=True)
class _Person:
    """A mention of a person, for choosing what a pronoun stands for."""

    start: int
    end: int
    phrase: Phrase
    gender: str
    after_preposition: bool
    named: Span
    """The mention that writes the full name (this one, or the earlier one a surname refers to)."""


def _name_only(name: list[str]) -> list[str]:
    """A Title-Case headline runs names and verbs together ("Chris Christie Calls Hillary Clinton"): a name
    stops at a verb and is at most four words long."""
    stop = next(
        (i for i, w in enumerate(name[1:], 1) if w.lower() in _NEVER_NAMES or _HEADING_VERB.fullmatch(w)),
        len(name),
    )
    return name[: min(stop, 4)]


def _role_before(before: str) -> bool:
    words = before.split()
    return bool(words) and strip_possessive(words[-1]).lower() in _role_words()


def _gender_words(p: Phrase, text: str, at: int) -> str:
    """``m`` or ``f``: a gendered role word or honorific before the name, the article's honorifics for its
    surname, or a first name of the census lists; else ""."""
    words = lexicon.table("gendered")
    for w in (*p.role.lower().split(), *text[max(0, at - 14) : at].lower().split()[-1:]):
        if w in words:
            return words[w]
    return _gender(text, p)


@cache
def _role_words() -> frozenset[str]:
    return lexicon.wordset("roles") | lexicon.wordset("titles") | lexicon.wordset("modifiers")


_SUBORDINATORS = frozenset(
    "while when whenever although though after before if as because since until unless".split()
)

_NEVER_NAMES = (
    LEADING
    | DETERMINERS
    | frozenset(
        "i it he she we they you his her its their our my your there here what who why how where which this that "
        "mr mrs ms dr".split()
    )
)


def _person_at(
    text: str,
    m: re.Match[str],
    known: dict[str, list[tuple[Phrase, Span]]],
    cue_after: re.Pattern[str],
    role_after: re.Pattern[str],
) -> _Person | None:
    """The person a capitalised run names, or None: the surname of a person named before, a name opening with a
    first name of the census lists, a name after a role word or title ("President X", "Mr. X"), or a first name
    alone that a reporting verb follows ("Melanie said")."""
    found = _identify(text, m, known, cue_after, role_after)
    return None if found is None else _person(text, m, found)


_Identified = tuple[Phrase, Span, str, bool]
"""What :func:`_identify` finds: the phrase, the mention naming it in full, the run's first word, and whether that
opens a subordinate clause."""


def _identify(
    text: str,
    m: re.Match[str],
    known: dict[str, list[tuple[Phrase, Span]]],
    cue_after: re.Pattern[str],
    role_after: re.Pattern[str],
) -> _Identified | None:
    """Who a capitalised run names (see :func:`_person_at`), learning a full name of two words or more into
    ``known``; the rest of the person (gender, a preposition before) is read only if a pronoun asks."""
    raw = m.group().split()
    if len(raw) == 1:
        # Most runs are one word ("The", "But", "Washington"): a person only as the surname of one named
        # before, after a role word, or a first name; the cheap tests first.
        word = strip_possessive(raw[0].rstrip("."))
        if word.lower() in _NEVER_NAMES or (
            _known(known, word, m.start()) is None
            and word.lower() not in lexicon.table("first_names")
            and not _role_before(text[max(0, m.start() - 40) : m.start()])
        ):
            return None
    parts = _run_name(m.group())
    if parts is None:
        return None
    tokens, cut, has_role, name, start, lead, subordinate = parts
    # "Melanie said" (tested only for a lone first name, the one case it decides)
    speaks = len(name) == 1 and start == 0 and cue_after.match(text, m.end()) is not None
    full = " ".join(name)
    earlier = _known(known, full, m.start()) or (
        _known(known, name[0], m.start()) if len(name) == 1 else None
    )
    if earlier is not None:
        phrase, named = earlier  # the same name, or a surname: the full name written before
    else:
        named = Span(m.start(), m.end(), m.group())
        if start >= 0 and (len(name) - start >= 2 or (speaks and len(name) == 1)):
            name = name[start:]  # "Ed Schultz", "Melanie said"
        elif (
            (len(name) == 1 and len(name[0]) < 3)
            or not (
                has_role
                # "spokeswoman X", "former president X": a role word in lower case right before the name; or
                # one in apposition after it ("X, the harbour master,")
                or _role_before(text[max(0, m.start() - 40) : m.start()])
                or (len(tokens) > 1 and role_after.match(text, m.end()) is not None)
            )
        ):
            return None  # else only a role word makes a person ("Sen. Vale"): countries speak too
        full = " ".join(name)
        role = " ".join(tokens[: cut + max(start, 0)])
        phrase = Phrase(m.group(), full, role, "person")
        if len(name) > 1:
            known.setdefault(full, []).append((phrase, named))
            for word in name:  # the family name comes first in some languages ("Xi Jinping", then "Xi")
                if len(word) > 1 and not word.endswith("."):
                    known.setdefault(word, []).append((phrase, named))
    return phrase, named, lead, subordinate


def _person(text: str, m: re.Match[str], found: _Identified) -> _Person:
    """The person :func:`_identify` found at ``m``, with its gender and whether a preposition stands before it."""
    phrase, named, lead, subordinate = found
    gender = _gender_words(phrase, text, m.start())
    # "Secretary of State X": the name does not open the run, so no preposition stands before it. A name in a
    # clause opened by "While", "When", "After"... is no subject of the sentence either.
    after_prep = (lead in phrase.name.split() and _after_preposition(text, m.start())) or subordinate
    return _Person(m.start(), m.end(), phrase, gender, after_prep, named)


@lru_cache(maxsize=1 << 14)
def _run_name(run: str) -> tuple[tuple[str, ...], int, bool, tuple[str, ...], int, str, bool] | None:
    """What :func:`_person_at` reads from a capitalised run alone, whatever its context: its tokens (possessives
    stripped), where the name starts among them, whether a role word is in the run, the name's words, the index
    of its first first name (-1), its first token without a possessive and whether that opens a subordinate
    clause; None when it names no one. Cached: an article names the same people again and again."""
    raw = run.split()
    tokens = list(raw)
    if (
        tokens
        and tokens[-1].endswith(".")
        and len(tokens[-1]) > 2
        and tokens[-1].lower() not in lexicon.wordset("titles")
    ):
        tokens[-1] = tokens[-1][:-1]  # the sentence's full stop
    possessive = [t != strip_possessive(t) for t in tokens]
    tokens = [strip_possessive(t) for t in tokens]
    roles = _role_words()
    cut = 0
    for i, t in enumerate(tokens):
        # A role word, or an owner before the name ("NBC's Dante Chinni"), is no part of it.
        if t.lower() in roles or t.lower().rstrip(".") in roles or (possessive[i] and i < len(tokens) - 1):
            cut = i + 1
    has_role = cut > 0
    while cut < len(tokens) and tokens[cut].lower() in LEADING:
        cut += 1  # "In Florida", "The Republican"
    name = _name_only(tokens[cut:])
    if (
        not name
        or any(len(w.rstrip(".")) > 1 and w.isupper() for w in name)  # "FBI"; a middle initial "F." is fine
        or not all(is_capitalised(w) for w in name)  # "Florida Friday"
    ):
        return None
    if (
        any(w.lower() in lexicon.wordset("org_words") for w in name)
        or _is_demonym(name[-1])
        or " ".join(name).lower() in lexicon.wordset("countries")
    ):
        return None  # "the Republican Party", "the Security Council", "a South Korean"
    first_names = lexicon.table("first_names")
    start = next((i for i, w in enumerate(name) if w.lower() in first_names), -1)
    return (
        tuple(tokens),
        cut,
        has_role,
        tuple(name),
        start,
        strip_possessive(raw[0]),
        raw[0].lower() in _SUBORDINATORS,
    )


def _is_demonym(word: str) -> bool:
    return strip_possessive(word).lower() in lexicon.wordset("demonyms")


def _known(known: dict[str, list[tuple[Phrase, Span]]], key: str, before: int) -> tuple[Phrase, Span] | None:
    """The latest full name written before ``before`` under ``key`` (the name, or one of its words)."""
    for entry in reversed(known.get(key, ())):
        if entry[1].start < before:
            return entry
    return None


class _People:
    """The mentions of persons outside quotations in one article, read in text order only as far as a pronoun
    looks: names of two words or more as they come (they teach the surnames), one-word mentions only where a
    pronoun looks for them."""

    def __init__(self, text: str, quoted: list[tuple[int, int]]) -> None:
        self.text, self.quoted = text, quoted
        self.patterns = _patterns()["cue_after"], _patterns()["role_after"]
        self.runs: list[re.Match[str]] = []
        self.starts: list[int] = []
        self.pending: Iterator[re.Match[str]] | None = _NAME_RUN.finditer(text)
        self.known: dict[str, list[tuple[Phrase, Span]]] = {}
        self.found: dict[int, _Person | None] = {}
        self.identified: dict[int, _Identified | None] = {}
        self.pronoun_sentence: dict[tuple[int, str], bool] = {}

    def about_pronoun(self, p: _Person, pronoun: str, sents: _Sentences) -> bool:
        """Whether ``p`` is named in a sentence about whoever ``pronoun`` stands for (asked again for every
        pronoun whose window holds ``p``, so kept)."""
        key = (p.start, pronoun)
        about = self.pronoun_sentence.get(key)
        if about is None:
            sentence = sents.of(p.start)
            about = self.pronoun_sentence[key] = (
                # A sentence opening with the same pronoun ("She has faced ... his wife, X") is still about the
                # person it stands for: the names inside it are not that person.
                _opens_with(self.text, sentence, pronoun)
                # So is one where the same pronoun speaks before the name ("Though it went well, he said,
                # replacing X would ..."; "The difference now, he told me, is ... kinder to X").
                or _speaks_before(self.text, sentence[0], p.start, pronoun)
            )
        return about

    def _read(self, hi: int) -> None:
        while self.pending is not None and (not self.starts or self.starts[-1] < hi):
            m = next(self.pending, None)
            if m is None:
                self.pending = None
            elif not _inside(self.quoted, m.start()):
                self.runs.append(m)
                self.starts.append(m.start())
                if " " in m.group():
                    # Read now, in text order: a full name teaches the surnames of later mentions.
                    self.identified[len(self.runs) - 1] = _identify(self.text, m, self.known, *self.patterns)

    def _at(self, i: int) -> _Person | None:
        """The person of run ``i`` (kept)."""
        if i in self.found:
            return self.found[i]
        if i in self.identified:
            found = self.identified[i]
            person = None if found is None else _person(self.text, self.runs[i], found)
        else:
            person = _person_at(self.text, self.runs[i], self.known, *self.patterns)
        self.found[i] = person
        return person

    def between(self, lo: int, hi: int) -> list[_Person]:
        """The persons mentioned from ``lo`` up to ``hi``, in text order."""
        self._read(hi)
        out = []
        for i in range(bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)):
            person = self._at(i)
            if person is not None:
                out.append(person)
        return out

    def backwards(self, lo: int, hi: int) -> Iterator[_Person]:
        """The persons mentioned from ``lo`` up to ``hi``, last first: a pronoun looks for the nearest, so most
        one-word mentions of its window are never read."""
        self._read(hi)
        for i in range(bisect.bisect_left(self.starts, hi) - 1, bisect.bisect_left(self.starts, lo) - 1, -1):
            person = self._at(i)
            if person is not None:
                yield person


PRONOUN_REACH = 900
"""Most characters back to the person "he" or "she" is resolved to through the sentences before it (about five
sentences): farther, the drafter abstains."""

_ABSTAIN = (Phrase("", "", "", "pronoun"), Span(0, 0, ""))
"""What :func:`_resolve_person` returns when the pronoun is too unsure to name anyone (compared by identity)."""


def _resolve_person(
    text: str, at: int, gender: str, people: _People, sents: _Sentences
) -> tuple[Phrase, Span] | None:
    """What "he" or "she" at ``at`` stands for: of the nearest sentence (in the last 1,500 characters) naming a
    person of a fitting gender, its first such person not after a preposition (nor in a clause opened by
    "While", "When"...); :data:`_ABSTAIN` when that sentence has none or it is more than
    :data:`PRONOUN_REACH` characters back; None when no sentence names one."""
    pronoun = {"m": "he", "f": "she"}.get(gender, "")

    def fits(p: _Person) -> bool:
        return not (gender and p.gender and p.gender != gender) and not (
            pronoun and people.about_pronoun(p, pronoun, sents)
        )

    # The last person that fits, then the others that fit in its sentence (read backwards, from the same window).
    persons = people.backwards(at - 1500, at)
    last = next((p for p in persons if fits(p)), None)
    if last is None:
        return None
    sentence = sents.of(last.start)
    same = [last]
    for p in persons:
        if p.start < sentence[0]:
            break
        if fits(p):
            same.append(p)
    same.reverse()
    best = next((p for p in same if not p.after_preposition), None)
    # Abstain (no who-said draft) rather than guess: a person only after a preposition ("spoke with X") or named
    # far back is right too rarely (on dev: 2 of 5 and 0 of 5), and a wrong name costs a reviewer more than none.
    if best is None or at - best.start > PRONOUN_REACH:
        return _ABSTAIN
    return best.phrase, best.named


_FAR = 1 << 62


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` lies in one of the sorted, disjoint ``spans``."""
    i = bisect.bisect_right(spans, (offset, _FAR)) - 1
    return i >= 0 and spans[i][0] <= offset < spans[i][1]


@cache
def _pronoun_cue(pronoun: str) -> re.Pattern[str]:
    return re.compile(rf"\b{pronoun}\s+(?:{lexicon.alternation('reporting_verbs')})\b", re.IGNORECASE)


def _speaks_before(text: str, lo: int, hi: int, pronoun: str) -> bool:
    """Whether ``pronoun`` is the subject of a reporting verb between ``lo`` and ``hi`` ("he said")."""
    return _pronoun_cue(pronoun).search(text, lo, hi) is not None


def _opens_with(text: str, sentence: tuple[int, int], word: str) -> bool:
    head = text[sentence[0] : sentence[0] + len(word) + 1]
    return head[: len(word)].lower() == word and not head[len(word) :].strip(" ").isalnum()


class _Sentences:
    """The sentences of an article, split paragraph by paragraph when first asked for (shared with the other
    extractors through :func:`~quizgen.draft.text.article`)."""

    def __init__(self, art: Article) -> None:
        self.art = art

    def of(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``offset`` (a blank between paragraphs: its paragraph's last)."""
        i = self.art.paragraph_of(offset)
        sents = self.art.sentences(i) or [self.art.paragraphs[i]]
        return sents[max(0, bisect.bisect_right(sents, (offset, _FAR)) - 1)]
