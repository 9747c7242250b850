"""Answers checked in bulk read exactly as answers checked one by one, and rows behave as mappings."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxcheck.core import answers
from cxcheck.core.catalog import Catalog, discover
from cxcheck.errors import CxError
from cxcheck.io import bulk
from cxcheck.model import AnswerRow
from tests.conftest import DEMO_CHECKLIST

IDS = ["demo/often", "demo/yes-no", "demo/light", "demo/gone", "other/x", "plain"]
VALUES = ["0", "1", "2", "4", "1.0", "3.5", "7", "-1", "n/a", "N/A", "yes", "no", "true", "Often", "'2'", "{value: 1}"]


def _outcome(path: Path, catalog, monkeypatch: pytest.MonkeyPatch | None) -> tuple[str, object]:
    if monkeypatch is not None:
        monkeypatch.setattr(answers, "_checked_in_bulk", lambda *args: None)
    try:
        loaded = answers.load(path, catalog)
    except CxError as exc:
        return "error", str(exc)
    finally:
        if monkeypatch is not None:
            monkeypatch.undo()
    return "read", (dict(loaded.answers), loaded.stale)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(VALUES)), max_size=6, unique_by=lambda e: e[0]))
def test_bulk_and_one_by_one_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries) -> None:
    folder = tmp_path / "c"
    folder.mkdir(exist_ok=True)
    (folder / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    catalog = discover([folder])
    body = "".join(f"  {key}: {value}\n" for key, value in entries)
    path = tmp_path / "answers.yaml"
    path.write_text(
        "format_version: 1\nrespondent: Ann\norganisation: Org\ndate: 2024-05-01\n"
        f"checklists:\n  demo: '1.0'\nanswers:\n{body}",
        encoding="utf-8",
    )
    assert _outcome(path, catalog, None) == _outcome(path, catalog, monkeypatch)


def _demo_answers(tmp_path: Path, block: str) -> tuple[Catalog, Path]:
    """The demo checklist, and an answers file over it with ``block`` as its answers."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    path = tmp_path / "answers.yaml"
    path.write_text(
        "format_version: 1\nrespondent: Ann\norganisation: Org\ndate: 2024-05-01\n"
        f"checklists:\n  demo: '1.0'\nanswers:\n{block}",
        encoding="utf-8",
    )
    return discover([folder]), path


def test_a_file_answering_every_item_in_order_is_a_row(tmp_path: Path) -> None:
    catalog, path = _demo_answers(tmp_path, "  demo/often: 3\n  demo/yes-no: n/a\n  demo/light: 1\n")
    row = answers.load(path, catalog).answers
    assert isinstance(row, AnswerRow)
    assert list(row) == ["demo/often", "demo/yes-no", "demo/light"]
    assert [a.value for a in row.values()] == [3.0, None, 1.0]
    assert row["demo/light"].value == 1.0 and "demo/light" in row and "demo/gone" not in row
    assert row.get("demo/gone") is None and len(row) == 3
    assert dict(row.items()) == {k: row[k] for k in row}
    reordered = path.read_text().replace("  demo/often: 3\n", "") + "  demo/often: 3\n"
    path.write_text(reordered, encoding="utf-8")
    assert not isinstance(answers.load(path, catalog).answers, AnswerRow)  # out of order: a dict, same answers
    assert dict(answers.load(path, catalog).answers) == dict(row)


@pytest.mark.parametrize("light", ["1", "7", "Often", "n/a"])
def test_a_file_as_cxcheck_writes_it_reads_as_the_parser_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, light: str
) -> None:
    """Every item in order, read without the dict of its ids (bulk.Entries): the same answers, or the
    same problem on the same line, as when the whole file goes through the YAML parser."""
    catalog, path = _demo_answers(tmp_path, f"  demo/often: 3\n  demo/yes-no: 1\n  demo/light: {light}\n")
    seen: list[object] = []
    checked_in_bulk = answers._checked_in_bulk
    monkeypatch.setattr(
        answers, "_checked_in_bulk", lambda entries, *rest: seen.append(entries) or checked_in_bulk(entries, *rest)
    )
    fast = _outcome(path, catalog, None)
    assert isinstance(seen[0], bulk.Entries) == (light != "Often")  # a label is not a plain value: parsed
    monkeypatch.undo()
    monkeypatch.setattr(bulk, "fast_path", lambda *args: None)  # the whole file through the parser
    assert fast == _outcome(path, catalog, None)
    if light == "7":
        assert fast[0] == "error" and "answers.yaml:10: demo/light" in str(fast[1])
