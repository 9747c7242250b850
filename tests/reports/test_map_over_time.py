"""compare and trend over maps: touch points that moved between magic, mediocrity and misery, added and removed.

Three reassessments of one business (dates in order):
- January: Hold line misery, Greeting mediocrity, Parking misery (for newcomers only, else magic).
- June: hold line magic (renamed in lower case: the same touch point), Greeting misery,
  Parking gone, "Call-back <b>list</b>" new, magic.
- December: no map at all.
January to June: Greeting worse, Hold line better, Call-back added, Parking removed, none the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cxcheck.core.mapmoves import Rated, moves, over_time
from tests.browser import axe_violations, vnu_errors, watched_page
from tests.conftest import Cli, published_schema
from tests.reassess_data import NOW, answers_text
from tests.reports.test_workshop_report import tables

JANUARY = """\
workbook:
  customers:
    kinds: [{name: newcomers}]
  journey:
    - name: Visit
      touchpoints:
        - {name: Hold line, rating: misery, owner: Bo}
        - {name: Greeting, rating: mediocrity, owner: Ann}
        - {name: Parking, rating: magic, by_customer: {newcomers: misery}}
"""
JUNE = """\
workbook:
  journey:
    - name: visit
      touchpoints:
        - {name: hold line, rating: magic, owner: Bo}
        - {name: Greeting, rating: misery, owner: Ann}
        - {name: "Call-back <b>list</b>", rating: magic, owner: Bo}
"""
ENV = {"CXCHECK_NOW": NOW}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    written = {}
    for name, date, book in (("jan", "2026-01-10", JANUARY), ("jun", "2026-06-10", JUNE), ("dec", "2026-12-10", "")):
        path = tmp_path / f"{name}.yaml"
        path.write_text(answers_text(date) + book, encoding="utf-8")
        written[name] = path
    return written


def run(cli: Cli, checklists: Path, *args: str | Path) -> str:
    result = cli(*args, "--checklists", checklists, env=ENV)
    assert result.exit_code == 0, result.output
    return result.stdout


MOVED = [
    {"stage": "visit", "touchpoint": "Greeting", "old": "mediocrity", "new": "misery", "direction": "worse"},
    {"stage": "visit", "touchpoint": "hold line", "old": "misery", "new": "magic", "direction": "better"},
]


def test_moves_follow_the_worst_rating_and_match_names_without_case() -> None:
    old = [Rated("Visit", "Hold line", "misery"), Rated("Visit", "Door", None), Rated("Visit", "Gone", "magic")]
    new = [Rated("visit ", "hold  line", "magic"), Rated("Visit", "Door", "misery"), Rated("Visit", "New", None)]
    found = moves(old, new)
    assert [(m["touchpoint"], m["direction"]) for m in found["moved"]] == [("hold  line", "better"), ("Door", "rated")]
    assert found["added"] == [{"stage": "Visit", "touchpoint": "New", "rating": None}]
    assert found["removed"] == [{"stage": "Visit", "touchpoint": "Gone", "rating": "magic"}]
    assert moves(old, None) == {"compared": False, "moved": [], "added": [], "removed": [], "unchanged": 0}
    assert over_time([None, None]) is None


def test_compare_json_lists_movers_added_and_removed_in_the_published_schema(cli: Cli, checklists, files) -> None:
    import jsonschema

    data = json.loads(run(cli, checklists, "compare", files["jan"], files["jun"], "-f", "json"))
    jsonschema.validate(data, published_schema(cli, "compare"))
    assert data["touchpoints"] == {
        "compared": True,
        "moved": MOVED,
        "added": [{"stage": "visit", "touchpoint": "Call-back <b>list</b>", "rating": "magic"}],
        "removed": [{"stage": "Visit", "touchpoint": "Parking", "rating": "misery"}],  # misery for newcomers
        "unchanged": 0,
    }
    without = json.loads(run(cli, checklists, "compare", files["jun"], files["dec"], "-f", "json"))
    assert without["touchpoints"]["compared"] is False


def test_compare_of_a_json_report_reads_its_map(cli: Cli, checklists, files, tmp_path: Path) -> None:
    report = tmp_path / "jan.json"
    run(cli, checklists, "report", files["jan"], "-o", report)
    data = json.loads(run(cli, checklists, "compare", report, files["jun"], "-f", "json"))
    assert data["touchpoints"]["moved"] == MOVED


def test_compare_markdown_and_terminal_show_the_movers(cli: Cli, checklists, files, monkeypatch, tmp_path) -> None:
    text = run(cli, checklists, "compare", files["jan"], files["jun"])
    assert "## Touch points" in text
    assert "| visit | Greeting | mediocrity | misery | worse |" in text
    assert "- Call-back \\<b\\>list\\</b\\> (visit): magic" in text
    assert "<b>" not in MarkdownIt("commonmark").enable("table").render(text)
    assert tables(text)["Touch points"][1:] == [
        ["visit", "Greeting", "mediocrity", "misery", "worse"],
        ["visit", "hold line", "misery", "magic", "better"],
    ]
    monkeypatch.setattr("cxcheck.cli.output.stdout_is_terminal", lambda: True)
    shown = run(cli, checklists, "compare", files["jan"], files["jun"], "-o", tmp_path / "c.html")
    assert "Touch points: 2 changed rating, 0 the same, 1 added, 1 removed" in shown
    assert "worse    Greeting (visit): mediocrity → misery" in shown


def test_trend_shows_every_touch_point_assessment_by_assessment(
    cli: Cli, checklists, files, monkeypatch, tmp_path
) -> None:
    import jsonschema

    data = json.loads(run(cli, checklists, "trend", files["dec"], files["jan"], files["jun"], "-f", "json"))
    jsonschema.validate(data, published_schema(cli, "trend"))
    found = data["touchpoints"]
    assert found["maps"] == 2
    assert [(r["touchpoint"], r["ratings"]) for r in found["rows"]] == [
        ("hold line", ["misery", "magic", None]),
        ("Greeting", ["mediocrity", "misery", None]),
        ("Call-back <b>list</b>", [None, "magic", None]),
        ("Parking", ["misery", None, None]),
    ]
    assert found["latest"]["moved"] == MOVED
    text = run(cli, checklists, "trend", files["jan"], files["jun"])
    assert "| visit | hold line | misery | magic |" in text
    monkeypatch.setattr("cxcheck.cli.output.stdout_is_terminal", lambda: True)
    shown = run(cli, checklists, "trend", files["jan"], files["jun"], "-o", tmp_path / "t.html")
    assert "better   hold line (visit): misery → magic" in shown


@pytest.mark.browser
def test_compare_and_trend_html_with_maps_in_a_real_browser(cli: Cli, checklists, files, browser, tmp_path) -> None:
    pages = {"compare": tmp_path / "c.html", "trend": tmp_path / "t.html"}
    run(cli, checklists, "compare", files["jan"], files["jun"], "-o", pages["compare"])
    run(cli, checklists, "trend", files["jan"], files["jun"], "-o", pages["trend"])
    for kind, path in pages.items():
        with watched_page(browser, path) as (page, problems):
            section = page.locator("#touchpoints")
            assert "Greeting" in section.inner_text() and section.locator("b").count() == 0
            moved = section.locator("table", has=page.locator("caption", has_text="moved between"))
            first = moved.locator("tbody tr").first.locator("td").all_inner_texts()
            assert first == ["visit", "● mediocrity", "✕ misery", "worse"]
            assert axe_violations(page) == []
            page.screenshot(path=str(tmp_path / f"{kind}.png"), full_page=True)
        assert problems == []
    assert vnu_errors(*pages.values()) == ""
