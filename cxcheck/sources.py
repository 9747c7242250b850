"""The articles the bundled checklists are derived from: citations only, never their text."""

from __future__ import annotations

from typing import NamedTuple


class Article(NamedTuple):
    """A citable source: enough for a reader to find the original."""

    title: str
    author: str | None


ARTICLES: dict[str, Article] = {
    "000_e98f0a5404c718dd.txt": Article("Like Driving With The Rearview Mirror", None),
    "001_1c575d8905d84cba.txt": Article("Customer relationships demand customer focus", "Richard Flint"),
    "002_0671ade08c34851c.txt": Article("Selling a customer experience (untitled)", None),
    "003_113760ba5ffec508.txt": Article("Focus", "JoAnna Brandi"),
    "004_d0547bb3468ca640.txt": Article("Customer-focused means, part 2", "JoAnna Brandi"),
}
