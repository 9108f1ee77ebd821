"""Capacity checks (CF404, CF407, CF413): whether the places and stations can take the sessions.

The sessions running at one place at once must fit its capacity (CF404); a station must be
able to serve the students its overlapping sessions bring (CF407); and a session's
``calls:`` must call all its students before it ends (CF413).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

from clearflow._i18n import Message, Plural, verbatim
from clearflow.capacity import overlapping, place_key
from clearflow.checks._groups import session_name
from clearflow.checks._profiles import ProfileSpace
from clearflow.checks._queueing import hall_finish, modelled, serves
from clearflow.checks._schedule import time_span
from clearflow.errors import Issue, Severity, located
from clearflow.spec import Session, Workflow, clock
from clearflow.words import LabelText


def _places(workflow: Workflow) -> dict[tuple[str, dt.date], list[Session]]:
    assert workflow.schedule is not None
    found: dict[tuple[str, dt.date], list[Session]] = {}
    for session in workflow.schedule.sessions:
        if session.expected is not None:
            key = place_key(session.place or workflow.schedule.place)
            found.setdefault((key, session.date), []).append(session)
    return found


def _capacity(workflow: Workflow, key: str) -> tuple[int | None, Message]:
    """The smallest capacity given for a place, and the place's name as people read it."""
    assert workflow.schedule is not None
    schedule = workflow.schedule
    places = [(schedule.place, schedule.capacity)] if schedule.place else []
    places += [(s.place, s.capacity) for s in schedule.sessions if s.place]
    mine = [(label, capacity) for label, capacity in places if place_key(label) == key]
    given = [capacity for _, capacity in mine if capacity]
    name = LabelText(mine[0][0], key) if mine and mine[0][0] else verbatim(key)
    return (min(given) if given else None), name


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
            lines = [str(s.at.line) for s in running]
            first = min(running, key=lambda s: s.at.line)
            yield located(
                "CF404",
                first.at,
                Plural(
                    "the session on line {lines} expects {peak} students at once at '{place}' "
                    "on {date} from {time}, more than its capacity of {capacity}",
                    "the sessions on lines {lines} expect {peak} students at once at '{place}' "
                    "on {date} from {time}, more than its capacity of {capacity}",
                    len(running),
                    lines=_and(lines),
                    peak=peak,
                    place=name,
                    date=str(date),
                    time=at_peak.strftime("%H:%M"),
                    capacity=capacity,
                ),
                Message(
                    "spread the sessions over more slots, or give the place a larger 'capacity'"
                ),
                Severity.ERROR,
            )


def _and(items: list[str]) -> Message | str:
    """``14``, ``14 and 15``, ``14, 15 and 16``."""
    if len(items) == 1:
        return items[0]
    return Message("{items} and {last}", items=", ".join(items[:-1]), last=items[-1])


def station_throughput(workflow: Workflow) -> Iterator[Issue]:
    """CF407: a station that cannot serve the students its overlapping sessions bring; from
    the queue model when every station gives minutes (``_queueing``)."""
    if workflow.schedule is None:
        return
    if modelled(workflow):
        yield from hall_finish(workflow)
        return
    space = ProfileSpace(workflow)
    places = _places(workflow)
    for station in workflow.stations:
        if station.minutes is None:
            continue
        staff = station.staff or 1
        for (_, date), sessions in places.items():
            served = [s for s in sessions if serves(space, station, s.who)]
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
                    Message(
                        "station '{station}' serves at most {capacity} students on {date} {span} "
                        "({staff} staff x {minutes} min / {each} min each), "
                        "fewer than the {expected} expected",
                        station=station.id,
                        capacity=capacity,
                        date=str(date),
                        span=time_span(start, end),
                        staff=staff,
                        minutes=minutes,
                        each=format(station.minutes, "g"),
                        expected=expected,
                    ),
                    Message("add staff, take fewer minutes per student, or spread the sessions"),
                    Severity.WARNING,
                )


def _minutes(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def session_calls(workflow: Workflow) -> Iterator[Issue]:
    """CF413: a session's calls reach its last students only at or after the session's end."""
    if workflow.schedule is None:
        return
    for session in workflow.schedule.sessions:
        calls, expected = session.calls, session.expected
        if calls is None or not expected:
            continue
        last = calls.last_minute(session.start, expected)
        if last < session.end.hour * 60 + session.end.minute:
            continue
        first = calls.first(session.start)
        called = dt.time(last // 60, last % 60) if last < 24 * 60 else dt.time(23, 59)
        yield located(
            "CF413",
            session.at,
            Message(
                "{session}: {expected} students called {students} at a time every {every} min "
                "from {first}: the last call is at {last}, not before the session ends at {end}",
                session=session_name(workflow, session),
                students=calls.students,
                expected=expected,
                every=calls.every,
                first=clock(first),
                last=clock(called),
                end=clock(session.end),
            ),
            Message("call more students each time, more often, or from earlier"),
            Severity.WARNING,
        )
