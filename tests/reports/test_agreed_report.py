"""The agreed (consensus) report in its workshop folder: a summary, and what was agreed on each disagreement.

The team is tests/workshop_data.py's five (three disagreements: often and yes-no at spread 100,
light at 75); the group agreed often as Sometimes with a note, yes-no as Yes, and not light yet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from markdown_it import MarkdownIt

from tests.browser import axe_violations, vnu_errors, watched_page
from tests.conftest import Cli, published_schema
from tests.workshop_data import write_five

AGREED = """\
respondent: consensus
organisation: Acme Ltd
date: 2024-05-02
participants: [Olive Owner, Mark Manager, Fay, Gus, Hal]
checklists: {demo: "1.0"}
answers:
  demo/often: {value: 2, note: "Fay: we ask | *first* <b>"}
  demo/yes-no: 1
"""
WORKSHOP_YAML = 'name: room\norganisation: Acme Ltd\ncreated: 2024-05-01\nchecklists: {demo: "1.0"}\n'


@pytest.fixture
def agreed(tmp_path: Path) -> Path:
    folder = tmp_path / "room"
    write_five(folder)
    (folder / "workshop.yaml").write_text(WORKSHOP_YAML, encoding="utf-8")
    path = folder / "agreed.yaml"
    path.write_text(AGREED, encoding="utf-8")
    return path


@pytest.fixture
def report(cli: Cli, agreed: Path, demo_dir: Path):
    def run(*args: str | Path, source: Path = agreed) -> str:
        result = cli("report", source, "--checklists", demo_dir, *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


def test_json_holds_the_workshop_behind_the_agreed_answers_in_the_published_schema(report, cli: Cli) -> None:
    context: dict[str, Any] = json.loads(report("-f", "json"))
    jsonschema.validate(context, published_schema(cli, "report"))
    behind = context["agreed"]
    assert (behind["respondents"], behind["disagreement_threshold"]) == (5, 50)
    assert [(g["roles"], g["section"], g["difference"]) for g in behind["perception_gaps"]] == [
        (["leadership", "frontline"], "second", 50.0),
        (["leadership", "frontline"], "first", 47.9),
    ]
    listed = behind["disagreements"]
    assert (listed["count"], listed["limit"], listed["more_tied"]) == (3, 10, 0)
    assert [
        (d["rank"], d["tied"], d["id"], d["mean"], d["agreed"], d["score"], d["band"]) for d in listed["shown"]
    ] == [
        (1, True, "demo/often", 50.0, "Sometimes", 50.0, "mediocrity"),
        (1, True, "demo/yes-no", 80.0, "Yes", 100.0, "magic"),
        (3, False, "demo/light", 62.5, None, None, None),
    ]
    assert listed["shown"][0]["note"] == "Fay: we ask | *first* <b>"
    assert behind["summary_disagreements"] == listed["shown"]
    # the agreed answers' own priorities: often only (Sometimes, gap 50); light is not answered yet
    assert [(p["rank"], p["id"], p["action"]) for p in behind["priorities"]] == [
        (1, "demo/often", "Ask one open question per call.")
    ]
    assert behind["priorities"] == context["priorities"]["ranked"][:3]
    assert behind["notices"] == []  # every participant named is there, and the agreed file is no participant


def test_a_participant_named_but_missing_is_said(report, agreed: Path) -> None:
    (agreed.parent / "answers-hal.yaml").unlink()
    behind = json.loads(report("-f", "json"))["agreed"]
    assert behind["respondents"] == 4 and len(behind["notices"]) == 1
    assert behind["notices"][0].startswith("The agreed file names Hal among its participants, but ")
    assert "> The agreed file names Hal among its participants" in report("-f", "md")


def test_markdown_opens_with_the_summary_and_lists_what_was_agreed(report) -> None:
    markdown = report("-f", "md", "--disagreements", "2")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[1:5] == [
        "Summary",
        "The biggest perception gaps",
        "The top disagreements, and what you agreed",
        "The top priorities",
    ]
    assert headings.index("Overall") < headings.index("Where you disagreed, and what you agreed")
    summary = markdown.split("## Summary", 1)[1].split("## Overall")[0]
    assert "**Agreed score 75.0 / 100, magic**" in summary
    assert "- Rank 3: **Do staff decide without asking?** (spread 75.0): not agreed yet" in summary
    part = markdown.split("## Where you disagreed, and what you agreed", 1)[1].split("## Strengths")[0]
    assert "**Agreed:** Sometimes (50.0, mediocrity)" in part and "*Why:* Fay: we ask \\| \\*first\\* \\<b\\>" in part
    assert "Do staff decide" not in part and "And 1 more: use `--disagreements all` to list every one." in part
    assert "And 1 more" not in report("-f", "md", "--disagreements", "all")


def test_without_its_workshop_folder_an_agreed_file_is_an_ordinary_report(report, agreed: Path, tmp_path: Path) -> None:
    alone = tmp_path / "agreed.yaml"
    alone.write_text(AGREED, encoding="utf-8")
    assert json.loads(report("-f", "json", source=alone))["agreed"] is None
    assert "## Summary" not in report(source=alone)
    (agreed.parent / "workshop.yaml").unlink()  # a plain folder of answers is not known to be its workshop
    assert json.loads(report("-f", "json"))["agreed"] is None
    assert json.loads(report("-f", "json", source=agreed.parent / "answers-fay.yaml"))["agreed"] is None


def test_workshop_options_need_the_workshop_behind_an_agreed_file(cli: Cli, agreed: Path, demo_dir: Path) -> None:
    named = agreed.parent / "answers-fay.yaml"
    result = cli("report", named, "--checklists", demo_dir, "--disagreements", "all")
    assert result.exit_code == 2 and "or an agreed file in its workshop folder" in result.output
    strict = cli("report", agreed, "--checklists", demo_dir, "-f", "json", "--disagreement", "80")
    assert [d["id"] for d in json.loads(strict.stdout)["agreed"]["disagreements"]["shown"]] == [
        "demo/often",
        "demo/yes-no",
    ]


@pytest.mark.browser
def test_the_agreed_html_report_in_a_real_browser(report, browser, tmp_path: Path) -> None:
    out = tmp_path / "agreed.html"
    report("-o", out)
    html = out.read_text()
    assert "Fay: we ask | *first* &lt;b&gt;" in html and "<b>" not in html.split("<main", 1)[1]
    with watched_page(browser, out) as (page, problems):
        summary = page.locator("#summary")
        assert summary.is_visible() and "Agreed score" in summary.inner_text()
        places = page.locator("#summary .ranked .place").all_inner_texts()
        assert places == ["1.", "2.", "1.", "1.", "3.", "1."]  # gaps, disagreements (two tied), priorities
        agreed = page.locator("#agreed li.card").all_inner_texts()
        assert len(agreed) == 3 and "Agreed: not agreed yet" in agreed[2]
        assert axe_violations(page, ("moderate", "serious", "critical")) == []
    assert problems == []
    assert vnu_errors(out) == ""


def test_the_folders_own_checklists_score_the_agreed_file_too(cli: Cli, agreed: Path) -> None:
    """The participants were read with the folder's copies, the agreed file with the bundled ones: one set for both."""
    import textwrap

    from tests.conftest import DEMO_CHECKLIST

    own = agreed.parent / "checklists"
    own.mkdir()
    (own / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    result = cli("report", agreed, "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [c["id"] for c in report["checklists"]] == ["demo"] and report["agreed"]["respondents"] == 5
