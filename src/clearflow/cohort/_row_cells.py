"""A table file's records read into :class:`Row` s by column name, each problem reported.

:func:`table_rows` is the last step of :func:`clearflow.cohort._table.open_table`: each
record (its number and non-empty cells, by column index) becomes a row of cells by column
name. A cell holding NUL (CF713) or standing under no named column (CF704) is reported
in the table's issues; most rows have neither, and are read in one step.

:func:`line_rows` does the same for a CSV file's lines (the csv reader's lists of cells):
a line no wider than the header whose every cell stands under a named column and holds
no NUL becomes its row straight from the list; any other line is made a record first
(:func:`line_cells`) and read as :func:`table_rows` reads it, so its problems are
reported alike. ``tests/cohort/test_row_cells.py`` holds the two equal on random lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

import attrs

from clearflow._i18n import Message
from clearflow.cohort._located import Issues, Line, Record, file_issue
from clearflow.errors import Issue


@attrs.frozen(kw_only=True)
class Row:
    """One non-empty spreadsheet row: its number (the header is usually 1) and its cells."""

    number: int
    cells: Mapping[str, str]

    def get(self, column: str) -> str:
        """A cell's text, empty when the column is missing or the cell blank."""
        return self.cells.get(column, "")


def table_rows(
    source: str,
    records: Iterable[Record],
    named: Mapping[int, str],
    twice: set[int],
    issues: Issues,
) -> Iterator[Row]:
    """Each record as a :class:`Row` of the columns ``named`` (by index); ``twice``, the
    indexes of columns named twice (reported with the header)."""
    for number, cells in records:
        values: dict[str, str] | None
        try:  # most rows: every cell under a named column, and no NUL in any
            values = {named[index]: cell for index, cell in cells}
        except KeyError:
            values = None
        if values is None or "\x00" in "".join(values.values()):
            values = _cells(source, number, cells, named, twice, issues)
        yield Row(number=number, cells=values)


def line_cells(line: list[str]) -> list[tuple[int, str]]:
    """A CSV line's non-empty cells as a record holds them: (column, trimmed text)."""
    return [(index, cell.strip()) for index, cell in enumerate(line, 1) if cell]


def line_rows(
    source: str,
    lines: Iterable[Line],
    named: Mapping[int, str],
    twice: set[int],
    issues: Issues,
) -> Iterator[Row]:
    """Each non-empty line as a :class:`Row`, as :func:`table_rows` reads its record."""
    # Column by column up to the last named one; "" under a column without a name (no
    # column is named "", so a value there shows as the key "" and sends the line on).
    names = [named.get(index, "") for index in range(1, max(named, default=0) + 1)]
    width = len(names)
    for number, line in lines:
        if len(line) <= width:  # a shorter line leaves the last columns empty
            values = {name: cell.strip() for name, cell in zip(names, line, strict=False) if cell}
            if "" not in values and "\x00" not in "".join(values.values()):
                if values:  # else every cell is empty: no row, as no record
                    yield Row(number=number, cells=values)
                continue
        cells = line_cells(line)
        if cells:
            yield Row(number=number, cells=_cells(source, number, cells, named, twice, issues))


def _cells(
    source: str,
    number: int,
    cells: Iterable[tuple[int, str]],
    named: Mapping[int, str],
    twice: set[int],
    issues: Issues,
) -> dict[str, str]:
    """A row's cells by column name, each problem reported: a NUL, a value without a name."""
    values: dict[str, str] = {}
    for index, cell in cells:
        if index in named:
            values[named[index]] = cell
            if "\x00" in cell:
                issues.append(
                    Issue(
                        code="CF713",
                        message=Message("value holds a NUL character (\\x00)"),
                        hint=Message("delete it: a store cannot keep it"),
                        source=source,
                        line=number,
                        column=index,
                        path=f"column '{named[index]}'",
                    )
                )
        elif index not in twice:
            message = Message("value '{value}' has no column name", value=cell)
            hint = Message("name the column in the header row, or delete the value")
            issues.append(file_issue(source, "CF704", message, hint, number, index))
    return values


__all__ = ["Row", "line_cells", "line_rows", "table_rows"]
