"""The compare report's context: the comparison with its header and the chart's geometry."""

from __future__ import annotations

from typing import Final, Literal

from typing_extensions import TypedDict

from cxcheck import __version__
from cxcheck.core.compare import DEFAULT_TOP, Comparison, compare
from cxcheck.core.mapmoves import MapMoves, moves
from cxcheck.core.snapshot import Snapshot
from cxcheck.model import documented
from cxcheck.reports.charts import Bar, BarRow, Tick, Zone, bar_chart, x_of

SCHEMA_VERSION: Final = 1


@documented
class CompareRow(BarRow):
    """One bar: NEW's score, with a mark where OLD's was"""

    old_score: float | None
    """OLD's score"""
    old_x: float | None


@documented
class CompareChart(TypedDict):
    """NEW's scores as bars, OLD's as marks: x in percent of the width, y in pixels"""

    height: float
    zones: list[Zone]
    """band zones tinted behind the bars"""
    ticks: list[Tick]
    """axis ticks"""
    rows: list[CompareRow]
    """the overall first, then one bar per checklist"""


@documented
class _Header(TypedDict):
    schema_version: Literal[1]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["compare"]
    """the report kind"""
    cxcheck_version: str
    """the cxcheck that made the report"""


@documented
class _Chart(TypedDict):
    chart: CompareChart
    """geometry of the HTML report's chart"""


@documented
class _Map(TypedDict):
    touchpoints: MapMoves
    """touch points that moved between magic, mediocrity and misery, and those added or removed"""


@documented
class CompareReport(_Header, Comparison, _Chart, _Map):
    """The compare report's context, also its JSON output"""


def compare_context(old: Snapshot, new: Snapshot, top: int = DEFAULT_TOP) -> CompareReport:
    """The documented, versioned context of the compare report (also its JSON output)."""
    comparison = compare(old, new, top)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "compare",
        "cxcheck_version": __version__,
        **comparison,
        "chart": _chart(comparison),
        "touchpoints": moves(old.touchpoints, new.touchpoints),
    }


def _chart(comparison: Comparison) -> CompareChart:
    """A bar chart of NEW's scores, each bar with a mark where OLD's score was."""
    rows = [("Overall", comparison["overall"]), *((c["title"], c) for c in comparison["checklists"])]
    bars = [
        Bar(title, new["score"], 100.0 if new["target"] is None else new["target"], new["band"])
        for title, new in ((title, change["new"]) for title, change in rows)
    ]
    bands = comparison["bands"]
    chart = bar_chart(bars, bands["mediocrity"], bands["magic"])
    befores = [change["old"]["score"] for _, change in rows]
    return {
        "height": chart["height"],
        "zones": chart["zones"],
        "ticks": chart["ticks"],
        "rows": [
            {**row, "old_score": before, "old_x": None if before is None else x_of(before)}
            for row, before in zip(chart["rows"], befores)
        ],
    }
