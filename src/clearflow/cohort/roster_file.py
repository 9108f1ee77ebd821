"""A roster file's students as records (id, name, facts), read without a store.

The same columns as :func:`clearflow.cohort.importing.import_roster` reads (``student_id``
or 学号, ``name`` or 姓名, ``counsellor``, one column per fact headed by its id or label),
with the same located problems (a :class:`~clearflow.errors.TableError`), for what needs
the students of a roster but no cases: ``clearflow documents --roster``. Nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from clearflow._i18n import Message
from clearflow.cohort._batching import raise_issues, read_columns
from clearflow.cohort._cells import fact_headers
from clearflow.cohort._rows import RowFacts, student_rows
from clearflow.cohort._table import open_table
from clearflow.format.student import StudentRecord
from clearflow.spec import Workflow
from clearflow.spec.conditions import FactValue

ROSTER_COLUMNS = frozenset({"student_id", "name", "counsellor"})
"""A roster's columns beside its facts (an import keeps the counsellor; a record does not)."""


def read_roster_students(
    path: Path | str, workflow: Workflow, *, sheet: str | None = None
) -> list[StudentRecord]:
    """Every student of a roster file, in the file's order; a TableError with every located
    problem (a fact without a default needs its column, as an import's does)."""
    facts = {fact.id: fact for fact in workflow.facts}
    names = {name: name for name in ROSTER_COLUMNS} | dict(fact_headers(workflow, ROSTER_COLUMNS))
    required = {"student_id"} | {fact.id for fact in workflow.facts if fact.default is None}
    found: list[StudentRecord] = []
    with open_table(Path(path), sheet=sheet) as table:
        columns, issues = read_columns(table, names, required, Message("a roster"))
        if not issues:
            reading = RowFacts(table, columns, facts, issues)
            name_column = columns.file.get("name", "")
            for row, student_id in student_rows(table, columns, issues):
                values, _ = reading.read(row)
                found.append(
                    StudentRecord(
                        id=student_id,
                        name=row.cells.get(name_column) or None,
                        facts=cast("dict[str, FactValue]", dict(values)),
                    )
                )
        issues.extend(table.issues)
        raise_issues(table, issues)
    return found


__all__ = ["ROSTER_COLUMNS", "read_roster_students"]
