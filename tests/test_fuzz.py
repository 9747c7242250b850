"""Property-based fuzzing of the loaders and the scorer: nothing but ``CxError`` ever escapes.

Random text, random bytes, random YAML structures and random edits of valid files are fed
to the checklist loader and the answers loader; the only exception allowed out is the
project's own, always with a message. Valid random checklists and answers are then scored,
and the figures must obey the scoring rules' invariants. Finally the answers loader's fast
path must read exactly what the full YAML parser reads.
"""

from __future__ import annotations

import atexit
import datetime as dt
import math
import re
import shutil
import tempfile
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcheck.core import answers, scoring
from cxcheck.core.catalog import Catalog, Entry, load_file
from cxcheck.errors import CxError
from cxcheck.io import bulk, yamlsafe
from cxcheck.model import Answer, AnswerSet, Checklist
from tests.conftest import DEMO_CHECKLIST

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEW = settings(FUZZ, max_examples=60)
"""For examples that are slow to generate or to load (a whole checklist through pydantic)."""
TODAY = dt.date(2024, 5, 1)
DEMO = textwrap.dedent(DEMO_CHECKLIST)
SOURCE = "001_1c575d8905d84cba.txt"


SCRATCH = Path(tempfile.mkdtemp(prefix="cxcheck-fuzz-"))
"""One directory for every example: hypothesis runs hundreds per test, and pytest's tmp_path is per test."""
atexit.register(shutil.rmtree, SCRATCH, ignore_errors=True)


@contextmanager
def yaml_file(content: str | bytes) -> Iterator[Path]:
    """``content`` in a file of its own, removed afterwards."""
    path = SCRATCH / "fuzz.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    try:
        yield path
    finally:
        path.unlink()


def demo_catalog() -> Catalog:
    with yaml_file(DEMO) as path:
        return Catalog([Entry(load_file(path), path, "fuzz")])


CATALOG = demo_catalog()


def only_our_error(content: str | bytes) -> None:
    """Load ``content`` as a checklist and as an answers file: success or CxError, nothing else."""
    with yaml_file(content) as path:
        for read in (load_file, lambda p: answers.load(p, CATALOG, TODAY)):
            try:
                read(path)
            except CxError as exc:
                assert exc.problems and all(p.message.strip() for p in exc.problems)
                assert all("\n" not in str(p) for p in exc.problems), "one line per problem"


# --- anything at all -------------------------------------------------------------------

YAMLISH = st.text(
    alphabet=st.sampled_from(list("abcxyz019 \t\n\r:-?,[]{}#&*!|>'\"%@`~.=<\\/") + ["\ufeff", "\x85", "é", "\x07"]),
    max_size=120,
)


@FUZZ
@given(YAMLISH)
def test_random_yamlish_text(text: str) -> None:
    only_our_error(text)


@FUZZ
@given(st.binary(max_size=80))
def test_random_bytes(data: bytes) -> None:
    only_our_error(data)


# --- random structures, shaped like our files ------------------------------------------

KEYS = st.sampled_from(
    ["id", "title", "version", "description", "sections", "items", "question", "help", "action", "source",
     "weight", "scale", "tags", "label", "value", "options", "sources", "format_version", "respondent",
     "organisation", "date", "answers", "checklists", "note", "reason", "demo/often", "demo/yes-no", "x/y"]
)  # fmt: skip
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10), st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["demo", "n/a", "frequency", "yes-no", "Often", "1.0", SOURCE, "", "2024-01-01"]),
    st.dates(), st.text(max_size=8),
)  # fmt: skip
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS | st.text(max_size=5), children, max_size=5),
    max_leaves=12,
)


@FEW
@given(st.dictionaries(KEYS, STRUCTURES, max_size=8))
def test_random_structures(data: dict[str, Any]) -> None:
    only_our_error(yaml.safe_dump(data, allow_unicode=True))


# --- valid files, damaged ----------------------------------------------------------------

VALID_ANSWERS = "format_version: 1\nrespondent: Ann\norganisation: Acme\ndate: 2024-04-30\nanswers:\n" + "".join(
    f"  demo/{item}: {value}\n" for item, value in (("often", 3), ("yes-no", 1), ("light", "n/a"))
)
EDIT = st.tuples(
    st.sampled_from(["delete", "duplicate", "insert", "indent", "dedent"]),
    st.integers(0, 200),
    st.sampled_from(list(":-[]{}'\"\t#&*!|>%@ ") + ["\n", ": ", "- ", "? ", "&a ", "*a", "!!str ", "<<: "]),
)


def damage(text: str, edits: list[tuple[str, int, str]]) -> str:
    lines = text.split("\n")
    for action, where, chars in edits:
        n = where % len(lines)
        if action == "delete":
            del lines[n]
        elif action == "duplicate":
            lines.insert(n, lines[n])
        elif action == "insert":
            at = where % (len(lines[n]) + 1)
            lines[n] = lines[n][:at] + chars + lines[n][at:]
        elif action == "indent":
            lines[n] = " " + lines[n]
        else:
            lines[n] = lines[n][1:]
        if not lines:
            lines = [""]
    return "\n".join(lines)


@FUZZ
@given(st.sampled_from([DEMO, VALID_ANSWERS]), st.lists(EDIT, min_size=1, max_size=4))
def test_damaged_valid_files(text: str, edits: list[tuple[str, int, str]]) -> None:
    only_our_error(damage(text, edits))


# --- valid random checklists and answers: scoring invariants ---------------------------

SLUG = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)
INLINE_SCALE = st.lists(st.integers(-3, 12), min_size=2, max_size=5, unique=True).map(
    lambda values: [{"label": f"option {v}", "value": v} for v in sorted(values)]
)
SCALE = st.sampled_from(["frequency", "yes-no"]) | INLINE_SCALE
WEIGHT = st.sampled_from([0, 0.5, 1, 2, 3])


@st.composite
def checklists(draw: st.DrawFn) -> dict[str, Any]:
    """A valid checklist as YAML data: unique ids, any weights (0 too) and scales."""
    item_ids = iter(draw(st.lists(SLUG, min_size=1, max_size=12, unique=True)))
    section_ids = draw(st.lists(SLUG, min_size=1, max_size=4, unique=True))
    sections = []
    for section_id in section_ids:
        items = []
        for item_id in (next(item_ids, None) for _ in range(draw(st.integers(1, 4)))):
            if item_id is None:
                break
            item: dict[str, Any] = {"id": item_id, "question": "Q?", "help": "H.", "action": "A.", "source": SOURCE}
            item["weight"] = draw(WEIGHT)
            if draw(st.booleans()):
                item["scale"] = draw(SCALE)
            items.append(item)
        if items:
            sections.append({"id": section_id, "title": "S", "weight": draw(WEIGHT), "items": items})
    scale = draw(SCALE)
    return {"id": "fuzz", "title": "T", "version": "1.0", "description": "D", "scale": scale, "sections": sections}


@st.composite
def assessed(draw: st.DrawFn) -> tuple[Checklist, AnswerSet]:
    """A valid checklist, loaded from its file, and answers to some of its items."""
    with yaml_file(yamlsafe.dump(draw(checklists()))) as path:
        checklist = load_file(path)
    chosen: dict[str, Answer] = {}
    for _, item in checklist.items:
        options = checklist.scale_of(item).options
        pick = draw(st.sampled_from(["skip", "n/a", *(o.value for o in options)]))
        if pick != "skip":
            chosen[checklist.full_id(item)] = Answer(
                None if pick == "n/a" else float(pick), note=draw(st.sampled_from([None, "a: b", "it's #1"]))
            )
    return checklist, AnswerSet(respondent="R", organisation="O", date=TODAY, answers=chosen)


def _in_range(score: float | None) -> bool:
    return score is None or (-1e-9 <= score <= 100 + 1e-9 and not math.isnan(score))


@FEW
@given(assessed())
def test_scores_of_valid_answers_obey_the_rules(case: tuple[Checklist, AnswerSet]) -> None:
    checklist, answer_set = case
    card = scoring.score([checklist], answer_set.answers)
    assert _in_range(card.score) and (card.gap is None or card.gap >= 0)
    assert card.counts.total == len(checklist.items)
    for c in card.checklists:
        assert _in_range(c.score)
        for s in c.sections:
            assert _in_range(s.score)
            weights = [i.item.weight for i in s.items if i.score is not None]
            assert (s.score is None) == (sum(weights) == 0)
            assert s.counts.answered + s.counts.not_applicable + s.counts.unanswered == len(s.items)
            assert all(_in_range(i.score) for i in s.items)


@FEW
@given(assessed())
def test_answers_files_read_back_what_was_written(case: tuple[Checklist, AnswerSet]) -> None:
    checklist, answer_set = case
    catalog = Catalog([Entry(checklist, Path("fuzz.yaml"), "fuzz")])
    with yaml_file(answers.to_yaml(answer_set, answers.item_order([checklist]))) as path:
        assert answers.load(path, catalog, TODAY).answers == answer_set.answers


# --- the fast path reads what the YAML parser reads ------------------------------------

ITEM_KEY = st.integers(0, 10**6).map(lambda n: f"c/item-{n}") | st.sampled_from(["demo/often", "Q/z", "y/n"])
SIMPLE_ENTRY = st.tuples(ITEM_KEY, st.sampled_from(["3", "0", "-0", "1.50", "n/a", "2  "])).map(
    lambda kv: (kv[0], f"  {kv[0]}: {kv[1]}")
)
NESTED_ENTRY = st.tuples(
    ITEM_KEY, st.sampled_from(["3", "n/a", "'2'"]), st.sampled_from(["it's fine", "a 'quoted' word"])
).map(lambda e: (e[0], f"  {e[0]}:\n    value: {e[1]}\n    note: {e[2]}"))
ODD_ENTRY = st.tuples(
    ITEM_KEY,
    st.sampled_from(["03", "1e3", "yes", "'x'", '"q', "[1,", "{a: 1}", "|", ".5", "1:30", "2 # c", "&a 1", "*a", ""]),
).map(lambda kv: (kv[0], f"  {kv[0]}: {kv[1]}"))
OTHER_LINE = st.sampled_from(
    ["", "  # comment", "    value: 2", "    note: it's fine", "      more text", "  - x", "x: 1", "\t", "  a/q:",
     "  'a/b': 2", "  \"s", "---", "{", "}", "   demo/light: 1", " demo/light: 1"]
).map(lambda line: (line, line))  # fmt: skip
WRITTEN = st.lists(SIMPLE_ENTRY | NESTED_ENTRY, max_size=14, unique_by=lambda e: e[0])
"""Entries as cxcheck writes them: each item once."""


def _lines(entries: list[tuple[str, str]]) -> list[str]:
    return [line for _, line in entries]


ANSWER_BLOCKS = st.one_of(
    WRITTEN.map(_lines),
    st.tuples(WRITTEN, ODD_ENTRY | OTHER_LINE, st.integers(0, 14)).map(  # one hand edit among them
        lambda t: _lines(t[0][: t[2]] + [t[1]] + t[0][t[2] :])
    ),
    st.lists(SIMPLE_ENTRY | NESTED_ENTRY | ODD_ENTRY | OTHER_LINE, max_size=14).map(_lines),  # anything
)


@settings(max_examples=250, deadline=None)
@given(
    ANSWER_BLOCKS,
    st.sampled_from(["respondent: Ann\n", "respondent: Ann\n", "", "{a: 1,\n", "r: 'two\n  lines'\n", "# c\n"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_the_answers_fast_path_reads_what_yaml_reads(lines: list[str], head: str, newline: str) -> None:
    text = (head + "answers:\n" + "\n".join(lines) + "\n").replace("\n", newline)
    with yaml_file(text.encode("utf-8")) as path:
        full, fast = _outcome(path, None), _outcome(path, "answers")
    assert fast == full


LINE_KEY = re.compile(r" *([^:\s]+):")
PLAIN = st.lists(SIMPLE_ENTRY, min_size=1, max_size=14, unique_by=lambda e: e[0])
"""Entries as cxcheck writes them with no note: the expected ids' case."""
PLAIN_BLOCKS = st.one_of(
    PLAIN.map(_lines),
    st.tuples(PLAIN, ODD_ENTRY | OTHER_LINE | NESTED_ENTRY, st.integers(0, 14)).map(
        lambda t: _lines(t[0][: t[2]] + [t[1]] + t[0][t[2] :])
    ),
    ANSWER_BLOCKS,
)


@settings(max_examples=250, deadline=None)
@given(
    PLAIN_BLOCKS,
    st.sampled_from(["respondent: Ann\n", "", "r: 'two\n  lines'\n", "# c\n", "answers: 1\n"]),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["as written", "as written", "one left out", "one more", "two swapped", "none"]),
)
def test_the_answers_fast_path_for_expected_ids_reads_what_yaml_reads(
    lines: list[str], head: str, newline: str, change: str
) -> None:
    """Told which ids to expect (those of the block's lines, or nearly), the reader still gives what YAML gives."""
    keys = [found.group(1) for line in lines if (found := LINE_KEY.match(line))]
    if change == "one left out":
        keys = keys[1:]
    elif change == "one more":
        keys = [*keys, "c/extra"]
    elif change == "two swapped":
        keys = keys[1:2] + keys[:1] + keys[2:]
    told: list[Any] = []

    def expected(data: dict[Any, Any]) -> list[str] | None:
        told.append(data)
        return None if change == "none" else keys

    text = (head + "answers:\n" + "\n".join(lines) + "\n").replace("\n", newline)
    with yaml_file(text.encode("utf-8")) as path:
        full, fast = _outcome(path, None), _outcome(path, "answers", expected)
    assert fast == full
    assert all("answers" in data for data in told)  # asked with the rest of the file read


def test_a_block_of_the_ids_expected_is_read_as_those_ids_with_their_lines() -> None:
    ids = [f"x/item-{n}" for n in range(50)]
    text = VALID_ANSWERS.replace("answers:\n", "checklists:\n  x: '1'\nanswers:\n").split("  demo/")[0]
    text += "".join(f"  {full_id}: {n % 5 if n % 7 else 'n/a'}\n" for n, full_id in enumerate(ids))
    with yaml_file(text) as path:
        doc = bulk.load(path, "answers", expected=lambda data: ids if data["checklists"] == {"x": "1"} else None)
        entries = doc.data["answers"]
        assert isinstance(entries, bulk.Entries) and entries.keys_in_order is ids
        assert dict(entries) == yamlsafe.load(path).data["answers"]
        assert doc.line_of(("answers", "x/item-7")) == 15 and doc.line_of(("answers",)) == 7
        assert entries["x/item-14"] == "n/a" and entries["x/item-3"] == 3 and len(entries) == 50


TRICKY = {
    "flow root": "{a: 1,\nanswers:\n  c/x: 1\n}\n",
    "answers inside a quoted value": 'r: "a\nanswers:\n  c/x: 1\n"\n',
    "answers inside a block scalar": "r: |\n  text\n  answers:\n    c/x: 1\n",
    "continuation line": "answers:\n  c/x: 1\n    more\n  c/y: 2\n",
    "continuation after a blank line": "answers:\n  c/x: 1\n\n    more\n",
    "deeper comment": "answers:\n  c/x: 1\n    # note\n  c/y: 2\n",
    "value continues into a flow": "answers:\n  c/w: [1,\n  c/x: 2]\n",
    "quote spanning entries": "answers:\n  c/w:\n    note: 'a\n  c/x: 1\n  b'\n    value: 1\n",
    "sequence, not mapping": "answers:\n  - c/w\n  c/x: 1\n",
    "same key, both paths": "answers:\n  c/x: 1\n  c/x:\n    value: 2\n",
    "two answers keys": "answers:\n  c/x: 1\nanswers:\n  c/y: 2\n",
    "lower-indented line": "answers:\n    c/x: 1\n  c/y: 2\n",
    "no final newline": "answers:\n  c/x: 1",
    "octal-looking value": "answers:\n  c/x: 010\n  c/y: 1\n",
    "comment at column 0 inside": "answers:\n  c/x: 1\n# c\n  c/y: 2\n",
    "tab-indented entry": "answers:\n  c/x: 1\n\tc/y: 2\n",
    "continuation after a shallower comment": "answers:\n   c/x: 1\n  # comment\n    value: 2\n",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=list(TRICKY))
def test_the_fast_path_agrees_on_tricky_files(text: str) -> None:
    with yaml_file(text) as path:
        assert _outcome(path, "answers") == _outcome(path, None)


def _outcome(path: Path, bulk_key: str | None, expected: bulk.Expected | None = None) -> tuple[str, Any]:
    """What loading gives, comparable: the data (the expected entries as the dict they equal) and
    every answer's line, or the error."""
    try:
        doc = yamlsafe.load(path) if bulk_key is None else bulk.load(path, bulk_key, expected=expected)
    except CxError as exc:
        return "error", str(exc)
    found = doc.data.get("answers") if isinstance(doc.data, dict) else None
    lines = [(k, doc.line_of(("answers", k))) for k in found] if isinstance(found, dict | bulk.Entries) else None
    data = {**doc.data, "answers": dict(found)} if isinstance(found, bulk.Entries) else doc.data
    return repr(data), lines


def test_the_fast_path_is_taken_for_files_cxcheck_writes() -> None:
    text = VALID_ANSWERS + "".join(f"  x/item-{n}: {n % 5}\n" for n in range(50))
    with yaml_file(text) as path:
        fast = bulk.fast_path(path, yamlsafe.read_text(path), "answers")
        assert fast is not None
        assert fast.data == yamlsafe.load(path).data
        assert fast.line_of(("answers", "x/item-7")) == 16
