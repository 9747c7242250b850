"""Finding and loading checklists: the bundled set, then directories that extend or override it."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

import pydantic

from cxcheck import __version__, checklists
from cxcheck.errors import CxError, Problem, ValidationFailed
from cxcheck.io import cache, yamlsafe
from cxcheck.io.validation import fail_if, load_valid, mistaken, quoted
from cxcheck.model import NA, AnswerRow, AnswerSet, Checklist, Item, Scale
from cxcheck.sources import ARTICLES

ENV_PATH = "CXCHECK_PATH"
BUNDLED = "bundled"

BUNDLED_ORDER = (
    "practices",
    "focus",
    "promise",
    "touchpoints",
    "access",
    "empowerment",
    "people",
    "loyalty",
)
"""The order a first assessment follows: from the big picture down to the mechanics."""


class Located(NamedTuple):
    """An item found by its full id, with what answering it needs."""

    full_id: str
    """The catalog's own copy of the id: one string shared by every answers file that answers it."""
    checklist: Checklist
    item: Item
    scale: Scale


@dataclass(frozen=True)
class ItemOrder:
    """Some checklists' items in assessment order: their ids, where each is, and what answering it needs."""

    ids: list[str]
    located: list[Located]
    index: dict[str, int]

    @cached_property
    def scale_ids(self) -> list[int]:
        """Each item's scale by identity: what :attr:`plain_pairs` is keyed by."""
        return [id(hit.scale) for hit in self.located]

    @cached_property
    def plain_pairs(self) -> frozenset[tuple[int, object]]:
        """Every (scale, value) a plain answer to these items may be, n/a included.

        Checking a file's answers is then one set comparison of its (scale, value) pairs,
        made once for all the files over these checklists (docs/performance.md).
        """
        scales = {id(hit.scale): hit.scale for hit in self.located}
        return frozenset((key, value) for key, scale in scales.items() for value in (*scale.by_value, NA))

    @cached_property
    def common_values(self) -> frozenset[object]:
        """The values a plain answer to every one of these items may be, n/a included.

        Where one scale serves them all (or their scales share the values given), a file's few
        distinct values are checked against these, without a (scale, value) pair per answer.
        """
        scales = {id(hit.scale): hit.scale for hit in self.located}.values()
        allowed = [frozenset((*scale.by_value, NA)) for scale in scales]
        return allowed[0].intersection(*allowed[1:]) if allowed else frozenset()


@dataclass(frozen=True)
class Entry:
    """A loaded checklist and where it came from (``bundled`` or the directory it was found in)."""

    checklist: Checklist
    path: Path
    origin: str


OWN_ADDITION = "own addition"
"""How every view names an item no source states: the checklist author's idea, never an article's."""


def source_title(checklist: Checklist, item: Item) -> str | None:
    """The cited source as a reader can find it (``Focus, JoAnna Brandi``); None for an own addition."""
    if item.source is None:
        return None
    if item.source in ARTICLES:
        title, author = ARTICLES[item.source]
    else:
        ref = next((s for s in checklist.sources if s.id == item.source), None)
        title, author = (ref.title, ref.author) if ref is not None else (item.source, None)
    return f"{title}, {author}" if author else title


def bundled_dir() -> Path:
    """The checklists shipped inside the package, wherever the package is installed.

    The package's own folder rather than ``importlib.resources``, whose readers (and zipfile)
    cost every command about 2 ms: a checklist inside a zip file could not be read as a Path anyway.
    """
    return Path(checklists.__path__[0])


def search_dirs(extra: Iterable[Path] = ()) -> list[tuple[Path, str]]:
    """Directories to read, lowest precedence first: bundled, then ``$CXCHECK_PATH``, then ``extra``.

    ``$CXCHECK_PATH`` is read as ``PATH`` is, the first directory winning, so it is added last first.
    """
    dirs = [(bundled_dir(), BUNDLED)]
    env = os.environ.get(ENV_PATH, "")
    dirs += [(Path(p), p) for p in reversed(env.split(os.pathsep)) if p]
    dirs += [(Path(p), str(p)) for p in extra]
    return dirs


def yaml_files(path: Path) -> list[Path]:
    """The checklist files a path names: itself, or the ``*.yaml``/``*.yml`` files in it."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def check_file(path: Path) -> tuple[Checklist | None, list[Problem]]:
    """Every problem with one checklist file (empty when it is valid)."""
    try:
        checklist, doc, problems = load_valid(Checklist, path)
    except CxError as exc:
        return None, exc.problems
    problems = mistaken(doc, "a checklist", problems + _cross_reference_problems(doc))
    problems.sort(key=lambda p: p.line or 0)
    return (checklist if not problems else None), problems


def load_file(path: Path) -> Checklist:
    """One checklist, or :class:`ValidationFailed` listing everything wrong with it."""
    checklist, problems = check_file(path)
    fail_if(problems)
    assert checklist is not None
    return checklist


def _cross_reference_problems(doc: yamlsafe.Document) -> list[Problem]:
    """Rules that span fields (unique ids, known sources), checked even when fields are bad.

    Written against the raw data with type guards so that one malformed item does not hide
    a duplicate id elsewhere.
    """
    data, path = doc.data, str(doc.path)
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    own_sources = {s.get("id") for s in _dicts(data.get("sources"))}
    seen_sections: dict[Any, tuple[Any, ...]] = {}
    seen_items: dict[Any, tuple[Any, ...]] = {}
    for s_index, section in _indexed_dicts(data.get("sections")):
        loc: tuple[Any, ...] = ("sections", s_index)
        _note_duplicate(section.get("id"), "section", seen_sections, doc, loc + ("id",), problems)
        for i_index, item in _indexed_dicts(section.get("items")):
            item_loc = loc + ("items", i_index)
            _note_duplicate(item.get("id"), "item", seen_items, doc, item_loc + ("id",), problems)
            source = item.get("source")
            if isinstance(source, str) and source not in ARTICLES and source not in own_sources:
                problems.append(
                    Problem(
                        path,
                        doc.line_of(item_loc + ("source",)),
                        f"unknown source {quoted(source)}; use an article file name (see `cxcheck list --sources`)"
                        " or add it to the checklist's `sources` list",
                    )
                )
    return problems


def _note_duplicate(
    value: Any,
    what: str,
    seen: dict[Any, tuple[Any, ...]],
    doc: yamlsafe.Document,
    loc: tuple[Any, ...],
    out: list[Problem],
) -> None:
    """Remember where each id is first used; lines are looked up only for a duplicate."""
    if not isinstance(value, str):
        return
    if value in seen:
        first = doc.line_of(seen[value])
        out.append(
            Problem(
                str(doc.path), doc.line_of(loc), f"duplicate {what} id {quoted(value)} (first used on line {first})"
            )
        )
    else:
        seen[value] = loc


def _indexed_dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        yield from ((i, v) for i, v in enumerate(value) if isinstance(v, dict))


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    yield from (v for _, v in _indexed_dicts(value))


class Catalog:
    """The checklists available to a command, by id, in assessment order."""

    def __init__(self, entries: Iterable[Entry]):
        by_id = {e.checklist.id: e for e in entries}
        rank = {cid: n for n, cid in enumerate(BUNDLED_ORDER)}
        self._entries = dict(sorted(by_id.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))
        self._orders: dict[tuple[str, ...], ItemOrder | None] = {}

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, checklist_id: object) -> bool:
        return checklist_id in self._entries

    def entry(self, checklist_id: str) -> Entry:
        try:
            return self._entries[checklist_id]
        except KeyError:
            known = ", ".join(self._entries) or "none"
            raise CxError(f"unknown checklist '{checklist_id}' (known: {known}); see `cxcheck list`") from None

    def get(self, checklist_id: str) -> Checklist:
        return self.entry(checklist_id).checklist

    @cached_property
    def items(self) -> dict[str, Located]:
        """Every item by full id (``checklist/item``) with its scale, and that id as one shared string.

        Reading a workshop's answers files looks up millions of ids; sharing the catalog's
        string instead of each file's copy keeps only one of each in memory.
        """
        return {
            full_id: Located(full_id, entry.checklist, item, entry.checklist.scale_of(item))
            for entry in self
            for _, item in entry.checklist.items
            for full_id in (entry.checklist.full_id(item),)
        }

    def order(self, checklist_ids: tuple[str, ...]) -> ItemOrder | None:
        """The items of these checklists in assessment order, shared by every file that names them so.

        None when one of them is not in the catalog. Kept per tuple of ids, so that hundreds
        of answers files over the same checklists share one list, one index and one check.
        """
        cached = self._orders.get(checklist_ids)
        if cached is None and checklist_ids not in self._orders:
            if all(i in self._entries for i in checklist_ids):
                items = self.items
                ids = [self.get(c).full_id(item) for c in checklist_ids for _, item in self.get(c).items]
                located = [items[i] for i in ids]
                cached = ItemOrder([hit.full_id for hit in located], located, {i: n for n, i in enumerate(ids)})
            self._orders[checklist_ids] = cached
        return cached

    def select(self, ids: Iterable[str]) -> list[Checklist]:
        """The checklists named, in the order named; all of them when none is named."""
        ids = list(ids)
        return [self.get(i) for i in ids] if ids else [e.checklist for e in self]


def answered_checklists(catalog: Catalog, answer_sets: Iterable[AnswerSet]) -> list[Checklist]:
    """The checklists some of ``answer_sets`` name or answer, in the catalog's order: what a report scores.

    Files name the checklists they answer in their header, so an answers file's ids are only
    split where some of them fall outside the checklists already found: checking that is a
    set comparison in C, splitting is a step in Python for each of millions of answers.
    """
    answer_sets = list(answer_sets)
    ids: set[str] = set()
    for answer_set in answer_sets:
        ids.update(answer_set.checklists)
    covered = {full_id for full_id in catalog.items if full_id.partition("/")[0] in ids}
    rows: set[int] = set()  # the item lists of answers rows already looked at, shared by every row over them
    for answer_set in answer_sets:
        given = answer_set.answers
        if isinstance(given, AnswerRow):
            if id(given.ids) in rows:
                continue
            rows.add(id(given.ids))
        if not covered.issuperset(given.ids if isinstance(given, AnswerRow) else given.keys()):
            ids.update(full_id.partition("/")[0] for full_id in given)
    return [e.checklist for e in catalog if e.checklist.id in ids]


def discover(extra: Iterable[Path] = ()) -> Catalog:
    """Load every checklist on the search path; a later directory overrides an earlier id.

    Any invalid file stops discovery with all its problems: scoring against a checklist
    that half-loaded would give numbers nobody can trust.
    """
    entries: list[Entry] = []
    problems: list[Problem] = []
    for directory, origin in search_dirs(extra):
        if not directory.exists():
            problems.append(Problem(str(directory), None, "checklist directory does not exist"))
            continue
        found, wrong = _read_kept(directory, origin)
        entries += found
        problems += wrong
    if problems:
        raise ValidationFailed(problems)
    return Catalog(entries)


def _read(files: list[Path], origin: str) -> tuple[list[Entry], list[Problem]]:
    """Every valid checklist of ``files``, and every problem of the others."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in files:
        checklist, found = check_file(path)
        problems += found
        if checklist is not None:
            entries.append(Entry(checklist, path, origin))
    return entries, problems


KEPT = "checklists-"
"""How the names of the checked checklists' entries in the user's cache begin: one entry a place read."""


def kept_name(source: Path) -> str:
    """The name of the entry in the user's cache (:mod:`cxcheck.io.cache`) for the checklists ``source`` holds.

    One entry per place, named by where it is: two installations (a release and a working copy),
    or two workshop folders, would otherwise replace each other's entry on every command.
    """
    return f"{KEPT}{cache.key([str(source.absolute()).encode()]).hex()[:16]}.pickle"


READERS = (
    "cxcheck.errors",
    "cxcheck.model",
    "cxcheck.sources",
    "cxcheck.text",
    "cxcheck.io.validation",
    "cxcheck.io.yamlsafe",
    __name__,
)
"""The modules whose code decides what a checklist file holds, or whether it is valid: a cached
checklist is used only while none of their files has changed, so that a changed model in a
working copy is never answered from the cache (``tests/core/test_catalog_cache.py`` checks
that every module reading a checklist uses is named here)."""


def _read_kept(source: Path, origin: str) -> tuple[list[Entry], list[Problem]]:
    """The checklists ``source`` holds: from the cache while neither their files nor the code reading them changed.

    Every command reads the bundled ones, and parsing and checking them took a twentieth of a
    report's time; a workshop folder's own copies are read by every report of the workshop (50
    checklists of 200 items: 0.21 s parsed and checked, 0.03 s from the cache). Only a set
    without problems is kept, so a broken file is reported afresh every time.
    """
    files = yaml_files(source)
    try:
        key = cache.key(_made_from(files))
    except OSError:  # a file that cannot be read: reading it the usual way says why
        return _read(files, origin)
    kept = cache.load(kept_name(source), key)
    if isinstance(kept, list) and len(kept) == len(files) and all(isinstance(c, Checklist) for c in kept):
        return [Entry(checklist, path, origin) for path, checklist in zip(files, kept)], []
    entries, problems = _read(files, origin)
    if not problems:  # the models as checked, before any of their cached properties is filled in
        cache.store(kept_name(source), key, [entry.checklist for entry in entries], KEPT)
    return entries, problems


def _made_from(files: list[Path]) -> Iterator[bytes]:
    """Everything a checked checklist depends on: the interpreter, pydantic, the readers' code, the files."""
    yield f"Python {sys.version}; pydantic {pydantic.VERSION}; cxcheck {__version__}".encode()
    for name in READERS:
        info = os.stat(str(sys.modules[name].__file__))
        yield f"{name} {info.st_mtime_ns} {info.st_size}".encode()
    for path in files:
        yield path.name.encode()
        yield path.read_bytes()
