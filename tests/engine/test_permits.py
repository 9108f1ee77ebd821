"""Who may act, with a staff roster: each refusal in English and Chinese, the audit fields,
office accounts, and what stays as before without a roster."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from clearflow.engine import Actor, Engine, Event, load_case, replay, save_case
from clearflow.errors import NotPermittedError
from support.roster import BUSINESS, ROSTER, engine

AT = dt.datetime(2021, 6, 1, 9, 0)


def refusal(action: object) -> NotPermittedError:
    """The NotPermittedError an action raises."""
    with pytest.raises(NotPermittedError) as caught:
        action()  # type: ignore[operator]
    return caught.value


def test_staff_not_on_the_roster_is_refused() -> None:
    """An id the roster lacks may not act; the message says who may."""
    case = engine().start("2021001", BUSINESS, name="张三")
    error = refusal(lambda: case.clear("fees_paid", Actor(office="finance", staff="F9999")))
    assert str(error) == (
        "cannot clear 'fees_paid': 'F9999' is not on the staff roster; "
        "only staff of office 'finance' on it may act"
    )
    assert error.text("zh") == (
        "无法办结 'fees_paid'：'F9999' 不在工作人员名册上；"
        "只有名册上部门 'finance' 的工作人员可以办理"
    )
    assert len(case.events) == 1


def test_staff_of_another_office_is_refused() -> None:
    """A roster member acting as another office than their own is refused."""
    case = engine().start("2021001", BUSINESS)
    error = refusal(lambda: case.clear("fees_paid", Actor(office="finance", staff="R0001")))
    assert str(error) == (
        "cannot clear 'fees_paid': 'R0001' (周红) is on the staff roster for office 'registry'; "
        "only staff of office 'finance' may act"
    )
    assert error.text("zh") == (
        "无法办结 'fees_paid'：'R0001'（周红）在工作人员名册上属于部门 'registry'；"
        "只有部门 'finance' 的工作人员可以办理"
    )


def test_staff_of_another_unit_is_refused() -> None:
    """A scoped office's staff act only for students whose scope fact is their unit."""
    case = engine().start("2021001", BUSINESS, name="张三")
    error = refusal(lambda: case.waive("fees_paid", Actor(office="finance", staff="F2102"), "x"))
    assert str(error) == (
        "cannot waive 'fees_paid': only staff of office 'finance' with unit 'business' may act "
        "for 张三 (2021001) (school = business); 'F2102' is of unit 'arts'"
    )
    assert error.text("zh") == (
        "无法免办 'fees_paid'：只有部门 'finance' 中单位为 'business' 的工作人员可以为 "
        "张三 (2021001) 办理（school = business）；'F2102' 的单位是 'arts'"
    )


def test_only_the_named_person_may_act_on_a_bound_step() -> None:
    """A step bound to a person: another staff member of the office is refused."""
    case = engine().start("2021001", BUSINESS)
    error = refusal(
        lambda: case.refuse("thesis_signed", Actor(office="supervisor", staff="T0057"), "late")
    )
    assert str(error) == (
        "cannot refuse 'thesis_signed': only 'T0042' (the student's supervisor) may act "
        "for 2021001, not 'T0057'"
    )
    assert error.text("zh") == (
        "无法退回 'thesis_signed'：只有 'T0042'（该生的指导教师）可以为 2021001 办理，"
        "'T0057' 无权办理"
    )


def test_an_office_account_acts_for_its_office_but_not_on_a_bound_step() -> None:
    """office:<id> clears any of its office's steps, whatever the scope, but not a person's."""
    case = engine().start("2021001", {"school": "arts", "supervisor_id": "T0042"})
    event = case.clear("fees_paid", Actor(office="finance", staff="office:finance"), at=AT)
    assert (event.staff, event.staff_name, event.unit) == ("office:finance", None, None)
    error = refusal(
        lambda: case.clear("thesis_signed", Actor(office="supervisor", staff="office:supervisor"))
    )
    assert "only 'T0042' (the student's supervisor) may act" in str(error)
    other = engine().start("2021002", BUSINESS)
    error = refusal(
        lambda: other.clear("fees_paid", Actor(office="finance", staff="office:registry"))
    )
    assert "'office:registry' is not on the staff roster" in str(error)


def test_release_is_checked_against_the_roster() -> None:
    """Handing over documents needs a roster member of a releasing office."""
    case = engine().start("2021001", BUSINESS)
    case.clear("fees_paid", Actor(office="finance", staff="F2101"), at=AT)
    case.clear("thesis_signed", Actor(office="supervisor", staff="T0042"), at=AT)
    case.clear("registry_desk", Actor(office="registry", staff="R0001"), at=AT)
    error = refusal(lambda: case.release(Actor(office="registry", staff="F2101"), at=AT))
    assert str(error) == (
        "cannot release: 'F2101' (陈静) is on the staff roster for office 'finance'; "
        "only staff of office 'registry' may act"
    )
    assert error.text("zh").startswith("无法发放证书：'F2101'（陈静）")
    case.release(Actor(office="registry", staff="R0001"), at=AT)
    assert case.is_released


def test_the_verified_actor_is_in_the_event_and_survives_a_round_trip() -> None:
    """The staff member's name and unit are recorded; to_dict/from_dict keep them."""
    case = engine().start("2021001", BUSINESS)
    event = case.clear("fees_paid", Actor(office="finance", staff="F2101"), at=AT)
    assert (event.staff_name, event.unit) == ("陈静", "business")
    data = event.to_dict()
    assert (data["staff_name"], data["unit"]) == ("陈静", "business")
    assert Event.from_dict(data) == event
    thesis = case.clear("thesis_signed", Actor(office="supervisor", staff="T0042"), at=AT)
    assert (thesis.staff_name, thesis.unit) == ("赵明", None)
    assert "unit" not in thesis.to_dict()


def test_without_a_roster_anyone_of_the_office_acts_and_events_are_as_before() -> None:
    """No roster: the office alone is checked, and events carry no staff name or unit."""
    case = engine(None).start("2021001", BUSINESS)
    event = case.clear("fees_paid", Actor(office="finance", staff="anyone"), at=AT)
    case.clear("thesis_signed", Actor(office="supervisor", staff="T0057"), at=AT)
    assert "staff_name" not in event.to_dict()
    assert "unit" not in event.to_dict()
    assert (event.staff_name, event.unit) == (None, None)


def test_case_files_and_replay_keep_the_verified_actor(tmp_path: Path) -> None:
    """A case recorded with a roster saves, loads and replays on an engine with it."""
    with_roster = engine()
    case = with_roster.start("2021001", BUSINESS, at=AT)
    case.clear("fees_paid", Actor(office="finance", staff="F2101"), at=AT)
    case.clear("thesis_signed", Actor(office="supervisor", staff="T0042"), at=AT)
    path = tmp_path / "case.json"
    save_case(path, case)
    loaded = load_case(path, with_roster)
    assert loaded.events == case.events
    assert loaded.events[-1].staff_name == "赵明"
    again = replay(with_roster, case.student_id, case.events)
    assert again.events == case.events


def test_old_events_without_the_fields_load() -> None:
    """An event written before rosters (no staff_name, no unit) reads with both None."""
    data = {
        "seq": 2,
        "action": "clear",
        "at": "2021-06-01T09:00:00+08:00",
        "office": "finance",
        "staff": "F01",
        "workflow": "w",
        "digest": "d",
        "step": "fees_paid",
    }
    event = Event.from_dict(data)
    assert (event.staff_name, event.unit) == (None, None)
    assert event.to_dict() == data


def test_the_engine_keeps_its_roster() -> None:
    """Engine(workflow, roster) exposes the roster it checks against."""
    assert engine().roster is ROSTER
    assert Engine(engine().workflow).roster is None
