"""The one error type users see, and the exit codes every command shares.

Everything a user can fix is raised as :class:`CxError` (or a subclass) and printed as
``path:line: message`` lines by the CLI; anything else is a bug and is reported as exit 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


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

    exit_code = EXIT_BAD_INPUT

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

    exit_code = EXIT_INTERRUPTED


def _display(path: str | Path | None) -> str | None:
    return None if path is None else str(path)
