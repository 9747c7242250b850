"""``cxcheck check``'s verdict as text for a log, JSON for a script, and JUnit XML for a CI dashboard.

All three are made from one context (:func:`check_context`), which is also the JSON output,
so they can never disagree; :class:`CheckReport` documents it (``cxcheck schema check``).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
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

SCHEMA_VERSION: Final = 2
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
    """whether the gate passed; false for a skipped gate too"""
    skipped: bool
    """the gate judged nothing, its input being absent (max-drop without a baseline): neither passed nor failed"""
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
    """no gate for this file failed (skipped gates do not fail)"""
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
    skipped: int
    """gates skipped for want of their input (gates = passed + failed + skipped)"""


@documented
class CheckReport(TypedDict):
    """The result of cxcheck check --format json"""

    schema_version: Literal[2]
    """changes whenever a key changes meaning or goes (2: a gate may be skipped, and passed is false for it)"""
    kind: Literal["check"]
    """what this document is"""
    cxcheck_version: str
    """the cxcheck that made it"""
    passed: bool
    """no gate of any file failed (exit code 0); skipped gates do not fail"""
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
    failed = sum(r.failed for r in results)
    skipped = sum(r.skipped for r in results)
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "check",
        "cxcheck_version": __version__,
        "passed": failed == 0,
        "today": today.isoformat(),
        "config": None if config is None else str(config),
        "baseline": None if baseline is None else _assessment(baseline),
        "summary": {
            "files": len(checked),
            "gates": len(results),
            "passed": len(results) - failed - skipped,
            "failed": failed,
            "skipped": skipped,
        },
        "files": [
            {**_assessment(snapshot), "passed": not any(r.failed for r in gates), "gates": [_gate(r) for r in gates]}
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
        "skipped": result.skipped,
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
        lines += [f"{_verdict(g)}  {g['name']:<{width}}  {g['message']}" for g in entry["gates"]]
    lines.append(_summary(context))
    return "\n".join(lines) + "\n"


def _verdict(gate: GateEntry) -> str:
    return "PASS" if gate["passed"] else "SKIP" if gate["skipped"] else "FAIL"


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
    skipped = f", {summary['skipped']} skipped" if summary["skipped"] else ""
    if summary["failed"]:
        return f"FAILED: {summary['failed']} of {summary['gates']} gates failed{skipped}{where}."
    if skipped:
        return f"PASSED: {summary['passed']} of {summary['gates']} gates passed{skipped}."
    return f"PASSED: all {summary['gates']} gates passed."


def as_junit(context: CheckReport) -> str:
    """JUnit XML: a test suite per answers file, a test case per gate, a failure per failed gate.

    A skipped gate is a ``<skipped>`` test case, which CI test views show as skipped.
    """
    summary = context["summary"]
    root = _root(summary["gates"], summary["failed"], summary["skipped"])
    for entry in context["files"]:
        gates = entry["gates"]
        suite = _suite(root, entry["file"], len(gates), sum(_verdict(g) == "FAIL" for g in gates))
        suite.set("skipped", str(sum(g["skipped"] for g in gates)))
        properties = ET.SubElement(suite, "properties")
        for key in ("organisation", "respondent", "date", "score", "band"):
            ET.SubElement(properties, "property", name=key, value="" if entry[key] is None else str(entry[key]))
        for gate in gates:
            case = ET.SubElement(suite, "testcase", name=gate["name"], classname=f"cxcheck.{gate['gate']}")
            if gate["passed"]:
                ET.SubElement(case, "system-out").text = gate["message"]
            elif gate["skipped"]:
                ET.SubElement(case, "skipped", message=gate["message"])
            else:
                ET.SubElement(case, "failure", message=gate["message"], type=gate["gate"]).text = gate["message"]
    return _xml(root)


def junit_bad_input(problems: Sequence[str]) -> str:
    """The JUnit file for a check that could not judge its input: one failed test case with every problem.

    Without it, a CI job whose answers file is broken shows an empty test view, as if there
    had been nothing to test; the message is the first problem (``file:line: what is wrong``).
    """
    root = _root(1, 1, 0)
    case = ET.SubElement(_suite(root, "cxcheck check", 1, 1), "testcase", name="input", classname="cxcheck.input")
    first = problems[0] if len(problems) == 1 else f"{problems[0]} (and {len(problems) - 1} more problems)"
    ET.SubElement(case, "failure", message=first, type="bad-input").text = "\n".join(problems)
    return _xml(root)


def _root(tests: int, failures: int, skipped: int) -> ET.Element:
    return ET.Element(
        "testsuites", name="cxcheck check", tests=str(tests), failures=str(failures), skipped=str(skipped)
    )


def _suite(root: ET.Element, name: str, tests: int, failures: int) -> ET.Element:
    return ET.SubElement(
        root, "testsuite", name=name, tests=str(tests), failures=str(failures), errors="0", skipped="0"
    )


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return _XML_FORBIDDEN.sub("\ufffd", ET.tostring(root, encoding="unicode", xml_declaration=True)) + "\n"


# Characters XML 1.0 forbids anywhere, even escaped: ElementTree writes them raw, and no parser
# reads the file. None is ever part of our markup, so replacing them in the whole text is exact.
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


RENDERERS = {"text": as_text, "json": as_json, "junit": as_junit}
