"""The output side of hostile text: whatever reaches a console or a stream shows its control characters.

The loaders refuse control characters in files, but text reaches the terminal by other ways
too (file names, a person's typing, a future loader): the console and the guarded streams
must still show ``\\x1b`` rather than obey it, and keep our own styling.
"""

from __future__ import annotations

import io
import re
import sys

import pytest
from rich.text import Text

from cxcheck.terminal.console import console, harmless_output, visible

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
HOSTILE = "Sam\x1b]0;pwned\x07\x1b[2J\x9b\x00"


def test_visible_shows_every_control_but_tab_and_newline() -> None:
    assert visible(HOSTILE + "\ta\nb") == "Sam\\x1b]0;pwned\\x07\\x1b[2J\\x9b\\x00\ta\nb"


@pytest.mark.parametrize("renderable", [HOSTILE, Text(HOSTILE)])
def test_a_rich_console_shows_controls_and_keeps_its_own_styling(
    renderable: str | Text, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = console()
    out.print(renderable, style="bold")
    written = stream.getvalue()
    assert "Sam\\x1b]0;pwned" in written and "\\x1b[2J\\x9b\\x00" in written  # (rich drops BEL itself)
    assert not RAW.search(written.replace("\x1b[1m", "").replace("\x1b[0m", ""))
    assert "\x1b[1m" in written  # our own styling still reaches the terminal


def test_a_guarded_stream_shows_controls(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    with harmless_output():
        print(HOSTILE, file=sys.stderr)
    assert stream.getvalue() == visible(HOSTILE) + "\n"
