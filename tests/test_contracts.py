"""The architecture's contracts, run with the suite: import layers, lint, and no borrowed private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_layers_contract_is_kept() -> None:
    result = run("lint-imports")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "cxcheck", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_would_change_nothing() -> None:
    """Three files once landed unformatted from parallel branches: the suite, not a reviewer, says so."""
    result = run("ruff", "format", "--check", "cxcheck", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_imports_a_private_name_of_another() -> None:
    borrowed = []
    for path in sorted((ROOT / "cxcheck").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cxcheck"):
                borrowed += [
                    f"{path.relative_to(ROOT)}: {node.module}.{a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
    assert borrowed == []


def test_contributing_lists_every_module_of_every_floor() -> None:
    """CONTRIBUTING.md's layout table names exactly the modules the tree holds."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    rows = [line.split(" | ") for line in text.splitlines() if line.startswith("| `cxcheck/")]
    assert rows, "CONTRIBUTING.md has no layout table"
    for cells in rows:
        folder = ROOT / cells[0].strip("| `")
        listed = {name.strip("`") for name in cells[2].split(";")[0].rstrip(" |").split(", ")}
        actual = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("__")}
        assert listed == actual, f"{folder.relative_to(ROOT)}: table {sorted(listed)} vs tree {sorted(actual)}"


def test_mypy_finds_nothing_and_the_lower_floors_pass_strict() -> None:
    for args in ((), ("--strict", "cxcheck/core", "cxcheck/io", "cxcheck/model.py")):
        result = run("mypy", *args)
        assert result.returncode == 0, result.stdout + result.stderr
