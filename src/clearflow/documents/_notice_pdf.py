"""The notice and its attachment as PDF, set by typst from the content the Word files are
made of (:func:`~clearflow.documents.notice_content`), so the PDF, the .docx and the engine
say the same dates, times, headcounts and offices.

The template (``templates/notice.typ``) lays out the same sections in the same order as
:func:`~clearflow.documents.notice_docx`: the notice's deadlines, prerequisites, schedule
table (a date's cell spanning its sessions, the total under it), stations, documents and the
signature block; the attachment's prerequisites, service days, schedule, stations, documents
and the offices' hours.
"""

from __future__ import annotations

from clearflow._i18n import Lang
from clearflow.documents._content import notice_content
from clearflow.documents._items import What
from clearflow.documents._typeset import CjkFont, require_extra, typeset
from clearflow.spec import Workflow

TEMPLATE = "notice.typ"


def notice_pdf(
    workflow: Workflow, what: What = "notice", lang: Lang = "zh", *, font: CjkFont | None = None
) -> bytes:
    """The notice or its attachment as PDF bytes, A4, in a CJK font found on the machine
    (:func:`~clearflow.documents.find_cjk_font`) unless ``font`` is given."""
    require_extra()
    content = notice_content(workflow, lang)
    return typeset(TEMPLATE, {"what": what, "content": content.data()}, font)


__all__ = ["TEMPLATE", "notice_pdf"]
