"""``cli/output.py`` ``deliver`` for every command that uses it: one view at a time, never the Markdown then the table.

``report`` (one file, and a workshop), ``compare`` and ``trend`` each run every way: at a
terminal with nothing asked for (the table alone), with ``-f md`` or ``--template`` (that
alone), with ``-o`` (the file, then the table), and into a pipe (the Markdown alone).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.reassess_data import NOW, QUARTERS, reassess_dir

TABLE = "┃"
"""The column rule of every summary table's header; Markdown never has it."""


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(reassess_dir(tmp_path))
    return tmp_path


COMMANDS = {
    "report": ("report", "2026-q4.yaml"),
    "workshop": ("report", "workshop"),
    "compare": ("compare", "2026-q3.yaml", "2026-q4.yaml"),
    "trend": ("trend", *QUARTERS),
}
HEADINGS = {
    "report": "# Customer-focus gap report: Demo Ltd",
    "workshop": "# Workshop report: Acme Ltd",
    "compare": "# Customer-focus comparison: Demo Ltd",
    "trend": "# Customer-focus trend: Demo Ltd",
}
WAYS = {
    # how it is run: (at a terminal, extra options, what standard output starts with, standard error)
    "terminal": (True, (), "table", "The Markdown report: add -f md; a file: -o {kind}.html (or .md, .json, .pdf).\n"),
    "terminal -f md": (True, ("-f", "md"), "heading", ""),
    "terminal --template": (True, ("--template", "mine.md.j2"), "made for {kind}", ""),
    "terminal -o": (True, ("-o", "out.md"), "table", "Wrote the md {what}report to out.md.\n"),
    "pipe": (False, (), "heading", ""),
}


@pytest.mark.parametrize("way", WAYS)
@pytest.mark.parametrize("name", COMMANDS)
def test_one_view_at_a_time(cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch, name: str, way: str) -> None:
    terminal, extra, starts, stderr = WAYS[way]
    monkeypatch.setattr("cxcheck.cli.output.stdout_is_terminal", lambda: terminal)
    (work / "mine.md.j2").write_text("made for {{ kind }}\n", encoding="utf-8")
    kind = "report" if name == "report" else name
    result = cli(*COMMANDS[name], *extra, "--checklists", "checklists", env={"CXCHECK_NOW": NOW})
    assert result.exit_code == 0, (result.stdout, result.stderr)
    assert result.stderr == stderr.format(kind=kind, what="" if kind == "report" else f"{kind} ")
    if starts == "table":
        assert TABLE in result.stdout and "# " not in result.stdout  # the table, and no Markdown before it
    else:
        assert result.stdout.startswith(HEADINGS[name] if starts == "heading" else starts.format(kind=kind))
        assert TABLE not in result.stdout
    if "-o" in extra:
        assert (work / "out.md").read_text(encoding="utf-8").startswith(HEADINGS[name])


@pytest.mark.terminal
def test_in_a_real_50_column_terminal_one_readable_table(work: Path) -> None:
    """At a real pseudo-terminal (tmux), without colour: the table alone, every word whole, bands uncut."""
    import os

    from tests.tmux import screen

    root = Path(__file__).resolve().parents[2]
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "TERM": "xterm-256color",
        "NO_COLOR": "1", "CXCHECK_PATH": "", "CXCHECK_NOW": NOW,
    }  # fmt: skip
    with screen(work, env, width=50) as shown:
        after = shown.type(f"{root}/.venv/bin/cxcheck report 2026-q4.yaml --checklists checklists")
        assert shown.exit_code(after) == 0
        text = shown.text()[after:]
    assert "# Customer-focus" not in text and "Scores (0..100)" in text
    assert "mediocrity" in text and "…" not in text and "First section" in text and "Second section" in text
    assert "The Markdown report: add -f md" in text


OVERWRITES = {
    # a file the command reads, named as the output: (command, the file)
    "report --targets": (("report", "2026-q4.yaml", "--targets", "targets.yaml", "-f", "md"), "targets.yaml"),
    "report --template": (("report", "2026-q4.yaml", "--template", "mine.md.j2", "-f", "md"), "mine.md.j2"),
    "an answers file in the workshop": (("report", "workshop", "-f", "md"), "workshop/{first}"),
    "a checklist": (("report", "2026-q4.yaml", "-f", "md"), "checklists/demo.yaml"),
    "trend --targets": (("trend", *QUARTERS, "--targets", "targets.yaml", "-f", "md"), "targets.yaml"),
    "compare --theme": (("compare", "2026-q3.yaml", "2026-q4.yaml", "--theme", "theme.yaml", "-f", "md"), "theme.yaml"),
    "check --config": (("check", "2026-q4.yaml", "--config", "gates.yaml", "-f", "json"), "gates.yaml"),
    "check's own cxcheck.yaml": (("check", "2026-q4.yaml", "-f", "json"), "cxcheck.yaml"),
    "form over an answers file": (("form", "--organisation", "Acme"), "2026-q4.yaml"),
    "a survey store in the folder": (("report", "workshop", "-f", "md"), "workshop/survey.duckdb"),
}


@pytest.mark.parametrize("name", OVERWRITES)
def test_no_output_replaces_a_file_the_command_reads(cli: Cli, work: Path, name: str) -> None:
    """Someone's answers, targets, template, theme or gates are never replaced by a report."""
    (work / "targets.yaml").write_text("overall: 80\n", encoding="utf-8")
    (work / "mine.md.j2").write_text("made for {{ kind }}\n", encoding="utf-8")
    (work / "theme.yaml").write_text("name: Acme Consulting\n", encoding="utf-8")
    for gates in ("gates.yaml", "cxcheck.yaml"):
        (work / gates).write_text("fail_under: 10\n", encoding="utf-8")
    command, victim = OVERWRITES[name]
    if victim.endswith(".duckdb"):
        made = cli("import", "workshop", "--checklists", "checklists", env={"CXCHECK_NOW": NOW})
        assert made.exit_code == 0, made.output
    target = work / victim.format(first=sorted(p.name for p in (work / "workshop").glob("answers*.yaml"))[0])
    before = target.read_bytes()
    result = cli(*command, "--checklists", "checklists", "-o", target, env={"CXCHECK_NOW": NOW})
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stderr.startswith(f"{target}: is ") and "write to another file" in result.stderr, result.stderr
    assert target.read_bytes() == before


@pytest.mark.parametrize("name", ["report", "workshop"])
def test_a_csv_on_standard_output_is_the_csv_in_the_file(cli: Cli, work: Path, name: str) -> None:
    """Its \\r\\n line ends came out as the text '\\x0d' through the control-character filter."""
    args = (*COMMANDS[name], "--checklists", "checklists", "-f", "csv")
    piped = cli(*args, env={"CXCHECK_NOW": NOW})
    written = cli(*args, "-o", work / "answers.csv", env={"CXCHECK_NOW": NOW})
    assert piped.exit_code == written.exit_code == 0, (piped.output, written.output)
    assert "\\x0d" not in piped.stdout and piped.stdout_bytes.count(b"\r\n") > 2
    assert piped.stdout_bytes == (work / "answers.csv").read_bytes()
