"""Three participants answer at once, each in their own Chromium context on a phone, through a real ``collect``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser import PHONE, axe_violations, vnu_errors
from tests.conftest import Cli
from tests.serve.server import collecting, workshop

pytestmark = pytest.mark.browser

PEOPLE = {"Ann Lee": "frontline", "Raj": "leadership", "Mo": "manager"}


def test_three_participants_send_at_once_and_the_workshop_report_shows_all_three(
    browser, tmp_path: Path, cli: Cli
) -> None:
    folder = workshop(tmp_path, "access")
    with collecting(folder, [f"{n}:{r}" for n, r in PEOPLE.items()]) as running:
        pages, problems = [], []
        for name in PEOPLE:
            context = browser.new_context(viewport=PHONE)
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(running.links[name])
            assert name in page.locator(".screen.current").inner_text()
            page.get_by_role("button", name="Next").click()
            pages.append((name, page))
        for n, (_, page) in enumerate(pages):  # interleaved: each answers the first section its own way
            for fieldset in page.locator(".screen.current fieldset.item").all():
                fieldset.locator("input[type=radio]").nth(n % 2).check()
            page.locator(".screen.current fieldset.item").first.get_by_text("Add a note").click()
            page.locator(".screen.current fieldset.item").first.get_by_label("Note").fill(
                "<script>window.pwned=1</script>"
            )
        for _, page in pages:
            page.get_by_role("button", name="Send my answers").click()
        for _, page in pages:
            page.wait_for_function("document.getElementById('status').textContent.startsWith('Sent at')")
            assert page.evaluate("window.pwned") is None
        progress = pages[0][1].context.new_page()
        progress.goto(running.progress)
        assert progress.locator("tbody tr").count() == 3 and "answering" in progress.locator("tbody").inner_text()
        audit = browser.new_context(bypass_csp=True)  # only so that axe-core can be injected into the page
        checked = audit.new_page()
        checked.goto(running.progress)
        (tmp_path / "progress.html").write_text(checked.content())  # before axe-core's script is added to it
        assert axe_violations(checked) == []
        audit.close()
        for _, page in pages:
            page.context.close()
    assert problems == []
    assert vnu_errors(tmp_path / "progress.html") == ""
    files = sorted(p.name for p in folder.glob("answers-*.yaml"))
    assert files == ["answers-ann-lee.yaml", "answers-mo.yaml", "answers-raj.yaml"]
    report = cli("report", folder, "-f", "json")
    assert report.exit_code == 0, report.output
    shown = json.loads(report.stdout)["respondents"]
    assert sorted((r["label"], r["role"]) for r in shown) == sorted(PEOPLE.items())
