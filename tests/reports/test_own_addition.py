"""An item no source states is shown as the checklist's own addition, never as an article's advice.

The demo checklist's ``often`` is turned into an own addition; ``light`` still cites 001.
Answers as in tests/reports/test_report.py: both are priorities, so both show where they come from.
"""

from __future__ import annotations

import json
from pathlib import Path

from markdown_it import MarkdownIt

from cxcheck.reports.render import render
from tests.conftest import DEMO_CHECKLIST, Cli
from tests.reports.test_report import context_of
from tests.workshop_data import write_five

WHY = "Listening is <how> we *find* the problem | always."
OWN = DEMO_CHECKLIST.replace("source: 002_0671ade08c34851c.txt", f"own_addition: {WHY!r}".replace("'", '"'), 1)


def test_the_context_names_the_source_or_the_reason_of_an_own_addition(write, tmp_path: Path) -> None:
    write("checklists/demo.yaml", OWN)
    context = context_of(write, tmp_path / "checklists")
    often, light = context["priorities"]["ranked"]
    assert (often["source"], often["source_title"], often["own_addition"]) == (None, None, WHY)
    assert (light["source"], light["own_addition"]) == ("001_1c575d8905d84cba.txt", None)
    assert light["source_title"] == "Customer relationships demand customer focus, Richard Flint"


def test_markdown_says_own_addition_with_its_reason_and_cites_the_others(write, tmp_path: Path) -> None:
    write("checklists/demo.yaml", OWN)
    tokens = MarkdownIt("commonmark").parse(render("report", "md", context_of(write, tmp_path / "checklists")))
    texts = ["".join(c.content for c in t.children or [] if c.type == "text") for t in tokens if t.type == "inline"]
    first = next(t for t in texts if "How often do you" in t)
    second = next(t for t in texts if "Do staff decide" in t)
    assert f"Own addition (no source states it): {WHY}" in first and "Source:" not in first
    assert "Source: Customer relationships demand customer focus, Richard Flint" in second
    assert any(t.startswith("The band sums up a whole score: magic from 75, mediocrity from 40") for t in texts)


def test_html_escapes_the_reason_and_marks_the_addition(write, tmp_path: Path) -> None:
    write("checklists/demo.yaml", OWN)
    html = render("report", "html", context_of(write, tmp_path / "checklists"))
    assert (
        '<p class="origin own"><strong>Own addition</strong> (no source states it): '
        "Listening is &lt;how&gt; we *find* the problem | always.</p>"
    ) in html
    assert (
        '<p class="origin">Source: <cite>Customer relationships demand customer focus, Richard Flint</cite></p>' in html
    )
    assert "can still hide a moment of misery" in html


def test_show_prints_an_own_addition_as_such(cli: Cli, write, tmp_path: Path) -> None:
    path = write("checklists/demo.yaml", OWN)
    result = cli("show", "demo", "--checklists", path.parent, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    rows = [line.split("│") for line in result.stdout.splitlines() if line.startswith("│")]
    source_column = " ".join(" ".join(row[-2].strip() for row in rows).split())
    assert f"Own addition (no source states it): {WHY}" in source_column
    assert "Customer relationships demand customer focus, Richard Flint 001_1c575d8905d84cba.txt" in source_column


def test_the_workshop_report_marks_an_own_addition_in_every_format(cli: Cli, write, tmp_path: Path) -> None:
    """The team's disagreements say where each item comes from, as the gap report's priorities do."""
    checklists = write("checklists/demo.yaml", OWN).parent
    write_five(tmp_path / "room")

    def report(*args: str) -> str:
        result = cli("report", tmp_path / "room", "--checklists", checklists, *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    shown = {d["id"]: d for d in json.loads(report("-f", "json"))["disagreements"]["shown"]}
    assert (shown["demo/often"]["own_addition"], shown["demo/often"]["source_title"]) == (WHY, None)
    assert shown["demo/light"]["own_addition"] is None
    assert shown["demo/light"]["source_title"] == "Customer relationships demand customer focus, Richard Flint"
    tokens = MarkdownIt("commonmark").parse(report("-f", "md"))
    texts = ["".join(c.content for c in t.children or [] if c.type == "text") for t in tokens if t.type == "inline"]
    assert f"Own addition (no source states it): {WHY}" in texts
    assert "Source: Customer relationships demand customer focus, Richard Flint" in texts
    html = report("-f", "html")
    own = '<p class="origin own"><strong>Own addition</strong> (no source states it): '
    disagree, priorities = html.index('<section id="disagree"'), html.index('<section id="priorities"')
    assert html[disagree:priorities].count(own) == 1  # the disagreement on it
    assert html[priorities : html.index('<section id="scores"')].count(own) == 1  # and the team priority
    assert "Listening is &lt;how&gt; we *find* the problem | always.</p>" in html
    assert (
        '<p class="origin">Source: <cite>Customer relationships demand customer focus, Richard Flint</cite></p>' in html
    )
