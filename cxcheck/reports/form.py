"""The answers form: one self-contained HTML page that a participant fills in a browser, with no install.

Opened as a file (``cxcheck form``, or the ``form.html`` that ``workshop init`` puts in the
folder) it keeps progress in the browser and downloads an ordinary answers file. Every item
is a plain HTML radio group inside one form, so the page reads without its script; the
script (``templates/form.js``) only pages through the sections, keeps progress and writes the
file. Its text and the style sheet's are hashed into the page's Content-Security-Policy, so
that no other script or style can run in it, whatever a checklist or a note contains.

``cxcheck collect`` serves the same page to each invited participant (:func:`served`): their
name is given, and the script posts the answers back instead of only downloading them.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from cxcheck import __version__
from cxcheck.core.aggregate import SUGGESTED_ROLES
from cxcheck.core.answers import FORMAT_VERSION
from cxcheck.core.workbook import key_of
from cxcheck.core.workshop import NAME_LIMIT, ROLE_LIMIT
from cxcheck.io import yamlsafe
from cxcheck.model import RATINGS, WORKBOOK_VERSION, AnswerSet, Checklist, Stage, TouchPoint, Workbook, number

NOTE_LIMIT = 2000
"""Characters a note may have: a paragraph or two."""
REASON_LIMIT = 300


def value_text(value: float) -> str:
    """An option's value written as the answers file writes it, so the page's file reads back the same number."""
    return yamlsafe.dump(number(value)).removesuffix("\n...\n").strip()


def touch_fields(journey: Workbook | None) -> list[tuple[str, Stage, TouchPoint]]:
    """The shared touch points as the form names them (``t1``, ``t2``, ... in journey order).

    The one numbering of the page, the script and the server that reads a submission.
    """
    return [(f"t{n}", stage, point) for n, (stage, point) in enumerate(journey.touchpoints if journey else [], 1)]


def form_context(
    checklists: Sequence[Checklist], organisation: str, title: str | None = None, journey: Workbook | None = None
) -> dict[str, Any]:
    """The template context of the form: every checklist's sections and items, the file's header, and a
    workshop's shared touch points to rate (``journey``, from ``workshop.shared_journey``)."""
    screens = []
    count = 0
    for checklist in checklists:
        for section in checklist.sections:
            items = []
            for item in section.items:
                full_id = checklist.full_id(item)
                count += 1
                items.append(
                    {
                        "id": full_id,
                        "number": count,
                        "question": item.question,
                        "help": item.help,
                        "options": [
                            {"label": o.label, "value": value_text(o.value)} for o in checklist.scale_of(item).options
                        ],
                    }
                )
            screens.append({"checklist": checklist.title, "title": section.title, "questions": items})
    touches = [
        {"id": tid, "stage": stage.name, "name": point.name, "channel": point.channel, "owner": point.owner}
        for tid, stage, point in touch_fields(journey)
    ]
    versions = {c.id: c.version for c in checklists}
    shared = [(t["stage"], t["name"]) for t in touches]
    key = hashlib.sha256(repr((organisation, sorted(versions.items()), shared)).encode()).hexdigest()[:16]
    return {
        "cxcheck_version": __version__,
        "title": title or f"Customer-focus checklist: {organisation}",
        "organisation": organisation,
        "checklists": [{"id": c.id, "title": c.title, "version": c.version} for c in checklists],
        "screens": screens,
        "total": sum(len(s["questions"]) for s in screens),
        "touches": touches,
        "ratings": [{"value": r, "label": r.capitalize()} for r in RATINGS],
        "roles": SUGGESTED_ROLES,
        "collect": None,
        "limits": {"note": NOTE_LIMIT, "reason": REASON_LIMIT, "role": ROLE_LIMIT, "name": NAME_LIMIT},
        "config": {
            "format_version": FORMAT_VERSION,
            "organisation": organisation,
            "checklists": versions,
            "storage_key": f"cxcheck-form-{key}",
            "touches": touches,
            "workbook_version": WORKBOOK_VERSION,
        },
    }


@dataclass(frozen=True)
class Served:
    """What the page needs when ``cxcheck collect`` serves it to one invited participant."""

    respondent: str
    role: str | None
    action: str
    """The address the script posts the answers to (the participant's own)."""
    csrf: str
    """The one-time token the next submission must carry."""
    saved: dict[str, Any] | None = None
    """The answers the server already holds for them, in the shape the script keeps its progress."""


def served(context: Mapping[str, Any], participant: Served) -> dict[str, Any]:
    """The form's context for one participant: their name, where to send, and their own place in the browser.

    The progress a browser keeps is the participant's own (one key per name), so two people
    answering in turn on one shared laptop never see each other's answers.
    """
    collect = {
        "respondent": participant.respondent,
        "role": participant.role,
        "action": participant.action,
        "csrf": participant.csrf,
        "saved": participant.saved,
    }
    mine = hashlib.sha256(participant.respondent.encode("utf-8")).hexdigest()[:12]
    config = {**context["config"], "storage_key": f"{context['config']['storage_key']}-{mine}", "collect": collect}
    return {**context, "collect": collect, "config": config}


def saved_state(answer_set: AnswerSet, journey: Workbook | None = None) -> dict[str, Any]:
    """An answers file as the form's script keeps its progress, so that the page opens where the file is."""
    answers = {
        full_id: {
            "value": "n/a" if answer.value is None else value_text(answer.value),
            "note": answer.note or "",
            "reason": answer.reason or "",
        }
        for full_id, answer in answer_set.answers.items()
    }
    book = answer_set.workbook
    touches = {}
    if book is not None:
        on_map = {key_of(s.name, p.name): p for s, p in book.touchpoints}
        for tid, stage, point in touch_fields(journey):
            mine = on_map.get(key_of(stage.name, point.name))
            if mine is not None and (mine.rating or mine.note):
                touches[tid] = {"rating": mine.rating, "note": mine.note or ""}
    return {"screen": 0, "started": None, "answers": answers, "touches": touches}


@dataclass(frozen=True)
class Assets:
    """The page's inline script and style, and the policy that lets exactly these two run."""

    script: str
    style: str

    @property
    def script_hash(self) -> str:
        return source_hash(self.script)

    @property
    def style_hash(self) -> str:
        return source_hash(self.style)

    def policy(self, served: bool = False) -> str:
        """The Content-Security-Policy: nothing but this page's own script and style, nothing fetched or posted.

        It sits in the page's own ``<meta>``, so that it guards the file opened offline; there
        ``frame-ancestors`` has no effect, so it is left out (the server sends it as a header).
        A ``served`` page may post its answers to the server that served it, and nowhere else.
        """
        parts = [
            "default-src 'none'",
            f"script-src '{self.script_hash}'",
            f"style-src '{self.style_hash}'",
            "img-src data:",
            *(["connect-src 'self'"] if served else []),
            "base-uri 'none'",
            "form-action 'none'",
        ]
        return "; ".join(parts)


def source_hash(text: str) -> str:
    """The CSP source (``sha256-...``) that lets exactly this inline script or style run."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@cache
def assets() -> Assets:
    """The script and style sheet, read once; their hashes go into every page's policy."""
    from cxcheck.reports.render import templates_dir

    folder = templates_dir()
    script = (folder / "form.js").read_text(encoding="utf-8")
    style = (folder / "form.css").read_text(encoding="utf-8")
    if "</" in script or "</" in style:
        raise AssertionError("form.js and form.css must not contain '</': they are inlined in the page")
    return Assets(script, style)


def render_form(context: Mapping[str, Any]) -> str:
    """The form page, its script and style inline and named in its own Content-Security-Policy."""
    from markupsafe import Markup

    from cxcheck.reports.render import render

    inline = assets()
    policy = inline.policy(served=context["collect"] is not None)
    return render(
        "form", "html", {**context, "script": Markup(inline.script), "style": Markup(inline.style), "csp": policy}
    )
