"""CSV, Excel and JSON exports of the cohort reports, and writing them atomically.

CSV is for people opening the file in a spreadsheet: UTF-8 with a byte-order mark by default
(so Excel on Chinese Windows reads it right) or GB18030, labels in one language, and every
text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) prefixed with ``'``. An Excel workbook (``.xlsx``,
:mod:`clearflow.cohort._workbook`) holds the same cells under headings in the reader's
language, text neutralised the same way, numbers (amounts owed too) as numbers and dates as
dates. JSON is for tools: ids, both languages of every label, numbers as numbers.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from clearflow._atomic import Input, refuse_overwrite, write_atomic
from clearflow._i18n import Lang, Message
from clearflow.cohort._amounts import OWED_COLUMNS, Amount, owed_cells, owed_json
from clearflow.cohort._headings import (
    BLOCKED_SHEET,
    PROGRESS_SHEET,
    blocked_headings,
    progress_headings,
)
from clearflow.cohort._workbook import is_clearflow_workbook, write_workbook
from clearflow.cohort.progress import Progress, SessionProgress
from clearflow.cohort.report import BlockedRow, group_fact
from clearflow.errors import OverwriteError
from clearflow.spec import Label, Selector, Session, Workflow
from clearflow.store import sqlite_file
from clearflow.words import Words

ENCODINGS = ("utf-8-sig", "gb18030", "utf-8")
"""CSV encodings offered: UTF-8 with a byte-order mark (default), GB18030, plain UTF-8."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text cells starting with one of these are read as formulas by spreadsheets."""

Cell = str | int | Amount | dt.date | dt.time | None
"""A table cell: text, a number (or amount), a date, a datetime or a time of day, or nothing."""
SQLITE_FILES = ("", "-wal", "-shm")
"""What a SQLite store's database file is followed by in the names of its files."""
EXPORT_START = re.compile(
    rb"(\xef\xbb\xbf)?(student_id,name,counsellor,|session,date,start,end,who,expected,|"
    rb'\{\s*"workflow": "[^"\n]*",\s*"report": "(blocked|progress)")'
)
"""How a file clearflow exported begins: a CSV header of either report, or the JSON head."""

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


def neutralise(cell: Cell) -> str:
    """A cell as CSV text; text a spreadsheet would run as a formula gets a leading ``'``.

    Numbers are written by clearflow itself and stay numbers (``-3`` is a difference);
    dates and datetimes read as ISO 8601, a time of day as ``HH:MM``.
    """
    if cell is None:
        return ""
    if isinstance(cell, str):
        return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return f"{cell:%H:%M}" if isinstance(cell, dt.time) else str(cell)


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], encoding: str) -> bytes:
    """A CSV file's bytes: a header line, then one line per row, every cell neutralised."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown CSV encoding '{encoding}' (expected one of {ENCODINGS})")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode(encoding)


def to_xlsx(header: Sequence[str], rows: Sequence[Sequence[Cell]], sheet: str) -> bytes:
    """An ``.xlsx`` workbook's bytes: one sheet named ``sheet``, a bold frozen header row,
    columns as wide as their cells, text neutralised as in CSV, numbers and dates typed."""
    return write_workbook(header, rows, sheet, text=neutralise)


def to_json(data: Any) -> bytes:
    """Indented UTF-8 JSON (Chinese written as is), ending with a newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _label(label: Label | None) -> dict[str, str | None] | None:
    return None if label is None else {"zh": label.zh, "en": label.en}


def _fact_column(fact: str) -> str:
    return f"fact_{fact}" if fact in BLOCKED_COLUMNS or fact.endswith("_label") else fact


# -- blocked ---------------------------------------------------------------------------


def blocked_table(
    workflow: Workflow, rows: Sequence[BlockedRow], lang: Lang = "en", by: str | None = None
) -> tuple[list[str], list[list[Cell]]]:
    """The blocked rows as a header and cells, labels in ``lang``.

    The fact the rows were built with (``by``, see :func:`~clearflow.cohort.report.group_fact`)
    comes after the counsellor, as its value id and its label.
    """
    words = Words(workflow, lang)
    fact = group_fact(workflow, by)
    header = list(BLOCKED_COLUMNS)
    if fact:
        header[3:3] = [_fact_column(fact), _fact_column(fact) + "_label"]
    table: list[list[Cell]] = []
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
        table.append(cells)
    return header, table


def blocked_xlsx(
    workflow: Workflow, rows: Sequence[BlockedRow], lang: Lang = "en", by: str | None = None
) -> bytes:
    """The cells of :func:`blocked_table` as a workbook, headings and sheet name in ``lang``."""
    header, cells = blocked_table(workflow, rows, lang, by)
    headings = blocked_headings(header, group_fact(workflow, by), Words(workflow, lang))
    return to_xlsx(headings, cells, BLOCKED_SHEET.text(lang))


def blocked_json(workflow: Workflow, rows: Sequence[BlockedRow]) -> dict[str, Any]:
    """The blocked rows for tools: ids, both label languages, ISO dates, null for missing."""
    return {
        "workflow": workflow.id,
        "report": "blocked",
        "students": len({row.student_id for row in rows}),
        "rows": [
            {
                "student_id": row.student_id,
                "name": row.name,
                "counsellor": row.counsellor,
                "fact": None
                if row.fact is None
                else {"id": row.fact, "value": row.value, "label": _label(row.value_label)},
                "office": {"id": row.office, "label": _label(row.office_label)},
                "step": {"id": row.step, "label": _label(row.step_label)},
                "status": str(row.status),
                "reason": row.reason,
                "staff": row.staff,
                "at": row.at.isoformat() if row.at else None,
                "waiting_for": list(row.waiting_for),
                "overdue_since": row.overdue_since.isoformat() if row.overdue_since else None,
                **owed_json(row.owed),
            }
            for row in rows
        ],
    }


# -- progress --------------------------------------------------------------------------


def progress_table(
    workflow: Workflow, progress: Progress, lang: Lang = "en"
) -> tuple[list[str], list[list[Cell]]]:
    """A line per session, per ``elsewhere`` entry, then ``none`` and ``all``; phases as columns."""
    words = Words(workflow, lang)
    header = ["session", "date", "start", "end", "who", "expected", "assigned", "difference"]
    table: list[list[Cell]] = []
    for row in (*progress.rows, progress.total):
        session, place = row.session, row.elsewhere
        number: Cell = row.number
        cells: list[Cell] = [None, None, None, None]
        if session is not None:
            cells = [session.date, session.start, session.end, words.selector(session.who)]
        elif place is not None:
            who = words.selector(place.who) if place.who else words["always"]
            number, cells[3] = "elsewhere", f"{who} — {words.label(place.label)}"
        else:
            number = "none" if row is not progress.total else "all"
        table.append([number, *cells, row.expected, row.assigned, row.difference, *row.phases])
    return header + list(progress.phases), table


def progress_xlsx(workflow: Workflow, progress: Progress, lang: Lang = "en") -> bytes:
    """The cells of :func:`progress_table` as a workbook, headings and sheet name in ``lang``."""
    header, cells = progress_table(workflow, progress, lang)
    headings = progress_headings(header, progress.phases, Words(workflow, lang))
    return to_xlsx(headings, cells, PROGRESS_SHEET.text(lang))


def _who(selector: Selector) -> dict[str, list[bool | str | int]]:
    return {fact: list(values) for fact, values in selector.pairs}


def _session_json(row: SessionProgress, session: Session | None, phases: Sequence[str]) -> Any:
    return {
        "session": row.number,
        "date": session.date.isoformat() if session else None,
        "start": f"{session.start:%H:%M}" if session else None,
        "end": f"{session.end:%H:%M}" if session else None,
        "who": _who(session.who) if session else None,
        "expected": row.expected,
        "assigned": row.assigned,
        "difference": row.difference,
        "phases": dict(zip(phases, row.phases, strict=True)),
    }


def progress_json(workflow: Workflow, progress: Progress) -> dict[str, Any]:
    """Sessions in schedule order, students served elsewhere, of no session, and everyone once."""
    phases = progress.phases
    return {
        "workflow": workflow.id,
        "report": "progress",
        "phases": list(phases),
        "sessions": [
            _session_json(row, row.session, phases) for row in progress.rows if row.session
        ],
        "elsewhere": [
            {
                "who": _who(row.elsewhere.who) if row.elsewhere.who else None,
                "label": _label(row.elsewhere.label),
                "assigned": row.assigned,
                "phases": dict(zip(phases, row.phases, strict=True)),
            }
            for row in progress.rows
            if row.elsewhere is not None
        ],
        "no_session": _session_json(progress.rows[-1], None, phases),
        "total": _session_json(progress.total, None, phases),
    }


# -- writing ---------------------------------------------------------------------------


def export_inputs(*, workflow: str | Path, store: str | Path) -> list[Input]:
    """What an export must not be written over: the workflow file and the store's files (the
    database, SQLite's ``-wal`` and ``-shm`` beside it)."""
    inputs: list[Input] = [(Message("workflow"), workflow)]
    database = sqlite_file(store)
    if database is not None:
        inputs += [
            (Message("store"), database.with_name(database.name + end)) for end in SQLITE_FILES
        ]
    return inputs


def check_export_path(
    path: str | Path, *, workflow: str | Path, store: str | Path, force: bool = False
) -> None:
    """Refuse (:class:`~clearflow.errors.OverwriteError`) an export path that is one of its
    inputs, or an existing file that is not an earlier export (a report's CSV or JSON, a
    workbook clearflow wrote) unless ``force``, before anything is read or written."""
    refuse_overwrite([path], export_inputs(workflow=workflow, store=store))
    head = None if force else _head(path)
    if head is not None and not EXPORT_START.match(head) and not is_clearflow_workbook(path):
        message = Message(
            "{path}: the file exists and is not a clearflow export (name another file, "
            "or replace it with force=True)",
            path=str(path),
        )
        raise OverwriteError(message, fix="force")


def _head(path: str | Path) -> bytes | None:
    """The first bytes of an existing regular file (through symlinks), else None."""
    with contextlib.suppress(OSError):
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            if stat.S_ISREG(os.fstat(handle).st_mode):
                return os.read(handle, 512)
        finally:
            os.close(handle)
    return None


def write_export(
    path: str | Path,
    data: bytes,
    *,
    workflow: str | Path,
    store: str | Path,
    force: bool = False,
) -> None:
    """Write an export atomically; a ``path`` that :func:`check_export_path` refuses is
    refused (:class:`~clearflow.errors.OverwriteError`) and nothing is changed."""
    check_export_path(path, workflow=workflow, store=store, force=force)
    write_atomic(path, data)  # its inputs were refused just above
