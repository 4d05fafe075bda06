"""The garbage-collector pause: re-enabled without leaving the young generation full."""

from __future__ import annotations

import gc

from quizgen.core.gcpause import gc_paused


def test_objects_made_while_paused_do_not_wait_in_the_young_generation() -> None:
    if not gc.isenabled():  # the pause restores what it found
        gc.enable()
    pause = gc_paused()
    pause.__enter__()
    assert not gc.isenabled()
    kept = [[i] for i in range(50_000)]  # containers, tracked by the collector
    before = sum(g["collections"] for g in gc.get_stats())
    pause.__exit__(None, None, None)
    after = sum(g["collections"] for g in gc.get_stats())
    assert gc.isenabled()
    # Left young, they made the first allocation after the pause walk all of them again (a collection).
    assert after == before
    assert gc.get_count()[0] < 1_000
    assert gc.get_freeze_count() == 0  # nothing kept out of collection for good
    assert len(kept) == 50_000


def test_a_pause_inside_a_pause_leaves_the_collector_off() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
