"""The walk-through as a state machine: which item is asked next, and what each key does.

Nothing here prints or prompts, so every rule of the walk (resume at the first unanswered
item, where ``b`` goes, what a note on an unanswered item means, what a new checklist
version asks) is unit-tested without a terminal; :mod:`cxcheck.terminal.walk` draws the
screens and reads the keys.

Two modes. Asking (the default) visits only unanswered items: it starts at the first one,
and after each answer moves to the next unanswered item, so a person who stepped back with
``b`` to correct something returns straight to where they were. Reviewing (``--review``)
visits every item in order, showing the recorded answer; Enter keeps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from cxcheck.core.scoring import Counts
from cxcheck.model import NA, Answer, AnswerSet, Checklist, Item, Scale, Section


@dataclass(frozen=True)
class Step:
    """One item as the walk sees it: where it sits and how it is answered."""

    checklist: Checklist
    section: Section
    item: Item
    scale: Scale

    @property
    def full_id(self) -> str:
        return self.checklist.full_id(self.item)


@dataclass(frozen=True)
class VersionChange:
    """A checklist whose version differs from the one the answers file was written for.

    The file does not record which items an older version had, so ``unanswered`` holds the
    items new in this version together with any the person skipped before: either way they
    are the ones to ask.
    """

    checklist: Checklist
    previous: str
    unanswered: tuple[str, ...]
    gone: dict[str, Answer]


class Key(Enum):
    """What a typed line asks for, apart from choosing an answer."""

    NOT_APPLICABLE = "n"
    SKIP = "s"
    BACK = "b"
    NOTE = "c"
    HELP = "?"
    QUIT = "q"
    KEEP = ""


@dataclass(frozen=True)
class Choose:
    """A scale option, chosen by its value (as the answers file stores it) or its label."""

    value: float


@dataclass(frozen=True)
class Invalid:
    message: str


def interpret(line: str, scale: Scale, has_answer: bool) -> Choose | Key | Invalid:
    """What a line typed at an item means: an option's value (what the file stores) or its label.

    The keys shown are the values ``--set`` takes and the file holds, so ``3`` is Often in the
    walk-through, on the command line and in the file alike.
    """
    typed = line.strip()
    key = next((k for k in Key if k.value == typed.lower()), None)
    if key is Key.KEEP and not has_answer:
        return Invalid("Type the number of your answer (or s to skip this item).")
    if key is not None:
        return key
    option = scale.find(typed)
    if option is not None:
        return Choose(option.value)
    if typed.lower() == NA:
        return Key.NOT_APPLICABLE
    values = ", ".join(scale.key_of(o) for o in scale.options)
    return Invalid(f"'{typed[:20]}' is not a key here: type {values}, n, s, b, c, ? or q.")


@dataclass(frozen=True)
class Move:
    """What one action did: whether to save, which sections were left going forward, a message."""

    changed: bool = False
    finished: tuple[tuple[Checklist, Section], ...] = ()
    message: str | None = None


def with_current_versions(
    answer_set: AnswerSet, checklists: Sequence[Checklist]
) -> tuple[AnswerSet, list[VersionChange]]:
    """The answer set recorded against ``checklists``' current versions, and what changed.

    Answers to items a newer version dropped are reported and left out: once the file names
    the new version, the loader would rightly reject them as unknown items.
    """
    changes = []
    for checklist in checklists:
        previous = answer_set.checklists.get(checklist.id)
        if previous is None or previous == checklist.version:
            continue
        prefix = f"{checklist.id}/"
        gone = {k: a for k, a in answer_set.stale.items() if k.startswith(prefix)}
        unanswered = tuple(
            checklist.full_id(i) for _, i in checklist.items if checklist.full_id(i) not in answer_set.answers
        )
        changes.append(VersionChange(checklist, previous, unanswered, gone))
    dropped = {k for change in changes for k in change.gone}
    versions = {**answer_set.checklists, **{c.id: c.version for c in checklists}}
    stale = {k: a for k, a in answer_set.stale.items() if k not in dropped}
    return replace(answer_set, checklists=versions, stale=stale), changes


class Interview:
    """The position in the walk and the answers given so far; every method is one key press."""

    def __init__(
        self,
        steps: Sequence[Step],
        answer_set: AnswerSet,
        clock: Callable[[], dt.datetime],
        review: bool = False,
        changes: Sequence[VersionChange] = (),
    ):
        """A walk over ``steps`` in their order; :meth:`over` makes the walk of whole checklists."""
        self.steps = list(steps)
        self.review = review
        self.answer_set = answer_set
        self.changes = list(changes)
        self._clock = clock
        self._pending_notes: dict[str, str] = {}
        self.position: int | None = self._next_index(-1)

    @classmethod
    def over(
        cls,
        checklists: Sequence[Checklist],
        answer_set: AnswerSet,
        clock: Callable[[], dt.datetime],
        review: bool = False,
    ) -> Interview:
        """Every item of ``checklists`` in order, the answers recorded against their current versions."""
        current, changes = with_current_versions(answer_set, checklists)
        steps = [Step(c, s, i, c.scale_of(i)) for c in checklists for s, i in c.items]
        return cls(steps, current, clock, review, changes)

    # -- where we are -------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self.position is None

    @property
    def current(self) -> Step:
        return self.steps[self._index()]

    @property
    def current_answer(self) -> Answer | None:
        return self.answer_set.answers.get(self.current.full_id)

    @property
    def current_note(self) -> str | None:
        answer = self.current_answer
        return answer.note if answer is not None else self._pending_notes.get(self.current.full_id)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def counts(self) -> Counts:
        """Answered, n/a and unanswered items of this walk, counted as the scores count them."""
        answers = self.answer_set.answers
        recorded = [answers[s.full_id] for s in self.steps if s.full_id in answers]
        answered = sum(1 for a in recorded if a.applicable)
        return Counts(answered, len(recorded) - answered, self.total - len(recorded))

    @property
    def unanswered(self) -> list[Step]:
        return [s for s in self.steps if s.full_id not in self.answer_set.answers]

    @property
    def unsaved_notes(self) -> dict[str, str]:
        """Notes typed on items that never got an answer: the file has nowhere to keep them."""
        return {k: v for k, v in self._pending_notes.items() if k not in self.answer_set.answers}

    # -- key presses ----------------------------------------------------------------------

    def choose(self, value: float) -> Move:
        note = self.current_note
        return self._record(Answer(value, note))

    def not_applicable(self, reason: str | None) -> Move:
        return self._record(Answer(None, self.current_note, (reason or "").strip() or None))

    def skip(self) -> Move:
        """Move on leaving this item as it is (``s``, or Enter on an answered item)."""
        return self._advance(changed=False)

    def back(self) -> Move:
        index = self._index()
        if index == 0:
            return Move(message="This is the first item; there is nothing before it.")
        self.position = index - 1
        return Move()

    def note(self, text: str) -> Move:
        """Set (or, with empty text, remove) the note; an unanswered item keeps it until answered."""
        step = self.current
        note = text.strip() or None
        answer = self.current_answer
        if answer is None:
            if note is None:
                self._pending_notes.pop(step.full_id, None)
                return Move(message="Note removed.")
            self._pending_notes[step.full_id] = note
            return Move(message="Note kept; it is saved with your answer to this item.")
        if answer.note == note:
            return Move()
        self.answer_set = self.answer_set.with_answer(step.full_id, replace(answer, note=note), self._clock())
        return Move(changed=True, message="Note saved." if note else "Note removed.")

    # -- internals ------------------------------------------------------------------------

    def _record(self, answer: Answer) -> Move:
        full_id = self.current.full_id
        changed = self.answer_set.answers.get(full_id) != answer
        if changed:
            self.answer_set = self.answer_set.with_answer(full_id, answer, self._clock())
        self._pending_notes.pop(full_id, None)
        return self._advance(changed)

    def _advance(self, changed: bool) -> Move:
        index = self._index()
        left = self.steps[index]
        self.position = self._next_index(index)
        same_section = (
            self.position is not None
            and self.current.checklist.id == left.checklist.id
            and self.current.section.id == left.section.id
        )
        finished = () if same_section else ((left.checklist, left.section),)
        return Move(changed=changed, finished=finished)

    def _index(self) -> int:
        if self.position is None:
            raise RuntimeError("the walk-through is finished")
        return self.position

    def _next_index(self, after: int) -> int | None:
        for index in range(after + 1, len(self.steps)):
            if self.review or self.steps[index].full_id not in self.answer_set.answers:
                return index
        return None
