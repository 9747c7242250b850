"""Files written so that a crash leaves the old one or the new, never half of either, and only where asked."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from cxcheck.errors import CxError


def write_atomic(path: Path, text: str | bytes, check: Callable[[Path], object] | None = None) -> None:
    """Replace ``path`` with ``text`` (UTF-8 text, or the bytes of a PDF or spreadsheet) so that a
    crash leaves the old file or the new, never half.

    The temporary file sits in the same directory so that ``os.replace`` is a rename on one
    file system; it is fsynced first so that a power cut cannot leave an empty file behind.
    ``check`` reads the temporary file as the real one will be read (and raises if it is
    wrong): only a file that passes takes the place of the old one.
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CxError(f"cannot write here ({exc.strerror}); nothing was changed", path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(Path(tmp))
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CxError(f"could not write ({exc.strerror}); the previous file is unchanged", path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_output(text: str | bytes, path: Path) -> None:
    """Write a report (or another new file for sharing) where the user asked, and nowhere else."""
    if path.is_symlink():
        raise CxError("is a symbolic link; cxcheck does not write through links, give the real path", path)
    if path.is_dir():
        raise CxError("is a directory; give a file name such as report.html", path)
    if not path.parent.is_dir():
        raise CxError(f"directory {path.parent} does not exist; create it first", path)
    if path.suffix.lower() in (".yaml", ".yml") and path.exists():
        # No report, form or JUnit file is YAML, and every YAML file is someone's input: answers,
        # targets, a checklist, workshop.yaml, a journey. `form -o answers-ann.yaml` replaced one.
        raise CxError(
            "is a YAML file, which cxcheck reads as input and never replaces with output; write to another file", path
        )
    new = not path.exists()
    write_atomic(path, text)
    if new:  # a report is for sharing: readable as the user's umask allows, not private like a temp file
        umask = os.umask(0)
        os.umask(umask)
        path.chmod(0o666 & ~umask)
