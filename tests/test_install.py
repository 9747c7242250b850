"""The package holds its own data: `pip install .` ships the checklists and templates, and a checkout
runs as it is (`python -m cxcheck`), both finding them through importlib.resources."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_installed_package_finds_bundled_checklists_outside_the_source_tree(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    python = venv / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "--quiet", str(ROOT)], check=True, cwd=tmp_path)
    env = {**os.environ, "CXCHECK_PATH": "", "PYTHONPATH": "", "COLUMNS": "200"}
    where = subprocess.run(
        [python, "-c", "import cxcheck.core.catalog as c; print(c.__file__); print(c.bundled_dir())"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(str(venv) in line for line in where), where
    bundled = Path(where[1])
    assert sorted(p.name for p in bundled.glob("*.yaml")) == sorted(
        p.name for p in (ROOT / "cxcheck" / "checklists").glob("*.yaml")
    )
    shipped_templates = sorted(p.name for p in (bundled.parent / "reports" / "templates").glob("*.j2"))
    assert shipped_templates == sorted(p.name for p in (ROOT / "cxcheck" / "reports" / "templates").glob("*.j2"))
    assert not list(bundled.parent.rglob("*.txt")), "the source articles must not be shipped"
    validate = subprocess.run(
        [venv / "bin" / "cxcheck", "validate"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stderr
    assert validate.stdout.endswith(f"{len(list(bundled.glob('*.yaml')))} valid, 0 invalid\n")


def test_a_checkout_runs_without_an_install(tmp_path: Path) -> None:
    """``python -m cxcheck`` from a copy of the source tree uses that copy and its bundled data."""
    shutil.copytree(ROOT / "cxcheck", tmp_path / "cxcheck", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "CXCHECK_PATH": "", "PYTHONPATH": str(tmp_path), "COLUMNS": "200", "NO_COLOR": "1"}
    where = subprocess.run(
        [sys.executable, "-c", "import cxcheck; print(cxcheck.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(tmp_path)), where.stdout
    listed = subprocess.run(
        [sys.executable, "-m", "cxcheck", "list"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    bundled = sorted(p.stem for p in (ROOT / "cxcheck" / "checklists").glob("*.yaml"))
    assert all(f" {name} " in listed.stdout for name in bundled), listed.stdout
    assert "bundled" in listed.stdout
