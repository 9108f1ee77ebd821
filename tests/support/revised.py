"""The 2014 workflow revised mid-season, as registry staff would edit it: for move tests."""

from __future__ import annotations

import functools

from clearflow import load_workflow_text
from clearflow.engine import Engine
from support import WORKFLOW_2014

LOAN_FACT = (
    "  student_loan: {type: bool, default: false, zh: 助学贷款学生, en: Holds a student loan}\n"
)
LOAN_STEP = """  - id: loan_confirmed
    office: student_aid
    when: student_loan
    due: prerequisites_due
    zh: 助学贷款还款确认
    en: Student loan repayment confirmed
"""


def revised_text(
    *,
    loan: bool = False,
    rename_library: bool = False,
    drop_logistics: bool = False,
    fees_due: str | None = None,
) -> str:
    """The 2014 YAML with the edits asked for (``fees_due``: the blocking fees deadline
    moved to that date)."""
    text = WORKFLOW_2014.read_text(encoding="utf-8")
    if fees_due is not None:
        text = text.replace(
            "date: 2014-07-04\n    late: block", f"date: {fees_due}\n    late: block"
        )
    if loan:
        text = text.replace("\ndeadlines:\n", "\n" + LOAN_FACT.rstrip("\n") + "\n\ndeadlines:\n", 1)
        text = text.replace("prerequisites:\n", "prerequisites:\n" + LOAN_STEP, 1)
    if rename_library:
        text = text.replace("- id: library_cleared\n", "- id: library_returned\n", 1)
    if drop_logistics:
        start = text.index("  - id: logistics_cleared\n")
        end = text.index("  - id: dormitory_cleared\n")
        text = text[:start] + text[end:]
    return text


@functools.cache
def revised_engine(
    *,
    loan: bool = False,
    rename_library: bool = False,
    drop_logistics: bool = False,
    fees_due: str | None = None,
) -> Engine:
    """An engine of :func:`revised_text` (same workflow id, another digest)."""
    text = revised_text(
        loan=loan, rename_library=rename_library, drop_logistics=drop_logistics, fees_due=fees_due
    )
    return Engine(load_workflow_text(text, "gyvtc-2014.yaml"))
