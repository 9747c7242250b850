"""The README's first command as a newcomer meets it: ``make assess`` in a real terminal, stopped and resumed."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from cxcheck.core.catalog import discover
from tests.tmux import screen

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",  # the project's virtual environment is not on it
    "HOME": os.environ.get("HOME", "/root"),
    "TERM": "xterm-256color",
    "NO_COLOR": "1",
    "CXCHECK_PATH": "",
    "CXCHECK_NOW": "2026-12-02T10:00:00+00:00",
}
ENV.update({k: v for k, v in os.environ.items() if k.startswith("PYENV") or k in ("SSL_CERT_FILE", "SSL_CERT_DIR")})
"""make may reinstall the project (when pyproject.toml changed): the interpreter and the machine's certificates."""
TOTAL = sum(len(entry.checklist.items) for entry in discover([]))
"""Every bundled item: the walk counts them all."""


@pytest.mark.terminal
def test_make_assess_stops_prints_a_working_resume_command_and_a_second_run_resumes(tmp_path: Path) -> None:
    if not (ROOT / ".venv" / ".synced-run").exists():
        pytest.fail("run `make test` first: it installs the project's environment this test uses")
    with screen(tmp_path, ENV) as shown:
        shown.type(f"make --no-print-directory -f {ROOT / 'Makefile'} assess")
        shown.wait_for("Organisation assessed: ")
        shown.type("Acme Ltd")
        shown.wait_for("Your name: ")
        shown.type("Sam")
        shown.wait_for(f"Item 1 of {TOTAL}")
        at = shown.type("3")
        shown.wait_for(f"Item 2 of {TOTAL}", at)
        at = shown.type("4")
        shown.wait_for(f"Item 3 of {TOTAL}", at)
        at = shown.type("q")
        text = shown.wait_for("To carry on where you left off, run:", at)
        assert shown.exit_code(at) == 0
        resume = re.search(r"To carry on where you left off, run:\n\s+(.+)\n", text[at:])
        assert resume is not None, text
        command = resume.group(1).strip()
        assert command == f"{ROOT}/.venv/bin/cxcheck assess -o answers-acme-ltd-2026-12-02.yaml"

        at = shown.type(command)  # pasted as printed, into a shell without the venv on PATH
        shown.wait_for(f"Resuming: 2 of {TOTAL} items answered", at)
        shown.wait_for(f"Item 3 of {TOTAL}", at)
        at = shown.type("q")
        shown.wait_for("To carry on where you left off, run:", at)

        at = shown.type(f"make --no-print-directory -f {ROOT / 'Makefile'} assess")  # a second make assess
        shown.wait_for("make: resuming answers-acme-ltd-2026-12-02.yaml", at)
        text = shown.wait_for(f"Item 3 of {TOTAL}", at)
        assert "Organisation assessed" not in text[at:] and "Your name" not in text[at:]
        at = shown.type("q")
        shown.wait_for("To carry on where you left off, run:", at)
    saved = (tmp_path / "answers-acme-ltd-2026-12-02.yaml").read_text(encoding="utf-8")
    assert "respondent: Sam\n" in saved and "organisation: Acme Ltd\n" in saved
    assert len(re.findall(r"^  [a-z-]+/[a-z-]+: \d$", saved, re.MULTILINE)) == 2
