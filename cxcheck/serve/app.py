"""The collection server's web side: Starlette routes, and the guards every request passes.

Starlette (on uvicorn) rather than ``http.server``: uvicorn is a maintained server that
parses HTTP strictly (h11), bounds header sizes and concurrent connections, and shuts down
gracefully on Ctrl-C; Starlette gives routing and responses with no template engine or ORM of
its own to audit. The threat model is in docs/workshops.md; the guards, in request order:

- a rate limit per client address (a token bucket), then the security headers on every
  response: a Content-Security-Policy naming the page's own script and style by hash and
  forbidding framing, ``X-Frame-Options``, ``nosniff``, no referrer, no caching;
- the token in the path is the only key: an unknown one gets the same "not valid" answer as
  no token at all, and the participant, role and file come from the invitation it opens;
- a submission must come from the page itself: same origin, a form-encoded body of bounded
  size, a one-time CSRF token that the page received with it, and the documented fields only.

Endpoints are ``async`` and do their small file work in the event loop itself: one request
at a time touches the folder, so two submissions can never interleave their writes.
"""

from __future__ import annotations

import re
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from cxcheck.core import workshop
from cxcheck.errors import CxError
from cxcheck.reports.form import (
    NOTE_LIMIT,
    REASON_LIMIT,
    Served,
    assets,
    form_context,
    render_form,
    saved_state,
    served,
    source_hash,
)
from cxcheck.serve.invites import Link
from cxcheck.serve.session import Refused, Session

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

RATE = 10.0
"""Requests a second one address may keep up: a person clicking never comes near it."""
BURST = 40
"""Requests one address may make at once before the rate applies (a page is one request)."""
CSRF_KEPT = 8
"""Unused CSRF tokens kept per participant: one per page they have open."""
BASE_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
NOT_VALID = "This link is not valid. Ask the facilitator for your personal link."
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def body_limit(items: int) -> int:
    """The largest submission the form can send: every item answered with the longest note and reason.

    A character may take nine bytes form-encoded (three UTF-8 bytes, each ``%XX``).
    """
    return 4096 + items * ((NOTE_LIMIT + REASON_LIMIT) * 9 + 400)


@dataclass
class RateLimit:
    """A token bucket per client address; ``allow`` spends one token or says no."""

    rate: float = RATE
    burst: int = BURST
    clock: Callable[[], float] = time.monotonic
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, address: str) -> bool:
        now = self.clock()
        tokens, then = self.buckets.get(address, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - then) * self.rate)
        allowed = tokens >= 1
        self.buckets[address] = (tokens - 1 if allowed else tokens, now)
        if len(self.buckets) > 10_000:  # addresses that went quiet are forgotten rather than kept forever
            self.buckets = {a: b for a, b in self.buckets.items() if now - b[1] < 60}
        return allowed


@dataclass
class CsrfTokens:
    """One-time tokens each served page carries, so that only a page this server gave can submit."""

    issued: dict[str, deque[str]] = field(default_factory=dict)

    def issue(self, link: Link) -> str:
        token = secrets.token_urlsafe(18)
        self.issued.setdefault(link.token, deque(maxlen=CSRF_KEPT)).append(token)
        return token

    def spend(self, link: Link, given: str) -> bool:
        """True once per issued token: a replayed submission, or one without the token, is refused."""
        kept = self.issued.get(link.token, deque())
        for token in list(kept):
            if secrets.compare_digest(token.encode("ascii"), given.encode("utf-8")):
                kept.remove(token)
                return True
        return False


def guard(app: ASGIApp, limit: RateLimit) -> ASGIApp:
    """``app`` behind the rate limit, with the security headers on every response it sends."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        client = scope.get("client")
        if not limit.allow(client[0] if client else "?"):
            refused = PlainTextResponse("Too many requests; wait a moment.", 429, headers={"Retry-After": "1"})
            await with_headers(refused)(scope, receive, send)
            return
        await with_headers(app)(scope, receive, send)

    return guarded


def with_headers(app: ASGIApp) -> ASGIApp:
    """``app`` with the headers that forbid framing, sniffing, referrers and caching added to its responses."""

    async def headed(scope: Scope, receive: Receive, send: Send) -> None:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS:
                    if name not in present:
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await app(scope, receive, sending)

    return headed


SECURITY_HEADERS = [
    (b"content-security-policy", BASE_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def create_app(session: Session, limit: RateLimit | None = None) -> ASGIApp:
    """The server for ``session``: each participant's form at their link, and the facilitator's progress view."""
    from cxcheck.reports.render import render

    csrf = CsrfTokens()
    form = form_context(session.checklists, session.config.organisation, journey=session.journey)
    form_policy = assets().policy(served=True) + "; frame-ancestors 'none'"
    max_body = body_limit(session.questions)

    async def participant_page(request: Request) -> Response:
        link = session.links.find(request.path_params["token"])
        if link is None:
            return not_valid(request)
        try:
            kept = session.existing(link)
        except CxError:
            kept = None  # the file needs the facilitator; submitting says so, the page still opens
        invitee = link.invitee
        participant = Served(
            invitee.name,
            invitee.role,
            f"/p/{link.token}/answers",
            csrf.issue(link),
            saved_state(kept, session.journey) if kept else None,
        )
        page = render_form(served(form, participant))
        return HTMLResponse(page, headers={"content-security-policy": form_policy})

    async def submit(request: Request) -> Response:
        link = session.links.find(request.path_params["token"])
        if link is None:
            return JSONResponse({"message": NOT_VALID}, 404)
        try:
            fields = await submission(request, max_body, 3 * session.total + 2 * len(session.touches) + 1)
            given = [value for name, value in fields if name == "csrf"]
            if len(given) != 1 or not csrf.spend(link, given[0]):
                raise Refused(403, "This page was out of date. Press “Send my answers” again.")
            answer_set = session.submit(link, fields)
        except Refused as refused:
            return JSONResponse({"message": refused.message, "csrf": csrf.issue(link)}, refused.status)
        answered = sum(1 for k in answer_set.answers if k in session.scales)
        at = answer_set.updated.strftime("%H:%M") if answer_set.updated else ""
        touched = (
            f", {session.rated(answer_set)} of {len(session.touches)} touch points rated" if session.touches else ""
        )
        message = (
            f"Sent at {at}: {answered} of {session.total} items answered{touched}. "
            "You can change your answers and send again; the newest counts."
        )
        return JSONResponse({"message": message, "csrf": csrf.issue(link)})

    async def progress(request: Request) -> Response:
        if not session.links.is_consultant(request.path_params["token"]):
            return not_valid(request)
        rows = [
            {
                "name": row.name,
                "role": row.role,
                "file": row.file,
                "answered": row.answered,
                "updated": row.updated.strftime("%H:%M") if row.updated else None,
                "state": row.problem
                or ("finished" if row.answered == session.total else "answering" if row.updated else "not yet"),
            }
            for row in session.progress()
        ]
        invited = {row["file"] for row in rows}
        others = [p.name for p in workshop.find_answers(session.folder) if p.name not in invited]
        page = render(
            "progress",
            "html",
            {
                "cxcheck_version": form["cxcheck_version"],
                "organisation": session.config.organisation,
                "folder": session.folder.name,
                "total": session.total,
                "rows": rows,
                "finished": sum(1 for row in rows if row["state"] == "finished"),
                "others": others,
            },
        )
        return HTMLResponse(page, headers={"content-security-policy": style_policy(page)})

    async def not_found(request: Request, exc: Exception) -> Response:
        return not_valid(request)

    app = Starlette(
        routes=[
            Route("/p/{token}", participant_page, methods=["GET"]),
            Route("/p/{token}/answers", submit, methods=["POST"]),
            Route("/progress/{token}", progress, methods=["GET"]),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
    return guard(app, limit or RateLimit())


def not_valid(request: Request) -> Response:
    """The one answer to a wrong, missing or someone else's-looking token: it tells nothing about the rest."""
    return PlainTextResponse(NOT_VALID, 404)


async def submission(request: Request, limit: int, most_fields: int) -> list[tuple[str, str]]:
    """The submitted fields, if the request is one the page itself sent; else :class:`Refused`."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.headers.get('host', '')}":
        raise Refused(403, "Answers are accepted from the form this server gave out only.")
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise Refused(415, "Answers are accepted from the form this server gave out only.")
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Refused(413, "The submission is larger than the form can send.")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise Refused(413, "The submission is larger than the form can send.")
    try:
        return parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body), max_num_fields=most_fields
        )
    except ValueError:  # not UTF-8, or not form encoding
        raise Refused(400, "The submission could not be read; reload the page.") from None


def style_policy(page: str) -> str:
    """A page's policy naming its inline style sheets by hash: no script at all, no other style."""
    hashes = " ".join(f"'{source_hash(style)}'" for style in _STYLE.findall(page))
    return f"{BASE_POLICY}; style-src {hashes}"
