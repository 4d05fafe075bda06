"""Deterministic permutations that do not depend on Python's ``random`` (whose algorithms may change).

A permutation is a Fisher-Yates shuffle driven by SHA-256 of ``key`` in counter mode, so the same key gives
the same order on every machine and every Python version; printed forms and their keys rely on this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator


def _stream(key: str) -> Iterator[int]:
    counter = 0
    while True:
        block = hashlib.sha256(f"{key}\x00{counter}".encode()).digest()
        for i in range(0, 32, 8):
            yield int.from_bytes(block[i : i + 8], "big")
        counter += 1


def permutation(key: str, n: int) -> list[int]:
    """A permutation of ``range(n)`` determined by ``key`` (unbiased: rejection sampling)."""
    order = list(range(n))
    numbers = _stream(key)
    for i in range(n - 1, 0, -1):
        bound = i + 1
        limit = (1 << 64) - (1 << 64) % bound
        while True:
            x = next(numbers)
            if x < limit:
                break
        j = x % bound
        order[i], order[j] = order[j], order[i]
    return order
