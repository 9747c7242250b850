"""JSON Schemas for the file formats and the reports, so editors and scripts can check them.

The file formats' schemas come from their pydantic models, the reports' from the TypedDicts
their contexts are typed with: either way the schema is generated from the one definition the
code itself is checked against, never written by hand beside it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial
from typing import Any

_SHAPES: dict[str, tuple[str, str, str | None]] = {
    # name: (module, the model or context TypedDict, the title of a report's schema; None for a file format's)
    "checklist": ("cxcheck.model", "Checklist", None),
    "answers": ("cxcheck.core.answers", "AnswersFile", None),
    "workbook": ("cxcheck.model", "Workbook", None),
    "targets": ("cxcheck.core.targets", "Targets", None),
    "theme": ("cxcheck.core.theme", "Theme", None),
    "report": ("cxcheck.reports.gap", "GapReport", "cxcheck gap report"),
    "config": ("cxcheck.core.config", "Config", None),
    "check": ("cxcheck.reports.check", "CheckReport", "cxcheck check result"),
    "workshop": ("cxcheck.reports.workshop", "WorkshopReport", "cxcheck workshop report"),
    "compare": ("cxcheck.reports.compare", "CompareReport", "cxcheck compare report"),
    "trend": ("cxcheck.reports.trend", "TrendReport", "cxcheck trend report"),
    "list": ("cxcheck.reports.catalog", "ChecklistList", "cxcheck list result"),
    "sources": ("cxcheck.reports.catalog", "SourceList", "cxcheck list --sources result"),
    "validation": ("cxcheck.reports.catalog", "Validation", "cxcheck validate result"),
}
"""Where each schema's one definition lives: imported only when that schema is asked for, so
that ``cxcheck --help`` (which lists the names) loads none of them."""


def _generated(name: str) -> dict[str, Any]:
    module, shape, title = _SHAPES[name]
    defined = getattr(importlib.import_module(module), shape)
    return defined.model_json_schema() if title is None else _context(defined, title)


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {name: partial(_generated, name) for name in _SHAPES}


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
