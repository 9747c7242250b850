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
import re
from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from cxcheck.core.answers import parse_answer
from cxcheck.errors import CxError, Problem
from cxcheck.io import yamlsafe
from cxcheck.io.atomic import write_atomic
from cxcheck.io.validation import dotted, fail_if, kind, load_checked, quoted, suggest, validate
from cxcheck.model import (
    NA,
    PRESETS,
    RATINGS,
    WORKBOOK_VERSION,
    Answer,
    AnswerSet,
    CustomerKind,
    Customers,
    Ideal,
    Practice,
    PresetName,
    Rating,
    Scale,
    ScaleSpec,
    Stage,
    TouchPoint,
    Workbook,
    number,
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


def with_touch(
    workbook: Workbook, stage: str, name: str, by_kind: Mapping[str, str | None] | None = None, **fields: str | None
) -> Workbook:
    """The map with touch point ``name`` in ``stage`` (both added if new) and ``fields`` set on it.

    ``fields`` are among :data:`FIELDS`; ``by_kind`` gives kinds of customer their ratings
    (None removes one), kept apart so that a kind may be called anything, even ``note``.
    Values are validated as the file is (a rating must be one of the three words, in any
    case), so a ValueError carries the reason a person can act on.
    """
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise TypeError(f"not fields of a touch point: {unknown}; a kind of customer's rating goes in by_kind")
    workbook = with_stage(workbook, stage)
    s = _stage_index(workbook, stage)
    assert s is not None
    points = list(workbook.journey[s].touchpoints)
    t = next((n for n, p in enumerate(points) if p.name.casefold() == name.strip().casefold()), None)
    current: dict[str, Any] = points[t].model_dump() if t is not None else {"name": name.strip()}
    for key, value in fields.items():
        current[key] = value if value is None else value.strip() or None
    for kind_, rating in (by_kind or {}).items():
        if rating is None:
            current.get("by_customer", {}).pop(kind_, None)
        else:
            current.setdefault("by_customer", {})[kind_] = rating.strip()
    point = _validated(TouchPoint, current)
    if t is None:
        points.append(point)
    else:
        points[t] = point
    journey = list(workbook.journey)
    journey[s] = journey[s].model_copy(update={"touchpoints": points})
    return workbook.model_copy(update={"journey": journey})


M = TypeVar("M", bound=BaseModel)


def _validated(model: type[M], data: dict[str, Any]) -> M:
    """``data`` as a ``model``, checked as the file is; a ValueError gives one reason per field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        reasons: dict[str, str] = {}  # one reason per field: a union reports each form it tried
        for error in exc.errors():
            where, reason = _field_error(error)
            reasons.setdefault(where, f"{where}: {reason}")
        raise ValueError("; ".join(reasons.values())) from None


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
            key = field.strip()
            if key in FIELDS:
                updated = with_touch(updated, stage, name, None, **{key: value})
            else:
                updated = with_touch(updated, stage, name, by_kind={key: value})
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


# --- the rest of the workbook step: the customer map, the ideal experience, own practices ----

Part = Literal["journey", "customers", "ideal", "practices"]
PARTS: tuple[Part, ...] = ("journey", "customers", "ideal", "practices")
"""The workbook step's parts, in the order it walks them (docs/workbook.md "Entering the map")."""

SUGGESTED_KINDS = ("Regulars", "Newcomers", "Colleagues we serve")
"""Kinds of customer most businesses have, one of them inside (article 003: internal customers too)."""

INSIDE_HINT = "colleagues"
"""A suggested kind whose name starts with this is offered as inside the business."""

SUGGESTED_FEELINGS = ("wowed", "secure", "pampered", "informed", "welcome", "valued", "at ease", "confident")
"""What customers could feel in the ideal experience (article 003's list, and a few more)."""

SENSES = ("looks", "sounds", "feels", "smells", "tastes")
"""The ideal described by the senses: the ``Ideal`` fields, in the order they are asked."""


def holds(book: Workbook, part: Part) -> bool:
    """Whether ``part`` of the map has anything in it yet."""
    if part == "journey":
        return bool(book.journey)
    if part == "customers":
        return book.customers is not None and bool(book.customers.definition or book.customers.kinds)
    if part == "ideal":
        return book.ideal is not None and any(v for v in book.ideal.model_dump().values())
    return bool(book.practices)


def resume_part(book: Workbook) -> Part:
    """Where a resumed step carries on: the first part with something left to rate or answer, else the last begun.

    A workshop's journey (unrated touch points, unanswered own practices) is rated first.
    """
    if any(p.rating is None and not p.by_customer for _, p in book.touchpoints):
        return "journey"
    if any(p.answer is None for p in book.practices):
        return "practices"
    return next((p for p in reversed(PARTS) if holds(book, p)), "journey")


def _customers(book: Workbook) -> Customers:
    return book.customers or Customers()


def kind_names(book: Workbook) -> list[str]:
    """The kinds of customer on the map, in their order."""
    return [k.name for k in _customers(book).kinds]


def with_definition(book: Workbook, text: str) -> Workbook:
    """The map with the one sentence of what "customer" means here."""
    customers = _customers(book).model_copy(update={"definition": text.strip() or None})
    return book.model_copy(update={"customers": customers})


def next_kind(book: Workbook, skipped: Collection[str] = ()) -> str | None:
    """The first suggested kind of customer the map does not have yet and the person did not skip."""
    have = {k.casefold() for k in [*kind_names(book), *skipped]}
    return next((k for k in SUGGESTED_KINDS if k.casefold() not in have), None)


def with_kind(book: Workbook, name: str, **fields: str | bool | None) -> Workbook:
    """The map with kind of customer ``name`` (added at the end if new) and ``fields`` set on it; ValueError if unfit."""
    customers = _customers(book)
    kinds = list(customers.kinds)
    k = _index(kind_names(book), name)
    current: dict[str, Any] = kinds[k].model_dump() if k is not None else {"name": name.strip()}
    for key, value in fields.items():
        current[key] = value.strip() or None if isinstance(value, str) else value
    kind_ = _validated(CustomerKind, current)
    if k is None:
        kinds.append(kind_)
    else:
        kinds[k] = kind_
    return book.model_copy(update={"customers": customers.model_copy(update={"kinds": kinds})})


def _index(names: Sequence[str], name: str) -> int | None:
    folded = " ".join(name.split()).casefold()
    return next((n for n, have in enumerate(names) if " ".join(have.split()).casefold() == folded), None)


def kinds_named(book: Workbook, typed: str) -> list[str]:
    """The kinds of customer a person named: their numbers in the list and/or names, separated by commas or spaces."""
    kinds = kind_names(book)
    found: list[str] = []
    for part in typed.split(","):
        tokens = part.split()
        refs = tokens if tokens and all(t.isdigit() for t in tokens) else [part] if part.strip() else []
        found += [_kind_ref(ref, kinds) for ref in refs]
    return list(dict.fromkeys(found))


def _kind_ref(ref: str, kinds: Sequence[str]) -> str:
    """A kind of customer by its number in the list (from 1) or its name in any case."""
    text = ref.strip()
    if text.isdigit() and 1 <= int(text) <= len(kinds):
        return kinds[int(text) - 1]
    found = _index(kinds, text)
    if found is None:
        listed = ", ".join(f"{n} {k}" for n, k in enumerate(kinds, 1))
        raise ValueError(f"{quoted(text)} is not a kind of customer on the map ({listed})")
    return kinds[found]


def with_best(book: Workbook, names: Collection[str]) -> Workbook:
    """The map with exactly the kinds ``names`` marked as the best customers."""
    chosen = {n.casefold() for n in names}
    for name in kind_names(book):
        book = with_kind(book, name, best=name.casefold() in chosen)
    return book


def with_ideal(book: Workbook, **fields: str | list[str] | None) -> Workbook:
    """The map's ideal experience with ``fields`` (name, feelings or one of :data:`SENSES`) set."""
    current = (book.ideal or Ideal()).model_dump()
    for key, value in fields.items():
        current[key] = value.strip() or None if isinstance(value, str) else value
    return book.model_copy(update={"ideal": _validated(Ideal, current)})


def feelings_of(typed: str) -> list[str]:
    """Feelings as typed: numbers from :data:`SUGGESTED_FEELINGS` and words of one's own, separated by commas.

    ``1 4, at home`` is wowed, informed and at home; a number off the list is a ValueError.
    """
    found: list[str] = []
    for part in typed.split(","):
        tokens = part.split()
        if tokens and all(t.isdigit() for t in tokens):
            for token in tokens:
                if not 1 <= int(token) <= len(SUGGESTED_FEELINGS):
                    raise ValueError(
                        f"{token} is not on the list (1 to {len(SUGGESTED_FEELINGS)}); write a feeling of your own in words"
                    )
                found.append(SUGGESTED_FEELINGS[int(token) - 1])
        elif part.strip():
            found.append(" ".join(tokens))
    return list(dict.fromkeys(found))


def scale_choice(typed: str) -> PresetName:
    """A scale for an own practice, by its number in :data:`PRESETS` or its name; Enter is frequency."""
    names = list(PRESETS)
    text = typed.strip().casefold()
    if not text:
        return "frequency"
    if text.isdigit() and 1 <= int(text) <= len(names):
        return names[int(text) - 1]  # type: ignore[return-value]  # PRESETS holds every PresetName
    if text in names:
        return text  # type: ignore[return-value]
    raise ValueError(f"type 1 to {len(names)} or a scale's name ({', '.join(names)})")


def with_practice(book: Workbook, question: str) -> tuple[Workbook, str]:
    """The map with an own practice asking ``question`` (on the frequency scale), and its id (from its first words)."""
    words = re.sub(r"[^a-z0-9]+", "-", question.casefold()).strip("-").split("-")
    base = "-".join(words[:5]) or "practice"
    taken = {p.id for p in book.practices}
    practice_id = next(i for n in range(1, len(taken) + 2) if (i := base if n == 1 else f"{base}-{n}") not in taken)
    practice = _validated(Practice, {"id": practice_id, "question": question.strip()})
    return book.model_copy(update={"practices": [*book.practices, practice]}), practice_id


def practice_scale(book: Workbook, practice_id: str) -> Scale:
    """The scale own practice ``practice_id`` is answered on."""
    return resolve_scale(_practice(book, practice_id)[1].scale)


def with_practice_scale(book: Workbook, practice_id: str, scale: ScaleSpec) -> Workbook:
    """The map with own practice ``practice_id`` on ``scale``; its answer is dropped when it is not on the new one."""
    n, practice = _practice(book, practice_id)
    keep = practice.answer is not None and not parse_answer(practice.answer, resolve_scale(scale))[1]
    return _with_practice_at(
        book, n, practice.model_copy(update={"scale": scale, "answer": practice.answer if keep else None})
    )


def with_practice_answer(book: Workbook, practice_id: str, typed: str) -> Workbook:
    """The map with own practice ``practice_id`` answered as typed (a value, a label or n/a); ValueError if off its scale."""
    n, practice = _practice(book, practice_id)
    answer, message = parse_answer(typed.strip(), resolve_scale(practice.scale))
    if message:
        raise ValueError(message)
    value: float | str = NA if answer.value is None else number(answer.value)  # 3, as typed, never 3.0
    return _with_practice_at(book, n, practice.model_copy(update={"answer": value}))


def _practice(book: Workbook, practice_id: str) -> tuple[int, Practice]:
    return next((n, p) for n, p in enumerate(book.practices) if p.id == practice_id)


def _with_practice_at(book: Workbook, n: int, practice: Practice) -> Workbook:
    practices = list(book.practices)
    practices[n] = practice
    return book.model_copy(update={"practices": practices})


def kind_ratings_of(typed: str, kinds: Sequence[str]) -> tuple[Rating | None, dict[str, Rating]]:
    """A rating line: the touch point's own rating and kinds' ratings, separated by commas.

    ``2, newcomers=3`` is mediocrity overall and misery for newcomers; a kind is named or
    numbered as in the customer map. A ValueError says what could not be read.
    """
    overall: Rating | None = None
    by_kind: dict[str, Rating] = {}
    for part in typed.split(","):
        who, sep, word = part.rpartition("=")
        if not part.strip():
            continue
        rating = rating_of(word)
        if rating is None:
            raise ValueError(f"{quoted(word.strip())} is not a rating: type 1, 2 or 3 (or the word)")
        if sep:
            by_kind[_kind_ref(who, kinds)] = rating
        else:
            overall = rating
    return overall, by_kind


def reordered(book: Workbook, typed: str) -> Workbook:
    """The journey with the stages numbered in ``typed`` first, in that order, and the rest after, as they were."""
    count = len(book.journey)
    tokens = typed.replace(",", " ").split()
    if not all(t.isdigit() and 1 <= int(t) <= count for t in tokens):
        raise ValueError(f"give stage numbers from 1 to {count}, e.g. '2 1'")
    first = list(dict.fromkeys(int(t) - 1 for t in tokens))
    order = first + [n for n in range(count) if n not in first]
    return book.model_copy(update={"journey": [book.journey[n] for n in order]})


def renamed(book: Workbook, typed: str) -> Workbook:
    """The journey with one stage renamed, typed as ``N=new name``; ValueError for an unknown number or a name taken."""
    number_, sep, name = typed.partition("=")
    count = len(book.journey)
    if not sep or not number_.strip().isdigit() or not 1 <= int(number_) <= count or not name.strip():
        raise ValueError(f"write it as N=new name, N from 1 to {count}")
    n = int(number_) - 1
    other = _index([s.name for m, s in enumerate(book.journey) if m != n], name)
    if other is not None:
        raise ValueError(f"there is a stage named {quoted(name.strip())} already")
    journey = list(book.journey)
    journey[n] = journey[n].model_copy(update={"name": name.strip()})
    return book.model_copy(update={"journey": journey})
