"""The answers file: what one respondent said, read from hand-written or generated YAML.

The file is meant to be edited by people and kept in git, so the loader accepts the
shortest honest form (``access/preferred-channels: 3``, ``n/a``, or a scale label) and the writer
produces a stable one: keys in a fixed order, answers in checklist order, and timestamps
that only move when an answer does.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cxcheck.core.catalog import Catalog, ItemOrder, Located
from cxcheck.errors import SHOWN_PER_FILE, Problem
from cxcheck.io import bulk, yamlsafe
from cxcheck.io.atomic import write_atomic
from cxcheck.io.validation import beside, fail_if, key_text, kind, mistaken, quoted, suggest, validate
from cxcheck.model import (
    ID_PATTERN,
    NA,
    Answer,
    AnswerRow,
    AnswerSet,
    Checklist,
    Item,
    Scale,
    Slug,
    Workbook,
    describe_scale,
    number,
    versions_text,
)

FORMAT_VERSION = 1


_Value = float | str


class _AnswerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    value: _Value
    note: str | None = None
    reason: str | None = None


class AnswersFile(BaseModel):
    """The file format; its JSON Schema is published by ``cxcheck schema answers``."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    format_version: Annotated[int, Field(description=f"currently {FORMAT_VERSION}")] = FORMAT_VERSION
    respondent: Annotated[str, Field(min_length=1)]
    organisation: Annotated[str, Field(min_length=1)]
    date: dt.date
    role: str | None = None
    # ``lambda: []``, not ``list``: pydantic reads the factory's signature, and the built-in's
    # is parsed from text by the tokenizer, about 2 ms of every report
    participants: list[str] = Field(default_factory=lambda: [])
    started: dt.datetime | None = None
    updated: dt.datetime | None = None
    checklists: dict[Slug, str | int] = Field(
        default_factory=dict, description='checklist id to version answered, quoted ("1.10")'
    )

    _versions = field_validator("checklists", mode="before")(versions_text)

    answers: dict[str, _Value | _AnswerEntry] = Field(default_factory=dict)
    workbook: Workbook | Annotated[str, Field(min_length=1)] | None = Field(
        default=None,
        description="the business's own map (docs/workbook.md), or the name of a YAML file beside this one holding it",
    )


class _Header(AnswersFile):
    """The file with its answers left for :func:`load` to check by hand.

    A pydantic model per entry cost more than everything else in reading a workshop's
    answers files together, so entries are checked by :func:`_fields` instead.
    """

    answers: Any = None
    workbook: Any = None


_ENTRY_KEYS = ("value", "note", "reason")
_NUMBERS = (int, float)
_PLAIN: dict[float, Answer] = {}


def load(path: Path, catalog: Catalog, today: dt.date | None = None) -> AnswerSet:
    """Read and check one answers file against the checklists it answers; every problem at once."""
    read: list[Problem] = []
    doc = bulk.load(path, "answers", read, lambda data: _written_ids(data, catalog))
    header, problems = validate(_Header, doc)
    data = doc.data if isinstance(doc.data, dict) else {}
    problems += _header_problems(data, doc, today or dt.date.today())
    versions = _versions(data.get("checklists"))
    answers, stale, unlisted = _read_answers(data.get("answers"), catalog, versions, doc, problems)
    workbook, workbook_file = None, None
    if data.get("workbook") is not None:
        from cxcheck.core import workbook as workbooks  # only files that hold a map pay for reading one

        workbook, workbook_file, found = workbooks.read(data["workbook"], doc)
        problems += found
    checked = beside(read, problems)
    told = mistaken(doc, "an answers file", checked)
    more: dict[str | None, int] = {str(path): unlisted} if told is checked else {}  # another kind: one line says it
    fail_if(sorted(told, key=lambda p: (p.path != str(path), p.line or 0)), more)
    assert header is not None
    return AnswerSet(
        respondent=header.respondent,
        organisation=header.organisation,
        date=header.date,
        role=header.role,
        participants=header.participants,
        started=header.started,
        updated=header.updated,
        checklists=versions,
        answers=answers,
        stale=stale,
        path=path,
        workbook=workbook,
        workbook_file=workbook_file,
    )


def _written_ids(data: dict[Any, Any], catalog: Catalog) -> list[str] | None:
    """The ids of a file as cxcheck writes it: every item of the checklists its header names, in order."""
    order = catalog.order(tuple(_versions(data.get("checklists"))))
    return None if order is None else order.ids


def _read_answers(
    entries: Any, catalog: Catalog, versions: dict[str, str], doc: yamlsafe.Document, problems: list[Problem]
) -> tuple[Mapping[str, Answer], dict[str, Answer], int]:
    """The answers and the stale answers of the ``answers`` mapping; what is wrong goes to ``problems``.

    Once the block has given as many problems as a file shows (:data:`SHOWN_PER_FILE`), the
    rest are only counted (the third value): entries come in file order, so none of them
    could be among the first shown, and a "did you mean" for each of 360,000 unknown ids
    took most of a minute.
    """
    answers: dict[str, Answer] = {}
    stale: dict[str, Answer] = {}
    if entries is None:
        return answers, stale, 0
    path = str(doc.path)
    if not isinstance(entries, dict | bulk.Entries):
        message = f"answers: must be a mapping of item ids to answers, found {kind(entries)}"
        problems.append(Problem(path, doc.line_of(("answers",)), message))
        return answers, stale, 0
    checked = _checked_in_bulk(entries, catalog, versions)
    if checked is not None:
        return checked, stale, 0
    index, numbers, plain = catalog.items, _NUMBERS, _PLAIN
    told, unlisted = 0, 0
    for full_id, raw in entries.items():
        hit = index.get(full_id)
        if hit is not None and type(raw) in numbers and raw in hit.scale.by_value:  # the commonest entry: fast
            answers[hit.full_id] = plain.get(raw) or _plain(raw)
            continue
        loc: tuple[Hashable, ...] = ("answers", full_id)
        full = told >= SHOWN_PER_FILE
        try:
            value, note, reason = _fields(raw)
        except _BadEntry as exc:
            if not full:
                problems.append(Problem(path, doc.line_of(loc + exc.loc), f"{key_text(full_id)}: {exc.message}"))
            told, unlisted = told + 1, unlisted + full
            continue
        located = hit or _locate(full_id, catalog, versions, hint=not full)
        if located is None:
            stale[full_id] = Answer(None if isinstance(value, str) else float(value), note, reason)
            continue
        if isinstance(located, str):
            if not full:
                problems.append(Problem(path, doc.line_of(loc), located))
            told, unlisted = told + 1, unlisted + full
            continue
        checklist = located.checklist
        answer, wrong = on_scale(value, note, reason, located.scale)
        if wrong:
            if not full:
                answered = versions.get(checklist.id, checklist.version)
                if answered != checklist.version:
                    wrong += f"; the file answered version {answered}, this is version {checklist.version}"
                problems.append(Problem(path, doc.line_of(loc), f"{full_id}: {wrong}"))
            told, unlisted = told + 1, unlisted + full
        else:
            answers[located.full_id] = answer
    return answers, stale, unlisted


def checked_entries(
    entries: dict[str, Any], catalog: Catalog, versions: dict[str, str], path: Path, problems: list[Problem]
) -> tuple[Mapping[str, Answer], dict[str, Answer], int]:
    """Answers and stale answers of entries that come from elsewhere than a YAML file (a survey store),
    checked exactly as a file's ``answers:`` are; problems carry ``path`` and no line, and past the
    first few only their number is returned."""
    return _read_answers(entries, catalog, versions, yamlsafe.Document(path, {"answers": entries}), problems)


def _checked_in_bulk(
    entries: Mapping[Any, Any], catalog: Catalog, versions: dict[str, str]
) -> Mapping[str, Answer] | None:
    """The answers when every entry is a plain value (or ``n/a``) on its item's scale; else None.

    The check is done on the file's few distinct values and scales rather than entry by
    entry, so that reading ten thousand answers costs a handful of passes in C, not a Python
    loop (docs/performance.md). A file that answers every item of the checklists it names,
    in order (as cxcheck writes it), becomes an :class:`AnswerRow` sharing the catalog's ids.
    Anything else (a note, an unknown or stale id, a label, a value off the scale) returns
    None, and the caller checks the entries one by one, with messages.
    """
    order = catalog.order(tuple(versions))
    if isinstance(entries, bulk.Entries):  # numbers and n/a as the bulk reader made them, for known ids
        values: list[Any] = entries.values_in_order
        in_order = order is not None and entries.keys_in_order is order.ids
    else:
        values = list(entries.values())
        in_order = order is not None and len(values) == len(order.ids) and list(entries) == order.ids
    if order is not None and in_order:
        answer_of = _answer_in_order(order, values, typed=isinstance(entries, bulk.Entries))
        return (
            None if answer_of is None else AnswerRow(order.ids, list(map(answer_of.__getitem__, values)), order.index)
        )
    hits = list(map(catalog.items.get, entries))
    if None in hits:
        return None
    located: list[Located] = hits  # type: ignore[assignment]  # no None left
    answer_of = _answer_of(located, values)
    return None if answer_of is None else dict(zip(map(_FULL_ID, located), map(answer_of.__getitem__, values)))


def _answer_in_order(order: ItemOrder, values: list[Any], typed: bool = False) -> dict[Any, Answer] | None:
    """:func:`_answer_of` for a file answering every item in order: its distinct values compared
    with those every item allows, else one set comparison of its (scale, value) pairs with those
    the order allows, instead of a look at every scale. ``typed``: the values are known to be
    numbers or text, none of them a bool (which would hash like 1 or 0)."""
    if not typed and not set(map(type, values)) <= _PLAIN_TYPES:
        return None
    distinct = set(values)
    if not distinct <= order.common_values and not set(zip(order.scale_ids, values)) <= order.plain_pairs:
        return None
    return {value: NOT_APPLICABLE if isinstance(value, str) else _plain(value) for value in distinct}


def _answer_of(located: list[Located], values: list[Any]) -> dict[Any, Answer] | None:
    """The answer each distinct value stands for, if every value is plain and on its item's scale."""
    if not set(map(type, values)) <= _PLAIN_TYPES:  # a bool (yes/no) hashes like 1 and 0: refused here
        return None
    scales = list(map(_SCALE, located))
    by_id = dict(zip(map(id, scales), scales))
    answer_of: dict[Any, Answer] = {}
    mixed: set[Any] | None = None
    for value in set(values):
        if isinstance(value, str):
            if value != NA:
                return None
            answer_of[value] = NOT_APPLICABLE
        elif all(value in scale.by_value for scale in by_id.values()):
            answer_of[value] = _plain(value)
        else:
            mixed = _on_some_scale(scales, values, by_id) if mixed is None else mixed
            if value not in mixed:
                return None
            answer_of[value] = _plain(value)
    return answer_of


def _on_some_scale(scales: list[Scale], values: list[Any], by_id: dict[int, Scale]) -> set[Any]:
    """The values that are on the scale of every item they answer, when items have different scales."""
    pairs = set(zip(map(id, scales), values))
    wrong = {value for scale_id, value in pairs if isinstance(value, str) or value not in by_id[scale_id].by_value}
    return {value for _, value in pairs} - wrong


_SCALE = operator.attrgetter("scale")
_FULL_ID = operator.attrgetter("full_id")
NOT_APPLICABLE = Answer(None)
_PLAIN_TYPES = {int, float, str}


class _BadEntry(Exception):
    """One answers entry that cannot be read, and the key inside the entry at fault, if any."""

    def __init__(self, message: str, key: Hashable | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.loc: tuple[Hashable, ...] = () if key is None else (key,)


def _fields(raw: Any) -> tuple[float | str, str | None, str | None]:
    """Value, note and reason of an entry in either form: ``3`` or ``{value: 3, note: ...}``."""
    if not isinstance(raw, dict):
        return _value(raw), None, None
    for key in raw:
        if key not in _ENTRY_KEYS:
            raise _BadEntry(f"unknown field {quoted(key)}{suggest(str(key), _ENTRY_KEYS)}", key)
    if "value" not in raw:
        raise _BadEntry("missing required field 'value'")
    return _value(raw["value"]), _text(raw, "note"), _text(raw, "reason")


def _value(raw: Any) -> float | str:
    if isinstance(raw, bool):
        return "yes" if raw else "no"  # YAML reads yes/no as true/false; the person meant the label
    if isinstance(raw, int | float | str):
        return raw
    if raw is None:
        raise _BadEntry("no answer given; write a value from the scale or n/a, or delete the line")
    raise _BadEntry(f"must be a value from the scale, n/a, or a mapping with 'value'; found {kind(raw)}")


def _text(raw: dict[str, Any], key: str) -> str | None:
    value = raw.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _BadEntry(f"{key} must be text, found {kind(value)}; put it in quotes", key)


def _plain(value: float) -> Answer:
    """One shared answer per value: a workshop holds millions, and answers are immutable."""
    answer = _PLAIN.get(value)
    if answer is None:
        answer = _PLAIN[value] = Answer(float(value))
    return answer


def _versions(raw: Any) -> dict[str, str]:
    """Checklist versions as text (``1.0`` and ``"1.0"`` alike); the header check reports bad ones."""
    return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}


def _header_problems(data: dict[Any, Any], doc: yamlsafe.Document, today: dt.date) -> list[Problem]:
    """What is wrong with the header's values, read from the data itself: a wrong role or a
    missing name (the model's problems) must not hide a future date until they are fixed."""
    problems = []
    version = data.get("format_version", FORMAT_VERSION)
    if type(version) is int and version != FORMAT_VERSION:
        problems.append(
            Problem(
                str(doc.path),
                doc.line_of(("format_version",)),
                f"format_version {version} is not one this cxcheck reads (it reads {FORMAT_VERSION})",
            )
        )
    date = _day(data.get("date"))
    if date is not None and date > today:
        problems.append(
            Problem(str(doc.path), doc.line_of(("date",)), f"date {date} is in the future; use the day you answered")
        )
    # The stamps are written by cxcheck, possibly on a machine a time zone ahead: a day of grace.
    for key in ("started", "updated"):
        day = _day(data.get(key))
        if day is not None and day > today + dt.timedelta(days=1):
            message = f"{key} {day} is in the future; delete the line (cxcheck writes it when it saves)"
            problems.append(Problem(str(doc.path), doc.line_of((key,)), message))
    return problems


def _day(value: object) -> dt.date | None:
    """The day a header value names, written as a date or as a date and time (the model takes
    either for every one of ``date``, ``started`` and ``updated``), so each is checked alike."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _locate(full_id: Any, catalog: Catalog, versions: dict[str, str], hint: bool = True) -> Located | str | None:
    """The item a full id names; None for an item dropped by a newer version; else why not
    (with a "did you mean" unless ``hint`` is false: only a problem that is shown needs one)."""
    hit = catalog.items.get(full_id)
    if hit is not None:
        return hit
    checklist_id, sep, item_id = str(full_id).partition("/")
    if not isinstance(full_id, str) or not sep:
        return f"{quoted(full_id)} is not a full item id; write it as checklist-id/item-id"
    if checklist_id not in catalog:
        near = (suggest(checklist_id, [e.checklist.id for e in catalog]) if hint else "") or " (see `cxcheck list`)"
        return f"unknown checklist {quoted(checklist_id)} in {quoted(full_id)}{near}"
    checklist = catalog.get(checklist_id)
    answered = versions.get(checklist_id)
    if answered is not None and answered != checklist.version:
        if not ID_PATTERN.fullmatch(item_id):  # kept and shown in reports as an id: it must be one
            return f"{quoted(full_id)} cannot be an item id: ids use lowercase letters, digits and '-' only"
        return None
    near = (
        suggest(item_id, [i.id for _, i in checklist.items]) if hint else ""
    ) or f" (see `cxcheck show {checklist_id}`)"
    return f"unknown item {quoted(item_id)} in checklist '{checklist_id}'{near}"


def find_item(full_id: str, catalog: Catalog) -> tuple[Checklist, Item] | str:
    """The item a full id (``checklist/item``) names, or a sentence saying why none does."""
    located = _locate(full_id, catalog, {})
    assert located is not None, "with no recorded versions no item counts as dropped"
    return located if isinstance(located, str) else (located.checklist, located.item)


def parse_answer(raw: Any, scale: Scale) -> tuple[Answer, str | None]:
    """An answer from its file form, or the reason it does not fit ``scale``."""
    try:
        value, note, reason = _fields(raw)
    except _BadEntry as exc:
        return Answer(None), exc.message
    return on_scale(value, note, reason, scale)


def on_scale(value: float | str, note: str | None, reason: str | None, scale: Scale) -> tuple[Answer, str | None]:
    if isinstance(value, str) and value.strip().lower() == NA:
        return Answer(None, note, reason), None
    if reason is not None:
        return Answer(None), "a reason is only for n/a answers; use note for a comment"
    if isinstance(value, str):
        option = scale.find(value)
        if option is None:
            return Answer(None), f"{quoted(value)} is not an answer on this item's scale ({describe_scale(scale)})"
        return Answer(option.value, note), None
    if scale.option_for(value) is None:
        return Answer(None), f"{kind(value)} is not on this item's scale ({describe_scale(scale)})"
    return (_plain(value) if note is None else Answer(float(value), note)), None


def to_yaml(answer_set: AnswerSet, order: Iterable[str] = ()) -> str:
    """The file form: header keys first, answers in ``order`` then any others, stable."""
    order = list(order)
    ranked = {k: n for n, k in enumerate(order)}
    data: dict[str, Any] = {"format_version": FORMAT_VERSION, "respondent": answer_set.respondent}
    if answer_set.role:
        data["role"] = answer_set.role
    data["organisation"] = answer_set.organisation
    data["date"] = answer_set.date
    if answer_set.participants:
        data["participants"] = list(answer_set.participants)
    for key in ("started", "updated"):
        stamp = getattr(answer_set, key)
        if stamp is not None:
            data[key] = stamp.replace(microsecond=0)
    if answer_set.checklists:
        data["checklists"] = dict(answer_set.checklists)
    merged = {**answer_set.stale, **answer_set.answers}
    keys = sorted(merged, key=lambda k: (ranked.get(k, len(ranked)), k))
    data["answers"] = {k: _answer_form(merged[k]) for k in keys}
    if answer_set.workbook_file is not None:
        data["workbook"] = answer_set.workbook_file
    elif answer_set.workbook is not None:
        from cxcheck.core.workbook import to_data

        data["workbook"] = to_data(answer_set.workbook)
    return yamlsafe.dump(data)


def _answer_form(answer: Answer) -> Any:
    value: Any = NA if answer.value is None else number(answer.value)
    if answer.note is None and answer.reason is None:
        return value
    form: dict[str, Any] = {"value": value}
    if answer.note is not None:
        form["note"] = answer.note
    if answer.reason is not None:
        form["reason"] = answer.reason
    return form


def save(answer_set: AnswerSet, path: Path, order: Iterable[str] = ()) -> None:
    """Write atomically: a crash mid-write leaves the previous file whole.

    A workbook kept in a file of its own is written first, so the answers file never names a
    map that is not there yet.
    """
    if answer_set.workbook_file is not None and answer_set.workbook is not None:
        from cxcheck.core.workbook import beside, save_file

        save_file(answer_set.workbook, beside(path, answer_set.workbook_file))
    write_atomic(path, to_yaml(answer_set, order))


def item_order(checklists: Iterable[Checklist]) -> list[str]:
    """Full item ids in assessment order, the order answers are written in."""
    return [c.full_id(item) for c in checklists for _, item in c.items]
