"""The rules the loaders apply: files that read, YAML that parses, items, catalogue entries and deck
definitions of the documented shape.

They are reported while loading (:mod:`quizgen.load`), at the YAML location of the offending value, through
the rules defined here; :data:`quizgen.checks.RULES` lists them with the others. An item with a structural
error is left out of the content checks.
"""

from __future__ import annotations

from quizgen.core.diagnostics import Severity
from quizgen.core.rules import Rule

_ITEM = """\
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
"""


DECK_EXAMPLE = """\
# file: decks/example.yaml
name: Example
deck_id: 1700000000001
note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}
"""
"""A valid deck definition, for the deck rules' examples."""


def _example(fails: str, passes: str = _ITEM, why: str = "") -> str:
    return f"{why}\n\nFails:\n\n```yaml\n{fails}```\n\nPasses:\n\n```yaml\n{passes}```\n".lstrip()


FILE_UNREADABLE = Rule(
    "QG001",
    "file-unreadable",
    Severity.ERROR,
    "Every folder and file quizgen needs exists, is a regular file inside the project, is UTF-8 and is "
    "under the size limit (8 MiB).",
    "Fails: a missing `question_bank/` folder; a bank file saved as Latin-1 (the diagnostic gives the line "
    "and column of the first bad byte); a 50 MB bank file.\n\nPasses: the folder exists and its files are "
    "UTF-8 (a byte-order mark is allowed) and smaller than 8 MiB; split a large bank into several files.\n\n"
    "A file of `question_bank/` or `decks/` named `*.yml` (or `*.YAML`) is not read: a warning names it, as "
    "its items or deck would otherwise be left out without a word.\n\n"
    "(Not runnable as text examples; `tests/test_load_errors.py` covers each case.)\n",
)

YAML_SYNTAX = Rule(
    "QG002",
    "yaml-syntax",
    Severity.ERROR,
    "Every YAML file parses.",
    _example("- id: rojas-role\n  prompt: What post does Pablo Rojas hold?\n    answer: Chilean\n"),
)

YAML_UNSUPPORTED = Rule(
    "QG003",
    "yaml-unsupported",
    Severity.ERROR,
    "Bank files use plain YAML: no aliases (*name), no anchors (&name), no tags.",
    _example(
        _ITEM.replace("  topic: role\n", "  topic: &t role\n").replace(
            "  review: {status: draft}\n", "  review: {status: draft}\n  explanation: *t\n"
        ),
        why="Aliases make a value mean two places at once (and enable alias bombs); tags could construct "
        "objects. Write each value out.",
    ),
)

EMPTY_BANK = Rule(
    "QG004", "empty-bank", Severity.ERROR, "The bank holds at least one question.", _example("[]\n")
)

MISSING_FIELD = Rule(
    "QG101",
    "missing-field",
    Severity.ERROR,
    "Every item has the fields its type requires (an mcq: distractors; a false true-false: correction).",
    _example(_ITEM.replace("  answer: Chilean Foreign Minister\n", "")),
)

UNKNOWN_FIELD = Rule(
    "QG102",
    "unknown-field",
    Severity.ERROR,
    "Items, evidence, review records and catalogue entries have only documented fields.",
    _example(
        _ITEM.replace("  answer:", "  answr:"),
        why="A typo would otherwise drop the value silently; the message suggests the closest field name.",
    ),
)

WRONG_TYPE = Rule(
    "QG103",
    "wrong-type",
    Severity.ERROR,
    "Every value has its field's type (text, list, mapping, true/false, date, number).",
    _example(
        _ITEM.replace("  answer: Chilean Foreign Minister\n", "  answer: [Chilean Foreign Minister]\n"),
        why="Text is taken as written, so `answer: 2017` is the text 2017; but yes/no/true/false "
        "read as booleans and need quotes where text is meant.",
    ),
)

DUPLICATE_KEY = Rule(
    "QG104",
    "duplicate-key",
    Severity.ERROR,
    "No mapping repeats a key.",
    _example(
        _ITEM.replace(
            "  answer: Chilean Foreign Minister\n",
            "  answer: Chilean Foreign Minister\n  answer: Foreign Minister\n",
        ),
        why="YAML loaders keep the last value silently; quizgen refuses the file's ambiguity.",
    ),
)

DUPLICATE_ID = Rule(
    "QG105",
    "duplicate-id",
    Severity.ERROR,
    "Ids are unique across the bank (and catalogue ids across the catalogue).",
    _example(
        _ITEM + _ITEM.replace("What post does", "Which office does"),
        _ITEM + _ITEM.replace("rojas-role", "rojas-office").replace("What post does", "Which office does"),
        why="An id is the item's identity in Anki decks and learners' progress: never reuse one; retire "
        "the old item (`review: {status: retired}`) and give the new one a new id.",
    ),
)

INVALID_VALUE = Rule(
    "QG106",
    "invalid-value",
    Severity.ERROR,
    "Ids are slugs; type, topic and review status are known values; tags have no spaces; hashes are "
    "quizgen's.",
    _example(_ITEM.replace("topic: role", "topic: roles")),
)

FIELD_NOT_FOR_TYPE = Rule(
    "QG107",
    "field-not-for-type",
    Severity.ERROR,
    "Fields fit the question type: distractors only on mcq (at least 3), correction only on true-false.",
    _example(_ITEM.replace("  evidence:", "  distractors: [Peruvian Foreign Minister]\n  evidence:")),
)

UNKNOWN_SOURCE = Rule(
    "QG108",
    "unknown-source",
    Severity.ERROR,
    "Every evidence source is the id of an article.",
    _example(_ITEM.replace("source: example", "source: exmaple")),
)

MAX_SHORT = 200
"""The longest name (ids, outlets, headlines, topics, tags), in characters (QG110)."""
MAX_TEXT = 5000
"""The longest other text value, in characters (QG110)."""

HIDDEN_CHARACTER = Rule(
    "QG109",
    "hidden-character",
    Severity.ERROR,
    "No value or article holds a control character, a bidi override or a noncharacter.",
    _example(
        _ITEM.replace(
            "prompt: What post does Pablo Rojas hold?", 'prompt: "What post does Pablo\\x1fRojas hold?"'
        ),
        why='YAML refuses these characters raw but lets its escapes (`"\\x1f"`, `"\\u202e"`) through. '
        "U+001F is Anki's field separator: one in any field makes the whole `.apkg` unimportable. A bidi "
        "override (U+202A-U+202E, U+2066-U+2069) shows text reversed to the learner; NUL, backspace and "
        "U+FFFF break the typesetter. Tab and newline are allowed. Delete the character.",
    ),
)

VALUE_TOO_LONG = Rule(
    "QG110",
    "value-too-long",
    Severity.ERROR,
    f"Names (ids, outlets, headlines, topics, tags) have at most {MAX_SHORT} characters, other text at most "
    f"{MAX_TEXT}.",
    _example(
        _ITEM.replace("topic: role", "topic: " + "role" * 60),
        why="A value far longer than any real one is a paste gone wrong; it also costs the build gigabytes "
        "(a 300 KB outlet took 3.5 GB to typeset). Shorten it.",
    ),
)

COMMENT_IN_VALUE = Rule(
    "QG111",
    "comment-in-value",
    Severity.WARNING,
    "No unquoted value is cut short by a `#` that YAML reads as the start of a comment.",
    _example(
        _ITEM.replace(
            "prompt: What post does Pablo Rojas hold?",
            "prompt: What post does Pablo Rojas hold, #2 in the cabinet?",
        ),
        why="In YAML a `#` after a space starts a comment, so `prompt: ranked #1 in the poll` is read as "
        '"ranked" and the rest is silently dropped. A `#` directly followed by a word or digit is almost '
        "always meant as text; a comment usually reads `# like this`, with a space, and is left alone. Put "
        "the value in quotes to keep the `#`, or add a space after it if it is a comment.",
    ),
)

CATALOGUE_ENTRY = Rule(
    "QG120",
    "catalogue-entry",
    Severity.ERROR,
    "Every article file has a catalogue entry and every entry has an article file.",
    _example(
        "# file: seeds/sources.yaml\narticles:\n"
        "  - {id: example, outlet: Example Daily, headline: Ministers meet in Lisbon}\n",
        "# file: seeds/sources.yaml\narticles:\n"
        "  - {id: example, outlet: Example Daily, headline: Ministers meet in Lisbon}\n"
        "  - {id: wire, outlet: Example Wire, headline: Rojas on copper}\n"
        "variants:\n"
        "  - {preferred: South Pacific Fisheries Accord, also: [South Pacific Fishing Accord]}\n",
        why="Fails because seeds/wire.txt has no entry.",
    ),
)

CATALOGUE_MISMATCH = Rule(
    "QG121",
    "catalogue-mismatch",
    Severity.ERROR,
    "A catalogue's headline_line holds the headline, published_line states the date, furniture and caption "
    "lines exist and no line is both.",
    _example(
        "# file: seeds/sources.yaml\narticles:\n"
        "  - {id: example, outlet: Example Daily, headline: Ministers meet in Lisbon,\n"
        "     published: 2025-06-04, published_line: 2}\n"
        "  - {id: wire, outlet: Example Wire, headline: Rojas on copper}\n"
        "variants:\n"
        "  - {preferred: South Pacific Fisheries Accord, also: [South Pacific Fishing Accord]}\n",
        "# file: seeds/sources.yaml\narticles:\n"
        "  - {id: example, outlet: Example Daily, headline: Ministers meet in Lisbon,\n"
        "     published: 2025-06-03, published_line: 2}\n"
        "  - {id: wire, outlet: Example Wire, headline: Rojas on copper}\n"
        "variants:\n"
        "  - {preferred: South Pacific Fisheries Accord, also: [South Pacific Fishing Accord]}\n",
        why="The catalogue's facts about an article are checked against its text too.",
    ),
)

DECK_DEFINITION = Rule(
    "QG801",
    "deck-definition",
    Severity.ERROR,
    "Deck definitions have a name, fixed deck and note-type ids (distinct, 63-bit), and known fields.",
    "Anki knows a deck by its name and its note types by their ids, so ids are written once and never "
    "changed; `docs/anki.md` explains why.\n\nFails (no note-type ids):\n\n```yaml\n"
    + "\n".join(DECK_EXAMPLE.splitlines()[:3])
    + "\n```\n\nPasses:\n\n```yaml\n"
    + DECK_EXAMPLE
    + "```\n",
)

RULES = (
    FILE_UNREADABLE,
    YAML_SYNTAX,
    YAML_UNSUPPORTED,
    EMPTY_BANK,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    DUPLICATE_KEY,
    DUPLICATE_ID,
    INVALID_VALUE,
    FIELD_NOT_FOR_TYPE,
    UNKNOWN_SOURCE,
    HIDDEN_CHARACTER,
    VALUE_TOO_LONG,
    COMMENT_IN_VALUE,
    CATALOGUE_ENTRY,
    CATALOGUE_MISMATCH,
    DECK_DEFINITION,
)
"""Every rule the loaders report."""
