"""Geometry of the report's bar charts, as plain numbers a template turns into inline SVG.

Charts are drawn by the template, not by a library, so that the HTML report stays one file
that needs no script; working the geometry out here keeps the template free of arithmetic
and lets a test check that a bar is as long as its score says.

Horizontal positions are percentages of the chart's width and vertical ones are pixels, so
the SVG (which has no viewBox) stretches to any column while its text keeps its size: a
phone shows the same 13px labels as a desktop. Each label sits above its bar, and the score
is written inside a long bar or just after a short one, so nothing ever overlaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from typing_extensions import TypedDict

from cxcheck.model import BandName, documented

MARGIN = 0.5
"""Percent of the width kept free at each side, so the target mark at 100 is not cut in half."""
ROW = 48
LABEL_Y = 16
BAR_Y = 23
BAR_HEIGHT = 20
AXIS = 20
TICKS = (0, 25, 50, 75, 100)
INSIDE_FROM = 45
"""A bar at least this long holds its score inside; a shorter one has it written after its end."""
LABEL_CHARS = 44
"""Longer labels are cut with an ellipsis so that they fit a phone; the full text is in the chart's description."""


@dataclass(frozen=True)
class Bar:
    """One row of a chart: what it shows, and the score and target it is drawn from."""

    label: str
    score: float | None
    target: float
    band: BandName | None


@documented
class Zone(TypedDict):
    """One band's zone, tinted behind the bars"""

    band: BandName
    x: float
    width: float
    height: float


@documented
class Tick(TypedDict):
    """One axis tick"""

    value: float
    x: float
    y: float
    anchor: Literal["start", "middle", "end"]


@documented
class BarRow(TypedDict):
    """One bar: label above, bar below, a target mark across it"""

    label: str
    """what the bar shows"""
    short_label: str
    """the label cut to fit, with an ellipsis"""
    score: float | None
    """the bar's score, 0..100 to one decimal; null when nothing was answered"""
    band: BandName | None
    label_x: float
    label_y: float
    x: float
    y: float
    width: float
    height: float
    track_width: float
    value_x: float
    value_y: float
    value_anchor: Literal["start", "end"]
    """text-anchor of the score"""
    value_inside: bool
    """the score is written inside the bar (white) rather than after it"""
    target: float
    """the target drawn as a mark"""
    target_x: float
    target_y1: float
    target_y2: float


@documented
class BarChart(TypedDict):
    """A bar chart's geometry: x and widths in percent of the chart's width, y and heights in pixels"""

    height: float
    zones: list[Zone]
    """band zones tinted behind the bars"""
    ticks: list[Tick]
    """axis ticks"""
    rows: list[BarRow]
    """one row per bar, top to bottom"""


def band_spans(mediocrity: float, magic: float) -> list[tuple[BandName, float, float]]:
    """Each band with the 0..100 scores it spans, low to high: the zones every chart tints."""
    return [("misery", 0.0, mediocrity), ("mediocrity", mediocrity, magic), ("magic", magic, 100.0)]


def x_of(value: float) -> float:
    """The horizontal position of a 0..100 value, in percent of the chart's width."""
    return round(MARGIN + max(0.0, min(100.0, value)) * (100 - 2 * MARGIN) / 100, 2)


def bar_chart(bars: list[Bar], mediocrity: float, magic: float) -> BarChart:
    """Rows of bars on a 0..100 axis, the bands as tinted zones behind them and a target mark on each."""
    plot_bottom = len(bars) * ROW
    return {
        "height": plot_bottom + AXIS,
        "zones": [
            {"band": band, "x": x_of(start), "width": round(x_of(end) - x_of(start), 2), "height": plot_bottom}
            for band, start, end in band_spans(mediocrity, magic)
        ],
        "ticks": axis_ticks(plot_bottom),
        "rows": [_row(bar, n * ROW) for n, bar in enumerate(bars)],
    }


def axis_ticks(plot_bottom: float) -> list[Tick]:
    """The 0..100 axis under a plot, its end labels kept inside the chart; shared by every bar chart."""
    return [{"value": tick, "x": x_of(tick), "y": plot_bottom + 14, "anchor": _anchor(tick)} for tick in TICKS]


def _anchor(tick: int) -> Literal["start", "middle", "end"]:
    return "start" if tick == TICKS[0] else "end" if tick == TICKS[-1] else "middle"


def _row(bar: Bar, top: int) -> BarRow:
    score = bar.score
    end = x_of(score if score is not None else 0.0)
    inside = score is not None and score >= INSIDE_FROM
    return {
        "label": bar.label,
        "short_label": bar.label if len(bar.label) <= LABEL_CHARS else bar.label[: LABEL_CHARS - 1].rstrip() + "…",
        "score": score,
        "band": bar.band,
        "label_x": MARGIN,
        "label_y": top + LABEL_Y,
        "x": MARGIN,
        "y": top + BAR_Y,
        "width": round(end - MARGIN, 2),
        "height": BAR_HEIGHT,
        "track_width": round(100 - 2 * MARGIN, 2),
        "value_x": round(end - 1, 2) if inside else round(end + 1, 2),
        "value_y": top + BAR_Y + BAR_HEIGHT - 6,
        "value_anchor": "end" if inside else "start",
        "value_inside": inside,
        "target": bar.target,
        "target_x": x_of(bar.target),
        "target_y1": top + BAR_Y - 4,
        "target_y2": top + BAR_Y + BAR_HEIGHT + 4,
    }
