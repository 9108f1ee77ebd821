"""The one speed trick of the workbook export: a sheet's XML written by hand (fenced).

openpyxl's write-only mode builds a cell object per value and serialises each through
an XML tree (``et_xmlfile``; lxml when installed): about 20 µs a cell, so a blocked
export of 3,000 students (19,000 rows) took 6-8 s as xlsx against about 1 s as CSV.
The parts of a one-sheet workbook are few and fixed, so this module writes them itself,
each row as one string: about ten times faster (``benchmarks/bench_export.py``). It
writes exactly what the export needs and nothing else: text as inline strings (never
a formula), integers and floats as numbers, dates, datetimes and times as Excel serial
numbers under the number formats of :mod:`clearflow.cohort._workbook`, a bold header
row frozen at ``A2``, column widths, and clearflow as the creator.
``tests/cohort/test_sheet_xml.py`` reads what it writes with openpyxl and compares it
cell by cell with a workbook openpyxl wrote from the same rows.
"""

from __future__ import annotations

import datetime as dt
import decimal
import zipfile
from collections.abc import Callable, Iterable, Sequence
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

Value = str | int | float | decimal.Decimal | dt.date | dt.time | None
"""What a cell may hold (``dt.datetime`` is a ``dt.date``; a Decimal is an amount)."""

_EPOCH = dt.datetime(1899, 12, 30)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_BATCH = 500
"""Rows joined into one write to the archive."""
# Style indexes in styles.xml: 0 plain, 1 bold (the header), then a date or time format each,
# and an amount of money (two decimals).
_BOLD, _DATETIME, _DATE, _TIME, _AMOUNT = 1, 2, 3, 4, 5
FORMATS = {
    _DATETIME: "yyyy-mm-dd hh:mm",
    _DATE: "yyyy-mm-dd",
    _TIME: "hh:mm",
    _AMOUNT: "0.00",
}
"""The number format of each date and time style."""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
</Types>"""
_ROOT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE}">\
<Relationship Id="rId1" Target="xl/workbook.xml" \
Type="{_RELS}/officeDocument"/>\
<Relationship Id="rId2" Target="docProps/core.xml" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"/>\
</Relationships>"""
_WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{_PACKAGE}">\
<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{_RELS}/worksheet"/>\
<Relationship Id="rId2" Target="styles.xml" Type="{_RELS}/styles"/>\
</Relationships>"""
_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN}">\
<numFmts count="3"><numFmt numFmtId="164" formatCode="{FORMATS[_DATETIME]}"/>\
<numFmt numFmtId="165" formatCode="{FORMATS[_DATE]}"/>\
<numFmt numFmtId="166" formatCode="{FORMATS[_TIME]}"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""


def column_letter(number: int) -> str:
    """A column's letters from its 1-based number: 1 is A, 27 is AA."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _core(creator: str, now: dt.datetime) -> str:
    stamp = f"{now:%Y-%m-%dT%H:%M:%SZ}"
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{escape(creator)}</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _workbook(sheet: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><bookViews><workbookView/></bookViews>'
        f'<sheets><sheet name={quoteattr(sheet)} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet_head(widths: Sequence[int]) -> str:
    columns = "".join(
        f'<col min="{number}" max="{number}" width="{width}" customWidth="1"/>'
        for number, width in enumerate(widths, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheetViews>'
        '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
        f"{f'<cols>{columns}</cols>' if columns else ''}<sheetData>"
    )


def _text_cell(reference: str, text: str, style: str = "") -> str:
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _cell(reference: str, value: Value, text: Callable[[str], str]) -> str:
    """One cell's XML, or nothing for an empty one."""
    if value is None:
        return ""
    if isinstance(value, str):
        shown = text(value)
        return _text_cell(reference, shown) if shown else ""
    if isinstance(value, bool):  # not a number a sheet should add up
        return _text_cell(reference, text(str(value).lower()))
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value!r}</v></c>'
    if isinstance(value, decimal.Decimal):  # an amount of money: a number, two places
        return f'<c r="{reference}" s="{_AMOUNT}"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        moment = value.replace(tzinfo=None)  # the wall-clock time it shows
        serial = (moment - _EPOCH) / dt.timedelta(days=1)
        return f'<c r="{reference}" s="{_DATETIME}"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{reference}" s="{_DATE}"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, dt.time):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        serial = (seconds + value.microsecond / 1e6) / 86400
        return f'<c r="{reference}" s="{_TIME}"><v>{serial!r}</v></c>'
    return _text_cell(reference, text(str(value)))


def write_sheet_xml(
    file: BinaryIO,
    header: Sequence[str],
    rows: Iterable[Sequence[Value]],
    *,
    sheet: str,
    widths: Sequence[int],
    text: Callable[[str], str],
    creator: str,
    now: dt.datetime | None = None,
) -> None:
    """Write to ``file`` a workbook of one sheet: ``header`` in bold, frozen, then ``rows``
    as they come; ``text`` gives each text cell as it is written (control characters and
    formula starts already dealt with), ``widths`` each column's width."""
    letters = [column_letter(number) for number in range(1, len(header) + 1)]
    moment = now or dt.datetime.now(dt.UTC)
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("docProps/core.xml", _core(creator, moment))
        archive.writestr("xl/workbook.xml", _workbook(sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            bold = f' s="{_BOLD}"'
            heading = "".join(
                _text_cell(f"{letter}1", text(cell), bold)
                for letter, cell in zip(letters, header, strict=True)
            )
            part.write((_sheet_head(widths) + f'<row r="1">{heading}</row>').encode())
            batch: list[str] = []
            for number, row in enumerate(rows, start=2):
                cells = "".join(
                    _cell(f"{letter}{number}", value, text)
                    for letter, value in zip(letters, row, strict=False)
                )
                batch.append(f'<row r="{number}">{cells}</row>')
                if len(batch) >= _BATCH:
                    part.write("".join(batch).encode())
                    batch.clear()
            part.write(("".join(batch) + "</sheetData></worksheet>").encode())


__all__ = ["FORMATS", "Value", "column_letter", "write_sheet_xml"]
