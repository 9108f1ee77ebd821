"""The mappings of the workflow format, each described once: its keys, which are required.

A :class:`Shape` is the single source for one kind of mapping. The builders read a mapping
against its shape (:meth:`clearflow.format._reader.Reader.fields`), so a key not in the shape
is an unknown key and a required one missing is reported; :mod:`clearflow.format.schema`
writes the same shape into the JSON Schema, with each key's English and Chinese description.
Adding a key here adds it to both; the builder still has to read its value.
"""

from __future__ import annotations

from typing import Any

import attrs

from clearflow._i18n import N_
from clearflow.format._schema_parts import (
    DAYS_VALUE,
    FACT_VALUE,
    ID_VALUE,
    LABEL_KEYS,
    MOMENT_PATTERN,
    POSITIVE,
    WEEKDAY,
    WHO,
    WORKFLOW_ID,
    Schema,
    list_of,
    mapping,
    ref,
    say,
    table,
)


@attrs.frozen
class Shape:
    """One mapping of the format: its keys and their schemas, in the order the schema lists them.

    ``labelled`` adds the label keys ``zh`` and ``en`` (one of them required in the schema;
    the builders report a missing label themselves). ``rules`` holds further schema keywords
    (``anyOf``, ``oneOf``, ``if``) for what the builders check with messages of their own.
    """

    properties: Schema
    required: tuple[str, ...] = ()
    labelled: bool = False
    rules: dict[str, Any] = attrs.field(factory=dict)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every key the mapping allows."""
        return (*self.properties, *(LABEL_KEYS if self.labelled else ()))

    @property
    def optional(self) -> tuple[str, ...]:
        """The keys the mapping allows but does not require."""
        return tuple(key for key in self.keys if key not in self.required)

    def schema(self) -> Schema:
        """The JSON Schema of the mapping, closed to its keys."""
        return mapping(self.properties, self.required, labelled=self.labelled, **self.rules)


LABEL = Shape({}, labelled=True)
"""A label written as a mapping, ``{zh: ..., en: ...}``."""

_OPERAND = ref("condition")
OPERATORS = {
    "not": Shape({"not": say(N_("Holds when C does not"), _OPERAND)}, ("not",)),
    "all": Shape({"all": say(N_("Every C holds"), list_of(_OPERAND))}, ("all",)),
    "any": Shape({"any": say(N_("Some C holds"), list_of(_OPERAND))}, ("any",)),
}
"""The condition operators, each a mapping of one key."""
FACT_TEST = Shape(
    {
        "fact": say(N_("The fact tested"), ID_VALUE),
        "is": say(N_("Its value"), FACT_VALUE),
        "in": say(N_("One of these values"), list_of(FACT_VALUE)),
    },
    ("fact",),
    rules={"oneOf": [{"required": ["is"]}, {"required": ["in"]}]},
)
OUTCOME_TEST = Shape(
    {
        "step": say(N_("The step tested"), ID_VALUE),
        "outcome": say(
            N_("Cleared with this outcome, or one of these"),
            {"anyOf": [ID_VALUE, list_of(ID_VALUE)]},
        ),
    },
    ("step", "outcome"),
)

PLACE = Shape({"who": WHO}, labelled=True)
HOURS = Shape(
    {
        "open": say(N_("Opens at"), ref("time")),
        "close": say(N_("Closes at"), ref("time")),
        "days": say(
            N_("Weekdays: mon, a range mon-fri, or a list (default mon-fri)"),
            {"anyOf": [DAYS_VALUE, list_of(DAYS_VALUE)]},
        ),
    },
    ("open", "close"),
)
OFFICE = Shape(
    {
        "hours": say(N_("Opening hours"), list_of(HOURS.schema())),
        "places": say(N_("Where, per group of students"), list_of(PLACE.schema())),
    },
    labelled=True,
)
"""An office written as a mapping (it may also be a plain label)."""
FACT = Shape(
    {
        "type": say(N_("Its kind"), {"enum": ["bool", "choice", "integer", "text"]}),
        "values": say(
            N_("A choice fact's values: a list of ids, or id: label"),
            {"anyOf": [list_of(ID_VALUE), table(ref("label"))]},
        ),
        "default": say(N_("The value when a record gives none"), FACT_VALUE),
    },
    ("type",),
    labelled=True,
    rules={
        "if": {"properties": {"type": {"const": "choice"}}, "required": ["type"]},
        "then": {"required": ["values"]},
        "else": {"not": {"required": ["values"]}},
    },
)
BATCH = Shape({"who": WHO, "date": ref("date")}, ("date",))
"""One batch of a deadline's ``dates:``."""
DEADLINE = Shape(
    {
        "date": say(N_("The date for everyone"), ref("date")),
        "dates": say(
            N_("A date per batch; a student's is the first whose who selects them"),
            list_of(BATCH.schema()),
        ),
        "late": say(
            N_("Clearing late is recorded (flag) or refused (block)"),
            {"enum": ["flag", "block"]},
        ),
        "closes": say(
            N_("What the deadline closes: the time before the hall (default) or the procedure"),
            {"enum": ["hall", "procedure"]},
        ),
    },
    labelled=True,
    rules={"oneOf": [{"required": ["date"]}, {"required": ["dates"]}]},
)
"""A deadline written as a mapping (it may also be a plain date)."""

MOMENT: Schema = {"type": "string", "pattern": MOMENT_PATTERN}
OPENING_BATCH = Shape({"who": WHO, "date": MOMENT}, ("date",))
"""One batch of an opening's ``dates:``: a date, or a date and time."""
OPENING = Shape(
    {
        "date": say(N_("When the step opens for everyone"), MOMENT),
        "dates": say(
            N_("When it opens per batch; a student's is the first whose who selects them"),
            list_of(OPENING_BATCH.schema()),
        ),
        "early": say(
            N_("Acting before the opening is recorded (flag) or refused (block)"),
            {"enum": ["flag", "block"]},
        ),
    },
    rules={"oneOf": [{"required": ["date"]}, {"required": ["dates"]}]},
)
"""A step's opening written as a mapping (it may also be a plain date or date and time)."""

_STEP_PROPERTIES: Schema = {
    "id": say(N_("Step id, unique among all steps"), ID_VALUE),
    "office": say(N_("The office that signs the step off"), ID_VALUE),
    "checks": say(N_("What the office checks"), ref("label")),
    "when": say(N_("To whom it applies (default true)"), ref("condition")),
    "required": say(N_("Must it be settled (default true)"), ref("condition")),
    "after": say(
        N_("Steps that come first: an id, a list of ids, or all"),
        {"anyOf": [ID_VALUE, list_of(ID_VALUE)]},
    ),
    "advised_after": say(
        N_("Steps best done first, never enforced: an id, a list of ids, or all"),
        {"anyOf": [ID_VALUE, list_of(ID_VALUE)]},
    ),
    "due": say(N_("The step's deadline"), ID_VALUE),
    "opens": say(
        N_("When the step opens: YYYY-MM-DD [HH:MM], or a mapping with date or dates"),
        {"anyOf": [MOMENT, OPENING.schema()]},
    ),
    "outcomes": say(
        N_("Ways to clear the step, id: label (default: one, cleared)"),
        table(ref("label")),
    ),
}
PREREQUISITE = Shape(_STEP_PROPERTIES, ("id", "office"), labelled=True)
STATION = Shape(
    {
        **_STEP_PROPERTIES,
        "staff": say(N_("Staff serving the station"), POSITIVE),
        "minutes": say(N_("Minutes per student"), {"type": "number", "exclusiveMinimum": 0}),
    },
    ("id", "office"),
    labelled=True,
)
"""A station: a prerequisite's keys and its throughput."""
DOCUMENT = Shape(
    {
        "id": say(N_("Document id, unique among documents"), ID_VALUE),
        "when": say(N_("Who receives it (default true)"), ref("condition")),
        "group": say(
            N_("Documents of a group are alternatives: a student gets exactly one"),
            ID_VALUE,
        ),
        "office": say(N_("The office that hands it over"), ID_VALUE),
    },
    ("id",),
    labelled=True,
)

HALL = Shape({"capacity": say(N_("Students served at once"), POSITIVE)}, labelled=True)
"""A place with a capacity, written as a mapping (it may also be a plain label)."""
_HALL_VALUE: Schema = {"anyOf": [ref("text"), HALL.schema()]}
SESSION = Shape(
    {
        "date": say(N_("The day"), ref("date")),
        "start": say(N_("Starts at"), ref("time")),
        "end": say(N_("Ends at"), ref("time")),
        "who": say(N_("The students who come"), ref("selector")),
        "weekday": say(N_("The weekday"), {"type": "string", "pattern": WEEKDAY}),
        "expected": say(N_("Students expected"), ref("whole")),
        "place": say(N_("Where, when not the hall"), _HALL_VALUE),
        "due": say(N_("The deadline these students work to"), ID_VALUE),
    },
    ("date", "start", "end", "who"),
)
SCHEDULE = Shape(
    {
        "place": say(N_("Where the one-stop service is"), _HALL_VALUE),
        "first_day": say(N_("First service day"), ref("date")),
        "last_day": say(N_("Last service day"), ref("date")),
        "hours": say(N_("The hall's hours"), list_of(ref("hours"))),
        "sessions": say(N_("Who comes when"), list_of(SESSION.schema())),
        "elsewhere": say(
            N_("Students served outside this schedule, and where"),
            list_of(ref("place")),
        ),
    }
)
"""The one-stop service: place, days, hours, sessions and who is served elsewhere."""
COUNT = Shape({"who": WHO, "count": say(N_("How many"), ref("whole"))}, ("who", "count"))
COHORT = Shape(
    {
        "total": say(N_("All graduates"), ref("whole")),
        "counts": say(N_("The stated breakdown"), list_of(COUNT.schema())),
    }
)
"""The class size and its stated counts."""

CALENDAR = Shape(
    {
        "closed": say(
            N_("Extra days the offices are closed, e.g. a college holiday"),
            list_of(ref("date")),
        ),
        "working": say(
            N_("Extra working days, e.g. a weekend the offices open"),
            list_of(ref("date")),
        ),
    }
)
"""Days that override China's public holidays and swapped working days (调休)."""

WORKFLOW = Shape(
    {
        "clearflow": say(N_("Format version: 1"), {"const": 1}),
        "id": say(
            N_("Workflow id, e.g. gyvtc-2014"),
            {"type": "string", "pattern": WORKFLOW_ID},
        ),
        "title": say(N_("The procedure's name"), ref("label")),
        "institution": say(N_("The college"), ref("label")),
        "issued": say(N_("When the notice was issued"), ref("date")),
        "timezone": say(
            N_("IANA time zone, e.g. Asia/Shanghai (default UTC)"),
            {"type": "string", "minLength": 1},
        ),
        "language": say(
            N_("The language clearflow speaks for this workflow: zh or en (default: the locale)"),
            {"enum": ["zh", "en"]},
        ),
        "cohort": say(N_("Class size and breakdown"), COHORT.schema()),
        "offices": say(N_("Offices by id"), table(ref("office"))),
        "facts": say(N_("What is known about each student"), table(ref("fact"))),
        "deadlines": say(N_("Deadlines by id"), table(ref("deadline"))),
        "prerequisites": say(
            N_("Steps before the hall, in any order"),
            list_of(ref("prerequisite")),
        ),
        "stations": say(N_("Stations in the hall, in order"), list_of(ref("station"))),
        "documents": say(N_("Documents handed over at the end"), list_of(ref("document"))),
        "schedule": say(N_("The one-stop days and sessions"), SCHEDULE.schema()),
        "calendar": say(
            N_("Closed and working days beyond China's public holidays"), CALENDAR.schema()
        ),
    },
    ("clearflow", "id", "title"),
    rules={"anyOf": [{"required": ["prerequisites"]}, {"required": ["stations"]}]},
)
"""The top level of a workflow file."""
