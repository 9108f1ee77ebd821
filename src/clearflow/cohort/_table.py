"""Spreadsheet files read into located rows: CSV (UTF-8 or GB18030) and Excel ``.xlsx``.

A :class:`Table` holds the header (names normalised, Chinese aliases mapped) and every
non-empty row as ``{column: text}`` with its spreadsheet row number, so later checks can
say ``roster.csv:7:3: column 'campus': ...``. :func:`open_table` streams the rows: they
are read one at a time from the open file (CSV by :mod:`._csv`, a workbook by
:mod:`._xlsx`), so an import holds a batch of rows, never the file or all its rows.
Problems met while the rows are read (CF703, CF704, a NUL character) are collected in
``table.issues``; problems with the file itself (CF701, CF702) are raised as a
:class:`TableError` at once. :func:`read_table` reads a whole (small) table into memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

import attrs

from clearflow._files import FileTooBigError, NotRegularFileError, open_capped
from clearflow._i18n import Message
from clearflow.cohort._csv import CHUNK, csv_lines, scan
from clearflow.cohort._located import Issues, Line, Record, fail, file_issue
from clearflow.cohort._row_cells import Row, line_cells, line_rows, table_rows
from clearflow.cohort._xlsx import formula_issue, named_sheet, open_sheet, xlsx_records
from clearflow.errors import Issue, Said, TableError

ALIASES: Mapping[str, str] = {
    "学号": "student_id",
    "姓名": "name",
    "辅导员": "counsellor",
    "班主任": "counsellor",
    "欠费": "owes",
    "金额": "amount",
    "欠物": "items",
    "备注": "note",
    "工号": "staff_id",
    "部门": "office",
    "单位": "unit",
    "角色": "role",
}
"""Column names accepted for the English ones (after normalising)."""

MAX_TABLE_BYTES = 256 * 1024 * 1024
"""The largest roster or office list read (CSV or .xlsx): a college's is a few megabytes."""
CSV_SUFFIXES = frozenset({".csv", ".txt"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
HEADER_SEARCH = 20
"""How many rows may stand above the header (a title such as 2014届毕业生花名册)."""
_SPACES = re.compile(r"[\s\-]+")


@attrs.frozen(kw_only=True)
class Table:
    """A file read into rows; ``columns`` maps each normalised name to its 1-based index."""

    source: str
    encoding: str
    sha256: str
    header_row: int
    columns: Mapping[str, int]
    rows: Iterable[Row]
    """Streamed (iterate once) from :func:`open_table`; a tuple from :func:`read_table`."""
    issues: Issues = attrs.field(factory=Issues, eq=False)
    """Problems met while the rows were read; complete once ``rows`` is exhausted."""
    position: Callable[[], tuple[int, int]] = attrs.field(default=lambda: (0, 0), eq=False)
    """How far the reading is, as (done, total): bytes of a CSV file, rows of a sheet."""

    def issue(
        self,
        code: str,
        row: int,
        column: str,
        message: Said,
        hint: Said | None = None,
        *,
        fix: str | None = None,
    ) -> Issue:
        """An error at a row and a named column (no path in the header row)."""
        return Issue(
            code=code,
            message=message,
            hint=hint,
            fix=fix,
            source=self.source,
            line=row,
            column=self.columns.get(column, 1),
            path="" if row == self.header_row else f"column '{column}'",
        )


def normalise(name: str) -> str:
    """A header as clearflow reads it: trimmed, lower-case, spaces as ``_``, aliases mapped."""
    text = _SPACES.sub("_", name.strip().lower()).strip("_")
    return ALIASES.get(text, text)


def _opened(path: Path, source: str) -> BinaryIO:
    """The file opened for streaming; CF701 when it cannot be (missing, special, too big)."""
    try:
        return open_capped(path, MAX_TABLE_BYTES)
    except FileNotFoundError:
        raise fail(source, "CF701", Message("no such file"), Message("check the path")) from None
    except NotRegularFileError as error:
        if error.kind == "a directory":
            raise fail(source, "CF701", Message("is a directory, not a table file")) from None
        message = Message("is {kind}, not a regular file", kind=error.kind)
        raise fail(source, "CF701", message, Message("name a .csv or .xlsx file")) from None
    except FileTooBigError as error:
        raise _too_big(source, error) from None
    except OSError as error:
        message = Message("cannot read file: {reason}", reason=error.strerror)
        raise fail(source, "CF701", message, Message("check permissions")) from None


def _too_big(source: str, error: FileTooBigError) -> TableError:
    hint = Message("a roster is a few megabytes; is this the right file?")
    return fail(source, "CF701", error.describe(), hint)


def _digest(handle: BinaryIO) -> str:
    """The sha256 of the open file's bytes, read in chunks."""
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


@contextlib.contextmanager
def open_table(path: Path, *, sheet: str | None = None, key: str = "student_id") -> Iterator[Table]:
    """A CSV or .xlsx file opened as a :class:`Table` whose rows stream from the file.

    The header is the first row naming ``key`` (else the first row). Raises
    :class:`TableError` when the file cannot be read or holds no rows; the rows' problems
    are in ``table.issues`` once the rows are read.
    """
    source = str(path)
    suffix = path.suffix.lower()
    with _opened(path, source) as handle:
        try:
            if suffix in CSV_SUFFIXES:
                sha256, encoding, codec = scan(handle, source)
                size = path.stat().st_size
                lines = csv_lines(handle, source, codec)
                yield _table(
                    source,
                    encoding,
                    sha256,
                    _records(lines),
                    key,
                    lambda: (handle.tell(), size),
                    lines,
                )
            elif suffix in XLSX_SUFFIXES:
                sha256 = _digest(handle)
                book, worksheet = open_sheet(handle, source, sheet)
                try:
                    formulas: list[tuple[str, int, int, str]] = []
                    read = [0, worksheet.max_row or 0]
                    records = _counted(xlsx_records(book, worksheet, source, formulas), read)
                    table = _table(
                        source, "xlsx", sha256, records, key, lambda: (read[0], max(read))
                    )
                    yield attrs.evolve(table, rows=_then(table, formulas))
                finally:
                    book.close()
            else:
                hint = (
                    Message("save it as .xlsx or CSV UTF-8")
                    if suffix == ".xls"
                    else Message("save it as .xlsx or CSV")
                )
                message = Message(
                    "unsupported file type '{kind}' (expected .csv or .xlsx)",
                    kind=suffix or path.name,
                )
                raise fail(source, "CF701", message, hint)
        except FileTooBigError as error:
            raise _too_big(source, error) from None


def _counted(records: Iterator[Record], read: list[int]) -> Iterator[Record]:
    for record in records:
        read[0] = record[0]
        yield record


def _records(lines: Iterator[Line]) -> Iterator[Record]:
    """The lines as records, one at a time: those after the header are read as lines."""
    for number, line in lines:
        yield number, line_cells(line)


def _then(table: Table, formulas: list[tuple[str, int, int, str]]) -> Iterator[Row]:
    """The table's rows, then its formula cells as issues (CF703) once all are read."""
    yield from table.rows
    names = {index: name for name, index in table.columns.items()}
    table.issues.extend(formula_issue(table.source, names, *formula) for formula in formulas)


def read_table(path: Path, *, sheet: str | None = None, key: str = "student_id") -> Table:
    """A whole table read into memory (its ``rows`` a tuple): for small files and tests.

    Raises :class:`TableError` when the file cannot be read or any row has a problem.
    """
    with open_table(path, sheet=sheet, key=key) as table:
        rows = tuple(table.rows)
    if table.issues:
        raise TableError(table.issues, table.issues.note())
    return attrs.evolve(table, rows=rows)


def table_identity(path: Path, *, sheet: str | None = None) -> tuple[str, str | None] | None:
    """What a table file is, for an import's record: its bytes' sha256 and the sheet read.

    The sheet is None for a CSV file and for a workbook's first sheet (read without
    ``sheet``), else its title. None when the file cannot be read (:func:`open_table`
    says why); a TableError (CF701) when the workbook has no sheet ``sheet``.
    """
    try:
        handle = open_capped(path, MAX_TABLE_BYTES)
    except (OSError, NotRegularFileError, FileTooBigError):
        return None
    with handle:
        try:
            digest = _digest(handle)
        except (OSError, FileTooBigError):
            return None
        if sheet is None or path.suffix.lower() not in XLSX_SUFFIXES:
            return digest, None
        return digest, named_sheet(handle, str(path), sheet)


def _table(
    source: str,
    encoding: str,
    digest: str,
    records: Iterator[Record],
    key: str,
    position: Callable[[], tuple[int, int]],
    lines: Iterator[Line] | None = None,
) -> Table:
    """The header found among the first records; the rest streamed as :class:`Row` s.

    ``lines``, when the records are a CSV file's lines made records (:func:`_records`):
    the lines after those the header search read become rows straight from the lines.
    """
    filled = (record for record in records if record[1])
    buffered: list[Record] = []
    at = None
    for record in filled:
        buffered.append(record)
        if key in {normalise(cell) for _, cell in record[1]}:
            at = len(buffered) - 1
            break
        if len(buffered) >= HEADER_SEARCH:
            break
    if not buffered:
        hint = Message("the first row names the columns")
        raise fail(source, "CF701", Message("file has no rows"), hint)
    at = at or 0
    header_row, header = buffered[at]
    issues = Issues()
    columns: dict[str, int] = {}
    twice: set[int] = set()
    for index, raw in header:
        name = normalise(raw)
        if name in columns:
            hint = Message("first in column {column}", column=columns[name])
            message = Message("column '{name}' is named twice", name=name)
            issues.append(file_issue(source, "CF704", message, hint, header_row, index))
            twice.add(index)
        elif name:
            columns[name] = index
    named = {index: name for name, index in columns.items()}
    if lines is None:
        rest = itertools.chain(buffered[at + 1 :], filled)
        rows = table_rows(source, rest, named, twice, issues)
    else:  # the records the search read, then the lines it left
        rows = itertools.chain(
            table_rows(source, buffered[at + 1 :], named, twice, issues),
            line_rows(source, lines, named, twice, issues),
        )
    return Table(
        source=source,
        encoding=encoding,
        sha256=digest,
        header_row=header_row,
        columns=columns,
        rows=rows,
        issues=issues,
        position=position,
    )


__all__ = [
    "MAX_TABLE_BYTES",
    "Row",
    "Table",
    "file_issue",
    "normalise",
    "open_table",
    "read_table",
    "table_identity",
]
