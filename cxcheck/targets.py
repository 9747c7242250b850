"""What "good enough" means for a business: targets per level and the band thresholds."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cxcheck import yamlio
from cxcheck.validation import fail_if, validate

Percent = Annotated[float, Field(ge=0, le=100)]


class Bands(BaseModel):
    """Score thresholds: below ``mediocrity`` is misery, from ``magic`` up is magic."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mediocrity: Percent = 40
    magic: Percent = 75

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        if self.magic <= self.mediocrity:
            raise ValueError("the magic threshold must be above the mediocrity threshold")
        return self

    def name(self, score: float | None) -> str | None:
        """The band a score falls in (None for no score: nothing answered is not misery)."""
        if score is None:
            return None
        if score < self.mediocrity:
            return "misery"
        return "mediocrity" if score < self.magic else "magic"


class Targets(BaseModel):
    """The targets file; the most specific target applies (item, section, checklist, overall)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    overall: Percent = 100
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


def load(path: Path) -> Targets:
    """Read a targets file, every problem reported with its line."""
    targets, problems = validate(Targets, yamlio.load(path))
    fail_if(problems)
    assert targets is not None
    return targets
