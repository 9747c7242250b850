"""``cxcheck list``, ``show`` and ``validate`` as JSON, for scripts: the same facts the terminal shows.

``list`` is described by :class:`ChecklistList` (``cxcheck schema list``), ``list --sources``
by :class:`SourceList` (``cxcheck schema sources``), ``validate`` by :class:`Validation`
(``cxcheck schema validation``). ``show ID`` is the checklist in its own
file format (``cxcheck schema checklist``): a script reads it as it would read the file.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from typing_extensions import TypedDict

from cxcheck import __version__
from cxcheck.core.catalog import Catalog
from cxcheck.errors import Problem
from cxcheck.model import Checklist, documented
from cxcheck.sources import ARTICLES

SCHEMA_VERSION: Final = 1


@documented
class ChecklistEntry(TypedDict):
    """One checklist found"""

    id: str
    """its id, as assess, show and answers files name it"""
    title: str
    """its title"""
    version: str
    """its version"""
    description: str
    """what it assesses, and who answers it best"""
    items: int
    """how many items it has"""
    origin: str
    """bundled, or the directory it was found in"""
    path: str
    """the checklist file"""


@documented
class ChecklistList(TypedDict):
    """The result of cxcheck list --format json"""

    schema_version: Literal[1]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["checklists"]
    """what this document is"""
    cxcheck_version: str
    """the cxcheck that made it"""
    checklists: list[ChecklistEntry]
    """every checklist found (bundled, $CXCHECK_PATH, --checklists), in assessment order"""


@documented
class SourceEntry(TypedDict):
    """An article items may cite"""

    source: str
    """the file name an item's source names"""
    title: str
    """the article's title"""
    author: str | None
    """its author; null when the article names none"""


@documented
class SourceList(TypedDict):
    """The result of cxcheck list --sources --format json"""

    schema_version: Literal[1]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["sources"]
    """what this document is"""
    cxcheck_version: str
    """the cxcheck that made it"""
    sources: list[SourceEntry]
    """every article, by file name"""


@documented
class ProblemEntry(TypedDict):
    """One thing wrong with a file"""

    line: int | None
    """the line it is on; null for the whole file"""
    message: str
    """what is wrong, and how to fix it where that is plain"""


@documented
class ValidatedFile(TypedDict):
    """One checklist file checked"""

    path: str
    """the file"""
    valid: bool
    """whether it is a valid checklist"""
    id: str | None
    """its id; null when invalid"""
    version: str | None
    """its version; null when invalid"""
    items: int | None
    """how many items it has; null when invalid"""
    problems: list[ProblemEntry]
    """every problem, in line order (none when valid)"""


@documented
class Validation(TypedDict):
    """The result of cxcheck validate --format json"""

    schema_version: Literal[1]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["validation"]
    """what this document is"""
    cxcheck_version: str
    """the cxcheck that made it"""
    files: list[ValidatedFile]
    """every file checked, in the order checked"""
    valid: int
    """how many are valid"""
    invalid: int
    """how many are not; the exit code is 2 when any is"""


def validation(checked: list[tuple[str, Checklist | None, list[Problem]]]) -> Validation:
    """Each file's verdict, every problem listed: a script counts them itself, so none is cut."""
    files: list[ValidatedFile] = [
        {
            "path": path,
            "valid": checklist is not None,
            "id": None if checklist is None else checklist.id,
            "version": None if checklist is None else checklist.version,
            "items": None if checklist is None else len(checklist.items),
            "problems": [{"line": p.line, "message": p.message} for p in problems],
        }
        for path, checklist, problems in checked
    ]
    valid = sum(f["valid"] for f in files)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "validation",
        "cxcheck_version": __version__,
        "files": files,
        "valid": valid,
        "invalid": len(files) - valid,
    }


def checklist_list(catalog: Catalog) -> ChecklistList:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "checklists",
        "cxcheck_version": __version__,
        "checklists": [
            {
                "id": entry.checklist.id,
                "title": entry.checklist.title,
                "version": entry.checklist.version,
                "description": entry.checklist.description,
                "items": len(entry.checklist.items),
                "origin": entry.origin,
                "path": str(entry.path),
            }
            for entry in catalog
        ],
    }


def source_list() -> SourceList:
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "sources",
        "cxcheck_version": __version__,
        "sources": [
            {"source": name, "title": article.title, "author": article.author} for name, article in ARTICLES.items()
        ],
    }


def checklist_file(checklist: Checklist) -> dict[str, Any]:
    """The checklist as its file would hold it, defaults written out: valid against ``cxcheck schema checklist``."""
    return checklist.model_dump(mode="json", by_alias=True, exclude_none=True)
