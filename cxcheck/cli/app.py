"""What every command shares: the error guard, the app, and common options.

Commands are registered through :func:`command`, which wraps each one in :func:`guarded`,
so that every command, whether run from the shell or from ``CliRunner``, maps errors to
the same documented exit codes.
"""

import functools
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand

from cxcheck.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, CxError

if TYPE_CHECKING:
    from cxcheck.core.catalog import Catalog

F = TypeVar("F", bound=Callable[..., Any])

app = typer.Typer(
    name="cxcheck",
    help="Measure how customer-focused a business really is: checklists, a guided assessment and scored gap reports.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

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
        "-f", "--format", metavar="md|html|json", help="Output format (default: from -o's extension, else md)."
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


class _Argument(TyperArgument):
    """An argument as people read it: ``ANSWERS...`` in the usage line, no Python type beside it.

    Typer 0.29 labels arguments with their annotation (``ANSWERS <list[Path]>``) and puts
    braces round required ones (``{ANSWERS}...``); this keeps click's plain convention.
    """

    def display_type_rich(self, ctx: Any) -> str | None:
        return None

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = (self.metavar or str(self.name).upper()) + ("..." if self.nargs != 1 else "")
        return [name if self.required else f"[{name}]"]


class _Command(TyperCommand):
    """Every command's click class: Typer builds its arguments, shown as :class:`_Argument`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument  # Typer offers no hook to choose the argument class


def command(name: str, on: typer.Typer = app) -> Callable[[F], F]:
    """Register a command on ``on`` (the app or a command group), with the error guard applied."""

    def register(func: F) -> F:
        on.command(name, cls=_Command)(guarded(func))
        return func

    return register


def guarded(func: F) -> F:
    """Map our errors to exit codes, and anything unexpected to exit 3 with a crash log."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            code = func(*args, **kwargs)
        except CxError as exc:
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
            log = _write_crash_log()
            typer.echo(f"cxcheck: internal error: {type(exc).__name__}: {exc} (traceback in {log})", err=True)
            raise typer.Exit(EXIT_INTERNAL) from None
        if code:
            raise typer.Exit(code)
        return None

    return wrapper  # type: ignore[return-value]


def _write_crash_log() -> str:
    with tempfile.NamedTemporaryFile(
        "w", prefix="cxcheck-crash-", suffix=".log", delete=False, encoding="utf-8"
    ) as handle:
        traceback.print_exc(file=handle)
    return handle.name


def load_catalog(extra: list[Path] | None) -> "Catalog":
    from cxcheck.core.catalog import discover

    return discover(extra or [])
