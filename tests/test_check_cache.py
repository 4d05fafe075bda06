"""The incremental check (``.quizgen-cache/``) gives what a fresh check gives, diagnostic for diagnostic, and a
cache it cannot trust is ignored and rebuilt."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizgen import api, checks
from quizgen.checks import sealed
from quizgen.checks.cache import (
    ARTICLES,
    CACHE_DIR,
    RELATIONS,
    SOURCES,
    SUFFIX,
    VARIANTS,
    VARIANTS_FOUND,
    _Store,
)
from quizgen.checks.cache import FILES as FILES_ENTRY
from quizgen.core.diagnostics import Diagnostic, sort_diagnostics
from quizgen.core.model import Question
from quizgen.load.project import load_project

ROOT = Path(__file__).resolve().parent.parent
FILES = len(list((ROOT / "question_bank").glob("*.yaml")))
"""The shipped bank's files: each is one cache entry."""


@pytest.fixture(autouse=True)
def _own_secret(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache key's secret lives in the user's cache folder: a temporary one here."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


def _project(into: Path) -> Path:
    for name in ("seeds", "question_bank"):
        shutil.copytree(ROOT / name, into / name)
    (into / "decks").mkdir()
    shutil.copy(ROOT / "decks" / "thaad.yaml", into / "decks" / "thaad.yaml")
    shutil.copy(ROOT / "decks" / "thaad.lock.json", into / "decks" / "thaad.lock.json")
    return into


def fresh(root: Path) -> list[Diagnostic]:
    """What ``quizgen check`` reports, computed the plain way: load everything, run every check."""
    loaded = load_project(root)
    found = loaded.diagnostics + checks.run(loaded.project) + api._deck_problems(root, loaded.project)
    return sort_diagnostics(found)


def cached(root: Path) -> api.CheckResult:
    return api.check(root, cache=True)


def _items(text: str) -> list[str]:
    """The item blocks of a bank file (each from ``- id:`` to the next item)."""
    starts = [m.start() for m in re.finditer(r"^- ", text, re.MULTILINE)]
    return [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]


def _edit(root: Path, kind: str, a: int, b: int) -> None:
    bank = sorted((root / "question_bank").glob("*.yaml"))
    if not bank:
        (root / "question_bank" / "new.yaml").write_text("", encoding="utf-8")
        return
    one, other = bank[a % len(bank)], bank[b % len(bank)]
    text = one.read_text(encoding="utf-8")
    items = _items(text)
    if kind == "touch":
        one.write_text(text + "# edited\n", encoding="utf-8")
    elif kind == "prompt":
        one.write_text(text.replace("prompt: ", "prompt: Edited ", 1 + b % 3), encoding="utf-8")
    elif kind == "duplicate" and items:  # an item of one file copied into another: a duplicate id
        other.write_text(other.read_text(encoding="utf-8") + items[b % len(items)], encoding="utf-8")
    elif kind == "drop" and items:
        one.write_text(text.replace(items[b % len(items)], "", 1), encoding="utf-8")
    elif kind == "retire":
        one.write_text(text.replace("status: approved", "status: retired", 1), encoding="utf-8")
    elif kind == "break":
        one.write_text(text + "- id: [unclosed\n", encoding="utf-8")
    elif kind == "delete":
        one.unlink()
    elif kind == "new" and items:  # a new file with a renamed copy of an item
        item = re.sub(r"^- id: (\S+)", r"- id: \1-copy", items[b % len(items)], count=1)
        (root / "question_bank" / f"zz-{a}-{b}.yaml").write_text(item, encoding="utf-8")
    elif kind == "article":
        article = sorted((root / "seeds").glob("*.txt"))[a % 3]
        article.write_text(article.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    elif kind == "ignore" and items:  # a reviewer silences relations: stale or not, the whole bank is related
        item = items[b % len(items)]
        target = "all" if b % 2 else re.findall(r"^- id: (\S+)", items[(b + 1) % len(items)])[0]
        head, rest = item.split("\n", 1)
        edited = f"{head}\n  related: {{ignore: [{target}], reason: edited in a test}}\n{rest}"
        one.write_text(text.replace(item, edited, 1), encoding="utf-8")
    elif kind == "excludes" and items:
        item = items[b % len(items)]
        other_id = re.findall(r"^- id: (\S+)", items[(b + 1) % len(items)])[0]
        head, rest = item.split("\n", 1)
        one.write_text(text.replace(item, f"{head}\n  excludes: [{other_id}]\n{rest}", 1), encoding="utf-8")
    elif kind == "catalogue":  # an outlet renamed: every item's checks and relations depend on the outlets
        catalogue = root / "seeds" / "sources.yaml"
        outlet = ["CNN", "TRT World", "China Topix"][a % 3]
        catalogue.write_text(
            catalogue.read_text(encoding="utf-8").replace(f"outlet: {outlet}\n", f"outlet: {outlet} Daily\n"),
            encoding="utf-8",
        )
    elif kind == "answer":  # an item's answer printed in another's prompt: a new leak, or a same-fact pair
        answers = re.findall(r"^  answer: ([A-Za-z][A-Za-z ]+)$", text, re.MULTILINE)
        if answers:
            other.write_text(
                re.sub(r"^  prompt: (?!>)(.*)$", rf"  prompt: \1 ({answers[b % len(answers)]})",
                       other.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE),
                encoding="utf-8",
            )  # fmt: skip
    elif kind == "same-size":  # one letter of a prompt changed, the file's mtime set back: only ctime tells
        info = one.stat()
        head, sep, rest = text.partition("prompt: ")
        if sep and rest:
            swapped = ("Q" if rest[0] != "Q" else "R") + rest[1:]
            one.write_text(head + sep + swapped, encoding="utf-8")
            os.utime(one, ns=(info.st_atime_ns, info.st_mtime_ns))
    elif kind == "utime":  # touched, not changed: hashed again, and still a hit
        os.utime(one)
    elif kind == "deck":
        deck = root / "decks" / "thaad.yaml"
        deck.write_text(
            deck.read_text(encoding="utf-8").replace("status: [approved]", "status: [approved, draft]"),
            encoding="utf-8",
        )


EDITS = [
    "touch", "prompt", "duplicate", "drop", "retire", "break", "delete", "new", "article", "deck", "ignore",
    "excludes", "catalogue", "answer", "same-size", "utime",
]  # fmt: skip


@contextlib.contextmanager
def _hashed_long_after() -> Iterator[None]:
    """The check cache's clock ten seconds ahead: every file it hashes looks old enough to be trusted by its
    stat next time (else files written just now are always read again: see ``cache.RACY_NS``)."""
    from quizgen.checks import cache

    real = cache._now_ns
    cache._now_ns = lambda: real() + 10 * cache.RACY_NS
    try:
        yield
    finally:
        cache._now_ns = real


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 9), st.integers(0, 9)), min_size=1, max_size=3),
    st.booleans(),
)
def test_cached_check_after_random_edits_equals_a_fresh_check(
    edits: list[tuple[str, int, int]], trusted: bool
) -> None:
    """``trusted``: the files were hashed long enough after they were written for their stats to be trusted."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _project(Path(tmp))
        with _hashed_long_after() if trusted else contextlib.nullcontext():
            warm = cached(root)
        assert warm.cache is not None and warm.cache.used and warm.cache.misses == FILES
        for kind, a, b in edits:
            _edit(root, kind, a, b)
        again = cached(root)
        assert again.diagnostics == fresh(root)
        assert api.check(root).diagnostics == again.diagnostics  # without the cache, too
        # The project too: cached items (their positions packed: codec.Positions) equal the items loaded now.
        assert again.project.bank.questions == load_project(root).project.bank.questions
        assert again.cache is not None and again.cache.hits + again.cache.misses == len(
            list((root / "question_bank").glob("*.yaml"))
        )


def test_an_unchanged_bank_is_read_from_the_cache_and_one_edited_file_rechecked(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = cached(root)
    assert first.cache is not None and (first.cache.hits, first.cache.misses) == (0, FILES)
    second = cached(root)
    assert second.cache is not None and (second.cache.hits, second.cache.misses) == (FILES, 0)
    assert second.diagnostics == first.diagnostics == fresh(root)
    _edit(root, "prompt", 0, 0)
    third = cached(root)
    assert third.cache is not None and (third.cache.hits, third.cache.misses) == (FILES - 1, 1)
    assert third.diagnostics == fresh(root)


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The project files the check reads from now on (bank files and articles), by path."""
    from quizgen.checks import cache
    from quizgen.load import sources

    read: list[str] = []
    real = cache.read_file

    def counted(path: Path, rel: str, **kwargs: int) -> tuple[bytes, str]:
        read.append(rel)
        return real(path, rel, **kwargs)

    monkeypatch.setattr(cache, "read_file", counted)
    monkeypatch.setattr(sources, "read_file", counted)
    return read


def test_files_unchanged_since_they_were_hashed_are_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose stat is as it was, hashed well after it was last written, is taken from the cache unread;
    a touched one is read and hashed again, and is still a hit."""
    root = _project(tmp_path)
    with _hashed_long_after():
        first = cached(root)
    read = _reads(monkeypatch)
    again = cached(root)
    assert read == ["seeds/sources.yaml"] * 2  # the catalogue (its entries and the key), nothing else
    assert again.diagnostics == first.diagnostics == fresh(root)
    assert again.cache is not None and (again.cache.hits, again.cache.misses) == (FILES, 0)
    read_now = load_project(root).project.sources.articles  # the articles as read, against the cache's
    assert again.project.sources.articles.keys() == read_now.keys()
    for article_id, article in again.project.sources.articles.items():
        other = read_now[article_id]
        assert article == other and other == article and hash(article) == hash(other)  # every field
        assert (article.text, article.digest, article.normalized) == (
            other.text,
            other.digest,
            other.normalized,
        )
        assert article.lines.line_count == other.lines.line_count
    bank = sorted((root / "question_bank").glob("*.yaml"))
    article = sorted((root / "seeds").glob("*.txt"))[0]
    os.utime(bank[0])
    os.utime(article)
    read.clear()
    touched = cached(root)
    assert sorted(set(read)) == sorted(["seeds/sources.yaml", f"question_bank/{bank[0].name}",
                                        f"seeds/{article.name}"])  # fmt: skip
    assert touched.cache is not None and (touched.cache.hits, touched.cache.misses) == (FILES, 0)
    assert touched.diagnostics == first.diagnostics


def test_a_file_written_again_within_its_clock_tick_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Racy git: a file rewritten with the same size and mtime right after it was hashed has the same stat on a
    file system whose ctime does not tell (faked here); since its stat was not older than the hash, it is
    hashed again and the edit is seen. Hashed long after its last write, the stat alone is trusted."""
    from quizgen.checks import cache

    real_stat = cache._stat

    def no_ctime(path: Path) -> object:
        found = real_stat(path)
        return None if found is None else (found[0], found[1], 0, found[3], found[4])

    monkeypatch.setattr(cache, "_stat", no_ctime)
    root = _project(tmp_path)
    path = sorted((root / "question_bank").glob("*.yaml"))[0]
    path.write_bytes(path.read_bytes())  # written now (the copy kept the repository's mtime)
    cached(root)  # hashed right after it was written: racy

    def rewrite() -> None:
        info = path.stat()
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace("prompt: ", "prompt: Q", 1)[: len(text)] + text[len(text) :], encoding="utf-8"
        )
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
        assert path.stat().st_size == info.st_size and path.read_text(encoding="utf-8") != text

    rewrite()
    caught = cached(root)
    assert caught.cache is not None and caught.cache.misses == 1
    assert caught.diagnostics == fresh(root)
    with _hashed_long_after():  # the file hashed long after its mtime: its stat is trusted from now on
        cached(root)
    rewrite()
    trusted = cached(root)
    assert trusted.cache is not None and trusted.cache.misses == 0  # the stat could not tell (no ctime)


def _entries(root: Path) -> list[Path]:
    """The bank files' entries (not the relations' nor a deck's item keys, the sources', the variants' (forms
    and disagreements) nor the files' stats)."""
    return sorted(
        p
        for p in (root / CACHE_DIR / "check").glob(f"*{SUFFIX}")
        if p.name.removesuffix(SUFFIX) not in (RELATIONS, SOURCES, VARIANTS, VARIANTS_FOUND, FILES_ENTRY)
        and not p.name.startswith(f"{RELATIONS}.")
    )


def _unseal(entry: Path) -> tuple[dict[str, object], object]:
    """An entry's header and payload, read with this user's secret."""
    from quizgen.checks.cache import secret

    key = secret()
    assert key is not None
    head, payload = sealed.header(key, entry.name.removesuffix(SUFFIX), entry.read_bytes())
    return head, sealed.unpickle(payload)


def _reseal(entry: Path, head: dict[str, object], payload: object) -> None:
    """Write an entry as someone holding the secret would (a forgery the secret alone keeps out)."""
    from quizgen.checks.cache import secret

    key = secret()
    assert key is not None
    entry.write_bytes(sealed.seal(key, entry.name.removesuffix(SUFFIX), head, payload))


def _spoil_and_recheck(root: Path, spoil: object) -> api.CheckResult:
    expected = cached(root).diagnostics
    for entry in _entries(root):
        spoil(entry)  # type: ignore[operator]
    result = cached(root)
    assert result.diagnostics == expected
    return result


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.write_text("{not json", encoding="utf-8"), id="bad-json"),
        pytest.param(lambda p: p.write_bytes(b"\x80\x00" * 10), id="binary"),
        pytest.param(lambda p: p.write_text("[]", encoding="utf-8"), id="not-an-object"),
        pytest.param(lambda p: p.write_text("", encoding="utf-8"), id="empty"),
    ],
)
def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path: Path, spoil: object) -> None:
    root = _project(tmp_path)
    result = _spoil_and_recheck(root, spoil)
    assert result.cache is not None and result.cache.hits == 0
    again = cached(root)
    assert again.cache is not None and again.cache.hits == FILES  # rebuilt


def _flip(entry: Path) -> None:
    """One byte of the payload changed: the tag no longer verifies."""
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 1
    entry.write_bytes(bytes(blob))


def _retype(entry: Path) -> None:
    """Sealed with the secret, but not what a bank file's entry holds."""
    head, _ = _unseal(entry)
    _reseal(entry, head, ("not a bank file", [], []))


def _other_format(entry: Path) -> None:
    head, payload = _unseal(entry)
    _reseal(entry, head | {"format": 999}, payload)


@pytest.mark.parametrize(
    "spoil", [_flip, _retype, _other_format], ids=["tampered", "wrong-type", "other-format"]
)
def test_an_entry_that_does_not_fit_is_not_trusted(tmp_path: Path, spoil: object) -> None:
    root = _project(tmp_path)
    result = _spoil_and_recheck(root, spoil)
    assert result.cache is not None and result.cache.hits == 0


def test_links_and_fifos_in_the_cache_are_not_followed(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    expected = cached(root).diagnostics
    entries = _entries(root)
    outside = tmp_path / "elsewhere.json"
    shutil.copy(entries[1], outside)
    before = outside.read_bytes()
    entries[0].unlink()
    entries[0].symlink_to(outside)
    entries[1].unlink()
    os.mkfifo(entries[1])  # reading it would hang
    result = cached(root)
    assert result.diagnostics == expected
    assert result.cache is not None and (result.cache.hits, result.cache.misses) == (FILES - 2, 2)
    assert not entries[0].is_symlink() and entries[1].is_file()  # replaced by real entries
    assert outside.read_bytes() == before  # the link was replaced, not written through


def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / CACHE_DIR).symlink_to(elsewhere)
    result = cached(root)
    assert result.diagnostics == fresh(root)
    assert result.cache is not None and not result.cache.used and "not a folder" in (result.cache.note or "")
    assert list(elsewhere.iterdir()) == []


def test_an_entry_from_another_machine_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache folder committed or copied from elsewhere was keyed with another secret: all misses."""
    root = _project(tmp_path / "p")
    cached(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    result = cached(root)
    assert result.cache is not None and (result.cache.hits, result.cache.misses) == (0, FILES)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders anyway")
def test_a_read_only_project_is_checked_without_the_cache(tmp_path: Path) -> None:
    root = _project(tmp_path / "p")
    os.chmod(root, 0o555)
    try:
        result = cached(root)
    finally:
        os.chmod(root, 0o755)
    assert result.diagnostics == fresh(root)
    assert result.cache is not None and "not written" in (result.cache.note or "")


def test_a_cache_folder_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    """Like a read-only project (which root, running the tests in CI, could write anyway): a file in the way."""
    root = _project(tmp_path / "p")
    (root / CACHE_DIR).mkdir()
    (root / CACHE_DIR / "check").write_text("in the way", encoding="utf-8")
    result = cached(root)
    assert result.diagnostics == fresh(root)
    assert result.cache is not None and not result.cache.used


def test_the_cli_bypasses_the_cache_with_no_cache(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from quizgen.cli import app

    root = _project(tmp_path)
    done = CliRunner().invoke(app, ["check", "--no-cache", "--root", str(root)])
    assert done.exit_code == 0, done.output
    assert not (root / CACHE_DIR).exists()
    done = CliRunner().invoke(app, ["check", "--root", str(root)])
    assert done.exit_code == 0, done.output
    assert len(_entries(root)) == FILES


def test_the_codec_encodes_every_bank_file_and_refuses_foreign_values() -> None:
    import dataclasses

    from quizgen.checks.codec import CodecError, encode
    from quizgen.core.model import DEFAULT_TOPICS
    from quizgen.load.bank import BANK_FILE, load_file

    for path in sorted((ROOT / "question_bank").glob("*.yaml")):
        loaded = load_file(ROOT, path, BANK_FILE, DEFAULT_TOPICS, None)
        assert isinstance(json.loads(json.dumps(encode(loaded))), list)  # JSON-ready
        for q in (i.question for i in loaded.items if i.question is not None):
            assert encode(dataclasses.replace(q, prompt=q.prompt + "!")) != encode(q)
    with pytest.raises(CodecError):
        encode(object())


class _ShortPositions:
    def __reduce__(self) -> tuple[object, ...]:
        from quizgen.checks.codec import Positions

        return (Positions, (("a",), b"\0" * 7))


def test_packed_positions_are_the_positions_loaded() -> None:
    """A cached item's positions are packed (:class:`codec.Positions`) and equal to the loaded ones in every
    way read: lookups, order, ``at``, encoding, equality and ``repr``; packed ones that do not fit are refused."""
    import pickle

    from quizgen.checks.cache import _packed
    from quizgen.checks.codec import CodecError, Positions, encode
    from quizgen.core.model import DEFAULT_TOPICS
    from quizgen.load.bank import BANK_FILE, load_file

    for path in sorted((ROOT / "question_bank").glob("*.yaml")):
        loaded = load_file(ROOT, path, BANK_FILE, DEFAULT_TOPICS, None)
        payload = sealed.seal(b"k" * 32, "e", {}, _packed(loaded))
        _, body = sealed.header(b"k" * 32, "e", payload)
        back = sealed.unpickle(body)
        for was, now in zip(
            loaded.items, back.items, strict=True
        ):  # one field read from the bytes, as `at` does
            assert was.question is not None and now.question is not None
            for key in [*was.question.locations, "prompt.9", "nowhere"]:
                assert now.question.at(key) == was.question.at(key)
                assert now.question.locations.get(key, "-") == was.question.locations.get(key, "-")
            with pytest.raises(KeyError):
                now.question.locations["nowhere"]
            assert now.question.locations._unpacked is None  # nothing above unpacked them all
        back = sealed.unpickle(body)
        assert back == loaded and encode(back) == encode(loaded)
        for was, now in zip(loaded.items, back.items, strict=True):
            assert was.question is not None and now.question is not None
            assert type(now.question.locations) is Positions
            assert list(now.question.locations.items()) == list(was.question.locations.items())
            assert repr(now.question.locations) == repr(was.question.locations)
            for key in [*was.question.locations, "prompt.9", "nowhere"]:
                assert now.question.at(key) == was.question.at(key)
    assert Positions.of({"a": (-1, 2)}, {}) == {"a": (-1, 2)}  # not packable: kept as it is
    with pytest.raises(CodecError):
        Positions(("a", "b"), b"\0" * 4)
    with pytest.raises(sealed.SealError):  # an entry whose positions are one byte short is not trusted
        sealed.unpickle(memoryview(pickle.dumps(_ShortPositions())))


def _relations_entry(root: Path) -> Path:
    return root / CACHE_DIR / "check" / f"{RELATIONS}{SUFFIX}"


def test_relations_are_judged_again_only_for_changed_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unchanged bank relates nothing again; an edited item has only its own pairs judged again."""
    from quizgen.checks import relations

    root = _project(tmp_path)
    cached(root)
    assert _relations_entry(root).is_file()
    calls: list[tuple[str, int]] = []
    real_find, real_view = relations.find, relations._view

    def find(*args: object, **kwargs: object) -> relations.Findings:
        calls.append(("find", 0))
        return real_find(*args, **kwargs)  # type: ignore[arg-type]

    def view(*args: object, **kwargs: object) -> object:
        calls.append(("view", 0))
        return real_view(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(relations, "find", find)
    monkeypatch.setattr(relations, "_view", view)
    again = cached(root)
    assert calls == [] and again.diagnostics == fresh(root)  # nothing read again
    _edit(root, "prompt", 0, 0)
    edited = cached(root)
    assert ("find", 0) not in calls and calls  # judged again from what was found before
    monkeypatch.undo()
    assert edited.diagnostics == fresh(root)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda p: p.write_text("{not json", encoding="utf-8"), id="bad-json"),
        pytest.param(lambda p: p.write_text("[]", encoding="utf-8"), id="not-an-object"),
        pytest.param(_flip, id="tampered"),
        pytest.param("keys", id="keys-not-a-mapping"),
        pytest.param("forged", id="findings-forged"),
    ],
)
def test_a_spoilt_relations_entry_is_not_trusted(tmp_path: Path, spoil: object) -> None:
    """A relations entry that does not decode is rebuilt; a deck whose stored item keys are not a mapping, or
    match no item, has every pair judged again. (One forged under the right key would be trusted: the key's
    secret keeps others' out.)"""
    root = _project(tmp_path)
    expected = cached(root).diagnostics
    path = _relations_entry(root)
    (keys_path,) = (root / CACHE_DIR / "check").glob(f"{RELATIONS}.*{SUFFIX}")  # the one deck's item keys
    if callable(spoil):
        spoil(path)
    else:
        head, data = _unseal(path)
        assert isinstance(data, dict)
        ((name, (_, findings)),) = data.items()
        data[name] = ("f" * 64, findings)  # the deck's items changed since: its stored keys are read
        _reseal(path, head, data)
        keys_head, keys = _unseal(keys_path)
        assert isinstance(keys, dict) and isinstance(keys_head, dict)
        keys_head["digest"] = "f" * 64
        if spoil == "keys":
            _reseal(keys_path, keys_head, ["not", "a", "mapping"])
        else:
            _reseal(
                keys_path, keys_head, dict.fromkeys(keys, "0" * 32)
            )  # every item changed: all judged again
    assert cached(root).diagnostics == expected
    head, data = _unseal(path)  # rewritten
    assert isinstance(data, dict)
    ((_, (digest, _)),) = data.items()
    keys_head, keys = _unseal(keys_path)
    assert isinstance(keys, dict) and set(keys.values()) != {"0" * 32}
    assert isinstance(keys_head, dict) and keys_head["digest"] == digest != "f" * 64


def test_an_edited_file_has_only_its_changed_items_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The items of an edited file that are as they were (same text, same place) keep their findings; an item
    moved by a line added above it is checked again (its diagnostics say where it is)."""
    from quizgen.checks import cache

    root = _project(tmp_path)
    cached(root)
    checked: list[str] = []
    real = cache._item_checks

    def counted(question: object, ctx: object) -> list[Diagnostic]:
        checked.append(question.id)  # type: ignore[attr-defined]
        return real(question, ctx)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "_item_checks", counted)
    path = root / "question_bank" / "thaad.yaml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"^  prompt: (?!>)", text, re.MULTILINE)
    assert first is not None
    path.write_text(text[: first.end()] + "Edited, " + text[first.end() :], encoding="utf-8")
    edited = cached(root)
    assert len(checked) == 1 and edited.diagnostics == fresh(root)
    checked.clear()
    path.write_text("# a line added above every item\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    moved = cached(root)
    assert len(checked) == len(_items(text)) and moved.diagnostics == fresh(root)
    checked.clear()
    path.write_text(text, encoding="utf-8")  # undone: the version before the edits is still in the cache
    undone = cached(root)
    assert checked == [] and undone.cache is not None and undone.cache.misses == 0
    assert undone.diagnostics == fresh(root)


def test_articles_and_the_catalogue_are_prepared_once_until_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Normalising the articles and reading the catalogue are remembered by their contents: an unchanged
    project prepares nothing again, an edited article only itself; a spoilt entry is rebuilt."""
    from quizgen.load import sources

    root = _project(tmp_path)
    first = cached(root)
    prepared: list[str] = []
    catalogues: list[int] = []
    real_prepare, real_read = sources._prepare, sources._read_catalogue

    def prepare(entry: sources.CatalogueEntry, rel: str, text: str) -> sources.Prepared:
        prepared.append(rel)
        return real_prepare(entry, rel, text)

    def read(*args: object) -> object:
        catalogues.append(1)
        return real_read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(sources, "_prepare", prepare)
    monkeypatch.setattr(sources, "_read_catalogue", read)
    assert cached(root).diagnostics == first.diagnostics
    assert prepared == [] and catalogues == []
    _edit(root, "article", 1, 0)
    result = cached(root)
    assert prepared == ["seeds/001_3ca21963ba7ad2b9.txt"] and catalogues == []
    assert result.diagnostics == fresh(root)
    prepared.clear()
    catalogues.clear()
    _edit(root, "catalogue", 0, 0)
    result = cached(root)
    assert prepared == ["seeds/000_61357396dd02fba6.txt"] and catalogues == [1]  # CNN's entry changed
    assert result.diagnostics == fresh(root)
    entry = root / CACHE_DIR / "check" / f"{SOURCES}{SUFFIX}"
    for spoil in ("{not json", '{"format": 2, "key": 1}', "[]"):
        entry.write_text(spoil, encoding="utf-8")
        assert cached(root).diagnostics == fresh(root)
    head, (catalogue, articles) = _unseal(entry)  # type: ignore[misc]
    # the right digests, wrong values: not trusted
    _reseal(
        entry,
        head,
        (catalogue, {rel: (*kept[:5], "not diagnostics") for rel, kept in articles.items()}),
    )
    prepared.clear()
    result = cached(root)
    assert len(prepared) == 3 and result.diagnostics == fresh(root)


class _Planted:
    """What a forged entry would run while it is unpickled: it makes a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (os.mkdir, (str(self.path), "x"))  # os.mkdir(path) ran: the pickle was loaded


def test_only_the_articles_a_check_reads_are_fetched_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each article's text is an entry of its own, fetched when the check first reads the text: an article no
    changed item cites is not; one whose entry is spoilt or gone is read from its file again."""
    root = _project(tmp_path / "p")
    shutil.copy(root / "seeds" / "002_6584fbb63d7a573b.txt", root / "seeds" / "uncited.txt")
    catalogue = root / "seeds" / "sources.yaml"
    text = catalogue.read_text(encoding="utf-8")
    new = "  - id: uncited\n    outlet: Nobody\n    headline: Cited by no item\n\nvariants:"
    catalogue.write_text(text.replace("variants:", new, 1), encoding="utf-8")
    with _hashed_long_after():  # the articles' stats trusted next time: not read again
        first = cached(root)
    assert first.diagnostics == fresh(root)
    folder = root / CACHE_DIR / "check" / ARTICLES
    assert len(list(folder.glob(f"*{SUFFIX}"))) == 4
    fetched: list[str] = []
    real = _Store.read_article

    def read_article(self: _Store, rel: str, want: dict[str, str]) -> object:
        fetched.append(rel)
        return real(self, rel, want)

    monkeypatch.setattr(_Store, "read_article", read_article)
    _edit(root, "prompt", 0, 0)
    assert cached(root).diagnostics == fresh(root)
    assert fetched and "seeds/uncited.txt" not in fetched
    for i, entry in enumerate(sorted(folder.glob(f"*{SUFFIX}"))):
        if i:
            entry.write_bytes(b"spoilt")
        else:
            entry.unlink()
    _edit(root, "prompt", 1, 1)
    assert cached(root).diagnostics == fresh(root)


@pytest.mark.parametrize("sealed_with", ["another-secret", "this-secret"])
def test_a_planted_pickle_is_never_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sealed_with: str
) -> None:
    """An entry whose tag does not verify is refused before its payload is unpickled; one sealed with the
    secret (only this user could) still makes none but the cache's own classes."""
    import pickle

    from quizgen.checks.cache import secret

    root = _project(tmp_path / "p")
    expected = cached(root).diagnostics
    ran = tmp_path / "ran"
    unpickled: list[bool] = []  # per entry unpickled, whether it was a planted one
    real = sealed.unpickle

    def counted(blob: memoryview | bytes, start: int = 0) -> object:
        unpickled.append(bytes(blob)[start:] == payload)
        return real(blob, start)

    key = secret() if sealed_with == "this-secret" else b"x" * 32
    assert key is not None
    payload = pickle.dumps(_Planted(ran))
    for entry in _entries(root):
        head, _ = _unseal(entry)
        entry.write_bytes(_sealed_raw(key, entry, head, payload))
    monkeypatch.setattr(sealed, "unpickle", counted)
    result = cached(root)
    assert not ran.exists()
    assert result.diagnostics == expected and result.cache is not None and result.cache.hits == 0
    if sealed_with == "another-secret":
        # the sources', variants', files' and relations' entries and the articles' texts read, not the planted
        assert len(unpickled) >= 4 and not any(unpickled)
    with pytest.raises(sealed.SealError):
        sealed.unpickle(memoryview(payload))
    assert not ran.exists()


def _sealed_raw(key: bytes, entry: Path, head: dict[str, object], payload: bytes) -> bytes:
    """An entry of ``payload`` bytes as they are, tagged with ``key`` (what :func:`sealed.seal` would write
    around a pickle it made)."""
    import hashlib
    import hmac

    body = len(json.dumps(head, sort_keys=True).encode()).to_bytes(4, "big")
    body += json.dumps(head, sort_keys=True).encode() + payload
    mac = hmac.new(key, entry.name.removesuffix(SUFFIX).encode() + b"\0", hashlib.sha256)
    mac.update(body)
    return sealed.MAGIC + mac.digest() + body


def test_each_deck_takes_what_its_selection_takes() -> None:
    """A deck of some articles is asked only about the items citing them: the same items as asking each item."""
    import dataclasses

    from quizgen.core.model import ReviewStatus
    from quizgen.load.decks import load_decks

    project = load_project(ROOT).project
    (deck,), _ = load_decks(
        ROOT, ROOT / "decks", topics=project.topics, sources=frozenset(project.sources.articles)
    )
    questions = project.bank.questions
    tags = sorted({t for q in questions for t in q.tags})
    topics = sorted({q.topic for q in questions})
    sources = sorted(project.sources.articles)
    selections = [
        deck.selection,
        dataclasses.replace(deck.selection, statuses=frozenset(ReviewStatus)),
        dataclasses.replace(
            deck.selection, statuses=frozenset({ReviewStatus.DRAFT}), tags=frozenset(tags[:1])
        ),
        dataclasses.replace(deck.selection, topics=frozenset(topics[::2]), sources=frozenset()),
        dataclasses.replace(deck.selection, sources=frozenset(), statuses=frozenset(ReviewStatus)),
        dataclasses.replace(deck.selection, sources=frozenset(sources[:1]), statuses=frozenset(ReviewStatus)),
        # Asked by article, then by the rest of the selection: tags, topics and statuses still count.
        dataclasses.replace(
            deck.selection, sources=frozenset(sources), topics=frozenset(topics[1::2]), tags=frozenset()
        ),
        dataclasses.replace(
            deck.selection, sources=frozenset(sources[1:]), tags=frozenset(tags[1:2]), topics=frozenset()
        ),
    ]
    decks = [dataclasses.replace(deck, selection=s) for s in selections]
    members = [d.select(questions) for d in decks]
    assert [[q.id for q in m] for m in members] == [
        [q.id for q in questions if d.selection.takes(q)] for d in decks
    ]
    assert len({len(m) for m in members}) > 2  # the selections differ
    assert any(len({e.source for e in q.evidence}) > 1 for q in questions)  # an item citing two articles


def _count_spelled_out(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the articles whose spelled-out abbreviations are found (from now on), in order."""
    from quizgen.checks import variants

    read: list[str] = []
    real = variants.spelled_out

    def spelled(article: object) -> object:
        read.append(article.path)  # type: ignore[attr-defined]
        return real(article)  # type: ignore[arg-type]

    monkeypatch.setattr(variants, "spelled_out", spelled)
    return read


def test_the_disagreements_found_are_kept_while_the_articles_are_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While no article (nor the catalogue's variants) changed, the disagreements come from ``variants.found``:
    the articles' forms are neither read from their entry nor found again; a spoilt summary is not trusted."""

    root = _project(tmp_path)
    first = cached(root)
    folder = root / CACHE_DIR / "check"
    (folder / f"{VARIANTS}{SUFFIX}").unlink()  # the forms: not needed while the summary holds
    read = _count_spelled_out(monkeypatch)
    assert cached(root).diagnostics == first.diagnostics and read == []
    summary = folder / f"{VARIANTS_FOUND}{SUFFIX}"
    head, found = _unseal(summary)
    assert found  # the shipped sources spell THAAD out two ways
    _reseal(summary, head, (("THAAD", (("k", (("text", "no such article", 0),)),), -1),))
    assert cached(root).diagnostics == first.diagnostics and len(read) == 3  # found again, from the articles
    monkeypatch.undo()
    assert first.diagnostics == fresh(root)


def test_spelled_out_abbreviations_are_read_again_only_in_edited_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    root = _project(tmp_path)
    first = cached(root)
    read = _count_spelled_out(monkeypatch)
    assert cached(root).diagnostics == first.diagnostics and read == []
    _edit(root, "article", 1, 0)
    result = cached(root)
    assert read == ["seeds/001_3ca21963ba7ad2b9.txt"]
    monkeypatch.undo()
    assert result.diagnostics == fresh(root)


def test_a_folders_files_are_named_as_relative_names_them(tmp_path: Path) -> None:
    """:func:`relative_in` (the articles' paths, joined to their folder's once) agrees with :func:`relative`,
    inside the project, at its top and outside it."""
    from quizgen.load.paths import relative, relative_in

    root = tmp_path / "project"
    for folder in (root / "seeds", root, tmp_path / "elsewhere", root / "a" / "b"):
        folder.mkdir(parents=True, exist_ok=True)
        assert relative_in(root, folder)("x.txt") == relative(root, folder / "x.txt")


def _decoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the unchanged files whose questions are decoded from their entries (beyond the index rows)."""
    count = [0]
    decode = sealed.Pending.decode

    def counting(self: sealed.Pending) -> None:
        count[0] += self.blob is not None
        decode(self)

    monkeypatch.setattr(sealed.Pending, "decode", counting)
    return count


def test_unchanged_files_questions_are_read_from_the_index_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a deck that reads more (the shipped deck prints: its blueprint reads answers), an unchanged bank
    is checked from its entries' index rows: no file's questions are decoded, and each question reads whole."""
    root = _project(tmp_path)
    for deck in (root / "decks").iterdir():
        deck.unlink()
    expected = cached(root).diagnostics
    decoded = _decoded(monkeypatch)
    again = cached(root)
    assert again.diagnostics == expected == fresh(root)
    assert decoded[0] == 0
    questions = again.project.bank.questions
    assert questions and all(type(q) is sealed.LazyQuestion for q in questions)
    assert questions == load_project(root).project.bank.questions  # every field, read now
    assert decoded[0] == FILES
    assert [q.status for q in questions] == [q.review.status for q in questions]
    assert [q.cites for q in questions] == [tuple(e.source for e in q.evidence) for q in questions]


def test_a_deck_reading_more_than_the_index_decodes_what_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped deck's print blueprint balances true and false (it reads items' answers, which no index row
    holds): the cached check decodes those items' files and reports what a fresh check reports."""
    root = _project(tmp_path)
    cached(root)
    decoded = _decoded(monkeypatch)
    again = cached(root)  # nothing changed: without the deck, nothing would be decoded (see above)
    assert again.cache is not None and again.cache.hits == FILES
    assert again.diagnostics == fresh(root)
    assert decoded[0] > 0


def test_a_copy_of_an_index_row_is_a_plain_question(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cached(root)
    row = cached(root).project.bank.questions[0]
    assert type(row) is sealed.LazyQuestion
    copy = dataclasses.replace(row, prompt="Another prompt?")
    assert type(copy) is Question and copy.prompt == "Another prompt?" and copy.id == row.id
    assert copy.status is row.status and copy.cites == row.cites
    assert dataclasses.replace(row) == row and row == dataclasses.replace(row)


def test_a_decks_digest_is_found_without_a_step_per_item_as_from_its_keys() -> None:
    """:func:`cache._deck_digest` gives the digest :func:`cache._relate` makes from a deck's item keys, or
    nothing when an item has no mark or is named twice (then the keys are made one by one)."""
    import hashlib

    from quizgen.checks.cache import _deck_digest

    marks = {f"q{i}": (f"key{i}", ("stem",)) for i in range(5)}
    ids = ["q3", "q0", "q4"]
    slow = hashlib.sha256("\0".join(f"{q}\0{marks[q][0]}" for q in ids).encode()).hexdigest()
    assert _deck_digest(ids, marks) == (ids, slow)
    assert _deck_digest([], marks) == ([], hashlib.sha256(b"").hexdigest())
    assert _deck_digest(["q1", "q9"], marks) == (None, "")
    assert _deck_digest(["q1", "q1"], marks) == (None, "")


def test_editing_the_decks_objectives_changes_the_cached_results(tmp_path: Path) -> None:
    """The objectives check reads the deck definitions: renaming an objective the bank names, or breaking the
    deck file that lists it, gives a cached check what a fresh one gives (it kept the old items' results)."""
    root = _project(tmp_path)
    deck = root / "decks" / "thaad.yaml"
    original = deck.read_text(encoding="utf-8")
    assert cached(root).diagnostics == fresh(root)
    deck.write_text(original.replace("  - id: positions", "  - id: sides"), encoding="utf-8")
    found = cached(root).diagnostics
    assert found == fresh(root) and any(d.code == "QG809" for d in found)
    deck.write_text(original.replace("deck_id:", "deck_id: ["), encoding="utf-8")
    assert cached(root).diagnostics == fresh(root)
    deck.write_text(original, encoding="utf-8")
    assert cached(root).diagnostics == fresh(root)
