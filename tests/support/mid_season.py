"""The 2014 workflow revised mid-season, by editing its YAML text, for the migration tests.

Each edit is one a registry would make: a fact and a prerequisite for loan holders, a
renamed step, a removed step, a deadline moved earlier (a late-blocking one too).
:func:`revised` applies the ones asked for, so a test names exactly what changed;
:func:`mid_season` makes the store they are planned on.
"""

from __future__ import annotations

from pathlib import Path

from clearflow import Workflow, load_workflow_text
from clearflow.store import Store
from support import (
    WORKFLOW_2014,
    at,
    drive,
    engine_2014,
    profile,
    settle_prerequisites,
    staff,
    start,
)

LOAN_FACT = "  credits_complete:\n"
"""The line the loan fact goes before."""
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
    *,
    loan: bool = False,
    rename: bool = False,
    remove: bool = False,
    earlier: bool = False,
    fees_earlier: bool = False,
) -> str:
    """The 2014 text with the edits asked for."""
    text = text_2014()
    if loan:
        fact = (
            "  student_loan: {type: bool, default: false, zh: 助学贷款, en: Student loan holder}\n"
        )
        text = text.replace(LOAN_FACT, fact + LOAN_FACT, 1)
        text = text.replace("  - id: library_cleared\n", LOAN_STEP + "  - id: library_cleared\n", 1)
    if rename:
        text = text.replace("id: dormitory_cleared", "id: dormitory_checked_out", 1)
    if remove:
        assert REMOVED in text
        text = text.replace(REMOVED, "", 1)
    if earlier:
        text = text.replace(
            "  prerequisites_due:\n    date: 2014-07-04",
            "  prerequisites_due:\n    date: 2014-07-02",
            1,
        )
    if fees_earlier:
        text = text.replace(
            "  fees_due:\n    date: 2014-07-04", "  fees_due:\n    date: 2014-07-02", 1
        )
    return text


def revised(**edits: bool) -> Workflow:
    """The 2014 workflow with the edits asked for, loaded."""
    return load_workflow_text(revised_text(**edits), "gyvtc-2014-revised.yaml")


LOAN_HOLDERS = ("2014002", "2014003")
"""The students of :func:`mid_season` who hold a student loan."""


def mid_season(path: Path) -> None:
    """A 2014 store mid-season at ``path``: a student just started, a party member the
    library refused (07-02), two students in the hall (prerequisites settled 07-03 and
    07-01), one released. 2014002 and 2014003 hold a student loan."""
    cases = [start(student_id="2014001", name="赵一")]
    refused = start(profile(party_member=True), student_id="2014002", name="钱二")
    refused.refuse("library_cleared", staff("library", "L03"), "2 books", at=at(7, 2))
    cases.append(refused)
    for student_id, name, day in (("2014003", "孙三", 3), ("2014004", "李四", 1)):
        case = start(student_id=student_id, name=name)
        settle_prerequisites(case, at(7, day))
        cases.append(case)
    released = start(student_id="2014005", name="周五")
    drive(released)
    cases.append(released)
    with Store.open(path, engine_2014()) as store:
        store.add(cases)
