"""``cxcheck assess`` (the walk-through, or ``--answers FILE --set ID=VALUE`` without a terminal)
and ``cxcheck answers template``."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.cli.common import ChecklistDirs, app, command, console, guarded, load_catalog, stdin_is_terminal
from cxcheck.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, CxError, Interrupted, NeedsTerminal

if TYPE_CHECKING:
    from cxcheck.catalog import Catalog
    from cxcheck.interview_view import LineReader
    from cxcheck.session import Header

answers_app = typer.Typer(
    help="Answers files: a blank one to fill in by hand.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(answers_app, name="answers")

Ids = Annotated[
    list[str] | None,
    typer.Argument(metavar="[CHECKLIST_ID]...", help="Checklists, in this order (default: every checklist found)."),
]


@command("assess")
def assess(
    checklist_ids: Ids = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Answers file to write or resume (default: answers-ORGANISATION-DATE.yaml)."
        ),
    ] = None,
    respondent: Annotated[str | None, typer.Option(help="Who answers (asked at a terminal if missing).")] = None,
    organisation: Annotated[
        str | None, typer.Option(help="The business assessed (asked at a terminal if missing).")
    ] = None,
    role: Annotated[str | None, typer.Option(help="The respondent's role, for example owner or frontline.")] = None,
    date: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Day of the assessment (default: today).")
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="Walk every item again, showing the recorded answers.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Start afresh, replacing an existing answers file.")] = False,
    answers_file: Annotated[
        Path | None,
        typer.Option("--answers", metavar="FILE", help="Fill or check FILE without a terminal (see --set)."),
    ] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set", metavar="ID=VALUE", help="With --answers: answer an item (a scale value, a label or n/a)."
        ),
    ] = None,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> int:
    """Walk through the checklists one item at a time, saving every answer as it is given."""
    from cxcheck import clock
    from cxcheck.session import Header, parse_date

    header = Header(respondent, organisation, role, parse_date(date, clock.today()))
    ids = checklist_ids or []
    if answers_file is not None:
        given = [name for name, used in (("-o", output), ("--review", review), ("CHECKLIST_ID", ids)) if used]
        if given:
            raise CxError(f"--answers fills a file without the walk-through; leave out {', '.join(given)}")
        return _fill(answers_file, sets or [], header, force, load_catalog(checklists))
    if sets:
        raise CxError("--set needs --answers FILE (the answers file to fill in)")
    return _walk(ids, output, header, review, force, checklists)


def _walk(ids: list[str], output: Path | None, header: Header, review: bool, force: bool, dirs: list[Path]) -> int:
    from dataclasses import replace

    from rich.text import Text

    from cxcheck import answers, clock, lock, scoring
    from cxcheck.interview import Interview
    from cxcheck.interview_view import LineReader, Outcome, Walkthrough, opening_notices, stopped, summary
    from cxcheck.session import default_path, open_answers, session_checklists

    catalog = load_catalog(dirs)
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

        def save(updated: answers.AnswerSet) -> None:
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
        out.print(summary(scorecard, path, reports, notes))
        return 0
    if outcome is Outcome.QUIT:
        out.print(stopped(path, resume, notes, "Stopped."))
        return 0
    if outcome is Outcome.INTERRUPTED:
        err.print(stopped(path, resume, notes, "Interrupted."))
        return EXIT_INTERRUPTED
    err.print(stopped(path, resume, notes, "Standard input ended before the assessment was complete."))
    fill = _command("assess", "--answers", path, "--set", "ID=VALUE", dirs=dirs)
    err.print(Text(f"Without a terminal, answer the rest with: {fill}"))
    return EXIT_BAD_INPUT


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


def _fill(path: Path, entries: Sequence[str], header: Header, force: bool, catalog: Catalog) -> int:
    from cxcheck import answers, clock, lock
    from cxcheck.interview_view import version_notice
    from cxcheck.session import apply_sets, open_answers, session_checklists

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
    return shlex.join(["cxcheck", *args, *(a for d in dirs for a in ("--checklists", str(d)))])


@answers_app.command("template")
@guarded
def template(
    checklist_ids: Ids = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: print it).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    checklists: ChecklistDirs = [],  # noqa: B006
) -> None:
    """Write a blank answers file listing every item with its scale, to fill in by hand."""
    from cxcheck import clock, yamlio
    from cxcheck.answers_template import template as build

    text = build(load_catalog(checklists).select(checklist_ids or []), clock.today())
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise CxError("already exists; add --force to replace it, or choose another file with -o", output)
    yamlio.write_atomic(output, text)
    check = f"cxcheck assess --answers {output}"
    typer.echo(f"Wrote {output}: fill in the answers, then check it with `{check}`.", err=True)
