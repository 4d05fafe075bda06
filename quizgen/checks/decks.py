"""Deck definitions and builds: rules applied when loading ``decks/*.yaml`` and their lock files, and to notes
just before they are written (:mod:`quizgen.build.run`). This module documents them."""

from __future__ import annotations

from quizgen.checks.base import Rule
from quizgen.core.diagnostics import Severity

_DECK = """\
# file: decks/example.yaml
name: Example
deck_id: 1700000000001
note_type_ids: {short: 1700000000002, mcq: 1700000000003, true-false: 1700000000004, cloze: 1700000000005}
"""

RULES = (
    Rule("QG801", "deck-definition", Severity.ERROR,
         "Deck definitions have a name, fixed deck and note-type ids (distinct, 63-bit), and known fields.",
         "Anki knows a deck by its name and its note types by their ids, so ids are written once and never "
         "changed; `docs/anki.md` explains why.\n\nFails (no note-type ids):\n\n```yaml\n"
         + "\n".join(_DECK.splitlines()[:3]) + "\n```\n\nPasses:\n\n```yaml\n" + _DECK + "```\n"),
    Rule("QG802", "note-invalid", Severity.ERROR,
         "No note would be written with an empty front, a cloze without deletion, a tag with spaces or a "
         "repeated GUID.",
         "Checked on the rendered notes just before a deck is written, behind the bank checks that already "
         "rule these out (QG101, QG303, QG106, QG105), because Anki accepts such notes silently and shows them "
         "never. Fails: a note whose rendered front is empty. Passes: every shipped note.\n\n(Not reachable "
         "from a bank that passes `quizgen check`; `tests/test_build.py` builds such notes directly.)\n"),
    Rule("QG803", "lock-damaged", Severity.ERROR,
         "A deck's lock file, if present, is a readable quizgen lock (restore it from version control).",
         "Without its lock a rebuilt deck loses each note's modification time, and learners' re-imports stop "
         "updating edited notes.\n\nFails:\n\n```yaml\n" + _DECK
         + "# file: decks/example.lock.json\n{\"format\": 1, \"notes\": [\n```\n\nPasses:\n\n```yaml\n"
         + _DECK + "# file: decks/example.lock.json\n{\"deck\": \"Example\", \"format\": 1, \"notes\": {}}\n```\n"),
    Rule("QG804", "print-failed", Severity.ERROR,
         "Every character of a printed quiz is in the embedded fonts (Latin, Greek, Cyrillic and common "
         "symbols).",
         "Printed quizzes use only the fonts that ship inside typst (Libertinus Serif, with DejaVu Sans Mono "
         "as fallback), so a PDF is the same on every machine. A character none of them has would print as an "
         "empty box, so `quizgen build print` refuses and names the bank field holding it. Fails: an item of a "
         "printed deck whose prompt holds Chinese characters. Passes: every shipped item.\n\n(Reported by "
         "`quizgen build`, not `quizgen check`; `tests/test_print.py` covers it.)\n"),
    Rule("QG805", "type-changed", Severity.ERROR,
         "A question keeps the type it was first built as (the lock file records it).",
         "Anki knows a note by its GUID (from the question id) and cannot change the type of a note it has "
         "imported: a question turned from short into mcq under the same id makes every later import of the "
         "deck report a conflict, forever. Fails: `type: short` changed to `type: mcq` (with distractors) after "
         "a build. Passes: the short question kept, and the mcq added under a new id (retire the old one if it "
         "should leave the deck).\n\n(Reported by `quizgen build`, which reads the lock; "
         "`tests/test_reliability.py` covers it.)\n"),
    Rule("QG806", "subdeck-moved", Severity.WARNING,
         "A question stays in the subdeck it was built into, or its learners are told to move it.",
         "Anki leaves an imported card in the deck it is in: when a topic change (with `subdecks: topic`) moves "
         "a question to another subdeck, new learners get it there but everyone who imported it keeps it in "
         "the old one. The build says so once, with the search that finds the card in Anki's browser, and "
         "records the new subdeck in the lock. Fails: `topic: role` changed to `topic: met` after a build. "
         "Passes: the topic kept.\n\n(Reported by `quizgen build`, which reads the lock; "
         "`tests/test_reliability.py` covers it.)\n"),
)  # fmt: skip
