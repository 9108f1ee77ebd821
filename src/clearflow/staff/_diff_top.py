"""What changed in a workflow's own fields, for :mod:`clearflow.staff.diff`: its id, title,
institution, issue date and time zone, the staff roster it expects (``roster:``, by when) and
its calendar's closed and working days, a change per day added or removed.
"""

from __future__ import annotations

import datetime as dt

from clearflow._i18n import N_, Message
from clearflow.spec import RosterRule, Workflow
from clearflow.staff._change import ChangeList, Group
from clearflow.staff.diff_words import NONE, ROSTER_EXPECTED

_CALENDAR = {
    ("closed", "added"): N_("added closed day {day}"),
    ("closed", "removed"): N_("removed closed day {day}"),
    ("working", "added"): N_("added working day {day}"),
    ("working", "removed"): N_("removed working day {day}"),
}


def top_changes(d: ChangeList, old: Workflow, new: Workflow) -> None:
    """The workflow's own fields, its roster rule and its calendar days."""

    def change(field: str, was: str, now: str) -> None:
        d.changed(Group.WORKFLOW, "workflow", field, None, field, was, now)

    change("id", old.id, new.id)
    change("title", *d.labels(old.title, new.title))
    change("institution", *d.labels(old.institution, new.institution))
    change("issued", d.day(old.issued), d.day(new.issued))
    change("timezone", old.timezone, new.timezone)
    change("roster", _roster(d, old.roster), _roster(d, new.roster))
    for kind in ("closed", "working"):
        was, now = getattr(old.calendar, kind), getattr(new.calendar, kind)
        _days(d, kind, "removed", [day for day in was if day not in now])
        _days(d, kind, "added", [day for day in now if day not in was])


def _roster(d: ChangeList, rule: RosterRule | None) -> str:
    """``none``, ``expected, no due date`` or ``due 2021-05-20 Thursday``."""
    if rule is None:
        return d.word(NONE)
    if rule.due is None:
        return d.word(ROSTER_EXPECTED)
    return Message("due {date}", date=d.day(rule.due)).text(d.lang)


def _days(d: ChangeList, kind: str, how: str, days: list[dt.date]) -> None:
    for day in days:
        text = Message(_CALENDAR[kind, how], day=d.day(day))
        d.add(Group.WORKFLOW, how, f"calendar.{kind}.{day.isoformat()}", text)
