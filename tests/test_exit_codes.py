"""The exit-code contract every command keeps: 0, 1, 2, 3 and 130, as the README documents them.

Gate failures (1) are proven gate by gate in test_cli_gates.py, and bad files (2) file by
file in test_bad_inputs.py; this module proves that every command maps the rest alike.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from cxcheck.cli import app
from tests.conftest import Cli
from tests.reassess_data import NOW, QUARTERS, checklist_dir

COMMANDS = [
    ["assess"],
    ["list"],
    ["show"],
    ["validate"],
    ["schema"],
    ["check"],
    ["compare"],
    ["trend"],
    ["consensus"],
    ["report"],
    ["import"],
    ["form"],
    ["collect"],
    ["answers", "template"],
    ["workshop", "init"],
]


def test_every_command_is_in_the_contract() -> None:
    """A new command joins this list, and so the tests below, or this fails."""
    groups = {group.name: group.typer_instance for group in app.registered_groups}
    names = [[c.name] for c in app.registered_commands]
    names += [[g, c.name] for g, sub in groups.items() for c in sub.registered_commands]  # type: ignore[union-attr]
    assert sorted(names) == sorted(COMMANDS)  # type: ignore[type-var]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_is_success(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--help")
    assert result.exit_code == 0 and result.stdout.startswith("Usage: cxcheck " + " ".join(command))


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_unknown_option_is_usage_error_2(cli: Cli, command: list[str]) -> None:
    result = cli(*command, "--no-such-option")
    assert result.exit_code == 2
    assert "No such option: --no-such-option" in result.stderr and result.stdout == ""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    checklist_dir(tmp_path)
    (tmp_path / "q4.yaml").write_text(QUARTERS["2026-q4.yaml"], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where the crash log goes
    return tmp_path


def _report(cli: Cli) -> tuple[int, str, str]:
    result = cli("report", "q4.yaml", "--checklists", "checklists", "-o", "out.md", env={"CXCHECK_NOW": NOW})
    return result.exit_code, result.stdout, result.stderr


def test_success_and_a_failed_gate(cli: Cli, work: Path) -> None:
    args = ("check", "q4.yaml", "--checklists", "checklists")
    assert cli(*args, "--fail-under", "60", env={"CXCHECK_NOW": NOW}).exit_code == 0
    assert cli(*args, "--fail-under", "70", env={"CXCHECK_NOW": NOW}).exit_code == 1


def test_an_unreadable_input_is_2_with_one_line(cli: Cli, work: Path) -> None:
    result = cli("report", "missing.yaml", "--checklists", "checklists")
    assert result.exit_code == 2
    assert result.stderr == "missing.yaml: no such file\n"


def test_an_internal_error_is_3_with_one_line_and_the_traceback_in_a_file(
    cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the scorer fell over")

    monkeypatch.setattr("cxcheck.core.scoring.score", broken)
    code, stdout, stderr = _report(cli)
    assert code == 3 and stdout == ""
    [line] = stderr.splitlines()
    prefix = "cxcheck: internal error: RuntimeError: the scorer fell over (traceback in "
    assert line.startswith(prefix) and line.endswith(".log)")
    log = Path(line.removeprefix(prefix).removesuffix(")"))
    assert log.parent == work
    text = log.read_text(encoding="utf-8")
    assert text.startswith("Traceback (most recent call last):") and "RuntimeError: the scorer fell over" in text
    assert not (work / "out.md").exists()


def test_an_interruption_is_130(cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("cxcheck.core.scoring.score", interrupted)
    code, stdout, stderr = _report(cli)
    assert (code, stdout, stderr) == (130, "", "Interrupted.\n")
    assert not (work / "out.md").exists()


@pytest.mark.parametrize(
    ("args", "alternative"),
    [
        (["assess"], "--organisation is needed: standard input is not a terminal"),
        (["assess", "-o", "new.yaml", "--organisation", "Demo Ltd"], "--respondent is needed"),
    ],
)
def test_a_prompt_without_a_terminal_is_2_naming_the_option_never_a_hang(
    cli: Cli, work: Path, args: list[str], alternative: str
) -> None:
    result = cli(*args, "--checklists", "checklists", input="", env={"CXCHECK_NOW": NOW})
    assert result.exit_code == 2 and alternative in result.stderr
    assert not (work / "new.yaml").exists()


@pytest.mark.parametrize("command", [["validate"], ["answers", "template"], ["schema", "report"]], ids=" ".join)
def test_a_reader_that_goes_away_ends_the_command_quietly_with_141(command: list[str]) -> None:
    """``cxcheck validate | head -1``: the reader has what it wanted; no crash log, no traceback."""
    import subprocess
    import sys

    cxcheck = Path(sys.executable).with_name("cxcheck")
    process = subprocess.Popen([cxcheck, *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before the first write, so that every write meets a closed pipe
    error = process.stderr.read().decode()
    assert (process.wait(timeout=60), error) == (141, "")
