"""A facts file: values, per student, for facts a revised workflow adds (CSV or .xlsx).

When registry staff add a fact mid-season (``student_loan`` for a new step for loan
holders), the cases already in the store have no value for it; a migration plan
(``clearflow.migration``) takes them from a table read here, as a roster's facts are read
(:func:`clearflow.cohort.importing.import_roster`): a ``student_id`` (学号) column, an
optional ``name`` (姓名), and one column per fact, headed by its id or its zh or en label.
Every problem is reported at once as a :class:`~clearflow.errors.TableError`, located as
an import's are: a missing or unknown column (CF711, CF712), an unreadable cell (CF713), a
student on two rows (CF714). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import cast

from clearflow._i18n import Message
from clearflow.cohort._batching import raise_issues, read_columns
from clearflow.cohort._cells import fact_headers
from clearflow.cohort._rows import RowFacts, student_rows
from clearflow.cohort._table import open_table
from clearflow.spec import Workflow
from clearflow.spec.conditions import FactValue

_COLUMNS = frozenset({"student_id", "name"})


def read_facts_file(
    path: Path | str,
    workflow: Workflow,
    facts: Collection[str],
    *,
    sheet: str | None = None,
) -> dict[str, Mapping[str, FactValue]]:
    """Each listed student's values for ``facts`` (ids of ``workflow``'s facts), by student
    id; a TableError with every located problem. A fact without a default needs its
    column; an empty cell of one with a default is left out (the default applies)."""
    chosen = {fact.id: fact for fact in workflow.facts if fact.id in facts}
    headers = {
        name: meaning
        for name, meaning in fact_headers(workflow, _COLUMNS).items()
        if meaning in chosen
    }
    names = {name: name for name in _COLUMNS} | headers
    required = {"student_id"} | {
        fact_id for fact_id, fact in chosen.items() if fact.default is None
    }
    found: dict[str, Mapping[str, FactValue]] = {}
    with open_table(Path(path), sheet=sheet) as table:
        columns, issues = read_columns(table, names, required, Message("a facts file"))
        if not issues:
            reading = RowFacts(table, columns, chosen, issues)
            for row, student_id in student_rows(table, columns, issues):
                values, _ = reading.read(row)
                found[student_id] = cast("dict[str, FactValue]", dict(values))
        issues.extend(table.issues)
        raise_issues(table, issues)
    return found


__all__ = ["read_facts_file"]
