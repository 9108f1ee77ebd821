"""What an import is recorded by: the file's bytes, the sheet read, the kind, office and step.

A second sheet of a workbook is a new import; a mistyped sheet is refused, not taken for
"already imported"; and the records of stores imported into before sheets were recorded
(a roster's bytes' sha256, a list's bytes with office, step and clear_unlisted) are the
same, so importing those files again is still a no-op.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from clearflow.cohort.importing import import_office_list, import_roster
from clearflow.errors import TableError
from clearflow.store._store import Store
from support.imports import BASE_ROSTER, ROSTER_HEADER, dump, open_store, roster_text

HEADER = ROSTER_HEADER.strip().split(",")
MISTYPED = (
    "{path}:1:1: no sheet '中职班' in the workbook (did you mean '中职'? its sheets are "
    "'高职', '中职') [CF701]"
)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty SQLite store of the 2014 workflow."""
    with open_store(tmp_path) as opened:
        yield opened


def workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """An .xlsx file with these sheets, in order, each a list of rows."""
    book = openpyxl.Workbook()
    default = book.active
    assert default is not None
    book.remove(default)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def roster_rows(*numbers: int) -> list[list[str]]:
    """A roster sheet: the header and one student per number (id 2014000<number>)."""
    return [HEADER] + [
        [f"2014{n:06d}", f"学生{n}", "王老师", "高职", "院本部", "旅游系", "否", "是"]
        for n in numbers
    ]


def records(tmp_path: Path) -> list[tuple[str, str]]:
    """The (sha256, kind) of every recorded import."""
    connection = sqlite3.connect(tmp_path / "clearflow.db")
    try:
        return sorted(connection.execute("SELECT sha256, kind FROM clearflow_imports").fetchall())
    finally:
        connection.close()


def test_a_second_sheet_of_the_same_workbook_is_imported(store: Store, tmp_path: Path) -> None:
    """高职 then 中职 of one workbook: both add their students; each again is a no-op."""
    path = workbook(
        tmp_path / "roster.xlsx", {"高职": roster_rows(101, 102), "中职": roster_rows(201, 202)}
    )
    first = import_roster(store, path)
    second = import_roster(store, path, sheet="中职")
    assert (first.summary(), second.summary()) == (
        f"{path}: 2 students added (2 rows, xlsx)",
        f"{path}: 2 students added (2 rows, xlsx)",
    )
    assert store.student_ids() == ["2014000101", "2014000102", "2014000201", "2014000202"]
    before = dump(tmp_path / "clearflow.db")
    for sheet in (None, "高职", "中职"):  # the first sheet, however named, was imported
        again = import_roster(store, path, sheet=sheet)
        assert again.summary() == f"{path}: already imported, nothing changed"
    assert dump(tmp_path / "clearflow.db") == before


def test_a_mistyped_sheet_is_refused_not_already_imported(store: Store, tmp_path: Path) -> None:
    """A sheet the workbook lacks: CF701 naming the sheets, even after the workbook's import."""
    path = workbook(tmp_path / "roster.xlsx", {"高职": roster_rows(101), "中职": roster_rows(201)})
    import_roster(store, path)
    before = dump(tmp_path / "clearflow.db")
    data = path.read_bytes()
    with pytest.raises(TableError) as roster:
        import_roster(store, path, sheet="中职班")
    with pytest.raises(TableError) as listing:
        import_office_list(store, path, office="library", sheet="中职班")
    for caught in (roster, listing):
        assert [str(issue) for issue in caught.value.issues] == [MISTYPED.format(path=path)]
    assert dump(tmp_path / "clearflow.db") == before
    assert path.read_bytes() == data


def test_office_lists_on_two_sheets_are_two_imports(store: Store, tmp_path: Path) -> None:
    """The library's list on two sheets: the second sheet's rows are applied too."""
    import_roster(store, BASE_ROSTER)
    header = ["student_id", "owes", "amount", "items", "note"]
    path = workbook(
        tmp_path / "library.xlsx",
        {
            "六月": [header, ["2014000001", "owes", "", "1 book", ""]],
            "七月": [header, ["2014000002", "owes", "", "2 books", ""]],
        },
    )
    first = import_office_list(store, path, office="library")
    second = import_office_list(store, path, office="library", sheet="七月")
    assert (first.refused, second.refused, second.already_imported) == (1, 1, False)
    reasons = {
        sid: store.load(sid).records["library_cleared"].reason
        for sid in ("2014000001", "2014000002")
    }
    assert reasons == {"2014000001": "owes; items: 1 book", "2014000002": "owes; items: 2 books"}
    assert import_office_list(store, path, office="library", sheet="七月").already_imported


def test_records_of_files_imported_before_sheets_were_recorded_are_kept(
    store: Store, tmp_path: Path
) -> None:
    """A CSV roster is recorded by its bytes' sha256, a list by the same text as before."""
    import_roster(store, BASE_ROSTER)
    listing = tmp_path / "library.csv"
    listing.write_text("student_id,owes\n2014000001,owes\n", encoding="utf-8")
    import_office_list(store, listing, office="library")
    roster_key = hashlib.sha256(BASE_ROSTER.read_bytes()).hexdigest()
    digest = hashlib.sha256(listing.read_bytes()).hexdigest()
    context = f"{digest}\0office-list\0library\0library_cleared\0False"
    list_key = hashlib.sha256(context.encode()).hexdigest()
    assert records(tmp_path) == sorted([(roster_key, "roster"), (list_key, "office list")])


def test_a_workbooks_first_sheet_is_recorded_as_before(store: Store, tmp_path: Path) -> None:
    """A roster workbook read without --sheet (or naming its first sheet) keeps its bytes' key."""
    path = workbook(tmp_path / "roster.xlsx", {"名单": roster_rows(101)})
    import_roster(store, path, sheet="名单")
    assert records(tmp_path) == [(hashlib.sha256(path.read_bytes()).hexdigest(), "roster")]


def test_a_sheet_on_a_csv_file_reads_the_file(store: Store, tmp_path: Path) -> None:
    """A CSV file has no sheets: ``sheet`` changes neither what is read nor the record."""
    path = tmp_path / "roster.csv"
    path.write_text(roster_text(2), encoding="utf-8")
    assert import_roster(store, path, sheet="中职").added == 2
    assert import_roster(store, path).already_imported
