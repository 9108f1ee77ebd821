"""A CSV file's lines read into rows: the lines' fast path equals reading them as records.

:func:`line_rows` reads most lines straight from the csv reader's list and the others as
:func:`table_rows` reads records. On random headers (columns unnamed, or named twice) and
random lines (shorter and wider than the header, blank, padded, holding NUL), both must
give the same rows and report the same problems, in the same order; and a whole file read
by :func:`open_table` must be what reading its every line as a record gives.
"""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.cohort._located import Issues, Line
from clearflow.cohort._row_cells import Row, line_cells, line_rows, table_rows
from clearflow.cohort._table import normalise, open_table
from clearflow.errors import TableError

FEW = settings(max_examples=200, deadline=None, database=None, derandomize=True)
CELLS = st.sampled_from(["", " ", "a", " b ", "李雷", "\x00", "c\x00", "1,2", 'say "x"', "\n"])
LINES = st.lists(st.lists(CELLS, max_size=7), max_size=12)
NAMES = st.sampled_from(["", "student_id", "name", "学号", "姓名", "program", " Program "])


def shown(rows: list[Row], issues: Issues) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The rows (number and cells, in order) and the problems as they read, to compare."""
    return [(row.number, dict(row.cells)) for row in rows], [str(issue) for issue in issues]


def as_records(
    lines: list[Line], named: dict[int, str], twice: set[int], issues: Issues, source: str = "t.csv"
) -> list[Row]:
    """The lines read as records, as every line was read before the fast path."""
    records = [(number, line_cells(line)) for number, line in lines]
    return list(table_rows(source, (r for r in records if r[1]), named, twice, issues))


@st.composite
def headers(draw: st.DrawFn) -> tuple[dict[int, str], set[int]]:
    """Named columns by index (some columns left without a name) and those named twice."""
    named: dict[int, str] = {}
    twice: set[int] = set()
    for index in range(1, draw(st.integers(0, 6)) + 1):
        name = draw(st.sampled_from(["", "student_id", "name", "program", "campus"]))
        if name in named.values():
            twice.add(index)
        elif name:
            named[index] = name
    return named, twice


@FEW
@given(headers(), LINES)
def test_lines_read_as_their_records(
    header: tuple[dict[int, str], set[int]], cells: list[list[str]]
) -> None:
    """Every line gives the row and the problems (CF704, CF713) its record gives."""
    named, twice = header
    lines = list(enumerate(cells, start=2))
    fast, slow = Issues(), Issues()
    rows = list(line_rows("t.csv", lines, named, twice, fast))
    assert shown(rows, fast) == shown(as_records(lines, named, twice, slow), slow)


@FEW
@given(st.lists(NAMES, min_size=1, max_size=5), LINES)
def test_a_file_reads_as_its_records(
    tmp_path_factory: pytest.TempPathFactory, header: list[str], cells: list[list[str]]
) -> None:
    """A CSV file (header, then lines) reads as reading every line as a record did."""
    text = io.StringIO()
    csv.writer(text).writerows([header, *cells])
    path = tmp_path_factory.mktemp("rows") / "t.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    lines = list(enumerate(csv.reader(io.StringIO(text.getvalue(), newline="")), start=1))
    first = next((n for n, line in lines if any(line)), None)
    if first is None:  # blank lines only: no header (CF701)
        with pytest.raises(TableError), open_table(path):
            pass
        return
    with open_table(path) as table:
        read = shown(list(table.rows), table.issues)
    at = next((n for n, line in lines if "student_id" in map(normalise, line)), first)
    named: dict[int, str] = {}
    twice: set[int] = set()
    for index, cell in line_cells(lines[at - 1][1]):
        name = normalise(cell)
        if name in named.values():
            twice.add(index)
        elif name:
            named[index] = name
    issues = Issues()
    expected = as_records(lines[at:], named, twice, issues, str(path))
    assert read[0] == shown(expected, issues)[0]
    assert read[1][len(twice) :] == shown(expected, issues)[1]  # after the header's own


def test_a_plain_line_is_its_cells_trimmed() -> None:
    """A line as wide as the header, nothing unusual: its cells by name, trimmed, blanks out."""
    issues = Issues()
    rows = list(
        line_rows("t.csv", [(2, [" 1 ", "", "李雷"])], {1: "a", 2: "b", 3: "c"}, set(), issues)
    )
    assert shown(rows, issues) == ([(2, {"a": "1", "c": "李雷"})], [])


def test_unusual_lines_are_reported_as_before() -> None:
    """A value under no column (CF704) and a NUL (CF713) are reported; blank lines give no row."""
    issues = Issues()
    lines: list[Line] = [(2, ["1", "x", "extra"]), (3, ["\x00", ""]), (4, ["", ""]), (5, [])]
    rows = list(line_rows("t.csv", lines, {1: "a", 2: "b"}, set(), issues))
    assert shown(rows, issues) == (
        [(2, {"a": "1", "b": "x"}), (3, {"a": "\x00"})],
        [
            "t.csv:2:3: value 'extra' has no column name"
            " (name the column in the header row, or delete the value) [CF704]",
            "t.csv:3:1: column 'a': value holds a NUL character (\\x00)"
            " (delete it: a store cannot keep it) [CF713]",
        ],
    )
