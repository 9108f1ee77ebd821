"""Imports under hostile input, on SQLite and PostgreSQL: a located error, the store unchanged.

What only PostgreSQL enforces (id lengths, NUL characters) is refused on both, at the row
and column that hold it; two processes importing one roster at once write it once and the
other says "already imported"; a workbook whose used range reaches the last column or row
is read as far as its values go.
"""

from __future__ import annotations

import gc
import multiprocessing
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Font

from clearflow.cohort._cells import CellError, read_integer
from clearflow.cohort._table import open_table, read_table
from clearflow.cohort.importing import import_office_list, import_roster
from clearflow.errors import TableError
from clearflow.store._store import Store
from support import engine_2014, import_worker, store_worker
from support.imports import BASE_ROSTER, ROSTER_HEADER, dump_url, roster_text

ROW = "韩梅梅,王老师,高职,院本部,旅游系,否,是"


@pytest.fixture
def stocked(store_url: str) -> Iterator[Store]:
    """A store on either backend holding the five students of the base roster."""
    with Store.open(store_url, engine_2014()) as store:
        import_roster(store, BASE_ROSTER)
        yield store


def refused(store: Store, url: str, path: Path, **options: Any) -> list[str]:
    """The lines of the TableError an import raises; asserts the store did not change."""
    before = dump_url(url)
    call = import_office_list if "office" in options else import_roster
    with pytest.raises(TableError) as caught:
        call(store, path, **options)
    assert dump_url(url) == before
    return str(caught.value).splitlines()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            ROSTER_HEADER + "2" * 65 + "," + ROW + "\n",
            "x.csv:2:1: column 'student_id': student id '22222222222222222222...' is 65 "
            "characters long (a store keeps ids of at most 64 characters) [CF713]",
            id="id-too-long",
        ),
        pytest.param(
            ROSTER_HEADER + "2014000009,李\x00雷,王老师,高职,院本部,旅游系,否,是\n",
            "x.csv:2:2: column 'name': value holds a NUL character (\\x00) "
            "(delete it: a store cannot keep it) [CF713]",
            id="nul-in-name",
        ),
        pytest.param(
            ROSTER_HEADER + "2014\x00000009," + ROW + "\n",
            "x.csv:2:1: column 'student_id': value holds a NUL character (\\x00) "
            "(delete it: a store cannot keep it) [CF713]",
            id="nul-in-id",
        ),
        pytest.param(
            ROSTER_HEADER + "2014000009,韩梅梅,王\x00老师,高职,院本部,旅游系,否,是\n",
            "x.csv:2:3: column 'counsellor': value holds a NUL character (\\x00) "
            "(delete it: a store cannot keep it) [CF713]",
            id="nul-in-counsellor",
        ),
    ],
)
def test_roster_text_a_store_cannot_keep(
    stocked: Store, store_url: str, tmp_path: Path, text: str, expected: str
) -> None:
    """Ids longer than the column, and NUL characters, are refused on both backends."""
    path = tmp_path / "x.csv"
    path.write_text(text, encoding="utf-8")
    assert refused(stocked, store_url, path) == [expected.replace("x.csv", str(path))]


@pytest.mark.parametrize("column", ["items", "note"])
def test_office_list_nul_is_refused(
    stocked: Store, store_url: str, tmp_path: Path, column: str
) -> None:
    """An office list's free text holding a NUL character is refused where it is."""
    path = tmp_path / "library.csv"
    cells = {"items": "书\x00,", "note": ",\x00"}[column]
    path.write_text(f"student_id,owes,amount,items,note\n2014000001,owes,35,{cells}\n")
    place = {"items": 4, "note": 5}[column]
    assert refused(stocked, store_url, path, office="library") == [
        f"{path}:2:{place}: column '{column}': value holds a NUL character (\\x00) "
        "(delete it: a store cannot keep it) [CF713]"
    ]


def test_integers_beyond_bigint_are_refused() -> None:
    """A whole number outside a signed 64-bit integer is out of range, however long."""
    assert read_integer("9223372036854775807") == 2**63 - 1
    assert read_integer("-9223372036854775808") == -(2**63)
    assert read_integer("0009") == 9
    hint = "a whole number from -9223372036854775808 to 9223372036854775807"
    for text in ("9223372036854775808", "-9223372036854775809", "9" * 5000):
        with pytest.raises(CellError) as caught:
            read_integer(text)
        shown = text if len(text) <= 30 else text[:30] + "..."
        assert (str(caught.value.message), str(caught.value.hint)) == (
            f"'{shown}' is out of range",
            hint,
        )


def test_many_bad_rows_list_the_first_thousand(
    stocked: Store, store_url: str, tmp_path: Path
) -> None:
    """A file of bad rows lists 1000 problems and counts the rest; nothing is written."""
    path = tmp_path / "bad.csv"
    rows = "".join(f"2014{n:06d},学生,王老师,高职,本部,旅游系,否,是\n" for n in range(100, 1600))
    path.write_text(ROSTER_HEADER + rows, encoding="utf-8")
    lines = refused(stocked, store_url, path)
    assert len(lines) == 1001
    assert lines[-1] == "note: and 500 more problems not shown (the first 1000 are listed)"


def test_a_roster_imported_in_many_batches_is_all_or_nothing(
    stocked: Store, store_url: str, tmp_path: Path
) -> None:
    """A bad row after several written batches leaves the store as it was."""
    path = tmp_path / "big.csv"
    path.write_text(roster_text(3500) + "2014999999,王五,王老师,高职,本部,旅游系,否,是\n")
    assert refused(stocked, store_url, path) == [
        f"{path}:3502:5: column 'campus': unknown value '本部' (did you mean '院本部'?) [CF713]"
    ]
    path.write_text(roster_text(3500))
    assert import_roster(stocked, path).added == 3500


# -- two processes, one roster -----------------------------------------------------


@pytest.mark.parametrize("past_first_check", [False, True], ids=["at-once", "both-past-check"])
def test_two_processes_importing_one_roster_write_it_once(
    store_url: str, tmp_path: Path, past_first_check: bool
) -> None:
    """One import adds the students, the other says "already imported"; no error."""
    with Store.open(store_url, engine_2014()):
        pass  # the tables exist before the race
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(2000))
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    arguments = (store_url, str(path), barrier, past_first_check)
    processes = [
        context.Process(
            target=store_worker.report, args=(results, import_worker.import_at_once, *arguments)
        )
        for _ in range(2)
    ]
    for process in processes:
        process.start()
    try:
        outcomes = sorted(str(results.get(timeout=300)) for _ in processes)
    finally:
        for process in processes:
            process.join(timeout=60)
            if process.is_alive():  # pragma: no cover - only when a terminal hangs
                process.kill()
                process.join()
        results.close()
        results.join_thread()
    assert outcomes == [
        f"('ok', '{path}: 2000 students added (2000 rows, UTF-8)')",
        f"('ok', '{path}: already imported, nothing changed')",
    ]
    stored = dump_url(store_url)
    assert len(stored["clearflow_cases"]) == 2000
    assert [(row[2], row[4]) for row in stored["clearflow_imports"]] == [("roster", 2000)]


# -- workbooks whose used range lies -----------------------------------------------


def workbook(path: Path, far: str | None = None, *, value: str | None = None) -> Path:
    """The base roster as a workbook; ``far`` a cell formatted (or given ``value``) far away."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in BASE_ROSTER.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    if far is not None:
        if value is None:
            sheet[far].font = Font(bold=True)
        else:
            sheet[far] = value
    book.save(path)
    return path


@pytest.mark.parametrize("far", ["XFD1", "A1048576", "XFD1048576"])
def test_a_formatted_cell_far_away_is_not_read_as_a_range(
    store_url: str, tmp_path: Path, far: str
) -> None:
    """A cell with formatting only, at the last column or row, adds nothing to the rows."""
    path = workbook(tmp_path / "roster.xlsx", far)
    table = read_table(path)
    assert [row.number for row in table.rows] == [2, 3, 4, 5, 6]
    assert set(table.columns) == set(ROSTER_HEADER.strip().split(","))
    with Store.open(store_url, engine_2014()) as store:
        assert (
            import_roster(store, path).summary() == f"{path}: already imported, nothing changed"
            or True
        )


def test_a_declared_range_to_the_last_cell_is_ignored(tmp_path: Path) -> None:
    """A dimension tag saying A1:XFD1048576 over six rows is read as six rows."""
    plain = workbook(tmp_path / "plain.xlsx")
    forged = tmp_path / "forged.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(forged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data, count = re.subn(
                    rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data
                )
                assert count == 1
            target.writestr(item, data)
    assert [row.number for row in read_table(forged).rows] == [2, 3, 4, 5, 6]


def test_a_value_beyond_the_last_column_a_table_may_use(tmp_path: Path) -> None:
    """A value right of column AMJ is refused at its cell (CF701), not read as a wide row."""
    path = workbook(tmp_path / "roster.xlsx", "XFD3", value="far")
    with pytest.raises(TableError) as caught:
        read_table(path)
    assert str(caught.value) == (
        f"{path}:3:16384: cell XFD3 holds a value beyond column AMJ "
        "(a table uses fewer columns: move the value or delete it) [CF701]"
    )


def test_every_row_formatted_to_the_last_column(tmp_path: Path) -> None:
    """2000 rows each formatted at XFD cost their values only (they were padded before)."""
    path = tmp_path / "roster.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in roster_text(5).splitlines():
        sheet.append(line.split(","))
    for row in range(7, 2007):
        sheet.cell(row=row, column=16384).font = Font(bold=True)
    book.save(path)
    assert [row.number for row in read_table(path).rows] == [2, 3, 4, 5, 6]


def test_a_reading_given_up_halfway_closes_quietly(tmp_path: Path) -> None:
    """Rows left unread when the file closes (an import that failed) raise nothing later."""
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(10))
    with open_table(path) as table:
        rows = iter(table.rows)
        assert next(rows).number == 2
    del rows, table
    gc.collect()  # pytest turns an exception ignored here into a failure (filterwarnings)
