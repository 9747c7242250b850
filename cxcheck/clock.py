"""The one place cxcheck asks what time it is, so tests and reproducible runs can fix it.

Answers files record when an assessment started and was last updated; a test that compares a
file byte for byte, or a demo recorded for documentation, needs those stamps to be the same on
every run. Setting ``CXCHECK_NOW`` (ISO 8601, for example ``2024-05-01T10:00:00+00:00``; a time
without an offset is taken as UTC) makes every command behave as if it were that moment.
"""

from __future__ import annotations

import datetime as dt
import os

from cxcheck.errors import CxError

ENV_NOW = "CXCHECK_NOW"


def now() -> dt.datetime:
    """The current time with its UTC offset (local time unless ``CXCHECK_NOW`` fixes it)."""
    fixed = os.environ.get(ENV_NOW)
    if not fixed:
        return dt.datetime.now().astimezone().replace(microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise CxError(f"{ENV_NOW}={fixed!r} is not an ISO date and time (like 2024-05-01T10:00:00+00:00)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def today() -> dt.date:
    return now().date()
