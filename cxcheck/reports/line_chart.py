"""Geometry of the trend report's line charts, as plain numbers a template turns into inline SVG.

The same approach as :mod:`cxcheck.reports.charts`: horizontal positions in percent of the chart's
width and vertical ones in pixels, so the SVG (which has no viewBox) stretches to any column
while its text keeps its size. Points are placed by date, so a missed quarter shows as a
longer step. A point's score and date are written only where they cannot run into the
previous label on a phone-wide chart; every figure is also in the table beside the chart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from typing_extensions import TypedDict

from cxcheck.model import BandName, documented
from cxcheck.reports.charts import TICKS, band_spans

LEFT = 8.0
"""Percent of the width kept at the left for the axis figures."""
RIGHT = 96.0
TOP = 22
"""Pixels above the 100 line, for the score written over a point at the top."""
AXIS = 22
LABEL_GAP = 18.0
"""Labelled points are at least this far apart, in percent: 52 pixels on a phone, room for ``2026-03``."""

Point = tuple[dt.date, float | None, BandName | None]
"""An assessment's date, the score (None: not scored) and its band."""
Anchor = Literal["start", "middle", "end"]


@documented
class LineZone(TypedDict):
    """One band's zone behind the line"""

    band: BandName
    y: float
    height: float


@documented
class Level(TypedDict):
    """A horizontal line at a score"""

    value: float
    y: float


@documented
class Segment(TypedDict):
    """The line between two neighbouring assessments"""

    x1: float
    y1: float
    x2: float
    y2: float


@documented
class ChartPoint(TypedDict):
    """One scored assessment"""

    x: float
    y: float
    score: float
    """the score written at the point"""
    band: BandName | None
    labelled: bool
    """the score and date are written (far enough from the last labelled point)"""
    anchor: Anchor


@documented
class DateLabel(TypedDict):
    """A date written under the axis"""

    x: float
    y: float
    text: str
    """the year and month"""
    anchor: Anchor


@documented
class LineChart(TypedDict):
    """A series' line chart: x in percent of the width, y in pixels"""

    height: float
    left: float
    width: float
    zones: list[LineZone]
    """band zones behind the line"""
    grid: list[Level]
    """grid lines at the ticks"""
    target: Level
    """the target line"""
    segments: list[Segment]
    """the line, broken where an assessment has no score"""
    points: list[ChartPoint]
    """the scored assessments"""
    dates: list[DateLabel]
    """the dates written under the axis"""


def line_chart(points: Sequence[Point], target: float, mediocrity: float, magic: float, plot: int) -> LineChart:
    """One series over time on a 0..100 axis, with the band zones behind it and the target across it.

    ``plot`` is the height of the 0..100 area in pixels. An assessment without a score is
    left out and breaks the line.
    """

    def y_of(value: float) -> float:
        return round(TOP + (100 - max(0.0, min(100.0, value))) / 100 * plot, 1)

    xs = _positions([date for date, _, _ in points])
    labelled = _labelled(xs)
    scored: list[tuple[int, ChartPoint]] = [
        (
            n,
            {
                "x": x,
                "y": y_of(score),
                "score": score,
                "band": band,
                "labelled": n in labelled,
                "anchor": _anchor(n, xs),
            },
        )
        for n, (x, (_, score, band)) in enumerate(zip(xs, points))
        if score is not None
    ]
    return {
        "height": TOP + plot + AXIS,
        "left": LEFT,
        "width": round(100 - LEFT, 2),
        "zones": [
            {"band": b, "y": y_of(high), "height": round(y_of(low) - y_of(high), 1)}
            for b, low, high in band_spans(mediocrity, magic)
        ],
        "grid": [{"value": tick, "y": y_of(tick)} for tick in TICKS],
        "target": {"value": target, "y": y_of(target)},
        "segments": [  # only between neighbours: an assessment without a score breaks the line
            {"x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"]}
            for (m, a), (n, b) in zip(scored, scored[1:])
            if n == m + 1
        ],
        "points": [p for _, p in scored],
        "dates": [
            {"x": x, "y": TOP + plot + 16, "text": date.isoformat()[:7], "anchor": _anchor(n, xs)}
            for n, (x, (date, _, _)) in enumerate(zip(xs, points))
            if n in labelled
        ],
    }


def _positions(dates: Sequence[dt.date]) -> list[float]:
    """Each date's x, in proportion to the time between the first and the last."""
    if not dates:
        return []
    first, span = dates[0], (dates[-1] - dates[0]).days
    if span == 0:
        return [round((LEFT + RIGHT) / 2, 2)] * len(dates)
    return [round(LEFT + (d - first).days / span * (RIGHT - LEFT), 2) for d in dates]


def _labelled(xs: Sequence[float]) -> set[int]:
    """From the newest back, each point far enough from the last one labelled; the newest always is."""
    chosen: set[int] = set()
    last: float | None = None
    for n in range(len(xs) - 1, -1, -1):
        if last is None or last - xs[n] >= LABEL_GAP:
            chosen.add(n)
            last = xs[n]
    return chosen


def _anchor(index: int, xs: Sequence[float]) -> Anchor:
    """Text at the first point runs right and at the last runs left, so that neither is cut off."""
    if xs[0] == xs[-1]:
        return "middle"
    return "start" if index == 0 else "end" if index == len(xs) - 1 else "middle"
