"""The collection server attacked over HTTP on 127.0.0.1: every request refused or harmless, nothing written astray."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import Cli
from tests.serve.server import Running, collecting, workshop

FORM = "application/x-www-form-urlencoded"


def tree(root: Path) -> dict[str, str]:
    """Every file under ``root`` and a digest of its content: what the server must leave alone."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Running, Path]]:
    root = tmp_path_factory.mktemp("collect")
    folder = workshop(root, "access")
    with collecting(folder, ["Ann Lee:frontline", "Bo:leadership"]) as running:
        yield running, root


@pytest.fixture
def client(server: tuple[Running, Path]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0].base, timeout=10) as http:
        yield http


def page_config(http: httpx.Client, link: str) -> dict[str, Any]:
    """The served page's own configuration: where it posts, and the one-time token it carries."""
    page = http.get(link)
    assert page.status_code == 200
    found = re.search(r'<script type="application/json" id="form-config">(.*?)</script>', page.text, re.DOTALL)
    assert found
    config: dict[str, Any] = json.loads(found.group(1))
    return config


def post(http: httpx.Client, action: str, fields: list[tuple[str, str]], **headers: str) -> httpx.Response:
    body = httpx.QueryParams(fields).__str__()
    return http.post(action, content=body, headers={"content-type": FORM, **headers})


def wait_for_rate(http: httpx.Client, link: str) -> None:
    """The limit refills in seconds: wait until the server answers this address again, and for a few more."""
    for _ in range(50):
        if http.get(link).status_code != 429:
            time.sleep(1)  # ten more requests' worth
            return
        time.sleep(0.2)
    raise AssertionError("still refused after 10 s")


def test_a_valid_submission_writes_the_participants_own_file_read_as_any_answers_file(server, client, cli: Cli) -> None:
    running, root = server
    wait_for_rate(client, running.links["Ann Lee"])
    config = page_config(client, running.links["Ann Lee"])
    collect = config["collect"]
    assert collect["respondent"] == "Ann Lee" and collect["role"] == "frontline"
    fields = [("csrf", collect["csrf"]), ("answer:access/contact-findable", "1")]
    fields += [("note:access/contact-findable", "<script>window.pwned = 1</script> & ../../etc/passwd")]
    fields += [("answer:access/preferred-channels", "n/a"), ("reason:access/preferred-channels", "no shop")]
    sent = post(client, collect["action"], fields)
    assert sent.status_code == 200, sent.text
    assert sent.json()["message"].startswith("Sent at ") and sent.json()["csrf"] != collect["csrf"]
    folder = root / "acme"
    result = cli("report", folder / "answers-ann-lee.yaml", "--checklists", folder / "checklists", "-f", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["respondent"] == "Ann Lee" and report["role"] == "frontline"
    # a script in a note is text everywhere: in the workshop report and in the page served back
    html = cli("report", folder, "-o", root / "workshop.html")
    assert html.exit_code == 0, html.output
    assert "<script>window.pwned" not in (root / "workshop.html").read_text(encoding="utf-8")
    again = client.get(running.links["Ann Lee"]).text
    assert "<script>window.pwned" not in again and "\\u003cscript\\u003ewindow.pwned" in again
    assert not (root / "etc").exists() and not (folder / "etc").exists()


def test_a_wrong_or_missing_token_opens_nothing_and_says_nothing(server, client) -> None:
    running, root = server
    wait_for_rate(client, running.links["Bo"])
    before = tree(root)
    token = running.links["Bo"].rsplit("/", 1)[1]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    # a participant's token does not open the facilitator's progress view either
    refusals = [client.get(path) for path in ("/", "/p/", f"/p/{wrong}", "/p/" + "x" * 5000, f"/progress/{token}")]
    refusals += [
        client.get("/progress/"),
        client.post(f"/p/{wrong}/answers", content="csrf=x", headers={"content-type": FORM}),
    ]
    refusals += [client.get(f"/p/{token}/answers"), client.get("/p/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    assert {r.status_code for r in refusals} == {404}
    assert {r.text for r in refusals if r.headers["content-type"].startswith("text/plain")} == {
        "This link is not valid. Ask the facilitator for your personal link."
    }
    assert tree(root) == before


def test_one_participants_link_can_neither_read_nor_overwrite_anothers_answers(server, client) -> None:
    running, root = server
    wait_for_rate(client, running.links["Bo"])
    ann = page_config(client, running.links["Ann Lee"])["collect"]
    first = post(client, ann["action"], [("csrf", ann["csrf"]), ("answer:access/contact-findable", "0")])
    assert first.status_code == 200
    folder = root / "acme"
    anns = (folder / "answers-ann-lee.yaml").read_text(encoding="utf-8")
    bo = page_config(client, running.links["Bo"])["collect"]
    assert bo["saved"] is None and "Ann" not in client.get(running.links["Bo"]).text  # nothing of Ann's shown to Bo
    # Bo's token with Ann's page token, and Ann's token with Bo's page token: one-time tokens are per link
    crossed = post(client, bo["action"], [("csrf", ann["csrf"]), ("answer:access/contact-findable", "1")])
    assert crossed.status_code == 403
    sent = post(client, bo["action"], [("csrf", crossed.json()["csrf"]), ("answer:access/contact-findable", "1")])
    assert sent.status_code == 200
    assert (folder / "answers-ann-lee.yaml").read_text(encoding="utf-8") == anns
    assert "respondent: Bo\n" in (folder / "answers-bo.yaml").read_text(encoding="utf-8")


def test_submissions_without_the_pages_one_time_token_or_from_elsewhere_are_refused(server, client) -> None:
    running, root = server
    wait_for_rate(client, running.links["Bo"])
    config = page_config(client, running.links["Bo"])["collect"]
    action, csrf = config["action"], config["csrf"]
    answer = ("answer:access/contact-findable", "0")
    before = tree(root)
    assert post(client, action, [answer]).status_code == 403  # no CSRF token
    assert post(client, action, [("csrf", "forged-" + csrf), answer]).status_code == 403
    assert post(client, action, [("csrf", csrf), ("csrf", csrf), answer]).status_code == 403
    assert post(client, action, [("csrf", csrf), answer], origin="http://evil.example").status_code == 403
    as_json = client.post(action, json={"csrf": csrf, "answer:access/contact-findable": "0"})
    assert as_json.status_code == 415
    assert tree(root) == before
    sent = post(client, action, [("csrf", csrf), answer])
    assert sent.status_code == 200  # the page's token was never spent by the refusals
    written = tree(root)
    replayed = post(client, action, [("csrf", csrf), answer])
    assert replayed.status_code == 403 and "out of date" in replayed.json()["message"]
    assert tree(root) == written


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ([("answer:../../../tmp/evil", "1")], 400),
        ([("answer:access/contact-findable/../../x", "1")], 400),
        ([("path", "/etc/passwd"), ("answer:access/contact-findable", "1")], 400),
        ([("respondent", "Ann Lee"), ("answer:access/contact-findable", "1")], 400),
        ([("answer:access/contact-findable", "../../etc/passwd")], 400),
        ([("answer:access/contact-findable", "7")], 400),
        ([("answer:access/contact-findable", "1"), ("answer:access/contact-findable", "0")], 400),
        ([("answer:access/contact-findable", "1"), ("note:access/contact-findable", "x" * 2001)], 413),
        ([("answer:access/contact-findable", "n/a"), ("reason:access/contact-findable", "x" * 301)], 413),
        ([("answer:access/contact-findable", "1" * 17)], 413),
        ([("answer:access/contact-findable", "1"), ("reason:access/contact-findable", "closed")], 400),
        ([("note:access/contact-findable", "no answer given")], 400),
    ],
    ids=[
        "path-as-id",
        "path-after-id",
        "unknown-field",
        "respondent-field",
        "path-as-value",
        "off-scale",
        "twice",
        "long-note",
        "long-reason",
        "long-answer",
        "reason-without-n/a",
        "note-without-answer",
    ],  # fmt: skip
)
def test_anything_but_the_documented_fields_refuses_the_whole_submission(server, client, fields, status) -> None:
    running, root = server
    wait_for_rate(client, running.links["Bo"])
    config = page_config(client, running.links["Bo"])["collect"]
    before = tree(root)
    refused = post(client, config["action"], [("csrf", config["csrf"]), *fields])
    assert refused.status_code == status, refused.text
    assert refused.json()["message"] and "Traceback" not in refused.text
    assert tree(root) == before


def test_an_oversized_body_is_refused_before_it_is_read_whole(server, client) -> None:
    running, root = server
    wait_for_rate(client, running.links["Bo"])
    config = page_config(client, running.links["Bo"])["collect"]
    before = tree(root)
    huge = "csrf=" + config["csrf"] + "&note:access/contact-findable=" + "x" * 5_000_000
    declared = client.post(config["action"], content=huge, headers={"content-type": FORM})
    assert declared.status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the server must count as it reads
        yield f"csrf={config['csrf']}&note:access/contact-findable=".encode()
        for _ in range(100):
            yield b"x" * 50_000

    streamed = client.post(config["action"], content=chunks(), headers={"content-type": FORM})
    assert streamed.status_code == 413
    assert tree(root) == before


def test_every_response_forbids_framing_and_any_script_but_the_pages_own(server, client) -> None:
    running, _ = server
    wait_for_rate(client, running.links["Bo"])
    for response in (client.get(running.links["Bo"]), client.get(running.progress), client.get("/nothing")):
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy and "unsafe" not in policy
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["cache-control"] == "no-store"
    page = client.get(running.links["Bo"]).headers["content-security-policy"]
    assert "script-src 'sha256-" in page and "connect-src 'self'" in page
    assert "script-src" not in client.get(running.progress).headers["content-security-policy"]


def test_two_hundred_rapid_requests_are_limited_and_the_server_still_answers_after(server, client) -> None:
    running, root = server
    wait_for_rate(client, running.links["Bo"])
    before = tree(root)
    config = page_config(client, running.links["Bo"])["collect"]
    codes = [post(client, config["action"], [("answer:access/contact-findable", "1")]).status_code for _ in range(200)]
    assert set(codes) <= {403, 429} and 429 in codes  # refused, then rate-limited
    assert tree(root) == before
    wait_for_rate(client, running.links["Bo"])
    assert client.get(running.links["Bo"]).status_code == 200


@pytest.mark.parametrize("declared", ["²", "①", "+5", "-1"])
def test_a_content_length_that_is_no_count_is_refused_not_a_crash(declared: str) -> None:
    """uvicorn's h11 refuses these itself; the app must too behind any other ASGI server."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from starlette.requests import Request

    from cxcheck.serve.app import submission
    from cxcheck.serve.session import Refused

    scope = {
        "type": "http",
        "method": "POST",
        "scheme": "http",
        "path": "/p/x/answers",
        "query_string": b"",
        "server": ("127.0.0.1", 8000),
        "headers": [(b"content-type", FORM.encode()), (b"content-length", declared.encode("latin-1", "replace"))],
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    with ThreadPoolExecutor(1) as own_loop, pytest.raises(Refused) as refused:  # the browser tests hold this thread's
        own_loop.submit(asyncio.run, submission(Request(scope, receive), 100, 10)).result()
    assert refused.value.status == 413
