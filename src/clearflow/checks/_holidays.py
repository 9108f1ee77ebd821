"""China's public holidays against the workflow's dates (CF408, CF409), and the day a date is.

The public calendar comes from the ``chinese-calendar`` package, imported on first use
only (by this check and by the rollover's review), so that loading a workflow without
dates costs nothing. The workflow's own ``calendar: {closed, working}`` overrides it. A
year the package has no data for is never guessed: it is reported once (CF409), unless
the workflow lists days of that year itself (then its weekends are rest days, its other
days working days, each as the workflow's calendar says).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from functools import cache
from types import ModuleType

import attrs

from clearflow._i18n import N_, Message, Plural
from clearflow.checks._groups import session_name
from clearflow.errors import Issue, Located, Severity, located
from clearflow.spec import FULL_WEEKDAY_WORDS, Calendar, Where, Workflow

HOLIDAY_NAMES = {
    "New Year's Day": N_("New Year's Day"),
    "Spring Festival": N_("Spring Festival"),
    "Tomb-sweeping Day": N_("Tomb-sweeping Day"),
    "Labour Day": N_("Labour Day"),
    "Dragon Boat Festival": N_("Dragon Boat Festival"),
    "National Day": N_("National Day"),
    "Mid-autumn Festival": N_("Mid-autumn Festival"),
    "Anti-Fascist 70th Day": N_("Anti-Fascist 70th Day"),
}
"""The package's holiday names, as catalogue ids (端午节 for ``Dragon Boat Festival``)."""

NO_CALENDAR = Calendar()
"""A workflow calendar that overrides nothing: the public calendar alone."""

_SEARCH_DAYS = 31
"""How far the nearest working day is looked for, each way (the longest break is 8 days)."""


class DayKind(enum.Enum):
    """What a date is, by the public calendar and the workflow's own."""

    WORKING = "working"
    SWAPPED = "swapped"  # a weekend day worked in lieu of a holiday (调休)
    HOLIDAY = "holiday"
    REST = "rest"  # a weekend day
    CLOSED = "closed"  # listed under calendar.closed
    UNKNOWN = "unknown"  # a year the package does not know

    @property
    def is_off(self) -> bool:
        """Whether the offices are closed that day."""
        return self in (DayKind.HOLIDAY, DayKind.REST, DayKind.CLOSED)


@attrs.frozen
class Day:
    """A date, what it is, and the holiday it belongs to (a swapped day's too)."""

    date: dt.date
    kind: DayKind
    holiday: str | None = None

    def holiday_name(self) -> Message:
        """The holiday's name in the reader's language (as the package spells it if unknown)."""
        name = self.holiday or ""
        return Message(HOLIDAY_NAMES[name]) if name in HOLIDAY_NAMES else Message(name)


@cache
def _package() -> ModuleType:
    import chinese_calendar  # about 3 ms (10 ms cold): only when a date is checked

    package: ModuleType = chinese_calendar
    return package


def day_of(date: dt.date, calendar: Calendar = NO_CALENDAR) -> Day:
    """What ``date`` is: the workflow's calendar first, then the package's, else unknown."""
    if date in calendar.closed:
        return Day(date, DayKind.CLOSED)
    if date in calendar.working:
        return Day(date, DayKind.WORKING)
    weekend = date.weekday() >= 5
    try:
        holiday, name = _package().get_holiday_detail(date)
    except NotImplementedError:  # a year outside the package's data
        if date.year not in calendar.years():
            return Day(date, DayKind.UNKNOWN)
        holiday, name = weekend, None
    if holiday:
        return Day(date, DayKind.HOLIDAY if name else DayKind.REST, name)
    return Day(date, DayKind.SWAPPED if weekend else DayKind.WORKING, name)


def nearest_working_day(date: dt.date, calendar: Calendar = NO_CALENDAR) -> Message | None:
    """``2015-06-19, 1 day before``: the working day nearest ``date`` (the earlier on a tie),
    or None when the days around it are not known."""
    for distance in range(1, _SEARCH_DAYS):
        for sign, words in ((-1, "before"), (1, "after")):
            near = day_of(date + dt.timedelta(days=sign * distance), calendar)
            if near.kind is DayKind.UNKNOWN:
                return None
            if near.kind.is_off:
                continue
            if words == "before":
                return Plural(
                    "{date}, {count} day before",
                    "{date}, {count} days before",
                    distance,
                    date=near.date.isoformat(),
                )
            return Plural(
                "{date}, {count} day after",
                "{date}, {count} days after",
                distance,
                date=near.date.isoformat(),
            )
    return None  # pragma: no cover - no public break is a month long


def off_day(what: Message, day: Day) -> Message:
    """``{what} falls on a public holiday (Dragon Boat Festival)``, for a day off."""
    weekday = Message(FULL_WEEKDAY_WORDS[day.date.weekday()])
    if day.kind is DayKind.HOLIDAY:
        return Message(
            "{what} falls on a public holiday ({holiday})", what=what, holiday=day.holiday_name()
        )
    if day.kind is DayKind.CLOSED:
        return Message("{what} falls on a day listed under 'calendar.closed'", what=what)
    if day.kind is DayKind.SWAPPED:
        return Message(
            "{what} falls on a {weekday} that is a working day in lieu of {holiday} (调休)",
            what=what,
            weekday=weekday,
            holiday=day.holiday_name(),
        )
    return Message("{what} falls on a {weekday}, a rest day", what=what, weekday=weekday)


def unknown_year(year: int) -> Message:
    """What is said of a year the public calendar does not cover."""
    return Message("holidays of {year} are not known to clearflow; check them by hand", year=year)


def holiday_dates(workflow: Workflow) -> Iterator[Issue]:
    """CF408: a session, a deadline or a service day on a public holiday, a closed day or a
    swapped working day; CF409: a year whose holidays are not known, once, at its first date.

    A plain weekend is not reported: whether the hall opens then is the hours' to say (CF401).
    """
    unknown: set[int] = set()
    for what, date, at in _dates(workflow):
        day = day_of(date, workflow.calendar)
        if day.kind is DayKind.UNKNOWN:
            if date.year not in unknown:
                unknown.add(date.year)
                yield located(
                    "CF409",
                    at,
                    unknown_year(date.year),
                    Message(
                        "list its closed days under 'calendar.closed' and its worked "
                        "weekend days under 'calendar.working'"
                    ),
                    Severity.WARNING,
                )
        elif day.kind is DayKind.SWAPPED:
            hint = Message("the offices work that day; check the hall is staffed")
            yield located("CF408", at, off_day(what, day), hint, Severity.WARNING)
        elif day.kind in (DayKind.HOLIDAY, DayKind.CLOSED):  # a plain weekend is CF401's
            near = nearest_working_day(date, workflow.calendar)
            hint = (
                Message("the offices are closed; the nearest working day is {day}", day=near)
                if near is not None
                else Message("the offices are closed; move it to a working day")
            )
            yield located("CF408", at, off_day(what, day), hint, Severity.WARNING)


def _dates(workflow: Workflow) -> Iterator[tuple[Message, dt.date, Located]]:
    """Every date the offices must be open on, in the order written, with where it is."""
    for deadline in workflow.deadlines:
        for rule in deadline.dates:
            what = Message(
                "deadline '{deadline}' on {date}", deadline=deadline.id, date=str(rule.date)
            )
            yield what, rule.date, rule.at
    schedule = workflow.schedule
    if schedule is None:
        return
    at = schedule.at
    for key, date, words in (
        ("first_day", schedule.first_day, N_("first service day {date}")),
        ("last_day", schedule.last_day, N_("last service day {date}")),
    ):
        if date is not None:
            where = Where(at.source, at.line, at.column, f"schedule.{key}")
            yield Message(words, date=str(date)), date, where
    for session in schedule.sessions:
        yield session_name(workflow, session), session.date, session.at
