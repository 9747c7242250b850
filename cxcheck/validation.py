"""Turn pydantic's validation errors into ``file:line: what is wrong`` lines for people."""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cxcheck.errors import Problem, ValidationFailed
from cxcheck.yamlio import Document

M = TypeVar("M", bound=BaseModel)

_TYPE_WORDS = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
}


def validate(model: type[M], doc: Document, loc_prefix: Sequence[Hashable] = ()) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` as ``model``; on failure return every problem, located."""
    data = doc.data
    for step in loc_prefix:
        data = data[step]
    if not isinstance(data, dict):
        return None, [Problem(str(doc.path), doc.line_of(loc_prefix), f"expected a mapping of keys, found {kind(data)}")]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, doc, model, loc_prefix)


def problems_from(
    exc: ValidationError, doc: Document, model: type[BaseModel], loc_prefix: Sequence[Hashable] = ()
) -> list[Problem]:
    """One problem per wrong field; the union branches pydantic tried are folded into one."""
    problems: dict[tuple[Hashable, ...], Problem] = {}
    for error in exc.errors():
        loc = tuple(loc_prefix) + _data_loc(error["loc"])
        if loc in problems and error["type"] != "extra_forbidden":
            continue
        problems[loc] = Problem(str(doc.path), doc.line_of(loc), _message(error, loc, model))
    return sorted(problems.values(), key=lambda p: p.line or 0)


def _data_loc(loc: tuple[Any, ...]) -> tuple[Hashable, ...]:
    """Drop the names pydantic gives union branches (``list[Option]``), keeping real keys."""
    kept: list[Hashable] = []
    for step in loc:
        if isinstance(step, str) and ("[" in step or step.startswith(("literal", "function-"))):
            break
        kept.append(step)
    return tuple(kept)


def _message(error: Any, loc: tuple[Hashable, ...], model: type[BaseModel]) -> str:
    name = dotted(loc)
    kind_ = error["type"]
    if kind_ == "missing":
        where = f"{dotted(loc[:-1])}: " if len(loc) > 1 else ""
        return f"{where}missing required field '{loc[-1]}'"
    if kind_ == "extra_forbidden":
        hint = _nearest(str(loc[-1]), _known_fields(model, loc))
        return f"unknown field '{loc[-1]}'" + (f" (did you mean '{hint}'?)" if hint else "")
    if kind_ in ("literal_error", "union_tag_invalid") or error["loc"] != _data_loc(error["loc"]):
        return f"{name}: {_union_help(loc)}"
    if kind_ == "string_pattern_mismatch":
        return f"{name}: '{error['input']}' must use lowercase letters, digits and '-' only"
    if kind_ == "too_short" and error.get("ctx", {}).get("field_type") == "List":
        need = error["ctx"]["min_length"]
        return f"{name}: needs at least {need} entr{'y' if need == 1 else 'ies'}"
    if kind_ == "greater_than_equal":
        return f"{name}: must be {error['ctx']['ge']:g} or more, got {error['input']}"
    if kind_ in _TYPE_WORDS:
        return f"{name}: {_TYPE_WORDS[kind_]}, found {kind(error['input'])}"
    msg = error["msg"].removeprefix("Value error, ")
    return f"{name}: {msg}"


def _union_help(loc: tuple[Hashable, ...]) -> str:
    if loc and loc[-1] == "scale":
        return "must be 'frequency', 'yes-no' or a list of options with 'label' and 'value'"
    return "has a value of the wrong kind"


def _known_fields(model: type[BaseModel], loc: tuple[Hashable, ...]) -> list[str]:
    """Field names valid at ``loc``, found by walking the model's nested field types."""
    current: Any = model
    for step in loc[:-1]:
        if isinstance(step, int):
            continue
        field = getattr(current, "model_fields", {}).get(step)
        if field is None:
            return []
        current = _inner_model(field.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _nearest(word: str, candidates: list[str]) -> str | None:
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def dotted(loc: Sequence[Hashable]) -> str:
    """``sections[0].items[2].weight``: the path a person can follow in the file."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "document"


def kind(value: object) -> str:
    """A word for what a YAML value is, for messages."""
    match value:
        case None:
            return "nothing"
        case bool():
            return f"'{str(value).lower()}'"
        case str():
            return f"text '{value[:40]}'"
        case int() | float():
            return f"the number {value}"
        case list():
            return "a list"
        case dict():
            return "a mapping"
    return type(value).__name__


def fail_if(problems: list[Problem]) -> None:
    """Raise every problem at once, so the user can fix a file in one pass."""
    if problems:
        raise ValidationFailed(problems)
