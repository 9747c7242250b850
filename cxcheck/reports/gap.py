"""The gap report's context: every figure of one respondent's scorecard as plain, versioned data.

The same dictionary is the JSON report, the context of the Markdown and HTML templates and
of a user's own template, so :func:`report_schema` documents all three at once. Keys keep a
fixed order and figures one decimal (:data:`cxcheck.targets.PRECISION`), so two reports of
the same answers are byte for byte the same and a diff shows only what changed.

Only the checklists an answers file touches (named in its ``checklists`` map, or with at
least one answer) are scored: a report on two checklists is not dragged down by six it
never started.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxcheck import __version__
from cxcheck.core.scoring import RULES, ChecklistScore, Counts, ItemScore, Scorecard, SectionScore, shown
from cxcheck.core.snapshot import REPORT_SCHEMA_VERSION as SCHEMA_VERSION
from cxcheck.core.targets import Targets
from cxcheck.model import AnswerSet, number
from cxcheck.reports.charts import Bar, bar_chart

DEFAULT_TOP = 10


def rules_line(targets: Targets) -> str:
    """The scoring rules in one line, with the bands and targets in effect, for every report's footer."""
    bands = targets.bands
    low, high = number(bands.mediocrity), number(bands.magic)
    return (
        f"{RULES} Bands: misery below {low}, mediocrity from {low} to below {high}, magic from {high}. "
        f"Targets: {number(targets.overall)} unless the targets file says otherwise. "
        f"Priority = item weight x section weight x gap. Figures to one decimal."
    )


def report_context(scorecard: Scorecard, answer_set: AnswerSet, top: int = DEFAULT_TOP) -> dict[str, Any]:
    """The documented context (schema :func:`report_schema`, version :data:`SCHEMA_VERSION`)."""
    from cxcheck.core.journey import priorities
    from cxcheck.reports.workbook import workbook_context

    targets = scorecard.targets
    bands = targets.bands
    ranked = scorecard.priorities(len(scorecard.items))
    merged = priorities(scorecard, answer_set.workbook)  # ranks count the map's miseries too (docs/workbook.md)
    rank_of = {id(p): n for n, p in enumerate(merged, 1)}
    listed = [p for p in merged[:top] if isinstance(p, ItemScore)]
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": "report",
        "cxcheck_version": __version__,
        "rules": rules_line(targets),
        "organisation": answer_set.organisation,
        "respondent": answer_set.respondent,
        "role": answer_set.role,
        "participants": list(answer_set.participants),
        "date": answer_set.date.isoformat(),
        "answers_file": None if answer_set.path is None else str(answer_set.path),
        "bands": {"mediocrity": number(bands.mediocrity), "magic": number(bands.magic)},
        "targets": {
            "overall": number(targets.overall),
            "checklists": {k: number(v) for k, v in targets.checklists.items()},
            "sections": {k: number(v) for k, v in targets.sections.items()},
            "items": {k: number(v) for k, v in targets.items.items()},
        },
        "overall": _figures(scorecard, scorecard.counts, scorecard),
        "checklists": [_checklist(c, answer_set, scorecard) for c in scorecard.checklists],
        "priorities": {
            "top": top,
            "total": len(ranked),
            "items": [_priority(rank_of[id(i)], i, scorecard) for i in listed],
        },
        "strengths": [
            _item_head(i) | {"answer": i.label, "note": i.answer and i.answer.note} for i in scorecard.strengths()
        ],
        "not_applicable": [_item_head(i) | {"reason": i.answer and i.answer.reason} for i in _status(scorecard, "n/a")],
        "unanswered": [_item_head(i) for i in _status(scorecard, "unanswered")],
        "left_out": sorted(answer_set.stale),
        "charts": _charts(scorecard),
        "workbook": workbook_context(answer_set.workbook, answer_set.workbook_file, merged, scorecard.target),
    }


def _status(scorecard: Scorecard, status: str) -> list[ItemScore]:
    return [i for i in scorecard.items if i.status == status]


def _counts(counts: Counts) -> dict[str, int]:
    return {
        "answered": counts.answered,
        "not_applicable": counts.not_applicable,
        "unanswered": counts.unanswered,
        "applicable": counts.applicable,
        "total": counts.total,
    }


def _figures(part: Scorecard | ChecklistScore | SectionScore, counts: Counts, scorecard: Scorecard) -> dict[str, Any]:
    return {
        "score": shown(part.score),
        "band": scorecard.band(part.score),
        "target": number(part.target),
        "gap": shown(part.gap),
        "coverage": shown(counts.coverage),
        "counts": _counts(counts),
    }


def _checklist(scored: ChecklistScore, answer_set: AnswerSet, scorecard: Scorecard) -> dict[str, Any]:
    checklist = scored.checklist
    return {
        "id": checklist.id,
        "title": checklist.title,
        "description": checklist.description,
        "version": checklist.version,
        "answered_version": answer_set.checklists.get(checklist.id, checklist.version),
        **_figures(scored, scored.counts, scorecard),
        "sections": [
            {
                "id": s.section.id,
                "title": s.section.title,
                "weight": number(s.section.weight),
                **_figures(s, s.counts, scorecard),
            }
            for s in scored.sections
        ],
    }


def _item_head(scored: ItemScore) -> dict[str, Any]:
    return {
        "id": scored.full_id,
        "checklist": scored.checklist.id,
        "checklist_title": scored.checklist.title,
        "section": scored.section.id,
        "section_title": scored.section.title,
        "question": scored.item.question,
    }


def _priority(rank: int, scored: ItemScore, scorecard: Scorecard) -> dict[str, Any]:
    answer = scored.answer
    assert answer is not None and answer.value is not None, "only answered items have a gap"
    return {
        "rank": rank,
        **_item_head(scored),
        "answer": scored.label,
        "value": number(answer.value),
        "score": shown(scored.score),
        "band": scorecard.band(scored.score),
        "target": number(scored.target),
        "gap": shown(scored.gap),
        "weight": number(scored.item.weight),
        "section_weight": number(scored.section.weight),
        "priority": shown(scored.priority),
        "note": answer.note,
        "action": scored.item.action,
    }


def _charts(scorecard: Scorecard) -> dict[str, Any]:
    bands = scorecard.targets.bands

    def chart(parts: Sequence[tuple[str, float | None, float]]) -> dict[str, Any]:
        bars = [Bar(label, shown(score), target, scorecard.band(score)) for label, score, target in parts]
        return bar_chart(bars, bands.mediocrity, bands.magic)

    return {
        "overview": chart([(c.checklist.title, c.score, c.target) for c in scorecard.checklists]),
        "sections": [chart([(s.section.title, s.score, s.target) for s in c.sections]) for c in scorecard.checklists],
    }


# --- the schema of the context ---------------------------------------------------------------


def _type(name: str, description: str, nullable: bool = False) -> dict[str, Any]:
    return {"type": [name, "null"] if nullable else name, "description": description}


def _object(description: str, properties: dict[str, Any]) -> dict[str, Any]:
    """Every key required and no other allowed: the schema pins the context down exactly."""
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _map(description: str) -> dict[str, Any]:
    return {"type": "object", "description": description, "additionalProperties": {"type": "number"}}


def _list(description: str, items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "description": description, "items": items}


def _score(what: str) -> dict[str, Any]:
    return _type("number", f"{what}, 0..100 to one decimal; null when nothing was answered", nullable=True)


def _figures_schema(description: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    counts = _object(
        "How many items are answered, n/a and unanswered",
        {
            "answered": _type("integer", "items answered with a value"),
            "not_applicable": _type("integer", "items answered n/a; left out of every denominator"),
            "unanswered": _type("integer", "items not answered yet"),
            "applicable": _type("integer", "answered + unanswered"),
            "total": _type("integer", "every item"),
        },
    )
    return _object(
        description,
        {
            **(extra or {}),
            "score": _score("the score"),
            "band": {
                "enum": ["misery", "mediocrity", "magic", None],
                "description": "the score's band; null without a score",
            },
            "target": _type("number", "the target in effect (100 unless the targets file says otherwise)"),
            "gap": _score("max(0, target - score)"),
            "coverage": _type(
                "number", "answered / applicable items x 100; null when every item is n/a", nullable=True
            ),
            "counts": counts,
        },
    )


def _head(**extra: Any) -> dict[str, Any]:
    return {
        "id": _type("string", "full item id, checklist-id/item-id"),
        "checklist": _type("string", "checklist id"),
        "checklist_title": _type("string", "checklist title"),
        "section": _type("string", "section id"),
        "section_title": _type("string", "section title"),
        "question": _type("string", "the item's question"),
        **extra,
    }


def _chart_schema(description: str) -> dict[str, Any]:
    number_ = {"type": "number"}
    row = _object(
        "One bar: label above, bar below, a target mark across it",
        {
            "label": _type("string", "what the bar shows"),
            "short_label": _type("string", "the label cut to fit, with an ellipsis"),
            "score": _score("the bar's score"),
            "band": {"enum": ["misery", "mediocrity", "magic", None], "description": "the score's band"},
            **{k: number_ for k in ("label_x", "label_y", "x", "y", "width", "height", "track_width")},
            **{k: number_ for k in ("value_x", "value_y")},
            "value_anchor": {"enum": ["start", "end"], "description": "text-anchor of the score"},
            "value_inside": _type("boolean", "the score is written inside the bar (white) rather than after it"),
            "target": _type("number", "the target drawn as a mark"),
            **{k: number_ for k in ("target_x", "target_y1", "target_y2")},
        },
    )
    return _object(
        description,
        {
            "height": _type("number", "the SVG's height in pixels; it is as wide as its column"),
            "zones": _list(
                "band zones tinted behind the bars",
                _object(
                    "One band's zone", {"band": {"type": "string"}, **{k: number_ for k in ("x", "width", "height")}}
                ),
            ),
            "ticks": _list(
                "axis ticks",
                _object("One tick", {**{k: number_ for k in ("value", "x", "y")}, "anchor": {"type": "string"}}),
            ),
            "rows": _list("one row per bar, top to bottom", row),
        },
    )


def report_schema() -> dict[str, Any]:
    """The JSON Schema of :func:`report_context`: the JSON report and the template context."""
    text = {"type": "string"}
    section = _figures_schema(
        "One section's figures",
        {
            "id": _type("string", "section id"),
            "title": _type("string", "section title"),
            "weight": _type("number", "section weight within its checklist"),
        },
    )
    checklist = _figures_schema(
        "One checklist's figures, with its sections",
        {
            "id": _type("string", "checklist id"),
            "title": _type("string", "checklist title"),
            "description": _type("string", "what the checklist measures"),
            "version": _type("string", "the version scored against"),
            "answered_version": _type("string", "the version the answers file says it answered"),
        },
    )
    checklist["properties"]["sections"] = _list("the sections in checklist order", section)
    checklist["required"].append("sections")
    priority = _object(
        "One item worth improving",
        {
            "rank": _type("integer", "1 for the first priority; the map's miseries take ranks too (workbook.miseries)"),
            **_head(),
            "answer": _type("string", "the answer given, as its label on the scale"),
            "value": _type("number", "the answer's value on the scale"),
            "score": _type("number", "the answer's score, 0..100"),
            "band": {"enum": ["misery", "mediocrity", "magic"], "description": "the answer's band"},
            "target": _type("number", "the item's target"),
            "gap": _type("number", "max(0, target - score)"),
            "weight": _type("number", "the item's weight"),
            "section_weight": _type("number", "its section's weight"),
            "priority": _type("number", "weight x section weight x gap; the ranking key"),
            "note": _type("string", "the respondent's note", nullable=True),
            "action": _type("string", "the first concrete step, from the checklist"),
        },
    )
    properties: dict[str, Any] = {
        "schema_version": {"const": SCHEMA_VERSION, "description": "changes whenever a key changes meaning or goes"},
        "kind": {"const": "report", "description": "the report kind"},
        "cxcheck_version": _type("string", "the cxcheck that made the report"),
        "rules": _type("string", "the scoring rules in one line, with the bands and targets in effect"),
        "organisation": _type("string", "the business assessed"),
        "respondent": _type("string", "who answered"),
        "role": _type("string", "the respondent's role", nullable=True),
        "participants": _list("others present when answering", text),
        "date": {"type": "string", "format": "date", "description": "the date of the answers"},
        "answers_file": _type("string", "the answers file as given on the command line", nullable=True),
        "bands": _object(
            "Band thresholds",
            {
                "mediocrity": _type("number", "scores below are misery"),
                "magic": _type("number", "scores from here up are magic; below, from mediocrity, mediocrity"),
            },
        ),
        "targets": _object(
            "The targets file in effect (all 100 without one)",
            {
                "overall": _type("number", "target of every part not named below"),
                "checklists": _map("by checklist id"),
                "sections": _map("by checklist-id/section-id"),
                "items": _map("by checklist-id/item-id"),
            },
        ),
        "overall": _figures_schema("The whole: the mean of the checklist scores"),
        "checklists": _list("every checklist scored, in assessment order", checklist),
        "priorities": _object(
            "The items worth improving first, by weight x section weight x gap",
            {
                "top": _type("integer", "how many are listed at most (--top)"),
                "total": _type("integer", "how many items have a gap that counts"),
                "items": _list("the top ones, first priority first; ties in checklist order", priority),
            },
        ),
        "strengths": _list(
            "items answered at the top of their scale",
            _object(
                "One strength",
                _head(answer=_type("string", "the answer's label"), note=_type("string", "the note", nullable=True)),
            ),
        ),
        "not_applicable": _list(
            "items answered n/a",
            _object("One n/a item", _head(reason=_type("string", "why it does not apply", nullable=True))),
        ),
        "unanswered": _list("items not answered yet", _object("One unanswered item", _head())),
        "left_out": _list("answers to items that the checklist's current version no longer has", text),
        "charts": _object(
            "Geometry of the HTML report's charts: x and widths in percent of the chart's width, y and heights in pixels",
            {
                "overview": _chart_schema("Checklist scores against their targets"),
                "sections": _list(
                    "one section chart per checklist, in the order of checklists", _chart_schema("Section scores")
                ),
            },
        ),
    }
    from cxcheck.reports.workbook import workbook_schema

    workbook = workbook_schema()
    properties["workbook"] = {
        "description": "the business's own map (docs/workbook.md); null when the answers file holds none",
        **{k: v for k, v in workbook.items() if k != "$defs"},
    }
    body = _object("The gap report's context, also the JSON report", properties)
    return {"title": "cxcheck gap report", **body, "$defs": workbook["$defs"]}
