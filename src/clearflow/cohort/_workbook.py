"""Writing an export as an Excel ``.xlsx`` workbook, and knowing one clearflow wrote.

One sheet: a bold header row frozen above the rows (the pane at ``A2``), each column as
wide as its widest cell among the header and the first rows (a Chinese character counts
two), numbers as numbers and dates and times as Excel dates and times. Text cells are
written as text, never as formulas, after the caller's rule for text
(:func:`clearflow.cohort.export.neutralise`, the CSV's own); characters XML cannot hold
(control characters) are dropped. The rows are read as they come and written to the
archive in batches (:mod:`clearflow.cohort._sheet_xml`, the fenced writer: openpyxl's
own took ten times as long), so a sheet of 100,000 rows costs the memory of a few. The
workbook names clearflow as its creator, which is how :func:`is_clearflow_workbook`
knows an earlier export.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from clearflow.cohort._sheet_xml import write_sheet_xml

SheetCell = str | int | float | decimal.Decimal | dt.date | dt.time | None
"""What a sheet cell may hold (``dt.datetime`` is a ``dt.date``; a Decimal is an amount)."""

CREATOR = "clearflow"
"""The creator an exported workbook names in its document properties."""
WIDEST = 60
"""The widest a column is made, in characters; longer text is cut off on screen only."""
MEASURED = 1000
"""How many rows, after the header, the column widths are measured on."""
_CREATOR_TAG = "{http://purl.org/dc/elements/1.1/}creator"
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
_FORMATS: tuple[tuple[type, int], ...] = ((dt.datetime, 16), (dt.date, 10), (dt.time, 5))
"""How wide each date or time type is shown (``yyyy-mm-dd hh:mm``, ``yyyy-mm-dd``, ``hh:mm``)."""


def display_width(text: str) -> int:
    """How many columns ``text`` takes on screen: wide (CJK) characters count two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _width(cell: SheetCell) -> int:
    if cell is None:
        return 0
    if isinstance(cell, str):
        if cell.isascii() and "\n" not in cell and "\r" not in cell:
            return len(cell)  # the common case, without a look at each character
        return max((display_width(line) for line in cell.splitlines()), default=0)
    for kind, width in _FORMATS:
        if isinstance(cell, kind):
            return width
    return len(str(cell))


def column_widths(header: Sequence[str], rows: Iterable[Sequence[SheetCell]]) -> list[int]:
    """Each column's width: its widest cell, header included, plus a margin, at most WIDEST."""
    widths = [_width(cell) for cell in header]
    for row in rows:
        for number, cell in enumerate(row):
            width = _width(cell)
            if width > widths[number]:
                widths[number] = width
    return [min(width + 2, WIDEST) for width in widths]


def write_workbook(
    file: BinaryIO,
    header: Sequence[str],
    rows: Iterable[Sequence[SheetCell]],
    sheet: str,
    *,
    text: Callable[[str], str],
) -> None:
    """Write to ``file`` a workbook of one sheet named ``sheet``: ``header`` then ``rows``.

    ``rows`` is read once, as it comes: the columns are as wide as the header and the
    first :data:`MEASURED` rows make them (a sheet's widths come before its rows).
    ``text`` is how a text cell is written (header cells too). A datetime with a time
    zone is written as the wall-clock time it shows (Excel has no time zones).
    """
    rest = iter(rows)
    first = list(itertools.islice(rest, MEASURED))
    write_sheet_xml(
        file,
        header,
        itertools.chain(first, rest),
        sheet=sheet,
        widths=column_widths(header, first),
        text=lambda value: _text(text(value)),
        creator=CREATOR,
    )


def _text(value: str) -> str:
    """Text as a sheet can hold it: control characters other than tab and line breaks go."""
    return value if value.isprintable() else _ILLEGAL.sub("", value)


def is_clearflow_workbook(path: str | Path) -> bool:
    """Whether ``path`` is a workbook clearflow exported (its creator says so).

    The document properties are read, at most their first 64 KB, whatever prefix their
    XML gives the Dublin Core namespace; a file that is no workbook is not one.
    """
    with (
        contextlib.suppress(OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError),
        zipfile.ZipFile(path) as archive,
        archive.open("docProps/core.xml") as properties,
    ):
        creator = ElementTree.fromstring(properties.read(65536)).find(_CREATOR_TAG)
        return creator is not None and (creator.text or "").strip() == CREATOR
    return False


__all__ = [
    "CREATOR",
    "SheetCell",
    "column_widths",
    "display_width",
    "is_clearflow_workbook",
    "write_workbook",
]
