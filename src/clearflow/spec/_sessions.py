"""Who goes when: the sessions a student is assigned to by the schedule's ``who:``."""

from __future__ import annotations

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
