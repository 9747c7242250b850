"""Python's cyclic garbage collector, paused around the bulk work of a workshop.

A workshop holds millions of answers. Every full collection walks all of them, and building
the aggregate, the report context and the page allocates enough to trigger several: 0.65 s
of the 3 s those take for 200 respondents to 10,000 items went to collections that found
nothing, because none of this code makes reference cycles (whatever a template leaves is
collected once resumed).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """Collector off inside, back to its previous state after; also usable as a decorator."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
