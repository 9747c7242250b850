"""Two assessments side by side: what changed, by how much, and what did not count as a change.

The result (:func:`compare`) is plain data, which the compare report presents
(:mod:`cxcheck.reports.compare`). Changes are the differences of the one-decimal figures the
two reports show, so a reader can check every one by hand.

When a checklist's version differs between the two, some items exist in only one of them.
Those are listed as new or removed, never as a move, and the checklist also gets a
like-for-like score: the newer assessment scored on the items both answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from typing_extensions import TypedDict

from cxcheck.core.ranking import Standing, rank
from cxcheck.core.scoring import score_checklist, shown
from cxcheck.core.snapshot import ChecklistFigures, ItemFigures, Part, Snapshot
from cxcheck.core.targets import BandsEntry
from cxcheck.model import BandName, documented, number

DEFAULT_TOP = 5


@documented
class Side(TypedDict):
    """One assessment's figures for a part; all null where that assessment does not score it"""

    score: float | None
    """the score, 0..100 to one decimal"""
    band: BandName | None
    """its band, by that assessment's thresholds"""
    target: float | None
    """the target in effect"""
    coverage: float | None
    """answered / applicable items x 100"""


@documented
class Change(TypedDict):
    """A part in both assessments, and how it moved"""

    old: Side
    """OLD's figures"""
    new: Side
    """NEW's figures"""
    change: float | None
    """NEW's score minus OLD's, in points; null where either has none"""
    direction: Literal["up", "down", "same"] | None
    """which way it moved"""
    band_changed: bool
    """both have a band and they differ"""


@documented
class _Named(TypedDict):
    id: str
    """the id"""
    title: str
    """the title"""


@documented
class SectionChange(_Named, Change):
    """One section's change"""


@documented
class Assessment(TypedDict):
    """Which assessment a side is"""

    file: str
    """the file as given"""
    source: str
    """answers or report: what the file is"""
    organisation: str
    """the business assessed"""
    respondent: str
    """who answered"""
    date: str
    """the date of the answers (ISO 8601)"""


@documented
class NewItem(TypedDict):
    """An item only the new version has"""

    id: str
    """full item id"""
    question: str
    """its question"""
    answer: str | None
    """NEW's answer"""


@documented
class LikeForLike(TypedDict):
    """The checklist scored on the items both versions have"""

    old: float | None
    """OLD's score"""
    new: float | None
    """NEW's score on the shared items"""
    change: float | None
    """the difference, in points"""


@documented
class VersionChange(TypedDict):
    """What changed between the two versions of a checklist"""

    items_known: bool
    """both are answers files (a report does not list its items)"""
    new_items: list[NewItem]
    """items NEW answered that OLD could not have"""
    removed_items: list[str]
    """OLD's answers to items the checklist no longer has"""
    like_for_like: LikeForLike | None
    """the score on the items both answered; null when no item was added"""


@documented
class _ChecklistHead(_Named):
    old_version: str | None
    """the version OLD answered"""
    new_version: str | None
    """the version NEW answered"""
    scored_in: Literal["both", "new", "old"]
    """which assessments score this checklist"""


@documented
class _ChecklistTail(TypedDict):
    sections: list[SectionChange]
    """every section, NEW's order first"""
    version_change: VersionChange | None
    """when the versions differ: items new and removed, and a like-for-like score"""


@documented
class ChecklistChange(_ChecklistHead, Change, _ChecklistTail):
    """One checklist's change, with its sections"""


@documented
class ItemSide(TypedDict):
    """An item's answer in one assessment"""

    answer: str | None
    """the answer's label"""
    score: float | None
    """its score, 0..100"""
    status: str
    """answered, n/a or unanswered"""


@documented
class ItemMove(TypedDict):
    """One item, before and after"""

    id: str
    """full item id"""
    checklist: str
    """checklist id"""
    section: str
    """section id"""
    question: str
    """its question"""
    rank: int | None
    """its place among the moves its way, by size; equal moves share a rank (docs/reports.md "Ranks and ties"); null when the status changed"""
    tied: bool
    """another move its way, listed or not, is as large"""
    old: ItemSide
    """OLD's answer"""
    new: ItemSide
    """NEW's answer"""
    change: float | None
    """the score's move in points; null when the status changed"""


@documented
class Items(TypedDict):
    """The items that moved (answers files only)"""

    compared: bool
    """both are answers files, so items could be compared"""
    top: int
    """how many are listed each way at most (--top)"""
    moved: int
    """items whose score moved"""
    unchanged: int
    """items answered alike in both"""
    up: list[ItemMove]
    """the biggest rises, biggest first; equal rises share a rank, heavier weight first, then checklist order"""
    up_more_tied: int
    """rises left out by --top as large as the last one listed"""
    down: list[ItemMove]
    """the biggest falls, biggest first, as the rises"""
    down_more_tied: int
    """falls left out by --top as large as the last one listed"""
    status_changed: list[ItemMove]
    """items answered in one and n/a or unanswered in the other"""


@documented
class Comparison(TypedDict):
    """OLD against NEW"""

    old: Assessment
    """the earlier assessment"""
    new: Assessment
    """the later assessment"""
    days: int
    """days from OLD to NEW"""
    bands: BandsEntry
    """NEW's band thresholds"""
    notes: list[str]
    """what a reader must know to read the changes right"""
    overall: Change
    """the whole"""
    checklists: list[ChecklistChange]
    """every checklist either scores, NEW's order first"""
    items: Items
    """the items that moved most"""


@dataclass(frozen=True)
class _Pair:
    """The old and new assessment, to judge each side's band by its own thresholds."""

    old: Snapshot
    new: Snapshot

    def change(self, old: Part | None, new: Part | None) -> Change:
        """Both sides' figures, the change in points and whether the band changed."""
        before = None if old is None else old.score
        after = None if new is None else new.score
        old_band, new_band = self.old.band(before), self.new.band(after)
        delta = None if before is None or after is None else round(after - before, 1)
        return {
            "old": _side(old, old_band),
            "new": _side(new, new_band),
            "change": delta,
            "direction": None if delta is None else "up" if delta > 0 else "down" if delta < 0 else "same",
            "band_changed": old_band != new_band and old_band is not None and new_band is not None,
        }


def _side(part: Part | None, band: BandName | None) -> Side:
    if part is None:
        return {"score": None, "band": None, "target": None, "coverage": None}
    return {"score": part.score, "band": band, "target": number(part.target), "coverage": shown(part.coverage)}


def compare(old: Snapshot, new: Snapshot, top: int = DEFAULT_TOP) -> Comparison:
    """OLD against NEW: overall, every checklist and section, the items that moved most, and notes."""
    pair = _Pair(old, new)
    ids = [c.id for c in new.checklists] + [c.id for c in old.checklists if new.checklist(c.id) is None]
    sides = [(old.checklist(i), new.checklist(i)) for i in ids]
    versioned = {i for i, (before, after) in zip(ids, sides) if _versions_differ(before, after)}
    return {
        "old": _assessment(old),
        "new": _assessment(new),
        "days": (new.date - old.date).days,
        "bands": new.bands.entry(),
        "notes": _notes(old, new),
        "overall": pair.change(old.overall, new.overall),
        "checklists": [_checklist(pair, before, after) for before, after in sides],
        "items": _items(old, new, top, versioned),
    }


def _assessment(snapshot: Snapshot) -> Assessment:
    return {
        "file": str(snapshot.path),
        "source": snapshot.source,
        "organisation": snapshot.organisation,
        "respondent": snapshot.respondent,
        "date": snapshot.date.isoformat(),
    }


def _checklist(pair: _Pair, old: ChecklistFigures | None, new: ChecklistFigures | None) -> ChecklistChange:
    either = new or old
    assert either is not None
    old_version = None if old is None else old.answered_version
    new_version = None if new is None else new.answered_version
    section_ids = [s.id for s in (new.sections if new else ())]
    section_ids += [s.id for s in (old.sections if old else ()) if s.id not in section_ids]
    sections: list[SectionChange] = []
    for section_id in section_ids:
        before = old.section(section_id) if old else None
        after = new.section(section_id) if new else None
        title = (after or before).title  # type: ignore[union-attr]  # one of them holds the section
        change = pair.change(None if before is None else before.part, None if after is None else after.part)
        sections.append({"id": section_id, "title": title, **change})
    return {
        "id": either.id,
        "title": either.title,
        "old_version": old_version,
        "new_version": new_version,
        "scored_in": "both" if old and new else "new" if new else "old",
        **pair.change(None if old is None else old.part, None if new is None else new.part),
        "sections": sections,
        "version_change": _version_change(pair, either.id) if _versions_differ(old, new) else None,
    }


def _versions_differ(old: ChecklistFigures | None, new: ChecklistFigures | None) -> bool:
    """Whether the two assessments answered different versions of a checklist."""
    return old is not None and new is not None and old.answered_version != new.answered_version


def _version_change(pair: _Pair, checklist_id: str) -> VersionChange:
    """Items only one version has, and the score on the items both assessments answered.

    Both answers files are scored against the checklist as it is now, so an item removed
    since the old assessment shows as one of its answers left out, and an item added since
    as one it has no answer to (which may also be an item it simply left unanswered).
    """
    old, new = pair.old, pair.new
    if old.items is None or new.items is None:
        return {"items_known": False, "new_items": [], "removed_items": [], "like_for_like": None}
    prefix = checklist_id + "/"
    added = [
        i for i in new.items.values() if i.checklist == checklist_id and i.status != "unanswered"
        and old.items[i.full_id].status == "unanswered"
    ]  # fmt: skip
    removed = [key for key in old.stale if key.startswith(prefix) and key not in new.stale]
    like: LikeForLike | None = None
    if added and new.scorecard is not None:
        scored = next(c for c in new.scorecard.checklists if c.checklist.id == checklist_id)
        left_out = {i.full_id for i in added}
        kept = {i.full_id: i.answer for s in scored.sections for i in s.items if i.answer and i.full_id not in left_out}
        after = shown(score_checklist(scored.checklist, kept, new.scorecard.targets).score)
        before = old.checklist(checklist_id).part.score  # type: ignore[union-attr]  # versions differ: both have it
        like = {
            "old": before,
            "new": after,
            "change": None if before is None or after is None else round(after - before, 1),
        }
    return {
        "items_known": True,
        "new_items": [{"id": i.full_id, "question": i.question, "answer": i.label} for i in added],
        "removed_items": removed,
        "like_for_like": like,
    }


def _items(old: Snapshot, new: Snapshot, top: int, new_versions: set[str]) -> Items:
    """The items answered with a value in both, by how far their score moved; up and down apart.

    An item answered in one and n/a or unanswered in the other has no move to measure; it
    is listed apart, except where the checklist's version changed, which lists it as new.
    """
    if old.items is None or new.items is None:
        return {
            "compared": False,
            "top": top,
            "moved": 0,
            "unchanged": 0,
            "up": [],
            "up_more_tied": 0,
            "down": [],
            "down_more_tied": 0,
            "status_changed": [],
        }
    moves: list[tuple[ItemFigures, ItemFigures, float]] = []
    status_changed: list[ItemMove] = []
    unchanged = 0
    for full_id, after in new.items.items():
        before = old.items.get(full_id)
        if before is None or before.status == after.status == "unanswered":
            continue
        if before.score is not None and after.score is not None:
            change = round(after.score - before.score, 1)
            if change:
                moves.append((before, after, change))
            else:
                unchanged += 1
        elif before.status != after.status and not (before.status == "unanswered" and after.checklist in new_versions):
            status_changed.append(_item(before, after, None))
    up, down = (
        rank((m for m in moves if m[2] * sign > 0), lambda m: abs(m[2]), top, weight=lambda m: m[1].weight)
        for sign in (1, -1)
    )
    return {
        "compared": True,
        "top": top,
        "moved": len(moves),
        "unchanged": unchanged,
        "up": [_item(*s.entry, s) for s in up.listed],
        "up_more_tied": up.more_tied,
        "down": [_item(*s.entry, s) for s in down.listed],
        "down_more_tied": down.more_tied,
        "status_changed": status_changed,
    }


def _item(
    before: ItemFigures,
    after: ItemFigures,
    change: float | None,
    standing: Standing[tuple[ItemFigures, ItemFigures, float]] | None = None,
) -> ItemMove:
    return {
        "id": after.full_id,
        "checklist": after.checklist,
        "section": after.section,
        "question": after.question,
        "rank": None if standing is None else standing.rank,
        "tied": standing is not None and standing.tied,
        "old": {"answer": before.label, "score": before.score, "status": before.status},
        "new": {"answer": after.label, "score": after.score, "status": after.status},
        "change": change,
    }


def _notes(old: Snapshot, new: Snapshot) -> list[str]:
    """What a reader must know to read the changes right, in plain sentences."""
    notes = []
    if old.organisation_key != new.organisation_key:
        notes.append(f"OLD is an assessment of {old.organisation}, NEW of {new.organisation}.")
    if old.date > new.date:
        notes.append(f"OLD ({old.date}) is dated after NEW ({new.date}); changes read from OLD to NEW as given.")
    if old.bands != new.bands:
        notes.append("OLD and NEW use different band thresholds; each side's bands are judged by its own.")
    only_old = [c.title for c in old.checklists if new.checklist(c.id) is None]
    only_new = [c.title for c in new.checklists if old.checklist(c.id) is None]
    if only_old:
        notes.append(f"Scored only in OLD: {', '.join(only_old)}; the overall scores cover different checklists.")
    if only_new:
        notes.append(f"Scored only in NEW: {', '.join(only_new)}; the overall scores cover different checklists.")
    return notes
