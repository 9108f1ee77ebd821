"""The engine: one shared machine per workflow, phases and triggers from the YAML, fact checks."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import sys
import threading
from typing import Any

import pytest
import transitions

import clearflow.engine._engine as engine_module
from clearflow.engine import (
    ENTER_HALL,
    PREPARING,
    READY,
    RELEASE,
    RELEASED,
    Action,
    Case,
    Engine,
    replay,
    snapshot,
)
from clearflow.errors import FactError
from clearflow.spec.conditions import FactValue
from support import (
    EARLY,
    HALL_DAY,
    ZONE,
    at,
    engine_2014,
    hall_time,
    ids,
    profile,
    settle_prerequisites,
    staff,
    start,
    workflow_2014,
)

STATIONS_2014 = (
    "checklist_issued",
    "fees_confirmed",
    "card_and_dormitory",
    "employment_registered",
    "pass_and_household",
    "checklist_returned",
)


# -- one machine per workflow --------------------------------------------------


def test_engine_builds_exactly_one_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine builds one transitions Machine, and starting cases builds no more."""
    built: list[Any] = []
    original = transitions.Machine

    def counting(*args: Any, **kwargs: Any) -> Any:
        machine = original(*args, **kwargs)
        built.append(machine)
        return machine

    monkeypatch.setattr(engine_module, "Machine", counting)
    engine = Engine(workflow_2014())
    for number in range(50):
        start(engine=engine, student_id=f"s{number}")
    assert built == [engine.machine]


def test_cases_are_never_added_to_the_machine() -> None:
    """Starting 1000 cases leaves the shared machine without models (no add_model)."""
    engine = Engine(workflow_2014())
    cases = [start(engine=engine, student_id=f"2014{number:04}") for number in range(1000)]
    assert engine.machine.models == []
    assert {case.phase for case in cases} == {PREPARING}


def test_cases_share_the_engine_machine() -> None:
    """Every case of an engine is driven by that engine's one machine."""
    engine = Engine(workflow_2014())
    first = start(engine=engine, student_id="a")
    second = start(engine=engine, student_id="b")
    assert first.engine.machine is second.engine.machine is engine.machine


# -- states and triggers from the YAML ---------------------------------------------


def test_states_are_the_phases_named_from_yaml_ids() -> None:
    """The machine's states are preparing, each station id in order, ready and released."""
    engine = engine_2014()
    assert engine.phases == (PREPARING, *STATIONS_2014, READY, RELEASED)
    assert list(engine.machine.states) == list(engine.phases)


def test_triggers_are_named_from_yaml_ids() -> None:
    """The triggers are enter_hall, release and pass_<station id> for each station."""
    engine = engine_2014()
    expected = {ENTER_HALL, RELEASE, *(f"pass_{station}" for station in STATIONS_2014)}
    assert set(engine.machine.events) == expected


def test_the_machine_has_no_automatic_triggers() -> None:
    """No to_<state> triggers exist, so nothing can jump a case to a phase."""
    assert not [name for name in engine_2014().machine.events if name.startswith("to_")]


# -- facts ---------------------------------------------------------------------


def test_check_facts_fills_defaults() -> None:
    """Facts left out take their declared defaults."""
    checked = engine_2014().check_facts(profile())
    assert checked == {
        "program": "higher_vocational",
        "campus": "main",
        "department": "urban_rural_planning",
        "party_member": False,
        "league_member": False,
        "employment_agreement": False,
        "household_moving": False,
        "credits_complete": True,
    }


def test_check_facts_keeps_given_values_over_defaults() -> None:
    """A fact given explicitly wins over its default."""
    checked = engine_2014().check_facts(profile(party_member=True, household_moving=True))
    assert checked["party_member"] is True
    assert checked["household_moving"] is True


def test_unknown_fact_suggests_the_declared_one() -> None:
    """A misspelt fact is reported with a did-you-mean hint."""
    with pytest.raises(FactError) as caught:
        engine_2014().check_facts(profile(party_membr=True))
    assert str(caught.value) == (
        "invalid student facts: unknown fact 'party_membr' (did you mean 'party_member'?)"
    )


def test_missing_fact_without_default_is_reported() -> None:
    """A fact with no default must be given."""
    facts = profile()
    del facts["credits_complete"]
    with pytest.raises(FactError) as caught:
        engine_2014().check_facts(facts)
    assert str(caught.value) == "invalid student facts: missing fact 'credits_complete'"


def test_wrong_type_is_reported() -> None:
    """A bool fact refuses a string and an integer."""
    with pytest.raises(FactError) as caught:
        engine_2014().check_facts(profile(credits_complete="yes", party_member=1))
    assert str(caught.value) == (
        "invalid student facts: fact 'party_member' cannot be 1 (expected bool); "
        "fact 'credits_complete' cannot be 'yes' (expected bool)"
    )


def test_bad_choice_lists_the_allowed_values() -> None:
    """A choice fact refuses a value it does not declare, listing those it does."""
    with pytest.raises(FactError) as caught:
        engine_2014().check_facts(profile(program="college"))
    assert str(caught.value) == (
        "invalid student facts: fact 'program' cannot be 'college' "
        "(expected higher_vocational, secondary_vocational)"
    )


def test_every_fact_problem_is_reported_at_once() -> None:
    """Unknown, bad choice, missing and wrong-type facts all come in one FactError."""
    facts: dict[str, FactValue] = {
        "program": "college",
        "campus": "main",
        "credits_complete": "yes",
        "party_membr": True,
    }
    with pytest.raises(FactError) as caught:
        engine_2014().check_facts(facts)
    assert str(caught.value) == (
        "invalid student facts: unknown fact 'party_membr' (did you mean 'party_member'?); "
        "fact 'program' cannot be 'college' (expected higher_vocational, secondary_vocational); "
        "missing fact 'department'; "
        "fact 'credits_complete' cannot be 'yes' (expected bool)"
    )
    assert caught.value.text("zh") == (
        "学生信息有误：未知的信息项 'party_membr'（是否想写 'party_member'？）；"
        "信息项 'program' 不能取值 'college'（应为 higher_vocational, secondary_vocational）；"
        "缺少信息项 'department'；"
        "信息项 'credits_complete' 不能取值 'yes'（应为 bool）"
    )


def test_start_refuses_bad_facts() -> None:
    """Starting a case with invalid facts raises FactError and builds no case."""
    with pytest.raises(FactError, match="missing fact 'program'"):
        engine_2014().start("2014001", {"campus": "main"}, at=EARLY)


# -- time ------------------------------------------------------------------------


def test_naive_time_is_read_in_the_workflow_zone() -> None:
    """A naive `at` is taken as local time in the workflow's timezone."""
    case = engine_2014().start("2014001", profile(), at=dt.datetime(2014, 7, 1, 9, 30))
    assert case.events[0].at == EARLY
    assert case.events[0].at.tzinfo == ZONE


def test_aware_time_is_converted_to_the_workflow_zone() -> None:
    """An aware `at` in another zone is kept as the same instant, shown in the workflow's zone."""
    utc = dt.datetime(2014, 7, 1, 1, 30, tzinfo=dt.UTC)
    case = engine_2014().start("2014001", profile(), at=utc)
    assert case.events[0].at == utc
    assert case.events[0].at.tzinfo == ZONE
    assert case.events[0].at.hour == 9


def test_moment_keeps_an_aware_time_in_the_zone_unchanged() -> None:
    """An `at` already in the workflow's zone is returned as is."""
    assert engine_2014().moment(HALL_DAY) == HALL_DAY


# -- threads ---------------------------------------------------------------------


THREADS = 8
STUDENTS_PER_THREAD = 200


def thread_profile(number: int) -> dict[str, FactValue]:
    """A varied but fixed profile for the student with this number."""
    return profile(
        program=("higher_vocational", "secondary_vocational")[number % 2],
        party_member=number % 3 == 0,
        league_member=number % 4 == 1,
        employment_agreement=number % 5 < 2,
        household_moving=number % 7 == 3,
        credits_complete=number % 11 != 0,
    )


def expected_documents(number: int) -> tuple[str, ...]:
    """The documents the 2014 rules give the student with this number."""
    facts = thread_profile(number)
    certificate = (
        "graduation_certificate" if facts["credits_complete"] else "completion_certificate"
    )
    extras = (
        ("membership_transfer_letter", bool(facts["party_member"] or facts["league_member"])),
        ("dispatch_certificate", bool(facts["employment_agreement"])),
        ("household_migration_certificate", bool(facts["household_moving"])),
    )
    return (certificate, *(name for name, given in extras if given))


def drive_students(engine: Engine, first: int, barrier: threading.Barrier) -> list[Case]:
    """Start a block of students and take them all through the procedure, interleaved."""
    numbers = range(first, first + STUDENTS_PER_THREAD)
    barrier.wait()
    cases = [
        engine.start(f"2014{number:05}", thread_profile(number), at=EARLY) for number in numbers
    ]
    for case in cases:
        settle_prerequisites(case)
    for station in engine.stations:
        for case in cases:
            case.clear(station.id, staff(station.office, f"T{first}"), at=hall_time(case))
    for case in cases:
        case.release(staff("department"), at=at(7, 10, 16))
    return cases


def test_threads_share_one_engine() -> None:
    """8 threads driving 200 students each through one engine all end released and intact."""
    engine = Engine(workflow_2014())
    barrier = threading.Barrier(THREADS)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=THREADS) as pool:
            futures = [
                pool.submit(drive_students, engine, block * STUDENTS_PER_THREAD, barrier)
                for block in range(THREADS)
            ]
            cases = [case for future in futures for case in future.result()]
    finally:
        sys.setswitchinterval(interval)
    assert len(cases) == THREADS * STUDENTS_PER_THREAD
    assert engine.machine.models == []
    for number, case in enumerate(cases):
        assert case.student_id == f"2014{number:05}"
        assert case.phase == RELEASED
        assert case.documents == expected_documents(number)
        applicable = [s.id for s in engine.workflow.steps if case.status(s.id) != "not_applicable"]
        assert [event.seq for event in case.events] == list(range(1, len(case.events) + 1))
        assert [event.action for event in case.events] == [
            Action.START,
            *[Action.CLEAR] * len(applicable),
            Action.RELEASE,
        ]
        assert [event.step for event in case.events[1:-1]] == [
            step for step in engine.order if step in applicable
        ]
        assert case.events[-1].documents == case.documents
        station_staff = {event.staff for event in case.events if event.step in STATIONS_2014}
        assert station_staff == {f"T{number // STUDENTS_PER_THREAD * STUDENTS_PER_THREAD}"}
        assert snapshot(replay(engine, case.student_id, case.events)) == snapshot(case)


def test_thread_documents_match_the_rules() -> None:
    """The thread test's expectations agree with one student driven on the main thread."""
    case = engine_2014().start("x", thread_profile(3), at=EARLY)
    settle_prerequisites(case)
    for station in case.engine.stations:
        case.clear(station.id, staff(station.office), at=hall_time(case))
    assert ids(case.release(staff("department"), at=at(7, 10, 16))) == expected_documents(3)
