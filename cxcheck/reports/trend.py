"""The trend report's context: the trend with its header and each series' line chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from cxcheck import __version__
from cxcheck.core.snapshot import Snapshot
from cxcheck.core.trend import trend
from cxcheck.reports.line_chart import line_chart

SCHEMA_VERSION = 1
OVERALL_PLOT = 180
CHECKLIST_PLOT = 100
"""Heights in pixels of the 0..100 area of the overall chart and of each checklist's."""


def trend_context(snapshots: Sequence[Snapshot]) -> dict[str, Any]:
    """The documented, versioned context of the trend report (also its JSON output)."""
    found = trend(snapshots)
    bands = found["bands"]

    def charted(series: dict[str, Any], plot: int) -> dict[str, Any]:
        points = [(dt.date.fromisoformat(p["date"]), p["score"], p["band"]) for p in series["points"]]
        chart = line_chart(points, series["target"], bands["mediocrity"], bands["magic"], plot)
        return {**series, "chart": chart}

    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "trend",
        "cxcheck_version": __version__,
        **found,
        "overall": charted(found["overall"], OVERALL_PLOT),
        "checklists": [charted(series, CHECKLIST_PLOT) for series in found["checklists"]],
    }
