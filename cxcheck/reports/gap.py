"""The gap report's context: every figure of one respondent's scorecard as plain, versioned data.

The same dictionary is the JSON report, the context of the Markdown and HTML templates and
of a user's own template, so :class:`GapReport` (published as ``cxcheck schema report``) documents all three at once. Keys keep a
fixed order and figures one decimal (:data:`cxcheck.targets.PRECISION`), so two reports of
the same answers are byte for byte the same and a diff shows only what changed.

Only the checklists an answers file touches (named in its ``checklists`` map, or with at
least one answer) are scored: a report on two checklists is not dragged down by six it
never started.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from typing_extensions import TypedDict

from cxcheck import __version__
from cxcheck.core.catalog import source_title
from cxcheck.core.ranking import RULE as RANKING_RULE
from cxcheck.core.ranking import Ranking, Standing, cut
from cxcheck.core.scoring import RULES, ChecklistScore, Counts, ItemScore, Scorecard, SectionScore, shown
from cxcheck.core.targets import BandsEntry, Targets
from cxcheck.model import REPORT_SCHEMA_VERSION as SCHEMA_VERSION
from cxcheck.model import AnswerSet, BandName, documented, number
from cxcheck.reports.charts import Bar, BarChart, bar_chart
from cxcheck.reports.workbook import WorkbookContext, workbook_context

if TYPE_CHECKING:
    from cxcheck.core.journey import Priority

DEFAULT_TOP = 10


@documented
class CountsEntry(TypedDict):
    """How many items are answered, n/a and unanswered"""

    answered: int
    """items answered with a value"""
    not_applicable: int
    """items answered n/a; left out of every denominator"""
    unanswered: int
    """items not answered yet"""
    applicable: int
    """answered + unanswered"""
    total: int
    """every item"""


@documented
class Figures(TypedDict):
    """A part's figures: score, band, target, gap, coverage and counts"""

    score: float | None
    """the score, 0..100 to one decimal; null when nothing was answered"""
    band: BandName | None
    """the score's band; null without a score"""
    target: float
    """the target in effect (100 unless the targets file says otherwise)"""
    gap: float | None
    """max(0, target - score), 0..100 to one decimal; null when nothing was answered"""
    coverage: float | None
    """answered / applicable items x 100; null when every item is n/a"""
    counts: CountsEntry
    """how many items are answered, n/a and unanswered"""


@documented
class _SectionHead(TypedDict):
    id: str
    """section id"""
    title: str
    """section title"""
    weight: float
    """section weight within its checklist"""


@documented
class SectionEntry(_SectionHead, Figures):
    """One section's figures"""


@documented
class _ChecklistHead(TypedDict):
    id: str
    """checklist id"""
    title: str
    """checklist title"""
    description: str
    """what the checklist measures"""
    version: str
    """the version scored against"""
    answered_version: str
    """the version the answers file says it answered"""


@documented
class ItemHead(TypedDict):
    """An item, named as every list of items names it"""

    id: str
    """full item id, checklist-id/item-id"""
    checklist: str
    """checklist id"""
    checklist_title: str
    """checklist title"""
    section: str
    """section id"""
    section_title: str
    """section title"""
    question: str
    """the item's question"""
    source: str | None
    """the article file name or the checklist's own source id the item cites; null for an own addition"""
    source_title: str | None
    """the cited source by title (and author); null for an own addition"""
    own_addition: str | None
    """why the item is asked though no source states it (the checklist's own addition); null when it cites one"""


@documented
class NoteEntry(ItemHead):
    """What the respondent wrote on one item: its note, its n/a reason, or both"""

    answer: str
    """the answer given, as its label on the scale, or n/a"""
    note: str | None
    """the respondent's note"""
    reason: str | None
    """why it does not apply (n/a answers only)"""


@documented
class ChecklistEntry(_ChecklistHead, Figures):
    """One checklist's figures, with its sections"""

    sections: list[SectionEntry]
    """the sections in checklist order"""
    notes: list[NoteEntry]
    """every note and n/a reason written on its items, in checklist order: the report's appendix"""


@documented
class TargetsEntry(TypedDict):
    """The targets file in effect (all 100 without one)"""

    overall: float
    """target of every part not named below"""
    checklists: dict[str, float]
    """by checklist id"""
    sections: dict[str, float]
    """by checklist-id/section-id"""
    by_item: dict[str, float]
    """by checklist-id/item-id (the targets file's ``items``)"""


@documented
class OverallEntry(Figures):
    """The whole: the mean of the checklist scores"""


@documented
class _Ranked(TypedDict):
    rank: int
    """1 for the first priority; equal priorities share a rank; the map's miseries take ranks too (workbook.miseries)"""
    tied: bool
    """another priority, listed or not, shares the rank"""


@documented
class _Answered(TypedDict):
    answer: str
    """the answer given, as its label on the scale"""
    value: float
    """the answer's value on the scale"""
    score: float
    """the answer's score, 0..100"""
    band: BandName
    """the answer's band"""


@documented
class Closing(TypedDict):
    """What closing an item's gap is worth: every priority list's figures (the workshop's team priorities too)"""

    target: float
    """the item's target"""
    gap: float
    """max(0, target - score)"""
    weight: float
    """the item's weight"""
    section_weight: float
    """its section's weight"""
    priority: float
    """weight x section weight x gap; the ranking key"""


@documented
class PriorityEntry(_Ranked, ItemHead, _Answered, Closing):
    """One item worth improving"""

    note: str | None
    """the respondent's note"""
    action: str
    """the first concrete step, from the checklist"""


@documented
class Priorities(TypedDict):
    """The items worth improving first, by weight x section weight x gap"""

    top: int
    """how many are listed at most (--top)"""
    total: int
    """how many items have a gap that counts"""
    more_tied: int
    """how many more share the last listed rank but fall after --top ("and N more at this gap")"""
    ranked: list[PriorityEntry]
    """the top ones, first priority first; equal priorities share a rank, heavier weight first, then
    checklist order (not ``items``, which a template's ``priorities.items`` would read as the dict method)"""


@documented
class Placed(TypedDict):
    """A place in a ranked list"""

    rank: int
    """its place in the list; equal figures share a rank (docs/reports.md "Ranks and ties")"""
    tied: bool
    """another entry, listed or not, shares the rank"""


@documented
class SummaryGap(Placed):
    """A section two roles see most differently, among every pair compared"""

    roles: list[str]
    """the two roles"""
    checklist_title: str
    """checklist title"""
    section: str
    """section id"""
    title: str
    """section title"""
    scores: list[float | None]
    """the first and the second role's"""
    difference: float
    """first minus second"""


@documented
class AgreedDisagreement(Placed):
    """An item the workshop disagreed on, and what the group agreed"""

    id: str
    """full item id"""
    question: str
    """the item's question"""
    section_title: str
    """its section's title"""
    spread: float | None
    """highest minus lowest answer before agreeing, on the 0..100 scale"""
    mean: float | None
    """the team's mean answer before agreeing, 0..100"""
    discussion: str
    """the question the facilitator asked about it"""
    agreed: str | None
    """the agreed answer's label, or n/a; null when the group has not agreed it yet"""
    score: float | None
    """the agreed answer on the 0..100 scale; null for n/a or not agreed"""
    band: BandName | None
    """its band"""
    note: str | None
    """the agreed answer's note: why, and everyone's words"""


@documented
class AgreedDisagreements(TypedDict):
    """The workshop's disagreements with what was agreed, widest first"""

    count: int
    """how many items were disagreements"""
    limit: int | None
    """how many are listed at most (--disagreements N); null: every one (--disagreements all)"""
    more_tied: int
    """disagreements left out by the cut with the same spread as the last one listed"""
    shown: list[AgreedDisagreement]
    """the widest ones, at most limit"""


@documented
class AgreedWorkshop(TypedDict):
    """What the workshop behind an agreed file said: its participants' answers, before agreeing"""

    respondents: int
    """how many participants' answers files were read (those the agreed file names, in its workshop folder)"""
    disagreement_threshold: float
    """a spread from this many points up was a disagreement"""
    perception_gaps: list[SummaryGap]
    """the biggest perception gaps before agreeing, over every role pair compared, at most three"""
    perception_gaps_more_tied: int
    """sections left out of those three that differ as much as the last one named"""
    summary_disagreements: list[AgreedDisagreement]
    """the widest disagreements and what was agreed, at most three: the summary's"""
    summary_disagreements_more_tied: int
    """disagreements left out of those three with the same spread as the last one named"""
    disagreements: AgreedDisagreements
    """every disagreement (or --disagreements N of them) and what was agreed"""
    notices: list[str]
    """what a reader must know about the participants' answers (one the agreed file names but the folder lacks)"""


@documented
class AgreedEntry(AgreedWorkshop):
    """An agreed report's summary and the workshop behind it"""

    priorities: list[PriorityEntry]
    """the top priorities of the agreed answers, at most three: the summary's"""
    priorities_more_tied: int
    """priorities left out of those three that share the last one's rank"""


@documented
class StrengthEntry(ItemHead):
    """One strength"""

    answer: str | None
    """the answer's label"""
    note: str | None
    """the note"""


@documented
class LeftOutNote(TypedDict):
    """A note or reason on an answer to an item the checklist no longer has"""

    id: str
    """full item id, as the answers file names it"""
    note: str | None
    """the respondent's note"""
    reason: str | None
    """why it did not apply"""


@documented
class NotApplicableEntry(ItemHead):
    """One n/a item"""

    reason: str | None
    """why it does not apply"""


@documented
class Charts(TypedDict):
    """Geometry of the HTML report's charts: x and widths in percent of the chart's width, y and heights in pixels"""

    overview: BarChart
    """checklist scores against their targets"""
    sections: list[BarChart]
    """one section chart per checklist, in the order of checklists"""


@documented
class GapReport(TypedDict):
    """The gap report's context, also the JSON report"""

    schema_version: Literal[2]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["report"]
    """the report kind"""
    cxcheck_version: str
    """the cxcheck that made the report"""
    rules: str
    """the scoring rules in one line, with the bands and targets in effect"""
    organisation: str
    """the business assessed"""
    respondent: str
    """who answered"""
    role: str | None
    """the respondent's role"""
    participants: list[str]
    """others present when answering"""
    date: str
    """the date of the answers (ISO 8601)"""
    answers_file: str | None
    """the answers file as given on the command line"""
    bands: BandsEntry
    """band thresholds"""
    targets: TargetsEntry
    """the targets file in effect (all 100 without one)"""
    overall: OverallEntry
    """the whole: the mean of the checklist scores"""
    checklists: list[ChecklistEntry]
    """every checklist scored, in assessment order"""
    priorities: Priorities
    """the items worth improving first, by weight x section weight x gap"""
    strengths: list[StrengthEntry]
    """items answered at the top of their scale"""
    not_applicable: list[NotApplicableEntry]
    """items answered n/a"""
    unanswered: list[ItemHead]
    """items not answered yet"""
    left_out: list[str]
    """answers to items that the checklist's current version no longer has"""
    left_out_notes: list[LeftOutNote]
    """what was written on those answers, so a note outlives its item: only the ones with a note or reason"""
    charts: Charts
    """geometry of the HTML report's charts: x and widths in percent of the chart's width, y and heights in pixels"""
    workbook: WorkbookContext | None
    """the business's own map (docs/workbook.md); null when the answers file holds none"""
    agreed: AgreedEntry | None
    """for an agreed (consensus) file in its workshop folder: a summary, and the workshop's disagreements with
    what was agreed; null otherwise"""


def rules_line(targets: Targets) -> str:
    """The scoring rules in one line, with the bands and targets in effect, for every report's footer."""
    bands = targets.bands
    low, high = number(bands.mediocrity), number(bands.magic)
    return (
        f"{RULES} Bands: misery below {low}, mediocrity from {low} to below {high}, magic from {high}. "
        f"Targets: {number(targets.overall)} unless the targets file says otherwise. "
        f"Priority = item weight x section weight x gap. {RANKING_RULE} Figures to one decimal."
    )


SUMMARY_TOP = 3
"""How many perception gaps, disagreements and priorities a summary names (the workshop report's too)."""


def report_context(
    scorecard: Scorecard, answer_set: AnswerSet, top: int = DEFAULT_TOP, agreed: AgreedWorkshop | None = None
) -> GapReport:
    """The documented context (:class:`GapReport`, version :data:`SCHEMA_VERSION`).

    ``agreed`` is the workshop behind an agreed file (:func:`cxcheck.reports.workshop.agreed_workshop`);
    the summary's priorities are added to it here, cut from the same ranking as the report's.
    """
    targets = scorecard.targets
    bands = targets.bands
    ranked = scorecard.priorities()
    merged: Sequence[Priority] = ranked
    if answer_set.workbook is not None:  # ranks count the map's miseries too (docs/workbook.md)
        from cxcheck.core.journey import priorities

        merged = priorities(scorecard, answer_set.workbook)
    ranking = cut(merged, lambda p: p.priority, top)
    listed = [s for s in ranking.listed if isinstance(s.entry, ItemScore)]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "report",
        "cxcheck_version": __version__,
        "rules": rules_line(targets),
        "organisation": answer_set.organisation,
        "respondent": answer_set.respondent,
        "role": answer_set.role,
        "participants": list(answer_set.participants),
        "date": answer_set.date.isoformat(),
        "answers_file": None if answer_set.path is None else str(answer_set.path),
        "bands": bands.entry(),
        "targets": {
            "overall": number(targets.overall),
            "checklists": {k: number(v) for k, v in targets.checklists.items()},
            "sections": {k: number(v) for k, v in targets.sections.items()},
            "by_item": {k: number(v) for k, v in targets.items.items()},
        },
        "overall": figures(scorecard, scorecard.counts, scorecard),
        "checklists": [_checklist(c, answer_set, scorecard) for c in scorecard.checklists],
        "priorities": {
            "top": top,
            "total": len(ranked),
            "more_tied": ranking.more_tied,
            "ranked": [_priority(s, scorecard) for s in listed],
        },
        "strengths": [
            {**item_head(i), "answer": i.label, "note": None if i.answer is None else i.answer.note}
            for i in scorecard.strengths()
        ],
        "not_applicable": [
            {**item_head(i), "reason": None if i.answer is None else i.answer.reason} for i in _status(scorecard, "n/a")
        ],
        "unanswered": [item_head(i) for i in _status(scorecard, "unanswered")],
        "left_out": sorted(answer_set.stale),
        "left_out_notes": [
            {"id": key, "note": answer.note, "reason": answer.reason}
            for key, answer in sorted(answer_set.stale.items())
            if answer.note is not None or answer.reason is not None
        ],
        "charts": _charts(scorecard),
        "workbook": workbook_context(
            answer_set.workbook, answer_set.workbook_file, ranking.standings, scorecard.target
        ),
        "agreed": None if agreed is None else _agreed(agreed, ranking, scorecard),
    }


def _agreed(workshop: AgreedWorkshop, ranking: Ranking[Priority], scorecard: Scorecard) -> AgreedEntry:
    brief = Ranking(ranking.standings, SUMMARY_TOP)
    return {
        **workshop,
        "priorities": [_priority(s, scorecard) for s in brief.listed if isinstance(s.entry, ItemScore)],
        "priorities_more_tied": brief.more_tied,
    }


def _status(scorecard: Scorecard, status: str) -> list[ItemScore]:
    return [i for i in scorecard.items if i.status == status]


def _counts(counts: Counts) -> CountsEntry:
    return {
        "answered": counts.answered,
        "not_applicable": counts.not_applicable,
        "unanswered": counts.unanswered,
        "applicable": counts.applicable,
        "total": counts.total,
    }


def figures(part: Scorecard | ChecklistScore | SectionScore, counts: Counts, scorecard: Scorecard) -> Figures:
    """A part's figures as every report writes them (the workshop's team figures too)."""
    return {
        "score": shown(part.score),
        "band": scorecard.band(part.score),
        "target": number(part.target),
        "gap": shown(part.gap),
        "coverage": shown(counts.coverage),
        "counts": _counts(counts),
    }


def _checklist(scored: ChecklistScore, answer_set: AnswerSet, scorecard: Scorecard) -> ChecklistEntry:
    checklist = scored.checklist
    return {
        "id": checklist.id,
        "title": checklist.title,
        "description": checklist.description,
        "version": checklist.version,
        "answered_version": answer_set.checklists.get(checklist.id, checklist.version),
        **figures(scored, scored.counts, scorecard),
        "sections": [
            {
                "id": s.section.id,
                "title": s.section.title,
                "weight": number(s.section.weight),
                **figures(s, s.counts, scorecard),
            }
            for s in scored.sections
        ],
        "notes": [_note(i) for s in scored.sections for i in s.items if _written(i)],
    }


def _written(scored: ItemScore) -> bool:
    return scored.answer is not None and (scored.answer.note is not None or scored.answer.reason is not None)


def _note(scored: ItemScore) -> NoteEntry:
    answer, label = scored.answer, scored.label
    assert answer is not None and label is not None, "only an answer carries a note or a reason"
    return {**item_head(scored), "answer": label, "note": answer.note, "reason": answer.reason}


def item_head(scored: ItemScore) -> ItemHead:
    """An item named as every list of items names it: the workshop's team priorities too."""
    return {
        "id": scored.full_id,
        "checklist": scored.checklist.id,
        "checklist_title": scored.checklist.title,
        "section": scored.section.id,
        "section_title": scored.section.title,
        "question": scored.item.question,
        "source": scored.item.source,
        "source_title": source_title(scored.checklist, scored.item),
        "own_addition": scored.item.own_addition,
    }


def _priority(standing: Standing[Priority], scorecard: Scorecard) -> PriorityEntry:
    scored = standing.entry
    assert isinstance(scored, ItemScore), "only items are listed here; the map lists its miseries"
    answer, label, score = scored.answer, scored.label, scored.score
    band = scorecard.band(score)
    assert answer is not None and answer.value is not None, "only answered items have a gap"
    assert label is not None and score is not None and band is not None
    return {
        "rank": standing.rank,
        "tied": standing.tied,
        **item_head(scored),
        "answer": label,
        "value": number(answer.value),
        "score": shown(score),
        "band": band,
        **closing(scored),
        "note": answer.note,
        "action": scored.item.action,
    }


def closing(scored: ItemScore) -> Closing:
    """What closing an answered item's gap is worth, as every priority list writes it."""
    assert scored.gap is not None, "only answered items have a gap"
    return {
        "target": number(scored.target),
        "gap": shown(scored.gap),
        "weight": number(scored.item.weight),
        "section_weight": number(scored.section.weight),
        "priority": shown(scored.priority),
    }


def _charts(scorecard: Scorecard) -> Charts:
    bands = scorecard.targets.bands

    def chart(parts: Sequence[tuple[str, float | None, float]]) -> BarChart:
        bars = [Bar(label, shown(score), target, scorecard.band(score)) for label, score, target in parts]
        return bar_chart(bars, bands.mediocrity, bands.magic)

    return {
        "overview": chart([(c.checklist.title, c.score, c.target) for c in scorecard.checklists]),
        "sections": [chart([(s.section.title, s.score, s.target) for s in c.sections]) for c in scorecard.checklists],
    }
