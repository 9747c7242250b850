"""The one place exit codes are decided: what a command raised or returned in, the documented code out.

Every command runs inside :func:`guarded` (registered so by :func:`cxcheck.cli.app.command`),
so that whether it is run from the shell or from ``CliRunner`` the contract in the README
holds: 0 success, 1 a gate failed, 2 bad input or usage, 3 an internal error (with the
traceback in a crash log), 130 interrupted, 141 the reader of the output went away.
"""

import contextlib
import functools
import gc
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from cxcheck.errors import CxError, Interrupted, Status
from cxcheck.terminal.console import harmless_output, visible

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_GATE_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""What a shell reports for a program a closed pipe stopped (128 + SIGPIPE), as ``yes | head`` gives."""

CODES: dict[Status, int] = {
    Status.DONE: EXIT_OK,
    Status.GATE_FAILED: EXIT_GATE_FAILED,
    Status.INVALID: EXIT_BAD_INPUT,
    Status.INTERRUPTED: EXIT_INTERRUPTED,
    Status.INPUT_ENDED: EXIT_BAD_INPUT,
}


def guarded(func: F, bulk: bool = False) -> F:
    """``func`` with its errors and :class:`~cxcheck.errors.Status` mapped to exit codes.

    ``bulk`` commands (those that read a workshop's answers files: millions of answers) run
    with Python's cyclic garbage collector off. Their work makes no reference cycles, and
    each full collection would walk every answer already loaded, for nothing.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        collecting = gc.isenabled()
        if bulk:
            gc.disable()
        try:
            with harmless_output():
                status = func(*args, **kwargs)
                sys.stdout.flush()  # a reader that went away is found here, not in a traceback at exit
        except BrokenPipeError:
            _stop_writing()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except CxError as exc:
            for problem in exc.problems:
                typer.echo(visible(str(problem)), err=True)
            raise typer.Exit(EXIT_INTERRUPTED if isinstance(exc, Interrupted) else EXIT_BAD_INPUT) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            log = _write_crash_log()
            typer.echo(visible(f"cxcheck: internal error: {type(exc).__name__}: {exc} (traceback in {log})"), err=True)
            raise typer.Exit(EXIT_INTERNAL) from None
        finally:
            if collecting:
                gc.enable()
        code = CODES[status] if isinstance(status, Status) else EXIT_OK
        if code:
            raise typer.Exit(code)

    return wrapper  # type: ignore[return-value]


def _stop_writing() -> None:
    """Point standard output at /dev/null: the reader (``| head``) has what it wanted, and the
    interpreter's own flush at exit would otherwise fail again, with a traceback."""
    with contextlib.suppress(OSError, ValueError):  # no file descriptor behind it (a test's captured output)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _write_crash_log() -> str:
    import tempfile  # only after a crash: every start-up, --help too, would pay for it

    with tempfile.NamedTemporaryFile(
        "w", prefix="cxcheck-crash-", suffix=".log", delete=False, encoding="utf-8"
    ) as handle:
        traceback.print_exc(file=handle)
    return handle.name
