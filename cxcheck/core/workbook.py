"""The workbook: reading, checking and writing the business's own map (docs/workbook.md).

The map lives under ``workbook:`` in an answers file, or in a file beside it that the
answers file names (``workbook: journey.yaml``), so a consultant can prepare one journey
for a whole workshop. Pydantic checks each value's form; what only the whole map can
tell (two stages of one name, a rating by a kind of customer nobody listed, an answer
off its practice's scale) is checked here, and every problem is reported at once with
its ``file:line``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from cxcheck.core.answers import parse_answer
from cxcheck.errors import CxError, Problem
from cxcheck.io import yamlsafe
from cxcheck.io.atomic import write_atomic
from cxcheck.io.validation import dotted, fail_if, kind, load_checked, quoted, suggest, validate
from cxcheck.model import (
    RATINGS,
    WORKBOOK_VERSION,
    Answer,
    AnswerSet,
    Rating,
    Stage,
    TouchPoint,
    Workbook,
    resolve_scale,
)

KEY = "workbook"
"""The answers file's key for the workbook (a mapping) or the file that holds it (text)."""


def read(raw: Any, doc: yamlsafe.Document) -> tuple[Workbook | None, str | None, list[Problem]]:
    """The workbook an answers file holds or names, the file name it gives, and every problem found."""
    if raw is None:
        return None, None, []
    if isinstance(raw, str):
        return _named(raw, doc)
    if not isinstance(raw, dict):
        message = (
            f"{KEY}: must be the workbook (a mapping) or the name of a YAML file beside this one, found {kind(raw)}"
        )
        return None, None, [Problem(str(doc.path), doc.line_of((KEY,)), message)]
    workbook, problems = checked(doc, (KEY,))
    return workbook, None, problems


def _named(name: str, doc: yamlsafe.Document) -> tuple[Workbook | None, str | None, list[Problem]]:
    """The workbook in the file ``name``, relative to the answers file that names it."""
    path = beside(doc.path, name)
    if not path.exists():
        message = f"{KEY}: the file {quoted(name)} it names does not exist (looked for {path})"
        return None, name, [Problem(str(doc.path), doc.line_of((KEY,)), message)]
    try:
        workbook, problems = _checked_file(path)
    except CxError as exc:
        return None, name, exc.problems
    return workbook, name, problems


def load(path: Path) -> Workbook:
    """A workbook file on its own (a consultant's journey template); every problem at once."""
    workbook, problems = _checked_file(path)
    fail_if(problems)
    assert workbook is not None
    return workbook


def load_from(answers_path: Path) -> Workbook:
    """The map an answers file holds or names, read without the checklists (for tools and tests)."""
    doc = yamlsafe.load(answers_path)
    raw = doc.data.get(KEY) if isinstance(doc.data, dict) else None
    workbook, _, problems = read(raw, doc)
    fail_if(problems)
    return workbook or Workbook()


def beside(answers_path: Path, name: str) -> Path:
    """Where a workbook file named in an answers file is: relative names are beside that file."""
    return answers_path.parent / name


def _checked_file(path: Path) -> tuple[Workbook | None, list[Problem]]:
    workbook, _, problems = load_checked(path, lambda doc: checked(doc, ()))
    return workbook, problems


def checked(doc: yamlsafe.Document, prefix: tuple[Hashable, ...]) -> tuple[Workbook | None, list[Problem]]:
    """The workbook at ``prefix`` in ``doc``, validated in form and as a whole."""
    workbook, problems = validate(Workbook, doc, prefix)
    if workbook is not None:
        problems = whole_map_problems(workbook, doc, prefix)
    return workbook, problems


def whole_map_problems(workbook: Workbook, doc: yamlsafe.Document, prefix: tuple[Hashable, ...]) -> list[Problem]:
    """What no single value shows: repeated names, unknown kinds of customer, answers off their scale."""
    problems: list[Problem] = []

    def add(loc: tuple[Hashable, ...], message: str, size: int = -1) -> None:
        """A problem at ``loc``, named by its first ``size`` steps (all but the last by default)."""
        problems.append(Problem(str(doc.path), doc.line_of(prefix + loc), f"{dotted(prefix + loc[:size])}: {message}"))

    if workbook.format_version != WORKBOOK_VERSION:
        add(
            ("format_version",),
            f"{workbook.format_version} is not one this cxcheck reads (it reads {WORKBOOK_VERSION})",
            1,
        )
    kinds = [k.name for k in workbook.customers.kinds] if workbook.customers else []
    for n, name in _repeated(kinds):
        add(("customers", "kinds", n, "name"), f"a second kind of customer named {quoted(name)}")
    for n, name in _repeated(s.name for s in workbook.journey):
        add(("journey", n, "name"), f"a second stage named {quoted(name)}; merge the two")
    for s, stage in enumerate(workbook.journey):
        for t, name in _repeated(p.name for p in stage.touchpoints):
            add(
                ("journey", s, "touchpoints", t, "name"),
                f"a second touch point named {quoted(name)} in stage {quoted(stage.name)}",
            )
        for t, point in enumerate(stage.touchpoints):
            for who in point.by_customer:
                if kinds and who not in kinds:
                    add(
                        ("journey", s, "touchpoints", t, "by_customer", who),
                        f"{quoted(who)} is not a kind of customer "
                        f"listed under customers.kinds{suggest(who, kinds) or ' (' + ', '.join(kinds) + ')'}",
                    )
    for n, practice_id in _repeated(p.id for p in workbook.practices):
        add(("practices", n, "id"), f"a second practice with id {quoted(practice_id)}")
    for n, _practice in enumerate(workbook.practices):
        message = practice_answer(workbook, n)[1]
        if message:
            add(("practices", n, "answer"), message, 3)
    return sorted(problems, key=lambda p: p.line or 0)


def _repeated(names: Any) -> list[tuple[int, str]]:
    """Each name (compared without case) that an earlier entry already has, with its index."""
    seen: set[str] = set()
    found = []
    for n, name in enumerate(names):
        folded = name.strip().casefold()
        if folded in seen:
            found.append((n, name))
        seen.add(folded)
    return found


def practice_answer(workbook: Workbook, index: int) -> tuple[Answer | None, str | None]:
    """Practice ``index``'s answer (None when unanswered), or why it is not on its scale."""
    practice = workbook.practices[index]
    if practice.answer is None:
        return None, None
    raw: Any = practice.answer if practice.note is None else {"value": practice.answer, "note": practice.note}
    answer, message = parse_answer(raw, resolve_scale(practice.scale))
    return (None, message) if message else (answer, None)


def to_data(workbook: Workbook) -> dict[str, Any]:
    """The file form: only what was given, keys in the model's order, so hand edits stay small."""
    data = workbook.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return {"format_version": WORKBOOK_VERSION, **data}


def blank(book: Workbook) -> Workbook:
    """The journey to rate: stages, touch points, channels and owners kept; ratings, notes and answers left out.

    Kinds of customer, the ideal and own practices' questions stay, so that everyone rates
    against the same customers and answers the same own practices.
    """
    journey = [
        stage.model_copy(
            update={
                "touchpoints": [
                    p.model_copy(update={"rating": None, "note": None, "by_customer": {}}) for p in stage.touchpoints
                ]
            }
        )
        for stage in book.journey
    ]
    practices = [p.model_copy(update={"answer": None, "note": None}) for p in book.practices]
    return book.model_copy(update={"journey": journey, "practices": practices})


def save_file(workbook: Workbook, path: Path) -> None:
    """Write a workbook file atomically (the one an answers file names)."""
    write_atomic(path, yamlsafe.dump(to_data(workbook)))


# --- building the map: the interactive step and ``--touch`` entries share these --------------

SUGGESTED_STAGES = (
    "Finding us",
    "First contact",
    "Website",
    "Visit or call",
    "Buying",
    "Delivery",
    "Invoice and payment",
    "After-sales",
    "Complaint",
)
"""The journey most businesses share, offered in order; each can be accepted, renamed or skipped."""

SUGGESTED_TOUCHPOINTS: dict[str, tuple[str, ...]] = {
    "finding us": ("Search result", "Recommendation by a friend", "Sign or shop front"),
    "first contact": ("Phone answered", "First e-mail reply", "Greeting at the door"),
    "website": ("Home page", "Opening hours and phone number", "Contact form"),
    "visit or call": ("Waiting time", "Hold line", "Advice given"),
    "buying": ("Quote or price list", "Checkout or till", "Order confirmation"),
    "delivery": ("Delivery date kept", "Delivery person", "Unpacking and set-up"),
    "invoice and payment": ("Invoice", "Payment options", "Reminder letter"),
    "after-sales": ("Thank-you or follow-up", "Repair or service", "Questions after buying"),
    "complaint": ("Finding how to complain", "First answer to a complaint", "Putting it right"),
}
"""Touch points to suggest per stage (by stage name without case); a stage of your own gets none."""

RATING_KEYS: dict[str, Rating] = {str(n): rating for n, rating in enumerate(RATINGS, 1)}
"""What a person types for a rating at a prompt: 1 magic, 2 mediocrity, 3 misery."""

FIELDS = ("rating", "channel", "owner", "note")
"""What ``--touch STAGE/NAME:FIELD=VALUE`` can set; any other FIELD is a kind of customer's rating."""


def rating_of(typed: str) -> Rating | None:
    """The rating a person typed at a prompt: its key (1, 2, 3) or the word in any case; None if neither."""
    text = typed.strip().casefold()
    return RATING_KEYS.get(text) or next((r for r in RATINGS if r == text), None)


def next_stage(workbook: Workbook, skipped: Collection[str] = ()) -> str | None:
    """The first suggested stage the journey does not have yet and the person did not skip."""
    have = {s.name.casefold() for s in workbook.journey} | {s.casefold() for s in skipped}
    return next((s for s in SUGGESTED_STAGES if s.casefold() not in have), None)


def next_touchpoint(workbook: Workbook, stage: str, skipped: Collection[str] = ()) -> str | None:
    """The first touch point suggested for ``stage`` that it does not have yet and was not skipped."""
    found = _stage_index(workbook, stage)
    have = {p.name.casefold() for p in workbook.journey[found].touchpoints} if found is not None else set()
    have |= {s.casefold() for s in skipped}
    return next((s for s in SUGGESTED_TOUCHPOINTS.get(stage.casefold(), ()) if s.casefold() not in have), None)


def _stage_index(workbook: Workbook, name: str) -> int | None:
    return next((n for n, s in enumerate(workbook.journey) if s.name.casefold() == name.strip().casefold()), None)


def with_stage(workbook: Workbook, name: str) -> Workbook:
    """The map with stage ``name`` at the end of the journey (unchanged when it has one of that name)."""
    if _stage_index(workbook, name) is not None:
        return workbook
    return workbook.model_copy(update={"journey": [*workbook.journey, Stage(name=name.strip())]})


def with_touch(workbook: Workbook, stage: str, name: str, **fields: str | None) -> Workbook:
    """The map with touch point ``name`` in ``stage`` (both added if new) and ``fields`` set on it.

    Fields are validated as the file is (``rating`` must be one of the three words, in any
    case; any key not in :data:`FIELDS` is a kind of customer's rating), so a ValueError
    carries the reason a person can act on.
    """
    workbook = with_stage(workbook, stage)
    s = _stage_index(workbook, stage)
    assert s is not None
    points = list(workbook.journey[s].touchpoints)
    t = next((n for n, p in enumerate(points) if p.name.casefold() == name.strip().casefold()), None)
    current: dict[str, Any] = points[t].model_dump() if t is not None else {"name": name.strip()}
    for key, value in fields.items():
        if key in FIELDS:
            current[key] = value if value is None else value.strip() or None
        elif value is None:
            current["by_customer"].pop(key, None)
        else:
            current.setdefault("by_customer", {})[key] = value.strip()
    try:
        point = TouchPoint.model_validate(current)
    except ValidationError as exc:
        reasons: dict[str, str] = {}  # one reason per field: a union reports each form it tried
        for error in exc.errors():
            where, reason = _field_error(error)
            reasons.setdefault(where, f"{where}: {reason}")
        raise ValueError("; ".join(reasons.values())) from None
    if t is None:
        points.append(point)
    else:
        points[t] = point
    journey = list(workbook.journey)
    journey[s] = journey[s].model_copy(update={"touchpoints": points})
    return workbook.model_copy(update={"journey": journey})


def _field_error(error: Any) -> tuple[str, str]:
    where = ".".join(str(step) for step in error["loc"] if not str(step).startswith(("literal", "KindRating")))
    if error["type"] == "literal_error":
        return where, f"must be {error['ctx']['expected']}, not {error['input']!r}"
    return where, str(error["msg"])


def apply_touches(workbook: Workbook | None, entries: Sequence[str]) -> Workbook:
    """``--touch STAGE/NAME=RATING`` and ``--touch STAGE/NAME:FIELD=VALUE`` applied in order, all checked first.

    Every bad entry is reported at once and nothing is applied, like ``--set``.
    """
    updated = workbook or Workbook()
    problems: list[Problem] = []
    for entry in entries:
        target, sep, value = entry.partition("=")
        stage, slash, rest = target.partition("/")
        name, colon, field = rest.rpartition(":") if ":" in rest else (rest, "", "rating")
        if not sep or not slash or not stage.strip() or not name.strip() or not field.strip():
            problems.append(
                Problem(
                    None,
                    None,
                    f"--touch {entry}: write it as STAGE/TOUCH-POINT=RATING or STAGE/TOUCH-POINT:FIELD=VALUE",
                )
            )
            continue
        try:
            updated = with_touch(updated, stage, name, **{field.strip(): value})
        except ValueError as exc:
            problems.append(Problem(None, None, f"--touch {entry}: {exc}"))
    if not problems:
        whole = yamlsafe.Document(Path("--touch"), to_data(updated))
        problems = [Problem(None, None, f"--touch: {p.message}") for p in whole_map_problems(updated, whole, ())]
    fail_if(problems)
    return updated


def with_map(
    answer_set: AnswerSet, answers_path: Path, map_file: Path | None, touches: Sequence[str], now: dt.datetime
) -> AnswerSet:
    """The answer set with a map file named (``--workbook FILE``) and ``--touch`` entries applied.

    A file already naming another map, or holding one inline, is never repointed silently.
    """
    updated = answer_set
    if map_file is not None:
        name = os.path.relpath(str(map_file), str(answers_path.parent))
        if answer_set.workbook_file not in (None, name) or (answer_set.workbook_file is None and answer_set.workbook):
            held = f"names {answer_set.workbook_file}" if answer_set.workbook_file else "holds a map of its own"
            raise CxError(f"this answers file already {held}; edit its 'workbook:' key to change that", answers_path)
        book = load(map_file) if map_file.exists() else answer_set.workbook or Workbook()
        updated = replace(updated, workbook=book, workbook_file=name)
    if touches:
        updated = replace(updated, workbook=apply_touches(updated.workbook, touches))
    if updated != answer_set:
        updated = replace(updated, updated=now, started=updated.started or now)
    return updated


def key_of(stage: str, name: str) -> tuple[str, str]:
    """How a touch point is found again on another person's map, or on the same map later."""
    return (" ".join(stage.split()).casefold(), " ".join(name.split()).casefold())
