"""For any workshop, the store and the answers files it was imported from give the same report JSON;
and a store counted by its own query gives the same summarised page as the store read respondent by respondent.

Random teams over two checklists with different scales: values, n/a with and without a
reason, notes (with quotes, commas and line breaks, which the store's CSV load must keep),
unanswered items, answers to an item a newer checklist version dropped, repeated names,
respondents with and without a role. The store is written and read back as ``cxcheck import``
and ``cxcheck report`` do, and the JSON compared byte for byte with the files' report.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcheck.core import answers, survey
from cxcheck.core.aggregate import aggregate
from cxcheck.core.catalog import Catalog, answered_checklists, discover
from cxcheck.io import yamlsafe
from cxcheck.reports import workshop as workshop_report
from cxcheck.reports.render import json_text
from cxcheck.reports.workshop import workshop_context
from tests.conftest import DEMO_CHECKLIST

TODAY = dt.date(2026, 12, 3)
SECOND = """\
id: second
title: Second checklist
version: "2.0"
description: Another scale.
sections:
  - id: only
    title: Only section
    items:
      - id: fact
        question: Is it written down?
        help: Facts need writing.
        action: Write it down.
        source: 001_1c575d8905d84cba.txt
        scale: yes-no
      - id: steps
        question: How far along?
        help: Steps.
        action: Take one.
        source: 001_1c575d8905d84cba.txt
        scale: [{value: 1, label: Not at all}, {value: 3, label: Partly}, {value: 5, label: Fully}]
      - id: share
        question: How much of it is done?
        help: Fractions, whose sums depend on their order.
        action: Do more.
        source: 001_1c575d8905d84cba.txt
        scale: [{value: 0, label: None}, {value: 0.1, label: A little}, {value: 0.3, label: Some}, {value: 1, label: All}]
"""
VALUES = {
    "demo/often": [0, 1, 2, 3, 4],
    "demo/yes-no": [0, 1],
    "demo/light": [0, 1, 2, 3, 4],
    "second/fact": [0, 1],
    "second/steps": [1, 3, 5],
    "second/share": [0, 0.1, 0.3, 1],
}
TEXT = st.text(alphabet=st.sampled_from("ab ,\"\n:'=é"), min_size=1, max_size=12).filter(lambda t: t.strip() == t and t)

_entry = st.one_of(
    st.none(),  # unanswered
    st.just("n/a"),
    st.builds(lambda r: {"value": "n/a", "reason": r}, TEXT),
    st.integers(0, 4),
    st.builds(lambda n: {"value": 0, "note": n}, TEXT),
)


def _people(stale: st.SearchStrategy[bool]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "respondent": st.sampled_from(["Ann", "Bob", "Cy", "Ann"]),
            "role": st.sampled_from([None, "leadership", "frontline", "Frontline "]),
            "date": st.dates(dt.date(2025, 1, 1), TODAY),
            "entries": st.fixed_dictionaries({item: _entry for item in VALUES}),
            "stale": stale,
        }
    )


_person = _people(st.booleans())


def _catalog(root: Path) -> Catalog:
    folder = root / "checklists"
    folder.mkdir(exist_ok=True)
    (folder / "demo.yaml").write_text(DEMO_CHECKLIST.replace("\n    ", "\n").removeprefix("    "), encoding="utf-8")
    (folder / "second.yaml").write_text(SECOND, encoding="utf-8")
    return discover([folder])


def _file(folder: Path, n: int, person: dict[str, Any]) -> Path:
    given: dict[str, Any] = {}
    for item, entry in person["entries"].items():
        if entry is None:
            continue
        scale = VALUES[item]
        if isinstance(entry, int):
            entry = scale[entry % len(scale)]
        elif isinstance(entry, dict) and entry["value"] == 0:
            entry = {**entry, "value": scale[0]}
        given[item] = entry
    if person["stale"]:
        given["demo/dropped"] = 2  # answered in 0.9, which had this item
    data: dict[str, Any] = {"respondent": person["respondent"], "organisation": "Acme Ltd", "date": person["date"]}
    if person["role"]:
        data["role"] = person["role"]
    data["checklists"] = {"demo": "0.9" if person["stale"] else "1.0", "second": "2.0"}
    data["answers"] = given
    path = folder / f"answers-{n:02d}.yaml"
    path.write_text(yamlsafe.dump(data), encoding="utf-8")
    return path


def _json(catalog: Catalog, sets: list) -> str:
    workshop = aggregate(answered_checklists(catalog, sets), sets)
    return json_text(workshop_context(workshop))


def _stored(root: Path, catalog: Catalog, team: list[dict[str, Any]]) -> list[Path]:
    """The team's answers files, and the store imported from them at ``root``."""
    paths = [_file(root, n, person) for n, person in enumerate(team)]
    found = survey.read_sources(paths, catalog, TODAY)
    survey.write(root / survey.STORE, found.answer_sets, "test")
    return paths


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(team=st.lists(_person, min_size=1, max_size=6))
def test_the_store_reports_as_the_answers_files(team: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        catalog = _catalog(root)
        paths = _stored(root, catalog, team)
        from_files = [answers.load(path, catalog, TODAY) for path in paths]
        from_store = survey.load(root / survey.STORE, catalog)
        assert _json(catalog, from_store) == _json(catalog, from_files)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    team=st.lists(_people(st.sampled_from([False] * 9 + [True])), min_size=1, max_size=14),
    threshold=st.sampled_from([20.0, 50.0, 100.0]),
    anonymous=st.booleans(),
)
def test_a_store_counted_by_its_query_makes_the_page_of_the_store_read(
    team: list[dict[str, Any]], threshold: float, anonymous: bool
) -> None:
    """The summarised page (here from one respondent on) of a store counted in SQL, and of the same store
    read respondent by respondent, are the same; a store with an older version's answers is not counted."""
    with tempfile.TemporaryDirectory() as name, mock.patch.object(workshop_report, "SUMMARY_FROM", 0):
        root = Path(name)
        catalog = _catalog(root)
        _stored(root, catalog, team)
        counted = survey.counted(root / survey.STORE, catalog, 0)
        assert (counted is None) == any(person["stale"] for person in team)
        if counted is None:
            return
        read = survey.load(root / survey.STORE, catalog)
        checklists = answered_checklists(catalog, read)
        assert [c.id for c in checklists] == [e.checklist.id for e in catalog if e.checklist.id in counted.checklists]
        options: dict[str, Any] = {"threshold": threshold, "anonymous": anonymous}
        pages = [
            json_text(workshop_context(workshop, page=True))
            for workshop in (aggregate(checklists, counted, **options), aggregate(checklists, read, **options))
        ]
        assert pages[0] == pages[1]
