"""The paper side of a workflow: the notice, its attachment (离校须知), and reading a notice back.

- :func:`notice_content` builds both papers' content once, as plain data
  (:class:`Content`), from a :class:`~clearflow.spec.Workflow`; the notice and the
  attachment are two views of it, so they cannot disagree.
- ``_dates`` writes dates, times and headcounts as a Chinese notice does
  (``7月10日（星期四）``, ``9:00—16:30``, ``474人``); ``_reading`` finds them again in a
  notice's text (:func:`read_notice`).
- :func:`notice_docx` writes either paper as a Word file (python-docx, East Asian fonts set),
  or renders staff's own template (docxtpl) after checking its variables; it and the
  libraries it needs load on first use; :func:`starter_template` is the default layout as
  a template of tags, for staff to start their own from.
- :func:`notice_pdf` sets either paper as PDF with typst, from the same content.
- :func:`compare` lists what an existing notice's text says that the workflow says
  otherwise (dates, weekdays, times, headcounts), each located as ``file:line:col``;
  :func:`compare_file` reads the notice first (:func:`read_notice_file`: .txt in UTF-8 or
  GB18030, or .docx).
- :func:`checklist_pdf` sets each student's 离校清单 (checklist), a page per student, with
  typst in a CJK font found on the machine (:func:`find_cjk_font`) and a QR code (segno);
  :func:`read_qr_text` and :func:`scanned_student` read a scanned code back, with neither
  library.

May import engine, spec, words, checks, loading, format and below; never the store, the
cohort, the console or the CLI. Third-party libraries for documents stay inside this
package and load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from clearflow._lazy import lazy_attributes
from clearflow.documents._compare import Difference, compare
from clearflow.documents._content import notice_content, service_dates
from clearflow.documents._dates import (
    day_text,
    full_date_text,
    headcount_text,
    session_when,
    span_text,
)
from clearflow.documents._items import (
    WHATS,
    Content,
    DeadlineItem,
    OfficeHours,
    Paper,
    Prerequisite,
    ScheduleRow,
    ServiceDay,
    Station,
    What,
)
from clearflow.documents._notice_file import MAX_NOTICE_BYTES, compare_file, read_notice_file
from clearflow.documents._notice_pdf import notice_pdf
from clearflow.documents._problems import TemplateError
from clearflow.documents._qr import qr_text, read_qr_text, scanned_student
from clearflow.documents._reading import FoundCount, FoundDate, FoundSpan, Spot, read_notice
from clearflow.documents._typeset import CjkFont, find_cjk_font, require_extra
from clearflow.documents.checklist import by_session, checklist_pdf, session_of

if TYPE_CHECKING:
    from clearflow.documents._docx import docx_text, notice_docx
    from clearflow.documents._starter import starter_template
    from clearflow.documents._template import MAX_TEMPLATE_BYTES, variables

_LAZY = {
    "MAX_TEMPLATE_BYTES": "clearflow.documents._template",
    "docx_text": "clearflow.documents._docx",
    "notice_docx": "clearflow.documents._docx",
    "starter_template": "clearflow.documents._starter",
    "variables": "clearflow.documents._template",
}

__all__ = [
    "MAX_NOTICE_BYTES",
    "MAX_TEMPLATE_BYTES",
    "WHATS",
    "CjkFont",
    "Content",
    "DeadlineItem",
    "Difference",
    "FoundCount",
    "FoundDate",
    "FoundSpan",
    "OfficeHours",
    "Paper",
    "Prerequisite",
    "ScheduleRow",
    "ServiceDay",
    "Spot",
    "Station",
    "TemplateError",
    "What",
    "by_session",
    "checklist_pdf",
    "compare",
    "compare_file",
    "day_text",
    "docx_text",
    "find_cjk_font",
    "full_date_text",
    "headcount_text",
    "notice_content",
    "notice_docx",
    "notice_pdf",
    "qr_text",
    "read_notice",
    "read_notice_file",
    "read_qr_text",
    "require_extra",
    "scanned_student",
    "service_dates",
    "session_of",
    "session_when",
    "span_text",
    "starter_template",
    "variables",
]
__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, __all__)
