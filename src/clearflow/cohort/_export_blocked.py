"""The blocked rows as an export: a table of cells for CSV and xlsx, items for JSON.

The rows are read once, as they come (:class:`~clearflow.cohort.report.BlockedRow`
from a list, or page by page from the store), and written by :mod:`clearflow.cohort._writers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from clearflow._i18n import Lang
from clearflow.cohort._amounts import OWED_COLUMNS, owed_cells, owed_json
from clearflow.cohort._headings import BLOCKED_SHEET, blocked_headings
from clearflow.cohort._writers import (
    Cell,
    Counted,
    label_json,
    write_csv,
    write_json,
    write_xlsx,
)
from clearflow.cohort.report import BlockedRow, group_fact
from clearflow.spec import Workflow
from clearflow.words import Words

BLOCKED_COLUMNS = (
    "student_id",
    "name",
    "counsellor",
    "office",
    "office_label",
    "step",
    "step_label",
    "status",
    "reason",
    "staff",
    "at",
    "waiting_for",
    "overdue_since",
    *OWED_COLUMNS,
)
"""The blocked export's CSV columns (the grouping fact's two go after the counsellor)."""


def fact_column(fact: str, columns: Iterable[str]) -> str:
    """A fact's column id: the fact's id, ``fact_`` before it when a fixed column has it."""
    return f"fact_{fact}" if fact in columns or fact.endswith("_label") else fact


def blocked_header(workflow: Workflow, by: str | None = None) -> list[str]:
    """The column ids of the blocked export: the fact of ``by`` after the counsellor."""
    fact = group_fact(workflow, by)
    header = list(BLOCKED_COLUMNS)
    if fact:
        column = fact_column(fact, BLOCKED_COLUMNS)
        header[3:3] = [column, column + "_label"]
    return header


def blocked_cells(
    workflow: Workflow, rows: Iterable[BlockedRow], lang: Lang = "en", by: str | None = None
) -> Iterator[list[Cell]]:
    """Each blocked row's cells under :func:`blocked_header`, labels in ``lang``."""
    words = Words(workflow, lang)
    fact = group_fact(workflow, by)
    for row in rows:
        cells: list[Cell] = [
            row.student_id,
            row.name,
            row.counsellor,
            row.office,
            words.label(row.office_label, row.office),
            row.step,
            words.label(row.step_label, row.step),
            str(row.status),
            row.reason,
            row.staff,
            row.at,
            " ".join(row.waiting_for) or None,
            row.overdue_since,
            *owed_cells(row.owed),
        ]
        if fact:
            value = None if row.value is None else str(row.value)
            cells[3:3] = [value, words.label(row.value_label, value or "")]
        yield cells


def blocked_item(row: BlockedRow) -> dict[str, Any]:
    """One blocked row for tools: ids, both label languages, ISO dates, null for missing."""
    return {
        "student_id": row.student_id,
        "name": row.name,
        "counsellor": row.counsellor,
        "fact": None
        if row.fact is None
        else {"id": row.fact, "value": row.value, "label": label_json(row.value_label)},
        "office": {"id": row.office, "label": label_json(row.office_label)},
        "step": {"id": row.step, "label": label_json(row.step_label)},
        "status": str(row.status),
        "reason": row.reason,
        "staff": row.staff,
        "at": row.at.isoformat() if row.at else None,
        "waiting_for": list(row.waiting_for),
        "overdue_since": row.overdue_since.isoformat() if row.overdue_since else None,
        **owed_json(row.owed),
    }


def write_blocked(
    file: BinaryIO,
    output_format: str,
    workflow: Workflow,
    rows: Iterable[BlockedRow],
    *,
    lang: Lang = "en",
    by: str | None = None,
    encoding: str = "utf-8-sig",
) -> int:
    """Write the blocked rows as ``csv``, ``xlsx`` or ``json``, as they come; how many."""
    counted = Counted(rows)
    if output_format == "json":
        students: set[str] = set()

        def items() -> Iterator[dict[str, Any]]:
            for row in counted:
                students.add(row.student_id)
                yield blocked_item(row)

        head = {"workflow": workflow.id, "report": "blocked"}
        write_json(file, head, "rows", items(), lambda: {"students": len(students)})
        return counted.count
    header = blocked_header(workflow, by)
    cells = blocked_cells(workflow, counted, lang, by)
    if output_format == "xlsx":
        headings = blocked_headings(header, group_fact(workflow, by), Words(workflow, lang))
        write_xlsx(file, headings, cells, BLOCKED_SHEET.text(lang))
    else:
        write_csv(file, header, cells, encoding)
    return counted.count


__all__ = [
    "BLOCKED_COLUMNS",
    "blocked_cells",
    "blocked_header",
    "blocked_item",
    "fact_column",
    "write_blocked",
]
