"""Invariants of the engine under random students and random action sequences (hypothesis).

Each example draws a 2014 student from the facts the workflow declares, then a
sequence of actions: clear, refuse, waive or release on random steps, by the
step's office or a random wrong one, with random outcomes and times on both
sides of the deadlines. Three more, ``next_clear``, ``next_refuse`` and
``next_waive``, act on the first step that blocks the student (or release
once nothing blocks). Random actions alone rarely get a student through
fourteen steps in order, so a script is random actions, then a drawn number
of ``next`` actions (a late clearance refused by a deadline is followed by a
waiver), then random actions again: cases end before the hall, in it, ready
or released.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.engine import SETTLED, Action, Case, StepStatus, blockers, replay, restore, snapshot
from clearflow.errors import ActionError, NotPermittedError
from clearflow.spec._model import FactType, StepKind
from clearflow.spec.conditions import FactValue
from support import ZONE, at, engine_2014, staff, workflow_2014

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, database=None, derandomize=True)

WORKFLOW = workflow_2014()
STEP_IDS = tuple(step.id for step in WORKFLOW.steps)
OFFICE_IDS = tuple(office.id for office in WORKFLOW.offices)
TIMES: tuple[dt.datetime, ...] = (
    at(6, 28, 9, 0),
    at(7, 4, 23, 59),
    at(7, 5, 0, 0),
    dt.datetime(2014, 7, 4, 16, 30, tzinfo=dt.UTC),  # 2014-07-05 00:30 in Asia/Shanghai
    dt.datetime(2014, 7, 3, 15, 0),  # naive: read in the workflow's zone
    at(7, 10, 10, 42),
)
VERBS = ("clear", "refuse", "waive", "release", "next_clear", "next_refuse", "next_waive")
REASONS = ("2 books not returned", "  ", "tuition unpaid")


@attrs.frozen(kw_only=True)
class Move:
    """One drawn action: what, on which step, by which office, with what and when."""

    verb: str
    step: str
    wrong_office: bool
    office: str
    outcome: int
    time: dt.datetime
    reason: str


@attrs.frozen(kw_only=True)
class Attempt:
    """One action tried on a case and what came of it."""

    move: Move
    step: str | None
    office: str
    error: ActionError | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    settled_before: bool


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, FactValue]:
    """A 2014 student's facts, each drawn from the values the workflow declares."""
    facts: dict[str, FactValue] = {}
    for fact in WORKFLOW.facts:
        if fact.type is FactType.CHOICE:
            facts[fact.id] = draw(st.sampled_from([choice.id for choice in fact.values]))
        elif fact.type is FactType.BOOL:
            facts[fact.id] = draw(st.booleans())
    return facts


moves = st.builds(
    Move,
    verb=st.sampled_from(VERBS),
    step=st.sampled_from(STEP_IDS),
    wrong_office=st.integers(0, 3).map(lambda n: n == 3),
    office=st.sampled_from(OFFICE_IDS),
    outcome=st.integers(0, 5),
    time=st.sampled_from(TIMES),
    reason=st.sampled_from(REASONS),
)


@attrs.frozen(kw_only=True)
class Script:
    """Random moves, then up to ``progress`` moves that take the student on, then more."""

    head: list[Move]
    progress: int
    progress_moves: list[Move]
    tail: list[Move]


scripts = st.builds(
    Script,
    head=st.lists(moves, max_size=15),
    progress=st.integers(0, 20),
    progress_moves=st.lists(
        moves.map(lambda move: attrs.evolve(move, verb="next_clear", wrong_office=False)),
        min_size=1,
        max_size=4,
    ),
    tail=st.lists(moves, max_size=15),
)


def owner(case: Case, move: Move) -> tuple[str | None, str]:
    """The step a move acts on and the office that owns it (for release: the department)."""
    if move.verb.startswith("next_"):
        found = blockers(case)
        if not found:
            return None, "department"
        return found[0].step.id, found[0].step.office
    if move.verb == "release":
        return None, "department"
    return move.step, case.engine.steps[move.step].office


def acting_office(case: Case, move: Move, step: str | None, right: str) -> str:
    """The office that acts: the right one, or a random office that is not allowed."""
    if not move.wrong_office:
        return right
    allowed = case.engine.release_offices if step is None else {right}
    wrong = [office for office in OFFICE_IDS if office not in allowed]
    return wrong[OFFICE_IDS.index(move.office) % len(wrong)]


def outcome_for(case: Case, step_id: str, pick: int) -> str | None:
    """None (the default), one of the step's outcomes, or (pick 5) one it does not declare."""
    if pick == 5:
        return "bogus"
    choices: list[str | None] = [None, *(o.id for o in case.engine.steps[step_id].outcomes)]
    return choices[pick % len(choices)]


def perform(case: Case, move: Move, compare: bool) -> Attempt:
    """Try one move on a case, recording the case before and after when asked to compare."""
    step, right = owner(case, move)
    office = acting_office(case, move, step, right)
    by = staff(office, "P01")
    before = snapshot(case) if compare else None
    settled = case.is_settled_all()
    error: ActionError | None = None
    try:
        if step is None:
            case.release(by, at=move.time)
        elif move.verb in ("clear", "next_clear"):
            case.clear(step, by, outcome=outcome_for(case, step, move.outcome), at=move.time)
        elif move.verb in ("waive", "next_waive"):
            case.waive(step, by, move.reason, at=move.time)
        else:
            case.refuse(step, by, move.reason, at=move.time)
    except ActionError as caught:
        error = caught
    return Attempt(
        move=move,
        step=step,
        office=office,
        error=error,
        before=before,
        after=snapshot(case) if compare else None,
        settled_before=settled,
    )


def run(
    facts: dict[str, FactValue], script: Script, *, compare: bool = False
) -> tuple[Case, list[Attempt]]:
    """Start a case and try every move of a script on it in turn."""
    case = engine_2014().start("2014001", facts, name="张三", at=at(6, 25))
    attempts = [perform(case, move, compare) for move in script.head]
    for number in range(script.progress):
        if case.is_released:
            break
        move = script.progress_moves[number % len(script.progress_moves)]
        attempts.append(perform(case, move, compare))
        if attempts[-1].error is not None:
            waiver = attrs.evolve(move, verb="next_waive", reason="late")
            attempts.append(perform(case, waiver, compare))
    attempts.extend(perform(case, move, compare) for move in script.tail)
    return case, attempts


# -- the invariants ----------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(profiles(), scripts)
def test_wrong_office_never_changes_anything(facts: dict[str, FactValue], script: Script) -> None:
    """An action by an office that does not own the step (or release) is refused unchanged."""
    _, attempts = run(facts, script, compare=True)
    for attempt in attempts:
        if attempt.move.wrong_office:
            assert attempt.before is not None
            assert attempt.error is not None
            if attempt.before["phase"] != "released":
                assert isinstance(attempt.error, NotPermittedError)
            assert attempt.after == attempt.before


@PROPERTY_SETTINGS
@given(profiles(), scripts)
def test_action_errors_never_change_anything(facts: dict[str, FactValue], script: Script) -> None:
    """Any refused action leaves the case exactly as it was; any accepted one adds one event."""
    _, attempts = run(facts, script, compare=True)
    for attempt in attempts:
        assert attempt.before is not None
        assert attempt.after is not None
        if attempt.error is not None:
            assert attempt.after == attempt.before
        else:
            assert len(attempt.after["events"]) == len(attempt.before["events"]) + 1


@PROPERTY_SETTINGS
@given(profiles(), scripts)
def test_stations_are_settled_in_order_after_the_prerequisites(
    facts: dict[str, FactValue], script: Script
) -> None:
    """The event log never settles a station while an earlier one or a prerequisite is open."""
    case, _ = run(facts, script)
    engine = case.engine
    settled: set[str] = set()
    required = {
        step.id
        for step in engine.workflow.steps
        if case.status(step.id) is not StepStatus.NOT_APPLICABLE and case.is_required(step.id)
    }
    for event in case.events:
        step = engine.steps.get(event.step or "")
        if step is not None and step.kind is StepKind.STATION:
            assert {p.id for p in engine.prerequisites} & required <= settled
            index = engine.station_index[step.id]
            assert {s.id for s in engine.stations[:index]} & required <= settled
        if event.action in (Action.CLEAR, Action.WAIVE) and event.step is not None:
            settled.add(event.step)


@PROPERTY_SETTINGS
@given(profiles(), scripts)
def test_documents_are_never_released_while_a_required_step_is_open(
    facts: dict[str, FactValue], script: Script
) -> None:
    """Release succeeds only once every required applicable step is settled."""
    case, attempts = run(facts, script)
    for attempt in attempts:
        if attempt.step is None and attempt.error is None:
            assert attempt.settled_before
    if case.is_released:
        for step in case.engine.workflow.steps:
            assert case.status(step.id) in SETTLED or not case.is_required(step.id)
        assert [e.action for e in case.events].count(Action.RELEASE) == 1


@PROPERTY_SETTINGS
@given(profiles(), scripts)
def test_released_case_has_exactly_one_certificate(
    facts: dict[str, FactValue], script: Script
) -> None:
    """A released student holds exactly one certificate, the one their credits give."""
    case, _ = run(facts, script)
    if case.is_released:
        assert case.documents is not None
        certificates = [
            document
            for document in case.documents
            if case.engine.workflow.document(document).group == "certificate"
        ]
        expected = (
            "graduation_certificate" if facts["credits_complete"] else "completion_certificate"
        )
        assert certificates == [expected]
        assert case.events[-1].documents == case.documents
    else:
        assert case.documents is None


@PROPERTY_SETTINGS
@given(profiles(), scripts)
def test_restore_and_replay_agree_with_the_case(
    facts: dict[str, FactValue], script: Script
) -> None:
    """restore(snapshot(case)) and replay(case.events) both give the case back."""
    case, _ = run(facts, script)
    data = snapshot(case)
    assert snapshot(restore(case.engine, data)) == data
    assert snapshot(replay(case.engine, case.student_id, case.events, name=case.name)) == data


@PROPERTY_SETTINGS
@given(profiles(), scripts)
def test_version_counts_the_events(facts: dict[str, FactValue], script: Script) -> None:
    """version equals the number of events, numbered 1..n, all in the workflow's zone."""
    case, _ = run(facts, script)
    assert case.version == len(case.events)
    assert [event.seq for event in case.events] == list(range(1, case.version + 1))
    assert case.events[0].action is Action.START
    assert all(event.at.tzinfo == ZONE for event in case.events)
