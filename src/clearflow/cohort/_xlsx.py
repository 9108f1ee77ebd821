"""Excel ``.xlsx`` sheets streamed as rows of text, for :mod:`clearflow.cohort._table`.

With ``_workbook`` (which writes exports) the only importer of openpyxl, and only when a
workbook is read (inside the function, for start-up cost): importing a CSV never loads
it. Formula cells are reported, not evaluated: an import takes values only. Rows are
read one at a time from the open file, bounded by the cells that hold values, whatever
used range the sheet declares.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from clearflow._hints import suggest
from clearflow._i18n import Message
from clearflow.cohort._located import Record
from clearflow.errors import Issue, TableError

MAX_COLUMNS = 1024
"""The last column a table may use (``AMJ``); a value further right is refused (CF701)."""
MAX_FORMULAS = 1000
"""Formula cells reported at most (each is an issue; the first ones say enough)."""


def open_sheet(handle: BinaryIO, source: str, sheet: str | None) -> tuple[Any, Any]:
    """The workbook (read-only: close it) and the sheet to read: ``sheet``, or the first."""
    book = _open(handle, source)
    if sheet is not None and sheet not in book.sheetnames:
        book.close()
        raise _no_sheet(source, sheet, book.sheetnames)
    return book, (book.worksheets[0] if sheet is None else book[sheet])


def xlsx_records(
    book: Any, worksheet: Any, source: str, formulas: list[tuple[str, int, int, str]]
) -> Iterator[Record]:
    """Each row's number and its cells holding a value; formula cells added to ``formulas``.

    The sheet's XML is read cell by cell, as written: the used range the sheet declares
    (its dimension, which may say ``A1:XFD1048576`` for one formatted cell) is ignored,
    and a cell without a value (formatting only) costs nothing, so a sheet is read in
    time and memory bounded by its values. openpyxl's own ``iter_rows`` pads every row to
    the declared or last cell; its sheet parser (``WorkSheetParser``, openpyxl 3.1) is
    used instead, as ``ReadOnlyWorksheet`` itself uses it. A value right of
    :data:`MAX_COLUMNS` is a TableError (CF701) at its cell.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with worksheet._get_source() as xml:
        parser = WorkSheetParser(
            xml,
            worksheet._shared_strings,
            data_only=False,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )
        for number, cells in parser.parse():
            texts: list[tuple[int, str]] = []
            for cell in cells:
                value, column = cell["value"], cell["column"]
                if value is None:
                    continue
                if column > MAX_COLUMNS:
                    place = column_letter(column) + str(number)
                    message = Message(
                        "cell {cell} holds a value beyond column {last}",
                        cell=place,
                        last=column_letter(MAX_COLUMNS),
                    )
                    hint = Message("a table uses fewer columns: move the value or delete it")
                    issue = Issue(
                        code="CF701",
                        message=message,
                        hint=hint,
                        source=source,
                        line=number,
                        column=column,
                    )
                    raise TableError([issue])
                if cell["data_type"] == "f" and len(formulas) < MAX_FORMULAS:
                    formulas.append((worksheet.title, number, column, str(value)))
                text = _cell_text(value)
                if text:
                    texts.append((column, text))
            if texts:
                yield number, texts


def named_sheet(handle: BinaryIO, source: str, sheet: str) -> str | None:
    """The sheet ``sheet`` names, or None when it is the first (the one read without a name).

    What an import records of the sheet it read, so the first sheet is the same import
    however it is asked for. A TableError (CF701) when the workbook has no such sheet (the
    message names the sheets it has) or cannot be read. Sheet data is not read.
    """
    book = _open(handle, source)
    try:
        names = list(book.sheetnames)
    finally:
        book.close()
    if sheet not in names:
        raise _no_sheet(source, sheet, names)
    return None if sheet == names[0] else sheet


def _open(handle: BinaryIO, source: str) -> Any:
    """The workbook, opened read-only (its sheets are read when iterated)."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            handle.seek(0)
            return openpyxl.load_workbook(handle, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        message = Message("not a readable .xlsx workbook ({reason})", reason=str(error))
        hint = Message("open it in Excel and save it again")
        raise TableError([Issue(code="CF701", message=message, hint=hint, source=source)]) from None


def _no_sheet(source: str, sheet: str, names: list[str]) -> TableError:
    """CF701 for a sheet the workbook lacks: a did-you-mean, and the sheets it has."""
    shown = ", ".join(f"'{name}'" for name in names[:8]) + (", ..." if len(names) > 8 else "")
    has = Message("its sheets are {sheets}", sheets=shown) if names else Message("it has no sheet")
    close = suggest(sheet, names)
    hint = Message("{suggestion} {sheets}", suggestion=close, sheets=has) if close else has
    message = Message("no sheet '{sheet}' in the workbook", sheet=sheet)
    return TableError([Issue(code="CF701", message=message, hint=hint, source=source)])


def formula_issue(
    source: str, names: Mapping[int, str], title: str, row: int, column: int, formula: str
) -> Issue:
    """CF703: a formula cell, in the named column when it has one (values only are read)."""
    name = names.get(column, "")
    place = column_letter(column) + str(row)
    return Issue(
        code="CF703",
        message=Message(
            "sheet '{sheet}' cell {cell} holds formula '{formula}'",
            sheet=title,
            cell=place,
            formula=formula,
        ),
        hint=Message("copy the sheet and paste it as values only"),
        source=source,
        line=row,
        column=column,
        path=f"column '{name}'" if name else "",
    )


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


__all__ = [
    "MAX_COLUMNS",
    "column_letter",
    "formula_issue",
    "named_sheet",
    "open_sheet",
    "xlsx_records",
]
