"""Agreeing on one set of answers: what is taken over, the agenda, and the walk through the CLI."""

from __future__ import annotations

import datetime as dt
import shlex
import sys
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pexpect
import pytest

from cxcheck.core import answers, scoring
from cxcheck.core.aggregate import aggregate
from cxcheck.core.catalog import discover
from cxcheck.core.consensus import Agreement, agenda, start, taken_over, unanimous, with_their_words
from cxcheck.errors import CxError
from cxcheck.model import Answer
from tests.cli.test_cli_assess import fake_input
from tests.conftest import Cli
from tests.terminal_harness import interrupt, spawn
from tests.workshop_data import answer_sets, demo_workshop, write_answers

NOW = {"CXCHECK_NOW": "2024-05-02T09:00:00+00:00"}
MOMENT = dt.datetime(2024, 5, 2, 9, tzinfo=dt.UTC)

HEADER = textwrap.dedent(
    """\
    format_version: 1
    respondent: consensus
    organisation: Acme Ltd
    date: 2024-05-02
    participants:
    - Ann
    - Bob
    - Cy
    started: 2024-05-02 09:00:00+00:00
    updated: 2024-05-02 09:00:00+00:00
    checklists:
      demo: '1.0'
    answers:
    """
)
OFTEN = "  demo/often:\n    value: 2\n    note: we listen when it is quiet\n"
TAKEN_OVER = "  demo/yes-no:\n    value: 1\n    note: 'Cy: on the contact page'\n"
LIGHT = "  demo/light:\n    value: n/a\n    note: 'Ann: on quiet days'\n    reason: nobody decides\n"
AGREED = OFTEN + TAKEN_OVER + LIGHT


@pytest.fixture
def room(tmp_path: Path) -> Path:
    """Ann leads, Bob and Cy are front line; all three say the number is on the website."""
    folder = tmp_path / "room"
    folder.mkdir()
    write_answers(
        folder, "Ann", "leadership", {"often": 4, "yes-no": 1, "light": {"value": 2, "note": "on quiet days"}}
    )
    write_answers(folder, "Bob", "frontline", {"often": 0, "yes-no": 1, "light": 1})
    write_answers(
        folder, "Cy", "frontline", {"often": 2, "yes-no": {"value": 1, "note": "on the contact page"}, "light": "n/a"}
    )
    return folder


@pytest.fixture
def workshop(room: Path, demo_dir: Path):
    return demo_workshop(room, demo_dir)


@pytest.fixture
def agree(cli: Cli, room: Path, demo_dir: Path) -> Callable[..., object]:
    def run(*args: str | Path, input: str | None = None):
        return cli("consensus", room, "--checklists", demo_dir, *args, input=input, env=NOW)

    return run


# -- the core ---------------------------------------------------------------------------------


def test_unanimous_takes_the_shared_answer_with_everyones_words(workshop) -> None:
    often, yes_no, light = workshop.items
    labels = ["Ann", "Bob", "Cy"]
    assert unanimous(yes_no, labels) == Answer(1.0, "Cy: on the contact page")
    assert unanimous(often, labels) is None
    assert unanimous(light, labels) is None  # n/a is an answer of its own


def test_all_n_a_is_unanimous_and_one_missing_answer_is_not(workshop) -> None:
    light = workshop.items[2]
    from dataclasses import replace

    all_na = replace(light, answers=(Answer(None, reason="shut"), Answer(None), Answer(None, reason="closed")))
    assert unanimous(all_na, ["A", "B", "C"]) == Answer(None, None, "A: shut; C: closed")
    missing = replace(light, answers=(Answer(2), None, Answer(2)))
    assert unanimous(missing, ["A", "B", "C"]) is None


def test_agenda_puts_disagreements_first_then_the_rest_by_spread(workshop, room: Path, demo_dir: Path) -> None:
    assert [v.full_id for v in agenda(workshop)] == ["demo/often", "demo/light"]
    catalog, sets = answer_sets(room, demo_dir)
    sets = [replace(s, answers={k: a for k, a in s.answers.items() if k != "demo/often"}) for s in sets]
    lenient = aggregate([catalog.get("demo")], sets, threshold=20)
    assert [v.full_id for v in agenda(lenient)] == ["demo/light", "demo/often"]  # nobody answered often: last


def test_start_takes_over_what_everyone_agreed(workshop) -> None:
    agreed, taken = start(workshop, None, MOMENT)
    assert taken == 1
    assert (agreed.respondent, agreed.organisation, agreed.date) == ("consensus", "Acme Ltd", MOMENT.date())
    assert agreed.participants == ["Ann", "Bob", "Cy"] and agreed.checklists == {"demo": "1.0"}
    assert agreed.answers == {"demo/yes-no": Answer(1.0, "Cy: on the contact page")}


def test_resuming_keeps_what_was_agreed_and_checks_who_agreed(workshop) -> None:
    agreed, _ = start(workshop, None, MOMENT)
    changed = agreed.with_answer("demo/yes-no", Answer(0.0, "we checked: it is not"), MOMENT)
    resumed, taken = start(workshop, changed, MOMENT)
    assert taken == 0 and resumed.answers["demo/yes-no"] == Answer(0.0, "we checked: it is not")
    assert taken_over(workshop, start(workshop, agreed, MOMENT)[0]) == 1  # taken over by the first run: still counted
    assert taken_over(workshop, resumed) == 0  # the group changed it: no longer as everyone answered
    from dataclasses import replace

    with pytest.raises(CxError, match="this file was agreed by Ann, Bob, not by Ann, Bob, Cy"):
        start(workshop, replace(agreed, participants=["Ann", "Bob"]), MOMENT)
    with pytest.raises(CxError, match="this is Ann's answers file, not an agreed one"):
        start(workshop, workshop.respondents[0].answer_set, MOMENT)


def test_agreement_walks_the_agenda_with_the_interview_keys(workshop) -> None:
    agreed, _ = start(workshop, None, MOMENT)
    walk = Agreement(agenda(workshop), agreed, lambda: MOMENT, ["Ann", "Bob", "Cy"])
    assert [s.full_id for s in walk.steps] == ["demo/often", "demo/light"]
    assert walk.current.full_id == "demo/often" and walk.view.disagreement
    walk.note("we listen when it is quiet")
    walk.choose(2)
    assert walk.current.full_id == "demo/light"
    walk.back()
    assert walk.current.full_id == "demo/often" and walk.current_answer == Answer(2.0, "we listen when it is quiet")
    walk.skip()
    walk.not_applicable("nobody decides")
    assert walk.done and walk.answer_set.answers["demo/light"] == Answer(None, "Ann: on quiet days", "nobody decides")


def test_an_agreed_answer_keeps_every_respondents_note_and_reason_attributed_once(workshop) -> None:
    from dataclasses import replace

    light = replace(
        workshop.items[2], answers=(Answer(2, "on quiet days"), Answer(None, reason="shut"), Answer(None, "ask Di"))
    )
    labels = ["Ann", "Bob", "Cy"]
    value = with_their_words(Answer(2, "we agreed"), light, labels)
    assert value == Answer(2, "we agreed; Ann: on quiet days; Cy: ask Di; n/a: Bob: shut")
    assert with_their_words(value, light, labels) == value, "answering again adds nothing twice"
    not_applicable = with_their_words(Answer(None, None, "closed"), light, labels)
    assert not_applicable == Answer(None, "Ann: on quiet days; Cy: ask Di", "closed; Bob: shut")


# -- the command --------------------------------------------------------------------------------


def test_piped_session_writes_a_normal_answers_file(agree, room: Path, demo_dir: Path) -> None:
    result = agree(input="2\nwe listen when it is quiet\nn\nnobody decides\n")
    assert result.exit_code == 0, result.output
    assert (room / "agreed.yaml").read_text() == HEADER + AGREED
    output = result.output
    assert "1 item(s) everyone answered alike were taken over; 2 to agree, 1 of them disagreements" in output
    assert "Item 1 of 2" in output and "What each of you said (spread 100 points, disagreement):" in output
    assert output.index("│ Bob │ frontline  │ [0] Never") < output.index("│ Ann │ leadership │ [4] Always")
    assert "│ Cy  │ frontline  │ n/a" in output and "on quiet days" in output
    assert f"Report them: cxcheck report {room / 'agreed.yaml'} -o agreed.html --checklists {demo_dir}" in output
    agreed = answers.load(room / "agreed.yaml", discover([demo_dir]))
    card = scoring.score([discover([demo_dir]).get("demo")], agreed.answers)
    assert card.score == 75.0  # first section: (50 + 100) / 2; the second is all n/a


def test_the_report_hint_keeps_the_workshops_targets(agree, room: Path, demo_dir: Path) -> None:
    (room / "targets.yaml").write_text("overall: 80\n", encoding="utf-8")
    result = agree(input="2\nwe listen when it is quiet\nn\nnobody decides\n")
    assert result.exit_code == 0, result.output
    hint = f"cxcheck report {room / 'agreed.yaml'} -o agreed.html --checklists {demo_dir} --targets {room / 'targets.yaml'}"
    assert f"Report them: {hint}" in result.output


def test_quit_then_resume_asks_only_what_is_left(agree, room: Path) -> None:
    first = agree(input="q\n")
    assert first.exit_code == 0, first.output
    assert "Your answers so far are saved in" in first.output
    assert (room / "agreed.yaml").read_text() == HEADER + TAKEN_OVER
    second = agree(input="2\nwe listen when it is quiet\nn\nnobody decides\n")
    assert second.exit_code == 0, second.output
    assert "1 item(s) everyone answered alike were taken over; 2 to agree" in second.output  # the first run took it
    assert (room / "agreed.yaml").read_text() == HEADER + AGREED
    third = agree(input="")
    assert third.exit_code == 0 and "Agreed answers are in" in third.output


def test_skipped_items_are_left_for_the_next_run(agree, room: Path) -> None:
    result = agree(input="s\ns\n")
    assert result.exit_code == 0
    assert "2 item(s) skipped and not agreed yet; run the same command again to agree them." in result.output


def test_ctrl_c_saves_and_exits_130(agree, room: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_input(monkeypatch, ["2", "we listen when it is quiet"], KeyboardInterrupt)
    result = agree()
    assert result.exit_code == 130
    assert "Interrupted. Your answers so far are saved in" in result.output
    assert "demo/often:\n    value: 2" in (room / "agreed.yaml").read_text()


def test_input_that_runs_out_exits_2_and_keeps_the_answers(agree, room: Path) -> None:
    result = agree(input="2\n\n")
    assert result.exit_code == 2
    assert "Standard input ended before every item was agreed." in result.output
    assert "demo/often: 2" in (room / "agreed.yaml").read_text()


def test_disagreement_threshold_is_an_option(agree) -> None:
    result = agree("--disagreement", "20", input="q\n")
    assert "2 to agree, 2 of them disagreements (a spread of 20 points or more)" in result.output


def test_an_agreed_file_of_other_participants_is_never_overwritten(agree, room: Path, demo_dir: Path, cli: Cli) -> None:
    agreed = room / "agreed.yaml"
    agreed.write_text(HEADER.replace("- Cy\n", "") + "  demo/often: 4\n")
    before = agreed.read_text()
    result = agree(input="q\n")
    assert result.exit_code == 2
    assert "this file was agreed by Ann, Bob, not by Ann, Bob, Cy" in result.output
    assert agreed.read_text() == before
    fresh = agree("--force", input="q\n")
    assert fresh.exit_code == 0 and agreed.read_text() == HEADER + TAKEN_OVER


def test_explicit_files_and_output(cli: Cli, room: Path, demo_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    files = sorted(room.glob("answers-*.yaml"))
    result = cli("consensus", *files, "--checklists", demo_dir, input="q\n", env=NOW)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "agreed.yaml").exists()
    out = cli("consensus", *files, "-o", tmp_path / "x.yaml", "--checklists", demo_dir, input="q\n", env=NOW)
    assert out.exit_code == 0 and (tmp_path / "x.yaml").exists()


def test_bad_input_exits_2(cli: Cli, room: Path, demo_dir: Path) -> None:
    (room / "answers-bob.yaml").write_text(
        "respondent: Bob\norganisation: Acme Ltd\ndate: 2024-05-01\nanswers:\n  demo/often: 9\n"
    )
    result = cli("consensus", room, "--checklists", demo_dir, env=NOW)
    assert result.exit_code == 2
    assert f"{room / 'answers-bob.yaml'}:5: demo/often: the number 9" in result.output
    assert cli("consensus", room / "missing", "--checklists", demo_dir).exit_code == 2


# -- in a real terminal ---------------------------------------------------------------------------


@pytest.mark.terminal
def test_a_consensus_session_at_a_terminal_survives_ctrl_c_and_resumes(room: Path, demo_dir: Path) -> None:
    work = room.parent
    child = spawn(["consensus", "room", "--checklists", demo_dir.name], work, now="2024-05-02T09:00:00+00:00")
    child.expect_exact("Item 1 of 2")
    child.expect_exact("1 item(s) everyone answered alike were taken over; 2 to agree, 1 of them disagreements")
    child.expect_exact("What each of you said (spread 100 points, disagreement):")
    child.expect(r"Bob\s*│\s*frontline\s*│\s*\[0\] Never")
    child.expect(r"Ann\s*│\s*leadership\s*│\s*\[4\] Always")
    child.expect_exact("> ")
    child.sendline("2")
    child.expect_exact("Why this answer? (saved as the note; Enter to leave out) > ")
    child.sendline("we listen when it is quiet")
    child.expect_exact("Item 2 of 2")
    child.expect_exact("What each of you said (spread 25 points, answers differ):")
    child.expect_exact("> ")
    resume = interrupt(child, "room/agreed.yaml", "consensus")
    assert resume == f"{sys.executable} -m cxcheck consensus room -o room/agreed.yaml --checklists checklists"
    assert (room / "agreed.yaml").read_text() == HEADER + OFTEN + TAKEN_OVER
    assert not (room / "agreed.yaml.lock").exists()

    child = spawn(shlex.split(resume)[3:], work, now="2024-05-02T09:00:00+00:00")
    child.expect_exact("Item 2 of 2")
    child.expect_exact("1 item(s) everyone answered alike were taken over; 1 to agree, 0 of them disagreements")
    child.expect_exact("> ")
    child.sendline("b")
    child.expect_exact("Item 1 of 2")
    child.expect(r"Recorded: (?:\x1b\[[0-9;]*m)*\[2\] Sometimes")
    child.expect_exact("Note: ")
    child.expect_exact("> ")
    child.sendline("")
    child.expect_exact("Item 2 of 2")
    child.expect_exact("> ")
    child.sendline("n")
    child.expect_exact("Why does it not apply? (a few words; Enter to leave out) > ")
    child.sendline("nobody decides")
    child.expect_exact("Agreed answers are in room/agreed.yaml (respondent consensus).")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert (room / "agreed.yaml").read_text() == HEADER + AGREED
