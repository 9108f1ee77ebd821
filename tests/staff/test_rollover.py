"""Rolling a workflow over to next year: dates by whole weeks, the year, the review list."""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest

from clearflow.errors import OverwriteError, RolloverError, WorkflowError
from clearflow.loading import inspect_text, load_workflow_text
from clearflow.spec._model import WEEKDAYS
from clearflow.staff._review import Topic
from clearflow.staff.rollover import (
    default_output,
    roll_file,
    roll_text,
    shift_days,
    workflow_year,
    write_rollover,
)

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "workflows" / "gyvtc-2014.yaml"
TEXT_2014 = WORKFLOW.read_text(encoding="utf-8")

MOVED_2014_2015 = {
    "2014-06-25": "2015-06-24",
    "2014-06-30": "2015-06-29",
    "2014-07-04": "2015-07-03",
    "2014-07-09": "2015-07-08",
    "2014-07-10": "2015-07-09",
    "2014-07-11": "2015-07-10",
}

SMALL = """\
# Class of 2014: the year in this comment is kept.
clearflow: 1
id: demo-2014
title: {zh: 示例学院2014届毕业生离校手续, en: "Demo class of 2014 \\u2014 #1 of 20140"}
issued: '2014-06-25'
offices:
  library: {en: Library}
deadlines:
  books_due: {date: 2014-07-05, en: "Books back by 5 July 2014"}
stations:
  - {id: books, office: library, due: books_due, en: Books returned}
schedule:
  sessions:
    - {date: 2014-07-10, weekday: thu, start: 9:00, end: 12:00, who: {}, expected: 10}
"""


def _line(start: str) -> int:
    """The number of the first line of the 2014 workflow that starts with ``start``."""
    lines = TEXT_2014.splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line.startswith(start))


def _rolled_2015() -> str:
    return roll_text(TEXT_2014, 2015, source=str(WORKFLOW)).text


def test_shift_is_the_whole_number_of_weeks_nearest_the_years() -> None:
    """One year is 52 weeks, leap day or not; three years (1096 days) are 157 weeks."""
    assert shift_days(dt.date(2014, 7, 10), 1) == 364
    assert shift_days(dt.date(2015, 7, 9), 1) == 364  # 366 calendar days, still 52 weeks
    assert shift_days(dt.date(2014, 7, 10), -1) == -364
    assert shift_days(dt.date(2014, 7, 10), 3) == 1099  # 1096 days: 156.6 weeks
    assert shift_days(dt.date(2016, 2, 29), 1) == 364


def test_rolled_2015_loads_without_errors() -> None:
    """The 2014 workflow rolled to 2015 loads, with no more issues than the original."""
    rolled, issues = inspect_text(_rolled_2015(), "gyvtc-2015.yaml")
    assert rolled is not None
    assert not [issue for issue in issues if issue.is_error]
    assert rolled.id == "gyvtc-2015"
    assert rolled.title.zh == "贵阳职业技术学院2015届毕业生离校手续"
    assert rolled.title.en == "GYVTC class of 2015 leaving procedure"
    assert rolled.issued == dt.date(2015, 6, 24)


def test_every_session_keeps_its_weekday() -> None:
    """Each session moves 364 days, keeps its weekday and its written ``weekday:``."""
    old = load_workflow_text(TEXT_2014)
    new = load_workflow_text(_rolled_2015())
    assert old.schedule is not None
    assert new.schedule is not None
    pairs = list(zip(old.schedule.sessions, new.schedule.sessions, strict=True))
    for before, after in pairs:
        assert after.date - before.date == dt.timedelta(days=364)
        assert after.date.weekday() == before.date.weekday()
        assert after.weekday == before.weekday == WEEKDAYS[after.date.weekday()]
    assert [after.date.isoformat() for _, after in pairs[:2]] == ["2015-07-08", "2015-07-09"]


def test_only_the_dates_and_the_year_lines_change() -> None:
    """Comments, times, quoting and the Chinese text survive byte for byte."""
    old_lines = TEXT_2014.splitlines(keepends=True)
    new_lines = _rolled_2015().splitlines(keepends=True)
    assert len(new_lines) == len(old_lines)
    changed = [
        (number, old, new)
        for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), start=1)
        if old != new
    ]

    def expected(line: str) -> str:
        for before, after in MOVED_2014_2015.items():
            line = line.replace(before, after)
        for before, after in (("gyvtc-2014", "gyvtc-2015"), ("2014届", "2015届")):
            line = line.replace(before, after)
        return line.replace("class of 2014", "class of 2015")

    assert [number for number, _, _ in changed] == [
        number
        for number, line in enumerate(old_lines, start=1)
        if expected(line) != line and not line.startswith("#")
    ]
    assert len(changed) == 19  # the hall hours' from:/until: line among them
    for _, old, new in changed:
        assert new == expected(old)
    assert not any(line.lstrip().startswith("#") for _, line, _ in changed)
    diff = list(difflib.unified_diff(old_lines, new_lines, n=0))
    assert sum(line.startswith("+") and not line.startswith("+++") for line in diff) == 19


def test_a_year_is_replaced_only_as_a_whole_number_and_only_in_id_title_institution() -> None:
    """'20140' and escapes stay; quoted dates keep their quotes; other text is reported."""
    rolled = roll_text(SMALL, 2015)
    assert rolled.text.splitlines()[:5] == [
        "# Class of 2014: the year in this comment is kept.",
        "clearflow: 1",
        "id: demo-2015",
        'title: {zh: 示例学院2015届毕业生离校手续, en: "Demo class of 2015 \\u2014 #1 of 20140"}',
        "issued: '2015-06-24'",
    ]
    assert '{date: 2015-07-04, en: "Books back by 5 July 2014"}' in rolled.text
    assert "start: 9:00, end: 12:00" in rolled.text
    comments = [str(item) for item in rolled.review if item.topic is Topic.COMMENTS]
    assert comments == ["line 1: # Class of 2014: the year in this comment is kept."]
    texts = [str(item) for item in rolled.review if item.topic is Topic.TEXT]
    assert texts == ["line 9: deadlines.books_due.en: 'Books back by 5 July 2014'"]


def test_review_lists_cohort_counts_and_session_headcounts() -> None:
    """Every stated count and expected headcount is listed at its line, to be updated."""
    rolled = roll_text(TEXT_2014, 2015)
    counts = [str(item) for item in rolled.review if item.topic is Topic.COUNTS]
    assert counts[:3] == [
        f"line {_line('  total: 2985')}: cohort.total: 2985 graduates in all",
        f"line {_line('    - {who: {program: higher_vocational}, count: 1714}')}: "
        "cohort.counts[0].count: Higher vocational: 1714",
        f"line {_line('    - {who: {program: secondary_vocational}, count: 1271}')}: "
        "cohort.counts[1].count: Secondary vocational: 1271",
    ]
    assert len(counts) == 1 + 5 + 8
    assert counts[-1] == (
        f"line {len(TEXT_2014.splitlines())}: schedule.sessions[7].expected: "
        "2015-07-10 Fri Higher vocational · Equipment Manufacturing: 100 expected"
    )


def test_review_lists_issued_dates_calendar_and_comments() -> None:
    """The notice's date, each moved date with weekdays, the holiday check and old comments."""
    review = roll_text(TEXT_2014, 2015).review
    by_topic = {topic: [str(item) for item in review if item.topic is topic] for topic in Topic}
    assert by_topic[Topic.ISSUED] == [
        f"line {_line('issued:')}: issued: 2014-06-25 Wed → 2015-06-24 Wed; "
        "set it to the date the 2015 notice is issued"
    ]
    fees_due = _line("  fees_due:") + 1
    assert by_topic[Topic.DATES][3] == (
        f"line {fees_due}: deadlines.fees_due.date: 2014-07-04 Fri → 2015-07-03 Fri"
    )
    assert len(by_topic[Topic.DATES]) == 16  # with the hall hours' from: and until:
    assert by_topic[Topic.CALENDAR] == [
        "moved dates checked against the 2015 public holidays and swapped working days (调休) "
        "clearflow knows; confirm them against the State Council's notice"
    ]
    comment = "# 前期准备工作完成时间：7月4日 — late work is recorded, not refused."
    assert f"line {_line('  ' + comment)}: {comment}" in by_topic[Topic.COMMENTS]
    assert any("class of 2014." in line for line in by_topic[Topic.COMMENTS])
    assert [item.topic for item in review] == sorted(
        (item.topic for item in review), key=list(Topic).index
    )


def test_a_weekend_date_is_reported() -> None:
    """A date that falls on a weekend is a rest day, offered the nearest working day."""
    text = SMALL.replace("2014-07-05", "2014-07-06")  # a Sunday
    calendar = [str(item) for item in roll_text(text, 2015).review if item.topic is Topic.CALENDAR]
    assert calendar[0] == (
        "line 9: deadlines.books_due.date: the new date 2015-07-05 falls on a Sunday, a rest day; "
        "nearest working day: 2015-07-06, 1 day after"
    )


def test_a_weekend_date_of_a_year_the_calendar_does_not_know_is_named() -> None:
    """Rolled into a year chinese-calendar has no data for, a weekend is named and every date
    is left to be checked by hand: nothing is guessed."""
    text = SMALL.replace("2014-07-05", "2014-07-06")
    calendar = [str(item) for item in roll_text(text, 2031).review if item.topic is Topic.CALENDAR]
    assert calendar == [
        "line 9: deadlines.books_due.date: 2031-07-06 Sun is a Sunday",
        "check every date against the 2031 holiday calendar: clearflow does not know public "
        "holidays or swapped working days (调休)",
    ]


def test_a_date_moved_onto_a_holiday_or_a_swapped_day_is_flagged() -> None:
    """A holiday is named with the nearest working day, before or after; a 调休
    working weekend is noted; a plain working day is not listed."""
    text = SMALL.replace("2014-07-05", "2014-06-23")  # 2015-06-22, Dragon Boat's day off
    calendar = [str(item) for item in roll_text(text, 2015).review if item.topic is Topic.CALENDAR]
    assert calendar[0] == (
        "line 9: deadlines.books_due.date: the new date 2015-06-22 falls on a public holiday "
        "(Dragon Boat Festival); nearest working day: 2015-06-23, 1 day after"
    )
    text = SMALL.replace("2014-07-05", "2014-10-11")  # 2015-10-10, worked for National Day
    calendar = [str(item) for item in roll_text(text, 2015).review if item.topic is Topic.CALENDAR]
    assert calendar[0] == (
        "line 9: deadlines.books_due.date: the new date 2015-10-10 falls on a Saturday that is "
        "a working day in lieu of National Day (调休)"
    )
    text = SMALL.replace("2014-07-05", "2014-07-07")
    calendar = [str(item) for item in roll_text(text, 2015).review if item.topic is Topic.CALENDAR]
    assert len(calendar) == 1


def test_the_workflows_own_calendar_days_are_flagged_not_judged() -> None:
    """A closed or working day of the workflow moves by weeks like any date, but a holiday
    does not: it is listed to be set for the new year."""
    text = SMALL.replace("2014-07-05", "2014-07-04") + "calendar:\n  closed: [2014-07-08]\n"
    calendar = [str(item) for item in roll_text(text, 2015).review if item.topic is Topic.CALENDAR]
    line = len(SMALL.splitlines()) + 2
    assert calendar[0] == (
        f"line {line}: calendar.closed[0]: 2015-07-07 Tue: a day of the workflow's own calendar "
        "moved by whole weeks; set the 2015 one"
    )


def test_rolling_back_and_forth_returns_the_original() -> None:
    """+1 then -1 year, or -1 then +1, gives the original text byte for byte."""
    forward = roll_text(TEXT_2014, 2015).text
    assert roll_text(forward, 2014).text == TEXT_2014
    backward = roll_text(TEXT_2014, 2013)
    assert backward.days == -364
    assert roll_text(backward.text, 2014).text == TEXT_2014


def test_a_file_that_does_not_load_is_refused() -> None:
    """A workflow with errors raises WorkflowError with its located issues."""
    broken = SMALL.replace("office: library", "office: libary")
    with pytest.raises(WorkflowError, match=r"unknown office 'libary'"):
        roll_text(broken, 2015, source="broken.yaml")


def test_the_year_must_be_known_and_different() -> None:
    """Without a year in the id or an issued date the rollover asks for from_year."""
    no_year = SMALL.replace("id: demo-2014", "id: demo").replace("issued: '2014-06-25'\n", "")
    with pytest.raises(RolloverError, match=r"cannot tell which year 'demo' is for") as raised:
        roll_text(no_year, 2015, source="w.yaml")
    assert raised.value.fix == "from_year"
    assert str(raised.value).endswith("or give from_year=YEAR)")
    assert roll_text(no_year, 2015, from_year=2014).text.count("2015-07-04") == 1
    with pytest.raises(RolloverError, match=r"^w.yaml: the workflow is already for 2014$"):
        roll_text(SMALL, 2014, source="w.yaml")
    assert workflow_year(load_workflow_text(SMALL)) == 2014


def test_default_output_changes_the_year_in_the_name() -> None:
    """gyvtc-2014.yaml becomes gyvtc-2015.yaml beside it; a name without the year gives None."""
    assert default_output(WORKFLOW, 2014, 2015) == WORKFLOW.with_name("gyvtc-2015.yaml")
    assert default_output(Path("a/procedure.yaml"), 2014, 2015) is None


def test_write_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    """An existing output is left alone unless force is given; the write is complete."""
    target = tmp_path / "gyvtc-2015.yaml"
    target.write_text("keep me", encoding="utf-8")
    rolled = roll_text(SMALL, 2015)
    with pytest.raises(RolloverError) as error:
        write_rollover(target, rolled)
    assert str(error.value) == f"{target}: file exists (give force=True to overwrite it)"
    assert target.read_text(encoding="utf-8") == "keep me"
    assert write_rollover(target, rolled, force=True) == [target]
    assert target.read_text(encoding="utf-8") == rolled.text
    assert [path.name for path in tmp_path.iterdir()] == ["gyvtc-2015.yaml"]


def test_write_refuses_its_own_input_even_with_force(tmp_path: Path) -> None:
    """An output that is the source workflow or its scenarios file, by any name, is refused
    with force too; neither file changes and nothing else is written."""
    source = tmp_path / "demo-2014.yaml"
    source.write_text(SMALL, encoding="utf-8")
    sidecar = tmp_path / "demo-2014.scenarios.yaml"
    sidecar.write_text("scenarios:\n  - name: late\n    at: 2014-07-05 10:00\n", encoding="utf-8")
    (tmp_path / "link.yaml").symlink_to(source.name)
    before = {path.name: path.read_bytes() for path in (source, sidecar)}
    rolled = roll_file(source, 2015)
    outputs = {
        source: ("workflow", source),
        tmp_path / "." / "demo-2014.yaml": ("workflow", source),
        tmp_path / "link.yaml": ("workflow", source),
        sidecar: ("scenarios file", sidecar),
    }
    for output, (what, path) in outputs.items():
        with pytest.raises(OverwriteError) as error:
            write_rollover(output, rolled, force=True, source=source)
        assert str(error.value) == (
            f"{output}: the output is the {what} '{path}' (name another file to write)"
        )
    assert {path.name: path.read_bytes() for path in (source, sidecar)} == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [*sorted(before), "link.yaml"]
    assert (tmp_path / "link.yaml").is_symlink()


def test_scenarios_beside_the_workflow_roll_alongside(tmp_path: Path) -> None:
    """The sidecar's dates move by the same days and it is written beside the new file."""
    source = tmp_path / "demo-2014.yaml"
    source.write_text(SMALL, encoding="utf-8")
    sidecar = "scenarios:\n  - name: late\n    at: 2014-07-05 10:00  # after 4 July\n"
    (tmp_path / "demo-2014.scenarios.yaml").write_text(sidecar, encoding="utf-8")
    rolled = roll_file(source, 2015)
    assert rolled.sidecar == sidecar.replace("2014-07-05", "2015-07-04")
    written = write_rollover(tmp_path / "demo-2015.yaml", rolled)
    assert [path.name for path in written] == ["demo-2015.yaml", "demo-2015.scenarios.yaml"]
    assert written[1].read_text(encoding="utf-8") == rolled.sidecar
    notes = [str(item) for item in rolled.review if item.source]
    assert notes == [
        "demo-2014.scenarios.yaml 1 date or time in scenario actions moved the same way",
    ]


def test_a_scenarios_files_staff_roster_path_is_kept_as_written(tmp_path: Path) -> None:
    """``staff:`` names a file, not a date: the rollover keeps it as written (relative to the
    scenarios file, which is written beside the new workflow), and lists a path that names
    the old year for review, like any text naming it."""
    source = tmp_path / "demo-2014.yaml"
    source.write_text(SMALL, encoding="utf-8")
    sidecar = (
        "staff: staff/2014-07-01 roster.csv\n"
        "scenarios:\n  - name: late\n    actions:\n"
        "      - {step: books, clear: ~, at: 2014-07-05 10:00, by: L001, flagged: [late]}\n"
    )
    (tmp_path / "demo-2014.scenarios.yaml").write_text(sidecar, encoding="utf-8")
    rolled = roll_file(source, 2015)
    assert rolled.sidecar == sidecar.replace("2014-07-05", "2015-07-04")
    notes = [str(item) for item in rolled.review if item.source]
    assert notes == [
        "demo-2014.scenarios.yaml 1 date or time in scenario actions moved the same way",
        "demo-2014.scenarios.yaml line 1: staff: 'staff/2014-07-01 roster.csv'",
    ]


def test_shipped_scenarios_roll_with_the_workflow(tmp_path: Path) -> None:
    """The shipped sidecar rolls: its action times move 364 days like the deadlines."""
    shutil.copy(WORKFLOW, tmp_path / WORKFLOW.name)
    sidecar = WORKFLOW.with_name("gyvtc-2014.scenarios.yaml")
    if not sidecar.exists():
        pytest.skip("no scenarios file shipped beside the workflow")
    shutil.copy(sidecar, tmp_path / sidecar.name)
    rolled = roll_file(tmp_path / WORKFLOW.name, 2015)
    assert rolled.sidecar is not None
    assert "2014-07-0" not in rolled.sidecar.replace("(2014-07-03)", "")


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    """A file saved with a UTF-8 BOM is written back with one."""
    source = tmp_path / "demo-2014.yaml"
    source.write_bytes(codecs.BOM_UTF8 + SMALL.encode("utf-8"))
    rolled = roll_file(source, 2015)
    assert rolled.text.startswith("\ufeff# Class of 2014")


def test_text_that_only_looks_like_a_date_is_left_alone() -> None:
    """A label such as '2014-02-30' is not a date: it is kept and reported, never a crash."""
    text = SMALL.replace("en: Books returned}", "en: '2014-02-30'}")
    rolled = roll_text(text, 2015)
    assert "en: '2014-02-30'}" in rolled.text
    texts = [str(item) for item in rolled.review if item.topic is Topic.TEXT]
    assert "line 11: stations[0].en: '2014-02-30'" in texts


def test_the_schema_header_follows_the_new_file_to_another_folder(tmp_path: Path) -> None:
    """Written to another folder, the rolled file's $schema path still reaches the schema."""
    rolled = roll_file(WORKFLOW, 2015)
    target = tmp_path / "next" / "gyvtc-2015.yaml"
    write_rollover(target, rolled, source=WORKFLOW)
    first = target.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    schema = (target.parent / first.removeprefix(prefix)).resolve()
    assert schema == (WORKFLOW.parent / "../schema/clearflow-1.schema.json").resolve()
    assert schema.is_file()


def test_relocate_schema_leaves_urls_and_headerless_text_alone(tmp_path: Path) -> None:
    """A URL schema, or no header at all, is written as it was."""
    from clearflow.staff.rollover import relocate_schema

    url = "# yaml-language-server: $schema=https://example.org/s.json\nclearflow: 1\n"
    assert relocate_schema(url, WORKFLOW, tmp_path / "x.yaml") == url
    plain = "clearflow: 1\n"
    assert relocate_schema(plain, WORKFLOW, tmp_path / "x.yaml") == plain
