"""Moving a case onto revised rules: its actions done again, renamed, with a migrate event."""

from __future__ import annotations

from typing import Any

import pytest

from clearflow.engine import (
    Action,
    Case,
    Engine,
    Renames,
    actions_of,
    moved,
    rebuild,
    replay,
    snapshot,
)
from clearflow.errors import CaseDataError, InputError
from support import at, engine_2014, staff
from support.cases import hall_case, refused_case, released_case
from support.revised import revised_engine

REGISTRY = staff("student_affairs", "R01")


def state(case: Case) -> dict[str, Any]:
    """What a move must keep or change: the snapshot without events, version or digest."""
    data = snapshot(case, events=False)
    del data["version"], data["workflow"]
    return data


def move(case: Case, engine: Engine, **given: Any) -> Case:
    _, actions = actions_of(case.engine, case.student_id, case.events, case.name)
    return moved(case, actions, engine, by=REGISTRY, why="loan rule", at=at(7, 7), **given)


def rules_of(*engines: Engine) -> Any:
    table = {engine.workflow.digest: engine for engine in engines}
    return table.__getitem__


def test_renames_are_one_to_one_and_invert() -> None:
    renames = Renames(steps={"a": "b"}, offices={"x": "y"})
    assert renames.inverse() == Renames(steps={"b": "a"}, offices={"y": "x"})
    assert renames.to_dict() == {"steps": {"a": "b"}, "offices": {"x": "y"}}
    assert Renames().to_dict() is None
    assert Renames.of(renames.to_dict()) == renames
    with pytest.raises(InputError, match="two steps are renamed to one id"):
        Renames(steps={"a": "c", "b": "c"})


def test_a_move_onto_rules_that_change_nothing_for_the_student_keeps_the_state() -> None:
    case = refused_case()
    new = move(case, revised_engine(loan=True))
    assert new.engine is revised_engine(loan=True)
    assert state(new) == {
        **state(case),
        "student": {**state(case)["student"], "facts": {**case.facts, "student_loan": False}},
    }
    assert new.version == case.version + 1
    event = new.events[-1]
    assert (event.action, event.seq, event.reason) == (
        Action.MIGRATE,
        case.version + 1,
        "loan rule",
    )
    assert event.rules_from == engine_2014().workflow.digest
    assert event.digest == revised_engine(loan=True).workflow.digest
    assert (event.office, event.staff) == ("student_affairs", "R01")


def test_a_loan_holder_gets_the_new_step_and_a_hall_case_cannot_move() -> None:
    case = refused_case()
    new = move(case, revised_engine(loan=True), facts={"student_loan": True})
    assert new.facts["student_loan"] is True
    assert str(new.status("loan_confirmed")) == "pending"
    assert new.events[-1].facts == {"student_loan": True}
    inside = hall_case()  # already at a station: the new prerequisite is not settled
    with pytest.raises(CaseDataError, match=r"cannot move event \d+ \(clear checklist_issued\)"):
        move(inside, revised_engine(loan=True), facts={"student_loan": True})


def test_renamed_steps_keep_their_records_and_dropped_steps_are_left_out() -> None:
    case = refused_case()
    case.clear("logistics_cleared", staff("logistics"), at=at(7, 2))
    engine = revised_engine(rename_library=True, drop_logistics=True)
    new = move(case, engine, renames=Renames(steps={"library_cleared": "library_returned"}))
    assert new.records["library_returned"].reason == "2 books not returned"
    assert "library_cleared" not in new.records
    assert "logistics_cleared" not in new.records
    _, actions = actions_of(case.engine, case.student_id, case.events, case.name)
    _, left_out = rebuild(engine, case.student_id, actions, name=case.name)
    assert [event.step for event in left_out] == ["library_cleared", "logistics_cleared"]


def test_replaying_a_moved_history_gives_the_moved_case() -> None:
    case = refused_case()
    engine = revised_engine(loan=True, rename_library=True)
    new = move(
        case,
        engine,
        renames=Renames(steps={"library_cleared": "library_returned"}),
        facts={"student_loan": True},
    )
    new.clear("library_returned", staff("library", "L03"), at=at(7, 8))
    history = [*case.events, *new.events]
    again = replay(engine_2014(), case.student_id, history, case.name, rules=rules_of(engine))
    assert snapshot(again) == snapshot(new) | {"events": [e.to_dict() for e in history]}
    with pytest.raises(CaseDataError, match="finish it on the workflow it started on"):
        replay(engine_2014(), case.student_id, history, case.name)


def test_moving_back_restores_the_case_exactly() -> None:
    """Undo: the move back with the inverse renames gives the state before the move."""
    case = refused_case()
    case.clear("logistics_cleared", staff("logistics"), at=at(7, 2))
    engine = revised_engine(loan=True, rename_library=True, drop_logistics=True)
    renames = Renames(steps={"library_cleared": "library_returned"})
    there = move(case, engine, renames=renames, facts={"student_loan": True})
    history = [*case.events, *there.events]
    rules = rules_of(engine_2014(), engine)
    _, actions = actions_of(engine_2014(), case.student_id, history, case.name, rules=rules)
    back = moved(there, actions, engine_2014(), renames=renames.inverse(), by=REGISTRY, why="undo")
    assert state(back) == state(case)  # the dropped logistics record and the facts come back
    assert back.version == case.version + 2


def test_a_released_case_keeps_its_rules() -> None:
    with pytest.raises(InputError, match="has been released"):
        move(released_case(), revised_engine(loan=True))


def test_a_move_does_not_check_past_actors_against_todays_roster() -> None:
    """Who may act was checked when they acted; a roster that lost them moves the case."""
    from clearflow.engine import Actor
    from support.roster import BUSINESS, engine

    before = engine(roster=None).start("2021001", BUSINESS, name="张三", at=at(6, 1))
    before.clear("fees_paid", Actor(office="finance", staff="F9999"), at=at(6, 2))
    with_roster = engine()
    new = moved(before, before.events, with_roster, by=REGISTRY, why="roster", at=at(6, 3))
    assert new.records["fees_paid"].staff == "F9999"
    assert new.engine is with_roster
