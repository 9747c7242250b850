"""The one error type users see, and the words for how a command ended.

Everything a user can fix is raised as :class:`CxError` (or a subclass) and printed as
``path:line: message`` lines by the CLI; anything else is a bug. How each of these, and each
:class:`Status`, becomes an exit code is decided in one place: :mod:`cxcheck.cli.guard`.
"""

from __future__ import annotations

from collections.abc import Sequence
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


SHOWN_PER_FILE = 10
"""Problems told for one file: a generated file of 360,000 unknown ids is one mistake, not
360,000 lines to scroll through. The rest are counted (README, "Exit codes")."""


class ValidationFailed(CxError):
    """Every problem found in one or more files, so the user can fix them in one pass.

    At most :data:`SHOWN_PER_FILE` of each file are kept, in the order given (the first in the
    file, as loaders sort them), followed by a count of the rest; ``unlisted`` counts, per
    file, problems a loader found but did not spell out once it had enough to show.
    """

    def __init__(self, problems: list[Problem], unlisted: dict[str | None, int] | None = None):
        if not problems:
            raise ValueError("ValidationFailed needs at least one problem")
        self.problems = shown(problems, unlisted or {})
        Exception.__init__(self, str(self))


def shown(problems: Sequence[Problem], unlisted: dict[str | None, int] | None = None) -> list[Problem]:
    """The first :data:`SHOWN_PER_FILE` problems of each file, then ``… and N more`` for a file with more."""
    kept: list[Problem] = []
    told: dict[str | None, int] = {}
    hidden = dict(unlisted or {})
    for problem in problems:
        told[problem.path] = told.get(problem.path, 0) + 1
        if told[problem.path] <= SHOWN_PER_FILE:
            kept.append(problem)
        else:
            hidden[problem.path] = hidden.get(problem.path, 0) + 1
    for path, count in hidden.items():
        if count:
            after = max(i for i, p in enumerate(kept) if p.path == path) if path in told else len(kept) - 1
            more = f"… and {count:,} more problem{'s' if count != 1 else ''}{'' if path is None else ' in this file'}"
            kept.insert(after + 1, Problem(path, None, f"{more}; fix these and run again to see the rest"))
    return kept


class NeedsTerminal(CxError):
    """An interactive prompt was needed but standard input is not a terminal."""


class Interrupted(CxError):
    """The user pressed Ctrl-C or input ended; partial work has been saved."""


def _display(path: str | Path | None) -> str | None:
    return None if path is None else str(path)
