"""``cxcheck report``: one answers file as a scored gap report; several, or a folder, as the workshop report."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from cxcheck.cli.app import command
from cxcheck.cli.options import (
    Anonymous,
    ChecklistDirs,
    Disagreement,
    Disagreements,
    Output,
    ReportFormat,
    Roles,
    Targets,
    Template,
    ThemeFile,
    disagreements_shown,
    load_catalog,
    load_theme,
    role_pairs,
)
from cxcheck.cli.output import asked_for, deliver, report_format
from cxcheck.errors import CxError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from cxcheck.core.aggregate import Workshop
    from cxcheck.core.targets import Targets as TargetsModel
    from cxcheck.core.theme import ThemeContext
    from cxcheck.core.workshop import Participants
    from cxcheck.reports.sheets import AnswerRow

DEFAULT_TOP = 10  # cxcheck.reports.gap.DEFAULT_TOP, repeated here so --help needs no import of the core


@command("report", bulk=True)
def report(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWERS",
            help="An answers file; several answers files, a survey store (cxcheck import) or a workshop folder "
            "make the workshop report.",
        ),
    ],
    fmt: ReportFormat = None,
    output: Output = None,
    targets: Targets = None,
    template: Template = None,
    top: Annotated[int, typer.Option("--top", metavar="N", min=0, help="How many priorities to list.")] = DEFAULT_TOP,
    anonymous: Anonymous = False,
    disagreement: Disagreement = None,
    disagreements: Disagreements = None,
    roles: Roles = None,
    theme: ThemeFile = None,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> None:
    """Score answers into a gap report: priorities with their first step, strengths, and every figure."""
    from cxcheck.io.store import is_store

    kind = report_format([*sources, targets, template, theme], output, fmt, template)
    asked = asked_for(fmt, template)
    branding = load_theme(theme, sources)
    room = _Room(anonymous, disagreement, disagreements_shown(disagreements), roles)
    if len(sources) > 1 or sources[0].is_dir() or is_store(sources[0]):
        return _workshop_report(sources, output, kind, targets, template, top=top, room=room, dirs=checklists,
                                theme=branding, asked=asked)  # fmt: skip
    workshop_only = (
        (anonymous, "--anonymous"),
        (disagreement is not None, "--disagreement"),
        (disagreements is not None, "--disagreements"),
        (roles, "--roles"),
    )
    return _gap_report(sources[0], output, kind, targets, template, top=top, room=room, dirs=checklists,
                       theme=branding, workshop_only=[name for given, name in workshop_only if given],
                       asked=asked)  # fmt: skip


class _Room(NamedTuple):
    """The workshop options, for a workshop report or the workshop behind an agreed file."""

    anonymous: bool
    disagreement: float | None
    detailed: int | None
    roles: list[str] | None

    def aggregate(self, found: "Participants", goals: "TargetsModel | None") -> "Workshop":
        from cxcheck.core.aggregate import aggregate

        return aggregate(
            found.checklists,
            found.answer_sets if found.counted is None else found.counted,  # a large survey counted in its store
            goals,
            threshold=found.threshold(self.disagreement),
            role_pairs=found.role_pairs(role_pairs(self.roles)),
            anonymous=self.anonymous,
            notices=found.notices,
        )


def _gap_report(
    path: Path, output: Path | None, kind: str, targets: Path | None, template: Path | None, *, top: int,
    room: _Room, dirs: list[Path], theme: "ThemeContext | None", workshop_only: list[str], asked: bool,
) -> None:  # fmt: skip
    """One answers file; an agreed one in its workshop folder also gets the workshop behind it."""
    from cxcheck import clock
    from cxcheck.core import answers, scoring
    from cxcheck.core import targets as targets_file
    from cxcheck.core.catalog import answered_checklists
    from cxcheck.core.journey import with_own
    from cxcheck.model import CONSENSUS, WORKSHOP_FILE
    from cxcheck.reports.gap import report_context

    if (path.parent / WORKSHOP_FILE).is_file():  # answered in a workshop: with the checklists it was run with
        from cxcheck.core.workshop import catalog_for

        catalog = catalog_for([path.parent], dirs)
    else:
        catalog = load_catalog(dirs)
    answer_set = answers.load(path, catalog, clock.today())
    chosen, given = with_own(answered_checklists(catalog, [answer_set]), answer_set)
    if not chosen and answer_set.workbook is None:
        raise CxError("answers no checklist yet; answer some items first (cxcheck assess)", path)
    goals = targets_file.load(targets, catalog) if targets is not None else None
    behind = None
    if answer_set.respondent == CONSENSUS:
        from cxcheck.core.workshop import agreed_in
        from cxcheck.reports.workshop import agreed_workshop

        found = agreed_in(path, answer_set, catalog, clock.today())
        if found is not None:
            behind = agreed_workshop(room.aggregate(found, goals), answer_set, room.detailed)
    if behind is None and workshop_only:
        raise CxError(
            f"{workshop_only[0]} is for workshop reports: give several answers files or a workshop folder "
            "(or an agreed file in its workshop folder)"
        )
    scorecard = scoring.score(chosen, given, goals)

    def summary() -> "RenderableType":
        from cxcheck.terminal.summary import scorecard_table

        return scorecard_table(scorecard)

    def answers_long() -> "list[AnswerRow]":
        from cxcheck.reports.sheets import scorecard_answers

        return scorecard_answers(scorecard, answer_set)

    context = report_context(scorecard, answer_set, top, behind)
    deliver("report", kind, context, output, template, summary, theme, answers_long, asked=asked)


def _workshop_report(
    sources: list[Path], output: Path | None, kind: str, targets: Path | None, template: Path | None, *, top: int,
    room: _Room, dirs: list[Path], theme: "ThemeContext | None", asked: bool,
) -> None:  # fmt: skip
    """Several answers files or a workshop folder: where the respondents disagree, team and role scores.

    A folder's own ``checklists/``, ``targets.yaml`` and ``workshop.yaml`` are used unless the
    options say otherwise.
    """
    from cxcheck import clock
    from cxcheck.core import targets as targets_file
    from cxcheck.core.workshop import catalog_for, load_participants, targets_of
    from cxcheck.reports.workshop import SUMMARY_FROM, workshop_context

    page = kind in ("html", "md") and template is None
    catalog = catalog_for(sources, dirs)
    found = load_participants(sources, catalog, clock.today(), count_above=SUMMARY_FROM if page else None)
    targets = targets or targets_of(sources)
    workshop = room.aggregate(found, targets_file.load(targets, catalog) if targets else None)
    context = workshop_context(workshop, top=top, page=page, disagreements=room.detailed)

    def summary() -> "RenderableType":
        from cxcheck.terminal.workshop import workshop_summary

        return workshop_summary(context)

    def answers_long() -> "list[AnswerRow]":
        from cxcheck.reports.sheets import workshop_answers

        return workshop_answers(workshop)

    deliver("workshop", kind, context, output, template, summary, theme, answers_long, asked=asked)
