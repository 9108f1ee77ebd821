"""Schedule checks (CF401-CF404, CF407): when and where the sessions are, against the rest.

A session must fall within the service days and hours (CF401) on the weekday
it names (CF402), after every deadline its students must meet first (CF403);
the sessions running at one place at once must fit its capacity (CF404); and a
station must be able to serve the students a session brings (CF407).
Who is scheduled at all is checked by :mod:`clearflow.checks._headcount`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Sequence

from clearflow.checks._profiles import ProfileSpace
from clearflow.errors import Issue, Severity, SpaceTooLargeError, located
from clearflow.spec import WEEKDAYS, Label, Selector, Session, Step, Workflow
from clearflow.spec.conditions import ALWAYS, All, Condition, Not

FULL_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def group_words(workflow: Workflow, pairs: Sequence[tuple[str, Sequence[object]]]) -> str:
    """Students selected by fact values, in the facts' labels: ``Higher vocational, Tourism``."""
    words: list[str] = []
    for fact_id, values in pairs:
        fact = workflow.fact(fact_id)
        if all(isinstance(value, bool) for value in values) and len(values) == 1:
            name = fact.label.text() or fact.id
            words.append(name if values[0] else f"not {name}")
        elif fact.values:
            words.append(" or ".join(fact.value_label(value) for value in values))
        else:
            shown = " or ".join(str(value) for value in values)
            words.append(f"{fact.label.text() or fact.id} {shown}")
    return ", ".join(words)


def session_name(workflow: Workflow, session: Session) -> str:
    """``session on 2014-07-11 for Higher vocational, Tourism``."""
    who = group_words(workflow, session.who.pairs) or "everyone"
    return f"session on {session.date} for {who}"


def _span(start: dt.time, end: dt.time) -> str:
    return f"{start:%H:%M}-{end:%H:%M}"


def sessions_in_window(workflow: Workflow) -> Iterator[Issue]:
    """CF401: a session outside the service days or the service hours."""
    schedule = workflow.schedule
    if schedule is None:
        return
    for session in schedule.sessions:
        name = session_name(workflow, session)
        if schedule.first_day and session.date < schedule.first_day:
            yield located(
                "CF401",
                session.at,
                f"{name} is before the first service day {schedule.first_day}",
                "move the session, or change 'schedule.first_day'",
                Severity.ERROR,
            )
        if schedule.last_day and session.date > schedule.last_day:
            yield located(
                "CF401",
                session.at,
                f"{name} is after the last service day {schedule.last_day}",
                "move the session, or change 'schedule.last_day'",
                Severity.ERROR,
            )
        if not schedule.hours:
            continue
        day = WEEKDAYS[session.date.weekday()]
        ranges = [hours for hours in schedule.hours if day in hours.days]
        if any(h.open <= session.start and session.end <= h.close for h in ranges):
            continue
        opening = ", ".join(_span(h.open, h.close) for h in ranges)
        hint = f"on {day} the hall is open {opening}" if ranges else f"the hall is closed on {day}"
        yield located(
            "CF401",
            session.at,
            f"{name} runs {_span(session.start, session.end)}, outside the service hours",
            f"{hint}; move the session, or change 'schedule.hours'",
            Severity.ERROR,
        )


def session_weekdays(workflow: Workflow) -> Iterator[Issue]:
    """CF402: a session whose written weekday is not the weekday of its date."""
    for session in workflow.schedule.sessions if workflow.schedule else ():
        actual = session.date.weekday()
        if session.weekday is None or WEEKDAYS.index(session.weekday) == actual:
            continue
        written = FULL_WEEKDAYS[WEEKDAYS.index(session.weekday)]
        yield located(
            "CF402",
            session.at,
            f"{session.date} is a {FULL_WEEKDAYS[actual]}, not a {written}",
            f"correct the date, or write '{WEEKDAYS[actual]}'",
            Severity.ERROR,
        )


def sessions_after_deadlines(workflow: Workflow) -> Iterator[Issue]:
    """CF403: a session on or before a deadline its students must meet first.

    A session's students must meet its own ``due:`` and the ``due:`` of every
    prerequisite that applies to some of them (the hall needs them settled).
    """
    if workflow.schedule is None:
        return
    space = ProfileSpace(workflow)
    for session in workflow.schedule.sessions:
        reported: set[str] = set()
        depends: list[tuple[str, Step | None]] = [(session.due, None)] if session.due else []
        depends += [(step.due, step) for step in workflow.prerequisites if step.due]
        for deadline_id, step in depends:
            if deadline_id in reported:
                continue
            date = _binding_date(space, workflow, session, deadline_id, step)
            if date is None:
                continue
            reported.add(deadline_id)
            whose = (
                f"its deadline '{deadline_id}'"
                if step is None
                else f"deadline '{deadline_id}' of step '{step.id}'"
            )
            yield located(
                "CF403",
                session.at,
                f"{session_name(workflow, session)} is not after {whose} ({date})",
                "its students must meet the deadline before the hall; "
                f"move the session after {date}",
                Severity.ERROR,
            )


def _binding_date(
    space: ProfileSpace, workflow: Workflow, session: Session, deadline_id: str, step: Step | None
) -> dt.date | None:
    """The latest date of the deadline, on or after the session, for some of its students."""
    earlier: list[Condition] = []
    found: dt.date | None = None
    for rule in workflow.deadline(deadline_id).dates:
        selects = rule.who.condition if rule.who else ALWAYS
        if rule.date >= session.date and (found is None or rule.date > found):
            students = All(
                (
                    session.who.condition,
                    step.when if step else ALWAYS,
                    selects,
                    *(Not(other) for other in earlier),
                )
            )
            try:
                if space.satisfy(students) is not None:
                    found = rule.date
            except SpaceTooLargeError:
                pass
        earlier.append(selects)
    return found


def place_key(label: Label | None) -> str:
    """Sessions are at the same place when their place labels have the same Chinese text
    (the English text for a place without Chinese)."""
    return (label.zh or label.en or "") if label else ""


def _places(workflow: Workflow) -> dict[tuple[str, dt.date], list[Session]]:
    assert workflow.schedule is not None
    found: dict[tuple[str, dt.date], list[Session]] = {}
    for session in workflow.schedule.sessions:
        if session.expected is not None:
            key = place_key(session.place or workflow.schedule.place)
            found.setdefault((key, session.date), []).append(session)
    return found


def _capacity(workflow: Workflow, key: str) -> tuple[int | None, str]:
    """The smallest capacity given for a place, and the place's name as people read it."""
    assert workflow.schedule is not None
    schedule = workflow.schedule
    places = [(schedule.place, schedule.capacity)] if schedule.place else []
    places += [(s.place, s.capacity) for s in schedule.sessions if s.place]
    mine = [(label, capacity) for label, capacity in places if place_key(label) == key]
    given = [capacity for _, capacity in mine if capacity]
    name = mine[0][0].text() if mine and mine[0][0] else key
    return (min(given) if given else None), name


def overlapping(sessions: list[Session]) -> list[list[Session]]:
    """Sessions of one day grouped so that each group's times overlap in a chain."""
    groups: list[list[Session]] = []
    end = dt.time.min
    for session in sorted(sessions, key=lambda s: (s.start, s.end)):
        if groups and session.start < end:
            groups[-1].append(session)
            end = max(end, session.end)
        else:
            groups.append([session])
            end = session.end
    return groups


def place_capacity(workflow: Workflow) -> Iterator[Issue]:
    """CF404: sessions running at one place at once expect more students than it holds."""
    if workflow.schedule is None:
        return
    for (key, date), sessions in _places(workflow).items():
        capacity, name = _capacity(workflow, key)
        if capacity is None:
            continue
        for group in overlapping(sessions):
            peak, at_peak = 0, group[0].start
            for moment in sorted({s.start for s in group}):
                load = sum(s.expected or 0 for s in group if s.start <= moment < s.end)
                if load > peak:
                    peak, at_peak = load, moment
            if peak <= capacity:
                continue
            running = [s for s in group if s.start <= at_peak < s.end]
            lines = _and([str(s.at.line) for s in running])
            first = min(running, key=lambda s: s.at.line)
            which = "session on line" if len(running) == 1 else "sessions on lines"
            verb = "expects" if len(running) == 1 else "expect"
            yield located(
                "CF404",
                first.at,
                f"the {which} {lines} {verb} {peak} students at once at '{name}' on {date} "
                f"from {at_peak:%H:%M}, more than its capacity of {capacity}",
                "spread the sessions over more slots, or give the place a larger 'capacity'",
                Severity.ERROR,
            )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def station_throughput(workflow: Workflow) -> Iterator[Issue]:
    """CF407: a station that cannot serve the students its overlapping sessions bring."""
    if workflow.schedule is None:
        return
    space = ProfileSpace(workflow)
    places = _places(workflow)
    for station in workflow.stations:
        if station.minutes is None:
            continue
        staff = station.staff or 1
        for (_, date), sessions in places.items():
            served = [s for s in sessions if _serves(space, station, s.who)]
            for group in overlapping(served):
                start, end = group[0].start, max(s.end for s in group)
                minutes = _minutes(start, end)
                capacity = math.floor(staff * minutes / station.minutes)
                expected = sum(s.expected or 0 for s in group)
                if capacity >= expected:
                    continue
                yield located(
                    "CF407",
                    station.at,
                    f"station '{station.id}' serves at most {capacity} students on {date} "
                    f"{_span(start, end)} ({staff} staff x {minutes} min / "
                    f"{station.minutes:g} min each), fewer than the {expected} expected",
                    "add staff, take fewer minutes per student, or spread the sessions",
                    Severity.WARNING,
                )


def _serves(space: ProfileSpace, station: Step, who: Selector) -> bool:
    try:
        return space.satisfy(All((who.condition, station.when))) is not None
    except SpaceTooLargeError:
        return True


def _minutes(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
