"""``cxcheck report`` end to end through the CLI: every option and every exit code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.reports.test_report import ANSWERS


@pytest.fixture
def answers_file(write) -> Path:
    return write("answers.yaml", ANSWERS)


@pytest.fixture
def run(cli: Cli, answers_file: Path, demo_dir: Path):
    def _run(*args: str | Path, expect: int = 0):
        result = cli("report", answers_file, "--checklists", demo_dir, *args)
        assert result.exit_code == expect, result.output
        return result

    return _run


def test_markdown_to_standard_output_by_default_and_nothing_else(run) -> None:
    result = run()
    assert result.stdout.startswith("# Customer-focus gap report: Demo Ltd\n")
    assert "| **Demo checklist** | 58.3 mediocrity | 100 | 41.7 | 100% | 3 / 3 |" in result.stdout
    assert result.stderr == ""  # standard output is not a terminal: no summary table


@pytest.mark.parametrize(("fmt", "start"), [("md", "# Customer"), ("html", "<!DOCTYPE html>"), ("json", "{")])
def test_format_option_to_standard_output(run, fmt: str, start: str) -> None:
    assert run("-f", fmt).stdout.startswith(start)
    assert run("--format", fmt).stdout.startswith(start)


@pytest.mark.parametrize(("name", "start"), [("r.md", "# Customer"), ("r.html", "<!DOCTYPE html>"), ("r.json", "{")])
def test_output_extension_picks_the_format(run, tmp_path: Path, name: str, start: str) -> None:
    result = run("-o", tmp_path / name)
    assert result.stdout == "" and f"to {tmp_path / name}" in result.stderr
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(start)


def test_format_option_beats_the_extension(run, tmp_path: Path) -> None:
    run("-o", tmp_path / "r.html", "-f", "json")
    assert json.loads((tmp_path / "r.html").read_text())["kind"] == "report"


def test_json_carries_the_figures(run) -> None:
    context = json.loads(run("-f", "json").stdout)
    assert context["overall"]["score"] == 58.3 and context["priorities"]["ranked"][0]["id"] == "demo/often"


def test_targets_option(run, write) -> None:
    targets = write("targets.yaml", "overall: 60\nbands: {mediocrity: 20, magic: 55}\n")
    context = json.loads(run("--targets", targets, "-f", "json").stdout)
    assert (context["overall"]["target"], context["overall"]["band"], context["overall"]["gap"]) == (60, "magic", 1.7)


def test_targets_naming_an_unknown_item_exit_2_with_file_and_line(run, write) -> None:
    targets = write("targets.yaml", "overall: 60\nitems:\n  demo/ofen: 50\n")
    result = run("--targets", targets, expect=2)
    assert result.stderr == f"{targets}:3: unknown item 'ofen' in checklist 'demo' (did you mean 'often'?)\n"


def test_top_option(run) -> None:
    assert [p["id"] for p in json.loads(run("--top", "1", "-f", "json").stdout)["priorities"]["ranked"]] == [
        "demo/often"
    ]
    assert "none is listed (--top 0)" in run("--top", "0").stdout
    assert "Invalid value for '--top'" in run("--top", "-1", expect=2).stderr


def test_template_option(run, write, tmp_path: Path) -> None:
    template = write("mine.html.j2", "<p>{{ organisation }}: {{ overall.score|num(1) }}</p>\n")
    assert run("--template", template).stdout == "<p>Demo Ltd: 58.3</p>\n"  # an .html template renders as HTML
    run("--template", template, "-o", tmp_path / "out.html")
    assert (tmp_path / "out.html").read_text() == "<p>Demo Ltd: 58.3</p>\n"
    assert "--template applies to md, html and pdf" in run("--template", template, "-f", "json", expect=2).stderr


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("{{ ('x' * 4000000000)|length }}\n", "memory"),
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n", "time"),
    ],
)
def test_a_template_past_a_limit_exits_2_with_one_line_and_writes_nothing(
    run, write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str, what: str
) -> None:
    from cxcheck.reports import limits

    monkeypatch.setattr(limits, "TIME_LIMIT", 0.5)
    template = write("greedy.md.j2", source)
    result = run("--template", template, "-o", tmp_path / "out.md", expect=2)
    assert result.stderr.startswith(f"{template}:1: {what} limit exceeded: a template may take at most 0.5 s")
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    assert not (tmp_path / "out.md").exists()


def test_a_broken_template_exits_2_with_its_line(run, write) -> None:
    template = write("mine.md.j2", "fine\n{{ ''.__class__.__mro__ }}\n")
    result = run("--template", template, expect=2)
    assert (
        result.stderr.startswith(f"{template}:2: ") and "unsafe" in result.stderr and "Traceback" not in result.output
    )


def test_summary_table_when_standard_output_is_a_terminal(run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("cxcheck.cli.output.stdout_is_terminal", lambda: True)
    result = run("-o", tmp_path / "r.html")
    assert "Demo checklist" in result.stdout and "First section" in result.stdout and "mediocrity" in result.stdout
    assert "Overall" in result.stdout and "Coverage" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-f", "docx"), "unknown format 'docx'"),
        (("-o", "r.txt"), "cannot tell the format from the extension '.txt'"),
        (("--anonymous",), "--anonymous is for workshop reports"),
        (("--disagreement", "30"), "--disagreement is for workshop reports"),
        (("--roles", "a,b"), "--roles is for workshop reports"),
        (("--targets", "nowhere.yaml"), "nowhere.yaml: no such file"),
    ],
)
def test_bad_options_exit_2(run, args: tuple[str, ...], message: str) -> None:
    result = run(*args, expect=2)
    assert message in result.stderr and "Traceback" not in result.output


def test_output_never_replaces_the_answers_file(run, answers_file: Path) -> None:
    before = answers_file.read_bytes()
    result = run("-f", "md", "-o", answers_file, expect=2)
    assert "is one of the files this command reads" in result.stderr
    assert answers_file.read_bytes() == before


def test_output_refuses_symlinks_and_missing_directories(run, tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("keep")
    (tmp_path / "link.md").symlink_to(victim)
    assert "is a symbolic link" in run("-o", tmp_path / "link.md", expect=2).stderr
    assert victim.read_text() == "keep"
    assert "does not exist; create it first" in run("-o", tmp_path / "no" / "r.md", expect=2).stderr


def test_bad_answers_files_exit_2(cli: Cli, write, demo_dir: Path, tmp_path: Path) -> None:
    missing = cli("report", tmp_path / "none.yaml", "--checklists", demo_dir)
    assert missing.exit_code == 2 and "none.yaml: no such file" in missing.stderr
    bad = write("bad.yaml", ANSWERS.replace("demo/yes-no: 1", "demo/yes-no: 7"))
    result = cli("report", bad, "--checklists", demo_dir)
    assert result.exit_code == 2 and f"{bad}:" in result.stderr and "not on this item's scale" in result.stderr
    empty = write("empty.yaml", "respondent: A\norganisation: B\ndate: 2024-05-01\n")
    result = cli("report", empty, "--checklists", demo_dir)
    assert result.exit_code == 2 and "answers no checklist yet" in result.stderr


def test_several_answers_files_or_a_folder_make_the_workshop_report(cli: Cli, write, demo_dir: Path) -> None:
    one = write("room/answers-ann.yaml", ANSWERS)
    write("room/answers-bob.yaml", ANSWERS.replace("Ann Owner", "Bob").replace("role: owner", "role: frontline"))
    for sources in ([one, one.parent / "answers-bob.yaml"], [one.parent]):
        result = cli("report", *sources, "--checklists", demo_dir, "-f", "json", "--anonymous")
        assert result.exit_code == 0, result.output
        context = json.loads(result.stdout)
        assert context["kind"] == "workshop" and "Ann Owner" not in result.stdout


def test_schema_report_is_published(cli: Cli) -> None:
    result = cli("schema", "report")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"] == "cxcheck:report" and "priorities" in schema["properties"]


def test_help_lists_every_option(cli: Cli) -> None:
    result = cli("report", "--help")
    for option in (
        "--format",
        "--output",
        "--targets",
        "--template",
        "--top",
        "--checklists",
        "--anonymous",
        "--disagreement",
        "--roles",
    ):
        assert option in result.stdout


def test_equal_priorities_share_a_rank_and_a_cut_inside_the_tie_says_how_many_more(cli: Cli, write) -> None:
    from tests import ties_data

    folder = write("ties/ties.yaml", ties_data.CHECKLIST).parent
    answers = write("ties-answers.yaml", ties_data.answers({"heavy": 2}))
    data = json.loads(cli("report", answers, "--checklists", folder, "-f", "json").stdout)
    listed = data["priorities"]["ranked"]
    assert [(p["rank"], p["tied"]) for p in listed] == [(1, True)] * 10
    assert [p["id"] for p in listed] == ["ties/heavy", *(f"ties/q{n:02}" for n in range(1, 10))]  # weight, then order
    assert data["priorities"]["more_tied"] == 3
    markdown = cli("report", answers, "--checklists", folder).stdout
    assert markdown.count("- Rank 1, tied: **Question ") == 10
    assert "And 3 more at this priority, not listed (the list is cut inside a tie)." in markdown
    html = cli("report", answers, "--checklists", folder, "-f", "html").stdout
    assert html.count('<span class="tied">tied</span>') == 10 and "And 3 more at this priority" in html


def test_compare_ranks_equal_moves_alike_and_says_how_many_more(cli: Cli, write) -> None:
    from tests import ties_data

    folder = write("ties/ties.yaml", ties_data.CHECKLIST).parent
    old = write("old.yaml", ties_data.answers({"heavy": 2}))
    new = write("new.yaml", ties_data.answers({**dict.fromkeys(ties_data.QUESTIONS, 4), "heavy": 4}, date="2024-08-01"))
    result = cli("compare", old, new, "--checklists", folder, "-f", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    # every q moved +100; heavy +50 ranks after them, however heavy
    assert [(i["rank"], i["tied"], i["id"]) for i in items["up"]] == [(1, True, f"ties/q{n:02}") for n in range(1, 6)]
    assert items["up_more_tied"] == 7 and items["down_more_tied"] == 0
    markdown = cli("compare", old, new, "--checklists", folder).stdout
    assert markdown.count("- Rank 1, tied: **Question q") == 5
    assert "And 7 more at this move, not listed (the list is cut inside a tie)." in markdown
    html = cli("compare", old, new, "--checklists", folder, "-f", "html").stdout
    assert html.count('<li value="1">') == 5 and "And 7 more at this move" in html
    from rich.console import Console

    from cxcheck.terminal.compare import compare_table

    console = Console(width=100, record=True, color_system=None)
    console.print(compare_table(json.loads(result.stdout)))
    text = console.export_text()
    assert text.count(" 1= +100.0  Question q") == 5 and "and 7 more at this move" in text


def test_workshop_disagreements_rank_equal_spreads_alike(cli: Cli, write) -> None:
    from tests import ties_data

    folder = write("ties/ties.yaml", ties_data.CHECKLIST).parent
    low = write("team/ann.yaml", ties_data.answers({}, respondent="Ann", role="frontline"))
    everything = {**dict.fromkeys(ties_data.QUESTIONS, 4), "heavy": 4}
    high = write("team/bob.yaml", ties_data.answers(everything, respondent="Bob", role="manager"))
    result = cli("report", low, high, "--checklists", folder, "-f", "json", "--disagreements", "10")
    assert result.exit_code == 0, result.output
    flagged = json.loads(result.stdout)["disagreements"]
    assert [(d["rank"], d["tied"]) for d in flagged["shown"]] == [(1, True)] * 10
    assert flagged["shown"][0]["id"] == "ties/heavy" and flagged["more_tied"] == 3  # the heavier item first
    markdown = cli("report", low, high, "--checklists", folder, "--disagreements", "10").stdout
    assert markdown.count("### Rank 1, tied: Question ") == 10 and "And 3 more at this spread" in markdown
    html = cli("report", low, high, "--checklists", folder, "-f", "html", "--disagreements", "10").stdout
    disagree = html[html.index('<section id="disagree"') : html.index('<section id="priorities"')]
    assert disagree.count('<span class="rank" aria-hidden="true">1</span>') == 10
    assert "And 3 more at this spread" in disagree
