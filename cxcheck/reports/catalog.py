"""``cxcheck list`` and ``cxcheck show`` as JSON, for scripts: the same facts the terminal tables show.

``list`` is described by :class:`ChecklistList` (``cxcheck schema list``), ``list --sources``
by :class:`SourceList` (``cxcheck schema sources``). ``show ID`` is the checklist in its own
file format (``cxcheck schema checklist``): a script reads it as it would read the file.
"""

from __future__ import annotations

from typing import Any, Final, Literal

from typing_extensions import TypedDict

from cxcheck import __version__
from cxcheck.core.catalog import Catalog
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
