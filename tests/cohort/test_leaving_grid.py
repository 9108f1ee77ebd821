"""The leaving record (--what released) and the per-student grid (--what grid)."""

from __future__ import annotations

import csv
import decimal
import io
import json
from pathlib import Path

import openpyxl
import pytest

from clearflow.cohort.export import (
    grid_cell,
    read_leaving,
    stream_cases,
    write_grid,
    write_leaving,
)
from clearflow.engine import Actor, Case, Owed, StepStatus
from clearflow.store import Store
from clearflow.words import Words
from support import (
    at,
    drive,
    engine_2014,
    profile,
    settle_prerequisites,
    staff,
    start,
    workflow_2014,
)
from support.cases import refused_case


def released(student_id: str, department: str) -> Case:
    """A case of a department, taken through the procedure and released."""
    case = start(profile(department=department), student_id=student_id, name="=cmd()")
    drive(case)
    return case


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store of two released students of two departments, one refused, one in the hall."""
    path = tmp_path / "class.db"
    hall = start(profile(), student_id="2014003")
    hall.waive("finance_cleared", staff("finance"), "fee remitted", at=at(7, 8))
    settle_prerequisites(hall)
    cases = [
        released("2014009", "urban_rural_planning"),
        released("2014005", "finance_trade"),
        refused_case(),
        hall,
    ]
    with Store.open(path, engine_2014()) as opened:
        opened.add(cases, {case.student_id: "王老师" for case in cases})
    return path


def csv_rows(data: bytes) -> list[list[str]]:
    """CSV bytes (UTF-8 with a BOM) back into cells."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_leaving_record_lists_released_students_per_department(store: Path) -> None:
    """Only the released, sorted per department then student, with release time and staff."""
    rows = read_leaving(store, engine_2014())
    assert [row.student_id for row in rows] == ["2014005", "2014009"]
    first = rows[0]
    assert dict(first.facts)["department"] == "finance_trade"
    assert first.documents
    assert first.released_by == "S01"
    assert first.released_at is not None


def test_the_leaving_record_as_csv_neutralises_and_labels(store: Path) -> None:
    """Header of ids, labels in the language asked, a hostile name made inert."""
    file = io.BytesIO()
    count = write_leaving(file, "csv", workflow_2014(), read_leaving(store, engine_2014()))
    assert count == 2
    header, first, _ = csv_rows(file.getvalue())
    assert header[:3] == ["student_id", "name", "counsellor"]
    assert header[-5:] == [
        "documents",
        "documents_label",
        "released_at",
        "released_by",
        "staff_name",
    ]
    row = dict(zip(header, first, strict=True))
    assert row["name"] == "'=cmd()"
    assert row["department"] == "finance_trade"
    assert row["released_by"] == "S01"
    assert row["documents_label"]


def test_the_leaving_record_as_xlsx_is_headed_in_chinese(store: Path) -> None:
    """Read back with openpyxl: Chinese headings, frozen header, one row per student."""
    file = io.BytesIO()
    write_leaving(file, "xlsx", workflow_2014(), read_leaving(store, engine_2014()), lang="zh")
    book = openpyxl.load_workbook(io.BytesIO(file.getvalue()))
    sheet = book.active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["学号", "姓名", "辅导员"]
    assert "发放时间" in values[0]
    assert len(values) == 3
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "离校记录"


def test_the_leaving_record_as_json(store: Path) -> None:
    """Ids, both label languages of each document, an ISO release time."""
    file = io.BytesIO()
    write_leaving(file, "json", workflow_2014(), read_leaving(store, engine_2014()))
    data = json.loads(file.getvalue())
    assert data["report"] == "released"
    first = data["rows"][0]
    assert first["student_id"] == "2014005"
    assert first["facts"]["department"] == "finance_trade"
    assert set(first["documents"][0]["label"]) == {"zh", "en"}
    assert first["released_at"].startswith("2014-")


def test_a_grid_cell_says_where_each_step_stands() -> None:
    """Cleared ✓ (outcome label when chosen), refused ✗ with the reason, — n/a, blank pending."""
    case = refused_case()
    workflow = case.engine.workflow
    words = Words(workflow, "zh")

    def cell(step_id: str) -> str:
        step = workflow.step(step_id)
        return grid_cell(step, case.status(step_id), case.records.get(step_id), words)

    assert cell("library_cleared") == "✗ 2 books not returned"
    assert cell("dormitory_cleared") == "✓"
    assert cell("party_transfer").startswith("✓ ")
    assert cell("finance_cleared") == ""
    assert case.status("league_transfer") is StepStatus.NOT_APPLICABLE
    assert cell("league_transfer") == "—"


def test_the_grid_has_a_row_per_student_and_a_column_per_step(store: Path) -> None:
    """CSV: the steps in procedure order after the student's columns; waived reads 免 in zh."""
    file = io.BytesIO()
    workflow = workflow_2014()
    count = write_grid(file, "csv", workflow, stream_cases(store, engine_2014()), lang="zh")
    assert count == 4
    header, *rows = csv_rows(file.getvalue())
    assert header == [
        "student_id",
        "name",
        "counsellor",
        "phase",
        *(step.id for step in workflow.steps),
    ]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    assert by_id["2014003"]["finance_cleared"] == "免"
    assert by_id["2014005"]["library_cleared"] == "✓"


def test_the_grid_as_xlsx_and_json(store: Path) -> None:
    """xlsx headed by step labels; JSON with ids and statuses of every step."""
    workflow = workflow_2014()
    file = io.BytesIO()
    write_grid(file, "xlsx", workflow, stream_cases(store, engine_2014()), lang="zh")
    sheet = openpyxl.load_workbook(io.BytesIO(file.getvalue())).active
    assert sheet is not None
    heading = [cell.value for cell in next(sheet.iter_rows())]
    assert heading[4] == workflow.steps[0].label.zh
    assert sheet.title == "办理情况"
    file = io.BytesIO()
    write_grid(file, "json", workflow, stream_cases(store, engine_2014()))
    data = json.loads(file.getvalue())
    assert data["report"] == "grid"
    assert [step["id"] for step in data["steps"]] == [step.id for step in workflow.steps]
    statuses = {
        row["student_id"]: row["steps"]["finance_cleared"]["status"] for row in data["rows"]
    }
    assert statuses["2014003"] == "waived"


def test_a_grid_cell_says_what_is_owed_once_in_the_readers_language() -> None:
    """An office list's refusal: its amount and items, not the English words of its reason."""
    case = refused_case()
    by = Actor(office="finance", staff="F01")
    owed = Owed(amount=decimal.Decimal("35"), items="2 books")
    case.refuse("finance_cleared", by, str(owed.said()), owed=owed, at=at(6, 30))
    step = case.engine.workflow.step("finance_cleared")
    record = case.records["finance_cleared"]
    zh = grid_cell(step, case.status(step.id), record, Words(case.engine.workflow, "zh"))
    en = grid_cell(step, case.status(step.id), record, Words(case.engine.workflow, "en"))
    assert zh == "✗ 欠费 35.00 元；欠物 2 books"
    assert en == f"✗ {owed.said()}"
    assert "35.00" in en
