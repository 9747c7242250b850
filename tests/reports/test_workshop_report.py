"""The workshop report of five respondents in every format, its figures checked exactly.

The team (tests/workshop_data.py): two leaders and three front-line staff over the demo
checklist. Every figure asserted below is worked out by hand in that file's docstring.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.browser import PHONE, axe_violations, vnu_errors, watched_page
from tests.conftest import Cli
from tests.workshop_data import write_five

NAMES = ("Olive", "Mark", "Fay", "Gus", "Hal")


@pytest.fixture
def room(tmp_path: Path, demo_dir: Path) -> Path:
    folder = tmp_path / "room"
    write_five(folder)
    return folder


@pytest.fixture
def report(cli: Cli, room: Path, demo_dir: Path):
    def run(*args: str | Path) -> str:
        result = cli("report", room, "--checklists", demo_dir, *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


def tables(markdown: str) -> dict[str, list[list[str]]]:
    """Each table's rows of cell texts, keyed by the heading above it (the first table under it)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    found: dict[str, list[list[str]]] = {}
    heading = ""
    rows: list[list[str]] | None = None
    for n, token in enumerate(tokens):
        if token.type == "heading_open":
            heading = _text(tokens[n + 1])
        elif token.type == "table_open":
            rows = []
        elif token.type == "tr_open" and rows is not None:
            rows.append([])
        elif token.type == "inline" and rows is not None and tokens[n - 1].type in ("th_open", "td_open"):
            rows[-1].append(_text(token))
        elif token.type == "table_close" and rows is not None:
            found.setdefault(heading, rows)
            rows = None
    return found


def _text(token: Token) -> str:
    return "".join(child.content for child in token.children or [] if child.type in ("text", "code_inline"))


OFTEN = [
    ["who", "role", "answer", "note"],
    ["Gus", "frontline", "Never", ""],
    ["Fay", "frontline", "Rarely", ""],
    ["Hal", "frontline", "Sometimes", ""],
    ["Mark Manager", "leadership", "Often", ""],
    ["Olive Owner", "leadership", "Always", ""],
]
LIGHT = [
    ["who", "role", "answer", "note"],
    ["Fay", "frontline", "Rarely", "we ask | every *time*"],
    ["Gus", "frontline", "Sometimes", ""],
    ["Mark Manager", "leadership", "Often", ""],
    ["Olive Owner", "leadership", "Always", ""],
    ["Hal", "frontline", "n/a", "back office"],
]
GAP = [
    ["section", "leadership", "frontline", "difference"],
    ["Demo checklist: Second section", "87.5", "37.5", "+50.0"],
    ["Demo checklist: First section", "93.8", "45.8", "+47.9"],
]


def test_markdown_puts_disagreements_first_with_who_said_what(report) -> None:
    markdown = report("-f", "md")
    found = tables(markdown)
    assert markdown.index("## Where you disagree") < markdown.index("## Team scores")
    assert "3 item(s) have a spread of 50 points or more" in markdown
    assert found["Rank 1, tied: How often do you [bold]listen[/bold]?"] == OFTEN
    assert [row[2] for row in found["Rank 1, tied: Is the number on the website?"][1:]] == [
        "No",
        "Yes",
        "Yes",
        "Yes",
        "Yes",
    ]
    assert found["Rank 3: Do staff decide without asking?"] == LIGHT
    assert (
        'On "How often do you [bold]listen[/bold]?", Gus says Never and Olive Owner says Always, with 3 in between: '
        "what does each of you see that the other doesn't?"
    ) in markdown.replace("\\", "")  # Fay and Hal (frontline) said Rarely and Sometimes: not "frontline says Never"
    assert "Gus says No and 4 respondents say Yes" in markdown  # counted, not two of them picked


def test_markdown_team_scores_and_perception_gaps(report) -> None:
    markdown = report("-f", "md")
    found = tables(markdown)
    assert found["Team scores"] == [
        ["checklist / section", "team", "leadership", "frontline"],
        ["Demo checklist", "64.2 mediocrity", "91.7 magic", "43.1 mediocrity"],
        ["First section", "65.0 mediocrity", "93.8 magic", "45.8 mediocrity"],
        ["Second section", "62.5 mediocrity", "87.5 magic", "37.5 misery"],
        ["Overall", "64.2 mediocrity", "91.7 magic", "43.1 mediocrity"],
    ]
    assert found["leadership vs frontline"] == GAP
    assert "Overall: leadership 91.7, frontline 43.1 (difference +48.6)." in markdown


def test_json_carries_the_exact_figures(report) -> None:
    context: dict[str, Any] = json.loads(report("-f", "json"))
    assert context["schema_version"] == 2 and context["kind"] == "workshop"
    shown = context["disagreements"]["shown"]
    assert [(d["id"], d["mean"], d["spread"]) for d in shown] == [
        ("demo/often", 50.0, 100.0),
        ("demo/yes-no", 80.0, 100.0),
        ("demo/light", 62.5, 75.0),
    ]
    assert [(s["respondent"], s["value"], s["score"]) for s in shown[2]["said"]] == [
        ("Fay", 1, 25.0),
        ("Gus", 2, 50.0),
        ("Mark Manager", 3, 75.0),
        ("Olive Owner", 4, 100.0),
        ("Hal", "n/a", None),
    ]
    (gap,) = context["perception_gaps"]
    assert gap["roles"] == ["leadership", "frontline"]
    assert gap["overall"] == {"scores": [91.7, 43.1], "difference": 48.6}
    assert [(s["section"], s["scores"], s["difference"]) for s in gap["sections"]] == [
        ("second", [87.5, 37.5], 50.0),
        ("first", [93.8, 45.8], 47.9),
    ]
    overall = context["scores"]["overall"]
    assert (overall["score"], [r["score"] for r in overall["by_role"]]) == (64.2, [91.7, 43.1])
    assert context["items"][2]["given"] == [1, 2, "n/a", 3, 4]  # files in name order: Fay, Gus, Hal, Mark, Olive


def test_html_shows_the_same_figures_with_a_heatmap_and_a_role_chart(report, tmp_path: Path) -> None:
    out = tmp_path / "workshop.html"
    report("-o", out)
    html = out.read_text()
    assert html.index("Where you disagree") < html.index("Team scores") < html.index("Perception gaps")
    assert 'class="heatmap"' in html and html.count('class="cell band-') == 15
    assert html.count('class="cell band-none" title="Hal: n/a"') == 1
    assert "<svg" in html and "Role comparison" in html and ">leadership 91.7</text>" in html
    assert ">frontline 43.1</text>" in html and ">team 64.2</text>" in html
    assert "we ask | every *time*" in html
    assert "<script" not in html.lower() and "http://" not in html and "https://" not in html


def test_anonymous_shows_roles_only_in_every_format(report, tmp_path: Path) -> None:
    out = tmp_path / "anon.html"
    outputs = [report("--anonymous", "-f", "md"), report("--anonymous", "-f", "json")]
    report("--anonymous", "-o", out)
    outputs.append(out.read_text())
    for text in outputs:
        assert not any(name in text for name in NAMES), text[:2000]
        assert "frontline 1" in text and "leadership 2" in text
    assert tables(outputs[0])["Rank 1, tied: How often do you [bold]listen[/bold]?"][1] == [
        "frontline 2",
        "frontline",
        "Never",
        "",
    ]


def test_threshold_and_role_options(report, room: Path) -> None:
    strict = json.loads(report("-f", "json", "--disagreement", "80"))
    assert [d["id"] for d in strict["disagreements"]["shown"]] == ["demo/often", "demo/yes-no"]
    reverse = json.loads(report("-f", "json", "--roles", "frontline,leadership"))
    assert reverse["perception_gaps"][0]["overall"]["difference"] == -48.6


def test_several_files_work_like_the_folder(cli: Cli, room: Path, demo_dir: Path) -> None:
    files = sorted(room.glob("answers-*.yaml"))
    result = cli("report", *files, "--checklists", demo_dir, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["perception_gaps"][0]["overall"]["difference"] == 48.6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--roles", "frontline"), "--roles frontline: name two roles separated by a comma"),
        (("--roles", "owner,frontline"), "no respondent has the role 'owner'"),
        (("--disagreement", "0"), "threshold must be above 0 and at most 100"),
    ],
)
def test_bad_workshop_options_exit_2(cli: Cli, room: Path, demo_dir: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("report", room, "--checklists", demo_dir, *args)
    assert result.exit_code == 2 and message in result.output


@pytest.mark.browser
def test_heatmap_in_a_real_browser(report, browser, tmp_path: Path) -> None:
    out = tmp_path / "workshop.html"
    report("-o", out)
    with watched_page(browser, out, PHONE) as (page, problems):
        cells = page.locator("table.heatmap td.cell")
        assert cells.count() == 15
        assert all(cells.nth(n).is_visible() for n in range(cells.count()))
        first = page.locator("table.heatmap tbody tr").first
        assert first.locator("td").all_inner_texts() == ["Rarely", "Never", "Sometimes", "Often", "Always"]
        assert first.locator("td").first.get_attribute("title") == "Fay: Rarely (25.0, misery)"
        colours = {c.evaluate("e => getComputedStyle(e).backgroundColor") for c in first.locator("td").all()}
        assert len(colours) == 3, colours  # misery, mediocrity and magic look different
        chart = page.locator("#scores figure.chart svg")
        assert chart.is_visible() and chart.bounding_box()["height"] > 40  # type: ignore[index]
        assert axe_violations(page, ("moderate", "serious", "critical")) == []  # landmark-unique is moderate
        page.screenshot(path=str(tmp_path / "workshop.png"), full_page=True)
    assert problems == []
    assert vnu_errors(out) == ""


def test_a_terminal_also_gets_the_summary_tables(report, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("cxcheck.cli.output.stdout_is_terminal", lambda: True)
    shown = report("-o", tmp_path / "w.html")
    assert "Where you disagree: 3 item(s) with a spread of 50 points or more" in shown
    assert "Demo checklist      │ 64.2 mediocrity │ 91.7 magic │ 43.1 mediocrity" in shown
    assert "Perception gap: leadership vs frontline" in shown and "+50.0" in shown
    assert "Priorities on the team's mean: 3 of 3 items with a gap" in shown
    assert "Ask one open question per call." in shown and shown.index("Priorities on") < shown.index("Team scores")
    cut = report("-o", tmp_path / "w.html", "--disagreements", "1")
    assert "2 more, 1 of them at the last spread listed: use --disagreements all to list every one" in cut


def test_the_folders_targets_and_an_agreed_file(report, room: Path) -> None:
    (room / "targets.yaml").write_text("overall: 90\nbands: {mediocrity: 30, magic: 60}\n")
    (room / "agreed.yaml").write_text(
        "respondent: consensus\norganisation: Acme Ltd\ndate: 2024-05-01\nparticipants: [Fay]\nanswers: {demo/often: 2}\n"
    )
    context = json.loads(report("-f", "json"))
    assert context["bands"] == {"mediocrity": 30, "magic": 60}
    assert context["scores"]["overall"]["band"] == "magic" and context["scores"]["overall"]["target"] == 90
    assert len(context["respondents"]) == 5
    assert (
        context["notices"][0]
        == f"{room / 'agreed.yaml'} holds the agreed answers; it is left out (report it on its own)."
    )


def test_a_template_of_ones_own(report, tmp_path: Path) -> None:
    mine = tmp_path / "mine.md.j2"
    mine.write_text("{{ organisation }}: {{ disagreements.count }} disagreements, {{ respondents|length }} people\n")
    assert report("--template", mine) == "Acme Ltd: 3 disagreements, 5 people\n"


def test_every_answer_in_respondent_order_is_built_only_where_it_is_shown(report, tmp_path: Path) -> None:
    """The JSON report and one's own template carry each item's values; the pages, which never show them, do not."""
    from cxcheck.reports import render

    seen: list[dict] = []
    original = render.render

    def spy(kind: str, fmt: str, context, *rest, **options):  # type: ignore[no-untyped-def]
        seen.append(dict(context))
        return original(kind, fmt, context, *rest, **options)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "render", spy)
        report("-f", "json")
        report("-f", "html")
        report("-f", "md")
        mine = tmp_path / "mine.md.j2"
        mine.write_text("{{ items[0]['given'] }}\n")
        assert report("--template", mine) != "\n"
    assert ["given" in c["items"][0] for c in seen] == [True, False, False, True]
    assert len(seen[0]["items"][0]["given"]) == len(seen[0]["respondents"])


def test_above_the_summary_size_the_pages_count_answers_and_json_keeps_every_one(
    report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxcheck.reports import workshop

    monkeypatch.setattr(workshop, "SUMMARY_FROM", 4)  # the five respondents now count as many
    data = json.loads(report("-f", "json"))
    assert data["summary"]["active"] and data["summary"]["respondents_from"] == 4
    assert data["heatmap"]["rows"] and all(d["said"] for d in data["disagreements"]["shown"])
    values = {item["id"]: item["given"] for item in data["items"]}
    for row in data["summary"]["distributions"]:
        given = [v for v in values[row["id"]] if v is not None]
        assert {c["value"]: c["count"] for c in row["counts"]} == {
            c["value"]: given.count(c["value"]) for c in row["counts"]
        }
        assert row["unanswered"] == values[row["id"]].count(None)
        assert [r["role"] for r in row["by_role"]] == ["leadership", "frontline"]
    often = next(d for d in data["summary"]["distributions"] if d["id"] == "demo/often")
    assert often["mean"] == next(i["mean"] for i in data["items"] if i["id"] == "demo/often")
    out = tmp_path / "big.html"
    report("-o", out)
    html = out.read_text()
    assert "How the answers spread" in html and 'class="distributions"' in html
    assert 'class="heatmap"' not in html and "Who said what" not in html
    assert "Olive" not in html  # no respondent is listed by name on a summarised page
    markdown = report("-f", "md")
    assert "## How the answers spread" in markdown and "| who | role |" not in markdown and "Olive" not in markdown
    assert tables(markdown)["How the answers spread"][0][:4] == ["item", "answers", "mean", "spread"]


@pytest.mark.browser
def test_a_summarised_page_of_thousands_opens_small_and_accessible(cli: Cli, browser, tmp_path: Path) -> None:
    """2,000 respondents on the bundled checklists: distributions, not 150,000 cells; under 1.5 MB."""
    import random

    from cxcheck.core import answers
    from cxcheck.core.catalog import discover
    from cxcheck.model import AnswerSet

    catalog = discover()
    checklists = [e.checklist for e in catalog]
    order = answers.item_order(checklists)
    rng = random.Random(5)
    roles = ("leadership", "manager", "frontline")
    folder = tmp_path / "company"
    folder.mkdir()
    for n in range(2000):
        chosen = {}
        for checklist in checklists:
            for _, item in checklist.items:
                options = checklist.scale_of(item).options
                chosen[checklist.full_id(item)] = answers.Answer(rng.choice(options).value)
        answer_set = AnswerSet(
            respondent=f"Person {n}", organisation="Chain Ltd", date=__import__("datetime").date(2024, 5, 1),
            answers=chosen, checklists={c.id: c.version for c in checklists}, role=roles[n % 3],
        )  # fmt: skip
        (folder / f"answers-{n:04d}.yaml").write_text(answers.to_yaml(answer_set, order), encoding="utf-8")
    out = tmp_path / "company.html"
    result = cli("report", folder, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size < 1.5 * 1024 * 1024
    with watched_page(browser, out) as (page, problems):
        rows = page.locator("table.distributions tbody tr")
        assert rows.count() == len(order)
        assert page.locator("table.heatmap").count() == 0
        assert axe_violations(page) == []
    assert problems == []
    assert vnu_errors(out) == ""


SUMMARY_PRIORITIES = [
    # (rank, tied, id, team score, priority): often gap 50 x 1 x 2; yes-no gap 20 x 1 x 2; light gap 37.5 x 0.5 x 1
    (1, False, "demo/often", 50.0, 100.0),
    (2, False, "demo/yes-no", 80.0, 40.0),
    (3, False, "demo/light", 62.5, 18.8),
]


def test_json_has_an_executive_summary_and_the_team_priorities_with_first_steps(report) -> None:
    context: dict[str, Any] = json.loads(report("-f", "json"))
    brief = context["executive_summary"]
    assert (brief["score"], brief["band"], brief["gap"], brief["respondents"]) == (64.2, "mediocrity", 35.8, 5)
    assert [(g["rank"], g["roles"], g["section"], g["difference"]) for g in brief["perception_gaps"]] == [
        (1, ["leadership", "frontline"], "second", 50.0),
        (2, ["leadership", "frontline"], "first", 47.9),
    ]
    assert [(d["rank"], d["tied"], d["id"]) for d in brief["disagreements"]] == [
        (1, True, "demo/often"),
        (1, True, "demo/yes-no"),
        (3, False, "demo/light"),
    ]
    ranked = context["priorities"]["ranked"]
    assert [(p["rank"], p["tied"], p["id"], p["score"], p["priority"]) for p in ranked] == SUMMARY_PRIORITIES
    assert [p["action"] for p in ranked] == [
        "Ask one open question per call.",
        "Put it in the page header.",
        "Write down what staff may decide.",
    ]
    assert brief["priorities"] == ranked[:3] and brief["priorities_total"] == 3
    assert [(p["spread"], p["answered"], p["disagreement"]) for p in ranked] == [
        (100.0, 5, True),
        (100.0, 5, True),
        (75.0, 4, True),
    ]
    cut = json.loads(report("-f", "json", "--top", "1"))
    assert [p["id"] for p in cut["priorities"]["ranked"]] == ["demo/often"] and cut["priorities"]["total"] == 3
    assert len(cut["disagreements"]["shown"]) == 3  # --top is the priorities' cut, not the disagreements'


def test_equal_team_priorities_are_shown_as_ties(cli: Cli, tmp_path: Path, demo_dir: Path) -> None:
    from tests.workshop_data import write_answers

    folder = tmp_path / "tied"
    folder.mkdir()
    write_answers(folder, "Ann", "leadership", {"often": 4, "yes-no": 1})
    write_answers(folder, "Bob", "frontline", {"often": 0, "yes-no": 0})
    write_answers(folder, "Cy", "frontline", {"often": 2})  # often 50 and yes-no 50: both priority 100
    result = cli("report", folder, "--checklists", demo_dir, "--top", "1")
    assert result.exit_code == 0, result.output
    priorities = result.stdout.split("## Priorities", 1)[1]
    assert "- Rank 1, tied: **How often do you \\[bold\\]listen\\[/bold\\]?**" in priorities
    assert "And 1 more at this priority, not listed" in priorities.split("## Team scores")[0]


def test_markdown_opens_with_the_summary_then_lists_the_priorities_with_first_steps(report) -> None:
    markdown = report("-f", "md")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    headings = [(t.tag, _text(tokens[n + 1])) for n, t in enumerate(tokens) if t.type == "heading_open"]
    names = [h for _, h in headings]
    assert names.index("Summary") < names.index("Where you disagree") < names.index("Priorities")
    assert names.index("Priorities") < names.index("Team scores")
    assert ("h3", "The biggest perception gaps") in headings and ("h3", "The top priorities") in headings
    summary = markdown.split("## Summary", 1)[1].split("## Where you disagree")[0]
    assert "**Team score 64.2 / 100, mediocrity**: target 100, gap 35.8, from 5 respondents." in summary
    assert "- Rank 1: Demo checklist: Second section: leadership 87.5, frontline 37.5 (difference +50.0)" in summary
    assert "- Rank 1, tied: **Is the number on the website?** (spread 100.0)." in summary
    assert (
        "- Rank 3: **Do staff decide without asking?** (team score 62.5, mediocrity). First step: Write down" in summary
    )
    priorities = markdown.split("\n## Priorities", 1)[1].split("## Team scores")[0]
    assert "**First step:** Ask one open question per call." in priorities
    assert "Team score 62.5 (mediocrity) from 4 answers, spread 75.0" in priorities


def test_html_opens_with_the_summary_and_lists_the_team_priorities(report, tmp_path: Path) -> None:
    out = tmp_path / "workshop.html"
    report("-o", out)
    html = out.read_text()
    main = html[html.index("<main") :]
    assert main.index('id="summary"') < main.index('id="disagree"') < main.index('id="priorities"')
    assert main.index('id="priorities"') < main.index('id="scores"')
    assert '<a href="#summary">Summary</a>' in html and '<a href="#priorities">Priorities</a>' in html
    summary = main[main.index('id="summary"') : main.index('id="disagree"')]
    assert '<p class="big">64.2<small> / 100</small></p>' in summary
    assert summary.count('<span class="place">1.</span> <span class="tied">tied</span>') == 2
    assert "First step: Write down what staff may decide." in summary
    priorities = main[main.index('id="priorities"') : main.index('id="scores"')]
    assert priorities.count('<li class="card priority"') == 3
    assert "<strong>First step:</strong> Put it in the page header." in priorities


def test_the_xlsx_priorities_are_the_team_priorities_of_the_json(report, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "workshop.xlsx"
    report("-o", out)
    ranked = json.loads(report("-f", "json"))["priorities"]["ranked"]
    rows = list(openpyxl.load_workbook(out)["Priorities"].iter_rows(values_only=True))
    assert rows[0][:9] == (
        "rank",
        "checklist",
        "section",
        "item",
        "question",
        "tied",
        "spread",
        "answered by",
        "team score",
    )
    assert rows[0][-1] == "first step"
    assert [(r[0], r[3], r[6], r[7], r[8], r[-2], r[-1]) for r in rows[1:]] == [
        (p["rank"], p["id"].split("/")[1], p["spread"], p["answered"], p["score"], p["priority"], p["action"])
        for p in ranked
    ]


def test_disagreements_option_details_n_or_all_and_the_page_says_how_to_see_the_rest(report, tmp_path: Path) -> None:
    one = json.loads(report("-f", "json", "--disagreements", "1"))["disagreements"]
    assert (one["count"], one["limit"], [d["id"] for d in one["shown"]], one["more_tied"]) == (
        3,
        1,
        ["demo/often"],
        1,  # yes-no has the same spread, 100
    )
    every = json.loads(report("-f", "json", "--disagreements", "ALL"))["disagreements"]
    assert (every["limit"], len(every["shown"]), every["more_tied"]) == (None, 3, 0)
    assert json.loads(report("-f", "json"))["disagreements"]["limit"] == 10  # the default, as before
    markdown = report("--disagreements", "1")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    texts = [t.content for t in tokens if t.type == "inline"]
    assert "And 2 more: use --disagreements all to list every one." in [t.replace("`", "") for t in texts]
    assert "use `--disagreements all`" not in report("--disagreements", "all")
    out = tmp_path / "one.html"
    report("--disagreements", "1", "-o", out)
    html = out.read_text()
    assert '<p class="more-tied">And 2 more: use <code>--disagreements all</code> to list every one.</p>' in html
    assert html.count('<li class="card priority disagreement"') == 1


@pytest.mark.parametrize("value", ["-1", "some", "2.5", ""])
def test_a_bad_disagreements_count_exits_2(cli: Cli, room: Path, demo_dir: Path, value: str) -> None:
    result = cli("report", room, "--checklists", demo_dir, "--disagreements", value)
    assert result.exit_code == 2 and "give a number of items (0 or more) or all" in result.output


def test_disagreements_is_for_workshop_reports(cli: Cli, room: Path, demo_dir: Path) -> None:
    result = cli("report", room / "answers-fay.yaml", "--checklists", demo_dir, "--disagreements", "all")
    assert result.exit_code == 2 and "--disagreements is for workshop reports" in result.output
