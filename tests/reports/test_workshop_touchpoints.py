"""A workshop of four who each rated the shared journey: where roles disagree on a touch point, and consensus.

The team and every expected figure: tests/workshop_data.py (FOUR_MAPS). Leadership met the
hold line as magic, the front line as misery: the perception gap in its most concrete form.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from cxcheck.core.teammap import agenda, disagreements, start, touch_views, unanimous
from cxcheck.core.workbook import load_from
from tests.browser import PHONE, axe_violations, vnu_errors, watched_page
from tests.conftest import Cli, published_schema
from tests.reports.test_workshop_report import tables
from tests.workshop_data import demo_workshop, write_four_with_maps

HOLD_LINE_ASK = (
    'On "Hold line" (Visit or call), frontline says misery and leadership says magic: '
    "what does each of you see that the other doesn't?"
)
NOW = {"CXCHECK_NOW": "2024-05-02T09:00:00+00:00"}


@pytest.fixture
def room(tmp_path: Path) -> Path:
    folder = tmp_path / "room"
    write_four_with_maps(folder)
    return folder


@pytest.fixture
def workshop(room: Path, demo_dir: Path):
    return demo_workshop(room, demo_dir)


def test_touch_points_are_matched_across_maps_and_rated_apart_is_a_disagreement(workshop) -> None:
    views = touch_views(workshop.respondents, workshop.threshold)
    assert [(v.stage, v.name) for v in views] == [
        ("Visit or call", "Hold line"),
        ("Visit or call", "Greeting"),
        ("Invoice and payment", "Invoice"),
        ("After-sales", "Parking"),
    ]
    # respondents in file order: Fay, Gus, Mark Manager, Olive Owner
    assert [v.ratings for v in views] == [
        ("misery", "misery", "magic", "magic"),
        ("mediocrity",) * 4,
        ("mediocrity", None, "magic", "magic"),
        (None, "misery", None, None),
    ]
    assert [(v.spread, v.disagreement) for v in views] == [(100, True), (0, False), (50, True), (0, False)]
    assert [v.name for v in disagreements(views)] == ["Hold line", "Invoice"]
    strict = touch_views(workshop.respondents, 75)
    assert [v.name for v in disagreements(strict)] == ["Hold line"]


def test_names_match_without_case_or_spaces(workshop) -> None:
    respondents = list(workshop.respondents)
    first = respondents[0]
    book = first.answer_set.workbook
    renamed = book.model_copy(
        update={"journey": [s.model_copy(update={"name": f"  {s.name.upper()} "}) for s in book.journey]}
    )
    respondents[0] = replace(first, answer_set=replace(first.answer_set, workbook=renamed))
    views = touch_views(respondents, 50)
    assert len(views) == 4 and views[0].ratings == ("misery", "misery", "magic", "magic")


def test_consensus_takes_over_ratings_given_alike_with_every_note_and_keeps_journey_order(workshop) -> None:
    labels = [r.label for r in workshop.respondents]
    views = touch_views(workshop.respondents, workshop.threshold)
    greeting = unanimous(views[1], labels)
    assert greeting is not None and (greeting.rating, greeting.note) == ("mediocrity", "Fay: no smile")
    assert unanimous(views[0], labels) is None
    assert [v.name for v in agenda(views, labels)] == ["Hold line", "Invoice"]
    book, taken = start(None, views, labels)
    assert taken == 2
    assert book is not None
    assert [(s.name, p.name, p.rating) for s, p in book.touchpoints] == [
        ("Visit or call", "Hold line", None),
        ("Visit or call", "Greeting", "mediocrity"),
        ("Invoice and payment", "Invoice", None),
        ("After-sales", "Parking", "misery"),
    ]
    assert start(book, views, labels) == (book, 0)  # resuming changes nothing already there


def test_the_workshop_report_shows_the_touch_point_disagreement_in_markdown(cli: Cli, room: Path, demo_dir) -> None:
    result = cli("report", room, "--checklists", demo_dir)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "## Touch points: where you rate them differently" in text
    assert f"**Ask:** {HOLD_LINE_ASK}" in text
    found = tables(text)
    assert found["1. Hold line (Visit or call)"] == [
        ["who", "role", "rating", "seen"],
        ["Fay", "frontline", "misery", "waited 12 minutes <b>on hold</b>"],
        ["Gus", "frontline", "misery", ""],
        ["Mark Manager", "leadership", "magic", ""],
        ["Olive Owner", "leadership", "magic", "our people are friendly"],
    ]
    every = found["2. Invoice (Invoice and payment)"]
    assert every[0] == ["who", "role", "rating", "seen"]
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<b>on hold" not in html  # the note stays text


def test_the_json_report_holds_every_rating_in_the_published_schema(cli: Cli, room: Path, demo_dir) -> None:
    import jsonschema

    result = cli("report", room, "--checklists", demo_dir, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, published_schema(cli, "workshop"))
    points = data["touchpoints"]
    assert points["count"] == 4
    assert [(d["touchpoint"], d["spread"]) for d in points["disagreements"]] == [
        ("Hold line", 100.0),
        ("Invoice", 50.0),
    ]
    hold = points["disagreements"][0]
    assert [(s["respondent"], s["role"], s["rating"]) for s in hold["said"]] == [
        ("Fay", "frontline", "misery"),
        ("Gus", "frontline", "misery"),
        ("Mark Manager", "leadership", "magic"),
        ("Olive Owner", "leadership", "magic"),
    ]
    assert hold["discussion"] == HOLD_LINE_ASK
    assert points["touchpoints"][3] | {"said": None} == {
        "stage": "After-sales",
        "touchpoint": "Parking",
        "channel": None,
        "owner": "Bo",
        "ratings": [None, "misery", None, None],
        "rated": 1,
        "spread": 0.0,
        "disagreement": False,
        "said": None,
        "discussion": None,
    }


def test_anonymous_touch_points_name_roles_only(cli: Cli, room: Path, demo_dir) -> None:
    result = cli("report", room, "--checklists", demo_dir, "-f", "json", "--anonymous")
    said = json.loads(result.stdout)["touchpoints"]["disagreements"][0]["said"]
    assert [s["respondent"] for s in said] == ["frontline 1", "frontline 2", "leadership 1", "leadership 2"]


def test_a_workshop_without_maps_has_no_touch_points(cli: Cli, tmp_path: Path, demo_dir) -> None:
    from tests.workshop_data import write_five

    write_five(tmp_path / "plain")
    result = cli("report", tmp_path / "plain", "--checklists", demo_dir, "-f", "json")
    assert json.loads(result.stdout)["touchpoints"] is None
    md = cli("report", tmp_path / "plain", "--checklists", demo_dir).stdout
    assert "Touch points" not in md


def test_the_terminal_summary_lists_the_touch_points_rated_apart(
    cli: Cli, room: Path, demo_dir, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("cxcheck.cli.output.stdout_is_terminal", lambda: True)
    result = cli("report", room, "--checklists", demo_dir, "-o", tmp_path / "w.html")
    assert "Touch points rated apart: 2 of 4 with a spread of 50 points or more" in result.stdout
    assert "Mark Manager: magic" in result.stdout


def test_consensus_agrees_a_rating_per_touch_point_and_keeps_the_notes(cli: Cli, room: Path, demo_dir) -> None:
    # items first (the agenda of the item walk), then the touch points, disagreements first
    items = "2\n\n1\n\n3\n\n"
    first = cli("consensus", room, "--checklists", demo_dir, input=items + "3\nwe listened to the calls\nq\n", env=NOW)
    assert (
        "Touch points: 2 rated alike by everyone were taken over; 2 to agree, 2 of them disagreements" in first.output
    )
    assert "frontline" in first.output and "waited 12 minutes <b>on hold</b>" in first.output
    book = load_from(room / "agreed.yaml")
    hold = book.journey[0].touchpoints[0]
    assert (hold.name, hold.rating) == ("Hold line", "misery")
    assert (
        hold.note
        == "we listened to the calls; Fay: waited 12 minutes <b>on hold</b>; Olive Owner: our people are friendly"
    )
    assert book.journey[1].touchpoints[0].rating is None  # Invoice: quit before it was agreed
    second = cli("consensus", room, "--checklists", demo_dir, input="x\nmagic\n\n", env=NOW)
    assert second.exit_code == 0, second.output
    assert "Type 1, 2 or 3 (or the word), s to skip or q to quit." in second.output
    assert "Hold line (Visit or call)" not in second.output  # agreed already: never asked again
    book = load_from(room / "agreed.yaml")
    assert [(p.name, p.rating) for _, p in book.touchpoints] == [
        ("Hold line", "misery"),
        ("Greeting", "mediocrity"),
        ("Invoice", "magic"),
        ("Parking", "misery"),
    ]
    report = cli("report", room / "agreed.yaml", "--checklists", demo_dir, "-f", "json")
    assert [m["touchpoint"] for m in json.loads(report.stdout)["workbook"]["miseries"]] == ["Hold line", "Parking"]


@pytest.mark.browser
def test_the_touch_point_disagreement_in_a_real_browser(
    cli: Cli, room: Path, demo_dir, browser, tmp_path: Path
) -> None:
    out = tmp_path / "workshop.html"
    assert cli("report", room, "--checklists", demo_dir, "-o", out).exit_code == 0
    for viewport in ({"width": 1280, "height": 900}, PHONE):
        with watched_page(browser, out, viewport) as (page, problems):
            section = page.locator("#touchpoints")
            assert section.locator("ol.priorities h3").all_inner_texts() == ["Hold line", "Invoice"]
            assert section.locator("p.action").first.inner_text() == f"Ask: {HOLD_LINE_ASK}"
            first = section.locator("table.team-touch tbody tr").first
            assert first.locator("td.cell").all_inner_texts() == ["✕ misery", "✕ misery", "★ magic", "★ magic"]
            assert section.locator("b").count() == 0  # the note's markup is text
            assert axe_violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            page.screenshot(path=str(tmp_path / f"touch-{viewport['width']}.png"), full_page=True)
        assert problems == []
    assert (tmp_path / "touch-1280.png").stat().st_size > 10_000
    assert vnu_errors(out) == ""
