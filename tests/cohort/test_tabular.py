"""Reading tables: CSV in UTF-8, UTF-8 with BOM or GB18030, .xlsx sheets, and located refusals."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest

from clearflow._i18n import Message
from clearflow.cohort._located import MAX_ISSUES, Issues
from clearflow.cohort._table import Table, normalise, read_table
from clearflow.errors import Issue, TableError

HEADER = "学号,姓名,班主任,Program\n"
ROW = "2014000101,张三,王老师,高职\n"
SAVE_AS_UTF8 = "(save it from Excel as 'CSV UTF-8 (comma delimited)') [CF702]"


def cells(table: Table) -> list[tuple[int, dict[str, str]]]:
    """Each row's number and cells, for comparing in one assertion."""
    return [(row.number, dict(row.cells)) for row in table.rows]


def messages(path: Path, **options: str) -> list[str]:
    """The located lines read_table refuses a file with."""
    with pytest.raises(TableError) as caught:
        read_table(path, **options)
    return [str(issue) for issue in caught.value.issues]


def write_book(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    """An .xlsx workbook with one sheet holding ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


EXPECTED = [
    (2, {"student_id": "2014000101", "name": "张三", "counsellor": "王老师", "program": "高职"})
]


def test_utf8_csv(tmp_path: Path) -> None:
    """A UTF-8 CSV file is read as UTF-8, with aliases mapped and cells trimmed."""
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + " 2014000101 ,张三, 王老师,高职\n", encoding="utf-8")
    table = read_table(path)
    assert table.encoding == "UTF-8"
    assert cells(table) == EXPECTED
    assert dict(table.columns) == {"student_id": 1, "name": 2, "counsellor": 3, "program": 4}


def test_utf8_bom_csv(tmp_path: Path) -> None:
    """Excel's 'CSV UTF-8' (with a byte order mark) reads the same; the BOM is not in a header."""
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + ROW, encoding="utf-8-sig")
    table = read_table(path)
    assert table.encoding == "UTF-8 (BOM)"
    assert cells(table) == EXPECTED


def test_gb18030_csv(tmp_path: Path) -> None:
    """A CSV saved by Excel on Chinese Windows (GB18030) is read as GB18030."""
    path = tmp_path / "roster.csv"
    path.write_bytes((HEADER + ROW).encode("gb18030"))
    table = read_table(path)
    assert table.encoding == "GB18030"
    assert cells(table) == EXPECTED


def test_header_under_a_title_and_blank_rows(tmp_path: Path) -> None:
    """The header is the first row naming student_id; blank rows are skipped but counted."""
    path = tmp_path / "roster.csv"
    path.write_text("2014届毕业生花名册,,,\n" + HEADER + "\n,,,\n" + ROW, encoding="utf-8")
    table = read_table(path)
    assert table.header_row == 2
    assert [row.number for row in table.rows] == [5]


def test_sha256_of_the_bytes(tmp_path: Path) -> None:
    """A table remembers the sha256 of the file's bytes, for re-import detection."""
    path = tmp_path / "roster.csv"
    path.write_bytes(b"student_id\n1\n")
    assert read_table(path).sha256 == hashlib.sha256(b"student_id\n1\n").hexdigest()


def test_names_are_normalised() -> None:
    """Headers are trimmed, lower-cased, spaced with '_', and Chinese aliases mapped."""
    assert [normalise(name) for name in (" Student ID ", "学号", "欠物", "Owes", "备注")] == [
        "student_id",
        "student_id",
        "items",
        "owes",
        "note",
    ]


def test_latin1_csv_is_refused_at_its_first_bad_byte(tmp_path: Path) -> None:
    """CF702: bytes that are neither UTF-8 nor GB18030 are refused at their row and column."""
    path = tmp_path / "roster.csv"
    path.write_bytes(b"student_id,name\n2014000101,Jos\xe9\n")
    assert messages(path) == [
        f"{path}:2:2: file is neither UTF-8 nor GB18030: byte 0xe9 is not UTF-8 {SAVE_AS_UTF8}"
    ]


def test_bad_byte_inside_a_quoted_multiline_cell(tmp_path: Path) -> None:
    """CF702: the position counts spreadsheet rows, so a quoted line break stays in one row."""
    path = tmp_path / "roster.csv"
    path.write_bytes(b'student_id,note\n1,"two\nlines"\n2,ok,\xff\n')
    assert messages(path) == [
        f"{path}:3:3: file is neither UTF-8 nor GB18030: byte 0xff is not UTF-8 {SAVE_AS_UTF8}"
    ]


def test_bom_then_bad_bytes(tmp_path: Path) -> None:
    """CF702: a file with a UTF-8 byte order mark is held to UTF-8 (no GB18030 guess)."""
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffstudent_id,name\n1,".encode() + "张".encode("gb18030") + b"\n")
    assert messages(path) == [
        f"{path}:2:2: file starts with a UTF-8 byte order mark but byte 0xd5 is not UTF-8 "
        f"{SAVE_AS_UTF8}"
    ]


def test_utf16_is_refused(tmp_path: Path) -> None:
    """CF702: Excel's 'Unicode text' (UTF-16) is refused with the format to choose instead."""
    path = tmp_path / "roster.csv"
    path.write_text("student_id\n1\n", encoding="utf-16")
    assert messages(path) == [
        f"{path}:1:1: file is UTF-16 (Excel's 'Unicode text') "
        "(save it as 'CSV UTF-8 (comma delimited)') [CF702]"
    ]


def test_unreadable_files(tmp_path: Path) -> None:
    """CF701: a missing file, a directory, an .xls workbook and a workbook named .csv."""
    book = write_book(tmp_path / "book.xlsx", [["student_id"], [1]])
    renamed = tmp_path / "book.csv"
    renamed.write_bytes(book.read_bytes())
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert messages(tmp_path / "missing.csv") == [
        f"{tmp_path / 'missing.csv'}:1:1: no such file (check the path) [CF701]"
    ]
    assert messages(tmp_path) == [f"{tmp_path}:1:1: is a directory, not a table file [CF701]"]
    assert messages(old) == [
        f"{old}:1:1: unsupported file type '.xls' (expected .csv or .xlsx) "
        "(save it as .xlsx or CSV UTF-8) [CF701]"
    ]
    assert messages(renamed) == [
        f"{renamed}:1:1: file is an Excel workbook with a CSV name (rename it .xlsx) [CF701]"
    ]


def test_header_problems(tmp_path: Path) -> None:
    """CF704: a column named twice, and a value under an empty header, each located."""
    path = tmp_path / "roster.csv"
    path.write_text("学号,Student ID,,name\n1,1,x,张三\n", encoding="utf-8")
    assert messages(path) == [
        f"{path}:1:2: column 'student_id' is named twice (first in column 1) [CF704]",
        f"{path}:2:3: value 'x' has no column name "
        "(name the column in the header row, or delete the value) [CF704]",
    ]


def test_xlsx(tmp_path: Path) -> None:
    """An .xlsx sheet reads like a CSV: numbers as ids, dates as ISO text, bools as words."""
    path = write_book(
        tmp_path / "roster.xlsx",
        [["学号", "姓名", "party_member", "at"], [2014000101, "张三", True, dt.date(2014, 7, 1)]],
    )
    table = read_table(path)
    assert table.encoding == "xlsx"
    assert cells(table) == [
        (
            2,
            {
                "student_id": "2014000101",
                "name": "张三",
                "party_member": "true",
                "at": "2014-07-01",
            },
        )
    ]


def test_xlsx_named_sheet(tmp_path: Path) -> None:
    """A named sheet is read instead of the first; an unknown name lists the sheets."""
    path = tmp_path / "lists.xlsx"
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    first.append(["nothing here"])
    library = book.create_sheet("library")
    library.append(["student_id", "owes"])
    library.append(["2014000001", "是"])
    book.save(path)
    assert cells(read_table(path, sheet="library")) == [
        (2, {"student_id": "2014000001", "owes": "是"})
    ]
    assert messages(path, sheet="libary") == [
        f"{path}:1:1: no sheet 'libary' in the workbook (did you mean 'library'? its sheets "
        "are '说明', 'library') [CF701]"
    ]


def test_xlsx_formula_is_refused(tmp_path: Path) -> None:
    """CF703: a formula cell is refused, naming the sheet, the cell, its column and the formula."""
    path = write_book(
        tmp_path / "library.xlsx",
        [["学号", "欠费", "金额"], ["2014000001", "欠", 20], ["2014000002", "欠", "=C2*2"]],
        title="图书馆",
    )
    assert messages(path) == [
        f"{path}:3:3: column 'amount': sheet '图书馆' cell C3 holds formula '=C2*2' "
        "(copy the sheet and paste it as values only) [CF703]"
    ]


def test_broken_xlsx(tmp_path: Path) -> None:
    """CF701: bytes that are not a workbook, under an .xlsx name, are refused."""
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"student_id\n1\n")
    assert messages(path) == [
        f"{path}:1:1: not a readable .xlsx workbook (File is not a zip file) "
        "(open it in Excel and save it again) [CF701]"
    ]


def test_problems_past_the_limit_are_counted_in_both_languages() -> None:
    """Past MAX_ISSUES a problem is counted, not kept; the note says how many, in zh too."""
    issue = Issue(code="CF713", message=Message("empty value"), source="roster.csv")
    issues = Issues([issue] * (MAX_ISSUES + 2))
    assert (len(issues), issues.dropped) == (MAX_ISSUES, 2)
    note = issues.note()
    assert note is not None
    assert str(note) == "and 2 more problems not shown (the first 1000 are listed)"
    assert note.text("zh") == "另有 2 个问题未列出（只列出前 1000 个）"
    assert Issues([issue]).note() is None
