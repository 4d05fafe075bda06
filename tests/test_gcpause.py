"""The collector pause around loading: objects made meanwhile are aged at once, never lost or left frozen."""

from __future__ import annotations

import gc
import weakref

from quizgen.core.gcpause import gc_paused


class _Node:
    def __init__(self) -> None:
        self.other: object = None


def test_objects_made_while_paused_are_moved_to_the_oldest_generation() -> None:
    # Left young, the first collection after the pause walked every one of them (0.8 s at 100,000 items).
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        made = [_Node() for _ in range(100)]
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)}
    oldest = {id(o) for o in gc.get_objects(generation=2)}
    assert id(made) not in young and id(made[0]) not in young
    assert id(made) in oldest and id(made[0]) in oldest
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_made_while_paused_is_still_collected() -> None:
    with gc_paused():
        a, b = _Node(), _Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
    assert gone() is not None  # a cycle: reference counting alone does not free it
    gc.collect()
    assert gone() is None


def test_objects_the_process_froze_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with gc_paused():
            _Node()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


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
