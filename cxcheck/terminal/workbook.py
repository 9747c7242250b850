"""The workbook step at a terminal (``cxcheck assess --map``): the map typed line by line, saved as it goes.

Four parts, each skippable. The journey first, walked as a new customer would: a stage (a
suggestion to accept with Enter, edit with ``e``, skip with ``-``, or a name of their own;
``o`` reorders or renames the stages), then its touch points (suggested the same way), each
with a rating (per kind of customer too, once the map has kinds), channel, owner and note.
Then the customer map, the ideal experience and the business's own practices. Every line
changes the answers file at once (one atomic write), so Ctrl-C or a killed terminal loses at
most the line being typed; running the same command again carries on in the part where it
stopped. The edits themselves are :mod:`cxcheck.core.workbook`'s; this module only asks and draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from cxcheck.core.journey import FromMap, weak_links
from cxcheck.core.workbook import (
    INSIDE_HINT,
    PARTS,
    SENSES,
    SUGGESTED_FEELINGS,
    Part,
    feelings_of,
    holds,
    kind_names,
    kind_ratings_of,
    kinds_named,
    next_kind,
    next_stage,
    next_touchpoint,
    practice_scale,
    renamed,
    reordered,
    resume_part,
    scale_choice,
    with_best,
    with_definition,
    with_ideal,
    with_kind,
    with_practice,
    with_practice_answer,
    with_practice_scale,
    with_stage,
    with_touch,
)
from cxcheck.model import PRESETS, AnswerSet, Customers, Rating, Workbook
from cxcheck.terminal.walk import LineReader, Outcome, stop_outcome

RATING_PROMPT = "    Rating: 1 magic, 2 mediocrity, 3 misery{kinds} (Enter: not rated yet) > "
NOTE_PROMPT = "    What did you see? e.g. 'waited 12 minutes on hold' (Enter: no note) > "
DONE, SKIP, EDIT, ORDER = ".", "-", "e", "o"
PART_TITLES: dict[Part, str] = {
    "journey": "journey",
    "customers": "customers",
    "ideal": "ideal experience",
    "practices": "own practices",
}
INTROS: dict[Part, str] = {
    "customers": 'Your customers: what "customer" means here, the kinds you have (inside the business too), '
    "what each wants and needs.",
    "ideal": "The ideal experience: what customers should feel, what it is like to the senses, and its name.",
    "practices": "Your own practices: what matters in your business, in your own words, scored with the rest.",
}


class MapWalk:
    """Builds the map of one answers file, saving after every line; the session runner's walk."""

    def __init__(
        self,
        answer_set: AnswerSet,
        console: Console,
        reader: LineReader,
        save: Callable[[AnswerSet], None],
        from_map: Callable[[Workbook], list[FromMap]],
        take: Callable[[AnswerSet, FromMap], AnswerSet],
        now: Callable[[], dt.datetime],
        resumed: bool = False,
    ) -> None:
        self.answer_set = answer_set
        self.resumed = resumed
        self.console = console
        self.reader = reader
        self._save = save
        self._saved = answer_set
        self.from_map = from_map
        self.take = take
        self.now = now
        self.finished = False
        self._passed: set[tuple[str, str]] = set()
        """Touch points left unrated this session: not asked again until the next."""
        self._skipped: dict[str, list[str]] = {}
        """Suggested touch points skipped this session, per stage: not offered again."""

    @property
    def book(self) -> Workbook:
        return self.answer_set.workbook or Workbook()

    @property
    def done(self) -> bool:
        return self.finished

    @property
    def unsaved_notes(self) -> dict[str, str]:
        return {}

    def save(self) -> None:
        self._save(self.answer_set)
        self._saved = self.answer_set

    def _change(self, book: Workbook) -> None:
        """Take the new map and write it at once: nothing typed is lost to Ctrl-C or a killed terminal."""
        now = self.now()
        self.answer_set = replace(self.answer_set, workbook=book, updated=now, started=self.answer_set.started or now)
        self.save()

    @property
    def offers_parts(self) -> bool:
        """A resumed map with more than its journey: the person is asked which part to carry on in."""
        return self.resumed and any(holds(self.book, p) for p in PARTS[1:])

    def run(self, notices: Sequence[RenderableType] = ()) -> Outcome:
        for notice in notices:
            self.console.print(notice)
        try:
            start = self._ask_part() if self.offers_parts else "journey"
            for part in PARTS[PARTS.index(start) :]:
                if part == "journey":
                    self._journey()
                elif part == start or self._begin(part):
                    if part == "customers":
                        self._customers(carry_on=part == start and self.offers_parts)
                    elif part == "ideal":
                        self._ideal()  # asks only what the ideal still lacks, resumed or not
                    else:
                        self._practices()
            self._offer_answers()
            self.finished = True
            self.console.print(map_summary(self.book))
            return Outcome.FINISHED
        except (KeyboardInterrupt, EOFError) as stop:
            self._save_if_unsaved()
            return stop_outcome(stop, self.reader.interactive)

    def _ask_part(self) -> Part:
        """Which part a resumed map carries on in; Enter takes the part where it stopped."""
        guess = resume_part(self.book)
        listed = ", ".join(f"{n} {PART_TITLES[p]}" for n, p in enumerate(PARTS, 1))
        while True:
            line = self.reader.read(f"Carry on in: {listed} (Enter: {PART_TITLES[guess]}) > ").strip()
            if not line:
                return guess
            if line.isdigit() and 1 <= int(line) <= len(PARTS):
                return PARTS[int(line) - 1]
            self.console.print(Text(f"Type 1 to {len(PARTS)}, or Enter for the {PART_TITLES[guess]}.", style="yellow"))

    def _begin(self, part: Part) -> bool:
        """Offer a part: Enter starts it, - (or .) skips it."""
        line = self.reader.read(f"{INTROS[part]} Enter starts, {SKIP} skips > ").strip()
        return line not in (SKIP, DONE)

    def _ask(self, prompt: str, apply: Callable[[str], Workbook]) -> str:
        """A line applied to the map and saved; an empty line changes nothing; asked again while it is unfit."""
        while True:
            line = self.reader.read(prompt).strip()
            if not line:
                return line
            try:
                book = apply(line)
            except ValueError as exc:
                self.console.print(Text(str(exc), style="yellow"))
                continue
            self._change(book)
            return line

    def _journey(self) -> None:
        self._rate_unrated()
        stage = self.book.journey[-1].name if self.book.journey else None
        skipped: list[str] = []
        while True:
            if stage is None:
                stage = self._ask_stage(skipped)
                if stage is None:
                    return
            if not self._ask_touchpoint(stage):
                stage = None

    def _save_if_unsaved(self) -> None:
        if self._saved is not self.answer_set:
            self.save()

    def _choose(
        self, what: str, suggest: Callable[[list[str]], str | None], skipped: list[str], more: str = ""
    ) -> str | None:
        """A name: the suggestion (Enter), edited (e), skipped (-), one of the person's own; None at '.'.

        ``more`` is another key the caller reads itself, told before the others.
        """
        while True:
            suggestion = suggest(skipped)
            if suggestion is None:
                hint = f"a name, or {DONE} when done"
            else:
                hint = f"Enter: {suggestion!r}, {EDIT} edits it, {SKIP} skips it, or a name; {DONE} when done"
            line = self.reader.read(f"{what} ({more}{hint}) > ").strip()
            if line == DONE or (not line and suggestion is None):
                return None
            if suggestion is not None and line == SKIP:
                skipped.append(suggestion)
                continue
            if suggestion is not None and line == EDIT:
                line = self.reader.read(f"{what} > ", prefill=suggestion).strip()
            return line or suggestion

    def _ask_stage(self, skipped: list[str]) -> str | None:
        while True:
            more = f"{ORDER} reorders or renames the stages; " if len(self.book.journey) > 1 else ""
            name = self._choose(
                f"Stage {len(self.book.journey) + 1}", lambda s: next_stage(self.book, s), skipped, more
            )
            if name != ORDER or len(self.book.journey) < 2:
                break
            self._arrange_stages()
        if name is None:
            return None
        self._change(with_stage(self.book, name))
        self.console.print(Text(f"Stage {name!r}: now its touch points, in the order a new customer meets them."))
        return name

    def _arrange_stages(self) -> None:
        """The stages listed by number: a new order in one line, then renames one per line."""
        self.console.print(Text("  ".join(f"{n} {s.name}" for n, s in enumerate(self.book.journey, 1))))
        self._ask(
            "  New order, e.g. '2 1' puts stage 2 first (Enter: keep it) > ", lambda line: reordered(self.book, line)
        )
        while self._ask(
            "  Rename: N=new name, e.g. '2=Visit or call' (Enter: done) > ", lambda line: renamed(self.book, line)
        ):
            pass
        self.console.print(Text("Stages: " + ", ".join(s.name for s in self.book.journey)))

    def _ask_touchpoint(self, stage: str) -> bool:
        """One touch point of ``stage`` with its details; False when the person says the stage is done."""
        name = self._choose(
            f"  Touch point in {stage}",
            lambda s: next_touchpoint(self.book, stage, s),
            self._skipped.setdefault(stage.casefold(), []),
        )
        if name is None:
            return False
        self._change(with_touch(self.book, stage, name))
        self._rate(stage, name)
        for field, question in (
            ("channel", "    Channel: web, phone, shop, e-mail, letter, in person, ... (Enter: none) > "),
            ("owner", "    Who owns it? (Enter: nobody yet) > "),
            ("note", NOTE_PROMPT),
        ):
            value = self.reader.read(question).strip()
            if value:
                self._change(with_touch(self.book, stage, name, None, **{field: value}))
        return True

    def _rate_unrated(self) -> None:
        """Each touch point on the map without a rating (a workshop's journey), in journey order: rating, then note.

        Enter leaves one unrated; it is asked again next time, not again in this session.
        """
        for stage, point in self.book.touchpoints:
            if point.ratings() or (stage.name, point.name) in self._passed:
                continue
            about = " · ".join(x for x in (point.channel, point.owner and f"owner {point.owner}") if x)
            self.console.print(Text(f"{stage.name} › {point.name}" + (f" ({about})" if about else ""), style="bold"))
            self._passed.add((stage.name, point.name))
            if not self._rate(stage.name, point.name):
                continue
            note = self.reader.read(NOTE_PROMPT).strip()
            if note:
                self._change(with_touch(self.book, stage.name, point.name, note=note))

    def _rate(self, stage: str, name: str, prompt: str | None = None) -> bool:
        """The touch point's rating, and kinds of customer's where the map has kinds; False if none was given."""
        kinds = kind_names(self.book)
        if prompt is None:
            example = f"; per kind e.g. '1, {kinds[-1]}=3'" if kinds else ""
            prompt = RATING_PROMPT.format(kinds=example)
        while True:
            line = self.reader.read(prompt)
            if not line.strip():
                return False
            try:
                overall, by_kind = kind_ratings_of(line, kinds)
            except ValueError as exc:
                self.console.print(Text(f"{exc}. Or Enter to leave it unrated.", style="yellow"))
                continue
            fields: dict[str, Rating | None] = {"rating": overall} if overall else {}
            self._change(with_touch(self.book, stage, name, dict(by_kind), **fields))
            return True

    def _customers(self, carry_on: bool = False) -> None:
        """The one-sentence definition, each kind with what it wants and needs, the best kinds, then per-kind ratings.

        ``carry_on``: a resumed map, where the last kind given may have been stopped halfway.
        """
        customers = self.book.customers
        if customers is None or not customers.definition:
            self._ask(
                '  In one sentence, what does "customer" mean here? (Enter: later) > ',
                lambda line: with_definition(self.book, line),
            )
        if carry_on and kind_names(self.book):
            self._kind(kind_names(self.book)[-1], again=True)
        skipped: list[str] = []
        while (
            name := self._choose(
                f"  Kind of customer {len(kind_names(self.book)) + 1}", lambda s: next_kind(self.book, s), skipped
            )
        ) is not None:
            self._kind(name)
        self._best_and_by_kind()

    def _kind(self, name: str, again: bool = False) -> None:
        """One kind of customer: inside or not, what it wants and needs, any surprise.

        ``again`` is the last kind of a resumed map: only what it still lacks is asked.
        """
        known = {k.name.casefold(): k for k in (self.book.customers or Customers()).kinds}.get(name.casefold())
        if again:
            self.console.print(Text(f"  {name}: carrying on", style="bold"))
        else:
            self._change(with_kind(self.book, name))
            inside = known.inside if known else name.casefold().startswith(INSIDE_HINT)
            line = self.reader.read(
                f"    Inside the business (colleagues or a team you serve)? y or n (Enter: {'y' if inside else 'n'}) > "
            ).strip()
            self._change(with_kind(self.book, name, inside=line.casefold()[:1] == "y" if line else inside))
        for field, question in (
            ("wants", "    What do they want? (Enter: skip) > "),
            ("needs", "    What do they need? (Enter: skip) > "),
            ("surprise", "    Did anything surprise you about them? (Enter: no) > "),
        ):
            if again and known is not None and getattr(known, field):
                continue

            def set_field(line: str, field: str = field) -> Workbook:
                return with_kind(self.book, name, **{field: line})

            self._ask(question, set_field)

    def _best_and_by_kind(self) -> None:
        """Which kinds are the best customers (unless some are already), then the touch points per kind."""
        kinds = kind_names(self.book)
        if kinds and not any(k.best for k in (self.book.customers or Customers()).kinds):
            self.console.print(Text("  ".join(f"{n} {k}" for n, k in enumerate(kinds, 1))))
            self._ask(
                "  Your best customers, likely to stay loyal (not the bargain hunters): numbers or names (Enter: later) > ",
                lambda line: with_best(self.book, kinds_named(self.book, line)),
            )
        if kinds and self.book.touchpoints:
            self._rate_by_kind()

    def _rate_by_kind(self) -> None:
        """Each touch point again, for the kinds that meet it differently: one line each, Enter for none."""
        kinds = kind_names(self.book)
        line = self.reader.read(
            f"Does a kind of customer meet a touch point differently? Enter goes through them, {SKIP} skips > "
        )
        if line.strip() in (SKIP, DONE):
            return
        for stage, point in self.book.touchpoints:
            seen = point.worst or "not rated"
            prompt = (
                f"  {stage.name} › {point.name} ({seen}): per kind, e.g. '{kinds[0]}=3' (Enter: the same for all) > "
            )
            self._rate(stage.name, point.name, prompt)

    def _ideal(self) -> None:
        """The feelings (numbers from the list and words of one's own), each sense, then the name."""
        ideal = self.book.ideal
        if ideal is None or not ideal.feelings:
            self.console.print(Text("  ".join(f"{n} {f}" for n, f in enumerate(SUGGESTED_FEELINGS, 1))))
            self._ask(
                "  What should customers feel? Numbers from the list and words of your own, e.g. '1 4, at home' "
                "(Enter: later) > ",
                lambda line: with_ideal(self.book, feelings=feelings_of(line)),
            )
        for sense in SENSES:
            if not (self.book.ideal and getattr(self.book.ideal, sense)):

                def describe(line: str, sense: str = sense) -> Workbook:
                    return with_ideal(self.book, **{sense: line})

                self._ask(f"  What does it {sense[:-1]} like to a customer? (Enter: skip) > ", describe)
        if not (self.book.ideal and self.book.ideal.name):
            self._ask(
                "  A name the team will use for it, e.g. 'Dazzle Me' (Enter: later) > ",
                lambda line: with_ideal(self.book, name=line),
            )

    def _practices(self) -> None:
        """Own practices not yet answered (a workshop's), then new ones: the question, its scale, the answer."""
        for practice in self.book.practices:
            if practice.answer is None:
                self.console.print(Text(practice.question, style="bold"))
                self._answer_practice(practice.id)
        while True:
            number_ = len(self.book.practices) + 1
            question = self.reader.read(
                f"  Own practice {number_}: a question in your own words, e.g. 'Do we call back every missed call "
                f"the same day?' ({DONE} when done) > "
            ).strip()
            if question in ("", DONE):
                return
            book, practice_id = with_practice(self.book, question)
            self._change(book)
            scales = ", ".join(f"{n} {name}" for n, name in enumerate(PRESETS, 1))

            def on_scale(line: str, practice_id: str = practice_id) -> Workbook:
                return with_practice_scale(self.book, practice_id, scale_choice(line))

            self._ask(f"    Scale: {scales} (Enter: frequency) > ", on_scale)
            self._answer_practice(practice_id)

    def _answer_practice(self, practice_id: str) -> None:
        scale = practice_scale(self.book, practice_id)
        options = ", ".join(f"{scale.key_of(o)} {o.label}" for o in scale.options)
        self._ask(
            f"    Your answer: {options}, or n/a (Enter: later) > ",
            lambda line: with_practice_answer(self.book, practice_id, line),
        )

    def _offer_answers(self) -> None:
        """The fixed items the map answers: each offered with its evidence, Enter to take it, s to skip."""
        for found in self.from_map(self.book):
            if found.full_id in self.answer_set.answers:
                continue
            line = self.reader.read(f"The map answers {found.full_id}: {found.because}. Enter takes it, s skips > ")
            if line.strip().casefold() != "s":
                self.answer_set = self.take(self.answer_set, found)
                self.save()


def map_summary(book: Workbook) -> RenderableType:
    """The journey as a table (stage, touch point, rating, owner), the weak links, then the other parts in a line each."""
    table = Table(title="Your touch points", title_justify="left")
    for column in ("Stage", "Touch point", "Rating", "Owner"):
        table.add_column(column)
    for stage, point in book.touchpoints:
        table.add_row(Text(stage.name), Text(point.name), Text(point.worst or "not rated"), Text(point.owner or "—"))
    lines = Text()
    for link in weak_links(book):
        if link.kind == "drop":
            lines.append(f"\nWeak link in {link.stage}: magic at {link.points[0]!r}, then misery at {link.points[1]!r}")
        else:
            lines.append(f"\nNo owner: {link.points[0]!r} in {link.stage}")
    kinds = book.customers.kinds if book.customers else []
    if kinds:
        best = [k.name for k in kinds if k.best]
        lines.append(
            f"\nCustomers: {', '.join(k.name for k in kinds)}" + (f"; best: {', '.join(best)}" if best else "")
        )
    if book.ideal and (book.ideal.name or book.ideal.feelings):
        named = f"{book.ideal.name!r}: " if book.ideal.name else ""
        lines.append(f"\nThe ideal experience: {named}{', '.join(book.ideal.feelings) or 'no feelings named yet'}")
    if book.practices:
        answered = sum(1 for p in book.practices if p.answer is not None)
        lines.append(f"\nOwn practices: {len(book.practices)}, {answered} answered (scored as the checklist own)")
    return Group(table, lines) if lines else table
