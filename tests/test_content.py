"""The bundled checklists: cited, in our own words, and covering what the articles name."""

from __future__ import annotations

import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from cxcheck.core.catalog import BUNDLED_ORDER, discover
from cxcheck.model import Checklist
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
