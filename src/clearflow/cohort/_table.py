"""Spreadsheet files read into located rows: CSV (UTF-8 or GB18030) and Excel ``.xlsx``.

A :class:`Table` holds the header (names normalised, Chinese aliases mapped) and
every non-empty row as ``{column: text}`` with its spreadsheet row number (a workbook
is read by :mod:`._xlsx`), so later checks can say ``roster.csv:7:3: column 'campus':
...``. Problems with the file itself are collected as :class:`~clearflow.errors.Issue` s
(codes CF701-CF704) and raised together as a :class:`TableError`. The encoding of a CSV
file is decided once, explicitly: a UTF-8 byte order mark means UTF-8; otherwise UTF-8
if every byte reads as UTF-8, else GB18030 (what Excel writes on Chinese Windows), else
the file is refused at its first unreadable byte.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from collections.abc import Mapping
from pathlib import Path

import attrs

from clearflow._files import FileTooBigError, NotRegularFileError, read_capped
from clearflow.cohort._xlsx import Records, column_letter, named_sheet, read_xlsx
from clearflow.errors import Issue, TableError

ALIASES: Mapping[str, str] = {
    "学号": "student_id",
    "姓名": "name",
    "辅导员": "counsellor",
    "班主任": "counsellor",
    "欠费": "owes",
    "金额": "amount",
    "欠物": "items",
    "备注": "note",
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
class Row:
    """One non-empty spreadsheet row: its number (the header is usually 1) and its cells."""

    number: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        """A cell's text, empty when the column is missing or the cell blank."""
        return self.cells.get(column, "")


@attrs.frozen(kw_only=True)
class Table:
    """A file read into rows; ``columns`` maps each normalised name to its 1-based index."""

    source: str
    encoding: str
    sha256: str
    header_row: int
    columns: Mapping[str, int]
    rows: tuple[Row, ...]

    def issue(
        self,
        code: str,
        row: int,
        column: str,
        message: str,
        hint: str | None = None,
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


def file_issue(
    source: str,
    code: str,
    message: str,
    hint: str | None = None,
    row: int = 1,
    column: int = 1,
    *,
    fix: str | None = None,
) -> Issue:
    """An error about a file as a whole (or one position in it); ``fix`` as on Issue."""
    return Issue(
        code=code, message=message, hint=hint, source=source, line=row, column=column, fix=fix
    )


def _fail(source: str, code: str, message: str, hint: str | None = None) -> TableError:
    return TableError([file_issue(source, code, message, hint)])


def read_table(path: Path, *, sheet: str | None = None, key: str = "student_id") -> Table:
    """Read a CSV or .xlsx file; the header is the first row naming ``key`` (else the first row).

    Raises :class:`TableError` when the file cannot be read or its header is malformed.
    """
    source = str(path)
    suffix = path.suffix.lower()
    try:
        data = read_capped(path, MAX_TABLE_BYTES)
    except FileNotFoundError:
        raise _fail(source, "CF701", "no such file", "check the path") from None
    except NotRegularFileError as error:
        if error.kind == "a directory":
            raise _fail(source, "CF701", "is a directory, not a table file") from None
        message = f"is {error.kind}, not a regular file"
        raise _fail(source, "CF701", message, "name a .csv or .xlsx file") from None
    except FileTooBigError as error:
        hint = "a roster is a few megabytes; is this the right file?"
        raise _fail(source, "CF701", error.describe(), hint) from None
    except OSError as error:
        message = f"cannot read file: {error.strerror}"
        raise _fail(source, "CF701", message, "check permissions") from None
    if suffix in CSV_SUFFIXES:
        encoding, records = _read_csv(data, source)
    elif suffix in XLSX_SUFFIXES:
        encoding = "xlsx"
        records, formulas = read_xlsx(data, source, sheet)
        if formulas:
            header = _header(records, key)[2]
            raise TableError(_formula_issue(source, header, *formula) for formula in formulas)
    else:
        hint = "save it as .xlsx or CSV UTF-8" if suffix == ".xls" else "save it as .xlsx or CSV"
        message = f"unsupported file type '{suffix or path.name}' (expected .csv or .xlsx)"
        raise _fail(source, "CF701", message, hint)
    return _table(source, encoding, hashlib.sha256(data).hexdigest(), records, key)


def table_identity(path: Path, *, sheet: str | None = None) -> tuple[str, str | None] | None:
    """What a table file is, for an import's record: its bytes' sha256 and the sheet read.

    The sheet is None for a CSV file and for a workbook's first sheet (read without
    ``sheet``), else its title. None when the file cannot be read (:func:`read_table`
    says why); a TableError (CF701) when the workbook has no sheet ``sheet``.
    """
    try:
        data = read_capped(path, MAX_TABLE_BYTES)
    except (OSError, NotRegularFileError, FileTooBigError):
        return None
    digest = hashlib.sha256(data).hexdigest()
    if sheet is None or path.suffix.lower() not in XLSX_SUFFIXES:
        return digest, None
    return digest, named_sheet(data, str(path), sheet)


def _header(records: Records, key: str) -> tuple[int, int, list[str]]:
    """Where the header is among the non-empty records, its row number and its cells."""
    filled = [(number, cells) for number, cells in records if any(cells)]
    if not filled:
        return 0, 1, []
    at = next(
        (
            index
            for index, (_, cells) in enumerate(filled[:HEADER_SEARCH])
            if key in {normalise(cell) for cell in cells}
        ),
        0,
    )
    return at, *filled[at]


def _table(source: str, encoding: str, digest: str, records: Records, key: str) -> Table:
    filled = [(number, cells) for number, cells in records if any(cells)]
    if not filled:
        hint = "the first row names the columns"
        raise _fail(source, "CF701", "file has no rows", hint)
    at, header_row, header = _header(records, key)
    issues: list[Issue] = []
    columns: dict[str, int] = {}
    twice: set[int] = set()
    for index, raw in enumerate(header, start=1):
        name = normalise(raw)
        if name in columns:
            hint = f"first in column {columns[name]}"
            message = f"column '{name}' is named twice"
            issues.append(file_issue(source, "CF704", message, hint, header_row, index))
            twice.add(index)
        elif name:
            columns[name] = index
    named = {index: name for name, index in columns.items()}
    rows: list[Row] = []
    for number, cells in filled[at + 1 :]:
        values: dict[str, str] = {}
        for index, cell in enumerate(cells, start=1):
            if index in named:
                values[named[index]] = cell
            elif cell and index not in twice:
                message = f"value '{cell}' has no column name"
                hint = "name the column in the header row, or delete the value"
                issues.append(file_issue(source, "CF704", message, hint, number, index))
        rows.append(Row(number=number, cells=values))
    if issues:
        raise TableError(issues)
    return Table(
        source=source,
        encoding=encoding,
        sha256=digest,
        header_row=header_row,
        columns=columns,
        rows=tuple(rows),
    )


# -- CSV ----------------------------------------------------------------------


def _read_csv(data: bytes, source: str) -> tuple[str, Records]:
    if data.startswith(b"PK\x03\x04"):
        raise _fail(source, "CF701", "file is an Excel workbook with a CSV name", "rename it .xlsx")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        hint = "save it as 'CSV UTF-8 (comma delimited)'"
        raise _fail(source, "CF702", "file is UTF-16 (Excel's 'Unicode text')", hint)
    encoding, text = _decode(data, source)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise _fail(source, "CF701", f"cannot read CSV: {error}") from None
    return encoding, [
        (number, [cell.strip() for cell in cells]) for number, cells in enumerate(records, start=1)
    ]


def _decode(data: bytes, source: str) -> tuple[str, str]:
    """The encoding chosen and the text: UTF-8 (with or without BOM), else GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return "UTF-8 (BOM)", data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise _bad_byte(data, source, error.start + 3, "utf-8") from None
    try:
        return "UTF-8", data.decode("utf-8")
    except UnicodeDecodeError as as_utf8:
        utf8_error = as_utf8
    try:
        return "GB18030", data.decode("gb18030")
    except UnicodeDecodeError as as_gb18030:
        gb18030_error = as_gb18030
    # Point at the byte where the reading that got furthest stopped.
    if utf8_error.start >= gb18030_error.start:
        raise _bad_byte(data, source, utf8_error.start, "utf-8") from None
    raise _bad_byte(data, source, gb18030_error.start, "gb18030") from None


def _bad_byte(data: bytes, source: str, offset: int, codec: str) -> TableError:
    # Parse the text before the byte plus a sentinel: the sentinel's cell is the position.
    text = data[:offset].decode(codec, "replace").removeprefix("\ufeff") + "\x01"
    records = list(csv.reader(io.StringIO(text, newline="")))
    byte = f"byte 0x{data[offset]:02x}"
    if data.startswith(codecs.BOM_UTF8):
        message = f"file starts with a UTF-8 byte order mark but {byte} is not UTF-8"
    else:
        message = f"file is neither UTF-8 nor GB18030: {byte} is not {codec.upper()}"
    hint = "save it from Excel as 'CSV UTF-8 (comma delimited)'"
    row, column = len(records), len(records[-1])
    return TableError([file_issue(source, "CF702", message, hint, row, column)])


def _formula_issue(
    source: str, header: list[str], title: str, row: int, column: int, formula: str
) -> Issue:
    name = normalise(header[column - 1]) if column <= len(header) else ""
    return Issue(
        code="CF703",
        message=f"sheet '{title}' cell {column_letter(column)}{row} holds formula '{formula}'",
        hint="copy the sheet and paste it as values only",
        source=source,
        line=row,
        column=column,
        path=f"column '{name}'" if name else "",
    )
