"""The terminal summary: checklists and sections with score, band, bar and coverage."""

from __future__ import annotations

from rich.console import Console

from cxcheck.core.scoring import score
from cxcheck.model import Answer
from cxcheck.terminal.summary import bar, scorecard_table
from tests.core.test_scoring import checklist, item


def shown(renderable: object, color: bool = False) -> str:
    console = Console(width=100, record=True, color_system="truecolor" if color else None, force_terminal=color)
    console.print(renderable)
    return console.export_text(styles=color)


def test_rows_for_checklists_sections_and_overall() -> None:
    card = score([checklist()], {"c/a": Answer(1), "c/b": Answer(3), "c/c": Answer(None)})
    lines = shown(scorecard_table(card)).splitlines()
    row = {line.split("│")[0].strip(): [cell.strip() for cell in line.split("│")[1:]] for line in lines if "│" in line}
    assert row["C 1"][:2] == ["62.5", "mediocrity"] and row["C 1"][3] == "66% (1 n/a)"  # rounded down
    assert row["S1"][:2] == ["62.5", "mediocrity"] and row["S1"][3] == "100%"
    assert row["S2"][:2] == ["no score", "-"] and row["S2"][3] == "0% (1 n/a)"
    assert row["Overall"][:2] == ["62.5", "mediocrity"]


def test_bands_are_coloured_and_named() -> None:
    card = score([checklist()], {"c/a": Answer(0), "c/yn": Answer(1)})
    text = shown(scorecard_table(card), color=True)
    assert "misery" in text and "magic" in text and "\x1b[" in text


def test_titles_with_brackets_are_not_markup() -> None:
    odd = checklist(
        sections=[
            {
                "id": "s",
                "title": "[bold]x[/bold]",
                "items": [
                    {"id": "a", "question": "q", "help": "h", "action": "a", "source": "001_1c575d8905d84cba.txt"}
                ],
            }
        ]
    )
    assert "[bold]x[/bold]" in shown(scorecard_table(score([odd], {"c/a": Answer(4)})))


def test_bar_lengths() -> None:
    assert bar(None).plain == "·" * 10
    assert bar(100).plain == "█" * 10 and bar(0).plain == " " * 10
    assert bar(55).plain.rstrip() == "█████▌"


def test_the_assessment_ends_with_the_table() -> None:
    from cxcheck.terminal.walk import summary

    card = score([checklist()], {"c/a": Answer(1), "c/b": Answer(3), "c/c": Answer(None), "c/yn": Answer(0)})
    text = shown(summary(card, "answers.yaml", [("Markdown", "cxcheck report answers.yaml")], {}))
    assert "Assessment complete." in text and "Overall" in text and "Coverage" in text and "S1" in text


def test_at_50_columns_every_word_and_band_stays_whole() -> None:
    """A narrow terminal drops the bar (the score is written anyway) before it splits a word or cuts a band."""
    long_titles = checklist(
        sections=[
            {"id": "s1", "title": "Roles and job descriptions", "items": [{**item("a"), "weight": 1}, item("b")]},
            {"id": "s2", "title": "Praise and complaints", "items": [item("c"), item("yn", scale="yes-no")]},
        ]
    )
    card = score([long_titles], {"c/a": Answer(2), "c/b": Answer(2), "c/c": Answer(None)})
    narrow = Console(width=50, record=True, color_system=None)
    narrow.print(scorecard_table(card))
    text = narrow.export_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 50 and "…" not in text
    words = {word for line in lines for cell in line.split("│") for word in cell.split()}
    assert {"Roles", "descriptions", "Praise", "complaints", "mediocrity", "Coverage"} <= words
    assert "no score" in text and "50.0" in text and "█" not in text  # no bar at 50 columns
    assert "█████" in shown(scorecard_table(card))  # at 100 the bar is back
