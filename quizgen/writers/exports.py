"""The LMS exports by name: what a deck lists under ``exports:`` and ``quizgen build <name>`` builds.

Each entry names the writer (a pure function of an :class:`~quizgen.writers.lms.ExportDeck`), the file suffix
after the deck's stem, and the function saying why an item cannot be exported in that format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from quizgen.writers import blackboard, gift, moodle, qti12, qti21
from quizgen.writers.lms import ExportDeck, ExportItem


@dataclass(frozen=True, slots=True)
class Export:
    """One export format."""

    name: str
    """What decks and ``quizgen build`` call it."""
    suffix: str
    """Appended to the deck's stem: ``decks/<stem><suffix>``."""
    write: Callable[[ExportDeck], bytes]
    """The writer."""
    leaves_out: Callable[[ExportItem], str | None]
    """Why an item cannot go into this format (``None``: it can)."""
    what: str
    """One line for help texts and docs."""
    holds_every: bool = False
    """Whether the format holds every item (:attr:`leaves_out` never says why not): the build then does not
    ask it of each item (a call per item and format)."""
    start_write: Callable[[ExportDeck], Callable[[], bytes]] | None = None
    """For a zip: renders the files and returns a function waiting for :attr:`write`'s bytes, deflated
    meanwhile on a thread (:func:`~quizgen.writers.lms.start_zip`), so the build can render other formats."""

    def start(self, deck: ExportDeck) -> Callable[[], bytes]:
        """Begin writing ``deck``; the function returned gives :attr:`write`'s bytes."""
        if self.start_write is not None:
            return self.start_write(deck)
        data = self.write(deck)
        return lambda: data


EXPORTS: Mapping[str, Export] = {
    e.name: e
    for e in (
        Export(
            "moodle", ".moodle.xml", moodle.write, moodle.leaves_out, "Moodle XML (every item type)", True
        ),
        Export("gift", ".gift.txt", gift.write, gift.leaves_out, "GIFT for Moodle (one blank per cloze)"),
        Export(
            "qti12",
            ".qti12.zip",
            qti12.write,
            qti12.leaves_out,
            "QTI 1.2 for Canvas classic quizzes",
            True,
            qti12.start_write,
        ),
        Export(
            "qti21",
            ".qti21.zip",
            qti21.write,
            qti21.leaves_out,
            "QTI 2.1 content package",
            True,
        ),
        Export(
            "blackboard",
            ".blackboard.txt",
            blackboard.write,
            blackboard.leaves_out,
            "Blackboard upload text (one blank per cloze)",
        ),
    )
}
"""Every export, by name, in the order builds write them."""
