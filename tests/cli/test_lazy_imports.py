"""What a plain ``cxcheck report`` loads: only the modules it uses (benchmarks/run.py, report figure).

How long a start takes is the benchmark's to say, as a ratio in the same run, never a timed
test. Which modules a command loads is behaviour, and a module that starts to import a
heavy one at its top is cheaper to catch here, by name, than to hunt for in the benchmark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.reports.test_report import ANSWERS

LOADED = """
import sys
from cxcheck.cli import main

sys.argv = ["cxcheck", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    if exit.code:
        raise
print("\\n".join(sorted(sys.modules)))
"""
"""The CLI in a fresh interpreter, as a user starts it, printing every module it loaded."""

NOT_FOR_A_PLAIN_REPORT = (
    "cxcheck.core.snapshot",  # reads reports back (check, compare, trend): pydantic models
    "cxcheck.core.mapmoves",
    "cxcheck.core.theme",  # only with --theme or a workshop.yaml
    "cxcheck.core.workshop",
    "cxcheck.core.aggregate",
    "cxcheck.core.teammap",
)


def loaded(cwd: Path, *args: str | Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *map(str, args)], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_plain_report_loads_none_of_the_models_it_does_not_use(
    write, demo_dir: Path, tmp_path: Path, fmt: str
) -> None:
    answers = write("answers.yaml", ANSWERS)
    modules = loaded(tmp_path, "report", answers, "--checklists", demo_dir, "-o", f"report.{fmt}")
    assert (tmp_path / f"report.{fmt}").stat().st_size > 0
    assert "cxcheck.reports.gap" in modules  # the report was made by this interpreter
    assert sorted(modules.intersection(NOT_FOR_A_PLAIN_REPORT)) == []
