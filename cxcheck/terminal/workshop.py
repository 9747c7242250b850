"""The workshop report at a terminal: where people disagree, the team's priorities, team and role scores, perception gaps.

Drawn from the report context (:func:`cxcheck.reports.workshop.workshop_context`), never from the
answers directly, so the terminal shows exactly the figures of the Markdown, HTML and JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core import scoring
from cxcheck.terminal.summary import BAND_STYLES


def figure(score: float | None, band: str | None) -> Text:
    """``62.5 mediocrity`` coloured by band; the band's name is spelled out, so colour is never needed."""
    if score is None:
        return Text("no score", style="dim")
    return Text(f"{scoring.figure(score)} {band}", style=BAND_STYLES.get(band or "", ""))


def workshop_summary(context: Mapping[str, Any]) -> RenderableType:
    roles = [r["role"] for r in context["roles"]]
    parts: list[RenderableType] = [
        Text.assemble(
            ("Workshop: ", "bold"),
            (context["organisation"], "bold"),
            f" ({len(context['respondents'])} respondents" + (f"; roles: {', '.join(roles)}" if roles else "") + ")",
        )
    ]
    parts.append(_disagreements(context))
    if context.get("touchpoints"):
        parts.append(_touch_disagreements(context["touchpoints"], context["disagreement_threshold"]))
    parts.append(_priorities(context["priorities"]))
    parts.append(_scores(context, roles))
    parts += [_gap(gap) for gap in context["perception_gaps"]]
    parts += [Text(f"Note: {notice}", style="yellow") for notice in context["notices"]]
    return Group(*parts)


def _disagreements(context: Mapping[str, Any]) -> RenderableType:
    shown = context["disagreements"]["shown"]
    count = context["disagreements"]["count"]
    title = f"Where you disagree: {count} item(s) with a spread of {context['disagreement_threshold']} points or more"
    if not shown:
        return Text(f"{title}.", style="bold")
    table = Table(title=title, title_justify="left", show_lines=True, show_edge=False, pad_edge=False)
    for header, justify in (
        ("rank", "right"),
        ("item", "left"),
        ("spread", "right"),
        ("who said what", "left"),
        ("ask", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for item in shown:
        said = "\n".join(f"{s['respondent']}: {s['answer']}" for s in item["said"])
        table.add_row(
            f"{item['rank']}{'=' if item['tied'] else ''}",
            Text(f"{item['id']}\n{item['question']}"),
            f"{item['spread']:.1f}",
            Text(said),
            Text(item["discussion"]),
        )
    if count > len(shown):
        tied = context["disagreements"]["more_tied"]
        at_spread = f", {tied} of them at the last spread listed" if tied else ""
        table.caption = f"{count - len(shown)} more{at_spread}: use --disagreements all to list every one"
    return table


def _touch_disagreements(touchpoints: Mapping[str, Any], threshold: float) -> RenderableType:
    """The touch points rated furthest apart: who met magic and who misery, and the question to ask."""
    shown = touchpoints["disagreements"]
    title = (
        f"Touch points rated apart: {len(shown)} of {touchpoints['count']} with a spread of {threshold} points or more"
    )
    if not shown:
        return Text(f"{title}.", style="bold")
    table = Table(title=title, title_justify="left", show_lines=True, show_edge=False, pad_edge=False)
    for header in ("touch point", "who rated it how", "ask"):
        table.add_column(header)
    for point in shown:
        said = "\n".join(f"{s['respondent']}: {s['rating']}" for s in point["said"])
        table.add_row(Text(f"{point['touchpoint']}\n({point['stage']})"), Text(said), Text(point["discussion"] or ""))
    return table


def _priorities(priorities: Mapping[str, Any]) -> RenderableType:
    """The team's priorities with their first step, ranked as the report ranks them (``1=`` marks a tie)."""
    ranked = priorities["ranked"]
    title = f"Priorities on the team's mean: {len(ranked)} of {priorities['total']} items with a gap"
    if not ranked:
        return Text(f"{title}.", style="bold")
    table = Table(title=title, title_justify="left", show_lines=True, show_edge=False, pad_edge=False)
    for header, justify in (("rank", "right"), ("item", "left"), ("team", "left"), ("spread", "right")):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    table.add_column("first step")
    for p in ranked:
        table.add_row(
            f"{p['rank']}{'=' if p['tied'] else ''}",
            Text(f"{p['id']}\n{p['question']}"),
            figure(p["score"], p["band"]),
            "-" if p["spread"] is None else f"{p['spread']:.1f}",
            Text(p["action"]),
        )
    if priorities["more_tied"]:
        table.caption = f"and {priorities['more_tied']} more at this priority"
    return table


def _scores(context: Mapping[str, Any], roles: list[str]) -> RenderableType:
    table = Table(title="Team scores (0..100)", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("checklist / section")
    table.add_column("team")
    for role in roles:
        table.add_column(role)

    def row(label: Text, part: dict[str, Any]) -> None:
        table.add_row(
            label, figure(part["score"], part["band"]), *(figure(r["score"], r["band"]) for r in part["by_role"])
        )

    for checklist in context["scores"]["checklists"]:
        row(Text(checklist["title"], style="bold"), checklist)
        for section in checklist["sections"]:
            row(Text(f"  {section['title']}"), section)
    row(Text("Overall", style="bold"), context["scores"]["overall"])
    return table


def _gap(gap: dict[str, Any]) -> RenderableType:
    first, second = gap["roles"]
    table = Table(title=f"Perception gap: {first} vs {second}", title_justify="left", show_edge=False, pad_edge=False)
    for header in ("section", first, second, "difference"):
        table.add_column(header, justify="left" if header == "section" else "right")
    for section in gap["sections"]:
        table.add_row(
            Text(f"{section['checklist_title']} › {section['title']}"),
            *(f"{s:.1f}" for s in section["scores"]),
            f"{section['difference']:+.1f}",
        )
    if gap["more_tied"]:
        table.caption = f"and {gap['more_tied']} more at this difference"
    return table
