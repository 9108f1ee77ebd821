"""Offices, where they are (:class:`Place`) and when they serve (:class:`Hours`).

An hours entry is a range on some weekdays less its breaks, optionally only between two
dates (summer hours) and only for the students its ``who`` selects (a batch).
:func:`hours_on` says which ranges are open on a day for a student: entries whose dates
cover the day replace the undated ones, so a dated entry states that day's hours in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import attrs

from clearflow.spec._model import WEEKDAYS, Label, Selector, Where

OFF_HOURS_POLICIES = ("flag", "block")
"""What acting outside hours (or outside the student's own session) does."""

Range = tuple[dt.time, dt.time]
"""An open range of one day: from, until (local time)."""

_NOWHERE = Where()


@attrs.frozen(kw_only=True)
class Break:
    """A pause inside an hours range (lunch): closed from ``start`` until ``end``."""

    start: dt.time
    end: dt.time
    at: Where = attrs.field(default=_NOWHERE, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Hours:
    """Open from ``open`` to ``close`` on ``days``, less ``breaks``.

    ``since``/``until`` (written ``from:``/``until:``, both inclusive) limit it to a date
    range; ``who`` to the students it selects. A lunch break is a ``breaks`` entry or, as
    before, two entries on the same days.
    """

    days: tuple[str, ...] = WEEKDAYS[:5]
    open: dt.time
    close: dt.time
    breaks: tuple[Break, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    who: Selector | None = None
    at: Where = attrs.field(default=_NOWHERE, eq=False, repr=False)

    @property
    def dated(self) -> bool:
        """Whether the entry is limited to a date range."""
        return self.since is not None or self.until is not None

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` is inside the entry's date range (always, when undated)."""
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    def serves(self, facts: Mapping[str, bool | str | int]) -> bool:
        """Whether the entry is for this student (everyone, when no ``who``)."""
        return self.who is None or self.who.condition.evaluate(facts, {})

    def ranges(self) -> tuple[Range, ...]:
        """``open``..``close`` split at the breaks, in order."""
        result: list[Range] = []
        start = self.open
        for pause in sorted(self.breaks, key=lambda item: item.start):
            if pause.start > start:
                result.append((start, min(pause.start, self.close)))
            start = max(start, pause.end)
        if start < self.close:
            result.append((start, self.close))
        return tuple(result)


@attrs.frozen(kw_only=True)
class Place:
    """A location, for the students ``who`` selects (everyone when ``who`` is None)."""

    label: Label
    who: Selector | None = None
    at: Where = attrs.field(default=_NOWHERE, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Office:
    """An office that signs off steps, with optional hours and places.

    ``off_hours`` says what acting outside its ``hours`` does (flag or block); ``scope``,
    when given, is the fact whose value must equal a staff member's unit for them to act
    for a student (a college's own finance desk).
    """

    id: str
    label: Label
    hours: tuple[Hours, ...] = ()
    places: tuple[Place, ...] = ()
    off_hours: str = "flag"
    scope: str | None = None
    at: Where = attrs.field(default=_NOWHERE, eq=False, repr=False)


def hours_on(
    hours: tuple[Hours, ...], day: dt.date, facts: Mapping[str, bool | str | int]
) -> tuple[Range, ...] | None:
    """The ranges open on ``day`` for a student, in order; None when no hours are written.

    An empty tuple means closed all day. Entries whose dates cover ``day`` replace the
    undated ones for that day.
    """
    if not hours:
        return None
    weekday = WEEKDAYS[day.weekday()]
    mine = [item for item in hours if item.covers(day) and item.serves(facts)]
    dated = [item for item in mine if item.dated]
    chosen = dated or [item for item in mine if not item.dated]
    ranges = [span for item in chosen if weekday in item.days for span in item.ranges()]
    return tuple(sorted(ranges))


def is_open(
    hours: tuple[Hours, ...], moment: dt.datetime, facts: Mapping[str, bool | str | int]
) -> bool:
    """Whether ``moment`` (a local time) is inside the hours; always, when none are written."""
    ranges = hours_on(hours, moment.date(), facts)
    if ranges is None:
        return True
    now = moment.time()
    return any(start <= now < end for start, end in ranges)
