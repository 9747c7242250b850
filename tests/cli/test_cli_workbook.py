"""The map entered without a terminal: ``assess --answers FILE --touch ... --workbook FILE``."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from cxcheck.core import workbook as workbooks
from tests.cli.test_cli_assess import NOW, WHO
from tests.conftest import Cli
from tests.workbook_data import WORKBOOK


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "answers.yaml"


@pytest.fixture
def fill(cli: Cli, demo_dir: Path, out: Path) -> Callable[..., object]:
    def run(*args: str | Path):
        return cli("assess", "--answers", out, "--checklists", demo_dir, *args, env=NOW)

    return run


def test_touch_entries_build_the_map_in_the_answers_file(fill, out: Path) -> None:
    result = fill(
        *WHO,
        "--set", "demo/often=3",
        "--touch", "Finding us/Search result=Magic",
        "--touch", "Finding us/Search result:owner=Sam",
        "--touch", "After-sales/Hold line=misery",
        "--touch", "After-sales/Hold line:note=waited 12 minutes on hold",
        "--touch", "After-sales/Hold line:channel=phone",
        "--touch", "After-sales/Hold line:newcomers=misery",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 touch point(s) in 2 stage(s) on the map" in result.output
    assert out.read_text().split("workbook:\n")[1] == textwrap.indent(
        textwrap.dedent("""\
            format_version: 1
            journey:
            - name: Finding us
              touchpoints:
              - name: Search result
                owner: Sam
                rating: magic
            - name: After-sales
              touchpoints:
              - name: Hold line
                channel: phone
                rating: misery
                note: waited 12 minutes on hold
                by_customer:
                  newcomers: misery
        """),
        "  ",
    )


def test_every_bad_touch_entry_is_reported_and_nothing_is_written(fill, out: Path) -> None:
    fill(*WHO, "--set", "demo/often=3", "--touch", "Visit/Door=magic")
    before = out.read_bytes()
    result = fill("--touch", "Visit/Door=awful", "--touch", "no-slash=magic", "--touch", "Visit/Door:regulars=great")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "--touch Visit/Door=awful: rating: must be 'magic', 'mediocrity' or 'misery', not 'awful'",
        "--touch no-slash=magic: write it as STAGE/TOUCH-POINT=RATING or STAGE/TOUCH-POINT:FIELD=VALUE",
        "--touch Visit/Door:regulars=great: by_customer.regulars: must be 'magic', 'mediocrity' or 'misery', not 'great'",
    ]
    assert out.read_bytes() == before


def test_a_kind_of_customer_not_on_the_customer_map_is_refused(fill, out: Path, write) -> None:
    write("journey.yaml", WORKBOOK)
    assert fill(*WHO, "--workbook", out.parent / "journey.yaml").exit_code == 0
    result = fill("--touch", "Visit/Waiting area:regular=misery")
    assert result.exit_code == 2
    assert "--touch: journey[1].touchpoints[1].by_customer: 'regular' is not a kind of customer" in result.output


def test_workbook_names_a_prepared_journey_and_touches_go_into_that_file(fill, out: Path, write) -> None:
    prepared = write("workshop/journey.yaml", WORKBOOK)
    result = fill(*WHO, "--workbook", prepared, "--touch", "Visit/Waiting area=misery")
    assert result.exit_code == 0, result.output
    assert "workbook: workshop/journey.yaml\n" in out.read_text()
    map_ = workbooks.load(prepared)
    assert map_.journey[1].touchpoints[1].rating == "misery" and len(map_.touchpoints) == 6


def test_an_answers_file_is_never_repointed_at_another_map(fill, out: Path, write) -> None:
    write("one.yaml", WORKBOOK)
    write("two.yaml", WORKBOOK)
    assert fill(*WHO, "--workbook", out.parent / "one.yaml").exit_code == 0
    result = fill("--workbook", out.parent / "two.yaml")
    assert result.exit_code == 2
    assert "this answers file already names one.yaml; edit its 'workbook:' key to change that" in result.output


@pytest.mark.parametrize("option", [("--touch", "A/B=magic"), ("--workbook", "x.yaml")])
def test_map_options_need_an_answers_file(cli: Cli, option: tuple[str, str]) -> None:
    result = cli("assess", *option)
    assert result.exit_code == 2
    assert f"{option[0]} needs --answers FILE" in result.output
