"""``cxcheck form`` and the form in a workshop folder, through the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Cli


def test_form_writes_one_self_contained_page_for_the_checklists_named(cli: Cli, tmp_path: Path, demo_dir: Path) -> None:
    out = tmp_path / "form.html"
    result = cli("form", "demo", "--organisation", "Acme & <Co>", "--checklists", demo_dir, "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('name="answer:demo/') == (5 + 1) + (2 + 1) + (
        5 + 1
    )  # two frequency items and a yes-no, each with n/a
    assert "Acme &amp; &lt;Co&gt;" in page and "<Co>" not in page
    assert "http://" not in page and "https://" not in page and " src=" not in page  # nothing fetched
    assert "How often do you [bold]listen[/bold]?" in page


def test_form_needs_the_organisation_and_a_known_checklist(cli: Cli, tmp_path: Path) -> None:
    result = cli("form", "access", "-o", tmp_path / "f.html")
    assert result.exit_code == 2 and "--organisation NAME is needed" in result.stderr
    result = cli("form", "nope", "--organisation", "Acme", "-o", tmp_path / "f.html")
    assert result.exit_code == 2 and "unknown checklist 'nope'" in result.stderr
    assert not (tmp_path / "f.html").exists()


def test_workshop_init_puts_the_form_in_the_folder_and_explains_both_routes(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "acme"
    result = cli("workshop", "init", folder, "access", "--organisation", "Acme Ltd")
    assert result.exit_code == 0, result.output
    page = (folder / "form.html").read_text(encoding="utf-8")
    assert 'name="answer:access/' in page and "loyalty/" not in page and "Acme Ltd" in page
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "### In a browser: `form.html`" in readme and "### In a terminal" in readme
    assert "form.html" in result.stdout
    report = cli("report", folder)  # form.html is not taken for an answers file
    assert "no participants' answers files here yet" in report.stderr


def test_the_form_offers_a_journeys_touch_points_on_its_own_and_in_a_workshop_folder(cli: Cli, tmp_path: Path) -> None:
    from tests.serve.server import JOURNEY, workshop

    folder = workshop(tmp_path, "access", journey=JOURNEY)
    in_folder = (folder / "form.html").read_text(encoding="utf-8")
    result = cli(
        "form", "access", "--organisation", "Acme", "--journey", folder / "journey.yaml", "-o", tmp_path / "f.html"
    )
    assert result.exit_code == 0, result.output
    assert "and 3 touch points to rate" in result.stderr
    for page in (in_folder, (tmp_path / "f.html").read_text(encoding="utf-8")):
        assert page.count('<fieldset class="item touch"') == 3 and "<h2" in page and "Your touch points" in page
        assert "Greeting &lt;b&gt;at&lt;/b&gt; the door" in page and "<b>at</b>" not in page
    plain = cli("form", "access", "--organisation", "Acme", "-o", tmp_path / "plain.html")
    assert plain.exit_code == 0 and "Your touch points" not in (tmp_path / "plain.html").read_text(encoding="utf-8")
