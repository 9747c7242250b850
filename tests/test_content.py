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
from cxcheck.errors import ValidationFailed
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
    "access": ("2.0", "725083baa5edadea"),
    "empowerment": ("2.0", "f9121c4f37078c3e"),
    "focus": ("2.0", "76bb8097753643d4"),
    "loyalty": ("2.0", "4a3ab461f1108f65"),
    "people": ("2.0", "c31785dcb32f298b"),
    "practices": ("2.0", "5238b04d994b426b"),
    "promise": ("2.0", "f86797f2f791e45b"),
    "touchpoints": ("2.0", "5bcee8ac03c0a13f"),
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
    "extent": re.compile(r"\b(to what extent|how well|how far)\b", re.IGNORECASE),
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
    """A No is a 100-point gap where Sometimes is 50: a yes-no item weighs 0.5, or 1 when it is central."""
    for _, item in checklist.items:
        if (item.scale or checklist.scale) == "yes-no":
            assert item.weight in (0.5, 1), checklist.full_id(item)


OWN_ADDITIONS = {
    "access/complaint-loop",
    "access/hours-match",
    "access/no-repeat",
    "empowerment/backed-decisions",
    "empowerment/know-limits",
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
    assert len(refused.value.problems) == len(GONE)
    assert all("unknown item" in p.message for p in refused.value.problems)


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
