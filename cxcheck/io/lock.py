"""An advisory lock beside an answers file, so two sessions can never interleave their answers.

Two ``assess`` sessions on one file would each save their own copy after every answer, and
the last writer would silently drop the other's answers. The lock is ``FILE.lock`` next to the
answers file, held with ``flock``: the kernel releases it when its process ends, however it
ends, so a session killed with ``kill -9`` never leaves a lock that blocks the next one (a
leftover ``.lock`` file is simply taken over). The file's text says who holds it, so the
second session can tell the person whom to ask.
"""

from __future__ import annotations

import fcntl
import getpass
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cxcheck import clock
from cxcheck.errors import CxError

_FIELDS = ("user", "host", "pid", "since")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path) -> Iterator[Path]:
    """Hold the lock on answers file ``path`` for the duration of the block; yields the lock file."""
    fd = _acquire(path)
    try:
        yield lock_path(path)
    finally:
        _release(path, fd)


def _acquire(path: Path) -> int:
    lock = lock_path(path)
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise CxError(
                f"cannot create the lock file {lock.name} ({exc.strerror}); nothing was changed", path
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(fd)
            os.close(fd)
            raise CxError(
                f"another cxcheck session is answering this file ({holder}); "
                f"wait for it to finish (q saves and quits there), then run this again",
                path,
            ) from None
        if _same_file(fd, lock):
            break
        # The previous holder removed the file between our open and our lock: lock the new one.
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, _describe_self().encode("utf-8"))
    except OSError as exc:  # a full disk: the lock we just made must not outlive the refusal
        _release(path, fd)
        raise CxError(f"cannot write the lock file {lock.name} ({exc.strerror}); nothing was changed", path) from None
    return fd


def _same_file(fd: int, lock: Path) -> bool:
    try:
        return os.stat(lock).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _release(path: Path, fd: int) -> None:
    """Remove the lock file while still holding it, so no one can lock a file about to vanish."""
    lock_path(path).unlink(missing_ok=True)
    os.close(fd)


def _describe_self() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    values = (user, socket.gethostname(), str(os.getpid()), clock.now().isoformat())
    return "".join(f"{key}: {value}\n" for key, value in zip(_FIELDS, values))


def _read(fd: int) -> str:
    """``alice on host1, pid 4242, since …``: enough to find the other session."""
    text = os.pread(fd, 4096, 0).decode("utf-8", "replace")
    fields = dict(line.partition(": ")[::2] for line in text.splitlines())
    if not all(fields.get(key) for key in _FIELDS):
        return "its details are not written yet"
    return f"{fields['user']} on {fields['host']}, pid {fields['pid']}, since {fields['since']}"
