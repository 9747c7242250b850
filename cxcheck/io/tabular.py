"""CSV files as survey tools export them: rows of text, each with the line it starts on.

Google Forms and SurveyMonkey write commas; Excel in much of Europe (where a Microsoft Forms
export is often saved as CSV) writes semicolons, and some tools tabs. The delimiter is read
from the header line, outside its quoted titles, so every shape reads without an option. Line
numbers are those of the file (a quoted cell may span lines), so that ``file:line`` opens the row in an editor.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from cxcheck.errors import CxError, Problem, ValidationFailed
from cxcheck.io.yamlsafe import read_text
from cxcheck.text import CONTROLS, first_control

MAX_BYTES = 512 * 1024 * 1024
"""A long-form export of 100,000 respondents on the bundled checklists is about 1 GB; wide ones a tenth."""
_DELIMITERS = ",;\t"
_QUOTED = re.compile(r'"[^"]*(?:"|$)')
"""A quoted cell of the header (or the start of one that runs on to the next line; ``""`` is two):
a title holding commas in a semicolon export must not make commas the delimiter."""


@dataclass(frozen=True)
class Row:
    """One record of the file: where it starts, and its cells as text."""

    line: int
    cells: list[str]


def read(path: Path) -> list[Row]:
    """Every record of a CSV file, the header first; a file that is not CSV text is a :class:`CxError`."""
    text = read_text(path, MAX_BYTES, "a CSV file").replace("\r\n", "\n")
    if CONTROLS.search(text):
        raise ValidationFailed(
            [
                Problem(str(path), n, f"holds the control character {first_control(line)}; remove it and export again")
                for n, line in enumerate(text.split("\n"), 1)
                if CONTROLS.search(line)
            ]
        )
    first = _QUOTED.sub("", text.split("\n", 1)[0])
    delimiter = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            if any(cells):
                rows.append(Row(start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CxError(f"not readable as CSV ({exc}); export the responses as CSV again", path, start) from None
    if not rows:
        raise CxError("is empty; expected a header row and one row per respondent", path)
    return rows
