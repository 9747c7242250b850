"""The terminal as the presentation layer sees it: consoles made late, and whether a person is there."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

from cxcheck.text import CONTROLS as _CONTROLS

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType


def visible(text: str) -> str:
    """``text`` with every control character but tab and newline shown as ``\\x1b`` and alike."""
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class _Visible:
    """A text stream that shows control characters instead of passing them on (see :func:`visible`)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    def __getattr__(self, name: str) -> Any:  # encoding, errors…: those of the real stream (click checks them)
        return getattr(self.stream, name)


@contextmanager
def harmless_output() -> Iterator[None]:
    """THE place where text from files becomes output: for the block, everything a command writes
    to standard output or error shows control characters visibly. Only our own rich consoles
    (see :func:`console`) write past it, and they clean the text they are given themselves."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Visible(out), _Visible(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err


def write_document(text: str) -> None:
    """A whole document we made (a report, a CSV) onto standard output. Its line ends are ours: a
    CSV's ``\r\n`` stays itself, where the filter would turn it into the text ``\x0d``; any
    other control character in it is still shown visibly."""
    _real(sys.stdout).write("\r\n".join(visible(line) for line in text.split("\r\n")))


def _real(stream: TextIO) -> TextIO:
    return stream.stream if isinstance(stream, _Visible) else stream


def console(stderr: bool = False) -> Console:
    """A rich console made now, so that NO_COLOR, COLUMNS and test settings are honoured.

    It writes to the real stream, so that its own styling (colours, cursor moves, links) reaches
    a terminal, and shows control characters in the text it renders, whatever the renderable.
    """
    from rich.console import Console
    from rich.segment import Segment

    class _HarmlessConsole(Console):
        def render_str(self, text: str, **kwargs: Any) -> Any:
            return super().render_str(visible(text), **kwargs)

        def render(self, renderable: Any, options: Any = None) -> Any:
            for segment in super().render(renderable, options):
                if segment.control is None and _CONTROLS.search(segment.text):
                    segment = Segment(visible(segment.text), segment.style)
                yield segment

    stream = _real(sys.stderr if stderr else sys.stdout)
    return _HarmlessConsole(file=stream, highlight=False, soft_wrap=False)


class Fitted:
    """A view laid out for the width it is printed at, which only the console knows then: a narrow
    terminal gets another layout, not the wide one with its words cut to ``medi…``."""

    def __init__(self, layout: Callable[[int], RenderableType]) -> None:
        self.layout = layout

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        yield self.layout(options.max_width)


def indented(title: str) -> RenderableType:
    """A section's title under its checklist's, indented on every line it wraps to."""
    from rich.padding import Padding
    from rich.text import Text

    return Padding(Text(title), (0, 0, 0, 2))


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
