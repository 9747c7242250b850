"""The user's cache: results every command would otherwise work out again, kept between runs.

It lives in ``$XDG_CACHE_HOME/cxcheck`` (``~/.cache/cxcheck`` when that is unset or not an
absolute path, as the XDG Base Directory specification says), never beside the user's files.

An entry is a key (a digest of everything its value was made from) followed by the value,
pickled. Loading a pickle runs code, so the directory is created private and neither it nor
an entry is read unless it belongs to the user and nobody else may write to it; a key that
does not match is a miss before any of the value is read. A cache only ever saves time:
an entry that cannot be read is a miss, and one that cannot be written is skipped. Entries
are written with :func:`cxcheck.io.atomic.write_atomic`, so two commands at once read the
old entry or the new, never half of one.

The cache stays small: an entry of more than :data:`MOST_BYTES` is neither written nor read, and
entries of one kind (one per workshop folder, say) are kept only for the :data:`MOST_KEPT` used
last; loading an entry marks it used (its modification time).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cxcheck.errors import CxError
from cxcheck.io.atomic import write_atomic

_KEY_BYTES = hashlib.sha256().digest_size
MOST_BYTES = 64 * 2**20
"""The largest entry kept: a hundred times the checklists of the benchmark's 10,000-item workshop."""
MOST_KEPT = 32
"""How many entries of one kind are kept, those used last: every workshop folder ever reported has one."""


def directory() -> Path | None:
    """Where cxcheck keeps its cache; None when the user has no home to keep it in."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no password entry
            return None
    return Path(base) / "cxcheck"


def key(parts: Iterable[bytes]) -> bytes:
    """The digest of everything a value is made from, each part delimited so that none runs into the next."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.digest()


def load(name: str, wanted: bytes) -> Any | None:
    """The value stored as ``name`` under the key ``wanted``; None when there is none to trust."""
    folder = directory()
    if folder is None:
        return None
    try:
        if not _private(folder.stat()):  # before opening: nobody else can have put anything in it
            return None
        # Not through a link, and without waiting on a FIFO: only a regular file of our own is read.
        descriptor = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(descriptor, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not (stat.S_ISREG(info.st_mode) and _private(info) and info.st_size <= MOST_BYTES):
                return None
            if handle.read(_KEY_BYTES) != wanted:
                return None
            value = pickle.load(handle)
            _used(handle.fileno())
            return value
    except Exception:  # whatever unpickling raises: a cache that cannot be read is a miss
        return None


def store(name: str, stored_key: bytes, value: object, kind: str | None = None) -> None:
    """Keep ``value`` as ``name`` under ``stored_key``, if the cache can be written at all.

    ``kind`` is how the names of entries like this one begin (``name`` among them): of those,
    only the :data:`MOST_KEPT` used last are kept.
    """
    folder = directory()
    if folder is None:
        return
    try:
        whole = stored_key + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(whole) > MOST_BYTES:
            return
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if _private(folder.stat()):
            write_atomic(folder / name, whole)
            if kind is not None:
                _keep_recent(folder, kind)
    except (OSError, CxError):
        pass  # a read-only or full disk: the next command works it out again


def _used(descriptor: int) -> None:
    """Mark an entry as just used, so that it is among the last to go (:func:`_keep_recent`)."""
    with contextlib.suppress(OSError):  # a read-only cache is still read
        os.utime(descriptor)


def _keep_recent(folder: Path, kind: str) -> None:
    """Remove all but the :data:`MOST_KEPT` entries of ``kind`` used last (links are removed, never followed)."""
    with os.scandir(folder) as found:
        entries = [(e.stat(follow_symlinks=False).st_mtime_ns, e.path) for e in found if e.name.startswith(kind)]
    for _, path in sorted(entries, reverse=True)[MOST_KEPT:]:
        with contextlib.suppress(FileNotFoundError):  # another command removed it first
            os.unlink(path)


def _private(info: os.stat_result) -> bool:
    """Whether a file or directory is the user's own and nobody else may write to it."""
    return info.st_uid == os.getuid() and not info.st_mode & 0o022
