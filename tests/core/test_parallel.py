"""Reading answers files in worker processes gives exactly what reading them one by one gives."""

from __future__ import annotations

import multiprocessing
import pickle
from pathlib import Path

import pytest

from cxcheck.core import answers, parallel, workshop
from cxcheck.core.catalog import Catalog, discover
from cxcheck.errors import CxError, Problem, ValidationFailed
from cxcheck.model import AnswerSet
from tests.workshop_data import FIVE, write_answers


def _team(folder: Path, copies: int = 4) -> list[Path]:
    """The five participants several times over: enough files for the workers to share."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_answers(folder, f"{name.split()[0]}{n} {name}", role, given)
        for n in range(copies)
        for name, role, given in FIVE
    ]


@pytest.fixture
def in_parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers for any amount of reading, as if every file were large; skipped where none can start."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 1)
    if not parallel._helpers([Path(__file__), Path(__file__)]):
        pytest.skip("no fork or a single CPU here: everything is read in one process")


def _serial(paths: list[Path], catalog: Catalog) -> list[AnswerSet]:
    return [answers.load(path, catalog) for path in paths]


def test_workers_read_the_same_answer_sets(in_parallel: None, demo_dir: Path, tmp_path: Path) -> None:
    paths = _team(tmp_path / "team")
    catalog = discover([demo_dir])
    shared = list(parallel.load_all(paths, catalog))
    assert shared == _serial(paths, catalog)
    assert [list(s.answers) for s in shared] == [list(s.answers) for s in _serial(paths, catalog)]
    ids = {id(full_id) for full_id in catalog.items}
    assert all(id(full_id) in ids for s in shared for full_id in s.answers), "ids are the catalog's own strings"


def test_workers_report_the_first_bad_file_as_reading_one_by_one_would(
    in_parallel: None, demo_dir: Path, tmp_path: Path
) -> None:
    paths = _team(tmp_path / "team")
    for bad in (paths[3], paths[-1]):  # the last file is the first a worker takes
        bad.write_text(bad.read_text().replace("demo/often: ", "demo/oftn: ").replace("organisation", "org"))
    catalog = discover([demo_dir])
    with pytest.raises(CxError) as serial:
        _serial(paths, catalog)
    with pytest.raises(CxError) as shared:
        list(parallel.load_all(paths, catalog))
    assert type(shared.value) is type(serial.value) is ValidationFailed
    assert shared.value.problems == serial.value.problems
    assert str(shared.value) == str(serial.value)


def test_a_workshop_folder_reads_the_same_in_parallel(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "team"
    _team(folder)
    catalog = discover([demo_dir])
    serial = workshop.load_participants([folder], catalog)
    monkeypatch.setattr(parallel, "PARALLEL_FROM_BYTES", 1)
    assert workshop.load_participants([folder], catalog) == serial


def test_stopping_early_lets_the_workers_go(in_parallel: None, demo_dir: Path, tmp_path: Path) -> None:
    loading = parallel.load_all(_team(tmp_path / "team", copies=20), discover([demo_dir]))
    assert next(loading).respondent == "Olive0 Olive Owner"
    assert multiprocessing.active_children(), "a worker is reading the other files"
    loading.close()  # as load_participants does on an agreed file named among participants
    assert multiprocessing.active_children() == []


def test_errors_cross_processes_whole() -> None:
    problems = [Problem("a.yaml", 3, "first"), Problem("a.yaml", 9, "second")]
    for error in (ValidationFailed(problems), CxError("no such file", Path("b.yaml"), 2)):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and copy.problems == error.problems and str(copy) == str(error)


def test_little_reading_stays_in_this_process(tmp_path: Path) -> None:
    small = tmp_path / "a.yaml"
    small.write_text("respondent: A\n")
    assert parallel._helpers([small] * 50) == 0
    assert parallel._helpers([]) == 0
    assert parallel._helpers([tmp_path / "missing.yaml"]) == 0
