"""Terminal views of the checklists themselves: the list and one checklist in full."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core.catalog import OWN_ADDITION, Catalog, source_title
from cxcheck.model import Checklist, Item, describe_scale
from cxcheck.sources import ARTICLES


def catalog_table(catalog: Catalog) -> Table:
    table = Table(title="Checklists", title_justify="left")
    for column in ("id", "title", "version", "items", "origin"):
        table.add_column(column, justify="right" if column == "items" else "left")
    for entry in catalog:
        c = entry.checklist
        table.add_row(c.id, Text(c.title), c.version, str(len(c.items)), Text(entry.origin))
    return table


def sources_table() -> Table:
    table = Table(title="Articles items may cite as `source`", title_justify="left")
    table.add_column("source")
    table.add_column("title")
    table.add_column("author")
    for name, article in ARTICLES.items():
        table.add_row(name, Text(article.title), Text(article.author or "-"))
    return table


def _origin(checklist: Checklist, item: Item) -> Text:
    """The cited source by title and file, or the own addition said as such, with its reason."""
    title = source_title(checklist, item)
    if title is None:
        return Text.assemble((OWN_ADDITION.capitalize(), "bold"), " (no source states it): ", item.own_addition or "")
    return Text.assemble(title, "\n", (item.source or "", "dim"))


def checklist_view(checklist: Checklist) -> RenderableType:
    """Every section and item, with the text a respondent needs and the source it comes from."""
    parts: list[RenderableType] = [
        Text.assemble((checklist.title, "bold"), f"  ({checklist.id}, version {checklist.version})"),
        Text(checklist.description, style="dim"),
        Text(f"Answer scale: {describe_scale(checklist.default_scale)}"),
    ]
    for section in checklist.sections:
        weight = "" if section.weight == 1 else f"  (weight {section.weight:g})"
        table = Table(title=Text(f"{section.title}{weight}"), title_justify="left", show_lines=True, expand=True)
        table.add_column("item", no_wrap=True)
        table.add_column("question and help", ratio=3)
        table.add_column("source", ratio=1)
        for item in section.items:
            body = Text.assemble((item.question, "bold"), "\n", (item.help, "dim"))
            if item.scale is not None:
                body.append(f"\nScale: {describe_scale(checklist.scale_of(item))}", style="italic")
            if item.weight != 1:  # the priorities weigh it so: say so where the item is read
                body.append(f"\nWeight {item.weight:g} (docs/checklists.md, Weights)", style="italic")
            table.add_row(item.id, body, _origin(checklist, item))
        parts.append(table)
    return Group(*parts)
