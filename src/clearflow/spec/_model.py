"""The workflow as frozen attrs classes: offices, facts, steps, documents, schedule.

Built from a loaded file by :mod:`clearflow.format._workflow`; every object remembers
where it was written (``at``), which is kept out of equality.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

import attrs

from clearflow.spec._calendar import Calendar
from clearflow.spec._calls import Calls
from clearflow.spec.conditions import ALWAYS, Condition

if TYPE_CHECKING:
    from clearflow.spec._offices import Hours, Office, Place
    from clearflow.spec._opening import Opening
    from clearflow.spec._roster import RosterRule

DEFAULT_OUTCOME = "cleared"
"""The outcome of clearing a step that declares no ``outcomes:``."""
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@attrs.frozen
class Where:
    """Where an object was written: file, line, column and key path."""

    source: str = "<string>"
    line: int = 1
    column: int = 1
    path: str = ""


_NOWHERE = Where()


def _where() -> Where:
    return attrs.field(default=_NOWHERE, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Label:
    """A bilingual label; either language may be missing, never both."""

    zh: str | None = None
    en: str | None = None

    def text(self, lang: str = "en") -> str:
        """The label in ``lang``, falling back to the other language."""
        first, second = (self.zh, self.en) if lang == "zh" else (self.en, self.zh)
        return first or second or ""


class FactType(enum.StrEnum):
    """What kind of value a fact holds."""

    BOOL = "bool"
    CHOICE = "choice"
    INTEGER = "integer"
    TEXT = "text"


class StepKind(enum.StrEnum):
    """Prerequisites are done before the hall in any (partial) order; stations in order."""

    PREREQUISITE = "prerequisite"
    STATION = "station"


@attrs.frozen(kw_only=True)
class Choice:
    """One allowed value of a choice fact."""

    id: str
    label: Label


@attrs.frozen(kw_only=True)
class Fact:
    """Something known about a student before the procedure starts."""

    id: str
    type: FactType
    label: Label
    values: tuple[Choice, ...] = ()
    default: bool | str | int | None = None
    at: Where = _where()

    def value_label(self, value: object, lang: str = "en") -> str:
        """How a value of this fact reads to people."""
        for choice in self.values:
            if choice.id == value:
                return choice.label.text(lang) or choice.id
        return str(value).lower() if isinstance(value, bool) else str(value)


@attrs.frozen(kw_only=True)
class Selector:
    """``who:``: the students whose facts take the listed values (all pairs must match)."""

    pairs: tuple[tuple[str, tuple[bool | str | int, ...]], ...]
    condition: Condition = ALWAYS
    at: Where = _where()


@attrs.frozen(kw_only=True)
class DatedRule:
    """A date that applies to the students ``who`` selects (everyone when None)."""

    date: dt.date
    who: Selector | None = None
    at: Where = _where()


@attrs.frozen(kw_only=True)
class Deadline:
    """A named date; batches may give different dates to different students.

    ``late`` says what clearing a step after its deadline does: ``flag`` records
    it, ``block`` refuses it (staff can still waive the step). ``closes`` says what
    it closes: the time before the ``hall`` (the default) or the whole ``procedure``.
    """

    id: str
    label: Label
    dates: tuple[DatedRule, ...]
    late: str = "flag"
    closes: str = "hall"
    at: Where = _where()

    def date_for(self, facts: Mapping[str, bool | str | int]) -> dt.date | None:
        """The first date whose ``who`` selects the student, or None."""
        for rule in self.dates:
            if rule.who is None or rule.who.condition.evaluate(facts, {}):
                return rule.date
        return None


@attrs.frozen(kw_only=True)
class Outcome:
    """One way a step can be cleared (e.g. membership held by a branch instead of moved)."""

    id: str
    label: Label


@attrs.frozen(kw_only=True)
class Step:
    """One office's sign-off, before the hall (prerequisite) or at a hall station.

    A station may say how many ``staff`` serve it and how many ``minutes`` one
    student takes there on average (``minutes_cv``: how much that varies, the standard
    deviation over the mean; None: not said), for the schedule's throughput check and the
    capacity model; ``opens`` is when
    its office starts acting on it (:class:`~clearflow.spec._opening.Opening`);
    ``off_hours`` overrides its office's (or the hall's) policy for acting outside hours;
    ``person`` names the fact whose value is the one staff id who may act on it;
    ``place`` is a station's own spot in the hall (a window), shown after the hall's place.
    """

    id: str
    kind: StepKind
    office: str
    label: Label
    checks: Label | None = None
    when: Condition = ALWAYS
    required: Condition = ALWAYS
    after: tuple[str, ...] = ()
    after_all: bool = False
    advised_after: tuple[str, ...] = ()
    advised_after_all: bool = False
    due: str | None = None
    opens: Opening | None = None
    outcomes: tuple[Outcome, ...] = ()
    staff: int | None = None
    minutes: float | None = None
    minutes_cv: float | None = None
    off_hours: str | None = None
    person: str | None = None
    place: Label | None = None  # presentation only: not in the rules digest
    at: Where = _where()

    @property
    def outcome_ids(self) -> tuple[str, ...]:
        """The ids a clearance of this step may record: its outcomes, else ``cleared``."""
        return tuple(outcome.id for outcome in self.outcomes) or (DEFAULT_OUTCOME,)


@attrs.frozen(kw_only=True)
class Document:
    """A paper handed over at release when its condition holds; one of each ``group``."""

    id: str
    label: Label
    when: Condition = ALWAYS
    group: str | None = None
    office: str | None = None
    at: Where = _where()


@attrs.frozen(kw_only=True)
class Session:
    """A hall slot for the students ``who`` selects; ``capacity`` is its own ``place``'s."""

    date: dt.date
    start: dt.time
    end: dt.time
    who: Selector
    weekday: str | None = None
    expected: int | None = None
    place: Label | None = None
    capacity: int | None = None
    due: str | None = None
    calls: Calls | None = None
    at: Where = _where()


@attrs.frozen(kw_only=True)
class Schedule:
    """Where and when the one-stop service runs; ``capacity`` is how many students ``place``
    serves at once, ``elsewhere`` who is served outside it (another campus, say), with why.

    ``off_hours`` says what a station action outside the hall's ``hours`` does (flag or
    block); ``own_session``, when given, ties stations to the student's own session and says
    what acting outside it does (flag or block).
    """

    place: Label | None = None
    capacity: int | None = None
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    hours: tuple[Hours, ...] = ()
    sessions: tuple[Session, ...] = ()
    elsewhere: tuple[Place, ...] = ()
    off_hours: str = "flag"
    own_session: str | None = None
    at: Where = _where()


@attrs.frozen(kw_only=True)
class Count:
    """How many students a ``who`` selects, as the notice states it."""

    who: Selector
    count: int
    at: Where = _where()


@attrs.frozen(kw_only=True)
class Cohort:
    """The class size and its stated breakdown."""

    total: int | None = None
    counts: tuple[Count, ...] = ()
    at: Where = _where()


@attrs.frozen(kw_only=True)
class Workflow:
    """A whole clearance procedure, as loaded and checked."""

    format: int
    id: str
    title: Label
    institution: Label | None = None
    issued: dt.date | None = None
    timezone: str = "UTC"
    language: str | None = None  # presentation only: not in the rules digest
    cohort: Cohort = Cohort()
    offices: tuple[Office, ...] = ()
    facts: tuple[Fact, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    prerequisites: tuple[Step, ...] = ()
    stations: tuple[Step, ...] = ()
    documents: tuple[Document, ...] = ()
    schedule: Schedule | None = None
    calendar: Calendar = Calendar()
    roster: RosterRule | None = None
    source: str = attrs.field(default="<string>", eq=False)
    digest: str = attrs.field(default="", eq=False)
    text: str = attrs.field(default="", eq=False, repr=False)
    """The YAML it was loaded from (empty when built in code): what a store keeps of its
    rules, so that cases started on them load after the file changed."""

    @property
    def steps(self) -> tuple[Step, ...]:
        """Prerequisites, then stations in order."""
        return self.prerequisites + self.stations

    def office(self, office_id: str) -> Office:
        """The office with this id (KeyError when unknown)."""
        return _by_id(self.offices, office_id)

    def fact(self, fact_id: str) -> Fact:
        """The fact with this id (KeyError when unknown)."""
        return _by_id(self.facts, fact_id)

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError when unknown)."""
        return _by_id(self.steps, step_id)

    def deadline(self, deadline_id: str) -> Deadline:
        """The deadline with this id (KeyError when unknown)."""
        return _by_id(self.deadlines, deadline_id)

    def document(self, document_id: str) -> Document:
        """The document with this id (KeyError when unknown)."""
        return _by_id(self.documents, document_id)


_Item = TypeVar("_Item", "Office", Fact, Step, Deadline, Document)


def _by_id(items: tuple[_Item, ...], key: str) -> _Item:
    for item in items:
        if item.id == key:
            return item
    raise KeyError(key)
