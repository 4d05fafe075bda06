"""The line-mode terminal a session talks through: a terminal, a pipe, or a file of answers (``--answers``)."""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Iterator
from typing import IO

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HANG = re.compile(r"^ *(?:[A-Z]\. |\d+\. |- )?")
"""What a wrapped line's next lines are indented by: its own indent, and a list marker (``A. ``, ``- ``)."""


def wrap(line: str, width: int) -> list[str]:
    """``line`` broken at spaces into lines of at most ``width`` visible columns (colour codes take none),
    the next lines indented under the first one's text; a word longer than a line is kept whole, never split.
    ``width`` 0 leaves the line as it is."""
    plain = _ANSI.sub("", line)
    if width <= 0 or len(plain) <= width:
        return [line]
    hang = _HANG.match(plain)
    indent = " " * min(hang.end() if hang else 0, width // 2)
    out: list[str] = []
    current, seen, words, space = "", 0, 0, ""
    for token in re.split(r"( +)", line):
        if not token:
            continue
        if token.startswith(" "):
            space = token
            continue
        size = len(_ANSI.sub("", token))
        if words and seen + len(space) + size > width:
            out.append(current)
            current, seen, words = indent + token, len(indent) + size, 1
        else:
            current, seen = current + space + token, seen + len(space) + size
            words += bool(_ANSI.sub("", token))
        space = ""
    out.append(current)
    return out


class LineTerminal:
    """Line-mode I/O: prompts and answers on a terminal, a pipe or a file of answers (``--answers``)."""

    def __init__(
        self, out: IO[str], answers: Iterator[str] | None, *, colour: bool, width: int | None = None
    ) -> None:
        self.out = out
        self.answers = answers
        self.colour = colour
        self.scripted = answers is not None
        self.width = width
        """Columns to wrap at; ``None``: the terminal's width, read at each line (it may be resized), and no
        wrapping when ``out`` is not a terminal (a file or a pipe keeps one line per statement)."""

    def columns(self) -> int:
        """The width text is wrapped at (0: none)."""
        if self.width is not None:
            return self.width
        if not self.out.isatty():
            return 0
        if self.out is sys.stdout or "COLUMNS" in os.environ:
            return shutil.get_terminal_size().columns
        try:
            return os.get_terminal_size(self.out.fileno()).columns
        except (OSError, ValueError):
            return shutil.get_terminal_size().columns

    def ask(self, prompt: str) -> str | None:
        if self.answers is not None:
            line = next(self.answers, None)
            if line is not None:
                self.out.write(f"{prompt}{line}\n")
            return line
        if self.out is sys.stdout and sys.stdin.isatty():
            try:
                return input(prompt)  # line editing on a terminal
            except EOFError:
                return None
        self.out.write(prompt)
        self.out.flush()
        line = sys.stdin.readline()
        if not line:
            return None
        answer = line.rstrip("\r\n")
        if not sys.stdin.isatty():
            self.out.write(answer + "\n")  # piped input is not echoed: keep the transcript readable
        return answer

    def say(self, text: str = "") -> None:
        width = self.columns()
        lines = [part for line in text.split("\n") for part in wrap(line, width)] if width else [text]
        self.out.write("\n".join(lines) + "\n")
        self.out.flush()
