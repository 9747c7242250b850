"""The gates, judged on hand-made figures: every gate passing, failing and unmeasurable."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from cxcheck.core.catalog import discover
from cxcheck.core.gates import Gates, evaluate, unknown_ids
from cxcheck.core.snapshot import ChecklistFigures, Part, SectionFigures, Snapshot
from cxcheck.core.targets import Bands

TODAY = dt.date(2027, 1, 15)
BEFORE = "before.yaml"


def snapshot(
    overall: float | None = 70.0,
    checklists: dict[str, float | None] | None = None,
    answered: int = 10,
    applicable: int = 10,
    date: dt.date = dt.date(2027, 1, 1),
    path: str = "q.yaml",
) -> Snapshot:
    """Figures as a file would give them: each checklist with one section ``main`` of the same score."""
    parts = {"access": 60.0} if checklists is None else checklists
    return Snapshot(
        path=Path(path),
        source="answers",
        organisation="Demo Ltd",
        respondent="Ann",
        date=date,
        bands=Bands(),
        overall=Part(overall, 100, answered, applicable),
        checklists=tuple(
            ChecklistFigures(
                cid,
                cid.title(),
                "1.0",
                "1.0",
                Part(s, 100, 1, 1),
                (SectionFigures("main", "Main", Part(s, 100, 1, 1)),),
            )
            for cid, s in parts.items()
        ),
    )


def verdicts(gates: Gates, now: Snapshot, baseline: Snapshot | None = None) -> list[tuple[str, bool, str]]:
    return [(r.name, r.passed, r.message) for r in evaluate(now, gates, TODAY, baseline)]


def test_no_gate_set_is_empty_and_judges_nothing() -> None:
    assert Gates().empty and evaluate(snapshot(), Gates(), TODAY) == []
    assert not Gates(max_age=0).empty and not Gates(fail_under_checklist={"access": 1}).empty


def test_fail_under_passes_at_the_threshold_and_fails_below() -> None:
    assert verdicts(Gates(fail_under=70), snapshot(70.0)) == [("fail-under", True, "overall score 70.0 >= 70")]
    assert verdicts(Gates(fail_under=70.5), snapshot(70.4)) == [("fail-under", False, "overall score 70.4 < 70.5")]


def test_fail_under_without_a_score_fails() -> None:
    (result,) = evaluate(snapshot(None, answered=0), Gates(fail_under=0), TODAY)
    assert not result.passed and result.value is None
    assert result.message == "overall score: no score, nothing in it is answered (needs 0)"


def test_fail_under_checklist_per_id_including_one_not_scored() -> None:
    now = snapshot(checklists={"access": 60.0, "people": None})
    gates = Gates(fail_under_checklist={"access": 50, "people": 10, "loyalty": 10})
    assert verdicts(gates, now) == [
        ("fail-under-checklist access", True, "checklist access score 60.0 >= 50"),
        (
            "fail-under-checklist people",
            False,
            "checklist people score: no score, nothing in it is answered (needs 10)",
        ),
        (
            "fail-under-checklist loyalty",
            False,
            "checklist loyalty score: no score, the assessment does not score it (needs 10)",
        ),
    ]


def test_fail_under_section() -> None:
    gates = Gates(fail_under_section={"access/main": 61, "access/other": 1})
    assert verdicts(gates, snapshot()) == [
        ("fail-under-section access/main", False, "section access/main score 60.0 < 61"),
        (
            "fail-under-section access/other",
            False,
            "section access/other score: no score, the assessment does not score it (needs 1)",
        ),
    ]


def test_min_coverage_is_judged_on_counts_not_on_a_rounded_share() -> None:
    (result,) = evaluate(snapshot(answered=1999, applicable=2000), Gates(min_coverage=100), TODAY)
    assert not result.passed and result.value == 99.9  # rounded down: never shown as 100
    assert result.message == "coverage 99.9% (1999 of 2000 applicable items answered) < 100%"
    assert evaluate(snapshot(answered=9, applicable=10), Gates(min_coverage=90), TODAY)[0].passed
    (none,) = evaluate(snapshot(answered=0, applicable=0), Gates(min_coverage=0), TODAY)
    assert not none.passed and none.message == "coverage: every item is n/a (needs 0%)"


def test_max_age_counts_days_to_today() -> None:
    assert verdicts(Gates(max_age=14), snapshot(date=dt.date(2027, 1, 1))) == [
        ("max-age", True, "answers of 2027-01-01 are 14 days old <= 14")
    ]
    assert verdicts(Gates(max_age=90), snapshot(date=dt.date(2026, 9, 30))) == [
        ("max-age", False, "answers of 2026-09-30 are 107 days old > 90: the reassessment is overdue")
    ]
    assert evaluate(snapshot(date=TODAY - dt.timedelta(days=1)), Gates(max_age=0), TODAY)[0].message.endswith(
        "1 day old > 0: the reassessment is overdue"
    )


def test_max_drop_judges_the_overall_and_every_checklist_the_baseline_scored() -> None:
    before = snapshot(80.0, {"access": 70.0, "people": 50.0, "loyalty": None}, path=BEFORE)
    now = snapshot(72.3, {"access": 66.0, "people": 55.0})
    assert verdicts(Gates(max_drop=5), now, before) == [
        ("max-drop", False, "overall 80.0 -> 72.3 (-7.7), a drop of more than 5"),
        ("max-drop access", True, "access 70.0 -> 66.0 (-4.0), within 5"),
        ("max-drop people", True, "people 50.0 -> 55.0 (+5.0), no drop"),
    ]
    gone = evaluate(snapshot(72.3, {"people": 50.0}), Gates(max_drop=5), TODAY, before)
    assert [(r.name, r.passed, r.value, r.baseline) for r in gone] == [
        ("max-drop", False, 72.3, 80.0),
        ("max-drop access", False, None, 70.0),
        ("max-drop people", True, 50.0, 50.0),
    ]
    assert gone[1].message == "access 70.0 in the baseline, no score now (may drop at most 5)"


def test_max_drop_exactly_at_the_limit_passes_despite_float_noise() -> None:
    (result, _) = evaluate(
        snapshot(70.1, {"access": 60.0}), Gates(max_drop=10), TODAY, snapshot(80.1, {"access": 60.0}, path=BEFORE)
    )
    assert result.passed  # 80.1 - 70.1 is 9.999999999999986 or 10.000000000000014 in floats; 10.0 shown


def test_max_drop_without_a_baseline_is_skipped_neither_passed_nor_failed() -> None:
    (result,) = evaluate(snapshot(), Gates(max_drop=1), TODAY)
    assert (result.name, result.passed, result.skipped, result.failed, result.value) == (
        "max-drop", False, True, False, None
    )  # fmt: skip
    assert result.message == (
        "skipped: no baseline to compare with (may drop at most 1); "
        "give --baseline FILE or set baseline in the config file"
    )


def test_max_drop_against_the_file_itself_is_skipped() -> None:
    (result,) = evaluate(snapshot(), Gates(max_drop=1), TODAY, snapshot(90.0))
    assert result.skipped and result.message.startswith("skipped: the baseline is this answers file itself")


def test_gates_come_in_a_fixed_order_with_units() -> None:
    gates = Gates(
        max_drop=1,
        max_age=1,
        min_coverage=1,
        fail_under_section={"access/main": 1},
        fail_under_checklist={"access": 1},
        fail_under=1,
    )
    results = evaluate(snapshot(), gates, TODAY, snapshot(path=BEFORE))
    assert [(r.gate, r.unit) for r in results] == [
        ("fail-under", "points"), ("fail-under-checklist", "points"), ("fail-under-section", "points"),
        ("min-coverage", "percent"), ("max-age", "days"), ("max-drop", "points"), ("max-drop", "points"),
    ]  # fmt: skip


@given(score=st.none() | st.floats(0, 100).map(lambda v: round(v, 1)), threshold=st.floats(0, 100))
def test_fail_under_passes_exactly_when_the_shown_score_reaches_the_threshold(
    score: float | None, threshold: float
) -> None:
    (result,) = evaluate(snapshot(score), Gates(fail_under=threshold), TODAY)
    assert result.passed == (score is not None and score >= threshold)


@given(
    answered=st.integers(0, 500),
    extra=st.integers(0, 500),
    pct=st.floats(0, 100) | st.just(1e-300) | st.just(33.333333333333336),
)
@example(answered=417, extra=83, pct=1e-300)  # 83.4% exactly: 417 / 500 * 100 is 83.39999999999999 in floats
def test_min_coverage_passes_exactly_when_enough_items_are_answered(answered: int, extra: int, pct: float) -> None:
    applicable = answered + extra
    (result,) = evaluate(snapshot(answered=answered, applicable=applicable), Gates(min_coverage=pct), TODAY)
    assert result.passed == (applicable > 0 and Fraction(answered * 100, applicable) >= Fraction(pct))
    # never shown higher than it is: the one-decimal figure as written, against the exact share
    assert result.value is None or Fraction(str(result.value)) <= Fraction(answered * 100, applicable)


def test_min_coverage_is_not_met_by_rounding() -> None:
    # 1 of 3 is 33.3333...%: the nearest float above it is not met, though multiplied by 3
    # in floating point it rounds to exactly 100; the nearest float below it is met.
    for threshold, met in ((33.333333333333336, False), (33.33333333333333, True)):
        (result,) = evaluate(snapshot(answered=1, applicable=3), Gates(min_coverage=threshold), TODAY)
        assert result.passed is met, threshold


@given(
    before=st.floats(0, 100).map(lambda v: round(v, 1)),
    after=st.floats(0, 100).map(lambda v: round(v, 1)),
    limit=st.integers(0, 100),
)
def test_max_drop_passes_exactly_when_the_drop_is_within_the_limit(before: float, after: float, limit: int) -> None:
    (result, _) = evaluate(snapshot(after), Gates(max_drop=limit), TODAY, snapshot(before, path=BEFORE))
    assert result.passed == (round(before - after, 1) <= limit)


def test_unknown_ids_name_the_nearest_known_one(demo_dir: Path) -> None:
    catalog = discover([demo_dir])
    gates = Gates(
        fail_under_checklist={"demo": 1, "dem": 1},
        fail_under_section={"demo/first": 1, "demo/frist": 1, "nope/first": 1, "first": 1},
    )
    assert unknown_ids(gates, catalog) == [
        ("fail_under_checklist", "dem", "unknown checklist 'dem' (did you mean 'demo'?)"),
        ("fail_under_section", "demo/frist", "unknown section 'frist' in checklist 'demo' (did you mean 'first'?)"),
        ("fail_under_section", "nope/first", "unknown checklist 'nope' in 'nope/first'"),
        ("fail_under_section", "first", "unknown checklist 'first' in 'first'; write it as checklist-id/section-id"),
    ]
