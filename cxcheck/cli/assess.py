"""``cxcheck assess`` (the walk-through, or ``--answers FILE --set ID=VALUE`` without a terminal)
and ``cxcheck answers template``."""

from pathlib import Path
from typing import Annotated

import typer

from cxcheck.cli.app import command, group
from cxcheck.cli.options import ChecklistDirs, Ids, load_catalog, output_option
from cxcheck.errors import CxError, Status

answers_app = group("answers", "Answers files: a blank one to fill in by hand.")


@command("assess")
def assess(
    checklist_ids: Ids = None,
    output: Annotated[
        Path | None,
        output_option("Answers file to write or resume (default: answers-ORGANISATION-DATE.yaml)."),
    ] = None,
    respondent: Annotated[
        str | None, typer.Option(metavar="NAME", help="Who answers (asked at a terminal if missing).")
    ] = None,
    organisation: Annotated[
        str | None, typer.Option(metavar="NAME", help="The business assessed (asked at a terminal if missing).")
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            metavar="ROLE",
            help="The respondent's role: leadership, manager, frontline, customer-facing, back-office, ...",
        ),
    ] = None,
    date: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="Day of the assessment (default: today).")
    ] = None,
    review: Annotated[
        bool, typer.Option("--review", help="Walk every item again, showing the recorded answers.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Start afresh, replacing an existing answers file.")] = False,
    map_step: Annotated[
        bool,
        typer.Option(
            "--map",
            help="The workbook step: walk your journey as a new customer and rate each touch point "
            "magic, mediocrity or misery (saved line by line; run again to carry on).",
        ),
    ] = False,
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
    notes: Annotated[
        list[str] | None,
        typer.Option(
            "--note",
            metavar="ID=TEXT",
            help="With --answers: the note on an item answered here or in the file (everything after the "
            "first = is the note; an empty TEXT removes it).",
        ),
    ] = None,
    reasons: Annotated[
        list[str] | None,
        typer.Option(
            "--reason",
            metavar="ID=TEXT",
            help="With --answers: why an n/a item does not apply (with --set ID=n/a, or an n/a in the file).",
        ),
    ] = None,
    touches: Annotated[
        list[str] | None,
        typer.Option(
            "--touch",
            metavar="STAGE/POINT=RATING",
            help="With --answers: put a touch point on the map, rated magic, mediocrity or misery; "
            "STAGE/POINT:FIELD=VALUE sets its channel, owner, note, or a kind of customer's rating.",
        ),
    ] = None,
    map_file: Annotated[
        Path | None,
        typer.Option(
            "--workbook",
            metavar="FILE",
            help="With --answers: keep the map in FILE (a journey prepared for a workshop, or a new file) "
            "and name it in the answers file.",
        ),
    ] = None,
    journey: Annotated[
        Path | None,
        typer.Option(
            "--journey",
            metavar="FILE",
            help="With --map: start a file without a map from this journey (a workshop's journey.yaml), "
            "then rate each of its touch points.",
        ),
    ] = None,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> Status:
    """Walk through the checklists one item at a time, saving every answer as it is given."""
    from cxcheck import clock
    from cxcheck.core.session import Header, parse_date
    from cxcheck.terminal.assess import fill, walk, walk_map

    header = Header(respondent, organisation, role, parse_date(date, clock.today()))
    ids = checklist_ids or []
    if answers_file is not None:
        extra = [name for name, used in (("-o", output), ("--review", review), ("--map", map_step)) if used]
        if extra:
            raise CxError(f"--answers fills a file without the walk-through; leave out {', '.join(extra)}")
        catalog = load_catalog(checklists)
        return fill(
            answers_file, sets or [], header, force, catalog, map_file, touches or [], notes or [], reasons or [], ids
        )
    for needs_answers, name in (
        (sets, "--set"),
        (notes, "--note"),
        (reasons, "--reason"),
        (touches, "--touch"),
        (map_file, "--workbook"),
    ):
        if needs_answers:
            raise CxError(f"{name} needs --answers FILE (the answers file to fill in)")
    if journey is not None and not map_step:
        raise CxError("--journey is for the workbook step; add --map")
    if map_step:
        if ids or review:
            raise CxError("--map walks the touch-point map only; leave out " + ("--review" if review else "CHECKLIST"))
        return walk_map(output, header, force, checklists, journey)
    return walk(ids, output, header, review, force, checklists)


@command("template", on=answers_app)
def template(
    checklist_ids: Ids = None,
    output: Annotated[Path | None, output_option("File to write (default: print it).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    checklists: ChecklistDirs = [],  # noqa: B006
) -> None:
    """Write a blank answers file listing every item with its scale, to fill in by hand."""
    from cxcheck import clock
    from cxcheck.core.answers_template import template as build
    from cxcheck.io.atomic import write_atomic
    from cxcheck.terminal.console import command_line

    text = build(load_catalog(checklists).select(checklist_ids or []), clock.today())
    if output is None:
        typer.echo(text, nl=False)
        return
    if output.exists() and not force:
        raise CxError("already exists; add --force to replace it, or choose another file with -o", output)
    write_atomic(output, text)
    check = command_line("assess", "--answers", str(output))
    typer.echo(f"Wrote {output}: fill in the answers, then check it with `{check}`.", err=True)
