"""One answers file walked at the terminal, for ``assess`` and ``consensus`` alike.

The file is locked for the whole session (two sessions on one file would each save their own
copy and the last would drop the other's answers), opened or resumed by the command under
that lock, written once before the first question when it is new, then saved after every
change by the :class:`~cxcheck.terminal.walk.Walkthrough`. On a stop, what is saved and the
exact command that carries on are printed, and the status says how it ended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from rich.console import Console, RenderableType

from cxcheck.errors import Status
from cxcheck.io import lock
from cxcheck.terminal.walk import Outcome, report_stop


class Walk(Protocol):
    """What the runner needs of a walk: the item walk-through and the workbook step alike."""

    @property
    def console(self) -> Console: ...

    @property
    def done(self) -> bool: ...

    @property
    def unsaved_notes(self) -> dict[str, str]: ...

    def save(self) -> None: ...

    def run(self, notices: Sequence[RenderableType] = ()) -> Outcome: ...


W = TypeVar("W", bound=Walk)


@dataclass
class Opened(Generic[W]):
    """What a command opened under the lock: the walk, and what to say before it starts."""

    walk: W
    fresh: bool
    """A new file (or one the opening changed): written before the first question."""
    notices: Sequence[RenderableType] = ()
    nothing_left: RenderableType | None = None
    """Said instead of walking when every step is answered already."""


@dataclass
class Stop:
    """How to tell a person who stopped where things stand: the resume command and the end-of-input words."""

    resume: str
    ended: str
    after_input_ended: list[RenderableType] = field(default_factory=list)


def run(path: Path, open_walk: Callable[[], Opened[W]]) -> tuple[W, Outcome]:
    """The session on ``path``: the walk, and how it ended (finished at once when nothing is left)."""
    with lock.locked(path):
        opened = open_walk()
        walk = opened.walk
        if opened.fresh:
            walk.save()
        if walk.done:
            if opened.nothing_left is not None:
                walk.console.print(opened.nothing_left)
            return walk, Outcome.FINISHED
        return walk, walk.run(opened.notices)


def stopped(walk: Walk, outcome: Outcome, err: Console, path: Path, stop: Stop) -> Status:
    """Print what is saved and how to carry on after a quit, Ctrl-C or end of input; the status it ends with."""
    status = report_stop(outcome, walk.console, err, str(path), stop.resume, walk.unsaved_notes, stop.ended)
    if outcome is Outcome.INPUT_ENDED:
        for line in stop.after_input_ended:
            err.print(line, soft_wrap=True)
    return status
