"""Project-relative paths, the form every diagnostic shows."""

from __future__ import annotations

import os
from pathlib import Path


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (``..`` segments if it lies outside)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()
