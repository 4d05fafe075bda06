"""Deterministic permutations that do not depend on Python's ``random`` (whose algorithms may change).

A permutation is a Fisher-Yates shuffle driven by SHA-256 of ``key`` in counter mode, so the same key gives
the same order on every machine and every Python version; printed forms and their keys rely on this.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterator

_FOUR = struct.Struct(">4Q")  # a SHA-256 block as four big-endian 64-bit numbers


def _stream(key: str) -> Iterator[int]:
    counter = 0
    while True:
        yield from _FOUR.unpack(hashlib.sha256(f"{key}\x00{counter}".encode()).digest())
        counter += 1


def permutation(key: str, n: int) -> list[int]:
    """A permutation of ``range(n)`` determined by ``key`` (unbiased: rejection sampling)."""
    if n <= 5:  # mcq options: the first block's numbers, in turn, unless one is rejected (p < 2**-61)
        order = list(range(n))
        numbers = _FOUR.unpack(hashlib.sha256(f"{key}\x000".encode()).digest())
        for i, x in zip(range(n - 1, 0, -1), numbers, strict=False):  # at most four swaps: four numbers
            if x >= _LIMITS[i]:
                return _permutation(key, n)
            j = x % (i + 1)
            order[i], order[j] = order[j], order[i]
        return order
    return _permutation(key, n)


def _permutation(key: str, n: int) -> list[int]:
    """:func:`permutation`, drawing each number as the rule says (rejected ones skipped)."""
    order = list(range(n))
    # The first block's four numbers without a generator: they shuffle up to five items when none is rejected
    # (a rejection takes a number with probability below n / 2**64), and mcq options are four or five.
    numbers: Iterator[int] = iter(_FOUR.unpack(hashlib.sha256(f"{key}\x000".encode()).digest()))
    taken = 0
    for i in range(n - 1, 0, -1):
        bound = i + 1
        limit = _LIMIT - _LIMIT % bound
        while True:
            taken += 1
            if taken == 5:  # the first block is used up: the stream, from its second block on
                numbers = _rest(key)
            x = next(numbers)
            if x < limit:
                break
        j = x % bound
        order[i], order[j] = order[j], order[i]
    return order


_LIMIT = 1 << 64
_LIMITS = [_LIMIT - _LIMIT % (i + 1) for i in range(5)]  # by swap index i: below it, x % (i + 1) is unbiased


def _rest(key: str) -> Iterator[int]:
    """The key's numbers after the first block."""
    stream = _stream(key)
    for _ in range(4):
        next(stream)
    return stream
