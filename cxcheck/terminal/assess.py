"""Running a whole assessment: the walk-through at a terminal, or filling a file from ``--set``.

This is the presentation layer's driver: it opens and locks the answers file, runs the
interview, and prints what happened, so that the ``assess`` command only parses options.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cxcheck.core.catalog import discover
from cxcheck.errors import (
    CxError,
    Interrupted,
    NeedsTerminal,
)
from cxcheck.terminal.console import command_line, console, stdin_is_terminal

if TYPE_CHECKING:
    from cxcheck.core.catalog import Catalog
    from cxcheck.core.session import Header
    from cxcheck.terminal.walk import LineReader


def walk(ids: list[str], output: Path | None, header: Header, review: bool, force: bool, dirs: list[Path]) -> int:
    from dataclasses import replace

    from rich.text import Text

    from cxcheck import clock
    from cxcheck.core import answers, scoring
    from cxcheck.core.interview import Interview
    from cxcheck.core.session import default_path, open_answers, session_checklists
    from cxcheck.io import lock
    from cxcheck.model import AnswerSet
    from cxcheck.terminal.walk import (
        LineReader,
        Outcome,
        Walkthrough,
        opening_notices,
        report_stop,
        summary,
    )

    catalog = discover(dirs)
    out, err = console(), console(stderr=True)
    reader = LineReader(out, interactive=stdin_is_terminal())
    catalog.select(ids)  # an unknown id is reported before any question is asked
    if output is None:
        header = replace(header, organisation=_require(header.organisation, "organisation", reader))
        output = default_path(header.organisation or "", header.date or clock.today())
    with lock.locked(output):
        if force or not output.exists():
            header = replace(
                header,
                respondent=_require(header.respondent, "respondent", reader),
                organisation=_require(header.organisation, "organisation", reader),
            )
        answer_set, resumed = open_answers(output, catalog, header, clock.now(), force)
        chosen = session_checklists(catalog, ids, answer_set)
        order = answers.item_order(e.checklist for e in catalog)

        def save(updated: AnswerSet) -> None:
            answers.save(updated, output, order)

        interview = Interview(chosen, answer_set, clock.now, review=review)
        walk = Walkthrough(interview, out, reader, save)
        if not resumed:
            walk.save()
        path = str(output)
        resume = _command("assess", *ids, "-o", path, dirs=dirs)
        reports = [
            ("HTML:", _command("report", path, "-o", "report.html", dirs=dirs)),
            ("Markdown:", _command("report", path, dirs=dirs)),
        ]
        if interview.done:
            listed = ", ".join(c.id for c in chosen)
            out.print(Text(f"Every item of {listed} in {path} is answered; add --review to go through them again."))
            outcome = Outcome.FINISHED
        else:
            outcome = walk.run(opening_notices(interview, path, resumed))
    notes = interview.unsaved_notes
    if outcome is Outcome.FINISHED:
        scorecard = scoring.score(chosen, interview.answer_set.answers)
        out.print(summary(scorecard, path, reports, notes), soft_wrap=True)
        return 0
    code = report_stop(
        outcome, out, err, path, resume, notes, "Standard input ended before the assessment was complete."
    )
    if outcome is Outcome.INPUT_ENDED:
        fill = _command("assess", "--answers", path, "--set", "ID=VALUE", dirs=dirs)
        err.print(Text(f"Without a terminal, answer the rest with: {fill}"), soft_wrap=True)
    return code


def _require(value: str | None, option: str, reader: LineReader) -> str:
    """An option's value, asked for at a terminal; without one, exit 2 naming the option."""
    if value:
        return value
    if not reader.interactive:
        raise NeedsTerminal(f"--{option} is needed: standard input is not a terminal, so cxcheck cannot ask for it")
    question = {"respondent": "Your name", "organisation": "Organisation assessed"}[option]
    try:
        while not (answer := reader.read(f"{question}: ").strip()):
            pass
    except EOFError:
        raise Interrupted(f"input ended before the {option} was given; nothing was written") from None
    return answer


def fill(path: Path, entries: Sequence[str], header: Header, force: bool, catalog: Catalog) -> int:
    from cxcheck import clock
    from cxcheck.core import answers
    from cxcheck.core.session import apply_sets, open_answers, session_checklists
    from cxcheck.io import lock
    from cxcheck.terminal.walk import version_notice

    with lock.locked(path):
        if (force or not path.exists()) and not (header.respondent and header.organisation):
            missing = " and ".join(f"--{n}" for n in ("respondent", "organisation") if not getattr(header, n))
            raise CxError(f"{missing} needed to create this answers file", path)
        answer_set, resumed = open_answers(path, catalog, header, clock.now(), force)
        updated, changes = apply_sets(answer_set, catalog, entries, clock.now())
        chosen = session_checklists(catalog, [], updated)
        write = updated != answer_set or not resumed
        if write:
            answers.save(updated, path, answers.item_order(e.checklist for e in catalog))
    err = console(stderr=True)
    for change in changes:
        err.print(version_notice(change))
    full_ids = answers.item_order(chosen)
    answered = sum(1 for k in full_ids if k in updated.answers)
    verb = "saved" if write else "checked, unchanged"
    typer.echo(
        f"{path}: {verb}; {len(entries)} answer(s) given, {answered} of {len(full_ids)} items of "
        f"{', '.join(c.id for c in chosen)} answered"
    )
    return 0


def _command(*args: str, dirs: Sequence[Path]) -> str:
    """A command the person can paste as is: quoted, with the checklist directories it needs."""
    return command_line(*args, *(a for d in dirs for a in ("--checklists", str(d))))
