"""Shared helpers for the engine tests: the 2014 workflow, fixed times and a driver.

Every time here is fixed and aware (Asia/Shanghai, the 2014 workflow's zone),
so no test reads the wall clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from pathlib import Path

from clearflow import Workflow, load_workflow
from clearflow.engine import Case, StepStatus
from clearflow.engine._audit import Actor
from clearflow.engine._engine import Engine
from clearflow.spec._model import Document
from clearflow.spec._sessions import sessions_for
from clearflow.spec.conditions import FactValue

WORKFLOW_2014 = Path(__file__).resolve().parents[2] / "workflows" / "gyvtc-2014.yaml"
ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A fixed time in 2014 in the workflow's zone."""
    return dt.datetime(2014, month, day, hour, minute, tzinfo=ZONE)


EARLY = at(7, 1, 9, 30)
"""Before every deadline a step carries (2014-07-04)."""
HALL_DAY = at(7, 10, 10, 42)
"""The main hall day, after the 2014-07-04 deadlines (in the default profile's session)."""


def hall_time(case: Case) -> dt.datetime:
    """A time inside the student's own session (stations are tied to it), else HALL_DAY."""
    sessions = sessions_for(case.engine.workflow, case.facts)
    if not sessions:
        return HALL_DAY
    first = sessions[0]
    return dt.datetime.combine(first.date, first.start, tzinfo=ZONE) + dt.timedelta(minutes=42)


@functools.cache
def workflow_2014() -> Workflow:
    """The 2014 procedure, loaded once."""
    return load_workflow(WORKFLOW_2014)


@functools.cache
def engine_2014() -> Engine:
    """One engine for the 2014 procedure, shared like a real deployment shares it."""
    return Engine(workflow_2014())


def profile(**facts: FactValue) -> dict[str, FactValue]:
    """A 2014 student's facts: a main-campus higher-vocational student who can graduate."""
    base: dict[str, FactValue] = {
        "program": "higher_vocational",
        "campus": "main",
        "department": "urban_rural_planning",
        "credits_complete": True,
    }
    return base | facts


def staff(office: str, member: str = "S01") -> Actor:
    """A staff member of an office."""
    return Actor(office=office, staff=member)


def start(
    facts: dict[str, FactValue] | None = None,
    *,
    engine: Engine | None = None,
    student_id: str = "2014001",
    name: str | None = "张三",
) -> Case:
    """A new 2014 case started at :data:`EARLY`."""
    return (engine or engine_2014()).start(
        student_id, profile() if facts is None else facts, name=name, at=EARLY
    )


def settle_prerequisites(
    case: Case, when: dt.datetime = EARLY, outcomes: dict[str, str] | None = None
) -> None:
    """Clear every pending applicable prerequisite, in an order the workflow allows."""
    chosen = outcomes or {}
    for step_id in case.engine.order:
        step = case.engine.steps[step_id]
        if step in case.engine.prerequisites and case.status(step_id) is StepStatus.PENDING:
            case.clear(step_id, staff(step.office), outcome=chosen.get(step_id), at=when)


def pass_stations(case: Case, when: dt.datetime | None = None) -> None:
    """Clear every station in order, starting from the case's current one (by default in the
    student's own session)."""
    moment = when or hall_time(case)
    for step in case.engine.stations:
        if case.status(step.id) is StepStatus.PENDING:
            case.clear(step.id, staff(step.office), at=moment)


def drive(
    case: Case,
    *,
    outcomes: dict[str, str] | None = None,
    release: bool = True,
) -> tuple[Document, ...]:
    """Take a case through the whole procedure; the released documents (or none)."""
    settle_prerequisites(case, outcomes=outcomes)
    pass_stations(case)
    if not release:
        return ()
    return case.release(staff("department"), at=hall_time(case))


def ids(documents: tuple[Document, ...]) -> tuple[str, ...]:
    """The ids of some documents, in order."""
    return tuple(document.id for document in documents)
