"""Answers files and checklists for the reassessment tests (check, compare, trend, CI).

Scores, worked out by hand on the demo checklist (tests/conftest.py): an answer scores
often x 25, yes-no x 100, light x 25; section ``first`` (weight 2) is the mean of often and
yes-no, ``second`` is light; demo = (2 x first + second) / 3.

- often 1, yes-no 1, light 2: first 62.5, second 50, demo 58.3 (mediocrity)
- often 3, yes-no 1, light 3: first 87.5, second 75, demo 83.3 (magic)
- often 0, yes-no 0, light 0: demo 0 (misery)
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DEMO_CHECKLIST

EXTRA_CHECKLIST = """\
    id: extra
    title: Extra checklist
    version: "1.0"
    description: A second small checklist.
    sections:
      - id: only
        title: Only section
        items:
          - id: one
            question: Is the one thing done?
            help: It matters.
            action: Do the one thing.
            source: 001_1c575d8905d84cba.txt
            scale: yes-no
    """

Value = int | str | None


def answers_text(
    date: str = "2026-03-31",
    often: Value = 1,
    yes_no: Value = 1,
    light: Value = 2,
    extra: Value = None,
    organisation: str = "Demo Ltd",
    version: str = "1.0",
    respondent: str = "Ann Owner",
) -> str:
    """An answers file for the demo checklist (and ``extra`` when its answer is given); None leaves an item out."""
    lines = [
        f"respondent: {respondent}",
        f"organisation: {organisation}",
        f"date: {date}",
        "checklists:",
        f'  demo: "{version}"',
        *(['  extra: "1.0"'] if extra is not None else []),
        "answers:",
    ]
    for key, value in (("demo/often", often), ("demo/yes-no", yes_no), ("demo/light", light), ("extra/one", extra)):
        if value is not None:
            lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


QUARTERS = {
    "2026-q1.yaml": answers_text("2026-03-31", 1, 0, 1),
    "2026-q2.yaml": answers_text("2026-06-30", 1, 1, 2),
    "2026-q3.yaml": answers_text("2026-09-30", 3, 1, 3),
    "2026-q4.yaml": answers_text("2026-12-31", 2, 1, 2),
}
"""A year of quarterly reassessments: 16.7, 58.3, 83.3 (the best), then 66.7 (a drop of 16.6 points)."""

NOW = "2027-01-15T09:00:00+00:00"
"""CXCHECK_NOW for the quarters: two weeks after Q4 (answers may not be dated in the future)."""


def checklist_dir(root: Path) -> Path:
    """The demo and extra checklists in ``root/checklists``."""
    directory = root / "checklists"
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    (directory / "extra.yaml").write_text(textwrap.dedent(EXTRA_CHECKLIST), encoding="utf-8")
    return directory


def reassess_dir(root: Path, team: str = "workshop") -> Path:
    """``root`` with the checklists, the four quarters and a workshop folder ``team`` of five."""
    from tests.workshop_data import write_five

    checklist_dir(root)
    for name, text in QUARTERS.items():
        (root / name).write_text(text, encoding="utf-8")
    write_five(root / team)
    return root


@pytest.fixture
def checklists(tmp_path: Path) -> Path:
    return checklist_dir(tmp_path)


@pytest.fixture
def answers(tmp_path: Path) -> Callable[..., Path]:
    """Write an answers file: ``answers("q1.yaml", date=..., often=...)``."""

    def _answers(name: str, **fields: object) -> Path:
        path = tmp_path / name
        path.write_text(answers_text(**fields), encoding="utf-8")  # type: ignore[arg-type]
        return path

    return _answers
