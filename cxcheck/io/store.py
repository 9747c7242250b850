"""The survey store: a whole survey's answers in one DuckDB file, for thousands of respondents.

One file any DuckDB client opens (and exports as Parquet for BI tools), holding what answers
files hold: one row per respondent, the checklist versions they answered, and one row per
answer in long form (``value`` NULL for n/a). ``cxcheck import`` writes it
(:mod:`cxcheck.core.survey`), the report commands read it as they read answers files.

DuckDB is the ``survey`` extra, imported here only, when a store is read or written. A store
is written to a temporary file beside the target and renamed over it when complete, so a
failed import leaves the old store or none, never half of one.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxcheck.errors import CxError

SUFFIX = ".duckdb"
FORMAT = "cxcheck-survey"
FORMAT_VERSION = 1
MISSING = "the survey store needs DuckDB: pip install 'cxcheck[survey]'"

_SCHEMA = """
CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
CREATE TABLE respondents (
    id INTEGER PRIMARY KEY, respondent VARCHAR NOT NULL, role VARCHAR, organisation VARCHAR NOT NULL,
    date DATE NOT NULL, source VARCHAR NOT NULL
);
CREATE TABLE checklists (respondent INTEGER NOT NULL, checklist VARCHAR NOT NULL, version VARCHAR NOT NULL);
CREATE TABLE answers (respondent INTEGER NOT NULL, item VARCHAR NOT NULL, value DOUBLE, note VARCHAR, reason VARCHAR);
CREATE VIEW answers_long AS
    SELECT r.respondent, r.role, r.organisation, r.date, a.item, a.value, a.note, a.reason
    FROM answers a JOIN respondents r ON r.id = a.respondent;
"""
"""``answers_long`` is for people querying the store: each answer beside who gave it."""
_CSV = "FORMAT csv, HEADER false, AUTO_DETECT false, DELIM ',', QUOTE '\"', ESCAPE '\"', NULLSTR ''"
"""The dialect Python's csv writer writes, said in full: DuckDB's sniffer guesses wrong on a short file."""


@dataclass(frozen=True)
class Respondent:
    """One respondent as stored: ``source`` says where the answers came from (a file, or ``file:line``)."""

    respondent: str
    role: str | None
    organisation: str
    date: dt.date
    source: str
    checklists: dict[str, str]
    answers: Sequence[tuple[str, float | None, str | None, str | None]]
    """Item id, value (None for n/a), note and reason, in the order answered."""


def is_store(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX and not path.is_dir()


def duckdb() -> Any:
    """The DuckDB module, or the one line that says how to install it."""
    try:
        import duckdb as module
    except ImportError:
        raise CxError(MISSING) from None
    return module


def write(path: Path, respondents: Iterable[Respondent], version: str) -> int:
    """Write a new store at ``path`` (replacing one there) and return how many respondents it holds.

    The answers go in with one ``COPY`` from a temporary CSV file: inserting rows one by one
    through the Python API costs seconds per hundred thousand (benchmarks/run.py, survey).
    """
    db = duckdb()
    directory = path.parent if str(path.parent) else Path(".")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=directory))
    except OSError as exc:
        raise CxError(f"cannot write here ({exc.strerror}); nothing was changed", path) from None
    try:
        target, rows = staging / path.name, staging / "answers.csv"
        count = 0
        people: list[tuple[Any, ...]] = []
        versions: list[tuple[int, str, str]] = []
        with rows.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            for count, person in enumerate(respondents, 1):
                people.append((count, person.respondent, person.role, person.organisation, person.date, person.source))
                versions += [(count, c, v) for c, v in person.checklists.items()]
                out.writerows((count, item, value, note, reason) for item, value, note, reason in person.answers)
        connection = db.connect(str(target))
        try:
            connection.execute(_SCHEMA)
            meta = [("format", FORMAT), ("format_version", str(FORMAT_VERSION)), ("cxcheck_version", version)]
            connection.executemany("INSERT INTO meta VALUES (?, ?)", meta)
            if people:
                connection.executemany("INSERT INTO respondents VALUES (?, ?, ?, ?, ?, ?)", people)
            if versions:
                connection.executemany("INSERT INTO checklists VALUES (?, ?, ?)", versions)
            if rows.stat().st_size:
                connection.execute(f"COPY answers FROM ? ({_CSV})", [str(rows)])
        finally:
            connection.close()
        os.replace(target, path)
    except OSError as exc:
        raise CxError(f"could not write the store ({exc.strerror}); the previous file is unchanged", path) from None
    finally:
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
    return count


def read(path: Path) -> list[Respondent]:
    """Every respondent in the store, in the order imported; a file that is no store is a :class:`CxError`."""
    db = duckdb()
    if not path.is_file():
        raise CxError("no such survey store", path)
    try:
        connection = db.connect(str(path), read_only=True)
    except db.Error as exc:
        raise CxError(f"cannot be opened as a DuckDB store ({_first_line(exc)})", path) from None
    try:
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("format") != FORMAT or meta.get("format_version") != str(FORMAT_VERSION):
                raise CxError(
                    f"is not a cxcheck survey store of format version {FORMAT_VERSION}; write it with cxcheck import",
                    path,
                )
            people = connection.execute(
                "SELECT id, respondent, role, organisation, date, source FROM respondents ORDER BY id"
            ).fetchall()
            versions: dict[int, dict[str, str]] = {}
            for number, checklist, version in connection.execute("SELECT * FROM checklists").fetchall():
                versions.setdefault(number, {})[checklist] = version
            answers: dict[int, list[tuple[str, float | None, str | None, str | None]]] = {n: [] for n, *_ in people}
            for number, *answer in connection.execute("SELECT * FROM answers").fetchall():
                answers[number].append(tuple(answer))
        except db.Error as exc:
            raise CxError(
                f"is not a cxcheck survey store ({_first_line(exc)}); write it with cxcheck import", path
            ) from None
        except KeyError as exc:
            raise CxError(f"holds answers of respondent {exc} that its respondents table lacks", path) from None
    finally:
        connection.close()
    return [
        Respondent(name, role, organisation, date, source, versions.get(number, {}), answers[number])
        for number, name, role, organisation, date, source in people
    ]


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().split("\n", 1)[0]
