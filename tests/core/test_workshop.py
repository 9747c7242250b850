"""``cxcheck workshop init`` and finding the answers files in a workshop folder."""

from __future__ import annotations

import datetime as dt
import os
import shlex
from pathlib import Path

import pytest

from cxcheck.core import targets, workshop
from cxcheck.core.catalog import discover
from cxcheck.errors import CxError
from tests.conftest import Cli
from tests.workshop_data import write_answers, write_five

TODAY = {"CXCHECK_NOW": "2024-05-02T09:00:00+00:00"}


@pytest.fixture
def folder(cli: Cli, demo_dir: Path, tmp_path: Path) -> Path:
    result = cli(
        "workshop", "init", tmp_path / "acme", "demo", "--organisation", "Acme Ltd", "--checklists", demo_dir, env=TODAY
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "acme"


def test_init_creates_a_folder_participants_can_use(folder: Path, demo_dir: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "checklists",
        "form.html",
        "targets.yaml",
        "workshop.yaml",
    ]
    assert (folder / "checklists" / "demo.yaml").read_bytes() == (demo_dir / "demo.yaml").read_bytes()
    config = workshop.load_config(folder)
    assert config is not None
    assert (config.name, config.organisation, config.created) == ("acme", "Acme Ltd", dt.date(2024, 5, 2))
    assert config.checklists == {"demo": "1.0"} and config.disagreement == 50 and config.compare is None
    loaded = targets.load(folder / "targets.yaml")
    assert loaded.overall == 100 and (loaded.bands.mediocrity, loaded.bands.magic) == (40, 75)
    assert "#   demo/often: 100" in (folder / "targets.yaml").read_text()


def test_the_readme_command_runs_as_written_in_the_folder(
    folder: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (folder / "README.md").read_text()
    command = (
        "cxcheck assess demo --checklists checklists --organisation 'Acme Ltd' --respondent 'Your Name' "
        "--role frontline -o answers-your-name.yaml"
    )
    assert f"   ```sh\n   {command}\n   ```" in readme
    assert "| agree on answers together | `cxcheck consensus . -o agreed.yaml` |" in readme
    monkeypatch.chdir(folder)
    result = cli(*shlex.split(command)[1:], input="4\n1\n0\n", env=TODAY)
    assert result.exit_code == 0, result.output
    assert workshop.find_answers(Path(".")) == [Path("answers-your-name.yaml")]


def test_init_prints_what_to_do_next(cli: Cli, demo_dir: Path, tmp_path: Path) -> None:
    result = cli("workshop", "init", tmp_path / "w", "--checklists", demo_dir)
    assert result.exit_code == 0, result.output
    config = workshop.load_config(tmp_path / "w")
    assert config is not None and config.organisation == "w" and "demo" in config.checklists
    assert f"Created {tmp_path / 'w'}/ for {len(config.checklists)} checklist(s)" in result.output
    assert workshop.participant_command(config) in result.output
    assert sorted(p.name for p in (tmp_path / "w" / "checklists").iterdir()) == sorted(
        f"{i}.yaml" for i in config.checklists
    )


def test_init_never_touches_an_existing_folder(cli: Cli, demo_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = cli("workshop", "init", tmp_path / "busy", "--checklists", demo_dir)
    assert result.exit_code == 2
    assert "busy: already exists; choose another workshop name" in result.output
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]
    (tmp_path / "empty").mkdir()
    assert cli("workshop", "init", tmp_path / "empty", "--checklists", demo_dir).exit_code == 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no staging folder left behind"


def test_init_with_an_unknown_checklist_fails_cleanly(cli: Cli, demo_dir: Path, tmp_path: Path) -> None:
    result = cli("workshop", "init", tmp_path / "w", "nope", "--checklists", demo_dir)
    assert result.exit_code == 2 and "unknown checklist 'nope'" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checklists"]  # the demo checklists, nothing more


def test_find_answers_skips_the_workshop_files(folder: Path) -> None:
    write_five(folder)
    (folder / ".answers-x.yaml.tmp").write_text("partial")
    (folder / "agreed.yaml.lock").write_text("")
    (folder / "workshop.html").write_text("<p>")
    (folder / "mapping.yaml").write_text("items: {}\nrole_column: Role\n")  # the README keeps a survey's here
    names = [p.name for p in workshop.find_answers(folder)]
    assert names == [
        "answers-fay.yaml",
        "answers-gus.yaml",
        "answers-hal.yaml",
        "answers-mark.yaml",
        "answers-olive.yaml",
    ]
    with pytest.raises(CxError, match="no such workshop folder"):
        workshop.find_answers(folder / "missing")


def test_participants_load_from_a_folder_with_its_own_checklists(folder: Path) -> None:
    write_five(folder)
    (folder / "agreed.yaml").write_text(
        "respondent: consensus\norganisation: Acme Ltd\ndate: 2024-05-01\nparticipants: [Fay]\nanswers: {demo/often: 2}\n"
    )
    catalog = workshop.catalog_for([folder], [])
    found = workshop.load_participants([folder], catalog)
    assert [s.respondent for s in found.answer_sets] == ["Fay", "Gus", "Hal", "Mark Manager", "Olive Owner"]
    assert [c.id for c in found.checklists] == ["demo"]
    assert found.notices == [
        f"{folder / 'agreed.yaml'} holds the agreed answers; it is left out (report it on its own)."
    ]
    assert found.checklist_dirs == [folder / "checklists"]
    assert found.threshold(None) == 50 and found.threshold(30) == 30
    assert found.role_pairs(None) is None


def test_an_agreed_file_named_among_participants_is_an_error(folder: Path, demo_dir: Path) -> None:
    agreed = folder / "agreed.yaml"
    agreed.write_text("respondent: consensus\norganisation: Acme Ltd\ndate: 2024-05-01\nanswers: {}\n")
    with pytest.raises(CxError, match="holds agreed answers"):
        workshop.load_participants([agreed], discover([demo_dir]))


def test_an_empty_folder_says_how_to_fill_it(folder: Path) -> None:
    with pytest.raises(CxError, match="no participants' answers files here yet; see .*README.md"):
        workshop.load_participants([folder], workshop.catalog_for([folder], []))


def test_workshop_yaml_sets_defaults_and_is_checked(folder: Path) -> None:
    write_answers(folder, "Fay", "frontline", {"often": 1})
    config = folder / "workshop.yaml"
    config.write_text(
        config.read_text().replace("disagreement: 50", "disagreement: 30\ncompare: [[frontline, manager]]")
    )
    found = workshop.load_participants([folder], workshop.catalog_for([folder], []))
    assert found.threshold(None) == 30
    assert found.role_pairs(None) == [("frontline", "manager")] and found.role_pairs([("a", "b")]) == [("a", "b")]
    config.write_text(config.read_text().replace("disagreement: 30", "disagreement: 300"))
    with pytest.raises(CxError) as failed:
        workshop.load_config(folder)
    assert str(failed.value).startswith(f"{config}:9: disagreement:")


def test_workshop_yaml_reads_versions_as_answers_files_do(folder: Path) -> None:
    """``1.10`` unquoted is YAML's 1.1: refused with the hint to quote it; a whole number is its digits."""
    config = folder / "workshop.yaml"
    text = config.read_text()
    assert "demo: '1.0'" in text
    config.write_text(text.replace("demo: '1.0'", "demo: 2"))
    loaded = workshop.load_config(folder)
    assert loaded is not None and loaded.checklists == {"demo": "2"}
    config.write_text(text.replace("demo: '1.0'", "demo: 1.10"))
    with pytest.raises(CxError, match=r'the number 1.1 is not a version: quote it as written \("1.10"'):
        workshop.load_config(folder)


def test_init_on_a_read_only_file_system_is_bad_input(
    cli: Cli, demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import tempfile

    def read_only(*args: object, **kwargs: object) -> str:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    result = cli("workshop", "init", tmp_path / "w", "--checklists", demo_dir)
    assert result.exit_code == 2, result.output
    assert "could not create the workshop folder (Read-only file system); nothing was changed" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "w").exists()


def test_an_agreed_file_finds_the_participants_it_names_in_its_workshop_folder(folder: Path, demo_dir: Path) -> None:
    from cxcheck.core import answers

    catalog = workshop.catalog_for([folder], [demo_dir])
    write_five(folder)
    write_answers(folder, "Zed Stranger", "frontline", {"often": 4})  # in the folder, but not in the group
    agreed = folder / "agreed.yaml"
    agreed.write_text(
        "respondent: consensus\norganisation: Acme Ltd\ndate: 2024-05-02\n"
        "participants: [Olive Owner, Fay, Nobody Here]\nanswers: {demo/often: 2}\n",
        encoding="utf-8",
    )
    agreed_set = answers.load(agreed, catalog)
    found = workshop.agreed_in(agreed, agreed_set, catalog)
    assert found is not None
    assert [s.respondent for s in found.answer_sets] == ["Fay", "Olive Owner"]  # the folder's order, by file name
    assert found.notices == [
        f"The agreed file names Nobody Here among its participants, but {folder} holds no answers file of theirs: "
        "the figures before agreeing leave them out."
    ]  # and nothing about the agreed file itself being set aside
    assert (
        workshop.agreed_in(folder / "answers-fay.yaml", answers.load(folder / "answers-fay.yaml", catalog), catalog)
        is None
    )
    (folder / "workshop.yaml").unlink()
    assert workshop.agreed_in(agreed, agreed_set, catalog) is None  # not known to be a workshop folder
