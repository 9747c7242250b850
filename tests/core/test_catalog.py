"""Checklist loading, validation messages and discovery: the contract of the checklist format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cxcheck.core import catalog
from cxcheck.core.catalog import check_file, discover, load_file
from cxcheck.errors import CxError, ValidationFailed
from cxcheck.model import PRESETS
from tests.conftest import DEMO_CHECKLIST

Write = Callable[[str, str], Path]


def test_demo_checklist_parses_into_the_typed_model(demo_dir: Path) -> None:
    checklist = load_file(demo_dir / "demo.yaml")
    assert checklist.version == "1.0"
    first, second = checklist.sections
    assert first.weight == 2 and second.weight == 1
    often, yes_no = first.items
    assert checklist.scale_of(often) == PRESETS["frequency"]
    assert [o.label for o in checklist.scale_of(yes_no).options] == ["No", "Yes"]
    assert second.items[0].tags == {"role": "frontline"}
    assert second.items[0].weight == 0.5
    assert checklist.full_id(often) == "demo/often"


def test_numeric_version_is_read_as_text(write: Write) -> None:
    path = write("v.yaml", DEMO_CHECKLIST.replace('version: "1.0"', "version: 2"))
    assert load_file(path).version == "2"


def test_inline_scale_and_own_sources(write: Write) -> None:
    text = DEMO_CHECKLIST.replace(
        "    sections:\n",
        "    scale:\n      - {label: Bad, value: 1}\n      - {label: Good, value: 3}\n"
        "    sources:\n      - {id: handbook, title: Our service handbook}\n    sections:\n",
    ).replace("source: 001_1c575d8905d84cba.txt", "source: handbook")
    checklist = load_file(write("own.yaml", text))
    item = checklist.sections[1].items[0]
    assert item.source == "handbook"
    assert checklist.scale_of(item).normalise(3) == 100


def _messages(path: Path) -> list[str]:
    _, problems = check_file(path)
    return [str(p) for p in problems]


BROKEN = {
    "bad YAML": (
        "id: x\ntitle: [unclosed\n",
        ":3: invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'",
    ),
    "missing field": (
        DEMO_CHECKLIST.replace("    description: A small checklist for tests.\n", ""),
        ":1: missing required field 'description'",
    ),
    "misspelt field": (
        DEMO_CHECKLIST.replace("help: Waiting", "hlep: Waiting"),
        ":26: unknown field 'hlep' (did you mean 'help'?)",
    ),
    "duplicate item id": (
        DEMO_CHECKLIST.replace("id: light", "id: often"),
        ":24: duplicate item id 'often' (first used on line 10)",
    ),
    "duplicate section id": (
        DEMO_CHECKLIST.replace("id: second", "id: first"),
        ":21: duplicate section id 'first' (first used on line 6)",
    ),
    "one-option scale": (
        DEMO_CHECKLIST.replace("scale: yes-no", "scale: [{label: Only, value: 1}]"),
        ":20: sections[0].items[1].scale: needs at least 2 entries",
    ),
    "non-increasing scale": (
        DEMO_CHECKLIST.replace("scale: yes-no", "scale: [{label: A, value: 1}, {label: B, value: 1}]"),
        ":20: sections[0].items[1].scale: option values must increase strictly from first to last, got [1.0, 1.0]",
    ),
    "negative weight": (
        DEMO_CHECKLIST.replace("weight: 0.5", "weight: -1"),
        ":29: sections[1].items[0].weight: must be 0 or more, got -1",
    ),
    "unknown source": (
        DEMO_CHECKLIST.replace("source: 001_1c575d8905d84cba.txt", "source: blog.txt"),
        ":28: unknown source 'blog.txt'; use an article file name (see `cxcheck list --sources`)"
        " or add it to the checklist's `sources` list",
    ),
    "empty section": (
        DEMO_CHECKLIST.split("      - id: second")[0] + "      - id: second\n        title: Empty\n        items: []\n",
        ":23: sections[1].items: needs at least 1 entry",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_each_validation_error_names_file_line_and_field(write: Write, case: str) -> None:
    text, expected = BROKEN[case]
    path = write("broken.yaml", text)
    messages = _messages(path)
    assert f"{path}{expected}" in messages, messages


def test_all_errors_of_a_file_are_collected(write: Write) -> None:
    text = (
        DEMO_CHECKLIST.replace("id: light", "id: often")
        .replace("weight: 0.5", "weight: -1")
        .replace("source: 002_0671ade08c34851c.txt", "source: nowhere")
    )
    assert len(_messages(write("many.yaml", text))) == 3


def test_load_file_raises_every_problem_at_once(write: Write) -> None:
    path = write("two.yaml", DEMO_CHECKLIST.replace("id: light", "id: often").replace("weight: 0.5", "weight: -1"))
    with pytest.raises(ValidationFailed) as caught:
        load_file(path)
    assert len(caught.value.problems) == 2


def test_bundled_checklists_are_found_in_assessment_order() -> None:
    found = discover()
    assert len(found) >= 8
    ids = [e.checklist.id for e in found]
    assert ids[: len(catalog.BUNDLED_ORDER)] == list(catalog.BUNDLED_ORDER)
    assert {e.origin for e in found} == {"bundled"}


def test_directory_overrides_bundled_checklist_of_same_id(write: Write) -> None:
    override = write("mine/access.yaml", DEMO_CHECKLIST.replace("id: demo", "id: access").replace('"1.0"', '"9.9"'))
    found = discover([override.parent])
    entry = found.entry("access")
    assert entry.checklist.version == "9.9"
    assert entry.origin == str(override.parent)
    assert list(found).index(entry) == catalog.BUNDLED_ORDER.index("access")


def test_environment_path_adds_checklists(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(catalog.ENV_PATH, str(demo_dir))
    found = discover()
    assert "demo" in found
    assert [e.checklist.id for e in found][-1] == "demo"


def test_command_line_directory_wins_over_environment(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    env_dir = write("env/demo.yaml", DEMO_CHECKLIST).parent
    cli_dir = write("cli/demo.yaml", DEMO_CHECKLIST.replace('"1.0"', '"2.0"')).parent
    monkeypatch.setenv(catalog.ENV_PATH, str(env_dir))
    assert discover([cli_dir]).get("demo").version == "2.0"


def test_the_first_directory_of_the_environment_path_wins_as_in_path(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write("a/demo.yaml", DEMO_CHECKLIST.replace('"1.0"', '"1.1"')).parent
    second = write("b/demo.yaml", DEMO_CHECKLIST.replace('"1.0"', '"1.2"')).parent
    monkeypatch.setenv(catalog.ENV_PATH, f"{first}:{second}")
    assert discover().get("demo").version == "1.1"


def test_an_unquoted_decimal_version_is_refused_not_read_as_another(write: Write, demo_dir: Path, cli) -> None:
    path = write("v/demo.yaml", DEMO_CHECKLIST.replace('version: "1.0"', "version: 1.10"))
    with pytest.raises(ValidationFailed, match=r"demo.yaml:3: version: the number 1.1 is not a version: quote it"):
        load_file(path)
    assert load_file(write("w/demo.yaml", DEMO_CHECKLIST.replace('version: "1.0"', "version: 2"))).version == "2"
    text = "respondent: A\norganisation: B\ndate: 2024-01-01\nchecklists:\n  demo: 1.10\nanswers: {}\n"
    result = cli("report", write("a.yaml", text), "--checklists", demo_dir)
    assert result.exit_code == 2 and "checklists: the number 1.1 is not a version: quote it" in result.output


def test_unknown_checklist_names_the_known_ones(demo_dir: Path) -> None:
    with pytest.raises(CxError, match=r"unknown checklist 'nope' \(known: .*demo"):
        discover([demo_dir]).get("nope")


def test_missing_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="checklist directory does not exist"):
        discover([tmp_path / "absent"])
