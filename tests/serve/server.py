"""``cxcheck collect`` run for real: a uvicorn process on 127.0.0.1, a free port, its printed links read back."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CLI_ENV, Cli

LINK = re.compile(r"^  (?P<name>.+?)(?: \((?P<role>[^)]*)\))? -> (?P<file>\S+): (?P<url>http://\S+)$")


@dataclass
class Running:
    """The server's address, each invited name's personal link, the progress view, and what it printed."""

    base: str
    links: dict[str, str]
    progress: str
    process: subprocess.Popen[str]
    printed: list[str]


JOURNEY = """\
journey:
  - name: Visit or call
    touchpoints:
      - {name: Hold line, channel: phone, owner: Bo}
      - {name: Greeting <b>at</b> the door, channel: in person}
  - name: Invoice and payment
    touchpoints:
      - {name: Invoice, channel: letter, owner: Ann}
"""
"""A journey of 3 touch points in 2 stages, one name with markup in it."""


def workshop(tmp_path: Path, *checklists: str, journey: str | None = None) -> Path:
    """A fresh workshop folder, as the consultant makes it; with ``journey``, one prepared from that workbook text."""
    folder = tmp_path / "acme"
    prepared: list[str | Path] = []
    if journey is not None:
        (tmp_path / "prepared.yaml").write_text(journey, encoding="utf-8")
        prepared = ["--journey", tmp_path / "prepared.yaml"]
    result = Cli()("workshop", "init", folder, *checklists, "--organisation", "Acme <b>Ltd</b>", *prepared)
    assert result.exit_code == 0, result.output
    return folder


@contextmanager
def collecting(folder: Path, invites: Sequence[str], *extra: str) -> Iterator[Running]:
    """``cxcheck collect FOLDER --invite ...`` on a free port until the block ends, then Ctrl-C: it must stop cleanly."""
    command = [sys.executable, "-m", "cxcheck", "collect", str(folder), "--port", "0", "--no-qr", *extra]
    for invite in invites:
        command += ["--invite", invite]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, **CLI_ENV}
    )
    assert process.stdout is not None
    printed: list[str] = []
    for line in process.stdout:
        printed.append(line.rstrip("\n"))
        if line.startswith("Press Ctrl-C"):
            break
    else:
        raise AssertionError("collect did not start:\n" + "\n".join(printed))
    base = re.search(r"at (http://127\.0\.0\.1:\d+)$", printed[0])
    assert base, printed
    links = {m["name"]: m["url"] for m in map(LINK.match, printed) if m}
    progress = next(line.split(": ", 1)[1] for line in printed if line.startswith("Progress"))
    running = Running(base.group(1), links, progress, process, printed)
    try:
        yield running
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=20)
        printed += rest.splitlines()
    assert process.returncode == 130, printed
    assert printed[-1].startswith("Stopped. The answers are in"), printed
