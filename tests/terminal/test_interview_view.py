"""The item screen and the key loop, with a recording console and scripted lines."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from cxcheck.core.catalog import load_file
from cxcheck.core.interview import Interview
from cxcheck.model import PRESETS, Answer, AnswerSet
from cxcheck.terminal.walk import LineReader, Outcome, Walkthrough, item_screen, keys_line

NOW = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)


class Scripted(LineReader):
    """Lines from a list, then the exception a terminal would raise when they run out."""

    def __init__(self, console: Console, lines: list[str], then: type[BaseException] = EOFError):
        super().__init__(console, interactive=False)
        self._lines: Iterator[str] = iter(lines)
        self._then = then

    def read(self, prompt: str = "> ", prefill: str = "") -> str:
        try:
            return next(self._lines)
        except StopIteration:
            raise self._then from None


@pytest.fixture
def interview(demo_dir: Path) -> Interview:
    checklist = load_file(demo_dir / "demo.yaml")
    return Interview.over([checklist], AnswerSet("Ann", "Acme", dt.date(2024, 5, 1)), lambda: NOW)


def render(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_the_item_screen_shows_where_you_are_the_question_as_text_and_the_keys(interview: Interview) -> None:
    screen = render(item_screen(interview, [], show_help=True, width=120), width=120)
    assert "Demo checklist  ›  First section" in screen
    assert "Item 1 of 3" in screen and "0 answered" in screen
    assert "How often do you [bold]listen[/bold]?" in screen
    assert "Listening finds the problem." in screen and "Ask one open question per call." in screen
    assert "[0] Never  [1] Rarely  [2] Sometimes  [3] Often  [4] Always    n n/a  s skip" in screen
    assert "? shows why this matters" in screen


def test_keys_take_two_lines_when_one_would_not_fit() -> None:
    narrow = render(keys_line(PRESETS["frequency"], Answer(1), width=60), width=60).splitlines()
    assert narrow == [
        "[0] Never  [1] Rarely  [2] Sometimes  [3] Often  [4] Always",
        "n n/a  s skip  b back  c note  ? help  q quit  Enter keep",
    ]


def test_a_save_cut_short_by_ctrl_c_is_finished_before_stopping(interview: Interview) -> None:
    saved: list[AnswerSet] = []

    def save(answer_set: AnswerSet) -> None:
        if not saved:
            saved.append(answer_set)
            raise KeyboardInterrupt
        saved.append(answer_set)

    console = Console(file=io.StringIO(), width=100)
    walk = Walkthrough(interview, console, Scripted(console, ["3"]), save)
    assert walk.run() is Outcome.INTERRUPTED
    assert [s.answers for s in saved] == [{"demo/often": Answer(3)}] * 2


def test_an_untouched_file_is_not_rewritten_when_input_ends(interview: Interview) -> None:
    saved: list[AnswerSet] = []
    console = Console(record=True, width=100)
    walk = Walkthrough(interview, console, Scripted(console, ["x", "s"]), saved.append)
    assert walk.run() is Outcome.INPUT_ENDED
    assert saved == []
    assert "'x' is not a key here" in console.export_text()


@pytest.mark.parametrize("plain", [{"no_color": True}, {"color_system": None}], ids=["NO_COLOR", "no colours"])
def test_the_progress_bar_has_a_track_without_colour(interview: Interview, plain: dict[str, object]) -> None:
    """Under NO_COLOR rich's bar drew no track, so 1 of 3 and 1 of 300 looked the same: shape tells here."""
    console = Console(width=100, record=True, **plain)  # type: ignore[arg-type]
    console.print(item_screen(interview, [], show_help=False))
    assert "Item 1 of 3  " + "░" * 30 in console.export_text()
    interview.choose(2)
    console.print(item_screen(interview, [], show_help=False))
    assert "Item 2 of 3  " + "█" * 10 + "░" * 20 in console.export_text()


def test_a_typed_line_with_a_control_character_is_asked_for_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A note with a pasted escape would be saved into a file that our own loader then refuses."""
    typed = iter(["we ask \x1b[2Jfirst", "we ask first"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(typed))
    console = Console(width=200, record=True, color_system=None)
    assert LineReader(console, interactive=False).read("Note > ") == "we ask first"
    assert (
        "Control character U+001B in what you typed; only tab and newline are allowed: type it again."
        in console.export_text()
    )
