"""Fixtures shared by every test: a CLI runner with a fixed terminal, and small checklists."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from cxcheck.cli import app

pytest_plugins = ("tests.browser", "tests.reassess_data")
"""Shared fixtures (the browser; the reassessment checklists and answers), available by name."""

CLI_ENV = {
    "COLUMNS": "200",
    "NO_COLOR": "1",
    "TERM": "dumb",
    "_TYPER_FORCE_DISABLE_TERMINAL": "1",
    "CXCHECK_PATH": "",
}


@pytest.fixture(autouse=True, scope="session")
def _suite_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite's own cache (``XDG_CACHE_HOME``, :mod:`cxcheck.io.cache`): no test is answered
    from a developer's cache made by other code, and none writes into it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


DEMO_CHECKLIST = """\
    id: demo
    title: Demo checklist
    version: "1.0"
    description: A small checklist for tests.
    sections:
      - id: first
        title: First section
        weight: 2
        items:
          - id: often
            question: How often do you [bold]listen[/bold]?
            help: Listening finds the problem.
            action: Ask one open question per call.
            source: 002_0671ade08c34851c.txt
          - id: yes-no
            question: Is the number on the website?
            help: People need to find you.
            action: Put it in the page header.
            source: 004_d0547bb3468ca640.txt
            scale: yes-no
      - id: second
        title: Second section
        items:
          - id: light
            question: Do staff decide without asking?
            help: Waiting annoys people.
            action: Write down what staff may decide.
            source: 001_1c575d8905d84cba.txt
            weight: 0.5
            tags: {role: frontline}
    """


class Cli:
    """Runs ``cxcheck`` in-process the way a user's shell would, with a fixed, plain terminal."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str | Path, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(app, [str(a) for a in args], input=input, env={**CLI_ENV, **(env or {})})


@pytest.fixture
def cli() -> Cli:
    return Cli()


@pytest.fixture
def modes_at_replace(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The permissions each new file had the moment ``os.replace`` put it in place, in order:
    a file made private only after the rename was readable by others for that moment."""
    import os

    seen: list[int] = []
    real_replace = os.replace

    def replace(src: str, dst: Path) -> None:
        seen.append(os.stat(src).st_mode & 0o777)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return seen


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented text to a file under tmp_path and return its path."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def demo_dir(write: Callable[[str, str], Path]) -> Path:
    """A checklist directory holding only the demo checklist."""
    return write("checklists/demo.yaml", DEMO_CHECKLIST).parent


def published_schema(cli: Cli, name: str) -> dict[str, Any]:
    """``cxcheck schema NAME``, checked to be a valid JSON Schema itself."""
    import jsonschema

    result = cli("schema", name)
    assert result.exit_code == 0, result.output
    schema: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema
