"""Every value of every Markdown template is inert, read back by a real CommonMark parser.

Each Markdown report (gap report with its map, compare, trend, workshop) is rendered from its
real context with every text value replaced by a value that tries each way out of Markdown at
once: a backtick to close a code span, a newline and ``# HEADING`` to start a block, raw HTML
with an event handler, and a ``javascript:`` link. markdown-it-py must find no HTML, no link,
no image and no heading beyond the template's own, and must read the value back as its text.
Typed values the templates print as they are (dates, band and rating names) keep theirs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cxcheck.reports.render import md_escape, render
from tests.conftest import Cli
from tests.reassess_data import answers_text
from tests.workshop_data import write_five

PARSER = MarkdownIt("commonmark").enable("table")
HOSTILE = "x`` ` # HEADING\n# HEADING <img src=x onerror=alert(1)> [click](javascript:alert(1)) `"
SHOWN = " ".join(HOSTILE.split())
TYPED = {"date", "first", "last", "band", "rating", "cxcheck_version"}
"""Keys whose values are made by cxcheck (dates, band and rating words), not text from a file."""
MAP = """\
workbook:
  journey:
    - name: After-sales
      touchpoints:
        - {name: Hold line, rating: misery, note: waited, by_customer: {newcomers: {rating: magic, note: quick}}}
        - {name: Shop, rating: magic}
        - {name: Returns, rating: misery}
  customers:
    definition: whoever pays
    kinds: [{name: newcomers, wants: speed, needs: help, surprise: none}]
  ideal: {name: Dazzle, feelings: [wowed], looks: clean}
"""


def poisoned(value: Any, key: str | None = None) -> Any:
    """``value`` with every text in it (but the typed ones) replaced by :data:`HOSTILE`."""
    if isinstance(value, dict):
        return {k: poisoned(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v, key) for v in value]
    return HOSTILE if isinstance(value, str) and key not in TYPED else value


def tokens_of(markdown: str) -> list[Token]:
    """Every token, the inline ones' children included."""
    found: list[Token] = []
    for token in PARSER.parse(markdown):
        found += [token, *(token.children or [])]
    return found


def text_of(tokens: list[Token]) -> str:
    return " ".join(t.content for t in tokens if t.type in ("text", "code_inline"))


@pytest.fixture
def contexts(cli: Cli, tmp_path: Path, demo_dir: Path) -> Callable[[str], tuple[str, dict[str, Any]]]:
    """The real JSON context of each kind of Markdown report, made by the CLI."""
    old = tmp_path / "old.yaml"
    old.write_text(answers_text(date="2026-01-31", light=None, version="0.9") + "  demo/gone: 1\n", encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(answers_text(often=3, light=3) + MAP, encoding="utf-8")
    room = tmp_path / "room"
    write_five(room)
    commands = {
        "report": ["report", old],
        "map": ["report", new],
        "compare": ["compare", old, new],
        "trend": ["trend", old, new],
        "workshop": ["report", room],
    }

    def made(name: str) -> tuple[str, dict[str, Any]]:
        result = cli(
            *commands[name], "--checklists", demo_dir, "-f", "json", env={"CXCHECK_NOW": "2026-04-01T10:00:00"}
        )
        assert result.exit_code == 0, result.output
        context = json.loads(result.stdout)
        return ("report" if name == "map" else context["kind"]), context

    return made


@pytest.mark.parametrize("name", ["report", "map", "compare", "trend", "workshop"])
def test_every_value_is_inert_in_every_markdown_template(contexts, name: str) -> None:
    kind, context = contexts(name)
    plain = tokens_of(render(kind, "md", context))
    hostile = tokens_of(render(kind, "md", poisoned(context)))
    for found in (plain, hostile):
        assert not [t.type for t in found if t.type in ("html_inline", "html_block", "link_open", "image")]
    headings = [t.tag for t in plain if t.type == "heading_open"]
    assert [t.tag for t in hostile if t.type == "heading_open"] == headings, "a value started a heading"
    shown = text_of(hostile)
    assert shown.count(SHOWN) >= 3, "the value must come back as the text it is"
    assert "HEADING" not in text_of([t for t in hostile if t.type == "inline" and t.content.startswith("#")])


def test_a_stale_answer_key_cannot_close_its_code_span(contexts) -> None:
    """The issue's case: a key of a dropped item, listed in the report and in compare as code."""
    for name, where in (("report", ("left_out",)), ("compare", ("checklists", 0, "version_change", "removed_items"))):
        kind, context = contexts(name)
        holder = context
        for step in where[:-1]:
            holder = holder[step]
        holder[where[-1]] = [HOSTILE]
        found = tokens_of(render(kind, "md", context))
        assert SHOWN in [t.content for t in found if t.type == "code_inline"]
        assert not [t for t in found if t.type in ("html_inline", "html_block", "link_open", "image")]


@pytest.mark.parametrize("value", ["plain-id", "a`b", "`start", "end`", "``", "a ``` b", "two\nlines"])
def test_a_code_span_holds_any_value_whole(value: str) -> None:
    (paragraph,) = [t for t in PARSER.parse("see " + md_escape(value, code=True) + " here") if t.type == "inline"]
    assert [(c.type, c.content) for c in paragraph.children or []] == [
        ("text", "see "),
        ("code_inline", " ".join(value.split())),
        ("text", " here"),
    ]
