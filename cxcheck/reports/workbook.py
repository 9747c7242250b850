"""The map in every report: the journey strip's data, miseries ranked among the priorities, weak links.

The context is typed (TypedDicts) so that its JSON Schema is generated from the same
definition the builder is checked against; it sits under the report's ``workbook`` key
(null when the answers file holds no map). Free text is carried as it was typed: the
templates escape it, and the JSON report is data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from typing_extensions import TypedDict

from cxcheck.core.scoring import shown
from cxcheck.model import TouchPoint, Workbook, documented

if TYPE_CHECKING:
    from cxcheck.core.journey import Misery, Priority
    from cxcheck.core.ranking import Standing

RatingName = Literal["magic", "mediocrity", "misery"]


@documented
class KindRatingContext(TypedDict):
    kind: str
    """the kind of customer"""
    rating: RatingName
    """how that kind meets the touch point"""
    note: str | None
    """what was seen"""


@documented
class CellContext(TypedDict):
    """One cell of the journey strip: how the customers of one row meet one touch point."""

    row: str | None
    """the strip's row: null for every customer, else a kind"""
    rating: RatingName | None
    """the rating shown; null: not rated"""
    note: str | None
    """what was seen"""


@documented
class TouchPointContext(TypedDict):
    """One touch point: its own rating (null: not rated) and each kind of customer's."""

    name: str
    """the touch point, in the business's words"""
    channel: str | None
    """how customers meet it"""
    owner: str | None
    """who owns it; null: nobody"""
    rating: RatingName | None
    """its own rating; null: not rated"""
    note: str | None
    """what was seen"""
    worst: RatingName | None
    """the worst rating anyone gave it"""
    by_customer: list[KindRatingContext]
    """each kind of customer's own rating"""
    cells: list[CellContext]
    """One per row of the strip (``rows``): the kind's own rating where given, else the touch point's."""


@documented
class StageContext(TypedDict):
    name: str
    """the stage of the journey"""
    touchpoints: list[TouchPointContext]
    """its touch points, in order"""


@documented
class MiseryContext(TypedDict):
    """A touch point rated misery, as a priority: ``rank`` is its place among the items' priorities."""

    rank: int
    """its place among the items' priorities; equal priorities share a rank"""
    tied: bool
    """an item or another misery shares the rank"""
    priority: float
    """its priority, as an item's (docs/workbook.md)"""
    stage: str
    """the stage"""
    touchpoint: str
    """the touch point"""
    channel: str | None
    """how customers meet it"""
    owner: str | None
    """who owns it"""
    who: list[str | None]
    """null: its own rating, else the kinds of customer who rated it misery"""
    notes: list[str]
    """what was seen"""
    action: str
    """the suggested first step"""


@documented
class WeakLinkContext(TypedDict):
    kind: Literal["drop", "no-owner"]
    """drop (magic to misery within a stage) or no-owner"""
    stage: str
    """the stage"""
    touchpoints: list[str]
    """the touch points concerned"""
    who: list[str | None]
    """null: every customer, else the kinds of customer"""


@documented
class CountsContext(TypedDict):
    stages: int
    """stages in the journey"""
    touchpoints: int
    """touch points in all"""
    magic: int
    """touch points at worst magic"""
    mediocrity: int
    """touch points at worst mediocrity"""
    misery: int
    """touch points at worst misery"""
    unrated: int
    """touch points not rated"""


@documented
class CustomerKindContext(TypedDict):
    name: str
    """the kind of customer"""
    inside: bool
    """an internal customer"""
    wants: str | None
    """what they want"""
    needs: str | None
    """what they need"""
    surprise: str | None
    """what surprised us"""
    best: bool
    """among the best customers (likely to be loyal)"""


@documented
class CustomersContext(TypedDict):
    definition: str | None
    """what 'customer' means here"""
    kinds: list[CustomerKindContext]
    """the kinds of customers"""


@documented
class IdealContext(TypedDict):
    name: str | None
    """the name the team uses for it"""
    feelings: list[str]
    """what customers should feel"""
    looks: str | None
    """what it looks like"""
    sounds: str | None
    """what it sounds like"""
    feels: str | None
    """what it feels like"""
    smells: str | None
    """what it smells like"""
    tastes: str | None
    """what it tastes like"""


@documented
class WorkbookContext(TypedDict):
    """The map as reports show it; ``rows`` are the strip's rows: null for every customer, then each kind rated."""

    file: str | None
    """the map's own file; null when it is in the answers file"""
    rule: str
    """how a misery ranks against an item's gap"""
    counts: CountsContext
    """how many stages and touch points, by worst rating"""
    rows: list[str | None]
    """the journey strip's rows: null for every customer, then each kind that rated"""
    stages: list[StageContext]
    """the journey, stage by stage"""
    miseries: list[MiseryContext]
    """touch points rated misery, as priorities"""
    weak_links: list[WeakLinkContext]
    """where the delivery chain breaks"""
    customers: CustomersContext | None
    """the customer map; null without one"""
    ideal: IdealContext | None
    """the ideal experience; null without one"""
    practices: list[str]
    """full ids of the own practices, scored in the checklist own"""


def workbook_context(
    workbook: Workbook | None, file: str | None, ranked: Sequence[Standing[Priority]], target: float
) -> WorkbookContext | None:
    """The ``workbook`` key of the gap report; ``ranked`` is the merged priorities in their places (for the ranks)."""
    if workbook is None:
        return None
    from cxcheck.core.journey import MISERY_RULE, Misery, miseries, weak_links  # a report without a map never pays

    rank_of = {(s.entry.stage.name, s.entry.point.name): s for s in ranked if isinstance(s.entry, Misery)}
    points = [p for _, p in workbook.touchpoints]
    worst = [p.worst for p in points]
    kinds = list(dict.fromkeys(k for p in points for k in p.by_customer))
    return {
        "file": file,
        "rule": MISERY_RULE,
        "counts": {
            "stages": len(workbook.journey),
            "touchpoints": len(points),
            "magic": worst.count("magic"),
            "mediocrity": worst.count("mediocrity"),
            "misery": worst.count("misery"),
            "unrated": worst.count(None),
        },
        "rows": [None, *kinds],
        "stages": [
            {"name": s.name, "touchpoints": [_touchpoint(p, [None, *kinds]) for p in s.touchpoints]}
            for s in workbook.journey
        ],
        "miseries": [_misery(m, rank_of[(m.stage.name, m.point.name)]) for m in miseries(workbook, target)],
        "weak_links": [
            {"kind": w.kind, "stage": w.stage, "touchpoints": list(w.points), "who": list(w.who)}
            for w in weak_links(workbook)
        ],
        "customers": None if workbook.customers is None else _dump(workbook.customers),
        "ideal": None if workbook.ideal is None else _dump(workbook.ideal),
        "practices": [f"own/{p.id}" for p in workbook.practices],
    }


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json")


def _touchpoint(point: TouchPoint, rows: list[str | None]) -> TouchPointContext:
    ratings = point.ratings()
    cells: list[CellContext] = []
    for row in rows:
        given = ratings.get(row) or ratings.get(None)
        cells.append({"row": row, "rating": given.rating if given else None, "note": given.note if given else None})
    return {
        "name": point.name,
        "channel": point.channel,
        "owner": point.owner,
        "rating": point.rating,
        "note": point.note,
        "worst": point.worst,
        "by_customer": [{"kind": k, "rating": r.rating, "note": r.note} for k, r in ratings.items() if k is not None],
        "cells": cells,
    }


def _misery(misery: Misery, standing: Standing[Priority]) -> MiseryContext:
    return {
        "rank": standing.rank,
        "tied": standing.tied,
        "priority": shown(misery.priority) or 0.0,
        "stage": misery.stage.name,
        "touchpoint": misery.point.name,
        "channel": misery.point.channel,
        "owner": misery.point.owner,
        "who": list(misery.who),
        "notes": misery.notes,
        "action": misery.action,
    }
