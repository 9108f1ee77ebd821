"""Schedule checks: service window, weekdays, deadlines, capacity and station throughput."""

from __future__ import annotations

from clearflow import inspect_text
from clearflow._i18n import Lang
from support import WORKFLOW_2014

HEAD = """\
clearflow: 1
id: schedule
title: Schedule
offices:
  finance: Finance Office
"""
FEES_PAID = """\
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
"""


def messages(text: str, lang: Lang = "en") -> list[str]:
    """Every issue of a workflow text, as printed in ``lang``, with the source left out."""
    _, issues = inspect_text(HEAD + text, "w.yaml")
    return [issue.text(lang).removeprefix("w.yaml:") for issue in issues]


def test_2014_with_the_attachments_window_names_every_session_on_07_11() -> None:
    """The attachment's 07-08 to 07-10 contradicts the table: the four 07-11 sessions."""
    original = WORKFLOW_2014.read_text(encoding="utf-8")
    text = original.replace("first_day: 2014-07-09", "first_day: 2014-07-08").replace(
        "last_day: 2014-07-11", "last_day: 2014-07-10"
    )
    assert text != original
    workflow, issues = inspect_text(text, "copy.yaml")
    assert workflow is None
    errors = [str(issue) for issue in issues if issue.is_error]
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "date: 2014-07-11" in line]
    departments = ["Finance and Trade", "Tourism", "Biochemistry", "Equipment Manufacturing"]
    assert errors == [
        f"copy.yaml:{line}:7: schedule.sessions[{index}]: session on 2014-07-11 for Higher "
        f"vocational, {department} is after the last service day 2014-07-10 (move the session, "
        "or change 'schedule.last_day') [CF401]"
        for index, line, department in zip(range(4, 8), lines, departments, strict=True)
    ]


def test_2014_has_no_schedule_error() -> None:
    """The shipped 2014 schedule fits its days, hours, weekdays and deadlines."""
    _, issues = inspect_text(WORKFLOW_2014.read_text(encoding="utf-8"), "w.yaml")
    assert [issue.code for issue in issues] == ["CF405"]


def test_session_before_the_first_day() -> None:
    """CF401: a session before ``first_day``."""
    assert messages(
        FEES_PAID
        + """\
schedule:
  first_day: 2014-07-09
  sessions:
    - {date: 2014-07-08, start: 9:00, end: 16:30, who: {}}
"""
    ) == [
        "11:7: schedule.sessions[0]: session on 2014-07-08 for everyone is before the first "
        "service day 2014-07-09 (move the session, or change 'schedule.first_day') [CF401]"
    ]


def test_session_outside_the_hours_and_through_the_lunch_break() -> None:
    """CF401: a session must fit one range of hours on its weekday."""
    assert messages(
        FEES_PAID
        + """\
schedule:
  hours:
    - {open: 8:30, close: 12:00}
    - {open: 14:00, close: 17:30}
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {}}
    - {date: 2014-07-10, start: 10:00, end: 15:00, who: {}}
"""
    ) == [
        "14:7: schedule.sessions[1]: session on 2014-07-10 for everyone runs 10:00-15:00, "
        "outside the service hours (on thu the hall is open 08:30-12:00, 14:00-17:30; move the "
        "session, or change 'schedule.hours') [CF401]"
    ]


def test_weekday_that_does_not_match_the_date() -> None:
    """CF402: the weekday written is checked against the calendar."""
    assert messages(
        FEES_PAID
        + """\
schedule:
  sessions:
    - {date: 2014-07-11, weekday: thu, start: 9:00, end: 12:00, who: {}}
    - {date: 2014-07-10, weekday: Thursday, start: 9:00, end: 12:00, who: {}}
"""
    ) == [
        "10:7: schedule.sessions[0]: 2014-07-11 is a Friday, not a Thursday (correct the date, "
        "or write 'fri') [CF402]"
    ]


def test_session_on_its_own_deadline() -> None:
    """CF403: a session on the day of its own ``due:`` comes before the deadline has passed."""
    assert messages(
        """\
deadlines:
  fees_due: 2014-07-04
"""
        + FEES_PAID
        + """\
schedule:
  sessions:
    - {date: 2014-07-04, start: 9:00, end: 12:00, who: {}, due: fees_due}
    - {date: 2014-07-05, start: 9:00, end: 12:00, who: {}, due: fees_due}
"""
    ) == [
        "12:7: schedule.sessions[0]: session on 2014-07-04 for everyone is not after its "
        "deadline 'fees_due' (2014-07-04) (its students must meet the deadline before the "
        "hall; move the session after 2014-07-04) [CF403]"
    ]


def test_prerequisite_deadline_is_read_per_batch_and_per_step() -> None:
    """CF403: only the batch's own date counts, and only for students the step applies to."""
    assert messages(
        """\
facts:
  batch: {type: choice, en: Batch, values: {june: June, december: December}}
  member: {type: bool, en: Member}
deadlines:
  fees_due:
    en: Fees due
    dates:
      - {who: {batch: june}, date: 2014-06-14}
      - {date: 2014-12-06}
  transfer_due: 2014-12-20
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid, due: fees_due}
  - {id: transfer, office: finance, en: Transfer, due: transfer_due,
     when: {all: [member, {fact: batch, is: december}]}}
schedule:
  sessions:
    - {date: 2014-06-24, start: 9:00, end: 12:00, who: {batch: june}}
    - {date: 2014-12-05, start: 9:00, end: 12:00, who: {batch: december}}
"""
    ) == [
        "23:7: schedule.sessions[1]: session on 2014-12-05 for December is not after deadline "
        "'fees_due' of step 'fees_paid' (2014-12-06) (its students must meet the deadline "
        "before the hall; move the session after 2014-12-06) [CF403]",
        "23:7: schedule.sessions[1]: session on 2014-12-05 for December is not after deadline "
        "'transfer_due' of step 'transfer' (2014-12-20) (its students must meet the deadline "
        "before the hall; move the session after 2014-12-20) [CF403]",
    ]


def test_a_deadline_that_closes_the_procedure_is_met_in_the_hall() -> None:
    """CF403: sessions on or before a ``closes: procedure`` deadline are fine, later ones not,
    per batch, whether the session or a prerequisite names it; in English and Chinese."""
    text = """\
facts:
  batch: {type: choice, en: Batch, zh: 批次, values: {june: June, december: December}}
deadlines:
  leave_by:
    en: Procedure closes
    closes: procedure
    dates:
      - {who: {batch: june}, date: 2018-07-06}
      - {date: 2018-12-28}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid, due: leave_by}
schedule:
  sessions:
    - {date: 2018-07-06, start: 9:00, end: 12:00, who: {batch: june}}
    - {date: 2018-07-09, start: 9:00, end: 12:00, who: {batch: june}}
    - {date: 2018-07-09, start: 9:00, end: 12:00, who: {batch: december}}
"""
    assert messages(text) == [
        "20:7: schedule.sessions[1]: session on 2018-07-09 for June is after deadline "
        "'leave_by' of step 'fees_paid' (2018-07-06), which closes the procedure (its "
        "students must be through the hall by the deadline; move the session to 2018-07-06 "
        "or earlier) [CF403]"
    ]
    assert messages(text, "zh") == [
        "20:7: schedule.sessions[1]：2018-07-09 的时段（June）晚于环节 'fees_paid' 的截止日期 "
        "'leave_by'（2018-07-06），该截止日期后整个流程结束（该时段的学生须在截止日期前在大厅"
        "办完；将时段移到 2018-07-06 或更早）[CF403]"
    ]


def test_schedule_messages_read_in_chinese() -> None:
    """CF401 and CF402 name the weekday in Chinese; the session by its students' labels."""
    assert messages(
        FEES_PAID
        + """\
facts:
  program:
    type: choice
    en: Program
    values: {higher_vocational: {zh: 高职, en: Higher vocational}, other: {zh: 其他, en: Other}}
schedule:
  hours: [{days: mon-fri, open: 9:00, close: 16:30}]
  sessions:
    - {date: 2014-07-11, weekday: thu, start: 8:00, end: 12:00, who: {program: higher_vocational}}
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {program: other}}
""",
        "zh",
    ) == [
        "16:7: schedule.sessions[0]：2014-07-11 的时段（高职）为 08:00-12:00，不在办理时间内"
        "（星期五大厅开放时间为 09:00-16:30；调整该时段，或修改 'schedule.hours'）[CF401]",
        "16:7: schedule.sessions[0]：2014-07-11 是星期五，不是星期四"
        "（更正日期，或写为 'fri'）[CF402]",
    ]


CAPACITY = """\
facts:
  department: {type: choice, en: Department, values: [planning, rail, information]}
"""


def test_overlapping_sessions_over_capacity() -> None:
    """CF404: sessions at the same place at once are added up; touching ones are not."""
    assert messages(
        CAPACITY
        + FEES_PAID
        + """\
schedule:
  place: {zh: 大厅, en: Hall, capacity: 400}
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {department: planning}, expected: 300}
    - {date: 2014-07-10, start: 12:00, end: 13:00, who: {department: planning}, expected: 300}
    - {date: 2014-07-10, start: 13:00, end: 16:30, who: {department: rail}, expected: 298}
    - {date: 2014-07-10, start: 14:00, end: 16:30, who: {department: information},
       expected: 144}
"""
    ) == [
        "15:7: schedule.sessions[2]: the sessions on lines 15 and 16 expect 442 students at "
        "once at 'Hall' on 2014-07-10 from 14:00, more than its capacity of 400 (spread the "
        "sessions over more slots, or give the place a larger 'capacity') [CF404]"
    ]


def test_places_are_keyed_by_their_chinese_text() -> None:
    """CF404: a session's own place with the hall's Chinese name is the hall."""
    assert messages(
        CAPACITY
        + FEES_PAID
        + """\
schedule:
  place: {zh: 大厅, en: Hall, capacity: 400}
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {department: planning}, expected: 300,
       place: 大厅}
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {department: rail}, expected: 300,
       place: {zh: 报告厅, en: Lecture theatre}}
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {department: information},
       expected: 200}
"""
    ) == [
        "13:7: schedule.sessions[0]: the sessions on lines 13 and 17 expect 500 students at once "
        "at 'Hall' on 2014-07-10 from 09:00, more than its capacity of 400 (spread the "
        "sessions over more slots, or give the place a larger 'capacity') [CF404]"
    ]


def test_station_throughput_defaults_to_one_staff() -> None:
    """CF407: with ``minutes`` alone a station has one staff member (the closed-form screen:
    another station gives no minutes, so the queue model cannot run)."""
    assert messages(
        FEES_PAID
        + """\
stations:
  - {id: fees_confirmed, office: finance, en: Fees confirmed, minutes: 1}
  - {id: card_returned, office: finance, en: Card returned}
schedule:
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {}, expected: 180}
    - {date: 2014-07-10, start: 13:00, end: 16:30, who: {}, expected: 211}
"""
    ) == [
        "9:5: stations[0]: station 'fees_confirmed' serves at most 210 students on 2014-07-10 "
        "13:00-16:30 (1 staff x 210 min / 1 min each), fewer than the 211 expected (add staff, "
        "take fewer minutes per student, or spread the sessions) [CF407 warning]"
    ]


def test_station_throughput_counts_only_students_it_applies_to() -> None:
    """CF407: overlapping sessions share a station, except students it does not apply to
    (closed form: the second station gives no minutes)."""
    assert messages(
        """\
facts:
  program: {type: choice, en: Program, values: {higher: Higher, secondary: Secondary}}
"""
        + FEES_PAID
        + """\
stations:
  - {id: employment, office: finance, en: Employment registered, staff: 2, minutes: 2,
     when: {fact: program, is: higher}}
  - {id: card_returned, office: finance, en: Card returned}
schedule:
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {program: higher}, expected: 200}
    - {date: 2014-07-10, start: 11:00, end: 13:00, who: {program: higher}, expected: 100}
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {program: secondary}, expected: 900}
"""
    ) == [
        "11:5: stations[0]: station 'employment' serves at most 240 students on 2014-07-10 "
        "09:00-13:00 (2 staff x 240 min / 2 min each), fewer than the 300 expected (add staff, "
        "take fewer minutes per student, or spread the sessions) [CF407 warning]"
    ]


def test_the_queue_model_lets_students_a_station_does_not_apply_to_pass_it_by() -> None:
    """CF407 from the model (every station gives minutes): 900 secondary students share the
    hall but not the higher-only station, so it copes with 200 + 100 higher students in
    four hours at 4 windows; the same at 1 window does not, and says so at the session."""
    text = (
        """\
facts:
  program: {type: choice, en: Program, values: {higher: Higher, secondary: Secondary}}
"""
        + FEES_PAID
        + """\
stations:
  - {id: employment, office: finance, en: Employment registered, staff: WINDOWS, minutes: 2,
     when: {fact: program, is: higher}}
schedule:
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {program: higher}, expected: 200}
    - {date: 2014-07-10, start: 11:00, end: 13:00, who: {program: higher}, expected: 100}
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {program: secondary}, expected: 900}
"""
    )
    assert messages(text.replace("WINDOWS", "4")) == []
    (said,) = messages(text.replace("WINDOWS", "1"))
    assert said.startswith("15:7: schedule.sessions[0]: the hall empties only by ")
    assert "on 2014-07-10 09:00-13:00, after the session ends (1200 students; " in said
    assert "is at station 'employment' with 1 staff)" in said


def test_capacity_reads_in_chinese_with_the_place_label() -> None:
    """CF404 in Chinese: one form for one line or several, the place by its Chinese label."""
    assert messages(
        CAPACITY
        + FEES_PAID
        + """\
schedule:
  place: {zh: 大厅, en: Hall, capacity: 400}
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {department: planning}, expected: 500}
    - {date: 2014-07-10, start: 13:00, end: 16:30, who: {department: rail}, expected: 298}
    - {date: 2014-07-10, start: 14:00, end: 16:30, who: {department: information},
       expected: 144}
""",
        "zh",
    ) == [
        "13:7: schedule.sessions[0]：第 13 行的时段在 2014-07-10 09:00 起同时有 500 名学生到"
        " '大厅'，超过其容量 400 人（把学生分散到更多时段，或调大该地点的 'capacity'）[CF404]",
        "14:7: schedule.sessions[1]：第 14 和 15 行的时段在 2014-07-10 14:00 起同时有 442 名学生"
        "到 '大厅'，超过其容量 400 人（把学生分散到更多时段，或调大该地点的 'capacity'）[CF404]",
    ]


HOURS_SCHEDULE = (
    FEES_PAID
    + """\
facts:
  batch: {type: choice, values: [june, december], en: Batch}
schedule:
  hours:
    - {open: 9:00, close: 16:30, breaks: [{start: 12:00, end: 13:00}]}
    - {open: 9:00, close: 12:00, from: 2014-07-11, until: 2014-07-11}
    - {open: 14:00, close: 17:00, who: {batch: december}}
  sessions:
"""
)


def test_the_hours_check_reads_breaks_dates_and_who() -> None:
    """A dated entry replaces the undated hours on its day; an entry with ``who:`` counts for
    the sessions of its students; a session across a break is a CF410 warning."""
    text = HOURS_SCHEDULE + (
        "    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {batch: june}}\n"
        "    - {date: 2014-07-10, start: 13:00, end: 16:30, who: {batch: june}}\n"
        "    - {date: 2014-07-10, start: 10:00, end: 14:00, who: {batch: june}}\n"
        "    - {date: 2014-07-10, start: 15:00, end: 17:00, who: {batch: december}}\n"
        "    - {date: 2014-07-10, start: 15:00, end: 17:00, who: {batch: june}}\n"
        "    - {date: 2014-07-11, start: 13:00, end: 16:30, who: {batch: june}}\n"
    )
    assert messages(text) == [
        "18:7: schedule.sessions[2]: session on 2014-07-10 for june runs 10:00-14:00, "
        "across the hall's break 12:00-13:00 (split the session at the break, or change the "
        "break in 'schedule.hours') [CF410 warning]",
        "20:7: schedule.sessions[4]: session on 2014-07-10 for june runs 15:00-17:00, "
        "outside the service hours (on thu the hall is open 09:00-16:30; move the session, "
        "or change 'schedule.hours') [CF401]",
        "21:7: schedule.sessions[5]: session on 2014-07-11 for june runs 13:00-16:30, "
        "outside the service hours (on fri the hall is open 09:00-12:00; move the session, "
        "or change 'schedule.hours') [CF401]",
    ]


def test_own_session_without_sessions_is_warned_once_and_only_then() -> None:
    """CF412: ``own_session`` with no sessions ties nothing (a warning, in both languages);
    with a session, or without ``own_session``, the schedule is not warned."""
    days_only = FEES_PAID + (
        "schedule:\n  first_day: 2014-07-09\n  last_day: 2014-07-11\n  own_session: flag\n"
    )
    assert messages(days_only) == [
        "9:3: schedule: 'own_session: flag' ties the stations to the students' own sessions, "
        "but the schedule has no sessions: students are held to the hall's hours only (add the "
        "sessions, or leave out 'schedule.own_session' until they are set) [CF412 warning]"
    ]
    assert messages(days_only, "zh") == [
        "9:3: schedule：'own_session: flag' 规定站点只在学生本人的时段内办理，但时段安排中没有"
        "时段，学生只受大厅办理时间的限制（补上时段，或在时段定下来之前不写 "
        "'schedule.own_session'）[CF412 警告]"
    ]
    with_a_session = days_only + (
        "  sessions:\n    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {}}\n"
    )
    assert not any("CF412" in line for line in messages(with_a_session))
    untied = days_only.replace("  own_session: flag\n", "")
    assert not any("CF412" in line for line in messages(untied))
