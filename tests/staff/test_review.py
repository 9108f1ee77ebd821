"""The rollover's review list in both languages: the same items, each line from the catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from clearflow._i18n import verbatim
from clearflow.errors import RolloverError
from clearflow.staff._review import ReviewItem, Topic
from clearflow.staff.rollover import roll_file, roll_text, write_rollover

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"


def _lines(topic: Topic) -> list[str]:
    rolled = roll_file(WORKFLOW, 2015, lang="zh")
    return [item.text("zh") for item in rolled.review if item.topic is topic]


def _line(start: str) -> int:
    """The number of the first line of the 2014 workflow that starts with ``start``."""
    lines = WORKFLOW.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(start))


def test_counts_are_listed_in_chinese_with_the_students_in_chinese() -> None:
    """Headcounts name the students by their Chinese labels, and a session its weekday."""
    counts = _lines(Topic.COUNTS)
    assert counts[:3] == [
        f"第 {_line('  total: 2985')} 行：cohort.total：共 2985 名毕业生",
        f"第 {_line('    - {who: {program: higher_vocational}, count: 1714}')} 行："
        "cohort.counts[0].count：高职 1714 人",
        f"第 {_line('    - {who: {program: secondary_vocational}, count: 1271}')} 行："
        "cohort.counts[1].count：中职 1271 人",
    ]
    assert counts[6].endswith(
        "schedule.sessions[0].expected：2015-07-08 星期三 中职 · 院本部：预计 549 人"
    )


def test_the_notice_dates_and_calendar_in_chinese() -> None:
    """The notice's date, a moved date, the scenarios' note and the holiday check."""
    assert _lines(Topic.ISSUED) == [
        f"第 {_line('issued:')} 行：issued：2014-06-25 星期三 → 2015-06-24 星期三；"
        "改为 2015 年通知的发文日期"
    ]
    dates = _lines(Topic.DATES)
    fees_due = _line("  fees_due:") + 1
    assert (
        f"第 {fees_due} 行：deadlines.fees_due.date：2014-07-04 星期五 → 2015-07-03 星期五" in dates
    )
    assert dates[-1] == "gyvtc-2014.scenarios.yaml 测试场景操作中的 5 个日期和时间已同样调整"
    assert _lines(Topic.CALENDAR) == [
        "已按 clearflow 掌握的 2015 年法定节假日和调休安排核对顺延后的日期；"
        "仍需对照国务院办公厅的放假通知确认"
    ]


def test_kept_comments_are_quoted_as_written_in_either_language() -> None:
    """A comment is staff's own text: only the line number around it is translated."""
    comments = _lines(Topic.COMMENTS)
    comment = "# 前期准备工作完成时间：7月4日 — late work is recorded, not refused."
    assert f"第 {_line('  ' + comment)} 行：{comment}" in comments
    assert "gyvtc-2014.scenarios.yaml 第 1 行：# Scenarios for gyvtc-2014.yaml" in "\n".join(
        comments
    )


def test_a_weekend_date_in_chinese() -> None:
    """A date moved onto a weekend of a known year is a rest day, with the nearest working day."""
    text = WORKFLOW.read_text(encoding="utf-8").replace("date: 2014-07-04", "date: 2014-07-06", 1)
    rolled = roll_text(text, 2015, lang="zh")
    weekend = next(item for item in rolled.review if item.topic is Topic.CALENDAR)
    assert weekend.text("zh").endswith(
        "新日期（2015-07-05）适逢星期日，为休息日；最近的工作日：2015-07-06，推后 1 天"
    )
    assert str(weekend).endswith(
        "the new date 2015-07-05 falls on a Sunday, a rest day; "
        "nearest working day: 2015-07-06, 1 day after"
    )


def test_a_weekend_date_of_an_unknown_year_in_chinese() -> None:
    """In a year the holiday calendar does not know, a weekend is only named, and every date
    is left to be checked by hand."""
    text = WORKFLOW.read_text(encoding="utf-8").replace("date: 2014-07-04", "date: 2014-07-06", 1)
    rolled = roll_text(text, 2031, lang="zh")
    calendar = [item.text("zh") for item in rolled.review if item.topic is Topic.CALENDAR]
    assert calendar[0].endswith("2031-07-06 星期日，逢周末")
    assert calendar[1:] == [
        "对照 2031 年的节假日安排核对每个日期：clearflow 不了解法定节假日和调休"
    ]


def test_a_date_moved_onto_a_holiday_in_chinese() -> None:
    """A date that lands on a public holiday names it in Chinese, with the nearest working day."""
    text = WORKFLOW.read_text(encoding="utf-8").replace("date: 2014-06-30", "date: 2014-05-02", 1)
    rolled = roll_text(text, 2015, lang="zh")
    holiday = next(item for item in rolled.review if item.topic is Topic.CALENDAR)
    assert holiday.text("zh").endswith(
        "新日期（2015-05-01）适逢法定节假日（劳动节）；最近的工作日：2015-04-30，提前 1 天"
    )


def test_an_item_renders_in_any_language_and_keeps_english_in_json() -> None:
    """``str`` is English, ``text(lang)`` the chosen language; JSON has both."""
    rolled = roll_file(WORKFLOW, 2015)
    item = rolled.review[0]
    assert str(item) == f"line {_line('  total: 2985')}: cohort.total: 2985 graduates in all"
    assert item.location("zh") == f"第 {_line('  total: 2985')} 行："
    assert item.body("zh") == "cohort.total：共 2985 名毕业生"
    assert item.to_dict("zh")["text"] == "2985 graduates in all"
    assert item.to_dict("zh")["localized"] == {"lang": "zh", "text": "共 2985 名毕业生"}
    bare = ReviewItem(topic=Topic.TEXT, message=verbatim("'x'"))
    assert (bare.text("zh"), bare.location("en")) == ("'x'", "")


def test_rollover_refusals_in_chinese(tmp_path: Path) -> None:
    """The refusals keep their file prefix and the library token the CLI swaps for a flag."""
    text = WORKFLOW.read_text(encoding="utf-8")
    with pytest.raises(RolloverError) as raised:
        roll_text(text, 2014, source="w.yaml")
    assert raised.value.text("zh") == "w.yaml: 该流程已是 2014 年的"
    target = tmp_path / "gyvtc-2015.yaml"
    target.write_text("", encoding="utf-8")
    with pytest.raises(RolloverError) as raised:
        write_rollover(target, roll_text(text, 2015))
    assert raised.value.text("zh") == f"{target}: 文件已存在（要覆盖它，加 force=True）"
    assert str(raised.value) == f"{target}: file exists (give force=True to overwrite it)"
