"""``cxcheck workshop init`` and ``cxcheck consensus``."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.cli.app import command, group
from cxcheck.cli.options import ChecklistDirs, Disagreement, Ids, load_catalog, output_option
from cxcheck.errors import Status

if TYPE_CHECKING:
    from cxcheck.model import Checklist, Workbook

workshop_app = group("workshop", "Workshops: several respondents, where they disagree, and the agreed answers.")

Sources = Annotated[
    list[Path],
    typer.Argument(metavar="ANSWERS_OR_FOLDER", help="Participants' answers files, or a workshop folder."),
]


@command("init", on=workshop_app)
def init(
    name: Annotated[Path, typer.Argument(metavar="NAME", help="The workshop folder to create.")],
    checklist_ids: Ids = None,
    organisation: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="The business assessed, put into the participants' command (default: NAME)."),
    ] = None,
    journey: Annotated[
        Path | None,
        typer.Option(
            "--journey",
            metavar="FILE",
            help="A journey you prepared (a workbook file): copied unrated as journey.yaml, "
            "for each participant to rate on their own map.",
        ),
    ] = None,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> None:
    """Create a workshop folder: a README for participants, the checklists, targets.yaml, workshop.yaml."""
    from cxcheck import clock
    from cxcheck.core import workshop
    from cxcheck.reports.form import form_context, render_form
    from cxcheck.terminal.console import command_line

    def form(chosen: list["Checklist"], organisation: str, journey: "Workbook | None") -> str:
        return render_form(form_context(chosen, organisation, journey=journey))

    catalog = load_catalog(checklists)
    config = workshop.init(name, catalog, checklist_ids or [], organisation, clock.today(), form, journey)
    # Plain lines, never wrapped: the participants' command is copied from here.
    typer.echo(f"Created {name}/ for {len(config.checklists)} checklist(s): {', '.join(config.checklists)}.")
    typer.echo(f"Participants without Python: send them {name / workshop.FORM} to open in a browser.")
    typer.echo(f"Or copy the folder to each laptop, or run at this one. Each participant, in {name}/:")
    typer.echo(f"  {workshop.participant_command(config)}")
    shared = workshop.shared_journey(name)
    if (rate := workshop.map_command(config)) is not None and shared is not None:
        count = len(shared.touchpoints)
        typer.echo(f"Then each rates the {count} touch point(s) of {name / workshop.JOURNEY} on their own map:")
        typer.echo(f"  {rate}")
    typer.echo(f"Then: {command_line('report', str(name), '-o', 'workshop.html')}   (see {name / 'README.md'})")


@command("consensus", bulk=True)
def consensus(
    sources: Sources,
    output: Annotated[
        Path | None,
        output_option("Agreed answers file to write or resume (default: agreed.yaml, in the folder if one is given)."),
    ] = None,
    disagreement: Disagreement = None,
    force: Annotated[bool, typer.Option("--force", help="Start afresh, replacing an existing agreed file.")] = False,
    checklists: ChecklistDirs = [],  # noqa: B006
) -> Status:
    """Agree on one answer per item, disagreements first; items everyone answered alike are taken over."""
    from cxcheck.terminal.consensus import agree

    return agree(sources, output, disagreement, force, checklists)
