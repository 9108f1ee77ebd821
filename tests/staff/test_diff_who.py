"""Differences in who may act and where: the staff roster's due date, an office's scope, a
step's person, a station's place, and the calendar's closed and working days."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow._i18n import Lang
from clearflow.loading import load_workflow_text
from clearflow.staff._change import Group
from clearflow.staff.diff import diff_workflows

ROOT = Path(__file__).resolve().parents[2]
WHO = (ROOT / "examples" / "workflows" / "who-may-act.yaml").read_text(encoding="utf-8")
EDITED = (
    WHO.replace("roster: {due: 2021-05-20}", "roster: {due: 2021-05-25}")
    .replace("    scope: school\n", "    scope: supervisor_id\n")
    .replace("    person: supervisor_id\n", "")
    .replace(
        "    en: Registry check\n", "    en: Registry check\n    place: {zh: 203室, en: Room 203}\n"
    )
    + "calendar:\n  closed: [2021-05-31]\n  working: [2021-05-29]\n"
)


def texts(old: str, new: str, lang: Lang = "en") -> list[str]:
    """The diff's lines from ``old`` to ``new`` in ``lang``."""
    changes = diff_workflows(load_workflow_text(old), load_workflow_text(new), lang)
    return [change.text for change in changes]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "staff roster: due 2021-05-20 Thu → due 2021-05-25 Tue",
                "added closed day 2021-05-31 Mon",
                "added working day 2021-05-29 Sat",
                "office 'Finance Office': scoped by 'School' → 'supervisor'",
                "prerequisite 'Thesis signed off': signed by the person in 'supervisor' → —",
                "station 'Registry check': place none → '203室 / Room 203'",
            ],
        ),
        (
            "zh",
            [
                "工作人员名册：截止 2021-05-20 星期四 → 截止 2021-05-25 星期二",
                "新增不办公日 2021-05-31 星期一",
                "新增照常办公日 2021-05-29 星期六",
                "部门“财务处”：办理范围依据 “所在学院” → “指导教师”",
                "前期事项“毕业论文（设计）签字”：指定经办人信息项 “指导教师” → —",
                "一站式环节“教务处审核”：地点 无 → “203室 / Room 203”",
            ],
        ),
    ],
)
def test_roster_scope_person_place_and_calendar_changes_are_listed(
    lang: Lang, lines: list[str]
) -> None:
    """Each change in who may act, where a station is and which days are open is a line."""
    assert texts(WHO, EDITED, lang) == lines


def test_calendar_days_taken_out_are_removed_changes_of_the_workflow() -> None:
    """Back to no calendar: each day is a ``removed`` change in the workflow group, its subject
    the calendar list and the day."""
    changes = diff_workflows(load_workflow_text(EDITED), load_workflow_text(WHO))
    calendar = [change for change in changes if change.subject.startswith("calendar.")]
    assert [(c.group, c.kind, c.subject, c.text) for c in calendar] == [
        (
            Group.WORKFLOW,
            "removed",
            "calendar.closed.2021-05-31",
            "removed closed day 2021-05-31 Mon",
        ),
        (
            Group.WORKFLOW,
            "removed",
            "calendar.working.2021-05-29",
            "removed working day 2021-05-29 Sat",
        ),
    ]


@pytest.mark.parametrize(
    ("lang", "expected", "due"),
    [
        (
            "en",
            "staff roster: none → expected, no due date",
            "staff roster: none → due 2021-05-20 Thu",
        ),
        (
            "zh",
            "工作人员名册：无 → 需报送，未定截止日期",
            "工作人员名册：无 → 截止 2021-05-20 星期四",
        ),
    ],
)
def test_a_roster_rule_written_for_the_first_time(lang: Lang, expected: str, due: str) -> None:
    """``roster:`` added, with or without a due date (the scope and person stay as they were)."""
    without = WHO.replace("roster: {due: 2021-05-20}\n", "")
    assert texts(without, WHO.replace("{due: 2021-05-20}", "{}"), lang) == [expected]
    assert texts(without, WHO, lang) == [due]


def test_a_renamed_scope_fact_is_not_a_scope_change() -> None:
    """The scope is the fact, not its label: renaming the fact changes only the fact's name."""
    renamed = WHO.replace("    zh: 所在学院\n    en: School\n", "    zh: 学院\n    en: College\n")
    assert texts(WHO, renamed) == ["fact 'College': name '所在学院 / School' → '学院 / College'"]
