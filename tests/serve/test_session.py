"""The collection's links and files without HTTP: invitations from workshop.yaml, tokens kept across starts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cxcheck.core.workshop import parse_invite
from cxcheck.serve.invites import TOKENS
from cxcheck.serve.session import Session
from tests.serve.server import workshop

NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=dt.UTC)


def test_invitations_come_from_workshop_yaml_and_the_command_and_keep_their_tokens(tmp_path: Path) -> None:
    folder = workshop(tmp_path, "access")
    config = folder / "workshop.yaml"
    config.write_text(config.read_text() + "invites:\n  - {name: Ann Lee, role: frontline}\n", encoding="utf-8")
    first = Session.open(folder, [parse_invite("Raj:leadership")], lambda: NOW)
    assert [(link.invitee.name, link.invitee.role) for link in first.links.links] == [
        ("Ann Lee", "frontline"),
        ("Raj", "leadership"),
    ]
    assert (folder / TOKENS).stat().st_mode & 0o777 == 0o600
    again = Session.open(folder, [parse_invite("Raj:leadership")], lambda: NOW)
    assert [link.token for link in again.links.links] == [link.token for link in first.links.links]
    assert again.links.consultant == first.links.consultant
    ann = again.links.find(first.links.links[0].token)
    assert ann is not None and again.links.find("x" * 32) is None and not again.links.is_consultant(ann.token)
    written = again.submit(ann, [("answer:access/contact-findable", "1")])
    assert written.respondent == "Ann Lee" and (folder / "answers-ann-lee.yaml").exists()
    assert [row.answered for row in again.progress()] == [1, 0]


def test_a_submission_waits_for_no_terminal_session_on_the_same_file(tmp_path: Path) -> None:
    """``cxcheck assess -o answers-ann-lee.yaml`` in the folder and the form would each write the
    file from what they had read: the server takes the same lock, and refuses while it is held."""
    import pytest

    from cxcheck.io import lock
    from cxcheck.serve.session import Refused

    folder = workshop(tmp_path, "access")
    session = Session.open(folder, [parse_invite("Ann Lee:frontline")], lambda: NOW)
    ann = session.links.links[0]
    path = folder / "answers-ann-lee.yaml"
    with lock.locked(path), pytest.raises(Refused) as refused:
        session.submit(ann, [("answer:access/contact-findable", "1")])
    assert refused.value.status == 409 and "open in a cxcheck session" in refused.value.message
    assert not path.exists()
    session.submit(ann, [("answer:access/contact-findable", "1")])
    assert path.exists() and not lock.lock_path(path).exists()
