"""The consensus session at a terminal: the assessment's walk, plus what each person said.

It is the assessment's session (:mod:`cxcheck.terminal.session`: the lock, drawing, keys,
saving after every answer, Ctrl-C and resume) with three differences, each a setting of the
:class:`~cxcheck.terminal.walk.Walkthrough`: under each item it shows every participant's
answer and note, after an agreed value it asks for the reason (kept as the answer's note),
and it prints no section scores on the way, since the agenda jumps between sections.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core.aggregate import ItemView, Respondent, Workshop
from cxcheck.errors import Status
from cxcheck.model import Answer, AnswerSet, number
from cxcheck.terminal.walk import LineReader, Outcome, Walkthrough, describe_answer

if TYPE_CHECKING:
    from cxcheck.core.catalog import Catalog
    from cxcheck.terminal.teammap import TouchAgreement

REASON_PROMPT = "Why this answer? (saved as the note; Enter to leave out) > "


def team_answers(view: ItemView, respondents: Sequence[Respondent]) -> RenderableType:
    """Who said what, lowest answer first, with notes: the material of the discussion."""
    flag = "disagreement" if view.disagreement else "answers differ"
    spread = "no answers" if view.spread is None else f"spread {number(round(view.spread, 1))} points"
    table = Table(expand=False)
    for header in ("who", "role", "answer", "note"):
        table.add_column(header)
    for answer, respondent in sorted(zip(view.answers, respondents), key=lambda pair: _rank(view, pair[0])):
        said = "—" if answer is None else describe_answer(answer, view.scale)
        note = (answer.note or "") if answer is not None else ""
        table.add_row(Text(respondent.label), Text(respondent.role or ""), Text(said), Text(note))
    return Group(Text(f"What each of you said ({spread}, {flag}):", style="bold"), table)


def _rank(view: ItemView, answer: Answer | None) -> tuple[int, float]:
    """Lowest answer first, then n/a, then no answer."""
    if answer is None:
        return (2, 0.0)
    item_score = view.score(answer)
    return (1, 0.0) if item_score is None else (0, item_score)


def agree(
    sources: Sequence[Path], output: Path | None, threshold: float | None, force: bool, dirs: Sequence[Path]
) -> Status:
    """``cxcheck consensus``: the agreed answers file, disagreements first, saved after every answer."""
    from cxcheck import clock
    from cxcheck.core import answers
    from cxcheck.core.aggregate import aggregate
    from cxcheck.core.consensus import Agreement, agenda, start, taken_over
    from cxcheck.core.workshop import catalog_for, load_participants, targets_of
    from cxcheck.io.lock import answers_file
    from cxcheck.terminal import session
    from cxcheck.terminal.console import command_line, console, stdin_is_terminal

    catalog = catalog_for(sources, dirs)
    found = load_participants(sources, catalog, clock.today())
    workshop = aggregate(found.checklists, found.answer_sets, threshold=found.threshold(threshold))
    folder = next((s for s in sources if s.is_dir()), None)
    path = answers_file(output or (folder / "agreed.yaml" if folder else Path("agreed.yaml")))
    out, err = console(), console(stderr=True)
    order = answers.item_order(e.checklist for e in catalog)

    def save(updated: AnswerSet) -> None:
        answers.save(updated, path, order)

    def open_walk() -> session.Opened[Walkthrough]:
        existing = answers.load(path, catalog, clock.today()) if path.exists() and not force else None
        answer_set, taken = start(workshop, existing, clock.now(), path)
        interview = Agreement(agenda(workshop), answer_set, clock.now, [r.label for r in workshop.respondents])
        walk = Walkthrough(
            interview, out, LineReader(out, stdin_is_terminal()), save,
            below=lambda: team_answers(interview.view, workshop.respondents),
            reason_prompt=REASON_PROMPT,
            section_scores=False,
        )  # fmt: skip
        to_agree = interview.unanswered
        flagged = sum(1 for s in to_agree if interview.views[s.full_id].disagreement)
        notices = [
            f"Agreed answers are saved to {path} after every answer.",
            *found.notices,
            f"{taken_over(workshop, answer_set)} item(s) everyone answered alike were taken over"
            f"{f' ({taken} just now)' if existing is not None and taken else ''}; {len(to_agree)} to agree, {flagged} of them "
            f"disagreements (a spread of {workshop.threshold:g} points or more), which come first.",
        ]
        return session.Opened(walk, fresh=existing is None or taken > 0, notices=[Text(n) for n in notices])

    walk, outcome = session.run(path, open_walk)
    extra = [a for d in dirs for a in ("--checklists", str(d))]
    stop = session.Stop(
        resume=command_line("consensus", *map(str, sources), "-o", str(path), *extra),
        ended="Standard input ended before every item was agreed.",
    )
    points_left = 0
    if outcome is Outcome.FINISHED:
        touch = _agree_touchpoints(workshop, path, catalog, save)
        if touch is not None:
            touch_walk, outcome = touch
            if outcome is not Outcome.FINISHED:
                return session.stopped(touch_walk, outcome, err, path, stop)
            points_left = len(touch_walk.skipped)
    if outcome is Outcome.FINISHED:
        left = len(walk.interview.unanswered)
        out.print(Text(f"\nAgreed answers are in {path} (respondent consensus).", style="bold"))
        if left:
            out.print(Text(f"{left} item(s) skipped and not agreed yet; run the same command again to agree them."))
        if points_left:
            out.print(Text(f"{points_left} touch point(s) skipped and not agreed yet; run the same command again."))
        own = [a for d in found.checklist_dirs for a in ("--checklists", str(d))]
        targets = targets_of(sources)  # the workshop report judged by them; the agreed one must be too
        judged = ["--targets", str(targets)] if targets else []
        report = command_line("report", str(path), "-o", "agreed.html", *own, *extra, *judged)
        out.print(Text(f"Report them: {report}"), soft_wrap=True)
        return Status.DONE
    return session.stopped(walk, outcome, err, path, stop)


def _agree_touchpoints(
    workshop: Workshop, path: Path, catalog: Catalog, save: Callable[[AnswerSet], None]
) -> tuple[TouchAgreement, Outcome] | None:
    """The shared touch points agreed after the items, in the same file; None when nobody brought a map."""
    from cxcheck import clock
    from cxcheck.core import answers, teammap
    from cxcheck.terminal import session
    from cxcheck.terminal.console import console, stdin_is_terminal
    from cxcheck.terminal.teammap import TouchAgreement

    views = teammap.touch_views(workshop.respondents, workshop.threshold)
    if not views:
        return None
    labels = [r.label for r in workshop.respondents]
    out = console()

    def open_walk() -> session.Opened[TouchAgreement]:
        answer_set = answers.load(path, catalog, clock.today())
        book, taken = teammap.start(answer_set.workbook, views, labels)
        fresh = book != answer_set.workbook
        if fresh:
            answer_set = replace(answer_set, workbook=book, updated=clock.now())
        agenda = teammap.agenda(views, labels)
        walk = TouchAgreement(
            agenda, workshop.respondents, answer_set, out, LineReader(out, stdin_is_terminal()), save, clock.now
        )
        flagged = sum(1 for v in walk.pending if v.disagreement)
        notice = (
            f"Touch points: {taken} rated alike by everyone were taken over; {len(walk.pending)} to agree, "
            f"{flagged} of them disagreements, which come first."
        )
        return session.Opened(walk, fresh=fresh, notices=[Text(notice)])

    return session.run(path, open_walk)
