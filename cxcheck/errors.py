"""The one error type users see, and the words for how a command ended.

Everything a user can fix is raised as :class:`CxError` (or a subclass) and printed as
``path:line: message`` lines by the CLI; anything else is a bug. How each of these, and each
:class:`Status`, becomes an exit code is decided in one place: :mod:`cxcheck.cli.guard`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Status(Enum):
    """How a command ended when it did not raise; the CLI maps each to its documented exit code."""

    DONE = "done"
    GATE_FAILED = "a gate failed"
    INVALID = "an input is invalid"
    """Reported, not raised: ``validate`` lists every file's problems and ends so."""
    INTERRUPTED = "interrupted"
    """Ctrl-C, or input ended at a terminal; what was answered is saved."""
    INPUT_ENDED = "input ended"
    """Standard input is not a terminal and ran out before the walk was over."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, located as precisely as we can."""

    path: str | None
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class CxError(Exception):
    """A problem with the user's input or environment; never shown with a traceback."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.problems: list[Problem] = [Problem(_display(path), line, message)]
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ValidationFailed(CxError):
    """Every problem found in one or more files, so the user can fix them in one pass."""

    def __init__(self, problems: list[Problem]):
        if not problems:
            raise ValueError("ValidationFailed needs at least one problem")
        self.problems = list(problems)
        Exception.__init__(self, str(self))


class NeedsTerminal(CxError):
    """An interactive prompt was needed but standard input is not a terminal."""


class Interrupted(CxError):
    """The user pressed Ctrl-C or input ended; partial work has been saved."""


def _display(path: str | Path | None) -> str | None:
    return None if path is None else str(path)
