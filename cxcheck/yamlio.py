"""Safe YAML in and out: line numbers for every key, and writes that are never half-done.

PyYAML silently keeps the last of two equal keys and forgets where values came from once
they are constructed. We construct with the C loader (fast) but record, for every mapping
key and sequence entry, the line it stood on, keyed by the identity of the container that
holds it, so that any validation error can be traced back to ``file:line`` without a second
parse.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cxcheck.errors import CxError

MAX_BYTES = 10 * 1024 * 1024
"""Larger inputs are refused before parsing: no checklist or answers file comes near it."""

MAX_ALIASES = 100
"""Anchors reused more often than this are treated as an alias bomb ("billion laughs")."""

Loc = Sequence[Hashable]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(yaml.constructor.ConstructorError):
    """A well-formed document that cxcheck declines to read; its message is already plain."""


class _LineRecordingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that rejects duplicate keys and alias bombs and remembers lines."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[tuple[int, Hashable], int] = {}
        self.aliases = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Refused(None, None, "too many aliases (is this an alias bomb?)", node.start_mark)
        return super().construct_object(node, deep)

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data: dict[Any, Any] = {}
        yield data
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise _Refused(None, None, "a mapping key must be a plain value", key_node.start_mark)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise _Refused(
                    None, None, f"duplicate key {key!r} (first on line {seen[key]})", key_node.start_mark
                )
            seen[key] = line
        data.update(self.construct_mapping(node, deep=True))
        for key, line in seen.items():
            self.lines[(id(data), key)] = line

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Any:
        data: list[Any] = []
        yield data
        data.extend(self.construct_sequence(node, deep=True))
        for index, child in enumerate(node.value):
            self.lines[(id(data), index)] = child.start_mark.line + 1


_LineRecordingLoader.add_constructor("tag:yaml.org,2002:map", _LineRecordingLoader.construct_yaml_map)
_LineRecordingLoader.add_constructor("tag:yaml.org,2002:seq", _LineRecordingLoader.construct_yaml_seq)


@dataclass
class Document:
    """A parsed YAML file that can say which line any part of it came from."""

    path: Path
    data: Any
    _lines: dict[tuple[int, Hashable], int] = field(default_factory=dict, repr=False)

    def line_of(self, loc: Loc) -> int:
        """Line of the deepest part of ``loc`` that exists (1 for the document itself)."""
        line, node = 1, self.data
        for step in loc:
            found = self._lines.get((id(node), step))
            if found is None:
                break
            line = found
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        return line


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is fine), refusing what cannot be a cxcheck file."""
    if path.is_dir():
        raise CxError("is a directory; expected a YAML file", path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CxError(
                f"file is {size / 1048576:.0f} MB; cxcheck reads files up to {MAX_BYTES // 1048576} MB",
                path,
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CxError("no such file", path) from None
    except PermissionError:
        raise CxError("permission denied: cannot read this file", path) from None
    except OSError as exc:
        raise CxError(f"cannot read: {exc.strerror}", path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CxError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", path, line) from None


def load(path: Path) -> Document:
    """Parse one YAML file safely; every failure is a :class:`CxError` with a line."""
    text = read_text(path)
    loader = _LineRecordingLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise CxError(_describe(exc, text), path, line) from None
    except yaml.YAMLError as exc:
        raise CxError(f"not valid YAML: {exc}", path) from None
    except RecursionError:
        raise CxError("nested too deeply to be a cxcheck file", path) from None
    finally:
        loader.dispose()
    if data is None:
        raise CxError("file is empty; expected a YAML mapping", path, 1)
    return Document(path, data, loader.lines)


def _describe(exc: yaml.MarkedYAMLError, text: str) -> str:
    """Turn PyYAML's parser vocabulary into a sentence a checklist author can act on."""
    problem = exc.problem or "not valid YAML"
    if isinstance(exc, _Refused):
        return problem
    mark = exc.problem_mark
    if mark is not None and text[mark.index : mark.index + 1] == "\t" or "\\t" in problem:
        return "tab character in indentation; indent with spaces"
    if problem.startswith("could not determine a constructor"):
        return f"YAML tag not allowed here ({problem.split('tag ')[-1].strip()}); cxcheck files use plain YAML"
    context = f"{exc.context}, " if exc.context else ""
    return f"invalid YAML: {context}{problem}"


def dump(data: Any) -> str:
    """YAML in a stable, diff-friendly form: keys in the order given, block style, UTF-8."""
    return yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Never writes anchors: hand-editing a file with aliases surprises people."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a crash leaves the old file or the new, never half.

    The temporary file sits in the same directory so that ``os.replace`` is a rename on one
    file system; it is fsynced first so that a power cut cannot leave an empty file behind.
    """
    directory = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CxError(f"cannot write here ({exc.strerror}); nothing was changed", path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CxError(f"could not write ({exc.strerror}); the previous file is unchanged", path) from None
