"""JSON Schemas for the file formats, so editors can complete and check files as they are typed."""

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


def _report() -> dict[str, Any]:
    from cxcheck.reports.gap import report_schema

    return report_schema()


def _config() -> dict[str, Any]:
    from cxcheck.core.config import Config

    return Config.model_json_schema()


def _check() -> dict[str, Any]:
    from cxcheck.reports.check import check_schema

    return check_schema()


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "checklist": _checklist,
    "answers": _answers,
    "workbook": _workbook,
    "targets": _targets,
    "report": _report,
    "config": _config,
    "check": _check,
}


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name``, with the ``$schema`` and ``$id`` keys editors look for."""
    body = SCHEMAS[name]()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"cxcheck:{name}", **body}
