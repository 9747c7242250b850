"""The rendering mechanism every report kind shares: formats, escaping, the sandbox, safe writes."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest

from cxcheck.errors import CxError
from cxcheck.io.atomic import write_output
from cxcheck.reports.render import band_class, format_for, md_escape, number, percent, render
from tests.reports.test_report import ANSWERS, context_of

HOSTILE = "a | b *bold* _em_ `code` [link](http://x) <script>alert('x')</script> {{ 7*7 }} {% if 1 %}x{% endif %} &amp;\n# not a heading"
"""Markdown, HTML and Jinja syntax at once, with a newline; it must come out as this text everywhere."""


def hostile_context(write, demo_dir: Path) -> dict[str, Any]:
    quoted = json.dumps(HOSTILE)
    text = ANSWERS.replace('"we ask | every *time*"', quoted).replace("Demo Ltd", "'<b>Acme</b> | {{ 7*7 }}'")
    return context_of(write, demo_dir, text)


# --- formats --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "explicit", "template", "expected"),
    [
        (None, None, None, "md"),
        (Path("r.html"), None, None, "html"),
        (Path("r.HTM"), None, None, "html"),
        (Path("r.json"), None, None, "json"),
        (Path("r.markdown"), None, None, "md"),
        (Path("r.html"), "json", None, "json"),
        (None, None, Path("mine.html.j2"), "html"),
        (None, None, Path("mine.md.j2"), "md"),
        (None, None, Path("mine.j2"), "md"),
        (Path("r.md"), None, Path("mine.html.j2"), "md"),
    ],
)
def test_format_for(output: Path | None, explicit: str | None, template: Path | None, expected: str) -> None:
    assert format_for(output, explicit, template) == expected


def test_unknown_formats_and_extensions_are_refused() -> None:
    with pytest.raises(CxError, match="unknown format 'docx'; choose one of: md, html, json, pdf, xlsx, csv"):
        format_for(None, "docx")
    with pytest.raises(CxError, match=r"r\.txt: cannot tell the format from the extension '\.txt'"):
        format_for(Path("r.txt"), None)


def test_json_is_the_context_itself(write, demo_dir: Path) -> None:
    context = hostile_context(write, demo_dir)
    text = render("report", "json", context)
    assert json.loads(text) == context and text.endswith("\n")
    assert list(json.loads(text)) == list(context)  # key order kept


# --- hostile text comes out as text ---------------------------------------------------------


@pytest.mark.parametrize("figure", [float("nan"), float("inf"), float("-inf")])
def test_json_never_carries_nan_or_infinity(figure: float) -> None:
    """Strict JSON only: other tools (and our own ``compare``) must be able to read what we write."""
    with pytest.raises(CxError, match="a figure is not a finite number"):
        render("gap", "json", {"score": figure})
    from cxcheck.reports.check import as_json

    with pytest.raises(CxError, match="a figure is not a finite number"):
        as_json({"files": [{"score": figure}]})


def test_hostile_text_in_html_is_escaped(write, demo_dir: Path) -> None:
    html = render("report", "html", hostile_context(write, demo_dir))
    assert "<script>" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert html.count("{{ 7*7 }}") >= 3 and "{% if 1 %}x{% endif %}" in html  # not evaluated
    assert "&lt;b&gt;Acme&lt;/b&gt;" in html and "<b>Acme" not in html


def test_hostile_text_in_markdown_is_escaped_on_one_line(write, demo_dir: Path) -> None:
    markdown = render("report", "md", hostile_context(write, demo_dir))
    line = next(line for line in markdown.splitlines() if "Note:" in line)
    assert "a \\| b \\*bold\\* \\_em\\_ \\`code\\` \\[link\\](http://x) \\<script\\>" in line
    assert "{{ 7\\*7 }} {% if 1 %}x{% endif %} \\&amp; # not a heading" in line  # one line: no heading
    assert "\n# not a heading" not in markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words (and 3.5 things).", "plain words (and 3.5 things)."),
        ("a|b", "a\\|b"),
        ("*x* _y_ `z` ~w~", "\\*x\\* \\_y\\_ \\`z\\` \\~w\\~"),
        ("<b> &amp;", "\\<b\\> \\&amp;"),
        ("[a](b) ![c](d)", "\\[a\\](b) !\\[c\\](d)"),
        ("back\\slash", "back\\\\slash"),
        ("line\none\r\n\ttwo", "line one two"),
        ("# title", "\\# title"),
        ("#tag", "#tag"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("1.0", "1.0"),
        ("---", "\\---"),
        ("===", "\\==="),
        (None, ""),
        (3, "3"),
    ],
)
def test_md_escape(text: object, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_number_percent_and_band_class() -> None:
    assert (number(None), number(72.5), number(72.46, 1), number(100), number(68.75, 1)) == (
        "-",
        "72.5",
        "72.5",
        "100",
        "68.8",
    ), "a target as written, a score by the one rule"
    assert (percent(None), percent(99.6), percent(100.0), percent(33.333)) == ("-", "99%", "100%", "33%")
    assert (band_class("magic"), band_class(None)) == ("band-magic", "band-none")


# --- a user's own template ------------------------------------------------------------------


def test_a_user_template_gets_the_context_filters_and_the_bundled_css(write, demo_dir: Path) -> None:
    template = write(
        "mine.html.j2",
        "<h1>{{ organisation }}</h1>{{ overall.score|num(1) }} {{ overall.band|band_class }}"
        "<style>{% include 'report.css' %}</style>{{ checklists[0].sections[0].title|md }}",
    )
    html = render("report", "html", hostile_context(write, demo_dir), template)
    assert html.startswith("<h1>&lt;b&gt;Acme&lt;/b&gt; | {{ 7*7 }}</h1>58.3 band-mediocrity<style>")
    assert "--misery" in html and html.endswith("First section")


def test_a_user_template_extends_the_bundled_base_and_imports_its_macros(write, demo_dir: Path) -> None:
    """The documented way to write an HTML template: the page from base.html.j2, the pieces from macros.html.j2."""
    template = write(
        "mine.html.j2",
        '{% extends "base.html.j2" %}\n{% from "macros.html.j2" import pill, scored %}\n'
        "{% block title %}Ours: {{ organisation }}{% endblock %}\n"
        "{% block styles %}h1 { color: #1d4ed8; }{% endblock %}\n"
        '{% block body %}<main id="main">{{ scored(overall) }} {{ pill(None) }}</main>{% endblock %}\n',
    )
    html = render("report", "html", hostile_context(write, demo_dir), template)
    assert html.startswith("<!DOCTYPE html>") and "<title>Ours: &lt;b&gt;Acme&lt;/b&gt; | {{ 7*7 }}</title>" in html
    assert "--misery" in html and "h1 { color: #1d4ed8; }" in html and "Skip to the report" in html
    assert '<span class="figure">58.3</span> <span class="band band-mediocrity">mediocrity</span>' in html
    assert '<span class="band band-none">no score</span>' in html


def test_no_bundled_html_template_writes_a_shared_piece_itself() -> None:
    """Pills and chart SVG live in macros.html.j2 only, the page frame in base.html.j2 only."""
    from cxcheck.reports.render import templates_dir

    for kind in ("report", "compare", "trend", "workshop"):
        path = templates_dir() / f"{kind}.html.j2"
        text = path.read_text(encoding="utf-8")
        assert '{% extends "base.html.j2" %}' in text, path.name
        for piece in (
            "macro pill",
            "macro score(",
            'class="track"',
            'class="zone-{{ z.band }}" x="{{ z.x }}%"',
            'class="tick" x="{{ t.x }}%"',
            "<!DOCTYPE",
        ):
            assert piece not in text, (path.name, piece)


def test_no_bundled_markdown_template_defines_a_shared_macro_itself() -> None:
    """A figure, a signed change and a score with its band are written in macros.md.j2 only."""
    from cxcheck.reports.render import templates_dir

    for path in sorted(templates_dir().glob("*.md.j2")):
        if path.name != "macros.md.j2":
            text = path.read_text(encoding="utf-8")
            for name in ("score", "signed", "scored"):
                assert f"{{% macro {name}(" not in text, (path.name, name)


def test_a_user_markdown_template_is_not_html_escaped(write, demo_dir: Path) -> None:
    template = write("mine.md.j2", "{{ organisation|md }} & {{ respondent }}\n")
    assert (
        render("report", "md", hostile_context(write, demo_dir), template)
        == "\\<b\\>Acme\\</b\\> \\| {{ 7\\*7 }} & Ann Owner\n"
    )


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("ok\n{{ ''.__class__.__mro__ }}\n", 2, "unsafe"),
        ("ok\n{{ organisation.__class__.__init__.__globals__ }}\n", 2, "unsafe"),
        ("{{ checklists.append(1) }}\n", 1, "unsafe"),  # the context cannot be changed either
        ("{% for c in checklists %}\n{{ c.nope }}\n{% endfor %}\n", 2, "has no attribute 'nope'"),
        ("one\ntwo\n{{ missing }}\n", 3, "'missing' is undefined"),
        ("one\n{% if %}\n", 2, "template syntax error"),
        ("{{ 1 / 0 }}\n", 1, "ZeroDivisionError"),
        ("{{ '%d'|format('x') }}\n", 1, "TypeError"),
        ("\n{% include 'nowhere.j2' %}\n", 2, "template not found: nowhere.j2"),
    ],
)
def test_template_mistakes_are_one_line_with_path_and_line(
    write, demo_dir: Path, source: str, line: int, message: str
) -> None:
    template = write("bad.md.j2", source)
    with pytest.raises(CxError) as caught:
        render("report", "md", hostile_context(write, demo_dir), template)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (str(template), line), str(problem)
    assert message in problem.message and "\n" not in str(problem)


def test_a_missing_or_unreadable_template(write, tmp_path: Path, demo_dir: Path) -> None:
    context = hostile_context(write, demo_dir)
    with pytest.raises(CxError, match="template file not found"):
        render("report", "md", context, tmp_path / "nope.j2")
    with pytest.raises(CxError, match="template file not found"):
        render("report", "md", context, tmp_path)
    binary = tmp_path / "binary.j2"
    binary.write_bytes(b"\xff\xfe{{ x }}")
    with pytest.raises(CxError, match="template is not UTF-8 text"):
        render("report", "md", context, binary)


def test_bundled_templates_compile_once(write, demo_dir: Path) -> None:
    from cxcheck.reports.render import _bundled_template

    assert _bundled_template("report.html.j2") is _bundled_template("report.html.j2")


# --- writing ----------------------------------------------------------------------------------


def test_write_output_writes_a_shareable_file(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    old = os.umask(0o022)
    try:
        write_output("hello\n", path)
    finally:
        os.umask(old)
    assert path.read_text() == "hello\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    path.chmod(0o600)
    write_output("again\n", path)
    assert path.read_text() == "again\n" and stat.S_IMODE(path.stat().st_mode) == 0o600  # kept as the user set it
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]  # no temporary file left behind


def test_write_output_never_writes_through_a_symlink(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "report.html"
    link.symlink_to(victim)
    with pytest.raises(CxError, match="report.html: is a symbolic link"):
        write_output("<html>", link)
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere.html")
    with pytest.raises(CxError, match="is a symbolic link"):
        write_output("<html>", dangling)
    assert victim.read_text() == "precious" and not (tmp_path / "nowhere.html").exists()


def test_write_output_refuses_missing_directories_and_directories(tmp_path: Path) -> None:
    with pytest.raises(CxError, match="directory .*missing does not exist; create it first"):
        write_output("x", tmp_path / "missing" / "r.md")
    assert not (tmp_path / "missing").exists()
    with pytest.raises(CxError, match="is a directory"):
        write_output("x", tmp_path)


def test_any_template_name_gets_its_line_and_an_included_file_its_own(write, demo_dir: Path) -> None:
    context = hostile_context(write, demo_dir)
    odd = write("mine.tmpl", "one\n{{ nothing_here }}\n")
    with pytest.raises(CxError) as caught:
        render("report", "md", context, odd)
    assert str(caught.value).startswith(f"{odd}:2: template error: 'nothing_here' is undefined")
    part = write("part.j2", "\n\n{{ 1 // 0 }}\n")
    main = write("main.md.j2", "{% include 'part.j2' %}\n")
    with pytest.raises(CxError) as caught:
        render("report", "md", context, main)
    assert str(caught.value).startswith(f"{part}:3: template error: ZeroDivisionError")


def test_runaway_recursion_in_a_template_is_a_message(write, demo_dir: Path) -> None:
    template = write("loop.md.j2", "{% macro m() %}{{ m() }}{% endmacro %}\n{{ m() }}\n")
    with pytest.raises(CxError, match="template error: RecursionError"):
        render("report", "md", hostile_context(write, demo_dir), template)


def test_json_text_is_the_one_writer_of_json_documents() -> None:
    """Every JSON document we write (reports, ``check -f json``, ``schema``) goes through
    ``json_text``, which refuses NaN and Infinity; a plain ``json.dumps`` would write them."""
    import ast

    package = Path(__file__).parents[2] / "cxcheck"
    quoting_only = {"core/answers_template.py"}  # a version as a YAML double-quoted scalar, not a document
    callers = {
        module.relative_to(package).as_posix()
        for module in package.rglob("*.py")
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and node.attr in ("dump", "dumps")
        and getattr(node.value, "id", "") == "json"
    }
    assert sorted(callers - quoting_only) == ["reports/render.py"]


# --- the documented context, through a real template ------------------------------------------------


def documented_keys() -> list[str]:
    """Every key in the key column of docs/reports.md's template context table."""
    text = (Path(__file__).parents[2] / "docs" / "reports.md").read_text(encoding="utf-8")
    table = text.split("## Template context", 1)[1].split("\n\n", 2)[2].split("\n\n", 1)[0]
    rows = [line.split("|")[1] for line in table.splitlines()[2:]]
    return [key for cell in rows for key in re.findall(r"`([^`]+)`", cell)]


def test_every_documented_key_is_read_by_a_template_as_written(write, demo_dir: Path) -> None:
    answers = ANSWERS.replace("demo/yes-no: 1", "demo/yes-no: {value: n/a, reason: closed}")
    context = json.loads(json.dumps(context_of(write, demo_dir, answers)))
    keys = documented_keys()
    assert {"priorities.ranked", "checklists[].sections", "checklists[].notes", "targets"} <= set(keys)
    for key in keys:
        expression = key.replace("[]", "[0]")
        template = write("key.md.j2", f"{{{{ {expression}|tojson }}}}")
        value: Any = context
        for part in re.findall(r"\w+|\[0\]", expression):
            value = value[0] if part == "[0]" else value[part]
        assert json.loads(render("report", "md", context, template)) == value, key


@pytest.mark.parametrize("kind", ["report", "check", "workshop", "compare", "trend"])
def test_no_context_key_below_the_top_is_hidden_by_a_dict_method(kind: str) -> None:
    """``{{ priorities.items }}`` is the dict's method in Jinja, not the key: no report may use such names."""
    from cxcheck.reports.schema import schema

    hidden: list[str] = []

    def walk(node: Any, where: str, top: bool) -> None:
        if not isinstance(node, dict):
            return
        for key, sub in node.get("properties", {}).items():
            if not top and hasattr({}, key):
                hidden.append(f"{where}.{key}")
            walk(sub, f"{where}.{key}", False)
        for sub in node.get("anyOf", []):
            walk(sub, where, top)
        walk(node.get("items"), f"{where}[]", False)

    walk(schema(kind), kind, True)
    assert hidden == []


# --- a user's template under limits on time, output and memory ------------------------------

NESTED = "a\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
LIMITED = (
    r"^{path}:{line}: {what} limit exceeded: a template may take at most \S+ s, write \S+ MB and use \S+ MB of memory"
)


def limit_hit(path: Path, line: int | None, what: str) -> str:
    where = f"{re.escape(str(path))}" + ("" if line is None else f":{line}")
    return LIMITED.replace("{path}:{line}", where).replace("{what}", what)


def test_a_template_that_asks_for_gigabytes_stops_at_the_memory_limit(write, demo_dir: Path) -> None:
    template = write("mem.md.j2", "ok\n{{ ('x' * 4000000000)|length }}\n")
    with pytest.raises(CxError) as caught:
        render("report", "md", hostile_context(write, demo_dir), template)
    assert re.match(limit_hit(template, 2, "memory"), str(caught.value)), str(caught.value)


def test_nested_loops_stop_at_the_time_limit_on_their_line(write, demo_dir: Path, monkeypatch) -> None:
    from cxcheck.reports import limits

    monkeypatch.setattr(limits, "TIME_LIMIT", 0.5)
    template = write("loop.md.j2", NESTED)
    with pytest.raises(CxError) as caught:
        render("report", "md", hostile_context(write, demo_dir), template)
    assert re.match(limit_hit(template, 2, "time"), str(caught.value)), str(caught.value)
    assert "at most 0.5 s" in str(caught.value)


def test_a_template_that_writes_too_much_stops_at_the_output_limit(write, demo_dir: Path, monkeypatch) -> None:
    from cxcheck.reports import limits

    monkeypatch.setattr(limits, "OUTPUT_LIMIT", 10_000)
    template = write("big.md.j2", "start\n\n{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}\n")
    with pytest.raises(CxError) as caught:
        render("report", "md", hostile_context(write, demo_dir), template)
    assert re.match(limit_hit(template, 3, "output"), str(caught.value)), str(caught.value)
    small = write("small.md.j2", "{% for i in range(99) %}{{ 'x' * 100 }}{% endfor %}")
    assert render("report", "md", hostile_context(write, demo_dir), small) == "x" * 9900


def test_a_rendering_stuck_where_no_alarm_reaches_is_killed_from_outside(write, demo_dir: Path, monkeypatch) -> None:
    import time

    from cxcheck.reports import limits

    monkeypatch.setattr(limits, "TIME_LIMIT", 0.2)
    monkeypatch.setattr(limits, "_GRACE", 0.2)
    monkeypatch.setattr(limits, "_in_time", lambda render: time.sleep(60))  # as inside one long C call
    template = write("stuck.md.j2", "x\n")
    started = time.monotonic()
    with pytest.raises(CxError) as caught:
        render("report", "md", hostile_context(write, demo_dir), template)
    assert re.match(limit_hit(template, None, "time"), str(caught.value)), str(caught.value)
    assert time.monotonic() - started < 30


def test_without_fork_a_template_still_stops_at_the_time_limit(write, demo_dir: Path, monkeypatch) -> None:
    import multiprocessing

    from cxcheck.reports import limits

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(limits, "TIME_LIMIT", 0.3)
    template = write("loop.md.j2", NESTED)
    with pytest.raises(CxError) as caught:
        render("report", "md", hostile_context(write, demo_dir), template)
    assert re.match(limit_hit(template, 2, "time"), str(caught.value)), str(caught.value)


def test_the_bundled_templates_render_in_process(write, demo_dir: Path, monkeypatch) -> None:
    from cxcheck.reports import limits

    def no_child(*args: object) -> str:
        raise AssertionError("a bundled template was sent to a child process")

    monkeypatch.setattr(limits, "confined", no_child)
    assert "Demo checklist" in render("report", "md", hostile_context(write, demo_dir))


def test_css_string_keeps_every_character_of_text_and_drops_only_controls() -> None:
    """A non-breaking space was dropped with the controls (``str.isprintable``): ``Conseil :``
    became ``Conseil:`` in the running header of every printed page."""
    from cxcheck.reports.render import css_string

    assert (
        css_string('Conseil\u00a0: "A"\nB\x1b[2J</style>')
        == '"Conseil\\a0 \\3a  \\22 A\\22  B\\5b 2J\\3c \\2f style\\3e "'
    )
