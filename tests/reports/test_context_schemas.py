"""Every report's JSON output against the schema generated from its typed context.

``test_json_schema.py`` holds the gap report to its schema in detail; this module does the
same for the workshop, compare, trend and check documents, and checks the rules every
published report schema keeps: each key described, no key undeclared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import Cli, published_schema
from tests.reassess_data import NOW, QUARTERS, reassess_dir

REPORTS = ("report", "check", "workshop", "compare", "trend")
GEOMETRY = {"x", "y", "width", "height", "track_width", "value", "band", "anchor", "left", "bar_height"}
"""Keys of chart geometry, which the chart's own description explains as a whole."""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    reassess_dir(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def output(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli(*args, "--checklists", "checklists", "-f", "json", env={"CXCHECK_NOW": NOW})
    assert result.exit_code in (0, 1), result.output  # check exits 1 when a gate fails
    data: dict[str, Any] = json.loads(result.stdout)
    return data


RUNS = {
    "workshop": ("report", "workshop"),
    "anonymous workshop": ("report", "workshop", "--anonymous"),
    "compare": ("compare", "2026-q1.yaml", "2026-q4.yaml"),
    "trend": ("trend", *QUARTERS),
    "check": ("check", "2026-q4.yaml", "--fail-under", "90", "--max-drop", "5", "--baseline", "2026-q3.yaml"),
}


@pytest.mark.parametrize("name", RUNS)
def test_the_output_is_what_its_published_schema_says(cli: Cli, work: Path, name: str) -> None:
    data = output(cli, *RUNS[name])
    published = published_schema(cli, data["kind"])
    jsonschema.validate(data, published, format_checker=jsonschema.FormatChecker())
    assert list(published["properties"]) == list(data)  # the same keys, in the same order
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "extra": 1}, published)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**data, "schema_version": data["schema_version"] + 1}, published)


@pytest.mark.parametrize("name", REPORTS)
def test_every_key_is_described_and_no_other_allowed(cli: Cli, name: str) -> None:
    undescribed: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "properties" in node:
                assert node.get("additionalProperties") is False, f"{where} allows undeclared keys"
            for key, sub in node.get("properties", {}).items():
                geometry = key in GEOMETRY or key.endswith(("_x", "_y", "_y1", "_y2", "x1", "x2", "y1", "y2"))
                if not geometry and "description" not in sub:
                    undescribed.append(f"{where}.{key}")
                walk(sub, f"{where}.{key}")
            for sub in node.get("anyOf", []):
                walk(sub, where)
            if isinstance(node.get("items"), dict):
                walk(node["items"], f"{where}[]")

    walk(published_schema(cli, name), name)
    assert undescribed == []


def test_the_docs_name_every_report_schema() -> None:
    docs = "\n".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[2] / "docs").glob("*.md"))
    assert [name for name in REPORTS if f"cxcheck schema {name}" not in docs] == []


def test_the_gap_report_publishes_every_note_and_reason(cli: Cli, write, demo_dir: Path) -> None:
    answers = write(
        "noted.yaml",
        """\
        respondent: Ann
        organisation: Acme
        date: 2024-05-01
        answers:
          demo/often: {value: 4, note: top marks}
          demo/yes-no: {value: n/a, reason: no website}
        """,
    )
    result = cli("report", answers, "--checklists", demo_dir, "-f", "json", "--top", "0")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    published = published_schema(cli, "report")
    jsonschema.validate(data, published)
    notes = published["properties"]["checklists"]["items"]["properties"]["notes"]["items"]
    assert {"answer", "note", "reason"} <= set(notes["required"])
    written = [(n["id"], n["answer"], n["note"], n["reason"]) for n in data["checklists"][0]["notes"]]
    assert written == [("demo/often", "Always", "top marks", None), ("demo/yes-no", "n/a", None, "no website")]
