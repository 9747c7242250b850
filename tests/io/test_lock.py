"""The lock beside an answers file: one session at a time, and never stuck after a crash."""

from __future__ import annotations

import getpass
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cxcheck.errors import CxError
from cxcheck.io import lock

HOLD = textwrap.dedent(
    """\
    import sys, time
    from pathlib import Path
    from cxcheck.io import lock
    with lock.locked(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(60)
    """
)


def test_a_second_holder_is_refused_and_told_who_holds_the_file(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    with lock.locked(path) as held:
        assert held == tmp_path / "answers.yaml.lock"
        with pytest.raises(CxError) as refused, lock.locked(path):
            pass
    message = str(refused.value)
    assert message.startswith(f"{path}: another cxcheck session is answering this file (")
    assert f"{getpass.getuser()} on {socket.gethostname()}, pid {os.getpid()}, since " in message


def test_the_lock_file_goes_away_with_its_session_and_can_be_taken_again(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    with lock.locked(path):
        pass
    assert not lock.lock_path(path).exists()
    with lock.locked(path):
        assert lock.lock_path(path).exists()


def test_a_lock_left_by_a_killed_session_does_not_block_the_next(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE)
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    with pytest.raises(CxError, match=f"pid {holder.pid}"), lock.locked(path):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert lock.lock_path(path).exists(), "kill -9 leaves the file behind"
    with lock.locked(path):
        assert f"pid: {os.getpid()}" in lock.lock_path(path).read_text()


def test_a_directory_that_cannot_hold_the_lock_is_reported(tmp_path: Path) -> None:
    with (
        pytest.raises(CxError, match=r"cannot create the lock file answers.yaml.lock \(No such file or directory\)"),
        lock.locked(tmp_path / "missing" / "answers.yaml"),
    ):
        pass


def test_a_full_disk_while_taking_the_lock_is_refused_and_leaves_no_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    path = tmp_path / "a.yaml"
    monkeypatch.setattr(os, "write", full)
    with pytest.raises(CxError) as refused, lock.locked(path):
        pass
    assert (
        str(refused.value)
        == f"{path}: cannot write the lock file a.yaml.lock (No space left on device); nothing was changed"
    )
    assert list(tmp_path.iterdir()) == []


def test_a_link_is_resolved_once_to_the_file_it_names_and_never_locked_itself(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("respondent: Ann\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real.name)
    assert lock.answers_file(link) == real.resolve()
    assert lock.answers_file(real) == real and lock.answers_file(tmp_path / "new.yaml") == tmp_path / "new.yaml"
    with pytest.raises(CxError, match="is a symbolic link; cxcheck locks the real answers file"), lock.locked(link):
        pass
    assert not lock.lock_path(link).exists()


def test_a_lock_file_planted_as_a_link_is_refused_and_neither_written_through_nor_removed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    planted = lock.lock_path(tmp_path / "a.yaml")
    planted.symlink_to(victim.name)
    with pytest.raises(CxError) as refused, lock.locked(tmp_path / "a.yaml"):
        pass
    assert str(refused.value).startswith(f"{planted}: is a symbolic link, not a cxcheck lock; ")
    assert victim.read_text() == "mine\n" and planted.is_symlink()


def test_a_lock_file_planted_as_a_dangling_link_creates_nothing(tmp_path: Path) -> None:
    planted = lock.lock_path(tmp_path / "a.yaml")
    planted.symlink_to("created.txt")
    with pytest.raises(CxError, match="is a symbolic link, not a cxcheck lock"), lock.locked(tmp_path / "a.yaml"):
        pass
    assert not (tmp_path / "created.txt").exists() and planted.is_symlink()


def test_a_lock_file_planted_as_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    planted = lock.lock_path(tmp_path / "a.yaml")
    os.mkfifo(planted)
    with pytest.raises(CxError, match="is not a regular file, not a cxcheck lock"), lock.locked(tmp_path / "a.yaml"):
        pass
    assert planted.exists()


def test_a_link_put_in_place_of_a_held_lock_is_not_removed_at_release(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    with lock.locked(path) as held:
        held.unlink()
        held.symlink_to("elsewhere.txt")
    assert held.is_symlink()


def test_assess_refuses_a_planted_lock_link_with_one_line(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("victim.txt").write_text("mine\n")
    Path("a.yaml.lock").symlink_to("victim.txt")
    result = cli("assess", "-o", "a.yaml", input="")
    assert result.exit_code == 2, result.output
    assert "a.yaml.lock: is a symbolic link, not a cxcheck lock" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert Path("victim.txt").read_text() == "mine\n" and Path("a.yaml.lock").is_symlink()
