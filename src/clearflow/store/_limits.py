"""What a store can keep, checked before anything is written, and what its refusals mean.

One rule on SQLite and PostgreSQL, though only PostgreSQL enforces it: a text column
declared ``String(n)`` keeps at most ``n`` characters (SQLite would keep more, PostgreSQL
refuses), and no text holds a NUL character (SQLite keeps it, PostgreSQL refuses it). So
a value either backend would refuse is refused on both, as a :class:`StoreError` naming
the student and the field, before the transaction writes a row. The lengths are read from
the tables themselves (:mod:`clearflow.store._tables`), so they cannot drift apart.

:func:`busy_error` turns a database that stays locked (another process writing to a
SQLite file, a PostgreSQL lock or deadlock) into a :class:`ConflictError`: try again.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa

from clearflow._i18n import Message
from clearflow.errors import ConflictError, StoreError
from clearflow.spec import MAX_STUDENT_ID, Workflow
from clearflow.store._refusals import busy, stored_id
from clearflow.store._tables import cases_table, events_table, steps_table

NUL = "\x00"


def _lengths(table: sa.Table) -> dict[str, int | None]:
    """Each text column of a table and the characters it keeps (None: no limit)."""
    return {
        column.name: getattr(column.type, "length", None)
        for column in table.columns
        if isinstance(column.type, sa.String)
    }


CASE_TEXT: Mapping[str, int | None] = _lengths(cases_table)
EVENT_TEXT: Mapping[str, int | None] = _lengths(events_table)
STEP_TEXT: Mapping[str, int | None] = _lengths(steps_table)
ID_LENGTH: int = CASE_TEXT["workflow"] or 0
"""The longest workflow, step or office id a store keeps (characters)."""
_CHECKED_CASE_FIELDS = ("student_id", "name", "counsellor", "phase")
_CHECKED_EVENT_FIELDS = ("office", "staff", "step")
"""Event columns holding text from outside; the others are clearflow's own words or JSON."""
_CHECKED_STEP_FIELDS = ("reason", "staff", "outcome", "items")


def text_problem(value: str, length: int | None) -> Message | None:
    """Why a store cannot keep ``value`` in a column of ``length`` characters; None if it can."""
    if NUL in value:
        return Message("holds a NUL character (\\x00)")
    if length is not None and len(value) > length:
        return Message(
            "is {count} characters, more than the {length} a store keeps",
            count=len(value),
            length=length,
        )
    return None


def check_case_rows(rows: Iterable[Mapping[str, Any]]) -> None:
    """A StoreError for the first case row holding text the store cannot keep."""
    _check_rows(rows, _CHECKED_CASE_FIELDS, CASE_TEXT)


def check_event_rows(rows: Iterable[Mapping[str, Any]]) -> None:
    """A StoreError for the first event row holding text the store cannot keep."""
    _check_rows(rows, _CHECKED_EVENT_FIELDS, EVENT_TEXT)


def check_step_rows(rows: Iterable[Mapping[str, Any]]) -> None:
    """A StoreError for the first step row holding text the store cannot keep."""
    _check_rows(rows, _CHECKED_STEP_FIELDS, STEP_TEXT)


def check_student_texts(texts: Iterable[tuple[str, str | None, str | None]]) -> None:
    """:func:`check_case_rows` for case rows whose other texts are known to be kept, given
    by the student's own: ``(student_id, name, counsellor)``; the same StoreError."""
    fields = _CHECKED_CASE_FIELDS[:3]
    longest = [CASE_TEXT[field] or sys.maxsize for field in fields]
    most_id, most_name, most_counsellor = longest
    for student_id, name, counsellor in texts:
        if (
            len(student_id) > most_id
            or NUL in student_id
            or (name is not None and (len(name) > most_name or NUL in name))
            or (counsellor is not None and (len(counsellor) > most_counsellor or NUL in counsellor))
        ):
            row = {"student_id": student_id, "name": name, "counsellor": counsellor}
            _check_rows([row], fields, CASE_TEXT)


def _check_rows(
    rows: Iterable[Mapping[str, Any]], fields: tuple[str, ...], lengths: Mapping[str, int | None]
) -> None:
    for row in rows:
        for field in fields:
            value = row.get(field)
            if isinstance(value, str):
                problem = text_problem(value, lengths[field])
                if problem is not None:
                    raise _refusal(row, field, problem)


def check_workflow_ids(workflow: Workflow) -> None:
    """A StoreError when the workflow's id, or a step's or office's, is too long to keep."""
    ids = [step.id for step in workflow.steps] + [office.id for office in workflow.offices]
    for value in (workflow.id, *ids):
        problem = text_problem(value, ID_LENGTH)
        if problem is not None:
            shown = value if len(value) <= 40 else value[:40] + "..."
            raise StoreError(
                Message(
                    "id {id} of workflow {workflow} {problem} (shorten it in the workflow)",
                    id=repr(shown),
                    workflow=repr(workflow.id[:40]),
                    problem=problem,
                )
            )


def _refusal(row: Mapping[str, Any], field: str, problem: Message) -> StoreError:
    student = str(row.get("student_id", ""))
    shown = student if len(student) <= MAX_STUDENT_ID else student[:20] + "..."
    return StoreError(
        Message(
            "student {student}: {field} {problem} (nothing was written)",
            student=repr(shown),
            field=field,
            problem=problem,
        )
    )


_SQLITE_BUSY = ("database is locked", "database table is locked", "database schema is locked")
_POSTGRES_BUSY = frozenset({"40001", "40P01", "55P03", "57014"})
"""Serialization failure, deadlock, lock not available, statement timeout."""


def busy_error(error: sa.exc.DBAPIError, label: str) -> ConflictError | None:
    """The ConflictError for a database that stayed locked; None for any other failure."""
    original = error.orig
    text = str(original).lower()
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if any(words in text for words in _SQLITE_BUSY) or state in _POSTGRES_BUSY:
        return busy(label)
    return None


__all__ = [
    "ID_LENGTH",
    "busy_error",
    "check_case_rows",
    "check_event_rows",
    "check_step_rows",
    "check_student_texts",
    "check_workflow_ids",
    "stored_id",
    "text_problem",
]
