"""Where and when in show and walk: offices with places and hours, the hall's hours, a
schedule with only its days, and a procedure without a hall that never speaks of one."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import attrs
import pytest
from rich.console import Console, RenderableType

from clearflow import Engine, load_workflow
from clearflow._i18n import Lang
from clearflow.console._where_view import hours_lines
from clearflow.console.walkthrough import PromptAnswerer, ScriptedAnswerer, Walkthrough
from clearflow.console.workflow_view import render_workflow
from clearflow.spec import Break, Hours
from clearflow.words import Words

ROOT = Path(__file__).resolve().parents[2]
WHERE = ROOT / "tests" / "fixtures" / "where"
NO_HALL = load_workflow(WHERE / "no-hall.yaml")
DAYS_ONLY = load_workflow(WHERE / "days-only.yaml")
HALL_WORDS = re.compile(r"hall|Hall|Station|Session|大厅|站|时段")


def render(renderable: RenderableType) -> list[str]:
    """The renderable's lines at width 100, trailing spaces dropped."""
    console = Console(file=io.StringIO(), width=100)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "  Office           Place                                 Hours",
                "  Finance Office   Room 102, East campus (East campus)   "
                "Mon–Fri 8:30–12:00, 14:30–17:30; Sat",
                "                   Service hall, West campus             9:00–12:00",
            ],
        ),
        (
            "zh",
            [
                "  部门         地点                          时间",
                "  计划财务处   东校区行政楼102室（东校区）   "
                "周一至周五 8:30–12:00, 14:30–17:30；周六 9:00–12:00",
                "               西校区综合楼服务大厅",
            ],
        ),
    ],
)
def test_show_lists_offices_with_places_per_who_and_hours(lang: Lang, lines: list[str]) -> None:
    """Each office that says where or when: its places (with whom each is for) and hours."""
    shown = render(render_workflow(NO_HALL, lang))
    start = shown.index(lines[0])
    assert shown[start : start + 4] == [lines[0], shown[start + 1], *lines[1:]]


def test_show_leaves_out_offices_that_say_neither_where_nor_when() -> None:
    """The library gives no place or hours: it is not a row of the offices table."""
    shown = render(render_workflow(NO_HALL, "en"))
    table = shown[shown.index("Offices") :]
    assert not any(line.strip().startswith("Library") for line in table[:8])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_show_without_a_hall_has_no_station_or_hall_words(lang: Lang) -> None:
    """No stations, no schedule: no stations table, no schedule, no hall wording."""
    shown = "\n".join(render(render_workflow(NO_HALL, lang)))
    text = shown.replace("西校区综合楼服务大厅", "").replace("Service hall, West campus", "")
    assert not HALL_WORDS.search(text)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "en",
            [
                "Schedule — Library hall",
                "Service days: 2024-06-26 – 2024-06-28",
                "Hall hours: Mon–Fri 9:00–11:30, 14:00–17:00",
                "no sessions in the schedule yet",
            ],
        ),
        (
            "zh",
            [
                "时段安排 — 图书馆一楼大厅",
                "办理日期：2024-06-26 至 2024-06-28",
                "大厅办理时间：周一至周五 9:00–11:30, 14:00–17:00",
                "时段安排中暂无时段",
            ],
        ),
    ],
)
def test_a_schedule_with_only_its_days_is_shown(lang: Lang, lines: list[str]) -> None:
    """No sessions yet: the schedule's place, first and last day and hours all the same."""
    assert render(render_workflow(DAYS_ONLY, lang))[-4:] == lines


@pytest.mark.parametrize(("lang", "place"), [("en", "Place: Window 2"), ("zh", "地点：2号窗口")])
def test_a_stations_place_is_shown_with_the_station(lang: Lang, place: str) -> None:
    """A station's place: key reads beside what it checks."""
    assert any(place in line for line in render(render_workflow(DAYS_ONLY, lang)))


def test_the_2014_show_gives_the_hall_hours() -> None:
    """The hall's hours follow the sessions: a lunch break on the two days it has afternoon ones."""
    workflow = load_workflow(ROOT / "workflows" / "gyvtc-2014.yaml")
    shown = render(render_workflow(workflow, "zh"))
    assert (
        "大厅办理时间：周一至周五 9:00–16:30；周一至周五 9:00–12:00, 13:00–16:30"
        "（2014-07-10 至 2014-07-11）"
    ) in shown


def walk(lang: Lang, *, yes: bool) -> list[str]:
    """王芳 (west campus) walked through the procedure without a hall."""
    console = Console(file=io.StringIO(), width=100)
    case = Engine(NO_HALL).start("2024001", {"campus": "west"}, name="王芳")
    at = dt.datetime(2024, 6, 20, 10)
    Walkthrough(case, ScriptedAnswerer({}, yes=yes), console, lang=lang, at=at).run()
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


def panel_lines(lines: list[str], title: str) -> list[str]:
    """The text lines inside the first panel whose top border holds ``title``."""
    start = next(index for index, line in enumerate(lines) if "╭" in line and title in line)
    body: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("╰"):
            return body
        body.append(line.strip().strip("│").rstrip())
    raise AssertionError(f"panel {title!r} is not closed")


@pytest.mark.parametrize(
    ("lang", "title", "lines"),
    [
        (
            "en",
            "Leaving, office by office",
            [
                " Student: 王芳 (2024001)",
                " West campus",
                " Next: Fees paid — Finance Office · Service hall, West campus · "
                "Mon–Fri 8:30–12:00, 14:30–17:30;",
                " Sat 9:00–12:00",
            ],
        ),
        (
            "zh",
            "各部门分别办理的离校手续",
            [
                " 学生：王芳 (2024001)",
                " 西校区",
                " 下一步：结清学费 — 计划财务处 · 西校区综合楼服务大厅 · "
                "周一至周五 8:30–12:00, 14:30–17:30；周六",
                " 9:00–12:00",
            ],
        ),
    ],
)
def test_the_walk_header_says_where_and_when_the_student_goes_next(
    lang: Lang, title: str, lines: list[str]
) -> None:
    """The first open prerequisite's office, place and hours; no session line without a hall."""
    assert panel_lines(walk(lang, yes=False), title) == lines


@pytest.mark.parametrize(
    ("lang", "title", "lines"),
    [
        (
            "en",
            "Blocked",
            [
                " ✗ 计划财务处 / Finance Office: pending: Fees paid",
                "   Service hall, West campus · Mon–Fri 8:30–12:00, 14:30–17:30; Sat 9:00–12:00",
                " ✗ 图书馆 / Library: pending: Books returned",
            ],
        ),
        (
            "zh",
            "未能办结",
            [
                " ✗ 计划财务处：待办理：结清学费",
                "   西校区综合楼服务大厅 · 周一至周五 8:30–12:00, 14:30–17:30；周六 9:00–12:00",
                " ✗ 图书馆：待办理：归还图书",
            ],
        ),
    ],
)
def test_every_blocker_says_where_and_when(lang: Lang, title: str, lines: list[str]) -> None:
    """Each blocker line is followed by its place and hours, when its office gives them."""
    assert panel_lines(walk(lang, yes=False), title) == lines


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_walk_without_a_hall_has_no_station_or_hall_words(lang: Lang) -> None:
    """All the way to release: no stations line, no session, no hall."""
    text = "\n".join(walk(lang, yes=True))
    text = text.replace("西校区综合楼服务大厅", "").replace("Service hall, West campus", "")
    assert not HALL_WORDS.search(text)


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("en", "Fees paid · Finance Office · Room 102, East campus · Mon–Fri 8:30–12:00, "),
        (
            "zh",
            "结清学费 · 计划财务处 · 东校区行政楼102室 · 周一至周五 8:30–12:00, 14:30–17:30；周",
        ),
    ],
)
def test_the_prompt_names_where_and_when_a_prerequisite_is_done(
    monkeypatch: pytest.MonkeyPatch, lang: Lang, heading: str
) -> None:
    """Asked at the console, a prerequisite shows its office's place and hours."""
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    output = io.StringIO()
    case = Engine(NO_HALL).start("2024001", {"campus": "east"})
    PromptAnswerer(Console(file=output, width=100), lang).decide(case, NO_HALL.step("fees"))
    assert output.getvalue().startswith(heading)


def test_show_gives_dated_hours_and_hours_for_some_students_a_line_each() -> None:
    """Breaks split a range; an entry limited to dates or to a batch says so on its own line."""
    east = NO_HALL.office("finance").places[0].who  # campus: east
    usual = Hours(
        open=dt.time(8, 30),
        close=dt.time(17, 30),
        breaks=(Break(start=dt.time(12), end=dt.time(14, 30)),),
    )
    summer = Hours(
        open=dt.time(8), close=dt.time(12), since=dt.date(2024, 7, 1), until=dt.date(2024, 8, 31)
    )
    saturday = Hours(days=("sat",), open=dt.time(9), close=dt.time(11), who=east)
    office = attrs.evolve(NO_HALL.office("finance"), hours=(usual, summer, saturday))
    assert hours_lines(office.hours, Words(NO_HALL, "en")).splitlines() == [
        "Mon–Fri 8:30–12:00, 14:30–17:30",
        "Mon–Fri 8:00–12:00 (on 2024-07-01 – 2024-08-31)",
        "Sat 9:00–11:00 (for East campus)",
    ]
    assert hours_lines(office.hours, Words(NO_HALL, "zh")).splitlines() == [
        "周一至周五 8:30–12:00, 14:30–17:30",
        "周一至周五 8:00–12:00（2024-07-01 至 2024-08-31）",
        "周六 9:00–11:00（适用：东校区）",
    ]
