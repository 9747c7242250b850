"""The compare report's context: the comparison with its header and the chart's geometry."""

from __future__ import annotations

from typing import Any

from cxcheck import __version__
from cxcheck.core.compare import DEFAULT_TOP, compare
from cxcheck.core.snapshot import Snapshot
from cxcheck.reports.charts import Bar, bar_chart, x_of

SCHEMA_VERSION = 1


def compare_context(old: Snapshot, new: Snapshot, top: int = DEFAULT_TOP) -> dict[str, Any]:
    """The documented, versioned context of the compare report (also its JSON output)."""
    comparison = compare(old, new, top)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "compare",
        "cxcheck_version": __version__,
        **comparison,
        "chart": _chart(comparison),
    }


def _chart(comparison: dict[str, Any]) -> dict[str, Any]:
    """A bar chart of NEW's scores, each bar with a mark where OLD's score was."""
    rows = [("Overall", comparison["overall"]), *((c["title"], c) for c in comparison["checklists"])]
    bars = [
        Bar(title, new["score"], 100.0 if new["target"] is None else new["target"], new["band"])
        for title, new in ((title, change["new"]) for title, change in rows)
    ]
    bands = comparison["bands"]
    chart = bar_chart(bars, bands["mediocrity"], bands["magic"])
    for row, (_, change) in zip(chart["rows"], rows):
        before = change["old"]["score"]
        row["old_score"] = before
        row["old_x"] = None if before is None else x_of(before)
    return chart
