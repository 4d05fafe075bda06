"""The line-mode terminal a session talks through: a terminal, a pipe, or a file of answers (``--answers``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import IO


class LineTerminal:
    """Line-mode I/O: prompts and answers on a terminal, a pipe or a file of answers (``--answers``)."""

    def __init__(self, out: IO[str], answers: Iterator[str] | None, *, colour: bool) -> None:
        self.out = out
        self.answers = answers
        self.colour = colour
        self.scripted = answers is not None

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
        self.out.write(text + "\n")
        self.out.flush()
