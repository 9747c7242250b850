"""The map in every report: the journey strip's data, miseries ranked among the priorities, weak links.

The context is typed (TypedDicts) so that its JSON Schema is generated from the same
definition the builder is checked against; it sits under the report's ``workbook`` key
(null when the answers file holds no map). Free text is carried as it was typed: the
templates escape it, and the JSON report is data.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, TypeAdapter, with_config
from typing_extensions import TypedDict

from cxcheck.core.journey import MISERY_RULE, Misery, Priority, miseries, weak_links
from cxcheck.core.scoring import shown
from cxcheck.model import TouchPoint, Workbook

RatingName = Literal["magic", "mediocrity", "misery"]
_CLOSED = ConfigDict(extra="forbid")


@with_config(_CLOSED)
class KindRatingContext(TypedDict):
    kind: str
    rating: RatingName
    note: str | None


@with_config(_CLOSED)
class CellContext(TypedDict):
    """One cell of the journey strip: how the customers of one row meet one touch point."""

    row: str | None
    rating: RatingName | None
    note: str | None


@with_config(_CLOSED)
class TouchPointContext(TypedDict):
    """One touch point: its own rating (null: not rated) and each kind of customer's."""

    name: str
    channel: str | None
    owner: str | None
    rating: RatingName | None
    note: str | None
    worst: RatingName | None
    by_customer: list[KindRatingContext]
    cells: list[CellContext]
    """One per row of the strip (``rows``): the kind's own rating where given, else the touch point's."""


@with_config(_CLOSED)
class StageContext(TypedDict):
    name: str
    touchpoints: list[TouchPointContext]


@with_config(_CLOSED)
class MiseryContext(TypedDict):
    """A touch point rated misery, as a priority: ``rank`` is its place among the items' priorities."""

    rank: int
    priority: float
    stage: str
    touchpoint: str
    channel: str | None
    owner: str | None
    who: list[str | None]
    notes: list[str]
    action: str


@with_config(_CLOSED)
class WeakLinkContext(TypedDict):
    kind: Literal["drop", "no-owner"]
    stage: str
    touchpoints: list[str]
    who: list[str | None]


@with_config(_CLOSED)
class CountsContext(TypedDict):
    stages: int
    touchpoints: int
    magic: int
    mediocrity: int
    misery: int
    unrated: int


@with_config(_CLOSED)
class CustomerKindContext(TypedDict):
    name: str
    inside: bool
    wants: str | None
    needs: str | None
    surprise: str | None
    best: bool


@with_config(_CLOSED)
class CustomersContext(TypedDict):
    definition: str | None
    kinds: list[CustomerKindContext]


@with_config(_CLOSED)
class IdealContext(TypedDict):
    name: str | None
    feelings: list[str]
    looks: str | None
    sounds: str | None
    feels: str | None
    smells: str | None
    tastes: str | None


@with_config(_CLOSED)
class WorkbookContext(TypedDict):
    """The map as reports show it; ``rows`` are the strip's rows: null for every customer, then each kind rated."""

    file: str | None
    rule: str
    counts: CountsContext
    rows: list[str | None]
    stages: list[StageContext]
    miseries: list[MiseryContext]
    weak_links: list[WeakLinkContext]
    customers: CustomersContext | None
    ideal: IdealContext | None
    practices: list[str]


def workbook_context(
    workbook: Workbook | None, file: str | None, ranked: list[Priority], target: float
) -> WorkbookContext | None:
    """The ``workbook`` key of the gap report; ``ranked`` is the merged priority order (for the ranks)."""
    if workbook is None:
        return None
    rank_of = {(m.stage.name, m.point.name): n for n, m in enumerate(ranked, 1) if isinstance(m, Misery)}
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
        "customers": None if workbook.customers is None else _dump(workbook.customers),  # type: ignore[typeddict-item]
        "ideal": None if workbook.ideal is None else _dump(workbook.ideal),  # type: ignore[typeddict-item]
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


def _misery(misery: Misery, rank: int) -> MiseryContext:
    return {
        "rank": rank,
        "priority": shown(misery.priority) or 0.0,
        "stage": misery.stage.name,
        "touchpoint": misery.point.name,
        "channel": misery.point.channel,
        "owner": misery.point.owner,
        "who": list(misery.who),
        "notes": misery.notes,
        "action": misery.action,
    }


def workbook_schema() -> dict[str, Any]:
    """The JSON Schema of the ``workbook`` key (null, or the map as reports show it)."""
    schema: dict[str, Any] = TypeAdapter(WorkbookContext | None).json_schema()
    return schema
