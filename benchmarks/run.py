"""How fast cxcheck is, against the targets in issue 7, measured the way a user meets it.

Every figure is the median of several runs of the real ``cxcheck`` command in a fresh
process, and most are a ratio against a reference measured in the same run on the same
machine (``python -c "import typer"``), so that the verdicts hold on a fast laptop and a
slow CI runner alike. Run from the repository, with the project's virtual environment::

    .venv/bin/python benchmarks/run.py            # everything, under five minutes on 2 cores
    .venv/bin/python benchmarks/run.py --quick    # fewer runs, for a first look
    .venv/bin/python benchmarks/run.py startup    # only some figures (startup, report, scale, keypress, survey)

Exit status: 0 when every figure measured passes, 1 when one fails. A figure whose command
does not exist yet is reported as SKIP with the reason.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CXCHECK = str(Path(sys.executable).with_name("cxcheck"))
ROLES = ("leadership", "manager", "frontline", "customer-facing", "back-office")
CACHE = tempfile.TemporaryDirectory(prefix="cxcheck-bench-pycache-")
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"PYTHONPYCACHEPREFIX": CACHE.name}
"""Children cache their byte code, as an installed cxcheck does, in a directory of their own."""


@dataclass(frozen=True)
class Figure:
    """One line of the report: what was measured, against what, and whether it meets its target."""

    name: str
    measured: str
    reference: str
    ratio: str
    target: str
    passed: bool | None
    """None: not measured (the reason is in ``measured``)."""

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "FAIL", None: "SKIP"}[self.passed]


class Skip(Exception):
    """A figure that cannot be measured yet, and why."""


def run_once(command: Sequence[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MB) of one run of ``command``, which must succeed.

    The memory is that of the command with any worker processes it starts: the largest of
    its own peak and the summed resident memory of its process tree, sampled as it runs
    (summing counts the pages a worker shares with its parent twice: it errs high, not low).
    """
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors
        )
        sampler = TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not every child's
        elapsed = time.perf_counter() - start
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {errors.read().decode()[-2000:]}")
    return elapsed, max(usage.ru_maxrss * 1024, sampler.peak) / 1024 / 1024


class TreeMemory(threading.Thread):
    """The peak summed resident memory (bytes) of a process and its descendants, polled.

    ``ru_maxrss`` is one process's peak; a command that forks workers uses more than that.
    Linux only (``/proc``); elsewhere the peak stays 0 and ``ru_maxrss`` alone is reported.
    """

    INTERVAL = 0.01

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self._done.wait(self.INTERVAL):
            self.peak = max(self.peak, sum(map(self._rss, self._tree(self.pid))))

    def stop(self) -> None:
        self._done.set()
        self.join()

    def _tree(self, pid: int) -> list[int]:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []  # gone, or no /proc
        return [pid, *(p for child in children for p in self._tree(int(child)))]

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            fields = Path(f"/proc/{pid}/statm").read_text().split()
        except OSError:
            return 0
        return int(fields[1]) * os.sysconf("SC_PAGE_SIZE")


def medians(commands: dict[str, Sequence[str]], runs: int, cwd: Path | None = None) -> dict[str, float]:
    """Median wall time of each command, runs interleaved so that drift affects all alike."""
    for command in commands.values():
        run_once(command, cwd)  # warm the file cache and any bytecode compilation
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(run_once(command, cwd)[0])
    return {name: statistics.median(values) for name, values in times.items()}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def ratio_figure(name: str, value: float, reference_name: str, reference: float, limit: float) -> Figure:
    ratio = value / reference
    return Figure(name, ms(value), f"{reference_name} {ms(reference)}", f"{ratio:.2f}x", f"<= {limit}x", ratio <= limit)


def has_command(*words: str) -> bool:
    return subprocess.run([CXCHECK, *words, "--help"], env=ENV, capture_output=True).returncode == 0


# --- 1. startup ---------------------------------------------------------------------------


def startup(runs: int) -> list[Figure]:
    """``cxcheck --help`` and ``--version`` against importing typer alone: nothing heavy at start-up."""
    times = medians(
        {"typer": [PYTHON, "-c", "import typer"], "help": [CXCHECK, "--help"], "version": [CXCHECK, "--version"]},
        runs,
    )
    return [
        ratio_figure("cxcheck --help", times["help"], 'python -c "import typer"', times["typer"], 1.5),
        ratio_figure("cxcheck --version", times["version"], 'python -c "import typer"', times["typer"], 1.5),
    ]


# --- 2. one report ------------------------------------------------------------------------


def report(runs: int) -> list[Figure]:
    """An HTML report of a fully answered bundled assessment, against importing what it needs."""
    name = "cxcheck report (bundled, all answered) -o report.html"
    if not has_command("report"):
        return [Figure(name, "cxcheck report does not exist yet", "", "", "<= 2.5x", None)]
    from cxcheck.core import answers, catalog

    entries = list(catalog.discover())
    if not entries:
        return [Figure(name, "no bundled checklists yet", "", "", "<= 2.5x", None)]
    checklists = [e.checklist for e in entries]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        chosen = {}
        for checklist in checklists:
            for n, (_, item) in enumerate(checklist.items):
                options = checklist.scale_of(item).options
                chosen[checklist.full_id(item)] = answers.Answer(options[n % len(options)].value)
        answer_set = answers.AnswerSet(
            respondent="Bench", organisation="Bench Ltd", date=dt.date(2024, 5, 1),
            answers=chosen, checklists={c.id: c.version for c in checklists},
        )  # fmt: skip
        (work / "answers.yaml").write_text(
            answers.to_yaml(answer_set, answers.item_order(checklists)), encoding="utf-8"
        )
        times = medians(
            {
                "imports": [PYTHON, "-c", "import typer, jinja2, yaml"],
                "report": [CXCHECK, "report", "answers.yaml", "-o", "report.html"],
            },
            runs,
            cwd=work,
        )
    return [ratio_figure(name, times["report"], 'python -c "import typer, jinja2, yaml"', times["imports"], 2.5)]


# --- 3. scale -----------------------------------------------------------------------------

SOURCE = "001_1c575d8905d84cba.txt"


def write_workshop(folder: Path, checklists: int, items: int, respondents: int, seed: int = 7) -> None:
    """A workshop folder: ``checklists`` checklists of ``items`` items, every item answered by each respondent."""
    (folder / "checklists").mkdir(parents=True)
    ids = []
    for c in range(checklists):
        lines = [
            f"id: bench-{c:02d}",
            f"title: Benchmark checklist {c}",
            'version: "1.0"',
            "description: Generated.",
            "sections:",
        ]
        for s in range(max(1, items // 20)):
            lines += [f"  - id: s{s:02d}", f"    title: Section {s}", "    items:"]
            for i in range(s * 20, min(items, (s + 1) * 20)):
                lines += [
                    f"      - id: item-{i:03d}",
                    f"        question: How often does practice {i} of checklist {c} happen?",
                    "        help: Why it matters, and what good looks like.",
                    "        action: The first concrete step.",
                    f"        source: {SOURCE}",
                ]
                ids.append(f"bench-{c:02d}/item-{i:03d}")
        (folder / "checklists" / f"bench-{c:02d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    versions = "".join(f"  bench-{c:02d}: '1.0'\n" for c in range(checklists))
    rng = random.Random(seed)
    for r in range(respondents):
        lean = rng.randint(0, 4)
        body = "".join(f"  {full_id}: {min(4, max(0, lean + rng.randint(-2, 2)))}\n" for full_id in ids)
        head = (
            f"format_version: 1\nrespondent: Respondent {r:03d}\nrole: {ROLES[r % len(ROLES)]}\n"
            f"organisation: Bench Ltd\ndate: 2024-05-01\nchecklists:\n{versions}answers:\n"
        )
        (folder / f"answers-{r:03d}.yaml").write_text(head + body, encoding="utf-8")


FLOOR = (
    "import pathlib, re, sys, typer, jinja2, yaml; entry = re.compile(rb'^ +(\\S+): (\\S+)$', re.M); "
    "[entry.findall(p.read_bytes()) for p in sorted(pathlib.Path(sys.argv[1]).glob('answers-*.yaml'))]"
)
"""The floor of a workshop report from answers files (issue 19): reading the same files' bytes and
one regular-expression pass over them, with the libraries every report imports."""


def workshop_run(
    tmp: Path, label: str, checklists: int, items: int, respondents: int, runs: int
) -> tuple[float, float, float]:
    """Median seconds and largest peak memory (MB) of the workshop HTML report of a generated folder,
    and the median of its floor (:data:`FLOOR`), run interleaved with it.

    After a warm-up run, as for every other figure: the first run after the files are written
    also caches the byte code of modules no other figure imports, which pip does at install.
    """
    folder = tmp / label
    write_workshop(folder, checklists, items, respondents)
    command = [CXCHECK, "report", str(folder), "-o", str(tmp / f"{label}.html")]
    floor = [PYTHON, "-c", FLOOR, str(folder)]
    run_once(command)
    run_once(floor)
    results, floors = [], []
    for _ in range(runs):
        results.append(run_once(command))
        floors.append(run_once(floor)[0])
    return statistics.median(t for t, _ in results), max(m for _, m in results), statistics.median(floors)


def scale(runs: int) -> list[Figure]:
    """50 checklists x 200 items, 200 respondents, into one HTML report; and how time grows.

    Issue 19's targets: 2 s, 3x the floor measured in the same run, 250 MB; twice the
    respondents at most 2.1x the time. (Before: 5 s and 500 MB, 2.2x for twice as many; the
    figures before, 2026-11-23 in docs/performance.md, are printed beside.)
    """
    base = "workshop report: 50 checklists x 200 items, 200 respondents"
    if not has_command("report"):
        return [Figure(base, "cxcheck report does not exist yet", "", "", "< 2 s", None)]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        seconds, memory, floor = workshop_run(tmp, "base", 50, 200, 200, runs)
        people, people_memory, _ = workshop_run(tmp, "respondents", 50, 200, 400, runs)
        items, items_memory, _ = workshop_run(tmp, "items", 50, 400, 200, runs)
    return [
        Figure(base, f"{seconds:.2f} s", "before issue 19: 4.70 s", "", "< 2 s", seconds < 2),
        ratio_figure(base + ", against its floor", seconds, "files read + one regex pass + imports", floor, 3.0),
        Figure(
            base + ", peak memory with its workers",
            f"{memory:.0f} MB",
            "before issue 19: 210 MB",
            "",
            "< 250 MB",
            memory < 250,
        ),
        Figure(
            "... with 400 respondents (twice as many)",
            f"{people:.2f} s, {people_memory:.0f} MB",
            f"200 respondents {seconds:.2f} s",
            f"{people / seconds:.2f}x",
            "<= 2.1x",
            people / seconds <= 2.1,
        ),
        Figure(
            "... with 400 items per checklist (twice as many)",
            f"{items:.2f} s, {items_memory:.0f} MB",
            f"200 items {seconds:.2f} s",
            f"{items / seconds:.2f}x",
            "<= 2.2x",
            items / seconds <= 2.2,
        ),
    ]


# --- 4. key presses -----------------------------------------------------------------------


def keypress(samples: int) -> list[Figure]:
    """From an answer typed in the walk-through to the next item on screen, in a real pseudo-terminal."""
    name = "assess: key press to next item (pty)"
    sys.path.insert(0, str(ROOT))
    try:
        from tests.terminal_harness import keypress_latency
    except ImportError as exc:
        return [Figure(name, f"no terminal harness ({exc})", "", "", "< 50 ms", None)]
    timings = keypress_latency(samples=samples)
    median = statistics.median(timings)
    worst = max(timings)
    return [
        Figure(name, f"{ms(median)} (slowest {ms(worst)}, {len(timings)} presses)", "", "", "< 50 ms", median < 0.05)
    ]


# --- 5. large surveys (issue 19) ----------------------------------------------------------

SURVEY_ROLES = ("Leadership", "Manager", "Frontline", "Customer-facing", "Back-office")


def write_survey(folder: Path, respondents: int, seed: int = 19) -> tuple[Path, Path]:
    """A Google Forms export of ``respondents`` rows over the bundled checklists, and its mapping file.

    Answers are labels (as Google Forms writes them), one in twenty "Does not apply here".
    """
    import csv

    from cxcheck.core import catalog, survey
    from cxcheck.io import yamlsafe

    found = catalog.discover()
    checklists = [e.checklist for e in found]
    mapping = folder / "mapping.yaml"
    mapping.write_text(survey.mapping_text(checklists, "Bench Ltd"), encoding="utf-8")
    titles = yamlsafe.load(mapping).data["items"]
    labels = [[o.label for o in found.items[i].scale.options] for i in titles]
    rng = random.Random(seed)
    export = folder / f"responses-{respondents}.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["Timestamp", "Email Address", "Role", *titles.values()])
        for r in range(respondents):
            lean = rng.random()
            cells = [
                "Does not apply here"
                if rng.random() < 0.05
                else options[min(len(options) - 1, int(lean * len(options)))]
                for options in labels
            ]
            stamp = f"2026/11/{1 + r % 28:02d} 10:{r % 60:02d}:00 AM GMT+1"
            out.writerow([stamp, f"person{r}@bench.example", SURVEY_ROLES[r % 5], *cells])
    return export, mapping


def write_answers_files(folder: Path, store: Path) -> None:
    """The same respondents as answers files, for the figure before the store (one YAML file each)."""
    from cxcheck.core import answers, catalog, survey

    found = catalog.discover()
    folder.mkdir()
    order = answers.item_order([e.checklist for e in found])
    for n, answer_set in enumerate(survey.load(store, found)):
        (folder / f"answers-{n:05d}.yaml").write_text(answers.to_yaml(answer_set, order), encoding="utf-8")


def in_child(code: str) -> None:
    """Run ``code`` with this module's functions in a child process.

    A child's peak memory (``ru_maxrss``) starts from its parent's at the fork, so the data a
    figure needs is made in a child, and this process stays small for the children it measures.
    """
    setup = f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); from run import *; "
    subprocess.run([PYTHON, "-c", setup + code], env=ENV, check=True)


AGGREGATE_VS_DUCKDB = """
import sys, time, resource
from pathlib import Path
from cxcheck.core import survey
from cxcheck.core.aggregate import aggregate
from cxcheck.core.catalog import answered_checklists, discover
from cxcheck.io.store import duckdb
path = Path(sys.argv[1])
catalog = discover()
db = duckdb()
start = time.perf_counter()
with db.connect(str(path), read_only=True) as connection:
    connection.execute(
        "SELECT item, avg(value), max(value) - min(value), count(value), count(*) - count(value) FROM answers GROUP BY item"
    ).fetchall()
    connection.execute(
        "SELECT a.item, r.role, avg(a.value) FROM answers a JOIN respondents r ON r.id = a.respondent GROUP BY ALL"
    ).fetchall()
query = time.perf_counter() - start
start = time.perf_counter()
counted = survey.counted(path, catalog, 100)
aggregate([e.checklist for e in catalog if e.checklist.id in counted.checklists], counted)
ours = time.perf_counter() - start
memory = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
start = time.perf_counter()
sets = survey.load(path, catalog)
aggregate(answered_checklists(catalog, sets), sets)
read = time.perf_counter() - start
print(ours, query, memory, read)
"""
"""The store counted by its own query and aggregated, as the pages do, against DuckDB's query for the
same figures; and, for the figure from before, the store read respondent by respondent and aggregated."""


OPEN_PAGE = """
import statistics, sys, time
from pathlib import Path
from playwright.sync_api import sync_playwright
page_file = Path(sys.argv[1])
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
    times = []
    for _ in range(int(sys.argv[2]) + 1):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        start = time.perf_counter()
        page.goto(page_file.as_uri(), wait_until="load")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        times.append(time.perf_counter() - start)
        page.close()
    browser.close()
print(statistics.median(times[1:]))
"""
"""A page opened in headless Chromium until it is laid out and painted (two animation frames after load)."""


HEAP = """
import sys, tracemalloc
tracemalloc.start()
from cxcheck.cli import main
sys.argv = ["cxcheck", "report", sys.argv[1], "-o", sys.argv[2]]
try:
    main()
except SystemExit:
    pass
print(tracemalloc.get_traced_memory()[1] / 1e6)
"""
"""The report's peak of Python memory (tracemalloc): what cxcheck holds, without DuckDB's buffers."""


def heap(store: Path, page_file: Path) -> float:
    done = subprocess.run(
        [PYTHON, "-c", HEAP, str(store), str(page_file)], env=ENV, capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[-1])


def page_figures(page_file: Path, label: str, runs: int) -> list[Figure]:
    """Issue 19: a summarised page stays under 1.5 MB at any size and opens in the real browser in under 2 s."""
    size = page_file.stat().st_size / 1e6
    figures = [Figure(f"{label}: page size", f"{size:.2f} MB", "", "", "< 1.5 MB", size < 1.5)]
    if not Path("/usr/bin/chromium").exists():
        return [*figures, Figure(f"{label}: opened in Chromium", "no /usr/bin/chromium", "", "", "< 2 s", None)]
    done = subprocess.run(
        [PYTHON, "-c", OPEN_PAGE, str(page_file), str(runs)], env=ENV, capture_output=True, text=True, check=True
    )
    seconds = float(done.stdout)
    return [*figures, Figure(f"{label}: opened in Chromium", f"{seconds:.2f} s", "", "", "< 2 s", seconds < 2)]


def survey_figures(runs: int) -> list[Figure]:
    """10,000 respondents imported from one CSV, reported from the store, twice as many, and 100,000.

    Each figure against a reference measured in the same run: the import against reading the
    CSV with Python's csv module (with the libraries the command imports); the aggregation
    against DuckDB's own query for the same figures on the same store; the report against the
    same respondents as answers files (the way before the store).
    """
    name = "survey: 10,000 respondents x bundled checklists"
    if not has_command("import"):
        return [Figure(name, "cxcheck import does not exist yet", "", "", "< 5 s", None)]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        export, mapping, double = tmp / "responses-10000.csv", tmp / "mapping.yaml", tmp / "responses-20000.csv"
        in_child(f"write_survey(Path({tmp_name!r}), 10_000); write_survey(Path({tmp_name!r}), 20_000)")
        floor = [PYTHON, "-c", f"import csv, typer, pydantic, duckdb; list(csv.reader(open({str(export)!r})))"]

        def imported(source: Path, store: str) -> list[str]:
            return [CXCHECK, "import", str(source), "--mapping", str(mapping), "-o", str(tmp / store), "--force"]

        def reported(source: Path | str) -> list[str]:
            return [CXCHECK, "report", str(tmp / source), "-o", str(tmp / "workshop.html")]

        commands = {
            "floor": floor,
            "import": imported(export, "s10k.duckdb"),
            "import2": imported(double, "s20k.duckdb"),
            "report": reported("s10k.duckdb"),
            "report2": reported("s20k.duckdb"),
        }
        for command in commands.values():
            run_once(command)  # warm up, and write both stores
        in_child(f"write_answers_files(Path({tmp_name!r}) / 'files', Path({tmp_name!r}) / 's10k.duckdb')")
        commands["files"] = reported("files")
        results: dict[str, list[tuple[float, float]]] = {key: [] for key in commands}
        for _ in range(runs):
            for key, command in commands.items():
                results[key].append(run_once(command))
        t = {key: statistics.median(r[0] for r in values) for key, values in results.items()}
        mb = {key: max(r[1] for r in values) for key, values in results.items()}
        split = [
            subprocess.run(
                [PYTHON, "-c", AGGREGATE_VS_DUCKDB, str(tmp / "s10k.duckdb")],
                env=ENV, capture_output=True, text=True, check=True,
            ).stdout.split()
            for _ in range(runs)
        ]  # fmt: skip
        ours = statistics.median(float(s[0]) for s in split)
        query = statistics.median(float(s[1]) for s in split)
        aggregate_mb = max(float(s[2]) for s in split)
        read = statistics.median(float(s[3]) for s in split)
        in_child(f"write_survey(Path({tmp_name!r}), 100_000)")
        large = tmp / "responses-100000.csv"
        run_once(imported(large, "s100k.duckdb"))
        run_once(reported("s100k.duckdb"))  # warm up
        hundred = [run_once(reported("s100k.duckdb")) for _ in range(runs)]
        t["report100"] = statistics.median(r[0] for r in hundred)
        mb["report100"] = max(r[1] for r in hundred)
        pages = page_figures(tmp / "workshop.html", "survey: 100,000 respondents", max(runs, 3))
        heaps = [heap(tmp / store, tmp / "heap.html") for store in ("s10k.duckdb", "s100k.duckdb")]
    return [
        Figure(
            name + ": import from one CSV",
            f"{t['import']:.2f} s, {mb['import']:.0f} MB",
            f"csv.reader + imports {t['floor']:.2f} s",
            f"{t['import'] / t['floor']:.2f}x",
            "< 5 s",
            t["import"] < 5,
        ),
        Figure(
            name + ": workshop report from the store",
            f"{t['report']:.2f} s",
            f"answers files (before) {t['files']:.2f} s, {mb['files']:.0f} MB",
            f"{t['report'] / t['files']:.2f}x",
            "< 2 s",
            t["report"] < 2,
        ),
        Figure(name + ": ... its peak memory", f"{mb['report']:.0f} MB", "", "", "< 300 MB", mb["report"] < 300),
        Figure(
            name + ": aggregation (store counted + aggregated)",
            f"{ours:.3f} s, {aggregate_mb:.0f} MB",
            f"DuckDB query {query:.3f} s (read answer by answer: {read:.2f} s, {read / query:.1f}x)",
            f"{ours / query:.1f}x",
            "<= 3x",
            ours / query <= 3,
        ),
        Figure(
            "... import of 20,000 respondents (twice as many)",
            f"{t['import2']:.2f} s, {mb['import2']:.0f} MB",
            f"10,000 {t['import']:.2f} s",
            f"{t['import2'] / t['import']:.2f}x",
            "<= 2.1x",
            t["import2"] / t["import"] <= 2.1,
        ),
        Figure(
            "... report of 20,000 respondents from the store",
            f"{t['report2']:.2f} s, {mb['report2']:.0f} MB",
            f"10,000 {t['report']:.2f} s",
            f"{t['report2'] / t['report']:.2f}x",
            "<= 2.1x",
            t["report2"] / t["report"] <= 2.1,
        ),
        Figure(
            "survey: 100,000 respondents: workshop report from the store",
            f"{t['report100']:.2f} s",
            "",
            "",
            "< 10 s",
            t["report100"] < 10,
        ),
        Figure(
            "... its memory beyond the store's buffers (Python's peak, flat)",
            f"{heaps[1]:.1f} MB (peak RSS {mb['report100']:.0f} MB)",
            f"10,000 {heaps[0]:.1f} MB (peak RSS {mb['report']:.0f} MB)",
            f"{heaps[1] / heaps[0]:.2f}x",
            "<= 1.1x",
            heaps[1] / heaps[0] <= 1.1,
        ),
        *pages,
    ]


# --- the report ---------------------------------------------------------------------------

FIGURES: dict[str, Callable[[argparse.Namespace], list[Figure]]] = {
    "startup": lambda args: startup(runs=7 if args.quick else 21),
    "report": lambda args: report(runs=3 if args.quick else 9),
    "scale": lambda args: scale(runs=1 if args.quick else 5),
    "keypress": lambda args: keypress(samples=10 if args.quick else 30),
    "survey": lambda args: survey_figures(runs=1 if args.quick else 3),
}


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
        platform.processor() or "unknown CPU",
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    import yaml

    loader = "C (libyaml)" if getattr(yaml, "__with_libyaml__", False) else "pure Python"
    return (
        f"{os.cpu_count()} cores ({len(os.sched_getaffinity(0))} usable), {cpu}; Python {platform.python_version()}; "
        f"YAML loader: {loader}; {platform.system()} {platform.release()}"
    )


def cpu_times() -> list[int] | None:
    """The machine's CPU time counters (``/proc/stat``), or None where there are none."""
    try:
        return [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return None


def stolen(before: list[int] | None, after: list[int] | None) -> str:
    """The share of CPU time a virtual machine's host took for others since ``before``.

    Medians hide a slow run, not a slow machine: on a shared host the same figure moves by a
    fifth from one benchmark to the next, and this says how busy the neighbours were.
    """
    if before is None or after is None or len(after) < 8:
        return "CPU time stolen by the host: unknown"
    spent = [b - a for a, b in zip(before, after)]
    return f"CPU time stolen by the host during the run: {spent[7] / max(1, sum(spent)):.1%}"


def table(figures: list[Figure]) -> str:
    head = ("figure", "measured (median)", "reference (same run)", "ratio", "target", "result")
    rows = [head, *((f.name, f.measured, f.reference, f.ratio, f.target, f.verdict) for f in figures)]
    widths = [max(len(row[n]) for row in rows) for n in range(len(head))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("only", nargs="*", metavar="FIGURE", help=f"some of: {', '.join(FIGURES)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="fewer runs: a first look, not a verdict")
    args = parser.parse_args(argv)
    unknown = set(args.only) - set(FIGURES)
    if unknown:
        parser.error(f"unknown figure(s) {', '.join(sorted(unknown))}; choose from {', '.join(FIGURES)}")
    print(f"cxcheck benchmarks on {machine()}", flush=True)
    started, counters = time.perf_counter(), cpu_times()
    figures: list[Figure] = []
    for name in args.only or FIGURES:
        figures += FIGURES[name](args)
    print(table(figures))
    print(f"({time.perf_counter() - started:.0f} s in all; {stolen(counters, cpu_times())})")
    return 1 if any(f.passed is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
