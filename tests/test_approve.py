"""``quizgen approve``: writes the review record surgically, refuses failing items and writes nothing then."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen import api
from quizgen.checks import RULES
from quizgen.checks.example import BANK_FILE, FILES, examples, write
from quizgen.cli import app
from quizgen.core.errors import QuizgenError
from quizgen.core.model import ReviewStatus
from quizgen.review.approve import approve

ITEM = FILES[BANK_FILE]
HASH = re.compile(r"sha256:[0-9a-f]{16}")

BANK = """\
# Example bank: comments, odd spacing and both review styles.

- id: rojas-role    # first item
  type:   short
  topic: role
  prompt: What post does Pablo Rojas hold?
  answer: Chilean Foreign Minister
  evidence:
    - source: example
      quote: Chilean Foreign Minister Pablo Rojas said the deal did not cover copper.
  review:
    status: draft   # not reviewed yet
    # a comment inside the review mapping
  tags: [rojas,  role]

# the second item keeps a flow-style review
- id: costa-role
  type: short
  topic: role
  prompt: What post does Ana Costa hold?
  answer: Portuguese Foreign Minister
  evidence:
    - source: example
      quote: Portuguese Foreign Minister Ana Costa said after the meeting
  review: { status: draft }    # flow
"""
BLOCK_REVIEW = "status: draft"  # the block-style review value of rojas-role, as written
FLOW_REVIEW = "{ status: draft }"  # the flow-style review value of costa-role, as written


def _invoke(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["approve", *args, "--root", str(root)])
    assert result.exception is None or type(result.exception) is SystemExit, result.exception
    return result.exit_code, result.stdout, result.stderr


def _approve(root: Path, *ids: str, by: str = "Ana", extra: tuple[str, ...] = ()) -> tuple[int, str, str]:
    return _invoke(root, *ids, "--by", by, "--on", "2025-06-04", *extra)


def _hashes(out: str) -> dict[str, str]:
    return {
        m[1]: m[2] for m in re.finditer(r"^approved (\S+) \(\S+, (sha256:[0-9a-f]{16})\)$", out, re.MULTILINE)
    }


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    write(tmp_path, {BANK_FILE: BANK})
    assert [d for d in api.check(tmp_path).diagnostics if d.severity.value != "note"] == []
    return tmp_path / BANK_FILE


def test_approve_writes_the_record_and_check_is_clean(bank: Path) -> None:
    root = bank.parent.parent
    code, out, err = _approve(root, "rojas-role")
    assert (code, err) == (0, "")
    hashes = _hashes(out)
    assert list(hashes) == ["rojas-role"]
    assert out == f"approved rojas-role (question_bank/example.yaml, {hashes['rojas-role']})\n"
    result = api.check(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    review = next(q for q in result.project.bank.questions if q.id == "rojas-role").review
    assert review.status is ReviewStatus.APPROVED
    assert review.by == "Ana"
    assert review.on == dt.date(2025, 6, 4)
    assert review.hash == hashes["rojas-role"]
    other = next(q for q in result.project.bank.questions if q.id == "costa-role").review
    assert other.status is ReviewStatus.DRAFT
    check = CliRunner().invoke(app, ["check", "--root", str(root)])
    assert check.exit_code == 0


def test_block_review_stays_block_and_the_rest_is_byte_identical(bank: Path) -> None:
    code, out, _ = _approve(bank.parent.parent, "rojas-role")
    assert code == 0
    digest = _hashes(out)["rojas-role"]
    i = BANK.index(BLOCK_REVIEW)
    before, after = BANK[:i], BANK[i + len(BLOCK_REVIEW) :]
    new = f"status: approved\n    by: Ana\n    on: 2025-06-04\n    hash: {digest}"
    assert bank.read_bytes() == (before + new + after).encode()


def test_flow_review_stays_flow_and_the_rest_is_byte_identical(bank: Path) -> None:
    code, out, _ = _approve(bank.parent.parent, "costa-role")
    assert code == 0
    digest = _hashes(out)["costa-role"]
    i = BANK.index(FLOW_REVIEW)
    before, after = BANK[:i], BANK[i + len(FLOW_REVIEW) :]
    new = f"{{status: approved, by: Ana, on: 2025-06-04, hash: {digest}}}"
    assert bank.read_bytes() == (before + new + after).encode()


def test_approving_both_in_one_call_edits_both_and_nothing_else(bank: Path) -> None:
    code, out, _ = _approve(bank.parent.parent, "costa-role", "rojas-role")
    assert code == 0
    hashes = _hashes(out)
    assert list(hashes) == ["costa-role", "rojas-role"]  # in the order asked
    expected = BANK.replace(
        BLOCK_REVIEW,
        f"status: approved\n    by: Ana\n    on: 2025-06-04\n    hash: {hashes['rojas-role']}",
        1,
    ).replace(FLOW_REVIEW, f"{{status: approved, by: Ana, on: 2025-06-04, hash: {hashes['costa-role']}}}", 1)
    assert bank.read_text(encoding="utf-8") == expected
    assert [d for d in api.check(bank.parent.parent).diagnostics if d.severity.value != "note"] == []


def test_reapproving_replaces_the_record(bank: Path) -> None:
    root = bank.parent.parent
    assert _approve(root, "costa-role")[0] == 0
    first = bank.read_text(encoding="utf-8")
    code, _, _ = _invoke(root, "costa-role", "--by", "Bea", "--on", "2025-07-01")
    assert code == 0
    assert bank.read_text(encoding="utf-8") == first.replace(
        "by: Ana, on: 2025-06-04", "by: Bea, on: 2025-07-01"
    )
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


NAMES = [
    "Ana: QA",
    "yes",
    "No",
    "null",
    "~",
    "2025",
    "José Saramago",
    "O'Brien",
    'Ana "the reviewer"',
    "back\\slash",
    "Ana #1",
    "#1",
    "- dash",
    "[x], {y}",
    "@handle",
    "tab\there",
    "two\nlines",
    "line\u2028separator",
    "next\x85line",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("item", ["rojas-role", "costa-role"])
def test_reviewer_names_round_trip(bank: Path, item: str, name: str) -> None:
    root = bank.parent.parent
    code, _, err = _approve(root, item, by=name)
    assert (code, err) == (0, "")
    result = api.check(root)
    assert [d for d in result.diagnostics if d.severity.value != "note"] == []
    review = next(q for q in result.project.bank.questions if q.id == item).review
    assert review.by == name
    assert review.status is ReviewStatus.APPROVED


def test_reviewer_name_is_stripped_and_required(bank: Path) -> None:
    root = bank.parent.parent
    assert _approve(root, "rojas-role", by="  Ana  ")[0] == 0
    assert "    by: Ana\n" in bank.read_text(encoding="utf-8")
    before = bank.read_bytes()
    code, out, err = _approve(root, "costa-role", by="   ")
    assert (code, out, err) == (1, "", "quizgen: --by must name the reviewer\n")
    assert bank.read_bytes() == before


@pytest.mark.parametrize(
    ("by", "why"),
    [
        ("A" * 201, "--by is 201 characters long, over the limit of 200: shorten it"),
        (" " + "A" * 5000, "--by is 5000 characters long, over the limit of 200: shorten it"),
    ],
)
def test_a_reviewer_name_the_check_would_refuse_is_not_written(bank: Path, by: str, why: str) -> None:
    # A 5000-character name was written, and the next check then failed the file it had just approved (QG110).
    before = bank.read_bytes()
    code, out, err = _approve(bank.parent.parent, "rojas-role", by=by)
    assert (code, out, err) == (1, "", f"quizgen: {why}\n")
    assert bank.read_bytes() == before


def _failing_project(root: Path) -> Path:
    files = dict(next(e for e in examples(RULES["QG201"]) if e.fails).files)
    write(root, files)
    return root / BANK_FILE


QG201_LINE = (
    "question_bank/example.yaml:8:14: error: quote not found in seeds/example.txt; "
    "copy the article's wording verbatim [QG201]"
)


def test_a_failing_item_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    path = _failing_project(tmp_path)
    before = path.read_bytes()
    code, out, err = _approve(tmp_path, "costa-role")
    assert code == 1
    assert out.splitlines()[0] == QG201_LINE
    assert out.splitlines()[1].startswith("    seeds/example.txt:5:49: closest passage")
    assert err == "quizgen: not approved (nothing written): costa-role fail their checks\n"
    assert path.read_bytes() == before


def test_unknown_id_is_refused(bank: Path) -> None:
    before = bank.read_bytes()
    code, out, err = _approve(bank.parent.parent, "rojas-role", "nope")
    assert (code, out, err) == (1, "", "quizgen: no such question: nope\n")
    assert bank.read_bytes() == before


def test_one_failing_item_of_two_blocks_both(tmp_path: Path) -> None:
    failing = next(e for e in examples(RULES["QG201"]) if e.fails).files[BANK_FILE]
    write(
        tmp_path,
        {BANK_FILE: BANK, "question_bank/failing.yaml": failing.replace("costa-role", "costa-paraphrase")},
    )
    paths = [tmp_path / BANK_FILE, tmp_path / "question_bank" / "failing.yaml"]
    before = [p.read_bytes() for p in paths]
    code, out, err = _approve(tmp_path, "rojas-role", "costa-paraphrase")
    assert code == 1
    assert out.splitlines()[0] == QG201_LINE.replace("example.yaml", "failing.yaml")
    assert err == "quizgen: not approved (nothing written): costa-paraphrase fail their checks\n"
    assert [p.read_bytes() for p in paths] == before


def test_one_failing_item_of_two_in_the_same_file_blocks_both(tmp_path: Path) -> None:
    failing = next(e for e in examples(RULES["QG201"]) if e.fails).files[BANK_FILE]
    write(tmp_path, {BANK_FILE: ITEM + failing})
    before = (tmp_path / BANK_FILE).read_bytes()
    code, _, err = _approve(tmp_path, "costa-role", "rojas-role")
    assert code == 1
    assert err == "quizgen: not approved (nothing written): costa-role fail their checks\n"
    assert (tmp_path / BANK_FILE).read_bytes() == before


def test_structurally_broken_item_is_refused(tmp_path: Path) -> None:
    write(tmp_path, {BANK_FILE: ITEM.replace("  answer: Chilean Foreign Minister\n", "")})
    before = (tmp_path / BANK_FILE).read_bytes()
    code, out, err = _approve(tmp_path, "rojas-role")
    assert code == 1
    assert out == "question_bank/example.yaml:1:3: error: a short question needs 'answer' [QG101]\n"
    assert err == "quizgen: fix the structure of these items first: rojas-role\n"
    assert (tmp_path / BANK_FILE).read_bytes() == before


def test_editing_the_prompt_after_approval_gives_qg601(bank: Path) -> None:
    root = bank.parent.parent
    assert _approve(root, "rojas-role")[0] == 0
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("Rojas hold?", "Rojas hold now?"), encoding="utf-8"
    )
    found = api.check(root).diagnostics
    assert [(d.code, str(d.location), d.item) for d in found] == [
        ("QG601", "question_bank/example.yaml:12:5", "rojas-role")
    ]
    assert "changed since approval by Ana on 2025-06-04" in found[0].message


def test_editing_tags_after_approval_is_fine(bank: Path) -> None:
    root = bank.parent.parent
    assert _approve(root, "rojas-role")[0] == 0
    bank.write_text(
        bank.read_text(encoding="utf-8").replace("[rojas,  role]", "[rojas, role, new]"), encoding="utf-8"
    )
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


def test_editing_the_cited_article_after_approval_gives_qg601(bank: Path) -> None:
    root = bank.parent.parent
    assert _approve(root, "rojas-role", "costa-role")[0] == 0
    article = root / "seeds" / "example.txt"
    article.write_text(article.read_text(encoding="utf-8") + "A line added later.\n", encoding="utf-8")
    found = api.check(root).diagnostics
    assert [(d.code, str(d.location), d.item) for d in found] == [
        ("QG601", "question_bank/example.yaml:12:5", "rojas-role"),
        ("QG601", "question_bank/example.yaml:28:11", "costa-role"),  # 3 lines lower now
    ]
    # approving again after a fresh review clears it
    assert _approve(root, "rojas-role", "costa-role")[0] == 0
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


def test_editing_an_uncited_article_keeps_the_approval(bank: Path) -> None:
    root = bank.parent.parent
    assert _approve(root, "rojas-role")[0] == 0
    wire = root / "seeds" / "wire.txt"
    wire.write_text(wire.read_text(encoding="utf-8") + "More.\n", encoding="utf-8")
    assert [d for d in api.check(root).diagnostics if d.severity.value != "note"] == []


def test_a_warning_blocks_approval_unless_accepted(tmp_path: Path) -> None:
    write(tmp_path, dict(next(e for e in examples(RULES["QG203"]) if e.fails).files))
    path = tmp_path / BANK_FILE
    before = path.read_bytes()
    warning = (
        "question_bank/example.yaml:8:14: warning: evidence quote 'in Lisbon' is too short to show the fact; "
        "quote the clause that states it [QG203]\n"
    )
    code, out, err = _approve(tmp_path, "meeting-place")
    assert (code, out) == (1, warning)
    assert err == (
        "quizgen: not approved (nothing written): meeting-place fail their checks; "
        "--accept-warnings to approve anyway\n"
    )
    assert path.read_bytes() == before

    code, out, err = _approve(tmp_path, "meeting-place", extra=("--accept-warnings",))
    assert (code, err) == (0, "")
    digest = _hashes(out)["meeting-place"]
    assert out == warning + f"approved meeting-place (question_bank/example.yaml, {digest})\n"
    assert path.read_text(encoding="utf-8") == before.decode().replace(
        "review: {status: draft}", f"review: {{status: approved, by: Ana, on: 2025-06-04, hash: {digest}}}"
    )
    assert [d.code for d in api.check(tmp_path).diagnostics] == ["QG203"]


def test_accept_warnings_does_not_let_errors_through(tmp_path: Path) -> None:
    path = _failing_project(tmp_path)
    before = path.read_bytes()
    code, _, err = _approve(tmp_path, "costa-role", extra=("--accept-warnings",))
    assert code == 1
    assert err == "quizgen: not approved (nothing written): costa-role fail their checks\n"
    assert path.read_bytes() == before


def test_bad_date_is_a_usage_error(bank: Path) -> None:
    before = bank.read_bytes()
    code, _, err = _invoke(bank.parent.parent, "rojas-role", "--by", "Ana", "--on", "4 June 2025")
    assert code == 2
    assert err == "quizgen: --on must be a date written YYYY-MM-DD, not '4 June 2025'\n"
    assert bank.read_bytes() == before


def test_library_function_raises_with_diagnostics(tmp_path: Path) -> None:
    path = _failing_project(tmp_path)
    before = path.read_bytes()
    with pytest.raises(QuizgenError) as info:
        approve(tmp_path, ["costa-role"], by="Ana", on=dt.date(2025, 6, 4))
    assert [d.code for d in info.value.diagnostics] == ["QG201"]
    assert path.read_bytes() == before
    # and the default date is today
    write(tmp_path, {BANK_FILE: BANK})
    result = approve(tmp_path, ["rojas-role"], by="Ana")
    assert [a.id for a in result.approved] == ["rojas-role"]
    assert HASH.fullmatch(result.approved[0].hash)
    assert f"on: {dt.date.today().isoformat()}" in (tmp_path / BANK_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_before_the_review_do_not_shift_the_edit(
    tmp_path: Path, separator: str
) -> None:
    """YAML counts U+2028, U+2029 and U+0085 as line breaks: the edit must use offsets, not line:col."""
    text = BANK.replace(
        "  answer: Chilean Foreign Minister\n",
        f'  answer: Chilean Foreign Minister\n  explanation: "He said{separator}so."\n',
    )
    write(tmp_path, {BANK_FILE: text})
    assert [d for d in api.check(tmp_path).diagnostics if d.severity.value != "note"] == []
    code, out, _ = _approve(tmp_path, "rojas-role", "costa-role")
    assert code == 0
    hashes = _hashes(out)
    expected = text.replace(
        BLOCK_REVIEW,
        f"status: approved\n    by: Ana\n    on: 2025-06-04\n    hash: {hashes['rojas-role']}",
        1,
    ).replace(FLOW_REVIEW, f"{{status: approved, by: Ana, on: 2025-06-04, hash: {hashes['costa-role']}}}", 1)
    assert (tmp_path / BANK_FILE).read_text(encoding="utf-8") == expected
    assert [d for d in api.check(tmp_path).diagnostics if d.severity.value != "note"] == []


def test_approve_keeps_crlf_line_endings_and_a_byte_order_mark(tmp_path: Path) -> None:
    from quizgen.checks.example import FILES, write

    write(tmp_path, {})
    bank = tmp_path / "question_bank" / "example.yaml"
    body = FILES["question_bank/example.yaml"].replace(
        "  review: {status: draft}\n", "  review:\n    status: draft\n"
    )
    bank.write_bytes(b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode())
    result = CliRunner().invoke(
        app, ["approve", "rojas-role", "--by", "Ana", "--on", "2025-06-04", "--root", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    data = bank.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"    status: approved\r\n    by: Ana\r\n    on: 2025-06-04\r\n    hash: sha256:" in data


def test_approve_refuses_an_id_used_twice(tmp_path: Path) -> None:
    from quizgen.checks.example import FILES, write

    item = FILES["question_bank/example.yaml"]
    write(tmp_path, {"question_bank/example.yaml": item + item.replace("What post", "Which post")})
    before = (tmp_path / "question_bank" / "example.yaml").read_bytes()
    result = CliRunner().invoke(app, ["approve", "rojas-role", "--by", "Ana", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "QG105" in result.output
    assert (tmp_path / "question_bank" / "example.yaml").read_bytes() == before
