"""``cxcheck check``, ``compare`` and ``trend`` through the CLI: every gate, every exit code, every output."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import Result

from tests.conftest import Cli, published_schema
from tests.reassess_data import NOW, QUARTERS, answers_text, checklist_dir


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory with the checklists and the four quarters, made the current directory."""
    checklist_dir(tmp_path)
    for name, text in QUARTERS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def run(cli: Cli, work: Path):
    def _run(*args: str | Path, expect: int = 0) -> Result:
        result = cli(*args, "--checklists", "checklists", env={"CXCHECK_NOW": NOW})
        assert result.exit_code == expect, (result.stdout, result.stderr)
        return result

    return _run


def gate_lines(result: Result) -> list[str]:
    """The gate lines, with the padding that aligns them squeezed to one space."""
    return [" ".join(line.split()) for line in result.stdout.splitlines() if line.startswith(("PASS ", "FAIL "))]


def gate_names(result: Result) -> list[str]:
    return [g["name"] for f in json.loads(result.stdout)["files"] for g in f["gates"]]


# Q4 (2026-12-31): overall 66.7 (demo: first 75.0, second 50.0), every item answered, 15 days old on NOW.
GATES = [
    (["--fail-under", "60"], 0, "PASS fail-under overall score 66.7 >= 60"),
    (["--fail-under", "70"], 1, "FAIL fail-under overall score 66.7 < 70"),
    (["--fail-under-checklist", "demo=66.7"], 0, "PASS fail-under-checklist demo checklist demo score 66.7 >= 66.7"),
    (["--fail-under-checklist", "demo=80"], 1, "FAIL fail-under-checklist demo checklist demo score 66.7 < 80"),
    (
        ["--fail-under-section", "demo/first=75"],
        0,
        "PASS fail-under-section demo/first section demo/first score 75.0 >= 75",
    ),
    (
        ["--fail-under-section", "demo/second=60"],
        1,
        "FAIL fail-under-section demo/second section demo/second score 50.0 < 60",
    ),
    (["--min-coverage", "100"], 0, "PASS min-coverage coverage 100.0% (3 of 3 applicable items answered) >= 100%"),
    (["--max-age", "15"], 0, "PASS max-age answers of 2026-12-31 are 15 days old <= 15"),
    (["--max-age", "14"], 1, "FAIL max-age answers of 2026-12-31 are 15 days old > 14: the reassessment is overdue"),
    (["--baseline", "2026-q2.yaml", "--max-drop", "0"], 0, "PASS max-drop overall 58.3 -> 66.7 (+8.4), no drop"),
    (
        ["--baseline", "2026-q3.yaml", "--max-drop", "16.6"],
        0,
        "PASS max-drop overall 83.3 -> 66.7 (-16.6), within 16.6",
    ),
    (
        ["--baseline", "2026-q3.yaml", "--max-drop", "10"],
        1,
        "FAIL max-drop overall 83.3 -> 66.7 (-16.6), a drop of more than 10",
    ),
]


@pytest.mark.parametrize(("args", "code", "line"), GATES, ids=[" ".join(g[0]) for g in GATES])
def test_every_gate_passes_and_fails_with_its_figures(run, args: list[str], code: int, line: str) -> None:
    result = run("check", "2026-q4.yaml", *args, expect=code)
    assert line in gate_lines(result)
    gates = 2 if "max-drop" in line else 1  # the overall and the demo checklist
    assert result.stdout.splitlines()[-1] == (
        f"PASSED: all {gates} gates passed." if code == 0 else f"FAILED: {gates} of {gates} gates failed."
    )
    assert result.stderr == ""


def test_min_coverage_fails_on_unanswered_items(run, work: Path) -> None:
    (work / "partial.yaml").write_text(answers_text("2026-12-01", light=None), encoding="utf-8")
    result = run("check", "partial.yaml", "--min-coverage", "70", expect=1)
    assert gate_lines(result) == ["FAIL min-coverage coverage 66.6% (2 of 3 applicable items answered) < 70%"]


def test_a_regression_is_caught_per_checklist_too(run, work: Path) -> None:
    (work / "before.yaml").write_text(answers_text("2026-09-30", 4, 1, 4, extra=1), encoding="utf-8")
    (work / "after.yaml").write_text(answers_text("2026-12-31", 4, 1, 4, extra=0), encoding="utf-8")
    result = run("check", "after.yaml", "--baseline", "before.yaml", "--max-drop", "5", expect=1)
    assert gate_lines(result) == [
        "FAIL max-drop overall 100.0 -> 50.0 (-50.0), a drop of more than 5",
        "PASS max-drop demo demo 100.0 -> 100.0 (0.0), no drop",
        "FAIL max-drop extra extra 100.0 -> 0.0 (-100.0), a drop of more than 5",
    ]
    assert result.stdout.splitlines()[0].startswith("Baseline: before.yaml: Demo Ltd, answers of 2026-09-30")
    assert result.stdout.splitlines()[-1] == "FAILED: 2 of 3 gates failed."


def test_a_json_report_is_a_baseline_too(run) -> None:
    run("report", "2026-q3.yaml", "-o", "q3.json")
    result = run("check", "2026-q4.yaml", "--baseline", "q3.json", "--max-drop", "10", expect=1)
    assert "FAIL max-drop overall 83.3 -> 66.7 (-16.6), a drop of more than 10" in gate_lines(result)


def test_every_gate_at_once_in_a_fixed_order(run) -> None:
    gates = (
        "--fail-under", "50", "--fail-under-checklist", "demo=50", "--fail-under-section", "demo/first=50",
        "--min-coverage", "90", "--max-age", "30", "--baseline", "2026-q3.yaml", "--max-drop", "20",
    )  # fmt: skip
    result = run("check", "2026-q4.yaml", *gates)
    assert gate_names(run("check", "2026-q4.yaml", *gates, "-f", "json")) == [
        "fail-under", "fail-under-checklist demo", "fail-under-section demo/first", "min-coverage", "max-age",
        "max-drop", "max-drop demo",
    ]  # fmt: skip
    baseline, checked = result.stdout.splitlines()[:2]
    assert baseline.startswith("Baseline: 2026-q3.yaml: Demo Ltd, answers of 2026-09-30 by Ann Owner; overall 83.3")
    assert checked.startswith("2026-q4.yaml: Demo Ltd, answers of 2026-12-31 by Ann Owner; overall 66.7 (mediocrity)")
    assert len(gate_lines(result)) == 7
    assert result.stdout.endswith("PASSED: all 7 gates passed.\n")


def test_gates_apply_to_each_answers_file(run) -> None:
    result = run("check", "2026-q1.yaml", "2026-q4.yaml", "--fail-under", "50", expect=1)
    lines = result.stdout.splitlines()
    assert lines[0] == "The gates apply to each of the 2 answers files."
    assert lines[1].startswith("2026-q1.yaml: ") and lines[2] == "FAIL  fail-under  overall score 16.7 < 50"
    assert lines[3].startswith("2026-q4.yaml: ") and lines[4] == "PASS  fail-under  overall score 66.7 >= 50"
    assert lines[5] == "FAILED: 1 of 2 gates failed, in 2026-q1.yaml."


def test_quiet_prints_nothing_but_errors(run) -> None:
    assert run("check", "2026-q4.yaml", "--fail-under", "90", "-q", expect=1).stdout == ""
    assert run("check", "2026-q4.yaml", "--fail-under", "10", "--quiet").stdout == ""
    broken = run("check", "missing.yaml", "--fail-under", "10", "-q", expect=2)
    assert (broken.stdout, broken.stderr) == ("", "missing.yaml: no such file\n")


@pytest.fixture
def check_schema(cli: Cli) -> dict[str, Any]:
    return published_schema(cli, "check")


def test_json_output_validates_against_the_published_schema(run, check_schema: dict[str, Any]) -> None:
    result = run(
        "check",
        "2026-q1.yaml",
        "2026-q4.yaml",
        "--fail-under",
        "50",
        "--baseline",
        "2026-q3.yaml",
        "--max-drop",
        "10",
        "-f",
        "json",
        expect=1,
    )
    data = json.loads(result.stdout)
    jsonschema.validate(data, check_schema, format_checker=jsonschema.FormatChecker())
    assert list(data) == list(check_schema["properties"])  # stable keys, in the schema's order
    assert (data["schema_version"], data["kind"], data["passed"], data["today"]) == (2, "check", False, "2027-01-15")
    assert data["summary"] == {"files": 2, "gates": 6, "passed": 1, "failed": 5, "skipped": 0}
    assert data["baseline"]["file"] == "2026-q3.yaml" and data["baseline"]["score"] == 83.3
    q4 = data["files"][1]
    assert (q4["file"], q4["score"], q4["band"], q4["passed"]) == ("2026-q4.yaml", 66.7, "mediocrity", False)
    assert [g["name"] for g in q4["gates"]] == ["fail-under", "max-drop", "max-drop demo"]
    assert q4["gates"][1] == {
        "name": "max-drop", "gate": "max-drop", "subject": None, "passed": False, "skipped": False, "value": 66.7, "threshold": 10.0,
        "baseline": 83.3, "unit": "points", "message": "overall 83.3 -> 66.7 (-16.6), a drop of more than 10",
    }  # fmt: skip
    for broken in (
        {**data, "extra": 1},
        {**data, "schema_version": 1},
        {**data, "files": [{**q4, "gates": [{"name": "x"}]}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, check_schema)


def test_junit_output_has_a_test_case_per_gate(run) -> None:
    result = run(
        "check", "2026-q1.yaml", "2026-q4.yaml", "--fail-under", "50", "--max-age", "100", "-f", "junit", expect=1
    )
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites" and (root.get("tests"), root.get("failures")) == ("4", "2")
    suites = root.findall("testsuite")
    assert [(s.get("name"), s.get("tests"), s.get("failures")) for s in suites] == [
        ("2026-q1.yaml", "2", "2"),
        ("2026-q4.yaml", "2", "0"),
    ]
    q1 = {case.get("name"): case for case in suites[0].findall("testcase")}
    assert list(q1) == ["fail-under", "max-age"]
    failure = q1["fail-under"].find("failure")
    assert (
        failure is not None
        and failure.get("message") == "overall score 16.7 < 50"
        and failure.get("type") == "fail-under"
    )
    assert q1["max-age"].find("failure") is not None  # 2026-03-31 is 290 days before NOW
    assert all(case.find("failure") is None for case in suites[1].findall("testcase"))
    properties = {p.get("name"): p.get("value") for p in suites[1].iter("property")}
    assert properties == {
        "organisation": "Demo Ltd",
        "respondent": "Ann Owner",
        "date": "2026-12-31",
        "score": "66.7",
        "band": "mediocrity",
    }


@pytest.mark.parametrize(("fmt", "parse"), [("json", json.loads), ("junit", ET.fromstring)])
def test_output_file_gets_the_format_and_the_log_gets_the_text(run, work: Path, fmt: str, parse: Any) -> None:
    result = run("check", "2026-q4.yaml", "--fail-under", "90", "-f", fmt, "-o", f"result.{fmt}", expect=1)
    parse((work / f"result.{fmt}").read_text(encoding="utf-8"))
    assert result.stdout.endswith("FAILED: 1 of 1 gates failed.\n")
    quiet = run("check", "2026-q4.yaml", "--fail-under", "10", "-f", fmt, "-o", f"quiet.{fmt}", "-q")
    assert quiet.stdout == "" and (work / f"quiet.{fmt}").exists()


def test_the_output_file_may_not_be_an_input(run, work: Path) -> None:
    before = (work / "2026-q4.yaml").read_text()
    result = run("check", "2026-q4.yaml", "--fail-under", "10", "-f", "json", "-o", "2026-q4.yaml", expect=2)
    assert "2026-q4.yaml: is one of the files this command reads" in result.stderr
    assert (work / "2026-q4.yaml").read_text() == before


CONFIG = """\
fail_under: 60
fail_under_checklist:
  demo: 60
max_age: 30
baseline: 2026-q3.yaml
max_drop: 20
"""


def test_the_config_file_here_is_read_and_options_override_it(run, work: Path) -> None:
    (work / "cxcheck.yaml").write_text(CONFIG, encoding="utf-8")
    assert gate_names(run("check", "2026-q4.yaml", "-f", "json")) == [
        "fail-under", "fail-under-checklist demo", "max-age", "max-drop", "max-drop demo",
    ]  # fmt: skip
    tightened = run("check", "2026-q4.yaml", "--fail-under", "70", "--fail-under-checklist", "demo=65", expect=1)
    assert "FAIL fail-under overall score 66.7 < 70" in gate_lines(tightened)
    assert "PASS fail-under-checklist demo checklist demo score 66.7 >= 65" in gate_lines(tightened)
    assert json.loads(run("check", "2026-q4.yaml", "-f", "json").stdout)["config"] == "cxcheck.yaml"
    assert "no gates to check" in run("check", "2026-q4.yaml", "--no-config", expect=2).stderr


def test_a_configured_max_drop_without_a_baseline_is_skipped_in_every_format(run, work: Path) -> None:
    """The README's cxcheck.yaml on the first quarter: no baseline yet, so max_drop judges nothing and says so."""
    (work / "cxcheck.yaml").write_text("fail_under: 60\nmax_drop: 5\n", encoding="utf-8")
    text = run("check", "2026-q4.yaml")
    skip = "SKIP max-drop skipped: no baseline to compare with (may drop at most 5); give --baseline FILE"
    assert [" ".join(line.split()) for line in text.stdout.splitlines()[1:]] == [
        "PASS fail-under overall score 66.7 >= 60",
        f"{skip} or set baseline in the config file",
        "PASSED: 1 of 2 gates passed, 1 skipped.",
    ]
    data = json.loads(run("check", "2026-q4.yaml", "-f", "json").stdout)
    assert data["passed"] and data["summary"] == {"files": 1, "gates": 2, "passed": 1, "failed": 0, "skipped": 1}
    assert [(g["name"], g["passed"], g["skipped"]) for g in data["files"][0]["gates"]] == [
        ("fail-under", True, False),
        ("max-drop", False, True),
    ]
    root = ET.fromstring(run("check", "2026-q4.yaml", "-f", "junit").stdout)
    (suite,) = root.findall("testsuite")
    assert [root.get(k) for k in ("tests", "failures", "skipped")] == ["2", "0", "1"]
    assert [suite.get(k) for k in ("tests", "failures", "skipped")] == ["2", "0", "1"]
    skipped = suite.find("testcase[@name='max-drop']/skipped")
    assert skipped is not None and skipped.get("message", "").startswith("skipped: no baseline")
    failing = run("check", "2026-q1.yaml", expect=1)  # a skipped gate never hides a failed one
    assert failing.stdout.endswith("FAILED: 1 of 2 gates failed, 1 skipped.\n")


def test_junit_output_on_bad_input_is_one_failed_test_case_and_exit_2(run, work: Path) -> None:
    """A CI test view shows why the check could not run, instead of nothing."""
    (work / "broken.yaml").write_text(QUARTERS["2026-q4.yaml"].replace("date: ", "date: x"), encoding="utf-8")
    result = run("check", "broken.yaml", "--fail-under", "50", "-f", "junit", "-o", "cxcheck.xml", expect=2)
    root = ET.fromstring((work / "cxcheck.xml").read_text(encoding="utf-8"))
    assert [root.get(k) for k in ("tests", "failures")] == ["1", "1"]
    (case,) = root.iter("testcase")
    failure = case.find("failure")
    problem = result.stderr.splitlines()[0]
    assert problem.startswith("broken.yaml:") and failure is not None and failure.get("message") == problem
    assert failure.text == result.stderr.rstrip("\n") and failure.get("type") == "bad-input"
    assert result.stdout == ""
    run("check", "2026-q4.yaml", "-f", "junit", "-o", "none.xml", expect=2)  # no gates: a usage error, reported too
    assert "no gates to check" in ET.parse(work / "none.xml").getroot().find(".//failure").get("message")
    assert not (work / "text.out").exists()
    run("check", "broken.yaml", "--fail-under", "50", "-f", "json", "-o", "text.out", expect=2)
    assert not (work / "text.out").exists()  # only JUnit has a test view to fill


def test_a_config_file_elsewhere_reads_its_paths_relative_to_itself(run, work: Path) -> None:
    (work / "ci").mkdir()
    (work / "ci" / "gates.yaml").write_text(
        CONFIG.replace("baseline: 2026-q3.yaml", "baseline: ../2026-q3.yaml"), encoding="utf-8"
    )
    result = run("check", "2026-q4.yaml", "--config", "ci/gates.yaml")
    assert result.stdout.startswith("Baseline: ci/../2026-q3.yaml:")


def test_a_bad_config_file_is_exit_2_with_its_line(run, work: Path) -> None:
    (work / "cxcheck.yaml").write_text(
        "fail_under: 60\nmax_ag: 30\nfail_under_section:\n  demo/frist: 10\n", encoding="utf-8"
    )
    assert (
        run("check", "2026-q4.yaml", expect=2).stderr
        == "cxcheck.yaml:2: unknown field 'max_ag' (did you mean 'max_age'?)\n"
    )
    (work / "cxcheck.yaml").write_text("fail_under: 60\nfail_under_section:\n  demo/frist: 10\n", encoding="utf-8")
    assert run("check", "2026-q4.yaml", expect=2).stderr == (
        "cxcheck.yaml:3: fail_under_section: unknown section 'frist' in checklist 'demo' (did you mean 'first'?)\n"
    )


BAD_INPUT = [
    (["missing.yaml", "--fail-under", "1"], "missing.yaml: no such file\n"),
    (["2026-q4.yaml"], "no gates to check: give --fail-under"),
    (["2026-q4.yaml", "--fail-under", "101"], "Invalid value for '--fail-under'"),
    (["2026-q4.yaml", "--max-age", "-1"], "Invalid value for '--max-age'"),
    (
        ["2026-q4.yaml", "--fail-under-checklist", "dmeo=50"],
        "--fail-under-checklist dmeo: unknown checklist 'dmeo' (did you mean 'demo'?)\n",
    ),
    (
        ["2026-q4.yaml", "--fail-under-checklist", "demo"],
        "--fail-under-checklist demo: write ID=N with N from 0 to 100",
    ),
    (
        ["2026-q4.yaml", "--fail-under-section", "demo/x=5"],
        "--fail-under-section demo/x: unknown section 'x' in checklist 'demo'",
    ),
    (["2026-q4.yaml", "--max-drop", "5"], "--max-drop needs --baseline FILE"),
    (["2026-q4.yaml", "--baseline", "2026-q3.yaml"], "--baseline needs --max-drop N"),
    (["2026-q4.yaml", "--baseline", "nope.json", "--max-drop", "5"], "nope.json: no such file\n"),
    (["2026-q4.yaml", "--fail-under", "1", "-f", "xml"], "unknown format 'xml'; choose one of: text, json, junit\n"),
    (["2026-q4.yaml", "--fail-under", "1", "--config", "none.yaml"], "none.yaml: no such file\n"),
    (
        ["2026-q4.yaml", "--fail-under", "1", "--config", "x.yaml", "--no-config"],
        "--config and --no-config contradict each other",
    ),
    (["2026-q4.yaml", "--fail-under", "1", "--fial-under", "2"], "No such option: --fial-under"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT, ids=[" ".join(a[1:]) or "no gates" for a, _ in BAD_INPUT])
def test_bad_input_is_exit_2_with_one_line_and_nothing_on_standard_output(run, args: list[str], message: str) -> None:
    result = run("check", *args, expect=2)
    assert message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


def test_an_invalid_answers_file_is_exit_2_with_its_line(run, work: Path) -> None:
    (work / "bad.yaml").write_text(
        answers_text("2026-12-01").replace("demo/light: 2", "demo/light: 9"), encoding="utf-8"
    )
    result = run("check", "bad.yaml", "--fail-under", "1", expect=2)
    assert result.stderr.startswith("bad.yaml:9: demo/light: the number 9 is not on this item's scale")


def test_schemas_of_the_config_file_and_the_check_result(cli: Cli, check_schema: dict[str, Any]) -> None:
    result = cli("schema", "config")
    assert result.exit_code == 0
    config_schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(config_schema)
    import yaml

    jsonschema.validate(yaml.safe_load(CONFIG), config_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"fail-under": 1}, config_schema)
    assert check_schema["$id"] == "cxcheck:check" and check_schema["properties"]["kind"] == {
        "const": "check",
        "description": "what this document is",
    }


# --- compare ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "start"), [([], "# Customer-focus comparison"), (["-f", "html"], "<!DOCTYPE html>"), (["-f", "json"], "{")]
)
def test_compare_formats_to_standard_output(run, args: list[str], start: str) -> None:
    result = run("compare", "2026-q3.yaml", "2026-q4.yaml", *args)
    assert result.stdout.startswith(start) and result.stderr == ""


def test_compare_figures(run) -> None:
    context = json.loads(run("compare", "2026-q3.yaml", "2026-q4.yaml", "-f", "json", "--top", "1").stdout)
    assert (context["overall"]["change"], context["overall"]["old"]["band"], context["overall"]["new"]["band"]) == (
        -16.6,
        "magic",
        "mediocrity",
    )
    assert [i["id"] for i in context["items"]["down"]] == ["demo/often"] and context["items"]["moved"] == 2


@pytest.mark.parametrize(("name", "start"), [("c.md", "# Customer"), ("c.html", "<!DOCTYPE html>"), ("c.json", "{")])
def test_compare_output_file_by_extension(run, work: Path, name: str, start: str) -> None:
    result = run("compare", "2026-q3.yaml", "2026-q4.yaml", "-o", name)
    assert result.stdout == "" and result.stderr == f"Wrote the {name.split('.')[1]} compare report to {name}.\n"
    assert (work / name).read_text(encoding="utf-8").startswith(start)


def test_compare_with_a_template(run, work: Path) -> None:
    (work / "mine.md.j2").write_text("{{ old.date }} -> {{ new.date }}: {{ overall.change }}\n", encoding="utf-8")
    assert (
        run("compare", "2026-q3.yaml", "2026-q4.yaml", "--template", "mine.md.j2").stdout
        == "2026-09-30 -> 2026-12-31: -16.6\n"
    )
    assert (
        "JSON is always the full context"
        in run("compare", "2026-q3.yaml", "2026-q4.yaml", "--template", "mine.md.j2", "-f", "json", expect=2).stderr
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-q3.yaml", "nope.yaml"], "nope.yaml: no such file\n"),
        (["2026-q3.yaml"], "Missing argument 'NEW'"),
        (["2026-q3.yaml", "2026-q4.yaml", "-o", "c.txt"], "cannot tell the format from the extension '.txt'"),
        (["2026-q3.yaml", "2026-q4.yaml", "-o", "2026-q4.yaml", "-f", "md"], "is one of the files this command reads"),
        (["2026-q3.yaml", "2026-q4.yaml", "--top", "-1"], "Invalid value for '--top'"),
    ],
)
def test_compare_bad_input_is_exit_2(run, args: list[str], message: str) -> None:
    assert message in run("compare", *args, expect=2).stderr


# --- trend ------------------------------------------------------------------------------------


def test_trend_writes_the_html_chart(run, work: Path) -> None:
    result = run("trend", "2026-q4.yaml", "2026-q2.yaml", "2026-q1.yaml", "2026-q3.yaml", "-o", "trend.html")
    assert result.stderr == "Wrote the html trend report to trend.html.\n"
    html = (work / "trend.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 2 and 'class="target-line"' in html


def test_trend_json_and_markdown(run) -> None:
    context = json.loads(run("trend", "2026-q4.yaml", "2026-q1.yaml", "-f", "json").stdout)
    assert [p["score"] for p in context["overall"]["points"]] == [16.7, 66.7]
    assert "| 2026-12-31 | 66.7 | 100% | 66.7 |" in run("trend", "2026-q4.yaml", "2026-q1.yaml").stdout


def test_trend_refuses_mixed_organisations_and_narrows_with_only(run, work: Path) -> None:
    (work / "other.yaml").write_text(answers_text("2026-05-01", organisation="Other Co"), encoding="utf-8")
    result = run("trend", "2026-q1.yaml", "other.yaml", expect=2)
    assert result.stderr.splitlines() == [
        "these files are for 2 organisations and a trend follows one; run trend once per organisation:",
        "  Demo Ltd: 2026-q1.yaml",
        "  Other Co: other.yaml",
    ]
    (work / "wider.yaml").write_text(answers_text("2027-01-10", extra=1), encoding="utf-8")
    assert "--only ID (shared: demo)" in run("trend", "2026-q1.yaml", "wider.yaml", expect=2).stderr
    context = json.loads(run("trend", "2026-q1.yaml", "wider.yaml", "--only", "demo", "-f", "json").stdout)
    assert [c["id"] for c in context["checklists"]] == ["demo"]


def test_junit_output_parses_whatever_the_answers_hold(run, work: Path) -> None:
    """Markup in text is escaped, and characters XML 1.0 forbids (even escaped) are replaced, so
    the CI can always read the file; the loaders refuse such characters, so the writer is fed
    them directly too."""
    from xml.parsers import expat

    from cxcheck.reports.check import as_junit

    text = (work / "2026-q4.yaml").read_text(encoding="utf-8")
    (work / "hostile.yaml").write_text(text.replace("Ann Owner", '"Sam ]]>&<x>"'), encoding="utf-8")
    result = run("check", "hostile.yaml", "--fail-under", "10", "-f", "junit")
    expat.ParserCreate().Parse(result.stdout.encode("utf-8"), True)  # strict: raises on any fault
    properties = {p.get("name"): p.get("value") for p in ET.fromstring(result.stdout).iter("property")}
    assert properties["respondent"] == "Sam ]]>&<x>"
    context = json.loads(run("check", "hostile.yaml", "--fail-under", "10", "-f", "json").stdout)
    entry = context["files"][0]
    entry["respondent"], entry["organisation"] = "Sam\x01\x0b\x1b]]>&<x>", "Acme\x00"
    written = as_junit(context)
    expat.ParserCreate().Parse(written.encode("utf-8"), True)
    properties = {p.get("name"): p.get("value") for p in ET.fromstring(written).iter("property")}
    assert properties["respondent"] == "Sam\ufffd\ufffd\ufffd]]>&<x>"
    assert properties["organisation"] == "Acme\ufffd"


def test_escape_sequences_from_files_never_reach_the_terminal_or_the_log(run, work: Path) -> None:
    """Text with control characters is refused on load with its line, and a file name holding
    them (which no loader can refuse) is shown with them visible (``\\x1b``), never obeyed."""
    import re

    controls = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
    text = (work / "2026-q4.yaml").read_text(encoding="utf-8")
    (work / "hostile\x1b[2J.yaml").write_text(text, encoding="utf-8")
    for fmt in ("text", "json", "junit"):
        result = run("check", "hostile\x1b[2J.yaml", "--fail-under", "10", "-f", fmt)
        assert not controls.search(result.stdout + result.stderr), fmt
    sam = '"Sam\\e]0;pwned\\a\\e[2J\\e]8;;http://evil.example/\\e\\\\click\\e]8;;\\e\\\\"'
    (work / "sam\x1b]0;t\x07.yaml").write_text(text.replace("Ann Owner", sam), encoding="utf-8")
    refused = run("check", "sam\x1b]0;t\x07.yaml", "--fail-under", "10", expect=2)
    assert refused.stderr.startswith("sam\\x1b]0;t\\x07.yaml:1: control character U+001B in text;")
    assert not controls.search(refused.stdout + refused.stderr)
    broken = run("check", "hostile\x1b[2J.yaml", "missing\x07.yaml", "--fail-under", "10", expect=2)
    assert "missing\\x07.yaml" in broken.stderr and "\x07" not in broken.stderr


def test_a_junit_file_that_cannot_be_written_hides_no_problem_of_the_input(run, work: Path) -> None:
    (work / "broken.yaml").write_text(QUARTERS["2026-q4.yaml"].replace("date: ", "date: x"), encoding="utf-8")
    result = run("check", "broken.yaml", "--fail-under", "50", "-f", "junit", "-o", "no/such/dir.xml", expect=2)
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("broken.yaml:") and lines[1].startswith("no/such/dir.xml")


def test_a_baseline_that_is_the_answers_file_itself_is_skipped_not_passed(run) -> None:
    """The README's job on its first quarter passes the one file as both: "no drop" would be a check not made."""
    result = run("check", "2026-q3.yaml", "2026-q4.yaml", "--baseline", "2026-q3.yaml", "--max-drop", "20")
    lines = gate_lines(result) + [" ".join(line.split()) for line in result.stdout.splitlines() if "SKIP" in line]
    assert "SKIP max-drop skipped: the baseline is this answers file itself (may drop at most 20); " in " ".join(lines)
    assert "PASS max-drop overall 83.3 -> 66.7 (-16.6), within 20" in lines  # the other file is still judged
    assert result.stdout.endswith("PASSED: 2 of 3 gates passed, 1 skipped.\n")
