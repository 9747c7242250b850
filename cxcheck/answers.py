"""The answers file: what one respondent said, read from hand-written or generated YAML.

The file is meant to be edited by people and kept in git, so the loader accepts the
shortest honest form (``access/phone-tree: 3``, ``n/a``, or a scale label) and the writer
produces a stable one: keys in a fixed order, answers in checklist order, and timestamps
that only move when an answer does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from cxcheck import yamlio
from cxcheck.catalog import Catalog
from cxcheck.errors import Problem
from cxcheck.model import Checklist, Item, Scale
from cxcheck.validation import fail_if, kind, validate

FORMAT_VERSION = 1
NA = "n/a"


@dataclass(frozen=True)
class Answer:
    """One answer: a value on the item's scale, or not applicable (``value`` is None)."""

    value: float | None
    note: str | None = None
    reason: str | None = None

    @property
    def applicable(self) -> bool:
        return self.value is not None


@dataclass
class AnswerSet:
    """Everything one answers file says, keyed by full item id (``checklist/item``)."""

    respondent: str
    organisation: str
    date: dt.date
    answers: dict[str, Answer] = field(default_factory=dict)
    checklists: dict[str, str] = field(default_factory=dict)
    role: str | None = None
    participants: list[str] = field(default_factory=list)
    started: dt.datetime | None = None
    updated: dt.datetime | None = None
    stale: dict[str, Answer] = field(default_factory=dict)
    """Answers to items that a newer version of their checklist no longer has."""
    path: Path | None = None

    def with_answer(self, full_id: str, answer: Answer | None, now: dt.datetime) -> AnswerSet:
        """A copy with one answer set (or cleared with None), stamped as updated ``now``."""
        answers = dict(self.answers)
        if answer is None:
            answers.pop(full_id, None)
        else:
            answers[full_id] = answer
        return replace(self, answers=answers, updated=now, started=self.started or now)


_Value = float | str


class _AnswerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: _Value
    note: str | None = None
    reason: str | None = None


class AnswersFile(BaseModel):
    """The file format; its JSON Schema is published by ``cxcheck schema answers``."""

    model_config = ConfigDict(extra="forbid")
    format_version: Annotated[int, Field(description=f"currently {FORMAT_VERSION}")] = FORMAT_VERSION
    respondent: Annotated[str, Field(min_length=1)]
    organisation: Annotated[str, Field(min_length=1)]
    date: dt.date
    role: str | None = None
    participants: list[str] = Field(default_factory=list)
    started: dt.datetime | None = None
    updated: dt.datetime | None = None
    checklists: dict[str, str | float] = Field(default_factory=dict, description="checklist id to version answered")
    answers: dict[str, _Value | _AnswerEntry] = Field(default_factory=dict)


def load(path: Path, catalog: Catalog, today: dt.date | None = None) -> AnswerSet:
    """Read and check one answers file against the checklists it answers."""
    doc = yamlio.load(path)
    parsed, problems = validate(AnswersFile, doc)
    fail_if(problems)
    assert parsed is not None
    fail_if(_header_problems(parsed, doc, today or dt.date.today()))
    answer_set = AnswerSet(
        respondent=parsed.respondent,
        organisation=parsed.organisation,
        date=parsed.date,
        role=parsed.role,
        participants=parsed.participants,
        started=parsed.started,
        updated=parsed.updated,
        checklists={k: _version_text(v) for k, v in parsed.checklists.items()},
        path=path,
    )
    for full_id, raw in parsed.answers.items():
        loc = ("answers", full_id)
        located = _locate(full_id, catalog, answer_set.checklists)
        if isinstance(located, str):
            problems.append(Problem(str(path), doc.line_of(loc), located))
            continue
        if located is None:
            answer_set.stale[full_id] = _raw_answer(raw)
            continue
        checklist, item = located
        answer, message = parse_answer(raw, checklist.scale_of(item))
        if message:
            problems.append(Problem(str(path), doc.line_of(loc), f"{full_id}: {message}"))
        else:
            answer_set.answers[full_id] = answer
    fail_if(problems)
    return answer_set


def _header_problems(parsed: AnswersFile, doc: yamlio.Document, today: dt.date) -> list[Problem]:
    problems = []
    if parsed.format_version != FORMAT_VERSION:
        problems.append(
            Problem(
                str(doc.path),
                doc.line_of(("format_version",)),
                f"format_version {parsed.format_version} is not one this cxcheck reads (it reads {FORMAT_VERSION})",
            )
        )
    if parsed.date > today:
        problems.append(
            Problem(str(doc.path), doc.line_of(("date",)), f"date {parsed.date} is in the future; use the day you answered")
        )
    return problems


def _version_text(value: str | float) -> str:
    return str(value)


def _locate(full_id: str, catalog: Catalog, versions: dict[str, str]) -> tuple[Checklist, Item] | str | None:
    """The item a full id names; None for an item dropped by a newer version; else why not."""
    checklist_id, sep, item_id = full_id.partition("/")
    if not sep:
        return f"'{full_id}' is not a full item id; write it as checklist-id/item-id"
    if checklist_id not in catalog:
        known = ", ".join(e.checklist.id for e in catalog)
        return f"unknown checklist '{checklist_id}' in '{full_id}' (known: {known})"
    checklist = catalog.get(checklist_id)
    item = next((i for _, i in checklist.items if i.id == item_id), None)
    if item is not None:
        return checklist, item
    answered = versions.get(checklist_id)
    if answered is not None and answered != checklist.version:
        return None
    return f"unknown item '{item_id}' in checklist '{checklist_id}' (see `cxcheck show {checklist_id}`)"


def _raw_answer(raw: _Value | _AnswerEntry) -> Answer:
    """Keep a stale answer as written; it cannot be checked against a scale that changed."""
    entry = raw if isinstance(raw, _AnswerEntry) else _AnswerEntry(value=raw)
    value = None if entry.value == NA or isinstance(entry.value, str) else float(entry.value)
    return Answer(value, entry.note, entry.reason)


def parse_answer(raw: Any, scale: Scale) -> tuple[Answer, str | None]:
    """An answer from its file form, or the reason it does not fit ``scale``."""
    entry = raw if isinstance(raw, _AnswerEntry) else _AnswerEntry(value=raw)
    value = entry.value
    if isinstance(value, str):
        if value.strip().lower() == NA:
            return Answer(None, entry.note, entry.reason), None
        option = next((o for o in scale.options if o.label.casefold() == value.strip().casefold()), None)
        if option is None:
            return Answer(None), f"'{value}' is not an answer on this item's scale ({describe_scale(scale)})"
        return Answer(option.value, entry.note, entry.reason), None
    if entry.reason is not None:
        return Answer(None), "a reason is only for n/a answers; use note for a comment"
    if scale.option_for(value) is None:
        return Answer(None), f"{kind(value)} is not on this item's scale ({describe_scale(scale)})"
    return Answer(float(value), entry.note), None


def describe_scale(scale: Scale) -> str:
    """``0 Never, 1 Rarely, … or n/a``: every valid answer, for messages and templates."""
    options = ", ".join(f"{number(o.value)} {o.label}" for o in scale.options)
    return f"{options} or {NA}"


def number(value: float) -> int | float:
    """3.0 is written as 3: answers files are read by people."""
    return int(value) if float(value).is_integer() else value


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
    return yamlio.dump(data)


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
    """Write atomically: a crash mid-write leaves the previous file whole."""
    yamlio.write_atomic(path, to_yaml(answer_set, order))


def item_order(checklists: Iterable[Checklist]) -> list[str]:
    """Full item ids in assessment order, the order answers are written in."""
    return [c.full_id(item) for c in checklists for _, item in c.items]

