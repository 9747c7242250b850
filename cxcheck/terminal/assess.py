"""Running a whole assessment: the walk-through at a terminal, or filling a file from ``--set``.

The ``assess`` command only parses options; this asks for what a new file needs, runs the
session (:mod:`cxcheck.terminal.session`) and prints what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from cxcheck.core.catalog import discover
from cxcheck.errors import CxError, Interrupted, NeedsTerminal, Status
from cxcheck.terminal.console import command_line, console, stdin_is_terminal

if TYPE_CHECKING:
    from cxcheck.core.catalog import Catalog
    from cxcheck.core.session import Header
    from cxcheck.model import AnswerSet
    from cxcheck.terminal.walk import LineReader


def walk(ids: list[str], output: Path | None, header: Header, review: bool, force: bool, dirs: list[Path]) -> Status:
    """``cxcheck assess`` at a terminal: ask what the file lacks, walk the items, end with the scores."""

    from rich.text import Text

    from cxcheck import clock
    from cxcheck.core import answers, scoring
    from cxcheck.core.interview import Interview
    from cxcheck.core.session import session_checklists
    from cxcheck.terminal import session
    from cxcheck.terminal.walk import LineReader, Outcome, Walkthrough, opening_notices, summary

    catalog = discover(dirs)
    out, err = console(), console(stderr=True)
    reader = LineReader(out, interactive=stdin_is_terminal())
    catalog.select(ids)  # an unknown id is reported before any question is asked
    path, header = _answers_path(output, header, reader)
    order = answers.item_order(e.checklist for e in catalog)

    def save(updated: AnswerSet) -> None:
        answers.save(updated, path, order)

    def open_walk() -> session.Opened[Walkthrough]:
        answer_set, resumed = _open(path, catalog, header, reader, force)
        interview = Interview.over(session_checklists(catalog, ids, answer_set), answer_set, clock.now, review)
        listed = ", ".join(dict.fromkeys(s.checklist.id for s in interview.steps))
        return session.Opened(
            Walkthrough(interview, out, reader, save),
            fresh=not resumed,
            notices=opening_notices(interview, str(path), resumed),
            nothing_left=Text(f"Every item of {listed} in {path} is answered; add --review to go through them again."),
        )

    walk, outcome = session.run(path, open_walk)
    interview = walk.interview
    if outcome is Outcome.FINISHED:
        checklists = list({s.checklist.id: s.checklist for s in interview.steps}.values())
        reports = [
            ("HTML:", _command("report", str(path), "-o", "report.html", dirs=dirs)),
            ("Markdown:", _command("report", str(path), dirs=dirs)),
        ]
        scorecard = scoring.score(checklists, interview.answer_set.answers)
        out.print(summary(scorecard, str(path), reports, interview.unsaved_notes), soft_wrap=True)
        if interview.answer_set.workbook is None:
            offer = _command("assess", "--map", "-o", str(path), dirs=dirs)
            out.print(Text(f"Map your touch points too (magic, mediocrity or misery): {offer}"), soft_wrap=True)
        return Status.DONE
    fill_command = _command("assess", "--answers", str(path), "--set", "ID=VALUE", dirs=dirs)
    stop = session.Stop(
        resume=_command("assess", *ids, "-o", str(path), dirs=dirs),
        ended="Standard input ended before the assessment was complete.",
        after_input_ended=[Text(f"Without a terminal, answer the rest with: {fill_command}")],
    )
    return session.stopped(walk, outcome, err, path, stop)


def walk_map(output: Path | None, header: Header, force: bool, dirs: list[Path], journey: Path | None = None) -> Status:
    """``cxcheck assess --map`` at a terminal: the workbook step on an answers file, saved line by line.

    With ``journey`` (a workshop's ``journey.yaml``), a file without a map starts from it,
    unrated; a file that has a map keeps its own.
    """

    from rich.text import Text

    from cxcheck import clock
    from cxcheck.core import answers
    from cxcheck.core.journey import answers_from_map, take_from_map
    from cxcheck.core.workbook import blank
    from cxcheck.core.workbook import load as load_workbook
    from cxcheck.terminal import session
    from cxcheck.terminal.walk import LineReader, Outcome
    from cxcheck.terminal.workbook import MapWalk

    catalog = discover(dirs)
    out, err = console(), console(stderr=True)
    reader = LineReader(out, interactive=stdin_is_terminal())
    path, header = _answers_path(output, header, reader)
    order = answers.item_order(e.checklist for e in catalog)
    template = None if journey is None else blank(load_workbook(journey))  # checked before anything is asked

    def open_walk() -> session.Opened[MapWalk]:
        answer_set, resumed = _open(path, catalog, header, reader, force)
        started = template is not None and answer_set.workbook is None and answer_set.workbook_file is None
        if started:
            answer_set = replace(answer_set, workbook=template, updated=clock.now())
        walk = MapWalk(
            answer_set,
            out,
            reader,
            lambda updated: answers.save(updated, path, order),
            lambda book: answers_from_map(book, catalog, answer_set.date),
            lambda updated, found: take_from_map(updated, found, catalog, clock.now()),
            clock.now,
            resumed=resumed and not started,
        )
        points = len(walk.book.touchpoints)
        notices = [
            Text(f"Your map is saved to {path} after every line; Ctrl-C stops, and the same command carries on.")
        ]
        if started:
            notices.append(Text(f"Your map starts from {journey}: {points} touch point(s) to rate."))
        elif resumed and points and not walk.offers_parts:
            notices.append(
                Text(f"Resuming: {points} touch point(s) on the map; carrying on in {walk.book.journey[-1].name!r}.")
            )
        return session.Opened(walk, fresh=not resumed or started, notices=notices)

    walk, outcome = session.run(path, open_walk)
    if outcome is Outcome.FINISHED:
        out.print(
            Text(
                f"\nYour map is in {path}. See it in a report: {_command('report', str(path), '-o', 'report.html', dirs=dirs)}"
            ),
            soft_wrap=True,
        )
        return Status.DONE
    stop = session.Stop(
        resume=_command(
            "assess", "--map", *(["--journey", str(journey)] if journey else []), "-o", str(path), dirs=dirs
        ),
        ended="Standard input ended before the map was complete.",
        after_input_ended=[
            Text(
                f"Without a terminal, add touch points with: {_command('assess', '--answers', str(path), '--touch', 'STAGE/POINT=RATING', dirs=dirs)}"
            )
        ],
    )
    return session.stopped(walk, outcome, err, path, stop)


def _answers_path(output: Path | None, header: Header, reader: LineReader) -> tuple[Path, Header]:
    """The answers file of a session: ``-o``, else the default name, for which the organisation is asked;
    the file a link names."""
    from cxcheck import clock
    from cxcheck.core.session import default_path
    from cxcheck.io.lock import answers_file

    if output is not None:
        return answers_file(output), header
    header = replace(header, organisation=_require(header.organisation, "organisation", reader))
    return answers_file(default_path(header.organisation or "", header.date or clock.today())), header


def _open(path: Path, catalog: Catalog, header: Header, reader: LineReader, force: bool) -> tuple[AnswerSet, bool]:
    """The answers file opened or resumed; a new one asks for the names the options did not give."""
    from cxcheck import clock
    from cxcheck.core.session import open_answers

    if force or not path.exists():
        header = replace(
            header,
            respondent=_require(header.respondent, "respondent", reader),
            organisation=_require(header.organisation, "organisation", reader),
        )
    return open_answers(path, catalog, header, clock.now(), force)


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


def fill(
    path: Path,
    entries: Sequence[str],
    header: Header,
    force: bool,
    catalog: Catalog,
    map_file: Path | None = None,
    touches: Sequence[str] = (),
    notes: Sequence[str] = (),
    reasons: Sequence[str] = (),
    ids: Sequence[str] = (),
) -> Status:
    """``cxcheck assess [CHECKLIST...] --answers FILE --set ID=VALUE --note ID=TEXT --touch ...``: every
    entry checked, then one atomic write; the checklists named are listed in the file even unanswered."""
    from cxcheck import clock
    from cxcheck.core import answers
    from cxcheck.core.session import apply_sets, open_answers, session_checklists
    from cxcheck.core.workbook import with_map
    from cxcheck.io import lock
    from cxcheck.terminal.walk import version_notice

    path = lock.answers_file(path)
    with lock.locked(path):
        if (force or not path.exists()) and not (header.respondent and header.organisation):
            missing = " and ".join(f"--{n}" for n in ("respondent", "organisation") if not getattr(header, n))
            raise CxError(f"{missing} needed to create this answers file", path)
        answer_set, resumed = open_answers(path, catalog, header, clock.now(), force)
        updated, changes = apply_sets(answer_set, catalog, entries, clock.now(), notes, reasons, ids)
        updated = with_map(updated, path, map_file, touches, clock.now())
        chosen = session_checklists(catalog, ids, updated)
        write = updated != answer_set or not resumed
        if write:
            answers.save(updated, path, answers.item_order(e.checklist for e in catalog))
    err = console(stderr=True)
    for change in changes:
        err.print(version_notice(change))
    full_ids = answers.item_order(chosen)
    recorded = [updated.answers[k] for k in full_ids if k in updated.answers]
    answered = sum(1 for a in recorded if a.applicable)
    not_applicable = f", {len(recorded) - answered} n/a" if len(recorded) > answered else ""
    verb = "saved" if write else "checked, unchanged"
    mapped = ""
    if updated.workbook is not None:
        points = updated.workbook.touchpoints
        mapped = f"; {len(points)} touch point(s) in {len(updated.workbook.journey)} stage(s) on the map"
    typer.echo(
        f"{path}: {verb}; {len(entries)} answer(s) given, {answered} of {len(full_ids)} items of "
        f"{', '.join(c.id for c in chosen)} answered{not_applicable}{mapped}"
    )
    return Status.DONE


def _command(*args: str, dirs: Sequence[Path]) -> str:
    """A command the person can paste as is: quoted, with the checklist directories it needs."""
    return command_line(*args, *(a for d in dirs for a in ("--checklists", str(d))))
