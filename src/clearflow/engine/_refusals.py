"""The checks an action makes before it changes anything, and the refusals they raise.

Each function returns quietly or raises :class:`~clearflow.errors.ActionError` (or its
:class:`~clearflow.errors.NotPermittedError`, for the wrong office) in the student's and
staff's terms; :class:`~clearflow.engine._case.Case` calls them first, so a refused action
leaves the case exactly as it was.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from clearflow.engine._audit import Actor
from clearflow.engine._phases import PREPARING, READY, RELEASED
from clearflow.engine._record import DONE, StepStatus
from clearflow.errors import ActionError, NotPermittedError
from clearflow.spec import Deadline, Document, Step, StepKind

if TYPE_CHECKING:
    from clearflow.engine._case import Case


def who(case: Case) -> str:
    """The student, as refusals name them: ``name (id)``, or the id alone."""
    return f"{case.name} ({case.student_id})" if case.name else case.student_id


def check_actionable(case: Case, step: Step, by: Actor, verb: str, status: StepStatus) -> None:
    """That ``by`` may ``verb`` this step now, given its ``status``."""
    if case.phase == RELEASED:
        raise ActionError(f"cannot {verb} '{step.id}': documents were already released")
    if by.office != step.office:
        raise NotPermittedError(
            f"cannot {verb} '{step.id}': it belongs to office '{step.office}', not '{by.office}'"
        )
    if status is StepStatus.NOT_APPLICABLE:
        raise ActionError(f"cannot {verb} '{step.id}': it does not apply to {who(case)}")
    if status in DONE:
        record = case.records[step.id]
        raise ActionError(
            f"cannot {verb} '{step.id}': already {record.status} on "
            f"{record.at:%Y-%m-%d %H:%M} by {record.office}/{record.staff}"
        )


def check_in_order(case: Case, step: Step, verb: str) -> None:
    """That nothing the step waits for is open (the current station waits for nothing)."""
    if step.kind is StepKind.STATION and case.phase == step.id:
        return
    waiting = case.waiting_for(step.id)
    if step.kind is StepKind.STATION and not waiting:
        waiting = (case.phase,)
    if waiting:
        first = "prerequisites" if case.phase == PREPARING else "first"
        raise ActionError(f"cannot {verb} '{step.id}' yet: {first}: " + ", ".join(waiting))


def chosen_outcome(step: Step, outcome: str | None) -> str | None:
    """The outcome a clearance records: the one given, if declared, else the first declared."""
    if outcome is None:
        return step.outcomes[0].id if step.outcomes else None
    declared = [item.id for item in step.outcomes]
    if outcome in declared or (not declared and outcome == "cleared"):
        return outcome if declared else None
    allowed = ", ".join(declared) or "none (clear it without an outcome)"
    raise ActionError(f"cannot clear '{step.id}': unknown outcome '{outcome}'; allowed: {allowed}")


def is_late(case: Case, step: Step, deadline: Deadline, when: dt.datetime) -> bool:
    """Whether clearing a step due by ``deadline`` at ``when`` is late; refused if it must block."""
    due = deadline.date_for(case.facts)
    if due is None or when.astimezone(case.engine.zone).date() <= due:
        return False
    if deadline.late == "block":
        raise ActionError(
            f"cannot clear '{step.id}': deadline '{deadline.id}' ({due}) has passed; "
            f"office '{step.office}' may waive the step instead"
        )
    return True


def given_reason(reason: str, verb: str, step: Step) -> str:
    """The reason for a refusal or a waiver, stripped; there must be one."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise ActionError(f"cannot {verb} '{step.id}' without a reason")
    return text


def check_release(case: Case, by: Actor) -> None:
    """That ``by`` may hand the documents over now."""
    engine = case.engine
    if case.phase == RELEASED:
        raise ActionError(f"cannot release: documents were already released to {who(case)}")
    if by.office not in engine.release_offices:
        offices = ", ".join(sorted(engine.release_offices)) or "none"
        raise NotPermittedError(
            f"cannot release: office '{by.office}' does not hand over documents "
            f"(offices that do: {offices})"
        )
    if case.phase != READY:
        open_steps = [s.id for s in engine.workflow.steps if not case.is_passable(s.id)]
        raise ActionError(
            "cannot release: not every step is settled; still open: " + ", ".join(open_steps)
        )


def check_groups(case: Case, documents: tuple[Document, ...]) -> None:
    """That the documents to release give exactly one of each document group."""
    for group in case.engine.document_groups:
        chosen = [d.id for d in documents if d.group == group]
        if len(chosen) != 1:
            found = ", ".join(chosen) or "none"
            raise ActionError(
                f"cannot release: group '{group}' must give exactly one "
                f"document, the rules give {found}"
            )
