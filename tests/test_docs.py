"""The README and the docs are the front door: every command they print exists as printed, every
figure they quote about the bundle is the bundle's, and the test command is the one CI runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from cxcheck.cli import app
from cxcheck.core.catalog import discover

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(?:sh|bash|shell)\n(.*?)^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`(cxcheck [^`]+)`")


def _commands(path: Path) -> list[str]:
    """Every ``cxcheck ...`` command in the file's shell blocks and inline code, as one line each."""
    text = path.read_text(encoding="utf-8")
    found = []
    for block in _BLOCK.findall(text):
        joined = block.replace("\\\n", " ")
        found += [line.strip() for line in joined.splitlines() if line.strip().startswith("cxcheck ")]
    found += _INLINE.findall(text)
    return found


def _words(command: str) -> list[str]:
    """The command's arguments, shell substitutions standing in as a file name and comments gone."""
    command = re.sub(r"\$\([^)]*\)", "FILE", command)
    return shlex.split(command, comments=True)[1:]


def _group() -> Any:
    return typer.main.get_command(app)


def _check(command: str) -> None:
    """``command``'s subcommands and options exist as written (values and arguments are not judged)."""
    words = _words(command)
    current = _group()
    context = current.make_context("cxcheck", [], resilient_parsing=True)
    while hasattr(current, "get_command") and words and not words[0].startswith("-"):
        name = words.pop(0)
        sub = current.get_command(context, name)
        assert sub is not None, f"{command}: no command {name!r}"
        current = sub
    known = {opt for param in current.params for opt in (*param.opts, *param.secondary_opts)}
    known |= {"-h", "--help"}
    if current is _group() or not hasattr(current, "get_command"):
        known |= {opt for param in _group().params for opt in param.opts}
    for word in words:
        option = word.split("=", 1)[0]
        if option.startswith("-") and option != "-":
            assert option in known, f"{command}: no option {option!r}"


DOC_COMMANDS = [(path.name, command) for path in DOCS for command in _commands(path)]


@pytest.mark.parametrize(("doc", "command"), DOC_COMMANDS, ids=[f"{d}: {c[:60]}" for d, c in DOC_COMMANDS])
def test_every_documented_command_parses(doc: str, command: str) -> None:
    _check(command)


def test_the_docs_name_commands_at_all() -> None:
    assert len(DOC_COMMANDS) > 40


def test_every_command_is_documented() -> None:
    """As sqlite-utils does: a command missing from the README and docs fails here."""
    group = _group()
    documented = " ".join(command for _, command in DOC_COMMANDS) + " "
    context = group.make_context("cxcheck", [], resilient_parsing=True)
    for name in group.list_commands(context):
        sub = group.get_command(context, name)
        names = [f"{name} {n}" for n in sub.list_commands(context)] if hasattr(sub, "list_commands") else [name]
        for full in names:
            assert f"cxcheck {full} " in documented or f"cxcheck {full}`" in documented, f"cxcheck {full}"


def test_the_readme_quotes_the_bundle_as_it_is() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    total = sum(len(entry.checklist.items) for entry in discover([]))
    quoted = re.findall(r"Item \d+ of (\d+)", readme)
    assert quoted and all(int(n) == total for n in quoted), (quoted, total)


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", readme, re.MULTILINE)
    assert re.search(r"^make test$", ci, re.MULTILINE)


def _all_commands() -> list[list[str]]:
    group = _group()
    context = group.make_context("cxcheck", [], resilient_parsing=True)
    found: list[list[str]] = [[]]
    for name in group.list_commands(context):
        sub = group.get_command(context, name)
        found.append([name])
        if hasattr(sub, "list_commands"):
            found += [[name, n] for n in sub.list_commands(context)]
    return found


@pytest.mark.parametrize("words", _all_commands(), ids=lambda w: " ".join(w) or "cxcheck")
def test_help_reads_as_words_not_python_types(cli: Any, words: list[str]) -> None:
    result = cli(*words, "--help")
    assert result.exit_code == 0, result.output
    assert not re.search(r"<[a-z]+\[|<(str|int|float|Path|bool)>|\{[A-Z_]+\}", result.output), result.output


RETIRED = {"practices/consistent-efficient", "loyalty/care-as-individuals", "empowerment/share-decisions"}
RETIRED |= {"access/hours-fit", "promise/stand-out"}
RETIRED |= {"access/phone-tree", "touchpoints/leaders-visible"}
RETIRED |= {"empowerment/decision-level", "focus/exquisite-service", "practices/attract-and-satisfy"}
RETIRED |= {
    "touchpoints/touchpoint-map",
    "people/job-descriptions",
    "promise/clear-promise",
    "loyalty/loyal-not-retained",
}
"""1.0 items that 2.0 dropped, which docs/checklists.md names to say where each went."""


def test_every_item_id_the_docs_quote_is_in_the_bundle() -> None:
    """`--set access/opening-hours=Often` parses, but fails when typed: ids are values the parse check cannot see."""
    bundle = {
        e.checklist.id: {i.id for _, i in e.checklist.items} | {s.id for s in e.checklist.sections}
        for e in discover([])
    }
    found = {
        (doc.name, f"{checklist}/{item}")
        for doc in DOCS
        for checklist, item in re.findall(r"(?<![\w/.-])([a-z][a-z0-9-]*)/([a-z][a-z0-9-]*)\b(?![/.])", doc.read_text())
        if checklist in bundle
    }
    assert found, "the docs quote no item id at all"
    unknown = [(doc, full) for doc, full in found if full.split("/")[1] not in bundle[full.split("/")[0]]]
    assert sorted(f"{doc}: {full}" for doc, full in unknown if full not in RETIRED) == []
    assert {full for _, full in unknown} >= RETIRED  # each retired id is still explained somewhere
