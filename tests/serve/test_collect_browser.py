"""Three participants answer at once, each in their own Chromium context on a phone, through a real ``collect``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cxcheck.core import workbook as workbooks
from tests.browser import PHONE, axe_violations, vnu_errors
from tests.conftest import Cli
from tests.serve.server import JOURNEY, collecting, workshop

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
            page.locator("#status", has_text="Sent at").wait_for()  # a locator: the page's CSP refuses eval
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


def test_the_form_offers_the_workshops_touch_points_and_both_the_sent_and_the_downloaded_file_hold_the_ratings(
    browser, tmp_path: Path, cli: Cli
) -> None:
    folder = workshop(tmp_path, "access", journey=JOURNEY)
    with collecting(folder, ["Ann Lee:frontline"]) as running:
        context = browser.new_context(viewport=PHONE, accept_downloads=True)
        page = context.new_page()
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(running.links["Ann Lee"])
        while page.locator(".screen.current h2").inner_text() != "Your touch points":
            page.get_by_role("button", name=re.compile("^(Next|Skip)$")).click()
        shown = page.locator(".screen.current fieldset.touch")
        assert shown.count() == 3
        assert shown.nth(1).locator("legend").inner_text().split("\n") == [
            "Visit or call",
            "Greeting <b>at</b> the door",
        ]
        shown.nth(0).get_by_label("Misery").check()
        shown.nth(0).get_by_text("Add what you saw").click()
        shown.nth(0).get_by_label("What you saw").fill("waited 12 minutes <script>window.pwned=1</script>")
        shown.nth(2).get_by_label("Magic").check()
        shown.nth(1).get_by_label("Mediocrity").check()
        shown.nth(1).get_by_role("button", name="Clear this rating").click()  # changed their mind
        page.reload()  # the ratings are kept in the browser like the answers
        assert page.locator(".screen.current h2").inner_text() == "Your touch points"
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Send my answers").click()
        page.locator("#status", has_text="Sent at").wait_for()  # a locator: the page's CSP refuses eval
        assert "2 of 3 touch points rated" in page.locator("#status").inner_text()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download a copy").click()
        copy = tmp_path / "copy.yaml"
        download.value.save_as(copy)
        assert page.evaluate("window.pwned") is None
        audit = browser.new_context(bypass_csp=True, viewport=PHONE)  # only so that axe-core can be injected
        checked = audit.new_page()
        checked.goto(running.links["Ann Lee"])
        (tmp_path / "served.html").write_text(checked.content())
        while checked.locator(".screen.current h2").inner_text() != "Your touch points":
            checked.get_by_role("button", name=re.compile("^(Next|Skip)$")).click()
        assert checked.locator(".screen.current fieldset.touch input:checked").count() == 2  # opened from the file
        assert axe_violations(checked) == []
        audit.close()
        context.close()
    assert problems == []
    assert vnu_errors(tmp_path / "served.html") == ""
    expected = [
        ("Hold line", "misery", "waited 12 minutes <script>window.pwned=1</script>"),
        ("Greeting <b>at</b> the door", None, None),
        ("Invoice", "magic", None),
    ]
    for path in (folder / "answers-ann-lee.yaml", copy):
        book = workbooks.load_from(path)
        assert [(p.name, p.rating, p.note) for _, p in book.touchpoints] == expected, path
        assert [p.owner for _, p in book.touchpoints] == ["Bo", None, "Ann"]
    report = cli("report", folder, "-f", "json")
    assert report.exit_code == 0, report.output
    team = json.loads(report.stdout)["touchpoints"]["touchpoints"]
    assert [t["ratings"] for t in team] == [["misery"], [None], ["magic"]]
