"""quizgen.cli.coerce gives every parameter it takes over the value (or the error) typer's pydantic adapter
gives, and spares `quizgen draft` the import of pydantic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from quizgen.cli import app, coerce
from tests.draft_project import copy_project


def _parameters() -> list[tuple[str, Any, _TyperParameter]]:
    out = []

    def walk(command: Any, path: str) -> None:
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())
        for param in command.params:
            if isinstance(param, _TyperParameter):
                out.append((path, command, param))

    walk(typer.main.get_command(app), "")
    return out


def _outcome(runtime: Any, value: object, param: _TyperParameter, ctx: Context) -> tuple[str, object]:
    try:
        value = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "error", (type(exc).__name__, exc.format_message())
    return type(value).__name__, value


def test_takes_over_the_text_path_and_flag_parameters() -> None:
    kinds = {
        str(p.type_descriptor.annotation) for _, _, p in _parameters() if coerce.takes_over(p.type_descriptor)
    }
    assert kinds == {str(str), str(Path), str(list[str]), str(bool)}
    kept = [p for _, _, p in _parameters() if not coerce.takes_over(p.type_descriptor)]
    assert kept, "numbers and choices keep typer's coercion"


def test_same_values_and_errors_as_typer(tmp_path: Path) -> None:
    (tmp_path / "file.txt").write_text("x", "utf-8")
    (tmp_path / "dir").mkdir()
    texts = [
        "x",
        "",
        "-",
        " a b ",
        "ü/é",
        str(tmp_path / "file.txt"),
        str(tmp_path / "dir"),
        str(tmp_path / "no"),
    ]
    compared = 0
    for path, command, param in _parameters():
        descriptor = param.type_descriptor
        if not coerce.takes_over(descriptor):
            continue
        ctx = Context(command, info_name=path or "quizgen")
        ours = coerce.Plain(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        typers = build_runtime_param(descriptor)
        if descriptor.annotation is bool:
            values: list[object] = [True, False, None, "yes", "0"]
        elif descriptor.annotation == list[str]:
            values = [tuple(texts), [texts[0]], (), None]
        else:
            values = [*texts, None, Path("x")]
        for value in values:
            expected = _outcome(typers, value, param, ctx)
            got = _outcome(ours, value, param, ctx)
            assert got == expected, (path, param.name, value)
            compared += 1
    assert compared > 50


def test_draft_command_does_not_import_pydantic(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    code = (
        "import sys\nfrom quizgen.cli import main\n"
        f"sys.argv = ['quizgen', 'draft', '000_61357396dd02fba6', '--root', {str(root)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print('pydantic' in sys.modules)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "False", done.stdout + done.stderr


@pytest.mark.parametrize("args", [["draft", "--help"], ["draft"]])
def test_help_and_usage_errors_unchanged(args: list[str]) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 2)
    assert "Usage" in result.output
