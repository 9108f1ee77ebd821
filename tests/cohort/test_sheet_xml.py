"""The fenced sheet writer: what openpyxl reads back equals a workbook openpyxl wrote."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import Any

import openpyxl
import pytest
from openpyxl.cell import WriteOnlyCell

from clearflow.cohort._sheet_xml import FORMATS, Value, column_letter, write_sheet_xml

ZONE = dt.timezone(dt.timedelta(hours=8))
ROWS: list[list[Value]] = [
    ["2014001", "张三", 3, -2, 1.5, None, "", "  spaced  ", "a&b<c>\"'", "line\nbreak"],
    [
        "2014002",
        "'=1+1",
        0,
        dt.date(2014, 7, 10),
        dt.datetime(2014, 7, 10, 9, 30),
        dt.datetime(2014, 7, 10, 9, 30, tzinfo=ZONE),
        dt.time(14, 5),
        None,
        "x",
        "y",
    ],
]
HEADER = [f"h{number}" for number in range(10)]


def ours() -> openpyxl.Workbook:
    """The rows written by the fenced writer, read back."""
    file = io.BytesIO()
    write_sheet_xml(
        file,
        HEADER,
        iter(ROWS),
        sheet="受阻名单",
        widths=[12] * len(HEADER),
        text=str,
        creator="clearflow",
    )
    return openpyxl.load_workbook(io.BytesIO(file.getvalue()))


def reference(rows: Sequence[Sequence[Value]]) -> openpyxl.Workbook:
    """The same rows written by openpyxl's write-only mode, read back."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("受阻名单")
    sheet.append([WriteOnlyCell(sheet, value=cell) for cell in HEADER])
    formats = {dt.datetime: FORMATS[2], dt.date: FORMATS[3], dt.time: FORMATS[4]}
    for row in rows:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, dt.date | dt.time):
                plain: Any = value
                if isinstance(value, dt.datetime | dt.time) and value.tzinfo is not None:
                    plain = value.replace(tzinfo=None)
                cell = WriteOnlyCell(sheet, value=plain)
                cell.number_format = formats[type(value)]
                cells.append(cell)
            else:
                cells.append(None if value == "" else value)
        sheet.append(cells)
    file = io.BytesIO()
    book.save(file)
    return openpyxl.load_workbook(io.BytesIO(file.getvalue()))


def test_cells_read_back_as_openpyxl_writes_them() -> None:
    """Values, their types and number formats are the ones openpyxl's own writer gives."""
    mine, theirs = ours().active, reference(ROWS).active
    assert mine is not None
    assert theirs is not None
    for got, want in zip(mine.iter_rows(), theirs.iter_rows(), strict=True):
        for cell, expected in zip(got, want, strict=True):
            assert cell.value == expected.value, cell.coordinate
            assert type(cell.value) is type(expected.value), cell.coordinate
            assert cell.number_format == expected.number_format, cell.coordinate


def test_the_sheet_is_named_frozen_bold_and_sized() -> None:
    """Sheet name, the pane at A2, a bold header, each column's width, the creator."""
    book = ours()
    sheet = book.active
    assert sheet is not None
    assert sheet.title == "受阻名单"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])
    assert sheet.column_dimensions["J"].width == 12
    assert book.properties.creator == "clearflow"


def test_text_is_never_a_formula() -> None:
    """A text cell is an inline string: the archive holds no formula element."""
    file = io.BytesIO()
    write_sheet_xml(file, ["=h"], [["=1+1"]], sheet="s", widths=[5], text=str, creator="clearflow")
    with zipfile.ZipFile(io.BytesIO(file.getvalue())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml
    assert 't="inlineStr"' in xml
    cell = openpyxl.load_workbook(io.BytesIO(file.getvalue())).active["A2"]  # type: ignore[index]
    assert cell.value == "=1+1"
    assert cell.data_type == "s"


def test_a_sheet_can_be_written_to_a_pipe() -> None:
    """Standard output cannot seek: the archive is still whole and readable."""

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, chunk: Any) -> int:
            self.data += chunk
            return len(chunk)

    pipe = Pipe()
    write_sheet_xml(
        pipe,  # type: ignore[arg-type]
        ["h"],
        [["v"]],
        sheet="s",
        widths=[5],
        text=str,
        creator="clearflow",
    )
    sheet = openpyxl.load_workbook(io.BytesIO(bytes(pipe.data))).active
    assert sheet is not None
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [["h"], ["v"]]


@pytest.mark.parametrize(("number", "letters"), [(1, "A"), (26, "Z"), (27, "AA"), (703, "AAA")])
def test_column_letters(number: int, letters: str) -> None:
    """Columns are lettered as spreadsheets do."""
    assert column_letter(number) == letters
