"""The consensus walk at a terminal: the assessment's screens, plus what each person said.

:class:`ConsensusWalk` is the assessment's :class:`~cxcheck.interview_view.Walkthrough`
(drawing, keys, saving after every answer, Ctrl-C and resume) with three differences: under
each item it shows every participant's answer and note, after an agreed value it asks for the
reason (kept as the answer's note), and it prints no section scores on the way, since the
agenda jumps between sections.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core.aggregate import ItemView, Respondent
from cxcheck.core.consensus import Agreement
from cxcheck.core.interview import Choose, Key, Move
from cxcheck.model import Answer, AnswerSet, number
from cxcheck.terminal.walk import LineReader, Walkthrough, describe_answer

REASON_PROMPT = "Why this answer? (saved as the note; Enter to leave out) > "


class ConsensusWalk(Walkthrough):
    interview: Agreement

    def __init__(
        self,
        interview: Agreement,
        console: Console,
        reader: LineReader,
        save: Callable[[AnswerSet], None],
        respondents: Sequence[Respondent],
    ):
        super().__init__(interview, console, reader, save)
        self.respondents = respondents

    def _apply(self, command: Choose | Key) -> Move:
        if isinstance(command, Choose):
            reason = self.reader.read(REASON_PROMPT).strip()
            if reason:
                self.interview.note(reason)
        return super()._apply(command)

    def _after(self, move: Move) -> list[RenderableType]:
        return [Text(move.message, style="cyan")] if move.message else []

    def _draw(self, screen: RenderableType) -> None:
        super()._draw(Group(screen, team_answers(self.interview.view, self.respondents)))


def team_answers(view: ItemView, respondents: Sequence[Respondent]) -> RenderableType:
    """Who said what, lowest answer first, with notes: the material of the discussion."""
    flag = "disagreement" if view.disagreement else "answers differ"
    spread = "no answers" if view.spread is None else f"spread {number(round(view.spread, 1))} points"
    table = Table(expand=False)
    for header in ("who", "role", "answer", "note"):
        table.add_column(header)
    for answer, respondent in sorted(zip(view.answers, respondents), key=lambda pair: _rank(view, pair[0])):
        said = "—" if answer is None else describe_answer(answer, view.scale)
        note = (answer.note or "") if answer is not None else ""
        table.add_row(Text(respondent.label), Text(respondent.role or ""), Text(said), Text(note))
    return Group(Text(f"What each of you said ({spread}, {flag}):", style="bold"), table)


def _rank(view: ItemView, answer: Answer | None) -> tuple[int, float]:
    """Lowest answer first, then n/a, then no answer."""
    if answer is None:
        return (2, 0.0)
    item_score = view.score(answer)
    return (1, 0.0) if item_score is None else (0, item_score)
