"""Who goes when: the sessions a student is assigned to by the schedule's ``who:``, and the
workflow's last date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from clearflow.spec._model import Label, Session, Workflow
from clearflow.spec.conditions import FactValue


def sessions_for(workflow: Workflow, facts: Mapping[str, FactValue]) -> tuple[Session, ...]:
    """Every session whose ``who:`` selects the student, in schedule order."""
    if workflow.schedule is None:
        return ()
    return tuple(
        session
        for session in workflow.schedule.sessions
        if session.who.condition.evaluate(facts, {})
    )


def place_of(workflow: Workflow, session: Session) -> Label | None:
    """Where a session takes place: its own place, or the schedule's."""
    if session.place is not None:
        return session.place
    return workflow.schedule.place if workflow.schedule else None


def last_date(workflow: Workflow) -> dt.date | None:
    """The latest date the workflow names (a deadline, a session, the schedule's last day)."""
    dates = [rule.date for deadline in workflow.deadlines for rule in deadline.dates]
    schedule = workflow.schedule
    if schedule is not None:
        dates += [session.date for session in schedule.sessions]
        dates += [day for day in (schedule.first_day, schedule.last_day) if day is not None]
    return max(dates, default=None)
