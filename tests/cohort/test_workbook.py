"""xlsx exports read back with openpyxl: headings in both languages, layout, types, safety."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clearflow.cohort._workbook import (
    column_widths,
    display_width,
    is_clearflow_workbook,
    write_workbook,
)
from clearflow.cohort.export import (
    blocked_table,
    blocked_xlsx,
    check_export_path,
    neutralise,
    progress_table,
    progress_xlsx,
    to_xlsx,
)
from clearflow.cohort.progress import station_progress
from clearflow.cohort.report import BlockedRow, blocked_rows
from clearflow.errors import OverwriteError
from support import EARLY, engine_2014, profile, settle_prerequisites, staff, workflow_2014

TODAY = dt.date(2014, 7, 10)
HYPERLINK = '=HYPERLINK("http://x","y")'


def hostile_rows() -> tuple[BlockedRow, ...]:
    """Blocked rows whose name, staff id and reasons a spreadsheet would run as formulas."""
    engine = engine_2014()
    case = engine.start("2014001", profile(), name=HYPERLINK, at=EARLY)
    case.refuse("library_cleared", staff("library", "L03"), "+1", at=EARLY)
    case.refuse("finance_cleared", staff("finance", "F01"), "-2", at=EARLY)
    case.refuse("student_aid_cleared", staff("student_aid", "@A1"), "@cmd", at=EARLY)
    settle_prerequisites(case)
    return blocked_rows([(case, "王老师")], TODAY)


def sheet(data: bytes) -> Any:
    """The only sheet of a workbook's bytes, opened in full (not read-only)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert len(book.worksheets) == 1
    return book.worksheets[0]


def values(worksheet: Any) -> list[list[object]]:
    """Every row's values."""
    return [list(row) for row in worksheet.iter_rows(values_only=True)]


def test_blocked_workbook_is_headed_in_english() -> None:
    """Each column is headed by a word, an id column beside its label says (id)."""
    worksheet = sheet(blocked_xlsx(workflow_2014(), hostile_rows()))
    assert worksheet.title == "Blocked"
    assert values(worksheet)[0] == [
        "Student",
        "Name",
        "Counsellor",
        "Department (id)",
        "Department",
        "Office (id)",
        "Office",
        "Step (id)",
        "Step",
        "Status",
        "Reason",
        "Staff",
        "Time",
        "Waiting for",
        "Overdue since",
        "Amount owed (yuan)",
        "Items owed",
    ]


def test_blocked_workbook_is_headed_in_chinese() -> None:
    """A Chinese reader gets the console's Chinese words; the sheet is named in Chinese."""
    worksheet = sheet(blocked_xlsx(workflow_2014(), hostile_rows(), lang="zh"))
    assert worksheet.title == "受阻学生"
    header = values(worksheet)[0]
    assert header[:5] == ["学号", "姓名", "辅导员", "分院、系（代码）", "分院、系"]
    assert header[5:] == [
        "部门（代码）",
        "部门",
        "事项（代码）",
        "事项",
        "状态",
        "原因",
        "经办人",
        "时间",
        "等待事项",
        "逾期起始日期",
        "欠费金额（元）",
        "欠物",
    ]
    assert "图书馆" in {row[6] for row in values(worksheet)[1:]}


def test_header_row_is_bold_and_frozen_and_columns_have_widths() -> None:
    """The pane is frozen below the header, header cells are bold, every column has a width."""
    worksheet = sheet(blocked_xlsx(workflow_2014(), hostile_rows(), lang="zh"))
    assert worksheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in worksheet[1])
    assert not any(cell.font.bold for cell in worksheet[2])
    letters = [cell.column_letter for cell in worksheet[1]]
    widths = [worksheet.column_dimensions[letter].width for letter in letters]
    assert all(4 <= width <= 60 for width in widths)
    by_heading = dict(zip((cell.value for cell in worksheet[1]), widths, strict=True))
    assert by_heading["学号"] == len("2014001") + 2  # the widest cell, not the heading


def test_cjk_characters_count_double_in_widths() -> None:
    """A Chinese character takes two columns on screen, a Latin one one."""
    assert display_width("图书馆") == 6
    assert display_width("L03 图书") == 8
    assert display_width("abc") == 3
    assert column_widths(["a", "b"], [["图书馆图书馆", "abcdef"]]) == [14, 8]
    assert column_widths(["x"], [["y" * 500]]) == [60]


def test_formula_text_is_neutralised_as_in_csv() -> None:
    """The hostile name, reasons and staff id are text with the CSV's leading quote."""
    rows = hostile_rows()
    worksheet = sheet(blocked_xlsx(workflow_2014(), rows))
    header, cells = blocked_table(workflow_2014(), rows)
    written = values(worksheet)[1:]
    assert {row[header.index("name")] for row in written} == {"'" + HYPERLINK}
    assert sorted(str(row[header.index("reason")]) for row in written) == ["'+1", "'-2", "'@cmd"]
    assert "'@A1" in {row[header.index("staff")] for row in written}
    assert not any(cell.data_type == "f" for row in worksheet.iter_rows() for cell in row)
    expected = [[None if cell is None else neutralise(cell) for cell in row] for row in cells]
    assert [row[:12] for row in written] == [row[:12] for row in expected]  # text as in CSV


def test_dates_and_times_are_excel_dates() -> None:
    """The event time is a datetime, the overdue date a date, each with a date format."""
    rows = hostile_rows()
    worksheet = sheet(blocked_xlsx(workflow_2014(), rows))
    header = [cell.value for cell in worksheet[1]]
    at, since = header.index("Time") + 1, header.index("Overdue since") + 1
    refused = next(row for row in rows if row.at is not None)
    line = 2 + rows.index(refused)
    assert isinstance(refused.at, dt.datetime)
    moment = worksheet.cell(line, at)
    assert moment.is_date
    assert moment.number_format == "yyyy-mm-dd hh:mm"
    assert moment.value == refused.at.replace(tzinfo=None)
    overdue = next(number for number, row in enumerate(rows, 2) if row.overdue_since)
    day = worksheet.cell(overdue, since)
    assert day.is_date
    assert day.number_format == "yyyy-mm-dd"
    assert day.value.date() == rows[overdue - 2].overdue_since


def test_progress_workbook_has_numbers_dates_and_times() -> None:
    """Counts are numbers (a negative difference too), the date a date, the hours times."""
    workflow = workflow_2014()
    engine = engine_2014()
    cases = [engine.start("2014001", profile(), name="张三", at=EARLY)]
    progress = station_progress(cases, workflow)
    worksheet = sheet(progress_xlsx(workflow, progress, lang="zh"))
    assert worksheet.title == "办理进度"
    header = values(worksheet)[0]
    assert header[:8] == ["时段", "日期", "开始", "结束", "学生", "人数", "实际", "差额"]
    first_station = workflow.step(progress.phases[1]).label.zh
    assert header[8:10] == ["前期工作中", first_station]
    assert header[-2:] == ["待领取证书", "已领取证书"]
    first = list(worksheet[2])
    assert first[0].value == 1
    assert first[0].data_type == "n"
    assert first[1].is_date
    assert first[1].number_format == "yyyy-mm-dd"
    assert isinstance(first[2].value, dt.time)
    assert first[2].number_format == "hh:mm"
    assert all(isinstance(cell.value, int) for cell in first[5:])
    assert any(cell.value < 0 for row in worksheet.iter_rows(min_row=2) for cell in row[7:8])
    _, table = progress_table(workflow, progress, "zh")
    assert len(values(worksheet)) == len(table) + 1


def test_an_empty_export_still_has_its_header() -> None:
    """No blocked row: the sheet holds the header row alone, frozen and bold."""
    worksheet = sheet(blocked_xlsx(workflow_2014(), (), lang="zh"))
    rows = values(worksheet)
    assert len(rows) == 1
    assert rows[0][0] == "学号"
    assert worksheet.freeze_panes == "A2"


def test_control_characters_are_dropped_and_nothing_is_a_formula() -> None:
    """A cell XML cannot hold loses its control characters; = text stays text."""
    data = to_xlsx(["a", "=b"], [["x\x00y\x07z", "=1+1"], [-2, None]], "s")
    worksheet = sheet(data)
    assert values(worksheet) == [["a", "'=b"], ["xyz", "'=1+1"], [-2, None]]


def test_text_rule_is_the_callers() -> None:
    """The writer applies the rule it is given to every text cell, headings included."""
    buffer = io.BytesIO()
    rows: list[list[str | int]] = [["v"], [3]]
    write_workbook(buffer, ["h"], iter(rows), "S", text=str.upper)
    assert values(sheet(buffer.getvalue())) == [["H"], ["V"], [3]]


def test_an_earlier_workbook_is_replaced_and_another_is_not(tmp_path: Path) -> None:
    """check_export_path knows a workbook clearflow wrote; a workbook saved elsewhere is kept."""
    store, workflow = tmp_path / "class.db", tmp_path / "w.yaml"
    ours = tmp_path / "blocked.xlsx"
    ours.write_bytes(blocked_xlsx(workflow_2014(), hostile_rows()))
    check_export_path(ours, workflow=workflow, store=store)
    theirs = tmp_path / "library.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["student_id", "amount"])  # type: ignore[union-attr]
    book.save(theirs)
    with pytest.raises(OverwriteError, match="is not a clearflow export"):
        check_export_path(theirs, workflow=workflow, store=store)
    check_export_path(theirs, workflow=workflow, store=store, force=True)


@pytest.mark.parametrize(
    ("properties", "ours"),
    [
        (
            b'<cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="{dc}"><dc:creator>clearflow'
            b"</dc:creator></cp:coreProperties>",
            True,
        ),
        (
            b'<cp:coreProperties xmlns:cp="urn:cp"><dc:creator xmlns:dc="{dc}"> clearflow '
            b"</dc:creator></cp:coreProperties>",
            True,
        ),
        (
            b'<cp:coreProperties xmlns:cp="urn:cp" xmlns:dc="{dc}"><dc:creator>Excel'
            b"</dc:creator></cp:coreProperties>",
            False,
        ),
        (b"<dc:creator>clearflow</dc:creator>", False),
        (b"<not xml", False),
    ],
)
def test_the_creator_is_read_whatever_the_namespace_prefix(
    tmp_path: Path, properties: bytes, ours: bool
) -> None:
    """openpyxl with lxml declares the namespace on the element itself; both forms count."""
    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        dublin_core = b"http://purl.org/dc/elements/1.1/"
        archive.writestr("docProps/core.xml", properties.replace(b"{dc}", dublin_core))
    assert is_clearflow_workbook(path) is ours
    assert not is_clearflow_workbook(tmp_path / "missing.xlsx")
