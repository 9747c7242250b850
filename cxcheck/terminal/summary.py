"""The scorecard at a glance in the terminal: what ``cxcheck assess`` ends with and ``cxcheck report`` shows.

One row per checklist, its sections indented below, and the overall figure last; the band
is written out as a word beside its colour so the table reads the same without colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.table import Table
from rich.text import Text

from cxcheck.core.scoring import Counts, Scorecard, figure, whole
from cxcheck.terminal.console import Fitted, indented

if TYPE_CHECKING:
    from rich.console import RenderableType

BAND_STYLES = {"misery": "bold red", "mediocrity": "bold yellow", "magic": "bold green"}
BAR_WIDTH = 10


def bar(score: float | None, width: int = BAR_WIDTH) -> Text:
    """A score as a row of eighth-blocks, so small differences still show."""
    if score is None:
        return Text("·" * width, style="dim")
    eighths = round(max(0.0, min(100.0, score)) / 100 * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")
    return Text(text.ljust(width), style="cyan")


def _coverage(counts: Counts, apart: str = " ") -> str:
    """``66% (1 n/a)``; ``apart`` goes between the share and the n/a count."""
    if counts.coverage is None:
        return "all n/a"
    text = f"{whole(counts.coverage)}%"
    return text if not counts.not_applicable else f"{text}{apart}({counts.not_applicable} n/a)"


def scorecard_table(scorecard: Scorecard) -> RenderableType:
    """Checklists and their sections with score, band, a bar and coverage; overall at the foot.

    Laid out for the width it is printed at (see :data:`NARROW`), so that a narrow terminal
    still reads every word whole and ``mediocrity``, never ``descript / ions`` or ``medioc…``.
    """
    return Fitted(lambda width: _table(scorecard, narrow=width < NARROW))


NARROW = 72
"""Below this many columns the bar (the score drawn: nothing is lost) and the column rules go,
and the n/a count takes a line of its own, so the titles keep room enough for whole words."""


def _table(scorecard: Scorecard, narrow: bool) -> Table:
    table = Table(
        title="Scores (0..100)",
        title_justify="left",
        show_edge=False,
        pad_edge=False,
        box=box.SIMPLE_HEAD if narrow else box.HEAVY_HEAD,
    )
    table.add_column("Checklist / section", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Band", no_wrap=True)
    if not narrow:
        table.add_column("", no_wrap=True)
    table.add_column("Coverage", justify="right", no_wrap=True)

    def row(title: RenderableType, score: float | None, counts: Counts) -> None:
        shown = Text("no score", style="dim") if score is None else Text(figure(score))
        band = scorecard.band(score)
        band_text = Text(band or "-", style=BAND_STYLES.get(band or "", "dim"))
        bars = [] if narrow else [bar(score)]
        table.add_row(title, shown, band_text, *bars, _coverage(counts, "\n" if narrow else " "))

    for checklist in scorecard.checklists:
        title = Text(f"{checklist.checklist.title} ", style="bold") + Text(
            f"{checklist.checklist.version}", style="dim"
        )
        row(title, checklist.score, checklist.counts)
        for section in checklist.sections:
            row(indented(section.section.title), section.score, section.counts)
    table.add_section()
    row(Text("Overall", style="bold"), scorecard.score, scorecard.counts)
    return table
