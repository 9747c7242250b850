"""Two assessments side by side in the terminal: scores, changes and the items that moved most."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.terminal.console import indented
from cxcheck.terminal.trend import change_text, score_text


def _band(change: dict[str, Any]) -> Text:
    old, new = change["old"]["band"], change["new"]["band"]
    if change["band_changed"]:
        return Text(f"{old} → {new}", style="bold")
    return Text(new or old or "-", style="dim")


def compare_table(context: Mapping[str, Any]) -> Group:
    """Overall, checklists and sections with OLD, NEW, the change and any change of band; then the movers."""
    old, new = context["old"], context["new"]
    table = Table(
        title=Text(f"{new['organisation']}: {old['date']} → {new['date']}"),
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    # The dates are in the title: headed by them, two columns took 20 characters of a narrow
    # terminal and showed '2026-0…'. Bands wrap at the arrow, never inside 'mediocrity'.
    table.add_column("Checklist / section", overflow="fold")
    table.add_column("OLD", justify="right", no_wrap=True)
    table.add_column("NEW", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Band", min_width=len("mediocrity"))

    def row(title: RenderableType, change: dict[str, Any]) -> None:
        table.add_row(
            title,
            score_text(change["old"]["score"], change["old"]["band"]),
            score_text(change["new"]["score"], change["new"]["band"]),
            change_text(change["change"]),
            _band(change),
        )

    for checklist in context["checklists"]:
        row(Text(checklist["title"], style="bold"), checklist)
        for section in checklist["sections"]:
            row(indented(section["title"]), section)
    table.add_section()
    row(Text("Overall", style="bold"), context["overall"])
    parts: list[Any] = [table]
    items = context["items"]
    for key, heading in (("up", "Moved up most"), ("down", "Moved down most")):
        if items[key]:
            parts.append(Text(f"\n{heading}:", style="bold"))
            parts += [
                Text.assemble(
                    f"  {i['rank']:>2}{'=' if i['tied'] else ' '} ",
                    change_text(i["change"]),
                    f"  {i['question']} ({i['old']['answer']} → {i['new']['answer']})",
                )
                for i in items[key]
            ]
            if more := items[f"{key}_more_tied"]:
                parts.append(Text(f"  and {more} more at this move", style="dim"))
    if context["touchpoints"]["compared"]:
        parts.append(map_changes(context["touchpoints"]))
    parts += [Text(f"\nNote: {note}", style="dim") for note in context["notes"]]
    return Group(*parts)


def map_changes(moves: Mapping[str, Any]) -> Text:
    """Touch points that moved between magic, mediocrity and misery, and those added or removed."""
    lines = Text(
        f"\nTouch points: {len(moves['moved'])} changed rating, {moves['unchanged']} the same, "
        f"{len(moves['added'])} added, {len(moves['removed'])} removed",
        style="bold",
    )
    for move in moves["moved"]:
        style = "red" if move["direction"] == "worse" else "green" if move["direction"] == "better" else ""
        lines.append(f"\n  {move['direction']:<8}", style=style)
        lines.append(
            f" {move['touchpoint']} ({move['stage']}): {move['old'] or 'not rated'} → {move['new'] or 'not rated'}"
        )
    for key in ("added", "removed"):
        for point in moves[key]:
            lines.append(f"\n  {key:<8} {point['touchpoint']} ({point['stage']}): {point['rating'] or 'not rated'}")
    return lines
