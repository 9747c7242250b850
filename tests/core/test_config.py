"""The gates config file: reading it, file:line errors, and the command line overriding it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxcheck.core import config
from cxcheck.core.catalog import discover
from cxcheck.core.gates import Gates
from cxcheck.errors import CxError, ValidationFailed

FULL = """\
    # the quarterly job's gates
    fail_under: 60
    fail_under_checklist:
      demo: 50
      other: 40
    fail_under_section:
      demo/first: 30
    min_coverage: 90
    max_age: 100
    max_drop: 5
    baseline: reports/last.json
    targets: targets.yaml
    checklists: [own-checklists]
    """


def with_its_files(write, name: str) -> Path:
    """FULL written as ``name``, with the files and the directory it names beside it."""
    path = write(name, FULL)
    for file in ("reports/last.json", "targets.yaml"):
        write(str(path.parent / file), "{}\n")
    (path.parent / "own-checklists").mkdir()
    return path


def test_every_key_is_read_and_paths_are_relative_to_the_file(write) -> None:
    path = with_its_files(write, "repo/cxcheck.yaml")
    settings = config.settings(path, {})
    assert settings.gates == Gates(
        fail_under=60,
        fail_under_checklist={"demo": 50, "other": 40},
        fail_under_section={"demo/first": 30},
        min_coverage=90,
        max_age=100,
        max_drop=5,
    )
    root = path.parent
    assert (settings.baseline, settings.targets, settings.checklists) == (
        root / "reports/last.json", root / "targets.yaml", (root / "own-checklists",),
    )  # fmt: skip
    assert settings.config == path


def test_command_line_overrides_thresholds_and_merges_id_entries(write, tmp_path: Path) -> None:
    path = with_its_files(write, "cxcheck.yaml")
    options = {"fail_under": 70.0, "fail_under_checklist": {"demo": 80.0}, "max_age": None, "min_coverage": None}
    settings = config.settings(path, options, baseline=Path("q3.yaml"), checklists=[Path("mine")])
    gates = settings.gates
    assert (gates.fail_under, gates.max_age, gates.min_coverage) == (70, 100, 90)
    assert gates.fail_under_checklist == {"demo": 80, "other": 40}
    assert settings.baseline == Path("q3.yaml")  # given on the command line: relative to where it was typed
    assert settings.checklists == (tmp_path / "own-checklists", Path("mine"))  # the command line's take precedence


def test_without_a_file_the_options_are_the_settings() -> None:
    settings = config.settings(None, {"fail_under": 50.0, "fail_under_section": {"a/b": 1.0}})
    assert settings.gates == Gates(fail_under=50, fail_under_section={"a/b": 1}) and settings.config is None


def test_misspelt_and_wrong_keys_are_reported_with_their_lines(write) -> None:
    path = write("cxcheck.yaml", "fail-under: 60\nmin_coverage: 120\nmax_age: soon\nfail_under_checklist: [demo]\n")
    with pytest.raises(ValidationFailed) as caught:
        config.load(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: unknown field 'fail-under' (did you mean 'fail_under'?)",
        f"{path}:2: min_coverage: must be 100 or less, got 120",
        f"{path}:3: max_age: must be a whole number, found text 'soon'",
        f"{path}:4: fail_under_checklist: must be a mapping, found a list",
    ]


def test_an_unreadable_config_is_bad_input(tmp_path: Path) -> None:
    with pytest.raises(CxError, match="no such file"):
        config.settings(tmp_path / "missing.yaml", {})


def test_unknown_ids_are_reported_at_their_line_or_as_the_option(write, demo_dir: Path) -> None:
    path = write(
        "cxcheck.yaml", "fail_under_checklist:\n  demo: 50\n  dmeo: 40\nfail_under_section:\n  demo/frist: 1\n"
    )
    catalog = discover([demo_dir])
    with pytest.raises(ValidationFailed) as caught:
        config.settings(path, {"fail_under_checklist": {"nope": 1.0}}).check_ids(catalog)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: fail_under_checklist: unknown checklist 'dmeo' (did you mean 'demo'?)",
        "--fail-under-checklist nope: unknown checklist 'nope'",
        f"{path}:5: fail_under_section: unknown section 'frist' in checklist 'demo' (did you mean 'first'?)",
    ]


def test_a_baseline_and_max_drop_come_together() -> None:
    with pytest.raises(CxError, match=r"--max-drop needs --baseline FILE"):
        config.settings(None, {"max_drop": 5.0})
    with pytest.raises(CxError, match=r"--baseline needs --max-drop N"):
        config.settings(None, {}, baseline=Path("old.yaml"))


def test_max_drop_in_the_file_without_a_baseline_is_no_error(tmp_path: Path) -> None:
    """The first quarter has no baseline yet: the gate is reported as skipped, not a usage error."""
    path = tmp_path / "cxcheck.yaml"
    path.write_text("fail_under: 60\nmax_drop: 5\n", encoding="utf-8")
    settings = config.settings(path, {"max_drop": None})
    assert (settings.gates.max_drop, settings.baseline) == (5, None)
    with pytest.raises(CxError, match=r"--max-drop needs --baseline FILE"):  # typed, it is still a mistake
        config.settings(path, {"max_drop": 3.0})


def test_a_value_the_option_parser_let_through_is_still_refused() -> None:
    with pytest.raises(CxError, match=r"^--fail-under: Input should be a finite number$"):
        config.settings(None, {"fail_under": float("nan")})


def test_find_prefers_the_named_file_then_the_one_here(tmp_path: Path) -> None:
    named = tmp_path / "elsewhere.yaml"
    assert config.find(named, directory=tmp_path) == named
    assert config.find(None, directory=tmp_path) is None
    (tmp_path / "cxcheck.yaml").write_text("fail_under: 1\n")
    assert config.find(None, directory=tmp_path) == tmp_path / "cxcheck.yaml"
    assert config.find(None, use_default=False, directory=tmp_path) is None
    with pytest.raises(CxError, match="contradict"):
        config.find(named, use_default=False)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([], {}), (["demo=60", " other = 40.5"], {"demo": 60, "other": 40.5}), (["demo=0", "demo=100"], {"demo": 100})],
)
def test_parse_pairs(values: list[str], expected: dict[str, float]) -> None:
    assert config.parse_pairs("--fail-under-checklist", values) == expected


@pytest.mark.parametrize("text", ["demo", "demo=", "=50", "demo=high", "demo=101", "demo=-1", "demo=nan"])
def test_parse_pairs_refuses_what_is_not_id_equals_a_percentage(text: str) -> None:
    with pytest.raises(CxError) as caught:
        config.parse_pairs("--fail-under-section", [text])
    assert str(caught.value) == (
        f"--fail-under-section {text}: write ID=N with N from 0 to 100, for example --fail-under-section access=60"
    )


def test_the_schema_describes_the_file() -> None:
    from cxcheck.reports.schema import schema

    published = schema("config")
    assert published["$id"] == "cxcheck:config" and published["additionalProperties"] is False
    assert set(published["properties"]) == {
        "fail_under", "fail_under_checklist", "fail_under_section", "min_coverage", "max_age", "max_drop",
        "baseline", "targets", "checklists",
    }  # fmt: skip


def test_files_the_config_names_must_be_there_unless_overridden(write, tmp_path: Path) -> None:
    path = write("repo/cxcheck.yaml", FULL)
    with pytest.raises(CxError) as raised:
        config.settings(path, {})
    assert str(raised.value).splitlines() == [
        f"{path}:11: baseline: no file reports/last.json (paths here are relative to this config file)",
        f"{path}:12: targets: no file targets.yaml (paths here are relative to this config file)",
        f"{path}:13: checklists: no directory own-checklists (paths here are relative to this config file)",
    ]
    (path.parent / "own-checklists").mkdir()
    given = config.settings(path, {}, baseline=tmp_path / "q3.yaml", targets=tmp_path / "t.yaml")
    assert (given.baseline, given.targets) == (tmp_path / "q3.yaml", tmp_path / "t.yaml")
