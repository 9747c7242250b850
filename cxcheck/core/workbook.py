"""The workbook: reading, checking and writing the business's own map (docs/workbook.md).

The map lives under ``workbook:`` in an answers file, or in a file beside it that the
answers file names (``workbook: journey.yaml``), so a consultant can prepare one journey
for a whole workshop. Pydantic checks each value's form; what only the whole map can
tell (two stages of one name, a rating by a kind of customer nobody listed, an answer
off its practice's scale) is checked here, and every problem is reported at once with
its ``file:line``.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

from cxcheck.core.answers import parse_answer
from cxcheck.errors import CxError, Problem
from cxcheck.io import yamlsafe
from cxcheck.io.atomic import write_atomic
from cxcheck.io.validation import dotted, kind, quoted, suggest, validate
from cxcheck.model import WORKBOOK_VERSION, Answer, Workbook, resolve_scale

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
        sub = yamlsafe.load(path)
    except CxError as exc:
        return None, name, exc.problems
    workbook, problems = checked(sub, ())
    return workbook, name, problems


def load(path: Path) -> Workbook:
    """A workbook file on its own (a consultant's journey template); every problem at once."""
    from cxcheck.io.validation import fail_if

    workbook, problems = checked(yamlsafe.load(path), ())
    fail_if(problems)
    assert workbook is not None
    return workbook


def beside(answers_path: Path, name: str) -> Path:
    """Where a workbook file named in an answers file is: relative names are beside that file."""
    return answers_path.parent / name


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
    for n, practice in enumerate(workbook.practices):
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


def save_file(workbook: Workbook, path: Path) -> None:
    """Write a workbook file atomically (the one an answers file names)."""
    write_atomic(path, yamlsafe.dump(to_data(workbook)))
