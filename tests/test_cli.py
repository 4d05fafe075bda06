"""The ``quizgen`` command: output formats, exit codes, ordering, ``rules``, ``schema`` and help."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizgen.checks import RULES
from quizgen.checks.example import BANK_FILE, FILES, examples, write
from quizgen.cli import app
from quizgen.load.bankformat import json_schema

ITEM = FILES[BANK_FILE]
runner = CliRunner()


def _example(code: str, fails: bool = True) -> dict[str, str]:
    return dict(next(e for e in examples(RULES[code]) if e.fails is fails).files)


def _check(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["check", "--root", str(root), *args])
    assert result.exception is None or type(result.exception) is SystemExit, result.exception
    return result.exit_code, result.stdout, result.stderr


QUOTE_ERROR = (
    "question_bank/example.yaml:8:14: error: quote not found in seeds/example.txt; "
    "copy the article's wording verbatim [QG201]"
)
QUOTE_RELATED = (
    "seeds/example.txt:5:49: closest passage (93.4% similar): "
    '"Portuguese Foreign Minister Ana Costa said after the meeting."'
)


@pytest.fixture
def failing(tmp_path: Path) -> Path:
    write(tmp_path, _example("QG201"))
    return tmp_path


@pytest.fixture
def warning_only(tmp_path: Path) -> Path:
    write(tmp_path, _example("QG203"))
    return tmp_path


def test_text_format(failing: Path) -> None:
    code, out, err = _check(failing)
    assert code == 1
    assert out == (f"{QUOTE_ERROR}\n    {QUOTE_RELATED}\nchecked 1 question against 2 articles: 1 error\n")
    assert err == ""
    assert "\x1b[" not in out  # no colour when stdout is not a terminal


def test_text_is_the_default_format(failing: Path) -> None:
    assert _check(failing) == _check(failing, "--format", "text") == _check(failing, "-f", "text")


def test_json_format(failing: Path) -> None:
    code, out, err = _check(failing, "--format", "json")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert data["summary"] == {"error": 1, "warning": 0, "note": 0}
    assert data["diagnostics"] == [
        {
            "path": "question_bank/example.yaml",
            "line": 8,
            "column": 14,
            "severity": "error",
            "code": "QG201",
            "message": "quote not found in seeds/example.txt; copy the article's wording verbatim",
            "item": "costa-role",
            "related": [
                {
                    "path": "seeds/example.txt",
                    "line": 5,
                    "column": 49,
                    "message": "closest passage (93.4% similar): "
                    '"Portuguese Foreign Minister Ana Costa said after the meeting."',
                }
            ],
        }
    ]
    assert "checked" not in out  # no human summary line in machine output


def test_json_format_when_clean(tmp_path: Path) -> None:
    write(tmp_path, {})
    code, out, _ = _check(tmp_path, "--format", "json")
    assert code == 0
    assert json.loads(out) == {"diagnostics": [], "summary": {"error": 0, "warning": 0, "note": 0}}


def test_github_format(failing: Path) -> None:
    code, out, err = _check(failing, "--format", "github")
    assert (code, err) == (1, "")
    assert out == (
        "::error file=question_bank/example.yaml,line=8,col=14,title=QG201::quote not found in "
        "seeds/example.txt; copy the article's wording verbatim%0A" + QUOTE_RELATED.replace("%", "%25") + "\n"
    )


def test_github_format_warning_and_escaped_file_name(tmp_path: Path) -> None:
    files = _example("QG203")
    files["question_bank/a,b: c.yaml"] = files.pop(BANK_FILE)
    write(tmp_path, files)
    (tmp_path / BANK_FILE).unlink()
    code, out, _ = _check(tmp_path, "--format", "github")
    assert code == 0
    assert out == (
        "::warning file=question_bank/a%2Cb%3A c.yaml,line=8,col=14,title=QG203::evidence quote 'in Lisbon' is "
        "too short to show the fact; quote the clause that states it\n"
    )


def test_exit_0_when_clean(tmp_path: Path) -> None:
    write(tmp_path, {})
    assert _check(tmp_path) == (0, "checked 1 question against 2 articles: no problems\n", "")
    assert _check(tmp_path, "--strict")[0] == 0


def test_exit_1_on_errors_with_or_without_strict(failing: Path) -> None:
    assert _check(failing)[0] == 1
    assert _check(failing, "--strict")[0] == 1


WARNING_LINE = (
    "question_bank/example.yaml:8:14: warning: evidence quote 'in Lisbon' is too short to show the fact; "
    "quote the clause that states it [QG203]"
)


def test_warnings_only_exit_0_without_strict(warning_only: Path) -> None:
    assert _check(warning_only) == (
        0,
        f"{WARNING_LINE}\nchecked 1 question against 2 articles: 1 warning\n",
        "",
    )


def test_warnings_only_exit_2_with_strict(warning_only: Path) -> None:
    code, out, _ = _check(warning_only, "--strict")
    assert code == 2
    assert out.splitlines()[0] == WARNING_LINE
    assert _check(warning_only, "--strict", "--format", "json")[0] == 2
    assert _check(warning_only, "--strict", "--format", "github")[0] == 2


def test_unknown_format_is_a_usage_error(failing: Path) -> None:
    assert _check(failing, "--format", "xml")[0] == 2


def _unsorted_project(root: Path) -> None:
    bad_quote = ITEM.replace("rojas-role", "rojas-quote").replace("did not cover copper.", "excluded copper.")
    tagged = ITEM.replace("rojas-role", "rojas-tags").replace(
        "  review:", "  tags: [a tag, another tag, ok]\n  review:"
    )
    write(
        root,
        {
            BANK_FILE: ITEM + bad_quote + tagged,
            # line 16 must sort after line 3: numerically, not as text
            "question_bank/a.yaml": ITEM.replace("rojas-role", "rojas-topic").replace(
                "topic: role", "topic: roles"
            )
            + ITEM.replace("rojas-role", "rojas-source").replace("source: example", "source: exmaple"),
            "seeds/extra.txt": "An article nobody catalogued.\n",
        },
    )


_LOCATION = re.compile(r"^(\S+?):(\d+):(\d+): ")


def test_diagnostics_are_sorted_by_path_line_column(tmp_path: Path) -> None:
    _unsorted_project(tmp_path)
    code, out, _ = _check(tmp_path)
    assert code == 1
    found = [
        (m[1], int(m[2]), int(m[3])) for line in out.splitlines() if (m := _LOCATION.match(line)) is not None
    ]
    assert found == [
        ("question_bank/a.yaml", 3, 10),
        ("question_bank/a.yaml", 16, 15),
        ("question_bank/example.yaml", 17, 14),
        ("question_bank/example.yaml", 27, 10),
        ("question_bank/example.yaml", 27, 17),
        ("seeds/extra.txt", 1, 1),
    ]
    assert found == sorted(found)
    data = json.loads(_check(tmp_path, "--format", "json")[1])
    assert [(d["path"], d["line"], d["column"]) for d in data["diagnostics"]] == found
    github = _check(tmp_path, "--format", "github")[1].splitlines()
    assert [re.search(r"file=([^,]+),line=(\d+),col=(\d+)", g).groups() for g in github] == [  # type: ignore[union-attr]
        (p, str(line), str(col)) for p, line, col in found
    ]


def test_rules_lists_every_code() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)
    rule = RULES["QG201"]
    assert f"QG201  error    {rule.name:<28} {rule.summary}" in lines
    assert any(line.startswith("QG203  warning  evidence-too-short") for line in lines)


def test_rules_shows_one_rule_in_full() -> None:
    rule = RULES["QG201"]
    expected = f"QG201 evidence-not-found (error)\n\n{rule.summary}\n\n{rule.doc}"
    for code in ("QG201", "qg201"):
        result = runner.invoke(app, ["rules", code])
        assert result.exit_code == 0
        assert result.stdout == expected


def test_rules_unknown_code_exits_2() -> None:
    result = runner.invoke(app, ["rules", "QG999"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "quizgen: no rule 'QG999'; `quizgen rules` lists them\n"


def test_schema_prints_the_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == json_schema()


COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]


def test_the_commands() -> None:
    assert COMMANDS == [
        "check",
        "approve",
        "coverage",
        "rules",
        "schema",
        "build",
        "draft",
        "review",
        "relations",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    callback = next(c.callback for c in app.registered_commands if (c.name or c.callback.__name__) == command)  # type: ignore[union-attr]
    first_line = (callback.__doc__ or "").strip().splitlines()[0]
    assert first_line
    assert first_line[:40] in " ".join(result.stdout.split())


def test_app_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.stdout
