"""``cxcheck check``, ``compare`` and ``trend``: periodic reassessment from a script or a CI job."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cxcheck.cli.app import command
from cxcheck.cli.options import (
    ChecklistDirs,
    Output,
    ReportFormat,
    Targets,
    Template,
    ThemeFile,
    load_catalog,
    load_theme,
    output_option,
)
from cxcheck.cli.output import asked_for, deliver, refuse_overwriting_inputs, report_format
from cxcheck.errors import CxError, Status, ValidationFailed

if TYPE_CHECKING:
    import datetime as dt

    from rich.console import RenderableType

    from cxcheck.core.catalog import Catalog
    from cxcheck.core.snapshot import Snapshot
    from cxcheck.core.targets import Targets as TargetsFile
    from cxcheck.reports.check import CheckReport


class _Reader:
    """Reads answers files, JSON reports and survey stores alike, with the same checklists, targets and day."""

    def __init__(self, dirs: Sequence[Path], targets: Path | None) -> None:
        from cxcheck import clock
        from cxcheck.core import targets as targets_file

        self.catalog: Catalog = load_catalog(list(dirs))
        self.targets: TargetsFile | None = targets_file.load(targets, self.catalog) if targets is not None else None
        self.today: dt.date = clock.today()

    def __call__(self, path: Path, only: Sequence[str] = ()) -> "Snapshot":
        from cxcheck.core import snapshot

        return snapshot.load(path, self.catalog, self.targets, self.today, only)


@command("check")
def check(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="ANSWERS", help="Answers files, JSON reports or survey stores (a team); every gate applies to each."
        ),
    ],
    fail_under: Annotated[
        float | None, typer.Option(metavar="N", min=0, max=100, help="Fail when the overall score is below N.")
    ] = None,
    fail_under_checklist: Annotated[
        list[str] | None,
        typer.Option(metavar="ID=N", help="Fail when checklist ID scores below N (repeatable)."),
    ] = None,
    fail_under_section: Annotated[
        list[str] | None,
        typer.Option(
            metavar="ID=N", help="Fail when section ID (checklist-id/section-id) scores below N (repeatable)."
        ),
    ] = None,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            metavar="PCT", min=0, max=100, help="Fail when less than PCT% of the applicable items are answered."
        ),
    ] = None,
    max_age: Annotated[
        int | None, typer.Option(metavar="DAYS", min=0, help="Fail when the answers are more than DAYS days old.")
    ] = None,
    baseline: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="An earlier answers file or JSON report to compare with (needs --max-drop)."),
    ] = None,
    max_drop: Annotated[
        float | None,
        typer.Option(
            metavar="N", min=0, max=100, help="Fail when the overall or a checklist score dropped more than N points."
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", metavar="FILE", help="Gates config file (default: cxcheck.yaml here, if there is one)."
        ),
    ] = None,
    no_config: Annotated[
        bool, typer.Option("--no-config", help="Do not read cxcheck.yaml from this directory.")
    ] = False,
    targets: Targets = None,
    fmt: Annotated[str, typer.Option("-f", "--format", metavar="text|json|junit", help="Output format.")] = "text",
    output: Annotated[
        Path | None, output_option("Write the output to FILE; the text verdict still goes to standard output.")
    ] = None,
    quiet: Annotated[
        bool, typer.Option("-q", "--quiet", help="Print nothing but errors; the exit code tells.")
    ] = False,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> Status:
    """Judge answers files against gates: exit 0 when every gate passes, 1 when one fails, 2 on bad input."""
    from cxcheck.core import config as config_file
    from cxcheck.io.atomic import write_output
    from cxcheck.reports import check as check_output
    from cxcheck.terminal.console import visible

    if fmt not in check_output.FORMATS:
        raise CxError(f"unknown format '{fmt}'; choose one of: {', '.join(check_output.FORMATS)}")
    found_config = config_file.find(config, not no_config)
    refuse_overwriting_inputs([*sources, baseline, found_config, targets], output)
    options = {
        "fail_under": fail_under,
        "fail_under_checklist": fail_under_checklist or [],
        "fail_under_section": fail_under_section or [],
        "min_coverage": min_coverage,
        "max_age": max_age,
        "max_drop": max_drop,
    }
    try:
        context = _judge(sources, options, baseline, found_config, targets, checklists)
    except CxError as exc:
        if fmt != "junit" or output is None:
            raise
        try:  # the CI's test view shows the problem, not nothing
            write_output(check_output.junit_bad_input([visible(str(p)) for p in exc.problems]), output)
        except CxError as unwritten:  # neither hides the other
            raise ValidationFailed([*exc.problems, *unwritten.problems]) from None
        raise
    if output is not None:
        write_output(check_output.RENDERERS[fmt](context), output)
    if not quiet:
        typer.echo(
            check_output.as_text(context) if output is not None else check_output.RENDERERS[fmt](context), nl=False
        )
    return Status.DONE if context["passed"] else Status.GATE_FAILED


def _judge(
    sources: Sequence[Path],
    options: Mapping[str, Any],
    baseline: Path | None,
    config: Path | None,
    targets: Path | None,
    checklists: Sequence[Path],
) -> "CheckReport":
    """Every gate of ``check`` judged on every source: whatever can be wrong with the input is raised here."""
    from cxcheck.core import config as config_file
    from cxcheck.core.gates import evaluate
    from cxcheck.reports.check import check_context

    given = {
        key: config_file.parse_pairs(config_file.option_name(key), value) if isinstance(value, list) else value
        for key, value in options.items()
    }
    settings = config_file.settings(config, given, baseline, targets, checklists)
    if settings.gates.empty:
        raise CxError(
            "no gates to check: give --fail-under, --fail-under-checklist, --fail-under-section, --min-coverage, "
            f"--max-age or --baseline with --max-drop, or put them in {config_file.DEFAULT_NAME} (see docs/ci.md)"
        )
    load = _Reader(settings.checklists, settings.targets)
    settings.check_ids(load.catalog)
    before = load(settings.baseline) if settings.baseline is not None else None
    checked = [(s, evaluate(s, settings.gates, load.today, before)) for s in map(load, sources)]
    return check_context(checked, load.today, before, settings.config)


@command("compare")
def compare(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="The earlier answers file, JSON report or survey store.")],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="The later answers file, JSON report or survey store.")],
    fmt: ReportFormat = None,
    output: Output = None,
    targets: Targets = None,
    template: Template = None,
    top: Annotated[
        int, typer.Option("--top", metavar="N", min=0, help="How many items that moved most to list each way.")
    ] = 5,
    theme: ThemeFile = None,
    checklists: ChecklistDirs = [],  # noqa: B006
) -> None:
    """Compare two assessments: overall, checklists and sections, bands, and the items that moved most."""
    from cxcheck.reports.compare import compare_context

    chosen = report_format([old, new, targets, template, theme], output, fmt, template, sheets=False)
    branding = load_theme(theme, [old, new])
    load = _Reader(checklists, targets)
    context = compare_context(load(old), load(new), top)

    def summary() -> "RenderableType":
        from cxcheck.terminal.compare import compare_table

        return compare_table(context)

    deliver("compare", chosen, context, output, template, summary, branding, asked=asked_for(fmt, template))


@command("trend")
def trend(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE", help="Answers files, JSON reports or survey stores of one organisation, any order."
        ),
    ],
    fmt: ReportFormat = None,
    output: Output = None,
    targets: Targets = None,
    template: Template = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", metavar="ID", help="Follow only this checklist (repeatable); the overall is their mean."
        ),
    ] = None,
    theme: ThemeFile = None,
    checklists: ChecklistDirs = [],  # noqa: B006
) -> None:
    """Scores over time, in date order: the overall and each checklist, against the target."""
    from cxcheck.reports.trend import trend_context

    chosen = report_format([*sources, targets, template, theme], output, fmt, template, sheets=False)
    branding = load_theme(theme, sources)
    load = _Reader(checklists, targets)
    context = trend_context([load(path, only or ()) for path in sources])

    def summary() -> "RenderableType":
        from rich.console import Group

        from cxcheck.terminal.compare import map_changes
        from cxcheck.terminal.trend import trend_view

        latest = context["touchpoints"]["latest"] if context["touchpoints"] else None
        return Group(trend_view(context), map_changes(latest)) if latest and latest["compared"] else trend_view(context)

    deliver("trend", chosen, context, output, template, summary, branding, asked=asked_for(fmt, template))
