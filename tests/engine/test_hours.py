"""Hours enforced: an action outside the hours (or the student's session) is flagged or refused."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow import load_workflow_text
from clearflow.engine import Actor, Case, Engine, load_case, restore, save_case, snapshot
from clearflow.errors import ActionError, CaseDataError
from clearflow.spec import is_open, sessions_for

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
HOURS = """\
clearflow: 1
id: hours-2014
title: Hours
timezone: Asia/Shanghai
offices:
  finance:
    en: Finance Office
    off_hours: block
    hours:
      - {open: 8:30, close: 17:30, breaks: [{start: 12:00, end: 14:30}]}
      - {days: [sat, sun], open: 9:00, close: 12:00, from: 2014-07-12, until: 2014-07-13}
  library:
    en: Library
    hours:
      - {days: mon-sun, open: 8:00, close: 20:00}
      - {days: mon-sun, open: 14:00, close: 17:00, from: 2014-12-01, until: 2014-12-31,
         who: {batch: december}}
  department:
    en: Department
    hours: [{open: 9:00, close: 16:30}]
    off_hours: block
facts:
  batch: {type: choice, values: [june, december], en: Batch}
prerequisites:
  - {id: fees_paid, office: finance, en: Fees paid}
  - {id: late_slip, office: finance, en: Late slip, off_hours: flag}
  - {id: books_returned, office: library, en: Books returned}
stations:
  - {id: checklist, office: department, en: Checklist}
  - {id: hand_over, office: department, en: Hand over}
documents:
  - {id: diploma, en: Diploma, office: department}
schedule:
  hours:
    - {open: 9:00, close: 16:30, breaks: [{start: 12:00, end: 13:00}]}
  own_session: block
  sessions:
    - {date: 2014-07-10, start: 9:00, end: 12:00, who: {batch: june}}
"""
ENGINE = Engine(load_workflow_text(HOURS, "hours.yaml"))
FINANCE = Actor(office="finance", staff="F01")
LIBRARY = Actor(office="library", staff="L01")
DEPARTMENT = Actor(office="department", staff="D01")


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in 2014, Asia/Shanghai."""
    return dt.datetime(2014, month, day, hour, minute, tzinfo=ZONE)


def start(batch: str = "june") -> Case:
    """A new case of the given batch."""
    return ENGINE.start(f"s-{batch}", {"batch": batch}, at=at(7, 1, 9))


def in_hall(batch: str = "june") -> Case:
    """A case whose prerequisites are all cleared in hours."""
    case = start(batch)
    for step in ("fees_paid", "late_slip"):
        case.clear(step, FINANCE, at=at(7, 7, 9))
    case.clear("books_returned", LIBRARY, at=at(7, 7, 9))
    return case


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (
            at(7, 10, 13),
            "cannot clear 'fees_paid' now: office 'finance' is open 8:30–12:00, 14:30–17:30 "
            "on Thursday",
        ),
        (at(7, 10, 8, 29), None),
        (at(7, 10, 17, 30), None),
        (at(7, 5, 10), "cannot clear 'fees_paid' now: office 'finance' is closed on Saturday"),
        (
            at(7, 12, 13),
            "cannot clear 'fees_paid' now: office 'finance' is open 9:00–12:00 on Saturday",
        ),
    ],
    ids=["lunch break", "before opening", "at closing", "weekend", "dated weekend afternoon"],
)
def test_an_office_that_blocks_refuses_outside_its_hours(
    moment: dt.datetime, message: str | None
) -> None:
    """Breaks, closing time (exclusive), closed days and dated entries are refused, saying when
    the office is open; the case is left as it was."""
    case = start()
    with pytest.raises(ActionError) as raised:
        case.clear("fees_paid", FINANCE, at=moment)
    if message is not None:
        assert str(raised.value) == message
    else:
        assert "office 'finance'" in str(raised.value)
    assert case.status("fees_paid") == "pending"
    assert len(case.events) == 1


def test_a_dated_entry_replaces_the_undated_hours_on_its_days() -> None:
    """On 2014-07-12 (a Saturday with a dated entry) finance serves from 9:00 to 12:00."""
    case = start()
    event = case.clear("fees_paid", FINANCE, at=at(7, 12, 10))
    assert not event.off_hours


def test_a_step_may_flag_what_its_office_blocks() -> None:
    """``off_hours: flag`` on a step records an action at 20:00 instead of refusing it, on the
    event and the step record; in hours nothing is marked."""
    case = start()
    event = case.clear("late_slip", FINANCE, at=at(7, 10, 20))
    assert event.off_hours
    assert case.records["late_slip"].off_hours
    assert event.to_dict()["off_hours"] is True
    on_time = case.refuse("fees_paid", FINANCE, "slip missing", at=at(7, 10, 9))
    assert not on_time.off_hours
    assert "off_hours" not in on_time.to_dict()


@pytest.mark.parametrize(("batch", "flagged"), [("december", True), ("june", False)])
def test_hours_for_a_batch_apply_to_its_students_only(batch: str, flagged: bool) -> None:
    """In December the December batch is served 14:00-17:00 (flagged at 10:00); June students
    keep the undated hours."""
    case = start(batch)
    assert case.clear("books_returned", LIBRARY, at=at(12, 3, 10)).off_hours is flagged


def test_a_station_outside_the_students_session_is_refused() -> None:
    """With ``own_session: block``, a June student is served on 2014-07-10 9:00-12:00 only."""
    case = in_hall()
    with pytest.raises(ActionError) as raised:
        case.clear("checklist", DEPARTMENT, at=at(7, 10, 14))
    assert str(raised.value) == (
        "cannot clear 'checklist' now: outside the student's session 2014-07-10 9:00–12:00"
    )
    assert not case.clear("checklist", DEPARTMENT, at=at(7, 10, 11, 59)).off_hours


def test_a_student_with_no_session_is_held_to_the_hall_hours_only() -> None:
    """A December student (no session) is served any day the hall is open; in its lunch break
    the action is flagged (the hall's ``off_hours`` is flag)."""
    case = in_hall("december")
    assert not case.clear("checklist", DEPARTMENT, at=at(7, 11, 10)).off_hours
    assert case.clear("hand_over", DEPARTMENT, at=at(7, 11, 12, 30)).off_hours


def test_release_follows_the_releasing_offices_hours() -> None:
    """The department hands over documents 9:00-16:30 and blocks outside."""
    case = in_hall("december")
    for step in ("checklist", "hand_over"):
        case.clear(step, DEPARTMENT, at=at(7, 11, 10))
    with pytest.raises(ActionError) as raised:
        case.release(DEPARTMENT, at=at(7, 11, 17))
    assert str(raised.value) == (
        "cannot release now: office 'department' is open 9:00–16:30 on Friday"
    )
    case.release(DEPARTMENT, at=at(7, 11, 16))
    assert case.is_released


def test_the_flag_survives_a_snapshot_and_old_snapshots_read_false() -> None:
    """A restored case keeps ``off_hours`` on its records; a record without it reads False."""
    case = start()
    case.clear("late_slip", FINANCE, at=at(7, 10, 20))
    data = snapshot(case)
    assert data["steps"]["late_slip"]["off_hours"] is True
    assert restore(ENGINE, data).records == case.records
    del data["steps"]["late_slip"]["off_hours"]
    assert not restore(ENGINE, data).records["late_slip"].off_hours


def test_refusals_say_when_in_chinese() -> None:
    """The refusal reads in Chinese with the weekday and the office."""
    case = start()
    with pytest.raises(ActionError) as raised:
        case.clear("fees_paid", FINANCE, at=at(7, 5, 10))
    assert raised.value.said.text("zh") == (
        "现在不能办结 'fees_paid'：部门 'finance'（星期六）不办公"
    )


def test_a_case_file_keeps_the_flag_and_refuses_a_wrong_value(tmp_path: Path) -> None:
    """Saved and loaded, the off-hours clearance is still flagged; 'yes' is not true or false."""
    case = start()
    case.clear("late_slip", FINANCE, at=at(7, 10, 20))
    path = tmp_path / "s-june.jsonl"
    save_case(path, case)
    events = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    assert [event.get("off_hours") for event in events] == [None, True]
    loaded = load_case(path, ENGINE)
    assert loaded.events[-1].off_hours
    assert loaded.records["late_slip"].off_hours
    text = path.read_text(encoding="utf-8").replace('"off_hours": true', '"off_hours": "yes"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CaseDataError, match="off_hours"):
        load_case(path, ENGINE)


BLOCKING = Engine(
    load_workflow_text(
        HOURS.replace(", off_hours: flag}", "}")
        .replace(
            "  library:\n    en: Library\n", "  library:\n    en: Library\n    off_hours: block\n"
        )
        .replace("  own_session: block\n", "  own_session: block\n  off_hours: block\n"),
        "blocking.yaml",
    )
)
MOMENTS = st.builds(
    lambda day, minutes: (
        dt.datetime(2014, 7, 5, tzinfo=ZONE) + dt.timedelta(days=day, minutes=minutes)
    ),
    st.integers(0, 9),
    st.integers(0, 24 * 4 - 1).map(lambda quarter: quarter * 15),
)
STEPS = ("fees_paid", "late_slip", "books_returned", "checklist", "hand_over", "release")


def kept(case: Case, office: str, step: str | None, moment: dt.datetime) -> bool:
    """Whether ``moment`` is inside the hours (and, at a station, the session) that apply."""
    workflow = case.engine.workflow
    local = moment.astimezone(ZONE).replace(tzinfo=None)
    schedule = workflow.schedule
    assert schedule is not None
    if step in ("checklist", "hand_over"):
        sessions = sessions_for(workflow, case.facts)
        in_session = not sessions or any(
            item.date == local.date() and item.start <= local.time() < item.end for item in sessions
        )
        return in_session and is_open(schedule.hours, local, case.facts)
    hours = next(item.hours for item in workflow.offices if item.id == office)
    return is_open(hours, local, case.facts)


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(
    st.sampled_from(["june", "december"]),
    st.lists(st.tuples(st.sampled_from(STEPS), MOMENTS, st.booleans()), max_size=25),
)
def test_with_block_no_action_is_recorded_outside_hours_or_session(
    batch: str, moves: list[tuple[str, dt.datetime, bool]]
) -> None:
    """With every policy ``block``, no sequence of clearances, refusals and releases records an
    event outside its hours or the student's own session."""
    case = BLOCKING.start("s", {"batch": batch}, at=at(7, 1, 9))
    for step, moment, refuse in moves:
        office = BLOCKING.steps[step].office if step != "release" else "department"
        actor = Actor(office=office, staff="S1")
        with contextlib.suppress(ActionError):
            if step == "release":
                case.release(actor, at=moment)
            elif refuse:
                case.refuse(step, actor, "not yet", at=moment)
            else:
                case.clear(step, actor, at=moment)
    for event in case.events[1:]:
        assert not event.off_hours
        assert kept(case, event.office, event.step, event.at)
