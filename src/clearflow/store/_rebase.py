"""One terminal's work on a stored case: open it, save after every action, survive a race.

A terminal (``clearflow walk --db``) loads a student's case, acts, and saves; the store
refuses a save based on a stale version (:class:`~clearflow.store._store.ConflictError`). Then
the terminal's unsaved actions are performed again on the case as now stored — as if it
had acted just after the other terminal — and saved. An action that no longer applies
(the library cleared the step a moment ago) is a ConflictError that says so, and nothing
of it is written.
"""

from __future__ import annotations

import datetime as dt

from clearflow._i18n import Message
from clearflow.engine import Case, Engine
from clearflow.errors import (
    ClearflowError,
    ConflictError,
    InputError,
    StoreError,
    UnknownStudentError,
)
from clearflow.format.student import StudentRecord
from clearflow.store._limits import stored_id
from clearflow.store._store import Store

ATTEMPTS = 5


def open_stored_case(
    store: Store,
    engine: Engine,
    *,
    student_id: str | None = None,
    student: StudentRecord | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """The stored case of ``student_id`` (or of ``student``), or a new one for ``student``.

    A new case is started (at ``at``) and stored at once. A student already stored is
    loaded as stored: the record's facts are not read again. Without a record, a student
    not in the store is an UnknownStudentError. ``student_id`` is trimmed, as every id is.
    """
    if student_id is not None:
        student_id = stored_id(student_id)
    if student is not None and student_id is not None and student.id != student_id:
        raise InputError(
            Message(
                "the student id '{given}' and the student record's id '{record}' differ",
                given=student_id,
                record=student.id,
            )
        )
    wanted = student.id if student is not None else student_id
    if wanted is None:
        raise InputError(Message("give a student id or a student record to open a stored case"))
    try:
        return store.load(wanted)
    except UnknownStudentError:
        if student is None:
            raise
    case = engine.start(student.id, student.facts, name=student.name, at=at)
    try:
        store.add([case])
    except StoreError as refused:  # another terminal added the student a moment ago?
        try:
            return store.load(student.id)
        except UnknownStudentError:
            raise refused from None  # no: the store refused the case itself (an id too long)
    return case


def rebase(case: Case, stored: Case) -> None:
    """Perform ``case``'s unsaved actions on ``stored``, then make ``case`` that result.

    ``case`` is changed in place, so whoever holds it (a walkthrough) goes on with it.
    """
    for event in case.events:
        try:
            stored.redo(event)
        except ClearflowError as error:
            action = f"{event.action} '{event.step}'" if event.step else str(event.action)
            raise ConflictError(
                Message(
                    "student '{student}' was changed by someone else meanwhile, and "
                    "{action} no longer applies: {error}; it was not saved",
                    student=case.student_id,
                    action=action,
                    error=error.said,
                )
            ) from None
    case.phase = stored.phase
    case.records = stored.records
    case.documents = stored.documents
    case.base_version = stored.base_version
    case.events = stored.events


def save_rebasing(store: Store, case: Case, attempts: int = ATTEMPTS) -> bool:
    """Save ``case``, rebasing it on the stored case after each conflict; whether it rebased.

    Raises ConflictError when an unsaved action no longer applies to the stored case, or
    when others keep winning the race ``attempts`` times in a row.
    """
    rebased = False
    for _ in range(attempts):
        try:
            store.save(case)
        except ConflictError:
            rebase(case, store.load(case.student_id))
            rebased = True
        else:
            return rebased
    raise ConflictError(
        Message(
            "student '{student}' keeps being changed by someone else; "
            "gave up saving after {attempts} attempts",
            student=case.student_id,
            attempts=attempts,
        )
    )


__all__ = ["open_stored_case", "rebase", "save_rebasing"]
