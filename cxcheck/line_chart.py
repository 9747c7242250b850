"""Geometry of the trend report's line charts, as plain numbers a template turns into inline SVG.

The same approach as :mod:`cxcheck.charts`: horizontal positions in percent of the chart's
width and vertical ones in pixels, so the SVG (which has no viewBox) stretches to any column
while its text keeps its size. Points are placed by date, so a missed quarter shows as a
longer step. Only some points carry their score and date when there are many, so that the
labels never run into each other on a phone; every figure is also in the table below.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from cxcheck.charts import TICKS

LEFT = 7.0
"""Percent of the width kept for the axis figures at the left."""
RIGHT = 96.0
TOP = 20
"""Pixels above the 100 line, for the score written over a point at the top."""
AXIS = 22
MAX_LABELS = 6
"""At most this many points are labelled; the last one always is."""


def line_chart(
    dates: Sequence[dt.date], scores: Sequence[float | None], target: float, mediocrity: float, magic: float, plot: int
) -> dict[str, Any]:
    """One series over time on a 0..100 axis, with the band zones behind it and the target across it.

    ``plot`` is the height of the 0..100 area in pixels. A point without a score is left
    out and breaks the line.
    """

    def y_of(value: float) -> float:
        return round(TOP + (100 - max(0.0, min(100.0, value))) / 100 * plot, 1)

    xs = _positions(dates)
    labelled = _labelled(len(dates))
    indexed = [
        (n, {
            "x": x,
            "y": y_of(score),
            "score": score,
            "date": date.isoformat(),
            "labelled": n in labelled,
            "anchor": _anchor(n, len(dates)),
        })
        for n, (x, date, score) in enumerate(zip(xs, dates, scores))
        if score is not None
    ]  # fmt: skip
    points = [p for _, p in indexed]
    zones = [("misery", 0.0, mediocrity), ("mediocrity", mediocrity, magic), ("magic", magic, 100.0)]
    return {
        "height": TOP + plot + AXIS,
        "left": LEFT,
        "zones": [{"band": b, "y": y_of(high), "height": round(y_of(low) - y_of(high), 1)} for b, low, high in zones],
        "grid": [{"value": tick, "y": y_of(tick)} for tick in TICKS],
        "target": {"value": target, "y": y_of(target)},
        "segments": [  # an assessment without a score breaks the line
            {"x1": a["x"], "y1": a["y"], "x2": b["x"], "y2": b["y"]}
            for (m, a), (n, b) in zip(indexed, indexed[1:])
            if n == m + 1
        ],
        "points": points,
        "dates": [
            {"x": x, "y": TOP + plot + 16, "text": date.isoformat(), "anchor": _anchor(n, len(dates))}
            for n, (x, date) in enumerate(zip(xs, dates))
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


def _labelled(count: int) -> set[int]:
    """Every k-th point counted back from the last, so that the newest figure is always written."""
    step = max(1, math.ceil(count / MAX_LABELS))
    return set(range(count - 1, -1, -step))


def _anchor(index: int, count: int) -> str:
    if count > 1 and index == 0:
        return "start"
    return "end" if count > 1 and index == count - 1 else "middle"

