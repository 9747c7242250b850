"""The edits the interactive workbook step makes: customer map, ideal experience, own practices, stages."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcheck.core import workbook as wb
from cxcheck.core.journey import own_practices
from cxcheck.model import RATINGS, Practice, Stage, Workbook


def kinds_map() -> Workbook:
    book = wb.with_kind(wb.with_kind(Workbook(), "Regulars"), "Newcomers", inside=False)
    return wb.with_touch(book, "Visit", "Greeting")


def test_kinds_are_added_once_and_their_fields_set_as_typed() -> None:
    book = wb.with_definition(Workbook(), "  Anyone who buys from us or asks us anything ")
    book = wb.with_kind(book, "Regulars", wants="a quick repair", inside=False)
    book = wb.with_kind(book, " regulars ", needs="the bike back today", surprise="")
    assert book.customers is not None
    assert book.customers.definition == "Anyone who buys from us or asks us anything"
    assert [(k.name, k.wants, k.needs, k.surprise) for k in book.customers.kinds] == [
        ("Regulars", "a quick repair", "the bike back today", None)
    ]


def test_best_customers_are_named_by_number_or_name_and_only_those_are_marked() -> None:
    book = wb.with_kind(kinds_map(), "Workshop team", inside=True)
    assert wb.kinds_named(book, "1 3") == ["Regulars", "Workshop team"]
    assert wb.kinds_named(book, "newcomers, 1") == ["Newcomers", "Regulars"]
    marked = wb.with_best(wb.with_best(book, ["Regulars", "Newcomers"]), ["Newcomers"])
    assert [(k.name, k.best) for k in marked.customers.kinds] == [  # type: ignore[union-attr]
        ("Regulars", False),
        ("Newcomers", True),
        ("Workshop team", False),
    ]
    with pytest.raises(ValueError, match=r"'bargain hunters' is not a kind of customer on the map \(1 Regulars"):
        wb.kinds_named(book, "bargain hunters")


def test_suggested_kinds_skip_what_the_map_has_and_what_was_skipped() -> None:
    assert wb.next_kind(Workbook()) == "Regulars"
    assert wb.next_kind(kinds_map(), ["Colleagues we serve"]) is None


def test_feelings_mix_numbers_from_the_list_with_words_of_ones_own() -> None:
    assert wb.feelings_of("1 4, at home,  wowed ") == ["wowed", "informed", "at home"]
    with pytest.raises(ValueError, match="99 is not on the list"):
        wb.feelings_of("99")


def test_the_ideal_keeps_each_part_as_typed() -> None:
    book = wb.with_ideal(Workbook(), feelings=["wowed"], looks=" a tidy counter ")
    book = wb.with_ideal(book, name="Back on the road", looks="a tidy counter and a smile")
    assert book.ideal is not None
    assert (book.ideal.name, book.ideal.feelings, book.ideal.looks) == (
        "Back on the road",
        ["wowed"],
        "a tidy counter and a smile",
    )


def test_an_own_practice_gets_an_id_from_its_words_a_scale_and_an_answer_scored_as_own() -> None:
    book, first = wb.with_practice(Workbook(), "Do we call back every missed call the same day?")
    book, second = wb.with_practice(book, "Do we call back every missed call the same day, even Sundays?")
    assert (first, second) == ("do-we-call-back-every", "do-we-call-back-every-2")
    book = wb.with_practice_scale(book, first, wb.scale_choice("5"))
    book = wb.with_practice_answer(book, first, "yes")
    book = wb.with_practice_answer(book, second, "n/a")
    assert [(p.scale, p.answer) for p in book.practices] == [("yes-no", 1), ("frequency", "n/a")]
    checklist, answers = own_practices(book)
    assert checklist is not None and [i.tags for i in checklist.sections[0].items] == [{"own": "yes"}] * 2
    assert answers["own/do-we-call-back-every"].value == 1
    with pytest.raises(ValueError, match="not an answer on this item's scale"):
        wb.with_practice_answer(book, first, "sometimes")


def test_a_new_scale_drops_an_answer_it_does_not_have() -> None:
    book, pid = wb.with_practice(Workbook(), "Do we smile?")
    book = wb.with_practice_answer(book, pid, "4")
    assert wb.with_practice_scale(book, pid, "extent").practices[0].answer == 4
    assert wb.with_practice_scale(book, pid, "yes-no").practices[0].answer is None


@pytest.mark.parametrize(("typed", "name"), [("", "frequency"), ("2", "extent"), ("Yes-No", "yes-no")])
def test_a_scale_is_chosen_by_number_or_name(typed: str, name: str) -> None:
    assert wb.scale_choice(typed) == name


def test_a_scale_off_the_list_is_refused() -> None:
    with pytest.raises(ValueError, match="type 1 to 5"):
        wb.scale_choice("9")


def test_the_step_resumes_where_something_is_left_else_in_the_last_part_begun() -> None:
    assert wb.resume_part(Workbook()) == "journey"
    rated = wb.with_touch(Workbook(), "Visit", "Greeting", rating="magic")
    assert wb.resume_part(rated) == "journey"
    assert wb.resume_part(wb.with_definition(rated, "Anyone")) == "customers"
    ideal = wb.with_ideal(wb.with_definition(rated, "Anyone"), name="Dazzle")
    assert wb.resume_part(ideal) == "ideal"
    unanswered = ideal.model_copy(update={"practices": [Practice(id="p", question="Q?")]})
    assert wb.resume_part(unanswered) == "practices"
    assert wb.resume_part(wb.with_touch(unanswered, "Visit", "Door")) == "journey"  # a touch point to rate first


def test_a_kind_of_customer_may_be_called_like_a_field_of_a_touch_point() -> None:
    book = wb.with_kind(Workbook(), "owner")  # a kind called "owner": the owner-operators a supplier serves
    book = wb.with_touch(book, "Visit", "Greeting", {"owner": "misery"}, owner="Ann", rating="magic")
    point = book.touchpoints[0][1]
    assert (point.owner, point.rating, point.by_customer) == ("Ann", "magic", {"owner": "misery"})
    assert wb.with_touch(book, "Visit", "Greeting", {"owner": None}).touchpoints[0][1].by_customer == {}
    with pytest.raises(TypeError, match="a kind of customer's rating goes in by_kind"):
        wb.with_touch(book, "Visit", "Greeting", regulars="magic")


KIND_NAMES = st.text(alphabet=st.characters(categories=("L", "N"), include_characters=" -'"), min_size=1, max_size=12)


@given(
    st.lists(
        KIND_NAMES.filter(lambda k: k.strip() and not k.strip().isdigit()),
        min_size=1,
        max_size=5,
        unique_by=str.casefold,
    ),
    st.data(),
)
@settings(max_examples=60, deadline=None)
def test_a_rating_line_reads_back_what_was_meant_by_name_or_number(kinds: list[str], data: st.DataObject) -> None:
    kinds = [" ".join(k.split()) for k in kinds]
    chosen = data.draw(st.dictionaries(st.sampled_from(kinds), st.sampled_from(RATINGS), max_size=len(kinds)))
    overall = data.draw(st.sampled_from([None, *RATINGS]))
    by_number = data.draw(st.booleans())
    parts = [] if overall is None else [str(RATINGS.index(overall) + 1)]
    for kind, rating in chosen.items():
        shouted = "".join(c.upper() if c.upper().casefold() == c.casefold() else c for c in kind)  # not ı to I
        ref = str(kinds.index(kind) + 1) if by_number else shouted
        parts.append(f" {ref} = {rating.capitalize()} ")
    assert wb.kind_ratings_of(",".join(parts), kinds) == (overall, chosen)


@given(st.permutations(range(5)), st.integers(min_value=0, max_value=5))
@settings(max_examples=60, deadline=None)
def test_a_new_order_puts_the_stages_named_first_and_keeps_every_stage(order: list[int], given_: int) -> None:
    book = Workbook(journey=[Stage(name=f"Stage {n}") for n in range(5)])
    typed = " ".join(str(n + 1) for n in order[:given_])
    names = [s.name for s in wb.reordered(book, typed).journey]
    assert names[:given_] == [f"Stage {n}" for n in order[:given_]]
    assert sorted(names) == sorted(s.name for s in book.journey)


def test_an_own_practice_keeps_a_whole_answer_whole() -> None:
    """``answer: 1`` came back as ``1.0`` on the next save: a file people read keeps what they typed."""
    from cxcheck.core.workbook import to_data, with_practice_answer
    from cxcheck.model import Workbook

    book = Workbook.model_validate(
        {"practices": [{"id": "x", "question": "Q?", "answer": 1}, {"id": "y", "question": "Q?"}]}
    )
    book = with_practice_answer(book, "y", "3")
    assert [p["answer"] for p in to_data(book)["practices"]] == [1, 3]
    assert [type(p["answer"]) for p in to_data(book)["practices"]] == [int, int]
