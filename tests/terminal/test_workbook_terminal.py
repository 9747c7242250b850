"""The workbook step in a real terminal: a map of 8 touch points in 3 stages, Ctrl-C in the middle, resumed."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from tests.tmux import Screen, screen

ROOT = Path(__file__).resolve().parents[2]
ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": os.environ.get("HOME", "/root"),
    "TERM": "xterm-256color",
    "NO_COLOR": "1",
    "CXCHECK_PATH": "",
    "CXCHECK_NOW": "2026-12-02T10:00:00+00:00",
}
COMMAND = f"{ROOT}/.venv/bin/cxcheck assess --map -o map.yaml --respondent Ann --organisation 'Acme Ltd'"
RATING = "Rating: 1 magic"

EXPECTED = """\
format_version: 1
respondent: Ann
organisation: Acme Ltd
date: 2026-12-02
started: 2026-12-02 10:00:00+00:00
updated: 2026-12-02 10:00:00+00:00
checklists:
  touchpoints: '2.0'
answers:
  touchpoints/touchpoint-list:
    value: 2
    note: 'from the map: 8 touch points in 3 stages on the map of 2026-12-02'
workbook:
  format_version: 1
  journey:
  - name: Finding us
    touchpoints:
    - name: Search result
      channel: web
      owner: Sam
      rating: magic
      note: first result for "bike repair"
    - name: Sign or shop front by the road
      channel: street
      rating: mediocrity
    - name: Phone number on the site
      channel: web
      rating: misery
      note: hidden <b>three</b> clicks deep
  - name: Visit
    touchpoints:
    - name: Greeting at the door
      channel: in person
      owner: Ann
      rating: mediocrity
      note: nobody looked up
    - name: Waiting area
      rating: magic
    - name: Advice given
      owner: Ann
      rating: magic
  - name: After-sales
    touchpoints:
    - name: Thank-you or follow-up
      channel: letter
      owner: Bo
      rating: magic
    - name: Hold line
      channel: phone
      owner: Bo
      rating: misery
      note: waited 12 minutes on hold
"""


def touch_point(shown: Screen, name: str, rating: str, channel: str = "", owner: str = "", note: str = "") -> None:
    """One touch point typed at its five prompts; an empty ``name`` accepts the suggestion."""
    for prompt, line in (
        ("Touch point in", name), (RATING, rating), ("Channel:", channel), ("Who owns it?", owner),
        ("What did you see?", note),
    ):  # fmt: skip
        reply(shown, prompt, line)


def reply(shown: Screen, prompt: str, line: str) -> None:
    """Type ``line`` once the screen waits at a prompt starting ``prompt``."""
    _at_prompt(shown, prompt)
    shown.type(line)


def _at_prompt(shown: Screen, prompt: str, timeout: float = 20) -> None:
    """Wait until the screen ends with a prompt starting ``prompt`` (so the line typed answers that one)."""
    deadline = time.monotonic() + timeout
    while True:
        last = shown.text().rstrip("\n").splitlines()[-1]
        if last.strip().startswith(prompt) and last.rstrip().endswith(">"):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"prompt {prompt!r} did not appear; the screen:\n{shown.text()}")
        time.sleep(0.05)


@pytest.mark.terminal
def test_a_map_of_eight_touch_points_survives_ctrl_c_and_holds_exactly_what_was_typed(tmp_path: Path) -> None:
    with screen(tmp_path, ENV, width=160) as shown:
        shown.type(COMMAND)
        reply(shown, "Stage 1 (Enter: 'Finding us'", "")  # accept the suggested stage
        touch_point(shown, "", "1", "web", "Sam", 'first result for "bike repair"')  # the suggestion, accepted
        reply(shown, "Touch point in Finding us (Enter: 'Recommendation by a friend'", "-")  # skipped
        reply(
            shown, "Touch point in Finding us (Enter: 'Sign or shop front'", "e"
        )  # edited: the suggestion is put on the line, ready to change
        shown.wait_for("Touch point in Finding us > Sign or shop front")
        shown.type(" by the road")
        for prompt, line in ((RATING, "2"), ("Channel:", "street"), ("Who owns it?", ""), ("What did you see?", "")):
            reply(shown, prompt, line)
        touch_point(shown, "Phone number on the site", "misery", "web", "", "hidden <b>three</b> clicks deep")
        reply(shown, "Touch point in Finding us", ".")
        reply(shown, "Stage 2", "Visit")
        touch_point(shown, "Greeting at the door", "2", "in person", "Ann", "nobody looked up")
        reply(shown, "Touch point in Visit", "Waiting area")
        reply(shown, RATING, "1")
        _at_prompt(shown, "Channel:")
        at = shown.press("C-c")  # in the middle of a touch point
        text = shown.wait_for("To carry on where you left off, run:", at)
        assert "Interrupted." in text[at:]
        assert shown.exit_code(at) == 130
        resume = re.search(r"To carry on where you left off, run:\n\s+(.+)\n", text[at:])
        assert resume is not None
        assert resume.group(1).strip() == f"{ROOT}/.venv/bin/cxcheck assess --map -o map.yaml"

        at = shown.type(resume.group(1).strip())
        shown.wait_for("Resuming: 5 touch point(s) on the map; carrying on in 'Visit'.", at)
        touch_point(shown, "Advice given", "magic", "", "Ann", "")
        reply(shown, "Touch point in Visit", ".")
        reply(shown, "Stage 3", "After-sales")
        touch_point(shown, "", "1", "letter", "Bo", "")
        touch_point(shown, "Hold line", "3", "phone", "Bo", "waited 12 minutes on hold")
        reply(shown, "Touch point in After-sales", ".")
        reply(shown, "Stage 4", ".")
        for part in ("Your customers:", "The ideal experience:", "Your own practices:"):
            reply(shown, part, "-")  # skipped
        reply(shown, "The map answers touchpoints/touchpoint-list: 8 touch points in 3 stages", "")  # taken
        _at_prompt(shown, "The map answers touchpoints/rate-touches: 8 of 8 touch points rated")
        at = shown.type("s")  # skipped
        text = shown.wait_for("Your map is in map.yaml.", at)
        assert "Weak link in After-sales: magic at 'Thank-you or follow-up', then misery at 'Hold line'" in text[at:]
        assert "No owner: 'Sign or shop front by the road' in Finding us" in text[at:]
        assert shown.exit_code(at) == 0
    assert (tmp_path / "map.yaml").read_text(encoding="utf-8") == EXPECTED


def _skip_offers(shown: Screen, at: int, timeout: float = 30) -> int:
    """Type s at each item the map answers until the step ends; how many there were (the checklists decide)."""
    skipped = 0
    deadline = time.monotonic() + timeout
    while "Your map is in map.yaml." not in (text := shown.text()[at:]):
        last = text.rstrip("\n").splitlines()[-1].strip()
        if last.startswith("The map answers") and last.endswith(">") and text.count("The map answers") > skipped:
            shown.type("s")
            skipped += 1
        elif time.monotonic() > deadline:
            pytest.fail(f"the step did not end; the screen:\n{shown.text()}")
        time.sleep(0.05)
    return skipped


def _saved(tmp_path: Path):
    """The map file as the loader reads it: it must still load after any kill."""
    from cxcheck.core import workbook as workbooks

    return workbooks.load_from(tmp_path / "map.yaml")


@pytest.mark.terminal
def test_kill_9_in_the_customer_map_loses_only_the_line_being_typed(tmp_path: Path) -> None:
    with screen(tmp_path, ENV, width=160) as shown:
        shown.type(COMMAND)
        reply(shown, "Stage 1", "Visit")
        touch_point(shown, "Greeting", "1", "in person", "Ann", "a smile at the door")
        reply(shown, "Touch point in Visit", ".")
        reply(shown, "Stage 2", ".")
        reply(shown, "Your customers:", "")
        reply(shown, "In one sentence", "Anyone who walks in, and the workshop team")
        reply(shown, "Kind of customer 1 (Enter: 'Regulars'", "")
        reply(shown, "Inside the business", "")
        reply(shown, "What do they want?", "a quick <b>fix</b>")
        _at_prompt(shown, "What do they need?")
        shown.send("the bike back")  # typed, Enter not pressed: the one line a kill may lose
        shown.wait_for("What do they need? (Enter: skip) > the bike back")
        at = shown.kill_program()
        assert shown.exit_code(at) == 137  # 128 + SIGKILL: nothing ran after the kill
        book = _saved(tmp_path)
        assert book.customers is not None
        assert book.customers.definition == "Anyone who walks in, and the workshop team"
        assert [(k.name, k.inside, k.wants, k.needs) for k in book.customers.kinds] == [
            ("Regulars", False, "a quick <b>fix</b>", None)
        ]
        assert [(p.name, p.rating, p.note) for _, p in book.touchpoints] == [
            ("Greeting", "magic", "a smile at the door")
        ]
        assert not list(tmp_path.glob(".*.tmp"))  # no temporary left beside the file

        at = shown.type(COMMAND.split(" --respondent")[0])
        reply(shown, "Carry on in: 1 journey, 2 customers, 3 ideal experience, 4 own practices (Enter: customers)", "")
        shown.wait_for("Regulars: carrying on", at)  # the kind stopped halfway; the definition is not asked again
        reply(shown, "What do they need?", "the bike back the same day")  # what it still lacks, and only that
        reply(shown, "Did anything surprise you", "")
        reply(shown, "Kind of customer 2 (Enter: 'Newcomers'", "")
        for prompt, line in (("Inside", ""), ("What do they want?", ""), ("What do they need?", "advice")):
            reply(shown, prompt, line)
        reply(shown, "Did anything surprise you", "")
        reply(shown, "Kind of customer 3", ".")
        reply(shown, "Your best customers", "1")
        reply(shown, "Does a kind of customer meet a touch point differently?", "")
        reply(shown, "Visit › Greeting (magic): per kind", "Newcomers=3")
        for part in ("The ideal experience:", "Your own practices:"):
            reply(shown, part, "-")
        assert _skip_offers(shown, at) >= 2  # touchpoint-list and rate-touches at least
        assert shown.exit_code(at) == 0
    book = _saved(tmp_path)
    assert book.customers is not None
    assert [(k.name, k.wants, k.needs, k.best) for k in book.customers.kinds] == [
        ("Regulars", "a quick <b>fix</b>", "the bike back the same day", True),
        ("Newcomers", None, "advice", False),
    ]
    assert book.touchpoints[0][1].by_customer == {"Newcomers": "misery"}
