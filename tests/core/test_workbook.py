"""The workbook file format: read inline or from a named file, checked whole, written back unchanged."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcheck.core import answers
from cxcheck.core import workbook as workbooks
from cxcheck.core.catalog import discover
from cxcheck.errors import ValidationFailed
from cxcheck.model import Stage, TouchPoint, Workbook
from tests.reports.test_report import ANSWERS as _ANSWERS
from tests.workbook_data import WORKBOOK

TODAY = dt.date(2024, 6, 1)
ANSWERS = _ANSWERS.rstrip(" ")
WITH_MAP = ANSWERS + "    workbook:\n" + WORKBOOK


def load(write, demo_dir: Path, text: str = WITH_MAP, name: str = "answers.yaml"):
    return answers.load(write(name, text), discover([demo_dir]), TODAY)


def problems(write, demo_dir: Path, text: str) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        load(write, demo_dir, text)
    return [f"{Path(p.path or '').name}:{p.line}: {p.message}" for p in caught.value.problems]


def test_an_inline_map_is_read_with_every_part(write, demo_dir: Path) -> None:
    book = load(write, demo_dir).workbook
    assert book is not None
    assert [s.name for s in book.journey] == ["Finding us", "Visit", "After-sales"]
    assert [(s.name, p.name, p.worst) for s, p in book.touchpoints] == [
        ("Finding us", "Search result", "magic"),
        ("Finding us", "Phone number on the site", "misery"),
        ("Visit", "Greeting at the door", "misery"),
        ("Visit", "Waiting area", "magic"),
        ("After-sales", "Hold line", "misery"),
        ("After-sales", "Thank-you card", "magic"),
    ]
    greeting = book.journey[1].touchpoints[0]
    assert {k: (r.rating, r.note) for k, r in greeting.ratings().items()} == {
        None: ("mediocrity", None),
        "newcomers": ("misery", "nobody looked up"),
        "regulars": ("magic", None),
    }
    assert book.customers is not None and [k.name for k in book.customers.kinds if k.best] == ["regulars"]
    assert book.customers.kinds[2].inside and book.ideal is not None and book.ideal.name == "Dazzle Me"
    assert [p.id for p in book.practices] == ["call-back", "bike-check"]
    assert book.journey[0].touchpoints[1].note == "hidden <b>three</b> clicks deep | {{ 7*7 }}"


def test_ratings_are_read_as_people_type_them(write, demo_dir: Path) -> None:
    text = WITH_MAP.replace("rating: magic\n              note: first", "rating: ' Magic '\n              note: first")
    assert load(write, demo_dir, text).workbook.journey[0].touchpoints[0].rating == "magic"


def test_a_named_file_beside_the_answers_holds_the_map(write, demo_dir: Path, tmp_path: Path) -> None:
    write("maps/journey.yaml", "format_version: 1\n" + textwrap.dedent(WORKBOOK))
    answer_set = load(write, demo_dir, ANSWERS + "    workbook: journey.yaml\n", "maps/answers.yaml")
    inline = load(write, demo_dir)
    assert answer_set.workbook == inline.workbook and answer_set.workbook_file == "journey.yaml"
    assert workbooks.load(tmp_path / "maps/journey.yaml") == inline.workbook


def test_a_named_file_that_is_missing_or_wrong_is_reported_in_its_own_lines(
    write, demo_dir: Path, tmp_path: Path
) -> None:
    gone = problems(write, demo_dir, ANSWERS + "    workbook: gone.yaml\n")
    assert gone == [
        f"answers.yaml:13: workbook: the file 'gone.yaml' it names does not exist (looked for {tmp_path}/gone.yaml)"
    ]
    write("bad.yaml", "journey:\n  - name: Visit\n    touchpoints:\n      - name: Door\n        rating: meh\n")
    assert problems(write, demo_dir, ANSWERS + "    workbook: bad.yaml\n") == [
        "bad.yaml:5: journey[0].touchpoints[0].rating: must be 'magic', 'mediocrity' or 'misery', found text 'meh'"
    ]


def test_every_problem_of_the_map_at_once_with_its_line(write, demo_dir: Path) -> None:
    text = (
        WITH_MAP.replace("rating: misery\n              note: waited", "rating: awful\n              note: waited")
        .replace("regulars: magic", "regulars: {rating: great}")
        .replace("- id: bike-check", "- id: Bike Check")
        .replace("      ideal:", "      ideals:")
    )
    assert problems(write, demo_dir, text) == [
        "answers.yaml:34: workbook.journey[1].touchpoints[0].by_customer.regulars.rating: "
        "must be 'magic', 'mediocrity' or 'misery', found text 'great'",
        "answers.yaml:44: workbook.journey[2].touchpoints[0].rating: "
        "must be 'magic', 'mediocrity' or 'misery', found text 'awful'",
        "answers.yaml:63: unknown field 'ideals' (did you mean 'ideal'?)",
        "answers.yaml:73: workbook.practices[1].id: 'Bike Check' must use lowercase letters, digits and '-' only",
    ]


def test_what_only_the_whole_map_shows_is_reported_all_at_once(write, demo_dir: Path) -> None:
    text = (
        WITH_MAP.replace("- name: Waiting area", "- name: greeting at the door")
        .replace("- name: After-sales", "- name: visit")
        .replace("regulars: magic", "regular: magic")
        .replace("answer: 1\n", "answer: 7\n")
    )
    assert problems(write, demo_dir, text) == [
        "answers.yaml:34: workbook.journey[1].touchpoints[0].by_customer: 'regular' is not a kind of customer "
        "listed under customers.kinds (did you mean 'regulars'?)",
        "answers.yaml:35: workbook.journey[1].touchpoints[1]: a second touch point named 'greeting at the door' "
        "in stage 'Visit'",
        "answers.yaml:39: workbook.journey[2]: a second stage named 'visit'; merge the two",
        "answers.yaml:70: workbook.practices[0].answer: the number 7 is not on this item's scale "
        "(0 Never, 1 Rarely, 2 Sometimes, 3 Often, 4 Always or n/a)",
    ]


def test_a_workbook_of_another_format_version_is_refused(write, demo_dir: Path) -> None:
    text = ANSWERS + "    workbook:\n      format_version: 2\n"
    assert problems(write, demo_dir, text) == [
        "answers.yaml:14: workbook.format_version: 2 is not one this cxcheck reads (it reads 1)"
    ]


def test_the_workbook_must_be_a_map_or_a_file_name(write, demo_dir: Path) -> None:
    assert problems(write, demo_dir, ANSWERS + "    workbook: [1, 2]\n") == [
        "answers.yaml:13: workbook: must be the workbook (a mapping) or the name of a YAML file beside this one, "
        "found a list"
    ]


def test_saving_writes_the_map_back_as_it_was_read(write, demo_dir: Path, tmp_path: Path) -> None:
    first = load(write, demo_dir)
    answers.save(first, tmp_path / "again.yaml", answers.item_order([]))
    again = answers.load(tmp_path / "again.yaml", discover([demo_dir]), TODAY)
    assert again.workbook == first.workbook


def test_saving_a_named_map_writes_its_own_file_first(write, demo_dir: Path, tmp_path: Path) -> None:
    write("journey.yaml", textwrap.dedent(WORKBOOK))
    first = load(write, demo_dir, ANSWERS + "    workbook: journey.yaml\n")
    changed = first.workbook.model_copy(update={"journey": first.workbook.journey[:1]})
    from dataclasses import replace

    answers.save(replace(first, workbook=changed), tmp_path / "answers.yaml")
    assert "workbook: journey.yaml" in (tmp_path / "answers.yaml").read_text()
    assert workbooks.load(tmp_path / "journey.yaml") == changed


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    stages=st.lists(
        st.tuples(
            _text, st.lists(st.tuples(_text, st.sampled_from(["magic", "mediocrity", "misery", None])), max_size=4)
        ),
        max_size=4,
        unique_by=lambda s: s[0].strip().casefold(),
    )
)
def test_any_map_survives_a_round_trip_through_its_file(stages, tmp_path_factory) -> None:
    book = Workbook(
        journey=[
            Stage(name=name, touchpoints=[TouchPoint(name=n, rating=r, note=n) for n, r in dict(points).items()])
            for name, points in stages
        ]
    )
    book = book.model_copy(
        update={
            "journey": [
                s.model_copy(
                    update={"touchpoints": list({p.name.strip().casefold(): p for p in s.touchpoints}.values())}
                )
                for s in book.journey
            ]
        }
    )
    path = tmp_path_factory.mktemp("rt") / "journey.yaml"
    workbooks.save_file(book, path)
    assert workbooks.load(path) == book


def test_the_published_schemas_accept_the_map_inline_and_on_its_own(cli, tmp_path: Path) -> None:
    import jsonschema

    from cxcheck.io import yamlsafe
    from tests.conftest import published_schema

    (tmp_path / "a.yaml").write_text(textwrap.dedent(WITH_MAP))
    (tmp_path / "w.yaml").write_text(textwrap.dedent(WORKBOOK))
    as_json = {k: str(v) if isinstance(v, dt.date) else v for k, v in yamlsafe.load(tmp_path / "a.yaml").data.items()}
    jsonschema.validate(as_json, published_schema(cli, "answers"))
    workbook_schema = published_schema(cli, "workbook")
    jsonschema.validate(yamlsafe.load(tmp_path / "w.yaml").data, workbook_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"journey": [{"name": "Visit", "touchpoints": [{"name": "Door", "rating": "meh"}]}]}, workbook_schema
        )


def test_names_differing_in_runs_of_spaces_are_one_name_everywhere(write, demo_dir: Path) -> None:
    """The report keys touch points by key_of; with_touch matched by case only and added "Visit  again"."""
    book = workbooks.with_touch(Workbook(), "Visit", "Phone call", rating="magic")
    book = workbooks.with_touch(book, "  visit ", "phone   CALL", note="no one")
    book = workbooks.with_touch(workbooks.with_stage(book, "Visit  "), "Visit", "Phone call\t", owner="Ann")
    assert [(s.name, p.name, p.rating, p.note, p.owner) for s, p in book.touchpoints] == [
        ("Visit", "Phone call", "magic", "no one", "Ann")
    ]
    assert workbooks.next_touchpoint(book, "finding  us", ["search  result"]) == "Recommendation by a friend"
    text = WITH_MAP.replace("            - name: Waiting area\n", "            - name: greeting  at the  door\n")
    assert any(
        "a second touch point named 'greeting  at the  door' in stage 'Visit'" in p
        for p in problems(write, demo_dir, text)
    )
