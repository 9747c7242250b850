"""The trend report's context: the trend with its header and each series' line chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final, Literal

from typing_extensions import TypedDict

from cxcheck import __version__
from cxcheck.core.mapmoves import MapTrend, over_time
from cxcheck.core.snapshot import Snapshot
from cxcheck.core.targets import BandsEntry
from cxcheck.core.trend import ChecklistSeries, Series, TrendAssessment, in_order, trend
from cxcheck.model import documented
from cxcheck.reports.line_chart import LineChart, line_chart

SCHEMA_VERSION: Final = 1
OVERALL_PLOT = 180
CHECKLIST_PLOT = 100
"""Heights in pixels of the 0..100 area of the overall chart and of each checklist's."""


@documented
class _Chart(TypedDict):
    chart: LineChart
    """geometry of the series' line chart"""


@documented
class ChartedSeries(Series, _Chart):
    """The overall score over time, with its chart"""


@documented
class ChartedChecklistSeries(ChecklistSeries, _Chart):
    """One checklist's score over time, with its chart"""


@documented
class TrendReport(TypedDict):
    """The trend report's context, also its JSON output"""

    schema_version: Literal[1]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["trend"]
    """the report kind"""
    cxcheck_version: str
    """the cxcheck that made the report"""
    organisation: str
    """the business assessed"""
    bands: BandsEntry
    """the newest file's band thresholds"""
    assessments: list[TrendAssessment]
    """every assessment, in date order"""
    notes: list[str]
    """what bears on reading the lines"""
    overall: ChartedSeries
    """the overall score"""
    checklists: list[ChartedChecklistSeries]
    """each checklist's score"""
    touchpoints: MapTrend | None
    """the touch points of every map across the assessments; null when none holds a map"""


def trend_context(snapshots: Sequence[Snapshot]) -> TrendReport:
    """The documented, versioned context of the trend report (also its JSON output)."""
    found = trend(snapshots)
    bands = found["bands"]

    def chart(series: Series, plot: int) -> LineChart:
        points = [(dt.date.fromisoformat(p["date"]), p["score"], p["band"]) for p in series["points"]]
        return line_chart(points, series["target"], bands["mediocrity"], bands["magic"], plot)

    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "trend",
        "cxcheck_version": __version__,
        "organisation": found["organisation"],
        "bands": bands,
        "assessments": found["assessments"],
        "notes": found["notes"],
        "overall": {**found["overall"], "chart": chart(found["overall"], OVERALL_PLOT)},
        "checklists": [{**series, "chart": chart(series, CHECKLIST_PLOT)} for series in found["checklists"]],
        "touchpoints": over_time([s.touchpoints for s in in_order(snapshots)]),
    }
