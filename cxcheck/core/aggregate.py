"""Several respondents over the same checklists: what each said, where they differ, and the team view.

A workshop's value is in the differences, so the unit here is the item seen by everyone at
once: each respondent's answer, the mean and the spread on the common 0..100 scale, and a
disagreement flag. Team and per-role scores are *not* computed with rules of our own: the
item means are turned back into answers on each item's scale and handed to
:func:`cxcheck.core.scoring.score`, so a workshop section scores exactly as a single respondent's
would if they had answered the mean.

Everything is one pass over items x respondents; nothing compares respondents pairwise. The
report presents the result (:mod:`cxcheck.reports.workshop`); with ``anonymous`` set,
respondents are labelled by role, so no name reaches it.
"""

from __future__ import annotations

import itertools
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cxcheck.core.ranking import Ranking, rank
from cxcheck.core.scoring import ItemScore, Scorecard, score
from cxcheck.core.targets import Targets
from cxcheck.errors import CxError
from cxcheck.model import Answer, AnswerRow, AnswerSet, Checklist, Item, Scale, Section, number

DEFAULT_THRESHOLD = 50.0
DEFAULT_PAIR = ("leadership", "frontline")
SUGGESTED_ROLES = ("leadership", "manager", "frontline", "customer-facing", "back-office")
"""The roles the docs suggest; they also fix the order roles are shown in."""

_EPSILON = 1e-9
"""Scales like 0..3 give spreads such as 66.666...; a threshold is met up to rounding."""
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
    more_tied: int = 0
    """Sections left out by the cut that differ as much as the last one kept (core.ranking)."""


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

    def disagreements(self, top: int | None = None) -> Ranking[ItemView]:
        """Flagged items ranked by spread, by the one rule (:mod:`cxcheck.core.ranking`)."""
        return by_spread([i for i in self.items if i.disagreement], top)

    def priorities(self, top: int | None = None) -> Ranking[ItemScore]:
        """The team's priorities: its scorecard's items (scored on the team's mean) by the one rule.

        A tie goes to the heavier item, then to the item more respondents answered, as the
        disagreements' ties do.
        """
        # each item's priority and answer count worked out once: ranking reads them twice per item
        items = self.team.items
        worth = {id(i): p for i in items if (p := i.priority) > 0}
        counts = {id(v.item): v.answered for v in self.items}  # the team scored the very same Item objects
        answered = {id(i): counts.get(id(i.item), 0) for i in items if id(i) in worth}
        return rank(
            (i for i in items if id(i) in worth),
            lambda i: worth[id(i)],
            top,
            weight=lambda i: i.item.weight * i.section.weight,
            respondents=lambda i: answered[id(i)],
        )

    def widest_gaps(self, top: int | None = None) -> Ranking[tuple[tuple[str, str], Gap]]:
        """Every compared role pair's sections together, widest difference first: the summary's biggest gaps."""
        pairs = [(g.roles, s) for g in self.gaps for s in _section_gaps(g.first, g.second)]
        return rank(pairs, lambda p: abs(p[1].difference), top, weight=lambda p: p[1].section.weight)


def by_spread(views: Iterable[ItemView], top: int | None = None) -> Ranking[ItemView]:
    """Items ranked by spread, widest first: the heavier item, then the one more answered, wins a tie."""
    return rank(
        views,
        lambda v: v.spread or 0.0,
        top,
        weight=lambda v: v.item.weight * v.section.weight,
        respondents=lambda v: v.answered,
    )


def role_key(role: str | None) -> str | None:
    """Roles are free text: ``Frontline `` and ``frontline`` are the same role."""
    cleaned = " ".join((role or "").split()).casefold()
    return cleaned or None


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
    """The one pass over items x respondents, over columns and so kept to C-level builtins.

    Each respondent's answers become one row of values in catalog order; the rows, grouped
    by role, are turned into one column per item, in which each role is a slice: its sum,
    minimum and maximum are then single builtin calls (docs/performance.md has the figures).
    Normalising is affine, so means and spreads are taken on the raw scale values and only
    the results are normalised; since roles partition the respondents, the team's figures
    are put together from the roles'.
    """
    parts = [(checklist, section, item) for checklist in checklists for section, item in checklist.items]
    full_ids = [checklist.full_id(item) for checklist, _, item in parts]
    columns = [_column(r.answer_set.answers, full_ids) for r in respondents]
    first_seen: dict[str | None, int] = {}
    for respondent in respondents:
        first_seen.setdefault(respondent.role, len(first_seen))
    by_role = sorted(range(len(respondents)), key=lambda n: first_seen[respondents[n].role])
    slices: list[tuple[str | None, slice]] = []
    for role, group in itertools.groupby(by_role, key=lambda n: respondents[n].role):
        start = slices[-1][1].stop if slices else 0
        slices.append((role, slice(start, start + len(list(group)))))
    rows = [_values(columns[n]) for n in by_role]
    whole = all(map(_no_gaps, rows))  # every respondent gave every item a value: nothing to count or filter
    for (checklist, section, item), answers, values in zip(parts, zip(*columns), zip(*rows)):
        scale = checklist.scale_of(item)
        groups: dict[str | None, Answer] = {}
        total = count = 0.0
        lows, highs = [], []
        missing = 0 if whole else values.count(_MISSING)
        gaps = 0 if whole else missing + values.count(None)  # unanswered or n/a
        for role, part in slices:
            mine = values[part]
            if gaps:
                given = tuple(v for v in mine if v is not None and v is not _MISSING)
                if not given and role is not None and None in mine:
                    groups[role] = Answer(None)  # the role's members said n/a (or left it unanswered)
                mine = given
            if mine:
                subtotal = sum(mine)
                total += subtotal
                count += len(mine)
                lows.append(min(mine))
                highs.append(max(mine))
                if role is not None:
                    groups[role] = Answer(subtotal / len(mine))
        responses = len(values) - missing
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


_MISSING: Any = object()
"""An unanswered item in a row of values, told apart from n/a (None) by identity."""


def _column(answers: Mapping[str, Answer], full_ids: list[str]) -> list[Answer | None]:
    """Each item's answer (None: not answered), in the order of ``full_ids``.

    A file that answers every item holds them in item order, as cxcheck writes it; such a
    dict is read in order instead of looking each id up (docs/performance.md has the figures).
    """
    if isinstance(answers, AnswerRow) and answers.ids == full_ids:
        return list(answers.answers)
    if len(answers) == len(full_ids) and list(answers) == full_ids:
        return list(answers.values())
    return list(map(answers.get, full_ids))


def _values(column: list[Answer | None]) -> list[float | None]:
    """A row of values: the number, None for n/a, :data:`_MISSING` for no answer."""
    if not any(map(operator.is_, column, _NONES)):
        return list(map(_VALUE, column))
    return [_MISSING if a is None else a.value for a in column]


def _no_gaps(row: list[float | None]) -> bool:
    return _MISSING not in row and None not in row


_VALUE = operator.attrgetter("value")


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
    ranked = rank(_section_gaps(first, second), lambda g: abs(g.difference), top, weight=lambda g: g.section.weight)
    return PerceptionGap(pair, first, second, tuple(s.entry for s in ranked.listed), ranked.more_tied)


def _section_gaps(first: Scorecard, second: Scorecard) -> list[Gap]:
    """Every section both roles scored, in checklist order."""
    return [
        Gap(a.checklist, sa.section, sa.score, sb.score)
        for a, b in zip(first.checklists, second.checklists)
        for sa, sb in zip(a.sections, b.sections)
        if sa.score is not None and sb.score is not None
    ]


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
