"""What "good enough" means for a business: targets per level and the band thresholds."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator
from typing_extensions import TypedDict

from cxcheck.errors import SHOWN_PER_FILE, Problem
from cxcheck.io import yamlsafe
from cxcheck.io.validation import fail_if, load_valid, mistaken, quoted, suggest
from cxcheck.model import BandName, documented, number

if TYPE_CHECKING:
    from cxcheck.core.catalog import Catalog

Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]

PRECISION = 1
"""Decimals of every figure a report carries; bands judge a score at this precision, so that a
weighted mean of ``74.99999999`` is 75 (magic), as a person doing the sum by hand would say."""


@documented
class BandsEntry(TypedDict):
    """Band thresholds"""

    mediocrity: float
    """scores below are misery"""
    magic: float
    """scores from here up are magic; below, from mediocrity, mediocrity"""


class Bands(BaseModel):
    """Score thresholds: below ``mediocrity`` is misery, from ``magic`` up is magic."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    mediocrity: Percent = Field(default=40, description="scores from here up to magic are mediocrity")
    magic: Percent = Field(default=75, description="scores from here up are magic")

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if self.magic <= self.mediocrity:
            raise ValueError("the magic threshold must be above the mediocrity threshold")
        return self

    def entry(self) -> BandsEntry:
        """The thresholds as every report writes them."""
        return {"mediocrity": number(self.mediocrity), "magic": number(self.magic)}

    def name(self, score: float | None) -> BandName | None:
        """The band a score falls in (None for no score: nothing answered is not misery)."""
        if score is None:
            return None
        score = round(score, PRECISION)
        if score < self.mediocrity:
            return "misery"
        return "mediocrity" if score < self.magic else "magic"


class Targets(BaseModel):
    """The targets file; the most specific target applies (item, section, checklist, overall)."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    overall: Percent = Field(default=100, description="the target of every part not named below")
    checklists: dict[str, Percent] = Field(default_factory=dict, description="by checklist id")
    sections: dict[str, Percent] = Field(default_factory=dict, description="by checklist-id/section-id")
    items: dict[str, Percent] = Field(default_factory=dict, description="by checklist-id/item-id")
    bands: Bands = Field(default_factory=Bands)

    def for_checklist(self, checklist_id: str) -> float:
        return self.checklists.get(checklist_id, self.overall)

    def for_section(self, checklist_id: str, section_id: str) -> float:
        return self.sections.get(f"{checklist_id}/{section_id}", self.for_checklist(checklist_id))

    def for_item(self, checklist_id: str, section_id: str, item_id: str) -> float:
        return self.items.get(f"{checklist_id}/{item_id}", self.for_section(checklist_id, section_id))


def load(path: Path, catalog: Catalog | None = None) -> Targets:
    """Read a targets file, every problem reported with its line.

    With ``catalog``, a target naming a checklist, section or item it does not hold is an
    error: a misspelt id would otherwise leave the intended part at the default target.
    """
    targets, doc, problems = load_valid(Targets, path)
    if catalog is not None:
        problems += check_ids(doc, catalog)
    fail_if(sorted(mistaken(doc, "a targets file", problems), key=lambda p: p.line or 0))
    assert targets is not None
    return targets


def check_ids(doc: yamlsafe.Document, catalog: Catalog) -> list[Problem]:
    """Every checklist, section or item id a targets file names that ``catalog`` does not hold, at its line.

    Read from the file's data, not the model, so that a wrong value elsewhere (a bands
    threshold) does not hide a misspelt id until it is fixed.
    """
    found: list[tuple[int, str, Callable[[], str], str]] = []
    data = doc.data if isinstance(doc.data, dict) else {}

    def keys(group: str) -> list[str]:
        given = data.get(group)
        return [k for k in given if isinstance(k, str)] if isinstance(given, dict) else []

    def unknown(group: str, key: str, message: str, near: Callable[[], str], otherwise: str = "") -> None:
        """``message``, and the nearest id (``near``) or ``otherwise`` after it, worked out later."""
        found.append((doc.line_of((group, key)) or 0, message, near, otherwise))

    checklist_ids = [e.checklist.id for e in catalog]
    for key in keys("checklists"):
        if key not in catalog:
            unknown("checklists", key, f"unknown checklist {quoted(key)}", partial(suggest, key, checklist_ids))
    for group in ("sections", "items"):
        what = group[:-1]
        for key in keys(group):
            checklist_id, _, part_id = key.partition("/")
            if checklist_id not in catalog:
                message = f"unknown checklist {quoted(checklist_id)} in {what} target {quoted(key)}"
                hint = f"; write it as checklist-id/{what}-id"
                unknown(group, key, message, partial(suggest, checklist_id, checklist_ids), hint)
                continue
            checklist = catalog.get(checklist_id)
            ids = [s.id for s in checklist.sections] if group == "sections" else [i.id for _, i in checklist.items]
            if part_id not in ids:
                message = f"unknown {what} {quoted(part_id)} in checklist '{checklist_id}'"
                unknown(group, key, message, partial(suggest, part_id, ids), f" (see `cxcheck show {checklist_id}`)")
    # A "did you mean" only for the problems a file shows: for 50,000 unknown ids it took seconds.
    found.sort(key=lambda f: f[0])
    return [
        Problem(str(doc.path), line or None, message + ((near() if n < SHOWN_PER_FILE else "") or otherwise))
        for n, (line, message, near, otherwise) in enumerate(found)
    ]
