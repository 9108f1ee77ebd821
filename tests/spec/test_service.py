"""service_for: where and when a student is served for an office or a step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest

from clearflow import Service, load_workflow, load_workflow_text, service_for
from clearflow._i18n import as_lang
from clearflow.spec import Break, Hours, hours_on, week_text, weekly

ROOT = Path(__file__).resolve().parents[2]
OFFICES = load_workflow(ROOT / "examples" / "workflows" / "office-hours.yaml")
GYVTC = load_workflow(ROOT / "workflows" / "gyvtc-2014.yaml")
DAYS_ONLY = load_workflow(ROOT / "tests" / "fixtures" / "where" / "days-only.yaml")
NO_HALL = load_workflow(ROOT / "tests" / "fixtures" / "where" / "no-hall.yaml")
URBAN = {"program": "higher_vocational", "department": "urban_rural_planning"}


@pytest.mark.parametrize(
    ("campus", "lang", "line"),
    [
        (
            "east",
            "zh",
            "计划财务处 · 东校区行政楼102室 · 周一至周五 8:30–12:00, 14:30–17:30",
        ),
        (
            "west",
            "en",
            "Finance Office · Service hall, General Building, West campus · "
            "Mon–Fri 8:30–12:00, 14:30–17:30",
        ),
    ],
)
def test_an_office_is_at_the_place_whose_who_selects_the_student(
    campus: str, lang: str, line: str
) -> None:
    """The first place whose who selects the student, and the office's hours grouped."""
    assert service_for(OFFICES, "finance", {"campus": campus}).text(as_lang(lang)) == line


def test_a_prerequisite_is_served_where_its_office_is() -> None:
    """A step id gives its office's place and hours, and names the step."""
    service = service_for(NO_HALL, "fees", {"campus": "east"})
    assert service.step is not None
    assert service.step.id == "fees"
    assert service.office.id == "finance"
    assert service.text("zh") == (
        "计划财务处 · 东校区行政楼102室 · 周一至周五 8:30–12:00, 14:30–17:30；周六 9:00–12:00"
    )


def test_a_place_without_who_serves_everyone_else() -> None:
    """A place with no who is for every student an earlier place did not select."""
    assert service_for(NO_HALL, "finance", {"campus": "west"}).where("en") == (
        "Service hall, West campus · Mon–Fri 8:30–12:00, 14:30–17:30; Sat 9:00–12:00"
    )


def test_no_places_and_no_hours_give_none() -> None:
    """An office that says neither where nor when: place and hours None, the office alone."""
    service = service_for(NO_HALL, "books", {"campus": "east"}, day=dt.date(2024, 6, 20))
    assert (service.place, service.hours) == (None, None)
    assert service.text("en") == "Library"
    assert service.where("en") == ""


def test_weekdays_apart_are_listed_and_a_run_is_a_range() -> None:
    """Tue and Thu are a list (周二、周四); Sat and Sun a list of two."""
    security = service_for(OFFICES, "security", {"campus": "east"})
    assert security.when("zh") == "周二、周四 9:00–11:30, 14:30–16:30"
    library = service_for(OFFICES, "library", {"campus": "west"})
    assert library.when("en") == "Mon–Fri 8:00–11:30, 14:00–21:00; Sat, Sun 9:00–17:00"


def test_a_station_is_served_in_the_hall_in_the_students_own_session() -> None:
    """A station: the hall's place, and the student's session day and times."""
    service = service_for(GYVTC, "fees_confirmed", URBAN)
    assert service.place is not None
    assert service.place.en == "First-floor hall of the library"
    assert [session.date for session in service.sessions] == [dt.date(2014, 7, 10)]
    assert service.text("zh") == "计财处 · 图书馆一楼大厅 · 2014-07-10 星期四 9:00–12:00"


def test_on_a_day_a_station_is_open_only_in_the_students_session() -> None:
    """With a day, a student with a session is served in its times that day, else not at all."""
    on_day = service_for(GYVTC, "fees_confirmed", URBAN, day=dt.date(2014, 7, 10))
    assert on_day.hours == ((dt.time(9), dt.time(12)),)
    other = service_for(GYVTC, "fees_confirmed", URBAN, day=dt.date(2014, 7, 11))
    assert other.hours == ()
    assert other.when("en") == "closed on 2014-07-11 Fri"
    assert other.when("zh") == "2014-07-11 星期五 不办公"


def test_a_station_without_a_session_is_served_in_the_hall_hours_at_its_window() -> None:
    """No sessions: the hall's place, the station's window after it, the hall's hours."""
    service = service_for(DAYS_ONLY, "certificate", {})
    assert service.text("zh") == (
        "二级学院 · 图书馆一楼大厅 2号窗口 · 周一至周五 9:00–11:30, 14:00–17:00"
    )
    assert service.text("en") == (
        "School · Library hall Window 2 · Mon–Fri 9:00–11:30, 14:00–17:00"
    )


def test_a_student_served_elsewhere_is_told_where_and_no_hall_hours() -> None:
    """A student the schedule serves outside the hall (elsewhere:) gets those words, no hours."""
    facts = {"program": "secondary_vocational", "campus": "ergezhai"}
    service = service_for(GYVTC, "fees_confirmed", facts)
    assert GYVTC.schedule is not None
    assert service.place == GYVTC.schedule.elsewhere[0].label
    assert (service.sessions, service.week) == ((), ())


def test_breaks_and_dated_hours_come_from_hours_on() -> None:
    """A break splits a day; a dated entry replaces the undated hours on its days."""
    summer = Hours(
        days=("mon", "tue", "wed", "thu", "fri"),
        open=dt.time(8),
        close=dt.time(12),
        since=dt.date(2024, 7, 1),
        until=dt.date(2024, 8, 31),
    )
    usual = Hours(
        open=dt.time(8, 30),
        close=dt.time(17, 30),
        breaks=(Break(start=dt.time(12), end=dt.time(14, 30)),),
    )
    office = attrs.evolve(OFFICES.office("finance"), hours=(usual, summer))
    workflow = attrs.evolve(
        OFFICES, offices=tuple(office if o.id == "finance" else o for o in OFFICES.offices)
    )
    june = service_for(workflow, "finance", {"campus": "east"}, day=dt.date(2024, 6, 20))
    assert june.when("en") == "2024-06-20 Thu 8:30–12:00, 14:30–17:30"
    july = service_for(workflow, "finance", {"campus": "east"}, day=dt.date(2024, 7, 2))
    assert july.hours == hours_on(workflow.office("finance").hours, dt.date(2024, 7, 2), {})
    assert july.when("zh") == "2024-07-02 星期二 8:00–12:00"
    # Without a day, the week: the undated hours, breaks folded into ranges.
    assert week_text(weekly(office.hours), "en") == "Mon–Fri 8:30–12:00, 14:30–17:30"


def test_an_unknown_id_is_a_key_error() -> None:
    """Neither an office nor a step id."""
    with pytest.raises(KeyError):
        service_for(OFFICES, "nowhere", {})


def test_service_is_frozen() -> None:
    """A Service is a value: it cannot be changed."""
    service = service_for(OFFICES, "finance", {"campus": "east"})
    assert isinstance(service, Service)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        service.day = dt.date(2024, 1, 1)  # type: ignore[misc]


def test_a_stations_place_is_presentation_not_a_rule() -> None:
    """Moving a station to another window leaves the rules digest as it was."""
    text = (ROOT / "tests" / "fixtures" / "where" / "days-only.yaml").read_text(encoding="utf-8")
    moved = load_workflow_text(text.replace("2号窗口", "3号窗口").replace("Window 2", "Window 3"))
    assert moved.step("certificate").place != DAYS_ONLY.step("certificate").place
    assert moved.digest == DAYS_ONLY.digest
