"""A user's own template (``--template``) rendered under limits on time, output and memory.

A template is code from a file someone shared. The sandbox stops it reaching Python, but
not exhausting the machine: ``{{ ('x' * 4000000000)|length }}`` took 3.9 GB, and
``range(100000)`` nested twice never ended. So a user template renders in a child process
(forked: the context is not copied or pickled) under :data:`TIME_LIMIT`, :data:`OUTPUT_LIMIT`
and :data:`MEMORY_LIMIT`; past one it stops, and the limit is named with the template line
it was reached on. The bundled templates are ours and stay in-process and fast.

Where the platform has no ``fork`` the template renders in-process, under the time and
output limits but not the memory one; where it cannot limit address space (macOS), the
memory limit is left out.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from types import FrameType
from typing import TYPE_CHECKING, Any

from cxcheck.errors import CxError, Problem, ValidationFailed

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

TIME_LIMIT = 10.0
"""Seconds a user template may take to render (the bundled HTML report of every checklist takes
a few milliseconds; a big workshop report well under a second)."""
OUTPUT_LIMIT = 50 * 1024 * 1024
"""Characters a user template may write: far more than any report (a workshop report of 200
respondents is a few MB)."""
MEMORY_LIMIT = 1024 * 1024 * 1024
"""Bytes of address space a rendering may take beyond what cxcheck held when it started it."""
_GRACE = 5.0
"""Seconds past the time limit before a child that did not stop itself (stuck inside one long C
call) is killed from outside."""


class Exceeded(Exception):
    """A limit was reached; raised inside the template's own code so that the line is known.

    An ``Exception`` (not ``BaseException``) so that Jinja rewrites the traceback with the
    template's file and line, as it does for the template's own errors.
    """


def confined(render: Callable[[], str], name: str) -> str:
    """``render()`` (of template ``name``) in a forked child under the limits; its text, or its
    error raised here."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return _in_time(render)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, render, name), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(TIME_LIMIT + _GRACE):
            raise CxError(exceeded("time"), name)
        try:
            outcome, value = receive.recv()
        except EOFError:  # killed from outside (the kernel's out-of-memory killer, say)
            raise CxError(exceeded("memory") + "; the system stopped the rendering", name) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if outcome == "problems":
        raise ValidationFailed(value)
    if outcome == "crash":
        raise RuntimeError(f"rendering a template crashed: {value}")
    assert isinstance(value, str)
    return value


def exceeded(what: str) -> str:
    """``time limit exceeded: a template may take …``: the message of every limit, naming all three."""
    return (
        f"{what} limit exceeded: a template may take at most {TIME_LIMIT:g} s, write {OUTPUT_LIMIT / 2**20:g} MB "
        f"and use {MEMORY_LIMIT / 2**20:g} MB of memory (docs/reports.md)"
    )


def bounded(chunks: Iterator[str]) -> str:
    """The text a template's ``generate()`` yields, stopped once past :data:`OUTPUT_LIMIT`.

    The error is thrown into the generator, at the template's own ``yield``, so that it
    comes back out with the template's file and line.
    """
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > OUTPUT_LIMIT:
            error = Exceeded(exceeded("output"))
            throw = getattr(chunks, "throw", None)
            if throw is not None:
                throw(error)  # raises it, rewritten by Jinja with the template's line
            raise error
        parts.append(chunk)
    return "".join(parts)


def _in_time(render: Callable[[], str]) -> str:
    """``render()`` stopped by an alarm after :data:`TIME_LIMIT`: the error is raised wherever
    the template's code is running, so its line is known."""

    def out_of_time(signum: int, frame: FrameType | None) -> None:
        raise Exceeded(exceeded("time"))

    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    try:
        return render()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _child(send: Connection, render: Callable[[], str], name: str) -> None:
    """The child's whole life: limits on, render, send the text or the problems back."""
    _limit_memory()
    outcome: tuple[str, Any]
    try:
        outcome = ("text", _in_time(render))
    except CxError as exc:
        outcome = ("problems", list(exc.problems))
    except BaseException as exc:  # a bug: the parent reports it as one (exit 3, with a crash log)
        outcome = ("crash", f"{type(exc).__name__}: {exc}")
    try:
        send.send(outcome)
    except MemoryError:
        send.send(("problems", [Problem(name, None, exceeded("memory"))]))
    send.close()


def _limit_memory() -> None:
    """At most :data:`MEMORY_LIMIT` more address space than the process holds now, where the
    platform lets a process limit it."""
    try:
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = held + MEMORY_LIMIT if hard == resource.RLIM_INFINITY else min(held + MEMORY_LIMIT, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, OSError, ValueError):
        pass
