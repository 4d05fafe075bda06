"""Pausing the cyclic garbage collector around work that builds many long-lived objects."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while loading and checking.

    Loading builds millions of small acyclic objects (nodes, items) that all stay alive; every automatic
    collection would walk them again for nothing (a quarter of the time on a 100,000-item bank). Reference
    counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
