"""Problems as people read them: a file with very many is told by its first few and a count."""

from __future__ import annotations

from cxcheck.errors import SHOWN_PER_FILE, Problem, ValidationFailed


def test_each_file_shows_its_first_problems_then_a_count_of_the_rest() -> None:
    many = [Problem("a.yaml", n, f"bad {n}") for n in range(1, 26)]
    few = [Problem("b.yaml", 3, "wrong"), Problem(None, None, "--set x: no")]
    shown = [str(p) for p in ValidationFailed([*many, *few], {"b.yaml": 4}).problems]
    assert shown == [
        *(f"a.yaml:{n}: bad {n}" for n in range(1, SHOWN_PER_FILE + 1)),
        "a.yaml: … and 15 more problems in this file; fix these and run again to see the rest",
        "b.yaml:3: wrong",
        "b.yaml: … and 4 more problems in this file; fix these and run again to see the rest",
        "--set x: no",
    ]


def test_a_file_with_no_more_than_shown_is_told_in_full() -> None:
    problems = [Problem("a.yaml", n, "bad") for n in range(SHOWN_PER_FILE)]
    assert ValidationFailed(problems).problems == problems
    one_more = ValidationFailed(
        [*problems, Problem(None, None, "x"), Problem(None, None, "y")] + [Problem(None, None, "z")] * 9
    )
    assert str(one_more.problems[-1]) == "… and 1 more problem; fix these and run again to see the rest"
