"""The Markdown report read back by a real CommonMark + GFM-tables parser (markdown-it-py).

Hostile names and notes (pipes, stars, newlines, HTML, Jinja) must leave every table with
its rows and cells, and come out of the parser as the very text that was written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cxcheck.reports.render import render
from tests.reports.test_render import HOSTILE, hostile_context
from tests.reports.test_report import ANSWERS, context_of

PARSER = MarkdownIt("commonmark").enable("table")


def text_of(token: Token) -> str:
    """What a reader sees: the inline token's text, with soft breaks as spaces."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts)


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    found: list[list[list[str]]] = []
    for n, token in enumerate(tokens):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type == "inline" and tokens[n - 1].type in ("th_open", "td_open"):
            found[-1][-1].append(text_of(token))
    return found


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [(t.tag, text_of(tokens[n + 1])) for n, t in enumerate(tokens) if t.type == "heading_open"]


@pytest.fixture
def plain(write, demo_dir: Path) -> list[Token]:
    return PARSER.parse(render("report", "md", context_of(write, demo_dir)))


@pytest.fixture
def hostile(write, demo_dir: Path) -> list[Token]:
    return PARSER.parse(render("report", "md", hostile_context(write, demo_dir)))


SCORES = [
    ["checklist / section", "score", "target", "gap", "coverage", "answered"],
    ["Demo checklist", "58.3 mediocrity", "100", "41.7", "100%", "3 / 3"],
    ["First section", "62.5 mediocrity", "100", "37.5", "100%", "2 / 2"],
    ["Second section", "50.0 mediocrity", "100", "50.0", "100%", "1 / 1"],
    ["Overall", "58.3 mediocrity", "100", "41.7", "100%", "3 / 3"],
]


def test_headings_in_order(plain: list[Token]) -> None:
    assert headings(plain) == [
        ("h1", "Customer-focus gap report: Demo Ltd"),
        ("h2", "Overall"),
        ("h2", "Priorities"),
        ("h2", "Strengths"),
        ("h2", "Appendix: notes and reasons"),
        ("h3", "Demo checklist"),
        ("h2", "How the numbers are made"),
    ]


def test_the_scores_table_has_every_row_and_cell(plain: list[Token]) -> None:
    assert tables(plain) == [SCORES]


def test_priorities_are_a_ranked_list_with_the_action(plain: list[Token]) -> None:
    start = next(n for n, t in enumerate(plain) if t.type == "bullet_list_open")
    items, texts = 0, []
    for token in plain[start:]:
        if token.type == "bullet_list_close":
            break
        items += token.type == "list_item_open"
        if token.type == "inline":
            texts.append(text_of(token))
    assert items == 2
    first = texts[0]
    assert first.startswith("Rank 1: How often do you [bold]listen[/bold]? demo/often (Demo checklist: First section).")
    assert texts[-1].startswith("Rank 2: ")
    assert "Answer: Rarely (25.0, misery); gap 75.0; weight 1 x section 2." in first
    assert "First step: Ask one open question per call." in first and "Note: we ask | every *time*" in first
    assert "First step: Write down what staff may decide." in texts[1]


def test_strengths_and_the_scoring_line(plain: list[Token]) -> None:
    bullets = [
        text_of(t)
        for n, t in enumerate(plain)
        if t.type == "inline" and plain[n - 2].type == "list_item_open" and plain[n - 3].type == "bullet_list_open"
    ]
    strengths = [b for b in bullets if not b.startswith("Rank ")]
    assert strengths[0] == "Is the number on the website? (Demo checklist: First section): Yes"
    paragraphs = [text_of(t) for t in plain if t.type == "inline"]
    assert any(p.startswith("Answers score (value - min) / (max - min) x 100;") for p in paragraphs)
    assert any(p.startswith("Made by cxcheck ") for p in paragraphs)


def test_hostile_text_keeps_the_tables_whole_and_reads_back_verbatim(hostile: list[Token]) -> None:
    assert tables(hostile) == [SCORES]
    assert headings(hostile)[0] == ("h1", "Customer-focus gap report: <b>Acme</b> | {{ 7*7 }}")
    assert not any(
        t.type in ("html_inline", "html_block", "link_open", "em_open", "strong_open") and "script" in t.content
        for t in hostile
    )
    note = next(text_of(t) for t in hostile if t.type == "inline" and "Note:" in text_of(t))
    assert note.endswith("Note: " + " ".join(HOSTILE.split()))
    children = next(t.children or [] for t in hostile if t.type == "inline" and "Note:" in text_of(t))
    after = children[[c.content for c in children].index("Note:") + 2 :]  # past the template's own *Note:*
    assert {c.type for c in after} == {"text"}  # no link, code, emphasis, HTML or break from the note


def test_the_appendix_lists_every_note_and_reason_of_each_checklist_verbatim(write, demo_dir: Path) -> None:
    text = (
        ANSWERS.replace("demo/yes-no: 1", f"demo/yes-no: {{value: n/a, reason: {json.dumps(HOSTILE)}}}")
        .replace("demo/light: 2", "demo/light: {value: 2, note: 'not a priority, still kept'}")
        .replace('"we ask | every *time*"', json.dumps(HOSTILE))
    )
    tokens = PARSER.parse(render("report", "md", context_of(write, demo_dir, text, top=0)))
    appendix = [
        n for n, t in enumerate(tokens) if t.type == "heading_open" and text_of(tokens[n + 1]).startswith("Appendix")
    ]
    assert appendix, "the appendix heading"
    after = tokens[appendix[0] :]
    assert text_of(after[4]) == "Demo checklist"
    bullets = [text_of(t) for n, t in enumerate(after) if t.type == "inline" and after[n - 2].type == "list_item_open"]
    words = " ".join(HOSTILE.split())
    assert bullets == [
        f"How often do you [bold]listen[/bold]? (demo/often, First section): Rarely. Note: {words}",
        f"Is the number on the website? (demo/yes-no, First section): n/a. Why n/a: {words}",
        "Do staff decide without asking? (demo/light, Second section): Sometimes. Note: not a priority, still kept",
    ]


def test_the_appendix_keeps_notes_on_items_the_checklist_dropped(write, demo_dir: Path) -> None:
    text = ANSWERS.replace("demo/yes-no: 1", f"demo/gone: {{value: n/a, reason: {json.dumps(HOSTILE)}, note: ask Bo}}")
    text = text.replace('demo: "1.0"', 'demo: "0.9"')  # an older version's items are kept as left out
    context = context_of(write, demo_dir, text, top=0)
    for checklist in context["checklists"]:
        checklist["notes"] = []  # only the dropped item's words can open the appendix now
    tokens = PARSER.parse(render("report", "md", context))
    headings = [text_of(tokens[n + 1]) for n, t in enumerate(tokens) if t.type == "heading_open"]
    assert "On items no longer in the checklist" in headings
    bullets = [
        text_of(t) for n, t in enumerate(tokens) if t.type == "inline" and tokens[n - 2].type == "list_item_open"
    ]
    assert f"demo/gone: why n/a: {' '.join(HOSTILE.split())}. Note: ask Bo" in bullets


def test_a_hostile_section_title_stays_in_its_cell(write, demo_dir: Path) -> None:
    context = context_of(write, demo_dir)
    context["checklists"][0]["sections"][0]["title"] = "A | B\n| --- |\n*x*"
    rows = tables(PARSER.parse(render("report", "md", json.loads(json.dumps(context)))))[0]
    assert rows[2] == ["A | B | --- | *x*", "62.5 mediocrity", "100", "37.5", "100%", "2 / 2"]
    assert len(rows) == len(SCORES)
