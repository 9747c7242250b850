"""Answers files read fast: thousands of ``checklist/item: 3`` entries without the YAML parser.

An answers file can hold tens of thousands of such lines, and a workshop reads hundreds of
files. :func:`load` takes the simple entries of one top-level block out with a regular
expression, where the result is provably what the safe loader (:mod:`cxcheck.io.yamlsafe`)
would give, and hands everything else to that loader; anything unusual in the file sends the
whole file there. ``tests/io/test_bulk.py`` checks that the two agree on generated files.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from pathlib import Path

from cxcheck.errors import CxError, Problem
from cxcheck.io.yamlsafe import Document, document, parse, read_text


def load(path: Path, key: str, problems: list[Problem] | None = None) -> Document:
    """The file as :func:`cxcheck.io.yamlsafe.load` reads it, with block ``key`` read the fast way where that is safe.

    ``problems`` collects what the parser can read past (see :func:`cxcheck.io.yamlsafe.parse`).
    """
    text = read_text(path)
    found: list[Problem] | None = None if problems is None else []
    fast = fast_path(path, text, key, found)
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
_OPENER = re.compile(r"(?:^ *|[:?-] +|[,\[{] *)[\"'\[{&!*|>]", re.MULTILINE)
"""A quote, bracket, anchor, tag, alias or block scalar where a value starts: something that
could span lines or refer elsewhere (a quote inside plain text, as in "it's", cannot)."""
_BLOCK_END = re.compile(r"\n[^ \n#]")
_FIRST_CONTENT = re.compile(r"^( +)([^ \n#])", re.MULTILINE)
_FLOW_ROOT = re.compile(r"\A(?:[ ]*(?:#[^\n]*)?\n|%[^\n]*\n)*(?:---)?[ \n]*[\[{!&]")


def fast_path(path: Path, text: str, key: str, problems: list[Problem] | None = None) -> Document | None:
    """The file read with the simple entries of top-level block ``key`` taken by a regular expression.

    Lines of the form ``  checklist/item: 3`` (or ``n/a``) directly under ``key:`` are
    taken out (left blank, so line numbers stay) and the rest of the file goes through
    the YAML parser. The shortcut is taken only when nothing could make such a line mean
    something else: no quote or bracket in the block's other lines that could span lines,
    no deeper continuation line, a block-style document, and a parse that puts ``key`` at
    the line found. Otherwise, or on any error, None: the caller parses the whole file.
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
    try:
        data, lines = parse(text[:start] + rest + text[end:], path, problems)
    except CxError:
        return None
    head_line = text.count("\n", 0, head.start()) + 1
    if not isinstance(data, dict) or lines[id(data)].get(key) != head_line:
        return None
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


class _ConsecutiveLines(dict[Hashable, int]):
    """The lines of entries written one a line from ``first`` on, worked out on the first look-up.

    Line numbers are only read to report a problem, and most files have none: a dict of a
    line per entry cost a sixth of reading a workshop's files (docs/performance.md).
    """

    def __init__(self, entries: dict[str, int | float | str], first: int) -> None:
        super().__init__()
        self._pending: tuple[dict[str, int | float | str], int] | None = (entries, first)

    def get(self, key: Hashable, default: int | None = None) -> int | None:  # type: ignore[override]
        if self._pending is not None:
            entries, first = self._pending
            self._pending = None
            self.update(zip(entries, range(first, first + len(entries))))
        return super().get(key, default)


def _bulk_number(raw: str) -> int | float | str:
    return raw if raw == "n/a" else float(raw) if "." in raw else int(raw)
