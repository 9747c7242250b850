"""The workshop aggregation: means, spreads, disagreement, roles, anonymity, n/a and versions."""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxcheck.core import answers
from cxcheck.core.aggregate import aggregate, role_key
from cxcheck.core.catalog import answered_checklists, discover, load_file
from cxcheck.core.targets import Bands, Targets
from cxcheck.errors import CxError
from cxcheck.model import Answer, AnswerSet, Checklist
from cxcheck.reports.charts import MARGIN, x_of
from cxcheck.reports.workshop import discussion_question, workshop_context
from tests.conftest import DEMO_CHECKLIST

DAY = dt.date(2024, 5, 1)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Checklist:
    path = tmp_path_factory.mktemp("checklists") / "demo.yaml"
    path.write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    return load_file(path)


def person(name: str, role: str | None, often: Answer | None, yes_no: Answer | None, light: Answer | None) -> AnswerSet:
    given = {"demo/often": often, "demo/yes-no": yes_no, "demo/light": light}
    return AnswerSet(
        respondent=name,
        organisation="Acme",
        date=DAY,
        answers={k: v for k, v in given.items() if v is not None},
        checklists={"demo": "1.0"},
        role=role,
    )


NA = Answer(None, reason="no staff")


@pytest.fixture
def team() -> list[AnswerSet]:
    """Ann leads; Bob and Cy are front line and see things rather differently."""
    return [
        person("Ann", "Leadership", Answer(4), Answer(1), Answer(2)),
        person("Bob", "frontline", Answer(0), Answer(1), Answer(1, note="we [ask] first")),
        person("Cy", " Frontline ", Answer(2), Answer(1), NA),
    ]


def item(workshop, full_id: str):
    return next(v for v in workshop.items if v.full_id == full_id)


def test_per_item_mean_spread_and_disagreement(demo: Checklist, team: list[AnswerSet]) -> None:
    workshop = aggregate([demo], team)
    often, yes_no, light = (item(workshop, f"demo/{i}") for i in ("often", "yes-no", "light"))
    assert (often.mean, often.spread, often.disagreement) == (50.0, 100.0, True)
    assert (yes_no.mean, yes_no.spread, yes_no.disagreement) == (100.0, 0.0, False)
    assert (light.mean, light.spread, light.disagreement) == (37.5, 25.0, False)
    assert [a and a.value for a in often.answers] == [4, 0, 2]
    assert [often.score(a) for a in often.answers] == [100.0, 0.0, 50.0]


def test_n_a_by_some_respondents_only_leaves_them_out_of_the_mean(demo: Checklist, team: list[AnswerSet]) -> None:
    light = item(aggregate([demo], team), "demo/light")
    assert (light.answered, light.not_applicable) == (2, 1)
    assert light.mean == 37.5  # Ann's Sometimes (50) and Bob's Rarely (25); Cy's n/a is left out


def test_n_a_by_every_member_of_a_role_makes_the_role_section_n_a(demo: Checklist, team: list[AnswerSet]) -> None:
    team[1] = person("Bob", "frontline", Answer(0), Answer(1), NA)
    workshop = aggregate([demo], team)
    second = workshop.roles["frontline"].checklists[0].sections[1]
    assert second.score is None and second.counts.not_applicable == 1
    assert workshop.team.checklists[0].sections[1].score == 50.0  # only Ann answered it


def test_team_scores_are_the_scoring_rules_applied_to_the_item_means(demo: Checklist, team: list[AnswerSet]) -> None:
    card = aggregate([demo], team).team
    first, second = card.checklists[0].sections
    assert first.score == 75.0  # (often 50 + yes-no 100) / 2
    assert second.score == 37.5
    assert card.checklists[0].score == 62.5  # section weights 2 and 1: (2 x 75 + 37.5) / 3
    assert card.score == 62.5


def test_roles_are_normalised_and_scored_from_their_own_members(demo: Checklist, team: list[AnswerSet]) -> None:
    workshop = aggregate([demo], team)
    assert list(workshop.roles) == ["leadership", "frontline"]
    assert [r.role for r in workshop.respondents] == ["leadership", "frontline", "frontline"]
    leadership, frontline = workshop.roles["leadership"], workshop.roles["frontline"]
    assert [s.score for s in leadership.checklists[0].sections] == [100.0, 50.0]
    assert [s.score for s in frontline.checklists[0].sections] == [62.5, 25.0]  # often (0+50)/2, yes-no 100
    assert role_key("  Back-Office ") == "back-office" and role_key("  ") is None


def test_threshold_is_configurable_and_checked(demo: Checklist, team: list[AnswerSet]) -> None:
    wide = aggregate([demo], team, threshold=25).disagreements()
    assert [s.entry.full_id for s in wide.listed] == ["demo/often", "demo/light"]
    assert aggregate([demo], team, threshold=100).disagreements().listed[0].entry.full_id == "demo/often"
    for bad in (0, -5, 101):
        with pytest.raises(CxError, match="threshold must be above 0 and at most 100"):
            aggregate([demo], team, threshold=bad)


def test_one_answer_is_never_a_disagreement(demo: Checklist) -> None:
    alone = [person("Ann", None, Answer(4), None, None), person("Bob", None, None, None, None)]
    often = item(aggregate([demo], alone, threshold=1), "demo/often")
    assert (often.spread, often.disagreement) == (0.0, False)


def test_perception_gap_sections_that_differ_most_come_first(demo: Checklist, team: list[AnswerSet]) -> None:
    (gap,) = aggregate([demo], team).gaps
    assert gap.roles == ("leadership", "frontline")
    assert [(g.section.id, g.first, g.second, g.difference) for g in gap.sections] == [
        ("first", 100.0, 62.5, 37.5),
        ("second", 50.0, 25.0, 25.0),
    ]
    assert round(gap.first.score - gap.second.score, 6) == round(250 / 3 - 50, 6)


def test_without_the_default_roles_every_pair_present_is_compared(demo: Checklist, team: list[AnswerSet]) -> None:
    team[0].role = "owner"
    team.append(person("Di", "manager", Answer(3), Answer(0), Answer(3)))
    workshop = aggregate([demo], team)
    assert [g.roles for g in workshop.gaps] == [("manager", "frontline"), ("manager", "owner"), ("frontline", "owner")]


def test_explicit_role_pairs_must_name_roles_that_took_part(demo: Checklist, team: list[AnswerSet]) -> None:
    (gap,) = aggregate([demo], team, role_pairs=[("Frontline", "leadership")]).gaps
    assert gap.roles == ("frontline", "leadership") and gap.sections[0].difference == -37.5
    with pytest.raises(CxError, match=r"no respondent has the role 'owner' \(roles present: leadership, frontline\)"):
        aggregate([demo], team, role_pairs=[("owner", "frontline")])
    with pytest.raises(CxError, match="name two different roles"):
        aggregate([demo], team, role_pairs=[("frontline", "frontline")])


def test_fewer_than_two_roles_give_no_gaps_and_say_why(demo: Checklist, team: list[AnswerSet]) -> None:
    for answer_set in team:
        answer_set.role = None
    workshop = aggregate([demo], team)
    assert workshop.gaps == () and workshop.roles == {}
    assert any("fewer than two roles took part" in n for n in workshop.notices)


def test_discussion_question_names_a_role_only_when_the_whole_role_said_it(
    demo: Checklist, team: list[AnswerSet]
) -> None:
    workshop = aggregate([demo], team)
    assert discussion_question(item(workshop, "demo/often"), workshop) == (
        'On "How often do you [bold]listen[/bold]?", Bob says Never and Ann says Always, with 1 in between: '
        "what does each of you see that the other doesn't?"
    )  # Cy, frontline too, said Sometimes: "frontline says Never" would not be what the frontline said
    team[2] = person("Cy", "frontline", Answer(0), Answer(1), NA)
    workshop = aggregate([demo], team)
    assert discussion_question(item(workshop, "demo/often"), workshop) == (
        'On "How often do you [bold]listen[/bold]?", frontline says Never and leadership says Always: '
        "what does each of you see that the other doesn't?"
    )


def test_discussion_question_names_every_role_at_each_end_and_counts_the_rest(demo: Checklist) -> None:
    """The issue's anonymous case: two roles said No, three said Yes; name all five roles, not their first members."""
    roles = {"frontline": 0, "customer-facing": 0, "back-office": 1, "leadership": 1, "manager": 1}
    team = [person(f"P{n}", role, None, Answer(v), None) for n, (role, v) in enumerate(roles.items())]
    workshop = aggregate([demo], team, anonymous=True)
    assert discussion_question(item(workshop, "demo/yes-no"), workshop).startswith(
        'On "Is the number on the website?", frontline and customer-facing say No and '
        "back-office, leadership and manager say Yes:"
    )
    team += [person("P5", "frontline", None, Answer(1), None), person("P6", "manager", None, Answer(1), None)]
    workshop = aggregate([demo], team)  # a frontline now says Yes too: the people are named or counted
    assert discussion_question(item(workshop, "demo/yes-no"), workshop).startswith(
        'On "Is the number on the website?", P0 and P1 say No and 5 respondents say Yes:'
    )
    assert discussion_question(item(workshop, "demo/yes-no"), workshop, named=False).startswith(
        'On "Is the number on the website?", 2 respondents say No and 5 respondents say Yes:'
    )


def test_discussion_question_names_people_when_one_role_is_at_both_ends(demo: Checklist, team: list[AnswerSet]) -> None:
    team.append(person("Di", "frontline", Answer(0), None, None))
    team.append(person("Ed", "frontline", Answer(4), None, None))
    workshop = aggregate([demo], team)
    assert discussion_question(item(workshop, "demo/often"), workshop).startswith(
        'On "How often do you [bold]listen[/bold]?", Bob and Di say Never and Ann and Ed say Always, with 1 in between:'
    )


def test_anonymous_shows_roles_only_with_stable_labels(demo: Checklist, team: list[AnswerSet], tmp_path: Path) -> None:
    for answer_set in team:
        answer_set.path = tmp_path / f"answers-{answer_set.respondent.lower()}.yaml"
    team.append(person("Di", None, Answer(1), None, None))
    workshop = aggregate([demo], team, anonymous=True)
    assert [r.label for r in workshop.respondents] == ["leadership 1", "frontline 1", "frontline 2", "respondent 1"]
    text = json.dumps(workshop_context(workshop))
    for secret in ("Ann", "Bob", "Cy", "Di"):  # as words: a cited author may be JoAnna
        assert not re.search(rf"\b{secret}\b", text), secret
    assert str(tmp_path) not in text
    assert "frontline 1" in text


def test_named_context_keeps_files_and_tells_two_people_of_one_name_apart(
    demo: Checklist, team: list[AnswerSet]
) -> None:
    team[2].respondent = "Bob"
    context = workshop_context(aggregate([demo], team))
    assert [r["label"] for r in context["respondents"]] == ["Ann", "Bob", "Bob (2)"]
    assert "file" in context["respondents"][0]


def test_a_respondent_on_an_older_checklist_version_is_reported_not_mixed(
    demo: Checklist, team: list[AnswerSet], write: Callable[[str, str], Path], demo_dir: Path
) -> None:
    old = write(
        "old.yaml",
        """\
        respondent: Eve
        role: frontline
        organisation: Acme
        date: 2024-04-01
        checklists: {demo: "0.9"}
        answers:
          demo/often: 1
          demo/retired-item: 4
        """,
    )
    eve = answers.load(old, discover([demo_dir]))
    assert eve.stale == {"demo/retired-item": Answer(4.0)}
    workshop = aggregate([demo], [*team, eve])
    often = item(workshop, "demo/often")
    assert [a and a.value for a in often.answers] == [4, 0, 2, 1]
    assert all("retired-item" not in v.full_id for v in workshop.items)
    assert (
        "Eve answered demo version 0.9, not the current 1.0; items new since then count as unanswered for them; "
        "1 answer(s) to items no longer in it left out: demo/retired-item."
    ) in workshop.notices
    context = workshop_context(workshop)
    assert context["respondents"][3]["left_out"] == ["demo/retired-item"]
    assert context["respondents"][3]["checklists"] == {"demo": "0.9"}


def test_respondents_without_a_role_count_for_the_team_only(demo: Checklist, team: list[AnswerSet]) -> None:
    team.append(person("Di", None, Answer(4), None, None))
    workshop = aggregate([demo], team)
    assert item(workshop, "demo/often").mean == 62.5
    assert workshop.roles["frontline"].checklists[0].sections[0].score == 62.5
    assert "No role given by Di: counted in the team scores, in no role's." in workshop.notices


def test_answered_checklists_follow_the_catalog(demo_dir: Path, team: list[AnswerSet]) -> None:
    catalog = discover([demo_dir])
    assert [c.id for c in answered_checklists(catalog, team)] == ["demo"]
    assert answered_checklists(catalog, [person("Zed", None, None, None, None)]) == [catalog.get("demo")]


def test_context_figures_and_bounds(demo: Checklist, team: list[AnswerSet]) -> None:
    targets = Targets(overall=80, bands=Bands(mediocrity=30, magic=60))
    context = workshop_context(aggregate([demo], team, targets=targets), top=1, heatmap_cells=6)
    assert context["schema_version"] == 2 and context["bands"] == {"mediocrity": 30, "magic": 60}
    overall = context["scores"]["overall"]
    assert overall == {
        "score": 62.5,
        "band": "magic",
        "target": 80,
        "gap": 17.5,
        "coverage": 100.0,
        "counts": {"answered": 3, "not_applicable": 0, "unanswered": 0, "applicable": 3, "total": 3},
        "by_role": [
            {"role": "leadership", "score": 83.3, "band": "magic"},
            {"role": "frontline", "score": 50.0, "band": "mediocrity"},
        ],
    }
    (shown,) = context["disagreements"]["shown"]
    assert context["disagreements"]["count"] == 1
    assert [(s["respondent"], s["answer"], s["score"]) for s in shown["said"]] == [
        ("Bob", "Never", 0.0),
        ("Cy", "Sometimes", 50.0),
        ("Ann", "Always", 100.0),
    ]
    heatmap = context["heatmap"]
    assert heatmap["total_items"] == 3
    assert [r["id"] for r in heatmap["rows"]] == ["demo/often", "demo/light"]  # the two largest spreads, in order
    assert [c["text"] for c in heatmap["rows"][1]["cells"]] == ["Sometimes", "Rarely", "n/a"]
    light = context["items"][2]
    assert light["given"] == [2, 1, "n/a"]
    assert light["notes"] == [{"respondent": "Bob", "note": "we [ask] first"}]
    assert context["perception_gaps"][0]["overall"] == {"scores": [83.3, 50.0], "difference": 33.3}
    (group,) = context["charts"]["roles"]["groups"]
    assert group["label"] == "Demo checklist"
    assert [(b["name"], b["score"], b["band"], b["width"], b["value_inside"]) for b in group["bars"]] == [
        ("team", 62.5, "magic", round(x_of(62.5) - MARGIN, 2), True),
        ("leadership", 83.3, "magic", round(x_of(83.3) - MARGIN, 2), True),
        ("frontline", 50.0, "mediocrity", round(x_of(50.0) - MARGIN, 2), True),
    ]
    assert [b["y"] for b in group["bars"]] == sorted({b["y"] for b in group["bars"]})  # one below the other
    json.dumps(context)  # plain data all the way down


answers_strategy = st.lists(
    st.tuples(st.sampled_from([None, "n/a", 0, 1, 2, 3, 4]), st.sampled_from([None, "n/a", 0, 1])),
    min_size=1,
    max_size=8,
)


def as_answer(raw: object) -> Answer | None:
    if raw is None:
        return None
    return Answer(None) if raw == "n/a" else Answer(float(raw))  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(answers_strategy)
def test_figures_stay_in_range_and_group_means_agree(demo: Checklist, raw: list[tuple[object, object]]) -> None:
    sets = [
        person(f"P{n}", ("leadership", "frontline", None)[n % 3], as_answer(a), as_answer(b), None)
        for n, (a, b) in enumerate(raw)
    ]
    workshop = aggregate([demo], sets)
    for view in workshop.items:
        scores = [s for s in map(view.score, view.answers) if s is not None]
        if scores:
            assert min(scores) <= view.mean <= max(scores)  # type: ignore[operator]
            assert 0 <= view.spread <= 100  # type: ignore[operator]
        else:
            assert view.mean is None and view.spread is None
    for card in (workshop.team, *workshop.roles.values()):
        assert card.score is None or 0 <= card.score <= 100


def test_team_priorities_rank_the_team_mean_by_the_one_rule(demo: Checklist, team: list[AnswerSet]) -> None:
    ranked = aggregate([demo], team).priorities()
    # often: mean 50, gap 50 x weight 1 x section 2 = 100; light: gap 62.5 x 0.5 x 1 = 31.25; yes-no: no gap
    assert [(s.rank, s.tied, s.entry.full_id, s.entry.priority) for s in ranked.standings] == [
        (1, False, "demo/often", 100.0),
        (2, False, "demo/light", 31.25),
    ]
    assert aggregate([demo], team).priorities(1).listed[0].entry.item.action == "Ask one open question per call."


def test_equal_team_priorities_are_tied_and_the_more_answered_item_goes_first(demo: Checklist) -> None:
    team = [
        person("Ann", None, Answer(4), Answer(1), None),
        person("Bob", None, Answer(0), Answer(0), None),
        person("Cy", None, Answer(2), None, None),
    ]  # often (100 + 0 + 50) / 3 = 50 and yes-no (100 + 0) / 2 = 50: both priority 100
    ranked = aggregate([demo], team).priorities(1)
    assert [(s.rank, s.tied, s.entry.full_id) for s in ranked.standings] == [
        (1, True, "demo/often"),
        (1, True, "demo/yes-no"),
    ]
    assert (len(ranked.listed), ranked.more_tied) == (1, 1)


def test_the_widest_gaps_come_from_every_pair_compared(demo: Checklist, team: list[AnswerSet]) -> None:
    team[0].role = "owner"
    team.append(person("Di", "manager", Answer(3), Answer(0), Answer(3)))
    workshop = aggregate([demo], team)
    widest = workshop.widest_gaps(3)
    every = [(pair, g.section.id, abs(g.difference)) for g in workshop.gaps for pair in [g.roles] for g in g.sections]
    assert [(s.entry[0], s.entry[1].section.id, abs(s.entry[1].difference)) for s in widest.listed] == sorted(
        every, key=lambda e: -e[2]
    )[:3]
    assert widest.total == len(every)


def test_a_fractional_scale_is_summed_as_a_store_counts_it(tmp_path: Path) -> None:
    """0.3 + 0.1 + 0.1 + 0.3 + 0.3 + 0.1 is 1.2000000000000002 added in order, 1.2 counted: a mean on
    the border of a rounding went either way, and a store's page differed from its files' (issue 19)."""
    from cxcheck.core.aggregate import Counted

    path = tmp_path / "share.yaml"
    path.write_text(
        textwrap.dedent("""\
            id: demo
            title: Shares
            version: "1.0"
            description: A fractional scale.
            sections:
              - id: only
                title: Only
                items:
                  - id: often
                    question: How much of it is done?
                    help: Fractions.
                    action: Do more.
                    source: 001_1c575d8905d84cba.txt
                    scale: [{value: 0, label: None}, {value: 0.1, label: Some}, {value: 0.3, label: Most}]
            """),
        encoding="utf-8",
    )
    checklist = load_file(path)
    values = [0.3, 0.1, 0.1, 0.3, 0.3, 0.1]
    sets = [person(f"P{n}", "frontline", Answer(v), None, None) for n, v in enumerate(values)]
    files = aggregate([checklist], sets)
    counted = aggregate(
        [checklist],
        Counted(6, [("frontline", 6)], frozenset({"demo"}), {"demo/often": {"frontline": {0.1: 3, 0.3: 3}}}, [], 0,
                DAY, DAY, (("Acme", 6),)),
    )  # fmt: skip
    assert sum(values) != 1.2
    assert files.items[0].mean == counted.items[0].mean
    assert files.items[0].group_answers == counted.items[0].group_answers
