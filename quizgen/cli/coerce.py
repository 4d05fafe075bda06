"""Text, path and flag parameters without pydantic.

typer (0.29, pinned) turns each parameter's command-line text into its value through a pydantic TypeAdapter,
built on first use: importing pydantic and building the adapters costs about 0.1 s of CPU at every command's
start, as much as importing typer and all of quizgen's commands. Most parameters of quizgen are text (``str``,
``list[str]``), paths (``Path``) or flags, whose values need no pydantic: the text itself, ``Path`` of it after
typer's own path checks (:func:`typer._param_types.coerce_cli_path`, called as typer calls it), the flag's
``True`` or ``False``. Those get the :class:`Plain` coercion below; every other parameter (numbers, choices,
files, a flag given as text) keeps typer's.
``tests/test_cli_coerce.py`` holds the two to the same values and the same errors for every parameter this
takes over.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typer import core
from typer._click import Context
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import _coerce_path_result, coerce_cli_path

_TEXT_LIST = list[str]


def takes_over(descriptor: TypeDescriptor) -> bool:
    """Whether :class:`Plain` coerces a parameter of this type: text, a list of text, a path or a flag, with no
    parser, choices, file or custom path type (the only features of those types typer reads beyond the text
    itself are its path checks, which :class:`Plain` runs)."""
    info = descriptor.parameter_info
    return (
        (descriptor.annotation in (str, Path, bool) or descriptor.annotation == _TEXT_LIST)
        and info.parser is None
        and info.path_type is None
        and descriptor.file_annotation is None
        and not descriptor.is_choice
    )


@dataclass(frozen=True)
class Plain(RuntimeParam):
    """The value of a text, path or flag parameter, as typer's adapter gives it (see :func:`takes_over`)."""

    def _coerce_value(self, value: Any, param: core._TyperParameter, ctx: Context) -> Any:
        if self.annotation is str:
            return _text(value)
        if self.annotation is Path:
            checked = coerce_cli_path(value, self.parameter_info, path_type=None, param=param, ctx=ctx)
            return _coerce_path_result(checked, Path)  # type: ignore[arg-type]  # text in: never bytes
        if self.annotation is bool:
            if isinstance(value, bool):  # a flag: typer's adapter returns it as it is
                return value
            return build_runtime_param(
                TypeDescriptor(self.annotation, self.parameter_info, None)
            )._coerce_value(value, param=param, ctx=ctx)  # text for a flag ("yes", "0"): typer's rules
        return [_text(v) for v in (value if isinstance(value, (list, tuple)) else [value])]


def _text(value: Any) -> str:
    if isinstance(value, bytes):  # never from the command line in Python 3; typer's rule, to be safe
        from typer._adapters import _parse_cli_str

        return _parse_cli_str(value)
    return str(value)


_typer_runtime_param = core._TyperParameter.get_runtime_param


def _runtime_param(self: core._TyperParameter) -> RuntimeParam:
    if self._runtime_param is None and takes_over(self.type_descriptor):
        self._runtime_param = Plain(parameter_info=self.type_descriptor.parameter_info,
                                    annotation=self.type_descriptor.annotation)  # fmt: skip
    return _typer_runtime_param(self)


def install() -> None:
    """Coerce text and path parameters with :class:`Plain` from now on (idempotent)."""
    core._TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign]
