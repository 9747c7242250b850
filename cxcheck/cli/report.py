"""``cxcheck report``: one answers file as a scored gap report; several, or a folder, as the workshop report."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.cli.app import command
from cxcheck.cli.options import (
    Anonymous,
    ChecklistDirs,
    Disagreement,
    Output,
    ReportFormat,
    Roles,
    Targets,
    Template,
    ThemeFile,
    load_catalog,
    load_theme,
    role_pairs,
)
from cxcheck.cli.output import asked_for, deliver, report_format
from cxcheck.errors import CxError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from cxcheck.core.theme import ThemeContext
    from cxcheck.reports.sheets import AnswerRow

DEFAULT_TOP = 10  # cxcheck.reports.gap.DEFAULT_TOP, repeated here so --help needs no import of the core


@command("report", bulk=True)
def report(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWERS",
            help="An answers file; several answers files or a workshop folder make the workshop report.",
        ),
    ],
    fmt: ReportFormat = None,
    output: Output = None,
    targets: Targets = None,
    template: Template = None,
    top: Annotated[int, typer.Option("--top", metavar="N", min=0, help="How many priorities to list.")] = DEFAULT_TOP,
    anonymous: Anonymous = False,
    disagreement: Disagreement = None,
    roles: Roles = None,
    theme: ThemeFile = None,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> None:
    """Score answers into a gap report: priorities with their first step, strengths, and every figure."""
    kind = report_format([*sources, targets, template, theme], output, fmt, template)
    asked = asked_for(fmt, template)
    branding = load_theme(theme, sources)
    if len(sources) > 1 or sources[0].is_dir():
        return _workshop_report(
            sources, output, kind, targets, template, top=top, anonymous=anonymous, disagreement=disagreement,
            roles=roles, dirs=checklists, theme=branding, asked=asked,
        )  # fmt: skip
    for given, name in ((anonymous, "--anonymous"), (disagreement is not None, "--disagreement"), (roles, "--roles")):
        if given:
            raise CxError(f"{name} is for workshop reports: give several answers files or a workshop folder")
    return _gap_report(
        sources[0], output, kind, targets, template, top=top, dirs=checklists, theme=branding, asked=asked
    )


def _gap_report(
    path: Path, output: Path | None, kind: str, targets: Path | None, template: Path | None, *, top: int,
    dirs: list[Path], theme: "ThemeContext | None", asked: bool,
) -> None:  # fmt: skip
    from cxcheck import clock
    from cxcheck.core import answers, scoring
    from cxcheck.core import targets as targets_file
    from cxcheck.core.catalog import answered_checklists
    from cxcheck.core.journey import with_own
    from cxcheck.reports.gap import report_context

    catalog = load_catalog(dirs)
    answer_set = answers.load(path, catalog, clock.today())
    chosen, given = with_own(answered_checklists(catalog, [answer_set]), answer_set)
    if not chosen and answer_set.workbook is None:
        raise CxError("answers no checklist yet; answer some items first (cxcheck assess)", path)
    goals = targets_file.load(targets, catalog) if targets is not None else None
    scorecard = scoring.score(chosen, given, goals)

    def summary() -> "RenderableType":
        from cxcheck.terminal.summary import scorecard_table

        return scorecard_table(scorecard)

    def answers_long() -> "list[AnswerRow]":
        from cxcheck.reports.sheets import scorecard_answers

        return scorecard_answers(scorecard, answer_set)

    context = report_context(scorecard, answer_set, top)
    deliver("report", kind, context, output, template, summary, theme, answers_long, asked=asked)


def _workshop_report(
    sources: list[Path], output: Path | None, kind: str, targets: Path | None, template: Path | None, *, top: int,
    anonymous: bool, disagreement: float | None, roles: list[str] | None, dirs: list[Path],
    theme: "ThemeContext | None", asked: bool,
) -> None:  # fmt: skip
    """Several answers files or a workshop folder: where the respondents disagree, team and role scores.

    A folder's own ``checklists/``, ``targets.yaml`` and ``workshop.yaml`` are used unless the
    options say otherwise.
    """
    from cxcheck import clock
    from cxcheck.core import targets as targets_file
    from cxcheck.core.aggregate import aggregate
    from cxcheck.core.workshop import catalog_for, load_participants, targets_of
    from cxcheck.reports.workshop import workshop_context

    catalog = catalog_for(sources, dirs)
    found = load_participants(sources, catalog, clock.today())
    targets = targets or targets_of(sources)
    workshop = aggregate(
        found.checklists,
        found.answer_sets,
        targets_file.load(targets, catalog) if targets else None,
        threshold=found.threshold(disagreement),
        role_pairs=found.role_pairs(role_pairs(roles)),
        anonymous=anonymous,
        notices=found.notices,
    )
    context = workshop_context(workshop, top=top, page=kind in ("html", "md") and template is None)

    def summary() -> "RenderableType":
        from cxcheck.terminal.workshop import workshop_summary

        return workshop_summary(context)

    def answers_long() -> "list[AnswerRow]":
        from cxcheck.reports.sheets import workshop_answers

        return workshop_answers(workshop)

    deliver("workshop", kind, context, output, template, summary, theme, answers_long, asked=asked)
