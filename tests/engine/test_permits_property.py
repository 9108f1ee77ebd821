"""Property: with a staff roster, no sequence of actions records an event by someone who may
not act (checked against the roster and the workflow independently of the engine)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from clearflow.engine import Action, Actor, Event
from clearflow.errors import ActionError
from clearflow.spec import account_office
from support.roster import ROSTER, engine

ENGINE = engine()
WORKFLOW = ENGINE.workflow
STEPS = [step.id for step in WORKFLOW.steps]
OFFICES = [office.id for office in WORKFLOW.offices]
STAFF_IDS = [member.id for member in ROSTER.members] + ["X0001"]
STAFF = st.sampled_from(STAFF_IDS + [f"office:{office}" for office in OFFICES])
RELEASING = ENGINE.releasing_office()


@st.composite
def actions(draw: st.DrawFn) -> tuple[Action, str, Actor]:
    """An action on a step, mostly by the step's own office and one of its staff, so that
    many actions are taken; else anyone of any office."""
    action = draw(st.sampled_from([Action.CLEAR, Action.CLEAR, Action.WAIVE, Action.REFUSE]))
    action = draw(st.sampled_from([action, action, action, Action.RELEASE]))
    step = draw(st.sampled_from(STEPS))
    own = RELEASING if action is Action.RELEASE else WORKFLOW.step(step).office
    office = draw(st.sampled_from([own, own, own, *OFFICES]))
    ours = [member.id for member in ROSTER.of_office(office)] + [f"office:{office}"]
    staff = draw(st.one_of(st.sampled_from(ours), STAFF))
    return action, step, Actor(office=office, staff=staff)


ACTIONS = actions()
FACTS = st.fixed_dictionaries(
    {
        "school": st.sampled_from(["business", "arts"]),
        "supervisor_id": st.sampled_from(["T0042", "T0057", "F2101"]),
    }
)
AT = dt.datetime(2021, 6, 1, 9, 0)


def may_act(event: Event, facts: dict[str, str]) -> bool:
    """Whether the roster and the workflow let the event's actor take its action."""
    step = WORKFLOW.step(event.step) if event.step else None
    office = step.office if step else event.office
    if event.office != office:
        return False
    if step is not None and step.person is not None and event.staff != facts[step.person]:
        return False
    member = ROSTER.get(event.staff)
    if member is None:
        return account_office(event.staff) == office and (step is None or step.person is None)
    scope = WORKFLOW.office(office).scope
    unit_ok = scope is None or member.unit == facts[scope]
    return member.office == office and unit_ok and event.staff_name == member.name


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(FACTS, st.lists(ACTIONS, min_size=5, max_size=30))
def test_no_event_is_recorded_by_someone_who_may_not_act(
    facts: dict[str, str], script: list[tuple[Action, str, Actor]]
) -> None:
    """Whatever is tried, every recorded action's actor may act, verified by name."""
    case = ENGINE.start("2021001", facts, at=AT)
    for action, step, by in script:
        try:
            case.perform(action, step, by, reason="why", at=AT)
        except ActionError:
            continue
    for event in case.events[1:]:
        assert may_act(event, facts), event
