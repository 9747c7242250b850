"""What the map says: miseries among the priorities, weak links, own practices, answers the map gives.

The rules, written once (docs/workbook.md "What cxcheck does with the map"):

- **A misery ranks as a checklist item at the bottom of its scale.** A touch point rated
  misery (by anyone: the touch point's own rating or one kind of customer's) enters the
  priorities as an item of weight 1 in a section of weight 1 answered with the lowest
  option would: its priority is the overall target (target - 0). Where it ties with an
  item, the misery comes first: a customer actually met it.
- **Weak links** are the delivery chain article 004 asks about: within a stage, a touch
  point rated magic followed directly by one rated misery (for the same kind of customer,
  or overall), and every touch point with no owner.
- **Own practices** are scored as one more checklist, ``own``, with one section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from cxcheck.core.catalog import Catalog
from cxcheck.core.scoring import ItemScore, Scorecard
from cxcheck.core.workbook import practice_answer
from cxcheck.errors import CxError
from cxcheck.model import (
    Answer,
    AnswerSet,
    Checklist,
    CustomerKind,
    Item,
    Rating,
    Section,
    SourceRef,
    Stage,
    TouchPoint,
    Workbook,
)

FIRST_STEP = "Walk it as a new customer this week and agree one change with {owner}."
NO_OWNER_STEP = "Walk it as a new customer this week, and name who answers for it."
MISERY_RULE = (
    "A touch point rated misery ranks as an item of weight 1 in a section of weight 1 answered at the bottom "
    "of its scale: priority = the overall target; on a tie the misery comes first."
)

OWN = "own"
"""The id of the checklist own practices are scored in; a checklist of that id is not allowed beside it."""


@dataclass(frozen=True)
class Misery:
    """A touch point someone rated misery, as a priority beside the checklist items."""

    stage: Stage
    point: TouchPoint
    who: tuple[str | None, ...]
    """Whose rating is misery: None for the touch point's own rating, else the kind of customer."""
    priority: float

    @property
    def notes(self) -> list[str]:
        """What was seen, from every misery rating that has a note."""
        ratings = self.point.ratings()
        return [n for who in self.who if (n := ratings[who].note)]

    @property
    def action(self) -> str:
        owner = (self.point.owner or "").strip()
        return FIRST_STEP.format(owner=owner) if owner else NO_OWNER_STEP


Priority = ItemScore | Misery


def miseries(workbook: Workbook, target: float) -> list[Misery]:
    """Every touch point rated misery by anyone, in journey order, with its priority (the rule above)."""
    found = []
    for stage, point in workbook.touchpoints:
        who = tuple(k for k, r in point.ratings().items() if r.rating == "misery")
        if who:
            found.append(Misery(stage, point, who, float(target)))
    return found


def priorities(scorecard: Scorecard, workbook: Workbook | None) -> list[Priority]:
    """The scorecard's priorities (in its own order) with the map's miseries placed by the rule above."""
    items: list[Priority] = list(scorecard.priorities(len(scorecard.items)))
    if workbook is None:
        return items
    ranked: list[Priority] = []
    pending = miseries(workbook, scorecard.target)
    for item in items:
        while pending and pending[0].priority >= item.priority:
            ranked.append(pending.pop(0))
        ranked.append(item)
    return ranked + pending


@dataclass(frozen=True)
class WeakLink:
    """A place in the delivery chain where customers may fall through the cracks."""

    kind: Literal["drop", "no-owner"]
    stage: str
    points: tuple[str, ...]
    """A drop: the magic touch point and the misery one after it; no owner: the touch point."""
    who: tuple[str | None, ...] = ()
    """For a drop: (None,) when the touch points' own ratings drop, else the kinds of customer whose do."""


def rating_for(point: TouchPoint, who: str | None) -> Rating | None:
    """How ``who`` (a kind of customer, or None for everyone) meets ``point``: their own rating, else the general one."""
    ratings = point.ratings()
    found = ratings.get(who) or ratings.get(None)
    return found.rating if found else None


def weak_links(workbook: Workbook) -> list[WeakLink]:
    """Magic-to-misery drops within a stage, then touch points with no owner, each in journey order."""
    kinds: list[str | None] = [None, *dict.fromkeys(k for _, p in workbook.touchpoints for k in p.by_customer)]
    drops = []
    for stage in workbook.journey:
        for before, after in zip(stage.touchpoints, stage.touchpoints[1:]):
            who = tuple(k for k in kinds if rating_for(before, k) == "magic" and rating_for(after, k) == "misery")
            who = who[:1] if None in who else who  # a drop for everyone is not repeated for each kind
            if who:
                drops.append(WeakLink("drop", stage.name, (before.name, after.name), who))
    unowned = [
        WeakLink("no-owner", stage.name, (point.name,))
        for stage, point in workbook.touchpoints
        if not (point.owner or "").strip()
    ]
    return drops + unowned


def own_practices(workbook: Workbook | None) -> tuple[Checklist | None, dict[str, Answer]]:
    """The business's own practices as the checklist ``own``, and their answers by full item id."""
    if workbook is None or not workbook.practices:
        return None, {}
    items = [
        Item(
            id=p.id,
            question=p.question,
            help="A practice of your own, written in the workbook.",
            action=p.action or "Agree with the team one concrete step for this practice, and who takes it.",
            source=OWN,
            scale=p.scale,
            tags={"own": "yes"},
        )
        for p in workbook.practices
    ]
    checklist = Checklist(
        id=OWN,
        title="Own practices",
        version="1",
        description="The practices the business added in its own words.",
        sources=[SourceRef(id=OWN, title="The business's own workbook")],
        sections=[Section(id=OWN, title="In your own words", items=items)],
    )
    answers = {}
    for n, practice in enumerate(workbook.practices):
        answer = practice_answer(workbook, n)[0]
        if answer is not None:
            answers[f"{OWN}/{practice.id}"] = answer
    return checklist, answers


def with_own(checklists: Sequence[Checklist], answer_set: AnswerSet) -> tuple[list[Checklist], Mapping[str, Answer]]:
    """The checklists to score and the answers to score them with, own practices included."""
    own, answers = own_practices(answer_set.workbook)
    if own is None:
        return list(checklists), answer_set.answers
    if any(c.id == OWN for c in checklists):
        raise CxError(f"a checklist has the id '{OWN}', which own practices are scored under; rename that checklist")
    return [*checklists, own], {**answer_set.answers, **answers}


@dataclass(frozen=True)
class FromMap:
    """An answer to a fixed checklist item that the map gives, and the evidence for it."""

    full_id: str
    answer: Answer
    because: str


def answers_from_map(workbook: Workbook, catalog: Catalog, date: dt.date) -> list[FromMap]:
    """The fixed items the map answers, rather than a guess (docs/workbook.md lists which and how).

    Only items present in ``catalog`` with the option the rule names are answered; a
    checklist that renames them simply gets no suggestion.
    """
    points = [p for _, p in workbook.touchpoints]
    rated = [p for p in points if p.ratings()]
    customers = workbook.customers
    ideal = workbook.ideal
    stages = len([s for s in workbook.journey if s.touchpoints])
    share = len(rated) / len(points) if points else 0.0
    rules: list[tuple[str, str | None, str]] = [
        (
            "touchpoints/touchpoint-list",
            "Yes" if points else None,
            f"{len(points)} touch points in {stages} stages on the map of {date.isoformat()}",
        ),
        (
            "touchpoints/rate-touches",
            _share_label(share) if points else None,
            f"{len(rated)} of {len(points)} touch points rated magic, mediocrity or misery on {date.isoformat()}",
        ),
        (
            "focus/define-customer",
            "Yes" if customers and customers.definition and any(k.inside for k in customers.kinds) else None,
            'the map defines "customer" and lists kinds of customers inside the business',
        ),
        (
            "focus/customer-kinds",
            _kinds_label(customers.kinds) if customers and customers.kinds else None,
            "the map lists kinds of customers, with what each wants or needs",
        ),
        (
            "focus/ideal-defined",
            "Yes" if ideal and ideal.feelings and _senses(workbook) else None,
            "the map describes the ideal experience: what customers feel and what it is like to the senses",
        ),
    ]
    found = []
    for full_id, label, because in rules:
        hit = catalog.items.get(full_id)
        if label is None or hit is None:
            continue
        option = next((o for o in hit.scale.options if o.label == label), None)
        if option is not None:
            found.append(FromMap(full_id, Answer(option.value, f"from the map: {because}"), because))
    return found


def _kinds_label(kinds: Sequence[CustomerKind]) -> str:
    """Yes when every kind says what it wants or needs and one is inside the business; else Partly."""
    complete = all(k.wants or k.needs for k in kinds) and any(k.inside for k in kinds)
    return "Yes" if complete else "Partly"


def _share_label(share: float) -> str:
    """A share of touch points rated as a frequency label: all is Always, none is Never."""
    if share >= 1:
        return "Always"
    for floor, label in ((0.75, "Often"), (0.5, "Sometimes")):
        if share >= floor:
            return label
    return "Rarely" if share > 0 else "Never"


def _senses(workbook: Workbook) -> bool:
    ideal = workbook.ideal
    return ideal is not None and any((ideal.looks, ideal.sounds, ideal.feels, ideal.smells, ideal.tastes))


def take_from_map(answer_set: AnswerSet, found: FromMap, catalog: Catalog, now: dt.datetime) -> AnswerSet:
    """The answer set with an answer the map gives, recorded against its checklist's current version."""
    located = catalog.items[found.full_id]
    from cxcheck.core.interview import with_current_versions  # only assess takes answers from the map

    updated, _ = with_current_versions(answer_set, [located.checklist])
    return updated.with_answer(located.full_id, found.answer, now)
