"""Who is scheduled: cohort counts against sessions, elsewhere, and students with no session."""

from __future__ import annotations

from clearflow import inspect_text
from support import WORKFLOW_2014

HEAD = """\
clearflow: 1
id: headcount
title: Headcount
offices:
  finance: Finance Office
facts:
  program:
    type: choice
    en: Program
    values:
      higher_vocational: {zh: 高职, en: Higher vocational}
      secondary_vocational: {zh: 中职, en: Secondary vocational}
  campus:
    type: choice
    en: Campus
    values:
      main: {zh: 院本部, en: Main campus}
      ergezhai: {zh: 二戈寨校区, en: Ergezhai campus}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
"""
COHORT = """\
cohort:
  total: 2263
  counts:
    - {who: {program: higher_vocational}, count: 1714}
    - {who: {program: secondary_vocational}, count: 549}
    - {who: {program: secondary_vocational, campus: ergezhai}, count: 149}
"""


def messages(text: str) -> list[str]:
    """Every issue of a workflow text, as printed, with the source left out."""
    _, issues = inspect_text(HEAD + text, "w.yaml")
    return [str(issue).removeprefix("w.yaml:") for issue in issues]


def test_2014_reports_the_137_unscheduled_higher_vocational_students() -> None:
    """The notice's table covers 1577 of 1714; Ergezhai and other sites are elsewhere."""
    text = WORKFLOW_2014.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "count: 1714" in row)
    _, issues = inspect_text(text, "w.yaml")
    assert [str(issue) for issue in issues] == [
        f"w.yaml:{line}:7: cohort.counts[0]: 137 of 1714 Higher vocational students are in no "
        "session (add sessions for them, or list them under 'schedule.elsewhere' with where "
        "they go) [CF405 warning]"
    ]


def test_2014_unscheduled_students_read_in_chinese() -> None:
    """CF405 in Chinese names the group by its Chinese label."""
    text = WORKFLOW_2014.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "count: 1714" in row)
    _, issues = inspect_text(text, "w.yaml")
    assert [issue.text("zh") for issue in issues] == [
        f"w.yaml:{line}:7: cohort.counts[0]：1714 名高职学生中有 137 人未安排时段（为他们增加"
        "时段，或在 'schedule.elsewhere' 下列出他们及其办理地点）[CF405 警告]"
    ]


def test_2014_without_elsewhere_reports_the_other_campuses() -> None:
    """Without ``elsewhere``, the Ergezhai and other-site students have no session."""
    text = WORKFLOW_2014.read_text(encoding="utf-8")
    start = text.index("  elsewhere:")
    end = text.index("  # The table schedules")
    _, issues = inspect_text(text[:start] + text[end:], "w.yaml")
    found = [str(issue.message) for issue in issues]
    assert found == [
        "137 of 1714 Higher vocational students are in no session",
        "all 588 Secondary vocational, Ergezhai campus students are in no session",
        "all 134 Secondary vocational, Other sites students are in no session",
        "no session for Secondary vocational, Ergezhai campus students "
        "(program=secondary_vocational, campus=ergezhai)",
        "no session for Secondary vocational, Other sites students "
        "(program=secondary_vocational, campus=other_sites)",
    ]


def test_a_total_explained_by_its_counts_is_not_reported_again() -> None:
    """The total is 137 short because higher vocational is: one warning, not two."""
    assert messages(
        COHORT
        + """\
schedule:
  elsewhere:
    - {who: {program: secondary_vocational, campus: ergezhai}, en: Ergezhai runs its own}
  sessions:
    - {date: 2014-07-09, start: 9:00, end: 16:30, who: {program: secondary_vocational,
       campus: main}, expected: 400}
    - {date: 2014-07-10, start: 9:00, end: 16:30, who: {program: higher_vocational},
       expected: 1577}
"""
    ) == [
        "24:7: cohort.counts[0]: 137 of 1714 Higher vocational students are in no session (add "
        "sessions for them, or list them under 'schedule.elsewhere' with where they go) "
        "[CF405 warning]"
    ]


def test_more_scheduled_than_counted() -> None:
    """CF405: sessions expecting more students than the count."""
    assert messages(
        """\
cohort:
  counts:
    - {who: {program: higher_vocational}, count: 1500}
schedule:
  sessions:
    - {date: 2014-07-09, start: 9:00, end: 16:30, who: {program: secondary_vocational}}
    - {date: 2014-07-10, start: 9:00, end: 16:30, who: {program: higher_vocational,
       campus: main}, expected: 1000}
    - {date: 2014-07-11, start: 9:00, end: 16:30, who: {program: higher_vocational,
       campus: ergezhai}, expected: 577}
"""
    ) == [
        "23:7: cohort.counts[0]: the schedule accounts for 1577 Higher vocational students, 77 "
        "more than the 1500 counted (check the sessions' 'expected:' against the cohort count) "
        "[CF405 warning]"
    ]


def test_a_group_that_cannot_be_compared_is_left_out() -> None:
    """A session across groups, or without ``expected``, makes a count unknown: no warning."""
    assert (
        messages(
            """\
cohort:
  counts:
    - {who: {program: higher_vocational}, count: 1714}
    - {who: {campus: main}, count: 900}
schedule:
  sessions:
    - {date: 2014-07-09, start: 9:00, end: 16:30, who: {campus: main}, expected: 900}
    - {date: 2014-07-10, start: 9:00, end: 16:30, who: {campus: ergezhai}}
"""
        )
        == []
    )


def test_students_no_session_selects_are_grouped() -> None:
    """CF406: one warning per group of students left out, with only the facts that matter."""
    assert messages(
        """\
schedule:
  sessions:
    - {date: 2014-07-09, start: 9:00, end: 16:30, who: {program: secondary_vocational,
       campus: main}}
"""
    ) == [
        "22:3: schedule: no session for Higher vocational students (program=higher_vocational) "
        "(add a session for them, or list them under 'schedule.elsewhere' with where they go) "
        "[CF406 warning]",
        "22:3: schedule: no session for Secondary vocational, Ergezhai campus students "
        "(program=secondary_vocational, campus=ergezhai) (add a session for them, or list them "
        "under 'schedule.elsewhere' with where they go) [CF406 warning]",
    ]
