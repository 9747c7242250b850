"""Two assessments compared: every change worked out by hand (see tests/reassess_data.py for the scores)."""

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
from cxcheck.reports.charts import x_of
from cxcheck.reports.compare import compare_context
from cxcheck.reports.render import render
from cxcheck.terminal.compare import compare_table
from tests.conftest import Cli
from tests.reassess_data import answers_text

TODAY = dt.date(2027, 1, 15)
Answers = Callable[..., Path]


@pytest.fixture
def catalog(checklists: Path) -> Catalog:
    return discover([checklists])


@pytest.fixture
def compare(catalog: Catalog, answers: Answers) -> Callable[..., dict[str, Any]]:
    """``compare(dict(often=1, ...), dict(often=3, ...))``: the context of two answers files made from those fields."""

    def _compare(
        old: dict[str, Any], new: dict[str, Any], top: int = 5, targets: Targets | None = None
    ) -> dict[str, Any]:
        before = snapshot.load(answers("old.yaml", **old), catalog, targets, TODAY)
        after = snapshot.load(answers("new.yaml", **new), catalog, targets, TODAY)
        return compare_context(before, after, top)

    return _compare


MEDIOCRE = {"often": 1, "yes_no": 1, "light": 2}  # 58.3: first 62.5, second 50
MAGIC = {"often": 3, "yes_no": 1, "light": 3, "date": "2026-06-30"}  # 83.3: first 87.5, second 75


def test_overall_checklists_and_sections_with_the_change_and_the_band(compare) -> None:
    context = compare(MEDIOCRE, MAGIC)
    assert context["schema_version"] == 1 and context["kind"] == "compare" and context["days"] == 91
    assert (context["old"]["date"], context["new"]["date"], context["old"]["source"]) == (
        "2026-03-31",
        "2026-06-30",
        "answers",
    )
    assert context["overall"] == {
        "old": {"score": 58.3, "band": "mediocrity", "target": 100, "coverage": 100.0},
        "new": {"score": 83.3, "band": "magic", "target": 100, "coverage": 100.0},
        "change": 25.0,
        "direction": "up",
        "band_changed": True,
    }
    (demo,) = context["checklists"]
    assert (demo["id"], demo["scored_in"], demo["old_version"], demo["new_version"], demo["change"]) == (
        "demo",
        "both",
        "1.0",
        "1.0",
        25.0,
    )
    assert demo["version_change"] is None
    assert [
        (s["id"], s["old"]["score"], s["new"]["score"], s["change"], s["old"]["band"], s["new"]["band"])
        for s in demo["sections"]
    ] == [
        ("first", 62.5, 87.5, 25.0, "mediocrity", "magic"),
        ("second", 50.0, 75.0, 25.0, "mediocrity", "magic"),
    ]
    assert context["notes"] == []


def test_no_change_is_same_and_keeps_the_band(compare) -> None:
    context = compare(MEDIOCRE, {**MEDIOCRE, "date": "2026-06-30"})
    assert (context["overall"]["change"], context["overall"]["direction"], context["overall"]["band_changed"]) == (
        0.0,
        "same",
        False,
    )
    assert context["items"]["moved"] == 0 and context["items"]["unchanged"] == 3


def test_items_that_moved_most_either_way(compare) -> None:
    items = compare(MEDIOCRE, {"often": 4, "yes_no": 0, "light": 3})["items"]
    assert items["compared"] and items["moved"] == 3 and items["unchanged"] == 0
    assert [(i["id"], i["change"], i["old"]["answer"], i["new"]["answer"]) for i in items["up"]] == [
        ("demo/often", 75.0, "Rarely", "Always"),
        ("demo/light", 25.0, "Sometimes", "Often"),
    ]
    assert [(i["id"], i["change"], i["old"]["answer"], i["new"]["answer"]) for i in items["down"]] == [
        ("demo/yes-no", -100.0, "Yes", "No")
    ]
    assert items["up"][0]["question"] == "How often do you [bold]listen[/bold]?"


def test_top_limits_each_list(compare) -> None:
    items = compare(MEDIOCRE, {"often": 4, "yes_no": 0, "light": 3}, top=1)["items"]
    assert (items["top"], [i["id"] for i in items["up"]], items["moved"]) == (1, ["demo/often"], 3)
    assert compare(MEDIOCRE, MAGIC, top=0)["items"]["up"] == []


def test_answered_in_one_only_is_listed_apart_not_as_a_move(compare) -> None:
    items = compare({"often": 1, "yes_no": None, "light": 2}, {"often": 1, "yes_no": 1, "light": "n/a"})["items"]
    assert items["moved"] == 0 and items["unchanged"] == 1
    assert [(i["id"], i["old"]["status"], i["new"]["status"], i["change"]) for i in items["status_changed"]] == [
        ("demo/yes-no", "unanswered", "answered", None),
        ("demo/light", "answered", "n/a", None),
    ]


def test_new_and_removed_items_when_the_version_changed(write, catalog: Catalog, answers: Answers) -> None:
    old = write(
        "old.yaml", answers_text(light=None, version="0.9") + "  demo/gone: 1\n"
    )  # version 0.9 had an item 'gone' and no 'light'
    new = answers("new.yaml", **MAGIC)
    context = compare_context(snapshot.load(old, catalog, today=TODAY), snapshot.load(new, catalog, today=TODAY))
    (demo,) = context["checklists"]
    assert (demo["old_version"], demo["new_version"]) == ("0.9", "1.0")
    assert demo["old"]["score"] == 62.5 and demo["new"]["score"] == 83.3  # 0.9 scored on 'first' only
    assert demo["version_change"] == {
        "items_known": True,
        "new_items": [{"id": "demo/light", "question": "Do staff decide without asking?", "answer": "Often"}],
        "removed_items": ["demo/gone"],
        "like_for_like": {"old": 62.5, "new": 87.5, "change": 25.0},  # NEW without 'light': first only
    }
    assert context["items"]["status_changed"] == []  # the new item is not also a change of status
    assert [i["id"] for i in context["items"]["up"]] == ["demo/often"]


def test_a_json_report_compares_down_to_sections_and_says_why_not_items(
    cli: Cli, catalog: Catalog, answers: Answers, checklists: Path
) -> None:
    old = answers("old.yaml", **MEDIOCRE, version="0.9")
    result = cli("report", old, "--checklists", checklists, "-f", "json", "-o", old.with_suffix(".json"))
    assert result.exit_code == 0, result.output
    context = compare_context(
        snapshot.load(old.with_suffix(".json"), catalog),
        snapshot.load(answers("new.yaml", **MAGIC), catalog, today=TODAY),
    )
    assert context["old"]["source"] == "report" and context["overall"]["change"] == 25.0
    assert context["checklists"][0]["sections"][0]["change"] == 25.0
    assert context["items"] == {
        "compared": False,
        "top": 5,
        "moved": 0,
        "unchanged": 0,
        "up": [],
        "up_more_tied": 0,
        "down": [],
        "down_more_tied": 0,
        "status_changed": [],
    }
    assert context["checklists"][0]["version_change"] == {
        "items_known": False,
        "new_items": [],
        "removed_items": [],
        "like_for_like": None,
    }


def test_notes_say_what_bears_on_reading_the_changes(compare) -> None:
    context = compare({**MEDIOCRE, "extra": 1, "date": "2026-09-30"}, {**MAGIC, "organisation": "Other Co"})
    assert context["notes"] == [
        "OLD is an assessment of Demo Ltd, NEW of Other Co.",
        "OLD (2026-09-30) is dated after NEW (2026-06-30); changes read from OLD to NEW as given.",
        "Scored only in OLD: Extra checklist; the overall scores cover different checklists.",
    ]
    extra = context["checklists"][1]
    assert (extra["id"], extra["scored_in"], extra["new"]["score"], extra["change"], extra["band_changed"]) == (
        "extra",
        "old",
        None,
        None,
        False,
    )
    assert (
        compare(MEDIOCRE, {**MEDIOCRE, "organisation": " demo  LTD"})["notes"] == []
    )  # the same organisation, typed differently
    assert "Scored only in NEW: Extra checklist" in compare(MEDIOCRE, {**MAGIC, "extra": 1})["notes"][0]


def test_each_side_is_judged_by_its_own_bands(catalog: Catalog, answers: Answers) -> None:
    old = snapshot.load(answers("old.yaml", **MEDIOCRE), catalog, Targets(bands=Bands(mediocrity=20, magic=50)), TODAY)
    new = snapshot.load(answers("new.yaml", **MEDIOCRE), catalog, None, TODAY)
    context = compare_context(old, new)
    assert (
        context["overall"]["old"]["band"],
        context["overall"]["new"]["band"],
        context["overall"]["band_changed"],
    ) == ("magic", "mediocrity", True)
    assert context["notes"] == ["OLD and NEW use different band thresholds; each side's bands are judged by its own."]


def test_the_chart_is_the_new_scores_with_a_mark_where_the_old_were(compare) -> None:
    chart = compare(MEDIOCRE, MAGIC)["chart"]
    assert [(r["label"], r["score"], r["old_score"], r["old_x"], r["band"]) for r in chart["rows"]] == [
        ("Overall", 83.3, 58.3, x_of(58.3), "magic"),
        ("Demo checklist", 83.3, 58.3, x_of(58.3), "magic"),
    ]


def test_markdown_html_and_json(compare) -> None:
    context = compare(MEDIOCRE, MAGIC)
    markdown = render("compare", "md", context)
    assert markdown.startswith("# Customer-focus comparison: Demo Ltd\n")
    assert "**58.3 to 83.3 (+25.0 points)**, from mediocrity to magic." in markdown
    assert "| **Demo checklist** | 58.3 mediocrity | 83.3 magic | +25.0 | mediocrity → magic |" in markdown
    assert (
        "- Rank 1: **How often do you \\[bold\\]listen\\[/bold\\]?** (`demo/often`): Rarely to Often, +50.0" in markdown
    )
    tables = [t for t in MarkdownIt("commonmark").enable("table").parse(markdown) if t.type == "table_open"]
    assert len(tables) == 1
    html = render("compare", "html", context)
    assert (
        html.startswith("<!DOCTYPE html>")
        and "<title>Customer-focus comparison: Demo Ltd (2026-03-31 to 2026-06-30)</title>" in html
    )
    assert '<span class="up">+25.0</span>' in html and "http" not in html.replace("http-equiv", "")
    assert json.loads(render("compare", "json", context)) == context


def test_text_from_files_is_escaped_in_html(compare) -> None:
    html = render("compare", "html", compare(MEDIOCRE, {**MAGIC, "organisation": "<b>Bold & Co</b>"}))
    assert "<b>Bold" not in html and "&lt;b&gt;Bold &amp; Co&lt;/b&gt;" in html


def test_terminal_view(compare) -> None:
    console = Console(width=120, record=True, color_system=None)
    console.print(compare_table(compare(MEDIOCRE, {"often": 4, "yes_no": 0, "light": 3, "date": "2026-06-30"})))
    text = console.export_text()
    assert "Demo Ltd: 2026-03-31 → 2026-06-30" in text
    assert "Overall             │ 58.3 │ 58.3 │    0.0 │ mediocrity" in text
    assert "  Second section    │ 50.0 │ 75.0 │  +25.0 │ mediocrity → magic" in text
    assert "Moved up most:" in text and "+75.0  How often do you [bold]listen[/bold]? (Rarely → Always)" in text
    assert "Moved down most:" in text and "-100.0  Is the number on the website? (Yes → No)" in text


@pytest.mark.parametrize("width", [50, 60, 80])
def test_a_narrow_terminal_keeps_every_word_and_band_whole(compare, width: int) -> None:
    """At 50 columns the headers read '2026-0…' and the band 'mediocr…'."""
    console = Console(width=width, record=True, color_system=None)
    console.print(compare_table(compare(MEDIOCRE, {"often": 4, "yes_no": 0, "light": 3, "date": "2026-06-30"})))
    text = console.export_text()
    assert "…" not in text and all(len(line) <= width for line in text.splitlines())
    assert {"mediocrity", "magic", "OLD", "NEW", "+25.0", "58.3"} <= set(text.split())
