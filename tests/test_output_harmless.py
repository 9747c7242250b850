"""For any text in any input file, every command's output is harmless and every JSON and XML parses.

Whatever a checklist's titles and questions, an answers file's respondent, organisation, notes
and reasons, or a workshop's name hold, no command writes a control character other than
newline and tab to standard output or error (under ``CliRunner`` nothing is a terminal, so
there is no styling of our own either), none crashes, and the JSON and JUnit XML written parse
strictly: JSON without NaN or Infinity, XML with expat, which refuses what XML 1.0 forbids.
Text with control characters must be refused at load (and the refusal be harmless too); text
without them must come out as text.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import textwrap
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterator
from contextlib import chdir, contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from cxcheck.text import CONTROLS
from tests.conftest import DEMO_CHECKLIST, Cli

NOW = {"CXCHECK_NOW": "2024-05-01T10:00:00+00:00"}
FEW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
"""Each example runs a command through ``CliRunner``: a few per command (about 140 in all) keep the
suite fast, and the strategy puts the dangerous characters in often."""

NASTY = [
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "\x9b31m",
    "\x00",
    "\x01\x0b",
    "\r",
    "\x7f",
    "\x85",
]
"""Escape sequences and controls from the issue: each would act at a terminal or break XML."""
ODD = ["]]>", "&<x>", "[bold]", "[/]", "`", "<img src=x onerror=alert(1)>", "# h", "{{ 7*7 }}", "\u2028", "\ufeff", "é"]
"""Text that means something to XML, rich, Markdown, HTML or Jinja, but is no control character."""

clean_text = (
    st.lists(st.one_of(st.sampled_from(ODD), st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"])), max_size=8)
    .map("".join)
    .map(lambda text: text.strip() or "x")
)
"""Text a loader accepts (no control characters; never blank, as names must not be)."""
FIELDS = (
    "checklist_title",
    "section_title",
    "question",
    "help",
    "respondent",
    "organisation",
    "note",
    "reason",
    "workshop",
    "theme",
    "stage",
    "touchpoint",
    "owner",
    "map_note",
    "practice",
    "file_name",
)


@st.composite
def texts(draw: Callable[..., Any]) -> dict[str, str]:
    """A text for every field; in most examples one or two fields also carry a control (two: a
    file named with one that is also refused for its content, say)."""
    chosen = {name: draw(clean_text) for name in FIELDS}
    fields = draw(st.lists(st.sampled_from(FIELDS), max_size=2, unique=True))
    for field in fields:
        at = draw(st.integers(0, len(chosen[field])))
        chosen[field] = chosen[field][:at] + draw(st.sampled_from(NASTY)) + chosen[field][at:]
    return chosen


def scalar(text: str) -> str:
    """``text`` as one YAML scalar that reads back as exactly ``text``."""
    return yaml.safe_dump(text, allow_unicode=True, width=10_000).removesuffix("\n...\n").rstrip("\n")


def answers_yaml(t: dict[str, str], date: str, often: int) -> str:
    return textwrap.dedent(
        f"""\
        respondent: {scalar(t["respondent"])}
        role: frontline
        organisation: {scalar(t["organisation"])}
        date: {date}
        checklists:
          demo: '1.0'
        answers:
          demo/often:
            value: {often}
            note: {scalar(t["note"])}
          demo/yes-no: 1
          demo/light:
            value: n/a
            reason: {scalar(t["reason"])}
        workbook:
          journey:
            - name: {scalar(t["stage"])}
              touchpoints:
                - name: {scalar(t["touchpoint"])}
                  owner: {scalar(t["owner"])}
                  rating: misery
                  note: {scalar(t["map_note"])}
          practices:
            - id: own
              question: {scalar(t["practice"])}
              scale: frequency
              answer: 2
        """
    )


def checklist_yaml(t: dict[str, str]) -> str:
    text = textwrap.dedent(DEMO_CHECKLIST)
    for old, field in (
        ("title: Demo checklist", "checklist_title"),
        ("title: First section", "section_title"),
        ("question: How often do you [bold]listen[/bold]?", "question"),
        ("help: Listening finds the problem.", "help"),
    ):
        assert old in text
        text = text.replace(old, f"{old.split(':')[0]}: {scalar(t[field])}")
    return text


@contextmanager
def inputs(t: dict[str, str]) -> Iterator[Path]:
    """A directory of every kind of input, holding the texts: a checklist, two assessments of one
    organisation, and a workshop folder of two participants, one file named with a text too."""
    root = Path(tempfile.mkdtemp(prefix="cxcheck-harmless-"))
    try:
        (root / "checklists").mkdir()
        (root / "checklists" / "demo.yaml").write_text(checklist_yaml(t), encoding="utf-8")
        (root / "before.yaml").write_text(answers_yaml(t, "2024-01-15", 1), encoding="utf-8")
        (root / "after.yaml").write_text(answers_yaml(t, "2024-04-30", 3), encoding="utf-8")
        folder = root / "ws"
        folder.mkdir()
        (folder / "workshop.yaml").write_text(
            f"format_version: 1\nname: {scalar(t['workshop'])}\norganisation: {scalar(t['organisation'])}\n"
            "created: 2024-04-01\nchecklists:\n  demo: '1.0'\n"
            f"theme:\n  name: {scalar(t['theme'])}\n  footer: {scalar(t['theme'])}\n",
            encoding="utf-8",
        )
        shutil.copyfile(root / "before.yaml", folder / "answers-one.yaml")
        participant = "answers-" + t["file_name"].replace("/", "-").replace("\x00", "-")[:40] + ".yaml"
        (folder / participant).write_text(
            answers_yaml(t, "2024-04-30", 4).replace("role: frontline", "role: leadership"), encoding="utf-8"
        )
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def reject_constant(name: str) -> Any:
    raise ValueError(f"not JSON: {name}")


def strict_json(text: str) -> None:
    json.loads(text, parse_constant=reject_constant)


def strict_xml(text: str) -> None:
    ElementTree.fromstring(text.encode("utf-8"))


EMBEDDED_JSON = re.compile(r'<script type="application/json"[^>]*>(.*?)</script>', re.DOTALL)


def html_with_strict_json(text: str) -> None:
    """An HTML page (the collection form carries its configuration as JSON): that JSON parses strictly."""
    for embedded in EMBEDDED_JSON.findall(text):
        strict_json(embedded)


WRITTEN: dict[str, Callable[[str], None]] = {
    ".json": strict_json,
    ".xml": strict_xml,
    ".html": html_with_strict_json,
    ".md": str,
}
"""The files commands write, read back: JSON and XML must parse; none may hold a control character."""

COMMANDS: dict[str, tuple[list[str], str | None, Callable[[str], None] | None]] = {
    # name: (arguments, standard input, the parser the standard output must pass on success)
    "list": (["list"], None, None),
    "show": (["show", "demo"], None, None),
    "validate": (["validate", "{root}/checklists/demo.yaml"], None, None),
    "report md": (["report", "after.yaml"], None, None),
    "report html": (["report", "after.yaml", "-f", "html"], None, None),
    "report json": (["report", "after.yaml", "-f", "json"], None, strict_json),
    "check text": (["check", "after.yaml", "--no-config", "--fail-under", "50"], None, None),
    "check json": (
        ["check", "after.yaml", "--no-config", "-f", "json", "--baseline", "before.yaml", "--max-drop", "5"],
        None,
        strict_json,
    ),
    "check junit": (["check", "after.yaml", "--no-config", "-f", "junit", "--fail-under", "99"], None, strict_xml),
    "check junit file": (
        ["check", "after.yaml", "--no-config", "-f", "junit", "-o", "out.xml", "--min-coverage", "10"],
        None,
        None,
    ),
    "report json file": (["report", "ws", "-o", "out.json"], None, None),
    "report html file": (["report", "after.yaml", "-o", "out.html"], None, None),
    "compare md": (["compare", "before.yaml", "after.yaml"], None, None),
    "compare json": (["compare", "before.yaml", "after.yaml", "-f", "json"], None, strict_json),
    "trend md": (["trend", "before.yaml", "after.yaml"], None, None),
    "trend json": (["trend", "before.yaml", "after.yaml", "-f", "json"], None, strict_json),
    "workshop report md": (["report", "ws"], None, None),
    "workshop report json": (["report", "ws", "-f", "json"], None, strict_json),
    "workshop report html": (["report", "ws", "-f", "html"], None, None),
    "assess map": (["assess", "--map", "-o", "after.yaml"], ".\n.\n", None),
    "consensus": (["consensus", "ws", "-o", "agreed.yaml"], "3\nc\nwe agreed\n1\nq\n", None),
    "assess walk": (
        ["assess", "demo", "-o", "new.yaml", "--respondent", "Ann", "--organisation", "Acme"],
        "3\nq\n",
        None,
    ),
    "assess resume": (["assess", "demo", "-o", "after.yaml", "--review"], "\nc\nseen\nq\n", None),
    "assess --answers": (["assess", "--answers", "after.yaml", "--set", "demo/often=2"], None, None),
    "answers template": (["answers", "template", "demo"], None, None),
    "form": (["form", "-o", "form.html", "--organisation", "Acme"], None, None),
}


def run(cli: Cli, root: Path, name: str) -> Result:
    args, stdin, _ = COMMANDS[name]
    words = [a.format(root=root) for a in args]
    with chdir(root):
        return cli(*words, "--checklists", root / "checklists", input=stdin, env=NOW)


def assert_harmless(result: Result, name: str) -> None:
    for stream, text in (("standard output", result.stdout), ("standard error", result.stderr)):
        found = CONTROLS.search(text)
        assert found is None, f"{name}: {found.group()!r} on {stream}:\n{text}"  # type: ignore[union-attr]
    assert result.exit_code in (0, 1, 2), f"{name}: exit {result.exit_code}\n{result.output}"
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", COMMANDS)
@FEW
@given(t=texts())
def test_no_command_passes_a_control_character_on_and_every_json_and_xml_parses(name: str, t: dict[str, str]) -> None:
    cli = Cli()
    with inputs(t) as root:
        result = run(cli, root, name)
        assert_harmless(result, name)
        parse = COMMANDS[name][2]
        if parse is not None and result.exit_code in (0, 1):
            parse(result.stdout)
        for written in root.glob("*.*"):
            text = written.read_text(encoding="utf-8") if written.suffix in WRITTEN else ""
            assert CONTROLS.search(text) is None, f"{name}: a control character in {written.name}"
            WRITTEN.get(written.suffix, lambda text: None)(text)
        if not any(CONTROLS.search(text) for text in t.values()):
            ended = result.exit_code == 2 and "Standard input ended before" in result.output  # a walk, by design
            assert result.exit_code in (0, 1) or ended, f"{name}: text without controls was refused\n{result.output}"


STYLING = re.compile(r"\x1b\[[0-9;]*m|(?:^|(?<=\n))\x1b\[H\x1b\[2J", re.MULTILINE)
"""Our own styling at a terminal: rich's colours and weights (SGR), and the walk clearing the
screen before each item (home and clear, at the start of a line); nothing else."""
TERMINAL = {**NOW, "FORCE_COLOR": "1", "NO_COLOR": "", "TERM": "xterm-256color"}
AT_A_TERMINAL = ["list", "show", "check text", "report md", "workshop report md", "assess walk", "consensus"]
PLAIN = {"check text", "report md", "workshop report md"}
"""Commands whose output is plain text even at a terminal (a CI log, a Markdown report)."""


@pytest.mark.parametrize("name", AT_A_TERMINAL)
@settings(FEW, max_examples=4)
@given(t=texts())
def test_at_a_terminal_the_only_escape_sequences_are_our_own_colours(name: str, t: dict[str, str]) -> None:
    """With colour forced on, as at a terminal: text from files brings no sequence of its own."""
    cli = Cli()
    with inputs(t) as root:
        args, stdin, _ = COMMANDS[name]
        with chdir(root):
            result = cli(*args, "--checklists", root / "checklists", input=stdin, env=TERMINAL)
        assert result.exit_code in (0, 1, 2), f"{name}: exit {result.exit_code}\n{result.output}"
        styled = name not in PLAIN and result.exit_code == 0
        assert not styled or "\x1b[" in result.output, "no colour: not what a terminal gets"
        for stream, text in (("standard output", result.stdout), ("standard error", result.stderr)):
            found = CONTROLS.search(STYLING.sub("", text))
            assert found is None, f"{name}: {found.group()!r} on {stream}:\n{text!r}"  # type: ignore[union-attr]
