"""Agreeing on one set of answers after a workshop: what is already agreed, and what to discuss first.

The result is an ordinary answers file whose respondent is ``consensus`` and whose
``participants`` name the people who agreed it, so ``report``, ``check``, ``compare`` and
``trend`` read it like any other. Items everyone answered the same way are taken over as
they are; the rest make the agenda, the disagreements (largest spread first) at the top,
because that is where the discussion is worth the time.

The walk itself is :class:`cxcheck.interview.Interview` with the agenda as its steps, so
keys, skipping, going back, notes, saving after every answer and resuming behave exactly
as in ``assess``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from cxcheck.core.aggregate import ItemView, Workshop
from cxcheck.core.interview import Interview, Move, Step
from cxcheck.errors import CxError
from cxcheck.model import CONSENSUS, Answer, AnswerSet


def unanimous(view: ItemView, labels: Sequence[str]) -> Answer | None:
    """The answer every respondent gave, with their notes; None unless all answered alike."""
    answers = view.answers
    if not answers or any(a is None for a in answers):
        return None
    first = answers[0]
    assert first is not None
    if any(a is not None and a.value != first.value for a in answers):
        return None
    return with_their_words(Answer(first.value), view, labels)


def with_their_words(agreed: Answer, view: ItemView, labels: Sequence[str]) -> Answer:
    """The agreed answer keeping every respondent's note and n/a reason, each with who wrote it.

    Their n/a reasons stay reasons when the group agrees n/a, and join the note (marked
    ``n/a``) when it agrees a value, since only an n/a answer has a reason. Words already
    kept are not added twice, so answering an item again (after ``b``) changes nothing.
    """
    notes = _joined(labels, [None if a is None else a.note for a in view.answers])
    reasons = _joined(labels, [None if a is None else a.reason for a in view.answers])
    if agreed.applicable:
        said = "; ".join(t for t in (notes, reasons and f"n/a: {reasons}") if t) or None
        return Answer(agreed.value, _kept(agreed.note, said))
    return Answer(None, _kept(agreed.note, notes), _kept(agreed.reason, reasons))


def _kept(own: str | None, theirs: str | None) -> str | None:
    """``own`` followed by ``theirs``, unless ``theirs`` is already in it."""
    if not theirs or (own and theirs in own):
        return own
    return f"{own}; {theirs}" if own else theirs


def _joined(labels: Sequence[str], texts: Sequence[str | None]) -> str | None:
    """``Ann: busy on Mondays; Bob: …``: everyone's words kept, each with who wrote them."""
    said = [f"{label}: {text}" for label, text in zip(labels, texts) if text]
    return "; ".join(said) or None


def agenda(workshop: Workshop) -> list[ItemView]:
    """Items to agree on: disagreements by spread, then the rest that differ, then the unanswered."""
    labels = [r.label for r in workshop.respondents]
    open_items = [v for v in workshop.items if unanimous(v, labels) is None]
    return sorted(open_items, key=lambda v: (not v.disagreement, v.spread is None, -(v.spread or 0.0)))


def participants(workshop: Workshop) -> list[str]:
    return [r.answer_set.respondent for r in workshop.respondents]


def start(
    workshop: Workshop, existing: AnswerSet | None, now: dt.datetime, path: Path | None = None
) -> tuple[AnswerSet, int]:
    """The consensus answer set to walk (a new one, or ``existing`` to resume) and how many items were taken over.

    Resuming adds items that have become unanimous since (a participant corrected their
    file) but never changes an answer the group already agreed.
    """
    names = participants(workshop)
    if existing is not None:
        if existing.respondent != CONSENSUS:
            raise CxError(
                f"this is {existing.respondent}'s answers file, not an agreed one; choose another file with -o", path
            )
        if sorted(existing.participants) != sorted(names):
            raise CxError(
                f"this file was agreed by {', '.join(existing.participants) or 'no one named'}, "
                f"not by {', '.join(names)}; choose another file with -o, or add --force to start afresh",
                path,
            )
        answer_set = existing
    else:
        organisation = Counter(r.answer_set.organisation for r in workshop.respondents).most_common(1)[0][0]
        answer_set = AnswerSet(
            respondent=CONSENSUS,
            organisation=organisation,
            date=now.date(),
            participants=names,
            checklists={c.id: c.version for c in workshop.checklists},
            started=now,
        )
    labels = [r.label for r in workshop.respondents]
    taken = 0
    for view in workshop.items:
        agreed = unanimous(view, labels)
        if agreed is not None and view.full_id not in answer_set.answers:
            answer_set = answer_set.with_answer(view.full_id, agreed, now)
            taken += 1
    return answer_set, taken


def taken_over(workshop: Workshop, answer_set: AnswerSet) -> int:
    """How many items everyone answered alike the agreed set holds as they answered: this run's and earlier runs'."""
    labels = [r.label for r in workshop.respondents]
    held = answer_set.answers
    return sum(
        1
        for view in workshop.items
        if (agreed := unanimous(view, labels)) is not None
        and (kept := held.get(view.full_id)) is not None
        and kept.value == agreed.value
    )


class Agreement(Interview):
    """The assessment's walk-through, over the agenda instead of checklist order."""

    def __init__(
        self,
        items: Sequence[ItemView],
        answer_set: AnswerSet,
        clock: Callable[[], dt.datetime],
        labels: Sequence[str],
    ):
        super().__init__([Step(v.checklist, v.section, v.item, v.scale) for v in items], answer_set, clock)
        self.views = {v.full_id: v for v in items}
        self.labels = list(labels)
        """The respondents' labels, in the order of each view's answers: whose words a note keeps."""

    def _record(self, answer: Answer) -> Move:
        """An agreed answer keeps what each respondent wrote on the item, attributed."""
        return super()._record(with_their_words(answer, self.view, self.labels))

    @property
    def view(self) -> ItemView:
        """What the team said about the item being agreed."""
        return self.views[self.current.full_id]
