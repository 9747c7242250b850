"""A journey prepared for a workshop: ``workshop init --journey FILE``, and each participant's map started from it."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from cxcheck.core import workbook as workbooks
from cxcheck.core.workshop import JOURNEY, find_answers, load_config, shared_journey
from tests.cli.test_cli_assess import NOW
from tests.conftest import Cli

PREPARED = """\
journey:
  - name: Visit or call
    touchpoints:
      - {name: Hold line, channel: phone, owner: Bo, rating: magic, note: the consultant's own view}
      - name: Greeting
        channel: in person
        owner: Ann
        by_customer: {newcomers: misery}
  - name: Invoice and payment
    touchpoints:
      - {name: Invoice, channel: letter}
customers:
  kinds:
    - name: newcomers
practices:
  - {id: call-back, question: Do we call back everyone who waited?, answer: 1}
"""


@pytest.fixture
def room(cli: Cli, demo_dir: Path, tmp_path: Path) -> Path:
    prepared = tmp_path / "prepared.yaml"
    prepared.write_text(PREPARED, encoding="utf-8")
    folder = tmp_path / "acme"
    result = cli(
        "workshop", "init", folder, "demo", "--organisation", "Acme Ltd", "--checklists", demo_dir,
        "--journey", prepared, env=NOW,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"Then each rates the 3 touch point(s) of {folder / JOURNEY} on their own map:" in result.stdout
    return folder


def test_init_copies_the_journey_unrated_and_names_it(room: Path) -> None:
    book = workbooks.load(room / JOURNEY)
    assert [(s.name, p.name, p.channel, p.owner, p.rating, p.note, p.by_customer) for s, p in book.touchpoints] == [
        ("Visit or call", "Hold line", "phone", "Bo", None, None, {}),
        ("Visit or call", "Greeting", "in person", "Ann", None, None, {}),
        ("Invoice and payment", "Invoice", "letter", None, None, None, {}),
    ]
    assert book.practices[0].answer is None and book.customers is not None
    config = load_config(room)
    assert config is not None and config.journey == JOURNEY
    assert shared_journey(room) == book
    assert find_answers(room) == []  # the journey is the workshop's own file, not a participant


def test_the_readme_tells_participants_how_to_rate_the_journey(room: Path) -> None:
    readme = (room / "README.md").read_text(encoding="utf-8")
    command = next(line.strip() for line in readme.splitlines() if "--map --journey journey.yaml" in line)
    assert shlex.split(command)[:5] == ["cxcheck", "assess", "--map", "--journey", "journey.yaml"]
    assert "5. Leave your answers file in this folder" in readme


def test_a_bad_journey_is_reported_with_its_lines_and_no_folder_is_made(
    cli: Cli, demo_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("journey:\n  - name: A\n    touchpoints:\n      - {name: X, rating: great}\n  - nme: B\n", "utf-8")
    result = cli("workshop", "init", tmp_path / "w", "--checklists", demo_dir, "--journey", bad)
    assert result.exit_code == 2
    assert f"{bad}:4:" in result.stderr and f"{bad}:5:" in result.stderr
    assert not (tmp_path / "w").exists()


def test_a_participant_rates_the_journey_on_their_own_map(cli: Cli, room: Path, demo_dir: Path) -> None:
    who = ("--organisation", "Acme Ltd", "--respondent", "Fay", "--role", "frontline")
    out = room / "answers-fay.yaml"
    args = ("assess", "--map", "--journey", room / JOURNEY, "-o", out, "--checklists", room / "checklists", *who)
    first = cli(*args, input="misery\nwaited 12 minutes\n", env=NOW)
    assert first.exit_code == 2  # standard input ran out: what was typed is kept
    assert "Your map starts from" in first.output and "3 touch point(s) to rate" in first.output
    assert f"--journey {room / JOURNEY}" in first.output  # the command that carries on
    second = cli(*args, input="\n\n2\n\n.\n.\n-\n-\n-\ns\ns\ns\n", env=NOW)  # carry on in the journey; skip the rest
    assert second.exit_code == 0, second.output
    assert "Hold line (phone" not in second.output  # rated already: not asked again
    book = workbooks.load_from(out)
    assert [(p.name, p.rating, p.note) for _, p in book.touchpoints] == [
        ("Hold line", "misery", "waited 12 minutes"),
        ("Greeting", None, None),  # Enter: left unrated
        ("Invoice", "mediocrity", None),
    ]
    third = cli(*args, input="\n\n.\n.\n", env=NOW)
    assert "Visit or call › Greeting" in third.output  # unrated: asked again next time


def test_journey_needs_the_map_step(cli: Cli, room: Path) -> None:
    result = cli("assess", "--journey", room / JOURNEY, "-o", room / "a.yaml")
    assert result.exit_code == 2 and "--journey is for the workbook step; add --map" in result.stderr
