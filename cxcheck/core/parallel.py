"""Reading a workshop's answers files on every CPU at once.

A workshop report reads hundreds of answers files, each on its own, before it can compute
anything; that was half of its time on one core. Forked worker processes take files from
the end of the list while this process reads from the start, until they meet, so the work
is shared out evenly whatever each file costs. Forking lets the workers inherit the catalog
instead of receiving a copy; where ``fork`` is not available, or for a little reading,
everything is read in this process.

A worker sends an answer set back compact: its answers' ids as positions in the catalog
(this process holds the same strings already, so two million answers do not bring two
million copies of their ids back) and the answers themselves, which pickling shares.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from cxcheck.core import answers
from cxcheck.core.catalog import Catalog
from cxcheck.errors import CxError
from cxcheck.model import Answer, AnswerSet

PARALLEL_FROM_BYTES = 4 * 1024 * 1024
"""Less reading than this is done in this process alone: starting a worker would cost more
than it saves (four megabytes is a few hundred milliseconds of reading)."""

_Packed = tuple[AnswerSet, array, list[Answer]]
"""An answer set without its answers, their ids as catalog positions, and the answers."""


def load_all(paths: Sequence[Path], catalog: Catalog, today: dt.date | None = None) -> Iterator[AnswerSet]:
    """:func:`answers.load` of each path in order; the first file that fails raises at its turn.

    The outcome is exactly that of reading the files one by one: later files may already
    have been read by then, but nothing of them is reported. Exhaust or close the iterator
    to let the workers go.
    """
    helpers = _helpers(paths)
    if helpers:
        yield from _shared(paths, catalog, today, helpers)
    else:
        for path in paths:
            yield answers.load(path, catalog, today)


def _helpers(paths: Sequence[Path]) -> int:
    """How many worker processes to start besides this one: none unless there is much to read."""
    if len(paths) < 2:
        return 0
    if sys.platform == "darwin" or not hasattr(os, "fork"):
        return 0  # macOS's system libraries are not safe to fork; elsewhere there may be no fork
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cpus < 2:
        return 0
    total = 0
    for path in paths:
        try:
            total += path.stat().st_size
        except OSError:
            continue  # reading it will say what is wrong
    return min(cpus, total // PARALLEL_FROM_BYTES + 1, len(paths)) - 1


def _shared(paths: Sequence[Path], catalog: Catalog, today: dt.date | None, helpers: int) -> Iterator[AnswerSet]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    ids = list(catalog.items)  # also builds the catalog's index before the fork, for the workers to inherit
    pool = ProcessPoolExecutor(helpers, multiprocessing.get_context("fork"), _start_worker, (catalog, today))
    try:
        # Submitted last file first, so the workers start at the end; a file no worker has taken
        # yet can still be cancelled, and is then read here.
        futures = [pool.submit(_read, path) for path in reversed(paths)][::-1]
        for path, future in zip(paths, futures):
            if future.cancel():
                yield answers.load(path, catalog, today)
                continue
            result = future.result()
            if isinstance(result, CxError):
                raise result
            head, positions, values = result
            yield replace(head, answers=dict(zip(map(ids.__getitem__, positions), values)))
    finally:
        pool.shutdown(cancel_futures=True)


_worker: tuple[Catalog, dict[str, int], dt.date | None] | None = None
"""In a worker process: the catalog inherited, the position of each item id in it, and today."""


def _start_worker(catalog: Catalog, today: dt.date | None) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the workers, which must not
    # each die printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    global _worker
    _worker = catalog, {full_id: n for n, full_id in enumerate(catalog.items)}, today


def _read(path: Path) -> _Packed | CxError:
    """One file read in a worker; an error is returned, to be raised in the parent at the file's turn."""
    assert _worker is not None, "only called in a worker process"
    catalog, positions, today = _worker
    try:
        answer_set = answers.load(path, catalog, today)
    except CxError as error:
        return error
    packed = array("I", map(positions.__getitem__, answer_set.answers))
    return replace(answer_set, answers={}), packed, list(answer_set.answers.values())
