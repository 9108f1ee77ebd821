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

from clearflow._hints import suggest
from clearflow.errors import Issue, TableError

Records = list[tuple[int, list[str]]]
"""Each spreadsheet row's number and its cells as text."""


def read_xlsx(
    data: bytes, source: str, sheet: str | None
) -> tuple[Records, list[tuple[str, int, int, str]]]:
    """The rows of one sheet as text, and every formula cell (sheet, row, column, formula)."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        message = f"not a readable .xlsx workbook ({error})"
        hint = "open it in Excel and save it again"
        raise TableError([Issue(code="CF701", message=message, hint=hint, source=source)]) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            hint = suggest(sheet, book.sheetnames) or "sheets: " + ", ".join(book.sheetnames)
            raise TableError(
                [Issue(code="CF701", message=f"no sheet '{sheet}'", hint=hint, source=source)]
            )
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


__all__ = ["Records", "column_letter", "read_xlsx"]
