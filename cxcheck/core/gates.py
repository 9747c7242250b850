"""The gates a reassessment must pass, and their verdicts; pure, so CI output formats all agree.

Every gate is judged on the figures a report shows (one decimal), so a gate never fails a
score the report prints as passing. A figure that cannot be measured (no score because
nothing was answered, a checklist the file does not answer) fails its gate: a CI job that
cannot tell whether things are good enough must not say they are. A gate whose input is not
there at all (``max_drop`` on the first quarter, before any baseline exists) is *skipped*: it
neither passes nor fails, and every output says so, so the job neither breaks on its first run
nor claims a check it did not make.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from cxcheck.core.catalog import Catalog
from cxcheck.core.snapshot import Part, Snapshot
from cxcheck.core.targets import Percent
from cxcheck.io.validation import quoted, suggest
from cxcheck.model import number

Days = Annotated[int, Field(ge=0)]
Points = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]

GateName = Literal["fail-under", "fail-under-checklist", "fail-under-section", "min-coverage", "max-age", "max-drop"]
Unit = Literal["points", "percent", "days"]
UNITS: dict[GateName, Unit] = {"fail-under": "points", "fail-under-checklist": "points", "fail-under-section": "points",
         "min-coverage": "percent", "max-age": "days", "max-drop": "points"}  # fmt: skip


class Gates(BaseModel):
    """The thresholds; each is off unless set. Also the gate keys of the config file."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    fail_under: Percent | None = Field(default=None, description="the overall score must be at least this")
    fail_under_checklist: dict[str, Percent] = Field(
        default_factory=dict, description="by checklist id: its score must be at least this"
    )
    fail_under_section: dict[str, Percent] = Field(
        default_factory=dict, description="by checklist-id/section-id: its score must be at least this"
    )
    min_coverage: Percent | None = Field(
        default=None, description="at least this percentage of the applicable items must be answered"
    )
    max_age: Days | None = Field(default=None, description="the answers may be at most this many days old")
    max_drop: Points | None = Field(
        default=None, description="with a baseline: no score (overall or checklist) may drop by more than this"
    )

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) not in (None, {}) for name in type(self).model_fields)


@dataclass(frozen=True)
class GateResult:
    """One gate's verdict. ``value`` is the figure measured now (a score, a coverage, an age in days)."""

    gate: GateName
    subject: str | None
    passed: bool
    value: float | None
    threshold: float
    message: str
    baseline: float | None = None
    """For ``max-drop``: the baseline's score that ``value`` is compared with."""
    skipped: bool = False
    """The gate had nothing to judge (no baseline for ``max-drop``); ``passed`` is then False too."""

    @property
    def failed(self) -> bool:
        return not self.passed and not self.skipped

    @property
    def name(self) -> str:
        """``fail-under``, ``fail-under-checklist access``: unique within one answers file."""
        return self.gate if self.subject is None else f"{self.gate} {self.subject}"

    @property
    def unit(self) -> Unit:
        return UNITS[self.gate]


def evaluate(snapshot: Snapshot, gates: Gates, today: dt.date, baseline: Snapshot | None = None) -> list[GateResult]:
    """Every gate that is set, in a fixed order: scores, coverage, age, then drops since the baseline.

    ``max_drop`` without a baseline, or with the answers file itself as its baseline, is one
    skipped ``max-drop`` result: the gate was asked for, and the verdict must show that it
    judged nothing rather than pass a file for not dropping from itself.
    """
    results: list[GateResult] = []
    if gates.fail_under is not None:
        results.append(_at_least("fail-under", None, "overall score", snapshot.overall, gates.fail_under))
    for checklist_id, threshold in gates.fail_under_checklist.items():
        found = snapshot.checklist(checklist_id)
        part = found.part if found else None
        results.append(
            _at_least("fail-under-checklist", checklist_id, f"checklist {checklist_id} score", part, threshold)
        )
    for section_id, threshold in gates.fail_under_section.items():
        checklist_id, _, part_id = section_id.partition("/")
        owner = snapshot.checklist(checklist_id)
        section = owner.section(part_id) if owner else None
        part = section.part if section else None
        results.append(_at_least("fail-under-section", section_id, f"section {section_id} score", part, threshold))
    if gates.min_coverage is not None:
        results.append(_coverage(snapshot.overall, gates.min_coverage))
    if gates.max_age is not None:
        results.append(_age(snapshot.date, today, gates.max_age))
    if gates.max_drop is not None:
        if baseline is None:
            results.append(_no_baseline(gates.max_drop, "no baseline to compare with"))
        elif baseline.path == snapshot.path:  # the first quarter of a job passing `ls | tail -n 2 | head -n 1`
            results.append(_no_baseline(gates.max_drop, "the baseline is this answers file itself"))
        else:
            results += _drops(snapshot, baseline, gates.max_drop)
    return results


def _at_least(gate: GateName, subject: str | None, what: str, part: Part | None, threshold: float) -> GateResult:
    shown = number(threshold)
    if part is None or part.score is None:
        why = "nothing in it is answered" if part is not None else "the assessment does not score it"
        return GateResult(gate, subject, False, None, threshold, f"{what}: no score, {why} (needs {shown})")
    passed = part.score >= threshold
    return GateResult(
        gate, subject, passed, part.score, threshold, f"{what} {part.score:.1f} {'>=' if passed else '<'} {shown}"
    )


def _coverage(overall: Part, threshold: float) -> GateResult:
    """Judged exactly on the counts, not a rounded share: one unanswered item in 2,000 fails ``100``.

    A fraction, because ``threshold * applicable`` in floating point can round onto the
    count (``33.333333333333336`` of 3 items is met by 1 item if multiplied out).
    """
    shown = number(threshold)
    if not overall.applicable:
        return GateResult("min-coverage", None, False, None, threshold, f"coverage: every item is n/a (needs {shown}%)")
    passed = Fraction(overall.answered * 100, overall.applicable) >= threshold
    share = overall.coverage
    assert share is not None, "applicable items were counted above"
    message = (
        f"coverage {share:.1f}% ({overall.answered} of {overall.applicable} applicable items answered) "
        f"{'>=' if passed else '<'} {shown}%"
    )
    return GateResult("min-coverage", None, passed, share, threshold, message)


def _age(answered: dt.date, today: dt.date, max_days: int) -> GateResult:
    age = (today - answered).days
    passed = age <= max_days
    message = f"answers of {answered} are {age} day{'s' if age != 1 else ''} old {'<=' if passed else '>'} {max_days}"
    return GateResult(
        "max-age", None, passed, age, max_days, message if passed else f"{message}: the reassessment is overdue"
    )


def _drops(snapshot: Snapshot, baseline: Snapshot, max_drop: float) -> list[GateResult]:
    """The overall and every checklist the baseline scored; one it scored that is not scored now fails."""
    results = [_drop(None, "overall", snapshot.overall.score, baseline.overall.score, max_drop)]
    for before in baseline.checklists:
        if before.part.score is not None:
            now = snapshot.checklist(before.id)
            after = None if now is None else now.part.score
            results.append(_drop(before.id, before.id, after, before.part.score, max_drop))
    return [r for r in results if r is not None]


def _no_baseline(max_drop: float, why: str) -> GateResult:
    message = (
        f"skipped: {why} (may drop at most {number(max_drop)}); give --baseline FILE or set baseline in the config file"
    )
    return GateResult("max-drop", None, False, None, max_drop, message, skipped=True)


def _drop(
    subject: str | None, what: str, now: float | None, before: float | None, max_drop: float
) -> GateResult | None:
    shown = number(max_drop)
    if before is None:
        return None
    if now is None:
        message = f"{what} {before:.1f} in the baseline, no score now (may drop at most {shown})"
        return GateResult("max-drop", subject, False, None, max_drop, message, before)
    change = round(now - before, 1)
    passed = -change <= max_drop
    verdict = f"a drop of more than {shown}" if not passed else f"within {shown}" if change < 0 else "no drop"
    message = f"{what} {before:.1f} -> {now:.1f} ({f'{change:+.1f}' if change else '0.0'}), {verdict}"
    return GateResult("max-drop", subject, passed, now, max_drop, message, before)


def unknown_ids(gates: Gates, catalog: Catalog) -> list[tuple[str, str, str]]:
    """``(field, id, message)`` for each checklist or section a gate names that the checklists lack.

    A misspelt id would otherwise make a gate that can never pass, for a reason the
    person would have to guess.
    """
    found: list[tuple[str, str, str]] = []
    checklist_ids = [e.checklist.id for e in catalog]
    found += [
        ("fail_under_checklist", key, f"unknown checklist {quoted(key)}{suggest(key, checklist_ids)}")
        for key in gates.fail_under_checklist
        if key not in catalog
    ]
    for key in gates.fail_under_section:
        checklist_id, sep, section_id = key.partition("/")
        if not sep or checklist_id not in catalog:
            hint = suggest(checklist_id, checklist_ids) if sep else "; write it as checklist-id/section-id"
            found.append(
                ("fail_under_section", key, f"unknown checklist {quoted(checklist_id)} in {quoted(key)}{hint}")
            )
            continue
        ids = [s.id for s in catalog.get(checklist_id).sections]
        if section_id not in ids:
            hint = suggest(section_id, ids) or f" (see `cxcheck show {checklist_id}`)"
            found.append(
                ("fail_under_section", key, f"unknown section {quoted(section_id)} in checklist '{checklist_id}'{hint}")
            )
    return found
