"""Several respondents over the same checklists: what each said, where they differ, and the team view.

A workshop's value is in the differences, so the unit here is the item seen by everyone at
once: each respondent's answer, the mean and the spread on the common 0..100 scale, and a
disagreement flag. Team and per-role scores are *not* computed with rules of our own: the
item means are turned back into answers on each item's scale and handed to
:func:`cxcheck.scoring.score`, so a workshop section scores exactly as a single respondent's
would if they had answered the mean.

Everything is one pass over items x respondents (issue 7 aggregates 50 checklists x 200
items x 200 respondents); nothing compares respondents pairwise. The output of
:func:`workshop_context` is plain data (the JSON report and the templates' context), and it
never holds a name or a file path when ``anonymous`` is set.
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cxcheck import __version__, collector
from cxcheck.core.catalog import Catalog
from cxcheck.core.scoring import Scorecard, score, shown
from cxcheck.core.targets import Bands, Targets
from cxcheck.errors import CxError
from cxcheck.model import NA, Answer, AnswerSet, Checklist, Item, Scale, Section, number
from cxcheck.reports.charts import AXIS, INSIDE_FROM, MARGIN, TICKS, x_of
from cxcheck.reports.gap import _figures as report_figures
from cxcheck.reports.gap import rules_line

SCHEMA_VERSION = 1
DEFAULT_THRESHOLD = 50.0
DEFAULT_PAIR = ("leadership", "frontline")
SUGGESTED_ROLES = ("leadership", "manager", "frontline", "customer-facing", "back-office")
"""The roles the docs suggest; they also fix the order roles are shown in."""

HEATMAP_CELLS = 20_000
"""Above this many items x respondents the heatmap keeps only the items that differ most:
a page of two million cells is neither readable nor quick to open."""

ROLE_LABEL = 22
ROLE_BAR = 22
ROLE_GAP = 12
"""Role chart rows in pixels: the checklist's name, then one bar per group, then a gap."""

_EPSILON = 1e-9
"""Scales like 0..3 give spreads such as 66.666...; a threshold is met up to rounding."""
_VALUE = operator.attrgetter("value")
_NOTE = operator.attrgetter("note")
_NONES = itertools.repeat(None)
"""An endless second argument for ``map(operator.is_, ...)``: which answers are missing, in C."""


@dataclass(frozen=True)
class Respondent:
    """One answers file as the workshop shows it: ``label`` is the name, or ``frontline 1`` when anonymous."""

    label: str
    role: str | None
    answer_set: AnswerSet


@dataclass(frozen=True)
class ItemView:
    """One item across the team; ``answers`` lines up with the respondents.

    ``group_answers`` holds, per role (and ``None`` for the whole team), the group's mean as
    one answer on the item's scale, or n/a when the group only said n/a; a group that did not
    answer the item has no entry. Scoring those answers gives the group scores.
    """

    checklist: Checklist
    section: Section
    item: Item
    scale: Scale
    answers: tuple[Answer | None, ...]
    mean: float | None
    spread: float | None
    disagreement: bool
    answered: int
    not_applicable: int
    group_answers: dict[str | None, Answer]

    @property
    def full_id(self) -> str:
        return self.checklist.full_id(self.item)

    def score(self, answer: Answer | None) -> float | None:
        """One respondent's answer on the 0..100 scale (None for n/a or no answer)."""
        return None if answer is None or answer.value is None else self.scale.normalise(answer.value)


@dataclass(frozen=True)
class Gap:
    """A section that two roles see differently: ``difference`` is first minus second."""

    checklist: Checklist
    section: Section
    first: float
    second: float

    @property
    def difference(self) -> float:
        return self.first - self.second


@dataclass(frozen=True)
class PerceptionGap:
    """How one role pair's scores differ, sections that differ most first."""

    roles: tuple[str, str]
    first: Scorecard
    second: Scorecard
    sections: tuple[Gap, ...]


@dataclass(frozen=True)
class Workshop:
    """The whole aggregate: the figures every workshop format and the consensus walk read."""

    checklists: tuple[Checklist, ...]
    respondents: tuple[Respondent, ...]
    items: tuple[ItemView, ...]
    team: Scorecard
    roles: dict[str, Scorecard]
    gaps: tuple[PerceptionGap, ...]
    threshold: float
    anonymous: bool
    notices: tuple[str, ...] = field(default=())

    @property
    def targets(self) -> Targets:
        return self.team.targets

    def disagreements(self) -> list[ItemView]:
        """Flagged items, largest spread first; ties keep checklist order."""
        flagged = [i for i in self.items if i.disagreement]
        flagged.sort(key=lambda i: -(i.spread or 0.0))
        return flagged


def answered_checklists(catalog: Catalog, answer_sets: Iterable[AnswerSet]) -> list[Checklist]:
    """Every checklist any respondent answered, in the catalog's order.

    Files name the checklists they answer in their header, so an answers file's ids are only
    split where some of them fall outside the checklists already found: checking that is a
    set comparison in C, splitting is a step in Python for each of millions of answers.
    """
    answer_sets = list(answer_sets)
    ids: set[str] = set()
    for answer_set in answer_sets:
        ids.update(answer_set.checklists)
    covered = {full_id for full_id in catalog.items if full_id.partition("/")[0] in ids}
    for answer_set in answer_sets:
        if not answer_set.answers.keys() <= covered:
            ids.update(full_id.partition("/")[0] for full_id in answer_set.answers)
    return [e.checklist for e in catalog if e.checklist.id in ids]


def role_key(role: str | None) -> str | None:
    """Roles are free text: ``Frontline `` and ``frontline`` are the same role."""
    cleaned = " ".join((role or "").split()).casefold()
    return cleaned or None


@collector.paused()
def aggregate(
    checklists: Sequence[Checklist],
    answer_sets: Sequence[AnswerSet],
    targets: Targets | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    role_pairs: Sequence[tuple[str, str]] | None = None,
    anonymous: bool = False,
    gap_sections: int = 5,
    notices: Sequence[str] = (),
) -> Workshop:
    """Aggregate ``answer_sets`` over ``checklists``; ``role_pairs`` None means the default pair.

    The default compares leadership with frontline when both took part, and otherwise every
    pair of roles present, so that a workshop of owners and managers still sees its gaps.
    Pairs named explicitly must name roles that took part (a typo would otherwise show
    nothing, silently). ``notices`` are what the caller set aside on the way (an agreed file
    in the folder); they are reported first.
    """
    if not 0 < threshold <= 100:
        raise CxError(f"the disagreement threshold must be above 0 and at most 100 points, got {number(threshold)}")
    if not answer_sets:
        raise CxError("a workshop needs at least one answers file")
    targets = targets or Targets()
    respondents = _respondents(answer_sets, anonymous)
    items = tuple(_item_views(checklists, respondents, threshold))
    roles = {
        role: score(checklists, _group_answers(items, role), targets)
        for role in _role_order([r.role for r in respondents])
    }
    team = score(checklists, _group_answers(items, None), targets)
    pairs, pair_notices = _pairs(role_pairs, list(roles))
    gaps = tuple(_gap(pair, roles, gap_sections) for pair in pairs)
    notices = [*notices, *_respondent_notices(respondents, checklists), *pair_notices]
    return Workshop(
        tuple(checklists), respondents, items, team, roles, gaps, float(threshold), anonymous, tuple(notices)
    )


def _respondents(answer_sets: Sequence[AnswerSet], anonymous: bool) -> tuple[Respondent, ...]:
    roles = [role_key(s.role) for s in answer_sets]
    if anonymous:
        seen: Counter[str] = Counter()
        labels = []
        for role in roles:
            base = role or "respondent"
            seen[base] += 1
            labels.append(f"{base} {seen[base]}")
    else:
        labels = _unique([s.respondent for s in answer_sets])
    return tuple(Respondent(label, role, s) for label, role, s in zip(labels, roles, answer_sets))


def _unique(names: list[str]) -> list[str]:
    """Two files by the same name stay two columns: ``Ann`` and ``Ann (2)``."""
    seen: Counter[str] = Counter()
    labels = []
    for name in names:
        seen[name] += 1
        labels.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return labels


def _item_views(
    checklists: Sequence[Checklist], respondents: Sequence[Respondent], threshold: float
) -> Iterable[ItemView]:
    """The one pass over items x respondents, so kept to C-level builtins.

    Answers are taken a respondent at a time (see :func:`_column`) and the columns then
    turned into one row per item. Normalising is affine, so means and spreads are taken on
    the raw scale values and only the results are normalised; and since roles partition the
    respondents, the team's sum, count, minimum and maximum are put together from the
    roles' instead of a second pass.
    """
    answer_maps = [r.answer_set.answers for r in respondents]
    partition: dict[str | None, list[int]] = {}
    for index, respondent in enumerate(respondents):
        partition.setdefault(respondent.role, []).append(index)
    pickers = [(role, _picker(indices)) for role, indices in partition.items()]
    parts = [(checklist, section, item) for checklist in checklists for section, item in checklist.items]
    full_ids = [checklist.full_id(item) for checklist, _, item in parts]
    columns = [_column(m, full_ids) for m in answer_maps]
    value_columns = [[None if a is None else a.value for a in column] for column in columns]
    for (checklist, section, item), answers, values in zip(parts, zip(*columns), zip(*value_columns)):
        scale = checklist.scale_of(item)
        groups: dict[str | None, Answer] = {}
        total = count = 0.0
        lows, highs = [], []
        gaps = values.count(None)  # unanswered or n/a; in most workshops, none
        for role, pick in pickers:
            mine = pick(values)
            if gaps:
                mine = [v for v in mine if v is not None]
            if mine:
                subtotal = sum(mine)
                total += subtotal
                count += len(mine)
                lows.append(min(mine))
                highs.append(max(mine))
                if role is not None:
                    groups[role] = Answer(subtotal / len(mine))
            elif role is not None and any(a is not None for a in pick(answers)):
                groups[role] = Answer(None)
        responses = len(answers)
        if gaps:
            responses -= sum(map(operator.is_, answers, _NONES))
        mean = spread = None
        if count:
            groups[None] = Answer(total / count)
            mean = scale.normalise(total / count)
            spread = (max(highs) - min(lows)) / (scale.high - scale.low) * 100
        elif responses:
            groups[None] = Answer(None)
        flagged = count > 1 and spread is not None and spread >= threshold - _EPSILON
        yield ItemView(
            checklist,
            section,
            item,
            scale,
            answers,
            mean,
            spread,
            flagged,
            int(count),
            responses - int(count),
            groups,
        )


def _column(answers: dict[str, Answer], full_ids: list[str]) -> list[Answer | None]:
    """Each item's answer (None: not answered), in the order of ``full_ids``.

    A file that answers every item holds them in item order, as cxcheck writes it; reading
    such a dict in order instead of looking each id up takes a tenth off aggregating a
    workshop of 200 respondents to 10,000 items (0.88 s instead of 0.97 s).
    """
    if len(answers) == len(full_ids) and list(answers) == full_ids:
        return list(answers.values())
    return list(map(answers.get, full_ids))


def _picker(indices: list[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """A fast ``lambda seq: [seq[i] for i in indices]`` (``itemgetter`` returns a bare value for one index)."""
    if len(indices) == 1:
        only = indices[0]
        return lambda seq: (seq[only],)
    return operator.itemgetter(*indices)


def _group_answers(items: Iterable[ItemView], group: str | None) -> dict[str, Answer]:
    """A group's answers as if one respondent had given them, ready for :func:`scoring.score`.

    An item only n/a for the group is n/a; an item nobody in the group answered is left out
    (unanswered), exactly as the scoring rules treat a single respondent.
    """
    return {view.full_id: view.group_answers[group] for view in items if group in view.group_answers}


def _role_order(roles: Sequence[str | None]) -> list[str]:
    """Suggested roles in their order, then others as they first appear."""
    rank = {role: n for n, role in enumerate(SUGGESTED_ROLES)}
    present = [r for r in dict.fromkeys(roles) if r is not None]
    return sorted(present, key=lambda r: rank.get(r, len(rank)))


def _pairs(requested: Sequence[tuple[str, str]] | None, present: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    if requested is not None:
        pairs = [(role_key(a) or "", role_key(b) or "") for a, b in requested]
        for pair in pairs:
            missing = [r for r in pair if r not in present]
            if missing:
                raise CxError(
                    f"--roles {','.join(pair)}: no respondent has the role '{missing[0]}' "
                    f"(roles present: {', '.join(present) or 'none'})"
                )
            if pair[0] == pair[1]:
                raise CxError(f"--roles {','.join(pair)}: name two different roles")
        return pairs, []
    if len(present) < 2:
        return [], [
            "No perception gaps: they compare roles, and fewer than two roles took part "
            "(each participant gives one with `cxcheck assess --role ROLE`)."
        ]
    if all(r in present for r in DEFAULT_PAIR):
        return [DEFAULT_PAIR], []
    return list(itertools.combinations(present, 2)), []


def _gap(pair: tuple[str, str], roles: Mapping[str, Scorecard], top: int) -> PerceptionGap:
    first, second = roles[pair[0]], roles[pair[1]]
    gaps = [
        Gap(a.checklist, sa.section, sa.score, sb.score)
        for a, b in zip(first.checklists, second.checklists)
        for sa, sb in zip(a.sections, b.sections)
        if sa.score is not None and sb.score is not None
    ]
    gaps.sort(key=lambda g: -abs(g.difference))
    return PerceptionGap(pair, first, second, tuple(gaps[:top]))


def _respondent_notices(respondents: Sequence[Respondent], checklists: Sequence[Checklist]) -> list[str]:
    """What a reader must know to trust the figures: old checklist versions, missing roles."""
    notices = []
    for respondent in respondents:
        answer_set = respondent.answer_set
        for checklist in checklists:
            answered = answer_set.checklists.get(checklist.id)
            if answered is None or answered == checklist.version:
                continue
            prefix = f"{checklist.id}/"
            left_out = sorted(k for k in answer_set.stale if k.startswith(prefix))
            dropped = (
                f"; {len(left_out)} answer(s) to items no longer in it left out: {_few(left_out)}" if left_out else ""
            )
            notices.append(
                f"{respondent.label} answered {checklist.id} version {answered}, not the current "
                f"{checklist.version}; items new since then count as unanswered for them{dropped}."
            )
    without = [r.label for r in respondents if r.role is None]
    if without and len(without) < len(respondents):
        notices.append(f"No role given by {_few(without)}: counted in the team scores, in no role's.")
    organisations = sorted({r.answer_set.organisation for r in respondents})
    if len(organisations) > 1:
        notices.append(f"The answers files name different organisations: {', '.join(organisations)}.")
    return notices


def _few(names: Sequence[str], shown: int = 5) -> str:
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


# -- the report context ---------------------------------------------------------------------


def discussion_question(view: ItemView, respondents: Sequence[Respondent]) -> str:
    """The question a facilitator asks about a disagreement: the two ends, by role where they differ.

    ``On "Do staff decide without asking?", frontline says Rarely and leadership says Always:
    what does each of you see that the other doesn't?``
    """
    given = [(s, r) for s, r in zip(map(view.score, view.answers), respondents) if s is not None]
    low = min(s for s, _ in given)
    high = max(s for s, _ in given)
    lows = [r for s, r in given if s == low]
    highs = [r for s, r in given if s == high]
    low_roles = {r.role for r in lows}
    high_roles = {r.role for r in highs}
    by_role = len(low_roles) == 1 and len(high_roles) == 1 and None not in low_roles | high_roles
    by_role = by_role and low_roles != high_roles

    def who(group: list[Respondent]) -> str:
        if by_role:
            return str(group[0].role)
        labels = [r.label for r in group]
        if len(labels) > 3:
            return f"{', '.join(labels[:2])} and {len(labels) - 2} others"
        return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"

    def verb(group: list[Respondent]) -> str:
        return "says" if by_role or len(group) == 1 else "say"

    low_text = _label(view, lows[0].answer_set.answers[view.full_id])
    high_text = _label(view, highs[0].answer_set.answers[view.full_id])
    return (
        f'On "{view.item.question}", {who(lows)} {verb(lows)} {low_text} and {who(highs)} {verb(highs)} '
        f"{high_text}: what does each of you see that the other doesn't?"
    )


def _label(view: ItemView, answer: Answer) -> str:
    if answer.value is None:
        return NA
    option = view.scale.option_for(answer.value)
    return option.label if option is not None else str(number(answer.value))


def _figure(value: float | None, targets: Targets) -> dict[str, Any]:
    return {"score": shown(value), "band": targets.bands.name(value)}


@collector.paused()
def workshop_context(workshop: Workshop, top: int = 10, heatmap_cells: int = HEATMAP_CELLS) -> dict[str, Any]:
    """The documented, versioned context of the workshop report (also the JSON report).

    ``top`` bounds the "Where you disagree" details and ``heatmap_cells`` the heatmap, so that
    the size of a report grows with what a person can read, not with the number of answers;
    every item's figures are still listed under ``items``.
    """
    targets = workshop.targets
    respondents = workshop.respondents
    dates = sorted(r.answer_set.date for r in respondents)
    organisations = Counter(r.answer_set.organisation for r in respondents)
    flagged = workshop.disagreements()
    noted = [n for n, r in enumerate(respondents) if any(map(_NOTE, r.answer_set.answers.values()))]
    scores = _scores(workshop)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "workshop",
        "cxcheck_version": __version__,
        "rules": f"{rules_line(targets)} Workshop: item means and spreads (highest minus lowest answer) are on "
        "the 0..100 scale; team and role scores apply these rules to the item means of everyone, or of the role.",
        "organisation": organisations.most_common(1)[0][0],
        "dates": {"first": dates[0].isoformat(), "last": dates[-1].isoformat()},
        "anonymous": workshop.anonymous,
        "disagreement_threshold": number(workshop.threshold),
        "bands": {"mediocrity": number(targets.bands.mediocrity), "magic": number(targets.bands.magic)},
        "checklists": [{"id": c.id, "title": c.title, "version": c.version} for c in workshop.checklists],
        "respondents": [_respondent_entry(r, workshop) for r in respondents],
        "roles": [
            {"role": role, "respondents": sum(1 for r in respondents if r.role == role)} for role in workshop.roles
        ],
        "disagreements": {
            "count": len(flagged),
            "shown": [_disagreement_entry(v, workshop) for v in flagged[:top]],
        },
        "scores": scores,
        "perception_gaps": [_gap_entry(g, targets) for g in workshop.gaps],
        "heatmap": _heatmap(workshop, heatmap_cells),
        "charts": {"roles": _role_chart(scores["checklists"])},
        "items": [_item_entry(v, respondents, noted, targets) for v in workshop.items],
        "notices": list(workshop.notices),
    }


def _respondent_entry(respondent: Respondent, workshop: Workshop) -> dict[str, Any]:
    answer_set = respondent.answer_set
    entry: dict[str, Any] = {"label": respondent.label, "role": respondent.role}
    if not workshop.anonymous:
        entry["file"] = None if answer_set.path is None else str(answer_set.path)
    entry["date"] = answer_set.date.isoformat()
    entry["checklists"] = {c.id: answer_set.checklists.get(c.id) for c in workshop.checklists}
    not_applicable = list(map(_VALUE, answer_set.answers.values())).count(None)
    entry["answered"] = len(answer_set.answers) - not_applicable
    entry["not_applicable"] = not_applicable
    entry["left_out"] = sorted(answer_set.stale)
    return entry


def _who_said(view: ItemView, respondents: Sequence[Respondent], bands: Bands) -> list[dict[str, Any]]:
    said = []
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


def _item_head(view: ItemView, targets: Targets) -> dict[str, Any]:
    return {
        "id": view.full_id,
        "checklist": view.checklist.id,
        "section": view.section.id,
        "section_title": view.section.title,
        "question": view.item.question,
        "mean": shown(view.mean),
        "band": targets.bands.name(view.mean),
        "spread": shown(view.spread),
        "disagreement": view.disagreement,
    }


def _disagreement_entry(view: ItemView, workshop: Workshop) -> dict[str, Any]:
    return {
        **_item_head(view, workshop.targets),
        "said": _who_said(view, workshop.respondents, workshop.targets.bands),
        "discussion": discussion_question(view, workshop.respondents),
    }


def _item_entry(
    view: ItemView, respondents: Sequence[Respondent], noted: Sequence[int], targets: Targets
) -> dict[str, Any]:
    """Every item compactly: ``values`` line up with ``respondents`` (null: not answered).

    ``noted`` are the respondents who wrote any note at all: looking for notes only among
    them keeps a workshop without notes from paying for a second pass over every answer.
    """
    as_written: dict[float | None, Any] = {o.value: number(o.value) for o in view.scale.options}
    as_written[None] = NA
    return {
        **_item_head(view, targets),
        "answered": view.answered,
        "not_applicable": view.not_applicable,
        "values": [None if a is None else as_written.get(a.value) for a in view.answers],
        "notes": [
            {"respondent": respondents[i].label, "note": answer.note}
            for i in noted
            if (answer := view.answers[i]) is not None and answer.note
        ],
    }


def _scores(workshop: Workshop) -> dict[str, Any]:
    """Team figures as in a single report, each with every role's score beside it.

    Every scorecard was scored from the same checklists, so the role cards line up with the
    team's checklist by checklist and section by section.
    """
    team = workshop.team
    cards = list(workshop.roles.items())

    def part(scored: Any, by_role: list[tuple[str, Any]]) -> dict[str, Any]:
        return {
            **report_figures(scored, scored.counts, team),
            "by_role": [{"role": role, **_figure(p.score, team.targets)} for role, p in by_role],
        }

    checklists = []
    for n, checklist in enumerate(team.checklists):
        role_checklists = [(role, card.checklists[n]) for role, card in cards]
        sections = [
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


def _role_chart(checklists: list[dict[str, Any]]) -> dict[str, Any]:
    """Geometry of the role comparison: per checklist, a bar for the team and one per role.

    Drawn like the gap report's charts (:mod:`cxcheck.reports.charts`): x in percent of the width, y
    in pixels, the bar coloured by band and always labelled with who and how much, so a
    reader needs neither colour nor a legend.
    """
    groups = []
    top = 0
    for checklist in checklists:
        bars = []
        for n, (name, figure) in enumerate([("team", checklist), *((r["role"], r) for r in checklist["by_role"])]):
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
        "ticks": [{"value": t, "x": x_of(t), "y": top + 14} for t in TICKS],
        "groups": groups,
    }


def _gap_entry(gap: PerceptionGap, targets: Targets) -> dict[str, Any]:
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
    }


def _heatmap(workshop: Workshop, max_cells: int) -> dict[str, Any]:
    """Items x respondents, coloured by band; the items that differ most when all would not fit."""
    columns = len(workshop.respondents) or 1
    rows = list(workshop.items)
    if len(rows) * columns > max_cells:
        keep = max(1, max_cells // columns)
        ranked = sorted(range(len(rows)), key=lambda n: -(rows[n].spread or 0.0))[:keep]
        rows = [rows[n] for n in sorted(ranked)]
    bands = workshop.targets.bands
    return {
        "columns": [{"label": r.label, "role": r.role} for r in workshop.respondents],
        "total_items": len(workshop.items),
        "rows": [
            {
                "id": view.full_id,
                "question": view.item.question,
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
