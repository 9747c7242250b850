"""The walk-through's rules, without a terminal: where each key leads and what it records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cxcheck.core.catalog import load_file
from cxcheck.core.interview import Choose, Interview, Invalid, Key, interpret, with_current_versions
from cxcheck.model import PRESETS, Answer, AnswerSet, Checklist

T0 = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
OFTEN, YES_NO, LIGHT = "demo/often", "demo/yes-no", "demo/light"


class Clock:
    """Moves one minute per reading, so tests can see which action stamped ``updated``."""

    def __init__(self) -> None:
        self.readings = 0

    def __call__(self) -> dt.datetime:
        self.readings += 1
        return T0 + dt.timedelta(minutes=self.readings)


@pytest.fixture
def demo(demo_dir: Path) -> Checklist:
    return load_file(demo_dir / "demo.yaml")


def fresh(answers: dict[str, Answer] | None = None) -> AnswerSet:
    return AnswerSet("Ann", "Acme", dt.date(2024, 5, 1), answers=dict(answers or {}))


def walk(demo: Checklist, answer_set: AnswerSet | None = None, review: bool = False) -> Interview:
    return Interview.over([demo], answer_set or fresh(), Clock(), review=review)


def test_a_new_walk_starts_at_the_first_item_and_records_each_answer(demo: Checklist) -> None:
    it = walk(demo)
    assert (it.current.full_id, it.total, it.counts.answered) == (OFTEN, 3, 0)
    move = it.choose(3)
    assert move.changed and it.current.full_id == YES_NO
    assert it.answer_set.answers == {OFTEN: Answer(3)}
    assert it.answer_set.started == it.answer_set.updated == T0 + dt.timedelta(minutes=1)


def test_skip_leaves_an_item_unanswered_and_the_walk_ends_after_the_last_item(demo: Checklist) -> None:
    it = walk(demo)
    assert not it.skip().changed
    it.choose(1)
    move = it.choose(2)
    assert it.done and move.changed
    assert [s.full_id for s in it.unanswered] == [OFTEN]
    assert it.answer_set.answers == {YES_NO: Answer(1), LIGHT: Answer(2)}


def test_back_shows_the_previous_answer_and_a_change_returns_to_where_you_were(demo: Checklist) -> None:
    it = walk(demo)
    it.choose(3)
    move = it.back()
    assert not move.changed and move.message is None
    assert it.current.full_id == OFTEN and it.current_answer == Answer(3)
    assert it.choose(0).changed
    assert it.current.full_id == YES_NO
    it.choose(1)
    it.back()
    it.back()
    it.skip()
    assert it.current.full_id == LIGHT, "answered items are not asked again on the way forward"
    assert it.answer_set.answers[OFTEN] == Answer(0)


def test_back_at_the_first_item_stays_and_says_why(demo: Checklist) -> None:
    it = walk(demo)
    move = it.back()
    assert it.current.full_id == OFTEN and not move.changed
    assert move.message is not None and "first item" in move.message


def test_choosing_the_recorded_answer_again_changes_nothing(demo: Checklist) -> None:
    it = walk(demo, fresh({OFTEN: Answer(3)}), review=True)
    before = it.answer_set
    move = it.choose(3)
    assert not move.changed and it.answer_set is before and it.current.full_id == YES_NO


def test_not_applicable_records_the_reason_and_keeps_the_note(demo: Checklist) -> None:
    it = walk(demo, fresh({OFTEN: Answer(2, note="weekends")}), review=True)
    it.not_applicable("  we are closed  ")
    it.not_applicable("   ")
    assert it.answer_set.answers[OFTEN] == Answer(None, "weekends", "we are closed")
    assert it.answer_set.answers[YES_NO] == Answer(None)


def test_a_note_on_an_answered_item_is_saved_edited_and_removed(demo: Checklist) -> None:
    it = walk(demo, fresh({OFTEN: Answer(2)}), review=True)
    assert it.note(" call back ").changed
    assert it.current_note == "call back" and it.answer_set.answers[OFTEN] == Answer(2, "call back")
    assert not it.note("call back").changed
    assert it.note("").changed
    assert it.answer_set.answers[OFTEN] == Answer(2)
    assert it.current.full_id == OFTEN, "a note does not move on"


def test_a_note_on_an_unanswered_item_is_saved_with_its_answer(demo: Checklist) -> None:
    it = walk(demo)
    move = it.note("ask Bob")
    assert not move.changed and it.current_note == "ask Bob"
    it.choose(4)
    assert it.answer_set.answers[OFTEN] == Answer(4, "ask Bob")
    assert it.unsaved_notes == {}


def test_a_note_on_an_item_left_unanswered_is_reported_as_not_saved(demo: Checklist) -> None:
    it = walk(demo)
    it.note("ask Bob")
    it.skip()
    assert it.unsaved_notes == {OFTEN: "ask Bob"}


def test_resume_starts_at_the_first_unanswered_item(demo: Checklist) -> None:
    it = walk(demo, fresh({OFTEN: Answer(3), LIGHT: Answer(1)}))
    assert it.current.full_id == YES_NO and it.counts.answered == 2
    it.choose(0)
    assert it.done


def test_resume_of_a_complete_file_has_nothing_to_ask(demo: Checklist) -> None:
    it = walk(demo, fresh({OFTEN: Answer(3), YES_NO: Answer(1), LIGHT: Answer(1)}))
    assert it.done
    assert it.counts.answered == 3


def test_review_visits_every_item_in_order_and_enter_keeps_answers(demo: Checklist) -> None:
    answers = fresh({OFTEN: Answer(3), YES_NO: Answer(1), LIGHT: Answer(1)})
    it = walk(demo, answers, review=True)
    visited = []
    while not it.done:
        visited.append((it.current.full_id, it.current_answer))
        assert not it.skip().changed
    assert visited == [(k, answers.answers[k]) for k in (OFTEN, YES_NO, LIGHT)]
    assert it.answer_set.answers == answers.answers


def test_leaving_a_section_going_forward_reports_it_once(demo: Checklist) -> None:
    it = walk(demo)
    assert it.choose(1).finished == ()
    assert [s.id for _, s in it.choose(1).finished] == ["first"]
    it.back()
    assert it.skip().finished[0][1].id == "first"
    assert [s.id for _, s in it.choose(1).finished] == ["second"]


def test_a_new_checklist_version_asks_new_items_and_reports_gone_ones(demo: Checklist) -> None:
    old = fresh({OFTEN: Answer(3)})
    old.checklists = {"demo": "0.9", "other": "2"}
    old.stale = {"demo/retired": Answer(2), "other/kept": Answer(1)}
    it = walk(demo, old)
    [change] = it.changes
    assert (change.previous, change.unanswered) == ("0.9", (YES_NO, LIGHT))
    assert change.gone == {"demo/retired": Answer(2)}
    assert it.answer_set.checklists == {"demo": "1.0", "other": "2"}
    assert it.answer_set.stale == {"other/kept": Answer(1)}
    assert it.current.full_id == YES_NO


def test_current_versions_are_recorded_without_a_change_when_the_file_had_none(demo: Checklist) -> None:
    answer_set, changes = with_current_versions(fresh(), [demo])
    assert changes == [] and answer_set.checklists == {"demo": "1.0"}


@pytest.mark.parametrize(
    ("line", "scale", "has_answer", "expected"),
    [
        ("0", "frequency", False, Choose(0)),
        (" 4 ", "frequency", False, Choose(4)),
        ("4.0", "frequency", False, Choose(4)),
        ("1", "yes-no", False, Choose(1)),
        ("yes", "yes-no", False, Choose(1)),
        ("Sometimes", "frequency", False, Choose(2)),
        ("N", "frequency", False, Key.NOT_APPLICABLE),
        ("n/a", "frequency", False, Key.NOT_APPLICABLE),
        ("s", "frequency", False, Key.SKIP),
        ("b", "frequency", False, Key.BACK),
        ("c", "frequency", False, Key.NOTE),
        ("?", "frequency", False, Key.HELP),
        ("q", "frequency", False, Key.QUIT),
        ("", "frequency", True, Key.KEEP),
    ],
)
def test_keys_map_to_actions_and_numbers_pick_options_by_the_value_the_file_stores(
    line: str, scale: str, has_answer: bool, expected: object
) -> None:
    assert interpret(line, PRESETS[scale], has_answer) == expected


@pytest.mark.parametrize("line", ["5", "-1", "x", "3.5", "nan", "", "[red]"])
def test_other_keys_are_invalid_with_a_short_message(line: str) -> None:
    result = interpret(line, PRESETS["frequency"], has_answer=False)
    assert isinstance(result, Invalid) and len(result.message) < 80
