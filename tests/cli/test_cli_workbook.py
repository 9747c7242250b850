"""The map entered without a terminal: ``assess --answers FILE --touch ... --workbook FILE``."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from cxcheck.core import answers
from cxcheck.core import workbook as workbooks
from cxcheck.core.catalog import discover
from cxcheck.model import Answer
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


# -- the workbook step with piped lines (the real terminal: tests/terminal/test_workbook_terminal.py)


SKIPS = ["s"] * 6
"""Skips what the map answers, one line each: more than any map here is offered, and lines left over are never read."""


def map_step(cli: Cli, demo_dir: Path, out: Path, lines: list[str], *args: str):
    return cli(
        "assess", "--map", "-o", out, "--checklists", demo_dir, *args, input="\n".join(lines) + "\n", env=NOW
    )  # fmt: skip


def test_the_map_step_saves_every_line_and_finishes_with_the_table(cli: Cli, demo_dir: Path, out: Path) -> None:
    lines = [
        "",
        "",
        "misery",
        "phone",
        "",
        "waited 12 minutes on hold",
        ".",
        "Own stage",
        "Door",
        "",
        "",
        "",
        "",
        ".",
        ".",
        "-",  # the customer map, the ideal experience and own practices skipped
        "-",
        "-",
        "",
        "s",
    ]
    result = map_step(cli, demo_dir, out, lines, *WHO)
    assert result.exit_code == 0, result.output
    assert "Your touch points" in result.output and "No owner: 'Search result' in Finding us" in result.output
    assert "The map answers touchpoints/rate-touches: 1 of 2 touch points rated" in result.output
    saved = answers.load(out, discover([demo_dir]))
    assert saved.answers == {
        "touchpoints/touchpoint-list": Answer(2, "from the map: 2 touch points in 2 stages on the map of 2024-04-30")
    }  # taken with Enter; rate-touches skipped with s
    book = workbooks.load_from(out)
    assert [(s.name, p.name, p.rating, p.channel, p.note) for s, p in book.touchpoints] == [
        ("Finding us", "Search result", "misery", "phone", "waited 12 minutes on hold"),
        ("Own stage", "Door", None, None, None),
    ]


def test_a_rating_that_is_not_one_of_the_three_is_asked_again(cli: Cli, demo_dir: Path, out: Path) -> None:
    result = map_step(
        cli, demo_dir, out, ["", "Door", "awful", "2", "", "", "", ".", ".", "-", "-", "-", "s", "s"], *WHO
    )
    assert result.exit_code == 0, result.output
    assert "'awful' is not a rating: type 1, 2 or 3 (or the word). Or Enter to leave it unrated." in result.output
    assert workbooks.load_from(out).touchpoints[0][1].rating == "mediocrity"


def test_piped_lines_that_run_out_keep_what_was_typed_and_say_how_to_carry_on(
    cli: Cli, demo_dir: Path, out: Path
) -> None:
    result = map_step(cli, demo_dir, out, ["", "Door", "3"], *WHO)
    assert result.exit_code == 2
    assert "Standard input ended before the map was complete." in result.output
    assert f"assess --answers {out} --touch STAGE/POINT=RATING" in result.output
    assert workbooks.load_from(out).touchpoints[0][1].rating == "misery"


def test_finishing_the_checklists_offers_the_map(cli: Cli, demo_dir: Path, out: Path) -> None:
    result = cli("assess", "demo", "-o", out, "--checklists", demo_dir, *WHO, input="2\n1\nn\n\n", env=NOW)
    assert result.exit_code == 0, result.output
    assert f"Map your touch points too (magic, mediocrity or misery): cxcheck assess --map -o {out}" in result.output


@pytest.mark.parametrize(
    ("args", "message"), [(("demo",), "leave out CHECKLIST"), (("--review",), "leave out --review")]
)
def test_map_walks_only_the_map(cli: Cli, demo_dir: Path, out: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("assess", "--map", *args, "-o", out, "--checklists", demo_dir, env=NOW)
    assert result.exit_code == 2 and message in result.output


PARTS = [
    ".",  # no journey this time
    "",  # the customer map: started
    "Anyone who buys from us or asks us anything, and the colleagues we serve",
    "",  # Regulars, accepted
    "",  # not inside
    "a quick repair",
    "the bike back the same day",
    "they <b>rarely</b> ask the price",
    "Newcomers",
    "n",
    "",
    "[bold]advice[/bold]",
    "",
    "Workshop team",
    "y",
    "",
    "",
    "",
    ".",  # no more kinds
    "1",  # the best customers: Regulars
    "",  # the ideal experience: started
    "1 4, at home",
    "a tidy counter",
    "",
    "",
    "",
    "",
    "Back on the road",
    "",  # own practices: started
    "Do we call back every missed call the same day?",
    "5",  # yes-no
    "maybe",  # not on the scale: asked again
    "yes",
    "Do we offer a coffee?",
    "",  # frequency
    "",  # answered later
    ".",
    *SKIPS,  # what the map answers (focus/define-customer, focus/customer-kinds, focus/ideal-defined)
]


def test_the_map_step_walks_the_customer_map_the_ideal_and_own_practices(cli: Cli, demo_dir: Path, out: Path) -> None:
    result = map_step(cli, demo_dir, out, PARTS, *WHO)
    assert result.exit_code == 0, result.output
    assert "'maybe' is not an answer on this item's scale (0 No, 1 Yes or n/a)" in result.output
    assert "Customers: Regulars, Newcomers, Workshop team; best: Regulars" in result.output
    assert "The ideal experience: 'Back on the road': wowed, informed, at home" in result.output
    book = workbooks.load_from(out)
    assert book.customers is not None and book.ideal is not None
    assert book.customers.definition == PARTS[2]
    assert [(k.name, k.inside, k.wants, k.needs, k.surprise, k.best) for k in book.customers.kinds] == [
        ("Regulars", False, "a quick repair", "the bike back the same day", "they <b>rarely</b> ask the price", True),
        ("Newcomers", False, None, "[bold]advice[/bold]", None, False),
        ("Workshop team", True, None, None, None, False),
    ]
    assert book.ideal.model_dump(exclude_none=True) == {
        "name": "Back on the road",
        "feelings": ["wowed", "informed", "at home"],
        "looks": "a tidy counter",
    }
    assert [(p.id, p.question, p.scale, p.answer) for p in book.practices] == [
        ("do-we-call-back-every", "Do we call back every missed call the same day?", "yes-no", 1),
        ("do-we-offer-a-coffee", "Do we offer a coffee?", "frequency", None),
    ]


def test_a_stopped_step_carries_on_in_the_part_where_it_stopped(cli: Cli, demo_dir: Path, out: Path) -> None:
    stopped_at = PARTS.index("a tidy counter")
    first = map_step(cli, demo_dir, out, PARTS[:stopped_at], *WHO)
    assert first.exit_code == 2  # input ended in the middle of the ideal experience: every line before is saved
    book = workbooks.load_from(out)
    assert book.ideal is not None and book.ideal.feelings == ["wowed", "informed", "at home"]
    again = map_step(cli, demo_dir, out, ["", *PARTS[stopped_at:]])  # Enter: the part where it stopped
    assert again.exit_code == 0, again.output
    assert "Carry on in: 1 journey, 2 customers, 3 ideal experience, 4 own practices (Enter: ideal experience)" in (
        again.output
    )
    assert "What should customers feel?" not in again.output  # answered already: not asked again
    assert "Kind of customer" not in again.output
    book = workbooks.load_from(out)
    assert book.ideal is not None and (book.ideal.looks, book.ideal.name) == ("a tidy counter", "Back on the road")
    assert len(book.customers.kinds) == 3 and len(book.practices) == 2  # type: ignore[union-attr]


def test_each_part_can_be_skipped_and_leaves_nothing_behind(cli: Cli, demo_dir: Path, out: Path) -> None:
    result = map_step(cli, demo_dir, out, [".", "-", "-", "-", *SKIPS], *WHO)
    assert result.exit_code == 0, result.output
    book = workbooks.load_from(out)
    assert (book.customers, book.ideal, book.practices) == (None, None, [])


def test_kinds_of_customer_rate_touch_points_and_stages_are_reordered_and_renamed(
    cli: Cli, demo_dir: Path, out: Path
) -> None:
    first = [
        "Visit", "Greeting", "1", "", "Ann", "", ".",  # stage 1, one touch point rated magic
        "Buying", "Till", "2", "", "Bo", "", ".", ".",  # stage 2, then the journey is done
        "", "",  # the customer map started, no definition
        "", "", "", "", "",  # Regulars, suggested, with nothing more
        "", "", "", "", "",  # Newcomers
        ".", "",  # no more kinds, no best customers yet
        "",  # through the touch points again, per kind
        "Newcomers=3",  # Visit › Greeting: misery for newcomers
        "2=magic, 1=misery",  # Buying › Till: by number
        "-", "-",  # no ideal, no own practices
        *SKIPS,
    ]  # fmt: skip
    result = map_step(cli, demo_dir, out, first, *WHO)
    assert result.exit_code == 0, result.output
    assert "Visit › Greeting (magic): per kind, e.g. 'Regulars=3' (Enter: the same for all)" in result.output
    again = [
        "1",  # carry on in the journey
        ".",  # no more touch points in Buying
        "o",  # reorder and rename the stages
        "2",  # Buying first
        "2=Visit or call",
        "1=visit or call",  # the name of another stage: refused, asked again
        "",
        "After-sales",
        "Hold line",
        "2, Newcomers=misery, regulars=1",
        "", "", "", ".", ".",
        "-", "-", "-", *SKIPS,
    ]  # fmt: skip
    result = map_step(cli, demo_dir, out, again)
    assert result.exit_code == 0, result.output
    assert "Rating: 1 magic, 2 mediocrity, 3 misery; per kind e.g. '1, Newcomers=3'" in result.output
    assert "there is a stage named 'visit or call' already" in result.output
    assert "Stages: Buying, Visit or call" in result.output
    book = workbooks.load_from(out)
    assert [(s.name, p.name, p.rating, dict(p.by_customer)) for s, p in book.touchpoints] == [
        ("Buying", "Till", "mediocrity", {"Newcomers": "magic", "Regulars": "misery"}),
        ("Visit or call", "Greeting", "magic", {"Newcomers": "misery"}),
        ("After-sales", "Hold line", "mediocrity", {"Newcomers": "misery", "Regulars": "magic"}),
    ]


def test_a_rating_for_a_kind_not_on_the_map_is_asked_again(cli: Cli, demo_dir: Path, out: Path) -> None:
    lines = [".", "", "", "", "", "", "", "", ".", "", "-", "-", *SKIPS]
    assert map_step(cli, demo_dir, out, lines, *WHO).exit_code == 0  # a map with one kind, Regulars
    lines = ["1", "Visit", "Door", "bargain hunters=3", "Regulars=3", "", "", "", ".", ".", "-", "-", "-"]
    result = map_step(cli, demo_dir, out, [*lines, *SKIPS])
    assert result.exit_code == 0, result.output
    assert "'bargain hunters' is not a kind of customer on the map (1 Regulars)" in result.output
    assert workbooks.load_from(out).touchpoints[0][1].by_customer == {"Regulars": "misery"}


def test_a_typed_control_character_is_refused_so_the_file_stays_loadable(cli: Cli, demo_dir: Path, out: Path) -> None:
    lines = ["Visit", "Door\x1b[2J", "Door", "", "", "", "caf\x07e", "cafe", ".", ".", "-", "-", "-", *SKIPS]
    result = map_step(cli, demo_dir, out, lines, *WHO)
    assert result.exit_code == 0, result.output
    assert (
        "Control character U+001B in what you typed; only tab and newline are allowed: type it again." in result.output
    )
    assert "Control character U+0007" in result.output
    assert [(p.name, p.note) for _, p in workbooks.load_from(out).touchpoints] == [("Door", "cafe")]


def test_a_kind_named_again_keeps_what_it_had_and_a_resumed_one_is_asked_only_what_it_lacks(
    cli: Cli, demo_dir: Path, out: Path
) -> None:
    first = [".", "", "", "Workshop team", "y", "parts on time", "", "", ".", "", "-", "-", *SKIPS]
    assert map_step(cli, demo_dir, out, first, *WHO).exit_code == 0
    again = ["2", "", "", "", "Workshop team", "", "", "", "", ".", "", "-", "-", *SKIPS]  # customers; Enter everywhere
    result = map_step(cli, demo_dir, out, again)
    assert result.exit_code == 0, result.output
    assert "Workshop team: carrying on" in result.output
    assert result.output.count("What do they want?") == 1  # asked again for the kind named again only
    assert "Inside the business (colleagues or a team you serve)? y or n (Enter: y)" in result.output
    kinds = workbooks.load_from(out).customers.kinds  # type: ignore[union-attr]
    assert [(k.name, k.inside, k.wants) for k in kinds] == [("Workshop team", True, "parts on time")]


def test_a_digit_that_is_not_ascii_at_carry_on_in_asks_again(cli: Cli, demo_dir: Path, out: Path) -> None:
    stopped_at = PARTS.index("a tidy counter")
    map_step(cli, demo_dir, out, PARTS[:stopped_at], *WHO)
    again = map_step(cli, demo_dir, out, ["²", "", *PARTS[stopped_at:]])
    assert again.exit_code == 0, again.output
    assert "Type 1 to 4, or Enter for the ideal experience." in again.output
