"""``cxcheck import``: a survey tool's CSV export and answers files into one survey store."""

from pathlib import Path
from typing import Annotated

import typer

from cxcheck.cli.app import command
from cxcheck.cli.options import ChecklistDirs, output_option


@command("import", bulk=True)
def import_survey(
    sources: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE",
            help="CSV exports (Google Forms, Microsoft Forms, SurveyMonkey, or a report's -f csv), answers files, "
            "survey stores, or workshop folders (their answers files).",
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            metavar="FILE",
            help="Which column answers which item, and the respondent, role and date columns "
            "(write one with cxcheck form --csv-template; see docs/surveys.md).",
        ),
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(metavar="NAME", help="The business surveyed (default: the mapping file's)."),
    ] = None,
    output: Annotated[
        Path | None,
        output_option("The store to write (default: survey.duckdb in the workshop folder given, else here)."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing store.")] = False,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> None:
    """Import a survey into one DuckDB store that report, compare, trend and check read (needs cxcheck[survey])."""
    from cxcheck import __version__, clock
    from cxcheck.core import survey, workshop
    from cxcheck.errors import CxError
    from cxcheck.io import atomic, store

    store.duckdb()  # the missing extra is said before any file is read
    folders = [s for s in sources if s.is_dir()]
    target = output or (folders[0] if folders else Path(".")) / survey.STORE
    if target.suffix.lower() != store.SUFFIX:
        raise CxError(f"a survey store's name ends in {store.SUFFIX}, for example {survey.STORE}", target)
    atomic.check_target(target, survey.STORE)
    atomic.refuse_link(target)
    if target.exists() and not force:
        raise CxError(
            "exists; give --force to replace it (to add to it, name it or its folder among the files: "
            "who is in it already is counted once)",
            target,
        )
    workshops = [*folders, *([target.parent] if (target.parent / workshop.CONFIG).is_file() else [])]
    catalog = workshop.catalog_for(workshops, checklists)
    given = [path for source in sources for path in (_in_folder(source) if source.is_dir() else [source])]
    once: dict[Path, Path] = {}
    for path in given:  # a store named beside its folder is read once
        once.setdefault(path.resolve(), path)
    files = list(once.values())
    rules = survey.load_mapping(mapping, catalog) if mapping is not None else None
    found = survey.read_sources(files, catalog, clock.today(), rules, organisation)
    count = survey.write(target, found.answer_sets, __version__)
    for notice in found.notices:
        typer.echo(notice, err=True)
    answered = sum(len(s.answers) for s in found.answer_sets)
    typer.echo(f"Imported {count} respondent(s), {answered} answers, from {len(files)} file(s) into {target}.")
    typer.echo(f"Report it: cxcheck report {target} -o workshop.html")


def _in_folder(folder: Path) -> list[Path]:
    """A workshop folder's answers files, then its store: importing the folder again adds only who is new."""
    from cxcheck.core import survey, workshop

    kept = folder / survey.STORE
    return [*workshop.find_answers(folder), *([kept] if kept.is_file() else [])]
