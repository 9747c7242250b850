"""The spreadsheet a consultant hands over: scores, priorities and every answer, as xlsx or csv.

The xlsx holds one sheet per table: **Scores** (overall, checklists and sections with their
bands; a workshop adds every role's score), **Priorities** (with the first step), **Answers**
(every answer in long form, :data:`COLUMNS`) and, for a workshop, **Items x respondents**.
The csv is the Answers sheet alone. Figures come from the report's own context, so the
spreadsheet and the JSON report can never disagree; the answers come from the scored items.

Text from files is data here too. A spreadsheet runs a cell that starts with ``=``, ``+``,
``-`` or ``@`` as a formula ("CSV injection"): the xlsx writes every text as a string cell
(``write_string``, never ``write``), and the csv puts a ``'`` before such text, which
spreadsheets show as the text itself. Numbers are numbers and dates are dates in both.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from cxcheck.core.survey import LONG_COLUMNS
from cxcheck.core.workbook import SENSES
from cxcheck.errors import CxError
from cxcheck.text import FORMULA_START

if TYPE_CHECKING:
    from cxcheck.core.aggregate import Workshop
    from cxcheck.core.scoring import Scorecard
    from cxcheck.model import AnswerSet

MISSING = "xlsx output needs XlsxWriter: pip install 'cxcheck[xlsx]'"
WIDEST = 60
"""Column width (in characters) beyond which text wraps instead: a question is not a column."""

Cell = str | float | int | dt.date | None


class AnswerRow(NamedTuple):
    """One answer in long form: a row of the Answers sheet and of the csv."""

    respondent: str
    role: str | None
    date: dt.date
    checklist: str
    section: str
    item: str
    question: str
    value: float | None
    """the value on the item's scale; empty for n/a"""
    label: str
    """the answer as its label on the scale, or n/a"""
    score: float | None
    """the normalised score, 0..100"""
    reason: str | None
    """why the item does not apply (n/a only)"""
    note: str | None


COLUMNS = LONG_COLUMNS
"""The csv's and the Answers sheet's header; ``cxcheck import`` reads the csv back."""


def scorecard_answers(scorecard: Scorecard, answer_set: AnswerSet) -> list[AnswerRow]:
    """Every answer of one respondent, in checklist order (unanswered items are not answers)."""
    rows = []
    for scored in scorecard.items:
        if scored.answer is None or scored.label is None:
            continue
        rows.append(
            AnswerRow(
                answer_set.respondent,
                answer_set.role,
                answer_set.date,
                scored.checklist.id,
                scored.section.id,
                scored.item.id,
                scored.item.question,
                scored.answer.value,
                scored.label,
                scored.score,
                scored.answer.reason,
                scored.answer.note,
            )  # fmt: skip
        )
    return rows


def workshop_answers(workshop: Workshop) -> list[AnswerRow]:
    """Every answer of every respondent, item by item in checklist order, respondents in report order.

    Respondents are their labels, so an anonymous workshop's spreadsheet names no one either.
    """
    rows = []
    for view in workshop.items:
        for answer, respondent in zip(view.answers, workshop.respondents):
            if answer is None:
                continue
            rows.append(
                AnswerRow(
                    respondent.label,
                    respondent.role,
                    respondent.answer_set.date,
                    view.checklist.id,
                    view.section.id,
                    view.item.id,
                    view.item.question,
                    answer.value,
                    view.scale.label_of(answer.value),
                    view.score(answer),
                    answer.reason,
                    answer.note,
                )  # fmt: skip
            )
    return rows


def neutralised(text: str) -> str:
    """Text a spreadsheet shows as text: a leading ``'`` before what would start a formula (csv only)."""
    return f"'{text}" if text.startswith(FORMULA_START) else text


def csv_text(answers: Iterable[AnswerRow]) -> str:
    """Every answer in long form: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), a header row.

    Numbers are written as numbers, dates as ISO 8601, empty cells for none.
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in answers:
        writer.writerow(["" if c is None else neutralised(c) if isinstance(c, str) else _plain(c) for c in row])
    return out.getvalue()


def _plain(value: float | dt.date) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def xlsx(kind: str, context: Mapping[str, Any], answers: Sequence[AnswerRow]) -> bytes:
    """The workbook: Scores, Priorities, Answers; with a map, its touch points, customers and ideal; for a
    workshop, Items x respondents."""
    try:
        import xlsxwriter  # type: ignore[import-untyped]
    except ImportError:
        raise CxError(MISSING) from None
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    formats = {
        "head": book.add_format({"bold": True, "bottom": 1, "bg_color": "#E7EEF5"}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "number": book.add_format({"num_format": "0.0"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
    }
    workshop = kind == "workshop"
    _sheet(book, formats, "Scores", *_scores(context, workshop))
    _sheet(book, formats, "Priorities", *_priorities(context, workshop))
    _sheet(book, formats, "Answers", COLUMNS, list(answers))
    if context.get("workbook"):
        _sheet(book, formats, "Touch points", *_touchpoints(context["workbook"]))
        _sheet(book, formats, "Customers and ideal", *_customers(context["workbook"]))
    if workshop:
        _sheet(book, formats, "Items x respondents", *_items(context))
    book.set_properties({"title": f"{context['organisation']}: cxcheck {kind} report", "comments": context["rules"]})
    book.close()
    return out.getvalue()


def _sheet(book: Any, formats: dict[str, Any], name: str, head: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """One table on its own sheet: a frozen, filterable header row and columns as wide as they need."""
    sheet = book.add_worksheet(name)
    widths = [len(h) for h in head]
    for x, title in enumerate(head):
        sheet.write_string(0, x, title, formats["head"])
    for y, row in enumerate(rows, 1):
        for x, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(y, x, value)  # never a formula, whatever the text starts with
                widths[x] = max(widths[x], len(value))
            elif isinstance(value, dt.date):
                sheet.write_datetime(y, x, dt.datetime.combine(value, dt.time()), formats["date"])
                widths[x] = max(widths[x], 10)
            else:
                sheet.write_number(y, x, value, None if float(value).is_integer() else formats["number"])
                widths[x] = max(widths[x], len(f"{value:.1f}"))
    for x, width in enumerate(widths):
        sheet.set_column(x, x, min(width, WIDEST) + 2, formats["wrap"] if width > WIDEST else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(head) - 1)


def _scores(context: Mapping[str, Any], workshop: bool) -> tuple[list[str], list[list[Cell]]]:
    """Overall, then each checklist followed by its sections; the roles' scores beside a workshop's."""
    overall = context["scores"]["overall"] if workshop else context["overall"]
    checklists = context["scores"]["checklists"] if workshop else context["checklists"]
    roles = [r["role"] for r in overall["by_role"]] if workshop else []
    head = ["level", "checklist", "section", "title", "score", "band", "target", "gap", "coverage %"]
    head += ["answered", "n/a", "unanswered", *[f"{r} score" for r in roles], *[f"{r} band" for r in roles]]

    def row(level: str, checklist: str, section: str, title: str, part: Mapping[str, Any]) -> list[Cell]:
        counts = part["counts"]
        cells: list[Cell] = [level, checklist, section, title, part["score"], part["band"], part["target"]]
        cells += [part["gap"], part["coverage"], counts["answered"], counts["not_applicable"], counts["unanswered"]]
        if workshop:
            cells += [r["score"] for r in part["by_role"]] + [r["band"] for r in part["by_role"]]
        return cells

    rows = [row("overall", "", "", context["organisation"], overall)]
    for c in checklists:
        rows.append(row("checklist", c["id"], "", c["title"], c))
        rows += [row("section", c["id"], s["id"], s["title"], s) for s in c["sections"]]
    return head, rows


def _priorities(context: Mapping[str, Any], workshop: bool) -> tuple[list[str], list[list[Cell]]]:
    """The priorities as the report lists them, each with its first step; a workshop's on the team's mean."""
    answer = ["tied", "spread", "answered by"] if workshop else ["tied", "answer", "note"]
    score = "team score" if workshop else "score"
    head = ["rank", "checklist", "section", "item", "question", *answer, score, "band", "target", "gap"]
    head += ["weight", "section weight", "priority", "first step"]
    rows: list[list[Cell]] = []
    for p in context["priorities"]["ranked"]:
        tied = "tied" if p["tied"] else None
        said: list[Cell] = [tied, p["spread"], p["answered"]] if workshop else [tied, p["answer"], p["note"]]
        rows.append(
            [p["rank"], p["checklist"], p["section"], p["id"].split("/", 1)[1], p["question"], *said, p["score"]]
            + [p["band"], p["target"], p["gap"], p["weight"], p["section_weight"], p["priority"], p["action"]]
        )
    return head, rows


def _touchpoints(book: Mapping[str, Any]) -> tuple[list[str], list[list[Cell]]]:
    """The journey, one row per touch point: its rating, each kind's, and a misery's rank among the priorities."""
    kinds = [k for k in book["rows"] if k is not None]
    head = ["stage", "touch point", "channel", "owner", "rating", "note", "priority rank"]
    head += [f"{k} rating" for k in kinds] + [f"{k} note" for k in kinds]
    ranks = {(m["stage"], m["touchpoint"]): m["rank"] for m in book["miseries"]}
    rows: list[list[Cell]] = []
    for stage in book["stages"]:
        for p in stage["touchpoints"]:
            own = {k["kind"]: k for k in p["by_customer"]}
            rows.append(
                [stage["name"], p["name"], p["channel"], p["owner"], p["rating"], p["note"]]
                + [ranks.get((stage["name"], p["name"]))]
                + [own[k]["rating"] if k in own else None for k in kinds]
                + [own[k]["note"] if k in own else None for k in kinds]
            )
    return head, rows


def _customers(book: Mapping[str, Any]) -> tuple[list[str], list[list[Cell]]]:
    """The customer map and the ideal experience, one row per thing said: free text, never scored, never lost."""
    head = ["part", "kind of customer", "what", "text"]
    rows: list[list[Cell]] = []
    customers = book["customers"]
    if customers:
        if customers["definition"]:
            rows.append(["customers", None, "definition", customers["definition"]])
        for k in customers["kinds"]:
            rows.append(["customers", k["name"], "inside the business", "yes" if k["inside"] else "no"])
            rows.append(["customers", k["name"], "best customers", "yes" if k["best"] else "no"])
            rows += [["customers", k["name"], key, k[key]] for key in ("wants", "needs", "surprise") if k[key]]
    ideal = book["ideal"]
    if ideal:
        rows += [["ideal", None, "name", ideal["name"]]] if ideal["name"] else []
        rows += [["ideal", None, "feeling", feeling] for feeling in ideal["feelings"]]
        rows += [["ideal", None, sense, ideal[sense]] for sense in SENSES if ideal[sense]]
    return head, rows


def _items(context: Mapping[str, Any]) -> tuple[list[str], list[list[Cell]]]:
    """Items x respondents: every item's answers as written on its scale (n/a as the text n/a)."""
    head = ["item", "question", "mean", "spread", *[r["label"] for r in context["respondents"]]]
    rows: list[list[Cell]] = [[i["id"], i["question"], i["mean"], i["spread"], *i["given"]] for i in context["items"]]
    return head, rows
