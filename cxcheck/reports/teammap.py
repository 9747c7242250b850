"""The workshop report's touch points: who rated each shared touch point how, and where roles disagree.

The context sits under the workshop report's ``touchpoints`` key (null when no participant has
a map). The rules are :mod:`cxcheck.core.teammap`'s; the question a facilitator asks is the
one the report asks about items (:func:`cxcheck.reports.workshop.ends_question`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from typing_extensions import TypedDict

from cxcheck.core.aggregate import Respondent, Workshop
from cxcheck.core.scoring import shown
from cxcheck.core.teammap import SCORE, TouchView, disagreements, touch_views
from cxcheck.model import documented

RatingName = Literal["magic", "mediocrity", "misery"]
RULE = (
    "Ratings are placed on the 0..100 scale as misery 0, mediocrity 50 and magic 100; a touch point's spread "
    "is its highest minus its lowest rating, and from the disagreement threshold up, with two or more ratings, "
    "it is a disagreement. Only each touch point's own rating counts, not those per kind of customer."
)


@documented
class TouchSaid(TypedDict):
    """How one respondent rated a touch point"""

    respondent: str
    """who"""
    role: str | None
    """their role"""
    rating: RatingName
    """their rating"""
    note: str | None
    """what they saw"""


@documented
class TeamTouchPoint(TypedDict):
    """One touch point across the team"""

    stage: str
    """the stage of the journey"""
    touchpoint: str
    """the touch point, as the first map to hold it names it"""
    channel: str | None
    """how customers meet it (the first one given)"""
    owner: str | None
    """who owns it (the first one given); null: nobody"""
    ratings: list[RatingName | None]
    """each respondent's rating, in respondent order; null: not rated or not on their map"""
    rated: int
    """how many rated it"""
    spread: float | None
    """highest minus lowest rating on the 0..100 scale; null when nobody rated it"""
    disagreement: bool
    """the spread reaches the disagreement threshold"""
    said: list[TouchSaid]
    """every rating given, misery first"""
    discussion: str | None
    """the question a facilitator asks; null unless the ratings differ"""


@documented
class TeamMap(TypedDict):
    """The shared touch points, as each respondent rated them"""

    rule: str
    """how a disagreement on a touch point is found"""
    count: int
    """touch points on anyone's map"""
    disagreements: list[TeamTouchPoint]
    """the touch points the team disagrees on, widest spread first"""
    touchpoints: list[TeamTouchPoint]
    """every touch point, stage by stage"""


def team_map_context(workshop: Workshop) -> TeamMap | None:
    """The ``touchpoints`` key of the workshop report; null when nobody brought a map."""
    views = touch_views(workshop.respondents, workshop.threshold)
    if not views:
        return None
    return {
        "rule": RULE,
        "count": len(views),
        "disagreements": [_entry(v, workshop.respondents) for v in disagreements(views)],
        "touchpoints": [_entry(v, workshop.respondents) for v in views],
    }


def _entry(view: TouchView, respondents: Sequence[Respondent]) -> TeamTouchPoint:
    from cxcheck.reports.workshop import End, ends_question  # the workshop report imports this module

    said: list[TouchSaid] = []
    given = []
    for point, respondent in zip(view.points, respondents):
        if point is None or point.rating is None:
            continue
        said.append(
            {"respondent": respondent.label, "role": respondent.role, "rating": point.rating, "note": point.note}
        )
        given.append(End(SCORE[point.rating], respondent.role, respondent.label, point.rating))
    said.sort(key=lambda s: SCORE[s["rating"]])
    differ = len({s["rating"] for s in said}) > 1
    return {
        "stage": view.stage,
        "touchpoint": view.name,
        "channel": view.first("channel"),
        "owner": view.first("owner"),
        "ratings": list(view.ratings),
        "rated": view.rated,
        "spread": shown(view.spread),
        "disagreement": view.disagreement,
        "said": said,
        "discussion": ends_question(f'"{view.name}" ({view.stage})', given) if differ else None,
    }
