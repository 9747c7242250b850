"""The survey store: what goes in comes out, a failed write leaves the old store, and a stranger file is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cxcheck.errors import CxError
from cxcheck.io import store

ANN = store.Respondent(
    "Ann", "frontline", "Acme Ltd", dt.date(2026, 11, 30), "ann.yaml", {"demo": "1.0"},
    ["demo/often", "demo/yes-no", "demo/light"], [3.0, 1.0, None],
    {0: ("a note, with \"quotes\"\nand a line", None), 2: (None, "back office")},
)  # fmt: skip
BOB = store.Respondent("Bob", None, "Acme Ltd", dt.date(2026, 12, 1), "export.csv:3", {}, ["demo/often"], [2.0])
CY = store.Respondent("Cy", None, "Acme Ltd", dt.date(2026, 12, 1), "export.csv:4", {}, [], [])


def test_what_is_written_is_read_back_in_order(tmp_path: Path) -> None:
    path = tmp_path / "survey.duckdb"
    assert store.write(path, [ANN, BOB, CY], "9.9") == 3
    assert store.read(path) == [ANN, BOB, CY]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.duckdb"]  # nothing left beside it


def test_the_store_is_queryable_by_any_duckdb_client(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "survey.duckdb"
    store.write(path, [ANN], "9.9")
    with duckdb.connect(str(path), read_only=True) as connection:
        rows = connection.execute(
            "SELECT respondent, role, item, value, reason FROM answers_long ORDER BY item"
        ).fetchall()
    assert rows == [
        ("Ann", "frontline", "demo/light", None, "back office"),
        ("Ann", "frontline", "demo/often", 3.0, None),
        ("Ann", "frontline", "demo/yes-no", 1.0, None),
    ]


def test_a_failed_write_leaves_the_previous_store(tmp_path: Path) -> None:
    path = tmp_path / "survey.duckdb"
    store.write(path, [ANN], "9.9")

    def broken() -> object:
        yield BOB
        raise RuntimeError("the import fell over")

    with pytest.raises(RuntimeError):
        store.write(path, broken(), "9.9")  # type: ignore[arg-type]
    assert store.read(path) == [ANN]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.duckdb"]


@pytest.mark.parametrize("content", [b"respondent: Ann\n", b""])
def test_a_file_that_is_no_store_is_refused_in_one_line(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "survey.duckdb"
    path.write_bytes(content)
    with pytest.raises(CxError, match="survey.duckdb: ") as caught:
        store.read(path)
    assert len(caught.value.problems) == 1 and "\n" not in str(caught.value)


def test_another_duckdb_database_is_refused(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "other.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("CREATE TABLE meta (key VARCHAR, value VARCHAR)")
    with pytest.raises(
        CxError, match="is not a cxcheck survey store of format version 1; write it with cxcheck import"
    ):
        store.read(path)


def test_without_duckdb_one_line_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "duckdb", None)
    with pytest.raises(CxError) as caught:
        store.read(tmp_path / "survey.duckdb")
    assert str(caught.value) == "the survey store needs DuckDB: pip install 'cxcheck[survey]'"


def test_answers_removed_by_hand_make_the_store_unreadable_not_wrong(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "survey.duckdb"
    store.write(path, [ANN, BOB], "9.9")
    with duckdb.connect(str(path)) as connection:
        connection.execute("DELETE FROM answers WHERE item = 'demo/yes-no'")
    with pytest.raises(CxError) as caught:
        store.read(path)
    assert str(caught.value) == (
        f"{path}: respondent 'Ann': the answers table holds 2 answers for them, their item list 3; "
        "rows were added or removed by hand: import again"
    )


@pytest.mark.parametrize(
    "edit",
    [
        "UPDATE answers SET value = 0 WHERE rowid = 0",
        "UPDATE answers SET item = 'demo/light' WHERE rowid = 0",  # read() goes by the item list, the tally would not
        "UPDATE item_lists SET items = list_reverse(items)",
        "UPDATE respondents SET source = './' || source",  # the same file, named otherwise: counted once by read()
        "UPDATE respondents SET role = 'manager' WHERE respondent = 'Bob'",
        "UPDATE answers SET note = 'later' WHERE rowid = 1",
        "DELETE FROM checklists WHERE respondent = 1",
    ],
)
def test_a_store_changed_since_its_import_is_not_counted_by_the_query(tmp_path: Path, edit: str) -> None:
    """Only a store as imported is counted in SQL: any change (one a respondent-by-respondent reading
    would read differently, or refuse) sends the page to that reading (issue 19)."""
    import duckdb

    path = tmp_path / "survey.duckdb"
    store.write(path, [ANN, BOB], "9.9")
    counted = store.count(path, 0, lambda role: role, 5)
    assert counted is not None and counted.size == 2
    with duckdb.connect(str(path)) as connection:
        connection.execute(edit)
    assert store.count(path, 0, lambda role: role, 5) is None


def test_a_respondent_altered_to_have_no_date_is_one_line(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "survey.duckdb"
    store.write(path, [ANN, BOB], "9.9")
    with duckdb.connect(str(path)) as connection:
        connection.execute("ALTER TABLE respondents ALTER COLUMN date DROP NOT NULL")
        connection.execute("UPDATE respondents SET date = NULL WHERE id = 2")
    with pytest.raises(CxError) as caught:
        store.read(path)
    assert str(caught.value) == f"{path}: respondent number 2 has no date; import again"


def test_a_duckdb_failure_is_one_line_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk is a duckdb.IOException, not an OSError; the spill folder DuckDB made goes with the staging."""
    import duckdb

    path = tmp_path / "survey.duckdb"
    store.write(path, [ANN], "9.9")

    class FullDisk:
        Error = duckdb.Error

        @staticmethod
        def connect(database: str) -> object:
            spill = Path(database + ".tmp")
            spill.mkdir()
            (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"\0" * 64)
            raise duckdb.IOException('IO Error: Could not write file "x": No space left on device\nmore detail')

    monkeypatch.setattr(store, "duckdb", lambda: FullDisk)
    with pytest.raises(CxError) as caught:
        store.write(path, [BOB], "9.9")
    assert str(caught.value) == (
        f'{path}: could not write the store (IO Error: Could not write file "x": No space left on device); '
        "the previous file is unchanged"
    )
    monkeypatch.undo()
    assert store.read(path) == [ANN]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["survey.duckdb"]


def test_a_killed_imports_staging_folder_is_swept_and_a_live_ones_kept(tmp_path: Path) -> None:
    import fcntl
    import os
    import time

    path = tmp_path / "survey.duckdb"
    dead, live, other = (
        tmp_path / name for name in (".survey.duckdb.k1ll3d_x", ".survey.duckdb.l1ve_imp", ".q4.duckdb.k1ll3d_x")
    )
    for folder in (dead, live, other):
        folder.mkdir()
        (folder / "answers.csv").write_text("1,demo/often,3.0,,\n")
        os.utime(folder, (time.time() - 60,) * 2)
    held = os.open(live, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # an import writing now
        assert store.write(path, [ANN], "9.9") == 1
        assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, live.name, "survey.duckdb"]
    finally:
        os.close(held)
