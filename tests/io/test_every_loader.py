"""Every YAML file cxcheck reads tells a duplicate key and a wrong field in the same round."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from cxcheck.core import theme, workbook, workshop
from cxcheck.errors import ValidationFailed

LOADERS: dict[str, tuple[Callable[[Path], object], str, str]] = {
    "theme": (theme.load, "name: Acme\nname: Again\naccnet: '#003366'\n", "accnet"),
    "workbook": (workbook.load, "journey: []\njourney: []\njourny: []\n", "journy"),
    "workshop.yaml": (
        lambda path: workshop.load_config(path.parent),
        "name: Q3\nname: Q4\norganisation: Acme\ncreated: 2024-05-01\nchecklists: {}\nthreshhold: 20\n",
        "threshhold",
    ),
}


@pytest.mark.parametrize("kind", LOADERS)
def test_a_duplicate_key_does_not_hide_the_next_problem(tmp_path: Path, kind: str) -> None:
    load, text, misspelt = LOADERS[kind]
    path = tmp_path / ("workshop.yaml" if kind == "workshop.yaml" else f"{kind}.yaml")
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load(path)
    lines = [str(p) for p in failed.value.problems]
    assert lines[0] == f"{path}:2: duplicate key {text.split(':')[0]!r} (first on line 1)"
    assert any(f"unknown field {misspelt!r}" in line for line in lines[1:]), lines
