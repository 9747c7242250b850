"""Where a report goes: the format chosen before any file is read, the file written, a summary for a person.

Shared by ``report``, ``compare`` and ``trend`` (and the workshop report), so that piped
output is always the report alone and the terminal summary goes only where someone watches.
"""

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from cxcheck.errors import CxError
from cxcheck.terminal.console import console, write_document

if TYPE_CHECKING:
    from rich.console import RenderableType

    from cxcheck.core.theme import ThemeContext
    from cxcheck.reports.sheets import AnswerRow


def stdout_is_terminal() -> bool:
    """Whether a person is watching standard output; the rich summary is for them, never for a pipe."""
    return sys.stdout is not None and sys.stdout.isatty()


def report_format(
    inputs: Sequence[Path | None], output: Path | None, fmt: str | None, template: Path | None, *, sheets: bool = True
) -> str:
    """The output format of a report, compare or trend, checked before any file is read.

    PDF and xlsx are bytes: they go to a file or a pipe, never onto a person's terminal.
    ``inputs``: every file and folder the command reads (see :func:`refuse_overwriting_inputs`).
    ``sheets``: the command can write a spreadsheet (every answer in long form).
    """
    from cxcheck.reports.render import SHEETS, format_for

    chosen = format_for(output, fmt, template)
    if chosen in SHEETS and not sheets:
        raise CxError(f"{chosen} output is for reports on answers (cxcheck report); use md, html, json or pdf here")
    if template is not None and chosen in ("json", *SHEETS):
        raise CxError(
            "--template applies to md, html and pdf output; JSON is always the full context, a spreadsheet every answer"
        )
    if chosen in ("pdf", "xlsx") and output is None and stdout_is_terminal():
        raise CxError(f"{chosen} is a binary file: give -o report.{chosen}, or redirect standard output")
    refuse_overwriting_inputs(inputs, output)
    return chosen


def refuse_overwriting_inputs(inputs: Sequence[Path | None], output: Path | None) -> None:
    """Refuse, before any work, an output that would replace a file the command reads: the
    answers, a ``--template``, a JSON baseline. (Any YAML file, read here or not, is refused by
    :func:`cxcheck.io.atomic.write_output` itself.)"""
    if output is None or not output.exists():
        return
    for given in inputs:
        if given is not None and given.is_file() and given.samefile(output):
            raise CxError("is one of the files this command reads; write to another file", output)


def asked_for(fmt: str | None, template: Path | None) -> bool:
    """Whether the person chose what the report looks like (``-f`` or ``--template``): then they get it, even here."""
    return fmt is not None or template is not None


def deliver(
    kind: str,
    fmt: str,
    context: Mapping[str, Any],
    output: Path | None,
    template: Path | None,
    summary: Callable[[], "RenderableType"],
    theme: "ThemeContext | None" = None,
    answers: "Callable[[], Sequence[AnswerRow]] | None" = None,
    *,
    asked: bool,
) -> None:
    """Render ``context`` as ``fmt`` to standard output or ``-o``, or show a person ``summary()``: one of them.

    At a terminal with no ``-o`` and no format asked for (:func:`asked_for`), the summary is
    the report's view, and the Markdown behind it is not printed first; with ``-o`` the file is
    written and the summary shown; a pipe, or a format asked for, gets the report text alone.
    ``summary`` is built only when it will be seen, ``answers`` (every answer in long form)
    only for a spreadsheet.
    """
    from cxcheck.io.atomic import write_output
    from cxcheck.reports.render import produce

    watched = stdout_is_terminal()
    if output is None and watched and not asked:
        console().print(summary())
        typer.echo(f"The Markdown report: add -f md; a file: -o {kind}.html (or .md, .json, .pdf).", err=True)
        return
    text = produce(kind, fmt, context, template, theme, answers)
    what = f"{fmt} {'' if kind == 'report' else kind + ' '}report"
    if output is None:
        if isinstance(text, str):
            write_document(text)
        else:
            typer.echo(text, nl=False)  # bytes: click writes them to the binary stream
        return
    write_output(text, output)
    typer.echo(f"Wrote the {what} to {output}.", err=True)
    if watched:
        console().print(summary())
