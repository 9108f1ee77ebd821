"""Stations and sittings the capacity tests model, made by hand."""

from __future__ import annotations

import datetime as dt

import attrs

from clearflow.capacity import Service, Sitting
from clearflow.spec import Label, Selector, Session

FEES = Service(
    station="fees",
    label=Label(zh="缴费", en="Fees"),
    office="finance",
    windows=1,
    minutes=1.5,
    cv=0.5,
    assumed=True,
)
"""One window, 1.5 minutes a student on average."""
FILES = attrs.evolve(FEES, station="files", office="archives", minutes=1.0)
"""One window, 1 minute a student on average."""


def one_session(students: int, *stations: Service) -> Sitting:
    """One 2014-07-10 9:00-12:00 session of ``students`` through ``stations``, every student
    passing every station."""
    start, end = dt.time(9), dt.time(12)
    session = Session(
        date=dt.date(2014, 7, 10), start=start, end=end, who=Selector(pairs=()), expected=students
    )
    return Sitting(
        date=session.date,
        start=start,
        end=end,
        place="hall",
        sessions=(session,),
        students=students,
        breaks=(),
        stations=stations,
        visits=tuple((True,) for _ in stations),
    )
