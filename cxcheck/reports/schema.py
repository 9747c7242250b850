"""JSON Schemas for the file formats and the reports, so editors and scripts can check them.

The file formats' schemas come from their pydantic models, the reports' from the TypedDicts
their contexts are typed with: either way the schema is generated from the one definition the
code itself is checked against, never written by hand beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _checklist() -> dict[str, Any]:
    from cxcheck.model import Checklist

    return Checklist.model_json_schema()


def _answers() -> dict[str, Any]:
    from cxcheck.core.answers import AnswersFile

    return AnswersFile.model_json_schema()


def _workbook() -> dict[str, Any]:
    from cxcheck.model import Workbook

    return Workbook.model_json_schema()


def _targets() -> dict[str, Any]:
    from cxcheck.core.targets import Targets

    return Targets.model_json_schema()


def _theme() -> dict[str, Any]:
    from cxcheck.core.theme import Theme

    return Theme.model_json_schema()


def _config() -> dict[str, Any]:
    from cxcheck.core.config import Config

    return Config.model_json_schema()


def _report() -> dict[str, Any]:
    from cxcheck.reports.gap import GapReport

    return _context(GapReport, "cxcheck gap report")


def _check() -> dict[str, Any]:
    from cxcheck.reports.check import CheckReport

    return _context(CheckReport, "cxcheck check result")


def _workshop() -> dict[str, Any]:
    from cxcheck.reports.workshop import WorkshopReport

    return _context(WorkshopReport, "cxcheck workshop report")


def _compare() -> dict[str, Any]:
    from cxcheck.reports.compare import CompareReport

    return _context(CompareReport, "cxcheck compare report")


def _trend() -> dict[str, Any]:
    from cxcheck.reports.trend import TrendReport

    return _context(TrendReport, "cxcheck trend report")


def _list() -> dict[str, Any]:
    from cxcheck.reports.catalog import ChecklistList

    return _context(ChecklistList, "cxcheck list result")


def _sources() -> dict[str, Any]:
    from cxcheck.reports.catalog import SourceList

    return _context(SourceList, "cxcheck list --sources result")


def _validation() -> dict[str, Any]:
    from cxcheck.reports.catalog import Validation

    return _context(Validation, "cxcheck validate result")


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "checklist": _checklist,
    "answers": _answers,
    "workbook": _workbook,
    "targets": _targets,
    "theme": _theme,
    "report": _report,
    "config": _config,
    "check": _check,
    "workshop": _workshop,
    "compare": _compare,
    "trend": _trend,
    "list": _list,
    "sources": _sources,
    "validation": _validation,
}


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name``, with the ``$schema`` and ``$id`` keys editors look for."""
    body = SCHEMAS[name]()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"cxcheck:{name}", **body}


def _context(shape: type, title: str) -> dict[str, Any]:
    """A report context's schema, every ``$ref`` written out in place.

    A report is read by people as much as by validators: one self-contained tree, each key
    described where it appears, reads top to bottom like the document it describes.
    """
    from pydantic import TypeAdapter

    generated = TypeAdapter(shape).json_schema(mode="serialization")
    definitions = generated.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(n) for n in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            # the key's own description wins over its type's: it says what this use of the type means
            target = definitions[node["$ref"].rsplit("/", 1)[-1]]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        if "const" in node:  # a constant says its type itself
            node = {k: v for k, v in node.items() if k != "type"}
        return {k: inline(v) for k, v in node.items()}

    return {"title": title, **inline(generated)}
