"""A workshop folder: what participants need on the day, and where their answers files land.

``cxcheck workshop init NAME`` writes a folder the facilitator can copy to every laptop or
keep at one terminal: a README with the exact command each participant runs, the chosen
checklists copied in (so everyone answers the same versions, whatever cxcheck they have),
a ``targets.yaml`` to adjust, and ``workshop.yaml`` describing the session. Answers files
saved into the folder are then found by ``cxcheck report FOLDER`` and ``cxcheck consensus``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cxcheck.core import answers, survey, theme
from cxcheck.core import workbook as workbooks
from cxcheck.core.aggregate import DEFAULT_THRESHOLD, SUGGESTED_ROLES, Counted
from cxcheck.core.catalog import Catalog, Entry, answered_checklists, discover, yaml_files
from cxcheck.core.theme import Theme, ThemeContext
from cxcheck.errors import CxError
from cxcheck.io import store, yamlsafe
from cxcheck.io.validation import fail_if, load_valid
from cxcheck.model import CONSENSUS, MAPPING_FILE, WORKSHOP_FILE, AnswerSet, Checklist, Workbook, number, versions_text

CONFIG = WORKSHOP_FILE
TARGETS = "targets.yaml"
CHECKLISTS = "checklists"
README = "README.md"
FORM = "form.html"
JOURNEY = "journey.yaml"
"""The journey a consultant prepared (``workshop init --journey FILE``), which each participant's map starts from."""
FORMAT_VERSION: Final = 1


NAME_LIMIT = 80
"""Characters a participant's name may have, in the form and in an invitation."""
ROLE_LIMIT = 60


class Invitee(BaseModel):
    """One participant invited to ``cxcheck collect``: the name their answers file carries, and their role."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    name: Annotated[str, Field(min_length=1, max_length=NAME_LIMIT)]
    role: Annotated[str, Field(min_length=1, max_length=ROLE_LIMIT)] | None = None

    @field_validator("name", "role")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and _CONTROL.search(value):
            raise ValueError("must not hold control characters (line breaks, tabs, escapes)")
        if value is not None and not re.search(r"\w", value):
            raise ValueError("needs a letter or a digit")
        return value

    @property
    def file_name(self) -> str:
        return answers_file_name(self.name)


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


class WorkshopFile(BaseModel):
    """``workshop.yaml``: what ``workshop init`` chose, and the report defaults a facilitator may edit."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    format_version: Literal[1] = FORMAT_VERSION
    name: Annotated[str, Field(min_length=1)]
    organisation: Annotated[str, Field(min_length=1)]
    created: dt.date
    checklists: dict[str, str | int] = Field(
        description='checklist id to the version copied into checklists/, quoted ("1.10")'
    )
    disagreement: Annotated[float, Field(gt=0, le=100)] = DEFAULT_THRESHOLD
    compare: list[Annotated[list[str], Field(min_length=2, max_length=2)]] | None = Field(
        default=None, description="role pairs for the perception gaps, e.g. [[leadership, frontline]]"
    )
    journey: str | None = Field(default=None, description=f"the journey each participant rates ({JOURNEY})")
    invites: list[Invitee] = Field(
        default_factory=list,
        description="participants `cxcheck collect` gives a personal link, e.g. [{name: Ann, role: frontline}]",
    )
    theme: Theme | None = Field(default=None, description="the consultant's branding of the reports (docs/reports.md)")

    _versions = field_validator("checklists", mode="before")(versions_text)


@dataclass(frozen=True)
class Participants:
    """A workshop's answers, ready to aggregate, and what was set aside on the way."""

    checklists: list[Checklist]
    answer_sets: list[AnswerSet]
    config: WorkshopFile | None
    notices: list[str]
    checklist_dirs: list[Path]
    """The workshop folders' own checklist copies, which a command on their files needs too."""
    counted: Counted | None = None
    """A large survey counted in its store instead of read into ``answer_sets`` (:func:`load_participants`)."""

    def threshold(self, given: float | None) -> float:
        """``--disagreement`` if given, else the workshop's, else the default."""
        if given is not None:
            return given
        return self.config.disagreement if self.config else DEFAULT_THRESHOLD

    def role_pairs(self, given: list[tuple[str, str]] | None) -> list[tuple[str, str]] | None:
        """``--roles`` if given, else the workshop's ``compare``, else None (the default pairs)."""
        if given is not None or self.config is None or self.config.compare is None:
            return given
        return [(a, b) for a, b in self.config.compare]


def init(
    folder: Path,
    catalog: Catalog,
    ids: Sequence[str],
    organisation: str | None,
    today: dt.date,
    form: Callable[[list[Checklist], str, Workbook | None], str] | None = None,
    journey: Path | None = None,
) -> WorkshopFile:
    """Create the workshop folder in one step: it appears complete, or not at all.

    ``form`` renders the participants' browser form (``form.html``) for the chosen checklists,
    organisation and shared journey; the core cannot render HTML itself, so the command passes it in.
    ``journey`` is a workbook file the consultant prepared: it is checked first (every problem
    at once, nothing created), and copied as ``journey.yaml`` without ratings, notes or
    answers, so every participant starts from the same unrated map.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CxError("already exists; choose another workshop name", folder)
    entries = [catalog.entry(i) for i in ids] if ids else list(catalog)
    if not entries:
        raise CxError("no checklists found to run a workshop with; see `cxcheck list`")
    template = None if journey is None else workbooks.blank(workbooks.load(journey))
    config = WorkshopFile(
        name=folder.name,
        organisation=organisation or folder.name,
        created=today,
        checklists={e.checklist.id: e.checklist.version for e in entries},
        journey=None if template is None else JOURNEY,
    )
    parent = folder.parent if str(folder.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as exc:  # a read-only file system or no right to write here
        raise CxError(f"could not create the workshop folder ({exc.strerror}); nothing was changed", folder) from None
    try:
        (staging / CHECKLISTS).mkdir()
        for entry in entries:
            shutil.copyfile(entry.path, staging / CHECKLISTS / f"{entry.checklist.id}.yaml")
        (staging / CONFIG).write_text(config_text(config), encoding="utf-8")
        (staging / TARGETS).write_text(targets_text(entries), encoding="utf-8")
        (staging / README).write_text(readme(config, entries), encoding="utf-8")
        if template is not None:
            (staging / JOURNEY).write_text(journey_text(template), encoding="utf-8")
        if form is not None:
            page = form([e.checklist for e in entries], config.organisation, template)
            (staging / FORM).write_text(page, encoding="utf-8")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp's private 0700 would lock the other participants out
        os.rename(staging, folder)
    except OSError as exc:
        raise CxError(
            f"could not create the workshop folder ({exc.strerror}); nothing was left behind", folder
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return config


def journey_text(book: Workbook) -> str:
    """``journey.yaml``: the workbook format, with a line on what it is for."""
    return (
        "# The journey this workshop rates, prepared with `cxcheck workshop init --journey`.\n"
        "# Each participant's map starts from it (cxcheck assess --map --journey journey.yaml);\n"
        "# the format is the workbook's (docs/workbook.md).\n" + yamlsafe.dump(workbooks.to_data(book))
    )


def shared_journey(folder: Path) -> Workbook | None:
    """The journey a workshop folder's participants rate, unrated; None when the workshop has none.

    The one place that says which touch points a workshop shares: ``assess --map --journey``,
    the browser form and collection read it from here.
    """
    config = load_config(folder)
    name = config.journey if config is not None else None
    if name is None:
        return None
    path = folder / name
    if not path.exists():
        raise CxError(f"journey: the file {name} that {CONFIG} names does not exist", folder / CONFIG)
    return workbooks.blank(workbooks.load(path))


def config_text(config: WorkshopFile) -> str:
    """``workshop.yaml`` with the report defaults explained where a facilitator will edit them."""
    head = {
        k: v
        for k, v in config.model_dump(exclude_none=True).items()
        if k not in ("disagreement", "compare", "invites", "theme")
    }
    return (
        "# Written by `cxcheck workshop init`; `cxcheck report` and `cxcheck consensus` read their defaults here.\n"
        + yamlsafe.dump(head)
        + "# Spread (max - min on the 0..100 scale) from which an item counts as a disagreement.\n"
        + f"disagreement: {number(config.disagreement)}\n"
        + "# Role pairs for the perception gaps. Without this key: leadership vs frontline when both\n"
        + "# took part, else every pair of roles present.\n"
        + "# compare:\n#   - [leadership, frontline]\n"
        + '# Participants `cxcheck collect` gives a personal link (or --invite "Name:role"):\n'
        + "# invites:\n#   - {name: Ann Lee, role: frontline}\n"
        + "# Your branding of the HTML and PDF reports (docs/reports.md#branding); every key optional.\n"
        + '# theme:\n#   name: "Your consultancy"\n#   logo: logo.png\n#   accent: "#17324d"\n'
        + '#   footer: "Prepared for the leadership team"\n'
    )


def answers_file_name(respondent: str) -> str:
    """The answers file named after a participant: the browser form's download and ``collect`` agree on it.

    Letters, digits and ``_`` are kept (lower-cased), every other run becomes one ``-``, so the
    name can never hold a path separator, a dot-dot or a leading dot.
    """
    slug = re.sub(r"[\W]+", "-", respondent.lower()).strip("-")
    return f"answers-{slug or 'participant'}.yaml"


def parse_invite(text: str) -> Invitee:
    """``"Ann Lee:frontline"`` (or ``"Ann Lee"``, no role) as an invitee; a bad one is a :class:`CxError`."""
    name, sep, role = text.rpartition(":")
    if not sep:
        name, role = text, ""
    try:
        return Invitee(name=name.strip(), role=role.strip() or None)
    except ValidationError as exc:
        wrong = "; ".join(
            f"{'.'.join(map(str, e['loc']))} {e['msg'].removeprefix('Value error, ')}" for e in exc.errors()
        )
        raise CxError(f'--invite {text!r}: {wrong}; write it as "Name:role", for example "Ann Lee:frontline"') from None


def participant_command(config: WorkshopFile) -> str:
    """What each participant types in the folder; ``Your Name`` and the role are theirs to change."""
    return shlex.join(["cxcheck", "assess", *config.checklists, *_participant(config)])


def map_command(config: WorkshopFile) -> str | None:
    """What each participant types to rate the workshop's journey on their own map; None without one."""
    if config.journey is None:
        return None
    return shlex.join(["cxcheck", "assess", "--map", "--journey", config.journey, *_participant(config)])


def _participant(config: WorkshopFile) -> list[str]:
    return [
        "--checklists",
        CHECKLISTS,
        "--organisation",
        config.organisation,
        "--respondent",
        "Your Name",
        "--role",
        "frontline",
        "-o",
        "answers-your-name.yaml",
    ]


def _map_step(config: WorkshopFile) -> str:
    """The README's step for rating the journey, when the workshop has one."""
    command = map_command(config)
    if command is None:
        return ""
    return f"""4. Then rate the journey we walk together, touch point by touch point, on your own map
   (the same file):

   ```sh
   {command}
   ```

   For each touch point type `1` magic, `2` mediocrity or `3` misery (Enter leaves it
   unrated), then what you saw. Add touch points we forgot in your own words; `.` ends a
   stage. Every line is saved at once; run the same command again to carry on.
"""


def readme(config: WorkshopFile, entries: Sequence[Entry]) -> str:
    """The participants' sheet: one command to run, what the keys do, where the file goes."""
    rows = "\n".join(f"| `{e.checklist.id}` | {e.checklist.title} | {e.checklist.version} |" for e in entries)
    roles = ", ".join(f"`{r}`" for r in SUGGESTED_ROLES)
    return f"""\
# Workshop: {config.name}

How customer-focused is {config.organisation}? Everyone answers the same checklists on their
own; then we look together at where our answers differ. There are no right answers: what
you see from where you work is exactly what we need.

| checklist | title | version |
| --- | --- | --- |
{rows}

## For participants

Answer in a browser (nothing to install) or in a terminal (with cxcheck installed); both give
the same answers file.

### In a browser: `{FORM}`

1. Open `{FORM}` from this folder (e-mailed to you, or on a USB stick) in any browser, on a
   phone or a laptop. It needs no network and sends nothing anywhere.
2. Give your name and role, then answer one section at a time: pick an answer, or "Does not
   apply here" (with a reason if you like); "Why it matters" explains an item, "Add a note"
   keeps a comment; "Back" and "Next" (or "Skip") move between sections. Your progress is
   kept in the browser, so closing the page loses nothing (a warning says so when the
   browser refuses to keep it).
3. Press "Download my answers" (at the end, or at any time): the file is named after you,
   for example `answers-ann-lee.yaml`. Send it to the facilitator, who puts it in this folder.

### In a terminal

1. Open a terminal in this folder (a copy of it on your own laptop works too).
2. Run this command, with your own name, your role and a file name of your own:

   ```sh
   {participant_command(config)}
   ```

   Roles: {roles}, or your own word for it.
3. Answer one item at a time: type the number of your answer and press Enter.
   `n` not applicable, `s` skip, `b` back, `c` add a note, `?` why it matters, `q` save and quit.
   Every answer is saved at once; run the same command again to carry on.
{_map_step(config)}{"5" if config.journey else "4"}. Leave your answers file in this folder, or give it to the facilitator.

## For the facilitator

| step | command (in this folder) |
| --- | --- |
| see where people disagree | `cxcheck report . -o workshop.html` |
| the same, names hidden | `cxcheck report . --anonymous -o workshop.html` |
| agree on answers together | `cxcheck consensus . -o agreed.yaml` |
| report the agreed answers | `cxcheck report agreed.yaml --checklists checklists --targets {TARGETS} -o agreed.html` |

Targets and bands are in `{TARGETS}`; the disagreement threshold ({config.disagreement:g} points)
and the roles compared are in `{CONFIG}`.
"""


def targets_text(entries: Sequence[Entry]) -> str:
    """A targets file that loads as is, with commented examples naming this workshop's own parts."""
    checklist = entries[0].checklist
    section, item = checklist.items[0]
    return f"""\
# What this workshop's report measures against: the score (0..100) each part should reach.
# The most specific target applies: item, then section, then checklist, then overall.
overall: 100
# checklists:
#   {checklist.id}: 80
# sections:
#   {checklist.id}/{section.id}: 90
# items:
#   {checklist.full_id(item)}: 100
bands:
  mediocrity: 40  # below this: misery
  magic: 75  # from this up: magic
"""


def targets_of(sources: Sequence[Path]) -> Path | None:
    """The targets a workshop's figures are judged by: the first workshop folder's ``targets.yaml``, if any."""
    return next((s / TARGETS for s in sources if (s / TARGETS).is_file()), None)


def find_answers(folder: Path) -> list[Path]:
    """The answers files in a workshop folder: its YAML files but the workshop's own, by name."""
    if not folder.is_dir():
        raise CxError("no such workshop folder", folder)
    own = (CONFIG, TARGETS, JOURNEY, MAPPING_FILE)
    return [p for p in yaml_files(folder) if p.name not in own and not p.name.startswith(".")]


def load_config(folder: Path) -> WorkshopFile | None:
    """``workshop.yaml`` if the folder has one (a plain folder of answers files works too)."""
    path = folder / CONFIG
    if not path.exists():
        return None
    config, _, problems = load_valid(WorkshopFile, path)
    fail_if(problems)
    assert config is not None
    return config


def theme_of(folder: Path) -> ThemeContext | None:
    """The ``theme:`` of the folder's ``workshop.yaml``, its logo read; None without either."""
    config = load_config(folder)
    if config is None or config.theme is None:
        return None
    return theme.load(folder / CONFIG, ("theme",))


def own_checklists(sources: Sequence[Path]) -> list[Path]:
    return [p / CHECKLISTS for p in sources if p.is_dir() and (p / CHECKLISTS).is_dir()]


def agreed_in(path: Path, agreed: AnswerSet, catalog: Catalog, today: dt.date | None = None) -> Participants | None:
    """The participants an agreed file was agreed by, from the workshop folder it sits in.

    Only a workshop folder (one with workshop.yaml) is read, and of its answers only those of
    the people the agreed file names as its participants. None when the file is not an agreed
    one, is not in a workshop folder, or names no one whose answers are there.
    """
    folder = path.parent
    if agreed.respondent != CONSENSUS or not (folder / CONFIG).is_file():
        return None
    if not any(p.resolve() != path.resolve() for p in find_answers(folder)):
        return None
    found = load_participants([folder], catalog, today)
    named = set(agreed.participants)
    kept = [s for s in found.answer_sets if s.respondent in named]
    if not kept:
        return None
    there = {s.respondent for s in kept}
    missing = [
        f"The agreed file names {name} among its participants, but {folder} holds no answers file of theirs: "
        "the figures before agreeing leave them out."
        for name in dict.fromkeys(agreed.participants)
        if name not in there
    ]  # the folder's own notices (this very file set aside) say nothing to its reader
    return Participants(found.checklists, kept, found.config, missing, found.checklist_dirs)


def catalog_for(sources: Sequence[Path], extra: Sequence[Path]) -> Catalog:
    """The checklists a workshop was run with: its own copies, then any ``--checklists`` given."""
    return discover([*own_checklists(sources), *extra])


def load_participants(
    sources: Sequence[Path], catalog: Catalog, today: dt.date | None = None, count_above: int | None = None
) -> Participants:
    """Every participant's answers from answers files, survey stores and workshop folders, in the order given.

    With ``count_above``, one survey store (or workshop folder holding one) of more respondents
    than that is counted by the store's own query instead (:func:`cxcheck.core.survey.counted`),
    when it reads cleanly: for the pages that show such a survey summarised.

    A folder holding a survey store (:data:`cxcheck.core.survey.STORE`) is read from the store
    alone: its answers files were imported into it, or are said to be left out. A respondent
    read twice from the same source (a store beside its folder) counts once
    (:func:`cxcheck.core.survey.counted_once`).

    An agreed (``consensus``) answers file is a result of the workshop, not a voice in it: one
    found in a folder is set aside with a notice, one named explicitly is an error.
    """
    notices: list[str] = []
    read: list[tuple[Path, list[AnswerSet]]] = []
    config: WorkshopFile | None = None
    for source in sources:
        named = not source.is_dir()
        if not named:
            config = config or load_config(source)
        kept = source / survey.STORE if not named and (source / survey.STORE).is_file() else None
        if kept is not None and (beside := find_answers(source)):
            notices.append(
                f"{kept} holds this workshop's answers; the {len(beside)} answers file(s) beside it are left out "
                f"(to add the new ones: cxcheck import {source} --force; who is in the store is counted once)."
            )
        if store.is_store(source) or kept is not None:
            if count_above is not None and len(sources) == 1:
                counted = survey.counted(kept or source, catalog, count_above)
                if counted is not None:
                    answered = [e.checklist for e in catalog if e.checklist.id in counted.checklists]
                    return Participants(
                        _chosen(config, catalog, answered), [], config, notices, own_checklists(sources), counted
                    )
            read.append((kept or source, survey.load(kept or source, catalog)))
            continue
        for path in [source] if named else find_answers(source):
            answer_set = answers.load(path, catalog, today)
            if answer_set.respondent != CONSENSUS:
                read.append((path, [answer_set]))
            elif named:
                raise CxError(
                    "holds agreed answers (respondent: consensus); report it on its own, not with the participants",
                    path,
                )
            else:
                notices.append(f"{path} holds the agreed answers; it is left out (report it on its own).")
    sets = survey.counted_once(read, notices)
    if not sets:
        where = sources[0]
        raise CxError(f"no participants' answers files here yet; see {where / README} for how to make them", where)
    return Participants(
        _chosen(config, catalog, answered_checklists(catalog, sets)), sets, config, notices, own_checklists(sources)
    )


def _chosen(config: WorkshopFile | None, catalog: Catalog, answered: list[Checklist]) -> list[Checklist]:
    """The checklists a workshop reports: those its workshop.yaml names, else those answered."""
    ids = list(config.checklists) if config else []
    return [catalog.get(i) for i in ids] if ids else answered
