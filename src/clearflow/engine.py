"""The state machine: one ``transitions`` Machine per workflow, shared by every case.

Phases are the machine's states: ``preparing`` (prerequisites, in their
partial order), then one state per station in order, then ``ready`` (every
step settled) and ``released`` (documents handed over). Cases are plain model
objects passed to the shared machine's events; they are never added to it, so
a new case costs no machine work. This module is the only one that imports
``transitions``; its loosely typed API stays behind :class:`Engine`.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import zoneinfo
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from transitions import Machine, MachineError

from clearflow.audit import Actor
from clearflow.conditions import FactValue, steps_read
from clearflow.errors import ClearflowError
from clearflow.spec import Document, Fact, FactType, Step, Workflow
from clearflow.steps import order_graph
from clearflow.structure import suggest

if TYPE_CHECKING:
    from clearflow.case import Case

PREPARING = "preparing"
READY = "ready"
RELEASED = "released"
RESERVED_PHASES = frozenset({PREPARING, READY, RELEASED})
ENTER_HALL = "enter_hall"
RELEASE = "release"


def pass_trigger(station_id: str) -> str:
    """The trigger that moves a case past a station."""
    return f"pass_{station_id}"


START_ACTOR = Actor(office="clearflow", staff="start")


class EngineError(ClearflowError):
    """The machine refused a transition the case layer thought was allowed (a bug)."""


class FactError(ClearflowError):
    """A student's facts do not match the workflow's declarations."""


class Engine:
    """A workflow compiled for driving cases: the shared machine and rule lookups.

    Build one per workflow (``Engine(workflow)``) and share it between threads:
    it keeps no per-case state.
    """

    def __init__(self, workflow: Workflow) -> None:
        self.workflow = workflow
        self.steps: dict[str, Step] = {step.id: step for step in workflow.steps}
        self.prerequisites: tuple[Step, ...] = workflow.prerequisites
        self.stations: tuple[Step, ...] = workflow.stations
        self.station_index = {step.id: index for index, step in enumerate(workflow.stations)}
        graph = order_graph(workflow.steps)
        self.predecessors: dict[str, tuple[str, ...]] = {
            step.id: tuple(sorted(graph[step.id])) for step in workflow.prerequisites
        }
        self.order: tuple[str, ...] = tuple(graphlib.TopologicalSorter(graph).static_order())
        self.outcome_readers = frozenset(
            step.id for step in workflow.steps if steps_read(step.when) or steps_read(step.required)
        )
        self.deadlines = {deadline.id: deadline for deadline in workflow.deadlines}
        self.documents: tuple[Document, ...] = workflow.documents
        self.document_groups = tuple(sorted({d.group for d in workflow.documents if d.group}))
        self._facts = {fact.id: fact for fact in workflow.facts}
        self._fact_tests = tuple(
            (fact.id, fact.default, _fact_test(fact), fact) for fact in workflow.facts
        )
        self.release_offices = frozenset(
            {document.office for document in workflow.documents if document.office}
            | ({workflow.stations[-1].office} if workflow.stations else set())
        ) or frozenset(step.office for step in workflow.steps)
        self.zone = zoneinfo.ZoneInfo(workflow.timezone)
        self.pass_triggers = {step.id: pass_trigger(step.id) for step in workflow.stations}
        self.machine = self._build_machine()
        self._events: dict[str, Any] = dict(self.machine.events)
        from clearflow.case import Case

        self._case = Case

    def start(
        self,
        student_id: str,
        facts: Mapping[str, object],
        *,
        name: str | None = None,
        by: Actor = START_ACTOR,
        at: dt.datetime | None = None,
    ) -> Case:
        """A new case for one student, in phase ``preparing``, with its start event."""
        checked = self.check_facts(facts)
        case = self._case(self, str(student_id), checked, name)
        case.begin(by, self.moment(at))
        return case

    def moment(self, at: dt.datetime | None) -> dt.datetime:
        """``at`` in the workflow's zone (naive times are read in it), or now."""
        if at is None:
            return dt.datetime.now(self.zone)
        return at.astimezone(self.zone) if at.tzinfo is not None else at.replace(tzinfo=self.zone)

    def check_facts(self, facts: Mapping[str, object]) -> dict[str, FactValue]:
        """The facts with defaults filled in; every problem at once as a FactError."""
        problems: list[str] = []
        known = self._facts
        for name in facts:
            if name not in known:
                hint = suggest(name, known)
                problems.append(f"unknown fact '{name}'" + (f" ({hint})" if hint else ""))
        checked: dict[str, FactValue] = {}
        for fact_id, default, fits, fact in self._fact_tests:
            value = facts.get(fact_id, default)
            if value is None:
                problems.append(f"missing fact '{fact_id}'")
            elif not fits(value):
                allowed = (
                    ", ".join(choice.id for choice in fact.values)
                    if fact.type is FactType.CHOICE
                    else str(fact.type)
                )
                problems.append(f"fact '{fact_id}' cannot be {value!r} (expected {allowed})")
            else:
                checked[fact_id] = value  # type: ignore[assignment]
        if problems:
            raise FactError("invalid student facts: " + "; ".join(problems))
        return checked

    @property
    def phases(self) -> tuple[str, ...]:
        """Every phase in order."""
        return (PREPARING, *(step.id for step in self.stations), READY, RELEASED)

    def _build_machine(self) -> Machine:
        names = [step.id for step in self.stations]
        after_hall = names[0] if names else READY
        transitions: list[dict[str, Any]] = [
            {
                "trigger": ENTER_HALL,
                "source": PREPARING,
                "dest": after_hall,
                "conditions": [self._guard(lambda case: case.prerequisites_settled())],
            },
            {
                "trigger": RELEASE,
                "source": READY,
                "dest": RELEASED,
                "conditions": [self._guard(lambda case: case.is_settled_all())],
            },
        ]
        for index, name in enumerate(names):
            following = names[index + 1] if index + 1 < len(names) else READY
            transitions.append(
                {
                    "trigger": pass_trigger(name),
                    "source": name,
                    "dest": following,
                    "conditions": [_station_guard(self.steps[name])],
                }
            )
        return Machine(
            model=None,
            states=list(self.phases),
            initial=PREPARING,
            transitions=transitions,
            auto_transitions=False,
            send_event=True,
            model_attribute="phase",
            name=self.workflow.id,
        )

    @staticmethod
    def _guard(test: Callable[[Case], bool]) -> Callable[[Any], bool]:
        def guard(event: Any) -> bool:
            return test(event.model)

        return guard

    def fire(self, case: Case, trigger: str) -> None:
        """Fire one of the shared machine's events on a case; a refusal is an EngineError."""
        try:
            moved = self._events[trigger].trigger(case)
        except (MachineError, KeyError) as error:
            raise EngineError(
                f"{trigger}: not allowed from phase '{case.phase}' ({error})"
            ) from None
        if not moved:
            raise EngineError(f"{trigger}: the guard refused in phase '{case.phase}'")

    def applies(self, step: Step, facts: Mapping[str, FactValue]) -> bool:
        """Whether a step applies to a student with these facts."""
        return step.when.evaluate(facts, {})

    def required(self, step: Step, facts: Mapping[str, FactValue]) -> bool:
        """Whether an applicable step must be settled before the student moves on."""
        return step.required.evaluate(facts, {})

    def diagram(self, kind: str = "mermaid", lang: str = "en") -> str:
        """The phases and triggers as Mermaid (default) or DOT text, labelled in ``lang``."""
        from clearflow.diagram import render_diagram

        return render_diagram(self, kind, lang)


def _station_guard(step: Step) -> Callable[[Any], bool]:
    """The machine's guard for passing a station: its step no longer holds the student."""

    def guard(event: Any) -> bool:
        return event.model._passable(step)  # type: ignore[no-any-return]

    return guard


def _fact_test(fact: Fact) -> Callable[[object], bool]:
    """The test of whether a value fits a fact's type (one of its choices, for a choice)."""
    match fact.type:
        case FactType.BOOL:
            return bool.__instancecheck__  # isinstance(value, bool), without a Python frame
        case FactType.INTEGER:
            return lambda value: isinstance(value, int) and not isinstance(value, bool)
        case FactType.CHOICE:
            return tuple(choice.id for choice in fact.values).__contains__
    return str.__instancecheck__
