"""The map in the gap report: JSON against its schema, Markdown through markdown-it, HTML in real Chromium."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt

from tests.browser import PHONE, axe_violations, vnu_errors, watched_page
from tests.conftest import DEMO_CHECKLIST, Cli, published_schema
from tests.reports.test_report import ANSWERS
from tests.workbook_data import WORKBOOK

HOSTILE = "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'> | *x* {{ 7*7 }}"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo answers with the sample map (a hostile note on one touch point): JSON, Markdown and HTML."""
    work = tmp_path_factory.mktemp("workbook-report")
    (work / "checklists").mkdir()
    (work / "checklists" / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST))
    text = textwrap.dedent(ANSWERS.rstrip(" ") + "    workbook:\n" + WORKBOOK)
    text = text.replace("note: waited 12 minutes on hold", f"note: {json.dumps(HOSTILE)}")
    (work / "answers.yaml").write_text(text)
    cli = Cli()
    out = {}
    for fmt in ("json", "md", "html"):
        out[fmt] = work / f"report.{fmt}"
        result = cli("report", work / "answers.yaml", "--checklists", work / "checklists", "-o", out[fmt])
        assert result.exit_code == 0, result.output
    return out


def context(made: dict[str, Path]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(made["json"].read_text())
    return data


def test_the_json_report_holds_the_whole_map_in_the_published_schema(made, cli: Cli) -> None:
    data = context(made)
    jsonschema.validate(data, published_schema(cli, "report"))
    book = data["workbook"]
    assert book["counts"] == {"stages": 3, "touchpoints": 6, "magic": 3, "mediocrity": 0, "misery": 3, "unrated": 0}
    assert book["rows"] == [None, "newcomers", "regulars"]
    greeting = book["stages"][1]["touchpoints"][0]
    assert [(c["row"], c["rating"], c["note"]) for c in greeting["cells"]] == [
        (None, "mediocrity", None), ("newcomers", "misery", "nobody looked up"), ("regulars", "magic", None),
    ]  # fmt: skip
    assert book["weak_links"] == [
        {"kind": "drop", "stage": "Finding us", "touchpoints": ["Search result", "Phone number on the site"], "who": [None]},
        {"kind": "no-owner", "stage": "Finding us", "touchpoints": ["Phone number on the site"], "who": []},
    ]  # fmt: skip
    assert book["customers"]["kinds"][1] == {
        "name": "regulars", "inside": False, "wants": "to be known by name", "needs": None, "surprise": None, "best": True,
    }  # fmt: skip
    assert book["practices"] == ["own/call-back", "own/bike-check"]
    assert book["stages"][2]["touchpoints"][0]["note"] == HOSTILE  # JSON is data: kept as typed


def test_miseries_take_their_ranks_among_the_priorities(made) -> None:
    data = context(made)
    ranked = sorted(
        [(p["rank"], p["id"]) for p in data["priorities"]["ranked"]]
        + [(m["rank"], m["touchpoint"]) for m in data["workbook"]["miseries"]]
    )
    assert ranked == [
        (1, "demo/often"),  # 1 x 2 x 75 = 150
        (2, "Greeting at the door"),  # a misery: the overall target, 100; three tie, in journey order
        (2, "Hold line"),
        (2, "Phone number on the site"),
        (5, "own/call-back"),  # an own practice answered Rarely: 1 x 1 x 75
        (6, "demo/light"),  # 0.5 x 1 x 50 = 25
    ]
    hold = data["workbook"]["miseries"][2]
    assert (hold["owner"], hold["action"]) == (
        "Bo",
        "Walk it as a new customer this week and agree one change with Bo.",
    )
    assert [c["id"] for c in data["checklists"]] == ["demo", "own"]


def test_the_markdown_report_has_the_journey_as_a_table_and_the_miseries(made) -> None:
    text = made["md"].read_text()
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    tables = [n for n, t in enumerate(tokens) if t.type == "table_open"]
    headers = [tokens[n + 4].content for n in tables]  # the first header cell of each table
    assert "Stage" in headers, headers
    rows = [t.content for t in tokens if t.type == "inline"]
    assert "Hold line" in rows and "misery" in " ".join(rows)
    greeting = rows.index("Greeting at the door")
    assert rows[greeting + 4] == "newcomers: nobody looked up"  # a kind's note alone: nothing before it
    assert "## Touch points" in text
    ranks = [line.split(":")[0] for line in text.splitlines() if line.startswith("- Rank ")]
    assert ranks == ["- Rank 1", "- Rank 2, tied", "- Rank 2, tied", "- Rank 2, tied", "- Rank 5", "- Rank 6"]
    assert (
        "- Rank 2, tied: **Misery: Phone number on the site** (Finding us, web); owner nobody yet; priority 100.0."
        in text
    )
    assert "<script>" not in text and "\\<script\\>" in text
    assert "Weak link: Finding us: magic at Search result, then misery at Phone number on the site" in " ".join(rows)


@pytest.mark.browser
def test_the_journey_strip_in_the_browser_labels_every_cell_and_runs_nothing(browser, made, tmp_path: Path) -> None:
    with watched_page(browser, made["html"]) as (page, problems):
        assert page.evaluate("window.pwned") is None and page.locator("script, img").count() == 0
        strip = page.locator("table.journey-strip")
        assert strip.locator("thead th[scope='colgroup']").all_text_contents() == ["Finding us", "Visit", "After-sales"]
        assert strip.locator("tbody th[scope='row']").all_text_contents() == ["Every customer", "newcomers", "regulars"]
        first_row = strip.locator("tbody tr").first.locator("td").all_inner_texts()
        assert first_row == ["★ magic", "✕ misery", "● mediocrity", "★ magic", "✕ misery", "★ magic"]
        misery = strip.locator("td.touch-misery").first
        assert misery.evaluate("e => getComputedStyle(e).backgroundImage").startswith("repeating-linear-gradient")
        assert strip.locator("td[title]").first.get_attribute("title") == 'first result for "bike repair"'
        assert HOSTILE in page.locator("table.touch-table").inner_text()
        assert page.locator("#priorities li.touch-card h3").all_inner_texts() == [
            "Phone number on the site",
            "Greeting at the door",
            "Hold line",
        ]
        ranks = page.locator("#priorities ol.priorities > li .rank").all_inner_texts()
        assert ranks == sorted(ranks, key=int) and ranks[:4] == ["1", "2", "2", "2"]  # the miseries in their place
        names = strip.locator("thead th[scope='col']").first  # the business's own words, not shouted
        assert names.evaluate("e => getComputedStyle(e).textTransform") == "none"
        regulars = strip.locator("tbody tr").nth(2).locator("td")
        inherited = [c.get_attribute("class").endswith("inherited") for c in regulars.all()]
        assert inherited == [True, True, False, True, True, True]  # regulars rated only the greeting themselves
        assert regulars.first.text_content() == "★ magic (as for every customer)"  # said, not only untinted
        heads = [h.casefold() for h in page.locator("table.touch-table thead th").all_inner_texts()]
        assert heads[:4] == ["stage", "touch point", "rating", "what was seen"]  # what a phone shows first
        seen = page.locator("table.touch-table tbody tr").nth(2).locator("td").nth(2)
        assert seen.inner_html() == "newcomers: nobody looked up"  # no empty line above a kind's note
        page.screenshot(path=str(tmp_path / "journey.png"), full_page=True)
    assert (tmp_path / "journey.png").stat().st_size > 10_000
    assert problems == []


@pytest.mark.browser
def test_the_journey_report_passes_axe_on_desktop_and_phone_and_scrolls_only_its_strip(browser, made) -> None:
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        with watched_page(browser, made["html"], viewport) as (page, _):
            assert axe_violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.browser
def test_the_journey_report_passes_the_w3c_validator(made) -> None:
    assert vnu_errors(made["html"]) == ""


def test_the_xlsx_holds_the_touch_points_the_customer_map_and_the_ideal_as_text(made, tmp_path: Path) -> None:
    import openpyxl

    work = made["json"].parent
    result = Cli()("report", work / "answers.yaml", "--checklists", work / "checklists", "-o", tmp_path / "map.xlsx")
    assert result.exit_code == 0, result.output
    data = context(made)["workbook"]
    book = openpyxl.load_workbook(tmp_path / "map.xlsx")
    touch = list(book["Touch points"].iter_rows(values_only=True))
    assert touch[0] == (
        "stage", "touch point", "channel", "owner", "rating", "note", "priority rank",
        "newcomers rating", "regulars rating", "newcomers note", "regulars note",
    )  # fmt: skip
    assert [(r[0], r[1], r[4], r[6]) for r in touch[1:]] == [
        (
            s["name"],
            p["name"],
            p["rating"],
            next((m["rank"] for m in data["miseries"] if m["touchpoint"] == p["name"]), None),
        )
        for s in data["stages"]
        for p in s["touchpoints"]
    ]
    greeting = next(r for r in touch if r[1] == "Greeting at the door")
    assert greeting[7:] == ("misery", "magic", "nobody looked up", None)
    hostile = next(c for row in book["Touch points"].iter_rows() for c in row if c.value == HOSTILE)
    assert hostile.data_type == "s"  # text, never a formula
    said = list(book["Customers and ideal"].iter_rows(values_only=True))
    assert said[0] == ("part", "kind of customer", "what", "text")
    assert ("customers", None, "definition", "Anyone whose day we change, paying or not.") in said
    assert ("customers", "regulars", "best customers", "yes") in said
    assert ("customers", "workshop staff", "inside the business", "yes") in said
    assert ("customers", "newcomers", "surprise", "most come from a friend's word") in said
    assert [r for r in said if r[0] == "ideal"] == [
        ("ideal", None, "name", "Dazzle Me"),
        ("ideal", None, "feeling", "wowed"),
        ("ideal", None, "feeling", "secure"),
        ("ideal", None, "sounds", "a greeting by name"),
    ]
