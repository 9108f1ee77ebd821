"""Scenario tests staff write for a workflow: a student, what offices do, what must come out.

A scenario gives a student's facts, optionally some actions in order (an office
clears with an outcome, refuses or waives a step), and what is expected: the
documents released, where the student stops and what holds them there, the
stations passed. :func:`run_scenario` drives a real case through the engine:
before each action it clears what that step waits for, then performs it; at the
end it clears every other open applicable step, in order, by its own office,
and releases the documents when it can. :func:`compare` lists every way the
result differs from the expectations. Scenarios are read from a file beside the
workflow by :mod:`clearflow.staff._scenario_file`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

import attrs

from clearflow._i18n import N_, Lang, Message, translate
from clearflow.engine import (
    PREPARING,
    READY,
    RELEASED,
    Action,
    Actor,
    Case,
    Engine,
    StepStatus,
    blockers,
)
from clearflow.errors import ActionError
from clearflow.spec import Label, Step, StepKind, Where, ancestors, order_graph, sessions_for
from clearflow.spec.conditions import FactValue

SIDECAR_SUFFIX = ".scenarios.yaml"
"""The scenarios of ``gyvtc-2014.yaml`` are in ``gyvtc-2014.scenarios.yaml`` beside it."""
STAFF = "scenario"
"""The staff id recorded for every action a scenario performs."""
DEFAULT_HOUR = dt.time(9, 0)
SEPARATOR = N_("; ")
"""Between two things a failed scenario missed (in Chinese a full-width semicolon)."""


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


@attrs.frozen(kw_only=True)
class ScenarioAction:
    """One thing an office does: clear (with an outcome), refuse or waive (with a reason)."""

    step: str
    verb: Action
    text: str | None = None
    at: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class Scenario:
    """A student, the actions taken and what is expected; None means 'not checked'."""

    name: Label
    facts: Mapping[str, FactValue]
    actions: tuple[ScenarioAction, ...] = ()
    at: dt.datetime | None = None
    documents: tuple[str, ...] | None = None
    stops_at: str | None = None
    blocked_by: tuple[str, ...] | None = None
    passes: tuple[str, ...] | None = None
    where: Where = attrs.field(factory=Where, eq=False, repr=False)


@attrs.frozen(kw_only=True)
class Run:
    """Where a scenario's case ended: its phase, blockers, stations passed and documents.

    ``documents`` is None when nothing was released; ``problem`` is the refusal that
    stopped the run (an action or the release the procedure did not allow).
    """

    phase: str
    blocked_by: tuple[str, ...] = ()
    passed: tuple[str, ...] = ()
    documents: tuple[str, ...] | None = None
    problem: Message | None = None
    action_failed: bool = False

    def describe(self) -> Message:
        """E.g. ``released`` or ``stopped at preparing, blocked by library_cleared``."""
        if self.phase == RELEASED:
            return Message("released")
        if self.blocked_by:
            blocked = ", ".join(self.blocked_by)
            text = Message(
                "stopped at {phase}, blocked by {steps}", phase=self.phase, steps=blocked
            )
        else:
            text = Message("stopped at {phase}", phase=self.phase)
        if self.problem is None:
            return text
        return Message("{state}: {problem}", state=text, problem=self.problem)


@attrs.frozen(kw_only=True)
class ScenarioResult:
    """A scenario, what happened and every expectation it missed."""

    scenario: Scenario
    run: Run
    failures: tuple[Message, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.failures

    def explain(self, lang: Lang) -> str:
        """Every expectation missed, in ``lang``, one after another (empty when it passed)."""
        return translate(SEPARATOR, lang).join(failure.text(lang) for failure in self.failures)


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
    for index, action in enumerate(scenario.actions, start=1):
        later = {other.step for other in scenario.actions[index:]}
        _settle(case, ancestors(graph, action.step) - later, when, hall)
        step = engine.steps[action.step]
        try:
            clearing = action.verb is Action.CLEAR
            case.perform(
                action.verb,
                action.step,
                Actor(office=step.office, staff=STAFF),
                outcome=action.text if clearing else None,
                reason=None if clearing else action.text,
                at=engine.moment(action.at) if action.at else _at(step, when, hall),
            )
        except ActionError as error:
            refused = Message(
                "action {index} ({verb} '{step}') was refused: {error}",
                index=index,
                verb=str(action.verb),
                step=action.step,
                error=error.said,
            )
            return _observe(case, refused, action_failed=True)
    _settle(case, set(engine.steps), when, hall)
    problem: Message | None = None
    if case.phase == READY:
        try:
            case.release(Actor(office=engine.releasing_office(), staff=STAFF), at=hall)
        except ActionError as error:
            problem = error.said
    return _observe(case, problem)


def run_scenarios(engine: Engine, scenarios: Iterable[Scenario]) -> tuple[ScenarioResult, ...]:
    """Run and compare every scenario, in order."""
    results = []
    for scenario in scenarios:
        run = run_scenario(engine, scenario)
        results.append(ScenarioResult(scenario=scenario, run=run, failures=compare(scenario, run)))
    return tuple(results)


def compare(scenario: Scenario, run: Run) -> tuple[Message, ...]:
    """Every expectation the run missed, in the student's terms (empty when all held)."""
    if run.action_failed:
        return (run.problem or Message("an action was refused"),)
    failures: list[Message] = []
    if scenario.documents is not None:
        got = run.documents or ()
        if set(got) != set(scenario.documents):
            detail = (
                _difference(scenario.documents, got)
                if run.documents is not None
                else run.describe()
            )
            failures.append(
                Message(
                    "expected documents {expected}, got {got} ({detail})",
                    expected=_listed(scenario.documents),
                    got=_listed(got),
                    detail=detail,
                )
            )
    if scenario.stops_at is not None and not _stops_at(run, scenario.stops_at):
        failures.append(
            Message(
                "expected to stop at {expected}, got {got}",
                expected=scenario.stops_at,
                got=run.describe(),
            )
        )
    if scenario.blocked_by is not None and set(run.blocked_by) != set(scenario.blocked_by):
        failures.append(
            Message(
                "expected blocked by {expected}, got {got}",
                expected=_listed(scenario.blocked_by),
                got=_listed(run.blocked_by),
            )
        )
    if scenario.passes is not None and run.passed != scenario.passes:
        failures.append(
            Message(
                "expected passes {expected}, got {got}",
                expected=_listed(scenario.passes),
                got=_listed(run.passed),
            )
        )
    return tuple(failures)


def _at(step: Step, when: dt.datetime, hall: dt.datetime) -> dt.datetime:
    return hall if step.kind is StepKind.STATION else when


def _settle(case: Case, steps: set[str], when: dt.datetime, hall: dt.datetime) -> None:
    """Clear the open applicable steps among ``steps``, in order, until nothing moves.

    A clearance the procedure refuses (a step waits for a refused one, a deadline
    blocks) is left open: that is where the student stops.
    """
    moved = True
    while moved:
        moved = False
        for step_id in case.engine.order:
            if step_id in steps and case.status(step_id) is StepStatus.PENDING:
                step = case.engine.steps[step_id]
                with contextlib.suppress(ActionError):
                    case.clear(
                        step_id, Actor(office=step.office, staff=STAFF), at=_at(step, when, hall)
                    )
                    moved = True


def _observe(case: Case, problem: Message | None, *, action_failed: bool = False) -> Run:
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
    )


def _stops_at(run: Run, where: str) -> bool:
    """Whether the run stopped at a phase, or before the hall held by a prerequisite."""
    return run.phase == where or (run.phase == PREPARING and where in run.blocked_by)


def _listed(ids: Iterable[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def _difference(expected: tuple[str, ...], got: tuple[str, ...]) -> Message:
    missing = ", ".join(name for name in expected if name not in got)
    unexpected = ", ".join(name for name in got if name not in expected)
    if missing and unexpected:
        return Message(
            "missing {missing}; unexpected {unexpected}", missing=missing, unexpected=unexpected
        )
    if missing:
        return Message("missing {missing}", missing=missing)
    return Message("unexpected {unexpected}", unexpected=unexpected)
