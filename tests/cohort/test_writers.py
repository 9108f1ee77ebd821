"""The streaming writers: rows read once as they come, the same bytes as the whole at once."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from clearflow.cohort._workbook import MEASURED
from clearflow.cohort._writers import Cell, Counted, write_csv, write_json, write_xlsx
from clearflow.cohort.export import open_export


def rows(count: int) -> Iterator[list[Cell]]:
    """A generator of rows, as the store's pages give them."""
    for number in range(count):
        yield [f"s{number}", "=1+1" if number == 0 else "x", number]


def test_csv_is_written_row_by_row_from_a_generator() -> None:
    """Header, then each row as it comes; formulas neutralised; CRLF line ends, BOM first."""
    file = io.BytesIO()
    write_csv(file, ["id", "text", "n"], rows(3), "utf-8-sig")
    assert file.getvalue().decode("utf-8-sig") == (
        "id,text,n\r\ns0,'=1+1,0\r\ns1,x,1\r\ns2,x,2\r\n"
    )
    assert file.getvalue().startswith(b"\xef\xbb\xbf")
    assert file.getvalue().count(b"\xef\xbb\xbf") == 1


@pytest.mark.parametrize(
    ("head", "items", "tail"),
    [
        ({"workflow": "w", "report": "blocked"}, [{"a": [1, {"b": None}]}, "中"], {"n": 2}),
        ({"workflow": "w"}, [], {}),
        ({}, [1, 2], {"t": {"x": [1]}}),
    ],
)
def test_json_streamed_is_the_text_json_dumps_writes(
    head: dict[str, object], items: list[object], tail: dict[str, object]
) -> None:
    """Head, the items one by one, then the tail: the very text of one json.dumps(indent=2)."""
    file = io.BytesIO()
    write_json(file, head, "rows", iter(items), lambda: tail)
    whole = {**head, "rows": items, **tail}
    assert file.getvalue() == (json.dumps(whole, ensure_ascii=False, indent=2) + "\n").encode()


def test_xlsx_from_a_generator_measures_widths_on_the_first_rows() -> None:
    """Every row reaches the sheet; a wide cell after the measured rows does not widen it."""

    def generated() -> Iterator[list[Cell]]:
        for number in range(MEASURED):
            yield [str(number)]
        yield ["w" * 40]

    file = io.BytesIO()
    write_xlsx(file, ["id"], generated(), "S")
    sheet = openpyxl.load_workbook(io.BytesIO(file.getvalue())).active
    assert sheet is not None
    assert sheet.max_row == MEASURED + 2
    assert sheet.cell(MEASURED + 2, 1).value == "w" * 40
    assert sheet.column_dimensions["A"].width == len(str(MEASURED - 1)) + 2


def test_counted_counts_what_was_read() -> None:
    """The count is of the items read so far."""
    counted = Counted(rows(4))
    assert counted.count == 0
    assert len(list(counted)) == 4
    assert counted.count == 4


def test_an_export_that_fails_half_way_leaves_the_old_file(tmp_path: Path) -> None:
    """Rows that stop with an error (the store went away) change nothing on disk."""
    path = tmp_path / "blocked.csv"
    path.write_bytes(b"student_id,name,counsellor,office\r\n")

    def failing() -> Iterator[list[Cell]]:
        yield from rows(2)
        raise RuntimeError("database is locked")

    store, workflow = tmp_path / "class.db", tmp_path / "w.yaml"
    with (
        pytest.raises(RuntimeError, match="locked"),
        open_export(path, workflow=workflow, store=store) as file,
    ):
        write_csv(file, ["id", "text", "n"], failing(), "utf-8")
    assert path.read_bytes() == b"student_id,name,counsellor,office\r\n"
    assert [entry.name for entry in tmp_path.iterdir()] == ["blocked.csv"]
