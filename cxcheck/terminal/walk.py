"""The walk-through at a terminal: one screen per item, one typed line per answer, nothing lost.

The rules of the walk live in :mod:`cxcheck.core.interview`; this module draws each item, reads
lines, and saves after every change. At a terminal each screen replaces the last in a single
write (no flicker); when output is not a terminal the screens follow each other as a plain
transcript, with the lines read from a pipe echoed so a log shows what was answered.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from enum import Enum
from types import ModuleType

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from cxcheck.core.interview import Choose, Interview, Invalid, Key, Move, VersionChange, interpret
from cxcheck.core.scoring import Counts, Scorecard, figure, score_section
from cxcheck.core.targets import Targets
from cxcheck.errors import Status
from cxcheck.model import Answer, AnswerSet, Checklist, Scale, Section, number
from cxcheck.terminal.summary import scorecard_table
from cxcheck.text import CONTROLS, first_control

PROMPT = "> "
_CLEAR = "\x1b[H\x1b[2J"
_KEYS = (("n", "n/a"), ("s", "skip"), ("b", "back"), ("c", "note"), ("?", "help"), ("q", "quit"))


class Outcome(Enum):
    FINISHED = "finished"
    QUIT = "quit"
    INTERRUPTED = "interrupted"
    """Ctrl-C anywhere, or Ctrl-D at a terminal."""
    INPUT_ENDED = "input ended"
    """Standard input is not a terminal and ran out before the walk was over."""


def stop_outcome(stop: KeyboardInterrupt | EOFError, interactive: bool) -> Outcome:
    """How a walk ended when input stopped: Ctrl-C, or Ctrl-D at a terminal, is an interruption."""
    if isinstance(stop, KeyboardInterrupt) or interactive:
        return Outcome.INTERRUPTED
    return Outcome.INPUT_ENDED


class LineReader:
    """Lines typed by the person: with line editing at a terminal, echoed when they come from a pipe."""

    def __init__(self, console: Console, interactive: bool):
        self.console = console
        self.interactive = interactive
        self._readline = _load_readline() if interactive else None

    def read(self, prompt: str = PROMPT, prefill: str = "") -> str:
        """One line free of control characters; EOFError when input ends, KeyboardInterrupt on Ctrl-C.

        A line holding one (an escape pasted into a note) is asked for again, offered without
        them: saved, it would make a file that our own loader refuses (``cxcheck.text``).
        """
        while True:
            line = self._line(prompt, prefill)
            control = first_control(line)
            if control is None:
                return line
            self.console.print(
                Text(f"Control character {control} in what you typed; only tab and newline are allowed: type it again.")
            )
            prefill = CONTROLS.sub("", line)

    def _line(self, prompt: str, prefill: str) -> str:
        if sys.stdin is None:  # started with standard input closed (``0<&-``): nothing will ever come
            raise EOFError
        readline = self._readline
        if readline is not None and prefill:
            readline.set_startup_hook(lambda: readline.insert_text(prefill))
        try:
            line = input(prompt)
        finally:
            if readline is not None:
                readline.set_startup_hook(None)
        if not self.interactive:
            self.console.print(Text(line))
        return line


def _load_readline() -> ModuleType | None:
    """Line editing, and a note shown ready to edit; absent on some platforms, and not needed."""
    try:
        import readline
    except ImportError:
        return None
    return readline


class Walkthrough:
    """Runs an :class:`Interview` to its end, a quit, or an interruption, saving every change.

    What differs between walks is said through the constructor, never by overriding: ``below``
    draws more under each item (consensus shows what each participant said), ``reason_prompt``
    asks after every chosen answer for a reason kept as its note, and ``section_scores`` prints
    a section's score on leaving it (pointless where the agenda jumps between sections).
    """

    def __init__(
        self,
        interview: Interview,
        console: Console,
        reader: LineReader,
        save: Callable[[AnswerSet], None],
        targets: Targets | None = None,
        *,
        below: Callable[[], RenderableType] | None = None,
        reason_prompt: str | None = None,
        section_scores: bool = True,
    ):
        self.interview = interview
        self.console = console
        self.reader = reader
        self._save = save
        self._saved = interview.answer_set
        """The answer set last written (or as read): what the file on disk holds."""
        self.targets = targets or Targets()
        self.below = below
        self.reason_prompt = reason_prompt
        self.section_scores = section_scores

    @property
    def done(self) -> bool:
        return self.interview.done

    @property
    def unsaved_notes(self) -> dict[str, str]:
        return self.interview.unsaved_notes

    def run(self, notices: Sequence[RenderableType] = ()) -> Outcome:
        messages: list[RenderableType] = list(notices)
        show_help = False
        it = self.interview
        try:
            while not it.done:
                self._draw(item_screen(it, messages, show_help, self.console.width))
                messages, show_help = [], False
                command = interpret_line(self.reader.read(), it)
                if command is Key.HELP:
                    show_help = True
                    continue
                if command is Key.QUIT:
                    return Outcome.QUIT
                if isinstance(command, Invalid):
                    messages = [Text(command.message, style="yellow")]
                    continue
                move = self._apply(command)
                if move.changed:
                    self.save()
                messages = self._after(move)
            if messages:
                self.console.print(*messages)
            return Outcome.FINISHED
        except (KeyboardInterrupt, EOFError) as stop:
            self._save_if_unsaved()
            return stop_outcome(stop, self.reader.interactive)

    def save(self) -> None:
        """One atomic write of the whole file: fast enough to do after every key that changes it."""
        answer_set = self.interview.answer_set
        self._save(answer_set)
        self._saved = answer_set

    def _save_if_unsaved(self) -> None:
        """After an interruption, finish a save it may have cut short; never rewrite an untouched file."""
        if self._saved is not self.interview.answer_set:
            self.save()

    def _apply(self, command: Choose | Key) -> Move:
        it = self.interview
        if isinstance(command, Choose):
            if self.reason_prompt is not None:
                reason = self.reader.read(self.reason_prompt).strip()
                if reason:
                    it.note(reason)
            return it.choose(command.value)
        if command is Key.NOT_APPLICABLE:
            return it.not_applicable(self.reader.read("Why does it not apply? (a few words; Enter to leave out) > "))
        if command is Key.NOTE:
            return it.note(self.reader.read("Note (an empty note removes it) > ", prefill=it.current_note or ""))
        if command is Key.BACK:
            return it.back()
        return it.skip()

    def _after(self, move: Move) -> list[RenderableType]:
        lines: list[RenderableType] = []
        if self.section_scores:
            answer_set = self.interview.answer_set
            lines += [section_line(c, s, answer_set, self.targets) for c, s in move.finished]
        if move.message:
            lines.append(Text(move.message, style="cyan"))
        return lines

    def _draw(self, screen: RenderableType) -> None:
        if self.below is not None:
            screen = Group(screen, self.below())
        if not self.console.is_terminal:
            self.console.print(screen)
            return
        with self.console.capture() as captured:
            self.console.print(screen)
        self.console.file.write(_CLEAR + captured.get())
        self.console.file.flush()


def interpret_line(line: str, interview: Interview) -> Choose | Key | Invalid:
    return interpret(line, interview.current.scale, interview.current_answer is not None)


def item_screen(
    interview: Interview, messages: Sequence[RenderableType], show_help: bool, width: int = 80
) -> RenderableType:
    """Where you are, the question, what is recorded, and the keys: everything one item needs."""
    step = interview.current
    position = (interview.position or 0) + 1
    counts = interview.counts
    where = Text.assemble((step.checklist.title, "bold cyan"), "  ›  ", (step.section.title, "cyan"))
    progress = Table.grid(padding=(0, 2))
    progress.add_row(
        Text(f"Item {position} of {interview.total}"),
        track(counts.answered + counts.not_applicable, interview.total),
        Text(tally(counts, unanswered=False), style="dim"),
    )
    parts: list[RenderableType] = [where, progress, *messages]
    parts.append(Panel(Text(step.item.question, style="bold"), padding=(1, 2)))
    recorded = _recorded(interview.current_answer, step.scale, interview.current_note)
    if recorded is not None:
        parts.append(recorded)
    if show_help:
        body = Text.assemble(step.item.help, "\n\n", ("First step when the answer is low: ", "dim"), step.item.action)
        parts.append(Panel(body, title="Why it matters", title_align="left", border_style="dim"))
    parts.append(keys_line(step.scale, interview.current_answer, width))
    parts.append(Text("Type a key and press Enter; ? shows why this matters.", style="dim"))
    return Group(*parts)


def track(done: int, total: int, width: int = 30) -> Text:
    """Progress as a filled part on a visible track, told apart by shape as well as colour.

    rich's ``ProgressBar`` draws no track under ``NO_COLOR``: 2 of 10 and 2 of 100 looked alike.
    """
    filled = min(width, round(width * done / total)) if total else width
    return Text.assemble(("█" * filled, "cyan"), ("░" * (width - filled), "dim"))


def keys_line(scale: Scale, answer: Answer | None, width: int) -> Text:
    """``[0] Never  [1] Rarely …   n n/a  s skip …``, the recorded option highlighted.

    On one line when it fits ``width``; otherwise the options and the other keys take a line
    each, so that no key is split from its meaning.
    """
    options = Text()
    for option in scale.options:
        chosen = answer is not None and answer.value == option.value
        options.append(f"[{scale.key_of(option)}]", style="bold")
        options.append(f" {option.label}", style="reverse" if chosen else "")
        options.append("  ")
    keys = Text()
    for key, meaning in (*_KEYS, *((("Enter", "keep"),) if answer is not None else ())):
        keys.append(key, style="bold")
        keys.append(f" {meaning}  ")
    options.rstrip()
    keys.rstrip()
    gap = "    " if options.cell_len + keys.cell_len + 4 <= width else "\n"
    return Text.assemble(options, gap, keys)


def _recorded(answer: Answer | None, scale: Scale, note: str | None) -> Text | None:
    if answer is None and note is None:
        return None
    text = Text()
    if answer is not None:
        text.append("Recorded: ", style="dim")
        text.append(describe_answer(answer, scale))
    if note is not None:
        if text:
            text.append("\n")
        text.append("Note: ", style="dim")
        text.append(note)
        if answer is None:
            text.append("  (saved with your answer)", style="dim")
    return text


def describe_answer(answer: Answer, scale: Scale) -> str:
    """``[3] Often``, or ``n/a (no phone line)``: how an answer is shown back, with the key that gives it."""
    if answer.value is None:
        return "n/a" + (f" ({answer.reason})" if answer.reason else "")
    option = scale.option_for(answer.value)
    if option is None:
        return scale.label_of(answer.value)
    return f"[{scale.key_of(option)}] {option.label}"


def section_line(checklist: Checklist, section: Section, answer_set: AnswerSet, targets: Targets) -> Text:
    """The one line shown on leaving a section: its score, band and how much of it is answered."""
    scored = score_section(checklist, section, answer_set.answers, targets)
    shown = "no score" if scored.score is None else f"{figure(scored.score)}/100, {targets.bands.name(scored.score)}"
    return Text.assemble(("✓ ", "green"), "End of ", (section.title, "bold"), f": {shown} ({tally(scored.counts)})")


def tally(counts: Counts, unanswered: bool = True) -> str:
    """``2 answered, 1 n/a, 1 unanswered``: n/a is never counted as answered, and a zero is left out."""
    parts = [f"{counts.answered} answered"]
    parts += [f"{counts.not_applicable} n/a"] if counts.not_applicable else []
    parts += [f"{counts.unanswered} unanswered"] if unanswered and counts.unanswered else []
    return ", ".join(parts)


def opening_notices(interview: Interview, path: str, resumed: bool) -> list[RenderableType]:
    """What the person should know before the first question: the file, and what is resumed."""
    notices: list[RenderableType] = [Text(f"Answers are saved to {path} after every answer.")]
    if interview.review:
        notices.append(Text(f"Reviewing all {interview.total} items: Enter keeps the answer shown."))
    elif resumed:
        counts = interview.counts
        answered = f"{counts.answered} of {interview.total} items answered"
        answered += f", {counts.not_applicable} n/a" if counts.not_applicable else ""
        notices.append(Text(f"Resuming: {answered}; here is the first unanswered one."))
    notices += [version_notice(change) for change in interview.changes]
    return notices


def version_notice(change: VersionChange) -> Text:
    """New and gone items of a checklist that changed version since the file was written."""
    checklist = change.checklist
    text = Text(
        f"{checklist.title} is now version {checklist.version} (the file was for {change.previous}).", style="yellow"
    )
    if change.unanswered:
        text.append(f"\n  To answer (new, or skipped before): {', '.join(change.unanswered)}")
    if change.gone:
        gone = ", ".join(f"{k} (was {_file_form(a)})" for k, a in change.gone.items())
        text.append(f"\n  No longer in the checklist, so dropped from the file: {gone}")
    return text


def _file_form(answer: Answer) -> str:
    return "n/a" if answer.value is None else str(number(answer.value))


def summary(
    scorecard: Scorecard, path: str, report_commands: Sequence[tuple[str, str]], unsaved_notes: dict[str, str]
) -> RenderableType:
    """The closing screen: the result, what was left open, and how to turn the file into a report.

    Print it with ``soft_wrap=True``, so that a long command stays one line to copy.
    """
    unanswered = scorecard.counts.unanswered
    headline = (
        Text(f"End of the walk-through: {unanswered} item(s) still unanswered.", style="bold yellow")
        if unanswered
        else Text("Assessment complete.", style="bold green")
    )
    parts: list[RenderableType] = [Text(""), headline, scorecard_table(scorecard)]
    if unanswered:
        parts.append(Text("Run the same command again to answer them."))
    parts += unsaved_notes_lines(unsaved_notes)
    parts.append(Text(f"\nYour answers are in {path}. Turn them into a report:"))
    parts += [Text.assemble(f"  {label:<10}", (command, "bold")) for label, command in report_commands]
    return Group(*parts)


def unsaved_notes_lines(notes: dict[str, str]) -> list[RenderableType]:
    return [
        Text(f"Not saved: your note on {full_id} (the item has no answer): {note}", style="yellow")
        for full_id, note in notes.items()
    ]


def report_stop(
    outcome: Outcome, out: Console, err: Console, path: str, resume: str, unsaved_notes: dict[str, str], ended: str
) -> Status:
    """Say, on quit, Ctrl-C or end of input, what is saved and the exact command to carry on; return how it ended.

    Printed with soft wrap, so that a long resume command stays one line to copy.
    """
    why, console, status = {
        Outcome.QUIT: ("Stopped.", out, Status.DONE),
        Outcome.INTERRUPTED: ("Interrupted.", err, Status.INTERRUPTED),
        Outcome.INPUT_ENDED: (ended, err, Status.INPUT_ENDED),
    }[outcome]
    lines = [
        Text(""),
        Text(f"{why} Your answers so far are saved in {path}.", style="bold"),
        *unsaved_notes_lines(unsaved_notes),
        Text("To carry on where you left off, run:"),
        Text(f"  {resume}", style="bold"),
    ]
    console.print(Group(*lines), soft_wrap=True)
    return status
