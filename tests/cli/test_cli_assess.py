"""``cxcheck assess`` and ``cxcheck answers template`` through the CLI, with answers piped in."""

from __future__ import annotations

import errno
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cxcheck.core import answers
from cxcheck.core.catalog import discover
from cxcheck.io import lock
from cxcheck.model import Answer
from tests.conftest import Cli
from tests.terminal_harness import write_checklist

NOW = {"CXCHECK_NOW": "2024-05-01T10:00:00+00:00"}
LATER = {"CXCHECK_NOW": "2024-05-01T11:30:00+00:00"}
WHO = ("--respondent", "Ann", "--organisation", "Acme Ltd", "--date", "2024-04-30")


def expected_file(updated: str | None = "10:00:00", answers_yaml: str = "") -> str:
    """The whole file as cxcheck writes it; ``answers_yaml`` is the text after ``answers:``."""
    lines = [
        "format_version: 1",
        "respondent: Ann",
        "organisation: Acme Ltd",
        "date: 2024-04-30",
        "started: 2024-05-01 10:00:00+00:00",
        *([f"updated: 2024-05-01 {updated}+00:00"] if updated else []),
        "checklists:",
        "  demo: '1.0'",
        f"answers:{answers_yaml or ' {}'}",
    ]
    return "\n".join(lines) + "\n"


COMPLETE = """
  demo/often: 3
  demo/yes-no: 1
  demo/light:
    value: n/a
    reason: closed on Sundays"""


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "answers.yaml"


@pytest.fixture
def assess(cli: Cli, demo_dir: Path, out: Path) -> Callable[..., object]:
    """``cxcheck assess demo -o OUT --checklists DEMO ARGS`` at the fixed time NOW."""

    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None, ids: tuple[str, ...] = ("demo",)):
        return cli("assess", *ids, "-o", out, "--checklists", demo_dir, *args, input=input, env={**NOW, **(env or {})})

    return run


def fake_input(monkeypatch: pytest.MonkeyPatch, lines: list[str], then: type[BaseException]) -> None:
    """Typed lines, then Ctrl-C (KeyboardInterrupt) or Ctrl-D (EOFError), as a terminal gives them."""
    supply: Iterator[str] = iter(lines)

    def read(prompt: str = "") -> str:
        try:
            return next(supply)
        except StopIteration:
            raise then from None

    monkeypatch.setattr("builtins.input", read)


def test_piped_answers_walk_every_item_and_write_the_file_in_checklist_order(assess, out: Path) -> None:
    result = assess(*WHO, input="3\n1\nn\nclosed on Sundays\n")
    assert result.exit_code == 0, result.output
    assert out.read_text() == expected_file(answers_yaml=COMPLETE)
    assert "Item 1 of 3" in result.output and "Item 3 of 3" in result.output
    assert "End of First section: 87.5/100, magic (2 answered)" in result.output
    assert "Assessment complete." in result.output
    assert f"cxcheck report {out} -o report.html --checklists" in result.output
    assert f"cxcheck report {out} --checklists" in result.output
    assert not out.with_name("answers.yaml.lock").exists()


def test_na_is_counted_apart_from_answered_items_on_every_line(assess, out: Path) -> None:
    result = assess(*WHO, input="3\nn\nno website\n3\n")
    assert result.exit_code == 0, result.output
    assert "End of First section: 75.0/100, magic (1 answered, 1 n/a)" in result.output
    assert "1 answered, 1 n/a" in result.output.split("Item 3 of 3")[1], "the progress line of item 3"


def test_the_section_line_rounds_as_the_final_table_does(assess, out: Path) -> None:
    result = assess(*WHO, input="3\n1\n3\n")
    assert result.exit_code == 0, result.output
    assert "End of First section: 87.5/100, magic (2 answered)" in result.output
    assert "87.5" in result.output.split("Assessment complete.")[1]


def test_a_walk_that_ends_with_items_unanswered_does_not_say_it_is_complete(assess, out: Path) -> None:
    result = assess(*WHO, input="s\n1\n3\n")
    assert result.exit_code == 0, result.output
    assert "Assessment complete." not in result.output
    assert "End of the walk-through: 1 item(s) still unanswered." in result.output


def test_an_invalid_key_repeats_the_question_with_a_short_message(assess, out: Path) -> None:
    result = assess(*WHO, input="9\n[red]x\n3\nq\n")
    assert result.exit_code == 0, result.output
    assert "'9' is not a key here: type 0, 1, 2, 3, 4, n, s, b, c, ? or q." in result.output
    assert "'[red]x' is not a key here" in result.output
    assert result.output.count("How often do you [bold]listen[/bold]?") == 3, "question shown as text, three times"
    assert "demo/often: 3" in out.read_text()


def test_help_back_and_note_keys(assess, out: Path) -> None:
    result = assess(*WHO, input="?\n0\nb\n4\nc\ncheck [this]\n\n0\nq\n")
    assert result.exit_code == 0, result.output
    assert "Listening finds the problem." in result.output
    assert "Recorded: [0] Never" in result.output
    assert "Note: check [this]  (saved with your answer)" in result.output
    assert "Type the number of your answer (or s to skip this item)." in result.output
    assert "Stopped. Your answers so far are saved in" in result.output
    noted = "\n  demo/often: 4\n  demo/yes-no:\n    value: 0\n    note: check [this]"
    assert out.read_text() == expected_file(answers_yaml=noted)


def test_q_saves_and_prints_the_exact_command_to_resume(assess, out: Path, demo_dir: Path) -> None:
    result = assess(*WHO, input="2\nq\n")
    assert result.exit_code == 0
    assert f"cxcheck assess demo -o {out} --checklists {demo_dir}" in result.output
    assert answers.load(out, discover([demo_dir]), today=None).answers == {"demo/often": Answer(2)}


def test_piped_input_that_runs_out_saves_and_fails_with_exit_2(assess, out: Path, demo_dir: Path) -> None:
    result = assess(*WHO, input="2\n")
    assert result.exit_code == 2
    assert "Standard input ended before the assessment was complete." in result.output
    assert f"cxcheck assess demo -o {out} --checklists {demo_dir}" in result.output
    assert f"cxcheck assess --answers {out} --set ID=VALUE" in result.output
    assert out.read_text() == expected_file(answers_yaml="\n  demo/often: 2")


def test_ctrl_c_saves_and_exits_130(assess, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_input(monkeypatch, ["3", "c", "ring back"], KeyboardInterrupt)
    result = assess(*WHO)
    assert result.exit_code == 130
    assert "Interrupted. Your answers so far are saved" in result.output
    assert "Not saved: your note on demo/yes-no (the item has no answer): ring back" in result.output
    assert out.read_text() == expected_file(answers_yaml="\n  demo/often: 3")


def test_end_of_input_at_a_terminal_saves_and_exits_130(assess, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cxcheck.terminal.assess.stdin_is_terminal", lambda: True)
    fake_input(monkeypatch, ["3"], EOFError)
    result = assess(*WHO)
    assert result.exit_code == 130
    assert "To carry on where you left off, run:" in result.output
    assert "demo/often: 3" in out.read_text()


def test_missing_names_are_asked_at_a_terminal(assess, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cxcheck.terminal.assess.stdin_is_terminal", lambda: True)
    fake_input(monkeypatch, ["", "Ann", "Acme Ltd", "q"], EOFError)
    result = assess("--date", "2024-04-30")
    assert result.exit_code == 0, result.output
    assert out.read_text() == expected_file(updated=None)


def test_without_a_terminal_missing_names_fail_naming_the_option(assess, out: Path) -> None:
    result = assess("--organisation", "Acme", input="3\n")
    assert result.exit_code == 2
    assert "--respondent is needed: standard input is not a terminal" in result.output
    assert not out.exists()


def test_the_default_file_name_is_announced_before_the_first_question(
    cli: Cli, demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("assess", "demo", "--checklists", demo_dir, *WHO, input="q\n", env=NOW)
    assert result.exit_code == 0
    announced = result.output.index("Answers are saved to answers-acme-ltd-2024-04-30.yaml after every answer.")
    assert announced < result.output.index("How often")
    assert (tmp_path / "answers-acme-ltd-2024-04-30.yaml").exists()


def test_running_again_resumes_at_the_first_unanswered_item(assess, out: Path) -> None:
    assess(*WHO, input="3\nq\n")
    result = assess(input="1\nn\nclosed on Sundays\n", env=LATER)
    assert result.exit_code == 0, result.output
    assert "Resuming: 1 of 3 items answered" in result.output
    assert "Item 1 of 3" not in result.output
    assert out.read_text() == expected_file(updated="11:30:00", answers_yaml=COMPLETE)


def test_a_complete_file_is_left_alone_and_review_walks_it_again(assess, out: Path) -> None:
    assess(*WHO, input="3\n1\nn\nclosed on Sundays\n")
    before = out.read_bytes()
    result = assess(env=LATER)
    assert result.exit_code == 0
    assert "is answered; add --review to go through them again" in result.output
    result = assess("--review", input="\n\n\n", env=LATER)
    assert result.exit_code == 0, result.output
    assert "Recorded: [3] Often" in result.output and "Recorded: n/a (closed on Sundays)" in result.output
    assert out.read_bytes() == before, "nothing changed, so not even the timestamps move"


def test_an_existing_file_is_never_overwritten_by_different_details(assess, out: Path) -> None:
    assess(*WHO, input="3\nq\n")
    before = out.read_bytes()
    result = assess("--respondent", "Bob", input="q\n")
    assert result.exit_code == 2
    assert "this file records respondent 'Ann', not 'Bob'" in result.output
    assert out.read_bytes() == before


def test_force_starts_afresh(assess, out: Path) -> None:
    assess(*WHO, input="3\nq\n")
    result = assess("--force", *WHO, input="q\n", env=LATER)
    assert result.exit_code == 0
    assert "demo/often" not in out.read_text()
    assert "started: 2024-05-01 11:30:00+00:00" in out.read_text()


def test_a_changed_checklist_version_asks_only_new_items_and_drops_gone_ones(assess, out: Path) -> None:
    out.write_text(
        "respondent: Ann\norganisation: Acme Ltd\ndate: 2024-04-30\nchecklists: {demo: '0.9'}\n"
        "answers:\n  demo/often: 3\n  demo/light: 2\n  demo/retired: 1\n"
    )
    result = assess(input="1\n")
    assert result.exit_code == 0, result.output
    assert "Demo checklist is now version 1.0 (the file was for 0.9)." in result.output
    assert "To answer (new, or skipped before): demo/yes-no" in result.output
    assert "No longer in the checklist, so dropped from the file: demo/retired (was 1)" in result.output
    text = out.read_text()
    assert "demo: '1.0'" in text and "retired" not in text and "demo/yes-no: 1" in text


def test_a_second_session_on_the_same_file_is_refused(assess, out: Path) -> None:
    with lock.locked(out):
        result = assess(*WHO, input="3\n")
    assert result.exit_code == 2
    assert re.search(r"another cxcheck session is answering this file \(\S+ on \S+, pid \d+, since ", result.output)
    assert not out.exists()


def test_a_failed_write_keeps_the_previous_file_and_says_so(assess, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assess(*WHO, input="3\nq\n")
    before = out.read_bytes()

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("os.replace", full)
    result = assess(input="1\n")
    assert result.exit_code == 2
    assert "could not write (No space left on device); the previous file is unchanged" in result.output
    assert out.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--date", "2024-13-01"), "--date 2024-13-01: not a date; write it as YYYY-MM-DD"),
        (("--date", "2024-05-02"), "--date 2024-05-02 is in the future"),
        (("--set", "demo/often=3"), "--set needs --answers FILE"),
        (("nope",), "unknown checklist 'nope'"),
    ],
)
def test_bad_options_exit_2_before_any_question(assess, out: Path, args: tuple[str, ...], message: str) -> None:
    result = assess(*WHO, *args, input="3\n")
    assert result.exit_code == 2
    assert message in result.output
    assert "How often" not in result.output and not out.exists()


def test_an_invalid_answers_file_is_reported_with_its_line(assess, out: Path) -> None:
    out.write_text("respondent: Ann\norganisation: Acme\ndate: 2024-04-30\nanswers:\n  demo/often: 7\n")
    result = assess(input="q\n")
    assert result.exit_code == 2
    assert result.output.startswith(f"{out}:5: demo/often: the number 7")
    assert "is not on this item's scale" in result.output


# -- without a terminal: --answers FILE --set ID=VALUE ----------------------------------


@pytest.fixture
def fill(cli: Cli, demo_dir: Path, out: Path) -> Callable[..., object]:
    def run(*args: str):
        return cli("assess", "--answers", out, "--checklists", demo_dir, *args, env=NOW)

    return run


def test_set_creates_a_file_from_values_labels_and_n_a(fill, out: Path) -> None:
    result = fill(*WHO, "--set", "demo/often=3", "--set", "demo/yes-no=Yes", "--set", "demo/light=n/a")
    assert result.exit_code == 0, result.output
    assert f"{out}: saved; 3 answer(s) given, 2 of 3 items of demo answered, 1 n/a" in result.output
    assert out.read_text() == expected_file(answers_yaml="\n  demo/often: 3\n  demo/yes-no: 1\n  demo/light: n/a")


def test_set_changes_an_existing_file_and_keeps_notes(fill, out: Path) -> None:
    out.write_text(
        "respondent: Ann\norganisation: Acme Ltd\ndate: 2024-04-30\nanswers:\n  demo/often: {value: 1, note: keep me}\n"
    )
    result = fill("--set", "demo/often=Always")
    assert result.exit_code == 0, result.output
    assert "demo/often:\n    value: 4\n    note: keep me" in out.read_text()


def test_set_checks_every_entry_and_writes_nothing_when_one_is_bad(fill, out: Path) -> None:
    fill(*WHO, "--set", "demo/often=3")
    before = out.read_bytes()
    result = fill("--set", "demo/often=9", "--set", "demo/nope=1", "--set", "demo/yes-no=Maybe", "--set", "oops")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0].startswith("--set demo/often=9: the number 9")
    assert lines[1].startswith("--set demo/nope=1: unknown item 'nope' in checklist 'demo'")
    assert lines[2] == "--set demo/yes-no=Maybe: 'Maybe' is not an answer on this item's scale (0 No, 1 Yes or n/a)"
    assert lines[3] == "--set oops: write it as CHECKLIST-ID/ITEM-ID=VALUE"
    assert out.read_bytes() == before


def test_note_and_reason_attach_to_the_answers_set_with_them(fill, out: Path) -> None:
    result = fill(
        *WHO,
        "--set", "demo/often=Often", "--note", "demo/often=ask Bo = twice",
        "--set", "demo/light=n/a", "--reason", "demo/light=no staff on Sundays",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_text() == expected_file(
        answers_yaml="\n  demo/often:\n    value: 3\n    note: ask Bo = twice"
        "\n  demo/light:\n    value: n/a\n    reason: no staff on Sundays"
    )
    again = fill("--note", "demo/often=", "--note", "demo/light=kept with the n/a")
    assert again.exit_code == 0, again.output
    assert "demo/often: 3\n" in out.read_text(), "an empty note removes it"
    assert "    note: kept with the n/a\n    reason: no staff on Sundays" in out.read_text()


def test_a_note_needs_an_answer_and_a_reason_an_n_a_and_every_problem_is_told(fill, out: Path) -> None:
    fill(*WHO, "--set", "demo/often=3")
    before = out.read_bytes()
    result = fill("--note", "demo/yes-no=hm", "--reason", "demo/often=why", "--note", "nope", "--reason", "demo/x=y")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "--note demo/yes-no=hm: the item has no answer to keep it with; add --set demo/yes-no=VALUE",
        "--note nope: write it as CHECKLIST-ID/ITEM-ID=TEXT",
        "--reason demo/often=why: a reason is only for n/a answers; add --set demo/often=n/a, or use --note",
        "--reason demo/x=y: unknown item 'x' in checklist 'demo'" + result.output.splitlines()[3].split("'demo'")[1],
    ]
    assert out.read_bytes() == before


def test_answers_with_checklist_ids_starts_a_file_listing_them(cli: Cli, demo_dir: Path, out: Path) -> None:
    result = cli("assess", "demo", "--answers", out, *WHO, "--checklists", demo_dir, env=NOW)
    assert result.exit_code == 0, result.output
    assert out.read_text() == expected_file(updated=None)
    assert f"{out}: saved; 0 answer(s) given, 0 of 3 items of demo answered" in result.output
    unknown = cli("assess", "nope", "--answers", out, "--checklists", demo_dir, env=NOW)
    assert unknown.exit_code == 2 and "nope" in unknown.output


def test_answers_without_set_checks_the_file_and_leaves_it_alone(fill, out: Path) -> None:
    fill(*WHO, "--set", "demo/often=3")
    before = out.read_bytes()
    result = fill()
    assert result.exit_code == 0
    assert "checked, unchanged; 0 answer(s) given, 1 of 3 items of demo answered" in result.output
    assert out.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--respondent", "Ann", "--set", "demo/often=3"), "--organisation needed to create this answers file"),
        (("--review",), "--answers fills a file without the walk-through; leave out --review"),
        (("-o", "x.yaml"), "leave out -o"),
    ],
)
def test_answers_mode_refuses_what_it_cannot_do(fill, out: Path, args: tuple[str, ...], message: str) -> None:
    result = fill(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert not out.exists()


def test_set_waits_for_no_one_when_a_session_holds_the_file(fill, out: Path) -> None:
    with lock.locked(out):
        result = fill(*WHO, "--set", "demo/often=3")
    assert result.exit_code == 2 and "another cxcheck session" in result.output


# -- an answers file that is a symbolic link: the real file is locked and written ---------


@pytest.fixture
def linked(out: Path) -> Path:
    """``link.yaml`` naming the answers file, which holds one answer."""
    out.write_text("respondent: Ann\norganisation: Acme Ltd\ndate: 2024-04-30\nanswers:\n  demo/often: 1\n")
    link = out.with_name("link.yaml")
    link.symlink_to(out.name)
    return link


def test_set_through_a_link_updates_the_file_it_names_and_keeps_the_link(
    cli: Cli, demo_dir: Path, out: Path, linked: Path
) -> None:
    result = cli("assess", "--answers", linked, "--checklists", demo_dir, "--set", "demo/often=4", env=NOW)
    assert result.exit_code == 0, result.output
    assert linked.is_symlink() and linked.readlink() == Path(out.name)
    assert "demo/often: 4" in out.read_text()
    assert f"{out.resolve()}: saved" in result.output
    assert sorted(p.name for p in out.parent.iterdir()) == ["answers.yaml", "checklists", "link.yaml"]


@pytest.mark.parametrize("how", ["--answers", "-o"])
def test_a_session_through_a_link_is_refused_while_the_real_file_is_locked(
    cli: Cli, demo_dir: Path, out: Path, linked: Path, how: str
) -> None:
    before = out.read_bytes()
    args = ["--set", "demo/often=4"] if how == "--answers" else ["demo"]
    with lock.locked(out.resolve()):
        result = cli("assess", how, linked, "--checklists", demo_dir, *args, input="4\n", env=NOW)
    assert result.exit_code == 2, result.output
    assert "another cxcheck session is answering this file" in result.output
    assert out.read_bytes() == before and linked.is_symlink()


def test_the_walk_through_a_link_saves_into_the_file_it_names(
    cli: Cli, demo_dir: Path, out: Path, linked: Path
) -> None:
    result = cli("assess", "demo", "-o", linked, "--checklists", demo_dir, input="4\n1\nq\n", env=NOW)
    assert result.exit_code == 0, result.output
    assert linked.is_symlink()
    assert "demo/yes-no: 1" in out.read_text()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("nowhere.yaml", "is a symbolic link to nowhere.yaml, which does not exist; give the answers file's real path"),
        ("loop.yaml", "is a symbolic link that leads round in a loop; give the answers file's real path"),
        (".", "which is not a regular file; give an answers file"),
    ],
)
def test_a_link_to_no_answers_file_is_refused_and_nothing_is_created(
    cli: Cli, demo_dir: Path, tmp_path: Path, target: str, message: str
) -> None:
    link = tmp_path / "loop.yaml"
    link.symlink_to(target)
    result = cli("assess", "--answers", link, "--checklists", demo_dir, *WHO, "--set", "demo/often=4", env=NOW)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"{link}: ") and message in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "checklists") == ["loop.yaml"]


# -- answers template -------------------------------------------------------------------


def test_a_filled_in_template_loads(cli: Cli, demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXCHECK_PATH", "")
    result = cli("answers", "template", "demo", "--checklists", demo_dir, env=NOW)
    assert result.exit_code == 0
    text = result.stdout
    assert "#   answers: 0 Never, 1 Rarely, 2 Sometimes, 3 Often, 4 Always or n/a\n  demo/often:\n" in text
    assert "#   answers: 0 No, 1 Yes or n/a\n  demo/yes-no:\n" in text
    assert "date: 2024-05-01" in text
    filled = re.sub(r"^(  demo/[\w-]+:)$", r"\1 1", text, flags=re.M)
    filled = filled.replace("respondent:", "respondent: Ann").replace("organisation:", "organisation: Acme")
    path = tmp_path / "filled.yaml"
    path.write_text(filled)
    loaded = answers.load(path, discover([demo_dir]))
    assert loaded.answers == {k: Answer(1) for k in ("demo/often", "demo/yes-no", "demo/light")}
    assert (loaded.respondent, loaded.role, loaded.checklists) == ("Ann", None, {"demo": "1.0"})
    assert cli("assess", "--answers", path, "--checklists", demo_dir, env=NOW).exit_code == 0


def test_a_blank_template_is_reported_not_scored(cli: Cli, demo_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    assert cli("answers", "template", "demo", "-o", path, "--checklists", demo_dir, env=NOW).exit_code == 0
    result = cli("assess", "--answers", path, "--checklists", demo_dir, env=NOW)
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}:")


def test_template_never_overwrites_without_force(cli: Cli, demo_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("precious")
    result = cli("answers", "template", "-o", path, "--checklists", demo_dir, env=NOW)
    assert result.exit_code == 2 and "already exists; add --force" in result.output
    assert path.read_text() == "precious"
    assert cli("answers", "template", "-o", path, "--force", "--checklists", demo_dir, env=NOW).exit_code == 0
    assert path.read_text().startswith("# cxcheck answers file")


def test_a_long_checklist_resumes_from_a_file_with_over_a_hundred_answers(cli: Cli, tmp_path: Path) -> None:
    """Every mapping key was once counted as a YAML alias, refusing files of more than 100 keys."""
    directory = write_checklist(tmp_path / "long", items=120, per_section=40).parent
    out = tmp_path / "answers.yaml"
    entries = [f"--set=pty/item-{n}=1" for n in range(1, 120)]
    assert cli("assess", "--answers", out, *WHO, "--checklists", directory, *entries, env=NOW).exit_code == 0
    result = cli("assess", "-o", out, "--checklists", directory, input="1\n", env=NOW)
    assert result.exit_code == 0, result.output
    assert "Resuming: 119 of 120 items answered" in result.output and "Item 120 of 120" in result.output


def test_no_checklists_to_assess_is_an_error_not_an_empty_walk(
    cli: Cli, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.setattr("cxcheck.core.catalog.bundled_dir", lambda: tmp_path / "empty")
    result = cli("assess", "-o", out, *WHO, "--checklists", tmp_path / "empty", env=NOW)
    assert result.exit_code == 2
    assert "no checklists found to assess" in result.output and not out.exists()


TYPED_WITH_CONTROLS = [
    (("--respondent", "Ann\x1b[2J"), "--respondent Ann\\x1b[2J: control character U+001B"),
    (("--organisation", "Acme\x07"), "--organisation Acme\\x07: control character U+0007"),
    (("--note", "demo/often=see \x1b]0;x"), "--note demo/often=see \\x1b]0;x: control character U+001B"),
    (("--reason", "demo/light=shut\x9b"), "--reason demo/light=shut\\x9b: control character U+009B"),
    (("--touch", "Visit/Gr\x1beeting=magic"), "--touch Visit/Gr\\x1beeting=magic: control character U+001B"),
    (("--role", "front\x00line"), "--role front\\x00line: control character U+0000"),
]


@pytest.mark.parametrize(("args", "line"), TYPED_WITH_CONTROLS, ids=[a[0] for a, _ in TYPED_WITH_CONTROLS])
def test_text_typed_with_a_control_character_is_refused_before_anything_is_written(
    fill, out: Path, args: tuple[str, str], line: str
) -> None:
    """Saved, it would make a file our own loader refuses: one line naming the option, exit 2, no file."""
    names = dict(zip(WHO[::2], WHO[1::2]))
    names.update({args[0]: args[1]} if args[0] in names else {})
    who = [x for key, value in names.items() for x in (key, value)]
    extra = [] if args[0] in names else list(args)
    result = fill(*who, "--set", "demo/often=3", "--set", "demo/light=n/a", *extra)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{line} in the text typed; only tab and newline are allowed, remove it\n"
    assert result.stdout == "" and not out.exists()


def test_every_command_checks_what_is_typed(cli: Cli, tmp_path: Path) -> None:
    both = cli("workshop", "init", str(tmp_path / "w"), "--organisation", "Acme\x1b", "--checklists", str(tmp_path))
    assert both.exit_code == 2 and both.stderr.startswith("--organisation Acme\\x1b: control character U+001B")
    assert not (tmp_path / "w").exists()
    form = cli("form", "--organisation", "A\x01", "-o", str(tmp_path / "f.html"))
    assert form.exit_code == 2 and form.stderr.startswith("--organisation A\\x01: control character U+0001")
    two = cli("show", "de\x1bmo", "--checklists", "x\x07")  # a path is not text: only the id is refused
    assert two.stderr.splitlines() == [
        "ID de\\x1bmo: control character U+001B in the text typed; only tab and newline are allowed, remove it"
    ]


def test_a_note_typed_with_a_tab_is_kept(fill, out: Path) -> None:
    result = fill(*WHO, "--set", "demo/often=3", "--note", "demo/often=first\tsecond")
    assert result.exit_code == 0, result.output
    assert answers.load(out, discover([out.parent / "checklists"]), None).answers["demo/often"].note == "first\tsecond"
