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

import dataclasses
import datetime as dt
import functools
import itertools
import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cxcheck.core.ranking import Ranking, rank
from cxcheck.core.scoring import ItemScore, Scorecard, score
from cxcheck.core.targets import Targets
from cxcheck.errors import CxError
from cxcheck.model import Answer, AnswerRow, AnswerSet, Checklist, Item, Scale, Section, number

if TYPE_CHECKING:
    from cxcheck.io.store import Person

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
    """One item across the team; ``answers`` lines up with the respondents (none when counted in the store).

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
    roles: tuple[str | None, ...] = ()
    """Each respondent's role, lined up with ``answers``."""
    counts: dict[str | None, Counter[float | None]] | None = None
    """The tally as a survey store counted it (:func:`aggregate` of a :class:`Counted`), where there are no ``answers``."""
    labels: tuple[str, ...] = ()
    """Each respondent's label, lined up with ``answers``."""

    @functools.cached_property
    def tally(self) -> dict[str | None, Counter[float | None]]:
        """Per role (``None``: respondents without one), how many gave each value (``None``: n/a).

        What a page about thousands of respondents shows (counts per answer, the two ends of a
        disagreement) is read from it; counted from ``answers`` only for the few items such a
        page lists, or given by the store's query.
        """
        if self.counts is not None:
            return self.counts
        tally: dict[str | None, Counter[float | None]] = {}
        for role, answer in zip(self.roles, self.answers):
            if answer is not None:
                tally.setdefault(role, Counter())[answer.value] += 1
        return tally

    @functools.cached_property
    def notes(self) -> tuple[tuple[str, str], ...]:
        """(respondent label, note) for each note on this item, in respondent order: for the JSON report,
        whose items list them; the pages never show them, so a page does not look for them."""
        return tuple((label, a.note) for label, a in zip(self.labels, self.answers) if a is not None and a.note)

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
class Census:
    """Who took part, counted: all a page about thousands of respondents says of them."""

    respondents: int
    roles: dict[str, int]
    """Respondents per role, in the order roles are shown."""
    first: dt.date
    last: dt.date
    organisations: tuple[tuple[str, int], ...]
    """Each organisation the answers name and how many name it, in the order first named."""

    @property
    def organisation(self) -> str:
        """The business assessed: the one most respondents name (the first named, on a tie)."""
        return max(self.organisations, key=operator.itemgetter(1))[0]


@dataclass(frozen=True)
class Counted:
    """A survey's answers counted rather than listed, as a store's query gives them (:mod:`cxcheck.core.survey`).

    ``size`` respondents; ``roles`` each role as written and how many gave it, in the order
    first given; ``tallies`` per item and role as written, how many gave each value (None:
    n/a); ``unroled`` respondents without a role, the first of whom (``nameless``) a notice
    names. The dates and organisations become the :class:`Census`'s.
    """

    size: int
    roles: Sequence[tuple[str | None, int]]
    checklists: frozenset[str]
    """The checklists every respondent's header names (at their current versions)."""
    tallies: Mapping[str, Mapping[str | None, Mapping[float | None, int]]]
    nameless: Sequence[Person]
    unroled: int
    first: dt.date
    last: dt.date
    organisations: tuple[tuple[str, int], ...]


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
    census: Census
    notices: tuple[str, ...] = field(default=())

    @property
    def counted(self) -> bool:
        """Counted in the store, not read respondent by respondent: no item holds ``answers``, and
        ``respondents`` is empty; only the pages that summarise (:data:`cxcheck.reports.workshop.SUMMARY_FROM`)
        are made from such a workshop."""
        return self.census.respondents > len(self.respondents)

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
    answers: Sequence[AnswerSet] | Counted,
    targets: Targets | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    role_pairs: Sequence[tuple[str, str]] | None = None,
    anonymous: bool = False,
    gap_sections: int = 5,
    notices: Sequence[str] = (),
) -> Workshop:
    """Aggregate ``answers`` over ``checklists``; ``role_pairs`` None means the default pair.

    The default compares leadership with frontline when both took part, and otherwise every
    pair of roles present, so that a workshop of owners and managers still sees its gaps.
    Pairs named explicitly must name roles that took part (a typo would otherwise show
    nothing, silently). ``notices`` are what the caller set aside on the way (an agreed file
    in the folder); they are reported first.

    ``answers`` are answer sets, or a survey counted in its store (:class:`Counted`): the same
    figures without one object per answer. What a page about thousands of respondents shows
    needs no respondent's own answers, only how many gave each value in each role, which the
    store's query counts (issue 19: the aggregation within 3x of DuckDB's own). Such a
    workshop has no respondents and no item holds answers (:attr:`Workshop.counted`).
    """
    if isinstance(answers, Counted):
        _check(threshold, answers.size)
        respondents, items, census, found = _counted(checklists, answers, threshold, anonymous)
    else:
        _check(threshold, len(answers))
        respondents, items, census, found = _read(checklists, answers, threshold, anonymous)
    return _workshop(
        checklists, respondents, items, census, targets, threshold, role_pairs, anonymous, gap_sections,
        [*notices, *found],
    )  # fmt: skip


_Parts = tuple[tuple["Respondent", ...], tuple[ItemView, ...], Census, list[str]]
"""What both ways in give :func:`_workshop`: respondents, item views, the census and their notices."""


def _read(
    checklists: Sequence[Checklist], answer_sets: Sequence[AnswerSet], threshold: float, anonymous: bool
) -> _Parts:
    respondents = _respondents(answer_sets, anonymous)
    items = tuple(_item_views(checklists, respondents, threshold))
    dates = [s.date for s in answer_sets]
    organisations = Counter(s.organisation for s in answer_sets)
    census = _census(Counter(r.role for r in respondents), min(dates), max(dates), tuple(organisations.items()))
    nameless = [r.label for r in respondents if r.role is None]
    notices = [*_version_notices(respondents, checklists), *_people_notices(nameless, len(nameless), census)]
    return respondents, items, census, notices


def _counted(checklists: Sequence[Checklist], counted: Counted, threshold: float, anonymous: bool) -> _Parts:
    """The caller has checked that the store reads as its answers files would (every respondent at the
    checklists' current versions, every value on its item's scale); ``tests/core/test_survey_property.py``
    holds the two ways to the same page."""
    roles: Counter[str | None] = Counter()
    for written, count in counted.roles:
        roles[role_key(written)] += count
    census = _census(roles, counted.first, counted.last, counted.organisations)
    items = []
    for checklist in checklists:
        for section, item in checklist.items:
            full_id = checklist.full_id(item)
            tally: dict[str | None, Counter[float | None]] = {}
            team: Counter[float | None] = Counter()
            for written, values in counted.tallies.get(full_id, {}).items():
                tally.setdefault(role_key(written), Counter()).update(values)
                team.update(values)
            ordered = {role: tally[role] for role in [*census.roles, None] if role in tally}
            items.append(_counted_view(checklist, section, item, ordered, team, threshold))
    nameless = [_label(p.name, p.key, p.nth_name, p.nth_base, anonymous) for p in counted.nameless]
    return (), tuple(items), census, _people_notices(nameless, counted.unroled, census)


def _check(threshold: float, respondents: int) -> None:
    if not 0 < threshold <= 100:
        raise CxError(f"the disagreement threshold must be above 0 and at most 100 points, got {number(threshold)}")
    if not respondents:
        raise CxError("a workshop needs at least one answers file")


def _workshop(
    checklists: Sequence[Checklist],
    respondents: tuple[Respondent, ...],
    items: tuple[ItemView, ...],
    census: Census,
    targets: Targets | None,
    threshold: float,
    role_pairs: Sequence[tuple[str, str]] | None,
    anonymous: bool,
    gap_sections: int,
    notices: Sequence[str],
) -> Workshop:
    """The team and role scores and the perception gaps, from the item views: the same for both ways in."""
    targets = targets or Targets()
    roles = {role: score(checklists, _group_answers(items, role), targets) for role in census.roles}
    team = score(checklists, _group_answers(items, None), targets)
    pairs, pair_notices = _pairs(role_pairs, list(roles))
    gaps = tuple(_gap(pair, roles, gap_sections) for pair in pairs)
    return Workshop(
        tuple(checklists), respondents, items, team, roles, gaps, float(threshold), anonymous, census,
        (*notices, *pair_notices),
    )  # fmt: skip


def _census(
    roles: Counter[str | None], first: dt.date, last: dt.date, organisations: tuple[tuple[str, int], ...]
) -> Census:
    """``roles``: how many have each role, in the order first given."""
    return Census(roles.total(), {r: roles[r] for r in _role_order(list(roles))}, first, last, organisations)


def _respondents(answer_sets: Sequence[AnswerSet], anonymous: bool) -> tuple[Respondent, ...]:
    names: Counter[str] = Counter()
    bases: Counter[str] = Counter()
    respondents = []
    for answer_set in answer_sets:
        key = role_key(answer_set.role)
        names[answer_set.respondent] += 1
        bases[key or _NO_ROLE] += 1
        label = _label(answer_set.respondent, key, names[answer_set.respondent], bases[key or _NO_ROLE], anonymous)
        respondents.append(Respondent(label, key, answer_set))
    return tuple(respondents)


_NO_ROLE = "respondent"
"""How an anonymous respondent without a role is labelled (and counted, as a role of that name is)."""


def _label(name: str, key: str | None, nth_name: int, nth_base: int, anonymous: bool) -> str:
    """A respondent's label: the name (``Ann (2)`` for the second Ann), or ``frontline 1`` when anonymous.

    ``nth_name`` and ``nth_base`` count respondents of that name, and of that role (or none),
    from the first; :func:`cxcheck.io.store.count` counts them in the store the same way.
    """
    if anonymous:
        return f"{key or _NO_ROLE} {nth_base}"
    return name if nth_name == 1 else f"{name} ({nth_name})"


def _item_views(
    checklists: Sequence[Checklist], respondents: Sequence[Respondent], threshold: float
) -> Iterable[ItemView]:
    """The one pass over items x respondents, over columns and so kept to C-level builtins.

    Each respondent's answers become one row of values in catalog order; the rows, grouped
    by role, are turned into one column per item, in which each role is a slice: its sum,
    minimum and maximum are then single builtin calls (docs/performance.md has the figures).
    Normalising is affine, so means and spreads are taken on the raw scale values and only
    the results are normalised; since roles partition the respondents, the team's figures
    are put together from the roles'. Counting each value (:attr:`ItemView.tally`) is left to
    the few items a page shows counted.
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
    roles = tuple(r.role for r in respondents)
    labels = tuple(r.label for r in respondents)
    for (checklist, section, item), answers, values in zip(parts, zip(*columns), zip(*rows)):
        scale = checklist.scale_of(item)
        if not _whole_numbers(scale):  # sums of fractions depend on their order: counted, as a store's are
            view = _counted_view(checklist, section, item, *_counts(values, slices), threshold)
            yield dataclasses.replace(view, answers=answers, roles=roles, counts=None, labels=labels)
            continue
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
            checklist, section, item, scale, answers, mean, spread, flagged, int(count), responses - int(count),
            groups, roles, None, labels,
        )  # fmt: skip


@functools.cache
def _whole_numbers(scale: Scale) -> bool:
    """Whether a scale's values are whole numbers, whose sums are exact in any order."""
    return all(float(option.value).is_integer() for option in scale.options)


def _counts(
    values: tuple[Any, ...], slices: Sequence[tuple[str | None, slice]]
) -> tuple[dict[str | None, Counter[float | None]], Counter[float | None]]:
    """An item's row of values counted per role and in all, unanswered (:data:`_MISSING`) left out."""
    tally = {role: Counter(values[part]) for role, part in slices}
    for counted in tally.values():
        counted.pop(_MISSING, None)
    tally = {role: counted for role, counted in tally.items() if counted}
    return tally, sum(tally.values(), Counter())


def _counted_view(
    checklist: Checklist,
    section: Section,
    item: Item,
    tally: dict[str | None, Counter[float | None]],
    team: Counter[float | None],
    threshold: float,
) -> ItemView:
    """One item's figures from its counts (``team``: the roles' counts together), as
    :func:`_item_views` works them out from the answers: each role's mean, and the team's mean,
    spread and counts (``tests/core/test_survey_property.py`` holds the two to the same page)."""
    scale = checklist.scale_of(item)
    groups: dict[str | None, Answer] = {}
    for role, counted in tally.items():
        if role is None:
            continue
        said_na = counted.get(None, 0)
        given = counted.total() - said_na
        if given:
            groups[role] = Answer(_sum(counted) / given)
        elif said_na:
            groups[role] = Answer(None)  # the role's members said n/a
    not_applicable = team.get(None, 0)
    count = team.total() - not_applicable
    mean = spread = None
    if count:
        average = _sum(team) / count
        groups[None] = Answer(average)
        mean = scale.normalise(average)
        values = [v for v in team if v is not None]
        spread = (max(values) - min(values)) / (scale.high - scale.low) * 100
    elif not_applicable:
        groups[None] = Answer(None)
    flagged = count > 1 and spread is not None and spread >= threshold - _EPSILON
    return ItemView(
        checklist, section, item, scale, (), mean, spread, flagged, count, not_applicable, groups, (), tally
    )


def _sum(counted: Counter[float | None]) -> float:
    """The sum of the values counted (exactly rounded: the order they were counted in does not matter)."""
    return math.fsum(v * c for v, c in counted.items() if v is not None)


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


def _version_notices(respondents: Sequence[Respondent], checklists: Sequence[Checklist]) -> list[str]:
    """What a reader must know to trust the figures: who answered an older version of a checklist."""
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
    return notices


def _people_notices(nameless: Sequence[str], unroled: int, census: Census) -> list[str]:
    """Respondents without a role (``unroled`` of them, the first named), and answers naming more
    than one organisation."""
    notices = []
    if unroled and unroled < census.respondents:
        notices.append(f"No role given by {_few(nameless, unroled)}: counted in the team scores, in no role's.")
    if len(census.organisations) > 1:
        names = sorted(name for name, _ in census.organisations)
        notices.append(f"The answers files name different organisations: {', '.join(names)}.")
    return notices


_SHOWN = NAMED_UNROLED = 5
"""Names a notice lists before it counts the rest (of respondents without a role, say)."""


def _few(names: Sequence[str], total: int | None = None) -> str:
    """The first names of ``total`` (all of ``names`` unless given), and how many more."""
    total = len(names) if total is None else total
    more = f" and {total - _SHOWN} more" if total > _SHOWN else ""
    return ", ".join(names[:_SHOWN]) + more
