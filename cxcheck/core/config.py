"""The gates config file, ``cxcheck.yaml``: a repository's reassessment job in one line.

The file holds what stays the same from one quarter to the next (thresholds, the baseline,
targets, extra checklists); options on the command line override it, so a one-off run can
tighten a gate without editing the file. Paths in the file are relative to the file, so the
job works from any directory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from cxcheck.core.catalog import Catalog
from cxcheck.core.gates import Gates, unknown_ids
from cxcheck.errors import CxError, Problem
from cxcheck.io import yamlsafe
from cxcheck.io.validation import fail_if, load_valid, mistaken

DEFAULT_NAME = "cxcheck.yaml"
_PATH_KEYS = ("baseline", "targets")


class Config(Gates):
    """The config file's keys: every gate, and the files a check reads besides the answers."""

    baseline: str | None = Field(
        default=None, description="an earlier answers file or JSON report, for max_drop; relative to this file"
    )
    targets: str | None = Field(default=None, description="a targets file (see docs/reports.md); relative to this file")
    checklists: list[str] = Field(
        default_factory=list, description="extra checklist directories, as --checklists; relative to this file"
    )


@dataclass(frozen=True)
class Settings:
    """What a check runs with, after the command line has overridden the config file."""

    gates: Gates
    baseline: Path | None = None
    targets: Path | None = None
    checklists: tuple[Path, ...] = ()
    config: Path | None = None
    lines: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """The config file's line for each id a gate names there, so an unknown id is reported at its line."""

    def check_ids(self, catalog: Catalog) -> None:
        """Refuse a gate naming a checklist or section that does not exist: it could never pass."""
        problems = []
        for key, gate_id, message in unknown_ids(self.gates, catalog):
            line = self.lines.get((key, gate_id))
            if line is None:
                problems.append(Problem(None, None, f"{option_name(key)} {gate_id}: {message}"))
            else:
                problems.append(Problem(str(self.config), line, f"{key}: {message}"))
        fail_if(problems)


def option_name(key: str) -> str:
    """``fail_under_checklist`` as the command line spells it: ``--fail-under-checklist``."""
    return "--" + key.replace("_", "-")


def find(explicit: Path | None, use_default: bool = True, directory: Path = Path(".")) -> Path | None:
    """The config file to read: the one named, else ``cxcheck.yaml`` in ``directory`` if there is one."""
    if explicit is not None:
        if not use_default:
            raise CxError("--config and --no-config contradict each other; give one")
        return explicit
    default = directory / DEFAULT_NAME
    return default if use_default and default.is_file() else None


def load(path: Path) -> tuple[Config, yamlsafe.Document]:
    """The config file, every problem reported as ``file:line``."""
    config, doc, problems = load_valid(Config, path)
    fail_if(mistaken(doc, "a gates config file", problems))
    assert config is not None
    return config, doc


def settings(
    config_path: Path | None,
    options: Mapping[str, Any],
    baseline: Path | None = None,
    targets: Path | None = None,
    checklists: Iterable[Path] = (),
) -> Settings:
    """The config file's values overridden by ``options`` (gate fields; None means not given).

    A single threshold given on the command line replaces the file's; ``ID=N`` entries are
    merged, so ``--fail-under-checklist access=80`` changes access and keeps the others.
    Checklist directories from both are read, the command line's last (they take precedence).
    """
    config, doc = load(config_path) if config_path is not None else (Config(), None)
    merged = config.model_dump(include=set(Gates.model_fields))
    for key, value in options.items():
        if isinstance(value, Mapping):
            merged[key] = {**merged[key], **value}
        elif value is not None:
            merged[key] = value
    try:
        gates = Gates.model_validate(merged)
    except ValidationError as exc:
        raise CxError("; ".join(_option_error(e) for e in exc.errors())) from None
    lines: dict[tuple[str, str], int] = {}
    if doc is not None:
        for key in ("fail_under_checklist", "fail_under_section"):
            for gate_id in getattr(config, key):
                if gate_id not in options.get(key, {}):
                    lines[(key, gate_id)] = doc.line_of((key, gate_id))

    def relative(value: str | None) -> Path | None:
        return None if value is None or doc is None else doc.path.parent / value

    if doc is not None:
        overridden = {"baseline": baseline, "targets": targets}
        used = {key: getattr(config, key) for key in _PATH_KEYS if overridden[key] is None}
        _require_files(doc, used, config.checklists)
    result = Settings(
        gates=gates,
        baseline=baseline or relative(config.baseline),
        targets=targets or relative(config.targets),
        checklists=(*(doc.path.parent / d for d in config.checklists if doc is not None), *checklists),
        config=config_path,
        lines=lines,
    )
    _require_pairs(result, options.get("max_drop") is not None)
    return result


def _require_files(doc: yamlsafe.Document, files: Mapping[str, str | None], directories: list[str]) -> None:
    """A file the config names but that is not there is the config's mistake: say so at its line.

    Reported later, the message would name only the missing file, leaving the reader to
    guess that the path is read relative to the config file.
    """
    base, why = doc.path.parent, "(paths here are relative to this config file)"
    problems = [
        Problem(str(doc.path), doc.line_of((key,)), f"{key}: no file {value} {why}")
        for key, value in files.items()
        if value is not None and not (base / value).exists()
    ]
    problems += [
        Problem(str(doc.path), doc.line_of(("checklists", n)), f"checklists: no directory {directory} {why}")
        for n, directory in enumerate(directories)
        if not (base / directory).is_dir()
    ]
    fail_if(problems)


def _option_error(error: Any) -> str:
    """A pydantic error about a command-line value, named as the option it came from."""
    where = " ".join([option_name(str(error["loc"][0])), *map(str, error["loc"][1:])])
    return f"{where}: {error['msg']}"


def _require_pairs(result: Settings, max_drop_given: bool) -> None:
    """A baseline without a limit, or ``--max-drop`` typed without a baseline, would check nothing: say so.

    ``max_drop`` from the config file without a baseline is no mistake: on the first quarter
    there is none yet, and the gate is reported as skipped (:func:`cxcheck.core.gates.evaluate`).
    """
    if max_drop_given and result.baseline is None:
        raise CxError("--max-drop needs --baseline FILE (an earlier answers file or JSON report) to compare with")
    if result.baseline is not None and result.gates.max_drop is None:
        raise CxError("--baseline needs --max-drop N: how many points a score may drop before the check fails")


def parse_pairs(option: str, values: Iterable[str]) -> dict[str, float]:
    """``["access=60", "people=50"]`` from a repeatable ``ID=N`` option, each N from 0 to 100."""
    pairs: dict[str, float] = {}
    for text in values:
        key, sep, raw = text.partition("=")
        try:
            value = float(raw)
        except ValueError:
            value = float("nan")
        if not sep or not key.strip() or not 0 <= value <= 100:
            raise CxError(f"{option} {text}: write ID=N with N from 0 to 100, for example {option} access=60")
        pairs[key.strip()] = value
    return pairs
