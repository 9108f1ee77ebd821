"""A class as a store holds it: every case with its counsellor, or one student's events.

The reports (:mod:`clearflow.cohort.report`, :mod:`clearflow.cohort.progress`) are pure;
this is where they get their cases from. Reading never writes: the store is opened
read-only (:func:`clearflow.store.open_reader`: a SQLite file through ``sqlite3``), so a
missing database is not created, a database that is not a clearflow store is refused and
left as it was, and an empty one is refused, so a mistyped path or workflow says so
instead of reporting nobody.
"""

from __future__ import annotations

from pathlib import Path

from clearflow._i18n import Message
from clearflow.engine import Case, Engine, Event
from clearflow.errors import StoreError, UnknownStudentError
from clearflow.spec import clean_student_id
from clearflow.store import IMPORT_FIRST, database_label, open_reader


def read_cohort(target: str | Path, engine: Engine) -> list[tuple[Case, str | None]]:
    """Every stored case of the engine's workflow with its counsellor, by student id.

    A StoreError (``fix`` ``import_roster``) when there is no database at ``target`` or it
    holds no student of the workflow; a StoreError when it is not a clearflow store. The
    database is opened read-only: nothing is written to it, not even clearflow's tables.
    """
    with open_reader(target, engine) as store:
        pairs = list(store.cases())
    if not pairs:
        message = Message(
            "no students of workflow '{workflow}' in '{store}' {remedy}",
            workflow=engine.workflow.id,
            store=database_label(target),
            remedy=Message("(import a roster first)"),  # the CLI names its command instead
        )
        raise StoreError(message, fix=IMPORT_FIRST)
    return pairs


def read_history(target: str | Path, engine: Engine, student_id: str) -> list[Event]:
    """Every event of one stored student's case, in order, read without writing.

    An UnknownStudentError when the store holds no such student of the engine's workflow
    (the id is trimmed first, as everywhere); a StoreError as for :func:`read_cohort`.
    """
    wanted = clean_student_id(student_id)
    with open_reader(target, engine) as store:
        events = store.history(wanted)
    if not events:
        raise UnknownStudentError(
            Message(
                "no student '{student}' in workflow '{workflow}'",
                student=wanted,
                workflow=engine.workflow.id,
            )
        )
    return events


__all__ = ["read_cohort", "read_history"]
