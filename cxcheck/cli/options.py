"""The options and arguments several commands share, declared once, and what they resolve to."""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cxcheck.errors import CxError, Problem, ValidationFailed

if TYPE_CHECKING:
    from cxcheck.core.catalog import Catalog
    from cxcheck.core.theme import ThemeContext

ChecklistDirs = Annotated[
    list[Path],
    typer.Option(
        "--checklists",
        metavar="DIR",
        help="Directory of extra checklists (repeatable); overrides bundled ones with the same id.",
        envvar=None,
    ),
]


def output_option(help: str = "File to write (default: standard output).") -> Any:
    """``-o/--output FILE``, the same option in every command that writes, with its own help."""
    return typer.Option("-o", "--output", metavar="FILE", help=help)


Output = Annotated[Path | None, output_option()]
ReportFormat = Annotated[
    str | None,
    typer.Option(
        "-f",
        "--format",
        metavar="md|html|json|pdf|xlsx|csv",
        help="Output format (default: from -o's extension, else md). pdf needs cxcheck[pdf], xlsx cxcheck[xlsx].",
    ),
]
ThemeFile = Annotated[
    Path | None,
    typer.Option(
        "--theme",
        metavar="FILE",
        help="Your branding for html and pdf: name, logo, accent colour, footer (YAML; see docs/reports.md). "
        "Default: a workshop.yaml's theme: beside the answers.",
    ),
]
Targets = Annotated[
    Path | None,
    typer.Option("--targets", metavar="FILE", help="Targets and band thresholds (YAML; see docs/reports.md)."),
]
Template = Annotated[
    Path | None,
    typer.Option("--template", metavar="FILE", help="Your own Jinja2 template for md or html (see docs/reports.md)."),
]
Ids = Annotated[
    list[str] | None,
    typer.Argument(metavar="CHECKLIST", help="Checklists, in this order (default: every checklist found)."),
]
Disagreement = Annotated[
    float | None,
    typer.Option(
        "--disagreement",
        metavar="POINTS",
        help="Spread (0..100 scale) from which an item counts as a disagreement (default 50, or workshop.yaml's).",
    ),
]
Disagreements = Annotated[
    str | None,
    typer.Option(
        "--disagreements",
        metavar="N|all",
        help="Workshop reports: how many disagreements to detail, or all (default 10).",
    ),
]
DEFAULT_DISAGREEMENTS = 10  # cxcheck.reports.workshop.DEFAULT_TOP, repeated so --help needs no import of the reports
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


def load_catalog(extra: list[Path] | None) -> "Catalog":
    """The checklists a command works with: bundled, ``$CXCHECK_PATH``, then ``--checklists``."""
    from cxcheck.core.catalog import discover

    return discover(extra or [])


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


def disagreements_shown(given: str | None) -> int | None:
    """``--disagreements N|all`` as a cut for the ranking: None lists every disagreement."""
    if given is None:
        return DEFAULT_DISAGREEMENTS
    text = given.strip().casefold()
    if text == "all":
        return None
    if not text.isdigit():
        raise CxError(f"--disagreements {given}: give a number of items (0 or more) or all")
    return int(text)


def load_theme(given: Path | None, sources: list[Path]) -> "ThemeContext | None":
    """``--theme FILE``, else the ``theme:`` of the first workshop.yaml in (or beside) the sources.

    The theme and workshop modules (pydantic models) are imported only where there is a theme
    to read: a plain single report does not pay for them (benchmarks/run.py, report figure).
    """
    from cxcheck.model import WORKSHOP_FILE

    if given is not None:
        from cxcheck.core import theme

        return theme.load(given)
    for folder in (source if source.is_dir() else source.parent for source in sources):
        if (folder / WORKSHOP_FILE).is_file():
            from cxcheck.core import workshop

            if (found := workshop.theme_of(folder)) is not None:
                return found
    return None


def refuse_controls(params: Sequence[Any], values: Mapping[str, Any]) -> None:
    """Refuse text typed on the command line that holds a control character (``cxcheck.text``'s rule).

    A ``--respondent``, ``--note`` or touch-point name with ``\\x1b`` in it would be saved, and
    then the file refused by our own loader; so it is refused here, one line per value, naming
    the option as it was typed.
    """
    from cxcheck.terminal.console import visible
    from cxcheck.text import first_control

    problems = []
    for param in params:
        given = values.get(param.name)
        texts = [t for t in (given if isinstance(given, (list, tuple)) else [given]) if isinstance(t, str)]
        for text in texts:
            control = first_control(text)
            if control is not None:
                message = f"control character {control} in the text typed; only tab and newline are allowed, remove it"
                problems.append(Problem(None, None, f"{_typed_name(param)} {visible(text)}: {message}"))
    if problems:
        raise ValidationFailed(problems)


def _typed_name(param: Any) -> str:
    """``--note`` for an option (its long name), ``ANSWERS`` for an argument."""
    if param.param_type_name == "option":
        return str(max(param.opts, key=len))
    return str(param.metavar or param.name).upper()
