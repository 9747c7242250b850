"""Commands cxcheck prints for a person to paste work from where they were printed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cxcheck.terminal.console import command_line


def _script(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "cxcheck"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    return script


def test_a_program_on_path_is_named_by_its_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _script(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}/usr/bin")
    monkeypatch.setattr(sys, "argv", [str(script), "assess"])
    assert command_line("assess", "-o", "my answers.yaml") == "cxcheck assess -o 'my answers.yaml'"


def test_a_program_off_path_is_named_by_the_path_it_was_started_by(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = _script(tmp_path / ".venv" / "bin")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/usr/bin")
    monkeypatch.setattr(sys, "argv", [".venv/bin/cxcheck", "assess"])
    assert command_line("assess", "-o", "a.yaml") == ".venv/bin/cxcheck assess -o a.yaml"
    monkeypatch.setattr(sys, "argv", [str(script), "assess"])
    assert command_line("assess") == f"{script} assess"


def test_python_dash_m_is_named_with_its_interpreter(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/somewhere/cxcheck/__main__.py", "list"])
    monkeypatch.setenv("PATH", "/nowhere")
    assert command_line("list") == f"{sys.executable} -m cxcheck list"


def test_inside_another_program_the_documented_name_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/bin/pytest"])
    assert command_line("report", "a.yaml") == "cxcheck report a.yaml"
