"""Scores over time: order, refusals of mixed files, notes, the line chart's geometry, every output."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from cxcheck.core import snapshot
from cxcheck.core.catalog import Catalog, discover
from cxcheck.core.targets import Bands, Targets
from cxcheck.errors import ValidationFailed
from cxcheck.reports.line_chart import AXIS, LEFT, RIGHT, TOP, line_chart
from cxcheck.reports.render import render
from cxcheck.reports.trend import trend_context
from cxcheck.terminal.trend import sparkline, trend_table, trend_view
from tests.reassess_data import QUARTERS

TODAY = dt.date(2027, 1, 15)


@pytest.fixture
def catalog(checklists: Path) -> Catalog:
    return discover([checklists])


@pytest.fixture
def load(catalog: Catalog, tmp_path: Path) -> Callable[..., snapshot.Snapshot]:
    def _load(
        name: str, text: str | None = None, targets: Targets | None = None, only: tuple[str, ...] = ()
    ) -> snapshot.Snapshot:
        path = tmp_path / name
        if text is not None:
            path.write_text(text, encoding="utf-8")
        return snapshot.load(path, catalog, targets, TODAY, only)

    return _load


@pytest.fixture
def quarters(load) -> list[snapshot.Snapshot]:
    """The four quarters, given out of order."""
    return [load(name, QUARTERS[name]) for name in ("2026-q3.yaml", "2026-q1.yaml", "2026-q4.yaml", "2026-q2.yaml")]


def test_assessments_in_date_order_with_every_score(quarters) -> None:
    context = trend_context(quarters)
    assert (context["schema_version"], context["kind"], context["organisation"]) == (1, "trend", "Demo Ltd")
    assert [a["date"] for a in context["assessments"]] == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]
    assert [Path(a["file"]).name for a in context["assessments"]] == [
        "2026-q1.yaml",
        "2026-q2.yaml",
        "2026-q3.yaml",
        "2026-q4.yaml",
    ]
    overall = context["overall"]
    assert [(p["score"], p["band"]) for p in overall["points"]] == [
        (16.7, "misery"), (58.3, "mediocrity"), (83.3, "magic"), (66.7, "mediocrity"),
    ]  # fmt: skip
    assert (overall["first"], overall["last"], overall["change"], overall["band"], overall["target"]) == (
        16.7,
        66.7,
        50.0,
        "mediocrity",
        100,
    )
    (demo,) = context["checklists"]
    assert demo["id"] == "demo" and [p["version"] for p in demo["points"]] == ["1.0"] * 4
    assert context["notes"] == []


def test_one_assessment_is_a_trend_of_one_point(quarters) -> None:
    context = trend_context(quarters[:1])
    assert (context["overall"]["change"], context["overall"]["last"]) == (None, 83.3)
    assert context["overall"]["chart"]["points"][0]["x"] == (LEFT + RIGHT) / 2


def test_different_organisations_are_refused_with_each_file_named(quarters, load) -> None:
    other = load("other.yaml", QUARTERS["2026-q1.yaml"].replace("Demo Ltd", "Other Co"))
    same = load("same.yaml", QUARTERS["2026-q1.yaml"].replace("Demo Ltd", "demo  LTD"))
    trend_context([*quarters, same])  # the same organisation, typed differently
    with pytest.raises(ValidationFailed) as caught:
        trend_context([*quarters[:2], other])
    lines = [str(p) for p in caught.value.problems]
    assert lines[0] == "these files are for 2 organisations and a trend follows one; run trend once per organisation:"
    assert lines[1].startswith("  Demo Ltd: ") and "2026-q3.yaml" in lines[1] and "2026-q1.yaml" in lines[1]
    assert lines[2] == f"  Other Co: {other.path}"


def test_different_checklists_are_refused_until_narrowed_with_only(quarters, load) -> None:
    wider = QUARTERS["2026-q4.yaml"].replace('  demo: "1.0"\n', '  demo: "1.0"\n  extra: "1.0"\n') + "  extra/one: 1\n"
    with pytest.raises(ValidationFailed) as caught:
        trend_context([*quarters[:2], load("wider.yaml", wider)])
    lines = [str(p) for p in caught.value.problems]
    assert lines[0] == (
        "these files score different checklists, so their overall scores are not comparable; "
        "follow the checklists they share with --only ID (shared: demo):"
    )
    assert lines[1].startswith("  demo: ") and lines[2] == f"  demo, extra: {load('wider.yaml').path}"
    narrowed = [load(s.path.name, only=("demo",)) for s in quarters[:2]] + [load("wider.yaml", only=("demo",))]
    assert [p["score"] for p in trend_context(narrowed)["overall"]["points"]] == [16.7, 83.3, 66.7]


def test_notes_for_shared_dates_versions_targets_and_bands(load) -> None:
    files = [
        load("a.yaml", QUARTERS["2026-q1.yaml"].replace('demo: "1.0"', 'demo: "0.9"')),
        load("b.yaml", QUARTERS["2026-q2.yaml"].replace("2026-06-30", "2026-03-31")),
        load("c.yaml", QUARTERS["2026-q3.yaml"], Targets(overall=80, bands=Bands(mediocrity=30, magic=70))),
    ]
    context = trend_context(files)
    assert context["notes"] == [
        f"2 assessments share the date 2026-03-31: {files[0].path}, {files[1].path}; they are shown in file-name order.",
        "Demo checklist: answered as version 0.9, then 1.0 from 2026-03-31; its scores are compared as they are.",
        "The overall target differs between the files; the charts show the newest file's.",
        "The band thresholds differ between the files; each point is judged by its own file's.",
    ]
    assert context["overall"]["target"] == 80 and context["overall"]["chart"]["target"]["value"] == 80
    assert context["bands"] == {"mediocrity": 30, "magic": 70}


def test_json_reports_and_answers_files_mix(quarters, load, cli, checklists: Path) -> None:
    q1 = quarters[1].path
    result = cli(
        "report",
        q1,
        "--checklists",
        checklists,
        "-o",
        q1.with_suffix(".json"),
        env={"CXCHECK_NOW": "2027-01-15T09:00:00"},
    )
    assert result.exit_code == 0, result.output
    context = trend_context([load(q1.with_suffix(".json").name), *quarters[:1]])
    assert [(a["source"], p["score"]) for a, p in zip(context["assessments"], context["overall"]["points"])] == [
        ("report", 16.7), ("answers", 83.3),
    ]  # fmt: skip


D = dt.date


def test_line_chart_places_points_by_date_and_score() -> None:
    chart = line_chart(
        [(D(2026, 1, 1), 0.0, "misery"), (D(2026, 1, 11), 50.0, "mediocrity"), (D(2026, 1, 21), 100.0, "magic")],
        80,
        40,
        75,
        100,
    )
    assert chart["height"] == TOP + 100 + AXIS
    assert [(p["x"], p["y"], p["band"]) for p in chart["points"]] == [
        (LEFT, TOP + 100, "misery"), ((LEFT + RIGHT) / 2, TOP + 50, "mediocrity"), (RIGHT, TOP, "magic"),
    ]  # fmt: skip
    assert [p["anchor"] for p in chart["points"]] == ["start", "middle", "end"]
    assert chart["target"] == {"value": 80, "y": TOP + 20}
    assert chart["zones"] == [
        {"band": "misery", "y": TOP + 60, "height": 40},
        {"band": "mediocrity", "y": TOP + 25, "height": 35},
        {"band": "magic", "y": TOP, "height": 25},
    ]
    assert [g["value"] for g in chart["grid"]] == [0, 25, 50, 75, 100]
    assert len(chart["segments"]) == 2 and chart["segments"][0] == {
        "x1": LEFT,
        "y1": TOP + 100,
        "x2": (LEFT + RIGHT) / 2,
        "y2": TOP + 50,
    }
    assert [d["text"] for d in chart["dates"]] == ["2026-01", "2026-01", "2026-01"]


def test_an_assessment_without_a_score_breaks_the_line() -> None:
    days = [D(2026, 1, 1), D(2026, 4, 1), D(2026, 7, 1), D(2026, 10, 1)]
    chart = line_chart(
        list(zip(days, [10.0, None, 30.0, 40.0], ["misery", None, "misery", "mediocrity"])), 100, 40, 75, 100
    )
    assert len(chart["points"]) == 3 and len(chart["segments"]) == 1  # only the last two are neighbours
    assert len(chart["dates"]) == 4  # the date is still on the axis


def test_labels_keep_their_distance_and_the_newest_is_always_written() -> None:
    days = [D(2026, 1, 1) + dt.timedelta(days=30 * n) for n in range(12)] + [D(2026, 12, 5)]
    chart = line_chart([(d, 50.0, "mediocrity") for d in days], 100, 40, 75, 100)
    labelled = [p["x"] for p in chart["points"] if p["labelled"]]
    assert labelled[-1] == RIGHT and all(b - a >= 18 for a, b in zip(labelled, labelled[1:]))
    assert [d["x"] for d in chart["dates"]] == labelled


def test_sparkline_is_on_the_fixed_scale() -> None:
    assert sparkline([0.0, 50.0, 100.0, None, 12.0]).plain == "▁▅█ ▂"


def test_markdown_html_and_json(quarters) -> None:
    context = trend_context(quarters)
    markdown = render("trend", "md", context)
    assert markdown.startswith("# Customer-focus trend: Demo Ltd\n")
    assert (
        "Latest overall: **66.7 mediocrity**, -16.6 since 2026-09-30, +50.0 since the first (2026-03-31), "
        "target 100; 100% of the applicable items answered." in markdown
    )
    assert "| 2026-09-30 | 83.3 | 100% | 83.3 |" in markdown
    assert "| latest change | -16.6 | | -16.6 |" in markdown
    assert "| change since the first | +50.0 | | +50.0 |" in markdown
    assert "4 assessment(s) from 2026-03-31 to 2026-12-31, answered by Ann Owner. Latest" in markdown
    assert len([t for t in MarkdownIt("commonmark").enable("table").parse(markdown) if t.type == "table_open"]) == 1
    html = render("trend", "html", context)
    assert html.count("<svg") == 2 and html.count('class="target-line"') == 2
    assert html.count('<circle class="point point-') == 8 and "<script" not in html
    assert "<div><dt>Answered by</dt><dd>Ann Owner</dd></div>" in html  # on the cover, once for four files
    assert json.loads(render("trend", "json", context)) == context


def test_terminal_view(quarters) -> None:
    console = Console(width=160, record=True, color_system=None)
    console.print(trend_table(trend_context(quarters)))
    text = console.export_text()
    assert "Scores over time: Demo Ltd (4 assessments, 2026-03-31 to 2026-12-31)" in text
    assert "Overall " in text and "▂▅▇▆" in text and "66.7" in text and "+50.0" in text


def test_the_latest_fall_stands_beside_the_rise_since_the_first_each_in_its_own_colour(quarters, load) -> None:
    """Q4 (missing an answer) fell 33.3 points from Q3 while the year rose as much: the rise alone hides the fall."""
    quarters[2] = load("2026-q4.yaml", QUARTERS["2026-q4.yaml"].replace("  demo/yes-no: 1\n", ""))
    context = trend_context(quarters)
    overall = context["overall"]
    assert (overall["latest_change"], overall["change"]) == (-33.3, +33.3)  # 83.3 (Q3) -> 50.0
    assert [(p["answered"], p["applicable"], p["coverage"]) for p in overall["points"]] == [
        (3, 3, 100.0), (3, 3, 100.0), (3, 3, 100.0), (2, 3, 66.6),  # coverage rounds down
    ]  # fmt: skip
    assert trend_context(quarters[:1])["overall"]["latest_change"] is None
    table = trend_table(context)
    cells = {str(column.header): list(column.cells) for column in table.columns}
    assert [(c.plain, c.style) for c in cells["Latest"][:1]] == [("-33.3", "red")]
    assert [(c.plain, c.style) for c in cells["Since\nfirst"][:1]] == [("+33.3", "green")]
    assert [c.plain for c in cells["2026\n12-31"][:2]] == ["50.0", "66%"]  # the answered row under the overall
    console = Console(width=160, record=True, color_system=None)
    console.print(table)
    shown = console.export_text()
    assert "answered" in shown and "66%" in shown
    markdown = render("trend", "md", context)
    assert "50.0 mediocrity**, -33.3 since 2026-09-30, +33.3 since the first (2026-03-31)" in markdown
    assert "; 66% of the applicable items answered." in markdown and "| 2026-12-31 | 50.0 | 66% | 50.0 |" in markdown
    html = render("trend", "html", context)
    assert '<span class="down">-33.3</span> <span class="muted">latest, since 2026-09-30</span>' in html
    assert '<span class="up">+33.3</span> <span class="muted">since the first, 2026-03-31</span>' in html
    assert "66% of the applicable items answered" in html and '<td class="num">66%</td>' in html


def test_terminal_view_keeps_the_latest_dates_as_columns(load) -> None:
    files = [load(f"{n}.yaml", QUARTERS["2026-q1.yaml"].replace("2026-03-31", f"2026-{n:02d}-01")) for n in range(1, 9)]
    console = Console(width=200, record=True, color_system=None)
    console.print(trend_view(trend_context(files)))
    header: Any = console.export_text().splitlines()[2]
    assert "01-01" not in header and "02-01" not in header and "03-01" in header and "08-01" in header


@pytest.mark.parametrize("width", [40, 50, 60, 80, 100, 160])
def test_at_any_width_every_word_and_figure_stays_whole(quarters, width: int) -> None:
    """At 50 columns the table read ``Ove / ral / l`` and ``2…``: now fewer dates, or a card per series."""
    console = Console(width=width, record=True, color_system=None)
    console.print(trend_view(trend_context(quarters)))
    text = console.export_text()
    assert all(len(line) <= width for line in text.splitlines())
    assert "…" not in text
    words = {word.strip(",") for word in text.split()}
    assert {"Overall", "Demo", "checklist", "mediocrity", "66.7", "-16.6", "+50.0", "100%", "▂▅▇▆"} <= words, text
    assert ("12-31" in words) == (width >= 80)  # a date column when one fits; the card otherwise
