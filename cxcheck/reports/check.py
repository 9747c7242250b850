"""``cxcheck check``'s verdict as text for a log, JSON for a script, and JUnit XML for a CI dashboard.

All three are made from one context (:func:`check_context`), which is also the JSON output,
so they can never disagree; :class:`CheckReport` documents it (``cxcheck schema check``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final, Literal

from typing_extensions import TypedDict

from cxcheck import __version__
from cxcheck.core.gates import GateName, GateResult, Unit
from cxcheck.core.scoring import figure
from cxcheck.core.snapshot import Snapshot
from cxcheck.model import BandName, documented
from cxcheck.reports.render import json_text

SCHEMA_VERSION: Final = 1
FORMATS = ("text", "json", "junit")

Checked = tuple[Snapshot, list[GateResult]]


@documented
class Assessment(TypedDict):
    """An assessment's figures"""

    file: str
    """the file as given on the command line"""
    organisation: str
    """the business assessed"""
    respondent: str
    """who answered"""
    date: str
    """the date of the answers (ISO 8601)"""
    score: float | None
    """a score, 0..100 to one decimal; null when nothing was answered"""
    band: BandName | None
    """the overall score's band"""
    answered: int
    """items answered with a value"""
    applicable: int
    """items answered or unanswered (n/a left out)"""


@documented
class GateEntry(TypedDict):
    """One gate's verdict"""

    name: str
    """the gate and what it judges, unique within a file: 'fail-under-checklist access'"""
    gate: GateName
    """the gate, named as its command-line option"""
    subject: str | None
    """the checklist or checklist/section judged; null for the whole"""
    passed: bool
    """whether the gate passed"""
    value: float | None
    """the figure measured now, in unit; null when it cannot be measured"""
    threshold: float
    """the gate's limit, in unit (for max-drop: the points a score may drop)"""
    baseline: float | None
    """max-drop only: the baseline's score"""
    unit: Unit
    """unit of value and threshold"""
    message: str
    """the verdict in one line, with the figures"""


@documented
class FileEntry(Assessment):
    """One answers file and its gates"""

    passed: bool
    """every gate for this file passed"""
    gates: list[GateEntry]
    """the gates, in a fixed order"""


@documented
class Summary(TypedDict):
    """How many gates passed and failed, over every file"""

    files: int
    """answers files checked"""
    gates: int
    """gates judged, over every file"""
    passed: int
    """gates that passed"""
    failed: int
    """gates that failed"""


@documented
class CheckReport(TypedDict):
    """The result of cxcheck check --format json"""

    schema_version: Literal[1]
    """changes whenever a key changes meaning or goes"""
    kind: Literal["check"]
    """what this document is"""
    cxcheck_version: str
    """the cxcheck that made it"""
    passed: bool
    """every gate of every file passed (exit code 0)"""
    today: str
    """the day ages are counted to (ISO 8601)"""
    config: str | None
    """the config file read, if any"""
    baseline: Assessment | None
    """the assessment scores may not drop from (--baseline); null without one"""
    summary: Summary
    """how many gates passed and failed, over every file"""
    files: list[FileEntry]
    """one entry per answers file, in the order given; every gate applies to each"""


def check_context(
    checked: Sequence[Checked], today: dt.date, baseline: Snapshot | None = None, config: Path | None = None
) -> CheckReport:
    """The verdict of every gate for every answers file, with the figures they were judged on."""
    results = [r for _, gates in checked for r in gates]
    failed = sum(not r.passed for r in results)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "check",
        "cxcheck_version": __version__,
        "passed": failed == 0,
        "today": today.isoformat(),
        "config": None if config is None else str(config),
        "baseline": None if baseline is None else _assessment(baseline),
        "summary": {"files": len(checked), "gates": len(results), "passed": len(results) - failed, "failed": failed},
        "files": [
            {**_assessment(snapshot), "passed": all(r.passed for r in gates), "gates": [_gate(r) for r in gates]}
            for snapshot, gates in checked
        ],
    }


def _assessment(snapshot: Snapshot) -> Assessment:
    overall = snapshot.overall
    return {
        "file": str(snapshot.path),
        "organisation": snapshot.organisation,
        "respondent": snapshot.respondent,
        "date": snapshot.date.isoformat(),
        "score": overall.score,
        "band": snapshot.band(overall.score),
        "answered": overall.answered,
        "applicable": overall.applicable,
    }


def _gate(result: GateResult) -> GateEntry:
    return {
        "name": result.name,
        "gate": result.gate,
        "subject": result.subject,
        "passed": result.passed,
        "value": result.value,
        "threshold": result.threshold,
        "baseline": result.baseline,
        "unit": result.unit,
        "message": result.message,
    }


def as_json(context: CheckReport) -> str:
    return json_text(context)


def as_text(context: CheckReport) -> str:
    """One line per gate (``PASS``/``FAIL``, name, figures), grouped by file, then one summary line."""
    lines: list[str] = []
    files = context["files"]
    if len(files) > 1:
        lines.append(f"The gates apply to each of the {len(files)} answers files.")
    if context["baseline"] is not None:
        lines.append(f"Baseline: {_headline(context['baseline'])}")
    for entry in files:
        lines.append(_headline(entry))
        width = max((len(g["name"]) for g in entry["gates"]), default=0)
        lines += [f"{'PASS' if g['passed'] else 'FAIL'}  {g['name']:<{width}}  {g['message']}" for g in entry["gates"]]
    lines.append(_summary(context))
    return "\n".join(lines) + "\n"


def _headline(entry: Assessment) -> str:
    score = "no score" if entry["score"] is None else f"{figure(entry['score'])} ({entry['band']})"
    return (
        f"{entry['file']}: {entry['organisation']}, answers of {entry['date']} by {entry['respondent']}; "
        f"overall {score}, {entry['answered']} of {entry['applicable']} applicable items answered"
    )


def _summary(context: CheckReport) -> str:
    summary = context["summary"]
    failing = [f["file"] for f in context["files"] if not f["passed"]]
    where = f", in {', '.join(failing)}" if summary["files"] > 1 and failing else ""
    if summary["failed"]:
        return f"FAILED: {summary['failed']} of {summary['gates']} gates failed{where}."
    return f"PASSED: all {summary['gates']} gates passed."


def as_junit(context: CheckReport) -> str:
    """JUnit XML: a test suite per answers file, a test case per gate, a failure per failed gate."""
    import xml.etree.ElementTree as ET

    summary = context["summary"]
    root = ET.Element("testsuites", name="cxcheck check", tests=str(summary["gates"]), failures=str(summary["failed"]))
    for entry in context["files"]:
        failures = sum(not g["passed"] for g in entry["gates"])
        suite = ET.SubElement(
            root,
            "testsuite",
            name=entry["file"],
            tests=str(len(entry["gates"])),
            failures=str(failures),
            errors="0",
            skipped="0",
        )
        properties = ET.SubElement(suite, "properties")
        for key in ("organisation", "respondent", "date", "score", "band"):
            ET.SubElement(properties, "property", name=key, value="" if entry[key] is None else str(entry[key]))
        for gate in entry["gates"]:
            case = ET.SubElement(suite, "testcase", name=gate["name"], classname=f"cxcheck.{gate['gate']}")
            if gate["passed"]:
                ET.SubElement(case, "system-out").text = gate["message"]
            else:
                ET.SubElement(case, "failure", message=gate["message"], type=gate["gate"]).text = gate["message"]
    ET.indent(root)
    return _XML_FORBIDDEN.sub("\ufffd", ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


# Characters XML 1.0 forbids anywhere, even escaped: ElementTree writes them raw, and no parser
# reads the file. None is ever part of our markup, so replacing them in the whole text is exact.
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


RENDERERS = {"text": as_text, "json": as_json, "junit": as_junit}
