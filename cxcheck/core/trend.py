"""Scores over time: assessments of one organisation, in date order, as plain data.

The trend report presents it (:mod:`cxcheck.reports.trend`, which adds the charts).

Files for different organisations, or scoring different sets of checklists, are refused
with a list of which file is which rather than drawn as one line: a line that silently
switched organisation, or whose overall suddenly averaged other checklists, would tell a
story that is not true. ``--only`` (see :func:`cxcheck.core.snapshot.load`) narrows every file
to the checklists they share. A checklist whose version changed along the way stays one
series, with a note saying where the version changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import NotRequired

from typing_extensions import TypedDict

from cxcheck.core.scoring import shown
from cxcheck.core.snapshot import ChecklistFigures, Part, Snapshot
from cxcheck.core.targets import BandsEntry
from cxcheck.errors import Problem, ValidationFailed
from cxcheck.model import BandName, documented, number


@documented
class Point(TypedDict):
    """One assessment's score in a series"""

    date: str
    """the assessment's date (ISO 8601)"""
    score: float | None
    """the score, 0..100 to one decimal; null when not scored"""
    band: BandName | None
    """its band, by that file's thresholds"""
    answered: int
    """items answered with a value"""
    applicable: int
    """items answered or unanswered (n/a left out)"""
    coverage: float | None
    """answered share of the applicable items, in percent to one decimal; null when every item is n/a"""
    version: NotRequired[str]
    """checklists only: the version answered"""


@documented
class Series(TypedDict):
    """One score over time"""

    title: str
    """what the series shows"""
    target: float
    """the newest file's target"""
    points: list[Point]
    """one point per assessment, in date order"""
    first: float | None
    """the first known score"""
    last: float | None
    """the newest assessment's score"""
    band: BandName | None
    """the newest score's band"""
    change: float | None
    """the last known score minus the first, in points; null with fewer than two"""
    latest_change: float | None
    """the newest score minus the one of the assessment before it, in points; null when either has no score"""


@documented
class _Id(TypedDict):
    id: str
    """checklist id"""


@documented
class ChecklistSeries(_Id, Series):
    """One checklist's score over time"""


@documented
class TrendAssessment(TypedDict):
    """One assessment of the trend"""

    date: str
    """its date (ISO 8601)"""
    file: str
    """the file as given"""
    source: str
    """answers or report: what the file is"""
    respondent: str
    """who answered"""


@documented
class Trend(TypedDict):
    """Scores over time"""

    organisation: str
    """the business assessed"""
    bands: BandsEntry
    """the newest file's band thresholds"""
    assessments: list[TrendAssessment]
    """every assessment, in date order"""
    notes: list[str]
    """what bears on reading the lines"""
    overall: Series
    """the overall score"""
    checklists: list[ChecklistSeries]
    """each checklist's score"""


def trend(snapshots: Sequence[Snapshot]) -> Trend:
    """The assessments in date order (then by file name), the overall and each checklist as a series."""
    if not snapshots:
        raise ValueError("a trend needs at least one assessment")
    _refuse_mixed(snapshots)
    ordered = in_order(snapshots)
    newest = ordered[-1]

    def series(title: str, part_of: Callable[[Snapshot], Part]) -> Series:
        parts = [part_of(s) for s in ordered]
        scores = [p.score for p in parts]
        known = [score for score in scores if score is not None]
        target = parts[-1].target
        return {
            "title": title,
            "target": number(target),
            "points": [
                {
                    "date": s.date.isoformat(),
                    "score": p.score,
                    "band": s.band(p.score),
                    "answered": p.answered,
                    "applicable": p.applicable,
                    "coverage": shown(p.coverage),
                }
                for s, p in zip(ordered, parts)
            ],
            "first": known[0] if known else None,
            "last": scores[-1],
            "band": newest.band(scores[-1]),
            "change": round(known[-1] - known[0], 1) if len(known) > 1 else None,
            "latest_change": _latest_change(scores),
        }

    checklists: list[ChecklistSeries] = []
    for latest in newest.checklists:
        entry = series(latest.title, partial(_part_of, latest.id))
        versions = [_checklist_of(s, latest.id).answered_version for s in ordered]
        for point, version in zip(entry["points"], versions):
            point["version"] = version
        checklists.append({"id": latest.id, **entry})
    return {
        "organisation": newest.organisation,
        "bands": newest.bands.entry(),
        "assessments": [
            {"date": s.date.isoformat(), "file": str(s.path), "source": s.source, "respondent": s.respondent}
            for s in ordered
        ],
        "notes": _notes(ordered, checklists),
        "overall": series("Overall", lambda s: s.overall),
        "checklists": checklists,
    }


def _latest_change(scores: list[float | None]) -> float | None:
    """What the newest assessment moved: beside the change since the first, so a fall is never hidden by a rise."""
    if len(scores) < 2 or scores[-1] is None or scores[-2] is None:
        return None
    return round(scores[-1] - scores[-2], 1)


def in_order(snapshots: Sequence[Snapshot]) -> list[Snapshot]:
    """The assessments as a trend shows them: by date, then by file name."""
    return sorted(snapshots, key=lambda s: (s.date, str(s.path)))


def _checklist_of(snapshot: Snapshot, checklist_id: str) -> ChecklistFigures:
    found = snapshot.checklist(checklist_id)
    assert found is not None, "every file scores the same checklists (_refuse_mixed)"
    return found


def _part_of(checklist_id: str, snapshot: Snapshot) -> Part:
    return _checklist_of(snapshot, checklist_id).part


def _refuse_mixed(snapshots: Sequence[Snapshot]) -> None:
    """One organisation and one set of checklists, or a list of which file is which."""
    by_organisation: dict[str, list[Snapshot]] = {}
    for s in snapshots:
        by_organisation.setdefault(s.organisation_key, []).append(s)
    if len(by_organisation) > 1:
        raise ValidationFailed(
            [
                Problem(None, None, f"these files are for {len(by_organisation)} organisations and a trend follows one; "
                        "run trend once per organisation:"),
                *(Problem(None, None, f"  {group[0].organisation}: {_files(group)}") for group in by_organisation.values()),
            ]
        )  # fmt: skip
    by_set: dict[tuple[str, ...], list[Snapshot]] = {}
    for s in snapshots:
        by_set.setdefault(tuple(sorted(c.id for c in s.checklists)), []).append(s)
    if len(by_set) > 1:
        shared = set.intersection(*(set(ids) for ids in by_set))
        hint = f"(shared: {', '.join(sorted(shared))})" if shared else "(they share none)"
        raise ValidationFailed(
            [
                Problem(None, None, "these files score different checklists, so their overall scores are not "
                        f"comparable; follow the checklists they share with --only ID {hint}:"),
                *(Problem(None, None, f"  {', '.join(ids)}: {_files(group)}") for ids, group in by_set.items()),
            ]
        )  # fmt: skip


def _files(group: list[Snapshot]) -> str:
    return ", ".join(str(s.path) for s in group)


def _notes(ordered: list[Snapshot], checklists: list[ChecklistSeries]) -> list[str]:
    """Things that bear on reading the lines: shared dates, version changes, targets that moved."""
    notes = []
    dates = [s.date for s in ordered]
    for date in sorted({d for d in dates if dates.count(d) > 1}):
        same = [s for s in ordered if s.date == date]
        notes.append(
            f"{len(same)} assessments share the date {date}: {_files(same)}; they are shown in file-name order."
        )
    for entry in checklists:
        changes = [
            f"{b['version']} from {b['date']}"
            for a, b in zip(entry["points"], entry["points"][1:])
            if a["version"] != b["version"]
        ]
        if changes:
            first = entry["points"][0]["version"]
            notes.append(
                f"{entry['title']}: answered as version {first}, then {', '.join(changes)}; its scores are compared as they are."
            )
    if len({s.overall.target for s in ordered}) > 1:
        notes.append("The overall target differs between the files; the charts show the newest file's.")
    if len({s.bands for s in ordered}) > 1:
        notes.append("The band thresholds differ between the files; each point is judged by its own file's.")
    return notes
