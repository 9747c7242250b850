"""The scoring rules, as pure functions over checklists, one answer set and targets.

Every figure in every report comes from here, so the rules are written once:
- an answer scores ``(value - min) / (max - min) * 100`` on its item's scale;
- n/a and unanswered items are left out of every denominator (and counted);
- a section scores the weight-weighted mean of its answered items, a checklist the
  section-weight-weighted mean of its scored sections, the whole the plain mean of its
  scored checklists; nothing answered means no score, never 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import overload

from cxcheck.core.ranking import order
from cxcheck.core.targets import PRECISION, Targets
from cxcheck.model import Answer, BandName, Checklist, Item, Section

RULES = (
    "Answers score (value - min) / (max - min) x 100; n/a and unanswered items are left out; "
    "sections are weight-weighted means of their answered items, checklists section-weight-weighted means "
    "of their scored sections, overall the mean of the checklists; nothing answered means no score; "
    "gap = max(0, target - score)."
)


@overload
def shown(value: float) -> float: ...
@overload
def shown(value: float | None) -> float | None: ...
def shown(value: float | None) -> float | None:
    """A figure at the precision reports carry and bands judge: one decimal, free of float noise."""
    return None if value is None else round(value, PRECISION)


def figure(value: float) -> str:
    """A score as every view writes it (the README's rule): one decimal of :func:`shown`, ``68.8``, never ``69``."""
    return f"{shown(value):.1f}"


def whole(value: float | None) -> int | None:
    """A share as a whole number, rounded down: 199 of 200 items answered is 99%, never 100%."""
    return None if value is None else math.floor(value)


def coverage(answered: int, applicable: int) -> float | None:
    """The answered share in percent at one decimal, rounded down, in whole numbers so no float
    noise crosses a boundary: 1,999 of 2,000 is 99.9 everywhere (the JSON, a gate, a table),
    never 100. None when every item is n/a."""
    return answered * 10 * 100 // applicable / 10 if applicable else None


class _Gapped:
    """What every level that has a score and a target shares: how far the score falls short."""

    score: float | None
    target: float

    @property
    def gap(self) -> float | None:
        return gap(self.target, self.score)


@dataclass(frozen=True)
class ItemScore(_Gapped):
    checklist: Checklist
    section: Section
    item: Item
    answer: Answer | None
    score: float | None
    target: float

    @property
    def full_id(self) -> str:
        return self.checklist.full_id(self.item)

    @property
    def status(self) -> str:
        """``answered``, ``n/a`` or ``unanswered``."""
        if self.answer is None:
            return "unanswered"
        return "answered" if self.answer.applicable else "n/a"

    @property
    def priority(self) -> float:
        """How much closing this item's gap moves its section: weight x section weight x gap."""
        return self.item.weight * self.section.weight * (self.gap or 0.0)

    @property
    def label(self) -> str | None:
        """The answer as the respondent chose it: the option's label, ``n/a``, or None if unanswered."""
        if self.answer is None:
            return None
        return self.checklist.scale_of(self.item).label_of(self.answer.value)

    @property
    def at_top(self) -> bool:
        """Answered with the best option on its scale: a strength worth keeping."""
        return self.answer is not None and self.answer.value == self.checklist.scale_of(self.item).high


@dataclass(frozen=True)
class Counts:
    """How much of a part was answered: the honesty figure beside every score."""

    answered: int
    not_applicable: int
    unanswered: int

    @property
    def applicable(self) -> int:
        return self.answered + self.unanswered

    @property
    def total(self) -> int:
        return self.applicable + self.not_applicable

    @property
    def coverage(self) -> float | None:
        """Answered share of applicable items (see :func:`coverage`)."""
        return coverage(self.answered, self.applicable)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.answered + other.answered,
            self.not_applicable + other.not_applicable,
            self.unanswered + other.unanswered,
        )


NO_COUNTS = Counts(0, 0, 0)


@dataclass(frozen=True)
class SectionScore(_Gapped):
    section: Section
    items: tuple[ItemScore, ...]
    score: float | None
    target: float
    counts: Counts


@dataclass(frozen=True)
class ChecklistScore(_Gapped):
    checklist: Checklist
    sections: tuple[SectionScore, ...]
    score: float | None
    target: float
    counts: Counts


@dataclass(frozen=True)
class Scorecard(_Gapped):
    """All the figures for one answer set; what reports, gates and comparisons read."""

    checklists: tuple[ChecklistScore, ...]
    score: float | None
    target: float
    counts: Counts
    targets: Targets

    def band(self, score: float | None) -> BandName | None:
        return self.targets.bands.name(score)

    @property
    def items(self) -> list[ItemScore]:
        return [i for c in self.checklists for s in c.sections for i in s.items]

    def priorities(self, top: int | None = None) -> list[ItemScore]:
        """The answered items whose gap matters most, in the one rank order (:mod:`cxcheck.core.ranking`)."""
        ranked = order((i for i in self.items if i.priority > 0), lambda i: i.priority, weight=_weight)
        return ranked[:top]

    def strengths(self) -> list[ItemScore]:
        return [i for i in self.items if i.at_top]


def _weight(scored: ItemScore) -> float:
    """What a tie between priorities is broken by first: how much the item counts in its checklist."""
    return scored.item.weight * scored.section.weight


def gap(target: float, score: float | None) -> float | None:
    return None if score is None else max(0.0, target - score)


def weighted_mean(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Mean of the scores that exist, by weight; None when no weight is left."""
    total = weight_sum = 0.0
    for weight, score in pairs:
        if score is not None:
            total += weight * score
            weight_sum += weight
    return total / weight_sum if weight_sum > 0 else None


def item_score(checklist: Checklist, item: Item, answer: Answer | None) -> float | None:
    if answer is None or answer.value is None:
        return None
    return checklist.scale_of(item).normalise(answer.value)


def _item_score(
    checklist: Checklist,
    section: Section,
    item: Item,
    answers: Mapping[str, Answer],
    item_targets: Mapping[str, float],
    section_target: float,
) -> ItemScore:
    """One item's figures; its target is :meth:`Targets.for_item`'s, with the section's worked out once
    (a workshop's scorecards score 60,000 items) and the full id made once for both look-ups."""
    full_id = checklist.full_id(item)
    answer = answers.get(full_id)
    target = item_targets.get(full_id, section_target)
    return ItemScore(checklist, section, item, answer, item_score(checklist, item, answer), target)


def score_section(
    checklist: Checklist, section: Section, answers: Mapping[str, Answer], targets: Targets
) -> SectionScore:
    target = targets.for_section(checklist.id, section.id)
    items = tuple(_item_score(checklist, section, item, answers, targets.items, target) for item in section.items)
    statuses = [i.status for i in items]
    counts = Counts(statuses.count("answered"), statuses.count("n/a"), statuses.count("unanswered"))
    score = weighted_mean((i.item.weight, i.score) for i in items)
    return SectionScore(section, items, score, target, counts)


def score_checklist(checklist: Checklist, answers: Mapping[str, Answer], targets: Targets) -> ChecklistScore:
    sections = tuple(score_section(checklist, s, answers, targets) for s in checklist.sections)
    score = weighted_mean((s.section.weight, s.score) for s in sections)
    counts = sum((s.counts for s in sections), NO_COUNTS)
    return ChecklistScore(checklist, sections, score, targets.for_checklist(checklist.id), counts)


def score(checklists: Iterable[Checklist], answers: Mapping[str, Answer], targets: Targets | None = None) -> Scorecard:
    """Score ``answers`` against ``checklists``; the one entry point every report uses."""
    targets = targets or Targets()
    scored = tuple(score_checklist(c, answers, targets) for c in checklists)
    overall = weighted_mean((1.0, c.score) for c in scored)
    counts = sum((c.counts for c in scored), NO_COUNTS)
    return Scorecard(scored, overall, targets.overall, counts, targets)
