"""A checklist where many items tie, for the one ranking rule (docs/reports.md "Ranks and ties").

Section ``s`` holds ``q01``..``q12`` (weight 1) and ``heavy`` (weight 2), last in checklist
order. Answered ``Never`` (0) each ``q`` item has priority 1 x 100 = 100; ``heavy`` answered
``Sometimes`` (2) has 2 x 50 = 100 too: thirteen items tie, and ``heavy`` leads them by weight.
"""

from __future__ import annotations

QUESTIONS = [f"q{n:02}" for n in range(1, 13)]

CHECKLIST = "\n".join(
    [
        "id: ties",
        "title: Ties",
        'version: "1"',
        "description: Many equal items.",
        "sections:",
        "  - id: s",
        "    title: S",
        "    items:",
        *(
            line
            for item_id, weight in [*((q, 1) for q in QUESTIONS), ("heavy", 2)]
            for line in (
                f"      - id: {item_id}",
                f"        question: Question {item_id}?",
                "        help: h",
                f"        action: Do {item_id}.",
                "        source: 001_1c575d8905d84cba.txt",
                f"        weight: {weight}",
            )
        ),
    ]
)


def answers(values: dict[str, int], respondent: str = "Ann", role: str = "owner", date: str = "2024-05-01") -> str:
    """An answers file for the ties checklist; items not in ``values`` are answered 0 (Never)."""
    lines = [f"respondent: {respondent}", "organisation: Demo Ltd", f"role: {role}", f"date: {date}"]
    lines += ["checklists:", '  ties: "1"', "answers:"]
    lines += [f"  ties/{q}: {values.get(q, 0)}" for q in [*QUESTIONS, "heavy"]]
    return "\n".join(lines) + "\n"
