"""A real terminal for tests: an interactive shell in tmux, typed into and read back as a person would.

Each :class:`Screen` is a shell in a detached session of its own tmux server (``-L``), so tests
never touch a user's sessions or each other's. Commands are typed at the shell's prompt, so
a test can paste a command the program printed exactly as a person would.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

PROMPT = "$ "


class Screen:
    """An interactive ``bash`` in a tmux pane of ``width`` x 30 characters."""

    def __init__(self, cwd: Path, env: dict[str, str], width: int = 100) -> None:
        self.server = f"cxcheck-test-{uuid.uuid4().hex[:8]}"
        environment = [f"{key}={value}" for key, value in env.items()]
        self._tmux(
            "new-session", "-d", "-x", str(width), "-y", "30", "-c", str(cwd),
            "env", "-i", *environment, "PS1=" + PROMPT, "bash", "--norc", "--noprofile", "-i",
        )  # fmt: skip

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.server, *args], capture_output=True, text=True, check=True).stdout

    def text(self) -> str:
        """Everything the pane shows and has scrolled past, wrapped lines joined as they were written."""
        return self._tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "0")

    def wait_for(self, expected: str, after: int = 0, timeout: float = 60) -> str:
        """The pane's text once ``expected`` appears past offset ``after``; fails showing the screen if not."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text()
            if expected in shown[after:]:
                return shown
            if time.monotonic() > deadline:
                pytest.fail(f"{expected!r} did not appear within {timeout} s; the screen:\n{shown}")
            time.sleep(0.05)

    def type(self, line: str) -> int:
        """Type ``line`` literally and press Enter; returns the offset of the text typed so far."""
        offset = len(self.text())
        self._tmux("send-keys", "-t", "0", "-l", line)
        self._tmux("send-keys", "-t", "0", "Enter")
        return offset

    def send(self, text: str) -> None:
        """Type ``text`` literally without pressing Enter: a line still being typed."""
        self._tmux("send-keys", "-t", "0", "-l", text)

    def press(self, key: str) -> int:
        """Press one key by its tmux name (``C-c`` for Ctrl-C); returns the offset of the text so far."""
        offset = len(self.text())
        self._tmux("send-keys", "-t", "0", key)
        return offset

    def kill_program(self) -> int:
        """``kill -9`` the program the shell runs in the foreground (by its id, nothing else); the offset so far."""
        shell = int(self._tmux("display-message", "-p", "-t", "0", "#{pane_pid}"))
        children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        assert len(children) == 1, f"expected one program under the shell, found {children}"
        offset = len(self.text())
        os.kill(int(children[0]), signal.SIGKILL)
        return offset

    def exit_code(self, after: int = 0, timeout: float = 60) -> int:
        """The exit code of the command last run at the prompt."""
        self.type('echo "exit=$?"')
        found = re.findall(r"^exit=(\d+)$", self.wait_for("\nexit=", after, timeout)[after:], re.MULTILINE)
        return int(found[-1])

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.server, "kill-server"], capture_output=True)


@contextmanager
def screen(cwd: Path, env: dict[str, str], width: int = 100) -> Iterator[Screen]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is not installed: scripts/install-test-deps installs it")
    shown = Screen(cwd, env, width)
    try:
        shown.wait_for(PROMPT)
        yield shown
    finally:
        shown.close()
