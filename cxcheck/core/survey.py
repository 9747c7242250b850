"""Large surveys: a survey tool's CSV export and answers files as one store, and the store as answers.

A consultant surveying a whole company's staff builds the questionnaire in the tool the
company already has (Google Forms, Microsoft Forms, SurveyMonkey) and exports the responses
as CSV. A mapping file (``cxcheck form --csv-template``, then edited) says which column
answers which item, and which columns name the respondent, their role and the day; cells may
hold an option's label (``Often``) or its value (``3``). ``cxcheck import`` checks every row
against the checklists (every problem at once, as ``file:line``) and writes one store
(:mod:`cxcheck.io.store`); the report commands then read the store as they read answers files:
each stored respondent becomes the :class:`~cxcheck.model.AnswerSet` their file would have given,
checked by the same code (:func:`cxcheck.core.answers.checked_entries`).

The export shapes (the first rows of each tool's CSV, as exported in English):

- Google Forms: one header row, ``Timestamp``, ``Email Address`` (when collected), then one
  column per question titled by the question; a grid's rows are ``Question [Row]``.
- Microsoft Forms (Excel export, saved as CSV): ``ID``, ``Start time``, ``Completion time``,
  ``Email``, ``Name``, then the questions.
- SurveyMonkey: two header rows; the first has ``Respondent ID``, ``Collector ID``,
  ``Start Date``, ``End Date``, ... and each question's title over its first column, the second
  ``Response`` under a single-answer question, or a matrix's row labels (read as ``Question [Row]``).
- cxcheck's own long form (``-f csv`` of a report): one row per answer, :data:`LONG_COLUMNS`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

from cxcheck.core import answers
from cxcheck.core.aggregate import NAMED_UNROLED, Counted, role_key
from cxcheck.core.catalog import Catalog
from cxcheck.errors import CxError, Problem
from cxcheck.io import store, tabular, yamlsafe
from cxcheck.io.validation import fail_if, quoted, suggest, validate
from cxcheck.model import CONSENSUS, NA, Answer, AnswerSet, Checklist, Scale, Slug
from cxcheck.text import FORMULA_START

FORMAT_VERSION: Final = 1
STORE = "survey.duckdb"
"""The store's name in a workshop folder, where ``cxcheck report FOLDER`` finds it."""
LONG_COLUMNS = (
    "respondent",
    "role",
    "date",
    "checklist",
    "section",
    "item",
    "question",
    "value",
    "label",
    "normalised score",
    "n/a reason",
    "note",
)
"""The long form every report writes with ``-f csv``, one answer a row; :func:`read_export` reads it back."""
NOT_APPLICABLE = frozenset({NA, "not applicable", "does not apply", "does not apply here"})
"""Cells meaning n/a, compared case-blind: what the form and the survey choices offered say."""
RESPONDENT_COLUMNS = ("Email Address", "Email address", "Name", "Email", "Respondent ID")
"""Columns that name respondents when the mapping names none: Google Forms, Microsoft Forms, SurveyMonkey."""
DATE_COLUMNS = ("Timestamp", "Completion time", "End Date")
_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
_SUB_HEADERS = ("", "Response", "Open-Ended Response")


class Mapping(BaseModel):
    """The mapping file: which column of an export answers which item. Its keys are in docs/surveys.md."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    format_version: Annotated[Literal[1], Field(description=f"currently {FORMAT_VERSION}")] = FORMAT_VERSION
    organisation: Annotated[str, Field(min_length=1)]
    checklists: dict[Slug, str] = Field(description='checklist id to the version the survey asks, quoted ("1.0")')
    respondent_column: str | None = Field(
        default=None, description=f"the column naming each respondent (default: the first of {RESPONDENT_COLUMNS})"
    )
    role_column: str | None = Field(default=None, description="the column holding each respondent's role")
    date_column: str | None = Field(
        default=None, description=f"the column with the day answered (default: the first of {DATE_COLUMNS})"
    )
    date_format: str | None = Field(
        default=None,
        description="how that column writes days, as Python's strptime (e.g. '%d/%m/%Y %H:%M'); "
        "default: year first, else month/day/year",
    )
    items: dict[str, str] = Field(default_factory=dict, description="item id (checklist/item) to its column's title")


@dataclass(frozen=True)
class Rules:
    """A mapping file as read: its settings, and its document, which says on which line each is
    (a problem of every CSV it maps points there), so that the file is parsed once per import."""

    mapping: Mapping
    doc: yamlsafe.Document


@dataclass(frozen=True)
class Found:
    """What an import read: every respondent, in the order of the files and their rows."""

    answer_sets: list[AnswerSet]
    notices: list[str]


def mapping_text(checklists: Sequence[Checklist], organisation: str) -> str:
    """The mapping file ``cxcheck form --csv-template`` writes: every item titled by its question.

    Build the survey with these questions as they are written (or change the titles here to
    the survey's own); each question's choices are its scale's labels, plus "Does not apply here".
    """
    head = {
        "format_version": FORMAT_VERSION,
        "organisation": organisation,
        "checklists": {c.id: c.version for c in checklists},
    }
    items = {c.full_id(item): item.question for c in checklists for _, item in c.items}
    choices = "\n".join(
        f"#   {c.full_id(item)}: {', '.join(o.label for o in c.scale_of(item).options)}"
        for c in checklists
        for _, item in c.items
    )
    return (
        "# How `cxcheck import` reads a survey tool's CSV export (docs/surveys.md). Make one question per\n"
        "# item below, titled as written here (or change the title here to your survey's), with the item's\n"
        '# choices and "Does not apply here"; cells may hold a choice\'s label or its value.\n'
        + yamlsafe.dump(head)
        + "# The column naming each respondent; empty: Google Forms' Email Address, Microsoft Forms' Name,\n"
        + "# SurveyMonkey's Respondent ID, else each row is numbered.\n"
        + "respondent_column: null\n"
        + "# The column of a question asking each respondent's role (leadership, manager, frontline, ...).\n"
        + "role_column: Role\n"
        + "# The column with the day answered; empty: Timestamp, Completion time or End Date, else today.\n"
        + "date_column: null\n"
        + "# How that column writes days, e.g. '%d/%m/%Y %H:%M:%S'; empty: year first, else month/day/year.\n"
        + "date_format: null\n"
        + "# Each item's column, by its title in the export's header row.\n"
        + yamlsafe.dump({"items": items})
        + "# The choices of each item, lowest first:\n"
        + choices
        + "\n"
    )


def load_mapping(path: Path, catalog: Catalog) -> Rules:
    """Read a mapping file and check its item ids against the checklists, every problem at once."""
    doc = yamlsafe.load(path)
    mapping, problems = validate(Mapping, doc)
    data = doc.data if isinstance(doc.data, dict) else {}
    items = catalog.items
    for full_id in _keys(data.get("items")):
        if full_id not in items:
            hint = suggest(str(full_id), items)
            problems.append(Problem(str(path), doc.line_of(("items", full_id)), f"unknown item {full_id}{hint}"))
    for checklist_id in _keys(data.get("checklists")):
        if checklist_id not in catalog:
            line = doc.line_of(("checklists", checklist_id))
            problems.append(Problem(str(path), line, f"unknown checklist {checklist_id}; see `cxcheck list`"))
    problems.sort(key=lambda p: p.line or 0)
    fail_if(problems)
    assert mapping is not None
    return Rules(mapping, doc)


def _keys(value: Any) -> list[Any]:
    """A mapping's keys, read before the model's check, so that a misspelt key hides no unknown item."""
    return list(value) if isinstance(value, dict) else []


def read_sources(
    sources: Sequence[Path],
    catalog: Catalog,
    today: dt.date,
    rules: Rules | None = None,
    organisation: str | None = None,
) -> Found:
    """Every respondent of the CSV exports and answers files given; every problem of every file at once.

    Adding to a store is importing it again with the new files: the same respondent from the
    same source, read twice (from the store and from the file, or from a grown export), is one
    respondent (:func:`counted_once`).
    """
    problems: list[Problem] = []
    read: list[tuple[Path, list[AnswerSet]]] = []
    notices: list[str] = []
    for path in sources:
        try:
            if path.suffix.lower() == ".csv":
                read.append((path, read_export(path, catalog, today, problems, rules, organisation)))
            elif store.is_store(path):
                read.append((path, load(path, catalog)))
            else:
                answer_set = answers.load(path, catalog, today)
                if answer_set.respondent == CONSENSUS:
                    notices.append(f"{path} holds the agreed answers; it is left out (report it on its own).")
                    continue
                if answer_set.workbook is not None:
                    notices.append(
                        f"{path}: its map is not imported (the store holds answers); report the file for it."
                    )
                read.append((path, [answer_set]))
        except CxError as exc:
            problems += exc.problems
    fail_if(problems)
    sets = counted_once(read, notices)
    if not sets:
        raise CxError("no respondents found in the files given; nothing was imported")
    return Found(sets, notices)


def counted_once(read: Iterable[tuple[Path, Sequence[AnswerSet]]], notices: list[str]) -> list[AnswerSet]:
    """The respondents read from each file given, in order, each respondent from each source once.

    A store keeps where each respondent came from (``source``, their :attr:`AnswerSet.path`), so
    the same person is read twice when a store is given beside its folder or the files it was
    imported from: the first reading counts, and a notice says so.
    """
    sets: list[AnswerSet] = []
    seen: set[tuple[str, str]] = set()
    for path, found in read:
        repeats = []
        for answer_set in found:
            key = (answer_set.respondent, str(answer_set.path))
            if key in seen:
                repeats.append(f"{answer_set.respondent} ({answer_set.path})")
            else:
                seen.add(key)
                sets.append(answer_set)
        if repeats:
            shown = ", ".join(repeats[:3]) + (f" and {len(repeats) - 3} more" if len(repeats) > 3 else "")
            notices.append(
                f"{path}: {len(repeats)} respondent(s) already read from the same source are counted once, "
                f"as first read: {shown}."
            )
    return sets


def read_export(
    path: Path,
    catalog: Catalog,
    today: dt.date,
    problems: list[Problem],
    rules: Rules | None,
    organisation: str | None,
) -> list[AnswerSet]:
    """The respondents of one CSV export; what is wrong goes to ``problems``."""
    rows = tabular.read(path)
    mapping = rules.mapping if rules else None
    if tuple(c.strip() for c in rows[0].cells) == LONG_COLUMNS:
        name = organisation or (mapping.organisation if mapping else None)
        if name is None:
            raise CxError("a long-form CSV names no organisation: give --organisation NAME or --mapping FILE", path)
        versions = dict(mapping.checklists) if mapping else {}
        return _long_form(path, rows[1:], catalog, today, problems, name.strip(), versions)
    if rules is None:
        raise CxError(
            "a survey export needs a mapping of its columns to items: give --mapping FILE "
            "(write one with `cxcheck form --csv-template -o mapping.yaml`)",
            path,
        )
    return _wide(path, rows, catalog, today, problems, rules, organisation)


def _wide(
    path: Path,
    rows: list[tabular.Row],
    catalog: Catalog,
    today: dt.date,
    problems: list[Problem],
    rules: Rules,
    organisation: str | None,
) -> list[AnswerSet]:
    """Google Forms, Microsoft Forms and SurveyMonkey: one row per respondent, one column per question."""
    mapping, doc = rules.mapping, rules.doc
    mapping_path = doc.path
    header, body = _header(rows)
    where: dict[str, int] = {}
    for n, title in enumerate(header):
        where.setdefault(title, n)
    wanted: list[tuple[str, int]] = []
    for full_id, title in mapping.items.items():
        column = where.get(title.strip())
        if column is None:
            line = doc.line_of(("items", full_id))
            problems.append(
                Problem(
                    str(mapping_path), line, f"{full_id}: {path} has no column {quoted(title)}{suggest(title, where)}"
                )
            )
            continue
        if header.count(title.strip()) > 1:
            problems.append(
                Problem(str(path), rows[0].line, f"{quoted(title)} is the title of two columns; rename one")
            )
        wanted.append((full_id, column))
    who, role_at, day_at = (
        _columns(doc, key, given, header, where, fallback, problems)
        for key, given, fallback in (
            ("respondent_column", mapping.respondent_column, RESPONDENT_COLUMNS),
            ("role_column", mapping.role_column, ()),
            ("date_column", mapping.date_column, DATE_COLUMNS),
        )
    )
    items = catalog.items
    versions = dict(mapping.checklists)
    business = (organisation or mapping.organisation).strip()
    sets: list[AnswerSet] = []
    # A column holds a handful of distinct texts (its choices): each is checked once, not per cell.
    caches: list[dict[str, tuple[Answer | None, str | None]]] = [{} for _ in wanted]
    readers = [(items[f].full_id, column, items[f].scale, known) for (f, column), known in zip(wanted, caches)]
    for count, row in enumerate(body, 1):
        cells = row.cells + [""] * (len(header) - len(row.cells))
        found: dict[str, Answer] = {}
        for full_id, column, scale, seen in readers:
            raw = cells[column]
            hit = seen.get(raw)
            if hit is None:
                hit = seen[raw] = _cell(raw.strip(), scale)
            answer, wrong = hit
            if wrong:
                problems.append(Problem(str(path), row.line, f"column {quoted(header[column])} ({full_id}): {wrong}"))
            elif answer is not None:
                found[full_id] = answer
        name, role = _first(cells, who), _first(cells, role_at)
        dated = [n for n in day_at if cells[n].strip()][:1]
        day = _day(cells[dated[0]], mapping.date_format, today) if dated else today
        if isinstance(day, str):
            problems.append(Problem(str(path), row.line, f"column {quoted(header[dated[0]])}: {day}"))
            day = today
        sets.append(
            AnswerSet(
                respondent=name or f"{path.stem} {count}",
                organisation=business,
                date=day,
                answers=found,
                checklists=versions,
                role=role or None,
                path=Path(f"{path}:{row.line}"),
            )
        )
    if not body:
        problems.append(Problem(str(path), rows[-1].line, "has a header but no responses"))
    return sets


def _header(rows: list[tabular.Row]) -> tuple[list[str], list[tabular.Row]]:
    """The column titles and the response rows; SurveyMonkey's second header row joined to the first."""
    first = [c.strip() for c in rows[0].cells]
    if first[:1] != ["Respondent ID"] or len(rows) < 2:
        return first, rows[1:]
    second = [c.strip() for c in rows[1].cells] + [""] * len(first)
    titles, above = [], ""
    for top, sub in zip(first, second):
        above = top or above
        titles.append(above if sub in _SUB_HEADERS else f"{above} [{sub}]")
    return titles, rows[2:]


def _columns(
    doc: yamlsafe.Document,
    key: str,
    given: str | None,
    header: list[str],
    where: dict[str, int],
    fallback: Sequence[str],
    problems: list[Problem],
) -> list[int]:
    """The column the mapping names, or those of the tools' usual titles present, in that order.

    SurveyMonkey has an Email Address column that is empty unless invitations were e-mailed,
    so each row takes the first of these columns that it fills.
    """
    if given is None:
        return [where[c] for c in fallback if c in where]
    column = where.get(given.strip())
    if column is None:
        message = f"{key}: the export has no column {quoted(given)}{suggest(given, header)}"
        problems.append(Problem(str(doc.path), doc.line_of((key,)), message))
        return []
    return [column]


def _first(cells: list[str], columns: list[int]) -> str:
    return next((cells[n].strip() for n in columns if cells[n].strip()), "")


def _cell(text: str, scale: Scale) -> tuple[Answer | None, str | None]:
    """A cell's answer (None: left empty, unanswered), or what is wrong with it."""
    if not text:
        return None, None
    if text.casefold() in NOT_APPLICABLE:
        return answers.NOT_APPLICABLE, None
    return answers.on_scale(text, None, None, scale)


def _day(text: str, form: str | None, today: dt.date) -> dt.date | str:
    """The day a cell names, or what is wrong with it."""
    text = text.strip()
    try:
        if form is not None:
            day = dt.datetime.strptime(text, form).date()
        else:
            match = _DATE.match(text)
            if match is None:
                raise ValueError(text)
            year, month, date, us_month, us_day, us_year = match.groups()
            if year is not None:
                day = dt.date(int(year), int(month), int(date))
            else:
                full = int(us_year) + (2000 if len(us_year) == 2 else 0)
                day = dt.date(full, int(us_month), int(us_day))
    except ValueError:
        how = f"as {form}" if form else "year first (2026-12-03) or month/day/year (12/3/2026)"
        return f"{quoted(text)} is not a day written {how}; set date_format in the mapping file"
    if day > today:
        return f"{day.isoformat()} is in the future"
    return day


def _long_form(
    path: Path,
    rows: list[tabular.Row],
    catalog: Catalog,
    today: dt.date,
    problems: list[Problem],
    organisation: str,
    versions: dict[str, str],
) -> list[AnswerSet]:
    """cxcheck's own long form: the rows of one respondent (name, role and day) make one answers set."""
    items = catalog.items
    people: dict[tuple[str, str, str], tuple[int, dict[str, Answer]]] = {}
    for row in rows:
        cells = [_plain_text(c) for c in row.cells] + [""] * len(LONG_COLUMNS)
        name, role, day, checklist, _, item, _, value, label, _, reason, note = cells[: len(LONG_COLUMNS)]
        key = (name.strip(), role.strip(), day.strip())
        line, found = people.setdefault(key, (row.line, {}))
        full_id = f"{checklist.strip()}/{item.strip()}"
        located = items.get(full_id)
        if not name.strip():
            problems.append(Problem(str(path), row.line, "respondent: empty; every answer needs its respondent"))
            continue
        if located is None:
            problems.append(Problem(str(path), row.line, f"unknown item {full_id}{suggest(full_id, items)}"))
            continue
        given = value.strip() or label.strip()
        if not given:
            problems.append(
                Problem(str(path), row.line, f"{full_id}: no value and no label; write one or drop the row")
            )
            continue
        answer, wrong = answers.on_scale(given, note or None, reason or None, located.scale)
        if wrong:
            problems.append(Problem(str(path), row.line, f"{full_id}: {wrong}"))
        elif located.full_id in found:
            problems.append(Problem(str(path), row.line, f"{full_id}: answered twice by {name.strip()}"))
        else:
            found[located.full_id] = answer
    sets = []
    for (name, role, day), (line, found) in people.items():
        when = _day(day, None, today) if day else today
        if isinstance(when, str):
            problems.append(Problem(str(path), line, f"date: {when}"))
            when = today
        answered = {full_id.partition("/")[0] for full_id in found}
        chosen = {c: versions.get(c, catalog.get(c).version) for c in answered}
        sets.append(AnswerSet(name, organisation, when, found, chosen, role or None, path=Path(f"{path}:{line}")))
    return sets


def _plain_text(cell: str) -> str:
    """A cell as it was before the csv writer guarded it against spreadsheet formulas (``'=...``)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_START) else cell


def stored(answer_set: AnswerSet) -> store.Respondent:
    """An answers set as the store keeps it: its answers and stale answers, as given."""
    given = [*answer_set.answers.items(), *answer_set.stale.items()]
    remarks = {n: (a.note, a.reason) for n, (_, a) in enumerate(given) if a.note is not None or a.reason is not None}
    source = str(answer_set.path) if answer_set.path is not None else answer_set.respondent
    return store.Respondent(
        answer_set.respondent,
        answer_set.role,
        answer_set.organisation,
        answer_set.date,
        source,
        dict(answer_set.checklists),
        [full_id for full_id, _ in given],
        [a.value for _, a in given],
        remarks,
    )


def load(path: Path, catalog: Catalog) -> list[AnswerSet]:
    """The store's respondents as their answers files would read: checked against the checklists by
    :func:`cxcheck.core.answers.checked_entries`, with stale answers set aside the same way."""
    problems: list[Problem] = []
    unlisted = 0
    sets = []
    for person in store.read(path):
        entries: dict[str, Any] = dict(zip(person.items, [NA if v is None else v for v in person.values]))
        for position, (note, reason) in person.remarks.items():
            item = person.items[position]
            entries[item] = {"value": entries[item], "note": note, "reason": reason}
        found: list[Problem] = []
        given, stale, more = answers.checked_entries(entries, catalog, person.checklists, path, found)
        unlisted += more
        who = f"respondent {quoted(person.respondent)} (from {person.source})"
        problems += [Problem(str(path), None, f"{who}: {p.message}") for p in found]
        sets.append(
            AnswerSet(
                respondent=person.respondent,
                organisation=person.organisation,
                date=person.date,
                answers=given,
                checklists=person.checklists,
                role=person.role,
                stale=stale,
                path=Path(person.source),
            )
        )
    fail_if(problems, {str(path): unlisted})
    if not sets:
        raise CxError("holds no respondents; import some with cxcheck import", path)
    return sets


def counted(path: Path, catalog: Catalog, more_than: int) -> Counted | None:
    """The store counted by its own query when it holds more than ``more_than`` respondents and
    :func:`load` would read every one of them as it stands: at the checklists' current versions,
    every value on its item's scale, nothing stale, nothing to say. Else None: read it with :func:`load`.

    Only what a page about thousands of respondents shows is counted; the checks run once per
    distinct item and value (a few hundred), not per answer.
    """
    tallies = store.count(path, more_than, role_key, NAMED_UNROLED)
    if tallies is None:
        return None
    versions = {checklist: version for checklist, version, _ in tallies.versions}
    if len(versions) < len(tallies.versions) or any(n != tallies.size for *_, n in tallies.versions):
        return None  # respondents who answered different checklists or versions: notices to give
    if any(c not in catalog or catalog.get(c).version != v for c, v in versions.items()):
        return None
    by_item: dict[str, dict[str | None, dict[float | None, int]]] = {}
    for item, role, value, number in tallies.tallies:
        by_item.setdefault(item, {}).setdefault(role, {})[value] = number
    given = [(item, value, None, None) for item, value in {(item, value) for item, _, value, _ in tallies.tallies}]
    if any(_read_as_given(*entry, catalog, versions, path) is None for entry in [*given, *tallies.remarks]):
        return None
    return Counted(
        tallies.size, tallies.roles, frozenset(versions), by_item, tallies.unroled, tallies.unroled_count,
        tallies.first, tallies.last, tuple(tallies.organisations),
    )  # fmt: skip


def _read_as_given(
    item: str, value: float | None, note: str | None, reason: str | None, catalog: Catalog, versions: dict[str, str],
    path: Path,
) -> Answer | None:  # fmt: skip
    """The stored answer as :func:`load` reads it (by :func:`cxcheck.core.answers.checked_entries`), if it reads
    as stored: under the same id, on the scale, not stale, without a problem (a note's text, say); else None."""
    if item.partition("/")[0] not in versions:
        return None  # an answer to a checklist the respondent's header does not name
    written: Any = NA if value is None else value
    entry = written if note is None and reason is None else {"value": written, "note": note, "reason": reason}
    problems: list[Problem] = []
    read, stale, _ = answers.checked_entries({item: entry}, catalog, versions, path, problems)
    answer = read.get(item)
    if problems or stale or len(read) != 1 or answer is None or answer.value != value:
        return None
    return answer


def write(path: Path, answer_sets: Iterable[AnswerSet], version: str) -> int:
    """Write the store; see :func:`cxcheck.io.store.write`."""
    return store.write(path, map(stored, answer_sets), version)
