"""A deterministic generator of a synthetic quizgen project, for benchmarks.

``python benchmarks/corpus.py OUT_DIR --articles N --questions M --seed S`` writes ``OUT_DIR/seeds/*.txt``,
``OUT_DIR/seeds/sources.yaml`` and ``OUT_DIR/question_bank/bank-NNNN.yaml`` (1,000 questions a file), plus
``OUT_DIR/corpus.json`` (the parameters and what was generated).

Articles are 15-40 lines (paragraphs), 3-6 KB, of English-like sentences with people, roles, places, numbers,
dates and quotations. Some articles set quotations with curly quotes and apostrophes, some use ``--`` or
em/en dashes, some put no-break spaces in numbers and dates, so that the checks' normalisation has work to
do. Every article has a headline and byline (declared as furniture, with ``headline_line`` and usually
``published_line``), a photo-caption line and a footer line declared as furniture, and some a "Related:" link.

Questions (mcq with 3 distractors, short with aliases, true-false true and false with ``correction``, cloze
with ``{{c1::...}}``) are built from the facts of the sentences, with 1-2 evidence quotes copied from the
article they cite (sometimes "retyped" with straight quotes and plain spaces), so that they should check
clean. About half are approved with a correct review hash (:func:`quizgen.review.review_hash`), ~1% are
retired, the rest are drafts.

Decks: ``OUT_DIR/decks/course-NNNN.yaml``, one per ``--articles-per-deck`` articles (default 100, ~1,000
items, as a course; 0 writes none), each taking the draft and approved items citing its articles.

Relation density (generator version 2, issue 18). Version 1 drew every article's quotations, decisions,
meeting places and false statements from small shared pools (18 actions, 90 capitals, ~2,500 quotations,
"refused to"/"did not meet" false statements) and wrote no decks, so relation analysis (QG901-905, per deck or
over the whole bank without decks) related items of unrelated stories: 1,452 leaks per 1,000 items at 10,000
items and 1.47 million at 100,000 (growing with the square of the bank), against 755 per 1,000 on the shipped
94-item bank, which is one story. No real bank looks like that, so the check timings measured an input
nobody has. Version 2 corrects the input, it does not weaken the benchmark: every article has six place
names of its own (``Vocab.places``, drawn from the seed, never shared), its meetings happen there, its
quotations and decisions name its own site or project, and its false statements differ from the truth in one
of its own words; items cite only their own article (as before); and the items are split into decks as a
team would. Measured with version 2 (``--articles-per-deck 0``, 10,000 items as one bank): 219 leaks, 51
same-fact groups and 27 eliminations per 1,000 items; the shipped bank: 755, 160 and 745. The timed sides of
``check.py`` are unchanged, and the check still runs every rule, relations included, on every item.

Only the standard library and quizgen itself are used; the output depends only on the arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from quizgen.core.diagnostics import Location
from quizgen.core.model import Evidence, Question, QuestionType, Review, ReviewStatus
from quizgen.core.review_hash import review_hash

GENERATOR_VERSION = 2
"""Bumped whenever the output changes; check.py also keys its cache on this file's hash."""
QUESTIONS_PER_FILE = 1000
TYPE_WEIGHTS = {"mcq": 0.35, "short": 0.30, "tf": 0.20, "cloze": 0.15}
"""Target share of each question type (true-false split evenly between true and false statements)."""
APPROVED_SHARE = 0.5
RETIRED_SHARE = 0.01
SECOND_EVIDENCE_SHARE = 0.25
ARTICLES_PER_DECK = 100
"""Articles per deck (``decks/course-NNNN.yaml``, ~1,000 items each, as a course); relations are per deck."""
DECK_ID_BASE = 1_900_000_000_000
RETYPED_SHARE = 0.3
"""Share of evidence quotes retyped with straight quotes and plain spaces instead of copied verbatim."""

# --------------------------------------------------------------------------------------------------------------
# Vocabulary

FIRST_NAMES = (
    "Ana Pablo Maria Jorge Luis Elena Tomas Ines Marta Carlos Sofia Diego Lucia Andres Paula Rafael Clara Hugo "
    "Irene Mateo Nadia Omar Leila Samir Yuki Kenji Mei Wei Anil Priya Ravi Olga Igor Anna Pieter Greta Lars "
    "Ingrid Jonas Erik Amara Kofi Ama Tariq Farah Hassan Selin Emre Dilan Nikos Eleni Marco Giulia Franco "
    "Chiara Petra Tomasz Zofia Dmitri Hana Aiko Noor Layla Karim Rania Joao Beatriz Miguel Camila Valeria "
    "Esteban Lorena Felipe Rosa Victor Helena Simon Agnes Bruno Alma Teodor Vera Oskar Lena Milan Dorota"
).split()

CITIES = (
    "Lisbon Porto Madrid Seville Valencia Lyon Marseille Geneva Vienna Prague Warsaw Krakow Vilnius Riga "
    "Tallinn Helsinki Oslo Bergen Stockholm Copenhagen Hamburg Rotterdam Antwerp Dublin Cork Reykjavik Athens "
    "Thessaloniki Bucharest Belgrade Zagreb Ljubljana Trieste Naples Palermo Valletta Tunis Rabat Dakar "
    "Accra Lagos Nairobi Mombasa Kampala Lusaka Maputo Durban Windhoek Cairo Amman Muscat Doha Baku Tbilisi "
    "Yerevan Almaty Tashkent Karachi Lahore Colombo Chennai Dhaka Yangon Hanoi Manila Jakarta Surabaya Darwin "
    "Perth Adelaide Auckland Suva Lima Quito Bogota Caracas Montevideo Asuncion Santiago Valparaiso Recife "
    "Havana Kingston Halifax Vancouver"
).split()

COUNTRIES = (
    ("Portugal", "Portuguese"),
    ("Chile", "Chilean"),
    ("Peru", "Peruvian"),
    ("Spain", "Spanish"),
    ("France", "French"),
    ("Norway", "Norwegian"),
    ("Sweden", "Swedish"),
    ("Finland", "Finnish"),
    ("Poland", "Polish"),
    ("Greece", "Greek"),
    ("Italy", "Italian"),
    ("Austria", "Austrian"),
    ("Ireland", "Irish"),
    ("Iceland", "Icelandic"),
    ("Morocco", "Moroccan"),
    ("Senegal", "Senegalese"),
    ("Ghana", "Ghanaian"),
    ("Kenya", "Kenyan"),
    ("Egypt", "Egyptian"),
    ("Jordan", "Jordanian"),
    ("Oman", "Omani"),
    ("Georgia", "Georgian"),
    ("Armenia", "Armenian"),
    ("Kazakhstan", "Kazakh"),
    ("Pakistan", "Pakistani"),
    ("Vietnam", "Vietnamese"),
    ("Indonesia", "Indonesian"),
    ("Australia", "Australian"),
    ("Fiji", "Fijian"),
    ("Ecuador", "Ecuadorian"),
    ("Colombia", "Colombian"),
    ("Uruguay", "Uruguayan"),
    ("Paraguay", "Paraguayan"),
    ("Brazil", "Brazilian"),
    ("Cuba", "Cuban"),
    ("Jamaica", "Jamaican"),
    ("Canada", "Canadian"),
    ("Latvia", "Latvian"),
    ("Estonia", "Estonian"),
    ("Croatia", "Croatian"),
)

OFFICES = (
    "Foreign Minister",
    "Trade Minister",
    "Defence Minister",
    "Finance Minister",
    "Energy Minister",
    "Interior Minister",
    "Health Minister",
    "Agriculture Minister",
    "Transport Minister",
    "Fisheries Minister",
    "Prime Minister",
    "President",
    "ambassador",
    "envoy",
    "Deputy Foreign Minister",
)

ORG_WORDS_A = (
    "Regional National Northern Southern Eastern Western Coastal Central Atlantic Pacific Baltic".split()
)
ORG_WORDS_B = (
    "Fisheries Grain Energy Shipping Water Rail Ports Forestry Mining Textile Dairy Coffee Tourism Labour Climate"
).split()
ORG_WORDS_C = "Council Agency Board Authority Commission Institute Union Alliance Federation Office".split()

VARIANT_ORGS = (
    ("Maritime Safety Organisation", "Maritime Safety Organization", "MSO"),
    ("South Pacific Fisheries Accord", "South Pacific Fishing Accord", "SPFA"),
    ("Central Asian Railway Authority", "Central Asia Railway Authority", "CARA"),
)
"""Organisations spelled two ways across articles (declared in the catalogue's ``variants``)."""

TOPICS = (
    "fisheries quotas",
    "port security",
    "grain exports",
    "a new rail link",
    "water rights along the border",
    "electricity prices",
    "visa rules for students",
    "the copper trade",
    "coastal patrols",
    "tariffs on steel",
    "a joint research fund",
    "migration routes",
    "the pipeline project",
    "fertiliser supplies",
    "shipping lanes in the strait",
    "flood defences",
    "a customs union",
    "wheat reserves",
    "the drought response",
    "offshore wind farms",
)

ACTIONS = (
    "suspend grain shipments to the north",
    "open two new border crossings",
    "cut import duties on fertiliser",
    "share satellite data on storms",
    "fund a study of the river basin",
    "release emergency wheat reserves",
    "extend the fishing ban along the coast",
    "raise the minimum wage for dock workers",
    "build a power line across the mountains",
    "review the licences of foreign trawlers",
    "delay the vote on the port concession",
    "recall its envoy for consultations",
    "double funding for flood defences",
    "lift the ban on cattle exports",
    "publish the full text of the treaty",
    "send inspectors to the mining region",
    "freeze fuel prices for farmers",
    "reopen the consulate in the capital",
)

THINGS = (
    ("fishing boats", "registered"),
    ("tonnes of wheat", "exported"),
    ("containers", "inspected"),
    ("visas", "issued"),
    ("new homes", "connected to the grid"),
    ("migrants", "registered"),
    ("trucks", "turned back at the border"),
    ("jobs", "created"),
    ("hectares of forest", "replanted"),
    ("tourists", "recorded"),
)

AGREEMENTS = (
    "fisheries agreement",
    "grain agreement",
    "border accord",
    "energy pact",
    "customs agreement",
    "water-sharing treaty",
    "shipping accord",
    "rail agreement",
)

PLACES_PER_ARTICLE = 6
DECISION_VERBS = "fund delay review suspend extend cancel inspect expand close rebuild audit sell".split()
TOWN_SUFFIXES = ("Bay", "Falls", "Harbour", "Springs", "Valley", "Point", "Crossing", "Ridge")
"""Local place names are a made-up name and one of these (``Molbeck Falls``), never a person's name alone."""

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = ("January February March April May June July August September October November December").split()

# Quotation parts: many combinations keep each quotation (nearly) unique across 10,000 articles.
Q_VERBS = (
    "protect defend rebuild share expand review strengthen modernise secure restore finance monitor reform "
    "open protect extend"
).split()
Q_ADJS = (
    "southern northern coastal fragile vital shared ageing regional neglected strategic valuable crowded "
    "remote historic growing struggling"
).split()
Q_NOUNS = tuple(
    "fish stocks|ports|rail network|river basin|harbours|power grid|border towns|farms|forests|fishing fleet|"
    "water supply|trade routes|supply chains|power plants|grain stores|schools|clinics|roads".split("|")
)
Q_ADVERBIALS = (
    "together",
    "for the next generation",
    "whatever the cost",
    "as quickly as we can",
    "with our neighbours",
    "step by step",
    "before the winter",
    "in every province",
    "for our workers",
    "without delay",
    "with full transparency",
    "for decades to come",
)
Q_GROUPS = "farmers fishermen families workers exporters students pensioners traders villagers".split()
Q_EVALS = "a turning point|good news|a serious test|an opportunity|a warning|a fair deal|a real risk".split(
    "|"
)
Q_PASTP = "reviewed|protected|rebuilt|shared|monitored|reformed|defended|financed".split("|")
Q_REGIONS = (
    "the north|the south|the valley|the delta|the highlands|the islands|the capital|the border region".split(
        "|"
    )
)

FILLER_ADJS = "constructive difficult frank productive tense cordial useful long slow careful".split()
FILLER_GROUPS = (
    "opposition lawmakers|business groups|trade unions|environmental groups|farmers' associations".split("|")
)
OUTLETS = (
    "The Harbour Times",
    "Daily Meridian",
    "Coastal Herald",
    "The Capital Ledger",
    "Northern Courier",
    "World Wire Service",
    "Evening Observer",
    "The Continental",
)
REVIEWERS = ("Ana Lee", "Tom Park", "Rosa Diaz", "Sam Okafor", "Mia Chen")
HEADLINE_VERBS = ("agree on", "clash over", "hold talks on", "sign deal on", "split over", "review")

_YAML_WORDS = frozenset("y yes n no true false on off null ~".split())
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;?!'()/-]*[A-Za-z0-9.?!)]|[A-Za-z]")
_FLOW_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .'-]*[A-Za-z0-9.]|[A-Za-z]")
_RETYPE = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2019": "'", "\u00a0": " ", "\u202f": " "})


def _surnames(rng: Random, n: int, banned: set[str]) -> list[str]:
    """Made-up surnames (``Varenko``, ``Molbeck``...): many, so that names rarely repeat across articles."""
    onsets = "B C D F G H K L M N P R S T V Z Br Dr Gr Kr St Tr Ch Sh Bl Kl".split()
    vowels = "a e i o u a e o ia ei ou".split()
    middles = [*"n r l s m k nd rt lt sk v d b".split(), ""]
    endings = "ov ez ini ard berg sen ski ulu ato ewa ani ic ora enko eck ardt is an el".split()
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        name = rng.choice(onsets) + rng.choice(vowels) + rng.choice(middles) + rng.choice(endings)
        if rng.random() < 0.3:
            name = rng.choice(onsets) + rng.choice(vowels) + rng.choice(middles).lower() + name.lower()
        if len(name) < 5 or name in seen or name.lower() in banned:
            continue
        seen.add(name)
        out.append(name)
    return out


def _orgs(rng: Random) -> list[tuple[str, str]]:
    """Organisations with unique abbreviations, one spelling each."""
    out: list[tuple[str, str]] = []
    abbreviations = {a for _, _, a in VARIANT_ORGS}
    names = [(a, b, c) for a in ORG_WORDS_A for b in ORG_WORDS_B for c in ORG_WORDS_C]
    rng.shuffle(names)
    for a, b, c in names:
        abbreviation = a[0] + b[0] + c[0]
        if abbreviation in abbreviations:
            continue
        abbreviations.add(abbreviation)
        out.append((f"{a} {b} {c}", abbreviation))
    return out


# --------------------------------------------------------------------------------------------------------------
# Article model


@dataclass(frozen=True, slots=True)
class Style:
    """How an article sets quotes, apostrophes, dashes and spaces."""

    lq: str
    rq: str
    apos: str
    dash: str
    nb: str
    """The space between a number and its unit, and inside dates."""


@dataclass(slots=True)
class Person:
    first: str
    last: str
    adj: str
    office: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def role(self) -> str:
        return f"{self.adj} {self.office}"


@dataclass(slots=True)
class Candidate:
    """A question that a fact of an article supports, built on demand."""

    kind: str
    """mcq, short, tf or cloze."""
    build: Callable[[], dict[str, object] | None]


@dataclass(slots=True)
class Sentence:
    text: str
    fact: bool
    persons: list[Person] = field(default_factory=list)


@dataclass(slots=True)
class ArticleDraft:
    id: str
    lines: list[str]
    sentences: list[Sentence]
    candidates: list[Candidate]
    catalogue: str


class Vocab:
    """The shared pools, built once per seed."""

    def __init__(self, rng: Random, articles: int = 0) -> None:
        banned = {w.lower() for w in (*FIRST_NAMES, *CITIES, *(c for pair in COUNTRIES for c in pair))}
        self.surnames = _surnames(rng, 3000, banned)
        # Six place names of its own for every article, none a person's surname: a story's places are its own.
        self.places = _surnames(
            rng, PLACES_PER_ARTICLE * articles, banned | {n.lower() for n in self.surnames}
        )
        self.orgs = _orgs(rng)
        self.org_years = {abbr: rng.randint(1948, 2015) for _, abbr in self.orgs}


# --------------------------------------------------------------------------------------------------------------
# Helpers


def _fold(text: str) -> str:
    return " ".join(
        text.translate(_RETYPE).replace("\u2014", " - ").replace("\u2013", " - ").split()
    ).casefold()


def _occurs(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` on word boundaries, both compared folded."""
    h, n = _fold(haystack), _fold(needle)
    if not n:
        return False
    i = h.find(n)
    while i >= 0:
        j = i + len(n)
        if (i == 0 or not _word_char(h[i - 1])) and (j == len(h) or not _word_char(h[j])):
            return True
        i = h.find(n, i + 1)
    return False


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _number_words(text: str) -> set[str]:
    return set(re.findall(r"\d+", text))


def _number(rng: Random, low: int, high: int) -> int:
    return rng.randint(low, high)


def _fmt(n: int) -> str:
    return f"{n:,}"


def _deletion(text: str, part: str, number: int = 1) -> str | None:
    """``text`` with the single occurrence of ``part`` made a cloze deletion, or None if it is not single."""
    if text.count(part) != 1:
        return None
    rest = text.replace(part, " ")
    if _occurs(rest, part):
        return None
    return text.replace(part, f"{{{{c{number}::{part}}}}}")


# --------------------------------------------------------------------------------------------------------------
# Article generation


class ArticleBuilder:
    """Builds one article: its text, catalogue entry and the question candidates of its facts."""

    def __init__(self, rng: Random, vocab: Vocab, article_id: str, index: int) -> None:
        self.rng = rng
        self.vocab = vocab
        self.id = article_id
        self.index = index
        r = rng.random()
        curly = r < 0.4
        dash = rng.choice(["--", " -- ", "\u2014", " \u2013 ", ", "])
        nb = rng.choice([" ", " ", "\u00a0", "\u00a0", "\u202f"])
        self.style = Style(
            "\u201c" if curly else '"', "\u201d" if curly else '"', "\u2019" if curly else "'", dash, nb
        )
        firsts = rng.sample(FIRST_NAMES, 10)
        lasts = rng.sample(vocab.surnames, 10)
        countries = rng.sample(COUNTRIES, 6)
        self.countries = countries
        offices = rng.sample(OFFICES, 10)  # one post per person, and no two people in the same post
        self.persons = [
            Person(f, last, rng.choice(countries)[1], office)
            for f, last, office in zip(firsts, lasts, offices, strict=True)
        ]
        # Two well-known cities shared with other articles, four local places of this story only.
        towns = vocab.places[PLACES_PER_ARTICLE * index : PLACES_PER_ARTICLE * (index + 1)]
        self.cities = [*rng.sample(CITIES, 2), *(f"{t} {rng.choice(TOWN_SUFFIXES)}" for t in towns[:4])]
        # Words of this story only: its own site, project and group (drawn from the seed like everything
        # else), which its quotations and decisions name, as a real story's do.
        self.site, self.project_name = towns[4:]
        self.local_group = rng.choice(Q_GROUPS)
        self.sentences: list[Sentence] = []
        self.candidates: list[Candidate] = []

    # ---- facts -------------------------------------------------------------------------------------------------

    def _meet(self) -> Sentence:
        rng, st = self.rng, self.style
        p1, p2 = rng.sample(self.persons, 2)
        city = rng.choice(self.cities[2:])  # meetings happen in the story's own places
        day = rng.choice(WEEKDAYS)
        topic = rng.choice(TOPICS)
        tail = ""
        if rng.random() < 0.4:
            extra = rng.choice(
                ["their third meeting this year", "a sign of warming ties", "days before a regional summit"]
            )
            tail = f"{st.dash}{extra}" if st.dash != ", " else f", {extra}"
        clause = f"{p1.name} met {p2.role} {p2.name} in {city} on {day}"
        text = f"{p1.adj} {p1.office} {clause} to discuss {topic}{tail}."
        s = Sentence(text, True, [p1, p2])

        def where_short() -> dict[str, object] | None:
            return self._q(
                "short", "where", f"In which city did {p1.name} meet {p2.name} to discuss {topic}?", s, city
            )

        def where_mcq() -> dict[str, object] | None:
            return self._q(
                "mcq",
                "where",
                f"In which city did {p1.name} meet {p2.name} to discuss {topic}?",
                s,
                city,
                distractors=self._pick(self.cities, 3, s.text, city),
            )

        def met_mcq() -> dict[str, object] | None:
            return self._q(
                "mcq",
                "met",
                f"Whom did {p1.name} meet in {city} on {day}?",
                s,
                p2.name,
                quote=clause if rng.random() < 0.3 else None,
                distractors=self._names(3, s.text, p2),
            )

        def when_short() -> dict[str, object] | None:
            return self._q(
                "short",
                "when",
                f"On which day of the week did {p1.name} meet {p2.name} in {city}?",
                s,
                day,
                quote=clause if rng.random() < 0.3 else None,
            )

        def role_short() -> dict[str, object] | None:
            return self._q(
                "short", "role", f"What post does {p1.name} hold?", s, p1.role, aliases=[p1.office]
            )

        def role_mcq() -> dict[str, object] | None:
            adjs = [a for _, a in COUNTRIES]
            wrong = [f"{a} {p2.office}" for a in adjs]
            return self._q(
                "mcq",
                "role",
                f"Which post does {p2.name} hold?",
                s,
                p2.role,
                distractors=self._pick(wrong, 3, s.text, p2.role),
            )

        def tf_true() -> dict[str, object] | None:
            return self._q("tf", "met", f"{p1.name} met {p2.name} in {city}.", s, True)

        def tf_false() -> dict[str, object] | None:
            # The wrong place is one of this story's own (as a confused reader would write), not a negation
            # or a city of any story: a false statement that differs only in a word every story prints
            # ("did not", a capital) is "answered" by the whole bank's statements.
            other = self._pick(self.cities, 1, s.text, city)
            if not other or self._stated(f"{p1.name} met {p2.name} in {other[0]}"):
                return None
            statement = f"{p1.name} met {p2.name} in {other[0]}."
            return self._q(
                "tf", "where", statement, s, False, correction=f"{p1.name} met {p2.name} in {city}."
            )

        def cloze_city() -> dict[str, object] | None:
            base = clause if rng.random() < 0.4 else s.text
            return self._cloze("where", base, city, s)

        def cloze_person() -> dict[str, object] | None:
            return self._cloze("met", s.text, p2.name, s)

        for kind, fn in (
            ("short", where_short),
            ("mcq", where_mcq),
            ("mcq", met_mcq),
            ("short", when_short),
            ("short", role_short),
            ("mcq", role_mcq),
            ("tf", tf_true),
            ("tf", tf_false),
            ("cloze", cloze_city),
            ("cloze", cloze_person),
        ):
            self.candidates.append(Candidate(kind, fn))
        return s

    def _quotation(self) -> str:
        rng = self.rng
        form = rng.randrange(6)
        if form == 0:
            q = f"We will {rng.choice(Q_VERBS)} the {rng.choice(Q_ADJS)} {rng.choice(Q_NOUNS)} "
            q += f"in {self.site} {rng.choice(Q_ADVERBIALS)}"
        elif form == 1:
            q = f"This {rng.choice(['deal', 'plan', 'agreement', 'decision', 'budget'])} is "
            q += f"{rng.choice(Q_EVALS)} for the {rng.choice(Q_ADJS)} {self.local_group} of {self.site}"
        elif form == 2:
            q = f"Our {rng.choice(Q_GROUPS)} cannot accept the {self.project_name} plan for "
            q += f"{rng.choice(Q_ADJS)} {rng.choice(Q_NOUNS)}"
        elif form == 3:
            q = f"The {rng.choice(Q_ADJS)} {rng.choice(Q_NOUNS)} of {self.site} must be {rng.choice(Q_PASTP)} "
            q += rng.choice(Q_ADVERBIALS)
        elif form == 4:
            q = f"Nobody in {self.site} wants {rng.choice(Q_ADJS)} {rng.choice(Q_NOUNS)} in {rng.choice(Q_REGIONS)}"
        else:
            q = f"We have to {rng.choice(Q_VERBS)} our {rng.choice(Q_NOUNS)} and "
            q += f"{rng.choice(Q_VERBS)} the {self.project_name} {rng.choice(Q_NOUNS)}"
        return q

    def _quote(self) -> Sentence:
        rng, st = self.rng, self.style
        p = rng.choice(self.persons)
        q = self._quotation()
        if rng.random() < 0.5:
            when = rng.choice(
                [
                    "on Tuesday",
                    "after the meeting",
                    "in a statement",
                    f"at a news conference in {self.cities[0]}",
                ]
            )
            text = f"{st.lq}{q},{st.rq} {p.role} {p.name} said {when}."
            cloze_base = text
        else:
            text = f"{st.lq}{q},{st.rq} said {p.name}, the {p.role}."
            cloze_base = text
        s = Sentence(text, True, [p])
        prompt = f'Who said "{q}"?'

        def who_mcq() -> dict[str, object] | None:
            return self._q("mcq", "who-said", prompt, s, p.name, distractors=self._names(3, s.text, p))

        def who_short() -> dict[str, object] | None:
            return self._q("short", "who-said", prompt, s, p.name, aliases=[p.last])

        def tf_true() -> dict[str, object] | None:
            return self._q("tf", "who-said", f'{p.name} said "{q}."', s, True)

        def tf_false() -> dict[str, object] | None:
            other = self._names(1, s.text, p)
            if not other:
                return None
            return self._q(
                "tf", "who-said", f'{other[0]} said "{q}."', s, False, correction=f'{p.name} said "{q}."'
            )

        def cloze() -> dict[str, object] | None:
            return self._cloze("who-said", cloze_base, p.name, s)

        for kind, fn in (
            ("mcq", who_mcq),
            ("mcq", who_mcq),
            ("short", who_short),
            ("tf", tf_true),
            ("tf", tf_false),
            ("cloze", cloze),
        ):
            self.candidates.append(Candidate(kind, fn))
        return s

    def _figure(self) -> Sentence:
        rng, st = self.rng, self.style
        org, _ = rng.choice(self.vocab.orgs)
        things, verb = rng.choice(THINGS)
        city = rng.choice(self.cities)
        month = rng.choice(MONTHS)
        n = _number(rng, 120, 48000)
        before = _number(rng, 100, 50000)
        while before == n:
            before = _number(rng, 100, 50000)
        clause = f"{_fmt(n)}{st.nb}{things} were {verb} in {city} in {month}"
        text = f"Figures from the {org} show that {clause}, up from {_fmt(before)} a year earlier."
        s = Sentence(text, True)
        prompt = f"How many {things} were {verb} in {city} in {month}, according to the {org}?"

        def wrong(k: int) -> list[str]:
            out: list[str] = []
            for _ in range(50):
                m = _fmt(int(n * rng.uniform(0.55, 1.6)))
                if (
                    m not in out
                    and m != _fmt(n)
                    and not _occurs(s.text, m)
                    and not _occurs(_fmt(n), m)
                    and not _occurs(m, _fmt(n))
                    # a false statement must differ from the evidence in a word: not all digit groups present
                    and not _number_words(m) <= _number_words(s.text)
                ):
                    out.append(m)
                if len(out) == k:
                    return out
            return []

        def short() -> dict[str, object] | None:
            return self._q("short", "what", prompt, s, _fmt(n))

        def mcq() -> dict[str, object] | None:
            return self._q("mcq", "what", prompt, s, _fmt(n), distractors=wrong(3))

        def tf_true() -> dict[str, object] | None:
            return self._q(
                "tf", "what", f"In {month}, {_fmt(n)} {things} were {verb} in {city}.", s, True, quote=clause
            )

        def tf_false() -> dict[str, object] | None:
            other = wrong(1)
            if not other:
                return None
            return self._q(
                "tf",
                "what",
                f"In {month}, {other[0]} {things} were {verb} in {city}.",
                s,
                False,
                correction=f"In {month}, {_fmt(n)} {things} were {verb} in {city}.",
            )

        def cloze() -> dict[str, object] | None:
            return self._cloze("what", clause if rng.random() < 0.5 else s.text, _fmt(n), s)

        for kind, fn in (("short", short), ("mcq", mcq), ("tf", tf_true), ("tf", tf_false), ("cloze", cloze)):
            self.candidates.append(Candidate(kind, fn))
        return s

    def _date(self) -> Sentence:
        rng, st = self.rng, self.style
        c1, c2 = rng.sample(self.countries, 2)
        agreement = f"{rng.choice(AGREEMENTS)} between {c1[0]} and {c2[0]}"
        month = rng.choice(MONTHS)
        day = rng.randint(1, 28)
        year = rng.randint(2024, 2028)
        city = rng.choice(self.cities)
        written = f"{month}{st.nb}{day}, {year}"
        typed = f"{month} {day}, {year}"
        text = f"The {agreement} will take effect on {written}, officials in {city} said."
        s = Sentence(text, True)
        prompt = f"When will the {agreement} take effect?"

        def wrong(k: int) -> list[str]:
            out: list[str] = []
            for _ in range(50):
                m = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}"
                if m not in out and m != typed and not _occurs(s.text, m):
                    out.append(m)
                if len(out) == k:
                    return out
            return []

        def short() -> dict[str, object] | None:
            return self._q("short", "when", prompt, s, typed)

        def mcq() -> dict[str, object] | None:
            return self._q("mcq", "when", prompt, s, typed, distractors=wrong(3))

        def tf_true() -> dict[str, object] | None:
            return self._q("tf", "when", f"The {agreement} will take effect on {typed}.", s, True)

        def tf_false() -> dict[str, object] | None:
            other = [m for m in MONTHS if m != month and not _occurs(s.text, m)]
            return self._q(
                "tf",
                "when",
                f"The {agreement} will take effect in {rng.choice(other)} {year}.",
                s,
                False,
                correction=f"The {agreement} will take effect on {typed}.",
            )

        def cloze() -> dict[str, object] | None:
            return self._cloze("when", s.text, written, s)

        for kind, fn in (("short", short), ("mcq", mcq), ("tf", tf_true), ("tf", tf_false), ("cloze", cloze)):
            self.candidates.append(Candidate(kind, fn))
        return s

    def _org(self) -> Sentence:
        rng = self.rng
        p = rng.choice(self.persons)
        org, abbreviation = rng.choice(self.vocab.orgs)
        year = str(self.vocab.org_years[abbreviation])
        text = f"{p.name} heads the {org} ({abbreviation}), which was founded in {year}."
        s = Sentence(text, True, [p])

        def role_short() -> dict[str, object] | None:
            return self._q(
                "short", "role", f"Which organisation does {p.name} head?", s, org, aliases=[abbreviation]
            )

        def role_mcq() -> dict[str, object] | None:
            others = [o for o, _ in rng.sample(self.vocab.orgs, 12)]
            return self._q(
                "mcq",
                "role",
                f"Which organisation does {p.name} head?",
                s,
                org,
                distractors=self._pick(others, 3, s.text, org),
            )

        def when_short() -> dict[str, object] | None:
            return self._q("short", "when", f"In which year was the {org} founded?", s, year)

        def tf_true() -> dict[str, object] | None:
            return self._q("tf", "when", f"The {org} was founded in {year}.", s, True)

        def tf_false() -> dict[str, object] | None:
            other = str(int(year) + rng.choice([-7, -3, -2, 2, 4, 9]))
            return self._q(
                "tf",
                "when",
                f"The {org} was founded in {other}.",
                s,
                False,
                correction=f"The {org} was founded in {year}.",
            )

        def cloze() -> dict[str, object] | None:
            return self._cloze("when", s.text, year, s)

        for kind, fn in (
            ("short", role_short),
            ("mcq", role_mcq),
            ("short", when_short),
            ("tf", tf_true),
            ("tf", tf_false),
            ("cloze", cloze),
        ):
            self.candidates.append(Candidate(kind, fn))
        return s

    def _decision(self) -> Sentence:
        rng = self.rng
        country = rng.choice(self.countries)[0]
        # The decision is about something of this story's own (its site or project), so that its answer,
        # options and false statement name words no other story prints.
        local, noun = rng.choice((self.site, self.project_name)), rng.choice(Q_NOUNS)
        verb = rng.choice(DECISION_VERBS)
        action = f"{verb} the {local} {noun}"
        month = rng.choice(MONTHS)
        text = f"The government of {country} agreed to {action} by the end of {month}."
        s = Sentence(text, True)
        prompt = f"What did the government of {country} agree to do by the end of {month}?"
        others = [f"{v} the {local} {n}" for v in DECISION_VERBS for n in Q_NOUNS if v != verb]

        def short() -> dict[str, object] | None:
            return self._q("short", "what", prompt, s, action)

        def mcq() -> dict[str, object] | None:
            return self._q(
                "mcq", "what", prompt, s, action, distractors=self._pick(others, 3, s.text, action)
            )

        def tf_true() -> dict[str, object] | None:
            return self._q("tf", "what", f"{country} agreed to {action}.", s, True)

        def tf_false() -> dict[str, object] | None:
            # Wrong in this story's own name (its site for its project), not "refused" or another verb: a false
            # statement that differs in a word every story prints is "answered" by the whole bank.
            other = self.project_name if local == self.site else self.site
            wrong = f"{verb} the {other} {noun}"
            if self._stated(wrong):
                return None
            return self._q(
                "tf",
                "what",
                f"{country} agreed to {wrong}.",
                s,
                False,
                correction=f"{country} agreed to {action}.",
            )

        def cloze() -> dict[str, object] | None:
            return self._cloze("what", s.text, action, s)

        for kind, fn in (("short", short), ("mcq", mcq), ("tf", tf_true), ("tf", tf_false), ("cloze", cloze)):
            self.candidates.append(Candidate(kind, fn))
        return s

    def _stated(self, claim: str) -> bool:
        """Whether a sentence of the article so far states ``claim`` (a false statement must not be true)."""
        return any(_occurs(o.text, claim) for o in self.sentences)

    # ---- filler ------------------------------------------------------------------------------------------------

    def _filler(self) -> Sentence:
        rng, st = self.rng, self.style
        form = rng.randrange(8)
        if form == 3 and rng.random() < 0.7:
            form = 1  # keep the spelling variants rare
        if form == 0:
            a, b = rng.sample(FILLER_ADJS, 2)
            text = f"Officials in {rng.choice(self.cities)} described the talks as {a} and {b}."
        elif form == 1:
            text = (
                f"Analysts said {rng.choice(TOPICS)} would remain a {rng.choice(FILLER_ADJS)} issue for "
                f"{rng.choice(FILLER_GROUPS)} in the coming months."
            )
        elif form == 2:
            group = rng.choice(FILLER_GROUPS)
            if st.dash == ", ":
                text = f"Critics, including several {group}, argue that the plan moves too slowly."
            else:
                text = (
                    f"Critics{st.dash}including several {group}{st.dash}argue that the plan moves too slowly."
                )
        elif form == 3:
            preferred, also, abbreviation = rng.choice(VARIANT_ORGS)
            name = also if rng.random() < 0.3 else preferred
            text = f"The {name} ({abbreviation}) has tracked {rng.choice(TOPICS)} since {rng.randint(1990, 2020)}."
        elif form == 4:
            n = rng.randint(2, 90)
            text = (
                f"Trade between the two countries reached ${n}.{rng.randint(1, 9)}{st.nb}billion last year, "
                f"according to {rng.choice(self.countries)[0]}{st.apos}s statistics office."
            )
        elif form == 5:
            text = f"Neither side gave details of the plan{st.apos}s cost or of how it would be financed."
        elif form == 6:
            country = rng.choice(self.countries)[0]
            text = f"{country}{st.apos}s foreign ministry did not respond to a request for comment."
        else:
            p = rng.choice(self.persons)
            text = (
                f"{p.last} told reporters in {rng.choice(self.cities)} that the {rng.choice(TOPICS)} "
                f"was {rng.choice(FILLER_ADJS)}."
            )
        return Sentence(text, False)

    # ---- questions ---------------------------------------------------------------------------------------------

    def _pick(self, pool: list[str] | tuple[str, ...], k: int, evidence: str, answer: str) -> list[str]:
        """``k`` options from ``pool`` that are not in the evidence and do not overlap the answer."""
        out: list[str] = []
        for option in self.rng.sample(list(pool), min(len(pool), k + 12)):
            if (
                option == answer
                or _occurs(answer, option)
                or _occurs(option, answer)
                or _occurs(evidence, option)
            ):
                continue
            out.append(option)
            if len(out) == k:
                return out
        return []

    def _names(self, k: int, evidence: str, answer: Person) -> list[str]:
        """``k`` person names: others of the article first, then made-up ones, none in the evidence."""
        pool = [p.name for p in self.persons if p is not answer]
        pool += [f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(self.vocab.surnames)}" for _ in range(6)]
        out: list[str] = []
        for name in self.rng.sample(pool, len(pool)):
            first, last = name.split(" ", 1)
            if last == answer.last or first == answer.first or _occurs(evidence, name) or name in out:
                continue
            out.append(name)
            if len(out) == k:
                break
        return out if len(out) == k else []

    def _q(
        self,
        kind: str,
        topic: str,
        prompt: str,
        s: Sentence,
        answer: str | bool,
        *,
        quote: str | None = None,
        aliases: list[str] | None = None,
        distractors: list[str] | None = None,
        correction: str | None = None,
    ) -> dict[str, object] | None:
        if distractors is not None and len(distractors) < 3:
            return None
        q: dict[str, object] = {
            "type": "true-false" if kind == "tf" else kind,
            "topic": topic,
            "prompt": prompt,
        }
        if kind != "cloze":
            q["answer"] = answer
        if aliases:
            q["aliases"] = aliases
        if distractors:
            q["distractors"] = distractors
        if correction is not None:
            q["correction"] = correction
        q["evidence"] = self._evidence(
            quote or s.text, s, distractors or [], prompt if answer is False else None
        )
        return q

    def _cloze(self, topic: str, base: str, part: str, s: Sentence) -> dict[str, object] | None:
        retyped = self.rng.random() < RETYPED_SHARE
        text = base.translate(_RETYPE) if retyped else base
        prompt = _deletion(text, part.translate(_RETYPE) if retyped else part)
        if prompt is None:
            return None
        q: dict[str, object] = {"type": "cloze", "topic": topic, "prompt": prompt}
        if self.rng.random() < 0.3:
            q["answer"] = part.translate(_RETYPE) if retyped else part
        q["evidence"] = [{"source": self.id, "quote": base}]
        return q

    def _evidence(
        self, quote: str, s: Sentence, distractors: list[str], false_statement: str | None
    ) -> list[dict[str, str]]:
        rng = self.rng
        out = [
            {"source": self.id, "quote": quote.translate(_RETYPE) if rng.random() < RETYPED_SHARE else quote}
        ]
        if rng.random() < SECOND_EVIDENCE_SHARE:
            # Prefer another sentence about the same people, as a reviewer would cite it.
            related = [o for o in self.sentences if o is not s and any(p.last in o.text for p in s.persons)]
            other = rng.choice(related or self.sentences)
            ok = other is not s and not any(_occurs(other.text, d) for d in distractors)
            if ok and false_statement is not None:
                # The extra quote must not support the false statement's wrong word.
                ok = not any(
                    _occurs(other.text, w) for w in re.findall(r"[A-Z][a-z]+|\d[\d,]*", false_statement)
                )
            if ok:
                out.append({"source": self.id, "quote": other.text})
        return out

    # ---- the article ---------------------------------------------------------------------------------------------

    def build(self) -> ArticleDraft:
        rng, st = self.rng, self.style
        makers = (self._meet, self._quote, self._figure, self._date, self._org, self._decision)
        weights = (3, 3, 2, 1, 1, 2)
        target = rng.randint(2900, 5700)
        paragraphs: list[str] = []
        size = 0
        while (len(paragraphs) < 15 or size < target) and len(paragraphs) < 40:
            parts = []
            for _ in range(rng.choice((1, 2, 2, 3))):
                if rng.random() < 0.6:
                    (maker,) = rng.choices(makers, weights)
                    s = maker()
                else:
                    s = self._filler()
                self.sentences.append(s)
                parts.append(s.text)
            paragraph = " ".join(parts)
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2

        c1, c2 = self.countries[0][0], self.countries[1][0]
        headline = f"{c1} and {c2} {rng.choice(HEADLINE_VERBS)} {rng.choice(TOPICS)}"
        published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
        written_date = f"{published.strftime('%B')}{st.nb}{published.day}, {published.year}"
        outlet = rng.choice(OUTLETS)
        author = f"{rng.choice(FIRST_NAMES)} {rng.choice(self.vocab.surnames)}"
        blank = rng.random() < 0.7
        lines = [headline, f"By {author} | {written_date}"]
        furniture = [("1-2", "headline, byline and date")]
        caption_after = rng.randint(1, 3)
        related_after = rng.randint(5, 9) if rng.random() < 0.3 else -1
        for i, paragraph in enumerate(paragraphs):
            if blank:
                lines.append("")
            lines.append(paragraph)
            if i == caption_after:
                if blank:
                    lines.append("")
                p = self.persons[0]
                lines.append(f"{p.name} arrives in {self.cities[1]}. Photo: {author} / {outlet}")
                furniture.append((str(len(lines)), "photo caption and credit"))
            if i == related_after:
                if blank:
                    lines.append("")
                lines.append(
                    f"Related: {rng.choice(TOPICS).capitalize()} {st.dash.strip() or '-'} what comes next"
                )
                furniture.append((str(len(lines)), "link to a related article"))
        lines.append("")
        lines.append(f"\u00a9 {published.year} {outlet}. All rights reserved.")
        furniture.append((str(len(lines)), "copyright footer"))

        with_date = rng.random() < 0.8
        entry = [
            f"  - id: {self.id}",
            f"    outlet: {_scalar(outlet)}",
            f"    headline: {_scalar(headline)}",
            "    headline_line: 1",
        ]
        if with_date:
            entry += [f"    published: {published.isoformat()}", "    published_line: 2"]
        else:
            entry.append("    published: null")
        entry.append("    furniture:")
        entry += [f'      - {{lines: "{ln}", what: {_flow_scalar(what)}}}' for ln, what in furniture]
        return ArticleDraft(self.id, lines, self.sentences, self.candidates, "\n".join(entry) + "\n")


# --------------------------------------------------------------------------------------------------------------
# YAML writing


def _scalar(value: str) -> str:
    """A block-context scalar that reads back as ``value`` (plain when safe, else single-quoted)."""
    if value.isdigit() and not value.startswith("0"):
        return value  # reads as an int node, which quizgen takes as text
    if (
        _PLAIN.fullmatch(value)
        and value.lower() not in _YAML_WORDS
        and ": " not in value
        and "  " not in value
    ):
        return value
    return "'" + value.replace("'", "''") + "'"


def _flow_scalar(value: str) -> str:
    """A flow-context scalar (inside ``[...]`` or ``{...}``) that reads back as ``value``."""
    if _FLOW_PLAIN.fullmatch(value) and value.lower() not in _YAML_WORDS and "  " not in value:
        return value
    return "'" + value.replace("'", "''") + "'"


def _flow_list(values: list[str]) -> str:
    return "[" + ", ".join(_flow_scalar(v) for v in values) + "]"


_FIELD_ORDER = ("id", "type", "topic", "prompt", "answer", "aliases", "distractors", "correction")


def _item_yaml(q: dict[str, object]) -> str:
    lines = []
    for name in _FIELD_ORDER:
        if name not in q:
            continue
        value = q[name]
        prefix = "- " if name == "id" else "  "
        if isinstance(value, bool):
            lines.append(f"{prefix}{name}: {'true' if value else 'false'}")
        elif isinstance(value, list):
            lines.append(f"{prefix}{name}: {_flow_list(value)}")
        else:
            lines.append(f"{prefix}{name}: {_scalar(str(value))}")
    lines.append("  evidence:")
    for e in q["evidence"]:  # type: ignore[attr-defined]
        lines.append(f"    - source: {e['source']}")
        lines.append(f"      quote: {_scalar(e['quote'])}")
    if "explanation" in q:
        lines.append(f"  explanation: {_scalar(str(q['explanation']))}")
    lines.append(f"  tags: {_flow_list(q['tags'])}")  # type: ignore[arg-type]
    lines.append(f"  review: {q['review']}")
    return "\n".join(lines) + "\n"


def _question(q: dict[str, object], qid: str) -> Question:
    """The model object the loader would build, for :func:`review_hash` (locations are irrelevant to it)."""
    here = Location("", 1, 1)
    answer = q.get("answer")
    return Question(
        id=qid,
        type=QuestionType(q["type"]),
        topic=str(q["topic"]),
        prompt=str(q["prompt"]),
        answer=answer if isinstance(answer, bool) else (None if answer is None else str(answer)),
        aliases=tuple(q.get("aliases", ())),  # type: ignore[arg-type]
        distractors=tuple(q.get("distractors", ())),  # type: ignore[arg-type]
        correction=q.get("correction"),  # type: ignore[arg-type]
        evidence=tuple(Evidence(e["source"], e["quote"], here, here) for e in q["evidence"]),  # type: ignore[attr-defined]
        explanation=q.get("explanation"),  # type: ignore[arg-type]
        tags=(),
        review=Review(ReviewStatus.DRAFT, None, None, None, here),
        path="",
        location=here,
        locations={},
    )


# --------------------------------------------------------------------------------------------------------------
# The corpus


def _quotas(rng: Random, articles: int, questions: int) -> list[int]:
    """Questions per article: proportional to a random weight (0.4-1.6), summing to ``questions``."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(articles)]
    total = sum(weights)
    raw = [w * questions / total for w in weights]
    quotas = [int(x) for x in raw]
    rest = questions - sum(quotas)
    order = sorted(range(articles), key=lambda i: raw[i] - quotas[i], reverse=True)
    for i in order[:rest]:
        quotas[i] += 1
    return quotas


def _choose(rng: Random, candidates: list[Candidate], k: int) -> list[dict[str, object]]:
    """Up to ``k`` questions from the candidates, drawn by type weight, each candidate at most once."""
    by_kind: dict[str, list[Candidate]] = {}
    for c in candidates:
        by_kind.setdefault(c.kind, []).append(c)
    for pool in by_kind.values():
        rng.shuffle(pool)
    out: list[dict[str, object]] = []
    while len(out) < k:
        kinds = [kd for kd in TYPE_WEIGHTS if by_kind.get(kd)]
        if not kinds:
            break
        (kind,) = rng.choices(kinds, [TYPE_WEIGHTS[kd] for kd in kinds])
        q = by_kind[kind].pop().build()
        if q is not None:
            out.append(q)
    return out


@dataclass
class Stats:
    articles: int = 0
    questions: int = 0
    article_bytes: int = 0
    bank_bytes: int = 0
    bank_files: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    quoted_mcq_prompts: int = 0
    two_evidence: int = 0
    shortfall: int = 0
    decks: int = 0
    seconds: float = 0.0


def _deck(number: int, sources: list[str]) -> str:
    """A deck definition (``decks/course-NNNN.yaml``) of the draft and approved items citing ``sources``."""
    base = DECK_ID_BASE + 100 * number
    types = ("short", "mcq", "true-false", "cloze")
    return (
        f"# Synthetic deck {number} (benchmarks/corpus.py): the items of {len(sources)} articles.\n"
        f"name: Course {number:04d}\n"
        f"deck_id: {base}\n"
        "note_type_ids: {" + ", ".join(f"{t}: {base + 11 + i}" for i, t in enumerate(types)) + "}\n"
        "select:\n"
        "  status: [draft, approved]\n"
        f"  sources: {_flow_list(sources)}\n"
    )


def generate(
    out: Path, *, articles: int, questions: int, seed: int = 1, articles_per_deck: int = ARTICLES_PER_DECK
) -> Stats:
    """Write the synthetic project into ``out`` (its ``seeds/`` and ``question_bank/`` are replaced)."""
    started = time.perf_counter()
    out = Path(out)
    seeds_dir, bank_dir, decks_dir = out / "seeds", out / "question_bank", out / "decks"
    if any(d.exists() for d in (seeds_dir, bank_dir, decks_dir)) and not (out / "corpus.json").exists():
        raise SystemExit(f"{out} holds a project that this generator did not write; refusing to replace it")
    for d in (seeds_dir, bank_dir, decks_dir):
        if d.exists():
            shutil.rmtree(d)
    seeds_dir.mkdir(parents=True)
    bank_dir.mkdir(parents=True)
    if articles_per_deck > 0:
        decks_dir.mkdir(parents=True)
    (out / "corpus.json").unlink(missing_ok=True)

    rng = Random(seed)
    vocab = Vocab(rng, articles)
    quotas = _quotas(rng, articles, questions)
    stats = Stats(articles=articles)
    catalogue = [
        "# Synthetic catalogue written by benchmarks/corpus.py.\n",
        "articles:\n",
    ]
    digests: dict[str, str] = {}
    bank_chunk: list[str] = []
    file_no = 0
    carry = 0
    width = max(5, len(str(articles)))

    def flush() -> None:
        nonlocal file_no
        if not bank_chunk:
            return
        file_no += 1
        header = f"# Synthetic bank file {file_no} (benchmarks/corpus.py, seed {seed}).\n"
        data = (header + "".join(bank_chunk)).encode("utf-8")
        (bank_dir / f"bank-{file_no:04d}.yaml").write_bytes(data)
        stats.bank_bytes += len(data)
        bank_chunk.clear()

    for index in range(articles):
        aid = f"a{index + 1:0{width}d}"
        draft = ArticleBuilder(rng, vocab, aid, index).build()
        data = ("\n".join(draft.lines) + "\n").encode("utf-8")
        (seeds_dir / f"{aid}.txt").write_bytes(data)
        digests[aid] = hashlib.sha256(data).hexdigest()
        stats.article_bytes += len(data)
        catalogue.append(draft.catalogue)

        want = quotas[index] + carry
        chosen = _choose(rng, draft.candidates, want)
        carry = want - len(chosen)
        for j, q in enumerate(chosen, 1):
            qid = f"{aid}-{j:02d}-{q['topic']}"
            q["id"] = qid
            if rng.random() < 0.3:
                q["explanation"] = (
                    f"The article ({aid}) states this in its own words; see the quoted passage."
                )
            q["tags"] = [aid, str(q["topic"])]
            r = rng.random()
            if r < RETIRED_SHARE:
                status = "retired"
                q["review"] = "{status: retired, by: Ana Lee, on: 2025-03-01}"
            elif r < RETIRED_SHARE + APPROVED_SHARE:
                status = "approved"
                by = rng.choice(REVIEWERS)
                on = (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 300))).isoformat()
                digest = review_hash(_question(q, qid), digests)
                q["review"] = f"{{status: approved, by: {by}, on: {on}, hash: {digest}}}"
            else:
                status = "draft"
                q["review"] = "{status: draft}"
            stats.by_status[status] = stats.by_status.get(status, 0) + 1
            label = str(q["type"])
            if label == "true-false":
                label += "-true" if q["answer"] is True else "-false"
            stats.by_type[label] = stats.by_type.get(label, 0) + 1
            if q["type"] == "mcq" and '"' in str(q["prompt"]):
                stats.quoted_mcq_prompts += 1
            if len(q["evidence"]) > 1:  # type: ignore[arg-type]
                stats.two_evidence += 1
            bank_chunk.append(_item_yaml(q))
            stats.questions += 1
            if len(bank_chunk) == QUESTIONS_PER_FILE:
                flush()
    flush()
    stats.shortfall = carry
    stats.bank_files = file_no
    if articles_per_deck > 0:
        ids = [f"a{i + 1:0{width}d}" for i in range(articles)]
        for number, start in enumerate(range(0, articles, articles_per_deck), 1):
            text = _deck(number, ids[start : start + articles_per_deck])
            (decks_dir / f"course-{number:04d}.yaml").write_text(text, encoding="utf-8")
            stats.decks += 1

    catalogue.append("variants:\n")
    for preferred, also, abbreviation in VARIANT_ORGS:
        catalogue.append(
            f"  - preferred: {preferred}\n    also: [{also}]\n"
            f"    note: some outlets write {also} ({abbreviation}); the organisation's own site has {preferred}.\n"
        )
    (seeds_dir / "sources.yaml").write_text("".join(catalogue), encoding="utf-8")
    stats.seconds = round(time.perf_counter() - started, 2)
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "seed": seed,
        "requested": {"articles": articles, "questions": questions},
        "articles_per_deck": articles_per_deck,
        "stats": stats.__dict__,
    }
    (out / "corpus.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the project into")
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--articles-per-deck", type=int, default=ARTICLES_PER_DECK, help="0: no decks (relate the whole bank)"
    )
    args = parser.parse_args(argv)
    stats = generate(
        args.out,
        articles=args.articles,
        questions=args.questions,
        seed=args.seed,
        articles_per_deck=args.articles_per_deck,
    )
    print(json.dumps(stats.__dict__, indent=2))
    if stats.shortfall:
        print(f"warning: {stats.shortfall} questions short of the request", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
