"""Checklists from the user's cache, the bundled ones and a workshop folder's copies: the same
checklists, and never stale ones."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from cxcheck.core import catalog
from cxcheck.errors import ValidationFailed
from tests.conftest import DEMO_CHECKLIST

Write = Callable[[str, str], Path]


@pytest.fixture
def bundled(write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundled folder of our own (the real one belongs to the package), and a cache of its own."""
    folder = write("bundled/demo.yaml", DEMO_CHECKLIST).parent
    write("bundled/second.yaml", DEMO_CHECKLIST.replace("id: demo", "id: second"))
    monkeypatch.setattr(catalog, "bundled_dir", lambda: folder)
    monkeypatch.delenv(catalog.ENV_PATH, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every checklist file parsed and checked from now on."""
    parsed: list[Path] = []
    check_file = catalog.check_file

    def counted(path: Path) -> tuple[object, object]:
        parsed.append(path)
        return check_file(path)

    monkeypatch.setattr(catalog, "check_file", counted)
    return parsed


def test_the_second_discovery_reads_the_same_checklists_from_the_cache(bundled: Path, reads: list[Path]) -> None:
    first = list(catalog.discover())
    assert len(reads) == 2
    again = list(catalog.discover())
    assert len(reads) == 2  # nothing parsed this time
    assert [(e.path, e.origin) for e in again] == [(e.path, e.origin) for e in first]
    assert [e.checklist for e in again] == [e.checklist for e in first]
    for fresh, kept in zip(first, again, strict=True):
        assert [fresh.checklist.scale_of(i) for _, i in fresh.checklist.items] == [
            kept.checklist.scale_of(i) for _, i in kept.checklist.items
        ]


def test_what_is_kept_is_the_checked_fields_alone(bundled: Path) -> None:
    """A cached property kept with a checklist would outlive what it was worked out from: the
    scales by item identity (``Checklist._scales``) would name objects of another process."""
    for _ in range(2):  # as stored, and as loaded
        for entry in catalog.discover():
            assert set(vars(entry.checklist)) == set(type(entry.checklist).model_fields)


def test_a_changed_file_is_read_again(bundled: Path, reads: list[Path]) -> None:
    catalog.discover()
    text = (bundled / "demo.yaml").read_text(encoding="utf-8")
    (bundled / "demo.yaml").write_text(text.replace("Demo checklist", "Changed title"), encoding="utf-8")
    assert catalog.discover().get("demo").title == "Changed title"
    assert len(reads) == 4


def test_an_added_or_removed_file_is_noticed(bundled: Path) -> None:
    catalog.discover()
    (bundled / "second.yaml").unlink()
    assert [e.checklist.id for e in catalog.discover()] == ["demo"]


def test_a_broken_file_is_reported_every_time_and_nothing_is_kept(
    bundled: Path, tmp_path: Path, reads: list[Path]
) -> None:
    (bundled / "second.yaml").write_text("id: second\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ValidationFailed, match="second.yaml"):
            catalog.discover()
    assert len(reads) == 4
    assert not (tmp_path / "xdg" / "cxcheck" / catalog.kept_name(bundled)).exists()


def test_changed_reading_code_is_not_answered_from_the_cache(
    bundled: Path, tmp_path: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model edited in a working copy, with the version unchanged, must not meet old checklists."""
    code = tmp_path / "reader.py"
    code.write_text("# how a checklist is read\n", encoding="utf-8")
    reader = ModuleType("reader")
    reader.__file__ = str(code)
    monkeypatch.setitem(sys.modules, "reader", reader)
    monkeypatch.setattr(catalog, "READERS", (*catalog.READERS, "reader"))
    catalog.discover()
    os.utime(code, ns=(code.stat().st_atime_ns, code.stat().st_mtime_ns + 1_000_000_000))
    catalog.discover()
    assert len(reads) == 4


def test_each_installation_keeps_an_entry_of_its_own(
    bundled: Path, write: Write, tmp_path: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release and a working copy (or two working copies) do not replace each other's entry."""
    other = write("other/demo.yaml", DEMO_CHECKLIST).parent
    catalog.discover()
    monkeypatch.setattr(catalog, "bundled_dir", lambda: other)
    catalog.discover()
    monkeypatch.setattr(catalog, "bundled_dir", lambda: bundled)
    catalog.discover()
    assert len(reads) == 3  # two files here, one there; the third discovery parsed nothing
    assert len(list((tmp_path / "xdg" / "cxcheck").iterdir())) == 2


def test_every_module_that_reads_a_checklist_is_a_reader(write: Write) -> None:
    """READERS is what the cache is keyed on: a module it leaves out could change unnoticed."""
    broken = write("broken.yaml", "id: Not An Id\nsections: 3\n")
    script = (
        "import sys\n"
        "from cxcheck.core import catalog\n"
        "catalog.check_file(catalog.yaml_files(catalog.bundled_dir())[0])\n"
        f"catalog.check_file(__import__('pathlib').Path({str(broken)!r}))\n"
        "print(*sorted(m for m in sys.modules if m.startswith('cxcheck.')))\n"
    )
    used = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    packages = {"cxcheck.core", "cxcheck.io", "cxcheck.checklists"}
    cache_itself = {"cxcheck.io.cache", "cxcheck.io.atomic"}
    assert set(used) - packages - cache_itself == set(catalog.READERS)


@pytest.fixture
def workshop(bundled: Path, write: Write) -> Path:
    """A workshop folder's own copies of its checklists, read on every report of the workshop."""
    folder = write("workshop/checklists/third.yaml", DEMO_CHECKLIST.replace("id: demo", "id: third")).parent
    write("workshop/checklists/fourth.yaml", DEMO_CHECKLIST.replace("id: demo", "id: fourth"))
    return folder


def test_a_workshop_folders_checklists_are_read_from_the_cache_the_second_time(
    workshop: Path, reads: list[Path]
) -> None:
    first = list(catalog.discover([workshop]))
    assert len(reads) == 4  # two bundled, two of the workshop's
    again = list(catalog.discover([workshop]))
    assert len(reads) == 4
    assert [(e.path, e.origin, e.checklist) for e in again] == [(e.path, e.origin, e.checklist) for e in first]
    assert {e.checklist.id: e.origin for e in again}["third"] == str(workshop)


def test_an_edited_workshop_checklist_is_read_again(workshop: Path, reads: list[Path]) -> None:
    catalog.discover([workshop])
    text = (workshop / "third.yaml").read_text(encoding="utf-8")
    (workshop / "third.yaml").write_text(text.replace("Demo checklist", "Edited title"), encoding="utf-8")
    assert catalog.discover([workshop]).get("third").title == "Edited title"
    assert reads[4:] == [workshop / "fourth.yaml", workshop / "third.yaml"]  # that folder's files, not the bundled
    assert catalog.discover([workshop]).get("third").title == "Edited title" and len(reads) == 6


def test_one_checklist_file_named_is_kept_under_its_own_path(workshop: Path, reads: list[Path]) -> None:
    for _ in range(2):
        entry = catalog.discover([workshop / "third.yaml"]).entry("third")
        assert entry.path == workshop / "third.yaml"
    assert len(reads) == 3


@pytest.mark.parametrize(
    "damage",
    [
        lambda whole: whole[: len(whole) // 2],  # cut short
        lambda whole: whole[:32] + b"not a pickle",  # the right key, then rubbish
        lambda whole: whole[:32] + __import__("pickle").dumps(["not", "checklists"]),  # the wrong kind of value
        lambda whole: whole[:32] + __import__("pickle").dumps([]),  # fewer checklists than files
    ],
)
def test_a_damaged_entry_is_read_past(workshop: Path, tmp_path: Path, reads: list[Path], damage) -> None:
    first = [e.checklist for e in catalog.discover([workshop])]
    entry = tmp_path / "xdg" / "cxcheck" / catalog.kept_name(workshop)
    entry.write_bytes(damage(entry.read_bytes()))
    assert [e.checklist for e in catalog.discover([workshop])] == first
    assert len(reads) == 6  # the workshop's two parsed again; the bundled still from the cache
    assert [e.checklist for e in catalog.discover([workshop])] == first and len(reads) == 6  # and kept again
