"""An assessment's figures from an answers file and from a JSON report: the same, and bad reports refused."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cxcheck.core import snapshot
from cxcheck.core.catalog import Catalog, discover
from cxcheck.core.targets import Targets
from cxcheck.errors import CxError, ValidationFailed
from tests.conftest import Cli

TODAY = dt.date(2027, 1, 15)


@pytest.fixture
def catalog(checklists: Path) -> Catalog:
    return discover([checklists])


def report_of(cli: Cli, path: Path, directory: Path, *args: str) -> Path:
    out = path.with_suffix(".json")
    result = cli(
        "report", path, "--checklists", directory, "-o", out, *args, env={"CXCHECK_NOW": "2027-01-15T09:00:00"}
    )
    assert result.exit_code == 0, result.output
    return out


def test_answers_file_figures(answers: Callable[..., Path], catalog: Catalog) -> None:
    path = answers("q.yaml", often=1, yes_no=1, light=None, extra=0)
    snap = snapshot.load(path, catalog, today=TODAY)
    assert (snap.source, snap.organisation, snap.respondent, snap.date) == (
        "answers",
        "Demo Ltd",
        "Ann Owner",
        dt.date(2026, 3, 31),
    )
    assert (snap.overall.score, snap.overall.answered, snap.overall.applicable) == (
        31.2,
        3,
        4,
    )  # (62.5 + 0) / 2 = 31.25
    demo = snap.checklist("demo")
    assert demo is not None and demo.part.score == 62.5 and [s.id for s in demo.sections] == ["first", "second"]
    assert demo.section("second").part.score is None  # type: ignore[union-attr]
    assert (
        snap.items is not None
        and snap.items["demo/often"].label == "Rarely"
        and snap.items["demo/light"].status == "unanswered"
    )
    assert snap.band(snap.overall.score) == "misery" and snap.scorecard is not None


def test_targets_apply_to_answers_files(answers: Callable[..., Path], catalog: Catalog) -> None:
    snap = snapshot.load(answers("q.yaml"), catalog, Targets(overall=60), TODAY)
    assert snap.overall.target == 60 and snap.band(58.3) == "mediocrity"


def test_only_keeps_the_checklists_asked_for(answers: Callable[..., Path], catalog: Catalog) -> None:
    path = answers("q.yaml", extra=0)
    snap = snapshot.load(path, catalog, today=TODAY, only=["demo"])
    assert [c.id for c in snap.checklists] == ["demo"] and snap.overall.score == 58.3
    with pytest.raises(CxError, match="answers none of the checklists asked for"):
        snapshot.load(path, catalog, today=TODAY, only=["nope"])


def test_a_json_report_gives_the_same_figures(
    cli: Cli, answers: Callable[..., Path], checklists: Path, catalog: Catalog
) -> None:
    path = answers("q.yaml", often=1, yes_no=1, light=2, extra=1)
    from_answers = snapshot.load(path, catalog, today=TODAY)
    from_report = snapshot.load(report_of(cli, path, checklists), catalog)
    assert from_report.source == "report" and from_report.items is None and from_report.scorecard is None
    for field in ("organisation", "respondent", "date", "bands", "overall", "checklists", "stale"):
        assert getattr(from_report, field) == getattr(from_answers, field), field


def test_only_on_a_report_averages_the_shown_checklist_scores(
    cli: Cli, answers: Callable[..., Path], checklists: Path, catalog: Catalog
) -> None:
    report = report_of(cli, answers("q.yaml", extra=0), checklists)
    assert snapshot.load(report, catalog).overall.score == 29.2  # (58.3 + 0) / 2, from the exact 29.17
    assert snapshot.load(report, catalog, only=["demo", "extra"]).overall.score == 29.2
    narrowed = snapshot.load(report, catalog, only=["demo"])
    assert (narrowed.overall.score, narrowed.overall.applicable) == (58.3, 3)
    with pytest.raises(CxError, match="scores none of the checklists asked for"):
        snapshot.load(report, catalog, only=["nope"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"kind": "workshop", "schema_version": 1}', "is a workshop report; give an answers file or a gap report"),
        ("[1, 2]", "is not a cxcheck JSON report"),
        (
            '{\n"kind": "report",\n"schema_version": 3\n}',
            "schema_version 3 is not one this cxcheck reads (it reads 1 and 2)",
        ),
        ('{"kind": "report", "schema_version": 1', "did not find expected"),
    ],
)
def test_other_json_is_refused(tmp_path: Path, catalog: Catalog, text: str, message: str) -> None:
    path = tmp_path / "r.json"
    path.write_text(text)
    with pytest.raises(CxError) as caught:
        snapshot.load(path, catalog)
    assert str(caught.value).startswith(f"{path}:") and message in str(caught.value)


def test_a_broken_report_names_each_field_and_its_line(
    cli: Cli, answers: Callable[..., Path], checklists: Path, catalog: Catalog
) -> None:
    report = report_of(cli, answers("q.yaml"), checklists)
    data = json.loads(report.read_text())
    data["overall"]["score"] = "high"
    del data["date"]
    report.write_text(json.dumps(data, indent=2))
    with pytest.raises(ValidationFailed) as caught:
        snapshot.load(report, catalog)
    line = next(n for n, text in enumerate(report.read_text().splitlines(), 1) if '"score": "high"' in text)
    assert [str(p) for p in caught.value.problems] == [
        f"{report}:1: missing required field 'date'",
        f"{report}:{line}: overall.score: must be a number, found text 'high'",
    ]
