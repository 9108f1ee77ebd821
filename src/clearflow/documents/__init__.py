"""The paper side of a workflow: each student's 离校清单 (checklist) as PDF, and its QR code.

Made from the same workflow the engine runs, so the paper cannot say other than the rules.
:func:`checklist_pdf` sets a page per student with typst (the optional ``documents``
extra: ``pip install 'clearflow[documents]'``, with segno for the QR code) in a CJK font
found on the machine (:func:`find_cjk_font`); :func:`read_qr_text` and
:func:`scanned_student` read a scanned code back, which needs neither library. Importing
this package loads neither typst nor segno.
"""

from clearflow.documents._qr import qr_text, read_qr_text, scanned_student
from clearflow.documents._typeset import CjkFont, find_cjk_font
from clearflow.documents.checklist import by_session, checklist_pdf, session_of

__all__ = [
    "CjkFont",
    "by_session",
    "checklist_pdf",
    "find_cjk_font",
    "qr_text",
    "read_qr_text",
    "scanned_student",
    "session_of",
]
