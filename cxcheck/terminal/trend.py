"""Scores over time at a glance in the terminal: one row per series, a sparkline, the latest figures.

The sparkline is drawn on the fixed 0..100 scale, not stretched to each series' own range,
so a flat line near the top reads as good and a flat line near the bottom as bad.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core.scoring import whole
from cxcheck.terminal.console import Fitted
from cxcheck.terminal.summary import BAND_STYLES

SPARKS = "▁▂▃▄▅▆▇█"
DATE_COLUMNS = 6
"""The most recent assessments get a column each; the sparkline covers every one."""


def sparkline(scores: list[float | None]) -> Text:
    """One character per assessment, its height the score on 0..100; a gap where there is none."""
    marks = [" " if s is None else SPARKS[round(max(0.0, min(100.0, s)) / 100 * (len(SPARKS) - 1))] for s in scores]
    return Text("".join(marks), style="cyan")


def score_text(score: float | None, band: str | None = None) -> Text:
    if score is None:
        return Text("-", style="dim")
    return Text(f"{score:.1f}", style=BAND_STYLES.get(band or "", ""))


def change_text(change: float | None) -> Text:
    if change is None:
        return Text("-", style="dim")
    if not change:
        return Text("0.0")
    return Text(f"{change:+.1f}", style="green" if change > 0 else "red")


def answered_text(coverage: float | None) -> Text:
    """The share answered, rounded down (99.6% is not all), marked when something is missing."""
    if coverage is None:
        return Text("all n/a", style="yellow")
    share = whole(coverage)
    return Text(f"{share}%", style="dim" if share == 100 else "yellow")


def trend_view(context: Mapping[str, Any]) -> Fitted:
    """The trend laid out for the width it is printed at: as many date columns as fit beside
    the sparkline (which covers every date), and below the narrowest table a card per series,
    so that no terminal shows ``Ove / ral / l`` or a date cut to ``2…``."""

    def layout(width: int) -> RenderableType:
        columns = _date_columns(context, width)
        return trend_table(context, columns) if columns else _cards(context)

    return Fitted(layout)


_SEPARATOR = 3
"""`` │ `` between two columns of a table without edges."""


def _date_columns(context: Mapping[str, Any], width: int) -> int:
    """How many of the latest dates fit as columns at ``width``; 0 when not even one does."""
    series = [context["overall"], *context["checklists"]]
    words = [w for s in ("Overall", *(c["title"] for c in context["checklists"])) for w in s.split()]
    fixed = [
        max(9, min(16, max(map(len, words)))),  # the titles, wrapped at words no longer than this
        max(5, len(context["assessments"])),  # the sparkline
        max(4, *(len(s["band"] or "-") for s in series)),
        6,  # latest change
        5,  # since first
        6,  # target
    ]
    room = width - sum(fixed) - _SEPARATOR * (len(fixed) - 1)
    return max(0, min(DATE_COLUMNS, len(context["assessments"]), room // (5 + _SEPARATOR)))


def trend_table(context: Mapping[str, Any], columns: int = DATE_COLUMNS) -> Table:
    """The overall and each checklist over time: sparkline, the latest ``columns`` scores, the changes, target.

    The latest change stands beside the change since the first, each coloured by its own
    sign: a rise over the year must not make a fall this quarter look green. Under the
    overall, the share answered at each date, so a quarter with gaps is seen as one.
    """
    dates = [a["date"] for a in context["assessments"]]
    shown = range(max(0, len(dates) - columns), len(dates))
    table = Table(
        title=Text(
            f"Scores over time: {context['organisation']} ({len(dates)} assessments, {dates[0]} to {dates[-1]})"
        ),
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    table.add_column("Checklist", overflow="fold")
    table.add_column("Trend", no_wrap=True)
    for n in shown:
        table.add_column(Text(f"{dates[n][:4]}\n{dates[n][5:]}"), justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    table.add_column("Latest", justify="right", no_wrap=True)
    table.add_column(Text("Since\nfirst"), justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)

    def row(title: Text, series: dict[str, Any]) -> None:
        points = series["points"]
        table.add_row(
            title,
            sparkline([p["score"] for p in points]),
            *(score_text(points[n]["score"], points[n]["band"]) for n in shown),
            _band(series),
            change_text(series["latest_change"]),
            change_text(series["change"]),
            str(series["target"]),
        )

    row(Text("Overall", style="bold"), context["overall"])
    points = context["overall"]["points"]
    table.add_row(Text("answered", style="dim"), "", *(answered_text(points[n]["coverage"]) for n in shown))
    table.add_section()
    for series in context["checklists"]:
        row(Text(series["title"]), series)
    return table


def _band(series: Mapping[str, Any]) -> Text:
    return Text(series["band"] or "-", style=BAND_STYLES.get(series["band"] or "", "dim"))


def _cards(context: Mapping[str, Any]) -> Group:
    """A few lines per series for a terminal too narrow for any table: every figure, words whole."""
    dates = [a["date"] for a in context["assessments"]]
    lines: list[RenderableType] = [
        Text(f"Scores over time: {context['organisation']} ({len(dates)} assessments, {dates[0]} to {dates[-1]})")
    ]

    def card(title: Text, series: Mapping[str, Any]) -> None:
        latest = series["points"][-1]
        head = Text.assemble("\n", title, "  ", sparkline([p["score"] for p in series["points"]]), "  ")
        head.append_text(score_text(latest["score"], latest["band"]))
        lines.append(head.append(" ").append_text(_band(series)))
        figures = Text.assemble("  latest ", change_text(series["latest_change"]), ", since first ")
        lines.append(figures.append_text(change_text(series["change"])).append(f", target {series['target']}"))

    card(Text("Overall", style="bold"), context["overall"])
    answered = Text("  answered ", style="dim")
    for point in context["overall"]["points"]:
        answered.append_text(answered_text(point["coverage"])).append(" ")
    lines.append(answered)
    for series in context["checklists"]:
        card(Text(series["title"]), series)
    return Group(*lines)
