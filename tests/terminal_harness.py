"""Drive the real ``cxcheck`` in a pseudo-terminal: for the terminal tests and the benchmarks.

``keypress_latency()`` is what ``benchmarks/run.py`` calls to report how fast the
walk-through answers a key press (target: under 50 ms). From the repository root::

    from tests.terminal_harness import keypress_latency
    seconds = keypress_latency(samples=30)   # one figure per key press; report the median
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pexpect

CHECKLIST_ID = "pty"
FIXED_NOW = "2024-05-01T10:00:00+00:00"


def write_checklist(directory: Path, items: int = 5, per_section: int = 3) -> Path:
    """A checklist ``pty`` with ``items`` numbered items; the last one is yes/no."""
    body = [
        f"id: {CHECKLIST_ID}",
        "title: Terminal checklist",
        'version: "1.0"',
        "description: Items for driving the walk-through in a terminal.",
        "sections:",
    ]
    for number in range(1, items + 1):
        if (number - 1) % per_section == 0:
            section = (number - 1) // per_section + 1
            body += [f"  - id: s{section}", f"    title: Section {section}", "    items:"]
        body += textwrap.indent(
            textwrap.dedent(
                f"""\
                - id: item-{number}
                  question: Question {number}, how often?
                  help: Help for item {number}.
                  action: Act on item {number}.
                  source: 001_1c575d8905d84cba.txt
                """
            ),
            "      ",
        ).splitlines()
        if number == items:
            body.append("        scale: yes-no")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{CHECKLIST_ID}.yaml"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path


def environment(now: str = FIXED_NOW) -> dict[str, str]:
    """The real environment, made deterministic: no extra checklists, a fixed clock, plain colours."""
    return {**os.environ, "CXCHECK_PATH": "", "CXCHECK_NOW": now, "TERM": "xterm-256color", "NO_COLOR": "1"}


def spawn(args: list[str], cwd: Path, now: str = FIXED_NOW, timeout: float = 20) -> pexpect.spawn:
    """``cxcheck ARGS`` run as a user would, attached to a 100x40 pseudo-terminal."""
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cxcheck", *args],
        cwd=str(cwd),
        env=environment(now),
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=timeout,
    )
    child.delaybeforesend = None  # pexpect's default 50 ms pause would hide the latency we measure
    return child


def keypress_latency(samples: int = 30, items: int = 100) -> list[float]:
    """Seconds from sending an answer to the next item's screen arriving, once per answer.

    The walk alternates between the first two items (answer, then ``b``), changing the answer
    every time, so each timed key press costs what a real one does: one atomic, fsynced save
    of a file whose other items are already answered, and one redraw. Only answers are timed.
    """
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_checklist(work / "checklists", items=items, per_section=items)
        prefill = [f"--set={CHECKLIST_ID}/item-{n}=1" for n in range(3, items + 1)]
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cxcheck",
                "assess",
                "--answers",
                "answers.yaml",
                "--respondent",
                "Bench",
                "--organisation",
                "Bench",
                "--checklists",
                "checklists",
                *prefill,
            ],
            cwd=work,
            env=environment(),
            check=True,
            capture_output=True,
        )
        child = spawn(["assess", "-o", "answers.yaml", "--checklists", "checklists"], work)
        try:
            child.expect_exact(f"Item 1 of {items}")
            child.expect_exact("> ")
            timings = []
            for sample in range(samples):
                start = time.perf_counter()
                child.sendline(str(3 + sample % 2))
                child.expect_exact(f"Item 2 of {items}")
                child.expect_exact("> ")
                timings.append(time.perf_counter() - start)
                child.sendline("b")
                child.expect_exact(f"Item 1 of {items}")
                child.expect_exact("> ")
            return timings
        finally:
            child.terminate(force=True)


if __name__ == "__main__":
    figures = sorted(keypress_latency())
    print(f"key press to next screen: median {figures[len(figures) // 2] * 1000:.1f} ms over {len(figures)}")


def interrupt(child: pexpect.spawn, saved_in: str, command: str) -> str:
    """Ctrl-C at a prompt: the program says where the answers are saved and exits 130.

    Returns the command it printed to carry on (this interpreter with ``-m cxcheck``, as it was
    started), for the test to run next.
    """
    child.sendintr()
    child.expect_exact(f"Interrupted. Your answers so far are saved in {saved_in}.")
    child.expect_exact("To carry on where you left off, run:")
    child.expect(rf"  ({re.escape(sys.executable)} -m cxcheck {command} [^\r\n\x1b]+)")
    resume: str = child.match.group(1)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    return resume
