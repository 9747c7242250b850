"""The workbook step at a terminal (``cxcheck assess --map``): the journey typed line by line, saved as it goes.

The person walks the journey as a new customer would: a stage (a suggestion to accept with
Enter, edit with ``e``, skip with ``-``, or a name of their own), then its touch points
(suggested the same way), each with a rating, channel, owner and note. Every line changes
the answers file at once (one atomic write), so Ctrl-C or a killed terminal loses at most
the line being typed; running the same command again carries on in the last stage. The
edits themselves are :mod:`cxcheck.core.workbook`'s; this module only asks and draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core.journey import FromMap, weak_links
from cxcheck.core.workbook import next_stage, next_touchpoint, rating_of, with_stage, with_touch
from cxcheck.model import AnswerSet, Workbook
from cxcheck.terminal.walk import LineReader, Outcome, stop_outcome

RATING_PROMPT = "    Rating: 1 magic, 2 mediocrity, 3 misery (Enter: not rated yet) > "
NOTE_PROMPT = "    What did you see? e.g. 'waited 12 minutes on hold' (Enter: no note) > "
DONE, SKIP, EDIT = ".", "-", "e"


class MapWalk:
    """Builds the map of one answers file, saving after every line; the session runner's walk."""

    def __init__(
        self,
        answer_set: AnswerSet,
        console: Console,
        reader: LineReader,
        save: Callable[[AnswerSet], None],
        from_map: Callable[[Workbook], list[FromMap]],
        take: Callable[[AnswerSet, FromMap], AnswerSet],
        now: Callable[[], dt.datetime],
    ) -> None:
        self.answer_set = answer_set
        self.console = console
        self.reader = reader
        self._save = save
        self._saved = answer_set
        self.from_map = from_map
        self.take = take
        self.now = now
        self.finished = False
        self._passed: set[tuple[str, str]] = set()
        """Touch points left unrated this session: not asked again until the next."""
        self._skipped: dict[str, list[str]] = {}
        """Suggested touch points skipped this session, per stage: not offered again."""

    @property
    def book(self) -> Workbook:
        return self.answer_set.workbook or Workbook()

    @property
    def done(self) -> bool:
        return self.finished

    @property
    def unsaved_notes(self) -> dict[str, str]:
        return {}

    def save(self) -> None:
        self._save(self.answer_set)
        self._saved = self.answer_set

    def _change(self, book: Workbook) -> None:
        """Take the new map and write it at once: nothing typed is lost to Ctrl-C or a killed terminal."""
        now = self.now()
        self.answer_set = replace(self.answer_set, workbook=book, updated=now, started=self.answer_set.started or now)
        self.save()

    def run(self, notices: Sequence[RenderableType] = ()) -> Outcome:
        for notice in notices:
            self.console.print(notice)
        try:
            self._rate_unrated()
            stage = self.book.journey[-1].name if self.book.journey else None
            skipped: list[str] = []
            while True:
                if stage is None:
                    stage = self._ask_stage(skipped)
                    if stage is None:
                        break
                if not self._ask_touchpoint(stage):
                    stage = None
            self._offer_answers()
            self.finished = True
            self.console.print(map_summary(self.book))
            return Outcome.FINISHED
        except (KeyboardInterrupt, EOFError) as stop:
            self._save_if_unsaved()
            return stop_outcome(stop, self.reader.interactive)

    def _save_if_unsaved(self) -> None:
        if self._saved is not self.answer_set:
            self.save()

    def _choose(self, what: str, suggest: Callable[[list[str]], str | None], skipped: list[str]) -> str | None:
        """A name: the suggestion (Enter), edited (e), skipped (-), one of the person's own; None at '.'."""
        while True:
            suggestion = suggest(skipped)
            if suggestion is None:
                hint = f"a name, or {DONE} when done"
            else:
                hint = f"Enter: {suggestion!r}, {EDIT} edits it, {SKIP} skips it, or a name; {DONE} when done"
            line = self.reader.read(f"{what} ({hint}) > ").strip()
            if line == DONE or (not line and suggestion is None):
                return None
            if suggestion is not None and line == SKIP:
                skipped.append(suggestion)
                continue
            if suggestion is not None and line == EDIT:
                line = self.reader.read(f"{what} > ", prefill=suggestion).strip()
            return line or suggestion

    def _ask_stage(self, skipped: list[str]) -> str | None:
        name = self._choose(f"Stage {len(self.book.journey) + 1}", lambda s: next_stage(self.book, s), skipped)
        if name is None:
            return None
        self._change(with_stage(self.book, name))
        self.console.print(Text(f"Stage {name!r}: now its touch points, in the order a new customer meets them."))
        return name

    def _ask_touchpoint(self, stage: str) -> bool:
        """One touch point of ``stage`` with its details; False when the person says the stage is done."""
        name = self._choose(
            f"  Touch point in {stage}",
            lambda s: next_touchpoint(self.book, stage, s),
            self._skipped.setdefault(stage.casefold(), []),
        )
        if name is None:
            return False
        self._change(with_touch(self.book, stage, name))
        rating = self._ask_rating()
        if rating is not None:
            self._change(with_touch(self.book, stage, name, rating=rating))
        for field, question in (
            ("channel", "    Channel: web, phone, shop, e-mail, letter, in person, ... (Enter: none) > "),
            ("owner", "    Who owns it? (Enter: nobody yet) > "),
            ("note", NOTE_PROMPT),
        ):
            value = self.reader.read(question).strip()
            if value:
                self._change(with_touch(self.book, stage, name, **{field: value}))
        return True

    def _rate_unrated(self) -> None:
        """Each touch point on the map without a rating (a workshop's journey), in journey order: rating, then note.

        Enter leaves one unrated; it is asked again next time, not again in this session.
        """
        for stage, point in self.book.touchpoints:
            if point.rating is not None or (stage.name, point.name) in self._passed:
                continue
            about = " · ".join(x for x in (point.channel, point.owner and f"owner {point.owner}") if x)
            self.console.print(Text(f"{stage.name} › {point.name}" + (f" ({about})" if about else ""), style="bold"))
            self._passed.add((stage.name, point.name))
            rating = self._ask_rating()
            if rating is None:
                continue
            self._change(with_touch(self.book, stage.name, point.name, rating=rating))
            note = self.reader.read(NOTE_PROMPT).strip()
            if note:
                self._change(with_touch(self.book, stage.name, point.name, note=note))

    def _ask_rating(self) -> str | None:
        while True:
            line = self.reader.read(RATING_PROMPT)
            if not line.strip():
                return None
            rating = rating_of(line)
            if rating is not None:
                return rating
            self.console.print(Text("Type 1, 2 or 3 (or the word), or Enter to leave it unrated.", style="yellow"))

    def _offer_answers(self) -> None:
        """The fixed items the map answers: each offered with its evidence, Enter to take it, s to skip."""
        for found in self.from_map(self.book):
            if found.full_id in self.answer_set.answers:
                continue
            line = self.reader.read(f"The map answers {found.full_id}: {found.because}. Enter takes it, s skips > ")
            if line.strip().casefold() != "s":
                self.answer_set = self.take(self.answer_set, found)
                self.save()


def map_summary(book: Workbook) -> RenderableType:
    """The journey as a table (stage, touch point, rating, owner), then the weak links."""
    table = Table(title="Your touch points", title_justify="left")
    for column in ("Stage", "Touch point", "Rating", "Owner"):
        table.add_column(column)
    for stage, point in book.touchpoints:
        table.add_row(Text(stage.name), Text(point.name), Text(point.worst or "not rated"), Text(point.owner or "—"))
    lines = Text()
    for link in weak_links(book):
        if link.kind == "drop":
            lines.append(f"\nWeak link in {link.stage}: magic at {link.points[0]!r}, then misery at {link.points[1]!r}")
        else:
            lines.append(f"\nNo owner: {link.points[0]!r} in {link.stage}")
    return Group(table, lines) if lines else table
