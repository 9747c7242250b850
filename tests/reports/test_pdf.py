"""PDF and spreadsheet output read back by real readers: poppler for the PDF, openpyxl for the xlsx."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from cxcheck.core import answers
from cxcheck.core.catalog import discover
from cxcheck.model import Answer
from tests.conftest import Cli
from tests.reports.test_html_browser import fully_answered
from tests.workshop_data import HOSTILE_NOTE, write_bundled_team

POPPLER = shutil.which("pdftotext") is not None
GAP_PAGES = range(8, 17)
"""The bundled example (every bundled checklist answered) as a PDF: 12 pages today (docs/reports.md)."""
WORKSHOP_PAGES = range(15, 30)
"""The bundled workshop example (tests/workshop_data.write_bundled_team): 28 pages today (22 before the summary
and the team's priorities)."""
COMPARE_PAGES = range(4, 10)
"""Two of the bundled example's quarters (:func:`quarters`) compared: 6 pages today."""
TREND_PAGES = range(3, 9)
"""The bundled example's three quarters as a trend: 5 pages today."""
PAGES = {"report": GAP_PAGES, "workshop": WORKSHOP_PAGES, "compare": COMPARE_PAGES, "trend": TREND_PAGES}
HEADINGS = {"Overview", "Priorities", "Strengths", "Checklists in detail", "Where you disagree", "Team scores"}
HEADINGS |= {"Perception gaps", "Every answer", "Respondents", "How the numbers are made", "Summary"}
HEADINGS |= {"Scores, old and new", "Items that moved most", "Checklists", "Every figure"}
"""Every report kind's section headings: none may be a page's only text or its last line."""


def quarters(folder: Path) -> list[Path]:
    """The bundled example answered three times, a quarter apart, each answer a step further round its scale.

    The last quarter was answered by someone else, so the trend's cover names two people.
    """
    folder.mkdir(parents=True, exist_ok=True)
    base = fully_answered()
    paths = []
    for k, (date, who) in enumerate(
        [("2024-02-01", "Dana Reyes"), ("2024-05-01", "Dana Reyes"), ("2024-08-01", "Sam Ortiz")]
    ):
        chosen = {}
        for entry in discover():
            checklist = entry.checklist
            for n, (_, item) in enumerate(checklist.items):
                options = checklist.scale_of(item).options
                chosen[checklist.full_id(item)] = Answer(options[(n + k) % len(options)].value)
        answer_set = dataclasses.replace(base, answers=chosen, date=dt.date.fromisoformat(date), respondent=who)
        path = folder / f"{date}.yaml"
        path.write_text(answers.to_yaml(answer_set, []), encoding="utf-8")
        paths.append(path)
    return paths


def _pages(pdf: Path) -> list[str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True).stdout
        for n in range(1, count + 1)
    ]


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True, check=True)
    sizes = []
    for line in info.stdout.splitlines():
        if line.startswith("Page") and " size:" in line:
            width, _, height = line.split("size:")[1].split()[:3]
            sizes.append((float(width), float(height)))
    return sizes


@pytest.mark.skipif(not POPPLER, reason="poppler-utils is missing")
@pytest.mark.parametrize("kind", ["report", "workshop", "compare", "trend"])
def test_every_page_has_content_fonts_are_embedded_and_the_length_is_as_documented(kind: str, tmp_path: Path) -> None:
    command: list[str | Path]
    if kind == "report":
        source = tmp_path / "full.yaml"
        source.write_text(answers.to_yaml(fully_answered(), []))
        command = ["report", source]
    elif kind == "workshop":
        write_bundled_team(tmp_path / "ws")
        command = ["report", tmp_path / "ws"]
    else:
        first, _, last = files = quarters(tmp_path / "quarters")
        command = ["compare", first, last] if kind == "compare" else ["trend", *files]
    pdf = tmp_path / "out.pdf"
    result = Cli()(*command, "-o", pdf)
    assert result.exit_code == 0, result.output
    pages = _pages(pdf)
    assert len(pages) in PAGES[kind]
    for n, text in enumerate(pages[1:], 2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        body = [line for line in lines[1:] if not line.startswith("Page ")]  # the running header and the number
        assert body and not set(body) <= HEADINGS, f"page {n} holds only {body}"
        assert body[-1] not in HEADINGS, f"page {n} ends with the heading {body[-1]!r}"
        assert lines[-1] == f"Page {n} of {len(pages)}"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    assert "Contents" in pages[0] and "Harbour Street Bakery" in pages[0]
    if kind == "trend":  # the cover says who answered
        assert "ANSWERED BY" in pages[0] and "Dana Reyes, Sam Ortiz" in pages[0]
    if kind == "compare":
        assert "Dana Reyes" in pages[0] and "Sam Ortiz" in pages[0]


@pytest.mark.skipif(not POPPLER, reason="poppler-utils is missing")
def test_a_wide_heatmap_is_printed_on_landscape_pages_with_every_respondent(tmp_path: Path) -> None:
    from tests.conftest import DEMO_CHECKLIST
    from tests.workshop_data import write_answers

    names = [f"{first} Person" for first in ("Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gil", "Hal", "Ivo")]
    names += [f"{first} Person" for first in ("Jo", "Kai", "Lea", "Max", "Nia")]
    (tmp_path / "wide").mkdir()
    for n, name in enumerate(names):
        write_answers(
            tmp_path / "wide", name, "frontline" if n % 2 else "leadership", {"often": n % 5, "yes-no": n % 2}
        )
    (tmp_path / "checklists").mkdir()
    (tmp_path / "checklists" / "demo.yaml").write_text(textwrap.dedent(DEMO_CHECKLIST), encoding="utf-8")
    pdf = tmp_path / "wide.pdf"
    result = Cli()("report", tmp_path / "wide", "--checklists", tmp_path / "checklists", "-o", pdf)
    assert result.exit_code == 0, result.output
    pages, sizes = _pages(pdf), _page_sizes(pdf)
    wide = [n for n, (width, height) in enumerate(sizes) if width > height]
    assert wide and all("Every answer" in pages[n] or "respondents 13 to 14" in pages[n] for n in wide)
    assert all(width < height for n, (width, height) in enumerate(sizes) if n not in wide)  # only the heatmap
    heatmap = "\n".join(pages[n] for n in wide)
    assert "(respondents 1 to 12 of 14)" in heatmap and "(respondents 13 to 14 of" in heatmap
    # every respondent's column is on the page, not cut off at its edge: each name and each answer printed
    layout = subprocess.run(
        ["pdftotext", "-layout", "-f", str(wide[0] + 1), "-l", str(wide[-1] + 1), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert all(name.split()[0] in layout for name in names)
    assert layout.count("Sometimes") == 3 and layout.count("Always") == 2  # often 2 and 4, of 14, on a scale of 5


def test_a_missing_weasyprint_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    source = tmp_path / "full.yaml"
    source.write_text(answers.to_yaml(fully_answered(), []))
    result = Cli()("report", source, "-o", tmp_path / "out.pdf")
    assert result.exit_code == 2
    assert "pip install 'cxcheck[pdf]'" in result.output and not (tmp_path / "out.pdf").exists()


def test_the_xlsx_holds_the_json_figures_and_a_formula_note_as_text(tmp_path: Path) -> None:
    import openpyxl

    write_bundled_team(tmp_path / "ws")
    cli = Cli()
    assert cli("report", tmp_path / "ws", "-o", tmp_path / "ws.xlsx").exit_code == 0
    report = json.loads(cli("report", tmp_path / "ws", "-f", "json").stdout)
    book = openpyxl.load_workbook(tmp_path / "ws.xlsx")
    scores = list(book["Scores"].iter_rows(values_only=True))
    assert scores[1][4] == report["scores"]["overall"]["score"] and scores[1][5] == report["scores"]["overall"]["band"]
    assert [r[4] for r in scores[2:] if r[0] == "checklist"] == [c["score"] for c in report["scores"]["checklists"]]
    rows = list(book["Answers"].iter_rows(values_only=True))
    assert rows[0][:3] == ("respondent", "role", "date")
    noted = [r for r in rows if r[11] == HOSTILE_NOTE]
    assert len(noted) == 1 and book["Answers"].freeze_panes == "A2"
    cell = next(c for row in book["Answers"].iter_rows() for c in row if c.value == HOSTILE_NOTE)
    assert cell.data_type == "s"
    assert isinstance(rows[1][7], float | int) and rows[1][2].year == 2024
    text = cli("report", tmp_path / "ws", "-f", "csv").stdout
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert table[0][0] == "respondent" and len(table) == len(rows)
    assert "'=HYPERLINK" in text and "'+not our business" in text


def test_a_single_report_xlsx_lists_the_priorities_of_the_json(tmp_path: Path) -> None:
    import openpyxl

    source = tmp_path / "full.yaml"
    source.write_text(answers.to_yaml(fully_answered(), []))
    cli = Cli()
    result = cli("report", source, "-o", tmp_path / "full.xlsx")
    assert result.exit_code == 0, result.output
    ranked = json.loads(cli("report", source, "-f", "json").stdout)["priorities"]["ranked"]
    rows = list(openpyxl.load_workbook(tmp_path / "full.xlsx")["Priorities"].iter_rows(values_only=True))
    assert rows[0][:5] == ("rank", "checklist", "section", "item", "question") and rows[0][-1] == "first step"
    assert [(r[0], r[4], r[-1]) for r in rows[1:]] == [(p["rank"], p["question"], p["action"]) for p in ranked]
    assert ranked, "the bundled answers leave gaps to list"


@pytest.mark.slow
def test_libreoffice_opens_the_xlsx_with_the_json_figures_and_the_hostile_note_as_text(tmp_path: Path) -> None:
    """A real spreadsheet, headless: every sheet converted to CSV by LibreOffice and read back."""
    from tests.browser import require

    soffice = shutil.which("soffice")
    require(soffice is not None, "soffice (LibreOffice)")
    assert soffice is not None
    write_bundled_team(tmp_path / "ws")
    cli = Cli()
    assert cli("report", tmp_path / "ws", "-o", tmp_path / "ws.xlsx").exit_code == 0
    report = json.loads(cli("report", tmp_path / "ws", "-f", "json").stdout)
    # CSV export options: comma, double quote, UTF-8, from line 1, values not as shown, no formulas, every sheet
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", every_sheet]
        + ["--outdir", str(tmp_path / "csv"), str(tmp_path / "ws.xlsx")],
        check=True,
        capture_output=True,
        timeout=120,
    )

    def sheet(name: str) -> list[list[str]]:
        text = (tmp_path / "csv" / f"ws-{name}.csv").read_text(encoding="utf-8")
        return list(csv.reader(io.StringIO(text, newline="")))

    scores = sheet("Scores")
    overall = report["scores"]["overall"]
    # a whole score is written "51" by LibreOffice and 51.0 by JSON: compare the numbers
    assert scores[1][:4] == ["overall", "", "", "Harbour Street Bakery"] and scores[1][5] == overall["band"]
    assert float(scores[1][4]) == overall["score"]
    assert [float(r[4]) for r in scores[2:] if r[0] == "checklist"] == [
        c["score"] for c in report["scores"]["checklists"]
    ]
    priorities = sheet("Priorities")
    assert [(int(r[0]), r[4], r[-1]) for r in priorities[1:]] == [
        (p["rank"], p["question"], p["action"]) for p in report["priorities"]["ranked"]
    ]
    answers = sheet("Answers")
    assert answers[0][:3] == ["respondent", "role", "date"] and answers[1][2] == "2024-05-01"
    assert [r[11] for r in answers if r[11].startswith(("=", "+"))] == [HOSTILE_NOTE]  # text, never run
    assert [r[10] for r in answers if r[10].startswith("+")] == ["+not our business"]


@pytest.mark.skipif(not POPPLER, reason="poppler-utils is missing")
def test_a_priority_rank_is_a_disc_beside_its_heading_not_a_bar_down_the_card(tmp_path: Path) -> None:
    """WeasyPrint stretched the rank's disc to the whole card; measured on the page drawn at 72 dpi (1 px = 1 pt)."""
    source = tmp_path / "full.yaml"
    source.write_text(answers.to_yaml(fully_answered(), []))
    pdf = tmp_path / "out.pdf"
    assert Cli()("report", source, "-o", pdf).exit_code == 0
    pages = _pages(pdf)
    page = next(n for n, text in enumerate(pages, 1) if n > 1 and "Priorities" in map(str.strip, text.splitlines()))
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', boxes)
    x_min, y_min, _, y_max = next(tuple(map(float, w[:4])) for w in words if w[4] == "1")
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "p")], check=True
    )
    (image,) = tmp_path.glob("p*.pgm")
    data = image.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", data)
    assert header is not None, "pdftoppm -gray writes a binary PGM"
    width, height = int(header[1]), int(header[2])
    pixels = data[header.end() :]
    x, middle = int(x_min) - 3, int((y_min + y_max) / 2)

    def dark(y: int) -> bool:
        return pixels[y * width + x] < 100

    assert dark(middle), "the digit sits on its dark disc"
    top = next(y for y in range(middle, 0, -1) if not dark(y))
    bottom = next(y for y in range(middle, height) if not dark(y))
    assert bottom - top < 40, f"the rank's disc is {bottom - top} pt tall"
