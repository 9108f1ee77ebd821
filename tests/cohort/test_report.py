"""Cohort reports: blocked rows and their groups, progress per session, headcounts, no session."""

from __future__ import annotations

import datetime as dt
import functools

import pytest

from clearflow import load_workflow_text
from clearflow.cohort.progress import headcount_check, station_progress, unassigned
from clearflow.cohort.report import (
    BlockedRow,
    BlockedStatus,
    blocked_rows,
    blocked_summary,
    check_office,
    filter_rows,
    group_fact,
    grouping,
    today_in,
)
from clearflow.engine._case import Case
from clearflow.engine._engine import Engine
from clearflow.errors import ReportError
from support import (
    EARLY,
    drive,
    engine_2014,
    hall_time,
    pass_stations,
    profile,
    settle_prerequisites,
    staff,
    workflow_2014,
)

HALL_TODAY = dt.date(2014, 7, 10)

DEMO = """\
clearflow: 1
id: demo-faculty
title: {zh: 示例大学离校手续, en: Demo University leaving procedure}
timezone: Europe/Berlin
offices:
  library: {zh: 图书馆, en: Library}
  registrar: {zh: 注册处, en: Registrar}
  dean: {zh: 院长办公室, en: "Dean's office"}
facts:
  faculty:
    type: choice
    zh: 学院
    en: Faculty
    values:
      arts: {zh: 文学院, en: Arts}
      science: {zh: 理学院, en: Science}
      law: {zh: 法学院, en: Law}
deadlines:
  fees_due: {date: 2020-06-10, zh: 缴费截止, en: Fees paid}
prerequisites:
  - {id: books_returned, office: library, zh: 归还图书, en: Books returned}
  - {id: fees_paid, office: registrar, due: fees_due, zh: 缴清学费, en: Fees paid}
  - {id: transcript, office: registrar, after: [fees_paid], zh: 领取成绩单, en: Transcript}
stations:
  - {id: gown_returned, office: dean, zh: 交回学位服, en: Gown returned}
  - {id: diploma_handed, office: dean, zh: 领取学位证, en: Diploma handed over}
documents:
  - {id: diploma, office: dean, zh: 学位证书, en: Diploma}
schedule:
  sessions:
    - {date: 2020-06-22, start: 9:00, end: 12:00, who: {faculty: arts}, expected: 2}
    - {date: 2020-06-23, start: 9:00, end: 12:00, who: {faculty: science}, expected: 3}
"""
DEMO_DAY = dt.datetime(2020, 6, 1, 9, 0)
DEMO_TODAY = dt.date(2020, 6, 15)


def cohort_2014() -> list[tuple[Case, str | None]]:
    """Six 2014 students, each stopped somewhere else, with their counsellors.

    2014001 library refused; 2014002 at the first station; 2014003 refused at the third;
    2014004 released; 2014005 (Ergezhai campus, served elsewhere) has done nothing;
    2014006 ready.
    """
    engine = engine_2014()
    urban = engine.start("2014001", profile(), name="张三", at=EARLY)
    urban.refuse("library_cleared", staff("library", "L03"), "2 books not returned", at=EARLY)
    settle_prerequisites(urban)
    waiting = engine.start("2014002", profile(department="tourism"), name="李四", at=EARLY)
    settle_prerequisites(waiting)
    refused = engine.start("2014003", profile(department="tourism"), name="王五", at=EARLY)
    settle_prerequisites(refused)
    for step in ("checklist_issued", "fees_confirmed"):
        refused.clear(step, staff(engine.steps[step].office), at=hall_time(refused))
    refused.refuse(
        "card_and_dormitory",
        staff("student_affairs", "SA1"),
        "student card not returned",
        at=hall_time(refused),
    )
    secondary = profile(program="secondary_vocational", department="rail_transit")
    released = engine.start("2014004", secondary, name="赵六", at=EARLY)
    drive(released)
    fresh = engine.start("2014005", secondary | {"campus": "ergezhai"}, name="钱七", at=EARLY)
    ready = engine.start("2014006", profile(department="rail_transit"), name="孙八", at=EARLY)
    drive(ready, release=False)
    counsellors = ["王老师", "王老师", "李老师", None, "李老师", None]
    cases = [urban, waiting, refused, released, fresh, ready]
    return list(zip(cases, counsellors, strict=True))


@functools.cache
def demo_engine() -> Engine:
    """The inline demo workflow, grouped by ``faculty`` (it has no department)."""
    return Engine(load_workflow_text(DEMO, "demo.yaml"))


def cohort_demo() -> list[tuple[Case, str | None]]:
    """Four demo students: two arts (one fresh, one in the hall), science released, law refused."""
    engine = demo_engine()
    fresh = engine.start("a1", {"faculty": "arts"}, name="Ada", at=DEMO_DAY)
    hall = engine.start("a2", {"faculty": "arts"}, name="Ben", at=DEMO_DAY)
    settle_prerequisites(hall, DEMO_DAY)
    done = engine.start("s1", {"faculty": "science"}, name="Cy", at=DEMO_DAY)
    settle_prerequisites(done, DEMO_DAY)
    pass_stations(done, DEMO_DAY)
    done.release(staff("dean"), at=DEMO_DAY)
    law = engine.start("l1", {"faculty": "law"}, name="Di", at=DEMO_DAY)
    law.refuse("books_returned", staff("library", "B7"), "lost book", at=DEMO_DAY)
    return [(fresh, "Mx Li"), (hall, None), (done, "Mx Li"), (law, "Mx Wu")]


def brief(row: BlockedRow) -> tuple[str, str, str, str | None, dt.date | None]:
    """The fields of a blocked row most tests compare."""
    return (row.student_id, row.step, str(row.status), row.reason, row.overdue_since)


# -- blocked rows --------------------------------------------------------------------


def test_blocked_rows_list_each_step_holding_each_student_in_order() -> None:
    """One row per holding step: refusals with their reason, open steps, nothing for done cases."""
    rows = blocked_rows(cohort_2014(), HALL_TODAY)
    overdue = dt.date(2014, 7, 4)
    assert [brief(row) for row in rows] == [
        ("2014001", "library_cleared", "refused", "2 books not returned", overdue),
        ("2014002", "checklist_issued", "pending", None, None),
        ("2014003", "card_and_dormitory", "refused", "student card not returned", None),
        ("2014005", "finance_cleared", "pending", None, overdue),
        ("2014005", "student_aid_cleared", "pending", None, overdue),
        ("2014005", "logistics_cleared", "pending", None, overdue),
        ("2014005", "dormitory_cleared", "pending", None, overdue),
        ("2014005", "academic_affairs_cleared", "pending", None, overdue),
        ("2014005", "library_cleared", "pending", None, overdue),
    ]


def test_blocked_row_carries_department_office_label_staff_and_counsellor() -> None:
    """A row carries the department fact by default, the office's labels, who refused and when."""
    row = blocked_rows(cohort_2014(), HALL_TODAY)[0]
    assert (row.fact, row.value, row.value_label) == (
        "department",
        "urban_rural_planning",
        workflow_2014().fact("department").values[0].label,
    )
    assert (row.office, row.office_label.zh, row.office_label.en) == (
        "library",
        "图书馆",
        "Library",
    )
    assert (row.staff, row.at, row.counsellor, row.name) == ("L03", EARLY, "王老师", "张三")


def test_filter_rows_keeps_one_office_and_some_statuses() -> None:
    """``office`` keeps its steps; statuses keep rows of any of them, overdue by its date."""
    workflow = workflow_2014()
    rows = blocked_rows(cohort_2014(), HALL_TODAY)
    library = filter_rows(workflow, rows, office="library")
    assert [(row.student_id, str(row.status)) for row in library] == [
        ("2014001", "refused"),
        ("2014005", "pending"),
    ]
    refused = filter_rows(workflow, rows, statuses=["refused"])
    assert [row.student_id for row in refused] == ["2014001", "2014003"]
    overdue = filter_rows(workflow, rows, statuses=["overdue"])
    assert {row.student_id for row in overdue} == {"2014001", "2014005"}
    both = filter_rows(workflow, rows, office="library", statuses=["refused", "overdue"])
    assert [row.student_id for row in both] == ["2014001", "2014005"]
    assert filter_rows(workflow, rows) == rows


def test_filter_rows_refuses_an_unknown_office_or_status() -> None:
    """A misspelt office or status is a ReportError with a did-you-mean hint."""
    rows = blocked_rows(cohort_2014(), HALL_TODAY)
    with pytest.raises(
        ReportError, match=r"^unknown office 'libary' \(did you mean 'library'\?\)$"
    ):
        filter_rows(workflow_2014(), rows, office="libary")
    with pytest.raises(
        ReportError, match=r"^unknown status 'refuse' \(did you mean 'refused'\?\)$"
    ):
        filter_rows(workflow_2014(), rows, statuses=["refuse"])


def test_grouping_is_the_name_given_else_the_default_fact_else_office() -> None:
    """Reports group by ``by``, else ``department`` when declared, else by office."""
    assert grouping(workflow_2014(), None) == "department"
    assert grouping(workflow_2014(), "counsellor") == "counsellor"
    assert grouping(demo_engine().workflow, None) == "office"


def test_today_is_the_date_in_the_workflows_zone() -> None:
    """A moment is read in the workflow's zone; a naive one is taken as that zone's."""
    late = dt.datetime(2014, 7, 9, 17, 0, tzinfo=dt.UTC)  # 01:00 on the 10th in Shanghai
    assert today_in(workflow_2014(), late) == dt.date(2014, 7, 10)
    assert today_in(demo_engine().workflow, late) == dt.date(2014, 7, 9)  # Berlin
    assert today_in(workflow_2014(), dt.datetime(2014, 7, 5)) == dt.date(2014, 7, 5)
    assert isinstance(today_in(workflow_2014()), dt.date)


def test_without_today_nothing_is_overdue() -> None:
    """Overdue steps are only marked when the report is given a date."""
    assert {row.overdue_since for row in blocked_rows(cohort_2014())} == {None}


def test_summary_by_department_counts_students_and_blockers_largest_group_first() -> None:
    """Per department: students, blockers, refusals and overdue steps; ties by id."""
    summary = blocked_summary(blocked_rows(cohort_2014(), HALL_TODAY), "department")
    counts = [(g.key, g.students, g.blockers, g.refused, g.overdue) for g in summary.groups]
    assert counts == [
        ("tourism", 2, 2, 1, 0),
        ("rail_transit", 1, 6, 0, 6),
        ("urban_rural_planning", 1, 1, 1, 1),
    ]
    assert (summary.students, summary.blockers) == (4, 9)
    assert summary.groups[0].label.zh == "旅游系"


def test_summary_by_office_counts_a_student_once_per_office() -> None:
    """Per office, a student held by several offices counts in each, and once in the total."""
    summary = blocked_summary(blocked_rows(cohort_2014(), HALL_TODAY), "office")
    counts = [(g.key, g.students, g.refused) for g in summary.groups]
    assert counts[0] == ("library", 2, 1)
    assert [key for key, _, _ in counts[1:]] == [
        "academic_affairs",
        "department",
        "dormitory",
        "finance",
        "logistics",
        "student_affairs",
        "student_aid",
    ]
    assert summary.groups[0].label.en == "Library"
    assert summary.students == 4


def test_summary_by_counsellor_puts_students_without_one_in_their_own_group() -> None:
    """Per counsellor; students with none are grouped under '(no counsellor)'."""
    pairs = cohort_2014()
    pairs[4] = (pairs[4][0], None)
    summary = blocked_summary(blocked_rows(pairs, HALL_TODAY), "counsellor")
    counts = [(g.key, g.label.en, g.students, g.blockers) for g in summary.groups]
    assert counts == [
        ("王老师", "王老师", 2, 2),
        ("", "(no counsellor)", 1, 6),
        ("李老师", "李老师", 1, 1),
    ]
    assert summary.groups[1].label.text("zh") == "（无辅导员）"


def test_rows_can_carry_any_fact() -> None:
    """``by`` names the fact rows carry: here the program, not the department."""
    rows = blocked_rows(cohort_2014(), HALL_TODAY, by="program")
    summary = blocked_summary(rows, "program")
    assert [(g.key, g.students) for g in summary.groups] == [
        ("higher_vocational", 3),
        ("secondary_vocational", 1),
    ]


def test_summary_by_a_fact_the_rows_do_not_carry_is_refused() -> None:
    """Grouping rows by another fact than theirs is an error, not a silent empty report."""
    rows = blocked_rows(cohort_2014(), HALL_TODAY)
    with pytest.raises(ReportError, match=r"^cannot group by 'campus': the rows carry fact"):
        blocked_summary(rows, "campus")


# -- any workflow --------------------------------------------------------------------


def test_workflow_without_department_groups_by_another_fact_and_shows_waiting_steps() -> None:
    """A workflow with ``faculty`` instead of ``department``: rows, waiting steps, counts."""
    rows = blocked_rows(cohort_demo(), DEMO_TODAY, by="faculty")
    assert [brief(row) for row in rows] == [
        ("a1", "books_returned", "pending", None, None),
        ("a1", "fees_paid", "pending", None, dt.date(2020, 6, 10)),
        ("a1", "transcript", "waiting", None, None),
        ("a2", "gown_returned", "pending", None, None),
        ("l1", "books_returned", "refused", "lost book", None),
        ("l1", "fees_paid", "pending", None, dt.date(2020, 6, 10)),
        ("l1", "transcript", "waiting", None, None),
    ]
    assert rows[2].waiting_for == ("fees_paid",)
    assert rows[2].status is BlockedStatus.WAITING
    summary = blocked_summary(rows, "faculty")
    assert [(g.key, g.label.zh, g.students, g.blockers) for g in summary.groups] == [
        ("arts", "文学院", 2, 4),
        ("law", "法学院", 1, 3),
    ]


def test_rows_carry_no_fact_when_the_workflow_has_no_department() -> None:
    """Without ``by`` and without a department fact, rows carry no group fact."""
    rows = blocked_rows(cohort_demo(), DEMO_TODAY)
    assert {(row.fact, row.value) for row in rows} == {(None, None)}
    assert group_fact(demo_engine().workflow, "office") is None


def test_unknown_grouping_says_what_is_known() -> None:
    """Grouping by a fact the workflow lacks names the facts it has."""
    with pytest.raises(ReportError) as caught:
        group_fact(demo_engine().workflow, "department")
    assert str(caught.value) == (
        "cannot group by 'department': not a fact of workflow 'demo-faculty', "
        "nor 'office' or 'counsellor' (known facts: faculty)"
    )


def test_unknown_grouping_suggests_a_close_fact() -> None:
    """A misspelt fact gets a 'did you mean' hint."""
    with pytest.raises(ReportError, match=r"\(did you mean 'faculty'\?\)$"):
        group_fact(demo_engine().workflow, "facluty")


def test_unknown_office_is_refused_with_a_hint() -> None:
    """Filtering by an office the workflow lacks is an error with a hint."""
    assert check_office(demo_engine().workflow, "library") == "library"
    with pytest.raises(ReportError) as caught:
        check_office(demo_engine().workflow, "libary")
    assert str(caught.value) == "unknown office 'libary' (did you mean 'library'?)"
    assert caught.value.text("zh") == "未知的部门 'libary'（是否想写 'library'？）"


# -- sessions ------------------------------------------------------------------------


def test_station_progress_counts_each_phase_per_session_elsewhere_and_for_no_session() -> None:
    """Per phase: each session, the campuses served elsewhere, no session, then everyone."""
    workflow = workflow_2014()
    cases = [case for case, _ in cohort_2014()]
    progress = station_progress(cases, workflow)
    assert progress.phases == (
        "preparing",
        "checklist_issued",
        "fees_confirmed",
        "card_and_dormitory",
        "employment_registered",
        "pass_and_household",
        "checklist_returned",
        "ready",
        "released",
    )
    table = [(row.number, row.expected, row.assigned, row.phases) for row in progress.rows]
    assert table == [
        (1, 549, 1, (0, 0, 0, 0, 0, 0, 0, 0, 1)),
        (2, 474, 1, (1, 0, 0, 0, 0, 0, 0, 0, 0)),
        (3, 298, 1, (0, 0, 0, 0, 0, 0, 0, 1, 0)),
        (4, 144, 0, (0, 0, 0, 0, 0, 0, 0, 0, 0)),
        (5, 338, 0, (0, 0, 0, 0, 0, 0, 0, 0, 0)),
        (6, 146, 2, (0, 1, 0, 1, 0, 0, 0, 0, 0)),
        (7, 77, 0, (0, 0, 0, 0, 0, 0, 0, 0, 0)),
        (8, 100, 0, (0, 0, 0, 0, 0, 0, 0, 0, 0)),
        (None, None, 1, (1, 0, 0, 0, 0, 0, 0, 0, 0)),
        (None, None, 0, (0, 0, 0, 0, 0, 0, 0, 0, 0)),
    ]
    assert workflow.schedule is not None
    assert progress.rows[8].elsewhere is workflow.schedule.elsewhere[0]
    assert progress.rows[9].elsewhere is None
    assert progress.total.phases == (2, 1, 0, 1, 0, 0, 0, 1, 1)
    assert progress.total.assigned == 6
    assert progress.count(progress.rows[5], "card_and_dormitory") == 1


def test_headcount_check_compares_expected_with_assigned() -> None:
    """Each session: expected headcount, students its ``who`` selects, and the difference."""
    cases = [case for case, _ in cohort_2014()]
    checks = headcount_check(cases, workflow_2014())
    assert [(c.number, c.expected, c.assigned, c.difference) for c in checks] == [
        (1, 549, 1, -548),
        (2, 474, 1, -473),
        (3, 298, 1, -297),
        (4, 144, 0, -144),
        (5, 338, 0, -338),
        (6, 146, 2, -144),
        (7, 77, 0, -77),
        (8, 100, 0, -100),
    ]


def test_students_served_elsewhere_are_not_unassigned() -> None:
    """An Ergezhai-campus student has no session but is served elsewhere, so is not listed."""
    cases = [case for case, _ in cohort_2014()]
    assert unassigned(cases, workflow_2014()) == ()
    law = demo_engine().start("l1", {"faculty": "law"}, name="Di", at=DEMO_DAY)
    found = unassigned([law], demo_engine().workflow)
    assert [(s.student_id, s.name, s.phase) for s in found] == [("l1", "Di", "preparing")]


def test_progress_headcount_and_unassigned_on_another_workflow() -> None:
    """The demo workflow's two sessions, its unscheduled law student, and its own phases."""
    workflow = demo_engine().workflow
    cases = [case for case, _ in cohort_demo()]
    progress = station_progress(cases, workflow)
    assert progress.phases == ("preparing", "gown_returned", "diploma_handed", "ready", "released")
    assert [(row.number, row.assigned, row.phases) for row in progress.rows] == [
        (1, 2, (1, 1, 0, 0, 0)),
        (2, 1, (0, 0, 0, 0, 1)),
        (None, 1, (1, 0, 0, 0, 0)),
    ]
    assert [(c.expected, c.assigned, c.difference) for c in headcount_check(cases, workflow)] == [
        (2, 2, 0),
        (3, 1, -2),
    ]
    assert [s.student_id for s in unassigned(cases, workflow)] == ["l1"]


def test_a_workflow_without_schedule_puts_everyone_in_no_session() -> None:
    """Without a schedule there are no sessions to count against; every student is in none."""
    text = DEMO.split("schedule:")[0]
    engine = Engine(load_workflow_text(text, "plain.yaml"))
    cases = [engine.start("x1", {"faculty": "law"}, at=DEMO_DAY)]
    progress = station_progress(cases, engine.workflow)
    assert [(row.number, row.assigned) for row in progress.rows] == [(None, 1)]
    assert headcount_check(cases, engine.workflow) == ()
    assert [s.student_id for s in unassigned(cases, engine.workflow)] == ["x1"]
