"""Scoring the extractors on annotated news, by the protocol of the project's evaluation notes.

Attribution (PolNeAR layout, BRAT standoff): ``DIR/text/NAME.txt`` and ``DIR/attributions/NAME_<annotator>.ann``;
one annotator file per article, the first in sort order. Gold: the ``Attribution`` relations whose Content
contains a quotation mark. Predictions ``(content start, content end, speaker text)`` are matched to gold
one-to-one, greedily in text order; a match needs the predicted content to overlap a gold Content by at least
half the predicted span's length. The speaker is right (lenient) when it shares a token with the gold Source,
stop words and titles aside; a pronoun Source is matched by the same pronoun or by the name it refers to,
taken as the nearest earlier non-pronoun gold Source of the same article.

Meetings (RAMS jsonlines): for the one annotated trigger of each window, predict participant spans and a place
span; a filler is right when it equals the gold span (strict) or has the same head, the last token, as the gold
span (lenient: a prediction that merely contains the gold head, such as a whole clause, does not count).
Precision, recall and F1 per role. Only the event types whose RAMS role set has a participant (collaborate,
discussion, negotiate, funeral/vigil) get participant predictions: the others have communicator and recipient
instead, so a participant predicted for them could never be right.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizgen.core.errors import QuizgenError
from quizgen.draft.quotes import Quotation
from quizgen.draft.text import plural_group

_QUOTE_MARK = re.compile(r"[\"“”„‟«»]|''|``")
"""A double quotation mark in a gold Content: straight, curly, low, guillemets, and the typewriter styles
``''...''`` (the New York Times articles of PolNeAR) and ````...''``. A lone apostrophe is not one."""
_TOKEN = re.compile(r"[^\W_]+")

# The scorer's own word lists, frozen here so that editing the drafter's lexicons cannot move the metric
# (copies of the drafter's ``pronouns``, ``stopwords`` and ``titles`` lists when the protocol was fixed).
PRONOUNS = frozenset("he i it she they we".split())
"""A gold Source or predicted speaker that is one of these is a pronoun (matched through its antecedent)."""
NOT_ANTECEDENTS = PRONOUNS | frozenset(
    "who whom which that this these those her his its their them him".split()
)
"""Sources that name no one, skipped when looking back for a pronoun's antecedent (PolNeAR links no
coreference, so the antecedent is the nearest earlier Source that names someone)."""
IGNORED_TOKENS = frozenset(
    "a also an and as at but by for from he her him his i in it its my of on or our said says she that the "
    "their them then they this to we which who with you your".split()
) | frozenset(  # courtesy titles: "Mr. Vale" and "Vale" are the same speaker
    "adm capt col dr gen gov hon jr lt mr mrs ms pres prof rep rev sen sgt sr st".split()
)
"""Tokens that never decide whether two speaker mentions share a word."""


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 from counts."""

    true_positives: int
    """Predictions matched to gold."""
    predicted: int
    """All predictions."""
    gold: int
    """All gold items."""

    @property
    def precision(self) -> float:
        """Matched predictions over predictions."""
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Matched gold over gold."""
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positives + other.true_positives,
            self.predicted + other.predicted,
            self.gold + other.gold,
        )

    def as_json(self) -> dict[str, float | int]:
        """The counts and the three measures, rounded to 4 places."""
        return {
            "tp": self.true_positives,
            "predicted": self.predicted,
            "gold": self.gold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


_ZERO = Score(0, 0, 0)


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution with a quotation mark in its content."""

    content: tuple[tuple[int, int], ...]
    """The content's (start, end) parts."""
    source: str
    """The source span's text ("" without a source)."""
    source_start: int
    """Where the source starts (-1 without one)."""
    antecedent: str
    """For a pronoun source: the nearest earlier non-pronoun source of the article."""


@dataclass(frozen=True, slots=True)
class Prediction:
    """One predicted quotation."""

    start: int
    """Content start offset."""
    end: int
    """Content end offset."""
    speaker: str
    """The speaker text."""
    resolved: str = ""
    """The speaker as a draft names it: the name a pronoun or surname was resolved to, else the mention's name
    ("" for a pronoun left unresolved: no name and no draft, so not a prediction of a name)."""


@dataclass(frozen=True, slots=True)
class AttributionReport:
    """Scores for quote content, and for content plus speaker."""

    content: Score
    """Content alone, micro-averaged."""
    content_speaker: Score
    """Content and speaker as mentioned next to the cue (the protocol: a pronoun matches a pronoun)."""
    content_name: Score
    """Content and speaker as a draft shows it: the resolved name against the gold Source, or against the gold
    antecedent when the Source is a pronoun; a pronoun the drafter leaves unresolved makes no draft, so it is
    not predicted (it costs recall, not precision)."""
    by_publisher: dict[str, tuple[Score, Score, Score]]
    """(content, content plus speaker, content plus resolved name) per publisher."""
    by_rule: dict[str, tuple[int, int, int]]
    """Per extractor rule: (predictions, right with the speaker mention, right with the resolved name)."""
    articles: int
    """Articles scored."""
    pronouns: tuple[int, int] = (0, 0)
    """Pronoun speakers of predictions matched to a gold quotation whose Source is a pronoun with an antecedent:
    (how many, how many resolved to a name sharing a token with the gold antecedent)."""

    def as_json(self) -> dict[str, object]:
        """A JSON-able summary."""
        n, right = self.pronouns
        return {
            "articles": self.articles,
            "pronoun_resolution": {
                "scored": n,
                "correct": right,
                "accuracy": round(right / n, 4) if n else 0.0,
            },
            "content": self.content.as_json(),
            "content_speaker": self.content_speaker.as_json(),
            "content_name": self.content_name.as_json(),
            "by_publisher": {
                k: {"content": c.as_json(), "content_speaker": s.as_json(), "content_name": r.as_json()}
                for k, (c, s, r) in sorted(self.by_publisher.items())
            },
            "by_rule": {
                k: {"predicted": n, "correct": c, "correct_name": r}
                for k, (n, c, r) in sorted(self.by_rule.items())
            },
        }


def read_brat(text: str, ann: str, where: str) -> list[GoldAttribution]:
    """The gold attributions with a quotation mark in their content, in text order."""
    spans: dict[str, tuple[tuple[tuple[int, int], ...], str]] = {}
    relations: list[dict[str, str]] = []
    for n, line in enumerate(ann.split("\n"), 1):  # BRAT lines end at LF; a text field may hold U+2028
        if not line.strip():
            continue
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, offsets = fields[1].partition(" ")
            try:
                parts = tuple((int(a), int(b)) for a, b in (p.split() for p in offsets.split(";")))
            except ValueError:
                raise QuizgenError(f"{where}:{n}:1: malformed BRAT span {fields[1]!r}") from None
            spans[fields[0]] = (parts, label)
        elif line.startswith("E") and len(fields) >= 2:
            args = dict(a.split(":", 1) for a in fields[1].split() if ":" in a)
            relations.append(args)
    sources = sorted(
        (parts[0][0], " ".join(text[s:e] for s, e in parts))
        for parts, label in spans.values()
        if label == "Source"
    )
    pronouns = PRONOUNS
    out = []
    for rel in relations:
        if "Attribution" not in rel or "Content" not in rel or rel["Content"] not in spans:
            continue
        content = spans[rel["Content"]][0]
        if not any(_QUOTE_MARK.search(text, s, e) for s, e in content):
            continue
        source, start, antecedent = "", -1, ""
        if rel.get("Source") in spans:
            parts = spans[rel["Source"]][0]
            source, start = " ".join(text[s:e] for s, e in parts), parts[0][0]
            if source.strip().lower() in pronouns:
                earlier = [t for s, t in sources if s < start and t.strip().lower() not in NOT_ANTECEDENTS]
                antecedent = earlier[-1] if earlier else ""
        out.append(GoldAttribution(content, source, start, antecedent))
    out.sort(key=lambda g: g.content[0][0])
    return out


def _tokens(text: str) -> set[str]:
    out = set()
    for t in _TOKEN.findall(text.lower().replace("’s", "").replace("'s", "")):
        if t not in IGNORED_TOKENS:
            out.add(t)
    return out


def speaker_matches(predicted: str, gold: GoldAttribution) -> bool:
    """The lenient speaker test of the protocol."""
    if not gold.source:
        return False
    pronouns = PRONOUNS
    if gold.source.strip().lower() in pronouns:
        if predicted.strip().lower() == gold.source.strip().lower():
            return True
        return bool(_tokens(predicted) & _tokens(gold.antecedent))
    return bool(_tokens(predicted) & _tokens(gold.source))


def name_matches(name: str, gold: GoldAttribution) -> bool:
    """The speaker as a draft shows it: a name (never a bare pronoun) sharing a token with the gold Source, or
    with the gold antecedent when the Source is a pronoun."""
    if not gold.source or not name.strip() or name.strip().lower() in PRONOUNS:
        return False
    if gold.source.strip().lower() in PRONOUNS:
        return bool(_tokens(name) & _tokens(gold.antecedent))
    return bool(_tokens(name) & _tokens(gold.source))


def _overlap(p: Prediction, parts: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(p.end, e) - max(p.start, s)) for s, e in parts)


def match(
    predictions: Sequence[Prediction],
    gold: Sequence[GoldAttribution],
    accept: Callable[[Prediction, GoldAttribution], bool],
) -> list[bool]:
    """One-to-one greedy matching in text order; for each prediction whether it matched."""
    used = [False] * len(gold)
    out = []
    for p in sorted(predictions, key=lambda p: (p.start, p.end)):
        need = max(1, p.end - p.start) * 0.5
        hit = False
        for i, g in enumerate(gold):
            if not used[i] and _overlap(p, g.content) >= need and accept(p, g):
                used[i] = hit = True
                break
        out.append(hit)
    return out


def articles(folder: Path) -> list[tuple[str, Path, Path]]:
    """(name, text file, chosen annotation file) for every article of a PolNeAR-layout folder."""
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise QuizgenError(
            f"{folder}: not a PolNeAR-layout folder: it needs text/*.txt and attributions/*.ann"
        )
    anns = sorted(p.name for p in ann_dir.glob("*.ann"))
    out = []
    for txt in sorted(text_dir.glob("*.txt")):
        name = txt.stem
        mine = [a for a in anns if a.startswith(name + "_") and "_" not in a[len(name) + 1 :]]
        if mine:
            out.append((name, txt, ann_dir / mine[0]))
    if not out:
        raise QuizgenError(f"{folder}: no article in text/ has an annotation file in attributions/")
    return out


INTERRUPTION = 30
"""Most characters between a speaker mention and the quotation it interrupts (``"...," he said Friday, "..."``)."""


def _groups(extracted: Sequence[Quotation]) -> list[list[Quotation]]:
    """Quotations with their own cue, those of one speaker mention together when the mention interrupts them or
    one cue introduces them all in a sentence; a later quotation sharing the mention across more words ("...," he
    said, adding that "...") is its own."""
    groups: dict[tuple[int, int], list[Quotation]] = {}
    out: list[list[Quotation]] = []
    for q in extracted:
        if q.rule == "continuation":
            continue
        key = (q.speaker.start, q.speaker.end)
        group = groups.get(key)
        if group is not None and (
            0 <= q.content.start - q.speaker.end <= INTERRUPTION
            # Several partial quotations after one cue, in one sentence: X called it "a", "b" and "c".
            or (q.rule == group[-1].rule == "before-clause" and q.evidence.start == group[-1].evidence.start)
        ):
            group.append(q)
        else:
            groups[key] = [q]
            out.append(groups[key])
    return sorted(out, key=lambda g: g[0].content.start)


def predictions(extracted: Sequence[Quotation]) -> list[Prediction]:
    """One prediction per attribution: the quotations of one sentence sharing one speaker mention (a quotation
    interrupted by its cue) make one content span, as annotators mark one relation per cue. Continuations
    (quotations with no cue of their own) are drafted but not scored: annotators fold them into the cue's
    relation, so they have no relation of their own to match."""
    return [
        Prediction(
            g[0].content.start,
            g[-1].content.end,
            _speaker(g[0]),
            _resolved(g[0]),
        )
        for g in _groups(extracted)
    ]


def _resolved(q: Quotation) -> str:
    """The name a draft would answer: none for a pronoun left unresolved, nor for a plural noun ("lawmakers",
    "Republicans"), which names several people, not the one speaker a learner could be asked for."""
    if q.speaker_kind == "pronoun" or (q.speaker_kind == "group" and plural_group(q.speaker_name)):
        return ""
    return q.speaker_name


def _speaker(q: Quotation) -> str:
    """The speaker as mentioned next to the cue: the protocol matches a pronoun by the pronoun itself."""
    return q.speaker.text


def _rules(extracted: Sequence[Quotation]) -> list[str]:
    return [g[0].rule for g in _groups(extracted)]


def evaluate_attribution(folder: Path | str) -> AttributionReport:
    """Run the quotation extractor over a PolNeAR-layout folder and score it."""
    from quizgen.draft import quotes

    folder = Path(folder)
    total_c, total_s = _ZERO, _ZERO
    total_r = _ZERO
    by_pub: dict[str, tuple[Score, Score, Score]] = {}
    by_rule: dict[str, list[int]] = {}
    pronoun_n = pronoun_right = 0
    found = articles(folder)
    for name, txt, ann in found:
        text = _read(txt)
        gold = read_brat(text, _read(ann), str(ann))
        # PolNeAR annotates no relation in the headline (line 1; none in the 84 dev articles): a quotation
        # drafted there has no gold to match, so it is left out of the score.
        headline = text.find("\n")
        extracted = [q for q in quotes.extract(text) if q.content.start > headline]
        preds = predictions(extracted)
        order = sorted(range(len(preds)), key=lambda i: (preds[i].start, preds[i].end))
        content_hits = match(preds, gold, lambda p, g: True)
        pronoun_n, pronoun_right = _pronoun_resolution(preds, gold, pronoun_n, pronoun_right)
        speaker_hits = match(preds, gold, lambda p, g: speaker_matches(p.speaker, g))
        name_hits = match(preds, gold, lambda p, g: name_matches(p.resolved, g))
        rules = _rules(extracted)
        for k, i in enumerate(order):
            counts = by_rule.setdefault(rules[i], [0, 0, 0])
            counts[0] += 1
            counts[1] += int(speaker_hits[k])
            counts[2] += int(name_hits[k])
        c = Score(sum(content_hits), len(preds), len(gold))
        s = Score(sum(speaker_hits), len(preds), len(gold))
        # A pronoun the drafter cannot resolve gets no who-said draft: it abstains, so it is no prediction of a name.
        r = Score(sum(name_hits), sum(1 for p in preds if p.resolved), len(gold))
        total_c, total_s, total_r = total_c + c, total_s + s, total_r + r
        pub = name.split("_", 1)[0]
        pc, ps, pr = by_pub.get(pub, (_ZERO, _ZERO, _ZERO))
        by_pub[pub] = (pc + c, ps + s, pr + r)
    return AttributionReport(
        total_c,
        total_s,
        total_r,
        by_pub,
        {k: (v[0], v[1], v[2]) for k, v in by_rule.items()},
        len(found),
        (pronoun_n, pronoun_right),
    )


def _pronoun_resolution(
    preds: Sequence[Prediction], gold: Sequence[GoldAttribution], n: int, right: int
) -> tuple[int, int]:
    """Add to the pronoun counts: each predicted pronoun speaker on a gold quotation whose Source is a pronoun
    with an antecedent; right when the resolved name shares a token with that antecedent (unresolved is wrong)."""
    pronouns = PRONOUNS

    def same_pronoun(p: Prediction, g: GoldAttribution) -> bool:
        return p.speaker.strip().lower() in pronouns and g.source.strip().lower() in pronouns

    ordered = sorted(preds, key=lambda p: (p.start, p.end))
    hits = match(ordered, gold, same_pronoun)
    used = [False] * len(gold)
    for p, hit in zip(ordered, hits, strict=True):
        if not hit:
            continue
        need = max(1, p.end - p.start) * 0.5
        for i, g in enumerate(gold):
            if not used[i] and _overlap(p, g.content) >= need and same_pronoun(p, g):
                used[i] = True
                if g.antecedent:
                    n += 1
                    right += int(bool(p.resolved) and bool(_tokens(p.resolved) & _tokens(g.antecedent)))
                break
    return n, right


MAX_EVAL_BYTES = 256 * 1024 * 1024
"""The largest annotated file read: ``/dev/zero`` or an endless pipe is refused instead of filling the memory."""


def _read(path: Path) -> str:
    """A UTF-8 file of annotated news; a FIFO, a device or a folder is refused (reading one could wait or go on
    for ever), and bytes that are not UTF-8 are placed by line and column."""
    from quizgen.core.fileio import FileTooLargeError, NotRegularFileError, read_regular

    try:
        data = read_regular(path, MAX_EVAL_BYTES)
    except NotRegularFileError:
        raise QuizgenError(
            f"{path}: cannot read: not a regular file; give the annotated file itself"
        ) from None
    except FileTooLargeError:
        raise QuizgenError(
            f"{path}: cannot read: larger than {MAX_EVAL_BYTES // (1024 * 1024)} MiB"
        ) from None
    except OSError as exc:
        raise QuizgenError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        from quizgen.core.text import byte_position

        line, column = byte_position(data, exc.start)
        raise QuizgenError(
            f"{path}:{line}:{column}: cannot read: byte 0x{data[exc.start]:02X} is not UTF-8; save the file as UTF-8"
        ) from None


def format_scores(rows: Iterable[tuple[str, Score]]) -> str:
    """An aligned table of P/R/F1 rows."""
    lines = [f"{'':24} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]
    for label, s in rows:
        lines.append(
            f"{label:24} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
            f"{s.true_positives:5d} {s.predicted:5d} {s.gold:5d}"
        )
    return "\n".join(lines) + "\n"


def attribution_text(report: AttributionReport) -> str:
    """The report as text."""
    rows = [
        ("content", report.content),
        ("content+speaker", report.content_speaker),
        ("content+resolved name", report.content_name),
    ]
    for pub, (c, s, r) in sorted(report.by_publisher.items()):
        rows += [(f"{pub} content", c), (f"{pub} +speaker", s), (f"{pub} +name", r)]
    out = f"{report.articles} articles\n" + format_scores(rows)
    n, right = report.pronouns
    out += f"pronoun speakers resolved to the gold antecedent: {right}/{n}"
    out += f" ({right / n:.3f})\n" if n else "\n"
    out += "rules (right with the speaker mention, right with the resolved name / predicted): "
    out += ", ".join(f"{k} {c}, {r} / {n}" for k, (n, c, r) in sorted(report.by_rule.items())) + "\n"
    return out


@dataclass(frozen=True, slots=True)
class MeetingsReport:
    """Scores per role, strict and lenient."""

    strict: dict[str, Score]
    """Per role: exact span matches."""
    lenient: dict[str, Score]
    """Per role: head (last token) matches."""
    windows: int
    """Windows scored."""

    def as_json(self) -> dict[str, object]:
        """A JSON-able summary."""
        return {
            "windows": self.windows,
            "strict": {k: v.as_json() for k, v in sorted(self.strict.items())},
            "lenient": {k: v.as_json() for k, v in sorted(self.lenient.items())},
        }


MEETING_ROLES = ("participant", "place")
PARTICIPANT_EVENTS = (
    "contact.collaborate",
    "contact.discussion",
    "contact.negotiate",
    "contact.funeralvigil",
)
"""RAMS contact event types with a participant role (the others have communicator and recipient)."""


def evaluate_meetings(path: Path | str) -> MeetingsReport:
    """Fill participant and place for the one trigger of each RAMS window, and score per role."""
    from quizgen.draft import meetings

    path = Path(path)
    text = _read(path)
    strict = dict.fromkeys(MEETING_ROLES, _ZERO)
    lenient = dict.fromkeys(MEETING_ROLES, _ZERO)
    windows = 0
    for n, line in enumerate(
        text.split("\n"), 1
    ):  # a JSON string may hold U+2028, which splitlines splits at
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            tokens = [t for sentence in doc["sentences"] for t in sentence]
            trig = doc["evt_triggers"][0]
            trigger = (int(trig[0]), int(trig[1]))
            event_type = str(trig[2][0][0])
            sentence = _sentence_of_token(doc["sentences"], trigger[0])
            gold: dict[str, list[tuple[int, int]]] = {r: [] for r in MEETING_ROLES}
            for link in doc["gold_evt_links"]:
                role = re.sub(r"^evt\d+arg\d+", "", link[2])
                if role in gold:
                    gold[role].append((int(link[1][0]), int(link[1][1])))
        # RecursionError: a line nested too deeply for json; OverflowError: int() of a number like 1e999
        except (ValueError, KeyError, IndexError, TypeError, RecursionError, OverflowError) as exc:
            raise QuizgenError(f"{path}:{n}:1: not a RAMS record ({type(exc).__name__}: {exc})") from None
        windows += 1
        participants, place = meetings.arguments(tokens, trigger, sentence)
        if not event_type.startswith(PARTICIPANT_EVENTS):
            participants = []
        predicted = {"participant": participants, "place": [place] if place else []}
        for role in MEETING_ROLES:
            strict[role] += _span_score(predicted[role], gold[role], lambda p, g: p == g)
            lenient[role] += _span_score(predicted[role], gold[role], lambda p, g: p[1] == g[1])
    return MeetingsReport(strict, lenient, windows)


def _sentence_of_token(sentences: Sequence[Sequence[str]], index: int) -> tuple[int, int]:
    """(first, last) token index of the window's sentence holding token ``index``."""
    start = 0
    for sentence in sentences:
        if start <= index < start + len(sentence):
            return start, start + len(sentence) - 1
        start += len(sentence)
    raise IndexError(f"trigger token {index} lies outside the window's {start} tokens")


def _span_score(
    predicted: Sequence[tuple[int, int]],
    gold: Sequence[tuple[int, int]],
    same: Callable[[tuple[int, int], tuple[int, int]], bool],
) -> Score:
    used = [False] * len(gold)
    hits = 0
    for p in predicted:
        for i, g in enumerate(gold):
            if not used[i] and same(p, g):
                used[i] = True
                hits += 1
                break
    return Score(hits, len(predicted), len(gold))


def meetings_text(report: MeetingsReport) -> str:
    """The report as text."""
    rows = [(f"{role} strict", report.strict[role]) for role in MEETING_ROLES]
    rows += [(f"{role} lenient", report.lenient[role]) for role in MEETING_ROLES]
    return f"{report.windows} windows\n" + format_scores(rows)
