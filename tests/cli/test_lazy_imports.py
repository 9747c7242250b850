"""What a plain ``cxcheck report`` loads: only the modules it uses (benchmarks/run.py, report figure).

How long a start takes is the benchmark's to say, as a ratio in the same run, never a timed
test. Which modules a command loads is behaviour, and a module that starts to import a
heavy one at its top is cheaper to catch here, by name, than to hunt for in the benchmark.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from cxcheck.cli import NO_PLUGINS
from tests.reports.test_report import ANSWERS

MODULES = "--- modules loaded:"
LOADED = f"""
MODULES = {MODULES!r}
import sys
from cxcheck.cli import main

sys.argv = ["cxcheck", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    if exit.code:
        raise
print(MODULES, *sys.modules)
"""
"""The CLI in a fresh interpreter, as a user starts it, printing every module it loaded."""

NOT_FOR_A_PLAIN_REPORT = (
    "cxcheck.core.snapshot",  # reads reports back (check, compare, trend): pydantic models
    "cxcheck.core.mapmoves",
    "cxcheck.core.theme",  # only with --theme or a workshop.yaml
    "cxcheck.core.workshop",
    "cxcheck.core.aggregate",
    "cxcheck.core.teammap",
    "importlib.metadata",  # pydantic's plugin loader, with every plugin off (cxcheck.cli.main)
    "importlib.resources",  # the bundled folders are found beside the modules
    "zipfile",
)


def loaded(cwd: Path, *args: str | Path, env: dict[str, str] | None = None) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *map(str, args)],
        cwd=cwd,
        env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"} | (env or {}),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.rpartition(MODULES)[2].split())


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_plain_report_loads_none_of_the_models_it_does_not_use(
    write, demo_dir: Path, tmp_path: Path, fmt: str
) -> None:
    answers = write("answers.yaml", ANSWERS)
    modules = loaded(tmp_path, "report", answers, "--checklists", demo_dir, "-o", f"report.{fmt}")
    assert (tmp_path / f"report.{fmt}").stat().st_size > 0
    assert "cxcheck.reports.gap" in modules  # the report was made by this interpreter
    assert sorted(modules.intersection(NOT_FOR_A_PLAIN_REPORT)) == []


def test_help_loads_nothing_but_typer_and_the_command_modules(tmp_path: Path) -> None:
    """CONTRIBUTING's "fast start": whatever else a command needs, it imports in its body."""
    typer_alone = subprocess.run(
        [sys.executable, "-c", "import sys, typer; print(*sys.modules)"], capture_output=True, text=True, check=True
    ).stdout.split()
    more = {m for m in loaded(tmp_path, "--help") - set(typer_alone) if m.partition(".")[0] not in ("cxcheck", "typer")}
    # gc is built in (cli/guard turns the collector off for bulk commands); NO_PLUGINS is put
    # in sys.modules by main, not imported
    assert more == {"gc", NO_PLUGINS.__name__}


def test_nothing_is_left_for_the_shutdown_to_search_for_cycles(tmp_path: Path) -> None:
    script = (
        "import gc, sys\n"
        "from cxcheck.cli import main\n"
        "sys.argv = ['cxcheck', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(gc.get_freeze_count(), len(gc.get_objects()))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    frozen, searchable = map(int, result.stdout.split()[-2:])
    assert frozen > 10_000 and searchable < 100


def test_with_some_plugins_allowed_pydantic_looks_for_them_itself(write, demo_dir: Path, tmp_path: Path) -> None:
    answers = write("answers.yaml", ANSWERS)
    modules = loaded(tmp_path, "report", answers, "--checklists", demo_dir, env={"PYDANTIC_DISABLE_PLUGINS": "logfire"})
    assert "importlib.metadata" in modules  # the entry points were read: pydantic's own loader ran


def test_the_stand_in_plugin_loader_offers_all_that_pydantic_imports_from_its_own() -> None:
    """``main`` puts NO_PLUGINS in the place of a private pydantic module: a pydantic that starts
    to take more from it fails here, not on a user's machine."""
    taken: set[str] = set()
    for path in Path(pydantic.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] == "_loader":
                taken.update(alias.name for alias in node.names)
    assert taken == {"get_plugins"}
    assert NO_PLUGINS.get_plugins() == ()
