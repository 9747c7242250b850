"""Real clients for HTML reports, shared by every report kind's browser tests.

- :func:`browser` (a pytest fixture): Debian's Chromium driven by Python playwright, one per
  test session. Missing Chromium skips the test on a laptop but FAILS it in CI (``CI`` set),
  where ``scripts/install-test-deps`` must have installed it.
- :func:`watched_page`: a page that records console errors, page errors and every request
  that is not ``file:`` or ``data:``; a report must make none of them.
- :func:`axe_violations`: axe-core's serious and critical accessibility findings.
- :func:`vnu_errors`: the W3C validator's errors for HTML files (one JVM for all of them).

``tests/conftest.py`` registers this module as a plugin, so every test module gets the
fixture by naming it; import the helpers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def require(available: bool, what: str) -> None:
    """Skip when a real client is missing here, fail when it is missing in CI."""
    if available:
        return
    message = f"{what} is missing; run scripts/install-test-deps"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole session: starting it costs a second, a page costs milliseconds."""
    require(CHROMIUM.exists(), str(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@contextmanager
def watched_page(browser: Browser, path: Path, viewport: dict[str, int] = DESKTOP) -> Iterator[tuple[Page, list[str]]]:
    """``path`` opened in a fresh page, and the list of everything it did that a report must not."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    problems: list[str] = []
    page.on(
        "console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else problems.append(f"request: {r.url}"))
    page.goto(path.as_uri())
    try:
        yield page, problems
    finally:
        page.close()


def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's findings of the given impacts, one line each (rule, impact, first target)."""
    require(AXE.exists(), str(AXE))
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes'][0]['target'] if v['nodes'] else '?'}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def vnu_errors(*paths: Path) -> str:
    """What the W3C validator says is wrong with ``paths`` (empty when valid); one Java start for all."""
    require(VNU.exists() and shutil.which("java") is not None, f"java and {VNU}")
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return (done.stdout + done.stderr).strip()
