"""Builds: rules applied to notes just before they are written and to the deck files a build reads and
writes (:mod:`quizgen.build`). Deck definitions themselves are checked while loading
(:data:`quizgen.load.rules.DECK_DEFINITION`)."""

from __future__ import annotations

from quizgen.checks.base import Rule
from quizgen.checks.cloze import MALFORMED
from quizgen.core.diagnostics import Severity
from quizgen.load.rules import DECK_EXAMPLE, DUPLICATE_ID, INVALID_VALUE, MISSING_FIELD

NOTE_INVALID = Rule(
    "QG802",
    "note-invalid",
    Severity.ERROR,
    "No note would be written with an empty front, a cloze without deletion, a tag with spaces or a "
    "repeated GUID.",
    "Checked on the rendered notes just before a deck is written, behind the bank checks that already "
    f"rule these out ({MISSING_FIELD.code}, {MALFORMED.code}, {INVALID_VALUE.code}, {DUPLICATE_ID.code}), "
    "because Anki accepts such notes silently and shows them "
    "never. Fails: a note whose rendered front is empty. Passes: every shipped note.\n\n(Not reachable "
    "from a bank that passes `quizgen check`; `tests/test_build.py` builds such notes directly.)\n",
)
LOCK_DAMAGED = Rule(
    "QG803",
    "lock-damaged",
    Severity.ERROR,
    "A deck's lock file, if present, is a readable quizgen lock (restore it from version control).",
    "Without its lock a rebuilt deck loses each note's modification time, and learners' re-imports stop "
    "updating edited notes.\n\nFails:\n\n```yaml\n"
    + DECK_EXAMPLE
    + '# file: decks/example.lock.json\n{"format": 1, "notes": [\n```\n\nPasses:\n\n```yaml\n'
    + DECK_EXAMPLE
    + '# file: decks/example.lock.json\n{"deck": "Example", "format": 1, "notes": {}}\n```\n',
)
PRINT_FAILED = Rule("QG804", "print-failed", Severity.ERROR,
         "Every character of a printed quiz is in the embedded fonts (Latin, Greek, Cyrillic and common "
         "symbols).",
         "Printed quizzes use only the fonts that ship inside typst (Libertinus Serif, with DejaVu Sans Mono "
         "as fallback), so a PDF is the same on every machine. A character none of them has would print as an "
         "empty box, so `quizgen build print` refuses and names the bank field holding it. Fails: an item of a "
         "printed deck whose prompt holds Chinese characters. Passes: every shipped item.\n\n(Reported by "
         "`quizgen build`, not `quizgen check`; `tests/test_print.py` covers it.)\n")  # fmt: skip

BLUEPRINT_INFEASIBLE = Rule("QG805", "blueprint-infeasible", Severity.ERROR,
         "A printed quiz's blueprint can be met: enough items for every quota, with related items kept apart "
         "and true and false balanced.",
         "A blueprint (`print.blueprint`, docs/print.md) sets exact quotas per topic, type and article. When no "
         "form meets them, `quizgen check` and `quizgen build` point at the quota that cannot be met and say how "
         "many items it has (after keeping same-fact groups and leak pairs apart), or at `blueprint.questions` "
         "when the deck selects too few items. Fails: `types: {mcq: 5}` in a deck selecting three mcq items. "
         "Passes: the shipped THAAD deck.\n\n(`tests/test_blueprint.py` covers it.)\n")  # fmt: skip

TYPE_CHANGED = Rule("QG806", "type-changed", Severity.ERROR,
         "A question keeps the type it was first built as (the lock file records it).",
         "Anki knows a note by its GUID (from the question id) and cannot change the type of a note it has "
         "imported: a question turned from short into mcq under the same id makes every later import of the "
         "deck report a conflict, forever. Fails: `type: short` changed to `type: mcq` (with distractors) after "
         "a build. Passes: the short question kept, and the mcq added under a new id (retire the old one if it "
         "should leave the deck).\n\n(Reported by `quizgen build`, which reads the lock; "
         "`tests/test_reliability.py` covers it.)\n")  # fmt: skip

SUBDECK_MOVED = Rule("QG807", "subdeck-moved", Severity.WARNING,
         "A question stays in the subdeck it was built into, or its learners are told to move it.",
         "Anki leaves an imported card in the deck it is in: when a topic change (with `subdecks: topic`) moves "
         "a question to another subdeck, new learners get it there but everyone who imported it keeps it in "
         "the old one. The build says so once, with the search that finds the card in Anki's browser, and "
         "records the new subdeck in the lock. Fails: `topic: role` changed to `topic: met` after a build. "
         "Passes: the topic kept.\n\n(Reported by `quizgen build`, which reads the lock; "
         "`tests/test_reliability.py` covers it.)\n")  # fmt: skip

RULES = (NOTE_INVALID, LOCK_DAMAGED, PRINT_FAILED, BLUEPRINT_INFEASIBLE, TYPE_CHANGED, SUBDECK_MOVED)
