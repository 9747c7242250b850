"""Branding (docs/reports.md#branding): a theme reaches the page, and a bad one is refused at its line."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import pytest

from cxcheck.core.theme import AA, PAGE, contrast
from tests.conftest import Cli
from tests.reports.test_report import ANSWERS


def png_1x1() -> bytes:
    """A real one-pixel PNG, so that the logo is an image any viewer opens."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x17\x32\x4d")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture
def report(cli: Cli, write, demo_dir: Path):
    answers = write("answers.yaml", ANSWERS)

    def _report(*args: str | Path, expect: int = 0):
        result = cli("report", answers, "--checklists", demo_dir, *args)
        assert result.exit_code == expect, result.output
        return result

    return _report


def test_a_theme_brands_the_html_with_its_logo_embedded(report, write, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(logo := png_1x1())
    theme = write(
        "theme.yaml",
        """\
        name: "Northwind <Consulting>"
        logo: logo.png
        accent: "#17324D"
        footer: "Prepared for the board"
        """,
    )
    page = report("-f", "html", "--theme", theme).stdout
    assert f'src="data:image/png;base64,{base64.b64encode(logo).decode()}"' in page
    assert "Prepared by Northwind &lt;Consulting&gt;" in page and "<Consulting>" not in page
    assert ":root { --accent: #17324d;" in page
    assert "Prepared for the board" in page
    assert 'src="logo.png"' not in page  # nothing is fetched: the logo travels inside the file


def test_without_a_theme_the_page_carries_no_brand(report) -> None:
    page = report("-f", "html").stdout
    assert 'class="brand"' not in page and 'class="logo"' not in page and ":root { --accent:" not in page


def test_every_problem_of_a_theme_at_its_line(report, write) -> None:
    theme = write(
        "theme.yaml",
        """\
        name: Northwind
        accent: "#ffcc00"
        logo: missing.png
        colour: red
        """,
    )
    result = report("-f", "html", "--theme", theme, expect=2)
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{theme}:2: ") and "contrast" in line and "WCAG AA" in line for line in lines)
    assert any(line.startswith(f"{theme}:4: ") and "colour" in line for line in lines)
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_name_and_footer_are_any_one_line_of_text_and_no_control_character(report, write) -> None:
    """A non-breaking space, a byte-order mark or an emoji's joiner were refused as "control
    characters" (``str.isprintable``); only what the loader refuses everywhere is."""
    text = "Conseil\u00a0: Dupont\u200d\ufeff & Fils"
    theme = write("theme.yaml", f'name: "{text}"\nfooter: "{text}"\n')
    page = report("-f", "html", "--theme", theme).stdout
    assert "Prepared by Conseil\u00a0: Dupont\u200d\ufeff &amp; Fils" in page
    for bad, message in (('"Acme\\e[31m"', "control character U+001B"), ('"one\\ntwo"', "must be one line")):
        refused = write("bad-theme.yaml", f"name: {bad}\n")
        assert message in report("-f", "html", "--theme", refused, expect=2).stderr


def test_a_logo_that_is_not_an_image_is_refused(report, write, tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_text("<script>alert(1)</script>")
    theme = write("theme.yaml", "logo: logo.png\n")
    result = report("-f", "html", "--theme", theme, expect=2)
    assert f"{theme}:1: logo logo.png: is not a PNG, JPEG or SVG image" in result.stderr


@pytest.mark.parametrize("colour", ["#17324d", "#000000", "#6b2e00"])
def test_accents_that_read_are_accepted(colour: str) -> None:
    from cxcheck.core.theme import Theme

    assert Theme(accent=colour).accent == colour
    assert contrast(colour, PAGE) >= AA


def test_the_theme_schema_is_published_and_agrees_with_the_loader(cli: Cli, write, tmp_path: Path) -> None:
    import jsonschema
    import yaml

    from cxcheck.core import theme
    from tests.conftest import published_schema

    schema = published_schema(cli, "theme")
    good = write("theme.yaml", 'name: Northwind Consulting\naccent: "#17324d"\nfooter: For the board\n')
    jsonschema.validate(yaml.safe_load(good.read_text()), schema)
    assert theme.load(good)["name"] == "Northwind Consulting"
    typo = write("typo.yaml", "name: Northwind\nfooter_line: For the board\n")
    assert not jsonschema.Draft202012Validator(schema).is_valid(yaml.safe_load(typo.read_text()))
    assert cli("report", "--theme", typo, write("a.yaml", ANSWERS)).exit_code == 2  # the loader refuses it too
    assert set(schema["properties"]) == {"name", "logo", "accent", "footer"}
    assert all(p["description"] for p in schema["properties"].values())
