"""``cxcheck import`` and the commands that read its store, as a consultant runs them."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.workshop_data import write_five

NOW = {"CXCHECK_NOW": "2026-12-03T12:00:00"}
OFTEN = "How often do you [bold]listen[/bold]?"
NUMBER = "Is the number on the website?"
LIGHT = "Do staff decide without asking?"


@pytest.fixture
def work(tmp_path: Path, demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _mapping(cli: Cli) -> Path:
    result = cli("form", "demo", "--organisation", "Acme Ltd", "--csv-template", "--checklists", "checklists")
    assert result.exit_code == 0, result.output
    assert "Wrote mapping.yaml: the columns of 3 items." in result.stderr
    return Path("mapping.yaml")


def _export(write: Callable[[str, str], Path], *rows: str) -> Path:
    path = write("responses.csv", "\n".join([f"Timestamp,Email Address,Role,{OFTEN},{NUMBER},{LIGHT}", *rows]) + "\n")
    return Path(path.name)  # as typed in the folder, so that messages name it so


def test_a_google_forms_export_imported_and_reported(cli: Cli, work: Path, write: Callable[[str, str], Path]) -> None:
    mapping = _mapping(cli)
    export = _export(
        write,
        "2026/11/30 10:00:00,ann@example.com,leadership,Always,Yes,4",
        "2026/11/30 11:00:00,bob@example.com,frontline,Never,No,Does not apply here",
    )
    result = cli("import", export, "--mapping", mapping, "--checklists", "checklists", env=NOW)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Imported 2 respondent(s), 6 answers, from 1 file(s) into survey.duckdb.\n"
        "Report it: cxcheck report survey.duckdb -o workshop.html\n"
    )
    report = cli("report", "survey.duckdb", "-f", "json", "--checklists", "checklists", env=NOW)
    assert report.exit_code == 0, report.output
    context = json.loads(report.stdout)
    assert [(r["label"], r["role"], r["file"]) for r in context["respondents"]] == [
        ("ann@example.com", "leadership", "responses.csv:2"),
        ("bob@example.com", "frontline", "responses.csv:3"),
    ]
    assert context["scores"]["overall"]["score"] == 66.7  # sections 50 (weight 2) and 100: Bob said n/a


def test_bad_rows_every_problem_and_nothing_written(cli: Cli, work: Path, write: Callable[[str, str], Path]) -> None:
    mapping = _mapping(cli)
    export = _export(write, "2026/11/30,ann@example.com,leadership,Alwys,Yes,4", "2026/11/30,bob,frontline,9,No,")
    result = cli("import", export, "--mapping", mapping, "--checklists", "checklists", env=NOW)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"responses.csv:2: column '{OFTEN}' (demo/often): 'Alwys' is not an answer on this item's scale "
        "(0 Never, 1 Rarely, 2 Sometimes, 3 Often, 4 Always or n/a)",
        f"responses.csv:3: column '{OFTEN}' (demo/often): '9' is not an answer on this item's scale "
        "(0 Never, 1 Rarely, 2 Sometimes, 3 Often, 4 Always or n/a)",
    ]
    assert sorted(p.name for p in work.iterdir()) == ["checklists", "mapping.yaml", "responses.csv"]


def test_an_existing_store_is_kept_unless_forced(cli: Cli, work: Path, write: Callable[[str, str], Path]) -> None:
    mapping = _mapping(cli)
    first = _export(write, "2026/11/30,ann@example.com,leadership,Always,Yes,4")
    assert cli("import", first, "--mapping", mapping, "--checklists", "checklists", env=NOW).exit_code == 0
    before = Path("survey.duckdb").read_bytes()
    again = cli("import", first, "--mapping", mapping, "--checklists", "checklists", env=NOW)
    assert again.exit_code == 2
    assert again.stderr == (
        "survey.duckdb: exists; give --force to replace it (to add to it, name it or its folder among the files: "
        "who is in it already is counted once)\n"
    )
    assert Path("survey.duckdb").read_bytes() == before
    more = write("later.csv", f"Timestamp,Email Address,Role,{OFTEN},{NUMBER},{LIGHT}\n2026/12/01,cy,manager,3,1,2\n")
    grown = cli("import", "survey.duckdb", more, "--mapping", mapping, "--force", "--checklists", "checklists", env=NOW)
    assert grown.exit_code == 0, grown.output
    assert "Imported 2 respondent(s)" in grown.stdout


def test_answers_files_and_a_workshop_folder_give_the_same_report(cli: Cli, work: Path) -> None:
    write_five(work / "team")
    (work / "team" / "workshop.yaml").unlink(missing_ok=True)
    args = ("--checklists", "checklists")
    files = cli("report", "team", "-f", "json", *args, env=NOW)
    imported = cli("import", "team", *args, env=NOW)
    assert imported.exit_code == 0, imported.output
    assert "into team/survey.duckdb" in imported.stdout
    stored = cli("report", "team/survey.duckdb", "-f", "json", *args, env=NOW)
    assert files.exit_code == stored.exit_code == 0
    assert json.loads(stored.stdout) == json.loads(files.stdout)
    folder = cli("report", "team", "-f", "json", *args, env=NOW)
    notices = json.loads(folder.stdout)["notices"]
    assert notices[0] == (
        "team/survey.duckdb holds this workshop's answers; the 5 answers file(s) beside it are left out "
        "(to add the new ones: cxcheck import team --force; who is in the store is counted once)."
    )


def test_check_compare_and_trend_read_a_store_as_the_team(cli: Cli, work: Path) -> None:
    write_five(work / "team")
    args = ("--checklists", "checklists")
    assert cli("import", "team", "-o", "q4.duckdb", *args, env=NOW).exit_code == 0
    check = cli("check", "q4.duckdb", "--fail-under", "70", *args, env=NOW)
    assert check.exit_code == 1
    assert "q4.duckdb: Acme Ltd, answers of 2024-05-01 by 5 respondents; overall 64.2 (mediocrity)" in check.stdout
    compare = cli("compare", "q4.duckdb", "q4.duckdb", "-f", "json", *args, env=NOW)
    assert compare.exit_code == 0, compare.output
    assert json.loads(compare.stdout)["overall"]["new"]["score"] == 64.2
    trend = cli("trend", "q4.duckdb", "-f", "json", *args, env=NOW)
    assert trend.exit_code == 0, trend.output
    assert json.loads(trend.stdout)["overall"]["points"][0]["score"] == 64.2


def test_without_the_extra_one_line_says_how_to_install_it(
    cli: Cli, work: Path, write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "duckdb", None)
    result = cli("import", _export(write), "--checklists", "checklists", env=NOW)
    assert (result.exit_code, result.stderr) == (2, "the survey store needs DuckDB: pip install 'cxcheck[survey]'\n")


def test_a_store_name_must_end_in_duckdb(cli: Cli, work: Path, write: Callable[[str, str], Path]) -> None:
    result = cli("import", _export(write), "-o", "survey.db", "--checklists", "checklists", env=NOW)
    assert (result.exit_code, result.stderr) == (
        2,
        "survey.db: a survey store's name ends in .duckdb, for example survey.duckdb\n",
    )


def test_an_agreed_answers_file_is_no_participant(cli: Cli, work: Path) -> None:
    write_five(work / "team")
    agreed = (
        (work / "team" / "answers-fay.yaml")
        .read_text(encoding="utf-8")
        .replace("respondent: Fay", "respondent: consensus")
    )
    (work / "team" / "agreed.yaml").write_text(agreed, encoding="utf-8")
    result = cli("import", "team", "--checklists", "checklists", env=NOW)
    assert result.exit_code == 0, result.output
    assert "Imported 5 respondent(s)" in result.stdout
    assert result.stderr == "team/agreed.yaml holds the agreed answers; it is left out (report it on its own).\n"


def test_a_mapping_file_has_no_touch_points(cli: Cli, work: Path) -> None:
    result = cli(
        "form", "demo", "--organisation", "Acme", "--csv-template", "--journey", "j.yaml", "--checklists", "checklists"
    )
    assert (result.exit_code, result.stderr) == (
        2,
        "--journey is for the HTML form; a survey tool's export holds no touch points\n",
    )
    assert not Path("mapping.yaml").exists()


def test_importing_again_counts_nobody_twice(cli: Cli, work: Path, write: Callable[[str, str], Path]) -> None:
    """Following the advice (name the store among the files, or import its folder again) adds only who is new."""
    paths = write_five(work / "team")
    (work / "team" / "workshop.yaml").unlink(missing_ok=True)
    args = ("--checklists", "checklists")
    held = paths[-1].rename(work / paths[-1].name)
    assert "Imported 4 respondent(s)" in cli("import", "team", *args, env=NOW).stdout
    held.rename(paths[-1])
    again = cli("import", "team", "team/survey.duckdb", "--force", *args, env=NOW)
    assert again.exit_code == 0, again.output
    assert "Imported 5 respondent(s)" in again.stdout
    assert "team/survey.duckdb: 4 respondent(s) already read from the same source are counted once" in again.stderr
    folder = cli("import", "team", "--force", *args, env=NOW)
    assert folder.exit_code == 0, folder.output
    assert "Imported 5 respondent(s)" in folder.stdout
    mapping = _mapping(cli)
    export = _export(write, "2026/11/30,ann@example.com,leadership,Always,Yes,4", "2026/11/30,bob,frontline,1,No,")
    assert "Imported 2 respondent(s)" in cli("import", export, "--mapping", mapping, *args, env=NOW).stdout
    grown = _export(write, "2026/11/30,ann@example.com,leadership,Always,Yes,4", "2026/11/30,bob,frontline,1,No,",
                    "2026/12/01,cy,manager,3,Yes,2")  # fmt: skip
    twice = cli("import", grown, "survey.duckdb", "--mapping", mapping, "--force", *args, env=NOW)
    assert twice.exit_code == 0, twice.output
    assert "Imported 3 respondent(s)" in twice.stdout
    report = json.loads(cli("report", "survey.duckdb", "-f", "json", *args, env=NOW).stdout)
    assert [r["label"] for r in report["respondents"]] == ["ann@example.com", "bob", "cy"]


def test_a_store_is_written_where_any_output_may_be(cli: Cli, work: Path) -> None:
    """The store's target passes the checks every output passes, said as every output says them."""
    write_five(work / "team")
    (work / "team" / "workshop.yaml").unlink(missing_ok=True)
    (work / "old.duckdb").mkdir()
    (work / "real.duckdb").write_bytes(b"")
    (work / "link.duckdb").symlink_to(work / "real.duckdb")
    args = ("--checklists", "checklists", "--force")
    said = {
        target: cli("import", "team", "-o", target, *args, env=NOW)
        for target in ("old.duckdb", "link.duckdb", "no/q4.duckdb")
    }
    assert {target: (result.exit_code, result.stderr) for target, result in said.items()} == {
        "old.duckdb": (2, "old.duckdb: is a directory; give a file name such as survey.duckdb\n"),
        "link.duckdb": (
            2,
            "link.duckdb: is a symbolic link; cxcheck does not write through links, give the real path\n",
        ),
        "no/q4.duckdb": (2, "no/q4.duckdb: directory no does not exist; create it first\n"),
    }
    assert (work / "real.duckdb").read_bytes() == b""


def test_a_report_counts_nobody_twice_either(cli: Cli, work: Path) -> None:
    """A folder beside its store, a file beside the store that holds it: each respondent once."""
    write_five(work / "team")
    (work / "team" / "workshop.yaml").unlink(missing_ok=True)
    args = ("--checklists", "checklists")
    assert cli("import", "team", *args, env=NOW).exit_code == 0
    for given, repeated in (
        (("team", "team/survey.duckdb"), "team/survey.duckdb: 5 respondent(s)"),
        (("team/survey.duckdb", "team/answers-fay.yaml"), "team/answers-fay.yaml: 1 respondent(s)"),
    ):
        report = cli("report", *given, "-f", "json", *args, env=NOW)
        assert report.exit_code == 0, report.output
        context = json.loads(report.stdout)
        assert len(context["respondents"]) == 5, given
        assert context["notices"][-1].startswith(f"{repeated} already read from the same source are counted once")


def test_a_large_store_is_counted_in_sql_and_pages_as_its_answers_files(
    cli: Cli, work: Path, write: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above SUMMARY_FROM respondents a page is made from the store's own counts (core.survey.counted):
    the Markdown and HTML pages are those of the same respondents read from their answers files."""
    from cxcheck.core import aggregate, answers, catalog, survey

    choices = (
        ["Never", "Rarely", "Sometimes", "Often", "Always"],
        ["No", "Yes"],
        ["0", "2", "4", "Does not apply here"],
    )
    rows = [
        f"2026/11/{1 + n % 28:02d} 10:00:00,p{n}@example.com,{('leadership', 'frontline', 'Frontline ', '')[n % 4]},"
        + ",".join(options[(n * (k + 3)) % len(options)] for k, options in enumerate(choices))
        for n in range(150)
    ]
    imported = cli("import", _export(write, *rows), "--mapping", _mapping(cli), "--checklists", "checklists", env=NOW)
    assert imported.exit_code == 0, imported.output
    found = catalog.discover([Path("checklists")])
    order = answers.item_order([e.checklist for e in found])
    Path("files").mkdir()
    for n, answer_set in enumerate(survey.load(Path("survey.duckdb"), found)):
        Path(f"files/answers-{n:03d}.yaml").write_text(answers.to_yaml(answer_set, order), encoding="utf-8")
    counted: list[int] = []
    real = aggregate._counted
    monkeypatch.setattr(aggregate, "_counted", lambda *a, **k: counted.append(1) or real(*a, **k))
    for kind in ("md", "html"):
        page = cli("report", "survey.duckdb", "-f", kind, "--checklists", "checklists", env=NOW)
        assert page.exit_code == 0, page.output
        assert counted == [1], "a page of 150 respondents is counted in the store"
        from_files = cli("report", "files", "-f", kind, "--checklists", "checklists", env=NOW)
        assert from_files.exit_code == 0, from_files.output
        assert counted == [1]
        assert "150 respondents" in page.stdout
        assert page.stdout == from_files.stdout
        counted.clear()
    json_report = cli("report", "survey.duckdb", "-f", "json", "--checklists", "checklists", env=NOW)
    assert not counted, "the JSON report holds every answer: the store is read respondent by respondent"
    assert len(json.loads(json_report.stdout)["respondents"]) == 150
