"""Builds: rules applied to notes just before they are written and to the deck files a build reads and
writes (:mod:`quizgen.build`). Deck definitions themselves are checked while loading
(:data:`quizgen.load.rules.DECK_DEFINITION`)."""

from __future__ import annotations

from collections.abc import Collection

from quizgen.checks.base import Rule, diag
from quizgen.checks.cloze import MALFORMED
from quizgen.core.diagnostics import Diagnostic, Related, Severity
from quizgen.core.model import Project, Question
from quizgen.load.decks import DeckDefinition
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

_TWO_ARTICLES = """\
# file: seeds/other.txt
Fishing fleets return to port
Boats from Vigo returned to port on Friday after the new quotas were announced.
# file: seeds/sources.yaml
articles:
  - id: example
    outlet: Example Daily
    headline: Ministers meet in Lisbon
  - id: wire
    outlet: Example Wire
    headline: Rojas on copper
  - id: other
    outlet: Example Coast
    headline: Fishing fleets return to port
variants:
  - preferred: South Pacific Fisheries Accord
    also: [South Pacific Fishing Accord]
    note: example says Fisheries, wire says Fishing.
# file: question_bank/example.yaml
- id: rojas-role
  type: short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review: {status: draft}
- id: vigo-return
  type: short
  topic: when
  prompt: On which day did the boats from Vigo return to port?
  answer: Friday
  evidence:
    - source: other
      quote: Boats from Vigo returned to port on Friday after the new quotas were announced.
  review: {status: draft}
"""

_BLUEPRINT = "print:\n  blueprint:\n    questions: 1\n    sources: {example: 1}\n"

MIXED_ARTICLES = Rule("QG808", "deck-mixes-articles", Severity.WARNING,
         "A deck takes items only from the articles its definition names (select.sources, "
         "print.blueprint.sources); one that names none takes no new item from an article it did not hold.",
         "A deck that selects every approved item silently takes in the items drafted from the next story "
         "added to `seeds/`: two items on another story joined a deck titled after the first. Name the "
         "articles a deck is about (`select: {sources: [...]}`, or select by tags) and a new article's items "
         "stay out until it is named. A deck naming none is compared with its lock file: an item new since the "
         "last build that cites an article none of the deck's items cited is reported (nothing on a first "
         "build). The warning points at the deck and names each such item.\n\nFails (the blueprint names "
         "`example`, the selection also takes an item of `other`):\n\n```yaml\n"
         + DECK_EXAMPLE + "select: {status: [draft]}\n" + _BLUEPRINT + _TWO_ARTICLES
         + "```\n\nPasses:\n\n```yaml\n"
         + DECK_EXAMPLE + "select: {status: [draft], sources: [example]}\n" + _BLUEPRINT + _TWO_ARTICLES
         + "```\n")  # fmt: skip

RULES = (
    NOTE_INVALID, LOCK_DAMAGED, PRINT_FAILED, BLUEPRINT_INFEASIBLE, TYPE_CHANGED, SUBDECK_MOVED, MIXED_ARTICLES
)  # fmt: skip


def mixed_articles(
    deck: DeckDefinition,
    project: Project,
    built: Collection[str] = (),
    items: list[Question] | None = None,
) -> list[Diagnostic]:
    """QG808 for a deck holding items from articles its definition does not name; for a deck naming none,
    items new since the build whose lock knew the ids ``built`` that cite an article none of those cited.
    ``items``: the deck's items, when known (else selected here)."""
    named = set(deck.selection.sources)
    blueprint = deck.print_settings.blueprint
    if blueprint is not None:
        named |= {quota.value for quota in blueprint.quotas if quota.dimension == "sources"}
    if items is None:
        items = deck.select(project.bank.questions)
    if named:
        # A set's issuperset, not a generator per item: 100 decks of 1,000 items took 0.06 s.
        strays = [q for q in items if not named.issuperset(q.cites)]
        outside = sorted({s for q in strays for s in q.cites} - named)
        many = len(outside) > 1
        what = f"{'articles' if many else 'an article'} it does not name ({', '.join(outside)})"
        them, belong = ("them", "they belong") if many else ("it", "it belongs")
        advice = (
            f"add {them} to select.sources if {belong}, or narrow select (sources, tags) to keep {them} out"
        )
    else:
        held = {s for q in project.bank.questions if q.id in built for s in q.cites}
        if not held:
            return []  # a first build: the deck is what it selects
        strays = [q for q in items if q.id not in built and not held.issuperset(q.cites)]
        outside = sorted({s for q in strays for s in q.cites} - held)
        what = f"{'articles' if len(outside) > 1 else 'an article'} it did not hold ({', '.join(outside)})"
        advice = (
            "its definition names no article; name those it is about in select.sources, or select by tags"
        )
    if not strays:
        return []
    related = [
        Related(q.at("evidence"), f"{q.id} cites {', '.join(dict.fromkeys(q.cites))}") for q in strays[:10]
    ]
    more = f" (and {len(strays) - 10} more)" if len(strays) > 10 else ""
    message = f"deck {deck.stem!r} takes {len(strays)} item(s) from {what}{more}: {advice}"
    return [diag(MIXED_ARTICLES, deck.location, message, related=related)]
