"""The one ranking rule for every ranked list a user reads (docs/reports.md "Ranks and ties").

- Entries rank by their measure (a priority, a move, a spread), largest first, compared at
  the precision reports show it: two items shown at 100.0 are tied, whatever float noise says.
- **Ties are ties**: entries with the same measure share a rank (1, 1, 1, 4, ...), so a list
  never numbers equal entries as if one came before the other.
- Within a tie the order is the one a reader would pick: the larger weight (item weight x
  section weight) first, then the one more respondents answered, then checklist order (the
  order the entries are given in).
- A list cut at ``top`` that ends inside a tie says how many more share the last rank
  ("and N more at this gap"), so the cut is never mistaken for a ranking.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from cxcheck.core.targets import PRECISION

T = TypeVar("T")

RULE = (
    "Equal figures share a rank; within a tie the larger weight (item x section) comes first, "
    "then the item more respondents answered, then checklist order."
)


@dataclass(frozen=True)
class Standing(Generic[T]):
    """One entry in its place: ``rank`` counts the entries strictly ahead of it, plus one."""

    rank: int
    entry: T
    tied: bool = False
    """Another entry, listed or not, shares the rank."""


@dataclass(frozen=True)
class Ranking(Generic[T]):
    """Every entry in its place, and the cut at ``top``: what is listed and what ties with its last."""

    standings: tuple[Standing[T], ...]
    """Every entry ranked, listed or not."""
    top: int | None = None

    @property
    def listed(self) -> tuple[Standing[T], ...]:
        return self.standings if self.top is None else self.standings[: max(self.top, 0)]

    @property
    def more_tied(self) -> int:
        """Entries left out by the cut that share the last listed entry's rank."""
        listed = self.listed
        if not listed:
            return 0
        return sum(1 for s in self.standings[len(listed) :] if s.rank == listed[-1].rank)

    @property
    def total(self) -> int:
        return len(self.standings)


def _level(value: float) -> float:
    return round(value, PRECISION)


def order(
    entries: Iterable[T],
    measure: Callable[[T], float],
    *,
    weight: Callable[[T], float] | None = None,
    respondents: Callable[[T], int] | None = None,
) -> list[T]:
    """``entries`` (in checklist order) in rank order: measure, then weight, then respondents."""

    def key(entry: T) -> tuple[float, float, int]:
        return (
            -_level(measure(entry)),
            -(weight(entry) if weight else 0.0),
            -(respondents(entry) if respondents else 0),
        )

    return sorted(entries, key=key)  # stable: checklist order breaks what is left


def cut(ordered: Sequence[T], measure: Callable[[T], float], top: int | None = None) -> Ranking[T]:
    """Rank numbers for entries already in rank order (see :func:`order`), cut at ``top``."""
    ranks: list[int] = []
    previous: float | None = None
    for place, entry in enumerate(ordered, 1):
        level = _level(measure(entry))
        ranks.append(ranks[-1] if previous is not None and level == previous else place)
        previous = level
    sizes = Counter(ranks)  # each standing is made once, knowing whether its rank is shared
    return Ranking(tuple(Standing(r, e, sizes[r] > 1) for r, e in zip(ranks, ordered)), top)


def rank(
    entries: Iterable[T],
    measure: Callable[[T], float],
    top: int | None = None,
    *,
    weight: Callable[[T], float] | None = None,
    respondents: Callable[[T], int] | None = None,
) -> Ranking[T]:
    """The rule above in one call: order ``entries`` and cut the list at ``top``."""
    return cut(order(entries, measure, weight=weight, respondents=respondents), measure, top)
