"""The notice and its attachment as Word files (.docx), built with python-docx.

:func:`notice_docx` writes either paper from the one :class:`~clearflow.documents.Content`
(so the two cannot disagree): headings, the schedule as a table (a date's cells merged down
its sessions), the prerequisites, stations and documents, the place, the signature block.
A staff member's own Word/WPS template is rendered instead when given
(:mod:`clearflow.documents._template`, docxtpl).

East Asian fonts are set explicitly on every style and run: python-docx writes only
``w:ascii``/``w:hAnsi``, and Word then shows Chinese in whatever its East Asian default is
(often not installed under that name in WPS). ``w:eastAsia`` is 仿宋 for the body, 黑体
for the headings and 宋体 for the title and the tables, the names Word itself writes for
those fonts on a Chinese system (as a 公文 sets them); Latin text is Times New Roman.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any, Final

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.run import Run

from clearflow._i18n import Lang
from clearflow.documents._content import notice_content
from clearflow.documents._items import Content, What
from clearflow.documents._template import render_template
from clearflow.spec import Workflow

LATIN: Final = "Times New Roman"
BODY: Final = "仿宋"
HEADING: Final = "黑体"
TITLE: Final = "宋体"
TABLE: Final = "宋体"


def notice_docx(
    workflow: Workflow,
    what: What = "notice",
    lang: Lang = "zh",
    template: str | None = None,
) -> bytes:
    """The notice or its attachment as .docx bytes; through staff's ``template`` if given.

    A template's variables are checked before it is rendered: each one the content lacks is
    a located :class:`~clearflow.documents.TemplateError` issue (CF802) with a did-you-mean.
    """
    content = notice_content(workflow, lang)
    if template is not None:
        return render_template(template, content, what)
    document = docx.Document()
    set_styles(document)
    if what == "notice":
        _notice(document, content)
    else:
        _attachment(document, content)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """A .docx's text, one line per paragraph of the body and of each table cell, in document
    order (a merged cell once): what :func:`~clearflow.documents.compare` reads."""
    document = docx.Document(io.BytesIO(data))
    return "\n".join(_paragraph_text(p) for p in document.element.body.iter(qn("w:p")))


_BREAKS: Final = {qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:tab"): "\t"}


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for node in paragraph.iter(qn("w:t"), *_BREAKS):
        parts.append(node.text or "" if node.tag == qn("w:t") else _BREAKS[node.tag])
    return "".join(parts)


def east_asian(run: Run, name: str) -> None:
    """Set ``run``'s Latin font to Times New Roman and its East Asian font to ``name``."""
    run.font.name = LATIN
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def set_styles(document: Document) -> None:
    """A4 pages; every style's Latin and East Asian fonts and size, in black."""
    for section in document.sections:  # A4, as a notice is printed (python-docx: US Letter)
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(28)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    for style_name, east, size in (
        ("Normal", BODY, 14),
        ("Title", TITLE, 20),
        ("Heading 1", HEADING, 15),
        ("Heading 2", HEADING, 14),
        ("Table Grid", TABLE, 11),
    ):
        style = document.styles[style_name]
        style.font.name = LATIN
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0, 0, 0)  # python-docx's headings are blue
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), east)


def paragraph(
    document: Document,
    text: str,
    font: str = BODY,
    style: str | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    bold: bool = False,
) -> None:
    """A paragraph of ``text`` in ``font`` (East Asian; Latin text in Times New Roman)."""
    added = document.add_paragraph(style=style)
    if align is not None:
        added.alignment = align
    run = added.add_run(text)
    run.bold = bold
    east_asian(run, font)


def heading(document: Document, text: str) -> None:
    """A first-level heading in 黑体."""
    east_asian(document.add_heading(level=1).add_run(text), HEADING)


def _title(document: Document, text: str) -> None:
    paragraph(document, text, TITLE, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    document.paragraphs[-1].runs[0].font.size = Pt(20)


def new_table(document: Document, header: Sequence[str]) -> Table:
    """A grid table with its header row in bold."""
    table: Table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        east_asian(run, TABLE)
    return table


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
    table = new_table(document, header)
    for row in rows:
        cells = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, text in zip(cells, row, strict=True):
            first, *more = text.split("\n")  # a line each: a paragraph each
            east_asian(cell.paragraphs[0].add_run(first), TABLE)
            for line in more:
                east_asian(cell.add_paragraph().add_run(line), TABLE)
    return table


def _schedule(document: Document, content: Content) -> None:
    words = content.headings
    heading(document, words["schedule"])
    rows = [
        (row.date_text, row.time_text, row.students, row.headcount_text, row.place)
        for row in content.schedule
    ]
    rows.append((words["total"], "", "", content.total_headcount_text, ""))
    header = (words["date"], words["time"], words["students"], words["headcount"], words["place"])
    table = _table(document, header, rows)
    start = 1
    for index in range(1, len(content.schedule) + 1):  # merge a date's cells down
        last = index == len(content.schedule) or content.schedule[index].first_of_day
        if last and index > start:
            top = table.cell(start, 0)
            text = top.text
            merged = top.merge(table.cell(index, 0))
            for below in merged.paragraphs[1:]:
                below._element.getparent().remove(below._element)
            merged.paragraphs[0].runs[0].text = text
            for extra in merged.paragraphs[0].runs[1:]:
                extra._element.getparent().remove(extra._element)
        if last:
            start = index + 1
    if content.place:
        paragraph(document, words["place"] + words["colon"] + content.place)
    for line in content.elsewhere:
        paragraph(document, line)


def _deadlines(document: Document, content: Content) -> None:
    words = content.headings
    heading(document, words["deadlines"])
    for item in content.deadlines:
        paragraph(document, item.line)


def _prerequisites(document: Document, content: Content) -> None:
    words = content.headings
    heading(document, content.prerequisites_heading)
    header = (words["no"], words["step"], words["office"], words["applies"], words["due"])
    rows = [
        (str(n), p.label, p.office, p.applies, p.due_text)
        for n, p in enumerate(content.prerequisites, start=1)
    ]
    _table(document, header, rows)


def _stations(document: Document, content: Content) -> None:
    words = content.headings
    heading(document, words["stations"])
    header = (words["no"], words["office"], words["step"], words["checks"])
    _table(
        document, header, [(str(s.number), s.office, s.label, s.checks) for s in content.stations]
    )


def _documents(document: Document, content: Content) -> None:
    words = content.headings
    heading(document, words["documents"])
    header = (words["no"], words["document"], words["office"], words["applies"])
    rows = [(str(n), p.label, p.office, p.applies) for n, p in enumerate(content.documents, 1)]
    _table(document, header, rows)


def _notice(document: Document, content: Content) -> None:
    _title(document, content.notice_title)
    _deadlines(document, content)
    _prerequisites(document, content)
    _schedule(document, content)
    _stations(document, content)
    _documents(document, content)
    words = content.headings
    paragraph(document, words["attachment"] + words["colon"] + content.attachment_title)
    paragraph(document, content.institution, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph(document, content.issued_text, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _attachment(document: Document, content: Content) -> None:
    words = content.headings
    paragraph(document, words["attachment"], HEADING)
    _title(document, content.attachment_title)
    _prerequisites(document, content)
    heading(document, words["service_days"])
    header = (words["date"], words["time"], words["students"])
    rows = [(d.date_text, d.hours_text, "\n".join(d.students)) for d in content.service_days]
    _table(document, header, rows)
    _schedule(document, content)
    _stations(document, content)
    _documents(document, content)
    if content.office_hours:
        heading(document, words["office_hours"])
        for office in content.office_hours:
            shown = words["separator"].join(p for p in (office.place, office.hours_text) if p)
            paragraph(document, office.office + words["colon"] + shown)
