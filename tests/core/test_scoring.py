"""The scoring rules of issue 4, one test per rule, and properties over random answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cxcheck.core.catalog import Catalog, Entry
from cxcheck.core.scoring import RULES, Scorecard, coverage, score, shown, whole
from cxcheck.core.targets import Bands, Targets, load
from cxcheck.errors import CxError
from cxcheck.model import Answer, Checklist

SOURCE = "001_1c575d8905d84cba.txt"


def item(item_id: str, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "question": f"{item_id}?", "help": "h", "action": f"do {item_id}", "source": SOURCE, **extra}


def checklist(checklist_id: str = "c", sections: list[dict[str, Any]] | None = None, **extra: Any) -> Checklist:
    """A checklist on the 0..4 frequency scale; two sections by default (weights 2 and 1)."""
    sections = sections or [
        {"id": "s1", "title": "S1", "weight": 2, "items": [item("a"), item("b", weight=3)]},
        {"id": "s2", "title": "S2", "items": [item("c"), item("yn", scale="yes-no")]},
    ]
    return Checklist(
        id=checklist_id, title=checklist_id.upper(), version="1", description="d", sections=sections, **extra
    )


def answers(**values: float | None) -> dict[str, Answer]:
    """``a=4, c=None`` -> answers to c/a (4) and c/c (n/a)."""
    return {f"c/{k.replace('_', '-')}": Answer(v) for k, v in values.items()}


def test_an_answer_scores_its_place_on_the_scale() -> None:
    card = score([checklist()], answers(a=1, b=3, yn=1))
    a, b, c, yn = card.items
    assert (a.score, b.score, c.score, yn.score) == (25.0, 75.0, None, 100.0)


def test_sections_are_weighted_means_of_answered_items_and_checklists_of_sections() -> None:
    card = score([checklist()], answers(a=1, b=3, c=2, yn=0))
    s1, s2 = card.checklists[0].sections
    assert s1.score == (25 * 1 + 75 * 3) / 4  # 62.5
    assert s2.score == 25.0  # (50 + 0) / 2
    assert card.checklists[0].score == (62.5 * 2 + 25 * 1) / 3  # 50
    assert card.score == 50.0


def test_overall_is_the_plain_mean_of_checklists_whatever_their_size() -> None:
    small = checklist("small", [{"id": "s", "title": "S", "items": [item("x")]}])
    card = score([checklist(), small], {"c/a": Answer(4), "small/x": Answer(0)})
    assert [c.score for c in card.checklists] == [100.0, 0.0]
    assert card.score == 50.0


def test_na_and_unanswered_are_left_out_and_counted() -> None:
    card = score([checklist()], answers(a=4, b=None))
    s1, s2 = card.checklists[0].sections
    assert s1.score == 100.0  # b is n/a: not a zero
    assert (s1.counts.answered, s1.counts.not_applicable, s1.counts.unanswered) == (1, 1, 0)
    assert s1.counts.coverage == 100.0
    assert s2.score is None and s2.counts.coverage == 0.0
    assert card.checklists[0].score == 100.0  # s2 has nothing answered, so it is out
    assert (card.counts.answered, card.counts.not_applicable, card.counts.unanswered) == (1, 1, 2)
    assert card.counts.coverage == 33.3  # one decimal, rounded down


def test_an_all_na_section_has_no_score_and_no_coverage() -> None:
    card = score([checklist()], answers(c=None, yn=None, a=2))
    s2 = card.checklists[0].sections[1]
    assert s2.score is None and s2.gap is None and s2.counts.coverage is None
    assert card.band(s2.score) is None  # nothing answered is not misery
    assert card.checklists[0].score == 50.0


def test_nothing_answered_means_no_score_anywhere() -> None:
    card = score([checklist()], {})
    assert card.score is None and card.gap is None and card.checklists[0].score is None
    assert card.priorities(10) == [] and card.strengths() == []


def test_weights_of_zero_keep_items_and_sections_out_of_the_score() -> None:
    zero_item = checklist(
        sections=[
            {"id": "s1", "title": "S1", "items": [item("a", weight=0), item("b")]},
            {"id": "s2", "title": "S2", "weight": 0, "items": [item("c")]},
        ]
    )
    card = score([zero_item], answers(a=0, b=4, c=0))
    s1, s2 = card.checklists[0].sections
    assert s1.score == 100.0  # a weighs nothing
    assert s2.score == 0.0 and card.checklists[0].score == 100.0  # s2 weighs nothing
    assert s1.counts.answered == 2  # still answered, still counted
    assert [i.item.id for i in card.priorities(10)] == []  # zero weight: zero priority


def test_only_zero_weight_answers_leave_a_section_without_score() -> None:
    only = checklist(sections=[{"id": "s", "title": "S", "items": [item("a", weight=0), item("b")]}])
    assert score([only], answers(a=4)).checklists[0].sections[0].score is None


def test_yes_no_scales_score_0_or_100() -> None:
    card = score([checklist()], answers(yn=0))
    assert card.items[3].score == 0.0 and card.items[3].label == "No"
    assert score([checklist()], answers(yn=1)).items[3].label == "Yes"


def test_custom_scales_normalise_between_their_own_ends() -> None:
    scale = [{"label": "bad", "value": -2}, {"label": "ok", "value": 0}, {"label": "great", "value": 6}]
    custom = checklist(sections=[{"id": "s", "title": "S", "items": [item("a", scale=scale)]}])
    assert score([custom], answers(a=0)).items[0].score == 25.0


def test_targets_apply_most_specific_first_and_gap_is_never_negative() -> None:
    targets = Targets(overall=90, checklists={"c": 80}, sections={"c/s1": 70}, items={"c/a": 30})
    card = score([checklist()], answers(a=1, b=3, c=4, yn=1), targets)
    a, b, c, _ = card.items
    assert (a.target, b.target, c.target) == (30, 70, 80)
    assert a.gap == 5.0 and b.gap == 0.0 and c.gap == 0.0  # 75 vs 70, 100 vs 80: above target, no gap
    assert card.checklists[0].sections[0].target == 70 and card.checklists[0].target == 80 and card.target == 90
    assert card.checklists[0].sections[1].gap == 0.0  # 100 vs 80


def test_priorities_rank_by_weight_times_section_weight_times_gap_ties_in_checklist_order() -> None:
    card = score([checklist()], answers(a=0, b=2, c=0, yn=0))
    # a: 1 x 2 x 100 = 200; b: 3 x 2 x 50 = 300; c: 1 x 1 x 100 = 100; yn: 1 x 1 x 100 = 100
    ranked = card.priorities(10)
    assert [(i.item.id, i.priority) for i in ranked] == [("b", 300), ("a", 200), ("c", 100), ("yn", 100)]
    assert [i.item.id for i in card.priorities(2)] == ["b", "a"]


def test_equal_priorities_put_the_heavier_item_first_then_checklist_order() -> None:
    light_first = checklist(
        sections=[{"id": "s", "title": "S", "items": [item("light"), item("heavy", weight=2), item("x")]}]
    )
    card = score([light_first], answers(light=0, heavy=2, x=0))
    # light: 1 x 100 = 100; heavy: 2 x 50 = 100; x: 1 x 100 = 100 -- a tie, broken by weight, then order
    assert [i.item.id for i in card.priorities()] == ["heavy", "light", "x"]


def test_items_at_target_are_no_priority_and_items_at_the_top_are_strengths() -> None:
    card = score([checklist()], answers(a=4, b=3, yn=1, c=None))
    assert [i.item.id for i in card.priorities(10)] == ["b"]
    assert [i.item.id for i in card.strengths()] == ["a", "yn"]


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "misery"),
        (39.9, "misery"),
        (39.96, "mediocrity"),
        (40, "mediocrity"),
        (74.9, "mediocrity"),
        (75, "magic"),
        (100, "magic"),
    ],
)
def test_default_bands(value: float, band: str) -> None:
    assert Bands().name(value) == band


def test_bands_judge_at_one_decimal_so_float_noise_is_not_a_band() -> None:
    assert Bands().name(74.99999999999) == "magic"
    assert Bands().name(None) is None


def test_band_thresholds_can_be_changed() -> None:
    bands = Bands(mediocrity=50, magic=90)
    assert [bands.name(v) for v in (49, 50, 89.9, 90)] == ["misery", "mediocrity", "mediocrity", "magic"]
    with pytest.raises(ValueError, match="magic threshold must be above"):
        Bands(mediocrity=80, magic=70)


def test_shown_and_whole_figures() -> None:
    assert shown(66.66666) == 66.7 and shown(None) is None
    assert whole(99.6) == 99 and whole(99.96) == 99 and whole(None) is None
    assert [coverage(a, 2000) for a in (1999, 2000, 1, 0)] == [99.9, 100.0, 0.0, 0.0]
    assert coverage(2, 3) == 66.6 and coverage(1, 0) is None  # down, never up: 66.7 would claim more


def test_the_rules_line_says_what_the_issue_says() -> None:
    for words in (
        "(value - min) / (max - min) x 100",
        "n/a and unanswered",
        "weight-weighted",
        "gap = max(0, target - score)",
    ):
        assert words in RULES


# --- the targets file -----------------------------------------------------------------------


def catalog_of(*checklists: Checklist) -> Catalog:
    return Catalog(Entry(c, Path(f"{c.id}.yaml"), "test") for c in checklists)


def test_targets_file_loads_every_level(write) -> None:
    path = write(
        "targets.yaml",
        """\
        overall: 80
        checklists: {c: 70}
        sections: {c/s1: 60}
        items: {c/a: 50}
        bands: {mediocrity: 30, magic: 60}
        """,
    )
    targets = load(path, catalog_of(checklist()))
    assert targets.for_item("c", "s1", "a") == 50 and targets.for_item("c", "s1", "b") == 60
    assert targets.for_section("c", "s2") == 70 and targets.for_checklist("other") == 80
    assert targets.bands == Bands(mediocrity=30, magic=60)


def test_targets_naming_unknown_ids_are_rejected_with_file_and_line(write) -> None:
    path = write(
        "targets.yaml",
        """\
        overall: 80
        checklists:
          cc: 70
        sections:
          c/s9: 60
          nope/s1: 60
        items:
          c/aa: 50
          c/zzz: 50
        """,
    )
    with pytest.raises(CxError) as caught:
        load(path, catalog_of(checklist()))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: unknown checklist 'cc' (did you mean 'c'?)",
        f"{path}:5: unknown section 's9' in checklist 'c' (see `cxcheck show c`)",
        f"{path}:6: unknown checklist 'nope' in section target 'nope/s1'; write it as checklist-id/section-id",
        f"{path}:8: unknown item 'aa' in checklist 'c' (did you mean 'a'?)",
        f"{path}:9: unknown item 'zzz' in checklist 'c' (see `cxcheck show c`)",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("overall: 120\n", ":1: overall"),
        ("bands: {mediocrity: 80, magic: 70}\n", "magic threshold must be above"),
        ("overal: 80\n", ":1: "),
        ("items: {c/a: high}\n", ":1: "),
    ],
)
def test_bad_targets_files_say_where(write, text: str, message: str) -> None:
    path = write("targets.yaml", text)
    with pytest.raises(CxError) as caught:
        load(path, catalog_of(checklist()))
    assert message in str(caught.value) and str(path) in str(caught.value)


# --- properties -----------------------------------------------------------------------------

WEIGHTS = st.sampled_from([0, 0.5, 1, 2, 3])
CHECKLIST_IDS = ("c", "d")
"""Two checklists, so that the overall mean is put to the test as well."""
ITEM_IDS = [f"{c}/{i}" for c in CHECKLIST_IDS for i in ("a", "b", "c", "yn")]


def top_value(full_id: str) -> int:
    return 1 if full_id.endswith("/yn") else 4  # yes-no or frequency


@st.composite
def weighted_checklists(draw: st.DrawFn) -> list[Checklist]:
    def one(checklist_id: str) -> Checklist:
        return checklist(
            checklist_id,
            sections=[
                {
                    "id": "s1",
                    "title": "S1",
                    "weight": draw(WEIGHTS),
                    "items": [item("a", weight=draw(WEIGHTS)), item("b", weight=draw(WEIGHTS))],
                },
                {
                    "id": "s2",
                    "title": "S2",
                    "weight": draw(WEIGHTS),
                    "items": [item("c", weight=draw(WEIGHTS)), item("yn", scale="yes-no")],
                },
            ],
        )

    return [one(c) for c in CHECKLIST_IDS]


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Answer]:
    """Any mix of values, n/a and unanswered items."""
    chosen: dict[str, Answer] = {}
    for full_id in ITEM_IDS:
        kind = draw(st.sampled_from(["value", "value", "n/a", "none"]))
        if kind == "value":
            chosen[full_id] = Answer(float(draw(st.integers(0, top_value(full_id)))))
        elif kind == "n/a":
            chosen[full_id] = Answer(None)
    return chosen


def every_score(card: Scorecard) -> list[float | None]:
    figures: list[float | None] = [card.score]
    for c in card.checklists:
        figures.append(c.score)
        figures += [s.score for s in c.sections]
        figures += [i.score for s in c.sections for i in s.items]
    return figures


@settings(max_examples=300, deadline=None)
@given(weighted_checklists(), answer_sets(), st.floats(0, 100), st.floats(0, 100))
def test_scores_and_gaps_stay_in_0_to_100(
    chosen: list[Checklist], given_answers: dict[str, Answer], target: float, item_target: float
) -> None:
    card = score(chosen, given_answers, Targets(overall=target, items={"c/a": item_target}))
    gaps = [card.gap] + [c.gap for c in card.checklists] + [s.gap for c in card.checklists for s in c.sections]
    for figure in every_score(card) + gaps + [i.gap for i in card.items] + [card.counts.coverage]:
        assert figure is None or 0 <= figure <= 100 + 1e-9
    assert all(card.band(f) in (None, "misery", "mediocrity", "magic") for f in every_score(card))


@settings(max_examples=300, deadline=None)
@given(weighted_checklists(), answer_sets(), st.data())
def test_raising_one_answer_never_lowers_any_score(
    chosen: list[Checklist], before: dict[str, Answer], data: st.DataObject
) -> None:
    raisable = [k for k, a in before.items() if a.value is not None and a.value < top_value(k)]
    assume(raisable)
    full_id = data.draw(st.sampled_from(raisable))
    value = before[full_id].value
    assert value is not None
    after = {**before, full_id: Answer(float(data.draw(st.integers(int(value) + 1, top_value(full_id)))))}
    for old, new in zip(every_score(score(chosen, before)), every_score(score(chosen, after)), strict=True):
        assert (old is None) == (new is None)  # raising an answer never gives or takes away a score
        assert old is None or new is None or new >= old - 1e-9
