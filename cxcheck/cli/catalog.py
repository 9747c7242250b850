"""Commands about the checklists themselves: list, show, validate, schema."""

from pathlib import Path
from typing import Annotated

import typer

from cxcheck.cli.app import command
from cxcheck.cli.options import ChecklistDirs, load_catalog
from cxcheck.errors import CxError, Status, shown
from cxcheck.reports.schema import SCHEMAS
from cxcheck.terminal.console import console

TextOrJson = Annotated[
    str, typer.Option("-f", "--format", metavar="text|json", help="text (a table) or json (for scripts).")
]


@command("list")
def list_checklists(
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
    sources: Annotated[bool, typer.Option("--sources", help="List the articles items may cite instead.")] = False,
    fmt: TextOrJson = "text",
) -> None:
    """List the checklists found: bundled, in $CXCHECK_PATH, and in --checklists directories."""
    if _json(fmt):
        from cxcheck.reports import catalog as as_json
        from cxcheck.reports.render import json_text

        found = as_json.source_list() if sources else as_json.checklist_list(load_catalog(checklists))
        typer.echo(json_text(found), nl=False)
        return
    from cxcheck.terminal.catalog import catalog_table, sources_table

    console().print(sources_table() if sources else catalog_table(load_catalog(checklists)))


@command("show")
def show(
    checklist_id: Annotated[str, typer.Argument(metavar="ID", help="Checklist id, as in `cxcheck list`.")],
    checklists: ChecklistDirs = [],  # noqa: B006
    fmt: TextOrJson = "text",
) -> None:
    """Show a checklist's sections and items (as JSON: the checklist in its file format)."""
    wanted = _json(fmt)
    checklist = load_catalog(checklists).get(checklist_id)
    if wanted:
        from cxcheck.reports.catalog import checklist_file
        from cxcheck.reports.render import json_text

        typer.echo(json_text(checklist_file(checklist)), nl=False)
        return
    from cxcheck.terminal.catalog import checklist_view

    console().print(checklist_view(checklist))


def _json(fmt: str) -> bool:
    """Whether ``-f`` asks for JSON; refused before anything is read when it is neither text nor json."""
    if fmt not in ("text", "json"):
        raise CxError(f"unknown format '{fmt}'; choose one of: text, json")
    return fmt == "json"


@command("validate")
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(metavar="PATH", help="Checklist files or directories (default: all found).")
    ] = None,
    checklists: ChecklistDirs = [],  # noqa: B006
    fmt: Annotated[
        str, typer.Option("-f", "--format", metavar="text|json", help="text (a line per file) or json (for scripts).")
    ] = "text",
) -> Status:
    """Check checklist files and list every problem; exit 2 if any file is invalid."""
    from cxcheck.core.catalog import check_file, search_dirs, yaml_files

    wanted = _json(fmt)
    targets = list(paths) if paths else [d for d, _ in search_dirs(checklists)]
    files: list[Path] = []
    for target in targets:
        if not target.exists():
            raise CxError("no such file or directory", target)
        files += yaml_files(target)
    if not files:
        raise CxError("no .yaml files to validate", targets[0])
    if wanted:
        from cxcheck.reports.catalog import validation
        from cxcheck.reports.render import json_text

        result = validation([(str(path), *check_file(path)) for path in files])
        typer.echo(json_text(result), nl=False)
        return Status.INVALID if result["invalid"] else Status.DONE
    failed = 0
    for path in files:
        checklist, problems = check_file(path)
        for problem in shown(problems):
            typer.echo(str(problem), err=True)
        if checklist is None:
            failed += 1
        else:
            typer.echo(f"ok {path} ({checklist.id} {checklist.version}, {len(checklist.items)} items)")
    typer.echo(f"{len(files) - failed} valid, {failed} invalid", err=bool(failed))
    return Status.INVALID if failed else Status.DONE


@command("schema")
def schema(
    name: Annotated[str, typer.Argument(metavar="NAME", help=f"One of: {', '.join(SCHEMAS)}.")],
) -> None:
    """Print the JSON Schema of a file format, for editors and other tools."""
    from cxcheck.reports.render import json_text
    from cxcheck.reports.schema import schema as build

    if name not in SCHEMAS:
        raise CxError(f"unknown schema '{name}'; choose one of: {', '.join(SCHEMAS)}")
    typer.echo(json_text(build(name)), nl=False)
