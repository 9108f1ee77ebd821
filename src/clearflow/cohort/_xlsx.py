"""Excel ``.xlsx`` sheets read as rows of text, for :mod:`clearflow.cohort._table`.

The only importer of openpyxl, and only when a workbook is read (inside the function,
for start-up cost): importing a CSV file never loads it. Formula cells are reported,
not evaluated: an import takes values only.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from typing import Any

from clearflow._hints import suggest
from clearflow.errors import Issue, TableError

Records = list[tuple[int, list[str]]]
"""Each spreadsheet row's number and its cells as text."""


def read_xlsx(
    data: bytes, source: str, sheet: str | None
) -> tuple[Records, list[tuple[str, int, int, str]]]:
    """The rows of one sheet as text, and every formula cell (sheet, row, column, formula)."""
    book = _open(data, source)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise _no_sheet(source, sheet, book.sheetnames)
        worksheet = book.worksheets[0] if sheet is None else book[sheet]
        records: Records = []
        formulas: list[tuple[str, int, int, str]] = []
        for number, cells in enumerate(worksheet.iter_rows(min_row=1), start=1):
            texts: list[str] = []
            for index, cell in enumerate(cells, start=1):
                if cell.data_type == "f":
                    formulas.append((worksheet.title, number, index, str(cell.value)))
                texts.append(_cell_text(cell.value))
            records.append((number, texts))
    finally:
        book.close()
    return records, formulas


def named_sheet(data: bytes, source: str, sheet: str) -> str | None:
    """The sheet ``sheet`` names, or None when it is the first (the one read without a name).

    What an import records of the sheet it read, so the first sheet is the same import
    however it is asked for. A TableError (CF701) when the workbook has no such sheet (the
    message names the sheets it has) or cannot be read. Sheet data is not read.
    """
    book = _open(data, source)
    try:
        names = list(book.sheetnames)
    finally:
        book.close()
    if sheet not in names:
        raise _no_sheet(source, sheet, names)
    return None if sheet == names[0] else sheet


def _open(data: bytes, source: str) -> Any:
    """The workbook, opened read-only (its sheets are read when iterated)."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        message = f"not a readable .xlsx workbook ({error})"
        hint = "open it in Excel and save it again"
        raise TableError([Issue(code="CF701", message=message, hint=hint, source=source)]) from None


def _no_sheet(source: str, sheet: str, names: list[str]) -> TableError:
    """CF701 for a sheet the workbook lacks: a did-you-mean, and the sheets it has."""
    shown = ", ".join(f"'{name}'" for name in names[:8]) + (", ..." if len(names) > 8 else "")
    has = f"its sheets are {shown}" if names else "it has no sheet"
    close = suggest(sheet, names)
    hint = f"{close} {has}" if close else has
    message = f"no sheet '{sheet}' in the workbook"
    return TableError([Issue(code="CF701", message=message, hint=hint, source=source)])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    return str(value).strip()


def column_letter(column: int) -> str:
    """A 1-based column number as Excel names it: 1 is ``A``, 28 is ``AB``."""
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(column)


__all__ = ["Records", "column_letter", "named_sheet", "read_xlsx"]
