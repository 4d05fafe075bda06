"""Where a project is: its folder names, and finding its root from a folder inside it (as git does)."""

from __future__ import annotations

from pathlib import Path

CONFIG_NAME = "quizgen.yaml"
SOURCES_DIR = "seeds"
BANK_DIR = "question_bank"


def is_root(folder: Path) -> bool:
    """A project's root holds ``quizgen.yaml``, or both ``seeds/`` and ``question_bank/``.

    Both folders, not either: a lone ``seeds/`` (a database's, a garden's) is no quizgen project.
    """
    return (folder / CONFIG_NAME).is_file() or (
        (folder / SOURCES_DIR).is_dir() and (folder / BANK_DIR).is_dir()
    )


def find_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that is a project's root; ``None`` when there is none."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if is_root(folder):
            return folder
    return None
