"""The collection's links and files without HTTP: invitations from workshop.yaml, tokens kept across starts."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cxcheck.core import workbook as workbooks
from cxcheck.core.workshop import parse_invite
from cxcheck.serve.invites import TOKENS
from cxcheck.serve.session import Refused, Session
from tests.conftest import Cli
from tests.serve.server import JOURNEY, workshop

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


def test_a_submission_rates_the_shared_touch_points_where_the_workshop_report_reads_them(
    tmp_path: Path, cli: Cli
) -> None:
    folder = workshop(tmp_path, "access", journey=JOURNEY)
    session = Session.open(folder, [parse_invite("Ann Lee:frontline"), parse_invite("Raj:leadership")], lambda: NOW)
    assert list(session.touches) == ["t1", "t2", "t3"]
    ann, raj = session.links.links
    session.submit(ann, [("rating:t1", "misery"), ("seen:t1", "waited 12 <b>minutes</b>"), ("rating:t3", "magic")])
    session.submit(raj, [("answer:access/contact-findable", "1"), ("rating:t1", "magic"), ("seen:t2", "no one")])
    book = workbooks.load_from(folder / "answers-ann-lee.yaml")
    assert [(s.name, p.name, p.channel, p.owner, p.rating, p.note) for s, p in book.touchpoints] == [
        ("Visit or call", "Hold line", "phone", "Bo", "misery", "waited 12 <b>minutes</b>"),
        ("Visit or call", "Greeting <b>at</b> the door", "in person", None, None, None),
        ("Invoice and payment", "Invoice", "letter", "Ann", "magic", None),
    ]
    assert session.rated(session.existing(ann)) == 2  # type: ignore[arg-type]
    session.submit(ann, [("rating:t3", "mediocrity")])  # sent again: the form is the truth for what it shows
    again = workbooks.load_from(folder / "answers-ann-lee.yaml")
    assert [(p.rating, p.note) for _, p in again.touchpoints] == [(None, None), (None, None), ("mediocrity", None)]
    session.submit(ann, [("rating:t1", "misery")])
    report = cli("report", folder, "-f", "json")
    assert report.exit_code == 0, report.output
    team = json.loads(report.stdout)["touchpoints"]
    hold = next(t for t in team["touchpoints"] if t["touchpoint"] == "Hold line")
    assert (hold["ratings"], hold["disagreement"]) == (["misery", "magic"], True)
    greeting = next(t for t in team["touchpoints"] if t["stage"] == "Visit or call" and t["touchpoint"] != "Hold line")
    assert greeting["said"] == [] and greeting["touchpoint"] == "Greeting <b>at</b> the door"


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ([("rating:t1", "awful")], 400, "'awful' is not one of the ratings the form offers"),
        ([("rating:t9", "magic")], 400, "a field this form does not have"),
        ([("rating:t1", "magic"), ("rating:t1", "misery")], 400, "names one touch point twice"),
        ([("seen:t1", "x" * 2001)], 413, "longer than the form allows"),
    ],
)
def test_a_touch_point_field_the_form_cannot_send_refuses_the_submission(
    tmp_path: Path, fields: list[tuple[str, str]], status: int, message: str
) -> None:
    folder = workshop(tmp_path, "access", journey=JOURNEY)
    session = Session.open(folder, [parse_invite("Ann Lee")], lambda: NOW)
    with pytest.raises(Refused) as refused:
        session.submit(session.links.links[0], fields)
    assert refused.value.status == status and message in refused.value.message
    assert not (folder / "answers-ann-lee.yaml").exists()


def test_without_a_journey_a_rating_field_is_refused(tmp_path: Path) -> None:
    session = Session.open(workshop(tmp_path, "access"), [parse_invite("Ann Lee")], lambda: NOW)
    with pytest.raises(Refused, match="a field this form does not have"):
        session.submit(session.links.links[0], [("rating:t1", "magic")])


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


def test_a_participant_file_that_is_a_link_is_refused_without_a_crash(tmp_path: Path) -> None:
    from cxcheck.serve.session import Refused

    folder = workshop(tmp_path, "access")
    session = Session.open(folder, [parse_invite("Ann Lee:frontline")], lambda: NOW)
    (tmp_path / "elsewhere.yaml").write_text("kept\n")
    (folder / "answers-ann-lee.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(Refused) as refused:
        session.submit(session.links.links[0], [("answer:access/contact-findable", "1")])
    assert refused.value.status == 409 and "needs their attention first" in refused.value.message
    assert (tmp_path / "elsewhere.yaml").read_text() == "kept\n"
    assert (folder / "answers-ann-lee.yaml").is_symlink()


def test_the_tokens_file_is_private_before_it_takes_its_place(tmp_path: Path, modes_at_replace: list[int]) -> None:
    folder = workshop(tmp_path, "access")
    Session.open(folder, [parse_invite("Ann Lee:frontline")], lambda: NOW)
    (folder / TOKENS).chmod(0o644)
    modes_at_replace.clear()  # the first session's own writes
    Session.open(folder, [parse_invite("Ann Lee:frontline"), parse_invite("Bo Chen:manager")], lambda: NOW)
    seen = modes_at_replace
    assert seen == [0o600] and (folder / TOKENS).stat().st_mode & 0o777 == 0o600


def test_a_lock_planted_as_a_link_in_the_folder_is_neither_written_through_nor_removed(tmp_path: Path) -> None:
    folder = workshop(tmp_path, "access")
    session = Session.open(folder, [parse_invite("Ann Lee:frontline")], lambda: NOW)
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    (folder / "answers-ann-lee.yaml.lock").symlink_to(victim)
    with pytest.raises(Refused) as refused:
        session.submit(session.links.links[0], [("answer:access/contact-findable", "1")])
    assert refused.value.status == 409
    assert victim.read_text() == "mine\n" and (folder / "answers-ann-lee.yaml.lock").is_symlink()
    assert not (folder / "answers-ann-lee.yaml").exists()


def test_the_shared_touch_points_are_built_once_not_per_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cxcheck.serve import session as sessions

    folder = workshop(tmp_path, "access", journey=JOURNEY)
    session = Session.open(folder, [parse_invite("Ann Lee:frontline")], lambda: NOW)
    built: list[object] = []
    real = sessions.touch_fields
    monkeypatch.setattr(sessions, "touch_fields", lambda journey: built.append(journey) or real(journey))
    assert len(session.touches) == 3
    for _ in range(3):
        session.submit(session.links.links[0], [("rating:t1", "misery"), ("seen:t2", "no one"), ("rating:t3", "magic")])
    assert len(built) <= 1


def test_a_problem_while_writing_says_what_it_is_not_that_the_file_needs_attention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxcheck.errors import CxError
    from cxcheck.serve import session as sessions

    folder = workshop(tmp_path, "access")
    session = Session.open(folder, [parse_invite("Ann Lee:frontline")], lambda: NOW)

    def broken(*args: object) -> str:
        raise CxError("the answers could not be written out: a bug to report")

    monkeypatch.setattr(sessions.answers, "to_yaml", broken)
    with pytest.raises(CxError, match="a bug to report") as raised:
        session.submit(session.links.links[0], [("answer:access/contact-findable", "1")])
    assert not isinstance(raised.value, Refused)
    assert not (folder / "answers-ann-lee.yaml.lock").exists()


def test_a_shared_touch_point_spaced_otherwise_on_the_map_is_rated_not_added_again(tmp_path: Path) -> None:
    folder = workshop(tmp_path, "access", journey=JOURNEY)
    session = Session.open(folder, [parse_invite("Ann Lee:frontline")], lambda: NOW)
    ann = session.links.links[0]
    session.submit(ann, [("rating:t1", "misery")])
    path = folder / "answers-ann-lee.yaml"
    path.write_text(path.read_text().replace("Hold line", "Hold  line"))
    session.submit(ann, [("rating:t1", "magic")])
    book = workbooks.load_from(path)
    assert [(p.name, p.rating) for _, p in book.touchpoints if "line" in p.name] == [("Hold  line", "magic")]
