"""``cxcheck workshop init`` and ``cxcheck consensus``; the workshop branch of ``cxcheck report``."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.cli.app import ChecklistDirs, app, command, load_catalog, output_option
from cxcheck.errors import CxError
from cxcheck.terminal.console import command_line, console, stdin_is_terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

workshop_app = typer.Typer(
    help="Workshops: several respondents, where they disagree, and the agreed answers.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(workshop_app, name="workshop")

Sources = Annotated[
    list[Path],
    typer.Argument(metavar="ANSWERS_OR_FOLDER", help="Participants' answers files, or a workshop folder."),
]
Disagreement = Annotated[
    float | None,
    typer.Option(
        "--disagreement",
        metavar="POINTS",
        help="Spread (0..100 scale) from which an item counts as a disagreement (default 50, or workshop.yaml's).",
    ),
]


Anonymous = Annotated[
    bool, typer.Option("--anonymous", help="Several answers files: show respondents by role only, never by name.")
]
Roles = Annotated[
    list[str] | None,
    typer.Option(
        "--roles",
        metavar="A,B",
        help="Several answers files: the role pair to compare in the perception gaps (repeatable; "
        "default leadership,frontline, or every pair present).",
    ),
]


def role_pairs(given: list[str] | None) -> list[tuple[str, str]] | None:
    """``--roles leadership,frontline`` (repeatable) as pairs; None when not given."""
    if not given:
        return None
    pairs = []
    for text in given:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) != 2 or not all(parts):
            raise CxError(f"--roles {text}: name two roles separated by a comma, for example leadership,frontline")
        pairs.append((parts[0], parts[1]))
    return pairs


def workshop_report(
    sources: list[Path],
    output: Path | None,
    kind: str,
    targets: Path | None,
    template: Path | None,
    top: int,
    anonymous: bool,
    disagreement: float | None,
    roles: list[str] | None,
    checklists: list[Path],
) -> int:
    """``cxcheck report`` given several answers files or a workshop folder: the workshop report.

    A folder's own ``checklists/``, ``targets.yaml`` and ``workshop.yaml`` are used unless the
    options say otherwise.
    """
    from cxcheck import clock
    from cxcheck.cli.report import deliver
    from cxcheck.core import targets as targets_file
    from cxcheck.core.aggregate import aggregate
    from cxcheck.core.workshop import TARGETS, catalog_for, load_participants
    from cxcheck.reports.render import render
    from cxcheck.reports.workshop import workshop_context

    catalog = catalog_for(sources, checklists)
    found = load_participants(sources, catalog, clock.today())
    targets = targets or next((s / TARGETS for s in sources if (s / TARGETS).is_file()), None)
    workshop = aggregate(
        found.checklists,
        found.answer_sets,
        targets_file.load(targets, catalog) if targets else None,
        threshold=found.threshold(disagreement),
        role_pairs=found.role_pairs(role_pairs(roles)),
        anonymous=anonymous,
        notices=found.notices,
    )
    context = workshop_context(workshop, top=top)

    def summary() -> "RenderableType":
        from cxcheck.terminal.workshop import workshop_summary

        return workshop_summary(context)

    deliver(render("workshop", kind, context, template), output, f"{kind} workshop report", summary)
    return 0


@command("init", on=workshop_app)
def init(
    name: Annotated[Path, typer.Argument(metavar="NAME", help="The workshop folder to create.")],
    checklist_ids: Annotated[
        list[str] | None,
        typer.Argument(metavar="CHECKLIST", help="Checklists to answer (default: every checklist found)."),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="The business assessed, put into the participants' command (default: NAME)."),
    ] = None,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> None:
    """Create a workshop folder: a README for participants, the checklists, targets.yaml, workshop.yaml."""
    from cxcheck import clock
    from cxcheck.core import workshop

    config = workshop.init(name, load_catalog(checklists), checklist_ids or [], organisation, clock.today())
    # Plain lines, never wrapped: the participants' command is copied from here.
    typer.echo(f"Created {name}/ for {len(config.checklists)} checklist(s): {', '.join(config.checklists)}.")
    typer.echo(f"Copy the folder to each laptop, or run at this one. Each participant, in {name}/:")
    typer.echo(f"  {workshop.participant_command(config)}")
    typer.echo(f"Then: {command_line('report', str(name), '-o', 'workshop.html')}   (see {name / 'README.md'})")


@command("consensus")
def consensus(
    sources: Sources,
    output: Annotated[
        Path | None,
        output_option("Agreed answers file to write or resume (default: agreed.yaml, in the folder if one is given)."),
    ] = None,
    disagreement: Disagreement = None,
    force: Annotated[bool, typer.Option("--force", help="Start afresh, replacing an existing agreed file.")] = False,
    checklists: ChecklistDirs = [],  # noqa: B006
) -> int:
    """Agree on one answer per item, disagreements first; items everyone answered alike are taken over."""
    from rich.text import Text

    from cxcheck import clock
    from cxcheck.core import answers
    from cxcheck.core.aggregate import aggregate
    from cxcheck.core.consensus import Agreement, agenda, start
    from cxcheck.core.workshop import catalog_for, load_participants
    from cxcheck.io import lock
    from cxcheck.model import AnswerSet
    from cxcheck.terminal.consensus import ConsensusWalk
    from cxcheck.terminal.walk import LineReader, Outcome, report_stop

    catalog = catalog_for(sources, checklists)
    found = load_participants(sources, catalog, clock.today())
    workshop = aggregate(found.checklists, found.answer_sets, threshold=found.threshold(disagreement))
    folder = next((s for s in sources if s.is_dir()), None)
    output = output or (folder / "agreed.yaml" if folder else Path("agreed.yaml"))
    out, err = console(), console(stderr=True)
    order = answers.item_order(e.checklist for e in catalog)
    with lock.locked(output):
        existing = answers.load(output, catalog, clock.today()) if output.exists() and not force else None
        answer_set, taken = start(workshop, existing, clock.now(), output)
        interview = Agreement(agenda(workshop), answer_set, clock.now)

        def save(updated: AnswerSet) -> None:
            answers.save(updated, output, order)

        walk = ConsensusWalk(interview, out, LineReader(out, stdin_is_terminal()), save, workshop.respondents)
        if existing is None or taken:
            walk.save()
        notices = [f"Agreed answers are saved to {output} after every answer.", *found.notices]
        notices.append(
            f"{taken} item(s) everyone answered alike were taken over; {len(interview.unanswered)} to agree, "
            f"{sum(1 for s in interview.unanswered if interview.views[s.full_id].disagreement)} of them disagreements "
            f"(a spread of {workshop.threshold:g} points or more), which come first."
        )
        outcome = walk.run([Text(n) for n in notices]) if not interview.done else Outcome.FINISHED
    dirs = [a for d in checklists for a in ("--checklists", str(d))]
    resume = command_line("consensus", *map(str, sources), "-o", str(output), *dirs)
    notes = interview.unsaved_notes
    if outcome is Outcome.FINISHED:
        left = len(interview.unanswered)
        out.print(Text(f"\nAgreed answers are in {output} (respondent consensus).", style="bold"))
        if left:
            out.print(Text(f"{left} item(s) skipped and not agreed yet; run the same command again to agree them."))
        own = [a for d in found.checklist_dirs for a in ("--checklists", str(d))]
        report = command_line("report", str(output), "-o", "agreed.html", *own, *dirs)
        out.print(Text(f"Report them: {report}"), soft_wrap=True)
        return 0
    return report_stop(
        outcome, out, err, str(output), resume, notes, "Standard input ended before every item was agreed."
    )
