"""The where-and-when mappings of the format: offices' places and hours, the schedule, the calendar.

Shapes as in :mod:`clearflow.format._shapes` (which gathers them into the top level).
"""

from __future__ import annotations

from clearflow._i18n import N_
from clearflow.format._schema_parts import (
    DAYS_VALUE,
    ID_VALUE,
    POSITIVE,
    WEEKDAY,
    WHO,
    Schema,
    Shape,
    list_of,
    ref,
    say,
)

PLACE = Shape({"who": WHO}, labelled=True)
OFF_HOURS: Schema = {"enum": ["flag", "block"]}
BREAK = Shape(
    {
        "start": say(N_("The break starts at"), ref("time")),
        "end": say(N_("The break ends at"), ref("time")),
    },
    ("start", "end"),
)
"""A pause inside an hours entry (lunch)."""
HOURS = Shape(
    {
        "open": say(N_("Opens at"), ref("time")),
        "close": say(N_("Closes at"), ref("time")),
        "days": say(
            N_("Weekdays: mon, a range mon-fri, or a list (default mon-fri)"),
            {"anyOf": [DAYS_VALUE, list_of(DAYS_VALUE)]},
        ),
        "breaks": say(N_("Pauses inside the hours, e.g. lunch"), list_of(BREAK.schema())),
        "from": say(N_("First day these hours apply (with until: a date range)"), ref("date")),
        "until": say(N_("Last day these hours apply"), ref("date")),
        "who": say(N_("The students these hours are for"), ref("selector")),
    },
    ("open", "close"),
)
OFFICE = Shape(
    {
        "hours": say(N_("Opening hours"), list_of(HOURS.schema())),
        "places": say(N_("Where, per group of students"), list_of(PLACE.schema())),
        "scope": say(
            N_("The fact whose value must be a staff member's unit for them to act"),
            ID_VALUE,
        ),
        "off_hours": say(
            N_("Acting outside the office's hours is recorded (flag) or refused (block)"),
            OFF_HOURS,
        ),
    },
    labelled=True,
)
"""An office written as a mapping (it may also be a plain label)."""
HALL = Shape({"capacity": say(N_("Students served at once"), POSITIVE)}, labelled=True)
"""A place with a capacity, written as a mapping (it may also be a plain label)."""
_HALL_VALUE: Schema = {"anyOf": [ref("text"), HALL.schema()]}
CALLS = Shape(
    {
        "students": say(N_("Students called each time"), POSITIVE),
        "every": say(N_("Minutes between two calls"), POSITIVE),
        "from": say(N_("The first call (default: the session's start)"), ref("time")),
    },
    ("students", "every"),
)
"""How a session's students are called in (``clearflow capacity --suggest`` proposes it)."""
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
        "calls": say(N_("How the students are called in"), CALLS.schema()),
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
        "off_hours": say(
            N_(
                "Acting at a station outside the hall's hours is recorded (flag) or refused (block)"
            ),
            OFF_HOURS,
        ),
        "own_session": say(
            N_("Ties stations to the student's own session: acting outside it is flag or block"),
            OFF_HOURS,
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
