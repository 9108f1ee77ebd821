"""CSV, Excel and JSON exports of the cohort reports, and writing them atomically.

CSV is for people opening the file in a spreadsheet: UTF-8 with a byte-order mark
by default (so Excel on Chinese Windows reads it right) or GB18030, labels in one
language, and every text cell that a spreadsheet would run as a formula (starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) prefixed with ``'``.
An Excel workbook (``.xlsx``, :mod:`clearflow.cohort._workbook`) holds the same cells
under headings in the reader's language, text neutralised the same way, numbers as
numbers and dates as dates. JSON is for tools: ids, both languages of every label,
numbers as numbers. Besides the blocked rows and the progress per session: the leaving
record of the released students (:mod:`clearflow.cohort._leaving`) and the grid of every
student's steps (:mod:`clearflow.cohort._grid`). Every export is written as its rows come
(:mod:`clearflow.cohort._writers`), to a file put in place atomically (:func:`open_export`)
or to standard output.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from clearflow._atomic import Input, open_atomic, refuse_overwrite
from clearflow._i18n import Lang, Message
from clearflow.cohort._export_blocked import (
    BLOCKED_COLUMNS,
    blocked_cells,
    blocked_header,
    blocked_item,
    write_blocked,
)
from clearflow.cohort._grid import grid_cell, stream_cases, write_grid
from clearflow.cohort._headings import PROGRESS_SHEET, progress_headings
from clearflow.cohort._leaving import LeavingRow, read_leaving, write_leaving
from clearflow.cohort._writers import (
    ENCODINGS,
    FORMULA_STARTS,
    Cell,
    label_json,
    neutralise,
    write_csv,
    write_xlsx,
)
from clearflow.cohort.progress import Progress, SessionProgress
from clearflow.cohort.report import BlockedRow
from clearflow.errors import OverwriteError
from clearflow.spec import Selector, Session, Workflow
from clearflow.store import sqlite_file
from clearflow.words import Words

SQLITE_FILES = ("", "-wal", "-shm")
"""What a SQLite store's database file is followed by in the names of its files."""
EXPORT_START = re.compile(
    rb"(\xef\xbb\xbf)?(student_id,name,counsellor,|session,date,start,end,who,expected,|"
    rb'\{\s*"workflow": "[^"\n]*",\s*"report": "(blocked|progress|released|grid)")'
)
"""How a file clearflow exported begins: a CSV header of a report, or the JSON head."""


def _bytes(write: Callable[[BinaryIO], object]) -> bytes:
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], encoding: str) -> bytes:
    """A CSV file's bytes: a header line, then one line per row, every cell neutralised."""
    return _bytes(lambda file: write_csv(file, header, rows, encoding))


def to_xlsx(header: Sequence[str], rows: Iterable[Sequence[Cell]], sheet: str) -> bytes:
    """An ``.xlsx`` workbook's bytes: one sheet named ``sheet``, a bold frozen header row,
    columns as wide as their cells, text neutralised as in CSV, numbers and dates typed."""
    return _bytes(lambda file: write_xlsx(file, header, rows, sheet))


def to_json(data: Any) -> bytes:
    """Indented UTF-8 JSON (Chinese written as is), ending with a newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- blocked ---------------------------------------------------------------------------


def blocked_table(
    workflow: Workflow, rows: Iterable[BlockedRow], lang: Lang = "en", by: str | None = None
) -> tuple[list[str], list[list[Cell]]]:
    """The blocked rows as a header and cells, labels in ``lang``.

    The fact the rows were built with (``by``, see :func:`~clearflow.cohort.report.group_fact`)
    comes after the counsellor, as its value id and its label.
    """
    return blocked_header(workflow, by), list(blocked_cells(workflow, rows, lang, by))


def blocked_xlsx(
    workflow: Workflow, rows: Iterable[BlockedRow], lang: Lang = "en", by: str | None = None
) -> bytes:
    """The cells of :func:`blocked_table` as a workbook, headings and sheet name in ``lang``."""
    return _bytes(lambda file: write_blocked(file, "xlsx", workflow, rows, lang=lang, by=by))


def blocked_json(workflow: Workflow, rows: Iterable[BlockedRow]) -> dict[str, Any]:
    """The blocked rows for tools: ids, both label languages, ISO dates, null for missing;
    then how many students they are about."""
    items = [blocked_item(row) for row in rows]
    students = len({item["student_id"] for item in items})
    return {"workflow": workflow.id, "report": "blocked", "rows": items, "students": students}


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
    return _bytes(lambda file: write_progress(file, "xlsx", workflow, progress, lang=lang))


def write_progress(
    file: BinaryIO,
    output_format: str,
    workflow: Workflow,
    progress: Progress,
    *,
    lang: Lang = "en",
    encoding: str = "utf-8-sig",
) -> int:
    """Write the progress per session as ``csv``, ``xlsx`` or ``json``; how many rows."""
    if output_format == "json":
        file.write(to_json(progress_json(workflow, progress)))
    else:
        header, cells = progress_table(workflow, progress, lang)
        if output_format == "xlsx":
            headings = progress_headings(header, progress.phases, Words(workflow, lang))
            write_xlsx(file, headings, cells, PROGRESS_SHEET.text(lang))
        else:
            write_csv(file, header, cells, encoding)
    return len(progress.rows) + 1


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
                "label": label_json(row.elsewhere.label),
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
    if head is None or EXPORT_START.match(head):
        return
    from clearflow.cohort._workbook import is_clearflow_workbook  # 15 ms of XML: only here

    if not is_clearflow_workbook(path):
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
    with open_export(path, workflow=workflow, store=store, force=force) as file:
        file.write(data)


@contextlib.contextmanager
def open_export(
    path: str | Path, *, workflow: str | Path, store: str | Path, force: bool = False
) -> Iterator[BinaryIO]:
    """A binary file to write an export to as its rows come, put in place atomically when
    the block ends (:func:`~clearflow._atomic.open_atomic`: on any error nothing is
    changed); a ``path`` that :func:`check_export_path` refuses is refused first."""
    check_export_path(path, workflow=workflow, store=store, force=force)
    with open_atomic(path) as file:  # its inputs were refused just above
        yield file


__all__ = [
    "BLOCKED_COLUMNS",
    "ENCODINGS",
    "EXPORT_START",
    "FORMULA_STARTS",
    "Cell",
    "LeavingRow",
    "blocked_json",
    "blocked_table",
    "blocked_xlsx",
    "check_export_path",
    "export_inputs",
    "grid_cell",
    "neutralise",
    "open_export",
    "progress_json",
    "progress_table",
    "progress_xlsx",
    "read_leaving",
    "stream_cases",
    "to_csv",
    "to_json",
    "to_xlsx",
    "write_blocked",
    "write_export",
    "write_grid",
    "write_leaving",
    "write_progress",
]
