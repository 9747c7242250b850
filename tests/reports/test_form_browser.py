"""The offline answers form in real Chromium on a phone: paged, kept across a reload, downloaded, scored as assess would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser import PHONE, axe_violations, vnu_errors
from tests.conftest import Cli

pytestmark = pytest.mark.browser

CHECKLISTS = ("access", "loyalty")
NOTE = (
    'we "ask" <script>window.pwned = 1</script>\nsecond line \u2028 \x07 end: # not a comment \\ back'
    "\ttab \x7f del \x85 nel \x9b csi \ufeff bom \U0001f600 {a: [b]} 'single' &x *y !z %w @v `u` - 3"
)
"""Everything YAML could read as something else: quotes, line breaks, control characters, flow marks."""


@pytest.fixture(scope="module")
def form(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("form") / "form.html"
    result = Cli()("form", *CHECKLISTS, "--organisation", "Acme <b>Ltd</b>", "-o", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def phone(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A phone-sized page of its own (fresh storage), and what it did that the form must not."""
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "blob:")) else problems.append(f"request {r.url}"))
    yield page, problems
    context.close()


def answer_screen(page: Any, given: dict[str, Any]) -> None:
    """Answer every item of the current screen: options in turn, every fourth n/a with a reason, notes on some."""
    for fieldset in page.locator(".screen.current fieldset.item").all():
        full_id = fieldset.get_attribute("data-id")
        options = fieldset.locator("input[type=radio]")
        n = len(given)
        if n % 4 == 3:
            fieldset.get_by_label("Does not apply here").check()
            fieldset.get_by_label("Why does it not apply?").fill("no shop")
            given[full_id] = {"value": "n/a", "reason": "no shop"}
            continue
        choice = options.nth(n % (options.count() - 1))
        choice.check()
        given[full_id] = {"value": choice.get_attribute("value")}
        if n % 5 == 0:
            fieldset.get_by_text("Add a note").click()
            fieldset.get_by_label("Note").fill(NOTE)
            given[full_id]["note"] = NOTE


def test_a_participant_answers_on_a_phone_reloads_halfway_and_downloads_what_assess_would_score_alike(
    phone, form: Path, tmp_path: Path, cli: Cli
) -> None:
    page, problems = phone
    page.goto(form.as_uri())
    assert page.locator(".screen.current h2").inner_text() == "About you"
    page.get_by_label("Your name").fill("Ann Lee")
    page.get_by_label("Your role").fill("frontline")
    page.get_by_role("button", name="Next").click()
    screens = page.locator(".screen").count()
    given: dict[str, Any] = {}
    for n in range(screens - 2):
        assert page.locator(".screen.current").count() == 1
        assert page.get_by_role("button", name="Skip").is_visible()  # nothing answered here yet
        if n == 2:  # one section skipped: left open, not counted
            page.get_by_role("button", name="Skip").click()
            continue
        answer_screen(page, given)
        assert f"{len([v for v in given.values()])} of " in page.locator("#progress-text").inner_text()
        if n == 3:
            page.reload()  # halfway: nothing lost, the same screen again
            assert page.locator(".screen.current fieldset.item input:checked").count() > 0
            assert page.get_by_label("Your name").input_value() == "Ann Lee"
        page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Back").click()
    page.get_by_role("button", name="Next").click()
    assert page.locator("#summary").inner_text().startswith(f"You have answered {len(given)} of ")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    assert download.value.suggested_filename == "answers-ann-lee.yaml"
    downloaded = tmp_path / download.value.suggested_filename
    download.value.save_as(downloaded)
    assert page.evaluate("window.pwned") is None
    assert problems == []

    by_hand = tmp_path / "by-assess.yaml"
    sets = [f"--set={k}={v['value']}" for k, v in given.items()]
    sets += [f"--{field}={k}={v[field]}" for k, v in given.items() for field in ("note", "reason") if field in v]
    made = cli("assess", "--answers", by_hand, "--respondent", "Ann Lee", "--role", "frontline",
               "--organisation", "Acme <b>Ltd</b>", *sets)  # fmt: skip
    assert made.exit_code == 0, made.output
    reports = []
    for path in (downloaded, by_hand):
        result = cli("report", path, "-f", "json")
        assert result.exit_code == 0, result.output
        reports.append(json.loads(result.stdout))
    form_report, assess_report = reports
    assert form_report["respondent"] == "Ann Lee" and form_report["role"] == "frontline"
    assert form_report["overall"] == assess_report["overall"]
    assert form_report["checklists"] == assess_report["checklists"]
    from cxcheck.core import answers
    from cxcheck.core.catalog import discover

    loaded = answers.load(downloaded, discover())
    assert {k: a.note for k, a in loaded.answers.items() if a.note} == {
        k: v["note"].strip() for k, v in given.items() if "note" in v
    }
    assert {k for k, a in loaded.answers.items() if a.reason == "no shop"} == {
        k for k, v in given.items() if v["value"] == "n/a"
    }


def test_with_storage_refused_the_answers_stay_in_the_page_with_a_warning(
    browser, form: Path, tmp_path: Path, cli: Cli
) -> None:
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() { throw new DOMException('denied', 'SecurityError'); }});"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(form.as_uri())
    warning = page.locator("#storage-warning")
    assert warning.is_visible() and "stay in this page only" in warning.inner_text()
    page.get_by_label("Your name").fill("Bo")
    page.get_by_role("button", name="Next").click()
    given: dict[str, Any] = {}
    answer_screen(page, given)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Back").click()
    assert page.locator(".screen.current fieldset.item input:checked").count() == len(given)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my answers").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    context.close()
    assert errors == []
    result = cli("report", saved, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["overall"]["counts"]["answered"] == len(
        [v for v in given.values() if v["value"] != "n/a"]
    )


def test_the_form_passes_axe_and_the_html_validator_and_answers_by_keyboard(browser, form: Path) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # only so that axe can be injected
    page = context.new_page()
    page.goto(form.as_uri())
    assert axe_violations(page) == []
    page.get_by_label("Your name").fill("Kay")
    page.keyboard.press("Enter")  # Enter in a text field moves on instead of submitting
    page.get_by_label("Your role").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.tagName") == "H2"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past "Why it matters" to the first answer
    page.keyboard.press("Space")
    assert page.locator(".screen.current input:checked").count() == 1
    assert axe_violations(page) == []
    context.close()
    assert vnu_errors(form) == ""


def test_the_page_forbids_any_script_or_style_but_its_own(browser, form: Path) -> None:
    page = browser.new_page()
    page.goto(form.as_uri())
    policy = page.locator("meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy and "unsafe" not in policy
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = 1")
    assert page.evaluate("window.injected") is None
    page.close()
