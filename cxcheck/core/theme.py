"""A consultant's branding for the reports they hand over: a name, a logo, an accent colour, a footer line.

Read from a theme file (``--theme FILE``) or from the ``theme:`` key of a workshop's
``workshop.yaml`` (docs/reports.md#branding). The accent is used for headings and links on
the page and behind the white text of the cover, so a colour that fails WCAG AA contrast
(4.5:1 for text) against either is refused at its line. The logo is read once and embedded
as a ``data:`` URL: the HTML and the PDF stay single files that fetch nothing.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Final

from pydantic import BaseModel, ConfigDict, Field, field_validator
from typing_extensions import TypedDict

from cxcheck.errors import Problem
from cxcheck.io.validation import fail_if, load_valid
from cxcheck.model import OneLine

AA: Final = 4.5
"""WCAG 2 AA: the least contrast for normal-size text."""
PAGE: Final = "#f3f5f8"
"""The report's page colour (report.css --page), the lightest the accent is read against but
for white; being darker than white, it is the one that decides."""
COVER_TEXT: Final = "#ffffff"
"""The cover's text, written on the accent."""
LOGO_BYTES: Final = 1024 * 1024
"""A logo is a mark, not a photograph: above this, the report would mostly be the logo."""
_LOGO_TYPES: Final = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"))
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")

Line = OneLine
"""One line; the loader refuses control characters in every file (:mod:`cxcheck.text`), and a
non-breaking space, a right-to-left mark or an emoji's joiner are text like any other."""


class Theme(BaseModel):
    """A theme file, or ``workshop.yaml``'s ``theme:``: every key optional."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: Line | None = Field(default=None, description="the consultant or company, on the cover and every page")
    logo: Line | None = Field(default=None, description="PNG, JPEG or SVG file, relative to this file")
    accent: str | None = Field(default=None, description="#rrggbb for the cover, headings and links")
    footer: Line | None = Field(default=None, description="a line at the foot of every page")

    @field_validator("accent")
    @classmethod
    def _readable(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not _HEX.match(value):
            raise ValueError(f"{value!r} is not a colour as #rrggbb (for example #17324d)")
        worst = min(contrast(value, PAGE), contrast(value, COVER_TEXT))
        if worst < AA:
            raise ValueError(
                f"{value} has a contrast of {worst:.1f}:1 against the page or the cover's white text; "
                f"WCAG AA needs {AA}:1 for text: choose a darker colour"
            )
        return value.lower()


class ThemeContext(TypedDict):
    """What the templates get as ``theme`` (None without a theme)."""

    name: str | None
    logo: str | None
    """the logo as a data: URL"""
    accent: str | None
    accent_soft: str | None
    """the accent mixed with white, for tinted panels"""
    footer: str | None


def luminance(colour: str) -> float:
    """WCAG 2's relative luminance of ``#rrggbb``."""
    channels = [int(colour[n : n + 2], 16) / 255 for n in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def load(path: Path, loc: Sequence[Hashable] = ()) -> ThemeContext:
    """The theme in ``path`` (under ``loc`` in it, e.g. ``("theme",)`` in workshop.yaml), its logo read.

    Every problem of the file at once, each at its line.
    """
    theme, doc, problems = load_valid(Theme, path, loc)
    logo = None
    if theme is not None and theme.logo is not None:
        try:
            logo = _data_url(path.parent / theme.logo)
        except ValueError as exc:
            problems.append(Problem(str(path), doc.line_of((*loc, "logo")), f"logo {theme.logo}: {exc}"))
    fail_if(problems)
    assert theme is not None
    return context(theme, logo)


def context(theme: Theme, logo: str | None = None) -> ThemeContext:
    accent = theme.accent
    return {
        "name": theme.name,
        "logo": logo,
        "accent": accent,
        "accent_soft": None if accent is None else _mix_with_white(accent, 0.88),
        "footer": theme.footer,
    }


def _mix_with_white(colour: str, share: float) -> str:
    channels = (int(colour[n : n + 2], 16) for n in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in channels)


def _data_url(path: Path) -> str:
    """The logo file as a ``data:`` URL, its type told by its first bytes (never by its name)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(LOGO_BYTES + 1)
    except FileNotFoundError:
        raise ValueError("no such file (the path is relative to the theme file)") from None
    except OSError as exc:
        raise ValueError(f"cannot read it ({exc.strerror})") from None
    if len(raw) > LOGO_BYTES:
        raise ValueError(f"is larger than {LOGO_BYTES // 1024} KB; use a smaller image")
    media = next((m for magic, m in _LOGO_TYPES if raw.startswith(magic)), None)
    if media is None and b"<svg" in raw[:1024]:
        media = "image/svg+xml"
    if media is None:
        raise ValueError("is not a PNG, JPEG or SVG image")
    return f"data:{media};base64,{base64.b64encode(raw).decode('ascii')}"
