"""The checklist commands as a user runs them: list, show, validate, schema, --version."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from cxcheck import __version__
from cxcheck.core.catalog import bundled_dir
from tests.conftest import DEMO_CHECKLIST, Cli

Write = Callable[[str, str], Path]


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"cxcheck {__version__}\n"


@pytest.mark.parametrize(("given", "used"), [(None, "__all__"), ("", ""), ("logfire", "logfire")])
def test_pydantic_plugins_are_off_unless_asked_for(
    given: str | None, used: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxcheck import cli

    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)  # restored afterwards either way
    if given is not None:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", given)
    seen = []
    monkeypatch.setattr(cli, "app", lambda: seen.append(os.environ["PYDANTIC_DISABLE_PLUGINS"]))
    cli.main()
    assert seen == [used]


def test_no_arguments_shows_help_listing_every_command(cli: Cli) -> None:
    result = cli()
    for name in ("list", "show", "validate", "schema"):
        assert f"  {name} " in result.output


def test_list_shows_bundled_and_extra_checklists(cli: Cli, demo_dir: Path) -> None:
    result = cli("list", "--checklists", demo_dir)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    demo = next(line for line in lines if "Demo checklist" in line)
    cells = [cell.strip() for cell in demo.strip("│ ").split("│")]
    assert cells == ["demo", "Demo checklist", "1.0", "3", str(demo_dir)]
    assert any("access" in line and "bundled" in line for line in lines)


def test_list_sources_names_every_article(cli: Cli) -> None:
    result = cli("list", "--sources")
    assert result.exit_code == 0
    assert "004_d0547bb3468ca640.txt" in result.stdout and "JoAnna Brandi" in result.stdout


def test_show_prints_sections_items_and_markup_as_text(cli: Cli, demo_dir: Path) -> None:
    result = cli("show", "demo", "--checklists", demo_dir)
    assert result.exit_code == 0, result.output
    out = result.stdout
    for text in ("First section", "Second section", "How often do you [bold]listen[/bold]?", "yes-no", "0 No, 1 Yes"):
        assert text in out
    rows = [line.split("│")[2].strip() for line in out.splitlines() if line.count("│") == 4]
    assert "Weight 0.5 (docs/checklists.md, Weights)" in rows  # light weighs 0.5; the others 1, unsaid
    assert out.count("Weight ") == 1


def test_show_unknown_id_is_exit_2_with_one_line(cli: Cli) -> None:
    result = cli("show", "nope")
    assert result.exit_code == 2
    assert result.stderr.startswith("unknown checklist 'nope'") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_validate_every_bundled_file_passes(cli: Cli) -> None:
    result = cli("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\nok ") + result.stdout.startswith("ok ") == len(list(bundled_dir().glob("*.yaml")))


def test_validate_reports_every_problem_of_every_file_and_exits_2(cli: Cli, write: Write) -> None:
    good = write("dir/good.yaml", DEMO_CHECKLIST)
    bad = write("dir/bad.yaml", DEMO_CHECKLIST.replace("id: light", "id: often").replace("weight: 0.5", "weight: -2"))
    result = cli("validate", good.parent)
    assert result.exit_code == 2
    assert f"ok {good} (demo 1.0, 3 items)" in result.stdout
    assert f"{bad}:24: duplicate item id 'often' (first used on line 10)" in result.stderr
    assert f"{bad}:29: sections[1].items[0].weight: must be 0 or more, got -2" in result.stderr
    assert "1 valid, 1 invalid" in result.stderr


def test_validate_missing_path_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", tmp_path / "absent.yaml")
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'absent.yaml'}: no such file or directory\n"


def test_unknown_option_is_a_usage_error(cli: Cli) -> None:
    assert cli("list", "--bogus").exit_code == 2


def test_checklist_schema_accepts_bundled_files_and_rejects_typos(cli: Cli) -> None:
    result = cli("schema", "checklist")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    for path in bundled_dir().glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
    typo = yaml.safe_load(textwrap.dedent(DEMO_CHECKLIST).replace("title: Demo", "titel: Demo"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(typo))
    assert errors


@pytest.mark.parametrize(("version", "loads"), [('"1.10"', True), ("2", True), ('""', False)])
def test_checklist_schema_and_loader_agree_on_versions(cli: Cli, write: Write, version: str, loads: bool) -> None:
    """An editor checking against the published schema accepts what `validate` accepts, no more."""
    text = textwrap.dedent(DEMO_CHECKLIST).replace('version: "1.0"', f"version: {version}")
    validated = cli("validate", write("demo.yaml", text)).exit_code == 0
    schema = json.loads(cli("schema", "checklist").stdout)
    valid = jsonschema.Draft202012Validator(schema).is_valid(yaml.safe_load(text))
    assert validated == valid == loads


def test_unknown_schema_is_exit_2(cli: Cli) -> None:
    result = cli("schema", "nope")
    assert result.exit_code == 2 and "choose one of: checklist" in result.stderr


@pytest.mark.parametrize("command", [["list"], ["show", "demo"]])
def test_escape_sequences_in_a_checklist_are_refused_with_their_line(
    cli: Cli, write: Write, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A title that would retitle the window or clear the screen never reaches one: the file is refused."""
    import re

    hostile = DEMO_CHECKLIST.replace("title: Demo checklist", 'title: "Demo\\e]0;pwned\\a\\e[2J\\x9b"')
    path = write("hostile/demo.yaml", hostile)
    monkeypatch.setenv("COLUMNS", "200")
    result = cli(*command, "--checklists", path.parent)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{path}:2: control character U+001B in text; only tab and newline are allowed, remove it\n"
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout + result.stderr)


def test_list_as_json_for_scripts(cli: Cli, demo_dir: Path) -> None:
    from tests.conftest import published_schema

    result = cli("list", "--checklists", demo_dir, "-f", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    jsonschema.validate(data, published_schema(cli, "list"))
    assert (data["schema_version"], data["kind"]) == (1, "checklists")
    by_id = {c["id"]: c for c in data["checklists"]}
    assert by_id["demo"] == {
        "id": "demo", "title": "Demo checklist", "version": "1.0", "description": "A small checklist for tests.",
        "items": 3, "origin": str(demo_dir), "path": str(demo_dir / "demo.yaml"),
    }  # fmt: skip
    assert {p.stem for p in bundled_dir().glob("*.yaml")} <= set(by_id)
    assert all(by_id[p.stem]["origin"] == "bundled" for p in bundled_dir().glob("*.yaml"))
    sources = json.loads(cli("list", "--sources", "--format", "json").stdout)
    jsonschema.validate(sources, published_schema(cli, "sources"))
    assert {"source": "003_113760ba5ffec508.txt", "title": "Focus", "author": "JoAnna Brandi"} in sources["sources"]


def test_show_as_json_is_the_checklist_in_its_file_format(cli: Cli, demo_dir: Path, tmp_path: Path) -> None:
    """A script reads it as it would read the file: it validates, and loads back as the same checklist."""
    from cxcheck.core.catalog import load_file

    result = cli("show", "demo", "--checklists", demo_dir, "-f", "json")
    assert result.exit_code == 0 and result.stderr == ""
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(cli("schema", "checklist").stdout))
    assert [item["id"] for section in data["sections"] for item in section["items"]] == ["often", "yes-no", "light"]
    assert data["sections"][0]["items"][0]["question"] == "How often do you [bold]listen[/bold]?"  # text, not markup
    (tmp_path / "again.yaml").write_text(result.stdout, encoding="utf-8")  # JSON is YAML
    assert load_file(tmp_path / "again.yaml") == load_file(demo_dir / "demo.yaml")


def test_validate_as_json_gives_each_files_verdict_and_every_problem(cli: Cli, demo_dir: Path, write: Write) -> None:
    from tests.conftest import published_schema

    broken = write("broken.yaml", textwrap.dedent(DEMO_CHECKLIST).replace("title: Demo checklist", "titel: Demo"))
    result = cli("validate", demo_dir / "demo.yaml", broken, "-f", "json")
    assert result.exit_code == 2 and result.stderr == ""  # the verdict is in the JSON, the exit code says it too
    data = json.loads(result.stdout)
    jsonschema.validate(data, published_schema(cli, "validation"))
    assert (data["kind"], data["valid"], data["invalid"]) == ("validation", 1, 1)
    good, bad = data["files"]
    assert (good["valid"], good["id"], good["version"], good["items"], good["problems"]) == (True, "demo", "1.0", 3, [])
    assert (bad["path"], bad["valid"], bad["id"]) == (str(broken), False, None)
    assert bad["problems"] == [{"line": 2, "message": "unknown field 'titel' (did you mean 'title'?)"}]
    assert cli("validate", demo_dir / "demo.yaml", "-f", "json").exit_code == 0


@pytest.mark.parametrize("command", [["list"], ["list", "--sources"], ["show", "demo"], ["validate"]])
def test_list_and_show_refuse_an_unknown_format(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "-f", "xml")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "unknown format 'xml'; choose one of: text, json\n"
