"""The holiday check: public holidays, 调休 days and the workflow's own calendar (CF408, CF409)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import chinese_calendar
import pytest

from clearflow import inspect_text
from clearflow._i18n import Lang, translate
from clearflow.checks import HOLIDAY_NAMES, DayKind, day_of, nearest_working_day
from clearflow.spec import Calendar

HEAD = """\
clearflow: 1
id: holidays
title: Holidays
offices:
  finance: Finance Office
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
"""


def messages(text: str, lang: Lang = "en") -> list[str]:
    """Every issue of a workflow text, as printed in ``lang``, with the source left out."""
    _, issues = inspect_text(HEAD + text, "w.yaml")
    return [issue.text(lang).removeprefix("w.yaml:") for issue in issues]


def session(date: str) -> str:
    return f"schedule:\n  sessions:\n    - {{date: {date}, start: 9:00, end: 12:00, who: {{}}}}\n"


def test_a_session_on_a_public_holiday_names_it_in_both_languages() -> None:
    """The holiday's name is a catalogue word: 中秋节 in Chinese."""
    text = session("2014-09-08")
    assert messages(text) == [
        "10:7: schedule.sessions[0]: session on 2014-09-08 for everyone falls on a public "
        "holiday (Mid-autumn Festival) (the offices are closed; the nearest working day is "
        "2014-09-09, 1 day after) [CF408 warning]"
    ]
    assert messages(text, "zh") == [
        "10:7: schedule.sessions[0]：2014-09-08 的时段（所有学生）适逢法定节假日（中秋节）"
        "（各部门当天不办公，最近的工作日是 2014-09-09，推后 1 天）[CF408 警告]"
    ]


def test_each_batch_of_a_deadline_is_checked_where_it_is_written() -> None:
    """A batch date on New Year's Day is reported at that batch; the other batch is not."""
    text = (
        "deadlines:\n  fees_due:\n    en: Fees\n    dates:\n      - {date: 2014-12-31}\n"
        "      - {date: 2015-01-01}\n"
    )
    assert messages(text) == [
        "13:9: deadlines.fees_due.dates[1]: deadline 'fees_due' on 2015-01-01 falls on a public "
        "holiday (New Year's Day) (the offices are closed; the nearest working day is "
        "2014-12-31, 1 day before) [CF408 warning]"
    ]


def test_a_weekend_worked_in_lieu_is_noted_and_a_plain_weekend_is_left_to_the_hours() -> None:
    """A 调休 Sunday is a working day to staff; a plain Saturday is CF401's, not reported here."""
    assert messages(session("2014-09-28"), "zh") == [
        "10:7: schedule.sessions[0]：2014-09-28 的时段（所有学生）适逢星期日，"
        "该日因国庆节调休上班（各部门当天上班，核实大厅有人值守）[CF408 警告]"
    ]
    assert messages(session("2014-07-12")) == []


def test_the_workflows_calendar_overrides_the_public_one() -> None:
    """A holiday listed as working is not reported; a weekday listed as closed is."""
    text = "calendar:\n  working: [2014-10-03]\n  closed: [2014-07-10]\n"
    assert messages(text + session("2014-10-03")) == []
    assert messages(text + session("2014-07-10")) == [
        "13:7: schedule.sessions[0]: session on 2014-07-10 for everyone falls on a day listed "
        "under 'calendar.closed' (the offices are closed; the nearest working day is "
        "2014-07-09, 1 day before) [CF408 warning]"
    ]


def test_a_year_the_package_does_not_know_is_reported_once_and_never_guessed() -> None:
    """Two dates of 2031: one warning, at the first; none of its dates is judged."""
    text = (
        "deadlines:\n  fees_due: 2031-10-01\n"
        "schedule:\n  first_day: 2031-10-02\n  sessions:\n"
        "    - {date: 2031-10-02, start: 9:00, end: 12:00, who: {}}\n"
    )
    assert messages(text) == [
        "9:13: deadlines.fees_due: holidays of 2031 are not known to clearflow; check them by "
        "hand (list its closed days under 'calendar.closed' and its worked weekend days under "
        "'calendar.working') [CF409 warning]"
    ]
    assert messages(text, "zh") == [
        "9:13: deadlines.fees_due：clearflow 不掌握 2031 年的节假日安排，需人工核对（在 "
        "'calendar.closed' 下列出该年的停办日，在 'calendar.working' 下列出调休上班的周末）"
        "[CF409 警告]"
    ]


def test_listing_days_of_an_unknown_year_counts_as_having_checked_it() -> None:
    """With days of 2031 in the calendar, no CF409: its closed days are what is reported."""
    text = "calendar:\n  closed: [2031-10-01, 2031-10-02]\n" + session("2031-10-02")
    assert messages(text) == [
        "12:7: schedule.sessions[0]: session on 2031-10-02 for everyone falls on a day listed "
        "under 'calendar.closed' (the offices are closed; the nearest working day is "
        "2031-10-03, 1 day after) [CF408 warning]"
    ]


def test_the_shipped_2014_dates_are_all_working_days() -> None:
    """No date of the 2014 procedure (late June and July) is a holiday."""
    dates = [dt.date(2014, 6, 30), dt.date(2014, 7, 4), dt.date(2014, 7, 9), dt.date(2014, 7, 11)]
    assert {day_of(date).kind for date in dates} == {DayKind.WORKING}


def test_the_nearest_working_day_takes_the_earlier_on_a_tie() -> None:
    """A closed Wednesday is a day from either neighbour: Tuesday is offered."""
    closed = Calendar(closed=(dt.date(2014, 7, 9),))
    assert str(nearest_working_day(dt.date(2014, 7, 9), closed)) == "2014-07-08, 1 day before"
    assert str(nearest_working_day(dt.date(2014, 7, 13))) == "2014-07-14, 1 day after"
    assert str(nearest_working_day(dt.date(2014, 10, 1))) == "2014-09-30, 1 day before"
    assert str(nearest_working_day(dt.date(2014, 10, 7))) == "2014-10-08, 1 day after"
    assert nearest_working_day(dt.date(2031, 10, 1)) is None


def test_a_day_in_both_lists_counts_as_closed() -> None:
    """closed wins over working."""
    both = Calendar(closed=(dt.date(2014, 7, 10),), working=(dt.date(2014, 7, 10),))
    assert day_of(dt.date(2014, 7, 10), both).kind is DayKind.CLOSED


@pytest.mark.parametrize("holiday", list(chinese_calendar.Holiday), ids=lambda h: h.name)
def test_every_holiday_of_the_package_has_a_chinese_name(holiday: chinese_calendar.Holiday) -> None:
    """The package's English names are catalogue ids, each translated (端午节, 国庆节 …)."""
    english = holiday.value
    assert HOLIDAY_NAMES[english] == english
    assert translate(english, "zh") != english


def test_the_package_loads_only_when_a_date_is_checked() -> None:
    """Importing clearflow and loading a workflow without dates leaves chinese_calendar out."""
    code = (
        "import sys, clearflow\n"
        f"clearflow.load_workflow_text({HEAD!r})\n"
        "print('chinese_calendar' in sys.modules)\n"
        f"clearflow.load_workflow_text({HEAD + session('2014-07-10')!r})\n"
        "print('chinese_calendar' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]
