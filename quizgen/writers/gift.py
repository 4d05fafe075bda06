"""GIFT (``decks/NAME.gift.txt``): Moodle's text format (Import, format "GIFT").

Each question is one line after a ``// [id:...] [tag:...]`` comment (Moodle reads the id number and tags from
it), titled ``::id::`` and in ``[html]`` format: ``{=right ~wrong}``, ``{TRUE#feedback if wrong#feedback if
right}``, ``{=%100%answer =%100%alias}``, and for a cloze its one blank mid-sentence. General feedback follows
``####``; a false statement's correction is the feedback to both answers instead (``{FALSE#correction#correction
####explanation and source}``), so every learner reads it once. A ``$CATEGORY:`` line starts each deck/topic.

Escaping follows Moodle's importer, which unescapes exactly ``\\: \\# \\= \\{ \\} \\~ \\n`` and ``\\\\``: those
characters are escaped, a line break is ``\\n``. Text is HTML (escaped) so nothing in it becomes markup, and a
leading ``%`` or ``[`` of an HTML text is a character reference (``%50%`` at an answer's start is a weight,
``[html]`` a format). Short answers are plain text compared with what learners type, always written with an
explicit ``%100%`` weight (as Moodle's own export does) so their own ``%`` stays text; a ``*`` in them is
escaped (a bare one is Moodle's wildcard).

Tags with ``] < >`` or a backtick stay behind (the comment syntax cannot hold them).
GIFT allows one blank per question: a cloze with several is left out (it goes to Moodle XML), and so is an
answer that starts with a format name in brackets (``[html]...``), which Moodle would strip.
"""

from __future__ import annotations

import re

from quizgen.writers.lms import (
    CLOZE,
    MCQ,
    SHORT,
    TRUE_FALSE,
    Blank,
    ExportDeck,
    ExportItem,
    by_category,
    category_path,
    escape_all,
    html,
)
from quizgen.writers.moodle import wildcard_literal

_FORMAT_MARK = re.compile(r"\s*\[(?:moodle|html|plain|markdown)\]")
_SPECIAL = re.compile(r"[\\~=#{}:\r\n]")


def escape(text: str) -> str:
    """Text with GIFT's special characters escaped (and line breaks as ``\\n``)."""
    if _SPECIAL.search(text) is None:  # most text: one scan instead of one per character
        return text
    for char in "\\~=#{}:":  # the backslash first: the others add backslashes
        if char in text:
            text = text.replace(char, "\\" + char)
    if "\n" in text or "\r" in text:
        text = text.replace("\r", "").replace("\n", "\\n")
    return text


def _escape_long(text: str) -> str:
    """:func:`escape` of a long string (many texts joined): a search for each character (a fast scan) costs
    less there than the pattern's, which tries every character."""
    for char in "\\~=#{}:":
        if char in text:
            text = text.replace(char, "\\" + char)
    if "\n" in text or "\r" in text:
        text = text.replace("\r", "").replace("\n", "\\n")
    return text


def _typed_answers(item: ExportItem) -> tuple[str, ...]:
    q = item.question
    if q.type is SHORT:
        return item.answers
    if q.type is CLOZE:
        return tuple([a for p in item.cloze_html if isinstance(p, Blank) for a in p.answers])
    return ()


def leaves_out(item: ExportItem) -> str | None:
    """Why GIFT cannot hold an item, or ``None``."""
    if item.blanks > 1:
        return f"GIFT allows one blank per question and this cloze has {item.blanks} (use the moodle export)"
    for answer in _typed_answers(item):
        if "[" in answer and _FORMAT_MARK.match(answer):
            return f"answer {answer!r} starts with a GIFT format name, which Moodle's importer would strip"
    return None


def carries_tag(tag: str) -> bool:
    """Whether a ``[tag:...]`` comment can hold ``tag``: Moodle's importer stops a tag at ``<``, ``>`` or a
    backtick, and only Moodle (not other GIFT readers) knows ``\\]`` for ``]``; Moodle XML keeps such tags."""
    return "]" not in tag and "<" not in tag and ">" not in tag and "`" not in tag


# The deck is escaped in batches as one string: each question's text with GIFT's own characters as control
# characters (which the escape leaves alone), put back once the batch is escaped. No HTML text holds a control
# character (html() makes them U+FFFD); an id or typed answer that holds one of these has it quoted (_QUOTE).
_OPEN, _CLOSE, _EQUALS, _TILDE, _HASH, _COLON, _NEWLINE = (
    "\x01",
    "\x02",
    "\x03",
    "\x04",
    "\x05",
    "\x06",
    "\x07",
)
_SYNTAX = ((_OPEN, "{"), (_CLOSE, "}"), (_EQUALS, "="), (_TILDE, "~"), (_HASH, "#"), (_COLON, ":"),
           (_NEWLINE, "\n"))  # fmt: skip
_LEAD = "\x08"
"""Before each text whose first character would mean something at an answer's start (see :func:`_lead`)."""
_SEP = "\x0e"
"""Parts the pieces of a batch."""
_SEP_BYTE = _SEP.encode()
_QUOTE = "\x0f"
"""Before a quoted character of an id or typed answer: ``_QUOTE + chr(0x40 + code)``."""
_QUOTED = re.compile("[\x01-\x08\x0e\x0f]")
_UNQUOTE = re.compile("\x0f(.)")
_TITLE = f"{_COLON}{_COLON}"
_HTML = f"{_COLON}{_COLON}[html]"
_FEEDBACK = _HASH * 4
_END = f"{_CLOSE}{_NEWLINE}"
_BATCH = 1024
"""Questions escaped as one string at most (the strings stay in the processor's caches)."""


def _safe(text: str) -> str:
    """An id or typed answer with the characters that stand for GIFT's syntax here quoted."""
    if text.isprintable() or _QUOTED.search(text) is None:
        return text
    return _QUOTED.sub(lambda m: _QUOTE + chr(0x40 + ord(m[0])), text)


def _lead(html_text: str) -> str:
    first = html_text[:1]
    if first == "%":
        return "&#37;" + html_text[1:]
    if first == "[":
        return "&#91;" + html_text[1:]
    return html_text


def _typed(answer: str) -> str:
    """A typed answer before GIFT's escaping: on one line, a ``*`` escaped (a bare one is Moodle's wildcard)."""
    answer = wildcard_literal(answer.replace("\n", " ")) if "\n" in answer or "*" in answer else answer
    return answer if answer.isprintable() else _safe(answer)


def _tags(tags: tuple[str, ...], comments: dict[str, str]) -> str:
    """The tag comments of a tag set; ``comments`` keeps each tag's (many tag sets share tags)."""
    out = []
    for t in tags:
        comment = comments.get(t)
        if comment is None:
            comment = comments[t] = f" [tag:{t}]" if carries_tag(t) else ""
        out.append(comment)
    return "".join(out)


def _cloze(item: ExportItem, fb: bool) -> tuple[str, str]:
    """A cloze as the two pieces of :func:`_body`. With one blank, the general feedback goes between them; with
    none or several (which builds leave out), the first piece is the whole question, its feedback in each blank."""
    qid = item.question.id
    out = [_TITLE + (qid if qid.isprintable() else _safe(qid)) + _HTML]
    one = item.blanks == 1
    feedback = _FEEDBACK if one else f"{_FEEDBACK}{item.general_html}"
    first = ""
    for part in item.cloze_html:
        if isinstance(part, Blank):
            answers = " ".join([f"{_EQUALS}%100%{_typed(a)}" for a in part.answers])
            if one:
                out.append(f"{_OPEN}{answers}{feedback if fb else ''}")
                first = "".join(out)
                out = [_CLOSE]
            else:
                out.append(f"{_OPEN}{answers}{feedback if fb else ''}{_CLOSE}")
            if part.hint:
                out.append(f" ({html(part.hint)})")
        else:
            out.append(part)
    out.append(_NEWLINE)
    return (first, "".join(out)) if one else ("".join(out), "")


def _escape_batch(pieces: list[str]) -> list[bytes]:
    """``pieces`` (unescaped, GIFT's syntax as control characters) escaped, with the syntax put back, encoded."""
    text = _SEP.join(pieces)
    if _LEAD + "%" in text:
        text = text.replace(_LEAD + "%", "&#37;")
    if _LEAD + "[" in text:
        text = text.replace(_LEAD + "[", "&#91;")
    text = _escape_long(text.replace(_LEAD, ""))
    for mark, char in _SYNTAX:
        text = text.replace(mark, char)
    if _QUOTE in text:  # split first: a quoted character may be the separator
        return [_UNQUOTE.sub(lambda m: chr(ord(m[1]) - 0x40), p).encode() for p in text.split(_SEP)]
    return text.encode().split(_SEP_BYTE)


_PREFIXES: dict[tuple[int, int], tuple[str, ...]] = {}
"""What goes before each of an mcq's options, by (number of options, the answer's index)."""


def _prefixes(count: int, right: int) -> tuple[str, ...]:
    key = (count, right)
    prefixes = _PREFIXES.get(key)
    if prefixes is None:
        prefixes = _PREFIXES[key] = tuple(
            _EQUALS + _LEAD if i == right else _TILDE + _LEAD for i in range(count)
        )
    return prefixes


def _tags_written_whole(heads: list[str], tags: int) -> bool:
    """Whether the comment lines ``heads`` (holding ``tags`` tags in all) were right to write every tag: checked
    at once, since a tag with ``]``, ``<``, ``>`` or a backtick stays behind (see :func:`carries_tag`)."""
    joined = "".join(heads)
    return not ("<" in joined or ">" in joined or "`" in joined) and joined.count("]") == len(heads) + tags


def write(deck: ExportDeck) -> bytes:
    """The deck as a GIFT file (UTF-8)."""
    out = [f"// {' '.join(deck.name.split())}: exported by quizgen; import into Moodle as GIFT.\n".encode()]
    current: tuple[str, ...] | None = None
    ordered = by_category(deck.items)
    # The feedback apart: its citations' curly quotes make a string whose scans are slower (two bytes a character).
    feedback = escape_all(escape, [item.general_html for item in ordered])
    comments: dict[str, str] = {}
    for start in range(0, len(ordered), _BATCH):
        batch = ordered[start : start + _BATCH]
        heads: list[str] = []
        tag_count = 0
        categories: list[tuple[int, str]] = []
        pieces: list[str] = []
        batch_feedback = feedback[start : start + _BATCH]
        for n, item in enumerate(batch):
            if item.category is not current and item.category != current:
                current = item.category
                categories.append((n, f"\n$CATEGORY: {category_path(current)}\n"))
            q = item.question
            kind = q.type
            qid = q.id
            tags = q.tags
            # the blank line before each question, then its comment line
            heads.append(f"\n// [id:{qid}] [tag:{'] [tag:'.join(tags)}]\n" if tags else f"\n// [id:{qid}]\n")
            tag_count += len(tags)
            fb = _FEEDBACK if batch_feedback[n] else ""
            if kind is CLOZE:
                pieces += _cloze(item, fb != "")
                if item.blanks != 1:
                    batch_feedback[n] = ""  # written into each blank (see _cloze)
                continue
            title = (
                _TITLE + (qid if qid.isprintable() else _safe(qid)) + _HTML + _LEAD + item.prompt_html + _OPEN
            )
            if kind is MCQ:
                options = item.options_html
                choices = " ".join(map(str.__add__, _prefixes(len(options), item.right), options))
            elif kind is TRUE_FALSE:
                # The correction as the feedback to either answer (``#if wrong#if right``): each learner reads it
                # once.
                if q.answer is True:
                    choices = "TRUE"
                elif q.correction:
                    wrong = _lead(html(q.correction))
                    choices = f"FALSE{_HASH}{wrong}{_HASH}{wrong}" if wrong else "FALSE"
                else:
                    choices = "FALSE"
            else:
                choices = " ".join([f"{_EQUALS}%100%{_typed(a)}" for a in item.answers])
            pieces.append(title + choices + fb)
            pieces.append(_END)
        # Encoded a batch at a time and split there: the comment lines, the escaped questions and the feedback
        # (apart: its citation quotes a headline in curly quotes, which would make all a two-byte string).
        if not _tags_written_whole(heads, tag_count):
            heads = [f"\n// [id:{i.question.id}]{_tags(i.question.tags, comments)}\n" for i in batch]
        for n, line in categories:
            heads[n] = line + heads[n]
        escaped = _escape_batch(pieces)
        joined = _SEP.join(heads)
        if joined.count(_SEP) == len(heads) - 1:
            head_bytes = joined.encode().split(_SEP_BYTE)
        else:  # an id or tag holds the separator
            head_bytes = [h.encode() for h in heads]
        feedback_bytes = (
            _SEP.join(batch_feedback).encode().split(_SEP_BYTE)
        )  # HTML: holds no control character
        n = len(batch)
        part = [b""] * (4 * n)
        part[0::4] = head_bytes
        part[1::4] = escaped[0::2]
        part[2::4] = feedback_bytes
        part[3::4] = escaped[1::2]
        out += part
    return b"".join(out)
