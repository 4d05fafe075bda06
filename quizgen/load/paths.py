"""Project-relative paths, the form every diagnostic shows."""

from __future__ import annotations

import os
from pathlib import Path


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root`` with forward slashes (``..`` segments if it lies outside)."""
    # The last part is not resolved: a link is named as it stands in the project, not by where it leads.
    where = path.parent.resolve() / path.name
    try:
        return where.relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(where, root.resolve())).as_posix()
