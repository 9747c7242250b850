"""The workshop report's context: the aggregate as plain, versioned data (the JSON report and template context).

Everything a reader sees of a workshop comes from here: who said what about each
disagreement and the question to ask, team and role scores with their bands, the
perception gaps, the heatmap and the role chart's geometry. It never holds a name or a file
path when the workshop is anonymous.
"""

from __future__ import annotations

import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal, NamedTuple, NotRequired

from typing_extensions import TypedDict

from cxcheck import __version__
from cxcheck.core.aggregate import Gap, ItemView, PerceptionGap, Respondent, Workshop, by_spread
from cxcheck.core.catalog import source_title
from cxcheck.core.ranking import Ranking, Standing
from cxcheck.core.scoring import ChecklistScore, ItemScore, Scorecard, SectionScore, shown
from cxcheck.core.targets import Bands, BandsEntry, Targets
from cxcheck.model import NA, Answer, AnswerSet, BandName, documented, number
from cxcheck.reports.charts import AXIS, INSIDE_FROM, MARGIN, Tick, axis_ticks, x_of
from cxcheck.reports.gap import (
    SUMMARY_TOP,
    AgreedDisagreement,
    AgreedWorkshop,
    Closing,
    Figures,
    Placed,
    SummaryGap,
    closing,
    figures,
    item_head,
    rules_line,
)
from cxcheck.reports.gap import ItemHead as NamedItem
from cxcheck.reports.teammap import TeamMap, team_map_context

SCHEMA_VERSION: Final = 2
DEFAULT_TOP = 10
"""How many priorities, and how many disagreements in detail, a page lists unless told."""
SUMMARY_FROM = 100
"""From more respondents than this, the HTML and Markdown pages summarise: distributions per
item and per role instead of the respondent x item heatmap, who-said-what lists and the
respondents table, which stay in the JSON report (docs/reports.md)."""
DISTRIBUTION_ROWS = 400
"""At most this many items' distributions on a summarised page (those that differ most), so
that it stays under 1.5 MB however many items and respondents there are."""
PORTRAIT_COLUMNS = 5
"""Respondents a printed heatmap fits across a portrait A4 page; more go on a landscape page."""
LANDSCAPE_COLUMNS = 12
"""Respondents a printed heatmap fits across a landscape A4 page; more make further tables (docs/workshops.md)."""
HEATMAP_CELLS = 20_000
Part = Scorecard | ChecklistScore | SectionScore
"""Above this many items x respondents the heatmap keeps only the items that differ most:
a page of two million cells is neither readable nor quick to open."""

ROLE_LABEL = 22
ROLE_BAR = 22
ROLE_GAP = 12
"""Role chart rows in pixels: the checklist's name, then one bar per group, then a gap."""

_VALUE = operator.attrgetter("value")


@documented
class Dates(TypedDict):
    """The span of the answers' dates"""

    first: str
    """the earliest date of an answers file (ISO 8601)"""
    last: str
    """the latest"""


@documented
class ChecklistHead(TypedDict):
    """A checklist every respondent was scored against"""

    id: str
    """checklist id"""
    title: str
    """checklist title"""
    version: str
    """the version scored against"""


@documented
class RespondentEntry(TypedDict):
    """One respondent (a label only, when anonymous)"""

    label: str
    """the name, or role and number when anonymous"""
    role: str | None
    """the role, if given"""
    file: NotRequired[str | None]
    """the answers file; left out when anonymous"""
    date: str
    """the date of the answers (ISO 8601)"""
    checklists: dict[str, str | None]
    """by checklist id: the version answered, null if not named"""
    answered: int
    """items answered with a value"""
    not_applicable: int
    """items answered n/a"""
    left_out: list[str]
    """answers to items that the checklists no longer have"""


@documented
class RoleCount(TypedDict):
    """A role and how many respondents have it"""

    role: str
    """the role ("no role" for respondents without one)"""
    respondents: int
    """how many"""


@documented
class ItemHead(TypedDict):
    """An item's team figures"""

    id: str
    """full item id, checklist-id/item-id"""
    checklist: str
    """checklist id"""
    section: str
    """section id"""
    section_title: str
    """section title"""
    question: str
    """the item's question"""
    source_title: str | None
    """the cited source by title (and author); null for an own addition"""
    own_addition: str | None
    """why the item is asked though no source states it (the checklist's own addition); null when it cites one"""
    mean: float | None
    """the mean answer on the 0..100 scale; null when nobody answered with a value"""
    band: BandName | None
    """the mean's band"""
    spread: float | None
    """highest minus lowest answer on the 0..100 scale"""
    disagreement: bool
    """the spread reaches the disagreement threshold"""


@documented
class Said(TypedDict):
    """What one respondent answered"""

    respondent: str
    """who"""
    role: str | None
    """their role"""
    answer: str
    """the answer's label, or n/a"""
    value: float | Literal["n/a"]
    """the answer's value on the scale, or n/a"""
    score: float | None
    """the answer on the 0..100 scale; null for n/a"""
    band: BandName | None
    """its band"""
    note: str | None
    """the respondent's note"""
    reason: str | None
    """why it does not apply, for n/a"""


@documented
class DisagreementEntry(ItemHead):
    """One item the group disagrees on"""

    rank: int
    """its place by spread; equal spreads share a rank (docs/reports.md "Ranks and ties")"""
    tied: bool
    """another flagged item, listed or not, has the same spread"""

    said: list[Said]
    """every answer, lowest score first"""
    discussion: str
    """the question a facilitator asks about it"""


@documented
class Disagreements(TypedDict):
    """The items whose spread reaches the threshold"""

    count: int
    """how many items are flagged"""
    limit: int | None
    """how many are detailed at most (--disagreements N); null: every one (--disagreements all)"""
    more_tied: int
    """flagged items left out by --disagreements with the same spread as the last one listed"""
    shown: list[DisagreementEntry]
    """the widest ones, at most limit"""


@documented
class RoleFigure(TypedDict):
    """A role's score for the same part"""

    role: str
    """the role"""
    score: float | None
    """the role's score, 0..100 to one decimal; null when nothing was answered"""
    band: BandName | None
    """its band"""


@documented
class _ByRole(TypedDict):
    by_role: list[RoleFigure]
    """every role's score for this part, in role order"""


@documented
class TeamFigures(Figures, _ByRole):
    """The team's figures for a part, with every role's beside them"""


@documented
class _Named(TypedDict):
    id: str
    """the id"""
    title: str
    """the title"""


@documented
class TeamSection(_Named, TeamFigures):
    """A section's team figures"""


@documented
class TeamChecklist(_Named, TeamFigures):
    """A checklist's team figures, with its sections"""

    sections: list[TeamSection]
    """the sections in checklist order"""


@documented
class Scores(TypedDict):
    """Team and role scores"""

    overall: TeamFigures
    """the whole"""
    checklists: list[TeamChecklist]
    """every checklist"""


@documented
class OverallGap(TypedDict):
    """The two roles' overall scores"""

    scores: list[float | None]
    """the first and the second role's"""
    difference: float | None
    """first minus second"""


@documented
class SectionGap(TypedDict):
    """The two roles' scores for one section"""

    checklist: str
    """checklist id"""
    checklist_title: str
    """checklist title"""
    section: str
    """section id"""
    title: str
    """section title"""
    scores: list[float | None]
    """the first and the second role's"""
    bands: list[BandName | None]
    """their bands"""
    difference: float | None
    """first minus second"""


@documented
class GapEntry(TypedDict):
    """Where two roles see the business differently"""

    roles: list[str]
    """the two roles"""
    overall: OverallGap
    """their overall scores"""
    sections: list[SectionGap]
    """the sections they differ on most, widest first; equal differences heavier section first, then checklist order"""
    more_tied: int
    """sections left out by the cut that differ as much as the last one listed"""


@documented
class Column(TypedDict):
    """A heatmap column: one respondent"""

    label: str
    """the respondent's label"""
    role: str | None
    """their role"""


@documented
class Cell(TypedDict):
    """One answer in the heatmap"""

    text: str
    """the answer's label, empty when not answered"""
    score: float | None
    """the answer on the 0..100 scale"""
    band: BandName | None
    """its band"""


@documented
class HeatmapRow(TypedDict):
    """One item's answers across the respondents"""

    id: str
    """full item id"""
    question: str
    """the item's question"""
    own_addition: str | None
    """why the item is asked though no source states it (the checklist's own addition); null when it cites one"""
    spread: float | None
    """highest minus lowest answer on the 0..100 scale"""
    disagreement: bool
    """the spread reaches the threshold"""
    cells: list[Cell]
    """one per respondent, in column order"""


@documented
class Heatmap(TypedDict):
    """Items x respondents, coloured by band"""

    columns: list[Column]
    """the respondents"""
    total_items: int
    """how many items there are; rows may hold fewer (those that differ most)"""
    rows: list[HeatmapRow]
    """the items shown"""
    landscape: bool
    """more respondents than a portrait page holds: printed (PDF, a browser's Print) on a landscape page"""
    per_table: int
    """respondents per table: with more, the page splits the heatmap into tables of this many, so that a
    printed one fits its page"""


@documented
class RoleBar(TypedDict):
    """One bar of the role chart"""

    name: str
    """team, or the role"""
    score: float | None
    """the score drawn"""
    band: BandName | None
    y: float
    width: float
    value_x: float
    value_y: float
    value_anchor: Literal["start", "end"]
    """text-anchor of the score"""
    value_inside: bool
    """the score is written inside the bar"""


@documented
class RoleGroup(TypedDict):
    """One checklist's bars"""

    label: str
    """the checklist's title"""
    label_y: float
    bars: list[RoleBar]
    """the team first, then each role"""


@documented
class RoleChart(TypedDict):
    """Geometry of the role comparison: x in percent of the width, y in pixels"""

    height: float
    x: float
    track_width: float
    bar_height: float
    ticks: list[Tick]
    """axis ticks"""
    groups: list[RoleGroup]
    """one group per checklist"""


@documented
class WorkshopCharts(TypedDict):
    """Geometry of the HTML report's charts"""

    roles: RoleChart
    """team and role scores per checklist"""


@documented
class Note(TypedDict):
    """A respondent's note on an item"""

    respondent: str
    """who wrote it"""
    note: str
    """the note"""


@documented
class ItemEntry(ItemHead):
    """Every item compactly"""

    answered: int
    """respondents who answered it with a value"""
    not_applicable: int
    """respondents who answered n/a"""
    given: NotRequired[list[float | Literal["n/a"] | None]]
    """the answers as written, in respondent order; null: not answered (not ``values``, which a
    template's ``item.values`` would read as the dict method); in the JSON report only, not built for
    the HTML and Markdown pages, which do not show it"""
    notes: list[Note]
    """the notes written on it"""


@documented
class AnswerCount(TypedDict):
    """How many respondents gave one answer"""

    answer: str
    """the answer's label, or n/a"""
    value: float | Literal["n/a"]
    """its value on the scale, or n/a"""
    count: int
    """how many gave it"""
    share: float
    """that count in percent of those who answered the item (n/a included), to one decimal"""
    band: BandName | None
    """the answer's band"""


@documented
class RoleMean(TypedDict):
    """One role's view of an item"""

    role: str
    """the role"""
    mean: float | None
    """the role's mean answer on the 0..100 scale; null when the role gave no value"""
    band: BandName | None
    """its band"""


@documented
class Distribution(ItemHead):
    """One item's answers counted"""

    counts: list[AnswerCount]
    """one per answer on the item's scale, then n/a, in scale order"""
    answered: int
    """respondents who answered it with a value"""
    not_applicable: int
    """respondents who answered n/a"""
    unanswered: int
    """respondents who left it out"""
    by_role: list[RoleMean]
    """every role's mean, in role order"""


@documented
class Summary(TypedDict):
    """What a summarised page shows instead of every answer"""

    active: bool
    """the workshop has more than respondents_from respondents: the pages show distributions, and the
    heatmap, who said what and the respondents table are left to the JSON report"""
    respondents_from: int
    """the number of respondents above which the pages summarise"""
    total_items: int
    """how many items there are; distributions may hold fewer (those that differ most)"""
    distributions: list[Distribution]
    """the items' distributions, in checklist order (empty unless active)"""


@documented
class _TeamScore(TypedDict):
    score: float
    """the team's mean answer on the 0..100 scale: the item's team score"""
    band: BandName
    """its band"""


@documented
class TeamPriorityEntry(Placed, NamedItem, _TeamScore, Closing):
    """One item worth improving, on the team's mean"""

    spread: float | None
    """highest minus lowest answer on the 0..100 scale"""
    disagreement: bool
    """the spread reaches the disagreement threshold: agree on the facts before acting"""
    answered: int
    """respondents who answered it with a value"""
    action: str
    """the first concrete step, from the checklist"""


@documented
class TeamPriorities(TypedDict):
    """The items worth improving first on the team's mean, by weight x section weight x gap"""

    top: int
    """how many are listed at most (--top)"""
    total: int
    """how many items have a gap that counts"""
    more_tied: int
    """how many more share the last listed rank but fall after --top ("and N more at this priority")"""
    ranked: list[TeamPriorityEntry]
    """the top ones, first priority first; equal priorities share a rank (docs/reports.md "Ranks and ties")"""


@documented
class SummaryDisagreement(Placed):
    """One of the widest disagreements, named"""

    id: str
    """full item id"""
    question: str
    """the item's question"""
    spread: float | None
    """highest minus lowest answer on the 0..100 scale"""
    discussion: str
    """the question a facilitator asks about it"""


@documented
class ExecutiveSummary(TypedDict):
    """What the report says in a few lines, up front: where the team stands and what to do"""

    score: float | None
    """the team's overall score, 0..100; null when nothing was answered"""
    band: BandName | None
    """its band"""
    target: float
    """the overall target"""
    gap: float | None
    """max(0, target - score)"""
    respondents: int
    """how many answered"""
    perception_gaps: list[SummaryGap]
    """the biggest perception gaps over every role pair compared, at most three, widest first"""
    perception_gaps_more_tied: int
    """sections left out of those three that differ as much as the last one named"""
    disagreements: list[SummaryDisagreement]
    """the widest disagreements, at most three"""
    disagreements_count: int
    """how many items are flagged in all"""
    disagreements_more_tied: int
    """flagged items left out of those three with the same spread as the last one named"""
    priorities: list[TeamPriorityEntry]
    """the top priorities, at most three, with their first step"""
    priorities_total: int
    """how many items have a gap that counts"""
    priorities_more_tied: int
    """priorities left out of those three that share the last one's rank"""


@documented
class WorkshopReport(TypedDict):
    """The workshop report's context, also the JSON report"""

    schema_version: Literal[2]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["workshop"]
    """the report kind"""
    cxcheck_version: str
    """the cxcheck that made the report"""
    rules: str
    """the scoring and workshop rules in one line"""
    organisation: str
    """the business assessed (the one most answers files name)"""
    dates: Dates
    """the span of the answers' dates"""
    anonymous: bool
    """respondents are shown by role and number only"""
    disagreement_threshold: float
    """a spread from this many points up is a disagreement"""
    bands: BandsEntry
    """band thresholds"""
    checklists: list[ChecklistHead]
    """the checklists scored"""
    executive_summary: ExecutiveSummary
    """what the report says in a few lines, up front"""
    respondents: list[RespondentEntry]
    """everyone who answered"""
    roles: list[RoleCount]
    """the roles and how many have each"""
    disagreements: Disagreements
    """the items the group disagrees on"""
    priorities: TeamPriorities
    """the items worth improving first on the team's mean, each with its first step"""
    scores: Scores
    """team and role scores"""
    perception_gaps: list[GapEntry]
    """where two roles see the business differently"""
    heatmap: Heatmap
    """items x respondents"""
    charts: WorkshopCharts
    """geometry of the HTML report's charts"""
    items: list[ItemEntry]
    """every item's figures"""
    touchpoints: TeamMap | None
    """the shared touch points as each respondent rated them, and where roles disagree; null without maps"""
    notices: list[str]
    """what a reader must know about the inputs"""
    summary: Summary
    """the distributions a large workshop's pages show"""


class End(NamedTuple):
    """One answer given, or ``people`` alike ones when counted (``label`` then unused)."""

    score: float
    role: str | None
    label: str
    text: str
    people: int = 1


def discussion_question(view: ItemView, workshop: Workshop, named: bool = True) -> str:
    """The question a facilitator asks about a disagreement: the two ends, by role where they differ.

    ``On "Do staff decide without asking?", frontline says Rarely and leadership says Always:
    what does each of you see that the other doesn't?`` A page that names no one (``named``
    False) needs only the item's counts per role, which a workshop counted in its store holds
    instead of each respondent's answer.
    """
    if named:
        given = [
            End(s, r.role, r.label, _label(view, a))
            for s, a, r in zip(map(view.score, view.answers), view.answers, workshop.respondents)
            if s is not None and a is not None
        ]
    else:
        given = [
            End(view.scale.normalise(value), role, "", view.scale.label_of(value), count)
            for role in [*workshop.roles, None]
            for value, count in sorted((v, c) for v, c in view.tally.get(role, {}).items() if v is not None)
        ]
    return ends_question(f'"{view.item.question}"', given, named)


def ends_question(subject: str, given: Sequence[End], named: bool = True) -> str:
    """The question about ``subject`` from its two ends, ``given`` every answer (with a score) that was given.

    Items and touch points alike: whoever gave the lowest answer and whoever gave the highest.
    An end is named by its roles only when each of those roles said that answer as a whole
    (``frontline says Never`` while another frontline said Often would put words in their
    mouth), and then every such role is named. Otherwise up to three people are named, and a
    larger end is counted rather than represented by two picked from it; with ``named`` False
    (a page that lists no one by name) people are always counted. How many answered in
    between is said too, so that the two ends are not read as the whole room.
    """
    low = min(e.score for e in given)
    high = max(e.score for e in given)
    lows = [e for e in given if e.score == low]
    highs = [e for e in given if e.score == high]
    members = _by_role(given)
    between = members.total() - _by_role(lows).total() - _by_role(highs).total()

    def whole_roles(group: list[End]) -> list[str] | None:
        """The roles of ``group`` when every respondent of each is in it (and everyone has a role), else None."""
        present = _by_role(group)
        if None in members or any(count != members[role] for role, count in present.items()):
            return None
        return [str(role) for role in present]

    low_roles, high_roles = whole_roles(lows), whole_roles(highs)
    by_role = low_roles is not None and high_roles is not None and low_roles != high_roles

    def says(group: list[End], roles: list[str] | None) -> str:
        size = _by_role(group).total()
        if by_role and roles is not None:
            names = roles
        elif named and size <= 3:
            names = [e.label for e in group]
        else:
            names = [f"{size} respondent{'s' if size > 1 else ''}"]
        many = len(names) > 1 or size > 1 and not by_role
        who = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        return f"{who} {'say' if many else 'says'} {group[0].text}"

    middle = f", with {between} in between" if between else ""
    return (
        f"On {subject}, {says(lows, low_roles)} and {says(highs, high_roles)}{middle}: "
        "what does each of you see that the other doesn't?"
    )


def _by_role(ends: Iterable[End]) -> Counter[str | None]:
    """How many answered, per role, in the order the roles first come."""
    counts: Counter[str | None] = Counter()
    for end in ends:
        counts[end.role] += end.people
    return counts


def _label(view: ItemView, answer: Answer) -> str:
    return view.scale.label_of(answer.value)


def workshop_context(
    workshop: Workshop,
    top: int = DEFAULT_TOP,
    heatmap_cells: int = HEATMAP_CELLS,
    page: bool = False,
    disagreements: int | None = DEFAULT_TOP,
) -> WorkshopReport:
    """The documented, versioned context of the workshop report (also the JSON report).

    ``top`` bounds the priorities, ``disagreements`` (None: all) the "Where you disagree"
    details and ``heatmap_cells`` the heatmap, so that
    the size of a report grows with what a person can read, not with the number of answers;
    every item's figures are still listed under ``items``. ``page`` True builds the context for
    the HTML and Markdown pages, leaving out what they never show: each item's answers in
    respondent order (two million values for the benchmark workshop) and, above
    :data:`SUMMARY_FROM` respondents, the heatmap and who said what, which the page replaces
    with distributions. The JSON report and other formats carry everything.
    """
    targets = workshop.targets
    census = workshop.census
    flagged = workshop.disagreements(disagreements)
    ranked = workshop.priorities(top)
    views = {v.full_id: v for v in workshop.items}
    scores = _scores(workshop)
    summarised = census.respondents > SUMMARY_FROM
    brief = page and summarised
    if workshop.counted and not brief:
        raise ValueError("a workshop counted in its store makes only the pages that summarise")
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "workshop",
        "cxcheck_version": __version__,
        "rules": f"{rules_line(targets)} Workshop: item means and spreads (highest minus lowest answer) are on "
        "the 0..100 scale; team and role scores apply these rules to the item means of everyone, or of the role.",
        "organisation": census.organisation,
        "dates": {"first": census.first.isoformat(), "last": census.last.isoformat()},
        "anonymous": workshop.anonymous,
        "disagreement_threshold": number(workshop.threshold),
        "bands": targets.bands.entry(),
        "checklists": [{"id": c.id, "title": c.title, "version": c.version} for c in workshop.checklists],
        "executive_summary": _executive_summary(workshop, flagged, ranked, views, named=not brief),
        "respondents": [] if brief else [_respondent_entry(r, workshop) for r in workshop.respondents],
        "roles": [{"role": role, "respondents": count} for role, count in census.roles.items()],
        "disagreements": {
            "count": flagged.total,
            "limit": disagreements,
            "more_tied": flagged.more_tied,
            "shown": [_disagreement_entry(s, workshop, brief) for s in flagged.listed],
        },
        "priorities": {
            "top": top,
            "total": ranked.total,
            "more_tied": ranked.more_tied,
            "ranked": [_team_priority(s, workshop, views) for s in ranked.listed],
        },
        "scores": scores,
        "perception_gaps": [_gap_entry(g, targets) for g in workshop.gaps],
        "heatmap": _heatmap(workshop, heatmap_cells, brief),
        "charts": {"roles": _role_chart(scores["checklists"])},
        "items": [_item_entry(v, targets, not page) for v in workshop.items],
        "touchpoints": team_map_context(workshop),
        "notices": list(workshop.notices),
        "summary": {
            "active": summarised,
            "respondents_from": SUMMARY_FROM,
            "total_items": len(workshop.items),
            "distributions": _distributions(workshop) if summarised else [],
        },
    }


def _executive_summary(
    workshop: Workshop,
    flagged: Ranking[ItemView],
    ranked: Ranking[ItemScore],
    views: Mapping[str, ItemView],
    named: bool = True,
) -> ExecutiveSummary:
    """The top of each list, cut at :data:`SUMMARY_TOP` by the one ranking rule: what a reader acts on first."""
    team = workshop.team
    widest = workshop.widest_gaps(SUMMARY_TOP)
    disagreements = Ranking(flagged.standings, SUMMARY_TOP)
    priorities = Ranking(ranked.standings, SUMMARY_TOP)
    return {
        "score": shown(team.score),
        "band": team.band(team.score),
        "target": number(team.target),
        "gap": shown(team.gap),
        "respondents": workshop.census.respondents,
        "perception_gaps": [_summary_gap(s) for s in widest.listed],
        "perception_gaps_more_tied": widest.more_tied,
        "disagreements": [
            {
                "rank": s.rank,
                "tied": s.tied,
                "id": s.entry.full_id,
                "question": s.entry.item.question,
                "spread": shown(s.entry.spread),
                "discussion": discussion_question(s.entry, workshop, named),
            }
            for s in disagreements.listed
        ],
        "disagreements_count": flagged.total,
        "disagreements_more_tied": disagreements.more_tied,
        "priorities": [_team_priority(s, workshop, views) for s in priorities.listed],
        "priorities_total": priorities.total,
        "priorities_more_tied": priorities.more_tied,
    }


def agreed_workshop(workshop: Workshop, agreed: AnswerSet, limit: int | None = DEFAULT_TOP) -> AgreedWorkshop:
    """The workshop behind an agreed file, as its report shows it: the gaps and disagreements there were, and
    what the group agreed on each (``limit`` None: every disagreement)."""
    flagged = workshop.disagreements(limit)
    brief = Ranking(flagged.standings, SUMMARY_TOP)
    widest = workshop.widest_gaps(SUMMARY_TOP)

    def entry(standing: Standing[ItemView]) -> AgreedDisagreement:
        view = standing.entry
        answer = agreed.answers.get(view.full_id)
        score = view.score(answer)
        return {
            "rank": standing.rank,
            "tied": standing.tied,
            "id": view.full_id,
            "question": view.item.question,
            "section_title": view.section.title,
            "spread": shown(view.spread),
            "mean": shown(view.mean),
            "discussion": discussion_question(view, workshop),
            "agreed": None if answer is None else _label(view, answer),
            "score": shown(score),
            "band": workshop.targets.bands.name(score),
            "note": None if answer is None else answer.note,
        }

    return {
        "respondents": len(workshop.respondents),
        "disagreement_threshold": number(workshop.threshold),
        "perception_gaps": [_summary_gap(s) for s in widest.listed],
        "perception_gaps_more_tied": widest.more_tied,
        "summary_disagreements": [entry(s) for s in brief.listed],
        "summary_disagreements_more_tied": brief.more_tied,
        "disagreements": {
            "count": flagged.total,
            "limit": limit,
            "more_tied": flagged.more_tied,
            "shown": [entry(s) for s in flagged.listed],
        },
        "notices": list(workshop.notices),
    }


def _summary_gap(standing: Standing[tuple[tuple[str, str], Gap]]) -> SummaryGap:
    roles, gap = standing.entry
    return {
        "rank": standing.rank,
        "tied": standing.tied,
        "roles": list(roles),
        "checklist_title": gap.checklist.title,
        "section": gap.section.id,
        "title": gap.section.title,
        "scores": [shown(gap.first), shown(gap.second)],
        "difference": shown(gap.difference),
    }


def _team_priority(
    standing: Standing[ItemScore], workshop: Workshop, views: Mapping[str, ItemView]
) -> TeamPriorityEntry:
    """A team priority as the gap report writes one, with the team's spread in place of one person's answer."""
    scored = standing.entry
    view = views[scored.full_id]
    score, band = scored.score, workshop.team.band(scored.score)
    assert score is not None and band is not None, "only items with a team mean have a gap"
    return {
        "rank": standing.rank,
        "tied": standing.tied,
        **item_head(scored),
        "score": shown(score),
        "band": band,
        **closing(scored),
        "spread": shown(view.spread),
        "disagreement": view.disagreement,
        "answered": view.answered,
        "action": scored.item.action,
    }


def _respondent_entry(respondent: Respondent, workshop: Workshop) -> RespondentEntry:
    answer_set = respondent.answer_set
    not_applicable = list(map(_VALUE, answer_set.answers.values())).count(None)
    entry: RespondentEntry = {
        "label": respondent.label,
        "role": respondent.role,
        "file": None if answer_set.path is None else str(answer_set.path),
        "date": answer_set.date.isoformat(),
        "checklists": {c.id: answer_set.checklists.get(c.id) for c in workshop.checklists},
        "answered": len(answer_set.answers) - not_applicable,
        "not_applicable": not_applicable,
        "left_out": sorted(answer_set.stale),
    }
    if workshop.anonymous:
        del entry["file"]
    return entry


def _who_said(view: ItemView, respondents: Sequence[Respondent], bands: Bands) -> list[Said]:
    said: list[Said] = []
    for answer, respondent in zip(view.answers, respondents):
        if answer is None:
            continue
        said.append(
            {
                "respondent": respondent.label,
                "role": respondent.role,
                "answer": _label(view, answer),
                "value": NA if answer.value is None else number(answer.value),
                "score": shown(view.score(answer)),
                "band": bands.name(view.score(answer)),
                "note": answer.note,
                "reason": answer.reason,
            }
        )
    said.sort(key=lambda s: 101.0 if s["score"] is None else s["score"])
    return said


def _item_head(view: ItemView, targets: Targets) -> ItemHead:
    return {
        "id": view.full_id,
        "checklist": view.checklist.id,
        "section": view.section.id,
        "section_title": view.section.title,
        "question": view.item.question,
        "source_title": source_title(view.checklist, view.item),
        "own_addition": view.item.own_addition,
        "mean": shown(view.mean),
        "band": targets.bands.name(view.mean),
        "spread": shown(view.spread),
        "disagreement": view.disagreement,
    }


def _disagreement_entry(standing: Standing[ItemView], workshop: Workshop, brief: bool) -> DisagreementEntry:
    view = standing.entry
    return {
        "rank": standing.rank,
        "tied": standing.tied,
        **_item_head(view, workshop.targets),
        "said": [] if brief else _who_said(view, workshop.respondents, workshop.targets.bands),
        "discussion": discussion_question(view, workshop, named=not brief),
    }


def _distributions(workshop: Workshop) -> list[Distribution]:
    """Each item's answers counted, and each role's mean: what a page of thousands of respondents shows.

    Only the :data:`DISTRIBUTION_ROWS` items with the widest spread when there are more, kept
    in checklist order. The counts are the item's tally (:attr:`ItemView.tally`), summed over the roles.
    """
    views = list(workshop.items)
    if len(views) > DISTRIBUTION_ROWS:
        ranked = sorted(range(len(views)), key=lambda n: -(views[n].spread or 0.0))[:DISTRIBUTION_ROWS]
        views = [views[n] for n in sorted(ranked)]
    bands = workshop.targets.bands
    rows: list[Distribution] = []
    for view in views:
        counted = sum(view.tally.values(), Counter[float | None]())
        given = view.answered + view.not_applicable
        counts: list[AnswerCount] = [
            _count(
                option.label,
                number(option.value),
                counted[option.value],
                given,
                bands.name(view.score(Answer(option.value))),
            )
            for option in view.scale.options
        ]
        counts.append(_count(NA, NA, view.not_applicable, given, None))
        by_role: list[RoleMean] = []
        for role in workshop.roles:
            mean = view.score(view.group_answers.get(role))
            by_role.append({"role": role, "mean": shown(mean), "band": bands.name(mean)})
        rows.append(
            {
                **_item_head(view, workshop.targets),
                "counts": counts,
                "answered": view.answered,
                "not_applicable": view.not_applicable,
                "unanswered": workshop.census.respondents - given,
                "by_role": by_role,
            }
        )
    return rows


def _count(answer: str, value: float | Literal["n/a"], count: int, given: int, band: BandName | None) -> AnswerCount:
    share = shown(100 * count / given) if given else 0.0
    return {"answer": answer, "value": value, "count": count, "share": share, "band": band}


def _item_entry(view: ItemView, targets: Targets, values: bool) -> ItemEntry:
    """Every item compactly: ``given`` lines up with the respondents (null: not answered).

    The pages (``values`` False) show neither each answer nor the notes (who said what shows
    those), so they get neither.
    """
    entry: ItemEntry = {
        **_item_head(view, targets),
        "answered": view.answered,
        "not_applicable": view.not_applicable,
        "notes": [{"respondent": label, "note": note} for label, note in view.notes] if values else [],
    }
    if values:
        as_written: dict[float | None, float | Literal["n/a"]] = {o.value: number(o.value) for o in view.scale.options}
        as_written[None] = NA
        entry["given"] = [None if a is None else as_written.get(a.value) for a in view.answers]
    return entry


def _scores(workshop: Workshop) -> Scores:
    """Team figures as in a single report, each with every role's score beside it.

    Every scorecard was scored from the same checklists, so the role cards line up with the
    team's checklist by checklist and section by section.
    """
    team = workshop.team
    cards = list(workshop.roles.items())

    def part(scored: Part, by_role: Sequence[tuple[str, Part]]) -> TeamFigures:
        return {
            **figures(scored, scored.counts, team),
            "by_role": [
                {"role": role, "score": shown(p.score), "band": team.targets.bands.name(p.score)} for role, p in by_role
            ],
        }

    checklists: list[TeamChecklist] = []
    for n, checklist in enumerate(team.checklists):
        role_checklists = [(role, card.checklists[n]) for role, card in cards]
        sections: list[TeamSection] = [
            {
                "id": section.section.id,
                "title": section.section.title,
                **part(section, [(role, c.sections[m]) for role, c in role_checklists]),
            }
            for m, section in enumerate(checklist.sections)
        ]
        checklists.append(
            {
                "id": checklist.checklist.id,
                "title": checklist.checklist.title,
                **part(checklist, role_checklists),
                "sections": sections,
            }
        )
    return {"overall": part(team, cards), "checklists": checklists}


def _role_chart(checklists: list[TeamChecklist]) -> RoleChart:
    """Geometry of the role comparison: per checklist, a bar for the team and one per role.

    Drawn like the gap report's charts (:mod:`cxcheck.reports.charts`): x in percent of the width, y
    in pixels, the bar coloured by band and always labelled with who and how much, so a
    reader needs neither colour nor a legend.
    """
    groups: list[RoleGroup] = []
    top = 0
    for checklist in checklists:
        bars: list[RoleBar] = []
        named: list[tuple[str, TeamChecklist | RoleFigure]] = [("team", checklist)]
        named += [(r["role"], r) for r in checklist["by_role"]]
        for n, (name, figure) in enumerate(named):
            value = figure["score"]
            end = x_of(value if value is not None else 0.0)
            inside = value is not None and value >= INSIDE_FROM
            y = top + ROLE_LABEL + n * ROLE_BAR
            bars.append(
                {
                    "name": name,
                    "score": value,
                    "band": figure["band"],
                    "y": y,
                    "width": round(end - MARGIN, 2),
                    "value_x": round(end - 1 if inside else end + 1, 2),
                    "value_y": y + ROLE_BAR - 7,
                    "value_anchor": "end" if inside else "start",
                    "value_inside": inside,
                }
            )
        groups.append({"label": checklist["title"], "label_y": top + ROLE_LABEL - 6, "bars": bars})
        top += ROLE_LABEL + len(bars) * ROLE_BAR + ROLE_GAP
    return {
        "height": top + AXIS,
        "x": MARGIN,
        "track_width": round(100 - 2 * MARGIN, 2),
        "bar_height": ROLE_BAR - 4,
        "ticks": axis_ticks(top),
        "groups": groups,
    }


def _gap_entry(gap: PerceptionGap, targets: Targets) -> GapEntry:
    first, second = gap.roles
    overall_difference = (
        None if gap.first.score is None or gap.second.score is None else gap.first.score - gap.second.score
    )
    return {
        "roles": [first, second],
        "overall": {
            "scores": [shown(gap.first.score), shown(gap.second.score)],
            "difference": shown(overall_difference),
        },
        "sections": [
            {
                "checklist": g.checklist.id,
                "checklist_title": g.checklist.title,
                "section": g.section.id,
                "title": g.section.title,
                "scores": [shown(g.first), shown(g.second)],
                "bands": [targets.bands.name(g.first), targets.bands.name(g.second)],
                "difference": shown(g.difference),
            }
            for g in gap.sections
        ],
        "more_tied": gap.more_tied,
    }


def _heatmap(workshop: Workshop, max_cells: int, brief: bool = False) -> Heatmap:
    """Items x respondents, coloured by band; the items that differ most when all would not fit.

    A page that summarises (``brief``) shows none, and gets an empty one.
    """
    columns = len(workshop.respondents) or 1
    rows = [] if brief else list(workshop.items)
    if len(rows) * columns > max_cells:
        keep = max(1, max_cells // columns)
        kept = {id(s.entry) for s in by_spread(rows, keep).listed}
        rows = [v for v in rows if id(v) in kept]
    bands = workshop.targets.bands
    return {
        "columns": [] if brief else [{"label": r.label, "role": r.role} for r in workshop.respondents],
        "total_items": len(workshop.items),
        "landscape": not brief and len(workshop.respondents) > PORTRAIT_COLUMNS,
        "per_table": LANDSCAPE_COLUMNS,
        "rows": [
            {
                "id": view.full_id,
                "question": view.item.question,
                "own_addition": view.item.own_addition,
                "spread": shown(view.spread),
                "disagreement": view.disagreement,
                "cells": [
                    {
                        "text": "" if answer is None else _label(view, answer),
                        "score": shown(view.score(answer)),
                        "band": bands.name(view.score(answer)),
                    }
                    for answer in view.answers
                ],
            }
            for view in rows
        ],
    }
