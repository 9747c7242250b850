"""Answers files read fast: thousands of ``checklist/item: 3`` entries without the YAML parser.

An answers file can hold tens of thousands of such lines, and a workshop reads hundreds of
files. :func:`load` takes the simple entries of one top-level block out with a regular
expression, where the result is provably what the safe loader (:mod:`cxcheck.io.yamlsafe`)
would give, and hands everything else to that loader; anything unusual in the file sends the
whole file there. ``tests/test_fuzz.py`` checks that the two agree on generated files.

A caller that knows which keys the block should hold, in which order (the items of the
checklists an answers file names, as cxcheck writes them), says so, and a block that is exactly
those keys is read without a dict of them (:class:`Entries`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterator, Mapping
from pathlib import Path
from typing import Any

from cxcheck.errors import CxError, Problem
from cxcheck.io.yamlsafe import Document, document, parse, read_text

Expected = Callable[[dict[Any, Any]], list[str] | None]
"""The keys block ``key`` should hold, in order, worked out from the rest of the file; None for none in particular."""


def load(path: Path, key: str, problems: list[Problem] | None = None, expected: Expected | None = None) -> Document:
    """The file as :func:`cxcheck.io.yamlsafe.load` reads it, with block ``key`` read the fast way where that is safe.

    ``problems`` collects what the parser can read past (see :func:`cxcheck.io.yamlsafe.parse`).
    Where block ``key`` is exactly the keys ``expected`` gives, in that order, one plain entry
    a line, it is read as :class:`Entries` (equal to the parser's dict, as a mapping).
    """
    text = read_text(path)
    found: list[Problem] | None = None if problems is None else []
    fast = fast_path(path, text, key, found, expected)
    if fast is None:
        found = None if problems is None else []
        fast = document(path, *parse(text, path, found))
    if problems is not None and found:
        problems += found
    return fast


_BULK_VALUE = r"-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?|n/a"
_BULK_KEY = r"[A-Za-z0-9][A-Za-z0-9_-]{0,100}+/[A-Za-z0-9][A-Za-z0-9_-]{0,100}+"
"""Keys holding a '/' and values like these can only mean text and numbers to YAML.

The repetitions are possessive (``*+``): what follows each (``/``, ``:``, a space, an end of
line) can never be matched by giving characters back, so the match is the same, and the
engine is spared keeping track of where it could backtrack (docs/performance.md)."""
_PLAIN_VALUE = re.compile(f"(?:{_BULK_VALUE}) *+")
_PLAIN_KEY = re.compile(_BULK_KEY)
_OPENER = re.compile(r"(?:^ *|[:?-] +|[,\[{] *)[\"'\[{&!*|>]", re.MULTILINE)
"""A quote, bracket, anchor, tag, alias or block scalar where a value starts: something that
could span lines or refer elsewhere (a quote inside plain text, as in "it's", cannot)."""
_BLOCK_END = re.compile(r"\n[^ \n#]")
_FIRST_CONTENT = re.compile(r"^( +)([^ \n#])", re.MULTILINE)
_FLOW_ROOT = re.compile(r"\A(?:[ ]*(?:#[^\n]*)?\n|%[^\n]*\n)*(?:---)?[ \n]*[\[{!&]")


def fast_path(
    path: Path, text: str, key: str, problems: list[Problem] | None = None, expected: Expected | None = None
) -> Document | None:
    """The file read with the simple entries of top-level block ``key`` taken by a regular expression.

    Lines of the form ``  checklist/item: 3`` (or ``n/a``) directly under ``key:`` are
    taken out (left blank, so line numbers stay) and the rest of the file goes through
    the YAML parser. The shortcut is taken only when nothing could make such a line mean
    something else: no quote or bracket in the block's other lines that could span lines,
    no deeper continuation line, a block-style document, and a parse that puts ``key`` at
    the line found. Otherwise, or on any error, None: the caller parses the whole file.

    With ``expected``, a block of exactly the keys it gives is checked and split without the
    regular expression, and read as :class:`Entries` (:func:`_in_order`).
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if any(c in text for c in "\r\x85\u2028\u2029") or _FLOW_ROOT.match(text):
        return None
    head = re.search(rf"^{re.escape(key)}:[ ]*(?: #[^\n]*)?$", text, re.MULTILINE)
    if head is None or head.end() == len(text):
        return None
    start = head.end() + 1
    end_match = _BLOCK_END.search(text, start - 1)
    end = end_match.start() + 1 if end_match else len(text)
    block = text[start:end]
    first = _FIRST_CONTENT.search(block)
    if first is None or first.group(2) == "-":
        return None
    indent = len(first.group(1))
    head_line = text.count("\n", 0, head.start()) + 1
    if expected is not None:
        ordered = _expected_entries(path, text, key, (start, end, indent, head_line), problems, expected)
        if ordered is not None:
            return ordered
    positions: list[int] | None = None
    if re.fullmatch(f"(?: {{{indent}}}{_BULK_KEY}: (?:{_BULK_VALUE}) *+\n)++", block):
        # Every line an entry, so none can continue another, and each has exactly one ": ".
        parts = ("\n" + block).replace("\n" + " " * indent, "\n").replace(": ", "\n").split("\n")
        names, raws = parts[1:-1:2], parts[2:-1:2]
        rest = "\n" * len(names)
    else:
        # A line is an entry only if the next line that is not blank or a comment is not indented
        # deeper (which would make it a continuation of this one).
        pattern = re.compile(
            rf"\n {{{indent}}}({_BULK_KEY}): ({_BULK_VALUE}) *"
            rf"(?=(?:\n *(?:#[^\n]*)?)*?(?:\n {{0,{indent}}}(?![ \n#])|\Z))"
        )
        matches = list(pattern.finditer("\n" + block))
        if not matches:
            return None
        names, raws = (list(column) for column in zip(*(m.groups() for m in matches)))
        positions = [m.start() for m in matches]
        rest = pattern.sub("\n", "\n" + block)[1:]
        if _OPENER.search(rest) or re.search(rf"^ {{0,{indent - 1}}}[^ \n#]", rest, re.MULTILINE):
            return None
    parsed = _parse_around(path, text, key, (start, end, head_line), rest, problems)
    if parsed is None:
        return None
    data, lines = parsed
    others = data[key] if data[key] is not None else {}
    numbers = {raw: _bulk_number(raw.rstrip()) for raw in set(raws)}
    entries = dict(zip(names, map(numbers.__getitem__, raws)))
    if not isinstance(others, dict) or len(entries) < len(names) or not others.keys().isdisjoint(entries):
        return None
    if positions is None:
        entry_lines: dict[Hashable, int] = _ConsecutiveLines(entries, head_line + 1)
    else:
        entry_lines = {name: head_line + block.count("\n", 0, at) + 1 for name, at in zip(names, positions)}
    if others:
        located = sorted([*entry_lines.items(), *lines.pop(id(others)).items()], key=lambda kv: kv[1])
        entries = {str(name): entries[name] if name in entries else others[name] for name, _ in located}
        entry_lines = dict(located)
    data[key] = entries
    lines[id(entries)] = entry_lines
    return Document(path, data, lines)


def _parse_around(
    path: Path, text: str, key: str, where: tuple[int, int, int], rest: str, problems: list[Problem] | None
) -> tuple[dict[Any, Any], dict[int, dict[Hashable, int]]] | None:
    """The file parsed with block ``key`` (``where``: its start, end and heading's line) replaced by
    ``rest``; None unless that makes a mapping holding ``key`` at the heading's line."""
    start, end, head_line = where
    try:
        data, lines = parse(text[:start] + rest + text[end:], path, problems)
    except CxError:
        return None
    if not isinstance(data, dict) or lines[id(data)].get(key) != head_line:
        return None
    return data, lines


def _expected_entries(
    path: Path,
    text: str,
    key: str,
    where: tuple[int, int, int, int],
    problems: list[Problem] | None,
    expected: Expected,
) -> Document | None:
    """The file, when block ``key`` (``where``: start, end, indent, heading's line) is exactly the
    keys ``expected`` gives for the rest of the file, one plain entry a line; else None.

    The rest is parsed as the full match in :func:`fast_path` would parse it (the block's
    lines left blank), so the result is what that path gives, with :class:`Entries` for its dict.
    """
    start, end, indent, head_line = where
    block = text[start:end]
    found: list[Problem] | None = None if problems is None else []
    breaks = block.count("\n")
    parsed = _parse_around(path, text, key, (start, end, head_line), "\n" * breaks, found)
    if parsed is None:
        return None
    data, lines = parsed
    keys = expected(data) if data[key] is None else None
    values = None if keys is None or len(keys) != breaks else _in_order(block, indent, keys)
    if keys is None or values is None:
        return None
    entries = Entries(keys, values)
    data[key] = entries
    lines[id(entries)] = _ConsecutiveLines(entries, head_line + 1)
    if problems is not None and found:
        problems += found
    return Document(path, data, lines)


def _in_order(block: str, indent: int, keys: list[str]) -> list[int | float | str] | None:
    """The values of a block that is exactly ``keys`` in order, each ``indent`` spaces in, one
    ``key: value`` a line with a value the full match in :func:`fast_path` takes; else None.
    The block holds as many line breaks as there are keys (its caller has counted them).

    Why the checks below prove it: every ``": "`` and every line break of the block separates two
    of ``parts``, and no part holds either. As many of each as keys make 2n separators, so 2n + 1
    parts, the last empty (the block ends with a line break). A value (a digit, ``-`` or ``n``
    first) cannot begin a line of the block: every line after its first begins with a space or
    ``#`` or is blank (the block ends before any other line). So the separator before each value
    is a ``": "``, which makes all n of them, and the n line breaks are the separators after the
    values: the block is the lines ``key: value``, its keys those expected (a ``_BULK_KEY`` holds
    no ``": "``), each value one the full match takes.
    """
    count = len(keys)
    if not count or block.count(": ") != count or not block.endswith("\n"):
        return None
    indented = _indented(keys, indent)
    parts = block.replace(": ", "\n").split("\n")
    if indented is None or parts[0:-1:2] != indented:
        return None
    raws = parts[1:-1:2]
    distinct = set(raws)
    if not all(map(_PLAIN_VALUE.fullmatch, distinct)):
        return None
    numbers = {raw: _bulk_number(raw.rstrip()) for raw in distinct}
    return list(map(numbers.__getitem__, raws))


_last_indented: tuple[list[str], int, list[str] | None] | None = None
"""The keys last expected, their indent, and the lines' beginnings they make: hundreds of files
expect the one list of keys, and checking and indenting it is a fifth of reading one."""


def _indented(keys: list[str], indent: int) -> list[str] | None:
    """How the block's lines of ``keys`` begin; None if a key could mean more than text to YAML,
    or comes twice (the parser would keep one of them)."""
    global _last_indented
    if _last_indented is not None and _last_indented[0] is keys and _last_indented[1] == indent:
        return _last_indented[2]
    plain = len(set(keys)) == len(keys) and all(map(_PLAIN_KEY.fullmatch, keys))
    made = [" " * indent + k for k in keys] if plain else None
    _last_indented = (keys, indent, made)
    return made


class Entries(Mapping[str, int | float | str]):
    """A block read as the keys that were expected (the caller's own list) and their values, in file order.

    Equal as a mapping to the dict the parser would give; a dict of every key (a tenth of
    reading a cxcheck answers file) is made only when one is looked up by key.
    """

    __slots__ = ("_index", "keys_in_order", "values_in_order")

    def __init__(self, keys: list[str], values: list[int | float | str]) -> None:
        self.keys_in_order = keys
        self.values_in_order = values
        self._index: dict[str, int | float | str] | None = None

    def __getitem__(self, key: str) -> int | float | str:
        if self._index is None:
            self._index = dict(zip(self.keys_in_order, self.values_in_order))
        return self._index[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

    def __repr__(self) -> str:
        return f"Entries({dict(self)!r})"


class _ConsecutiveLines(dict[Hashable, int]):
    """The lines of entries written one a line from ``first`` on, worked out on the first look-up.

    Line numbers are only read to report a problem, and most files have none: a dict of a
    line per entry cost a sixth of reading a workshop's files (docs/performance.md).
    """

    def __init__(self, entries: Mapping[str, int | float | str], first: int) -> None:
        super().__init__()
        self._pending: tuple[Mapping[str, int | float | str], int] | None = (entries, first)

    def get(self, key: Hashable, default: int | None = None) -> int | None:  # type: ignore[override]
        if self._pending is not None:
            entries, first = self._pending
            self._pending = None
            self.update(zip(entries, range(first, first + len(entries))))
        return super().get(key, default)


def _bulk_number(raw: str) -> int | float | str:
    return raw if raw == "n/a" else float(raw) if "." in raw else int(raw)
