"""What the map says: miseries among the priorities, weak links, own practices, answers from the map."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcheck.core import journey, scoring
from cxcheck.core.catalog import discover
from cxcheck.errors import CxError
from cxcheck.model import Answer, AnswerSet, Stage, TouchPoint, Workbook
from tests.workbook_data import WORKBOOK


def book(text: str = WORKBOOK) -> Workbook:
    return Workbook.model_validate(yaml.safe_load(textwrap.dedent(text)))


def test_every_touch_point_rated_misery_by_anyone_is_a_misery_at_the_overall_target() -> None:
    found = journey.miseries(book(), 80)
    assert [(m.stage.name, m.point.name, m.who, m.priority) for m in found] == [
        ("Finding us", "Phone number on the site", (None,), 80.0),
        ("Visit", "Greeting at the door", ("newcomers",), 80.0),
        ("After-sales", "Hold line", (None,), 80.0),
    ]
    assert found[1].notes == ["nobody looked up"] and found[2].notes == ["waited 12 minutes on hold"]
    assert found[2].action == "Walk it as a new customer this week and agree one change with Bo."
    assert found[0].action == "Walk it as a new customer this week, and name who answers for it."


def test_miseries_rank_beside_the_items_by_the_documented_rule(write, demo_dir) -> None:
    # demo items (tests/reports/test_report.py): often 1 x 2 x 75 = 150, light 0.5 x 1 x 50 = 25; target 100.
    card = scoring.score(
        discover([demo_dir]).select(["demo"]),
        {"demo/often": Answer(1), "demo/yes-no": Answer(1), "demo/light": Answer(2)},
    )
    ranked = journey.priorities(card, book())
    assert [(getattr(p, "full_id", None) or p.point.name, p.priority) for p in ranked] == [
        ("demo/often", 150),
        ("Phone number on the site", 100),
        ("Greeting at the door", 100),
        ("Hold line", 100),
        ("demo/light", 25),
    ]
    assert journey.priorities(card, None) == card.priorities(10)


def test_a_misery_that_ties_with_an_item_comes_first(write, demo_dir) -> None:
    card = scoring.score(discover([demo_dir]).select(["demo"]), {"demo/light": Answer(0)})  # 0.5 x 1 x 100 = 50
    ranked = journey.priorities(card, book())
    assert [type(p).__name__ for p in ranked] == ["Misery"] * 3 + ["ItemScore"]
    tie = scoring.score(discover([demo_dir]).select(["demo"]), {"demo/often": Answer(2)})  # 1 x 2 x 50 = 100
    assert [type(p).__name__ for p in journey.priorities(tie, book())] == ["Misery"] * 3 + ["ItemScore"]


def test_weak_links_are_drops_from_magic_to_misery_within_a_stage_and_touch_points_with_no_owner() -> None:
    links = journey.weak_links(book())
    assert [(w.kind, w.stage, w.points, w.who) for w in links] == [
        ("drop", "Finding us", ("Search result", "Phone number on the site"), (None,)),
        ("no-owner", "Finding us", ("Phone number on the site",), ()),
    ]


def test_a_drop_for_one_kind_of_customer_names_that_kind() -> None:
    text = WORKBOOK.replace("rating: mediocrity\n", "rating: mediocrity\n").replace(
        "              rating: magic\n        - name: After-sales",
        "              rating: magic\n              by_customer: {regulars: misery}\n        - name: After-sales",
    )
    drops = [w for w in journey.weak_links(book(text)) if w.kind == "drop"]
    assert [(w.stage, w.points, w.who) for w in drops][1] == (
        "Visit", ("Greeting at the door", "Waiting area"), ("regulars",),
    )  # fmt: skip


def test_a_drop_across_a_stage_boundary_or_with_something_between_is_not_a_weak_link() -> None:
    text = WORKBOOK.replace(
        'rating: misery\n              note: "hidden', 'rating: mediocrity\n              note: "hidden'
    )
    assert [w.kind for w in journey.weak_links(book(text))] == ["no-owner"]


def test_own_practices_are_scored_as_the_checklist_own(write, demo_dir) -> None:
    own, answers = journey.own_practices(book())
    assert own is not None and own.id == "own" and [i.id for _, i in own.items] == ["call-back", "bike-check"]
    assert answers == {"own/call-back": Answer(1.0, "only when we remember")}
    answer_set = AnswerSet("Ann", "Acme", dt.date(2024, 5, 1), {"demo/light": Answer(2)}, workbook=book())
    checklists, merged = journey.with_own(discover([demo_dir]).select(["demo"]), answer_set)
    card = scoring.score(checklists, merged)
    assert [(c.checklist.id, scoring.shown(c.score)) for c in card.checklists] == [("demo", 50.0), ("own", 25.0)]
    assert card.checklists[1].sections[0].items[0].item.action == "Put a call-back list beside the phone."
    assert journey.own_practices(None) == (None, {})
    with pytest.raises(CxError, match="a checklist has the id 'own'"):
        journey.with_own([own], answer_set)


def test_the_map_answers_the_fixed_touch_point_items_it_can() -> None:
    found = journey.answers_from_map(book(), discover([]), dt.date(2024, 5, 1))
    assert [(f.full_id, f.answer.value) for f in found] == [
        ("touchpoints/touchpoint-list", 2),
        ("touchpoints/rate-touches", 4),
        ("focus/define-customer", 1),
        ("focus/customer-kinds", 2),
        ("focus/ideal-defined", 1),
    ]
    assert found[0].because == "6 touch points in 3 stages on the map of 2024-05-01"
    assert found[0].answer.note == "from the map: 6 touch points in 3 stages on the map of 2024-05-01"
    assert journey.answers_from_map(Workbook(), discover([]), dt.date(2024, 5, 1)) == []


def test_kinds_of_customers_without_wants_or_with_none_inside_answer_partly() -> None:
    """focus/customer-kinds asks for every kind, colleagues too, with what each wants and needs."""
    lacking = WORKBOOK.replace("            inside: true\n", "")
    assert "inside: true" not in lacking
    for text in (lacking, WORKBOOK.replace("            wants: to be known by name\n", "")):
        found = {f.full_id: f.answer for f in journey.answers_from_map(book(text), discover([]), dt.date(2024, 5, 1))}
        assert found["focus/customer-kinds"].value == 1  # Partly
        assert found["focus/customer-kinds"].note == (
            "from the map: the map lists kinds of customers, with what each wants or needs"
        )


@pytest.mark.parametrize(("rated", "label"), [(0, None), (1, 1), (2, 2), (3, 3), (4, 4)])
def test_the_share_of_touch_points_rated_becomes_a_frequency(rated: int, label: int | None) -> None:
    points = [TouchPoint(name=f"p{n}", rating="magic" if n < rated else None) for n in range(4)]
    found = journey.answers_from_map(
        Workbook(journey=[Stage(name="s", touchpoints=points)]), discover([]), dt.date(2024, 5, 1)
    )
    rate = {f.full_id: f.answer.value for f in found}.get("touchpoints/rate-touches")
    assert rate == (0 if label is None else label)


_ratings = st.sampled_from(["magic", "mediocrity", "misery", None])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(_ratings, max_size=6), max_size=5), st.floats(0, 100))
def test_every_misery_and_every_magic_to_misery_drop_is_found_once(stages, target) -> None:
    workbook = Workbook(
        journey=[
            Stage(name=f"s{n}", touchpoints=[TouchPoint(name=f"p{m}", rating=r) for m, r in enumerate(ratings)])
            for n, ratings in enumerate(stages)
        ]
    )
    found = journey.miseries(workbook, target)
    assert len(found) == sum(r == "misery" for ratings in stages for r in ratings)
    drops = [w for w in journey.weak_links(workbook) if w.kind == "drop"]
    expected = sum(a == "magic" and b == "misery" for ratings in stages for a, b in zip(ratings, ratings[1:]))
    assert len(drops) == expected
