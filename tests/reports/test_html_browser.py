"""The HTML gap report in real clients: headless Chromium, axe-core and the W3C validator."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest

from cxcheck.core import answers
from cxcheck.core.catalog import discover
from cxcheck.model import Answer, AnswerSet
from tests.browser import PHONE, axe_violations, vnu_errors, watched_page
from tests.conftest import DEMO_CHECKLIST, Cli
from tests.reports.test_report import ANSWERS

pytestmark = pytest.mark.browser

SCRIPT_NOTE = "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'> {{ 7*7 }}"
SCRIPT_NAME = "<script>window.pwned = 3</script> *Acme* | Ltd"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two reports: the demo checklist with a hostile note, and every bundled checklist fully answered."""
    work = tmp_path_factory.mktemp("html")
    cli = Cli()
    demo = work / "checklists" / "demo.yaml"
    demo.parent.mkdir()
    demo.write_text(textwrap.dedent(DEMO_CHECKLIST))
    hostile = work / "hostile.yaml"
    text = textwrap.dedent(ANSWERS).replace('"we ask | every *time*"', json.dumps(SCRIPT_NOTE))
    # and the same note on an item an older version had, which only the appendix keeps
    text = text.replace('demo: "1.0"', 'demo: "0.9"') + f"  demo/gone: {{value: 1, note: {json.dumps(SCRIPT_NOTE)}}}\n"
    hostile.write_text(text.replace("Demo Ltd", json.dumps(SCRIPT_NAME)))
    full = work / "full.yaml"
    full.write_text(answers.to_yaml(fully_answered(), []))
    out = {"hostile": work / "hostile.html", "full": work / "full.html"}
    for name, source, extra in (("hostile", hostile, ["--checklists", demo.parent]), ("full", full, [])):
        result = cli("report", source, "-o", out[name], *extra)
        assert result.exit_code == 0, result.output
    return out


def fully_answered() -> AnswerSet:
    checklists = [e.checklist for e in discover()]
    chosen = {}
    for checklist in checklists:
        for n, (_, item) in enumerate(checklist.items):
            options = checklist.scale_of(item).options
            chosen[checklist.full_id(item)] = Answer(options[n % len(options)].value, "A note." if n % 5 == 0 else None)
    return AnswerSet(
        respondent="Dana Reyes", organisation="Harbour Street Bakery", role="owner", date=dt.date(2024, 5, 1),
        answers=chosen, checklists={c.id: c.version for c in checklists},
    )  # fmt: skip


def test_a_script_in_a_note_is_shown_as_text_and_never_runs(browser, reports) -> None:
    with watched_page(browser, reports["hostile"]) as (page, problems):
        assert page.evaluate("window.pwned") is None
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        note = page.locator(".priority .note").first
        assert note.inner_text() == f"Note: {SCRIPT_NOTE}"
        assert page.locator("h1").inner_text() == SCRIPT_NAME and page.title().endswith(f"{SCRIPT_NAME} (2024-05-01)")
        gone = page.locator("#notes article", has=page.locator("#notes-left-out-heading"))
        assert gone.locator("dl.notes > div").all_inner_texts() == [f"demo/gone\nNote: {SCRIPT_NOTE}"]
    assert problems == []


def test_the_appendix_shows_every_note_of_every_checklist(browser, reports) -> None:
    noted = [(c, i) for c in (e.checklist for e in discover()) for n, (_, i) in enumerate(c.items) if n % 5 == 0]
    with watched_page(browser, reports["full"]) as (page, problems):
        appendix = page.locator("#notes")
        assert appendix.is_visible()
        assert appendix.locator("article h3").all_inner_texts() == list(dict.fromkeys(c.title for c, _ in noted))
        entries = appendix.locator("dl.notes > div")
        assert entries.count() == len(noted)
        assert entries.first.locator("dt").inner_text().startswith(noted[0][1].question)
        assert entries.locator("dd").all_inner_texts() == ["Note: A note."] * len(noted)
    assert problems == []


def test_the_report_renders_with_visible_charts_and_nothing_fetched(browser, reports, tmp_path: Path) -> None:
    with watched_page(browser, reports["full"]) as (page, problems):
        charts = page.locator("figure.chart svg")
        assert charts.count() == 1 + len(list(discover()))
        for n in range(charts.count()):
            box = charts.nth(n).bounding_box()
            assert charts.nth(n).is_visible() and box is not None and box["width"] > 200 and box["height"] > 40
        bars = page.locator("figure.chart svg rect[class^='bar-']")
        assert bars.count() > 0 and all((bars.nth(n).bounding_box() or {}).get("width", 0) > 0 for n in range(3))
        assert page.locator("svg[role='img'] > title").count() == charts.count()
        assert page.title().startswith("Customer-focus gap report: Harbour Street Bakery")
        assert [h.evaluate("e => e.tagName") for h in page.locator("h1, h2").all()][:2] == ["H1", "H2"]
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert problems == []


def test_a_phone_needs_no_sideways_scrolling(browser, reports, tmp_path: Path) -> None:
    with watched_page(browser, reports["full"], PHONE) as (page, problems):
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        label = page.locator("figure.chart svg text.label").first
        assert label.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 12  # charts keep readable text
        page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert problems == []


def test_print_layout(browser, reports, tmp_path: Path) -> None:
    with watched_page(browser, reports["full"]) as (page, problems):
        page.emulate_media(media="print")
        contents = page.locator("nav.contents")  # printed, the contents end the cover page
        assert contents.is_visible() and contents.evaluate("e => getComputedStyle(e).breakAfter") == "page"
        assert page.locator(".priority").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
        page.pdf(path=str(tmp_path / "report.pdf"), format="A4")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF") and problems == []


@pytest.mark.parametrize("name", ["full", "hostile"])
def test_no_serious_accessibility_violations(browser, reports, name: str) -> None:
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        with watched_page(browser, reports[name], viewport) as (page, _):
            assert axe_violations(page) == []


def test_the_w3c_validator_finds_no_error(reports) -> None:
    assert vnu_errors(*reports.values()) == ""
