"""Damaged xlsx rosters and office lists are refused at their cells, or imported; a refused
workbook leaves the store's rows as they were.

A workbook is built from a damaged CSV seed (openpyxl writes it), its cells swapped for what
Excel holds that CSV cannot (numbers, dates, booleans, formulas), sometimes with a second
sheet, a cell far out at the last column or row (the used range), or its bytes cut.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from fuzz import FUZZ
from fuzz.harness import WORKFLOW, assert_located_or_done, invoke, scratch_folder, snapshot
from fuzz.mutations import mutated
from fuzz.seeds import OFFICE_LISTS, ROSTER_SEEDS, store_copy

CELLS: list[object] = [
    2014000001,
    2014000006,
    2.014000001e9,
    1e308,
    -0.0,
    float("nan"),
    10**30,
    True,
    False,
    dt.datetime(2014, 7, 1, 9, 0),
    dt.date(1900, 1, 1),
    dt.time(10, 0),
    "=1+1",
    "=SUM(A1:A3)",
    None,
    "  2014000002  ",
    "中职",
    "x" * 32_000,
]
"""What an xlsx cell holds that a CSV cell cannot."""
FAR = ["XFD1", "AA100", "A5000"]
"""Cells far out, which stretch the sheet's used range. Not the last row or column: reading
such a sheet takes gigabytes today (the campaign's "xlsx used range" attempts, under a
timeout, are where that is tried)."""


@st.composite
def workbooks(draw: st.DrawFn, seeds: list[str]) -> tuple[bytes, str | None]:
    """An xlsx workbook made from a damaged seed, and the ``--sheet`` to read (or None)."""
    rows = list(csv.reader(io.StringIO(draw(mutated(seeds)), newline="")))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = draw(st.sampled_from(["高职", "Sheet1", "roster"]))
    for row in rows:
        cells: list[object] = list(row)
        for index in draw(st.lists(st.integers(0, max(len(cells) - 1, 0)), max_size=3)):
            if cells:
                cells[index] = draw(st.sampled_from(CELLS))
        try:
            sheet.append(cells)
        except IllegalCharacterError:
            sheet.append([repr(cell) for cell in cells])
    if draw(st.integers(0, 3)) == 0:
        sheet[draw(st.sampled_from(FAR))] = draw(st.sampled_from(["", " ", "x", None]))
    if draw(st.booleans()):
        book.create_sheet("中职").append(["student_id", "name"])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    if draw(st.integers(0, 9)) == 0:  # cut by a fraction: a workbook's length varies (its date)
        data = data[: int(len(data) * draw(st.floats(0, 1)))]
    return data, draw(st.sampled_from([None, None, sheet.title, "中职", "nope"]))


def import_workbook(book: tuple[bytes, str | None], name: str, *more: str) -> None:
    """``cohort import`` of a workbook into a store of five students: located or imported,
    and when refused the store's rows are exactly as before."""
    data, sheet = book
    with scratch_folder() as folder:
        store = store_copy(folder).name
        (folder / name).write_bytes(data)
        before = snapshot(folder)
        argv = ["cohort", "import", str(WORKFLOW), name, "--db", store, *more]
        argv += ["--sheet", sheet] if sheet is not None else []
        result = invoke(argv, folder)
        assert_located_or_done(result, folder, before, name, [store])


@FUZZ
@given(workbooks(ROSTER_SEEDS), st.booleans())
def test_damaged_xlsx_roster_is_located_or_imported(
    book: tuple[bytes, str | None], skip_existing: bool
) -> None:
    """A workbook roster (with or without --skip-existing)."""
    more = ["--skip-existing"] if skip_existing else []
    import_workbook(book, "roster.xlsx", "--at", "2014-06-30 10:00", *more)


@FUZZ
@given(workbooks([OFFICE_LISTS["finance"]]), st.booleans())
def test_damaged_xlsx_office_list_is_located_or_imported(
    book: tuple[bytes, str | None], clear_unlisted: bool
) -> None:
    """Finance's list as a workbook, before the deadline."""
    more = ["--office", "finance", "--at", "2014-07-01 09:00"]
    import_workbook(book, "finance.xlsx", *more, *(["--clear-unlisted"] if clear_unlisted else []))
