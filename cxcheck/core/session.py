"""Opening an answers file for an assessment: which file, resume or start, and ``--set`` entries.

Shared by the walk-through and by the non-interactive ``assess --answers FILE --set ID=VALUE``,
so that both refuse the same things: an existing file is resumed, never silently replaced
(starting afresh needs ``--force``), and options that contradict what the file records
(another respondent, organisation, date or role) are an error rather than a quiet rewrite.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cxcheck.core import answers
from cxcheck.core.catalog import Catalog
from cxcheck.core.interview import VersionChange, with_current_versions
from cxcheck.errors import CxError, Problem
from cxcheck.io.validation import fail_if
from cxcheck.model import Answer, AnswerSet, Checklist, Item


@dataclass(frozen=True)
class Header:
    """Who answers, for whom, and when, as given on the command line (None: not given)."""

    respondent: str | None = None
    organisation: str | None = None
    role: str | None = None
    date: dt.date | None = None


def parse_date(text: str | None, today: dt.date) -> dt.date | None:
    """``--date``: a real, past or present day, since the loader rejects future dates."""
    if text is None:
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise CxError(f"--date {text}: not a date; write it as YYYY-MM-DD") from None
    if date > today:
        raise CxError(f"--date {text} is in the future; use the day the answers are given")
    return date


def default_path(organisation: str, date: dt.date) -> Path:
    """``answers-acme-ltd-2024-05-01.yaml``: one file per organisation and day, found again on resume."""
    slug = re.sub(r"\W+", "-", organisation.casefold()).strip("-") or "organisation"
    return Path(f"answers-{slug}-{date.isoformat()}.yaml")


def open_answers(
    path: Path, catalog: Catalog, header: Header, now: dt.datetime, force: bool = False
) -> tuple[AnswerSet, bool]:
    """The answer set to continue (and True), or a new one (and False) when there is no file or ``force``.

    A new one needs ``header.respondent`` and ``header.organisation``; the caller asks for
    them or names the options, since only it knows whether there is a terminal.
    """
    if path.exists() and not force:
        existing = answers.load(path, catalog, today=now.date())
        return _agree(existing, header, path), True
    if not header.respondent or not header.organisation:
        raise ValueError("a new answers file needs a respondent and an organisation")
    fresh = AnswerSet(
        respondent=header.respondent,
        organisation=header.organisation,
        date=header.date or now.date(),
        role=header.role,
        started=now,
        path=path,
    )
    return fresh, False


def _agree(existing: AnswerSet, header: Header, path: Path) -> AnswerSet:
    """The file's answer set, with a role added if it had none; any contradiction is an error."""
    problems = [
        Problem(
            str(path),
            None,
            f"this file records {name} '{recorded}', not '{given}'; "
            f"leave out --{name} to continue it, or choose another file with -o",
        )
        for name, given, recorded in (
            ("respondent", header.respondent, existing.respondent),
            ("organisation", header.organisation, existing.organisation),
            ("date", header.date, existing.date),
            ("role", header.role, existing.role),
        )
        if given is not None and recorded is not None and given != recorded
    ]
    fail_if(problems)
    return replace(existing, role=existing.role or header.role)


def session_checklists(catalog: Catalog, ids: Sequence[str], answer_set: AnswerSet) -> list[Checklist]:
    """The checklists named; else those the file was answering; else every checklist found."""
    if ids:
        return catalog.select(ids)
    chosen = [e.checklist for e in catalog if e.checklist.id in answer_set.checklists] or catalog.select([])
    if not chosen:
        raise CxError("no checklists found to assess; see `cxcheck list` and the --checklists option")
    return chosen


def apply_sets(
    answer_set: AnswerSet,
    catalog: Catalog,
    entries: Sequence[str],
    now: dt.datetime,
    notes: Sequence[str] = (),
    reasons: Sequence[str] = (),
    ids: Sequence[str] = (),
) -> tuple[AnswerSet, list[VersionChange]]:
    """``--set ID=VALUE``, ``--note ID=TEXT`` and ``--reason ID=TEXT`` applied, all checked first.

    VALUE is a scale value, a label or n/a; a note goes with an answer (given here or in the
    file) and a reason with an n/a answer; an empty TEXT removes it. Every bad entry is
    reported at once and nothing is applied, so a script never leaves a half-filled file
    behind. A note (and the reason of an n/a) already on an item is kept. ``ids`` are
    checklists the file is to list even before any of their items is answered.
    """
    problems: list[Problem] = []
    chosen: dict[str, tuple[Checklist, Answer]] = {}
    for entry in entries:
        found = _entry("--set", "VALUE", entry, catalog, problems)
        if found is None:
            continue
        checklist, item, full_id, raw = found
        if not raw:
            problems.append(Problem(None, None, f"--set {entry}: write it as CHECKLIST-ID/ITEM-ID=VALUE"))
            continue
        answer, message = answers.parse_answer(_typed(raw), checklist.scale_of(item))
        if message:
            problems.append(Problem(None, None, f"--set {entry}: {message}"))
            continue
        previous = answer_set.answers.get(full_id) or Answer(None)
        reason = previous.reason if not answer.applicable else None
        chosen[full_id] = (checklist, replace(answer, note=previous.note, reason=reason))
    for option, texts in (("--note", notes), ("--reason", reasons)):
        for entry in texts:
            found = _entry(option, "TEXT", entry, catalog, problems)
            if found is None:
                continue
            checklist, _, full_id, text = found
            given = chosen[full_id][1] if full_id in chosen else answer_set.answers.get(full_id)
            if given is None:
                problems.append(
                    Problem(
                        None,
                        None,
                        f"{option} {entry}: the item has no answer to keep it with; add --set {full_id}=VALUE",
                    )
                )
            elif option == "--reason" and given.applicable:
                problems.append(
                    Problem(
                        None,
                        None,
                        f"{option} {entry}: a reason is only for n/a answers; add --set {full_id}=n/a, or use --note",
                    )
                )
            elif option == "--note":
                chosen[full_id] = (checklist, replace(given, note=text or None))
            else:
                chosen[full_id] = (checklist, replace(given, reason=text or None))
    fail_if(problems)
    named = catalog.select(ids) if ids else []
    touched = list({c.id: c for c in [*named, *(c for c, _ in chosen.values())]}.values())
    updated, changes = with_current_versions(answer_set, touched)
    for full_id, (_, answer) in chosen.items():
        if updated.answers.get(full_id) != answer:
            updated = updated.with_answer(full_id, answer, now)
    return updated, changes


def _entry(
    option: str, what: str, entry: str, catalog: Catalog, problems: list[Problem]
) -> tuple[Checklist, Item, str, str] | None:
    """``CHECKLIST-ID/ITEM-ID=...`` split at its first ``=``, the item found; else a problem noted."""
    full_id, sep, raw = entry.partition("=")
    full_id, raw = full_id.strip(), raw.strip()
    if not sep or not full_id:
        problems.append(Problem(None, None, f"{option} {entry}: write it as CHECKLIST-ID/ITEM-ID={what}"))
        return None
    located = answers.find_item(full_id, catalog)
    if isinstance(located, str):
        problems.append(Problem(None, None, f"{option} {entry}: {located}"))
        return None
    return located[0], located[1], full_id, raw


def _typed(raw: str) -> int | float | str:
    """``3`` on the command line is the number 3, as it would be in the file."""
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            pass
    return raw
