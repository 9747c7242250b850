"""``cxcheck report``: one answers file as a scored gap report; several, or a folder, as the workshop report."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cxcheck.cli.app import ChecklistDirs, Output, ReportFormat, Targets, Template, command, load_catalog
from cxcheck.cli.workshop import Anonymous, Disagreement, Roles, workshop_report
from cxcheck.errors import CxError
from cxcheck.terminal.console import console

if TYPE_CHECKING:
    from rich.console import RenderableType

DEFAULT_TOP = 10  # cxcheck.report.DEFAULT_TOP, repeated here so --help needs no import of the core


def stdout_is_terminal() -> bool:
    """Whether a person is watching standard output; the rich summary is for them, never for a pipe."""
    return sys.stdout is not None and sys.stdout.isatty()


@command("report")
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
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> int:
    """Score answers into a gap report: priorities with their first step, strengths, and every figure."""
    kind = report_format(sources, output, fmt, template)
    if len(sources) > 1 or sources[0].is_dir():
        return workshop_report(
            sources, output, kind, targets, template, top, anonymous, disagreement, roles, checklists
        )
    for given, name in ((anonymous, "--anonymous"), (disagreement is not None, "--disagreement"), (roles, "--roles")):
        if given:
            raise CxError(f"{name} is for workshop reports: give several answers files or a workshop folder")
    return _gap_report(sources[0], output, kind, targets, template, top, checklists)


def _gap_report(
    path: Path, output: Path | None, kind: str, targets: Path | None, template: Path | None, top: int, dirs: list[Path]
) -> int:
    from cxcheck import clock
    from cxcheck.core import answers, scoring
    from cxcheck.core import targets as targets_file
    from cxcheck.core.catalog import answered_checklists
    from cxcheck.reports.gap import report_context
    from cxcheck.reports.render import render

    catalog = load_catalog(dirs)
    answer_set = answers.load(path, catalog, clock.today())
    chosen = answered_checklists(catalog, [answer_set])
    if not chosen:
        raise CxError("answers no checklist yet; answer some items first (cxcheck assess)", path)
    goals = targets_file.load(targets, catalog) if targets is not None else None
    scorecard = scoring.score(chosen, answer_set.answers, goals)
    text = render("report", kind, report_context(scorecard, answer_set, top), template)

    def summary() -> "RenderableType":
        from cxcheck.terminal.summary import scorecard_table

        return scorecard_table(scorecard)

    deliver(text, output, f"{kind} report", summary)
    return 0


def deliver(text: str, output: Path | None, what: str, summary: Callable[[], "RenderableType"]) -> None:
    """A rendered report to standard output or to ``-o``; then, for a person at a terminal, ``summary()``.

    Shared by every report kind, so that piped output is always the report alone and the
    summary (built only when it will be seen) goes only where someone is watching.
    """
    from cxcheck.reports.render import write_output

    if output is None:
        typer.echo(text, nl=False)
    else:
        write_output(text, output)
        typer.echo(f"Wrote the {what} to {output}.", err=True)
    if stdout_is_terminal():
        console().print(summary())


def report_format(sources: list[Path], output: Path | None, fmt: str | None, template: Path | None) -> str:
    """The output format of a report, compare or trend, checked before any file is read."""
    from cxcheck.reports.render import format_for

    chosen = format_for(output, fmt, template)
    if template is not None and chosen == "json":
        raise CxError("--template applies to md and html output; JSON is always the full context")
    refuse_overwriting_inputs(sources, output)
    return chosen


def refuse_overwriting_inputs(sources: list[Path], output: Path | None) -> None:
    """``-o answers.yaml -f md`` would replace someone's answers with a report: refuse it."""
    if output is None or not output.exists():
        return
    for source in sources:
        if source.exists() and source.samefile(output):
            raise CxError("is one of the answers files given; write the report to another file", output)
