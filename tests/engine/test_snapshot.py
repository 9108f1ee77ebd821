"""Snapshots, restore and replay: plain data that gives the same case back.

Case files are tested in test_case_file.py and test_case_file_hostile.py.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest

from clearflow import load_workflow_text
from clearflow.engine import Case, Engine, Event, replay, restore, snapshot
from clearflow.errors import CaseDataError
from support import (
    WORKFLOW_2014,
    drive,
    engine_2014,
)
from support.cases import CASE_IDS, CASES, hall_case, refused_case


@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_snapshot_is_json_serialisable(make: Callable[[], Case]) -> None:
    """A snapshot survives a json.dumps/json.loads round trip unchanged."""
    data = snapshot(make())
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_snapshot_holds_the_whole_case() -> None:
    """A snapshot names the workflow version, the student, phase, steps, documents and events."""
    case = refused_case()
    data = snapshot(case)
    workflow = engine_2014().workflow
    assert data["clearflow_case"] == 1
    assert data["workflow"] == {"id": "gyvtc-2014", "digest": workflow.digest}
    assert data["student"]["id"] == "2014001"
    assert data["student"]["name"] == "张三"
    assert data["phase"] == "preparing"
    assert data["steps"]["library_cleared"] == {
        "status": "refused",
        "office": "library",
        "staff": "L03",
        "at": "2014-07-02T10:00:00+08:00",
        "reason": "2 books not returned",
    }
    assert data["steps"]["dormitory_cleared"]["late"] is True
    assert data["steps"]["party_transfer"]["outcome"] == "held_by_branch"
    assert data["documents"] is None
    assert [event["seq"] for event in data["events"]] == [1, 2, 3, 4]


@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_restore_equals_the_original(make: Callable[[], Case]) -> None:
    """Restoring a snapshot gives a case with the same snapshot, without replaying."""
    case = make()
    data = snapshot(case)
    restored = restore(engine_2014(), json.loads(json.dumps(data)))
    assert snapshot(restored) == data
    assert restored.phase == case.phase
    assert restored.documents == case.documents


@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_replay_equals_the_original(make: Callable[[], Case]) -> None:
    """Replaying a case's events rebuilds the same case."""
    case = make()
    rebuilt = replay(engine_2014(), case.student_id, case.events, name=case.name)
    assert snapshot(rebuilt) == snapshot(case)


@pytest.mark.parametrize("make", CASES, ids=CASE_IDS)
def test_replay_of_stored_events_equals_the_original(make: Callable[[], Case]) -> None:
    """Events read back from JSON replay to the same case."""
    case = make()
    stored = json.loads(json.dumps(snapshot(case)))["events"]
    events = [Event.from_dict(item) for item in stored]
    rebuilt = replay(engine_2014(), case.student_id, events, name=case.name)
    assert snapshot(rebuilt) == snapshot(case)


def test_snapshot_shares_no_data_with_the_case() -> None:
    """Changing a snapshot, or the data a case was restored from, leaves the case alone."""
    case = refused_case()
    data = snapshot(case)
    expected = copy.deepcopy(data)
    data["events"][0]["facts"]["program"] = "secondary_vocational"
    data["student"]["facts"]["program"] = "secondary_vocational"
    assert snapshot(case) == expected
    source = copy.deepcopy(expected)
    restored = restore(engine_2014(), source)
    source["events"][0]["facts"]["program"] = "secondary_vocational"
    assert snapshot(restored) == expected


def test_restored_case_can_be_driven_on() -> None:
    """A restored case continues where the original stopped."""
    case = hall_case()
    restored = restore(engine_2014(), snapshot(case))
    drive(restored)
    drive(case)
    assert snapshot(restored) == snapshot(case)


# -- another workflow version --------------------------------------------------------


@pytest.fixture(scope="module")
def edited() -> Engine:
    """An engine for the 2014 workflow after a rule edit (same id, another digest)."""
    text = WORKFLOW_2014.read_text(encoding="utf-8").replace(
        "date: 2014-07-04\n    late: block", "date: 2014-07-05\n    late: block"
    )
    return Engine(load_workflow_text(text, "gyvtc-2014.yaml"))


def test_restore_refuses_a_case_of_another_digest(edited: Engine) -> None:
    """A snapshot taken on another version of the workflow is refused, naming both digests."""
    old = engine_2014().workflow.digest
    new = edited.workflow.digest
    assert old != new
    with pytest.raises(CaseDataError) as caught:
        restore(edited, snapshot(refused_case()))
    assert str(caught.value) == (
        f"case: the case was started on workflow 'gyvtc-2014' (digest {old[:12]}), "
        f"not on 'gyvtc-2014' (digest {new[:12]}); finish it on the workflow it started on"
    )


def test_replay_refuses_events_of_another_digest(edited: Engine) -> None:
    """Events recorded on another version of the workflow are not replayed."""
    case = refused_case()
    with pytest.raises(CaseDataError) as caught:
        replay(edited, case.student_id, case.events)
    assert str(caught.value).startswith("event: the case was started on workflow 'gyvtc-2014'")
    assert engine_2014().workflow.digest[:12] in str(caught.value)
    assert edited.workflow.digest[:12] in str(caught.value)


def test_replay_needs_a_start_event() -> None:
    """Replay refuses an event list that does not begin with the start."""
    case = refused_case()
    with pytest.raises(CaseDataError) as caught:
        replay(engine_2014(), case.student_id, case.events[1:])
    assert str(caught.value) == "cannot replay: the first event must be the start, with facts"
    with pytest.raises(CaseDataError):
        replay(engine_2014(), case.student_id, [])


def test_replay_reports_an_event_that_cannot_be_performed() -> None:
    """An event the procedure refuses on replay is a CaseDataError naming the event."""
    case = refused_case()
    events = list(case.events)
    events[1] = attrs.evolve(events[1], office="finance")
    with pytest.raises(CaseDataError) as caught:
        replay(engine_2014(), case.student_id, events)
    assert str(caught.value) == (
        "cannot replay event 2 (refuse library_cleared): cannot refuse 'library_cleared': "
        "it belongs to office 'library', not 'finance'"
    )


def test_replay_reports_bad_start_facts() -> None:
    """A start event with facts the workflow refuses is a CaseDataError, not a FactError."""
    case = refused_case()
    start_event = attrs.evolve(case.events[0], facts={"program": "college"})
    with pytest.raises(CaseDataError, match=r"^cannot replay event 1 \(start\): invalid student"):
        replay(engine_2014(), case.student_id, [start_event, *case.events[1:]])


def test_replay_reports_missing_events() -> None:
    """A gap in the sequence numbers is reported, not silently renumbered."""
    case = refused_case()
    events = [case.events[0], *case.events[2:]]
    with pytest.raises(CaseDataError) as caught:
        replay(engine_2014(), case.student_id, events)
    assert str(caught.value) == (
        "cannot replay: event 2 is numbered 3 (events are missing or out of order)"
    )


def test_replay_refuses_a_second_start() -> None:
    """A start event in the middle of the log is refused."""
    case = refused_case()
    second = attrs.evolve(case.events[0], seq=2)
    events = [case.events[0], second]
    with pytest.raises(CaseDataError) as caught:
        replay(engine_2014(), case.student_id, events)
    assert str(caught.value) == "cannot replay: a second start event (seq 2)"


# -- malformed data -------------------------------------------------------------------


def drop(*path: str) -> Callable[[dict[str, Any]], None]:
    """A mutation deleting one key at a path."""

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def put(value: Any, *path: str) -> Callable[[dict[str, Any]], None]:
    """A mutation setting one key at a path."""

    def mutate(data: dict[str, Any]) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


MALFORMED: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "no workflow": (drop("workflow"), "case: malformed case data (KeyError: 'workflow')"),
    "no student": (drop("student"), "case: malformed case data (KeyError: 'student')"),
    "no student id": (drop("student", "id"), "case: malformed case data (KeyError: 'id')"),
    "no facts": (drop("student", "facts"), "case: malformed case data (KeyError: 'facts')"),
    "no phase": (drop("phase"), "case: malformed case data (KeyError: 'phase')"),
    "no steps": (drop("steps"), "case: malformed case data (KeyError: 'steps')"),
    "no events": (drop("events"), "case: malformed case data (KeyError: 'events')"),
    "no record status": (
        drop("steps", "library_cleared", "status"),
        "case: malformed case data (KeyError: 'status')",
    ),
    "no event action": (
        lambda data: data["events"][1].pop("action"),
        "case: malformed case data (KeyError: 'action')",
    ),
    "bad phase": (put("lunch", "phase"), "case: unknown phase 'lunch'"),
    "unknown step": (
        lambda data: data["steps"].update(libary_cleared=data["steps"]["library_cleared"]),
        "case: unknown step 'libary_cleared'",
    ),
    "bad status": (
        put("approved", "steps", "library_cleared", "status"),
        "case: malformed case data (ValueError: 'approved' is not a valid StepStatus)",
    ),
    "bad time": (
        put("yesterday", "steps", "library_cleared", "at"),
        "case: malformed case data (ValueError: Invalid isoformat string: 'yesterday')",
    ),
    "bad facts": (
        put("college", "student", "facts", "program"),
        "case: invalid student facts: fact 'program' cannot be 'college' "
        "(expected higher_vocational, secondary_vocational)",
    ),
    "steps not a mapping": (
        put([], "steps"),
        "case: malformed case data (AttributeError: 'list' object has no attribute 'items')",
    ),
    "student not a mapping": (
        put("2014001", "student"),
        "case: malformed case data (TypeError: string indices must be integers, not 'str')",
    ),
    "workflow not a mapping": (
        put("gyvtc-2014", "workflow"),
        "case: malformed case data (AttributeError: 'str' object has no attribute 'get')",
    ),
    "documents not a list": (
        put("graduation_certificate", "documents"),
        "case: 'documents' must be a list or null",
    ),
    "events not a list": (
        put(None, "events"),
        "case: malformed case data (TypeError: 'NoneType' object is not iterable)",
    ),
}


@pytest.mark.parametrize("mutation", list(MALFORMED))
def test_malformed_data_raises_case_data_error(mutation: str) -> None:
    """Malformed snapshot data raises CaseDataError with the problem, never KeyError."""
    mutate, message = MALFORMED[mutation]
    data = copy.deepcopy(snapshot(refused_case()))
    mutate(data)
    with pytest.raises(CaseDataError) as caught:
        restore(engine_2014(), data)
    assert str(caught.value) == message


def test_data_that_is_not_a_mapping_raises_case_data_error() -> None:
    """A list where a snapshot should be is malformed data, not a crash."""
    with pytest.raises(CaseDataError, match=r"^case: malformed case data \(TypeError: "):
        restore(engine_2014(), [])  # type: ignore[arg-type]
