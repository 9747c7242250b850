"""The text helpers every floor shares."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cxcheck.text import whole_number


@given(st.one_of(st.text(), st.from_regex(r"[0-9]{1,30}", fullmatch=True)))
def test_a_whole_number_is_ascii_digits_only_and_never_raises(text: str) -> None:
    expected = int(text) if re.fullmatch(r"[0-9]+", text) else None
    assert whole_number(text) == expected


def test_digits_int_would_refuse_or_read_differently_are_no_number() -> None:
    assert [whole_number(t) for t in ("²", "①", "٣", " 3", "+3", "3_000", "", "07")] == [None] * 7 + [7]
