"""Each rule's code is written once in the package, in its ``Rule(...)`` definition; everything else reports
and compares through the rule, so a code cannot drift from what ``quizgen rules`` documents.

Docstrings may name codes (``QG404`` beside the constant it tunes helps a reader find the rule); they are
prose, never compared against, so they are allowed, but each code they name must exist.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from pathlib import Path

import quizgen
from quizgen.checks import RULES

PACKAGE = Path(quizgen.__file__).parent
CODE = re.compile(r"QG\d{3}")


def _docstrings(tree: ast.Module) -> set[int]:
    """Ids of the string constants that are bare expression statements: module, class, function and attribute
    docstrings."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def _rule_codes(tree: ast.Module) -> set[int]:
    """Ids of the string constants that are the first argument of a ``Rule(...)`` call: the definitions."""
    return {
        id(node.args[0])
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "Rule"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


def _scan(source: str) -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """(codes defined in ``Rule(...)``, codes named in docstrings, (line, code) written anywhere else)."""
    tree = ast.parse(source)
    docs, definitions = _docstrings(tree), _rule_codes(tree)
    defined: list[str] = []
    documented: list[str] = []
    elsewhere: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue  # f-strings are walked too: their literal parts are Constant nodes
        for code in CODE.findall(node.value):
            if id(node) in definitions and node.value == code:
                defined.append(code)
            elif id(node) in docs:
                documented.append(code)
            else:
                elsewhere.append((node.lineno, code))
    return defined, documented, elsewhere


def test_every_code_is_written_once_in_its_rule_and_nowhere_else() -> None:
    defined: Counter[str] = Counter()
    stray: list[str] = []
    unknown_in_docs: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent)
        here, documented, elsewhere = _scan(path.read_text(encoding="utf-8"))
        defined.update(here)
        stray += [f"{rel}:{line}: {code}" for line, code in elsewhere]
        unknown_in_docs += [f"{rel}: {code}" for code in documented if code not in RULES]
    assert stray == [], "write these through their Rule (diag(RULE, ...), RULE.code), not as literals"
    assert {code for code, n in defined.items() if n > 1} == set()
    assert set(defined) == set(RULES), "every registered rule is defined by a Rule(...) with a literal code"
    assert unknown_in_docs == []


def test_the_scan_finds_a_planted_literal() -> None:
    source = '''
"""Module doc naming QG201."""
RULE = Rule("QG201", "evidence-not-found", Severity.ERROR, "s", "doc")
OTHER = Rule("QG202", "n", Severity.ERROR, "s", "see QG201")
def f(d):
    """Doc naming QG105."""
    return d.code == "QG105" or Diagnostic(loc, Severity.ERROR, f"QG{1}01 QG106", "m")
'''
    defined, documented, elsewhere = _scan(source)
    assert defined == ["QG201", "QG202"]
    assert sorted(documented) == ["QG105", "QG201"]
    assert sorted(elsewhere) == [(4, "QG201"), (7, "QG105"), (7, "QG106")]


def test_reporting_goes_through_rules() -> None:
    """Only :func:`quizgen.core.rules.diag` makes a Diagnostic, so its code and severity come from a rule."""
    makers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Diagnostic"
            ):
                makers.append(str(path.relative_to(PACKAGE.parent)))
    assert makers == ["quizgen/core/rules.py"]
