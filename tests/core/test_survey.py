"""Survey exports read as answers: each tool's shape, labels and values, every bad row at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from cxcheck.core import survey
from cxcheck.core.aggregate import aggregate
from cxcheck.core.catalog import Catalog, discover
from cxcheck.errors import CxError
from cxcheck.model import Answer
from cxcheck.reports.sheets import csv_text, workshop_answers
from tests.workshop_data import answer_sets, write_five

TODAY = dt.date(2026, 12, 3)
OFTEN = "How often do you [bold]listen[/bold]?"
NUMBER = "Is the number on the website?"
LIGHT = "Do staff decide without asking?"


@pytest.fixture
def catalog(demo_dir: Path) -> Catalog:
    return discover([demo_dir])


@pytest.fixture
def mapping(write: Callable[[str, str], Path], catalog: Catalog) -> Path:
    return write("mapping.yaml", survey.mapping_text([catalog.get("demo")], "Acme Ltd"))


def _read(path: Path, catalog: Catalog, mapping: Path) -> list:
    problems: list = []
    sets = survey.read_export(path, catalog, TODAY, problems, survey.load_mapping(mapping, catalog), None)
    assert problems == []
    return sets


def test_the_generated_mapping_titles_each_item_by_its_question(mapping: Path, catalog: Catalog) -> None:
    rules = survey.load_mapping(mapping, catalog).mapping
    assert rules.items == {"demo/often": OFTEN, "demo/yes-no": NUMBER, "demo/light": LIGHT}
    assert (rules.organisation, rules.checklists, rules.role_column) == ("Acme Ltd", {"demo": "1.0"}, "Role")
    assert "#   demo/often: Never, Rarely, Sometimes, Often, Always" in mapping.read_text(encoding="utf-8")


def test_google_forms_labels_values_and_n_a(write: Callable[[str, str], Path], catalog: Catalog, mapping: Path) -> None:
    export = write(
        "google.csv",
        f"""\
        Timestamp,Email Address,Role,{OFTEN},{NUMBER},{LIGHT}
        2026/11/30 10:23:45 AM GMT+1,ann@example.com,Leadership,Often,Yes,Does not apply here
        2026/12/01 9:00:01 AM GMT+1,bob@example.com,frontline,0,0,
        """,
    )
    ann, bob = _read(export, catalog, mapping)
    assert (ann.respondent, ann.role, ann.date, ann.organisation) == (
        "ann@example.com",
        "Leadership",
        dt.date(2026, 11, 30),
        "Acme Ltd",
    )
    assert dict(ann.answers) == {"demo/often": Answer(3.0), "demo/yes-no": Answer(1.0), "demo/light": Answer(None)}
    assert dict(bob.answers) == {"demo/often": Answer(0.0), "demo/yes-no": Answer(0.0)}  # a blank cell is unanswered
    assert (str(ann.path), ann.checklists) == (f"{export}:2", {"demo": "1.0"})


def test_microsoft_forms_with_semicolons_month_first(
    write: Callable[[str, str], Path], catalog: Catalog, mapping: Path
) -> None:
    export = write(
        "ms.csv",
        f"""\
        ID;Start time;Completion time;Email;Name;Role;{OFTEN};{NUMBER};{LIGHT}
        1;11/29/26 10:01:00;11/29/26 10:05:13;anonymous;Cara Lee;manager;Always;No;Rarely
        """,
    )
    [cara] = _read(export, catalog, mapping)
    assert (cara.respondent, cara.role, cara.date) == ("Cara Lee", "manager", dt.date(2026, 11, 29))
    assert dict(cara.answers) == {"demo/often": Answer(4.0), "demo/yes-no": Answer(0.0), "demo/light": Answer(1.0)}


def test_semicolons_are_found_though_the_quoted_titles_hold_more_commas(
    write: Callable[[str, str], Path], catalog: Catalog
) -> None:
    """Excel quotes a title holding the delimiter's rival: the commas inside quotes are not the delimiter."""
    titles = ["Often, truly, honestly, do you listen?", "Is the number, the real one, on the site, at all?",
              "Do staff, alone, decide, unasked?"]  # fmt: skip
    rules = write(
        "commas.yaml",
        f"""\
        organisation: Acme Ltd
        checklists: {{demo: "1.0"}}
        respondent_column: Name
        items: {{demo/often: "{titles[0]}", demo/yes-no: "{titles[1]}", demo/light: "{titles[2]}"}}
        """,
    )
    header = ";".join(["ID", "Name", *(f'"{t}"' for t in titles)])
    export = write("commas.csv", f"{header}\n1;Cara Lee;Always;No;Rarely\n")
    assert header.count(",") > header.count(";")
    [cara] = _read(export, catalog, rules)
    assert cara.respondent == "Cara Lee"
    assert dict(cara.answers) == {"demo/often": Answer(4.0), "demo/yes-no": Answer(0.0), "demo/light": Answer(1.0)}


def test_surveymonkey_two_header_rows_and_a_matrix(write: Callable[[str, str], Path], catalog: Catalog) -> None:
    export = write(
        "monkey.csv",
        f"""\
        Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,Role,How often?,,{NUMBER}
        ,,,,,,,,,Response,listen,decide,Response
        114,4321,11/28/2026 08:00:00 AM,11/28/2026 08:04:10 AM,,,,,,frontline,Sometimes,Never,Yes
        """,
    )
    rules = write(
        "monkey.yaml",
        f"""\
        organisation: Acme Ltd
        checklists: {{demo: "1.0"}}
        role_column: Role
        items:
          demo/often: How often? [listen]
          demo/light: How often? [decide]
          demo/yes-no: {NUMBER}
        """,
    )
    [one] = _read(export, catalog, rules)
    assert (one.respondent, one.role, one.date) == ("114", "frontline", dt.date(2026, 11, 28))
    assert dict(one.answers) == {"demo/often": Answer(2.0), "demo/light": Answer(0.0), "demo/yes-no": Answer(1.0)}


def test_no_name_column_numbers_the_rows_and_no_date_is_today(
    write: Callable[[str, str], Path], catalog: Catalog, mapping: Path
) -> None:
    export = write("anon.csv", f"Role,{OFTEN},{NUMBER},{LIGHT}\nfrontline,Often,,\nfrontline,Never,,\n")
    first, second = _read(export, catalog, mapping)
    assert (first.respondent, second.respondent, first.date) == ("anon 1", "anon 2", TODAY)


def test_every_bad_row_and_column_at_once(write: Callable[[str, str], Path], catalog: Catalog) -> None:
    export = write(
        "bad.csv",
        f"""\
        Timestamp,Role,{OFTEN},Is the nmber on the website?
        2026/13/30,frontline,Oftn,Yes
        2026/11/30,frontline,"Often
        and more",2
        2027/01/01,frontline,9,1
        """,
    )
    rules = write(
        "rules.yaml",
        f"""\
        organisation: Acme Ltd
        checklists: {{demo: "1.0"}}
        role_column: Role
        items:
          demo/often: {OFTEN}
          demo/yes-no: {NUMBER}
        """,
    )
    problems: list = []
    survey.read_export(export, catalog, TODAY, problems, survey.load_mapping(rules, catalog), None)
    scale = "(0 Never, 1 Rarely, 2 Sometimes, 3 Often, 4 Always or n/a)"
    assert [str(p) for p in problems] == [
        f"{rules}:6: demo/yes-no: {export} has no column 'Is the number on the website?' "
        "(did you mean 'Is the nmber on the website?'?)",
        f"{export}:2: column 'How often do you [bold]listen[/bold]?' (demo/often): 'Oftn' is not an answer on this "
        f"item's scale {scale}",
        f"{export}:2: column 'Timestamp': '2026/13/30' is not a day written year first (2026-12-03) or month/day/year "
        "(12/3/2026); set date_format in the mapping file",
        f"{export}:3: column 'How often do you [bold]listen[/bold]?' (demo/often): 'Often\\nand more' is not an answer "
        f"on this item's scale {scale}",
        f"{export}:5: column 'How often do you [bold]listen[/bold]?' (demo/often): '9' is not an answer on this item's "
        f"scale {scale}",
        f"{export}:5: column 'Timestamp': 2027-01-01 is in the future",
    ]


def test_the_mapping_file_is_parsed_once_for_every_export(
    write: Callable[[str, str], Path], catalog: Catalog, mapping: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A survey exported in parts (a CSV a week) reads the mapping once, and still points at its lines."""
    parsed: list[Path] = []
    real = survey.yamlsafe.load

    def counted(path: Path) -> object:
        parsed.append(path)
        return real(path)

    monkeypatch.setattr(survey.yamlsafe, "load", counted)
    rules = survey.load_mapping(mapping, catalog)
    exports = [write(f"week{n}.csv", f"Email Address,{OFTEN},Number?\nann{n},Often,Yes\n") for n in (1, 2, 3)]
    with pytest.raises(CxError) as caught:
        survey.read_sources(exports, catalog, TODAY, rules)
    assert parsed == [mapping]
    line = rules.doc.line_of(("items", "demo/yes-no"))
    assert [str(p) for p in caught.value.problems if "demo/yes-no" in str(p)] == [
        f"{mapping}:{line}: demo/yes-no: {export} has no column '{NUMBER}'" for export in exports
    ]


def test_a_mapping_naming_unknown_items_and_keys(write: Callable[[str, str], Path], catalog: Catalog) -> None:
    rules = write(
        "rules.yaml",
        """\
        organisation: Acme Ltd
        checklists: {demo: "1.0", nope: "1.0"}
        respondnt_column: Name
        items:
          demo/oftn: How often?
        """,
    )
    with pytest.raises(CxError) as caught:
        survey.load_mapping(rules, catalog)
    lines = [str(p) for p in caught.value.problems]
    assert f"{rules}:5: unknown item demo/oftn (did you mean 'demo/often'?)" in lines
    assert f"{rules}:2: unknown checklist nope; see `cxcheck list`" in lines
    assert any(line.startswith(f"{rules}:3: ") and "respondnt_column" in line for line in lines)


def test_an_export_without_a_mapping_says_how_to_make_one(write: Callable[[str, str], Path], catalog: Catalog) -> None:
    export = write("google.csv", f"Timestamp,{OFTEN}\n2026/11/30,Often\n")
    with pytest.raises(CxError, match=r"give --mapping FILE \(write one with `cxcheck form --csv-template"):
        survey.read_export(export, catalog, TODAY, [], None, None)


def test_our_own_long_form_csv_reads_back_as_the_answers(tmp_path: Path, demo_dir: Path) -> None:
    """A report's -f csv, notes, reasons and n/a included, imported gives the same workshop."""
    write_five(tmp_path / "team")
    catalog, sets = answer_sets(tmp_path / "team", demo_dir)
    before = aggregate([catalog.get("demo")], sets)
    export = tmp_path / "long.csv"
    export.write_text(csv_text(workshop_answers(before)).removeprefix("\ufeff"), encoding="utf-8-sig")
    problems: list = []
    again = survey.read_export(export, catalog, TODAY, problems, None, "Acme Ltd")
    assert problems == []
    assert [(s.respondent, s.role, s.date) for s in again] == [(s.respondent, s.role, s.date) for s in sets]
    assert [dict(s.answers) for s in again] == [dict(s.answers) for s in sets]


def test_a_long_form_formula_guard_is_taken_off(write: Callable[[str, str], Path], catalog: Catalog) -> None:
    header = ",".join(survey.LONG_COLUMNS)
    export = write("long.csv", f"{header}\n'=Ann,,2026-11-30,demo,first,often,Q,3,Often,75,,'=SUM(A1)\n")
    problems: list = []
    [ann] = survey.read_export(export, catalog, TODAY, problems, None, "Acme Ltd")
    assert (problems, ann.respondent, ann.answers["demo/often"]) == ([], "=Ann", Answer(3.0, "=SUM(A1)"))


def test_long_form_problems_at_their_lines(write: Callable[[str, str], Path], catalog: Catalog) -> None:
    header = ",".join(survey.LONG_COLUMNS)
    export = write(
        "long.csv",
        f"{header}\nAnn,,2026-11-30,demo,first,oftn,Q,3,,,,\n,,,demo,first,often,Q,3,,,,\n"
        "Ann,,2026-11-30,demo,first,often,Q,,Oftn,,,\nAnn,,2026-11-30,demo,first,often,Q,,,,,\n",
    )
    problems: list = []
    survey.read_export(export, catalog, TODAY, problems, None, "Acme Ltd")
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (2, "unknown item demo/oftn (did you mean 'demo/often'?)"),
        (3, "respondent"),
        (4, "demo/often"),
        (5, "demo/often"),
    ]
