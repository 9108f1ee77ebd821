"""The words of ``clearflow diff``: catalogue constants, rendered in a language when shown.

``WHAT`` names the parts of a workflow a change is about, ``FIELDS`` the fields that
change, ``GROUP_TITLES`` the headings changes are listed under; the sentences that put
them together are the ``Message`` ids of :mod:`clearflow.staff._change`. Each is an
English id whose Chinese is in the zh_CN catalogue (``translate(WHAT["office"], "zh")``).
"""

from __future__ import annotations

from typing import Final

from clearflow._i18n import N_

NONE: Final = N_("none")
EVERYONE: Final = N_("everyone")
ALL_OTHERS: Final = N_("all others")
NO_CHANGES: Final = N_("no changes")
ROSTER_EXPECTED: Final = N_("expected, no due date")

WHAT: Final[dict[str, str]] = {
    "workflow": N_("workflow"),
    "office": N_("office"),
    "fact": N_("fact"),
    "value": N_("value"),
    "deadline": N_("deadline"),
    "date_for": N_("date"),
    "prerequisite": N_("prerequisite"),
    "station": N_("station"),
    "document": N_("document"),
    "schedule": N_("schedule"),
    "session": N_("session"),
    "cohort": N_("cohort"),
    "count": N_("count"),
}
"""What a change is about (``removed office 'Library'``), by the diff's own names."""

FIELDS: Final[dict[str, str]] = {
    "id": N_("id"),
    "title": N_("title"),
    "institution": N_("institution"),
    "issued": N_("issued"),
    "timezone": N_("time zone"),
    "roster": N_("staff roster"),
    "scope": N_("scoped by"),
    "person": N_("signed by the person in"),
    "name": N_("name"),
    "hours": N_("hours"),
    "places": N_("places"),
    "off_hours": N_("outside hours"),
    "own_session": N_("own session"),
    "type": N_("type"),
    "default": N_("default"),
    "late": N_("late clearance"),
    "closes": N_("closes"),
    "date": N_("date"),
    "kind": N_("list"),
    "office": N_("office"),
    "order": N_("position"),
    "when": N_("applies to"),
    "required": N_("required"),
    "checks": N_("checks"),
    "after": N_("after"),
    "advised_after": N_("best after"),
    "opens": N_("opens"),
    "due": N_("due"),
    "outcomes": N_("outcomes"),
    "group": N_("group"),
    "first_day": N_("first service day"),
    "last_day": N_("last service day"),
    "place": N_("place"),
    "time": N_("time"),
    "expected": N_("expected"),
    "total": N_("total"),
    "count": N_("count"),
}
"""The fields that change (``office 'Finance': name '计财处' → '计划财务处'``)."""

CLOSES: Final[dict[str, str]] = {
    "hall": N_("the time before the hall"),
    "procedure": N_("the whole procedure"),
}
"""What a deadline closes (``closes:``), as the diff words it."""

GROUP_TITLES: Final[dict[str, str]] = {
    "workflow": N_("Workflow"),
    "offices": N_("Offices"),
    "facts": N_("Facts"),
    "deadlines": N_("Deadlines"),
    "steps": N_("Prerequisites and stations"),
    "documents": N_("Documents"),
    "sessions": N_("Schedule and sessions"),
    "cohort": N_("Cohort"),
}
"""The heading of each group of changes, by the group's value."""
