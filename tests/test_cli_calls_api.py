"""The CLI holds no business logic: each command calls exactly one ``api`` function, and ``quizgen/cli/*.py``
import nothing of quizgen but ``api``, ``core`` and ``cli`` (read from the source's syntax tree, so a command
that is never run in a test is held to it too)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CLI = Path(__file__).resolve().parent.parent / "quizgen" / "cli"
ALLOWED = ("quizgen.api", "quizgen.core", "quizgen.cli")
"""What a CLI module may import from quizgen (a module or anything inside it)."""
COMMANDS = {"check", "relations", "approve", "coverage", "rules", "schema", "build", "draft", "review", "attribution",
            "meetings", "selftest", "stats", "aliases"}  # fmt: skip
"""Every command the CLI has: a command the checker does not see as one is a failure, not a pass."""


def _allowed(module: str) -> bool:
    return any(module == a or module.startswith(a + ".") for a in ALLOWED)


def _is_command(fn: ast.FunctionDef) -> bool:
    """Registered with typer: ``@app.command()``, ``@eval_app.command()``, ``@selftest_app.callback()``..."""
    for deco in fn.decorator_list:
        target = deco.func if isinstance(deco, ast.Call) else deco
        if isinstance(target, ast.Attribute) and target.attr in ("command", "callback"):
            return True
    return False


def _api_calls(node: ast.AST) -> list[str]:
    """The ``api.<name>(...)`` calls under ``node``."""
    return [
        n.func.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and isinstance(n.func.value, ast.Name)
        and n.func.value.id == "api"
    ]


def problems(source: str, name: str) -> tuple[list[str], set[str]]:
    """What breaks the rules in one CLI module's ``source``, and the commands it defines."""
    tree = ast.parse(source, name)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            base = node.module
            modules = [f"{base}.{a.name}" for a in node.names] if base == "quizgen" else [base]
        else:
            continue
        for module in modules:
            if (module == "quizgen" or module.startswith("quizgen.")) and not _allowed(module):
                found.append(
                    f"{name}:{node.lineno}: imports {module} (the CLI imports only api, core and cli)"
                )
    commands: set[str] = set()
    in_commands: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and _is_command(node):
            commands.add(node.name)
            calls = _api_calls(node)
            in_commands.update(id(n) for n in ast.walk(node))
            if len(calls) != 1:
                found.append(
                    f"{name}:{node.lineno}: command {node.name} calls {len(calls)} api functions "
                    f"({', '.join(calls) or 'none'}); a command calls exactly one"
                )
    for node in ast.walk(tree):
        if id(node) not in in_commands and _api_calls(node) and isinstance(node, ast.Call):
            found.append(f"{name}:{node.lineno}: api called outside a command (a helper must not add a call)")
    return found, commands


def test_every_command_calls_one_api_function_and_imports_only_api_core_cli() -> None:
    found: list[str] = []
    commands: set[str] = set()
    for path in sorted(CLI.glob("*.py")):
        module_problems, module_commands = problems(path.read_text("utf-8"), f"quizgen/cli/{path.name}")
        found += module_problems
        commands |= module_commands
    assert found == []
    assert commands == COMMANDS


GOOD = """
from quizgen.cli.app import app

@app.command()
def good() -> None:
    from quizgen import api
    from quizgen.core.errors import QuizgenError
    try:
        api.check(".")
    except QuizgenError:
        pass
"""


@pytest.mark.parametrize(
    ("planted", "expected"),
    [
        (GOOD, []),
        (
            GOOD.replace('api.check(".")', 'api.check(".")\n        api.coverage(".")'),
            ["m.py:5: command good calls 2 api functions (check, coverage); a command calls exactly one"],
        ),
        (
            GOOD.replace('api.check(".")', "pass"),
            ["m.py:5: command good calls 0 api functions (none); a command calls exactly one"],
        ),
        (
            GOOD.replace("from quizgen.core.errors", "from quizgen.selftest.pool"),
            ["m.py:7: imports quizgen.selftest.pool (the CLI imports only api, core and cli)"],
        ),
        (
            "from quizgen import checks\n" + GOOD,
            ["m.py:1: imports quizgen.checks (the CLI imports only api, core and cli)"],
        ),
        (
            GOOD + "\ndef helper() -> None:\n    from quizgen import api\n    api.build('.')\n",
            ["m.py:15: api called outside a command (a helper must not add a call)"],
        ),
        (
            GOOD.replace("@app.command()", "@selftest_app.callback(invoke_without_command=True)").replace(
                'api.check(".")', "pass"
            ),
            ["m.py:5: command good calls 0 api functions (none); a command calls exactly one"],
        ),
    ],
)
def test_the_checker_catches_planted_violations(planted: str, expected: list[str]) -> None:
    found, commands = problems(planted, "m.py")
    assert found == expected
    assert commands == {"good"}
