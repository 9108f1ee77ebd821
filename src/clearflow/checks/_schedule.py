"""Schedule checks (CF401-CF403, CF410, CF412): when the sessions are, against the rest.

A session must fall within the service days and hours (CF401), not across a break in
them (CF410, a warning), on the weekday
it names (CF402), after every deadline its students must meet first and on or
before every deadline that closes the whole procedure (CF403). A schedule that ties stations
to the students' own sessions (``own_session:``) but has none is warned (CF412).
Whether the places and stations can take the sessions' students (CF404, CF407) is
checked by :mod:`clearflow.checks._capacity`; who is scheduled at all by
:mod:`clearflow.checks._headcount`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from clearflow._i18n import Message
from clearflow.checks._groups import session_name
from clearflow.checks._profiles import ProfileSpace
from clearflow.errors import Issue, Severity, SpaceTooLargeError, located
from clearflow.spec import (
    FULL_WEEKDAY_WORDS,
    WEEKDAY_ID_WORDS,
    WEEKDAYS,
    Hours,
    Selector,
    Session,
    Step,
    Workflow,
)
from clearflow.spec.conditions import ALWAYS, All, Condition, Not


def time_span(start: dt.time, end: dt.time) -> str:
    """``09:00-12:00``."""
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
                Message(
                    "{session} is before the first service day {day}",
                    session=name,
                    day=str(schedule.first_day),
                ),
                Message("move the session, or change 'schedule.first_day'"),
                Severity.ERROR,
            )
        if schedule.last_day and session.date > schedule.last_day:
            yield located(
                "CF401",
                session.at,
                Message(
                    "{session} is after the last service day {day}",
                    session=name,
                    day=str(schedule.last_day),
                ),
                Message("move the session, or change 'schedule.last_day'"),
                Severity.ERROR,
            )
        if schedule.hours:
            yield from _session_hours(workflow, schedule.hours, session)


def own_session_without_sessions(workflow: Workflow) -> Iterator[Issue]:
    """CF412 (a warning): ``schedule.own_session`` with no sessions ties stations to nothing.

    The engine then holds every student to the hall's hours only, as if ``own_session`` were
    not written: a draft schedule whose sessions are not set yet is not wrong, but the tie
    the file states does not hold until they are.
    """
    schedule = workflow.schedule
    if schedule is None or schedule.own_session is None or schedule.sessions:
        return
    yield located(
        "CF412",
        schedule.at,
        Message(
            "'own_session: {policy}' ties the stations to the students' own sessions, "
            "but the schedule has no sessions: students are held to the hall's hours only",
            policy=schedule.own_session,
        ),
        Message("add the sessions, or leave out 'schedule.own_session' until they are set"),
        Severity.WARNING,
    )


def _overlaps(first: Selector | None, second: Selector) -> bool:
    """Whether some student could be selected by both (facts one names are open to the other)."""
    if first is None:
        return True
    theirs = dict(second.pairs)
    return all(
        fact not in theirs or set(values) & set(theirs[fact]) for fact, values in first.pairs
    )


def _session_hours(
    workflow: Workflow, hours: tuple[Hours, ...], session: Session
) -> Iterator[Issue]:
    """CF401 for a session outside the hall's hours on its day; CF410 for one across a break.

    The hours are those of the session's day (a dated entry replaces the undated ones) for
    any of its students (an entry whose ``who:`` could select one of them).
    """
    name = session_name(workflow, session)
    index = session.date.weekday()
    mine = [h for h in hours if h.covers(session.date) and _overlaps(h.who, session.who)]
    chosen = [h for h in mine if h.dated] or [h for h in mine if not h.dated]
    ranges = [h for h in chosen if WEEKDAYS[index] in h.days]
    inside = [h for h in ranges if h.open <= session.start and session.end <= h.close]
    if inside:
        crossed = [
            [b for b in h.breaks if b.start < session.end and session.start < b.end] for h in inside
        ]
        if all(crossed):
            pause = crossed[0][0]
            yield located(
                "CF410",
                session.at,
                Message(
                    "{session} runs {span}, across the hall's break {pause}",
                    session=name,
                    span=time_span(session.start, session.end),
                    pause=time_span(pause.start, pause.end),
                ),
                Message("split the session at the break, or change the break in 'schedule.hours'"),
                Severity.WARNING,
            )
        return
    day = Message(WEEKDAY_ID_WORDS[index])
    opening = ", ".join(time_span(h.open, h.close) for h in ranges)
    hint = (
        Message(
            "on {day} the hall is open {opening}; move the session, or change 'schedule.hours'",
            day=day,
            opening=opening,
        )
        if ranges
        else Message(
            "the hall is closed on {day}; move the session, or change 'schedule.hours'",
            day=day,
        )
    )
    yield located(
        "CF401",
        session.at,
        Message(
            "{session} runs {span}, outside the service hours",
            session=name,
            span=time_span(session.start, session.end),
        ),
        hint,
        Severity.ERROR,
    )


def session_weekdays(workflow: Workflow) -> Iterator[Issue]:
    """CF402: a session whose written weekday is not the weekday of its date."""
    for session in workflow.schedule.sessions if workflow.schedule else ():
        actual = session.date.weekday()
        if session.weekday is None or WEEKDAYS.index(session.weekday) == actual:
            continue
        written = FULL_WEEKDAY_WORDS[WEEKDAYS.index(session.weekday)]
        yield located(
            "CF402",
            session.at,
            Message(
                "{date} is a {actual}, not a {written}",
                date=str(session.date),
                actual=Message(FULL_WEEKDAY_WORDS[actual]),
                written=Message(written),
            ),
            Message("correct the date, or write '{day}'", day=WEEKDAYS[actual]),
            Severity.ERROR,
        )


def sessions_after_deadlines(workflow: Workflow) -> Iterator[Issue]:
    """CF403: a session on or before a deadline its students must meet first.

    A session's students must meet its own ``due:`` and the ``due:`` of every
    prerequisite that applies to some of them (the hall needs them settled). A
    deadline written ``closes: procedure`` closes the hall too: the session must be
    on or before it instead.
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
            closes = workflow.deadline(deadline_id).closes == "procedure"
            date = _binding_date(space, workflow, session, deadline_id, step, closes)
            if date is None:
                continue
            reported.add(deadline_id)
            whose = (
                Message("its deadline '{deadline}'", deadline=deadline_id)
                if step is None
                else Message(
                    "deadline '{deadline}' of step '{step}'", deadline=deadline_id, step=step.id
                )
            )
            if closes:
                yield located(
                    "CF403",
                    session.at,
                    Message(
                        "{session} is after {whose} ({date}), which closes the procedure",
                        session=session_name(workflow, session),
                        whose=whose,
                        date=str(date),
                    ),
                    Message(
                        "its students must be through the hall by the deadline; "
                        "move the session to {date} or earlier",
                        date=str(date),
                    ),
                    Severity.ERROR,
                )
                continue
            yield located(
                "CF403",
                session.at,
                Message(
                    "{session} is not after {whose} ({date})",
                    session=session_name(workflow, session),
                    whose=whose,
                    date=str(date),
                ),
                Message(
                    "its students must meet the deadline before the hall; "
                    "move the session after {date}",
                    date=str(date),
                ),
                Severity.ERROR,
            )


def _binding_date(
    space: ProfileSpace,
    workflow: Workflow,
    session: Session,
    deadline_id: str,
    step: Step | None,
    closes: bool = False,
) -> dt.date | None:
    """The date of the deadline that the session breaks for some of its students.

    Before the hall: the latest date on or after the session; for a deadline that
    closes the procedure (``closes``), the earliest date before it.
    """
    earlier: list[Condition] = []
    found: dt.date | None = None
    for rule in workflow.deadline(deadline_id).dates:
        selects = rule.who.condition if rule.who else ALWAYS
        if closes:
            breaks = rule.date < session.date and (found is None or rule.date < found)
        else:
            breaks = rule.date >= session.date and (found is None or rule.date > found)
        if breaks:
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
