"""Writing an export's rows to a file as they come: CSV, an Excel workbook or JSON.

Each writer takes an iterable of rows and reads it once, so an export of 100,000 rows
(read from the store page by page) costs the memory of a few. CSV text cells that a
spreadsheet would run as a formula are neutralised (:func:`neutralise`), and so are a
workbook's (:mod:`clearflow.cohort._workbook`); JSON is written head first, then each
item as it comes, then what is only known once they are all written (a count).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, BinaryIO, TypeVar

from clearflow.cohort._amounts import Amount
from clearflow.spec import Label

ENCODINGS = ("utf-8-sig", "gb18030", "utf-8")
"""CSV encodings offered: UTF-8 with a byte-order mark (default), GB18030, plain UTF-8."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text cells starting with one of these are read as formulas by spreadsheets."""

Cell = str | int | Amount | dt.date | dt.time | None
"""A table cell: text, a number (or amount), a date, a datetime or a time of day, or nothing."""
T = TypeVar("T")


def neutralise(cell: Cell) -> str:
    """A cell as CSV text; text a spreadsheet would run as a formula gets a leading ``'``.

    Numbers are written by clearflow itself and stay numbers (``-3`` is a difference);
    dates and datetimes read as ISO 8601, a time of day as ``HH:MM``.
    """
    if cell is None:
        return ""
    if isinstance(cell, str):
        return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return f"{cell:%H:%M}" if isinstance(cell, dt.time) else str(cell)


class _Encoded:
    """A text sink for :mod:`csv` that encodes what it is given into a binary file."""

    def __init__(self, file: BinaryIO, encoding: str) -> None:
        self._file = file
        self._encoder = codecs.getincrementalencoder(encoding)()

    def write(self, text: str) -> int:
        self._file.write(self._encoder.encode(text))
        return len(text)


def write_csv(
    file: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[Cell]], encoding: str
) -> None:
    """Write a header line, then one line per row as it comes, every cell neutralised."""
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown CSV encoding '{encoding}' (expected one of {ENCODINGS})")
    writer = csv.writer(_Encoded(file, encoding), lineterminator="\r\n")
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])


def write_xlsx(
    file: BinaryIO, header: Sequence[str], rows: Iterable[Sequence[Cell]], sheet: str
) -> None:
    """Write a workbook of one sheet named ``sheet``: a bold frozen header row, columns as
    wide as their cells, text neutralised as in CSV, numbers and dates typed."""
    from clearflow.cohort._workbook import write_workbook  # its XML escaping costs 15 ms

    write_workbook(file, header, rows, sheet, text=neutralise)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def write_json(
    file: BinaryIO,
    head: Mapping[str, Any],
    key: str,
    items: Iterable[Any],
    tail: Callable[[], Mapping[str, Any]] = dict,
) -> None:
    """Write ``{**head, key: [*items], **tail()}`` as indented UTF-8 JSON (Chinese as is)
    ending with a newline, the items one by one; ``tail`` is asked once they are written.

    The text is the one :func:`json.dumps` with ``indent=2`` writes for the whole.
    """
    file.write(_dumps(dict(head))[:-2].encode("utf-8") if head else b"{")
    file.write(f"{',' if head else ''}\n  {json.dumps(key)}: [".encode())
    first = True
    for item in items:
        text = _dumps(item).replace("\n", "\n    ")
        file.write((("\n    " if first else ",\n    ") + text).encode("utf-8"))
        first = False
    file.write(b"]" if first else b"\n  ]")
    for name, value in tail().items():
        text = _dumps(value).replace("\n", "\n  ")
        file.write(f",\n  {json.dumps(name)}: {text}".encode())
    file.write(b"\n}\n")


def label_json(label: Label | None) -> dict[str, str | None] | None:
    """A workflow label for tools: both languages, or null."""
    return None if label is None else {"zh": label.zh, "en": label.en}


class Counted(Iterator[T]):
    """The items of an iterable as they are read, counting them (``count``)."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = iter(items)
        self.count = 0

    def __next__(self) -> T:
        item = next(self._items)
        self.count += 1
        return item


__all__ = [
    "ENCODINGS",
    "FORMULA_STARTS",
    "Cell",
    "Counted",
    "label_json",
    "neutralise",
    "write_csv",
    "write_json",
    "write_xlsx",
]
