"""The ``cxcheck`` command line: parse options, call the core, map errors to exit codes.

Each command lives in a small module by theme; importing them registers them on ``app``.
Modules import heavy libraries (jinja2, the YAML loader, pydantic) inside command bodies
so that ``cxcheck --help`` stays instant. They also do without ``from __future__ import
annotations``: Typer reads every command's signature on every start, and evaluating string
annotations there costs more than building them once at import.
"""

import gc
import os
import sys
from types import ModuleType
from typing import Annotated

import typer

from cxcheck import __version__
from cxcheck.cli import (
    assess,  # noqa: F401  (registers commands)
    catalog,  # noqa: F401  (registers commands)
    collect,  # noqa: F401  (registers commands)
    form,  # noqa: F401  (registers commands)
    gates,  # noqa: F401  (registers commands)
    report,  # noqa: F401  (registers commands)
    survey,  # noqa: F401  (registers commands)
    workshop,  # noqa: F401  (registers commands)
)
from cxcheck.cli.app import app


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"cxcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Measure how customer-focused a business really is."""


PLUGINS_OFF = ("__all__", "1", "true")
"""The values of ``PYDANTIC_DISABLE_PLUGINS`` with which pydantic loads no plugin at all."""


def main() -> None:
    """Console-script entry point.

    Pydantic plugins (validation tracing such as Logfire) are left unloaded unless asked for
    with ``PYDANTIC_DISABLE_PLUGINS``: cxcheck's checks are not an application's traffic to
    observe, and finding plugins scans every installed package's metadata at start-up.
    With every plugin off, pydantic's plugin loader would still import ``importlib.metadata``
    (about 9 ms, a twentieth of a report) before it reads the setting that tells it not to
    look, so a loader that knows there are none stands in for it
    (``tests/cli/test_lazy_imports.py`` checks that it offers what pydantic takes from its own).

    When the command is over, every object left is frozen (:func:`gc.freeze`): the
    interpreter's shutdown would otherwise search all of them for reference cycles, more than
    once, just before the process hands its memory back (a tenth of a report's time). Python
    does not promise to finalize what is still alive at exit anyway, and cxcheck closes what it
    opens with ``with``; tests that run commands in-process (``CliRunner``) are not affected.
    """
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in PLUGINS_OFF:
        sys.modules.setdefault(NO_PLUGINS.__name__, NO_PLUGINS)
    try:
        app()
    finally:
        gc.freeze()


def _no_plugins() -> tuple[()]:
    return ()


NO_PLUGINS = ModuleType("pydantic.plugin._loader", "Pydantic's plugin loader when every plugin is off.")
NO_PLUGINS.get_plugins = _no_plugins  # type: ignore[attr-defined]  # a module made here, not imported
