"""Who may act and the hours' policies in show: the staff roster's due date, an office's
scope and ``off_hours: block``, a step's ``person:`` and ``off_hours``, the hall's tie to the
students' own sessions; and a procedure without stations that never speaks of a hall."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from clearflow import load_workflow, load_workflow_text
from clearflow._i18n import Lang
from clearflow.console.workflow_view import render_workflow

ROOT = Path(__file__).resolve().parents[2]
WHO = load_workflow(ROOT / "examples" / "workflows" / "who-may-act.yaml")
NO_HALL_TEXT = (ROOT / "tests" / "fixtures" / "where" / "no-hall.yaml").read_text(encoding="utf-8")
HALL_WORDS = re.compile(r"hall|Hall|Station|大厅|站")


def render(renderable: RenderableType) -> list[str]:
    """The renderable's lines at width 100, trailing spaces dropped."""
    console = Console(file=io.StringIO(), width=100)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "│ donghai-college-2021 · Time zone Asia/Shanghai · Staff roster due 2021-05-20 │"),
        ("zh", "│ donghai-college-2021 · 时区 Asia/Shanghai · 工作人员名册于 2021-05-20 前报送 │"),
    ],
)
def test_the_header_says_by_when_the_staff_roster_is_due(lang: Lang, line: str) -> None:
    """``roster: {due: ...}`` reads in the header, beside the time zone."""
    assert render(render_workflow(WHO, lang))[2] == line


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("en", "│ donghai-college-2021 · Time zone Asia/Shanghai · Staff roster expected │"),
        ("zh", "│ donghai-college-2021 · 时区 Asia/Shanghai · 需报送工作人员名册 │"),
    ],
)
def test_a_roster_without_a_due_date_is_said_to_be_expected(lang: Lang, line: str) -> None:
    """``roster: {}``: a roster is expected, by no date."""
    text = (ROOT / "examples" / "workflows" / "who-may-act.yaml").read_text(encoding="utf-8")
    workflow = load_workflow_text(text.replace("roster: {due: 2021-05-20}", "roster: {}"))
    assert render(render_workflow(workflow, lang))[2] == line


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "  Office           Place   Hours   Who may act",
                "  Finance Office                   Only for students whose School is the "
                "staff member's unit",
            ],
        ),
        (
            "zh",
            [
                "  部门     地点   时间   办理范围",
                "  财务处                 只为所在学院与本人所属单位相同的学生办理",
            ],
        ),
    ],
)
def test_the_offices_table_says_whom_a_scoped_office_acts_for(lang: Lang, lines: list[str]) -> None:
    """An office with ``scope:`` is listed, though it gives no place or hours."""
    shown = render(render_workflow(WHO, lang))
    start = shown.index(lines[0])
    assert [shown[start], shown[start + 2]] == lines


@pytest.mark.parametrize(
    ("lang", "row"),
    [
        (
            "en",
            "  2   Thesis signed off   Supervisor       Signed by the person named in supervisor"
            "   everyone",
        ),
        (
            "zh",
            "  2      毕业论文（设计）签字   指导教师   "
            "由指导教师一栏所填的工作人员本人办理   所有学生",
        ),
    ],
)
def test_a_step_bound_to_a_person_says_so(lang: Lang, row: str) -> None:
    """A step's ``person:`` reads in what is checked, naming the fact's label."""
    assert row in render(render_workflow(WHO, lang))


POLICIES = NO_HALL_TEXT.replace(
    "    en: Finance Office\n", "    en: Finance Office\n    off_hours: block\n"
).replace(
    "  - {id: books, office: library, zh: 归还图书, en: Books returned}",
    "  - {id: books, office: library, zh: 归还图书, en: Books returned, off_hours: flag}\n"
    "  - {id: card, office: finance, zh: 注销校园卡, en: Card cancelled, off_hours: block}",
)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "  2   Books returned   Library          Outside hours: recorded   everyone",
                "  3   Card cancelled   Finance Office   Outside hours: refused    everyone",
                "                   Service hall, West campus             9:00–12:00",
                "                                                         Outside hours: refused",
            ],
        ),
        (
            "zh",
            [
                "  2      归还图书     图书馆       办理时间以外：可办理，记录在案   所有学生",
                "  3      注销校园卡   计划财务处   办理时间以外：不予办理           所有学生",
                "               西校区综合楼服务大厅          办理时间以外：不予办理",
            ],
        ),
    ],
)
def test_off_hours_policies_read_with_the_office_and_the_step(lang: Lang, lines: list[str]) -> None:
    """``off_hours: block`` on an office reads under its hours; a step's own ``off_hours``
    (either policy: it overrides the office's) reads in what is checked."""
    shown = render(render_workflow(load_workflow_text(POLICIES), lang))
    assert [line for line in shown if line in lines] == lines


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "Hall hours: Mon–Fri 9:00–16:30; Mon–Fri 9:00–12:00, 13:00–16:30 (on 2014-07-10 – "
                "2014-07-11)",
                "Stations serve a student only in their own session",
            ],
        ),
        (
            "zh",
            [
                "大厅办理时间：周一至周五 9:00–16:30；周一至周五 9:00–12:00, "
                "13:00–16:30（2014-07-10 至 2014-07-11）",
                "站点只在学生本人的时段内办理",
            ],
        ),
    ],
)
def test_the_hall_hours_say_that_stations_keep_to_the_students_session(
    lang: Lang, lines: list[str]
) -> None:
    """The 2014 hall ties stations to sessions (``own_session: block``): said under its hours."""
    workflow = load_workflow(ROOT / "workflows" / "gyvtc-2014.yaml")
    console = Console(file=io.StringIO(), width=200)
    console.print(render_workflow(workflow, lang))
    shown = [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]
    assert shown[-2:] == lines


DAYS_ONLY_TEXT = (ROOT / "tests" / "fixtures" / "where" / "days-only.yaml").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "Hall hours: Mon–Fri 9:00–11:30, 14:00–17:00",
                "Outside hall hours: refused",
                "A station action outside the student's own session is recorded",
                "no sessions in the schedule yet",
            ],
        ),
        (
            "zh",
            [
                "大厅办理时间：周一至周五 9:00–11:30, 14:00–17:00",
                "大厅办理时间以外：不予办理",
                "学生本人时段以外在站点办理的，记录在案",
                "时段安排中暂无时段",
            ],
        ),
    ],
)
def test_a_schedule_with_days_only_gives_the_halls_policies(lang: Lang, lines: list[str]) -> None:
    """``off_hours: block`` and ``own_session: flag`` read under the hall's hours."""
    text = DAYS_ONLY_TEXT + "  off_hours: block\n  own_session: flag\n"
    assert render(render_workflow(load_workflow_text(text), lang))[-4:] == lines


NO_STATIONS_SCHEDULE = NO_HALL_TEXT + (
    "schedule:\n"
    "  first_day: 2024-06-26\n"
    "  last_day: 2024-06-28\n"
    "  hours:\n"
    "    - {days: mon-fri, open: 9:00, close: 16:30}\n"
    "  off_hours: block\n"
    "  own_session: block\n"
)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "Schedule",
                "Service days: 2024-06-26 – 2024-06-28",
                "Service hours: Mon–Fri 9:00–16:30",
                "no sessions in the schedule yet",
            ],
        ),
        (
            "zh",
            [
                "时段安排",
                "办理日期：2024-06-26 至 2024-06-28",
                "办理时间：周一至周五 9:00–16:30",
                "时段安排中暂无时段",
            ],
        ),
    ],
)
def test_without_stations_the_schedule_has_service_hours_not_hall_hours(
    lang: Lang, lines: list[str]
) -> None:
    """No stations, no hall: the schedule's hours are service hours, and the hall's policies
    (which only stations follow) are not said."""
    shown = render(render_workflow(load_workflow_text(NO_STATIONS_SCHEDULE), lang))
    assert shown[-4:] == lines
    text = "\n".join(shown).replace("西校区综合楼服务大厅", "").replace("Service hall", "")
    assert not HALL_WORDS.search(text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_without_stations_a_scheduled_procedure_has_no_hall_words(lang: Lang) -> None:
    """With sessions too, the hours line of a procedure without stations names no hall."""
    text = NO_STATIONS_SCHEDULE + (
        "  sessions:\n    - {date: 2024-06-26, start: 9:00, end: 12:00, who: {}}\n"
    )
    shown = "\n".join(render(render_workflow(load_workflow_text(text), lang)))
    shown = shown.replace("西校区综合楼服务大厅", "").replace("Service hall", "")
    assert not HALL_WORDS.search(shown)
    assert (
        "Service hours: Mon–Fri 9:00–16:30" if lang == "en" else "办理时间：周一至周五 9:00–16:30"
    ) in shown
