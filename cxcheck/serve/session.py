"""The workshop being collected: what a submission may hold, and how it becomes an answers file.

A submission is the form's own fields and nothing else (docs/workshops.md, "Collecting on the
day"): ``csrf``, ``answer:ID``, ``note:ID``, ``reason:ID`` for the items of the workshop's
checklists, and ``rating:TID``, ``seen:TID`` for the touch points of its shared journey
(``reports.form.touch_fields`` numbers them). Anything else, or too much of anything, refuses
the whole submission. Ratings go into the participant's own map, where the workshop report
reads each person's rating of a shared touch point. The file is
the participant's (named after their invitation), written atomically, and read back by the
same loader as a hand-written answers file before it replaces the previous one, so that
``cxcheck report`` and ``consensus`` read it unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cxcheck.core import answers, workshop
from cxcheck.core.answers import parse_answer
from cxcheck.core.catalog import Catalog
from cxcheck.core.workbook import key_of, with_touch
from cxcheck.core.workshop import Invitee, WorkshopFile
from cxcheck.errors import CxError
from cxcheck.io import lock
from cxcheck.io.atomic import write_atomic
from cxcheck.model import RATINGS, Answer, AnswerSet, Checklist, Scale, Stage, TouchPoint, Workbook
from cxcheck.reports.form import NOTE_LIMIT, REASON_LIMIT, touch_fields, value_text
from cxcheck.serve.invites import Invitations, Link, invitations

LIMITS = {"answer": 16, "note": NOTE_LIMIT, "reason": REASON_LIMIT, "rating": 16, "seen": NOTE_LIMIT}
"""The longest text each field may carry: what the form's own inputs allow (an answer is a scale value)."""


_ATTENTION = (
    "Your answers file on the facilitator's computer needs their attention first: "
    "your answers are still in this page; tell the facilitator."
)


class Refused(Exception):
    """A request the server will not act on: the HTTP status, and a sentence for the participant."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Progress:
    """One invited participant's standing, for the facilitator's progress view."""

    name: str
    role: str | None
    file: str
    answered: int
    """Items answered, n/a included."""
    updated: dt.datetime | None
    problem: str | None = None
    """Why the participant's file could not be read (edited by hand?), if it could not."""


@dataclass
class Session:
    """A workshop folder open for collection, and the links that may write into it."""

    folder: Path
    config: WorkshopFile
    catalog: Catalog
    checklists: list[Checklist]
    links: Invitations
    now: Callable[[], dt.datetime]
    scales: dict[str, Scale]
    """Every item the form shows, by full id: the only ids a submission may name."""
    journey: Workbook | None = None
    """The workshop's shared journey, unrated (``workshop.shared_journey``); None when it has none."""

    @property
    def touches(self) -> dict[str, tuple[Stage, TouchPoint]]:
        """The shared touch points by the id the form gives them: the only ones a submission may rate."""
        return {tid: (stage, point) for tid, stage, point in touch_fields(self.journey)}

    @classmethod
    def open(cls, folder: Path, invited: Sequence[Invitee], now: Callable[[], dt.datetime]) -> Session:
        """The folder's workshop, checklists and links; a participant's file that is not theirs stops it here."""
        config = workshop.load_config(folder)
        if config is None:
            raise CxError(
                f"not a workshop folder (no {workshop.CONFIG}); create one with `cxcheck workshop init`", folder
            )
        catalog = workshop.catalog_for([folder], [])
        checklists = [catalog.get(i) for i in config.checklists]
        scales = {c.full_id(item): c.scale_of(item) for c in checklists for _, item in c.items}
        links = invitations(folder, [*config.invites, *invited])
        session = cls(folder, config, catalog, checklists, links, now, scales, workshop.shared_journey(folder))
        for link in session.links.links:
            session.existing(link)
        return session

    @property
    def order(self) -> list[str]:
        return answers.item_order(self.checklists)

    def path_of(self, link: Link) -> Path:
        """The participant's answers file: named after the invitation, always directly in the folder."""
        return self.folder / link.invitee.file_name

    def existing(self, link: Link) -> AnswerSet | None:
        """The participant's answers so far, or None; a file there that is someone else's is never theirs."""
        path = self.path_of(link)
        if not path.exists():
            return None
        kept = answers.load(path, self.catalog, self.now().date())
        if kept.respondent != link.invitee.name:
            raise CxError(
                f"holds the answers of {kept.respondent!r}, not of the invited {link.invitee.name!r}; "
                "rename the file or the invitation, so that neither overwrites the other",
                path,
            )
        return kept

    def submit(self, link: Link, fields: Sequence[tuple[str, str]]) -> AnswerSet:
        """Write the participant's answers file from a submission's answer fields; what it held else is kept."""
        given, rated = self.read_fields(fields)
        try:
            with lock.locked(self.path_of(link)):
                return self._write(link, given, rated)
        except lock.Busy:
            raise Refused(409, "Your answers file is open in a cxcheck session on the facilitator's computer; "
                          "your answers are still in this page: send them again once it is closed.") from None  # fmt: skip
        except CxError:  # the lock itself could not be taken: a link in the folder, a folder gone read-only
            raise Refused(409, _ATTENTION) from None

    def _write(self, link: Link, given: dict[str, Answer], rated: dict[str, dict[str, str | None]]) -> AnswerSet:
        """Under the lock a terminal session takes too, so that neither overwrites the other's answers."""
        try:
            before = self.existing(link)
        except CxError:
            raise Refused(409, _ATTENTION) from None
        moment = self.now()
        invitee = link.invitee
        base = before or AnswerSet(respondent=invitee.name, organisation=self.config.organisation, date=moment.date())
        answer_set = replace(
            base,
            role=invitee.role,
            organisation=self.config.organisation,
            date=moment.date(),
            started=base.started or moment,
            updated=moment,
            checklists={c.id: str(c.version) for c in self.checklists},
            answers={**{k: v for k, v in base.answers.items() if k not in self.scales}, **given},
        )
        if self.journey is not None:
            answer_set = self._rated(answer_set, rated)
        path = self.path_of(link)
        text = answers.to_yaml(answer_set, self.order)
        try:
            # read back as any hand-written file is before it takes the old file's place (a map kept in
            # a file of its own is named, not rewritten: the form does not change it)
            write_atomic(path, text, check=lambda tmp: answers.load(tmp, self.catalog, moment.date()))
        except CxError as exc:
            raise Refused(400, "; ".join(p.message for p in exc.problems)) from None
        return answer_set

    def _rated(self, answer_set: AnswerSet, rated: dict[str, dict[str, str | None]]) -> AnswerSet:
        """The participant's map with the shared touch points as the form gave them (unrated where left open).

        A map that started elsewhere keeps everything else on it; one kept in a file of its own
        is that file's, which the form never rewrites.
        """
        if answer_set.workbook_file is not None:
            if rated:
                raise Refused(409, f"Your map is kept in {answer_set.workbook_file}, which this form does not change; "
                              "your answers are still in this page; tell the facilitator.")  # fmt: skip
            return answer_set
        book = answer_set.workbook
        if book is None:
            assert self.journey is not None
            book = self.journey
        for tid, (stage, point) in self.touches.items():
            given = rated.get(tid, {})
            book = with_touch(book, stage.name, point.name, rating=given.get("rating"), note=given.get("seen"))
        return replace(answer_set, workbook=book)

    def read_fields(
        self, fields: Sequence[tuple[str, str]]
    ) -> tuple[dict[str, Answer], dict[str, dict[str, str | None]]]:
        """The answers and touch-point ratings a submission gives; anything but the documented fields refuses it whole."""
        values: dict[str, str] = {}
        texts: dict[tuple[str, str], str] = {}
        rated: dict[str, dict[str, str | None]] = {}
        for name, value in fields:
            kind, sep, full_id = name.partition(":")
            if name == "csrf":
                continue
            if kind in ("rating", "seen") and full_id in self.touches:
                if kind in rated.get(full_id, {}):
                    raise Refused(400, "The submission names one touch point twice; reload the page.")
                if len(value) > LIMITS[kind]:
                    raise Refused(413, f"A note is longer than the form allows ({LIMITS[kind]} characters).")
                if kind == "rating" and value not in RATINGS:
                    raise Refused(400, f"{value!r} is not one of the ratings the form offers; reload the page.")
                rated.setdefault(full_id, {})[kind] = value.strip() or None
                continue
            if not sep or kind not in ("answer", "note", "reason") or full_id not in self.scales:
                raise Refused(400, "The submission holds a field this form does not have; reload the page.")
            if full_id in values and kind == "answer" or (kind, full_id) in texts:
                raise Refused(400, "The submission names one item twice; reload the page.")
            if len(value) > LIMITS[kind]:
                raise Refused(413, f"A {kind} is longer than the form allows ({LIMITS[kind]} characters).")
            if kind == "answer":
                values[full_id] = value
            else:
                texts[kind, full_id] = value.strip()
        for kind, full_id in texts:
            if full_id not in values or kind == "reason" and values[full_id] != "n/a":
                needs = "an answer" if kind == "note" else "the answer n/a"
                raise Refused(400, f"{full_id}: a {kind} comes only with {needs}; reload the page.")
        given: dict[str, Answer] = {}
        for full_id, value in values.items():
            note = texts.get(("note", full_id)) or None
            reason = texts.get(("reason", full_id)) or None
            raw = {"value": value, "note": note, "reason": reason}
            allowed = value == "n/a" or value in {value_text(o.value) for o in self.scales[full_id].options}
            answer, wrong = parse_answer({k: v for k, v in raw.items() if v is not None}, self.scales[full_id])
            if wrong or not allowed:
                raise Refused(400, f"{full_id}: {wrong or 'not one of the answers the form offers'}; reload the page.")
            given[full_id] = answer
        return given, rated

    def progress(self) -> list[Progress]:
        """Every invited participant, in the order invited, with how far their answers file goes."""
        rows = []
        for link in self.links.links:
            invitee = link.invitee
            try:
                kept = self.existing(link)
            except CxError as exc:
                rows.append(Progress(invitee.name, invitee.role, invitee.file_name, 0, None, exc.problems[0].message))
                continue
            answered = sum(1 for k in kept.answers if k in self.scales) if kept else 0
            rows.append(
                Progress(invitee.name, invitee.role, invitee.file_name, answered, kept.updated if kept else None)
            )
        return rows

    @property
    def total(self) -> int:
        return len(self.scales)

    def rated(self, answer_set: AnswerSet) -> int:
        """How many of the shared touch points the participant's map rates."""
        shared = {key_of(stage.name, point.name) for stage, point in self.touches.values()}
        book = answer_set.workbook
        return sum(1 for s, p in book.touchpoints if p.rating and key_of(s.name, p.name) in shared) if book else 0

    @property
    def questions(self) -> int:
        """Items and shared touch points: what bounds the size of a submission."""
        return self.total + len(self.touches)
