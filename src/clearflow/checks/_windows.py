"""CF411: a step that opens too late for a session whose students need it.

A prerequisite must be settled before its students enter the hall, so it must open before
their session starts; a station serves them during the session, so it must open before the
session ends. With ``early: block`` such students cannot be served at all (an error);
with ``early: flag`` they would be served early and flagged (a warning). A step's
opening per batch is the first ``dates:`` entry that selects the student, as the engine
reads it, so each entry is checked for the session's students it is the first to select.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from clearflow._i18n import N_, Message
from clearflow.checks._groups import session_name
from clearflow.checks._profiles import ProfileSpace
from clearflow.errors import Issue, Severity, SpaceTooLargeError, located
from clearflow.spec import Session, Step, StepKind, Workflow, moment_text
from clearflow.spec.conditions import ALWAYS, All, Condition, Not

_ENDS = N_("{session} ends at {time}, before step '{step}' opens ({opens})")
_STARTS = N_("{session} starts at {time}, before step '{step}' opens ({opens})")


def openings_after_sessions(workflow: Workflow) -> Iterator[Issue]:
    """CF411: a step opens after the session of some of its students starts (or ends)."""
    schedule = workflow.schedule
    opening_steps = [step for step in workflow.steps if step.opens is not None]
    if schedule is None or not opening_steps:
        return
    space = ProfileSpace(workflow)
    for session in schedule.sessions:
        for step in opening_steps:
            late = _late_opening(space, session, step)
            if late is None:
                continue
            station = step.kind is StepKind.STATION
            blocks = step.opens is not None and step.opens.early == "block"
            limit = session.end if station else session.start
            yield located(
                "CF411",
                session.at,
                Message(
                    _ENDS if station else _STARTS,
                    session=session_name(workflow, session),
                    time=limit.strftime("%H:%M"),
                    step=step.id,
                    opens=moment_text(late),
                ),
                _hint(station, blocks),
                Severity.ERROR if blocks else Severity.WARNING,
            )


def _hint(station: bool, blocks: bool) -> Message:
    if blocks:
        return (
            Message("its students cannot be served there in the session; open the step earlier")
            if station
            else Message(
                "its students cannot settle the step before the hall; "
                "open the step earlier or move the session"
            )
        )
    return Message("its students would be served before the step opens and flagged early")


def _late_opening(space: ProfileSpace, session: Session, step: Step) -> dt.datetime | None:
    """The opening the session's students would meet too late, or None."""
    assert step.opens is not None
    limit = dt.datetime.combine(
        session.date, session.end if step.kind is StepKind.STATION else session.start
    )
    earlier: list[Condition] = []
    for rule in step.opens.moments:
        selects = rule.who.condition if rule.who else ALWAYS
        too_late = rule.moment >= limit if step.kind is StepKind.STATION else rule.moment > limit
        if too_late:
            students = All(
                (session.who.condition, step.when, selects, *(Not(other) for other in earlier))
            )
            try:
                if space.satisfy(students) is not None:
                    return rule.moment
            except SpaceTooLargeError:
                pass
        earlier.append(selects)
    return None
