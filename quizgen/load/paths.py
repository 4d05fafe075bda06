"""Project-relative paths, the form every diagnostic shows."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (``..`` segments if it lies outside)."""
    # The last part is not resolved: a link is named as it stands in the project, not by where it leads.
    where = path.parent.resolve() / path.name
    try:
        return where.relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(where, root.resolve())).as_posix()


def relative_in(root: Path, folder: Path) -> Callable[[str], str]:
    """``relative(root, folder / name)`` for the files ``name`` of one folder, resolving the folder and the root
    once instead of for every file (two path resolutions per article added a tenth to loading the sources)."""
    parent, top = folder.resolve(), root.resolve()
    try:
        inside = parent.relative_to(top).as_posix()
    except ValueError:
        inside = None
    if inside is not None:  # the usual case: a name joined to the folder's path (pathlib took a tenth again)
        prefix = "" if inside == "." else inside + "/"
        return lambda name: prefix + name

    def rel(name: str) -> str:
        where = parent / name
        try:
            return where.relative_to(top).as_posix()
        except ValueError:
            return Path(os.path.relpath(where, top)).as_posix()

    return rel
