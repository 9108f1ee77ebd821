"""Scenario tests staff write for a workflow: a student, what offices do, what must come out.

A scenario gives a student's facts, optionally some actions in order (an office
clears with an outcome, refuses or waives a step), and what is expected: the
documents released, where the student stops and what holds them there, the
stations passed. :func:`run_scenario` drives a real case through the engine:
before each action it clears what that step waits for, then performs it; at the
end it clears every other open applicable step, in order, by its own office,
and releases the documents when it can. With a staff roster (the file's ``staff:``,
:func:`run_file`), each office acts as its account and a step bound to a person as the
person the student's facts name, unless an action says ``by:``; an action written with
``refused:`` must be refused (the run goes on as if it had not happened), one with
``flagged:`` recorded with exactly those flags. :func:`compare`
(:mod:`clearflow.staff._expectations`) lists every way the result differs from the
expectations. Scenarios are read from a file beside the workflow by
:mod:`clearflow.staff._scenario_file`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from clearflow._i18n import Message
from clearflow.engine import (
    PREPARING,
    READY,
    Action,
    Actor,
    Case,
    Engine,
    StepStatus,
    blockers,
)
from clearflow.errors import ActionError
from clearflow.spec import (
    Step,
    StepKind,
    Workflow,
    ancestors,
    office_account,
    order_graph,
    sessions_for,
)
from clearflow.spec.conditions import FactValue
from clearflow.staff._expectations import compare, flags_missed, refusal_missed
from clearflow.staff._scenario_model import (
    FLAGS,
    SEPARATOR,
    Run,
    Scenario,
    ScenarioAction,
    ScenarioFile,
    ScenarioResult,
)

SIDECAR_SUFFIX = ".scenarios.yaml"
"""The scenarios of ``gyvtc-2014.yaml`` are in ``gyvtc-2014.scenarios.yaml`` beside it."""
STAFF = "scenario"
"""The staff id recorded for every action a scenario performs without a staff roster (with
one, an office acts as its account, ``office:<id>``, unless the action says ``by:``)."""
DEFAULT_HOUR = dt.time(9, 0)


def sidecar_path(workflow_path: str | Path) -> Path:
    """Where a workflow's scenarios are: ``x.yaml`` → ``x.scenarios.yaml``."""
    path = Path(workflow_path)
    return path.with_name(path.name.removesuffix(path.suffix) + SIDECAR_SUFFIX)


def is_sidecar(path: str | Path) -> bool:
    """Whether a path names a scenarios file (``x.scenarios.yaml``) rather than a workflow."""
    return Path(path).name.endswith(SIDECAR_SUFFIX)


def workflow_path(sidecar: str | Path) -> Path:
    """The workflow a scenarios file belongs to: ``x.scenarios.yaml`` → ``x.yaml``."""
    path = Path(sidecar)
    return path.with_name(path.name.removesuffix(SIDECAR_SUFFIX) + ".yaml")


def default_moment(engine: Engine, facts: Mapping[str, FactValue]) -> dt.datetime:
    """When a scenario's offices act unless it says: 9:00 the day before the first due date.

    Without deadlines: the first service day, else the day the workflow was issued.
    """
    dues = [
        engine.deadlines[step.due].date_for(facts)
        for step in engine.workflow.steps
        if step.due is not None
    ]
    known = [due for due in dues if due is not None]
    schedule = engine.workflow.schedule
    if known:
        day = min(known) - dt.timedelta(days=1)
    elif schedule is not None and schedule.first_day is not None:
        day = schedule.first_day
    else:
        day = engine.workflow.issued or dt.date(2000, 1, 1)
    return dt.datetime.combine(day, DEFAULT_HOUR, tzinfo=engine.zone)


def hall_moment(engine: Engine, facts: Mapping[str, FactValue], when: dt.datetime) -> dt.datetime:
    """When the stations act and the documents are released: ``when``, or, where stations are
    tied to sessions (``own_session:``), the start of the student's first session."""
    schedule = engine.workflow.schedule
    sessions = sessions_for(engine.workflow, facts) if schedule and schedule.own_session else ()
    if not sessions:
        return when
    return dt.datetime.combine(sessions[0].date, sessions[0].start, tzinfo=engine.zone)


def run_scenario(engine: Engine, scenario: Scenario) -> Run:
    """Drive one case through the scenario and say where it ended."""
    facts = engine.check_facts(scenario.facts)
    when = engine.moment(scenario.at) if scenario.at else default_moment(engine, facts)
    hall = when if scenario.at else hall_moment(engine, facts, when)
    moments = [when, *(engine.moment(action.at) for action in scenario.actions if action.at)]
    case = engine.start(STAFF, facts, name=scenario.name.text(), at=min(moments))
    graph = order_graph(engine.workflow.steps)
    missed: list[Message] = []
    for index, action in enumerate(scenario.actions, start=1):
        later = {other.step for other in scenario.actions[index:]}
        _settle(case, ancestors(graph, action.step) - later, when, hall)
        step = engine.steps[action.step]
        try:
            clearing = action.verb is Action.CLEAR
            case.perform(
                action.verb,
                action.step,
                actor_for(case, step, action.by),
                outcome=action.text if clearing else None,
                reason=None if clearing else action.text,
                at=engine.moment(action.at) if action.at else _at(step, when, hall),
            )
        except ActionError as error:
            if action.refused is not None:  # expected: go on as if it had not happened
                missed.extend(_some(refusal_missed(index, action, error.said)))
                continue
            refused = Message(
                "action {index} ({verb} '{step}') was refused: {error}",
                index=index,
                verb=str(action.verb),
                step=action.step,
                error=error.said,
            )
            return _observe(case, refused, action_failed=True, missed=missed)
        if action.refused is not None:
            missed.extend(_some(refusal_missed(index, action, None)))
        if action.flagged is not None:
            missed.extend(_some(flags_missed(index, action, case.events[-1])))
    _settle(case, set(engine.steps), when, hall)
    problem: Message | None = None
    if case.phase == READY:
        office = engine.releasing_office()
        try:
            case.release(Actor(office=office, staff=_account(engine, office)), at=hall)
        except ActionError as error:
            problem = error.said
    return _observe(case, problem, missed=missed)


def run_scenarios(engine: Engine, scenarios: Iterable[Scenario]) -> tuple[ScenarioResult, ...]:
    """Run and compare every scenario, in order."""
    results = []
    for scenario in scenarios:
        run = run_scenario(engine, scenario)
        results.append(ScenarioResult(scenario=scenario, run=run, failures=compare(scenario, run)))
    return tuple(results)


def run_file(workflow: Workflow, scenarios: ScenarioFile) -> tuple[ScenarioResult, ...]:
    """Run a scenarios file's scenarios on an engine of the workflow and the file's roster."""
    return run_scenarios(Engine(workflow, scenarios.roster), scenarios.scenarios)


def actor_for(case: Case, step: Step, by: str | None = None) -> Actor:
    """Who acts on a step: ``by`` when given; else, with a staff roster, the person the
    step's ``person:`` fact names or the office's account; else the scenario's actor."""
    if by is not None:
        return Actor(office=step.office, staff=by)
    if case.engine.permits is not None and step.person is not None:
        named = str(case.facts.get(step.person) or "").strip()
        if named:
            return Actor(office=step.office, staff=named)
    return Actor(office=step.office, staff=_account(case.engine, step.office))


def _account(engine: Engine, office: str) -> str:
    return office_account(office) if engine.permits is not None else STAFF


def _some(missed: Message | None) -> tuple[Message, ...]:
    return () if missed is None else (missed,)


def _at(step: Step, when: dt.datetime, hall: dt.datetime) -> dt.datetime:
    return hall if step.kind is StepKind.STATION else when


def _settle(case: Case, steps: set[str], when: dt.datetime, hall: dt.datetime) -> None:
    """Clear the open applicable steps among ``steps``, in order, until nothing moves.

    A clearance the procedure refuses (a step waits for a refused one, a deadline
    blocks, no one may act) is left open: that is where the student stops.
    """
    moved = True
    while moved:
        moved = False
        for step_id in case.engine.order:
            if step_id in steps and case.status(step_id) is StepStatus.PENDING:
                step = case.engine.steps[step_id]
                with contextlib.suppress(ActionError):
                    case.clear(step_id, actor_for(case, step), at=_at(step, when, hall))
                    moved = True


def _observe(
    case: Case,
    problem: Message | None,
    *,
    action_failed: bool = False,
    missed: Iterable[Message] = (),
) -> Run:
    engine = case.engine
    if case.phase == PREPARING:
        reached = 0
    else:
        reached = engine.station_index.get(case.phase, len(engine.stations))
    passed = tuple(
        step.id
        for step in engine.stations[:reached]
        if case.status(step.id) is not StepStatus.NOT_APPLICABLE
    )
    return Run(
        phase=case.phase,
        blocked_by=tuple(blocker.step.id for blocker in blockers(case)),
        passed=passed,
        documents=case.documents,
        problem=problem,
        action_failed=action_failed,
        missed=tuple(missed),
    )


__all__ = [
    "FLAGS",
    "SEPARATOR",
    "STAFF",
    "Run",
    "Scenario",
    "ScenarioAction",
    "ScenarioFile",
    "ScenarioResult",
    "actor_for",
    "compare",
    "default_moment",
    "hall_moment",
    "is_sidecar",
    "run_file",
    "run_scenario",
    "run_scenarios",
    "sidecar_path",
    "workflow_path",
]
