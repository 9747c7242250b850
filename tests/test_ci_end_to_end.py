"""The reassessment job run the way a CI runner runs it: a shell script, no terminal, ``CI=true``, stdin closed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from cxcheck.reports.schema import schema
from tests.reassess_data import NOW, QUARTERS, checklist_dir

SCRIPT = Path(__file__).parent / "e2e" / "reassess.sh"
CONFIG = """\
fail_under: 60
min_coverage: 90
max_age: 30
max_drop: 10
baseline: answers-2026-q2.yaml
"""


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Four quarters and a config in a fresh directory, and the script's run over them (once: it takes seconds)."""
    tmp_path = tmp_path_factory.mktemp("reassess")
    for name, text in QUARTERS.items():
        (tmp_path / f"answers-{name}").write_text(text, encoding="utf-8")
    (tmp_path / "cxcheck.yaml").write_text(CONFIG, encoding="utf-8")
    env = {
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "HOME": str(tmp_path),
        "CI": "true",
        "CXCHECK_NOW": NOW,
        "CXCHECK_PATH": str(checklist_dir(tmp_path)),
    }
    done = subprocess.run(
        ["sh", str(SCRIPT), str(tmp_path)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        start_new_session=True,  # no controlling terminal, as on a runner
        timeout=120,
        check=False,
    )
    return done, tmp_path


def test_every_step_gives_its_documented_exit_code(job: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    done, _ = job
    assert done.returncode == 0, done.stdout + done.stderr
    assert [line.split("]")[0] + "]" for line in done.stdout.splitlines() if line.startswith("[exit")] == [
        "[exit 0]", "[exit 1]", "[exit 1]", "[exit 0]", "[exit 0]", "[exit 2]", "[exit 2]", "[exit 0]",
    ]  # fmt: skip
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_the_passing_gates_as_junit(job: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, work = job
    suites = ET.parse(work / "gates.xml").getroot()
    assert (suites.get("tests"), suites.get("failures")) == ("5", "0")
    names = [case.get("name") for case in suites.iter("testcase")]
    assert names == ["fail-under", "min-coverage", "max-age", "max-drop", "max-drop demo"]
    # The config's baseline is Q2 (58.3), and Q4 (66.7) rose from it.
    assert [case.findtext("system-out") for case in suites.iter("testcase")][
        3
    ] == "overall 58.3 -> 66.7 (+8.4), no drop"


def test_a_failing_gate_is_a_failed_test_case(job: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, work = job
    failures = [
        case for case in ET.parse(work / "failing.xml").getroot().iter("testcase") if case.find("failure") is not None
    ]
    assert [case.get("name") for case in failures] == ["fail-under"]
    assert "overall score 66.7 < 80" in (failures[0].find("failure").get("message") or "")  # type: ignore[union-attr]


def test_the_regression_against_the_best_quarter_is_caught(job: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, work = job
    result = json.loads((work / "regression.json").read_text(encoding="utf-8"))
    jsonschema.validate(result, schema("check"))
    assert result["passed"] is False
    drops = [g for f in result["files"] for g in f["gates"] if g["name"].startswith("max-drop")]
    assert [(g["name"], g["passed"], g["baseline"], g["value"]) for g in drops] == [
        ("max-drop", False, 83.3, 66.7),
        ("max-drop demo", False, 83.3, 66.7),
    ]


def test_the_trend_chart_is_written_in_date_order(job: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, work = job
    html = (work / "trend.html").read_text(encoding="utf-8")
    assert "<svg" in html and "http" not in html.split("<body", 1)[1].replace("http://www.w3.org/2000/svg", "")
    # The overall line's description and the table, in date order though the script listed the files newest first.
    assert (
        "2026-03-31: 16.7 (misery). 2026-06-30: 58.3 (mediocrity). 2026-09-30: 83.3 (magic). 2026-12-31: 66.7" in html
    )
    rows = re.findall(r'<tr><th scope="row"[^>]*><time datetime="([0-9-]+)">', html)
    assert rows == ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"]
    compared = json.loads((work / "compare.json").read_text(encoding="utf-8"))
    assert compared["overall"]["change"] == -16.6


def test_what_the_non_interactive_answers_gave_is_kept(job: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    done, work = job
    assert "--organisation is needed: standard input is not a terminal" in done.stderr
    assert "Without a terminal, answer the rest with: cxcheck assess --answers answers-next.yaml" in done.stderr
    assert "demo/often: 3" in (work / "answers-next.yaml").read_text(encoding="utf-8")
