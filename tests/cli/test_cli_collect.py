"""``cxcheck collect``'s refusals before it listens: each one line, exit 2, nothing served."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.serve.server import workshop


def test_without_the_collect_extra_one_line_names_the_install(cli: Cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if not installed: import raises ImportError
    result = cli("collect", workshop(tmp_path, "access"), "--invite", "Ann")
    assert result.exit_code == 2
    assert result.stderr.strip() == "cxcheck collect needs the collect extra: pip install 'cxcheck[collect]'"


@pytest.mark.parametrize(
    ("invites", "says"),
    [
        ([], "nobody is invited"),
        (["Ann Lee", "ann-lee:frontline"], "would share the answers file answers-ann-lee.yaml"),
        (["...:frontline"], "needs a letter or a digit"),
        (["Ann\x1b[2J:frontline"], "--invite Ann\\x1b[2J:frontline: control character U+001B in the text typed"),
        (["Ann\tLee:frontline"], "must not hold control characters"),  # a name is one line: no tab either
    ],
)
def test_invitations_that_would_mix_up_answers_are_refused(cli: Cli, tmp_path: Path, invites, says) -> None:
    folder = workshop(tmp_path, "access")
    result = cli("collect", folder, *[a for i in invites for a in ("--invite", i)])
    assert result.exit_code == 2 and says in result.stderr, result.output
    assert "\x1b" not in result.stderr


def test_a_folder_that_is_no_workshop_or_holds_someone_elses_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    result = cli("collect", tmp_path, "--invite", "Ann")
    assert result.exit_code == 2 and "not a workshop folder" in result.stderr
    folder = workshop(tmp_path, "access")
    made = cli("assess", "--checklists", folder / "checklists", "--organisation", "Acme", "--respondent",
               "Bo", "--set", "access/contact-findable=1", "--answers", folder / "answers-ann.yaml")  # fmt: skip
    assert made.exit_code == 0, made.output
    result = cli("collect", folder, "--invite", "Ann")
    assert result.exit_code == 2 and "holds the answers of 'Bo', not of the invited 'Ann'" in result.stderr
