"""The scorecard at a glance in the terminal: what ``cxcheck assess`` ends with and ``cxcheck report`` shows.

One row per checklist, its sections indented below, and the overall figure last; the band
is written out as a word beside its colour so the table reads the same without colour.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from cxcheck.core.scoring import Counts, Scorecard, figure, whole

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


def _coverage(counts: Counts) -> str:
    if counts.coverage is None:
        return "all n/a"
    text = f"{whole(counts.coverage)}%"
    return text if not counts.not_applicable else f"{text} ({counts.not_applicable} n/a)"


def _row(table: Table, title: Text, score: float | None, band: str | None, counts: Counts) -> None:
    shown = Text("no score", style="dim") if score is None else Text(figure(score))
    band_text = Text(band or "-", style=BAND_STYLES.get(band or "", "dim"))
    table.add_row(title, shown, band_text, bar(score), _coverage(counts))


def scorecard_table(scorecard: Scorecard) -> Table:
    """Checklists and their sections with score, band, a bar and coverage; overall at the foot."""
    table = Table(title="Scores (0..100)", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("Checklist / section", overflow="fold")
    table.add_column("Score", justify="right")
    table.add_column("Band")
    table.add_column("", no_wrap=True)
    table.add_column("Coverage", justify="right")
    for checklist in scorecard.checklists:
        title = Text(f"{checklist.checklist.title} ", style="bold") + Text(
            f"{checklist.checklist.version}", style="dim"
        )
        _row(table, title, checklist.score, scorecard.band(checklist.score), checklist.counts)
        for section in checklist.sections:
            _row(
                table, Text(f"  {section.section.title}"), section.score, scorecard.band(section.score), section.counts
            )
    table.add_section()
    _row(table, Text("Overall", style="bold"), scorecard.score, scorecard.band(scorecard.score), scorecard.counts)
    return table
