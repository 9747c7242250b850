"""The one ranking rule: ties share a rank, the cut says how many more tie, tie-breaks a reader accepts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cxcheck.core.ranking import cut, order, rank


def test_ties_share_a_rank_and_the_next_rank_counts_the_entries_ahead() -> None:
    ranking = rank(["a", "b", "c", "d"], {"a": 100.0, "b": 100.0, "c": 100.0, "d": 50.0}.__getitem__)
    assert [(s.rank, s.entry) for s in ranking.listed] == [(1, "a"), (1, "b"), (1, "c"), (4, "d")]
    assert ranking.more_tied == 0 and ranking.total == 4
    assert [s.tied for s in ranking.listed] == [True, True, True, False]


def test_a_cut_inside_a_tie_counts_the_ones_left_out_at_that_rank() -> None:
    gaps = dict.fromkeys("abcdefghijkl", 100.0) | {"m": 20.0}
    ranking = rank(gaps, gaps.__getitem__, top=10)
    assert {s.rank for s in ranking.listed} == {1} and len(ranking.listed) == 10
    assert ranking.more_tied == 2 and ranking.total == 13
    assert rank(gaps, gaps.__getitem__, top=12).more_tied == 0  # the cut falls between ranks


def test_ties_are_judged_at_the_precision_shown() -> None:
    assert [s.rank for s in rank([0.1 + 0.2, 0.3], float).listed] == [1, 1]


def test_within_a_tie_weight_then_respondents_then_given_order() -> None:
    entries = [("first", 1.0, 3), ("heavy", 2.0, 1), ("many", 1.0, 5), ("last", 1.0, 3)]
    ordered = order(entries, lambda e: 10.0, weight=lambda e: e[1], respondents=lambda e: e[2])
    assert [e[0] for e in ordered] == ["heavy", "many", "first", "last"]
    assert [s.rank for s in cut(ordered, lambda e: 10.0).listed] == [1, 1, 1, 1]


def test_top_zero_lists_nothing_and_claims_no_tie() -> None:
    ranking = rank([1.0, 1.0], float, top=0)
    assert ranking.listed == () and ranking.more_tied == 0 and ranking.total == 2


@given(st.lists(st.integers(0, 5).map(float), max_size=30), st.integers(0, 35))
def test_ranks_are_competition_ranks_of_the_measure(values: list[float], top: int) -> None:
    ranking = rank(values, float, top=top)
    listed = [(s.rank, s.entry) for s in ranking.listed]
    assert listed == [(1 + sum(v > x for v in values), x) for x in sorted(values, reverse=True)][:top]
    last = listed[-1][1] if listed else None
    assert ranking.more_tied == (values.count(last) - [x for _, x in listed].count(last) if listed else 0)
