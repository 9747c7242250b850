"""The types everything else is written in: a checklist (with its scales) and the answers given to it.

The checklist's pydantic models are the single definition of the checklist format: they
validate files, and their JSON Schema is what ``cxcheck schema checklist`` publishes to
editors. ``extra="forbid"`` makes a misspelt key an error instead of a silently ignored one.
Answers are plain frozen dataclasses: a workshop holds millions of them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator, with_config

NA: Final = "n/a"
"""How a not-applicable answer is written, in files, on the command line and in reports."""
WORKSHOP_FILE: Final = "workshop.yaml"
MAPPING_FILE: Final = "mapping.yaml"
"""A survey's mapping file (`cxcheck form --csv-template`), kept in the workshop folder it feeds."""
"""What makes a folder a workshop: its settings file (cxcheck.core.workshop reads it). Here, so that
a command can tell a workshop folder without importing the workshop models."""
REPORT_SCHEMA_VERSION: Final = 2
"""The version of the JSON gap report (``cxcheck report -f json``), which the report writes and
:mod:`cxcheck.core.snapshot` reads back. Here, so that writing a report does not import the models
that read one."""
CONSENSUS: Final = "consensus"
"""The respondent name of an agreed answers file (cxcheck consensus); such a file is a result, not a
participant. Here for the same reason: a report tells an agreed file without importing the workshop models."""

ID_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9-]*")
"""What every checklist, section and item id is: answers keys are ``ID/ID`` (checked on load)."""
Slug = Annotated[str, Field(pattern=f"^{ID_PATTERN.pattern}$", description="lowercase letters, digits and '-'")]
MAX_WEIGHT: Final = 100
"""Weights are relative: 100 times another is more than any checklist needs, and keeps every sum finite."""
SCALE_LIMIT: Final = 1000
"""Option values lie within ±1000: room for any scale people use, and no 1e308 to overflow a score."""
Weight = Annotated[
    float,
    Field(
        ge=0,
        le=MAX_WEIGHT,
        allow_inf_nan=False,
        description=f"relative importance, 0 to {MAX_WEIGHT}; 0 keeps an item out of the score",
    ),
]
NonEmpty = Annotated[str, Field(min_length=1)]
ONE_LINE: Final = r"^[^\n]*$"
OneLine = Annotated[
    str, Field(min_length=1, max_length=200, pattern=ONE_LINE, description="one line of at most 200 characters")
]
BandName = Literal["misery", "mediocrity", "magic"]
"""The band a score falls in; the words are 004's for a single touch, used here for whole scores."""


def _attribute_docs(cls: type) -> dict[str, str]:
    """The docstring under each key of a TypedDict and of the TypedDicts it extends.

    Pydantic's own ``use_attribute_docstrings`` reads only the class itself, and a TypedDict
    forgets its bases in ``__mro__``, so the bases are followed through ``__orig_bases__``.
    """
    import ast  # only when a schema is published: inspect and ast cost every report's start-up
    import inspect
    import textwrap

    docs: dict[str, str] = {}
    for base in getattr(cls, "__orig_bases__", ()):
        if isinstance(base, type) and issubclass(base, dict) and base is not dict:
            docs |= _attribute_docs(base)
    body = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    assert isinstance(body, ast.ClassDef)
    for node, after in zip(body.body, body.body[1:]):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


def _describe(schema: dict[str, Any], cls: type) -> None:
    """Descriptions from the keys' docstrings, and no generated titles: the key names say that."""
    schema.pop("title", None)
    for key, docs in _attribute_docs(cls).items():
        schema["properties"][key]["description"] = docs
    for prop in schema["properties"].values():
        prop.pop("title", None)


documented = with_config(ConfigDict(extra="forbid", json_schema_extra=_describe))
"""For the TypedDicts that describe a JSON document we write (a report's context): each key's
docstring becomes its description in the published JSON Schema, and a key not declared is an
error there, so the schema, the type checker and the document cannot drift apart."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Option(_Strict):
    """One answer a person can give, and the number it scores as."""

    label: NonEmpty
    value: Annotated[float, Field(ge=-SCALE_LIMIT, le=SCALE_LIMIT, allow_inf_nan=False)]


class Scale(_Strict):
    """Ordered answer options, lowest first."""

    options: tuple[Option, ...]

    @cached_property
    def low(self) -> float:
        return self.options[0].value

    @cached_property
    def high(self) -> float:
        return self.options[-1].value

    @cached_property
    def by_value(self) -> dict[float, Option]:
        """Each option by the number it scores as (``3`` finds the option worth 3.0)."""
        return {o.value: o for o in self.options}

    def option_for(self, value: float) -> Option | None:
        """The option worth ``value``, or None when the value is not on this scale."""
        return self.by_value.get(value)

    def normalise(self, value: float) -> float:
        """Position of ``value`` on this scale as 0..100, the unit every score is in."""
        return (value - self.low) / (self.high - self.low) * 100

    def label_of(self, value: float | None) -> str:
        """An answer as people read it: its option's label, ``n/a`` for None, the number if off the scale."""
        if value is None:
            return NA
        option = self.by_value.get(value)
        return option.label if option is not None else str(number(value))

    def key_of(self, option: Option) -> str:
        """What a person types for ``option`` and reads beside it: the value the file stores.

        One numbering everywhere (walk-through, ``--set``, the file, the template's comments),
        so an answer typed in one place means the same in every other.
        """
        return str(number(option.value))

    def find(self, typed: str) -> Option | None:
        """The option a person meant: its value as the file writes it (``3``), or its label (``often``)."""
        text = typed.strip()
        try:
            option = self.option_for(float(text))
        except ValueError:
            option = None
        return option or next((o for o in self.options if o.label.casefold() == text.casefold()), None)


ScaleOptions = Annotated[
    list[Option],
    Field(min_length=2, description="answer options, lowest value first; values strictly increasing"),
]
PresetName = Literal["frequency", "extent", "effort", "no-partly-yes", "yes-no"]
ScaleSpec = PresetName | ScaleOptions


def _steps(*labels: str) -> Scale:
    return Scale(options=tuple(Option(label=label, value=value) for value, label in enumerate(labels)))


PRESETS: dict[str, Scale] = {
    "frequency": _steps("Never", "Rarely", "Sometimes", "Often", "Always"),
    "extent": _steps("Not at all", "A little", "Partly", "Mostly", "Fully"),
    "effort": _steps("Very hard", "Hard", "Some effort", "Easy", "Effortless"),
    "no-partly-yes": _steps("No", "Partly", "Yes"),
    "yes-no": _steps("No", "Yes"),
}
"""The named scales (docs/checklists.md says which question each fits); every name of
:data:`PresetName`, in the order they are documented."""


def check_options(spec: ScaleSpec | None) -> ScaleSpec | None:
    if isinstance(spec, list):
        values = [o.value for o in spec]
        if any(b <= a for a, b in zip(values, values[1:])):
            raise ValueError(f"option values must increase strictly from first to last, got {values}")
        labels = [o.label.casefold() for o in spec]
        if len(set(labels)) != len(labels):
            raise ValueError("option labels must be different from each other")
        for option in spec:
            if _reads_as_number(option.label) and float(option.label) != option.value:
                raise ValueError(
                    f"option label {option.label!r} reads as a number other than its value {number(option.value)};"
                    " a person typing it could not tell which answer they give"
                )
    return spec


def resolve_scale(spec: ScaleSpec) -> Scale:
    """A preset name or an inline list, as the one :class:`Scale` type the core works with."""
    return PRESETS[spec] if isinstance(spec, str) else Scale(options=tuple(spec))


class Item(_Strict):
    """One practice, asked as one question."""

    id: Slug
    question: NonEmpty
    help: NonEmpty = Field(description="why it matters and what good looks like")
    action: NonEmpty = Field(description="the first concrete step when the answer is low")
    source: NonEmpty | None = Field(
        default=None, description="a registered article file name or an id from `sources`; none for an own addition"
    )
    own_addition: OneLine | None = Field(
        default=None,
        description="instead of `source`: why the item is asked though no source states it, in one line",
    )
    weight: Weight = 1
    scale: ScaleSpec | None = Field(default=None, description="overrides the checklist's scale")
    tags: dict[str, str] = Field(default_factory=dict)

    _check_scale = field_validator("scale")(check_options)

    @model_validator(mode="after")
    def _cited_or_own(self) -> Item:
        """An item never passes the author's idea off as a source's, nor leaves its origin unsaid."""
        if self.source is None and self.own_addition is None:
            raise ValueError(
                "cite a source with `source: FILE-OR-ID`, or mark the item as your own with"
                " `own_addition: why it is asked, in one line`"
            )
        if self.source is not None and self.own_addition is not None:
            raise ValueError(
                "has both `source` and `own_addition`: an item either cites a source or is your own addition"
            )
        return self


class Section(_Strict):
    """A group of items scored together."""

    id: Slug
    title: NonEmpty
    weight: Weight = 1
    items: list[Item] = Field(min_length=1)


class SourceRef(_Strict):
    """Material of the checklist author's own that items may cite."""

    id: NonEmpty
    title: NonEmpty
    author: str | None = None
    url: str | None = None


class Checklist(_Strict):
    """One YAML checklist file."""

    id: Slug
    title: NonEmpty
    version: Annotated[
        str,
        Field(min_length=1),
        # What the loader takes (see _version_as_text), so an editor using the schema agrees with it.
        WithJsonSchema({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}]}),
    ] = Field(description='for example "1.0"; a whole number (2) is read as its digits')
    description: NonEmpty
    scale: ScaleSpec = "frequency"
    sources: list[SourceRef] = Field(default_factory=list)
    sections: list[Section] = Field(min_length=1)

    _check_scale = field_validator("scale")(check_options)

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        """``version: 1`` and ``version: "1"`` mean the same to a person, so to us too; ``1.10`` does not."""
        return version_text(value)

    @cached_property
    def default_scale(self) -> Scale:
        """The scale of every item that does not name its own."""
        return resolve_scale(self.scale)

    @cached_property
    def _scales(self) -> dict[int, Scale]:
        """Every item's scale resolved once, by item identity: workshops ask millions of times."""
        return {id(item): self._resolve_scale(item) for _, item in self.items}

    def _resolve_scale(self, item: Item) -> Scale:
        return self.default_scale if item.scale is None else resolve_scale(item.scale)

    def scale_of(self, item: Item) -> Scale:
        """The scale an item is answered on: its own, else the checklist's."""
        return self._scales.get(id(item)) or self._resolve_scale(item)

    @cached_property
    def _item_by_id(self) -> dict[str, Item]:
        return {item.id: item for _, item in self.items}

    def item(self, item_id: str) -> Item | None:
        """The item with this id, or None."""
        return self._item_by_id.get(item_id)

    def full_id(self, item: Item) -> str:
        return f"{self.id}/{item.id}"

    @cached_property
    def items(self) -> list[tuple[Section, Item]]:
        """Every item with its section, in file order."""
        return [(section, item) for section in self.sections for item in section.items]


@dataclass(frozen=True)
class Answer:
    """One answer: a value on the item's scale, or not applicable (``value`` is None)."""

    value: float | None
    note: str | None = None
    reason: str | None = None

    @property
    def applicable(self) -> bool:
        return self.value is not None


class AnswerRow(Mapping[str, Answer]):
    """One respondent's answers as a row: every item of ``ids`` answered, in that order.

    A workshop of 200 people on 10,000 items holds two million answers; a dict per
    respondent cost some 40 bytes an answer, a row 8 (one pointer to a shared
    :class:`Answer`), and the aggregate reads the row as it is, as a column of the
    respondents x items table (docs/performance.md). ``ids`` and ``index`` are shared by
    every row over the same checklists; nothing here is ever changed after it is made.
    """

    __slots__ = ("_index", "answers", "ids")

    def __init__(self, ids: Sequence[str], answers: Sequence[Answer], index: Mapping[str, int]) -> None:
        self.ids, self.answers, self._index = ids, answers, index

    def __getitem__(self, full_id: str) -> Answer:
        return self.answers[self._index[full_id]]

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, full_id: object) -> bool:
        return full_id in self._index

    def values(self) -> ValuesView[Answer]:
        return _RowValues(self)


class _RowValues(ValuesView[Answer]):
    """The answers in row order, read from the list rather than looked up one id at a time."""

    _mapping: AnswerRow

    def __iter__(self) -> Iterator[Answer]:
        return iter(self._mapping.answers)


@dataclass
class AnswerSet:
    """Everything one answers file says, keyed by full item id (``checklist/item``)."""

    respondent: str
    organisation: str
    date: dt.date
    answers: Mapping[str, Answer] = field(default_factory=dict)
    """A dict, or an :class:`AnswerRow` when the file answered every item in order."""
    checklists: dict[str, str] = field(default_factory=dict)
    role: str | None = None
    participants: list[str] = field(default_factory=list)
    started: dt.datetime | None = None
    updated: dt.datetime | None = None
    stale: dict[str, Answer] = field(default_factory=dict)
    """Answers to items that a newer version of their checklist no longer has."""
    path: Path | None = None
    workbook: Workbook | None = None
    """The business's own map: journey, customers, ideal experience, own practices."""
    workbook_file: str | None = None
    """Where the workbook lives when the answers file names a file beside it, as written there."""

    def with_answer(self, full_id: str, answer: Answer | None, now: dt.datetime) -> AnswerSet:
        """A copy with one answer set (or cleared with None), stamped as updated ``now``."""
        answers = dict(self.answers)
        if answer is None:
            answers.pop(full_id, None)
        else:
            answers[full_id] = answer
        return replace(self, answers=answers, updated=now, started=self.started or now)


def describe_scale(scale: Scale) -> str:
    """``0 Never, 1 Rarely, … or n/a``: every valid answer, for messages and templates."""
    options = ", ".join(f"{number(o.value)} {o.label}" for o in scale.options)
    return f"{options} or {NA}"


def _reads_as_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def version_text(value: object) -> object:
    """A version as text: a whole number is its digits; a decimal is refused, since YAML reads
    ``1.10`` as the number 1.1 and the version would silently change."""
    if isinstance(value, float):
        raise ValueError(
            f'the number {value:g} is not a version: quote it as written ("1.10", not 1.10, which YAML reads as 1.1)'
        )
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def versions_text(value: object) -> object:
    """Checklist ids to versions (an answers file's, workshop.yaml's), each read by :func:`version_text`."""
    return {key: version_text(v) for key, v in value.items()} if isinstance(value, dict) else value


def number(value: float) -> int | float:
    """3.0 is written as 3: answers files are read by people."""
    return int(value) if float(value).is_integer() else value


# The workbook: the articles' own exercises, in the business's own words (docs/workbook.md).

WORKBOOK_VERSION = 1

Rating = Literal["magic", "mediocrity", "misery"]
"""The quality of one touch (article 004): a moment of magic, of mediocrity or of misery."""
RATINGS: tuple[Rating, ...] = ("magic", "mediocrity", "misery")
OptText = str | None


def _rating_as_word(value: object) -> object:
    """``Misery`` and ``misery `` mean what ``misery`` means: the file is typed by people."""
    return value.strip().casefold() if isinstance(value, str) else value


class KindRating(_Strict):
    """How one kind of customer meets a touch point, when it differs by kind."""

    rating: Rating
    note: OptText = None

    _word = field_validator("rating", mode="before")(_rating_as_word)


class TouchPoint(_Strict):
    """One place the business touches a customer, as seen walking it as a new customer would."""

    name: NonEmpty = Field(description="in your own words, e.g. 'hold music on the service line'")
    channel: OptText = Field(default=None, description="web, phone, shop, e-mail, letter, in person, ...")
    owner: OptText = Field(default=None, description="who answers for this touch point; none is a weak link")
    rating: Rating | None = Field(default=None, description="magic, mediocrity or misery; none: not rated yet")
    note: OptText = Field(default=None, description="what was seen, e.g. 'waited 12 minutes on hold'")
    by_customer: dict[NonEmpty, Rating | KindRating] = Field(
        default_factory=dict, description="kind of customer to its rating, where kinds meet it differently"
    )

    _word = field_validator("rating", mode="before")(_rating_as_word)

    @field_validator("by_customer", mode="before")
    @classmethod
    def _kind_words(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: _rating_as_word(v) for k, v in value.items()}
        return value

    def ratings(self) -> dict[str | None, KindRating]:
        """Every rating given: the touch point's own (key None) and each kind of customer's."""
        given: dict[str | None, KindRating] = {}
        if self.rating is not None:
            given[None] = KindRating(rating=self.rating, note=self.note)
        for kind, rating in self.by_customer.items():
            given[kind] = rating if isinstance(rating, KindRating) else KindRating(rating=rating)
        return given

    @property
    def worst(self) -> Rating | None:
        """The lowest rating given by anyone: a misery for newcomers is a misery."""
        given = [r.rating for r in self.ratings().values()]
        return max(given, key=RATINGS.index) if given else None


class Stage(_Strict):
    """One step of the customer's journey, in the order customers meet it."""

    name: NonEmpty = Field(description="e.g. 'finding us', 'first contact', 'buying', 'after-sales'")
    touchpoints: list[TouchPoint] = Field(default_factory=list)


class CustomerKind(_Strict):
    """One kind of customer (article 003), outside or inside the business."""

    name: NonEmpty
    inside: bool = Field(default=False, description="an internal customer: a colleague or team served")
    wants: OptText = None
    needs: OptText = None
    surprise: OptText = Field(default=None, description="anything that surprised you when listing wants and needs")
    best: bool = Field(default=False, description="likely to be loyal: looks for real value, not only the sale")


class Customers(_Strict):
    """What "customer" means here, and the kinds of customers there are."""

    definition: OptText = Field(default=None, description='one sentence: what "customer" means in this business')
    kinds: list[CustomerKind] = Field(default_factory=list)


class Ideal(_Strict):
    """The ideal experience the team pictures and keeps alive (article 003)."""

    name: OptText = Field(default=None, description="the name the team uses for it, e.g. 'Dazzle Me'")
    feelings: list[NonEmpty] = Field(default_factory=list, description="wowed, secure, pampered, informed, ...")
    looks: OptText = None
    sounds: OptText = None
    feels: OptText = None
    smells: OptText = None
    tastes: OptText = None


class Practice(_Strict):
    """An item the business adds in its own words (article 004: the list is not exhaustive)."""

    id: Slug
    question: NonEmpty
    scale: ScaleSpec = "frequency"
    answer: int | float | str | None = Field(default=None, description="a value or label on the scale, or n/a")
    note: OptText = None
    action: OptText = Field(default=None, description="the first concrete step when the answer is low")

    _check_scale = field_validator("scale")(check_options)


class Workbook(_Strict):
    """The business's own map; its JSON Schema is published by ``cxcheck schema workbook``."""

    format_version: Annotated[int, Field(description=f"currently {WORKBOOK_VERSION}")] = WORKBOOK_VERSION
    journey: list[Stage] = Field(default_factory=list, description="the stages in the order customers meet them")
    customers: Customers | None = None
    ideal: Ideal | None = None
    practices: list[Practice] = Field(default_factory=list)

    @property
    def touchpoints(self) -> list[tuple[Stage, TouchPoint]]:
        """Every touch point with its stage, in journey order."""
        return [(stage, point) for stage in self.journey for point in stage.touchpoints]
