"""Touch points over time: which moved between magic, mediocrity and misery, which were added or removed.

``compare`` and ``trend`` read assessments as snapshots (:mod:`cxcheck.core.snapshot`); a
snapshot of an answers file or of a JSON gap report carries its map as :class:`Rated` touch
points. The rules, written once (docs/workbook.md "Over time"):

- A touch point is the same one in two assessments when its stage and name match, compared
  without case and extra spaces (:func:`cxcheck.core.workbook.key_of`).
- Its rating over time is its worst rating (its own or any kind of customer's), the one the
  gap report counts, so a misery for newcomers put right shows as a move.
- A move is **better** towards magic and **worse** towards misery; a touch point rated in
  one assessment and unrated in the other is **rated** or **unrated**, not a move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from typing_extensions import TypedDict

from cxcheck.core.workbook import key_of
from cxcheck.model import RATINGS, Rating, Workbook, documented

RatingName = Literal["magic", "mediocrity", "misery"]
Direction = Literal["better", "worse", "rated", "unrated"]


@dataclass(frozen=True)
class Rated:
    """One touch point of an assessment's map, as time compares it."""

    stage: str
    name: str
    rating: Rating | None
    """its worst rating; None: not rated"""

    @property
    def key(self) -> tuple[str, str]:
        return key_of(self.stage, self.name)


def rated(book: Workbook | None) -> tuple[Rated, ...] | None:
    """A map's touch points in journey order; None when the assessment holds no map."""
    if book is None:
        return None
    return tuple(Rated(stage.name, point.name, point.worst) for stage, point in book.touchpoints)


@documented
class MapPoint(TypedDict):
    """A touch point on one map only"""

    stage: str
    """the stage"""
    touchpoint: str
    """the touch point"""
    rating: RatingName | None
    """its worst rating there; null: not rated"""


@documented
class MapMove(TypedDict):
    """A touch point on both maps whose rating changed"""

    stage: str
    """the stage (as the newer map names it)"""
    touchpoint: str
    """the touch point (as the newer map names it)"""
    old: RatingName | None
    """the older map's worst rating; null: not rated"""
    new: RatingName | None
    """the newer map's"""
    direction: Direction
    """better (towards magic), worse (towards misery), rated or unrated"""


@documented
class MapMoves(TypedDict):
    """How the map changed from the older assessment to the newer"""

    compared: bool
    """both assessments hold a map"""
    moved: list[MapMove]
    """touch points whose rating changed, worse first, then better, then rated and unrated, in journey order"""
    added: list[MapPoint]
    """touch points only the newer map has"""
    removed: list[MapPoint]
    """touch points only the older map has"""
    unchanged: int
    """touch points on both maps rated the same"""


def moves(old: Sequence[Rated] | None, new: Sequence[Rated] | None) -> MapMoves:
    """The older map against the newer: moves, additions, removals (all empty unless both hold a map)."""
    if old is None or new is None:
        return {"compared": False, "moved": [], "added": [], "removed": [], "unchanged": 0}
    before = {p.key: p for p in old}
    after = {p.key for p in new}
    moved: list[MapMove] = []
    unchanged = 0
    for point in new:
        earlier = before.get(point.key)
        if earlier is None:
            continue
        if earlier.rating == point.rating:
            unchanged += 1
            continue
        moved.append(
            {
                "stage": point.stage,
                "touchpoint": point.name,
                "old": earlier.rating,
                "new": point.rating,
                "direction": _direction(earlier.rating, point.rating),
            }
        )
    order: tuple[Direction, ...] = ("worse", "better", "rated", "unrated")
    moved.sort(key=lambda m: order.index(m["direction"]))
    return {
        "compared": True,
        "moved": moved,
        "added": [_point(p) for p in new if p.key not in before],
        "removed": [_point(p) for p in old if p.key not in after],
        "unchanged": unchanged,
    }


def _direction(old: Rating | None, new: Rating | None) -> Direction:
    if old is None:
        return "rated"
    if new is None:
        return "unrated"
    return "better" if RATINGS.index(new) < RATINGS.index(old) else "worse"


def _point(point: Rated) -> MapPoint:
    return {"stage": point.stage, "touchpoint": point.name, "rating": point.rating}


@documented
class MapRow(TypedDict):
    """One touch point across the assessments"""

    stage: str
    """the stage (as the newest map holding it names it)"""
    touchpoint: str
    """the touch point"""
    ratings: list[RatingName | Literal["not rated"] | None]
    """one per assessment, in date order: its worst rating, not rated, or null when not on that map"""


@documented
class MapTrend(TypedDict):
    """The map across the assessments"""

    maps: int
    """how many assessments hold a map"""
    rows: list[MapRow]
    """every touch point on any map, the newest map's order first"""
    latest: MapMoves
    """the change between the two newest assessments that hold a map"""


def over_time(maps: Sequence[Sequence[Rated] | None]) -> MapTrend | None:
    """Every touch point across assessments in date order; None when no assessment holds a map."""
    held = [m for m in maps if m is not None]
    if not held:
        return None
    names: dict[tuple[str, str], Rated] = {}
    for found in reversed(held):  # the newest map's names and order first
        for point in found:
            names.setdefault(point.key, point)
    by_map = [None if m is None else {p.key: p for p in m} for m in maps]
    rows: list[MapRow] = []
    for key, point in names.items():
        ratings: list[RatingName | Literal["not rated"] | None] = []
        for keyed in by_map:
            here = None if keyed is None else keyed.get(key)
            ratings.append(None if here is None else here.rating or "not rated")
        rows.append({"stage": point.stage, "touchpoint": point.name, "ratings": ratings})
    latest = moves(held[-2], held[-1]) if len(held) > 1 else moves(None, None)
    return {"maps": len(held), "rows": rows, "latest": latest}
