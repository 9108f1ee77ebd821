"""The 2014 workflow revised mid-season, by editing its YAML text, for the migration tests.

Each edit is one a registry would make: a fact and a prerequisite for loan holders, a
renamed step, a removed step, a deadline moved earlier. :func:`revised` applies the ones
asked for, so a test names exactly what changed.
"""

from __future__ import annotations

from clearflow import Workflow, load_workflow_text
from support import WORKFLOW_2014

LOAN_FACT = (
    "  household_moving: {type: bool, default: false, zh: 户口迁移, en: Moves household registration}\n"
)
LOAN_STEP = """  - id: loan_confirmed
    office: student_aid
    when: student_loan
    due: prerequisites_due
    zh: 确认助学贷款还款计划
    en: Student loan repayment plan confirmed
"""
REMOVED = """  - id: academic_affairs_cleared
    office: academic_affairs
    due: prerequisites_due
    zh: 教务处结清
    en: Cleared at Academic Affairs
    checks: {zh: 欠费欠物清缴, en: Arrears and items settled}
"""


def text_2014() -> str:
    """The 2014 workflow's text as shipped."""
    return WORKFLOW_2014.read_text(encoding="utf-8")


def revised_text(
    *, loan: bool = False, rename: bool = False, remove: bool = False, earlier: bool = False
) -> str:
    """The 2014 text with the edits asked for."""
    text = text_2014()
    if loan:
        fact = "  student_loan: {type: bool, default: false, zh: 助学贷款, en: Student loan holder}\n"
        text = text.replace(LOAN_FACT, LOAN_FACT + fact, 1)
        text = text.replace("  - id: library_cleared\n", LOAN_STEP + "  - id: library_cleared\n", 1)
    if rename:
        text = text.replace("id: dormitory_cleared", "id: dormitory_checked_out", 1)
    if remove:
        assert REMOVED in text
        text = text.replace(REMOVED, "", 1)
    if earlier:
        text = text.replace(
            "  prerequisites_due:\n    date: 2014-07-04", "  prerequisites_due:\n    date: 2014-07-02", 1
        )
    return text


def revised(**edits: bool) -> Workflow:
    """The 2014 workflow with the edits asked for, loaded."""
    return load_workflow_text(revised_text(**edits), "gyvtc-2014-revised.yaml")
