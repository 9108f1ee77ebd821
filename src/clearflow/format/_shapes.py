"""The mappings of the workflow format, each described once: its keys, which are required.

A :class:`~clearflow.format._schema_parts.Shape` is the single source for one kind of mapping (the
offices, hours and schedule are in :mod:`~clearflow.format._when_shapes`). The builders read a
mapping against its shape (:meth:`clearflow.format._reader.Reader.fields`), so a key not in it
is an unknown key and a required one missing is reported; :mod:`clearflow.format.schema`
writes the same shape into the JSON Schema, with each key's English and Chinese description.
Adding a key here adds it to both; the builder still has to read its value.
"""

from __future__ import annotations

from clearflow._i18n import N_
from clearflow.format._schema_parts import (
    FACT_VALUE,
    ID_VALUE,
    MOMENT_PATTERN,
    POSITIVE,
    WHO,
    WORKFLOW_ID,
    Schema,
    Shape,
    list_of,
    ref,
    say,
    table,
)
from clearflow.format._when_shapes import CALENDAR, COHORT, OFF_HOURS, SCHEDULE

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
    "person": say(
        N_("The text fact naming the one staff id who may act on the step"),
        ID_VALUE,
    ),
    "off_hours": say(
        N_("Acting outside hours is recorded (flag) or refused (block); overrides the office's"),
        OFF_HOURS,
    ),
}
PREREQUISITE = Shape(_STEP_PROPERTIES, ("id", "office"), labelled=True)
STATION = Shape(
    {
        **_STEP_PROPERTIES,
        "staff": say(N_("Staff serving the station"), POSITIVE),
        "minutes": say(
            N_("Minutes per student: the mean, or the mean and how much it varies"),
            {
                "oneOf": [
                    {"type": "number", "exclusiveMinimum": 0},
                    {
                        "type": "object",
                        "properties": {
                            "mean": say(
                                N_("Minutes one student takes on average"),
                                {"type": "number", "exclusiveMinimum": 0},
                            ),
                            "cv": say(
                                N_("How much it varies: the standard deviation over the mean"),
                                {"type": "number", "minimum": 0},
                            ),
                        },
                        "required": ["mean"],
                        "additionalProperties": False,
                    },
                ]
            },
        ),
        "place": say(
            N_("Where in the hall the station is (a window), shown after the hall"), ref("label")
        ),
    },
    ("id", "office"),
    labelled=True,
)
"""A station: a prerequisite's keys, its throughput and its spot in the hall."""
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

ROSTER = Shape({"due": say(N_("When the staff roster must be imported by"), ref("date"))})
"""The top-level ``roster:``: a staff roster is expected (by ``due``, when given)."""

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
        "roster": say(N_("A staff roster says who may act"), ROSTER.schema()),
    },
    ("clearflow", "id", "title"),
    rules={"anyOf": [{"required": ["prerequisites"]}, {"required": ["stations"]}]},
)
"""The top level of a workflow file."""
