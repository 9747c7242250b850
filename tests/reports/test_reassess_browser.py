"""The compare and trend HTML in real clients: headless Chromium, axe-core and the W3C validator."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import PHONE, axe_violations, vnu_errors, watched_page
from tests.conftest import Cli
from tests.reassess_data import NOW, QUARTERS, checklist_dir

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A year's trend and the last two quarters compared, as HTML."""
    work = tmp_path_factory.mktemp("reassess-html")
    checklists = checklist_dir(work)
    for name, text in QUARTERS.items():
        (work / name).write_text(text, encoding="utf-8")
    quarters = sorted(work.glob("2026-q*.yaml"))
    out = {"trend": work / "trend.html", "compare": work / "compare.html"}
    cli = Cli()
    for args in (["trend", *quarters, "-o", out["trend"]], ["compare", *quarters[-2:], "-o", out["compare"]]):
        result = cli(*args, "--checklists", checklists, env={"CXCHECK_NOW": NOW})
        assert result.exit_code == 0, result.output
    return out


def test_the_trend_chart_draws_every_quarter_and_the_target(browser, pages: dict[str, Path]) -> None:
    with watched_page(browser, pages["trend"]) as (page, problems):
        charts = page.locator("svg[role='img']")
        assert charts.count() == 2  # the overall, and the one checklist
        for n in range(charts.count()):
            box = charts.nth(n).bounding_box()
            assert charts.nth(n).is_visible() and box is not None and box["width"] > 200 and box["height"] > 60
        assert page.locator("svg[role='img'] > title").count() == 2
        overall = charts.first
        assert overall.locator("circle").count() == 4
        assert overall.locator(".target-line").count() == 1
    assert problems == []


def test_compare_shows_the_change_in_points_and_band(browser, pages: dict[str, Path]) -> None:
    with watched_page(browser, pages["compare"]) as (page, problems):
        text = page.locator("main").inner_text()
        assert "83.3" in text and "66.7" in text and "-16.6" in text
        assert "magic" in text and "mediocrity" in text
        chart = page.locator("svg[role='img']").first
        assert chart.is_visible() and chart.locator("title").count() == 1
    assert problems == []


@pytest.mark.parametrize("name", ["trend", "compare"])
def test_readable_on_a_phone_and_accessible(browser, pages: dict[str, Path], name: str) -> None:
    with watched_page(browser, pages[name], PHONE) as (page, problems):
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert axe_violations(page, ("moderate", "serious", "critical")) == []  # landmark-unique is moderate
    assert problems == []


def test_the_w3c_validator_finds_no_error(pages: dict[str, Path]) -> None:
    assert vnu_errors(*pages.values()) == ""
