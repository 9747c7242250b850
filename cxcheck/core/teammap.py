"""The touch points a workshop rated: one view per shared touch point, where roles disagree, what is agreed.

Each participant's answers file holds their own copy of the map (usually started from the
workshop's journey, ``workshop init --journey``), so the same touch point is rated once per
person. Touch points are matched by stage and name, compared without case and surrounding
spaces (the names are how a touch point is found again, docs/workbook.md). The rules,
written once (docs/workshops.md "Touch points"):

- A rating is placed on the 0..100 scale as a three-option scale would be: misery 0,
  mediocrity 50, magic 100. A touch point's **spread** is the highest minus the lowest rating
  given, and it is a **disagreement** when at least two people rated it and the spread
  reaches the workshop's threshold, exactly as for an item.
- Only a touch point's own rating counts here; ratings per kind of customer stay in each
  person's report.
- **Consensus** takes over a rating everyone who rated the touch point gave alike, with
  everyone's notes; the others are agreed at the terminal, disagreements first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cxcheck.core.aggregate import Respondent
from cxcheck.core.workbook import key_of, with_touch
from cxcheck.model import Rating, TouchPoint, Workbook

SCORE: Mapping[Rating, float] = {"misery": 0.0, "mediocrity": 50.0, "magic": 100.0}
"""A rating on the common 0..100 scale, as the lowest, middle and highest of three options."""
_EPSILON = 1e-9


@dataclass(frozen=True)
class TouchView:
    """One touch point across the team; ``points`` lines up with the respondents (None: not on their map)."""

    stage: str
    name: str
    points: tuple[TouchPoint | None, ...]
    spread: float | None
    disagreement: bool

    @property
    def key(self) -> tuple[str, str]:
        return key_of(self.stage, self.name)

    @property
    def ratings(self) -> tuple[Rating | None, ...]:
        """Each respondent's own rating of it (None: not rated, or not on their map)."""
        return tuple(None if p is None else p.rating for p in self.points)

    @property
    def rated(self) -> int:
        return sum(r is not None for r in self.ratings)

    def first(self, field: str) -> str | None:
        """The channel or owner as the first respondent who gave one wrote it."""
        return next((value for p in self.points if p is not None and (value := getattr(p, field))), None)


def touch_views(respondents: Sequence[Respondent], threshold: float) -> list[TouchView]:
    """Every touch point on anyone's map, stage by stage in the order the maps first show them."""
    stages: dict[str, str] = {}
    names: dict[tuple[str, str], str] = {}
    by_person: list[dict[tuple[str, str], TouchPoint]] = []
    for respondent in respondents:
        book = respondent.answer_set.workbook
        mine: dict[tuple[str, str], TouchPoint] = {}
        for stage, point in book.touchpoints if book else ():
            key = key_of(stage.name, point.name)
            stages.setdefault(key[0], stage.name)
            names.setdefault(key, point.name)
            mine.setdefault(key, point)
        by_person.append(mine)
    order = list(stages)
    keys = sorted(names, key=lambda k: order.index(k[0]))  # stable: touch points keep their first-seen order
    views = []
    for key in keys:
        points = tuple(mine.get(key) for mine in by_person)
        given = [SCORE[p.rating] for p in points if p is not None and p.rating is not None]
        spread = max(given) - min(given) if given else None
        flagged = len(given) > 1 and spread is not None and spread >= threshold - _EPSILON
        views.append(TouchView(stages[key[0]], names[key], points, spread, flagged))
    return views


def disagreements(views: Sequence[TouchView]) -> list[TouchView]:
    """Flagged touch points, widest spread first; ties keep journey order."""
    return sorted((v for v in views if v.disagreement), key=lambda v: -(v.spread or 0.0))


def unanimous(view: TouchView, labels: Sequence[str]) -> TouchPoint | None:
    """The touch point as everyone who rated it sees it, with all their notes; None unless they rated alike."""
    ratings = [r for r in view.ratings if r is not None]
    if not ratings or any(r != ratings[0] for r in ratings):
        return None
    return agreed(view, labels, ratings[0], None)


def agreed(view: TouchView, labels: Sequence[str], rating: Rating | None, reason: str | None) -> TouchPoint:
    """The agreed touch point: ``rating``, the reason given first, then every participant's note by name."""
    said = [f"{label}: {p.note}" for label, p in zip(labels, view.points) if p is not None and p.note]
    note = "; ".join(text for text in [(reason or "").strip(), *said] if text) or None
    return TouchPoint(
        name=view.name, channel=view.first("channel"), owner=view.first("owner"), rating=rating, note=note
    )


def agenda(views: Sequence[TouchView], labels: Sequence[str]) -> list[TouchView]:
    """Touch points to agree on: disagreements by spread, then the others rated differently, then the unrated."""
    open_points = [v for v in views if unanimous(v, labels) is None]
    return sorted(open_points, key=lambda v: (not v.disagreement, v.spread is None, -(v.spread or 0.0)))


def with_agreed(book: Workbook | None, stage: str, point: TouchPoint) -> Workbook:
    """The agreed map with ``point`` set in ``stage`` (both added when new), as the map editor sets any touch point."""
    fields = point.model_dump(include={"channel", "owner", "rating", "note"})
    return with_touch(book or Workbook(), stage, point.name, **fields)


def is_agreed(book: Workbook | None, view: TouchView) -> bool:
    """Whether the agreed map already holds a rating for this touch point (so resuming never changes it)."""
    return any(key_of(s.name, p.name) == view.key and p.rating for s, p in (book.touchpoints if book else ()))


def start(book: Workbook | None, views: Sequence[TouchView], labels: Sequence[str]) -> tuple[Workbook | None, int]:
    """The agreed map holding every shared touch point in journey order, those rated alike taken over; and how many were.

    The touch points not agreed yet are on it unrated, so the agreed map keeps the journey's
    order whatever order they are agreed in. A rating already agreed is never changed.
    """
    taken = 0
    for view in views:
        if is_agreed(book, view):
            continue
        alike = unanimous(view, labels)
        if alike is not None:
            taken += 1
        elif any(key_of(s.name, p.name) == view.key for s, p in (book.touchpoints if book else ())):
            continue
        point = alike or TouchPoint(name=view.name, channel=view.first("channel"), owner=view.first("owner"))
        book = with_agreed(book, view.stage, point)
    return book, taken
