"""An advisory lock beside an answers file, so two sessions can never interleave their answers.

Two ``assess`` sessions on one file would each save their own copy after every answer, and
the last writer would silently drop the other's answers. The lock is ``FILE.lock`` next to the
answers file, held with ``flock``: the kernel releases it when its process ends, however it
ends, so a session killed with ``kill -9`` never leaves a lock that blocks the next one (a
leftover ``.lock`` file is simply taken over). The file's text says who holds it, so the
second session can tell the person whom to ask.

An answers file may be a symbolic link (to a file kept in a shared folder, say). A session
resolves it once, with :func:`answers_file`, and then locks, reads and writes the real file:
the lock is named after the file the answers are in, so two sessions through different names
of one file still exclude each other, and the link stays a link.
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
from cxcheck.io.atomic import sweep

_FIELDS = ("user", "host", "pid", "since")


class Busy(CxError):
    """Another process holds the lock: a person to wait for, not a file to fix."""


def answers_file(path: Path) -> Path:
    """The file a session on ``path`` locks and writes: the target of a link, resolved once.

    A link to a file that does not exist is refused rather than followed: creating a file
    wherever a link in a shared folder points is how links are turned against the person who
    follows them.
    """
    if not path.is_symlink():
        return path
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        raise CxError(
            f"is a symbolic link to {os.readlink(path)}, which does not exist; give the answers file's real path", path
        ) from None
    except (OSError, RuntimeError):  # a loop of links: RuntimeError before Python 3.13, OSError after
        raise CxError(
            "is a symbolic link that leads round in a loop; give the answers file's real path", path
        ) from None
    if not target.is_file():
        raise CxError(f"is a symbolic link to {target}, which is not a regular file; give an answers file", path)
    return target


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path) -> Iterator[Path]:
    """Hold the lock on answers file ``path`` for the duration of the block; yields the lock file.

    ``path`` is what :func:`answers_file` returned: a link is refused here, as a lock named
    after it would not exclude a session on the real file.
    """
    if path.is_symlink():
        raise CxError("is a symbolic link; cxcheck locks the real answers file, give its path", path)
    fd = _acquire(path)
    try:
        sweep(path)  # no session is writing it now: what a killed one left goes
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
            raise Busy(
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
