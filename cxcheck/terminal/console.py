"""The terminal as the presentation layer sees it: consoles made late, and whether a person is there."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def console(stderr: bool = False) -> Console:
    """A rich console made now, so that NO_COLOR, COLUMNS and test settings are honoured."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def stdin_is_terminal() -> bool:
    """Whether a person can be asked: prompts without one must fail clearly, never hang."""
    return sys.stdin is not None and sys.stdin.isatty()


def command_line(*args: str) -> str:
    """A cxcheck command the person can paste where it was printed: quoted, run the way this one was.

    ``cxcheck`` when that name on ``PATH`` is this program; else the path this program was
    started by (``.venv/bin/cxcheck`` from ``make assess``, where the virtual environment is
    not on ``PATH``), relative to the current directory when it lies below it; and the
    interpreter with ``-m cxcheck`` for ``python -m cxcheck``.
    """
    import shlex

    return shlex.join([*program(), *args])


def program() -> list[str]:
    """The words that start this cxcheck again from the current directory (see :func:`command_line`)."""
    from pathlib import Path

    started = sys.argv[0] if sys.argv else ""
    name = Path(started).name
    if name == "__main__.py":
        python = sys.executable
        return [_as_found(Path(python).name, python), "-m", "cxcheck"]
    if name != "cxcheck":
        return ["cxcheck"]  # run inside another program (a test runner): the documented name
    return [_as_found("cxcheck", started)]


def _as_found(name: str, path: str) -> str:
    """``name`` when ``PATH`` finds exactly ``path`` under it, else ``path`` as it was given."""
    import os
    import shutil

    found = shutil.which(name)
    try:
        return name if found is not None and os.path.samefile(found, path) else path
    except OSError:
        return path
