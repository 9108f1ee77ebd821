"""The blocked rows of stored cases, from what holds each (:class:`~clearflow.store.Held`).

:func:`held_rows` gives what :func:`~clearflow.cohort.blocked_rows` gives on the restored
cases, without restoring them: the steps holding a student and how are the holds text
the store wrote with the case's last event (:func:`clearflow.engine.holding`), a refusal's
reason, staff, time and amount are its step row, the steps a waiting step waits for are
its predecessors among those holding (:func:`clearflow.engine.held_waiting_for`), and a
deadline missed is the facts' (:func:`clearflow.engine.overdue_since`). Tests hold the
two equal on random classes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from clearflow._i18n import Message
from clearflow.cohort.report import BlockedRow, BlockedStatus, group_fact, value_label
from clearflow.engine import HOLD_KINDS, Engine, held_waiting_for, overdue_since
from clearflow.errors import CaseDataError
from clearflow.spec import Label
from clearflow.store import Held


class _Rules:
    """What the rows need of one engine, looked up once."""

    def __init__(self, engine: Engine, by: str | None) -> None:
        self.engine = engine
        self.fact = group_fact(engine.workflow, by)
        self.offices: dict[str, Label] = {o.id: o.label for o in engine.workflow.offices}


def held_rows(
    cases: Iterable[Held], today: dt.date | None = None, *, by: str | None = None
) -> tuple[BlockedRow, ...]:
    """One row per step holding a student back, students in the order given (``by`` and
    ``today`` as :func:`~clearflow.cohort.blocked_rows` takes them)."""
    rows: list[BlockedRow] = []
    known: dict[int, _Rules] = {}
    for case in cases:
        rules = known.get(id(case.engine))
        if rules is None:
            rules = known[id(case.engine)] = _Rules(case.engine, by)
        engine, fact = rules.engine, rules.fact
        value = case.facts.get(fact) if fact else None
        label = value_label(engine.workflow, fact, value)
        held = {step for step, _ in case.holds}
        for step_id, kind in case.holds:
            step = engine.steps.get(step_id)
            if step is None or kind not in HOLD_KINDS:
                raise unknown_hold(step_id, kind, case.student_id)
            refusal = case.refusals.get(step_id) if kind == BlockedStatus.REFUSED else None
            rows.append(
                BlockedRow(
                    student_id=case.student_id,
                    name=case.name,
                    counsellor=case.counsellor,
                    fact=fact,
                    value=value,
                    value_label=label,
                    office=step.office,
                    office_label=rules.offices[step.office],
                    step=step_id,
                    step_label=step.label,
                    status=BlockedStatus(kind),
                    reason=refusal.reason if refusal else None,
                    staff=refusal.staff if refusal else None,
                    at=refusal.at if refusal else None,
                    waiting_for=held_waiting_for(engine, step_id, held)
                    if kind == BlockedStatus.WAITING
                    else (),
                    overdue_since=overdue_since(engine, step, case.facts, today),
                    owed=refusal.owed if refusal else None,
                )
            )
    return tuple(rows)


def unknown_hold(step: str, kind: str, student: str | None = None) -> CaseDataError:
    """The refusal of a stored holds text that names a step the rules lack, or a kind of
    hold there is not (a store edited by hand): it names the student when one is read."""
    if student is None:
        said = Message(
            "the store says an unknown step holds some students ('{step}:{kind}')",
            step=step,
            kind=kind,
        )
    else:
        said = Message(
            "student '{student}': the store says an unknown step holds them ('{step}:{kind}')",
            student=student,
            step=step,
            kind=kind,
        )
    return CaseDataError(said)


__all__ = ["held_rows", "unknown_hold"]
