"""The drafting extractors on small texts written for these tests."""

from __future__ import annotations

from quizgen.draft import meetings, quotes

TEXT = (
    "Ministers gathered on Monday.\n"
    "\n"
    "\u201cWe will not accept this plan under any circumstances,\u201d Harbour Authority spokeswoman Ada Quill "
    "said Tuesday. \u201cThe port belongs to the town and its people.\u201d\n"
    "\n"
    'Borin Vale, a local trader, said: "The new rules are ruining small shops like mine."\n'
    "\n"
    "\u201cNobody asked us before the fences went up,\u201d he added.\n"
    "\n"
    "The Harbour Authority said it would \u201creview every complaint within a month,\u201d and nothing more.\n"
)


def test_quotations_and_speakers() -> None:
    found = quotes.extract(TEXT)
    got = [(q.content.text.rstrip(",."), q.speaker.text, q.speaker_name, q.rule) for q in found]
    assert got == [
        (
            "We will not accept this plan under any circumstances",
            "Harbour Authority spokeswoman Ada Quill",
            "Ada Quill",
            "after-adjacent",
        ),
        (
            "The port belongs to the town and its people",
            "Harbour Authority spokeswoman Ada Quill",
            "Ada Quill",
            "continuation",
        ),
        ("The new rules are ruining small shops like mine", "Borin Vale", "Borin Vale", "before-adjacent"),
        ("Nobody asked us before the fences went up", "he", "Borin Vale", "after-adjacent"),
        ("review every complaint within a month", "Harbour Authority", "Harbour Authority", "before-clause"),
    ]
    # Offsets point into the untouched text.
    for q in found:
        assert TEXT[q.content.start : q.content.end] == q.content.text
        assert TEXT[q.speaker.start : q.speaker.end] == q.speaker.text
        assert TEXT[q.evidence.start : q.evidence.end] == q.evidence.text
    assert found[0].speaker_role == "Harbour Authority spokeswoman"


def test_quotation_spanning_paragraphs() -> None:
    text = (
        "\u201cThe first paragraph of a long statement runs on,\u201d Mira Osk said.\n"
        "\u201cIt keeps going into a second paragraph without a closing mark\n"
        "\u201cand ends in the third paragraph here.\u201d\n"
    )
    spans = quotes.find_quotes(text)
    assert [text[r.start : r.end] for r in spans][1:] == [
        "It keeps going into a second paragraph without a closing mark",
        "and ends in the third paragraph here.",
    ]
    assert spans[2].continued


def test_unattributed_and_short_quotes_are_left_out() -> None:
    assert quotes.extract("The so-called \u201cgreat wall\u201d of tariffs rose again.\n") == []


def test_meetings() -> None:
    text = (
        "The harbour chief, Ada Quill, met with visiting Trade Minister Olan Brisk in Portvale on Friday.\n"
        "It came after the meeting between Mayor Tessa Lind and Governor Ruben Holt in Eastmoor on Tuesday.\n"
    )
    found = meetings.extract(text)
    assert [(m.names, m.place.text if m.place else None, m.date.text if m.date else None) for m in found] == [
        (("Ada Quill", "Olan Brisk"), "Portvale", "Friday"),
        (("Tessa Lind", "Ruben Holt"), "Eastmoor", "Tuesday"),
    ]


def test_meeting_arguments_for_a_trigger() -> None:
    tokens = "Ada Quill met with Olan Brisk in Portvale .".split()
    participants, place = meetings.arguments(tokens, (2, 2))
    assert participants == [(0, 1), (4, 5)]
    assert place == (7, 7)
