"""The report context: every figure for the demo checklist worked out by hand.

Demo checklist (tests/conftest.py): section ``first`` (weight 2) holds ``often`` (frequency
0..4) and ``yes-no``; section ``second`` (weight 1) holds ``light`` (frequency, weight 0.5).

Answers: often = Rarely (1 -> 25), yes-no = Yes (100), light = Sometimes (2 -> 50).
- first = (25 + 100) / 2 = 62.5; second = 50; demo = (62.5 x 2 + 50 x 1) / 3 = 58.33 -> 58.3.
- priorities: often 1 x 2 x 75 = 150, light 0.5 x 1 x 50 = 25; yes-no has no gap.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from cxcheck.core import answers, scoring
from cxcheck.core.catalog import answered_checklists, discover
from cxcheck.core.targets import Bands, Targets
from cxcheck.reports.charts import MARGIN, x_of
from cxcheck.reports.gap import SCHEMA_VERSION, report_context, rules_line

ANSWERS = """\
    respondent: Ann Owner
    organisation: Demo Ltd
    role: owner
    date: 2024-05-01
    checklists:
      demo: "1.0"
    answers:
      demo/often:
        value: 1
        note: "we ask | every *time*"
      demo/yes-no: 1
      demo/light: 2
    """


def context_of(
    write, demo_dir: Path, text: str = ANSWERS, targets: Targets | None = None, top: int = 10
) -> dict[str, Any]:
    catalog = discover([demo_dir])
    answer_set = answers.load(write("answers.yaml", text), catalog, dt.date(2024, 6, 1))
    card = scoring.score(answered_checklists(catalog, [answer_set]), answer_set.answers, targets)
    return report_context(card, answer_set, top)


@pytest.fixture
def context(write, demo_dir: Path) -> dict[str, Any]:
    return context_of(write, demo_dir)


COUNTS_ALL = {"answered": 3, "not_applicable": 0, "unanswered": 0, "applicable": 3, "total": 3}


def test_header_carries_who_when_and_what(context: dict[str, Any]) -> None:
    assert list(context)[:10] == [
        "schema_version", "kind", "cxcheck_version", "rules", "organisation",
        "respondent", "role", "participants", "date", "answers_file",
    ]  # fmt: skip
    assert context["schema_version"] == SCHEMA_VERSION == 2 and context["kind"] == "report"
    assert (context["organisation"], context["respondent"], context["role"], context["date"]) == (
        "Demo Ltd", "Ann Owner", "owner", "2024-05-01",
    )  # fmt: skip
    assert context["answers_file"].endswith("answers.yaml")
    assert context["rules"] == rules_line(Targets()) and scoring.RULES in context["rules"]
    assert "misery below 40, mediocrity from 40 to below 75, magic from 75" in context["rules"]
    assert context["bands"] == {"mediocrity": 40, "magic": 75}
    assert context["targets"] == {"overall": 100, "checklists": {}, "sections": {}, "by_item": {}}


def test_overall_checklist_and_section_figures(context: dict[str, Any]) -> None:
    assert context["overall"] == {
        "score": 58.3, "band": "mediocrity", "target": 100, "gap": 41.7, "coverage": 100.0, "counts": COUNTS_ALL,
    }  # fmt: skip
    (demo,) = context["checklists"]
    assert (demo["id"], demo["title"], demo["version"], demo["answered_version"]) == (
        "demo",
        "Demo checklist",
        "1.0",
        "1.0",
    )
    assert (demo["score"], demo["band"], demo["gap"]) == (58.3, "mediocrity", 41.7)
    first, second = demo["sections"]
    assert first == {
        "id": "first", "title": "First section", "weight": 2,
        "score": 62.5, "band": "mediocrity", "target": 100, "gap": 37.5, "coverage": 100.0,
        "counts": {"answered": 2, "not_applicable": 0, "unanswered": 0, "applicable": 2, "total": 2},
    }  # fmt: skip
    assert (second["score"], second["band"], second["gap"], second["weight"]) == (50.0, "mediocrity", 50.0, 1)


def test_priorities_carry_question_answer_note_gap_and_action(context: dict[str, Any]) -> None:
    priorities = context["priorities"]
    assert (priorities["top"], priorities["total"], priorities["more_tied"]) == (10, 2, 0)
    often, light = priorities["ranked"]
    assert often == {
        "rank": 1, "tied": False, "id": "demo/often", "checklist": "demo", "checklist_title": "Demo checklist",
        "section": "first", "section_title": "First section", "question": "How often do you [bold]listen[/bold]?",
        "source": "002_0671ade08c34851c.txt", "source_title": "Selling a customer experience (untitled)",
        "own_addition": None, "answer": "Rarely", "value": 1, "score": 25.0, "band": "misery", "target": 100, "gap": 75.0,
        "weight": 1, "section_weight": 2, "priority": 150.0, "note": "we ask | every *time*",
        "action": "Ask one open question per call.",
    }  # fmt: skip
    assert (light["rank"], light["id"], light["priority"], light["answer"], light["note"]) == (
        2,
        "demo/light",
        25.0,
        "Sometimes",
        None,
    )


def test_every_note_and_reason_is_in_its_checklists_notes_whatever_the_priorities(write, demo_dir: Path) -> None:
    text = ANSWERS.replace("demo/yes-no: 1", "demo/yes-no: {value: n/a, reason: no site, note: ask Bo}")
    context = context_of(write, demo_dir, text, top=0)
    assert context["priorities"]["ranked"] == []
    head = {
        "checklist": "demo",
        "checklist_title": "Demo checklist",
        "section": "first",
        "section_title": "First section",
    }
    cites_002 = {"source": "002_0671ade08c34851c.txt", "source_title": "Selling a customer experience (untitled)"}
    cites_004 = {"source": "004_d0547bb3468ca640.txt", "source_title": "Customer-focused means, part 2, JoAnna Brandi"}
    cites_002["own_addition"] = cites_004["own_addition"] = None
    assert context["checklists"][0]["notes"] == [
        {"id": "demo/often", **head, "question": "How often do you [bold]listen[/bold]?", **cites_002, "answer": "Rarely",
         "note": "we ask | every *time*", "reason": None},
        {"id": "demo/yes-no", **head, "question": "Is the number on the website?", **cites_004, "answer": "n/a",
         "note": "ask Bo", "reason": "no site"},
    ]  # fmt: skip


def test_a_note_on_an_item_the_checklist_dropped_is_kept(write, demo_dir: Path) -> None:
    text = (
        ANSWERS.replace("demo/yes-no: 1", "demo/gone: {value: n/a, reason: no site, note: ask Bo}")
        .replace("demo/light: 2", "demo/old: 2")
        .replace('demo: "1.0"', 'demo: "0.9"')
    )  # an older version's items are kept as left out, not refused
    context = context_of(write, demo_dir, text)
    assert context["left_out"] == ["demo/gone", "demo/old"]
    assert context["left_out_notes"] == [{"id": "demo/gone", "note": "ask Bo", "reason": "no site"}]


def test_top_limits_the_list_not_the_total(write, demo_dir: Path) -> None:
    context = context_of(write, demo_dir, top=1)
    assert context["priorities"]["total"] == 2 and [p["id"] for p in context["priorities"]["ranked"]] == ["demo/often"]


def test_strengths_na_unanswered_and_left_out(write, demo_dir: Path) -> None:
    text = ANSWERS.replace("demo/light: 2", "demo/light: {value: n/a, reason: no staff}").replace(
        'demo/often:\n        value: 1\n        note: "we ask | every *time*"', "demo/gone: 3"
    )
    context = context_of(write, demo_dir, text.replace('demo: "1.0"', 'demo: "0.9"'))
    assert [s["id"] for s in context["strengths"]] == ["demo/yes-no"]
    assert context["strengths"][0]["answer"] == "Yes"
    assert context["not_applicable"] == [
        {"id": "demo/light", "checklist": "demo", "checklist_title": "Demo checklist", "section": "second",
         "section_title": "Second section", "question": "Do staff decide without asking?",
         "source": "001_1c575d8905d84cba.txt", "source_title": "Customer relationships demand customer focus, Richard Flint",
         "own_addition": None, "reason": "no staff"},
    ]  # fmt: skip
    assert [u["id"] for u in context["unanswered"]] == ["demo/often"]
    assert context["left_out"] == ["demo/gone"]
    assert context["checklists"][0]["answered_version"] == "0.9"
    overall = context["overall"]
    assert overall["counts"] == {"answered": 1, "not_applicable": 1, "unanswered": 1, "applicable": 2, "total": 3}
    assert (overall["score"], overall["coverage"]) == (100.0, 50.0)
    assert context["checklists"][0]["sections"][1]["score"] is None
    assert context["checklists"][0]["sections"][1]["coverage"] is None  # all n/a


def test_targets_and_bands_flow_into_every_figure(write, demo_dir: Path) -> None:
    targets = Targets(
        overall=60, sections={"demo/second": 40}, items={"demo/often": 20}, bands=Bands(mediocrity=20, magic=55)
    )
    context = context_of(write, demo_dir, targets=targets)
    assert context["overall"]["gap"] == 1.7 and context["overall"]["band"] == "magic"
    second = context["checklists"][0]["sections"][1]
    assert (second["target"], second["gap"]) == (40, 0.0)
    assert [p["id"] for p in context["priorities"]["ranked"]] == []  # often 25 >= 20, light 50 >= 40
    assert context["targets"]["by_item"] == {"demo/often": 20}
    assert "misery below 20" in context["rules"] and "Targets: 60 unless" in context["rules"]


def test_only_checklists_the_answers_touch_are_scored(write, demo_dir: Path) -> None:
    other = write("checklists/other.yaml", (demo_dir / "demo.yaml").read_text().replace("id: demo", "id: other", 1))
    catalog = discover([other.parent])
    answer_set = answers.load(write("answers.yaml", ANSWERS), catalog, dt.date(2024, 6, 1))
    assert [c.id for c in answered_checklists(catalog, [answer_set])] == ["demo"]
    named = ANSWERS.replace('demo: "1.0"', 'demo: "1.0"\n      other: "1.0"')
    answer_set = answers.load(write("answers.yaml", named), catalog, dt.date(2024, 6, 1))
    assert [c.id for c in answered_checklists(catalog, [answer_set])] == ["demo", "other"]


def test_chart_geometry_matches_the_scores(context: dict[str, Any]) -> None:
    overview = context["charts"]["overview"]
    (row,) = overview["rows"]
    assert (row["label"], row["score"], row["band"], row["target"]) == ("Demo checklist", 58.3, "mediocrity", 100)
    assert row["width"] == pytest.approx(x_of(58.3) - MARGIN) and row["target_x"] == x_of(100)
    assert row["value_inside"] is True and row["value_anchor"] == "end"
    (sections,) = context["charts"]["sections"]
    assert [r["label"] for r in sections["rows"]] == ["First section", "Second section"]
    assert [z["band"] for z in overview["zones"]] == ["misery", "mediocrity", "magic"]
    assert overview["zones"][1]["x"] == x_of(40) and overview["height"] > 0


def test_the_context_is_plain_json_and_stable(write, demo_dir: Path) -> None:
    first, second = context_of(write, demo_dir), context_of(write, demo_dir)
    assert json.dumps(first) == json.dumps(second)
    assert json.loads(json.dumps(first)) == first
