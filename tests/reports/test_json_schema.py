"""The JSON report validated against the schema ``cxcheck schema report`` publishes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import Cli, published_schema
from tests.reports.test_report import ANSWERS


@pytest.fixture
def published(cli: Cli) -> dict[str, Any]:
    return published_schema(cli, "report")


def report_json(cli: Cli, path: Path, demo_dir: Path, *args: str | Path) -> dict[str, Any]:
    result = cli("report", path, "--checklists", demo_dir, "-f", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


VARIANTS = {
    "answered": ANSWERS,
    "n/a, unanswered and dropped": ANSWERS.replace("demo/light: 2", "demo/light: {value: n/a, reason: none}")
    .replace("demo/yes-no: 1", "demo/gone: 1")
    .replace('demo: "1.0"', 'demo: "0.9"'),
    "nothing scored": ANSWERS.split("answers:")[0] + "answers:\n      demo/light: n/a\n",
}


@pytest.mark.parametrize("name", VARIANTS)
def test_json_report_validates_against_the_published_schema(
    cli: Cli, write, demo_dir: Path, published, name: str
) -> None:
    data = report_json(cli, write("answers.yaml", VARIANTS[name]), demo_dir, "--top", "1")
    jsonschema.validate(data, published, format_checker=jsonschema.FormatChecker())


def test_the_schema_pins_down_every_key(cli: Cli, write, demo_dir: Path, published) -> None:
    data = report_json(cli, write("answers.yaml", ANSWERS), demo_dir)
    assert list(published["properties"]) == list(data)  # the same keys, in the same order
    for broken in (
        {**data, "extra": 1},
        {k: v for k, v in data.items() if k != "overall"},
        {**data, "schema_version": 3},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, published)
    wrong = json.loads(json.dumps(data))
    wrong["checklists"][0]["sections"][0]["band"] = "meh"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(wrong, published)


def test_every_key_is_described(published) -> None:
    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if not key.endswith(("_x", "_y", "_y1", "_y2")) and key not in (
                    "x",
                    "y",
                    "width",
                    "height",
                    "track_width",
                    "value",
                    "band",
                    "anchor",
                ):
                    assert "description" in sub, f"{where}.{key} has no description"
                walk(sub, f"{where}.{key}")
            if isinstance(node.get("items"), dict):
                walk(node["items"], f"{where}[]")

    walk(published, "report")


def test_docs_describe_every_key(published) -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(published)
    assert sorted(n for n in names if f"`{n}`" not in docs) == []
