"""The user's cache: where it lives, and that it is read only when it can be trusted."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cxcheck.io import cache

KEY = cache.key([b"made", b"from"])


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "cxcheck"


def test_the_cache_is_in_xdg_cache_home(folder: Path) -> None:
    assert cache.directory() == folder


@pytest.mark.parametrize("setting", ["", "relative/cache"])
def test_without_an_absolute_xdg_cache_home_it_is_in_the_home_folder(
    setting: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", setting)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.directory() == tmp_path / ".cache" / "cxcheck"


def test_a_value_comes_back_under_its_key_only(folder: Path) -> None:
    cache.store("entry", KEY, {"checked": [1, 2.5, "three"]})
    assert cache.load("entry", KEY) == {"checked": [1, 2.5, "three"]}
    assert cache.load("entry", cache.key([b"made", b"fro", b"m"])) is None
    assert cache.load("another", KEY) is None


def test_the_key_keeps_its_parts_apart() -> None:
    assert cache.key([b"ab", b"c"]) != cache.key([b"a", b"bc"]) != cache.key([b"abc"])


def test_the_cache_is_private(folder: Path) -> None:
    cache.store("entry", KEY, "value")
    assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE((folder / "entry").stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize("where", ["entry", "folder"])
def test_what_others_may_write_to_is_never_loaded(folder: Path, where: str) -> None:
    """Loading a pickle runs code: an entry anyone else could have replaced is not read."""
    cache.store("entry", KEY, "value")
    (folder / "entry" if where == "entry" else folder).chmod(0o777 if where == "folder" else 0o666)
    assert cache.load("entry", KEY) is None


def test_a_damaged_entry_is_a_miss(folder: Path) -> None:
    cache.store("entry", KEY, list(range(1000)))
    whole = (folder / "entry").read_bytes()
    (folder / "entry").write_bytes(whole[: len(whole) // 2])
    assert cache.load("entry", KEY) is None
    (folder / "entry").write_bytes(KEY + b"not a pickle")
    assert cache.load("entry", KEY) is None


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "a-file"))
    cache.store("entry", KEY, "value")  # no error: the next command works it out again
    assert cache.load("entry", KEY) is None


def test_a_link_or_a_fifo_in_the_entrys_place_is_a_miss_at_once(folder: Path, tmp_path: Path) -> None:
    """Never read through a link, never wait on a FIFO: a miss, and the command works it out again."""
    import os

    cache.store("real", KEY, "value")
    (folder / "entry").symlink_to(folder / "real")
    assert cache.load("real", KEY) == "value" and cache.load("entry", KEY) is None
    os.mkfifo(folder / "pipe")
    assert cache.load("pipe", KEY) is None  # returns; opening it blocking would wait for a writer forever


def test_an_entry_made_from_classes_that_changed_is_a_miss(folder: Path) -> None:
    """Unpickling can raise anything (a class gone, its fields renamed): each is only a miss."""
    import pickle

    folder.mkdir(parents=True, mode=0o700)
    (folder / "entry").write_bytes(KEY + pickle.dumps(stat.S_ISREG)[:-1] + b"cno.such.module\nthing\n.")
    assert cache.load("entry", KEY) is None


def test_of_one_kind_only_the_entries_used_last_are_kept(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every workshop folder reported has an entry: the cache must not grow with each one."""
    import os

    monkeypatch.setattr(cache, "MOST_KEPT", 3)
    cache.store("other", KEY, "of no kind")
    for n in range(4):
        cache.store(f"kind-{n}", KEY, n, "kind-")
        os.utime(folder / f"kind-{n}", ns=(0, n * 10**9))  # one second apart, whatever the clock's resolution
    assert sorted(p.name for p in folder.iterdir()) == ["kind-1", "kind-2", "kind-3", "other"]
    assert cache.load("kind-1", KEY) == 1  # used now: the newest
    cache.store("kind-4", KEY, 4, "kind-")
    assert sorted(p.name for p in folder.iterdir()) == ["kind-1", "kind-3", "kind-4", "other"]


def test_an_entry_larger_than_the_bound_is_neither_written_nor_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.store("written-before", KEY, "x" * 1000)
    monkeypatch.setattr(cache, "MOST_BYTES", 1000)
    cache.store("large", KEY, "x" * 1000)
    assert not (folder / "large").exists()
    assert cache.load("written-before", KEY) is None
    cache.store("small", KEY, "x" * 900)
    assert cache.load("small", KEY) == "x" * 900
