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
