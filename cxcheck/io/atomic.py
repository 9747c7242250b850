"""Files written so that a crash leaves the old one or the new, never half of either, and only where asked."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cxcheck.errors import CxError


def write_atomic(
    path: Path, text: str | bytes, check: Callable[[Path], object] | None = None, mode: int | None = None
) -> None:
    """Replace ``path`` with ``text`` (UTF-8 text, or the bytes of a PDF or spreadsheet) so that a
    crash leaves the old file or the new, never half.

    The temporary file sits in the same directory so that ``os.replace`` is a rename on one
    file system; it is fsynced first so that a power cut cannot leave an empty file behind.
    ``check`` reads the temporary file as the real one will be read (and raises if it is
    wrong): only a file that passes takes the place of the old one. A symbolic link is refused:
    ``os.replace`` would put a regular file in its place and leave the file it names unchanged
    (a session resolves its answers file's link first, :func:`cxcheck.io.lock.answers_file`).

    The temporary file is ``flock``-ed until it has taken its place, which is how
    :func:`sweep` tells one a killed process left behind from one being written now.

    ``mode`` is the new file's permissions (by default the old file's, or private for a new
    one). They are set on the open temporary file before it takes its place: a ``chmod`` by
    name afterwards would follow whatever link had been put there meanwhile, and would leave
    a private file (collect's tokens) readable for a moment.
    """
    refuse_link(path)
    directory = path.parent
    sweep(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CxError(f"cannot write here ({exc.strerror}); nothing was changed", path) from None
    try:
        with os.fdopen(os.dup(fd), "wb") as handle:
            fcntl.flock(fd, fcntl.LOCK_EX)
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(Path(tmp))
        if mode is None and path.exists():
            mode = path.stat().st_mode & 0o777
        if mode is not None:
            os.fchmod(fd, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CxError(f"could not write ({exc.strerror}); the previous file is unchanged", path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)


STALE_AFTER = 2.0
"""Seconds a temporary file must have been left unchanged before :func:`sweep` may remove it.

Its ``flock`` is what tells: the kernel drops it when the writer dies, however it dies. The
grace only covers the instant between ``mkstemp`` creating the file and the writer locking it.
"""


def sweep(path: Path) -> list[Path]:
    """Remove the temporary files a killed write of ``path`` left behind (``.NAME.XXXXXXXX.tmp``);
    the ones removed.

    Only names :func:`write_atomic` makes for this very file, only regular files, and only
    when no process holds their lock and they are older than :data:`STALE_AFTER`: a live
    write (by another cxcheck, or a collection server) is left alone. Anything that gets in
    the way (a file already gone, no permission) leaves that file where it is: sweeping is a
    courtesy, never a reason to fail.
    """
    return _sweep(path, r"\.tmp", folders=False)


def sweep_folders(path: Path) -> list[Path]:
    """Remove the staging folders (``.NAME.XXXXXXXX/``) a killed write of ``path`` left behind, by
    the rules of :func:`sweep`: a folder's writer holds an ``flock`` on the folder itself until it
    is done (:func:`cxcheck.io.store.write`, whose folders hold up to a gigabyte of CSV)."""
    return _sweep(path, "", folders=True)


def _sweep(path: Path, suffix: str, folders: bool) -> list[Path]:
    directory = path.parent
    ours = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}" + suffix)
    try:
        names = [entry.name for entry in os.scandir(directory) if ours.fullmatch(entry.name)]
    except OSError:
        return []
    return [directory / name for name in names if _remove_if_stale(directory / name, folders)]


def _remove_if_stale(tmp: Path, folder: bool) -> bool:
    try:
        fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        status = os.fstat(fd)
        kind = stat.S_ISDIR if folder else stat.S_ISREG
        if not kind(status.st_mode) or time.time() - status.st_mtime < STALE_AFTER:
            return False
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: its writer is alive
        if os.lstat(tmp).st_ino != status.st_ino:
            return False
        if folder:
            shutil.rmtree(tmp)
        else:
            tmp.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def refuse_link(path: Path) -> None:
    """A symbolic link is never written through: ``os.replace`` would put a file in its place."""
    if path.is_symlink():
        raise CxError("is a symbolic link; cxcheck does not write through links, give the real path", path)


def check_target(path: Path, example: str = "report.html") -> None:
    """Refuse, before any work, a target that is a folder or whose folder is missing.

    ``example`` names the kind of file to give instead (``cxcheck import`` checks its store's
    target with these rules before it reads thousands of rows).
    """
    if path.is_dir():
        raise CxError(f"is a directory; give a file name such as {example}", path)
    if not path.parent.is_dir():
        raise CxError(f"directory {path.parent} does not exist; create it first", path)


INPUTS = {".yaml": "a YAML file", ".yml": "a YAML file", ".duckdb": "a survey store"}
"""What no report, form or JUnit file is, and what is always someone's input: YAML (answers,
targets, a checklist, workshop.yaml, a journey) and the survey store. `form -o answers-ann.yaml`
and `report ws -o ws/survey.duckdb` replaced one each."""


def write_output(text: str | bytes, path: Path) -> None:
    """Write a report (or another new file for sharing) where the user asked, and nowhere else."""
    check_target(path)
    if path.suffix.lower() in INPUTS and path.exists():
        raise CxError(
            f"is {INPUTS[path.suffix.lower()]}, which cxcheck reads and never replaces; write to another file", path
        )
    mode = None
    if not path.exists():  # a report is for sharing: readable as the user's umask allows, not private like a temp file
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    write_atomic(path, text, mode=mode)
