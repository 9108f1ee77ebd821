"""A starting template for staff: the default notice or attachment as docxtpl tags.

:func:`starter_template` writes a ``.docx`` laid out as :func:`notice_docx` lays out its own
papers (the same styles and East Asian fonts), with every text a tag: ``{{ notice_title }}``,
``{{ headings.schedule }}``, a table row repeated per session by ``{%tr for row in schedule
%}``. Staff open it in Word or WPS, add their letterhead, move or delete what they like, and
pass it back as ``template=``; rendered unchanged it says what the default paper says.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from clearflow.documents._docx import (
    HEADING,
    TABLE,
    east_asian,
    heading,
    new_table,
    paragraph,
    set_styles,
)
from clearflow.documents._items import What


def starter_template(what: What = "notice") -> bytes:
    """The default ``what`` paper as a template of tags, .docx bytes (any language)."""
    document = docx.Document()
    set_styles(document)
    if what == "notice":
        paragraph(document, "{{ notice_title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        heading(document, "{{ headings.deadlines }}")
        _loop(document, "item in deadlines", "{{ item.line }}")
    else:
        paragraph(document, "{{ headings.attachment }}", HEADING)
        paragraph(document, "{{ attachment_title }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    heading(document, "{{ prerequisites_heading }}")
    _rows(
        document,
        ("no", "step", "office", "applies", "due"),
        "p in prerequisites",
        (
            "{{ loop.index }}",
            "{{ p.label }}",
            "{{ p.office }}",
            "{{ p.applies }}",
            "{{ p.due_text }}",
        ),
    )
    if what == "attachment":
        heading(document, "{{ headings.service_days }}")
        _rows(
            document,
            ("date", "time", "students"),
            "day in service_days",
            ("{{ day.date_text }}", "{{ day.hours_text }}", "{{ day.students | join('\\n') }}"),
        )
    heading(document, "{{ headings.schedule }}")
    _rows(
        document,
        ("date", "time", "students", "headcount", "place"),
        "row in schedule",
        (
            "{{ row.date_text if row.first_of_day else '' }}",
            "{{ row.time_text }}",
            "{{ row.students }}",
            "{{ row.headcount_text }}",
            "{{ row.place }}",
        ),
        total=("{{ headings.total }}", "", "", "{{ total_headcount_text }}", ""),
    )
    paragraph(document, "{{ headings.place }}{{ headings.colon }}{{ place }}")
    _loop(document, "line in elsewhere", "{{ line }}")
    heading(document, "{{ headings.stations }}")
    _rows(
        document,
        ("no", "office", "step", "checks"),
        "s in stations",
        ("{{ s.number }}", "{{ s.office }}", "{{ s.label }}", "{{ s.checks }}"),
    )
    heading(document, "{{ headings.documents }}")
    _rows(
        document,
        ("no", "document", "office", "applies"),
        "d in documents",
        ("{{ loop.index }}", "{{ d.label }}", "{{ d.office }}", "{{ d.applies }}"),
    )
    if what == "notice":
        paragraph(document, "{{ headings.attachment }}{{ headings.colon }}{{ attachment_title }}")
        paragraph(document, "{{ institution }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph(document, "{{ issued_text }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        paragraph(document, "{%p if office_hours %}")
        heading(document, "{{ headings.office_hours }}")
        shown = "{{ [o.place, o.hours_text] | select | join(headings.separator) }}"
        _loop(document, "o in office_hours", "{{ o.office }}{{ headings.colon }}" + shown)
        paragraph(document, "{%p endif %}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _loop(document: Document, each: str, body: str) -> None:
    paragraph(document, f"{{%p for {each} %}}")
    paragraph(document, body)
    paragraph(document, "{%p endfor %}")


def _rows(
    document: Document,
    header: Sequence[str],
    each: str,
    cells: Sequence[str],
    total: Sequence[str] = (),
) -> None:
    table = new_table(document, [f"{{{{ headings.{key} }}}}" for key in header])
    rows = [(f"{{%tr for {each} %}}",), cells, ("{%tr endfor %}",)]
    if total:
        rows.append(total)
    for row in rows:
        added = table.add_row().cells  # type: ignore[no-untyped-call]
        for cell, text in zip(added, row, strict=False):
            east_asian(cell.paragraphs[0].add_run(text), TABLE)
