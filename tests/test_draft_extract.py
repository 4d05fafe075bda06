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


def test_roles() -> None:
    from quizgen.draft import roles

    text = (
        "Harbour Authority spokeswoman Ada Quill spoke first.\n"
        "Borin Vale, director of the Portvale Traders Association, disagreed.\n"
        "The town's Deputy Mayor, Tessa Lind, said nothing. But Governor Ruben Holt's aide left.\n"
    )
    found = [(r.name.text, r.role.text, r.rule) for r in roles.extract(text)]
    assert found == [
        ("Ada Quill", "Harbour Authority spokeswoman", "role-before"),
        ("Borin Vale", "director of the Portvale Traders Association", "appositive"),
        ("Tessa Lind", "Deputy Mayor", "role-comma"),
        ("Ruben Holt", "Governor", "role-before"),
    ]
    for r in roles.extract(text):
        assert text[r.role.start : r.role.end] == r.role.text


def test_dates() -> None:
    from quizgen.draft import dates

    text = "On Tuesday, and on June 13, 2017, and 3 July 2017, 2017-07-03, last week; not Mayday or Sundays."
    got = [(d.span.text, d.relative) for d in dates.extract(text)]
    assert got == [
        ("Tuesday", True),
        ("June 13, 2017", False),
        ("3 July 2017", False),
        ("2017-07-03", False),
        ("last week", True),
    ]


def test_find_words_is_whole_word_and_case_insensitive() -> None:
    from quizgen.draft import lexicon

    text = "The Spokesman and the spokesmanship; İstanbul minister."
    assert [text[s:e] for s, e in lexicon.find_words("roles", text)] == ["Spokesman", "minister"]


def test_more_cue_shapes() -> None:
    text = (
        "\u201cThe vote was rushed and nobody read the bill,\u201d Sen. Ada Quill (D-Ore.) said.\n"
        "\n"
        "Councillor Borin Vale scolded him: \u201cYou never asked the harbour workers at all.\u201d\n"
        "\n"
        "\u201cI would vote for the plan again tomorrow.\u201d \u2015 Tessa Lind\n"
        "\n"
        "Mayor Olan Brisk said in a statement, adding that the deal was \u201ca fair price for everyone.\u201d\n"
    )
    got = [(q.speaker.text, q.rule) for q in quotes.extract(text)]
    assert got == [
        ("Sen. Ada Quill", "after-adjacent"),
        ("Councillor Borin Vale", "before-adjacent"),
        ("Tessa Lind", "after-adjacent"),
        ("Mayor Olan Brisk", "before-clause"),
    ]


def test_more_meeting_shapes_and_where_the_place_attaches() -> None:
    text = (
        "Mayor Tessa Lind and Governor Ruben Holt held talks in Eastmoor on Monday.\n"
        "Ada Quill spoke by phone with Trade Minister Olan Brisk on Friday.\n"
        "Borin Vale met Ada Quill at the Portvale summit.\n"
        "Olan Brisk met with Tessa Lind, a rival of the traders in Kellby.\n"
        "Ruben Holt met Borin Vale after a long dispute over grain prices in Kellby.\n"
    )
    found = [(m.names, m.place.text if m.place else None, m.rule) for m in meetings.extract(text)]
    assert found == [
        (("Tessa Lind", "Ruben Holt"), "Eastmoor", "met-and"),
        (("Ada Quill", "Olan Brisk"), None, "met-with"),
        (("Borin Vale", "Ada Quill"), "Portvale", "met-with"),
        (("Olan Brisk", "Tessa Lind"), None, "met-with"),  # "in Kellby" belongs to the apposition
        (("Ruben Holt", "Borin Vale"), None, "met-with"),  # too far from the meeting to be its place
    ]


def test_meeting_arguments_without_a_full_rule() -> None:
    tokens = "In an interview with the Portvale Courier , Ada Quill said the port would open .".split()
    participants, place = meetings.arguments(tokens, (2, 2))
    assert participants == [(5, 6), (8, 9)]
    assert place is None
    tokens = "The Kellby Traders Association convened in Eastmoor on Monday .".split()
    participants, place = meetings.arguments(tokens, (4, 4))
    assert participants == [(1, 3)]  # "The" is no part of the name
    assert place == (6, 6)
    # A name right before a noun trigger only modifies it.
    tokens = "The Portvale telephone calls were recorded .".split()
    assert meetings.arguments(tokens, (2, 2)) == ([], None)


def test_he_and_she_skip_a_name_of_the_other_gender() -> None:
    text = (
        "\u201cThe harbour will reopen by spring,\u201d said Ada Quill, the port director.\n"
        "\u201cWe have not seen the budget yet,\u201d Borin Vale said.\n"
        "Ms. Quill dismissed the doubts.\n"
        "\u201cThe money is already in the accounts,\u201d she said.\n"
        "\u201cI will believe it when I see it,\u201d he said.\n"
    )
    found = [(q.speaker.text, q.speaker_name) for q in quotes.extract(text)]
    assert found[2:] == [("she", "Ada Quill"), ("he", "Borin Vale")]


def test_a_first_name_of_the_other_gender_is_passed_over() -> None:
    text = (
        "\u201cThe ferry timetable stays as it is,\u201d said John Vale, the harbour master.\n"
        "\u201cWe will review it in the autumn,\u201d said Mary Quill, his deputy.\n"
        "\u201cNobody has asked me about any review,\u201d he said.\n"
    )
    assert [(q.speaker.text, q.speaker_name) for q in quotes.extract(text)][2] == ("he", "John Vale")


def test_a_visited_place_is_no_meeting_but_a_visit_gives_the_place() -> None:
    text = (
        "Trade Minister Olan Brisk visited Portvale on Monday.\n"
        "During his visit to Portvale, Olan Brisk met with Mayor Tessa Lind.\n"
        "Governor Ruben Holt hosted U.S. Trade Representative Ada Quill.\n"
    )
    found = [(m.names, m.place.text if m.place else None) for m in meetings.extract(text)]
    assert found == [(("Olan Brisk", "Tessa Lind"), "Portvale"), (("Ruben Holt", "Ada Quill"), None)]


def test_meeting_arguments_keep_to_the_given_sentence() -> None:
    tokens = "Ada Quill urged calm in Portvale Tessa Lind met with Olan Brisk .".split()
    participants, place = meetings.arguments(tokens, (8, 8), sentence=(6, 12))
    assert participants == [(6, 7), (10, 11)]
    assert place is None  # "in Portvale" is in the sentence before


def test_it_refers_to_the_organisation_named_before() -> None:
    text = (
        "The Portvale Harbour Authority published its winter plan on Monday.\n"
        "\u201cNo ferry will be cancelled for lack of crews,\u201d it said.\n"
    )
    found = [(q.speaker.text, q.speaker_name, q.speaker_kind) for q in quotes.extract(text)]
    assert found == [("it", "Portvale Harbour Authority", "organisation")]


def test_he_refers_to_a_person_named_after_the_last_speaker() -> None:
    text = (
        "\u201cThe ferry timetable stays as it is,\u201d said Mary Quill, the harbour master.\n"
        "Later on Monday, Trade Minister John Vale arrived at the port.\n"
        "\u201cI have come to listen to the crews first,\u201d he said.\n"
    )
    assert [(q.speaker.text, q.speaker_name) for q in quotes.extract(text)][1] == ("he", "John Vale")


def _quoted(text: str) -> list[str]:
    return [text[r.start : r.end] for r in quotes.find_quotes(text)]


def test_every_common_quotation_style() -> None:
    """Each style is found, and a near miss of it (an apostrophe, an unpaired mark) gives no quotation."""
    found = {
        "curly": "\u201cThe port will reopen,\u201d she said.",
        "straight": '"The port will reopen," she said.',
        "two apostrophes (NYT)": "''The port will reopen,'' she said.",
        "backticks (TeX)": "``The port will reopen,'' she said.",
        "guillemets": "\u00ab The port will reopen, \u00bb she said.",
        "low and high (German)": "\u201eThe port will reopen,\u201c she said.",
        "low and high single": "\u201aThe port will reopen,\u2018 she said.",
        "curly single": "\u2018The port will reopen,\u2019 she said.",
        "straight single": "'The port will reopen,' she said.",
    }
    for style, text in found.items():
        assert _quoted(text) == ["The port will reopen,"], style
    missed = {
        "apostrophes in words": "Don't tell O'Brien the port won't reopen.",
        "curly apostrophes": "Don\u2019t tell O\u2019Brien the port won\u2019t reopen.",
        "a decade and an elision": "In the '90s they'd rock 'n' roll all night.",
        "a plural possessive": "The Joneses' boat and the harbour masters' office.",
        "a curly decade": "In the \u201990s the port closed.",
        "a lone two apostrophes": "The screen measured 27'' across.",
        "an unclosed single": "It's 'about time the port reopened.",
    }
    for style, text in missed.items():
        assert _quoted(text) == [], style


def test_nested_quotations_stay_inside() -> None:
    nyt = "''We were told to 'break the monopoly,' and we did,'' she said."
    assert _quoted(nyt) == ["We were told to 'break the monopoly,' and we did,"]
    # A single quotation closing right before the double one: three apostrophes.
    assert _quoted("''They called it 'the deal''' she said.") == ["They called it 'the deal'"]
    curly = "\u201cHe told me, \u2018The Joneses\u2019 boat is gone,\u2019 and left,\u201d she said."
    assert _quoted(curly) == ["He told me, \u2018The Joneses\u2019 boat is gone,\u2019 and left,"]
    british = "\u2018He said \u201cno\u201d twice,\u2019 she said."
    assert _quoted(british) == ["He said \u201cno\u201d twice,"]
    # A plural possessive inside a single quotation gives way to the real closing mark.
    assert _quoted("'The Joneses' boat is gone,' she said.") == ["The Joneses' boat is gone,"]


def test_a_quotation_in_two_apostrophes_is_attributed() -> None:
    text = "''The port will reopen in May,'' Harbour Authority spokeswoman Ada Quill said.\n"
    (q,) = quotes.extract(text)
    assert (q.content.text, q.speaker_name, q.rule) == (
        "The port will reopen in May,",
        "Ada Quill",
        "after-adjacent",
    )


def _speakers(text: str) -> list[tuple[str, str, str]]:
    return [(q.rule, q.speaker_name, q.speaker_kind) for q in quotes.extract(text)]


def test_speaker_as_the_learner_sees_it() -> None:
    # The recipient of an email is not its speaker.
    assert _speakers('An email to Borin Vale said the port was "closed until further notice."') == []
    # A document speaks for whoever issued it, not for the speaker quoted before.
    issued = (
        "\u201cThe port is closed,\u201d Borin Vale said.\n"
        "The Harbour Authority issued a statement on Friday.\n"
        "\u201cThe port is closed until further notice,\u201d the statement said.\n"
    )
    assert _speakers(issued)[1] == ("after-adjacent", "Harbour Authority", "organisation")
    same = 'The Harbour Authority issued a statement saying the port was "closed until further notice."'
    assert _speakers(same) == [("before-clause", "Harbour Authority", "organisation")]
    # With no issuer named, the statement is the previous speaker's.
    plain = (
        "\u201cThe port is closed,\u201d Borin Vale said.\n\u201cIt stays closed,\u201d the statement said.\n"
    )
    assert _speakers(plain)[1][1] == "Borin Vale"
    # A group noun stands for the organisation named before.
    group = 'The Harbour Trust called the plan a disgrace.\n"The port will not reopen," the group tweeted.\n'
    assert _speakers(group) == [("after-adjacent", "Harbour Trust", "organisation")]
    # A country speaks as an organisation (its government), never as a person.
    assert _speakers('"We will respond firmly," South Korea said.') == [
        ("after-adjacent", "South Korea", "organisation")
    ]
    # The writer speaks, not the outlet he writes for.
    assert _speakers('"The port will not reopen," wrote Cameron Easley for Morning Consult.')[0][1] == (
        "Cameron Easley"
    )
    # "he" is the first person of the nearest sentence naming one, not a place or a name inside a quotation.
    text = (
        "Mayor Tessa Lind opened the bridge in Portvale.\n"
        "Oliver Brisk spoke after her, in front of \u201cCaptain Ruben Holt\u201d fans.\n"
        "\u201cThe bridge will carry ten thousand cars a day,\u201d he said.\n"
    )
    assert _speakers(text) == [("after-adjacent", "Oliver Brisk", "person")]


def test_roundups_and_headings() -> None:
    assert _speakers('Ada Quill, Portvale Gazette: "The port will not reopen this year."') == [
        ("roundup", "Ada Quill", "person")
    ]
    assert _speakers('Ada Quill, harbour master: "The port will not reopen this year."') == [
        ("roundup", "Ada Quill", "person")
    ]
    assert _speakers('In Portvale, this week: "The port will not reopen this year."') == []
    # A Title-Case headline: its quotation is speech, its cue capitalised.
    assert _speakers('Harbour Chief Ada Quill Says "The Port Will Not Reopen"\n') == [
        ("before-clause", "Ada Quill", "person")
    ]
    # In running text, a quoted Title-Case name is a title, not speech.
    assert _speakers('Ada Quill said the show "Harbour Nights Live" would end.') == []


def test_answers_are_well_formed_names_of_a_kind() -> None:
    from quizgen.draft import places, roles
    from quizgen.draft.text import parse_phrase, well_formed

    assert not well_formed("Another", "person")  # a determiner
    assert not well_formed("John F.", "person")  # cut at a middle initial
    assert not well_formed("\u201dPresident Obama", "person")  # a quotation mark glued on
    assert not well_formed("South Korean", "person")  # a demonym
    assert well_formed("South Korea", "organisation") and well_formed("White House", "organisation")
    assert well_formed("Conan O'Brien", "person") and well_formed("Kim Kwan-jin", "person")
    # The tail of a title is not part of the name.
    phrase = parse_phrase("Secretary of State John Kerry")
    assert phrase is not None and (phrase.name, phrase.role) == ("John Kerry", "Secretary of State")
    # A name cut at its middle initial by the sentence splitter is mended.
    (q,) = quotes.extract('"The port will reopen in May," said John F. Kelly, the harbour master.')
    assert q.speaker_name == "John F. Kelly"
    # Each extraction says what kind its answer is, for distractors of the same kind.
    text = (
        '"The port will reopen in May," the Harbour Authority said.\n'
        "Mayor Tessa Lind met Governor Ruben Holt in Eastmoor on Tuesday.\n"
        "Harbour Authority spokeswoman Ada Quill spoke first.\n"
        "Troops were deployed in Eastmoor county.\n"
    )
    assert [q.answer_kind for q in quotes.extract(text)] == ["organisation"]
    assert [m.answer_kind for m in meetings.extract(text)] == ["person"]
    assert {r.answer_kind for r in roles.extract(text)} == {"post"}
    assert {p.answer_kind for p in places.extract(text)} == {"place"}
    # A demonym is no party to a meeting.
    assert meetings.extract("Mayor Tessa Lind met the South Korean on Tuesday.\n") == []


def test_meetings_with_words_between_the_verb_and_with() -> None:
    text = "Trade Minister Olan Brisk met in the afternoon with Mayor Tessa Lind in Portvale.\n"
    (m,) = meetings.extract(text)
    assert (m.names, m.place.text if m.place else None, m.rule) == (
        ("Olan Brisk", "Tessa Lind"),
        "Portvale",
        "met-with",
    )
    assert m.kinds == ("person", "person")
    # A clause boundary between them is not a meeting with the later name.
    assert meetings.extract("Olan Brisk met the press in Portvale, with Tessa Lind absent.\n") == []


def _filled(sentence: str, trigger: str) -> list[str]:
    tokens = sentence.split()
    i = tokens.index(trigger)
    participants, _ = meetings.arguments(tokens, (i, i))
    return [" ".join(tokens[s : e + 1]) for s, e in participants]


def test_meeting_arguments_beyond_names() -> None:
    assert _filled("Ada Quill and council convened to decide .", "convened") == ["Ada Quill", "council"]
    assert _filled("Hopes rose when delegates convene in Portvale .", "convene") == ["delegates"]
    assert _filled("Harbour officials expect they have to interview Quill again .", "interview") == [
        "Harbour officials",
        "Quill",
    ]
    assert _filled("Spokesman Olan Brisk said in an email that it was over .", "email") == [
        "Spokesman Olan Brisk"
    ]
    assert _filled("The mayor will convene a call with harbour officials on Friday .", "convene") == [
        "harbour officials"
    ]
    # A verb's object that is a thing, not a party, is left out.
    assert _filled("They negotiated a deal on Friday .", "negotiated") == ["They"]


def test_he_keeps_quoting_the_same_person_until_another_is_named() -> None:
    text = (
        "\u201cThe port will reopen in May,\u201d Harbour Authority chief Oliver Brisk said.\n"
        "\u201cEvery berth will be ready,\u201d he said.\n"
        "The harbour has been closed since the storm hit Eastmoor.\n"
        "\u201cWe are on schedule,\u201d he said.\n"
        "Governor Ruben Holt disagreed.\n"
        "\u201cNothing is on schedule,\u201d he said.\n"
    )
    assert [q.speaker_name for q in quotes.extract(text)] == [
        "Oliver Brisk",
        "Oliver Brisk",
        "Oliver Brisk",
        "Ruben Holt",
    ]


def test_cues_after_a_question_and_a_sentence_opening_according_to() -> None:
    text = "Harbour news.\n\u201cHow long must we wait?\u201d Ada Quill said. \u201cNobody knows.\u201d\n"
    first = quotes.extract(text)[0]
    assert (first.speaker_name, first.rule) == ("Ada Quill", "after-adjacent")
    text = "Harbour news.\nAccording to Ada Quill, \u201cthe port will reopen in May at the latest.\u201d\n"
    assert [(q.speaker_name, q.rule) for q in quotes.extract(text)] == [("Ada Quill", "before-clause")]


def test_he_is_the_subject_not_a_name_in_a_clause_or_a_headline_run() -> None:
    text = (
        "Gov. Chris Vale Calls Harbour Plan A Failure.\n"
        "While Mayor Ruben Holt praised the plan, harbour pilot Oliver Brisk attacked it.\n"
        "\u201cThe plan will sink the port,\u201d he said.\n"
        "Vale, who spoke after him, blasted the plan.\n"
        "\u201cIt is a failure,\u201d he said.\n"
    )
    assert [q.speaker_name for q in quotes.extract(text)] == ["Oliver Brisk", "Chris Vale"]


def test_a_sentence_opening_with_the_pronoun_keeps_its_person() -> None:
    text = (
        "\u201cThe port must reopen,\u201d Harbour chief Tessa Lind said.\n"
        "Critics say so too.\n"
        "She has faced questions since her meeting with the mayor's wife, Ada Quill, last week.\n"
        "\u201cNobody asked me about that meeting,\u201d she said.\n"
    )
    assert [q.speaker_name for q in quotes.extract(text)] == ["Tessa Lind", "Tessa Lind"]


def test_he_or_she_abstains_when_the_person_is_far_back_or_only_after_a_preposition() -> None:
    # Named in the sentence before: resolved.
    near = "Harbour news.\nGovernor Ruben Holt toured the docks.\n\u201cThe port must reopen soon,\u201d he said.\n"
    assert [(q.speaker_name, q.speaker_kind) for q in quotes.extract(near)] == [("Ruben Holt", "person")]
    # Named only long before (more than PRONOUN_REACH characters of other talk between): no name is guessed.
    filler = "The docks have been quiet for weeks and the boats stay tied up in the rain. " * 13
    far = near.replace("docks.\n", f"docks.\n{filler}\n")
    assert len(filler) > quotes.PRONOUN_REACH
    assert [(q.speaker_name, q.speaker_kind) for q in quotes.extract(far)] == [("he", "pronoun")]
    # The only man of the nearest sentence is one spoken to: "he" is someone else, so no name is guessed.
    spoken_to = (
        "Harbour news.\nThe crowd shouted at Ruben Holt.\n\u201cThe port must reopen soon,\u201d he said.\n"
    )
    assert [(q.speaker_name, q.speaker_kind) for q in quotes.extract(spoken_to)] == [("he", "pronoun")]


def test_they_stands_for_a_group_never_for_one_organisation() -> None:
    text = (
        "\u201cThe port will reopen in May,\u201d the Harbour Authority said.\n"
        "\u201cWe were never asked about it,\u201d they said.\n"
    )
    found = quotes.extract(text)
    assert [(q.speaker_name, q.speaker_kind) for q in found] == [
        ("Harbour Authority", "organisation"),
        ("they", "pronoun"),
    ]
    text = (
        "\u201cThe port will reopen in May,\u201d the Harbour Authority said.\n"
        "\u201cIt will reopen with new berths,\u201d it said.\n"
    )
    assert [q.speaker_name for q in quotes.extract(text)] == ["Harbour Authority", "Harbour Authority"]


def test_a_religious_adjective_names_no_person() -> None:
    from quizgen.draft.text import well_formed

    # Like a demonym, a religious adjective is no one's name ("one Greek Orthodox ... specified "Christian"").
    assert not well_formed("Greek Orthodox", "person") and not well_formed("Catholic", "person")
    assert quotes.extract('"We were never asked about the new fences," one Greek Orthodox said.\n') == []
    # Near miss: a person whose name holds no such word still speaks.
    (q,) = quotes.extract('"We were never asked about the new fences," Borin Vale said.\n')
    assert (q.speaker_name, q.speaker_kind) == ("Borin Vale", "person")


def test_a_plural_noun_is_no_speaker_name() -> None:
    from quizgen.draft.evaluate import predictions
    from quizgen.draft.text import plural_group

    assert plural_group("lawmakers") and plural_group("Republicans") and plural_group("Americans")
    assert not plural_group("mayor") and not plural_group("Borin Vale") and not plural_group("Ada Quill")
    assert not plural_group("Reuters") and not plural_group("Harbour Authority")
    # "Republicans" (the plural of a qualifier) is several people: a group, and no name a draft could ask for.
    text = (
        "A chorus of prominent Republicans has said the same thing: "
        '"Every trader deserves a fair hearing before the fences go up."\n'
        "\n"
        'The rules went too far, what several lawmakers called "a disgrace to the whole town".\n'
        "\n"
        '"The port will reopen in May after the repairs," the mayor said.\n'
    )
    found = quotes.extract(text)
    assert [(q.speaker_name, q.speaker_kind) for q in found] == [
        ("Republicans", "group"),
        ("several lawmakers", "group"),
        ("mayor", "group"),
    ]
    # The plural speakers make no name prediction; the singular "the mayor" still names one person.
    assert [p.resolved for p in predictions(found)] == ["", "", "mayor"]


def test_a_sentence_where_the_same_pronoun_speaks_is_about_that_person() -> None:
    # "she said" before the name: the sentence is still about the one "she" stands for, not about Tessa Lind.
    text = (
        "Ada Quill ran the harbour for ten years.\n"
        "\n"
        "Though the port did well, she said, replacing Tessa Lind would be hard.\n"
        "\n"
        '"We need a new plan for the whole town," she said.\n'
    )
    (q,) = quotes.extract(text)
    assert q.speaker_name == "Ada Quill"
    # Near miss: with no "she said" in it, the sentence's first woman is the one.
    (q,) = quotes.extract(text.replace(", she said,", ","))
    assert q.speaker_name == "Tessa Lind"


def test_where_a_meeting_was_beyond_the_words_after_it() -> None:
    text = (
        "Olan Brisk met Mayor Tessa Lind upon her arrival at the Harbour Summit in Portvale.\n"
        "As he headed to Eastmoor, Ruben Holt met with Governor Ada Quill.\n"
        "The dockers' union in Geneva said Borin Vale met with Mayor Mira Osk.\n"
        "Ines Dunn met with Governor Pavel Marr to discuss the war in Syria.\n"
        "Lena Cole met with Mayor Tomas Stave to discuss Geneva's port, not the Asia-Pacific trade.\n"
        "In a talk at his house in Kellby, Florida, Ruben Marr met with Governor Ines Holt.\n"
    )
    found = [(m.names[0], m.place.text if m.place else None, m.place_rule) for m in meetings.extract(text)]
    assert found == [
        ("Olan Brisk", "Portvale", "place-occasion"),  # not "Harbour", the first word after "at the"
        ("Ruben Holt", "Eastmoor", "place-journey"),
        ("Borin Vale", "Geneva", "place-known"),
        ("Ines Dunn", None, ""),  # the war's place, not the meeting's
        ("Lena Cole", None, ""),  # a possessive and the first part of a longer name are no place
        ("Ruben Marr", "Kellby, Florida", "place-known"),  # in the opening phrase; the state kept
    ]


def test_a_dateline_places_a_meeting_whose_sentence_names_no_place() -> None:
    text = "Port talks\nGENEVA (Reuters) - Olan Brisk met with Mayor Tessa Lind on Monday.\n"
    (m,) = meetings.extract(text)
    assert m.place is not None and (m.place.text, m.place_rule) == ("Geneva", "place-dateline")
    assert text[m.place.start : m.place.end] == "GENEVA"
    # A call has no place; an unknown word in capitals is no dateline; a place in the sentence comes first.
    assert meetings.extract(text.replace("met with", "spoke by phone with"))[0].place is None
    assert meetings.extract(text.replace("GENEVA", "UPDATE"))[0].place is None
    (m,) = meetings.extract(text.replace(" on Monday", " in Portvale"))
    assert m.place is not None and (m.place.text, m.place_rule) == ("Portvale", "place-after")


def test_meeting_arguments_of_names_with_ampersands_and_nouns_before_a_preposition() -> None:
    tokens = "During his interview with Fox & Friends , Ada Quill said the port would open .".split()
    participants, _ = meetings.arguments(tokens, (2, 2))
    assert participants == [(4, 6), (8, 9)]  # "Fox & Friends" whole, and the speaker
    tokens = "The donors to the Kellby & Vale Foundation will convene on Monday .".split()
    assert meetings.arguments(tokens, (9, 9))[0] == [(1, 1)]  # the donors, not the foundation
    tokens = "Ada Quill suspended her campaign Tuesday to attend the funeral in Portvale .".split()
    assert meetings.arguments(tokens, (9, 9)) == ([(0, 1)], (11, 11))


def test_the_fast_paths_find_what_the_plain_patterns_find() -> None:
    import re

    from quizgen.draft import lexicon

    # The role trie matches what the longest-first alternation matches, on every entry and a longer text.
    entries = [*lexicon.words("roles"), *lexicon.words("modifiers")]
    trie = re.compile(rf"(?:{meetings._trie(entries)})\b")
    plain = re.compile(rf"(?:{lexicon.alternation('roles')}|{lexicon.alternation('modifiers')})\b")
    for text in [*entries, *(e + " of state" for e in entries), "foreign minister of  state", "ministerial"]:
        got, want = trie.match(text), plain.match(text)
        assert (got and got.group()) == (want and want.group()), text
    # A phrase with two spaces inside still opens the sentence to the rules.
    (m,) = meetings.extract("Mayor Tessa Lind and Governor Ruben Holt held  talks in Eastmoor.\n")
    assert m.names == ("Tessa Lind", "Ruben Holt")
    # A party starts a word: "Donald" inside "McDonald" is none.
    assert [m.names for m in meetings.extract("Ada McDonald met with Olan Brisk.\n")] == [
        ("Ada McDonald", "Olan Brisk")
    ]


def test_meeting_arguments_of_a_later_clause_and_a_gerund() -> None:
    # The subject of a later clause does what its object, a meeting noun, names.
    tokens = "The deal collapsed and the Kellby Council and Eastmoor have cut off formal talks .".split()
    assert meetings.arguments(tokens, (13, 13))[0] == [(5, 6), (8, 8)]
    # A gerund takes an object ("negotiating X's exit"); "the meeting" is a noun and takes none.
    tokens = "The leaders are expected to play hardball in negotiating Eastmoor 's exit .".split()
    assert meetings.arguments(tokens, (8, 8))[0] == [(9, 9)]
    tokens = "The leaders left the meeting Eastmoor had called .".split()
    assert meetings.arguments(tokens, (4, 4))[0] == []
