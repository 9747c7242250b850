"""One numbering for answers: what the walk-through shows is what is typed, stored and quoted.

Over random scales (any values, fractions and negatives included) and random answers: the
key the walk-through shows beside an option, typed back, stores that option's value in the
file; ``--set ID=KEY`` stores the same; the answers template's comment names the same
``KEY Label`` pairs; and every report format (Markdown, HTML, JSON) quotes the option that was
chosen, or n/a with its reason, and the note typed with ``c``.
"""

from __future__ import annotations

import json
import re
import tempfile
import textwrap
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli

NOW = {"CXCHECK_NOW": "2024-05-01T10:00:00+00:00"}
WORDS = ["Never", "Hardly", "Seldom", "Sometimes", "Often", "Mostly", "Always", "Nope", "Yes please"]
ITEMS = ("first", "second", "third")


@st.composite
def scales(draw: st.DrawFn) -> list[tuple[str, float]]:
    """2 to 6 options with strictly increasing values, halves and negatives included."""
    size = draw(st.integers(2, 6))
    values = sorted(draw(st.lists(st.integers(-10, 20), min_size=size, max_size=size, unique=True)))
    labels = draw(st.lists(st.sampled_from(WORDS), min_size=size, max_size=size, unique=True))
    return [(label, value / 2) for label, value in zip(labels, values)]


def checklist_yaml(scale: list[tuple[str, float]]) -> str:
    options = "\n".join(f"      - {{label: {label}, value: {value}}}" for label, value in scale)
    items = "\n".join(
        f"""          - id: {item}
            question: Question {item}?
            help: Why {item}.
            action: Do {item}.
            source: 002_0671ade08c34851c.txt"""
        for item in ITEMS
    )
    return (
        textwrap.dedent("""\
        id: rnd
        title: Random scale
        version: "1.0"
        description: A checklist on a random scale.
        scale:
        """)
        + options
        + textwrap.dedent("""
        sections:
          - id: only
            title: Only section
            items:
        """)
        + items
        + "\n"
    )


def stored(path: Path) -> dict[str, object]:
    return {
        k: (v["value"] if isinstance(v, dict) else v) for k, v in yaml.safe_load(path.read_text())["answers"].items()
    }


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scale=scales(), picks=st.lists(st.integers(-1, 5), min_size=3, max_size=3))
def test_what_the_walk_through_shows_is_what_the_file_holds_and_every_report_quotes(
    scale: list[tuple[str, float]], picks: list[int]
) -> None:
    cli = Cli()
    chosen: list[tuple[str, float | str]] = [("n/a", "n/a") if p < 0 else scale[p % len(scale)] for p in picks]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "checklists").mkdir()
        (root / "checklists" / "rnd.yaml").write_text(checklist_yaml(scale))
        common = ("--checklists", root / "checklists")
        who = ("--respondent", "Ann", "--organisation", "Acme", "--date", "2024-04-30")

        first = cli("assess", "rnd", "-o", root / "walk.yaml", *who, *common, input="q\n", env=NOW)
        shown = dict(re.findall(r"\[(-?[\d.]+)\] (.+?)(?=  |\n|$)", first.output.split("Type a key")[0]))
        label_key = {label: key for key, label in shown.items()}
        assert set(label_key) == {label for label, _ in scale}, first.output

        label_key["n/a"] = "n"
        typed = "".join(
            f"c\nnote on {item}\n{label_key[label]}\n" + (f"no {item} here\n" if label == "n/a" else "")
            for item, (label, _) in zip(ITEMS, chosen)
        )
        walked = cli("assess", "rnd", "-o", root / "walk.yaml", *who, *common, input=typed, env=NOW)
        assert walked.exit_code == 0, walked.output
        expected = {f"rnd/{item}": value for item, (_, value) in zip(ITEMS, chosen)}
        assert stored(root / "walk.yaml") == expected

        sets = [
            f"--set=rnd/{item}={label_key[label] if label != 'n/a' else label}"
            for item, (label, _) in zip(ITEMS, chosen)
        ]
        set_result = cli("assess", "--answers", root / "set.yaml", *who, *sets, *common, env=NOW)
        assert set_result.exit_code == 0, set_result.output
        assert stored(root / "set.yaml") == expected

        template = cli("answers", "template", "rnd", *common)
        comment = ", ".join(f"{key} {label}" for key, label in shown.items())
        assert f"answers: {comment} or n/a" in template.stdout

        report = json.loads(cli("report", root / "walk.yaml", "-f", "json", "--top", "9", *common).stdout)
        quoted = {p["id"]: (p["answer"], p["value"]) for p in report["priorities"]["ranked"]}
        quoted |= {s["id"]: (s["answer"], None) for s in report["strengths"]}
        for item, (label, value) in zip(ITEMS, chosen):
            answer, number = quoted.get(f"rnd/{item}", (label, None))
            assert answer == label and number in (None, value)
        markdown = cli("report", root / "walk.yaml", "-f", "md", "--top", "9", *common).stdout
        html = cli("report", root / "walk.yaml", "-f", "html", "--top", "9", *common).stdout
        for p in report["priorities"]["ranked"]:
            assert f"Answer: {p['answer']} (" in markdown
            assert f"<dd>{p['answer']}</dd>" in html
        notes = report["checklists"][0]["notes"]
        assert [(n["id"], n["answer"], n["note"]) for n in notes] == [
            (f"rnd/{item}", label, f"note on {item}") for item, (label, _) in zip(ITEMS, chosen)
        ]
        for item, (label, _) in zip(ITEMS, chosen):
            why = f". Why n/a: no {item} here" if label == "n/a" else ""
            assert f"(`rnd/{item}`, Only section): {label}{why}. Note: note on {item}" in markdown
            assert f"(Only section) · {label}</span></dt>" in html
            assert (f"<dd>Why n/a: no {item} here</dd>" in html) == (label == "n/a")
            assert f"<dd>Note: note on {item}</dd>" in html
