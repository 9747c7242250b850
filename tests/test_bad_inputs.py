"""The bad-input corpus through the CLI: every case exits 2 with one located line and touches nothing.

The committed cases live in ``tests/bad_inputs/<kind>/`` (see ``cases.yaml`` there); the ones
that cannot be committed (too big, not text, not files) are made here in a temporary directory.
"""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import Result

from tests.conftest import DEMO_CHECKLIST, Cli

CORPUS = Path(__file__).parent / "bad_inputs"
KINDS: dict[str, dict[str, object]] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
COMMITTED = sorted([*CORPUS.glob("*/*.yaml"), *CORPUS.glob("*/*.json")])
NOW = {"CXCHECK_NOW": "2024-05-01T10:00:00+00:00"}
LOCATED = re.compile(r"\S.*?(:\d+)?: \S.*")
"""``path:line: message``, or ``path: message`` for a problem with the whole file."""

VALID_ANSWERS = """\
format_version: 1
respondent: Ann
organisation: Acme Ltd
date: 2024-04-30
checklists:
  demo: '1.0'
answers:
  demo/often: 3
  demo/yes-no: 1
  demo/light:
    value: n/a
    reason: closed on Sundays
"""

VALID_TARGETS = """\
overall: 80
checklists:
  demo: 75
sections:
  demo/first: 70
items:
  demo/often: 90
bands:
  mediocrity: 40
  magic: 75
"""

VALID_CONFIG = """\
fail_under: 10
fail_under_checklist:
  demo: 10
min_coverage: 50
"""

VALID = {
    "checklist": textwrap.dedent(DEMO_CHECKLIST),
    "answers": VALID_ANSWERS,
    "targets": VALID_TARGETS,
    "config": VALID_CONFIG,
    "report": (CORPUS / "valid-report.json").read_text(encoding="utf-8"),
}


def target_for(work: Path, kind: str, stem: str) -> Path:
    """Where a case of ``kind`` is put: a report is recognised by its ``.json`` name."""
    return work / f"{stem}{KINDS[kind].get('suffix', '.yaml')}"


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A directory with the demo checklist and a valid answers file, where each case is put."""
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "demo.yaml").write_text(VALID["checklist"], encoding="utf-8")
    (tmp_path / "valid-answers.yaml").write_text(VALID_ANSWERS, encoding="utf-8")
    return tmp_path


def snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``directory`` with its size and modification time."""
    return {
        str(p.relative_to(directory)): (p.lstat().st_size, p.lstat().st_mtime_ns)
        for p in sorted(directory.rglob("*"))
        if not p.is_dir()
    }


def run(cli: Cli, work: Path, kind: str, target: Path) -> Result:
    """Feed ``target`` to the command that reads ``kind``; nothing under ``work`` may change."""
    command = KINDS[kind]["command"]
    assert isinstance(command, list)
    fields = {"file": target, "checklists": work / "checklists", "answers": work / "valid-answers.yaml"}
    before = snapshot(work)
    result = cli(*(str(arg).format(**fields) for arg in command), env=NOW)
    assert snapshot(work) == before, "a refused input must leave every file as it was"
    return result


def assert_refused(result: Result, kind: str, expected: str, read: bool = True) -> None:
    """Exit 2, ``expected`` alone on standard error (then the command's ``after`` line if it read a file)."""
    assert LOCATED.fullmatch(expected), f"not a path:line: message line: {expected!r}"
    after = KINDS[kind].get("after") if read else None
    assert result.stderr == expected + "\n" + (f"{after}\n" if after else ""), result.output
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("case", COMMITTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_committed_case_is_refused_with_its_exact_line(cli: Cli, work: Path, case: Path) -> None:
    target = work / case.name
    shutil.copyfile(case, target)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").rstrip("\n")
    assert_refused(run(cli, work, case.parent.name, target), case.parent.name, expected.replace("{path}", str(target)))


def test_the_corpus_is_complete() -> None:
    assert len(COMMITTED) >= 40
    assert {p.parent.name for p in COMMITTED} == set(KINDS)
    expected = sorted(CORPUS.glob("*/*.expected"))
    assert [p.with_suffix("") for p in expected] == [p.with_suffix("") for p in COMMITTED]
    assert all(len(p.read_text(encoding="utf-8").splitlines()) == 1 for p in expected)


def _huge(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50 * 1024 * 1024)


def _deep_block(path: Path) -> None:
    path.write_text("".join(f"{'  ' * level}k{level}:\n" for level in range(100)) + "  " * 100 + "v\n")


GENERATED: dict[str, tuple[Callable[[Path], object], str]] = {
    "50-mb": (_huge, "{path}: file is 50 MB; cxcheck reads files up to 10 MB"),
    "deep-brackets": (
        lambda p: p.write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        "{path}:1: nested more than 64 levels deep; no cxcheck file needs that",
    ),
    "deep-indentation": (_deep_block, "{path}:65: nested more than 64 levels deep; no cxcheck file needs that"),
    "latin-1": (
        lambda p: p.write_bytes("respondent: Zoë\n".encode("latin-1")),
        "{path}:1: not UTF-8 text (byte 0xeb); save the file as UTF-8",
    ),
    "utf-16": (
        lambda p: p.write_bytes("id: demo\n".encode("utf-16")),
        "{path}:1: not UTF-8 text (byte 0xff) (it looks like UTF-16); save the file as UTF-8",
    ),
    "fifo": (os.mkfifo, "{path}: is not a regular file (a pipe or a device?); expected a YAML file"),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", GENERATED)
def test_generated_cases_are_refused(cli: Cli, work: Path, kind: str, case: str) -> None:
    make, expected = GENERATED[case]
    target = target_for(work, kind, case)
    make(target)
    assert_refused(run(cli, work, kind, target), kind, expected.replace("{path}", str(target)))


PATHS: dict[tuple[str, str], tuple[str, bool]] = {
    # (kind, case): (the line, whether the command got as far as reading a file)
    ("checklist", "directory"): ("{path}: no .yaml files to validate", False),
    ("checklist", "missing"): ("{path}: no such file or directory", False),
    # report takes a directory for a workshop folder
    ("answers", "directory"): (
        "{path}: no participants' answers files here yet; see {path}/README.md for how to make them",
        True,
    ),
    ("answers", "missing"): ("{path}: no such file", True),
    ("targets", "directory"): ("{path}: is a directory; expected a YAML file", True),
    ("targets", "missing"): ("{path}: no such file", True),
    ("config", "directory"): ("{path}: is a directory; expected a YAML file", True),
    ("config", "missing"): ("{path}: no such file", True),
}


@pytest.mark.parametrize(("kind", "case"), PATHS)
def test_directories_and_missing_paths_are_refused(cli: Cli, work: Path, kind: str, case: str) -> None:
    target = target_for(work, kind, "given")
    if case == "directory":
        target.mkdir()
    expected, read = PATHS[kind, case]
    assert_refused(run(cli, work, kind, target), kind, expected.replace("{path}", str(target)), read)


@pytest.mark.parametrize("kind", KINDS)
def test_an_unreadable_file_is_refused(cli: Cli, work: Path, kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    target = target_for(work, kind, "secret")
    target.write_text(VALID[kind], encoding="utf-8")
    if os.geteuid() == 0:  # root reads anything: simulate the refusal the kernel would give
        real_open = Path.open

        def refuse(self: Path, *args: object, **kwargs: object) -> object:
            if self == target:
                raise PermissionError(13, "Permission denied", str(self))
            return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "open", refuse)
    else:
        target.chmod(0)
    expected = f"{target}: permission denied: cannot read this file"
    assert_refused(run(cli, work, kind, target), kind, expected)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("form", ["bom", "crlf", "bom+crlf"])
def test_a_bom_and_crlf_line_endings_simply_work(cli: Cli, work: Path, kind: str, form: str) -> None:
    text = VALID[kind].replace("\n", "\r\n") if "crlf" in form else VALID[kind]
    target = target_for(work, kind, "windows")
    target.write_bytes(("\ufeff" if "bom" in form else "").encode() + text.encode("utf-8"))
    result = run(cli, work, kind, target)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


SIMPLY_WORK = {
    "checklist": {
        "yes and no as labels": VALID["checklist"].replace(
            "scale: yes-no", "scale: [{label: No, value: 0}, {label: Yes, value: 1}]"
        ),
        "a shared scale by anchor and alias": VALID["checklist"]
        .replace("sections:\n", "scale: &shared [{label: Low, value: 0}, {label: High, value: 1}]\nsections:\n")
        .replace("scale: yes-no", "scale: *shared"),
    },
    "answers": {
        "yes as a label": VALID["answers"].replace("demo/yes-no: 1", "demo/yes-no: yes"),
        "labels in any case": VALID["answers"].replace("demo/often: 3", "demo/often: often"),
    },
    "targets": {"comments everywhere": "# targets\noverall: 80  # all of it\n# end\n"},
    "config": {"flow style": "{fail_under: 10, fail_under_section: {demo/first: 10}}\n"},
}


@pytest.mark.parametrize(("kind", "case"), [(kind, case) for kind, cases in SIMPLY_WORK.items() for case in cases])
def test_valid_files_in_less_common_forms_work(cli: Cli, work: Path, kind: str, case: str) -> None:
    """YAML 1.1 would read ``Yes`` and ``yes`` as true; cxcheck keeps them the words they are."""
    target = work / "fine.yaml"
    target.write_text(SIMPLY_WORK[kind][case], encoding="utf-8")
    result = run(cli, work, kind, target)
    assert (result.exit_code, result.stderr) == (0, ""), result.output


EVERY_PROBLEM_AT_ONCE = {
    "answers": (
        """\
        respondent: Ann
        respondent: Bo
        organisation: Acme Ltd
        date: 2024-13-01
        started: 2031-01-01 10:00:00+00:00
        role: [owner]
        answers:
          demo/often: 9
          demo/often: 3
          demo/nope: 1
        """,
        [
            "2: duplicate key 'respondent' (first on line 1)",
            "4: '2024-13-01' is not a real date (or time)",
            "5: started 2031-01-01 is in the future; delete the line (cxcheck writes it when it saves)",
            "6: role: must be text, found a list",
            "8: demo/often: the number 9 is not on this item's scale"
            " (0 Never, 1 Rarely, 2 Sometimes, 3 Often, 4 Always or n/a)",
            "9: duplicate key 'demo/often' (first on line 8)",
            "10: unknown item 'nope' in checklist 'demo' (see `cxcheck show demo`)",
        ],
    ),
    "targets": (
        """\
        overall: 120
        overall: 90
        checklists:
          nope: 50
        bands:
          mediocrity: 80
          magic: 70
        """,
        [
            "1: overall: must be 100 or less, got 120",
            "2: duplicate key 'overall' (first on line 1)",
            "4: unknown checklist 'nope'",
            "5: bands: the magic threshold must be above the mediocrity threshold",
        ],
    ),
    "checklist": (
        """\
        id: demo
        id: demo2
        title: Demo
        version: "1.0"
        descriptoin: A checklist.
        sections:
          - id: first
            title: First
            title: Again
            items:
              - id: often
                question: How often?
                help: Count last week's.
                action: Ask more often.
                source: 001_1c575d8905d84cba.txt
        """,
        [
            "2: duplicate key 'id' (first on line 1)",
            "5: unknown field 'descriptoin' (did you mean 'description'?)",
            "9: duplicate key 'title' (first on line 8)",
        ],
    ),
    "config": (
        """\
        fail_under: 10
        fail_under: 20
        fail_undr: 70
        """,
        [
            "2: duplicate key 'fail_under' (first on line 1)",
            "3: unknown field 'fail_undr' (did you mean 'fail_under'?)",
        ],
    ),
}


@pytest.mark.parametrize("kind", EVERY_PROBLEM_AT_ONCE)
def test_every_problem_of_a_file_is_told_at_once(cli: Cli, work: Path, kind: str) -> None:
    """Header and body, a duplicate key, a bands error and an unknown id: one round, not several."""
    text, lines = EVERY_PROBLEM_AT_ONCE[kind]
    target = work / f"many-{kind}.yaml"
    target.write_text(textwrap.dedent(text), encoding="utf-8")
    result = run(cli, work, kind, target)
    assert result.exit_code == 2, result.output
    after = KINDS[kind].get("after")
    assert result.stderr.splitlines() == [f"{target}:{line}" for line in lines] + ([after] if after else [])


MANY = {
    # kind: (the file, its first line of an entry, the message of entry n, how many problems in all)
    "answers": (
        VALID_ANSWERS.split("answers:")[0]
        + "answers:\n"
        + "".join(f"  demo/unknown-{n}: 3\n" for n in range(2_000))
        + "role: [a late header problem, counted too]\n",
        8,
        "unknown item 'unknown-{n}' in checklist 'demo' (see `cxcheck show demo`)",
        2_001,
    ),
    "targets": (
        "items:\n" + "".join(f"  demo/ofen-{n}: 50\n" for n in range(3_000)),
        2,
        "unknown item 'ofen-{n}' in checklist 'demo' (did you mean 'often'?)",
        3_000,
    ),
}


@pytest.mark.parametrize("kind", MANY)
def test_a_file_of_very_many_problems_tells_the_first_and_counts_the_rest(
    cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """The issue's answers file had 360,000 unknown ids: 43 s and 360,000 lines, most of the time
    spent on a "did you mean" for every id. Only the problems shown get one now."""
    from cxcheck.core import answers, targets
    from cxcheck.io.validation import suggest

    asked: list[str] = []
    monkeypatch.setattr(
        {"answers": answers, "targets": targets}[kind],
        "suggest",
        lambda word, ids: asked.append(word) or suggest(word, ids),
    )
    text, first_line, message, total = MANY[kind]
    target = work / f"many-{kind}.yaml"
    target.write_text(text, encoding="utf-8")
    result = run(cli, work, kind, target)
    assert result.exit_code == 2, result.output
    first = [f"{target}:{first_line + n}: {message.format(n=n)}" for n in range(10)]
    more = f"{target}: … and {total - 10:,} more problems in this file; fix these and run again to see the rest"
    assert result.stderr.splitlines() == [*first, more]
    assert len(asked) == 10
