"""A write that fails leaves the previous file whole and says so.

A full disk or a read-only directory is simulated at the system calls a real one would
fail (the tests run as root in CI, where ``chmod`` stops nothing): ``os.open`` with
``O_CREAT`` (creating the temporary file or a lock), the write itself, ``fsync`` and the
final ``rename``. Each failure is checked in ``atomic.write_atomic`` and through every
command that replaces a file the user already has.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cxcheck.errors import CxError
from cxcheck.io import atomic
from tests.conftest import DEMO_CHECKLIST, Cli

NOW = {"CXCHECK_NOW": "2024-05-01T10:00:00+00:00"}
OLD = "format_version: 1\nrespondent: Ann\norganisation: Acme\ndate: 2024-04-30\nanswers:\n  demo/often: 3\n"


def _fail(code: int) -> OSError:
    return OSError(code, os.strerror(code))


class _FullDisk:
    """A file whose disk fills up halfway through the write."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, text: str) -> int:
        self.handle.write(text[: len(text) // 2])
        self.handle.flush()
        raise _fail(errno.ENOSPC)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def disk_full_on_write(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    real = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: _FullDisk(real(fd, *a, **k)))


def disk_full_on_fsync(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(_fail(errno.ENOSPC)))


def read_only_on_rename(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(_fail(errno.EROFS)))


def read_only_directory(monkeypatch: pytest.MonkeyPatch, directory: Path) -> None:
    """Nothing new can be created in ``directory``; existing files can still be read."""
    real = os.open

    def guarded_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and Path(os.fspath(path)).parent == directory:
            raise _fail(errno.EROFS)
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)


FAILURES: dict[str, Callable[[pytest.MonkeyPatch, Path], None]] = {
    "disk full while writing": disk_full_on_write,
    "disk full on fsync": disk_full_on_fsync,
    "read-only on rename": read_only_on_rename,
    "read-only directory": read_only_directory,
}


def leftovers(directory: Path, keep: set[str]) -> set[str]:
    """Files in ``directory`` other than ``keep``: temporary or lock files a failure left behind."""
    return {p.name for p in directory.iterdir()} - keep


@pytest.mark.parametrize("failure", FAILURES)
def test_write_atomic_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(OLD, encoding="utf-8")
    FAILURES[failure](monkeypatch, tmp_path)
    with pytest.raises(CxError) as raised:
        atomic.write_atomic(target, OLD.replace("3", "4") * 1000)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path, {"answers.yaml"}) == set()
    message = str(raised.value)
    assert message.startswith(f"{target}: ") and "\n" not in message
    assert "the previous file is unchanged" in message or "nothing was changed" in message


def test_write_atomic_into_a_new_file_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk_full_on_fsync(monkeypatch, tmp_path)
    with pytest.raises(CxError, match="could not write"):
        atomic.write_atomic(tmp_path / "new.yaml", OLD)
    assert list(tmp_path.iterdir()) == []


def test_write_atomic_never_replaces_a_link_with_a_file(tmp_path: Path) -> None:
    """``os.replace`` onto a link would leave the file it names unchanged and the link gone."""
    real = tmp_path / "real.yaml"
    real.write_text(OLD, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    with pytest.raises(CxError, match="is a symbolic link; cxcheck does not write through links"):
        atomic.write_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path, {"real.yaml", "link.yaml"}) == set()


WRITE_AND_HANG = textwrap.dedent(
    """\
    import sys, time
    from pathlib import Path
    from cxcheck.io import atomic
    def hang(tmp):
        print(tmp, flush=True)
        time.sleep(60)
    atomic.write_atomic(Path(sys.argv[1]), "respondent: half", check=hang)
    """
)


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[Callable[[], tuple[subprocess.Popen[bytes], Path]]]:
    """Start a process that writes ``answers.yaml`` and stops before the rename; the temporary file."""
    started: list[subprocess.Popen[bytes]] = []

    def start() -> tuple[subprocess.Popen[bytes], Path]:
        child = subprocess.Popen(
            [sys.executable, "-c", WRITE_AND_HANG, str(tmp_path / "answers.yaml")], stdout=subprocess.PIPE
        )
        started.append(child)
        assert child.stdout is not None
        tmp = Path(child.stdout.readline().decode().strip())
        old = time.time() - 60
        os.utime(tmp, (old, old))  # long past the grace: only its lock can save it
        return child, tmp

    yield start
    for child in started:
        child.kill()
        child.wait()


def test_a_temporary_file_left_by_kill_9_goes_at_the_next_write(tmp_path: Path, writer) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(OLD, encoding="utf-8")
    child, tmp = writer()
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert tmp.exists() and tmp.name.startswith(".answers.yaml.") and tmp.name.endswith(".tmp")
    atomic.write_atomic(target, OLD)
    assert leftovers(tmp_path, {"answers.yaml"}) == set()


def test_the_temporary_file_of_a_live_write_is_left_alone(tmp_path: Path, writer) -> None:
    target = tmp_path / "answers.yaml"
    _, tmp = writer()
    assert atomic.sweep(target) == []
    atomic.write_atomic(target, OLD)
    assert tmp.exists() and target.read_text(encoding="utf-8") == OLD


def test_only_our_own_stale_temporary_files_are_swept(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    ours = tmp_path / ".answers.yaml.k3j_9xq2.tmp"
    young = tmp_path / ".answers.yaml.a1b2c3d4.tmp"
    others = [
        tmp_path / ".answers.yaml.bak.tmp",  # not a name mkstemp makes
        tmp_path / ".answers.yaml.abcdefgh.tmp.keep",
        tmp_path / ".other.yaml.abcdefgh.tmp",  # another file's
        tmp_path / "answers.yaml.abcdefgh.tmp",
    ]
    old = time.time() - 60
    for path in [ours, *others]:
        path.write_text("partial")
        os.utime(path, (old, old))
    young.write_text("just created")
    (tmp_path / ".answers.yaml.dirdirdi.tmp").mkdir()
    (tmp_path / ".answers.yaml.linklink.tmp").symlink_to(ours.name)
    assert atomic.sweep(target) == [ours]
    expected = {young.name, ".answers.yaml.dirdirdi.tmp", ".answers.yaml.linklink.tmp", *(p.name for p in others)}
    assert leftovers(tmp_path, set()) == expected


def test_the_next_session_on_an_answers_file_sweeps_even_when_it_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    target = tmp_path / "answers.yaml"
    target.write_text(OLD, encoding="utf-8")
    stale = tmp_path / ".answers.yaml.zz9_plur.tmp"
    stale.write_text("respondent: half")
    os.utime(stale, (time.time() - 60,) * 2)
    result = cli("assess", "--answers", target, "--checklists", tmp_path / "checklists", env=NOW)
    assert result.exit_code == 0, result.output
    assert "checked, unchanged" in result.output
    assert leftovers(tmp_path, {"answers.yaml", "checklists"}) == set()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories; simulated above")
def test_a_really_read_only_directory(tmp_path: Path) -> None:
    target = tmp_path / "answers.yaml"
    target.write_text(OLD, encoding="utf-8")
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(CxError, match="nothing was changed"):
            atomic.write_atomic(target, "changed\n")
    finally:
        tmp_path.chmod(0o755)
    assert target.read_text(encoding="utf-8") == OLD


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    directory = tmp_path / "checklists"
    directory.mkdir()
    (directory / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    return directory


WRITERS: dict[str, tuple[str, Callable[[Path, Path], list[str | Path]]]] = {
    # command: (the file it replaces, its arguments given that file and the demo checklists)
    "assess --answers --set": (
        "answers.yaml",
        lambda f, d: ["assess", "--answers", f, "--set", "demo/often=4", "--checklists", d],
    ),
    "answers template -o --force": (
        "answers.yaml",
        lambda f, d: ["answers", "template", "-o", f, "--force", "--checklists", d],
    ),
    "report -o": ("report.md", lambda f, d: ["report", d.parent / "answers.yaml", "-o", f, "--checklists", d]),
}


@pytest.mark.parametrize(
    ("writer", "failure"),
    [(writer, failure) for writer in WRITERS for failure in FAILURES],
)
def test_commands_keep_the_previous_file_and_say_so(
    cli: Cli, tmp_path: Path, demo: Path, monkeypatch: pytest.MonkeyPatch, writer: str, failure: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "answers.yaml").write_text(OLD, encoding="utf-8")  # what the report reads
    name, arguments = WRITERS[writer]
    target = work / name
    target.write_text(OLD, encoding="utf-8")
    FAILURES[failure](monkeypatch, work)
    result = cli(*arguments(target, demo), env=NOW)
    monkeypatch.undo()
    assert result.exit_code == 2, result.output
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(work, {name}) == set()
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"{target}: "), result.stderr
    assert any(words in result.stderr for words in ("unchanged", "nothing was changed")), result.stderr


def test_the_new_file_has_its_permissions_before_it_takes_its_place(
    tmp_path: Path, modes_at_replace: list[int]
) -> None:
    """A ``chmod`` by name after the rename would follow a link put there meanwhile, and leave
    a private file readable by others for a moment."""
    path = tmp_path / "tokens.yaml"
    path.write_text("old\n")
    path.chmod(0o644)
    seen = modes_at_replace
    atomic.write_atomic(path, "new\n", mode=0o600)
    assert seen == [0o600] and path.stat().st_mode & 0o777 == 0o600
    atomic.write_atomic(path, "newer\n")
    assert seen == [0o600, 0o600], "by default the old file's permissions are kept"
