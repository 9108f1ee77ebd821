"""An office list's amount and items are kept as data, shown in the blocked report and exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console

from clearflow.cohort.export import (
    BLOCKED_COLUMNS,
    blocked_json,
    blocked_table,
    blocked_xlsx,
    to_csv,
)
from clearflow.cohort.importing import import_office_list, import_roster
from clearflow.cohort.report import BlockedRow, blocked_rows
from clearflow.console.case_view import render_checklist
from clearflow.console.report_view import describe_reason
from clearflow.engine import Owed, StepStatus
from clearflow.store import upgrade_store
from clearflow.store._store import Store
from clearflow.words import Words
from support import ZONE, engine_2014, workflow_2014
from support.imports import BASE_ROSTER, open_store

EARLY = dt.datetime(2014, 6, 30, 9, 0, tzinfo=ZONE)
LIST = "student_id,owes,amount,items,note\n"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """The five students of the base roster, the library's list imported: two owe."""
    with open_store(tmp_path) as opened:
        import_roster(opened, BASE_ROSTER, at=EARLY)
        path = tmp_path / "library.csv"
        rows = (
            "2014000001,owes,35,2 books,lost in June\n2014000002,owes,,1 book,\n2014000003,no,,,\n"
        )
        path.write_text(LIST + rows, encoding="utf-8")
        import_office_list(opened, path, office="library", at=EARLY)
        yield opened


def library_rows(store: Store) -> list[BlockedRow]:
    """The refused library rows of the store."""
    rows = blocked_rows(store.cases(), dt.date(2014, 7, 1))
    return [row for row in rows if row.step == "library_cleared" and row.reason]


def test_the_list_fills_what_is_owed_and_keeps_the_reason(store: Store) -> None:
    """The amount is a number, the items text; the reason reads as before."""
    record = store.load("2014000001").records["library_cleared"]
    assert record.owed == Owed(amount=Decimal("35.00"), items="2 books")
    assert record.reason == "owes 35.00 yuan; items: 2 books; note: lost in June"
    assert store.history("2014000001")[-1].owed == record.owed
    assert store.load("2014000002").records["library_cleared"].owed == Owed(items="1 book")


def test_the_same_list_again_with_another_amount_refuses_again(
    store: Store, tmp_path: Path
) -> None:
    """A changed amount is a change; the same one is unchanged."""
    path = tmp_path / "library-2.csv"
    path.write_text(LIST + "2014000001,owes,40,2 books,lost in June\n2014000002,owes,,1 book,\n")
    result = import_office_list(store, path, office="library", at=EARLY)
    assert (result.refused, result.unchanged) == (1, 1)
    assert store.load("2014000001").records["library_cleared"].owed == Owed(
        amount=Decimal(40), items="2 books"
    )


def test_blocked_rows_and_their_reason_say_the_amount_once(store: Store) -> None:
    """The row carries owed; the report's reason reads in Chinese, the amount once."""
    first, second = library_rows(store)
    assert first.owed == Owed(amount=Decimal(35), items="2 books")
    words = Words(workflow_2014(), "zh")
    text = describe_reason(workflow_2014(), first, words)
    assert "欠费 35.00 元；欠物 2 books；备注：lost in June" in text
    assert text.count("35.00") == 1
    assert "欠物 1 book" in describe_reason(workflow_2014(), second, words)


def test_the_blocked_exports_have_amount_and_items_last(store: Store) -> None:
    """CSV: 35.00 and the items in the last two columns; JSON: a number; xlsx: a numeric cell."""
    rows = library_rows(store)
    assert BLOCKED_COLUMNS[-2:] == ("amount", "items")
    header, cells = blocked_table(workflow_2014(), rows)
    text = to_csv(header, cells, "utf-8").decode("utf-8")
    read = list(csv.reader(io.StringIO(text)))
    assert read[0][-2:] == ["amount", "items"]
    assert [line[-2:] for line in read[1:]] == [["35.00", "2 books"], ["", "1 book"]]
    data = json.loads(json.dumps(blocked_json(workflow_2014(), rows)))
    assert [(row["amount"], row["items"]) for row in data["rows"]] == [
        (35.0, "2 books"),
        (None, "1 book"),
    ]
    book = openpyxl.load_workbook(io.BytesIO(blocked_xlsx(workflow_2014(), rows, lang="zh")))
    sheet = book.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    assert headings[-2:] == ["欠费金额（元）", "欠物"]
    amount = sheet.cell(row=2, column=len(headings) - 1)
    assert (amount.value, amount.number_format, amount.data_type) == (35, "0.00", "n")


def test_a_version_1_store_reads_without_amounts(tmp_path: Path) -> None:
    """The v1 fixture's events and cases predate amounts: they load, owing no data."""
    path = tmp_path / "v1.db"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "fixtures" / "store" / "v1.db", path)
    upgrade_store(str(path))
    with Store.open(path, engine_2014()) as opened:
        cases = list(opened.cases())
        refused = [
            record
            for case, _ in cases
            for record in case.records.values()
            if record.status is StepStatus.REFUSED
        ]
        assert refused
        assert {record.owed for record in refused} == {None}
        assert all(event.owed is None for event in opened.history(cases[0][0].student_id))


def test_the_checklist_says_the_amount_in_chinese(store: Store) -> None:
    """walk's checklist of prerequisites reads the refusal's amount as 欠费 … 元, once."""
    console = Console(file=io.StringIO(), width=200)
    console.print(render_checklist(store.load("2014000001"), "zh"))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "欠费 35.00 元；欠物 2 books；备注：lost in June" in text
    assert text.count("35.00") == 1
