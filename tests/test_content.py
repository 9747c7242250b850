"""The bundled checklists: cited, in our own words, and covering what the articles name."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from cxcheck.core import answers
from cxcheck.core.catalog import BUNDLED_ORDER, discover
from cxcheck.errors import SHOWN_PER_FILE, ValidationFailed
from cxcheck.model import Answer, Checklist
from cxcheck.sources import ARTICLES

RUN = 6
"""An item's text sharing this many consecutive words with any article counts as pasted."""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "").replace("'", ""))


ROOT = Path(__file__).resolve().parents[1]


@cache
def articles_dir() -> Path:
    """Where the articles are: never shipped nor committed, only read from beside the repository.

    ``CXCHECK_SOURCES`` names the folder; otherwise it is ``../shared/sources`` beside this
    checkout, beside the repository it was cloned from, or beside the repository a worktree
    belongs to, so that a clone or worktree made anywhere (``git clone . /tmp/x``) finds them.
    """
    if os.environ.get("CXCHECK_SOURCES"):
        tried = [Path(os.environ["CXCHECK_SOURCES"])]
    else:
        roots = [ROOT]
        origin = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", "origin"], capture_output=True, text=True)
        if origin.returncode == 0 and Path(origin.stdout.strip()).is_dir():
            roots.append(Path(origin.stdout.strip()).resolve())
        common = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--path-format=absolute", "--git-common-dir"],
            capture_output=True,
            text=True,
        )
        if common.returncode == 0:  # a worktree: the repository's own folder holds .git
            roots.append(Path(common.stdout.strip()).parent)
        tried = [root.parent / "shared" / "sources" for root in roots]
    found = next((folder for folder in tried if folder.is_dir()), None)
    if found is None:
        pytest.fail(f"the articles are in none of {', '.join(map(str, tried))}; set CXCHECK_SOURCES to their folder")
    return found


@cache
def _article_runs(name: str) -> frozenset[tuple[str, ...]]:
    words = _words((articles_dir() / name).read_text(encoding="utf-8"))
    return frozenset(tuple(words[i : i + RUN]) for i in range(len(words) - RUN + 1))


def copied_run(text: str, article: str) -> str | None:
    """The first run of RUN words ``text`` shares with ``article``, if any."""
    words = _words(text)
    runs = _article_runs(article)
    return next(
        (" ".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1) if tuple(words[i : i + RUN]) in runs), None
    )


def pasted(text: str) -> list[str]:
    """Every article ``text`` shares a run of RUN words with, and the run: an item must echo none of them."""
    return [f"{name}: {run!r}" for name in ARTICLES if (run := copied_run(text, name)) is not None]


def bundled() -> list[Checklist]:
    return [e.checklist for e in discover() if e.origin == "bundled"]


def test_every_expected_checklist_is_bundled_with_8_to_15_items() -> None:
    found = {c.id: c for c in bundled()}
    assert set(BUNDLED_ORDER) <= set(found)
    for checklist_id in BUNDLED_ORDER:
        assert 8 <= len(found[checklist_id].items) <= 15, checklist_id


def test_the_detector_catches_six_words_pasted_from_any_article() -> None:
    text = "Check that the number is easily found on the internet, please."
    assert copied_run(text, "004_d0547bb3468ca640.txt") == "number is easily found on the"
    assert pasted(text) == ["004_d0547bb3468ca640.txt: 'number is easily found on the'"]
    assert pasted("A help text that 002 mentions: the eyes of your customers.") == []  # five words only


@pytest.mark.parametrize("checklist", bundled(), ids=lambda c: c.id)
def test_items_cite_a_registered_article_or_say_why_they_are_our_own(checklist: Checklist) -> None:
    for _, item in checklist.items:
        if item.own_addition is None:
            assert item.source in ARTICLES, f"{checklist.full_id(item)} cites {item.source!r}"
        else:
            assert item.source is None and len(item.own_addition.split()) >= 5, checklist.full_id(item)


@pytest.mark.parametrize("checklist", bundled(), ids=lambda c: c.id)
def test_no_question_help_or_action_pastes_any_article(checklist: Checklist) -> None:
    for _, item in checklist.items:
        for field in ("question", "help", "action"):
            assert pasted(getattr(item, field)) == [], f"{checklist.full_id(item)} {field}"


@pytest.mark.parametrize("checklist", bundled(), ids=lambda c: c.id)
def test_questions_are_short_questions(checklist: Checklist) -> None:
    for _, item in checklist.items:
        assert item.question.rstrip().endswith("?"), checklist.full_id(item)
        assert len(item.question.split()) <= 30, checklist.full_id(item)


def test_every_article_is_cited() -> None:
    cited = {item.source for c in bundled() for _, item in c.items if item.source is not None}
    assert cited == set(ARTICLES)


def fingerprint(checklist: Checklist) -> str:
    """A digest of everything a checklist says, its version included: any edit changes it."""
    text = json.dumps(checklist.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


FINGERPRINTS = {
    "access": ("2.0", "c6536c770782710c"),
    "empowerment": ("2.0", "ea48c08bdf401144"),
    "focus": ("2.0", "ba0e19a4d5af3b38"),
    "loyalty": ("2.0", "a1f4eb8dfdb4c5e6"),
    "people": ("2.0", "9af692a303805d80"),
    "practices": ("2.0", "30402afc96210703"),
    "promise": ("2.0", "0ca1181b739d283a"),
    "touchpoints": ("2.0", "32ddfe732d5f1441"),
}
"""Each bundled checklist's version and the fingerprint of its content at that version.

When this fails, a checklist was edited: answers files record the version they answered, and
``compare`` and ``assess`` tell the versions apart by it, so bump ``version`` in the YAML
first, then record the new pair here. Changing a fingerprint without the version is the one
thing not to do (docs/checklists.md, "Changing a checklist").
"""


@pytest.mark.parametrize("checklist", bundled(), ids=lambda c: c.id)
def test_every_content_change_comes_with_a_new_version(checklist: Checklist) -> None:
    assert (checklist.version, fingerprint(checklist)) == FINGERPRINTS[checklist.id]


SCALE_WORDING = {
    "frequency": re.compile(r"\bhow often\b", re.IGNORECASE),
    "effort": re.compile(r"\bhow easy\b", re.IGNORECASE),
    "extent": re.compile(r"\b(to what extent|how well|how far|how many of)\b", re.IGNORECASE),
}
"""How a question on each answer scale is asked; the rest (yes-no, no-partly-yes) ask yes or no."""


@pytest.mark.parametrize("checklist", bundled(), ids=lambda c: c.id)
def test_every_question_is_asked_in_its_scale(checklist: Checklist) -> None:
    """ "How easy is it to complain?" answered "Often" is no answer: the labels must fit the question."""
    for _, item in checklist.items:
        scale = item.scale or checklist.scale
        assert isinstance(scale, str), checklist.full_id(item)
        wording = SCALE_WORDING.get(scale)
        if wording is None:
            assert not item.question.lower().startswith(("how ", "to what")), checklist.full_id(item)
        else:
            assert wording.search(item.question), f"{checklist.full_id(item)} is on {scale}: {item.question}"


@pytest.mark.parametrize("checklist", bundled(), ids=lambda c: c.id)
def test_a_single_fact_weighs_half_so_a_no_does_not_crowd_the_priorities(checklist: Checklist) -> None:
    """A No is a 100-point gap where Sometimes is 50, on yes-no and on no-partly-yes alike: such an
    item weighs 0.5, or 1 when it is central (docs/checklists.md, "Weights")."""
    for _, item in checklist.items:
        if (item.scale or checklist.scale) in ("yes-no", "no-partly-yes"):
            assert item.weight in (0.5, 1), checklist.full_id(item)


OWN_ADDITIONS = {
    "access/complaint-loop",
    "access/hours-match",
    "access/no-repeat",
    "empowerment/backed-decisions",
    "empowerment/exceptions",
    "empowerment/know-limits",
    "empowerment/report-blockers",
    "empowerment/spending-limit",
    "people/measures-balance",
}
"""The practices that are sensible but that no article states (issue 15's reading)."""


def test_only_the_practices_no_article_states_are_own_additions() -> None:
    own = {c.full_id(i) for c in bundled() for _, i in c.items if i.own_addition is not None}
    assert own == OWN_ADDITIONS


GONE = {
    "practices/consistent-efficient": "touchpoints/consistent-touches and practices/no-chasing",
    "loyalty/care-as-individuals": "practices/matter-as-people",
    "empowerment/share-decisions": "focus/staff-meeting-stories",
    "access/hours-fit": "access/hours-match (now on the extent scale)",
    "promise/stand-out": "promise/stand-apart (now on the extent scale)",
    "touchpoints/touchpoint-map": "touchpoints/touchpoint-list (now on the no-partly-yes scale)",
    "people/job-descriptions": "people/roles-serve-customers (now on the no-partly-yes scale)",
    "promise/clear-promise": "promise/promise-known (now on the extent scale)",
    "loyalty/loyal-not-retained": "loyalty/reasons-to-return (now on the extent scale)",
    "empowerment/decision-level": "empowerment/front-line-decisions (now on the extent scale)",
    "focus/exquisite-service": "focus/unmatched-standard (now on the yes-no scale)",
    "practices/attract-and-satisfy": "practices/win-and-satisfy (now on the no-partly-yes scale)",
    "access/phone-tree": "access/person-in-two (now on the yes-no scale)",
    "touchpoints/leaders-visible": "practices/leaders-visible (moved to leadership)",
}
"""Items of version 1.0 that 2.0 no longer has, and where their practice went."""


def test_an_answers_file_of_version_1_still_loads_and_keeps_the_removed_items_apart(tmp_path: Path) -> None:
    """A 1.0 file answering removed items loads; those answers are stale (reported as no longer in
    the checklist), never read as answers to the items that replaced them."""
    catalog = discover()
    for gone, now in GONE.items():
        assert gone not in catalog.items, gone
        assert all(full_id in catalog.items for full_id in re.findall(r"[a-z-]+/[a-z-]+", now)), now
    versions = "".join(f"  {c}: '1.0'\n" for c in sorted({k.split("/")[0] for k in GONE}))
    body = "".join(f"  {full_id}: 1\n" for full_id in GONE) + "  practices/time-for-customers: 3\n"
    path = tmp_path / "old.yaml"
    path.write_text(
        f"respondent: Ann\norganisation: Acme\ndate: 2026-01-05\nchecklists:\n{versions}answers:\n{body}",
        encoding="utf-8",
    )
    old = answers.load(path, catalog)
    assert set(old.stale) == set(GONE)
    assert dict(old.answers) == {"practices/time-for-customers": Answer(3.0)}
    path.write_text(path.read_text(encoding="utf-8").replace("'1.0'", "'2.0'"), encoding="utf-8")
    with pytest.raises(ValidationFailed) as refused:
        answers.load(path, catalog)
    listed = [p for p in refused.value.problems if p.line is not None]
    assert len(listed) == min(len(GONE), SHOWN_PER_FILE)
    assert all("unknown item" in p.message for p in listed)
    hidden = len(GONE) - len(listed)
    assert hidden == 0 or f"and {hidden} more problems" in refused.value.problems[-1].message


def test_the_small_business_selection_is_printed_ready_to_run_and_leaves_out_the_employer_checklists() -> None:
    """docs/checklists.md prints one command for a business without employees: every bundled
    checklist but the two that assume staff, in assessment order."""
    text = (ROOT / "docs" / "checklists.md").read_text(encoding="utf-8")
    section = text.split("### A small business", 1)[1].split("\n## ", 1)[0]
    command = re.search(r"^cxcheck assess ([a-z -]+?) --", section, re.MULTILINE)
    assert command is not None
    assert command.group(1).split() == [c for c in BUNDLED_ORDER if c not in ("empowerment", "people")]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`cxcheck assess {command.group(1)}`" in readme


COVERAGE: dict[str, dict[str, tuple[str, ...]]] = {
    "000_e98f0a5404c718dd.txt": {
        "give customers what improves their lives, not only what you can sell": ("practices/customer-first-culture",),
        "employ people willing to deliver great service": ("people/hire-for-service",),
        "empathy, the trait hotel guests admired": ("practices/empathy",),
        "orientation: what it feels like to be the guest": ("people/empathy-training",),
        "customers cared for as individuals, sweating the details": (
            "practices/sweat-details",
            "practices/matter-as-people",
        ),
        "anticipate needs rather than wait for requests (the rear-view mirror)": ("focus/anticipate",),
        "a remarkable experience people talk about": ("touchpoints/create-magic",),
        "loyalty, the prize beyond satisfied": ("loyalty/beyond-satisfied",),
        "lasting loyalty and word of mouth": ("loyalty/advocates",),
    },
    "001_1c575d8905d84cba.txt": {
        "good feelings through the whole sale, judged by how the customer feels": ("practices/customer-feelings",),
        "do not blame a dissatisfied customer: replay the moments of touch": ("practices/trace-dissatisfaction",),
        "customers want to know they matter as people": ("practices/matter-as-people",),
        "plenty of time: never pushed, interrupted or put off": ("practices/time-for-customers",),
        "no inconsistency": ("touchpoints/consistent-touches",),
        "no inefficiency for the customer to bear": ("practices/no-chasing",),
        "manage the moments of touch": ("touchpoints/emotional-moments",),
        "empower associates: no waiting for permission": ("empowerment/decide-without-asking",),
        "know they are satisfied before it is too late": ("practices/satisfaction-early",),
    },
    "002_0671ade08c34851c.txt": {
        "a business exists to attract and to satisfy customers": ("practices/win-and-satisfy",),
        "the five questions of the points of value": ("promise/points-of-value",),
        "the promise in your message": ("promise/promise-known", "promise/promise-kept"),
        "trust that you fulfil it, the ground of loyal advocates": ("promise/trust",),
        "the expectations customers bring (000's image-to-expectations chain in its help)": (
            "promise/points-of-value",
            "promise/expectations-set",
        ),
        "listening to identify their problem": ("promise/listen-for-problem",),
        "treat customers as you would like to be treated": ("promise/golden-rule",),
        "surveys and secret shoppers": ("touchpoints/outside-view",),
        "walk each step with a new customer's eyes": ("touchpoints/walk-through",),
        "a checklist of every touch point": ("touchpoints/touchpoint-list",),
        "an experience that stands out from the competition": ("promise/stand-apart",),
        "loyal customers spend more, pay higher prices and recommend": ("loyalty/pay-for-value",),
    },
    "003_113760ba5ffec508.txt": {
        "focus on what you do best, not all things to all customers": ("focus/what-we-do-best",),
        "a clear vision customers easily understand": ("focus/clear-vision",),
        "exquisite, unequalled service competitors cannot follow": ("focus/unmatched-standard",),
        "the best customers: likely to be loyal, looking for real value": ("loyalty/know-best",),
        "build all your systems to support the experience": ("focus/systems-support",),
        'define what "customer" means here': ("focus/define-customer",),
        "the kinds of customers, internal ones too, and what each wants and needs": ("focus/customer-kinds",),
        "internal customers: colleagues who depend on a team's work": ("people/internal-customers",),
        "ask customers what experience they would like": ("focus/ask-what-they-want",),
        "how well you meet or exceed their expectations": ("promise/exceed",),
        "define the ideal experience together, with the senses": ("focus/ideal-defined",),
        "examples of the ideal experience at staff meetings": ("focus/staff-meeting-stories",),
        "search for evidence that the ideal experiences happen": ("focus/evidence-of-ideal",),
        "a named experience everyone knows": ("focus/named-experience",),
        "learn from your own experiences as a customer": ("focus/learn-as-customer",),
        "online paths that work (the basket that could not be emptied)": ("access/self-service",),
    },
    "004_d0547bb3468ca640.txt": {
        "loyalty is emotional, retention may be logical": ("loyalty/reasons-to-return",),
        "easy access in as many ways as possible, physically and emotionally": (
            "access/preferred-channels",
            "access/emotional-access",
        ),
        "a service number easily found": ("access/contact-findable",),
        "a simple telephone tree, if any": ("access/person-in-two",),
        "easy to compliment or complain": ("access/easy-to-complain", "access/easy-to-praise"),
        "the whole delivery chain, where customers fall through the cracks": ("touchpoints/delivery-chain",),
        "every touch rated magic, mediocrity or misery": ("touchpoints/rate-touches", "touchpoints/no-misery"),
        "every employee knows their job's impact on loyalty": ("people/impact-known",),
        "job descriptions that include the customer": ("people/roles-serve-customers",),
        "rewarding behaviour that serves or saves a customer": ("people/reward-service",),
        "the lifetime value of a customer": ("loyalty/lifetime-value",),
        "how and why customers are lost": ("loyalty/why-customers-leave",),
        'continually monitoring service levels: does everything say "we care"': ("practices/monitor-service",),
        "significant resources for retention and loyalty": ("loyalty/retention-investment",),
        "destroy the rules that hamper decisions at the front": ("empowerment/rule-review",),
        "push decision making out to the front": ("empowerment/front-line-decisions",),
        "value added is often the quality of the interaction with your people": ("people/interaction-value",),
        "earn the customer's loyalty every day": ("loyalty/earn-daily",),
        "walk the walk": ("practices/walk-the-talk",),
        "authentic and genuine in every interaction": ("practices/authentic",),
        "continual learning and training": ("people/ongoing-training",),
        "having fun at work": ("people/enjoy-work",),
        "employees as internal customers: treat them as you want them to treat customers": ("people/treat-staff-well",),
        "no boss so invisible he could go undercover": ("practices/leaders-visible",),
        "the list is not exhaustive: what is routine, who should see it, what to add": ("practices/review-the-list",),
    },
}
"""Every practice each article names, and the items that ask about it (issue 15's reading)."""


def test_every_practice_an_article_names_is_asked_and_every_cited_item_asks_one() -> None:
    items = {c.full_id(i): i for c in bundled() for _, i in c.items}
    for article, practices in COVERAGE.items():
        for practice, full_ids in practices.items():
            assert all(full_id in items for full_id in full_ids), (article, practice)
            assert any(items[full_id].source == article for full_id in full_ids), (article, practice)
    claimed = {
        (article, full_id) for article, practices in COVERAGE.items() for ids in practices.values() for full_id in ids
    }
    for full_id, item in items.items():
        assert item.own_addition is not None or (item.source, full_id) in claimed, (
            f"{full_id} asks no practice of its source"
        )
