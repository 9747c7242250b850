"""Agreeing on the shared touch points at the end of ``cxcheck consensus``, saved after every rating.

The same session (:mod:`cxcheck.terminal.session`: the lock, Ctrl-C, resume) as the items'
agreement: under each touch point it shows who rated it how and what they saw, then asks for
the agreed rating and why. Ratings everyone gave alike were taken over before it starts
(:func:`cxcheck.core.teammap.start`), and one already agreed is never asked again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Literal

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core.aggregate import Respondent
from cxcheck.core.teammap import SCORE, TouchView, agreed, is_agreed, with_agreed
from cxcheck.core.workbook import rating_of
from cxcheck.model import AnswerSet, Rating, TouchPoint
from cxcheck.terminal.walk import LineReader, Outcome, stop_outcome

RATING_PROMPT = "Agreed rating: 1 magic, 2 mediocrity, 3 misery; s skips, q saves and quits > "
SKIP: Literal["s"] = "s"
QUIT: Literal["q"] = "q"
REASON_PROMPT = "Why this rating? (saved with everyone's notes; Enter to leave out) > "


def who_rated(view: TouchView, respondents: Sequence[Respondent]) -> RenderableType:
    """Who rated the touch point how, misery first, with what each of them saw."""
    flag = "disagreement" if view.disagreement else "ratings differ"
    table = Table(expand=False)
    for header in ("who", "role", "rating", "seen"):
        table.add_column(header)
    for point, respondent in sorted(zip(view.points, respondents), key=lambda pair: _rank(pair[0])):
        rating = "—" if point is None or point.rating is None else point.rating
        note = point.note if point is not None and point.note else ""
        table.add_row(Text(respondent.label), Text(respondent.role or ""), Text(rating), Text(note))
    heading = Text(f"{view.name} ({view.stage}): what each of you met ({flag})", style="bold")
    return Group(heading, table)


def _rank(point: TouchPoint | None) -> float:
    """Misery first, magic last, then those who did not rate it."""
    return 101.0 if point is None or point.rating is None else SCORE[point.rating]


class TouchAgreement:
    """The touch points still to agree, one at a time; the session runner's walk."""

    def __init__(
        self,
        agenda: Sequence[TouchView],
        respondents: Sequence[Respondent],
        answer_set: AnswerSet,
        console: Console,
        reader: LineReader,
        save: Callable[[AnswerSet], None],
        now: Callable[[], dt.datetime],
    ) -> None:
        self.agenda = list(agenda)
        self.respondents = respondents
        self.labels = [r.label for r in respondents]
        self.answer_set = answer_set
        self.console = console
        self.reader = reader
        self._save = save
        self.now = now
        self.skipped: list[TouchView] = []

    @property
    def pending(self) -> list[TouchView]:
        return [v for v in self.agenda if not is_agreed(self.answer_set.workbook, v) and v not in self.skipped]

    @property
    def done(self) -> bool:
        return not self.pending

    @property
    def unsaved_notes(self) -> dict[str, str]:
        return {}

    def save(self) -> None:
        self._save(self.answer_set)

    def run(self, notices: Sequence[RenderableType] = ()) -> Outcome:
        for notice in notices:
            self.console.print(notice)
        try:
            while self.pending:
                view = self.pending[0]
                self.console.print(who_rated(view, self.respondents))
                rating = self._ask_rating()
                if rating == QUIT:
                    return Outcome.QUIT
                if rating == SKIP:
                    self.skipped.append(view)
                    continue
                reason = self.reader.read(REASON_PROMPT)
                point = agreed(view, self.labels, rating, reason)
                now = self.now()
                self.answer_set = replace(
                    self.answer_set, workbook=with_agreed(self.answer_set.workbook, view.stage, point), updated=now
                )
                self.save()
            return Outcome.FINISHED
        except (KeyboardInterrupt, EOFError) as stop:
            return stop_outcome(stop, self.reader.interactive)

    def _ask_rating(self) -> Rating | Literal["s", "q"]:
        while True:
            line = self.reader.read(RATING_PROMPT).strip().casefold()
            if line == SKIP:
                return SKIP
            if line == QUIT:
                return QUIT
            rating = rating_of(line)
            if rating is not None:
                return rating
            self.console.print(Text("Type 1, 2 or 3 (or the word), s to skip or q to quit.", style="yellow"))
