"""Key terms: the words of an item that carry its facts, compared with the words of its evidence.

Used where a rule asks whether the evidence says what an item says without asking for the same wording:
the joint-evidence rule (QG306: each cited article shares a key term with the item).
"""

from __future__ import annotations

import re

from quizgen.core.text import fold, words

STOP_WORDS = frozenset(
    "a an the is are was were be been being am has have had do does did of in on at to for by with from as into "
    "onto upon about over under than then that this these those it its it's and or but if so which who whom whose "
    "what when where why how he she they them their theirs his her hers him we us our you your i me my there "
    "here also both either each any all some such one".split()
)
"""Words a statement may use without the evidence containing them. Negations are not stop words."""

FRAME_WORDS = frozenset(
    "say says said saying tell tells told report reports reported reporting according statement statements "
    "outlet outlets article articles source sources news agency write writes wrote two three several other "
    "first last".split()
)
"""Words of a question's frame ("which two outlets reported..."), not of the fact it asks about."""


def term(word: str) -> str:
    """A folded word as key terms compare it: possessive endings dropped ("China's" -> "china")."""
    return word.removesuffix("'s").removesuffix("'")


def content_words(text: str) -> set[str]:
    """The content words of a text (folded, possessives dropped, stop words aside)."""
    out = set()
    for w in words(fold(text)):
        w = term(w)
        if w and w not in STOP_WORDS:
            out.add(w)
    return out


def key_terms(text: str) -> set[str]:
    """The content words of a text that are not the question's frame."""
    return content_words(text) - FRAME_WORDS


_NUMBER = re.compile(r"\d")


def is_number(word: str) -> bool:
    """Whether a word holds a digit (2017, 10:30, 3.5)."""
    return bool(_NUMBER.search(word))
