"""A blank answers file to fill in by hand: every item, its question and its scale as comments.

For people who gather answers on paper or in a meeting and type them in later, and for
scripts that want a file to start from. Once the blanks are filled it loads like any answers
file; a blank left in place is reported with its line, so nothing is scored by accident.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from cxcheck.core.answers import FORMAT_VERSION
from cxcheck.model import NA, Checklist, describe_scale, number


def template(checklists: Sequence[Checklist], today: dt.date) -> str:
    first = checklists[0]
    example_id = first.full_id(first.items[0][1])
    top = number(first.scale_of(first.items[0][1]).high)
    lines = [
        "# cxcheck answers file. Write one answer after the colon of each item below.",
        "# An answer is the number or the label of an option on the item's scale (listed above",
        f"# each item), or {NA} when the item does not apply to you. For a note, or to say why an",
        "# item does not apply, write a mapping instead:",
        f'#   {example_id}: {{value: {top}, note: "what we saw"}}',
        f'#   {example_id}: {{value: {NA}, reason: "we have no shop"}}',
        "# Delete the line of any item you do not answer: a blank answer is reported as an error.",
        "# Check the file with `cxcheck assess --answers FILE`, then `cxcheck report FILE`.",
        f"format_version: {FORMAT_VERSION}",
        "respondent:    # your name",
        "organisation:  # the business assessed",
        "role:          # optional: your role, for example owner, manager or frontline",
        f"date: {today.isoformat()}  # the day the answers were given (YYYY-MM-DD)",
        "checklists:",
        *(f"  {c.id}: {json.dumps(c.version)}" for c in checklists),
        "answers:",
    ]
    for checklist in checklists:
        lines += ["", f"  # ===== {checklist.title} ({checklist.id}, version {checklist.version}) ====="]
        for section in checklist.sections:
            lines += ["", f"  # --- {section.title} ---"]
            for item in section.items:
                lines += _comment(item.question)
                lines.append(f"  #   answers: {describe_scale(checklist.scale_of(item))}")
                lines.append(f"  {checklist.full_id(item)}:")
    return "\n".join(lines) + "\n"


def _comment(text: str) -> list[str]:
    return [f"  # {line}".rstrip() for line in text.splitlines()]
