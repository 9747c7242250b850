"""The real program in a real pseudo-terminal, and an answers file that survives ``kill -9``."""

from __future__ import annotations

import datetime as dt
import random
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

from cxcheck.core import answers
from cxcheck.core.catalog import discover
from cxcheck.model import Answer, AnswerSet
from tests.terminal_harness import CHECKLIST_ID, environment, interrupt, spawn, write_checklist

REPO = Path(__file__).resolve().parents[2]
BEFORE_CTRL_C = """\
  pty/item-1: 3
  pty/item-2: 4
  pty/item-3:
    value: 0
    note: Only on Mondays
"""
AFTER_RESUMING = """\
  pty/item-4:
    value: n/a
    reason: No shop
  pty/item-5: 1
"""


def answers_file(updated: str, answers_text: str) -> str:
    """The exact file: fixed header and clock, then the answers given so far."""
    return (
        "format_version: 1\nrespondent: Ann\norganisation: Acme Ltd\ndate: 2024-05-01\n"
        f"started: 2024-05-01 10:00:00+00:00\nupdated: 2024-05-01 {updated}+00:00\n"
        f"checklists:\n  pty: '1.0'\nanswers:\n{answers_text}"
    )


def expect_styled(child: pexpect.spawn, *parts: str) -> None:
    """Wait for ``parts`` shown one after another, whatever styles (bold, dim) sit between them."""
    child.expect(r"(?:\x1b\[[0-9;]*m)*".join(re.escape(part) for part in parts))


def at_item(child: pexpect.spawn, number: int, then: str) -> None:
    """Wait for item ``number``'s screen and its prompt, then type ``then`` and Enter."""
    child.expect_exact(f"Item {number} of 5")
    child.expect_exact("> ")
    child.sendline(then)


@pytest.mark.terminal
def test_a_session_at_a_terminal_survives_ctrl_c_and_resumes_where_it_stopped(tmp_path: Path) -> None:
    write_checklist(tmp_path / "checklists")
    child = spawn(
        [
            "assess",
            CHECKLIST_ID,
            "-o",
            "answers.yaml",
            "--respondent",
            "Ann",
            "--organisation",
            "Acme Ltd",
            "--date",
            "2024-05-01",
            "--checklists",
            "checklists",
        ],
        tmp_path,
    )
    child.expect_exact("Item 1 of 5")
    child.expect_exact("Answers are saved to answers.yaml after every answer.")
    child.expect_exact("> ")
    child.sendline("3")
    at_item(child, 2, "1")
    at_item(child, 3, "b")
    child.expect_exact("Item 2 of 5")
    expect_styled(child, "Recorded: ", "[1] Rarely")
    child.expect_exact("> ")
    child.sendline("4")
    at_item(child, 3, "c")
    child.expect_exact("Note (an empty note removes it) > ")
    child.sendline("Only on Mondays")
    child.expect_exact("Item 3 of 5")
    child.expect_exact("Note kept; it is saved with your answer to this item.")
    child.expect_exact("> ")
    child.sendline("0")
    child.expect_exact("Item 4 of 5")
    expect_styled(child, "End of ", "Section 1", ": 58.3/100, mediocrity (3 answered)")
    child.expect_exact("> ")
    resume = interrupt(child, "answers.yaml", "assess")
    assert resume == f"{sys.executable} -m cxcheck assess pty -o answers.yaml --checklists checklists"
    assert (tmp_path / "answers.yaml").read_text() == answers_file("10:00:00", BEFORE_CTRL_C)
    assert not (tmp_path / "answers.yaml.lock").exists()

    child = spawn(shlex.split(resume)[3:], tmp_path, now="2024-05-01T11:00:00+00:00")
    child.expect_exact("Item 4 of 5")
    child.expect_exact("Resuming: 3 of 5 items answered; here is the first unanswered one.")
    child.expect_exact("> ")
    child.sendline("n")
    child.expect_exact("Why does it not apply? (a few words; Enter to leave out) > ")
    child.sendline("No shop")
    at_item(child, 5, "1")
    child.expect_exact("Assessment complete.")
    child.expect_exact(f"{sys.executable} -m cxcheck report answers.yaml -o report.html --checklists checklists")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (tmp_path / "answers.yaml").read_text() == answers_file("11:00:00", BEFORE_CTRL_C + AFTER_RESUMING)


def versions() -> list[AnswerSet]:
    """Two large answer sets that differ everywhere, so a torn write could not pass for either."""
    return [
        AnswerSet(
            "Ann",
            "Acme",
            dt.date(2024, 5, 1),
            answers={f"{CHECKLIST_ID}/item-{n}": Answer(value, note=mark * 20000) for n in range(1, 5)},
        )
        for value, mark in ((0, "a"), (1, "b"))
    ]


def save_forever(path: str) -> None:
    """Run in a child process: save the two versions in turn until killed."""
    sets = versions()
    answers.save(sets[0], Path(path))
    print("ready", flush=True)
    while True:
        for answer_set in sets:
            answers.save(answer_set, Path(path))


def test_kill_9_during_saves_leaves_a_whole_answers_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCHECK_PATH", "")
    catalog = discover([write_checklist(tmp_path / "checklists").parent])
    path = tmp_path / "answers.yaml"
    whole = {answers.to_yaml(s) for s in versions()}
    chance = random.Random(7)
    for _ in range(8):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"from tests.terminal.test_assess_terminal import save_forever; save_forever({str(path)!r})",
            ],
            cwd=REPO,
            env=environment(),
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(chance.uniform(0, 0.05))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert path.read_text() in whole
        loaded = answers.load(path, catalog)
        assert len(loaded.answers) == 4
