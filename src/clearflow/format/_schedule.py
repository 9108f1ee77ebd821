"""Builds the time-bound sections: office places, the cohort and the schedule (hours are
:mod:`clearflow.format._hours`)."""

from __future__ import annotations

import datetime as dt

from clearflow._hints import join, known, suggest
from clearflow._i18n import Message
from clearflow.format._conditions import ConditionReader
from clearflow.format._hours import hours_list
from clearflow.format._names import DEADLINE_ID
from clearflow.format._nodes import MapNode, Node
from clearflow.format._policies import off_hours_policy
from clearflow.format._reader import Reader
from clearflow.format._when_shapes import CALLS, COHORT, COUNT, HALL, PLACE, SCHEDULE, SESSION
from clearflow.spec import Calls, Cohort, Count, Deadline, Label, Place, Schedule, Session

_CLOCK = "%H:%M"


def places_list(
    reader: Reader, conditions: ConditionReader, node: Node | None, path: str
) -> tuple[Place, ...]:
    """Places of an office, each for the students its ``who`` selects."""
    result: list[Place] = []
    for index, item in enumerate(reader.sequence(node, path) or () if node else ()):
        item_path = join(path, index)
        fields = reader.fields(item, item_path, PLACE)
        if fields is None:
            continue
        who = (
            conditions.selector(fields["who"], join(item_path, "who")) if "who" in fields else None
        )
        result.append(
            Place(
                label=reader.label(fields, item, item_path),
                who=who,
                at=reader.where(item, item_path),
            )
        )
    return tuple(result)


def cohort(reader: Reader, conditions: ConditionReader, node: Node | None) -> Cohort:
    """The class size and its stated breakdown."""
    if node is None:
        return Cohort()
    fields = reader.fields(node, "cohort", COHORT)
    if fields is None:
        return Cohort()
    total = reader.integer(fields["total"], "cohort.total") if "total" in fields else None
    counts: list[Count] = []
    counts_node = fields.get("counts")
    for index, item in enumerate(
        reader.sequence(counts_node, "cohort.counts") or () if counts_node else ()
    ):
        path = join("cohort.counts", index)
        entry = reader.fields(item, path, COUNT)
        if not entry or "who" not in entry or "count" not in entry:
            continue
        who = conditions.selector(entry["who"], join(path, "who"))
        count = reader.integer(entry["count"], join(path, "count"))
        if who is not None and count is not None:
            counts.append(Count(who=who, count=count, at=reader.where(item, path)))
    return Cohort(total=total, counts=tuple(counts), at=reader.where(node, "cohort"))


def schedule(
    reader: Reader,
    conditions: ConditionReader,
    deadlines: tuple[Deadline, ...],
    node: Node | None,
) -> Schedule | None:
    """The one-stop service: place, service days, hours and sessions."""
    if node is None:
        return None
    fields = reader.fields(node, "schedule", SCHEDULE)
    if fields is None:
        return None
    place, capacity = (
        place_with_capacity(reader, fields["place"], "schedule.place")
        if "place" in fields
        else (None, None)
    )
    first = (
        reader.date(fields["first_day"], "schedule.first_day") if "first_day" in fields else None
    )
    last = reader.date(fields["last_day"], "schedule.last_day") if "last_day" in fields else None
    if first and last and last < first:
        reader.report(
            "CF210",
            fields["last_day"],
            "schedule.last_day",
            Message("last day {last} is before the first day {first}", last=last, first=first),
            Message("swap the two dates"),
        )
    sessions: list[Session] = []
    sessions_node = fields.get("sessions")
    deadline_ids = {deadline.id for deadline in deadlines}
    for index, item in enumerate(
        reader.sequence(sessions_node, "schedule.sessions") or () if sessions_node else ()
    ):
        session = _session(reader, conditions, deadline_ids, item, join("schedule.sessions", index))
        if session is not None:
            sessions.append(session)
    return Schedule(
        place=place,
        capacity=capacity,
        first_day=first,
        last_day=last,
        hours=hours_list(reader, conditions, fields.get("hours"), "schedule.hours"),
        sessions=tuple(sessions),
        elsewhere=places_list(reader, conditions, fields.get("elsewhere"), "schedule.elsewhere"),
        off_hours=off_hours_policy(reader, fields.get("off_hours"), "schedule.off_hours") or "flag",
        own_session=off_hours_policy(reader, fields.get("own_session"), "schedule.own_session"),
        at=reader.where(node, "schedule"),
    )


def _session(
    reader: Reader, conditions: ConditionReader, deadline_ids: set[str], item: Node, path: str
) -> Session | None:
    fields = reader.fields(item, path, SESSION)
    if fields is None or not set(SESSION.required) <= fields.keys():
        return None
    date = reader.date(fields["date"], join(path, "date"))
    start = reader.time(fields["start"], join(path, "start"))
    end = reader.time(fields["end"], join(path, "end"))
    who = conditions.selector(fields["who"], join(path, "who"))
    weekday = (
        reader.weekday(fields["weekday"], join(path, "weekday")) if "weekday" in fields else None
    )
    expected = (
        reader.integer(fields["expected"], join(path, "expected")) if "expected" in fields else None
    )
    place, capacity = (
        place_with_capacity(reader, fields["place"], join(path, "place"))
        if "place" in fields
        else (None, None)
    )
    due = None
    if "due" in fields:
        due = reader.ident(fields["due"], join(path, "due"), DEADLINE_ID)
        if due is not None and due not in deadline_ids:
            reader.report(
                "CF204",
                fields["due"],
                join(path, "due"),
                Message("unknown deadline '{name}'", name=due),
                suggest(due, deadline_ids) or known(Message("deadlines"), deadline_ids),
            )
    if start and end and end <= start:
        reader.report(
            "CF210",
            fields["end"],
            join(path, "end"),
            Message(
                "ends at {end}, not after it starts at {start}",
                end=end.strftime(_CLOCK),
                start=start.strftime(_CLOCK),
            ),
            Message("write the start time first"),
        )
        return None
    calls = (
        _calls(reader, fields["calls"], join(path, "calls"), start, end)
        if "calls" in fields
        else None
    )
    if date is None or start is None or end is None or who is None:
        return None
    return Session(
        date=date,
        start=start,
        end=end,
        who=who,
        weekday=weekday,
        expected=expected,
        place=place,
        capacity=capacity,
        due=due,
        calls=calls,
        at=reader.where(item, path),
    )


def _calls(
    reader: Reader, node: Node, path: str, start: dt.time | None, end: dt.time | None
) -> Calls | None:
    """A session's ``calls:``; its first call must fall inside the session."""
    fields = reader.fields(node, path, CALLS)
    if fields is None or not set(CALLS.required) <= fields.keys():
        return None
    students = reader.integer(fields["students"], join(path, "students"), minimum=1)
    every = reader.integer(fields["every"], join(path, "every"), minimum=1)
    first = reader.time(fields["from"], join(path, "from")) if "from" in fields else None
    if first is not None and start is not None and end is not None and not start <= first < end:
        reader.report(
            "CF210",
            fields["from"],
            join(path, "from"),
            Message(
                "the first call at {first} is not inside the session {start}-{end}",
                first=first.strftime(_CLOCK),
                start=start.strftime(_CLOCK),
                end=end.strftime(_CLOCK),
            ),
            Message("call the first students at or after the session's start"),
        )
        return None
    if students is None or every is None:
        return None
    return Calls(students=students, every=every, start=first)


def place_with_capacity(reader: Reader, node: Node, path: str) -> tuple[Label, int | None]:
    """A place label, written as text or ``{zh, en, capacity}``, and its capacity if given."""
    if not isinstance(node, MapNode):
        return reader.label_node(node, path), None
    fields = reader.fields(node, path, HALL) or {}
    capacity = (
        reader.integer(fields["capacity"], join(path, "capacity"), minimum=1)
        if "capacity" in fields
        else None
    )
    return reader.label(fields, node, path), capacity
