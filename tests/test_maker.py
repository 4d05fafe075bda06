"""core.maker: the fast builder of frozen slotted dataclasses makes what their own __init__ makes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest

from quizgen.build.lock import LockEntry
from quizgen.core.maker import maker
from quizgen.core.model import QuestionType
from quizgen.writers.anki import Note


def test_made_objects_equal_the_dataclass_own_and_stay_frozen() -> None:
    cases: list[tuple[type, tuple[object, ...]]] = [
        (Note, ("g", QuestionType.MCQ, ("a", "b"), ("t",), "Deck::x", 5, 7, "a\x1fb")),
        (LockEntry, ("0123456789abcdef", 1_795_352_400, True, "mcq", "Deck")),
        (LockEntry, ("0123456789abcdef", 0, False, None, None)),
    ]
    for cls, values in cases:
        made, built = maker(cls)(*values), cls(*values)
        assert type(made) is cls
        assert made == built and hash(made) == hash(built)
        assert [getattr(made, f.name) for f in dataclasses.fields(cls)] == list(values)  # every slot set
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.mod = 1
    with pytest.raises(TypeError):
        maker(Note)("too", "few")


def test_classes_it_cannot_build_faithfully_are_refused() -> None:
    @dataclass(frozen=True)
    class Unslotted:
        a: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            if self.a < 0:
                raise ValueError("negative")

    for cls in (Unslotted, Checked):
        with pytest.raises(TypeError):
            maker(cls)


def test_a_post_init_is_skipped_only_when_the_caller_says_it_passes_its_fields() -> None:
    @dataclass(frozen=True, slots=True)
    class Derived:
        a: int
        double: int = dataclasses.field(init=False)

        def __post_init__(self) -> None:
            Derived.double.__set__(self, 2 * self.a)  # type: ignore[attr-defined]

    with pytest.raises(TypeError):
        maker(Derived)
    made = maker(Derived, skips_post_init=True)(3, 6)
    assert made == Derived(3) and made.double == 6
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 1  # type: ignore[misc]
