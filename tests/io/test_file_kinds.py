"""A file of one kind given where another is expected is named for what it is, in one line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cxcheck.core.catalog import bundled_dir
from cxcheck.io.validation import kind_of
from cxcheck.io.yamlsafe import load
from tests.conftest import Cli

ANSWERS = """\
    respondent: Ann
    organisation: Acme Ltd
    date: 2024-05-01
    checklists:
      access: "1.0"
    answers:
      access/contact-findable: 1
    """
TARGETS = "overall: 80\nchecklists:\n  access: 70\nbands:\n  mediocrity: 40\n  magic: 75\n"
CONFIG = "fail_under: 60\nmin_coverage: 80\n"


@pytest.fixture
def files(cli: Cli, tmp_path: Path) -> dict[str, Path]:
    """One real file of every kind, made as a user makes it."""
    answers = tmp_path / "answers.yaml"
    answers.write_text(textwrap.dedent(ANSWERS), encoding="utf-8")
    (tmp_path / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (tmp_path / "cxcheck.yaml").write_text(CONFIG, encoding="utf-8")
    assert cli("report", answers, "-o", tmp_path / "report.json").exit_code == 0
    made = cli("workshop", "init", tmp_path / "ws", "access", "--organisation", "Acme Ltd")
    assert made.exit_code == 0, made.output
    mapping = cli("form", "access", "--organisation", "Acme Ltd", "--csv-template", "-o", tmp_path / "mapping.yaml")
    assert mapping.exit_code == 0, mapping.output
    return {
        "a checklist": bundled_dir() / "access.yaml",
        "an answers file": answers,
        "a targets file": tmp_path / "targets.yaml",
        "a gates config file": tmp_path / "cxcheck.yaml",
        "a JSON report": tmp_path / "report.json",
        "a workshop's workshop.yaml": tmp_path / "ws" / "workshop.yaml",
        "a survey mapping file": tmp_path / "mapping.yaml",
    }


def test_each_kind_is_told_from_every_other(files: dict[str, Path]) -> None:
    assert {kind: kind_of(load(path).data) for kind, path in files.items()} == {kind: kind for kind in files}
    assert kind_of({"name": "Acme", "accent": "#003366"}) is None  # a theme: nothing to mistake it for


@pytest.mark.parametrize(
    ("command", "given", "expected"),
    [
        (["validate", "{given}"], "an answers file", "a checklist"),
        (["validate", "{given}"], "a targets file", "a checklist"),
        (["report", "{given}"], "a targets file", "an answers file"),
        (["report", "{given}"], "a checklist", "an answers file"),
        (["report", "{answers}", "--targets", "{given}"], "an answers file", "a targets file"),
        (["report", "{answers}", "--targets", "{given}"], "a checklist", "a targets file"),
        (["check", "{answers}", "--config", "{given}"], "a targets file", "a gates config file"),
        (["compare", "{answers}", "{given}"], "a gates config file", "an answers file"),
        (["report", "{given}"], "a survey mapping file", "an answers file"),
    ],
)
def test_a_file_of_another_kind_is_named_in_one_line(
    cli: Cli, files: dict[str, Path], command: list[str], given: str, expected: str
) -> None:
    path = files[given]
    result = cli(*(arg.format(given=path, answers=files["an answers file"]) for arg in command))
    assert result.exit_code == 2, result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:1: this is {given}, not {expected}: "), result.stderr
    assert len(result.stderr.splitlines()) == (2 if command[0] == "validate" else 1)  # validate adds its count
