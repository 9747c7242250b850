"""``cxcheck form``: the answers form as one HTML file, for participants without Python."""

from pathlib import Path
from typing import Annotated

import typer

from cxcheck.cli.app import command
from cxcheck.cli.options import ChecklistDirs, Ids, load_catalog, output_option


@command("form")
def form(
    checklist_ids: Ids = None,
    organisation: Annotated[
        str, typer.Option(metavar="NAME", help="The business assessed, written into every answers file.")
    ] = "",
    output: Annotated[
        Path | None, output_option("File to write (default: form.html, or mapping.yaml with --csv-template).")
    ] = None,
    csv_template: Annotated[
        bool,
        typer.Option(
            "--csv-template",
            help="Write instead the mapping file for cxcheck import: each item's question, to build the survey "
            "in Google Forms, Microsoft Forms or SurveyMonkey with (docs/surveys.md).",
        ),
    ] = False,
    journey: Annotated[
        Path | None,
        typer.Option(
            "--journey",
            metavar="FILE",
            help="A journey (a workbook file, e.g. a workshop's journey.yaml): its touch points are offered "
            "for rating, and the downloaded file holds the ratings.",
        ),
    ] = None,
    checklists: ChecklistDirs = [],  # noqa: B006 - typer reads the default, never mutates it
) -> None:
    """Write a self-contained HTML form: answered in any browser, offline, it downloads an answers file."""
    from cxcheck.errors import CxError
    from cxcheck.io.atomic import write_output

    if not organisation.strip():
        raise CxError("--organisation NAME is needed: the business assessed, written into every answers file")
    chosen = load_catalog(checklists).select(checklist_ids or [])
    if csv_template:
        from cxcheck.core.survey import mapping_text

        if journey is not None:
            raise CxError("--journey is for the HTML form; a survey tool's export holds no touch points")
        from cxcheck.model import MAPPING_FILE

        output = output or Path(MAPPING_FILE)
        write_output(mapping_text(chosen, organisation.strip()), output)
        typer.echo(
            f"Wrote {output}: the columns of {sum(len(c.items) for c in chosen)} items. Build the survey with these "
            f"questions, export its responses as CSV, then: cxcheck import responses.csv --mapping {output}",
            err=True,
        )
        return
    from cxcheck.reports.form import form_context, render_form

    output = output or Path("form.html")
    shared = None
    if journey is not None:
        from cxcheck.core import workbook

        shared = workbook.blank(workbook.load(journey))
    write_output(render_form(form_context(chosen, organisation.strip(), journey=shared)), output)
    typer.echo(
        f"Wrote {output}: {sum(len(c.items) for c in chosen)} items of {', '.join(c.id for c in chosen)}"
        + (f" and {len(shared.touchpoints)} touch points to rate" if shared else "")
        + ". "
        "Send it to the participants; each opens it in a browser and sends back the answers file it downloads.",
        err=True,
    )
