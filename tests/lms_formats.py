"""Readers for the LMS exports, written from each importer's rules (not from quizgen's writers), for the tests:
each turns an export back into :class:`Seen` questions to compare with the bank.

- Moodle XML: lxml, then Moodle's own cloze parsing (``qtype_multianswer``'s regular expressions, its
  ``html_entity_decode`` and ``\\}``/``\\#`` unescaping) and short-answer wildcard rule (``\\*`` is a star);
- GIFT: the npm package gift-pegjs, run by node (``tests/js``), and a port of Moodle's own GIFT importer;
- QTI 1.2: lxml against the QTI 1.2.1 DTD from ``../shared/schemas`` (namespace removed first);
- QTI 2.1: lxml against the QTI 2.1 XSD from ``../shared/schemas``, plus the identifier rule the XSD omits;
- Blackboard: split on line breaks and tabs.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT.parent / "shared" / "schemas"
JS = ROOT / "tests" / "js"
BLANK = "\x00"
"""Where a blank is, in a Seen text."""
QTI_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@dataclass
class Seen:
    """One question as an importer reads it."""

    id: str
    kind: str  # mcq, true-false, short, cloze
    text: str  # plain text; each blank as BLANK
    options: list[tuple[str, bool]] = field(default_factory=list)  # mcq: (text, correct) in order
    truth: bool | None = None  # true-false
    answers: list[list[str]] = field(default_factory=list)  # short: one list; cloze: one per blank
    feedback: list[str] | None = None  # general feedback paragraphs (None: the format has none)
    wrong_feedback: str | None = None  # true-false: shown to a wrong answer
    right_feedback: str | None = None  # true-false: shown to a right answer (GIFT's second '#' part)
    tags: list[str] | None = None
    category: str | None = None


def from_html(text: str) -> str:
    """HTML as the text a learner sees (entities decoded, ``<br>`` as a line break)."""
    return html.unescape(re.sub(r"<br\s*/?>", "\n", text))


def paragraphs(text: str) -> list[str]:
    return [from_html(p) for p in re.findall(r"<p>(.*?)</p>", text, re.DOTALL)]


def wildcard_literal(pattern: str) -> str:
    """A Moodle short answer as the literal text it matches; it must have no bare ``*`` (a wildcard)."""
    assert re.search(r"(?<!\\)\*", pattern) is None, f"bare wildcard in {pattern!r}"
    return pattern.replace("\\*", "*")


def schemas() -> Path:
    if not SCHEMAS.is_dir():
        pytest.skip(f"{SCHEMAS} is absent (the QTI schemas live beside the repository; CI has them)")
    return SCHEMAS


# --- Moodle XML ------------------------------------------------------------------------------------------
# qtype_multianswer's expressions; Python needs one fixed-width lookbehind per alternative.
_ALT = r"(=|%(-?[0-9]+(?:[.,][0-9]*)?)%)?(.+?(?<!\\)(?<!&)(?<!&amp;)(?=[~#}]|$))(#(.*?(?<!\\)(?=[~}]|$)))?"
_CLOZE = re.compile(r"\{([0-9]*):(SHORTANSWER|SA|MW):(" + _ALT + r"(~" + _ALT + r")*)\}", re.DOTALL)


def moodle_cloze(text: str) -> tuple[str, list[list[str]]]:
    """A cloze question text as Moodle's importer splits it: the text with each blank replaced, and the
    accepted answers of each blank."""
    blanks: list[list[str]] = []
    while (m := _CLOZE.search(text)) is not None:
        answers = []
        rest = m[3]
        while rest and (alt := re.match("~?" + _ALT, rest, re.DOTALL)) is not None:
            assert alt[1] == "=", f"not a full-marks answer: {alt[0]!r}"
            answer = html.unescape(alt[3]).replace("\\}", "}").replace("\\#", "#")
            answers.append(wildcard_literal(answer))
            rest = rest.split(alt[0], 1)[1]
        blanks.append(answers)
        text = text.replace(m[0], BLANK, 1)
    assert "{" not in text, f"a brace outside the blanks would start an answer: {text!r}"
    return from_html(text), blanks


def moodle(data: bytes) -> list[Seen]:
    root = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    assert root.tag == "quiz"
    out = []
    category = None
    for q in root.findall("question"):
        kind = q.get("type")
        if kind == "category":
            category = q.findtext("category/text")
            continue
        qid = q.findtext("idnumber") or ""
        assert q.findtext("name/text") == qid
        text = q.findtext("questiontext/text") or ""
        answers = [
            (a.get("fraction"), a.findtext("text") or "", a.findtext("feedback/text") or "")
            for a in q.findall("answer")
        ]
        assert all(f in ("100", "0") for f, _, _ in answers), "Moodle accepts listed grades only"
        seen = Seen(qid, "", "", feedback=paragraphs(q.findtext("generalfeedback/text") or ""),
                    tags=[t.text or "" for t in q.findall("tags/tag/text")], category=category)  # fmt: skip
        if kind == "multichoice":
            assert q.findtext("single") == "true"
            seen.kind, seen.text = "mcq", from_html(text)
            seen.options = [(from_html(t), f == "100") for f, t, _ in answers]
        elif kind == "truefalse":
            assert sorted(t for _, t, _ in answers) == ["false", "true"]
            seen.kind, seen.text = "true-false", from_html(text)
            seen.truth = next(t for f, t, _ in answers if f == "100") == "true"
            seen.wrong_feedback = from_html(next(fb for f, _, fb in answers if f == "0")) or None
            seen.right_feedback = from_html(next(fb for f, _, fb in answers if f == "100")) or None
        elif kind == "shortanswer":
            assert all(f == "100" for f, _, _ in answers)
            seen.kind, seen.text = "short", from_html(text)
            seen.answers = [[wildcard_literal(t) for _, t, _ in answers]]
        elif kind == "cloze":
            seen.kind = "cloze"
            seen.text, seen.answers = moodle_cloze(text)
        else:
            raise AssertionError(f"unexpected question type {kind!r}")
        out.append(seen)
    return out


# --- GIFT ------------------------------------------------------------------------------------------------
def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed (CI installs it): GIFT exports are parsed with gift-pegjs")
    if not (JS / "node_modules" / "gift-pegjs").is_dir():
        pytest.skip("tests/js/node_modules is missing: run `npm ci` in tests/js (.ci/run does)")
    return found


def gift_parse(text: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [node(), str(JS / "parse_gift.js")],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, f"gift-pegjs refused the file: {done.stderr}"
    parsed: list[dict[str, object]] = json.loads(done.stdout)
    return parsed


def _t(value: object) -> str:
    assert isinstance(value, dict)
    return str(value["text"])


def gift(data: bytes) -> list[Seen]:
    out = []
    category = None
    for q in gift_parse(data.decode("utf-8")):
        if q["type"] == "Category":
            category = str(q["title"])
            continue
        stem = q["stem"]
        assert isinstance(stem, dict) and stem["format"] == "html"
        fb = q["globalFeedback"]
        seen = Seen(str(q["id"]), "", from_html(_t(stem)), feedback=paragraphs(_t(fb)) if fb else [],
                    tags=list(q["tags"] or []), category=category)  # type: ignore[call-overload]  # fmt: skip
        assert q["title"] == seen.id
        choices = q.get("choices") or []
        assert isinstance(choices, list)
        if q["type"] == "MC":
            seen.kind = "mcq"
            seen.options = [(from_html(_t(c["text"])), bool(c["isCorrect"])) for c in choices]
        elif q["type"] == "TF":
            seen.kind, seen.truth = "true-false", bool(q["isTrue"])
            wrong = q["trueFeedback"]  # gift-pegjs names the first '#' part so; Moodle: feedback if wrong
            seen.wrong_feedback = from_html(_t(wrong)) if wrong else None
            right = q["falseFeedback"]  # the second '#' part; Moodle: feedback if right
            seen.right_feedback = from_html(_t(right)) if right else None
        elif q["type"] == "Short":
            assert all(c["isCorrect"] and c["weight"] in (None, 100) for c in choices)
            answers = [wildcard_literal(_t(c["text"])) for c in choices]
            seen.answers = [answers]
            seen.kind = "cloze" if q["hasEmbeddedAnswers"] and "_____" in seen.text else "short"
            seen.text = re.sub(r"\s*_____\s*", BLANK, seen.text)
        else:
            raise AssertionError(f"unexpected GIFT question {q['type']}")
        out.append(seen)
    return out


# Moodle's own GIFT importer (qformat_gift::readquestion and qformat_default::readquestions), ported for the
# question types quizgen writes: where gift-pegjs and Moodle differ, Moodle is the one that imports.
_PLACEHOLDERS = {"\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;", "\\}": "&&125;",
                 "\\~": "&&126;", "\\n": "&&010"}  # fmt: skip
_CHARS = {
    "&&058;": ":",
    "&&035;": "#",
    "&&061;": "=",
    "&&123;": "{",
    "&&125;": "}",
    "&&126;": "~",
    "&&010": "\n",
}
_WEIGHT = re.compile(r"^%\-*([0-9]{1,2})\.?([0-9]*)%")


def _pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def _post(text: str) -> str:
    for placeholder, char in _CHARS.items():
        text = text.replace(placeholder, char)
    return text


def _with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        if text[1:end] in ("moodle", "html", "plain", "markdown"):
            fmt, text = text[1:end], text[end + 1 :]
    return _post(text).strip(), fmt


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def moodle_gift(data: bytes) -> list[Seen]:
    blocks: list[list[str]] = [[]]
    for line in data.decode("utf-8").split("\n"):  # a blank line ends a question
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    out = []
    category = None
    for lines in blocks:
        comments = "".join(line.strip() + "\n" for line in lines if line.strip().startswith("//"))
        text = "\n".join(" " if line.strip().startswith("//") else line for line in lines).strip()
        if not text:
            continue
        text = _pre(text)
        if text.startswith("$CATEGORY:"):
            category = text[10:].strip()
            continue
        assert text.startswith("::")
        end = text.index("::", 2)
        name, text = _post(text[2:end]).strip(), text[end + 2 :].strip()
        start, finish = text.index("{"), text.index("}")
        answertext = text[start + 1 : finish].strip()
        if text.endswith("}"):
            question = text[:start] + text[finish + 1 :]
        else:
            question = text[:start] + "_____" + text[finish + 1 :]
        gf = answertext.rfind("####")
        general = ""
        if gf >= 0:
            general, answertext = answertext[gf + 4 :], answertext[:gf].strip()
        qtext, fmt = _with_format(question)
        assert fmt == "html"
        idnumber = re.search(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)\]", comments)
        tags = re.findall(r"\[tag:((?:\\]|[^\]<>`\x00-\x1f\x7f])+)\]", comments)
        seen = Seen(idnumber[1].strip() if idnumber else "", "", from_html(qtext).replace("_____", BLANK),
                    feedback=paragraphs(_with_format(general, fmt)[0]), tags=[t.strip() for t in tags],
                    category=category)  # fmt: skip
        assert name == seen.id
        if "~" in answertext:
            seen.kind = "mcq"
            for answer in [a for a in answertext.replace("=", "~=").split("~") if a.strip()]:
                answer = answer.strip()
                if answer[0] == "=":
                    weight, answer = 1.0, answer[1:]
                elif _WEIGHT.match(answer):
                    weight, answer = _weight(answer)
                else:
                    weight = 0.0
                seen.options.append(
                    (from_html(_with_format(answer.split("#", 1)[0].strip(), fmt)[0]), weight == 1)
                )
        elif (answertext.split("#", 1)[0].strip() if "#" in answertext[1:] else answertext) in (
            "T",
            "TRUE",
            "F",
            "FALSE",
        ):
            bits = answertext.split("#", 2)
            seen.kind, seen.truth = "true-false", bits[0].strip() in ("T", "TRUE")
            wrong = _with_format(bits[1].strip(), fmt)[0] if len(bits) > 1 else ""
            seen.wrong_feedback = from_html(wrong) or None
            right = _with_format(bits[2].strip(), fmt)[0] if len(bits) > 2 else ""
            seen.right_feedback = from_html(right) or None
        else:
            answers = []
            for answer in [a for a in answertext.split("=") if a.strip()]:
                answer = answer.strip()
                weight, answer = _weight(answer) if _WEIGHT.match(answer) else (1.0, answer)
                assert weight == 1
                answers.append(wildcard_literal(_with_format(answer.split("#", 1)[0].strip(), fmt)[0]))
            seen.answers = [answers]
            seen.kind = "cloze" if BLANK in seen.text else "short"
        out.append(seen)
    return out


# --- QTI 1.2 ---------------------------------------------------------------------------------------------
@cache
def qti12_dtd() -> etree.DTD:
    with (schemas() / "qti12" / "ims_qtiasiv1p2p1.dtd").open("rb") as f:
        return etree.DTD(f)


def _strip_namespace(tree: etree._Element) -> etree._Element:
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
        for name in [n for n in el.attrib if n.startswith("{")]:
            del el.attrib[name]
    etree.cleanup_namespaces(tree)
    return tree


def qti12(data: bytes) -> list[Seen]:
    z = zipfile.ZipFile(io.BytesIO(data))
    manifest = etree.fromstring(z.read("imsmanifest.xml"))
    hrefs = [f.get("href") for f in manifest.iter("{*}file")]
    assert len(hrefs) == 1 and hrefs[0] in z.namelist()
    doc = _strip_namespace(etree.fromstring(z.read(hrefs[0]), etree.XMLParser(no_network=True)))
    assert qti12_dtd().validate(doc), qti12_dtd().error_log.filter_from_errors()
    out = []
    for item in doc.iter("item"):
        meta = {f.findtext("fieldlabel"): f.findtext("fieldentry") for f in item.iter("qtimetadatafield")}
        qtype = meta["question_type"]
        ident = item.get("ident") or ""
        assert QTI_ID.fullmatch(ident), ident
        pres = item.find("presentation")
        assert pres is not None
        raw = pres.findtext("material/mattext") or ""  # HTML: Canvas finds [blank] names in it
        text = from_html(raw)
        fb = item.find("itemfeedback[@ident='general_fb']")
        feedback = paragraphs(fb.findtext("flow_mat/material/mattext") or "") if fb is not None else []
        seen = Seen(item.get("title") or "", "", text, feedback=feedback)
        scored = {
            v.text
            for c in item.iter("respcondition")
            if c.find("setvar") is not None
            for v in c.iter("varequal")
        }
        if qtype in ("multiple_choice_question", "true_false_question"):
            labels = [
                (lab.get("ident"), from_html(lab.findtext("material/mattext") or ""))
                for lab in pres.iter("response_label")
            ]
            if qtype == "true_false_question":
                seen.kind = "true-false"
                assert [t for _, t in labels] == ["True", "False"]
                seen.truth = "true" in scored
            else:
                seen.kind = "mcq"
                seen.options = [(t, i in scored) for i, t in labels]
        elif qtype == "short_answer_question":
            seen.kind = "short"
            seen.answers = [[v.text or "" for v in item.iter("varequal")]]
        elif qtype == "fill_in_multiple_blanks_question":
            seen.kind = "cloze"
            names = re.findall(r"\[(\w+)\]", raw)
            seen.text = from_html(re.sub(r"\[\w+\]", BLANK, raw))
            for name in names:
                lid = pres.find(f"response_lid[@ident='response_{name}']")
                assert lid is not None and lid.findtext("material/mattext") == name
                seen.answers.append(
                    [lab.findtext("material/mattext") or "" for lab in lid.iter("response_label")]
                )
        else:
            raise AssertionError(qtype)
        out.append(seen)
    return out


# --- QTI 2.1 ---------------------------------------------------------------------------------------------
@cache
def qti21_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(schemas() / "qti21" / "imsqti_v2p1p2.xsd"), parser))


def _inner(el: etree._Element) -> str:
    """An element's content as text: ``<br/>`` a line break, a text entry a blank."""
    out = [el.text or ""]
    for child in el:
        name = etree.QName(child).localname
        if name == "br":
            out.append("\n")
        elif name == "textEntryInteraction":
            out.append(BLANK)
        elif name not in ("prompt", "simpleChoice"):
            out.append(_inner(child))
        out.append(child.tail or "")
    return "".join(out)


def qti21(data: bytes) -> list[Seen]:
    z = zipfile.ZipFile(io.BytesIO(data))
    manifest = etree.fromstring(z.read("imsmanifest.xml"))
    out = []
    for resource in manifest.iter("{*}resource"):
        href = resource.get("href") or ""
        doc = etree.fromstring(z.read(href), etree.XMLParser(no_network=True))
        assert qti21_schema().validate(doc), (href, qti21_schema().error_log.filter_from_errors())
        ns = {"q": "http://www.imsglobal.org/xsd/imsqti_v2p1"}
        ident = doc.get("identifier") or ""
        assert QTI_ID.fullmatch(ident) and resource.get("identifier") == ident, ident
        ids = [el.get("identifier") for el in doc.iter() if el.get("identifier") is not None]
        assert all(QTI_ID.fullmatch(i or "") for i in ids), ids
        modal = doc.find("q:modalFeedback", ns)
        feedback = [_inner(p) for p in modal.findall("q:p", ns)] if modal is not None else []
        seen = Seen(doc.get("title") or "", "", "", feedback=feedback, category=doc.get("label"))
        body = doc.find("q:itemBody", ns)
        assert body is not None
        choice = body.find("q:choiceInteraction", ns)
        responses = {r.get("identifier"): r for r in doc.findall("q:responseDeclaration", ns)}
        processing = doc.find("q:responseProcessing", ns)
        assert processing is not None
        if choice is not None:
            right = responses["RESPONSE"].findtext("q:correctResponse/q:value", namespaces=ns)
            prompt = choice.find("q:prompt", ns)
            seen.text = _inner(prompt) if prompt is not None else ""
            options = [(c.get("identifier"), _inner(c)) for c in choice.findall("q:simpleChoice", ns)]
            assert processing.get("template", "").endswith("/match_correct")
            if [i for i, _ in options] == ["true", "false"]:
                seen.kind, seen.truth = "true-false", right == "true"
            else:
                seen.kind = "mcq"
                seen.options = [(t, i == right) for i, t in options]
        else:
            entries = list(body.iter("{*}textEntryInteraction"))
            paragraphs_ = body.findall("q:p", ns)
            seen.text = "\n".join(_inner(p) for p in paragraphs_).strip()
            for entry in entries:
                decl = responses[entry.get("responseIdentifier")]
                keys = [m.get("mapKey") or "" for m in decl.iter("{*}mapEntry")]
                assert all(m.get("mappedValue") == "1" for m in decl.iter("{*}mapEntry"))
                seen.answers.append(keys)
            if len(paragraphs_) == 2:  # a short item: the prompt, then the entry alone
                assert len(entries) == 1 and _inner(paragraphs_[1]) == BLANK
                seen.kind, seen.text = "short", _inner(paragraphs_[0])
            else:
                seen.kind = "cloze"
            if len(entries) == 1:
                assert processing.get("template", "").endswith("/map_response")
        out.append(seen)
    return out


# --- Blackboard ------------------------------------------------------------------------------------------
def blackboard(data: bytes) -> list[Seen]:
    out = []
    text = data.decode("utf-8")
    assert text.endswith("\n") and "\r" not in text
    for line in text.splitlines():
        fields = line.split("\t")
        kind, question, rest = fields[0], from_html(fields[1]), fields[2:]
        seen = Seen("", "", question)
        if kind == "MC":
            assert len(rest) % 2 == 0 and set(rest[1::2]) <= {"correct", "incorrect"}
            seen.kind = "mcq"
            seen.options = [
                (from_html(t), c == "correct") for t, c in zip(rest[::2], rest[1::2], strict=True)
            ]
        elif kind == "TF":
            assert rest in (["true"], ["false"])
            seen.kind, seen.truth = "true-false", rest == ["true"]
        elif kind == "FIB":
            seen.kind = "cloze" if "_____" in question else "short"
            seen.text = question.replace("_____", BLANK)
            seen.answers = [rest]
        elif kind == "FIB_PLUS":  # variables parted by an empty field: name, then its answers
            groups = "\t".join(rest).split("\t\t")
            assert 1 < len(groups) <= 10 and all(groups)
            names = [g.split("\t")[0] for g in groups]
            assert all(re.fullmatch(r"[A-Za-z0-9._-]+", n) for n in names) and len(set(names)) == len(names)
            # the variables, in the order they are written, are the only [name] in the raw text
            assert re.findall(r"\[([^\]]*)\]", fields[1]) == names
            raw = fields[1]
            for name in names:
                raw = raw.replace(f"[{name}]", "\x00")
            seen.kind, seen.text = "cloze", from_html(raw).replace("\x00", BLANK)
            seen.answers = [g.split("\t")[1:] for g in groups]
        else:
            raise AssertionError(kind)
        out.append(seen)
    return out


READERS = {
    "moodle": moodle,
    "gift": gift,
    "gift-moodle": moodle_gift,
    "qti12": qti12,
    "qti21": qti21,
    "blackboard": blackboard,
}
