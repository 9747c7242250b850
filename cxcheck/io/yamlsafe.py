"""Safe YAML in and out: line numbers for every key, hostile files refused, writes never half-done.

Files reach cxcheck from colleagues, old archives and hand edits, so reading is built to
survive anything a file can contain:

- the size is checked before a byte is read, and only regular files are opened (a FIFO
  would block forever);
- documents are built from the C parser's event stream with an explicit stack, never by
  recursion: libyaml's own composer recurses in C and crashes the interpreter on a few
  hundred thousand nested brackets, so nesting is capped instead;
- aliases may only add a bounded number of values, which defeats "billion laughs";
- control characters other than tab and newline are refused in text, written raw or as an
  escape (``"\\e]0;title\\a"``): text from files reaches terminals, logs and reports;
- duplicate keys, merge keys and tags other than plain YAML types are refused, and only
  ``true`` and ``false`` are booleans (as in YAML 1.2: a label ``Yes`` stays text);
- every mapping key and sequence entry records its line, keyed by the identity of the
  container that holds it, so any later validation error can say ``file:line``.

Answers files have a fast path of their own for their thousands of simple entries:
:mod:`cxcheck.io.bulk`.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from cxcheck.errors import CxError, Problem
from cxcheck.text import first_control

MAX_BYTES = 10 * 1024 * 1024
"""Larger inputs are refused before reading: no checklist or answers file comes near it."""

MAX_DEPTH = 64
"""Nesting deeper than this is refused; a checklist, the deepest cxcheck file, needs 6."""
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; no cxcheck file needs that"

MAX_ALIAS_VALUES = 100_000
"""Values that aliases may add to a document; a "billion laughs" bomb adds billions."""

Loc = Sequence[Hashable]
Lines = dict[int, dict[Hashable, int]]
"""For each container (by identity), the line of each of its keys or indexes."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_YAML_TAG = "tag:yaml.org,2002:"
_STR, _INT, _BOOL, _TIMESTAMP = (_YAML_TAG + name for name in ("str", "int", "bool", "timestamp"))
_MAP, _SEQ, _MERGE = (_YAML_TAG + name for name in ("map", "seq", "merge"))
_SCALAR_TAGS = {_STR, _INT, _BOOL, _TIMESTAMP, _YAML_TAG + "float", _YAML_TAG + "null"}
_AS_TEXT = {_STR, _YAML_TAG + "value", _YAML_TAG + "yaml"}
"""Implicit tags PyYAML has no safe constructor for (``=``, ``!``): plain text to a person."""

_RESOLVERS = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
_NO_KEY = object()
_DROPPED = object()
"""The key of a duplicate whose value is read (to find what else is wrong) and thrown away."""


class _Frame:
    """A collection being built: its container, and for a mapping the key awaiting its value."""

    __slots__ = ("container", "is_map", "key", "lines", "anchor", "start")

    def __init__(self, container: Any, lines: dict[Hashable, int], anchor: str | None, start: int) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.key: Any = _NO_KEY
        self.lines = lines
        self.anchor = anchor
        self.start = start


class _Builder:
    """Turns one document's parser events into Python data, refusing what is unsafe."""

    def __init__(self, path: Path, problems: list[Problem] | None = None) -> None:
        self.path = path
        self.problems = problems
        """Where a fault that leaves the rest readable (a duplicate key, an impossible date) goes,
        so the caller reports it with every other problem of the file; None: raise it at once."""
        self.lines: Lines = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()
        self.values = 0
        self.alias_values = 0
        self.documents = 0

    def refuse(self, message: str, event: events.Event) -> CxError:
        mark = event.start_mark
        return CxError(message, self.path, None if mark is None else mark.line + 1)

    def note(self, message: str, event: events.Event) -> None:
        """A fault after which reading can go on: kept with the others, or raised without a list."""
        refusal = self.refuse(message, event)
        if self.problems is None:
            raise refusal
        self.problems += refusal.problems

    def build(self, loader: Any) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is events.ScalarEvent:
                value = self.scalar(event)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise self.refuse(TOO_DEEP, event)
                value = {} if kind is events.MappingStartEvent else []
                self.check_collection_tag(event, _MAP if kind is events.MappingStartEvent else _SEQ)
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
            elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
                frame = stack.pop()
                if frame.anchor is not None:
                    self.open_anchors.discard(frame.anchor)
                    self.anchors[frame.anchor] = (frame.container, self.values - frame.start + 1)
                continue
            elif kind is events.AliasEvent:
                value = self.alias(event)
            elif kind is events.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    raise self.refuse("a second YAML document ('---') in one file; a cxcheck file holds one", event)
                continue
            elif kind is events.StreamEndEvent:
                return root
            else:
                continue
            self.values += 1
            line = event.start_mark.line + 1
            if not stack:
                root = value
            else:
                self.attach(stack[-1], value, line, event)
            if kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
                lines = self.lines[id(value)] = {}
                stack.append(_Frame(value, lines, event.anchor, self.values))

    def attach(self, frame: _Frame, value: Any, line: int, event: events.Event) -> None:
        container = frame.container
        if not frame.is_map:
            frame.lines[len(container)] = line
            container.append(value)
        elif frame.key is _NO_KEY:
            if type(value) in (dict, list):  # what the builder makes; everything else hashes
                raise self.refuse("a mapping key must be a plain value, not a list or a mapping", event)
            if value in container:
                self.note(f"duplicate key {_shown(value)} (first on line {frame.lines[value]})", event)
                frame.key = _DROPPED
                return
            frame.key = value
            # Entered now so that a duplicate of a key whose value is still open is caught too.
            frame.lines[value] = line
            container[value] = None
        else:
            if frame.key is not _DROPPED:
                container[frame.key] = value
            frame.key = _NO_KEY

    def alias(self, event: events.AliasEvent) -> Any:
        name = event.anchor
        if name in self.open_anchors:
            raise self.refuse(f"alias *{name} refers to the collection it is part of", event)
        if name not in self.anchors:
            raise self.refuse(f"alias *{name} has no anchor &{name} before it", event)
        value, size = self.anchors[name]
        self.alias_values += size
        self.values += size - 1
        if self.alias_values > MAX_ALIAS_VALUES:
            raise self.refuse(
                f"aliases expand to more than {MAX_ALIAS_VALUES:,} values (a YAML alias bomb?); write the values out",
                event,
            )
        return value

    def check_collection_tag(self, event: events.CollectionStartEvent, plain: str) -> None:
        if event.tag not in (None, "!", plain):
            raise self.refuse(_tag_refusal(event.tag), event)

    def scalar(self, event: events.ScalarEvent) -> Any:
        value: str = event.value
        control = first_control(value)
        if control is not None:  # only an escape (\e, \x1b, \u001b) gets one this far
            raise self.refuse(
                f"control character {control} in text; only tab and newline are allowed, remove it", event
            )
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value
            tag = _resolve(value)
        if tag in _AS_TEXT:
            return value
        if tag == _MERGE:
            raise self.refuse("merge keys ('<<') are not supported; write the keys out in full", event)
        if tag not in _SCALAR_TAGS:
            raise self.refuse(_tag_refusal(tag), event)
        try:
            if tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
                return int(value)
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, value))
        except (ValueError, OverflowError, TypeError):
            if tag == _TIMESTAMP:
                self.note(f"{value!r} is not a real date (or time)", event)
                return value  # as text: the checks after see the key, and the problem is reported
            raise self.refuse(f"the number {value[:20]}... is too long to read", event) from None


def _resolve(value: str) -> str:
    """The tag of a plain scalar: PyYAML's rules, except that only true/false are booleans.

    YAML 1.1 also reads yes, no, on and off as booleans, so a scale option labelled
    ``Yes`` or an answer ``no`` would silently become true or false; YAML 1.2 dropped
    them, and so do we.
    """
    resolvers = _RESOLVERS.get(value[0] if value else "")
    if resolvers:
        for tag, regexp in resolvers:
            if regexp.match(value):
                return _STR if tag == _BOOL and value.lower() not in ("true", "false") else tag
    return _STR


def _tag_refusal(tag: str) -> str:
    shown = "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag
    return f"YAML tag '{shown}' is not allowed; cxcheck files use plain YAML values"


def _shown(key: Any) -> str:
    """A key as the person wrote it: ``'id'``, ``3``, ``true``, ``null``."""
    if isinstance(key, str):
        return repr(key)
    return "null" if key is None else str(key).lower() if isinstance(key, bool) else str(key)


@dataclass
class Document:
    """A parsed YAML file that can say which line any part of it came from."""

    path: Path
    data: Any
    _lines: Lines = field(default_factory=dict, repr=False)

    def line_of(self, loc: Loc) -> int:
        """Line of the deepest part of ``loc`` that exists (1 for the document itself)."""
        line, node = 1, self.data
        for step in loc:
            found = self._lines.get(id(node), {}).get(step)
            if found is None:
                break
            line = found
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        return line


def read_text(path: Path, limit: int = MAX_BYTES, expected: str = "a YAML file") -> str:
    """Read a UTF-8 text file (a BOM is fine), refusing what cannot be a cxcheck file.

    ``limit`` is the size refused; a survey tool's CSV export of thousands of respondents
    (:mod:`cxcheck.io.tabular`) is allowed more than a hand-written YAML file.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise CxError("no such file", path) from None
    except NotADirectoryError:
        raise CxError(f"no such file ({path.parent} is not a directory)", path) from None
    except OSError as exc:
        raise CxError(f"cannot read: {exc.strerror}", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise CxError(f"is a directory; expected {expected}", path)
    if not stat.S_ISREG(info.st_mode):
        raise CxError(f"is not a regular file (a pipe or a device?); expected {expected}", path)
    _check_size(info.st_size, path, limit)
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except PermissionError:
        raise CxError("permission denied: cannot read this file", path) from None
    except OSError as exc:
        raise CxError(f"cannot read: {exc.strerror}", path) from None
    _check_size(len(raw), path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        hint = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise CxError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x}){hint}; save the file as UTF-8", path, line
        ) from None


def _check_size(size: int, path: Path, limit: int = MAX_BYTES) -> None:
    if size > limit:
        raise CxError(f"file is {size / 1048576:.0f} MB; cxcheck reads files up to {limit // 1048576} MB", path)


def load(path: Path, problems: list[Problem] | None = None) -> Document:
    """Parse one YAML file safely; every failure is a :class:`CxError` with a line (see :func:`parse`)."""
    return document(path, *parse(read_text(path), path, problems))


def document(path: Path, data: Any, lines: Lines) -> Document:
    """The parsed file as a :class:`Document`; an empty one is refused (every cxcheck file is a mapping)."""
    if data is None:
        raise CxError("file is empty; expected a YAML mapping", path, 1)
    return Document(path, data, lines)


def parse(text: str, path: Path, problems: list[Problem] | None = None) -> tuple[Any, Lines]:
    """The data of one YAML document and the line of every key and entry in it.

    With ``problems``, a duplicate key (its second value dropped) or an impossible date (kept
    as text) is added there and reading goes on, so that the caller can report
    every problem of the file at once; without it, they are raised like any other refusal.
    """
    loader = _Loader(text)
    builder = _Builder(path, problems)
    try:
        return builder.build(loader), builder.lines
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids; its position counts UTF-8 bytes
        line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        raise CxError(f"control character U+{exc.character:04X} is not allowed in a YAML file", path, line) from None
    except yaml.YAMLError as exc:
        raise CxError(f"not valid YAML: {_one_line(str(exc))}", path) from None
    finally:
        loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: Path) -> CxError:
    """PyYAML's parser vocabulary turned into a sentence a checklist author can act on."""
    problem = _one_line(exc.problem or "not valid YAML")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if "'\\t'" in problem or (mark is not None and text[mark.index : mark.index + 1] == "\t"):
        return CxError("tab character in indentation; indent with spaces", path, line)
    if "nesting depth" in problem:
        # libyaml (from PyYAML 6.0.4) caps flow nesting itself, and its scanner looks that far
        # ahead before our builder sees the 65th level: the same refusal, so the same words.
        return CxError(TOO_DEEP, path, line)
    context = _one_line(exc.context or "")
    if context.startswith("while scanning a quoted scalar") and exc.context_mark is not None:
        opened = exc.context_mark.line + 1
        return CxError("quoted text is never closed; add the closing quote", path, opened)
    if isinstance(exc, yaml.parser.ParserError) and line is not None:
        quote = _unclosed_quote(text, line)
        if quote is not None:
            return CxError(
                f"quoted text is not closed on this line, so YAML read on and failed on line {line}; "
                "add the closing quote",
                path,
                quote,
            )
    if problem.startswith("mapping values are not allowed"):
        return CxError("unexpected ':'; quote a value that contains ': ', or check the indentation", path, line)
    context = f"{context}, " if context else ""
    return CxError(f"invalid YAML: {context}{problem}", path, line)


_QUOTE_START = re.compile(r"""(?:^|[:,\[{-]) *(['"])""")


def _unclosed_quote(text: str, before: int) -> int | None:
    """The first line before ``before`` that opens a quote it does not close, if any.

    A forgotten closing quote makes YAML read on into the following lines, and the error
    then appears far from the cause; this finds the cause.
    """
    for number, line in enumerate(text.split("\n")[: before - 1], start=1):
        start = _QUOTE_START.search(line)
        if start is None:
            continue
        quote, rest = start.group(1), line[start.end() :]
        body = rest.replace("''", "") if quote == "'" else re.sub(r"\\.", "", rest)
        if quote not in body:
            return number
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def dump(data: Any) -> str:
    """YAML in a stable, diff-friendly form: keys in the order given, block style, UTF-8."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Never writes anchors: hand-editing a file with aliases surprises people."""

    def ignore_aliases(self, data: Any) -> bool:
        return True
