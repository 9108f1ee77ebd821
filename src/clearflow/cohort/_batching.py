"""How an import reads its file: the key it is recorded by, its rows counted and batched.

The importer (:mod:`clearflow.cohort.importing`) streams a table's rows; this module
hashes the file for the import's key (in chunks), checks that the file read is the file
hashed, cuts the rows into batches of :data:`BATCH`, raises the problems found (at most
:data:`~clearflow.cohort._located.MAX_ISSUES` of them listed) and tells the progress.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

import attrs

from clearflow._i18n import Message
from clearflow.cohort._located import Issues, file_issue
from clearflow.cohort._rows import Columns, check_columns
from clearflow.cohort._table import Row, Table, table_identity
from clearflow.errors import TableError

T = TypeVar("T")
Progress = Callable[[int, int], None]
"""Called as ``progress(rows, total)`` while rows are read and written; ``total`` is an
estimate (from the bytes read, or the sheet's declared size) until the last call."""
BATCH = 1000
"""Rows checked and written at a time: what an import holds in memory, whatever its size."""


def import_key(
    path: Path, sheet: str | None, kind: str, *context: str
) -> tuple[str | None, str | None]:
    """The sha256 an import is recorded by (of what was imported), and the file's own.

    The key covers the file's bytes, the sheet read (when not the first), the kind, and for
    an office list the office, step and ``clear_unlisted``; so a second sheet of a workbook
    is a new import. A roster from a CSV file or a workbook's first sheet is recorded by its
    bytes' sha256 alone, and a list without a sheet by the same text as before sheets were
    recorded, so stores imported into before keep their records. (None, None) when the file
    cannot be read (open_table says why); a TableError (CF701) when the workbook lacks the
    sheet. The file is hashed in chunks, never held.
    """
    identity = table_identity(path, sheet=sheet)
    if identity is None:
        return None, None
    digest, sheet_read = identity
    if kind == "roster" and not context and sheet_read is None:
        return digest, digest
    parts = [digest, kind, *context] + (["sheet", sheet_read] if sheet_read is not None else [])
    return hashlib.sha256("\0".join(parts).encode()).hexdigest(), digest


def same_file(table: Table, digest: str | None) -> None:
    """CF701 when the file read is not the one hashed for the import's key (it changed)."""
    if table.sha256 != digest:
        message = Message("file changed while it was read")
        raise TableError([file_issue(table.source, "CF701", message, Message("import it again"))])


def read_columns(
    table: Table, names: Mapping[str, str], required: set[str], kind: Message
) -> tuple[Columns, Issues]:
    """The file's columns read as :func:`check_columns` does, their problems collected."""
    columns, found = check_columns(table, names, required, kind)
    return columns, Issues(found)


def counted(table: Table, counts: dict[str, int]) -> Table:
    """The table, its rows counted in ``counts["rows"]`` as they are read."""

    def rows() -> Iterator[Row]:
        for row in table.rows:
            counts["rows"] += 1
            yield row

    return attrs.evolve(table, rows=rows())


def batches(items: Iterable[T]) -> Iterator[list[T]]:
    """``items`` in lists of :data:`BATCH`, read as they come."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def raise_issues(table: Table, issues: Issues) -> None:
    """The TableError for the problems found; formula cells alone when there are any.

    A formula's cell is not read as a value (its text would be reported again as one).
    """
    formulas = [issue for issue in issues if issue.code == "CF703"]
    if formulas:
        issues = Issues(formulas)
    if issues:
        note = issues.note()
        if table.encoding == "GB18030":
            encoding = Message(
                "{source} was read as GB18030 (Excel's CSV on Chinese Windows)",
                source=table.source,
            )
            note = (
                encoding if note is None else Message("{first}; {then}", first=note, then=encoding)
            )
        raise TableError(issues, note)


def tick(progress: Progress | None, table: Table, rows: int, *, done: bool = False) -> None:
    """Rows read so far, of an estimate of the file's rows (from bytes or the sheet's size)."""
    if progress is None:
        return
    if done:
        progress(rows, rows)
        return
    read, size = table.position()
    progress(rows, max(rows, rows * size // read if read else rows))


__all__ = [
    "BATCH",
    "Progress",
    "batches",
    "counted",
    "import_key",
    "raise_issues",
    "read_columns",
    "same_file",
    "tick",
]
