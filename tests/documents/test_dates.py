"""Dates, times and headcounts written as a notice writes them, and read back from a notice."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearflow.documents import (
    FoundCount,
    FoundDate,
    FoundSpan,
    day_text,
    full_date_text,
    headcount_text,
    read_notice,
    session_when,
    span_text,
)
from clearflow.loading import load_workflow
from support import WORKFLOW_2014

SEED = Path(__file__).resolve().parents[2] / "examples" / "notices" / "notice-2014.txt"
THURSDAY = dt.date(2014, 7, 10)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("zh", "7月10日（星期四）"), ("en", "Thu 10 July")],
)
def test_a_day_reads_with_its_weekday(lang: str, expected: str) -> None:
    """A day is written with its weekday, as the 2014 notice writes 7月9日（星期三）."""
    assert day_text(THURSDAY, lang) == expected  # type: ignore[arg-type]


def test_a_day_without_its_weekday() -> None:
    """Without the weekday only month and day remain."""
    assert day_text(THURSDAY, "zh", weekday=False) == "7月10日"
    assert day_text(THURSDAY, "en", weekday=False) == "10 July"


def test_a_full_date_has_its_year() -> None:
    """A notice is dated with its year: 2014年6月25日."""
    assert full_date_text(dt.date(2014, 6, 25), "zh") == "2014年6月25日"
    assert full_date_text(dt.date(2014, 6, 25), "en") == "25 June 2014"


def test_a_time_range_uses_the_notice_dash() -> None:
    """The notice writes 9:00—16:30 with an em dash; English takes an en dash."""
    assert span_text(dt.time(9), dt.time(16, 30), "zh") == "9:00—16:30"
    assert span_text(dt.time(9), dt.time(16, 30), "en") == "9:00–16:30"


def test_a_headcount() -> None:
    """A headcount reads 474人 in Chinese."""
    assert headcount_text(474, "zh") == "474人"
    assert headcount_text(474, "en") == "474 people"
    assert headcount_text(1, "en") == "1 person"


def test_what_is_written_is_read_back() -> None:
    """The reader finds the date, weekday, time range and headcount the writer wrote."""
    text = f"{day_text(THURSDAY, 'zh')}，{span_text(dt.time(13), dt.time(16, 30), 'zh')}，" + (
        headcount_text(298, "zh")
    )
    date, span, count = read_notice(text)
    assert isinstance(date, FoundDate)
    assert (date.on(2014), date.weekday) == (THURSDAY, 3)
    assert isinstance(span, FoundSpan)
    assert (span.start, span.end) == (dt.time(13), dt.time(16, 30))
    assert isinstance(count, FoundCount)
    assert count.count == 298


def test_lists_and_ranges_of_days() -> None:
    """7月8、9、10日 is three days, 7月10日——11日（星期四、五） two with their weekdays."""
    listed = [item for item in read_notice("时间：7月8、9、10日") if isinstance(item, FoundDate)]
    assert [(d.month, d.day, d.at.column) for d in listed] == [(7, 8, 4), (7, 9, 8), (7, 10, 10)]
    ranged = [i for i in read_notice("7月10日——11日（星期四、五）") if isinstance(i, FoundDate)]
    assert [(d.day, d.weekday) for d in ranged] == [(10, 3), (11, 4)]
    spanned = [i for i in read_notice("7月8日至10日") if isinstance(i, FoundDate)]
    assert sorted(d.day for d in spanned) == [8, 9, 10]


def test_weekday_forms_and_afternoon_times() -> None:
    """(周五) is a weekday too; 下午2:30-5:00 is 14:30 to 17:00; a fullwidth colon is read."""
    date, span = read_notice("7月11日(周五) 下午2:30-5:00")
    assert isinstance(date, FoundDate)
    assert date.weekday == 4
    assert isinstance(span, FoundSpan)
    assert (span.start, span.end) == (dt.time(14, 30), dt.time(17))
    (span,) = read_notice("9:00—12：00")
    assert isinstance(span, FoundSpan)
    assert span.end == dt.time(12)


def test_the_seed_notice_is_read_with_lines_and_columns() -> None:
    """On the 2014 notice: 7月9日（星期三） at 8:1, the table's bare 474 at 20:2, its year date."""
    found = read_notice(SEED.read_text(encoding="utf-8"))
    spots = {(item.at.line, item.at.column): item for item in found}
    first = spots[(8, 1)]
    assert isinstance(first, FoundDate)
    assert (first.at.text, first.weekday) == ("7月9日（星期三）", 2)
    cell = spots[(20, 2)]
    assert isinstance(cell, FoundCount)
    assert (cell.count, cell.cell) == (474, True)
    issued = spots[(76, 34)]
    assert isinstance(issued, FoundDate)
    assert issued.on(1999) == dt.date(2014, 6, 25)
    counts = [item.count for item in found if isinstance(item, FoundCount)]
    assert counts[:6] == [2985, 1714, 1271, 549, 588, 134]
    assert sum(isinstance(item, FoundSpan) for item in found) == 10


def test_no_such_day_reads_as_none() -> None:
    """A 2月30日 is found but names no date."""
    (date,) = read_notice("2月30日")
    assert isinstance(date, FoundDate)
    assert date.on(2014) is None


def test_english_dates_and_headcounts_are_read() -> None:
    """clearflow's English forms read back: Thu 10 July, 10 July 2014, 474 people."""
    text = f"{day_text(THURSDAY, 'en')} {span_text(dt.time(9), dt.time(12), 'en')}\n" + (
        f"{full_date_text(THURSDAY, 'en')}\n{headcount_text(474, 'en')}"
    )
    date, span, dated, count = read_notice(text)
    assert isinstance(date, FoundDate)
    assert (date.on(2014), date.weekday) == (THURSDAY, 3)
    assert isinstance(span, FoundSpan)
    assert isinstance(dated, FoundDate)
    assert dated.on(1999) == THURSDAY
    assert isinstance(count, FoundCount)
    assert (count.count, count.cell) == (474, True)


def test_a_session_reads_with_its_day_and_hours() -> None:
    """session_when: the day with its weekday, then the hours, as the notice writes them."""
    workflow = load_workflow(WORKFLOW_2014)
    session = workflow.schedule.sessions[1]  # type: ignore[union-attr]
    assert session_when(session, "zh") == "7月10日（星期四） 9:00—12:00"
    assert session_when(session, "en") == "Thu 10 July 9:00–12:00"
