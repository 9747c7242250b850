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
