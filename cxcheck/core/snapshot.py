"""One assessment's figures, read from an answers file or from a JSON report.

``check``, ``compare`` and ``trend`` look at assessments over time, and a team keeps its
answers files, the JSON reports made from them, or both. Reading either into one shape lets
every later step work the same on both. Figures are kept at the precision reports show (one
decimal), so that a change is the difference a reader can check from the two reports.

A JSON report holds every figure down to sections but not each item's score, so the
item-level parts of a comparison need answers files (``items`` is None for a report).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cxcheck.core import answers, survey
from cxcheck.core.aggregate import aggregate
from cxcheck.core.catalog import Catalog, answered_checklists
from cxcheck.core.mapmoves import Rated, rated
from cxcheck.core.scoring import ChecklistScore, Scorecard, SectionScore, coverage, score, shown
from cxcheck.core.targets import Bands, Percent, Targets
from cxcheck.errors import CxError, Problem
from cxcheck.io import store, yamlsafe
from cxcheck.io.validation import beside, fail_if, validate
from cxcheck.model import REPORT_SCHEMA_VERSION, AnswerSet, BandName, Rating

Source = Literal["answers", "report"]

READ_REPORT_VERSIONS: Final = (1, REPORT_SCHEMA_VERSION)
"""Versions :func:`load` reads: 2 renamed ``priorities.items`` and ``targets.items`` only, and
neither is read here, so last quarter's baseline report still serves."""


@dataclass(frozen=True)
class Part:
    """The figures of the whole, a checklist or a section: score (one decimal), target, coverage."""

    score: float | None
    target: float
    answered: int
    applicable: int

    @property
    def coverage(self) -> float | None:
        """Answered share of applicable items (see :func:`cxcheck.core.scoring.coverage`)."""
        return coverage(self.answered, self.applicable)


@dataclass(frozen=True)
class SectionFigures:
    id: str
    title: str
    part: Part


@dataclass(frozen=True)
class ChecklistFigures:
    id: str
    title: str
    version: str
    """The version scored against (the catalog's, or the one the report was made with)."""
    answered_version: str
    """The version the answers file says it answered."""
    part: Part
    sections: tuple[SectionFigures, ...]

    def section(self, section_id: str) -> SectionFigures | None:
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class ItemFigures:
    """One item's answer as a score; ``status`` is ``answered``, ``n/a`` or ``unanswered``."""

    full_id: str
    checklist: str
    section: str
    question: str
    score: float | None
    label: str | None
    status: str
    weight: float = 1.0
    """item weight x section weight: what breaks a tie between equal moves (core.ranking)"""


@dataclass(frozen=True)
class Snapshot:
    """An assessment as ``check``, ``compare`` and ``trend`` see it."""

    path: Path
    source: Source
    organisation: str
    respondent: str
    date: dt.date
    bands: Bands
    overall: Part
    checklists: tuple[ChecklistFigures, ...]
    items: dict[str, ItemFigures] | None = None
    """Every item of the scored checklists by full id; None for a JSON report, which does not list them."""
    stale: tuple[str, ...] = ()
    """Answers to items the checklist's current version no longer has."""
    scorecard: Scorecard | None = None
    """The full scorecard, for an answers file: what a like-for-like rescoring starts from."""
    touchpoints: tuple[Rated, ...] | None = None
    """The map's touch points with their worst ratings; None when the assessment holds no map."""

    def checklist(self, checklist_id: str) -> ChecklistFigures | None:
        return next((c for c in self.checklists if c.id == checklist_id), None)

    @property
    def organisation_key(self) -> str:
        """The organisation as typed by different people: ``Demo  Ltd`` and ``demo ltd`` are one."""
        return " ".join(self.organisation.split()).casefold()

    def band(self, score: float | None) -> BandName | None:
        return self.bands.name(score)


def load(
    path: Path,
    catalog: Catalog,
    targets: Targets | None = None,
    today: dt.date | None = None,
    only: Collection[str] = (),
) -> Snapshot:
    """An answers file (scored with ``targets``), a survey store's team, or a ``.json`` file's JSON gap report.

    ``only`` keeps just those checklists, and the overall becomes the mean of theirs, as the
    scoring rules define it.
    """
    if path.suffix.lower() == ".json":
        return _from_report(path, only, today or dt.date.today())
    if store.is_store(path):
        return _from_store(path, catalog, targets, only)
    answer_set = answers.load(path, catalog, today)
    chosen = [c for c in answered_checklists(catalog, [answer_set]) if not only or c.id in only]
    if not chosen:
        raise CxError("answers none of the checklists asked for" if only else "answers no checklist yet", path)
    return from_scorecard(score(chosen, answer_set.answers, targets), answer_set, path)


def _from_store(path: Path, catalog: Catalog, targets: Targets | None, only: Collection[str]) -> Snapshot:
    """A survey store's team: everyone's item means scored, as the workshop report's team scores.

    Its date is the last day anyone answered, and its checklist versions those most answered.
    """
    sets = survey.load(path, catalog)
    chosen = [c for c in answered_checklists(catalog, sets) if not only or c.id in only]
    if not chosen:
        raise CxError("answers none of the checklists asked for" if only else "answers no checklist yet", path)
    team = aggregate(chosen, sets, targets).team
    versions = {
        c.id: Counter(s.checklists[c.id] for s in sets if c.id in s.checklists).most_common(1)[0][0]
        for c in chosen
        if any(c.id in s.checklists for s in sets)
    }
    organisation = Counter(s.organisation for s in sets).most_common(1)[0][0]
    whole = AnswerSet(f"{len(sets)} respondents", organisation, max(s.date for s in sets), checklists=versions)
    return from_scorecard(team, whole, path)


def _scored(part: Scorecard | ChecklistScore | SectionScore) -> Part:
    return Part(shown(part.score), part.target, part.counts.answered, part.counts.applicable)


def from_scorecard(scorecard: Scorecard, answer_set: AnswerSet, path: Path) -> Snapshot:
    """The figures of a scored answers file."""
    checklists = tuple(
        ChecklistFigures(
            id=c.checklist.id,
            title=c.checklist.title,
            version=c.checklist.version,
            answered_version=answer_set.checklists.get(c.checklist.id, c.checklist.version),
            part=_scored(c),
            sections=tuple(SectionFigures(s.section.id, s.section.title, _scored(s)) for s in c.sections),
        )
        for c in scorecard.checklists
    )
    items = {
        i.full_id: ItemFigures(
            i.full_id,
            i.checklist.id,
            i.section.id,
            i.item.question,
            shown(i.score),
            i.label,
            i.status,
            i.item.weight * i.section.weight,
        )
        for i in scorecard.items
    }
    return Snapshot(
        path=path,
        source="answers",
        organisation=answer_set.organisation,
        respondent=answer_set.respondent,
        date=answer_set.date,
        bands=scorecard.targets.bands,
        overall=_scored(scorecard),
        checklists=checklists,
        items=items,
        stale=tuple(sorted(answer_set.stale)),
        scorecard=scorecard,
        touchpoints=rated(answer_set.workbook),
    )


# --- JSON reports ------------------------------------------------------------------------------


Count = Annotated[int, Field(ge=0)]


class _Counts(BaseModel):
    answered: Count
    applicable: Count

    @model_validator(mode="after")
    def _within(self) -> _Counts:
        if self.answered > self.applicable:
            raise ValueError(f"answered ({self.answered}) cannot be more than applicable ({self.applicable})")
        return self


class _Part(BaseModel):
    """The keys of a report part that a snapshot needs; the report has more, which are ignored.

    A report is a file like any other: a score of ``1e999`` (infinity), ``.nan`` or a negative
    count would pass gates and reach every output, so each figure is held to its range here.
    """

    score: Percent | None
    target: Percent
    counts: _Counts

    def part(self) -> Part:
        return Part(self.score, self.target, self.counts.answered, self.counts.applicable)


class _Section(_Part):
    id: str
    title: str


class _Checklist(_Part):
    id: str
    title: str
    version: str
    answered_version: str
    sections: list[_Section]


class _MapPoint(BaseModel):
    name: str
    worst: Rating | None


class _MapStage(BaseModel):
    name: str
    touchpoints: list[_MapPoint]


class _Map(BaseModel):
    """The keys of a report's ``workbook`` that time compares: each touch point's worst rating."""

    stages: list[_MapStage]

    def rated(self) -> tuple[Rated, ...]:
        return tuple(Rated(s.name, p.name, p.worst) for s in self.stages for p in s.touchpoints)


class _Report(BaseModel):
    model_config = ConfigDict(extra="ignore", defer_build=True)
    organisation: str
    respondent: str
    date: dt.date
    bands: Bands
    overall: _Part
    checklists: list[_Checklist]
    left_out: list[str] = []
    workbook: _Map | None = None


def _from_report(path: Path, only: Collection[str], today: dt.date) -> Snapshot:
    """A gap report written by ``cxcheck report -f json``, refused if it is another kind or version.

    JSON is read by the YAML loader (JSON is YAML), so a problem is reported with its line.
    Its date is checked as an answers file's is: a day in the future would pass any
    ``--max-age`` gate ("-2900000 days old").
    """
    parsed: list[Problem] = []
    doc = yamlsafe.load(path, parsed)
    data = doc.data
    if not isinstance(data, dict) or data.get("kind") != "report":
        kind = data.get("kind") if isinstance(data, dict) else None
        what = f"is a {kind} report" if isinstance(kind, str) else "is not a cxcheck JSON report"
        raise CxError(
            f"{what}; give an answers file or a gap report (cxcheck report ANSWERS -f json)",
            path,
            doc.line_of(("kind",)),
        )
    if data.get("schema_version") not in READ_REPORT_VERSIONS:
        raise CxError(
            f"schema_version {data.get('schema_version')} is not one this cxcheck reads "
            f"(it reads {' and '.join(map(str, READ_REPORT_VERSIONS))}); "
            "make the report again with this cxcheck",
            path,
            doc.line_of(("schema_version",)),
        )
    report, problems = validate(_Report, doc)
    if report is not None and report.date > today:
        message = f"date {report.date} is in the future; make the report again from the answers file"
        problems.append(Problem(str(path), doc.line_of(("date",)), message))
    fail_if(beside(parsed, problems))
    assert report is not None
    kept = [c for c in report.checklists if not only or c.id in only]
    if not kept:
        raise CxError("scores none of the checklists asked for" if only else "scores no checklist", path)
    overall = report.overall.part()
    if len(kept) < len(report.checklists):
        overall = _mean_of(kept, overall.target)
    return Snapshot(
        path=path,
        source="report",
        organisation=report.organisation,
        respondent=report.respondent,
        date=report.date,
        bands=report.bands,
        overall=overall,
        checklists=tuple(
            ChecklistFigures(
                id=c.id,
                title=c.title,
                version=c.version,
                answered_version=c.answered_version,
                part=c.part(),
                sections=tuple(SectionFigures(s.id, s.title, s.part()) for s in c.sections),
            )
            for c in kept
        ),
        stale=tuple(report.left_out),
        touchpoints=None if report.workbook is None else report.workbook.rated(),
    )


def _mean_of(checklists: list[_Checklist], target: float) -> Part:
    """The overall of some of a report's checklists: the plain mean of their (one-decimal) scores."""
    scores = [c.score for c in checklists if c.score is not None]
    mean = shown(sum(scores) / len(scores)) if scores else None
    return Part(mean, target, sum(c.counts.answered for c in checklists), sum(c.counts.applicable for c in checklists))
