"""Turn pydantic's validation errors into ``file:line: what is wrong`` lines for people."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cxcheck.errors import Problem, ValidationFailed
from cxcheck.io import yamlsafe
from cxcheck.io.yamlsafe import Document
from cxcheck.model import ONE_LINE, PRESETS

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

_TYPE_WORDS = {
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "finite_number": "must be a finite number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date (YYYY-MM-DD) without a time",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "datetime_type": "must be a date and time (YYYY-MM-DD HH:MM:SS)",
    "datetime_parsing": "must be a date and time (YYYY-MM-DD HH:MM:SS)",
    "datetime_from_date_parsing": "must be a date and time (YYYY-MM-DD HH:MM:SS)",
}

_BOUNDS = {
    "greater_than_equal": ("ge", "{} or more"),
    "greater_than": ("gt", "more than {}"),
    "less_than_equal": ("le", "{} or less"),
    "less_than": ("lt", "less than {}"),
}


def validate(model: type[M], doc: Document, loc_prefix: Sequence[Hashable] = ()) -> tuple[M | None, list[Problem]]:
    """Validate ``doc.data`` as ``model``; on failure return every problem, located."""
    data = _at(doc.data, loc_prefix)
    if not isinstance(data, dict):
        return None, [
            Problem(str(doc.path), doc.line_of(loc_prefix), f"expected a mapping of keys, found {kind(data)}")
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, doc, model, loc_prefix)


def load_checked(
    path: Path, check: Callable[[Document], tuple[T | None, list[Problem]]]
) -> tuple[T | None, Document, list[Problem]]:
    """``path`` parsed and checked, the parser's problems beside the check's.

    The parser reads on past a duplicate key or an impossible date, so that a file with one of
    those and a misspelt field is fixed in one pass rather than two.
    """
    parsed: list[Problem] = []
    doc = yamlsafe.load(path, parsed)
    value, problems = check(doc)
    return (None if parsed else value), doc, beside(parsed, problems)


def load_valid(
    model: type[M], path: Path, loc_prefix: Sequence[Hashable] = ()
) -> tuple[M | None, Document, list[Problem]]:
    """``path`` validated as ``model`` (see :func:`load_checked`)."""
    return load_checked(path, lambda doc: validate(model, doc, loc_prefix))


_TARGET_KEYS = frozenset({"overall", "checklists", "sections", "items", "bands"})
_GATE_KEYS = frozenset({"min_coverage", "max_age", "max_drop", "baseline", "targets"})
_READ_BY = {
    "a checklist": "check it with `cxcheck validate`, or give its folder with --checklists",
    "an answers file": "score it with `cxcheck report FILE`",
    "a targets file": "give it with --targets",
    "a JSON report": "give it with --baseline, or to compare and trend",
    "a workshop's workshop.yaml": "give its folder to `cxcheck report`",
    "a gates config file": "give it to `cxcheck check` with --config",
    "a survey mapping file": "give it to `cxcheck import` with --mapping",
}


def kind_of(data: Any) -> str | None:
    """Which cxcheck file ``data`` evidently is, by the keys only that kind has at its top."""
    if not isinstance(data, dict):
        return None
    keys = {k for k in data if isinstance(k, str)}
    if "kind" in keys and "schema_version" in keys:
        return "a JSON report"
    if "respondent" in keys or "answers" in keys:
        return "an answers file"
    if "created" in keys and "checklists" in keys:
        return "a workshop's workshop.yaml"
    if "id" in keys and "sections" in keys:
        return "a checklist"
    if "items" in keys and any(k.endswith("_column") for k in keys):
        return "a survey mapping file"
    if keys and keys <= _TARGET_KEYS and keys & {"overall", "items", "bands"}:
        return "a targets file"
    if keys & _GATE_KEYS or any(k.startswith("fail_under") for k in keys):
        return "a gates config file"
    return None


def mistaken(doc: Document, expected: str, problems: list[Problem]) -> list[Problem]:
    """``problems``, or the one line that explains them all when the file is another kind.

    A targets file given as an answers file fails on every required field; "respondent is
    missing" three times over hides what went wrong, which is the file, not its fields.
    """
    found = kind_of(doc.data) if problems else None
    if found is None or found == expected:
        return problems
    return [Problem(str(doc.path), 1, f"this is {found}, not {expected}: {_READ_BY[found]}")]


def _at(data: Any, loc: Sequence[Hashable]) -> Any:
    for step in loc:
        data = data[step]
    return data


def problems_from(
    exc: ValidationError, doc: Document, model: type[BaseModel], loc_prefix: Sequence[Hashable] = ()
) -> list[Problem]:
    """One problem per wrong field, located by line.

    For a field that takes one of several forms (a scale: a preset name or a list), pydantic
    reports a failure for every form; we keep the errors of the form the user evidently
    meant, and fall back to one sentence listing the forms. A missing field that a misspelt
    key evidently meant is not reported twice: the "did you mean" says it all.
    """
    problems: dict[tuple[Hashable, ...], Problem] = {}
    wrong_form: dict[tuple[Hashable, ...], Problem] = {}
    meant: set[tuple[Hashable, ...]] = set()
    data = _at(doc.data, loc_prefix)
    for error in exc.errors():
        loc = tuple(loc_prefix) + _data_loc(error["loc"], data, keep_last=error["type"] == "missing")
        branch = len(loc) - len(loc_prefix) != len(error["loc"])
        meant_word = error["type"] == "literal_error" and isinstance(error["input"], str) and loc[-1:] != ("scale",)
        if branch and error["type"] in ("literal_error", "list_type", "dict_type", "model_type") and not meant_word:
            wrong_form.setdefault(loc, Problem(str(doc.path), doc.line_of(loc), f"{dotted(loc)}: {_union_help(loc)}"))
            continue
        if loc in problems and error["type"] != "extra_forbidden":
            continue
        hint = ""
        if error["type"] == "extra_forbidden":
            known = _known_fields(model, loc[len(loc_prefix) :])
            hint, nearest = _suggestion(str(loc[-1]), known)
            if nearest:
                meant.add(loc[:-1] + (nearest,))
            elif known:
                hint = f" (expected one of: {', '.join(known)})"
        problems[loc] = Problem(str(doc.path), doc.line_of(loc), _message(error, loc, hint))
    for loc, problem in wrong_form.items():
        if not any(other[: len(loc)] == loc for other in problems):
            problems[loc] = problem
    kept = [problem for loc, problem in problems.items() if loc not in meant]
    return sorted(kept, key=lambda p: p.line or 0)


def _data_loc(loc: tuple[Any, ...], data: Any, keep_last: bool) -> tuple[Hashable, ...]:
    """The steps of a pydantic location that are keys in the data, without union branch names.

    Pydantic names the branch of a union it tried (``list[Option]``, ``str``); only walking
    the data tells such a name from a key the person wrote. A missing field is not in the
    data, so the last step of a "missing" error is kept as it is.
    """
    kept: list[Hashable] = []
    for n, step in enumerate(loc):
        if keep_last and n == len(loc) - 1:
            kept.append(step)
        elif (
            isinstance(data, dict)
            and step in data
            or isinstance(data, list)
            and isinstance(step, int)
            and 0 <= step < len(data)
        ):
            kept.append(step)
            data = data[step]
    return tuple(kept)


def _message(error: Any, loc: tuple[Hashable, ...], hint: str) -> str:
    name = dotted(loc)
    kind_ = error["type"]
    ctx = error.get("ctx") or {}
    where = f"{dotted(loc[:-1])}: " if len(loc) > 1 else ""
    if kind_ == "missing":
        return f"{where}missing required field {quoted(loc[-1])}"
    if kind_ == "extra_forbidden":
        return f"unknown field {quoted(loc[-1])}{hint}"
    if kind_ == "literal_error" and loc[-1:] != ("scale",):
        return f"{name}: must be {ctx['expected']}, found {kind(error['input'])}"
    if kind_ in ("literal_error", "union_tag_invalid"):
        return f"{name}: {_union_help(loc)}"
    if kind_ == "string_pattern_mismatch" and ctx.get("pattern") == ONE_LINE:
        return f"{name}: must be one line (no line breaks)"
    if kind_ == "string_pattern_mismatch":
        return f"{name}: {quoted(error['input'])} must use lowercase letters, digits and '-' only"
    if kind_ == "too_short" and ctx.get("field_type") == "List":
        need = ctx["min_length"]
        return f"{name}: needs at least {need} entr{'y' if need == 1 else 'ies'}"
    if kind_ == "string_too_short":
        return f"{name}: must not be empty"
    if kind_ in _BOUNDS:
        key, words = _BOUNDS[kind_]
        return f"{name}: must be {words.format(f'{ctx[key]:g}')}, got {_number(error['input'])}"
    if kind_ in _TYPE_WORDS:
        return f"{name}: {_TYPE_WORDS[kind_]}, found {kind(error['input'])}"
    msg = error["msg"].removeprefix("Value error, ")
    return f"{name}: {msg}"


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _union_help(loc: tuple[Hashable, ...]) -> str:
    if loc and loc[-1] == "scale":
        names = ", ".join(f"'{name}'" for name in PRESETS)
        return f"must be a preset ({names}) or a list of options with 'label' and 'value'"
    if len(loc) > 1 and loc[-2] == "by_customer":
        return "must be magic, mediocrity or misery, or a mapping with 'rating' and 'note'"
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


def _suggestion(word: str, candidates: Iterable[str]) -> tuple[str, str | None]:
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return (f" (did you mean '{matches[0]}'?)", matches[0]) if matches else ("", None)


def suggest(word: str, candidates: Iterable[str]) -> str:
    """`` (did you mean 'value'?)`` for the nearest candidate, or nothing when none is near."""
    return _suggestion(word, candidates)[0]


def dotted(loc: Sequence[Hashable]) -> str:
    """``sections[0].items[2].weight``: the path a person can follow in the file."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{key_text(step)}" if out else key_text(step))
    return out or "document"


def key_text(key: object) -> str:
    """A key for a message: as written when it is plain text, else quoted and escaped."""
    return str(key) if isinstance(key, str) and key.isprintable() and key else quoted(key)


def quoted(value: object, limit: int = 40) -> str:
    """``'text'`` from a file, fit for a one-line message: quoted, escaped, and cut short."""
    text = str(value)
    return repr(text if len(text) <= limit else text[:limit] + "...")


def kind(value: object) -> str:
    """A word for what a YAML value is, for messages."""
    match value:
        case None:
            return "nothing"
        case bool():
            return f"'{str(value).lower()}'"
        case str():
            return f"text {quoted(value)}"
        case int() | float():
            return f"the number {_number(value)}"
        case list():
            return "a list"
        case dict():
            return "a mapping"
        case dt.datetime():
            return f"the date and time {value.isoformat(' ')}"
        case dt.date():
            return f"the date {value.isoformat()}"
    return type(value).__name__


def beside(read: Sequence[Problem], checked: Sequence[Problem]) -> list[Problem]:
    """What the parser reported and what the checks found, a line the parser spoke for left to it.

    An impossible date read as text would otherwise be told twice: "not a real date", then
    "must be a date"."""
    spoken = {(p.path, p.line) for p in read}
    return [*read, *(p for p in checked if (p.path, p.line) not in spoken)]


def fail_if(problems: list[Problem], unlisted: dict[str | None, int] | None = None) -> None:
    """Raise every problem at once, so the user can fix a file in one pass (the first of a file
    with very many, and their count: :class:`~cxcheck.errors.ValidationFailed`)."""
    if problems:
        raise ValidationFailed(problems, unlisted)
