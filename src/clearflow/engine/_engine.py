"""The state machine: one ``transitions`` Machine per workflow, shared by every case.

Phases are the machine's states: ``preparing`` (prerequisites, in their
partial order), then one state per station in order, then ``ready`` (every
step settled) and ``released`` (documents handed over). Cases are plain model
objects passed to the shared machine's events; they are never added to it, so
a new case costs no machine work. ``transitions``' loosely typed API stays behind
:class:`Engine` (here) and :mod:`clearflow.engine.diagram` (drawing only); no other
module imports it.
"""

from __future__ import annotations

import datetime as dt
import graphlib
import zoneinfo
from collections.abc import Callable, Mapping
from typing import Any

from transitions import Machine, MachineError

from clearflow._i18n import Message
from clearflow.engine._audit import Actor
from clearflow.engine._case import Case
from clearflow.engine._facts import (
    APPLIES,
    CACHED,
    HOLDS,
    MISSING,
    NOT_APPLICABLE,
    FactRules,
    FrozenFacts,
    checked_facts,
    fact_test,
)
from clearflow.engine._hours import hours_rules, release_rules
from clearflow.engine._permits import Permits
from clearflow.engine._phases import ENTER_HALL, PREPARING, READY, RELEASE, RELEASED, pass_trigger
from clearflow.errors import EngineError, InputError
from clearflow.spec import Document, Roster, Step, Workflow, clean_student_id, order_graph
from clearflow.spec.conditions import FactValue, facts_read, steps_read

START_ACTOR = Actor(office="clearflow", staff="start")


class Engine:
    """A workflow compiled for driving cases: the shared machine and rule lookups.

    Build one per workflow (``Engine(workflow)``, or ``Engine(workflow, roster)`` to check who
    acts against a staff roster: :mod:`clearflow.engine._permits`) and share it between threads:
    it keeps no per-case state, only caches of what is shared between cases (the
    facts and rules of each fact profile; at most :data:`CACHED` entries each).
    """

    def __init__(self, workflow: Workflow, roster: Roster | None = None) -> None:
        self.workflow = workflow
        self.roster = roster
        self.permits = Permits(workflow, roster) if roster is not None else None
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
            (fact.id, fact.default, fact_test(fact), fact) for fact in workflow.facts
        )
        self.release_offices = frozenset(
            {document.office for document in workflow.documents if document.office}
            | ({workflow.stations[-1].office} if workflow.stations else set())
        ) or frozenset(step.office for step in workflow.steps)
        self.zone = zoneinfo.ZoneInfo(workflow.timezone)
        self.hours_rules = hours_rules(workflow)  # only steps with hours (engine/_hours)
        self.release_hours = release_rules(workflow, self.release_offices)
        self.pass_triggers = {step.id: pass_trigger(step.id) for step in workflow.stations}
        self._fact_only = tuple(
            step for step in workflow.steps if step.id not in self.outcome_readers
        )
        self.dynamic_steps = tuple(s for s in workflow.steps if s.id in self.outcome_readers)
        self.dynamic_prerequisites = tuple(
            s for s in workflow.prerequisites if s.id in self.outcome_readers
        )
        self.step_reads: dict[str, tuple[str, ...]] = {
            step.id: tuple(sorted(steps_read(step.when) | steps_read(step.required)))
            for step in self.dynamic_steps
        }
        self.document_reads: dict[str, tuple[str, ...]] = {
            document.id: tuple(sorted(steps_read(document.when))) for document in workflow.documents
        }
        self._facts_read = tuple(
            sorted(
                frozenset().union(
                    *(facts_read(step.when) | facts_read(step.required) for step in workflow.steps),
                    *(facts_read(document.when) for document in workflow.documents),
                )
            )
        )
        self._rules: dict[tuple[object, ...], FactRules] = {}
        self._profiles: dict[tuple[object, ...], tuple[FrozenFacts, FactRules]] = {}
        self.machine = self._build_machine()
        self._events: dict[str, Any] = dict(self.machine.events)

    def start(
        self,
        student_id: str,
        facts: Mapping[str, object],
        *,
        name: str | None = None,
        by: Actor = START_ACTOR,
        at: dt.datetime | None = None,
    ) -> Case:
        """A new case for one student, in phase ``preparing``, with its start event.

        The id is trimmed (:func:`~clearflow.spec.clean_student_id`), as every reader does.
        """
        cleaned = clean_student_id(str(student_id))
        if not cleaned:
            raise InputError(
                Message("a student id cannot be empty (give the id the registry gives)")
            )
        checked = self.check_facts(facts)
        case = Case(self, cleaned, checked, name)
        case.begin(by, self.moment(at))
        return case

    def moment(self, at: dt.datetime | None) -> dt.datetime:
        """``at`` in the workflow's zone (naive times are read in it), or now."""
        if at is None:
            return dt.datetime.now(self.zone)
        if at.tzinfo is self.zone and type(at) is dt.datetime:
            return at  # what astimezone gives: the same object
        return at.astimezone(self.zone) if at.tzinfo is not None else at.replace(tzinfo=self.zone)

    def profile(self, facts: Mapping[str, FactValue]) -> tuple[FrozenFacts, FactRules]:
        """The facts, read-only, and their :meth:`rules`; shared by cases with the same facts."""
        # The types too: True == 1, and the shared facts must be the very values given.
        key = (*facts.items(), *map(type, facts.values()))
        found = self._profiles.get(key)
        if found is None:
            frozen = facts if type(facts) is FrozenFacts else FrozenFacts(facts)
            found = (frozen, self.rules(frozen))
            if len(self._profiles) < CACHED:
                self._profiles[key] = found
        return found

    def rules(self, facts: Mapping[str, FactValue]) -> FactRules:
        """What these facts alone decide of the steps and documents (shared; never change it)."""
        # Conditions test facts by membership (hash and ==), so the facts they read are the key.
        key = tuple([facts.get(fact_id, MISSING) for fact_id in self._facts_read])
        rules = self._rules.get(key)
        if rules is None:
            steps = {
                step.id: (
                    NOT_APPLICABLE
                    if not step.when.evaluate(facts, {})
                    else HOLDS
                    if step.required.evaluate(facts, {})
                    else APPLIES
                )
                for step in self._fact_only
            }
            rules = FactRules(
                steps=steps,
                holding=tuple(step_id for step_id, rule in steps.items() if rule == HOLDS),
                holding_prerequisites=tuple(
                    step.id for step in self.prerequisites if steps.get(step.id) == HOLDS
                ),
                documents=tuple(
                    (
                        document,
                        None
                        if self.document_reads[document.id]
                        else document.when.evaluate(facts, {}),
                    )
                    for document in self.documents
                ),
            )
            if len(self._rules) < CACHED:
                self._rules[key] = rules
        return rules

    def check_facts(self, facts: Mapping[str, object]) -> dict[str, FactValue]:
        """The facts with defaults filled in; every problem at once as a FactError."""
        return checked_facts(self._fact_tests, self._facts, facts)

    def releasing_office(self) -> str:
        """The office that hands the documents over when no one else is named.

        The last station's office (it always hands them over), else the first, by id, of
        :attr:`release_offices`: the offices of the documents, or without stations, every
        office that has a step.
        """
        return self.stations[-1].office if self.stations else min(self.release_offices)

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
                Message(
                    "{trigger}: not allowed from phase '{phase}' ({error})",
                    trigger=trigger,
                    phase=case.phase,
                    error=str(error),
                )
            ) from None
        if not moved:
            raise EngineError(
                Message(
                    "{trigger}: the guard refused in phase '{phase}'",
                    trigger=trigger,
                    phase=case.phase,
                )
            )

    def diagram(self, kind: str = "mermaid", lang: str = "en") -> str:
        """The phases and triggers as Mermaid (default) or DOT text, labelled in ``lang``.

        The drawing code is imported here, on first use, only to keep it (and the
        ``transitions`` diagram extension it loads) out of every start-up; it is no cycle.
        """
        from clearflow.engine.diagram import render_diagram

        return render_diagram(self, kind, lang)


def _station_guard(step: Step) -> Callable[[Any], bool]:
    """The machine's guard for passing a station: its step no longer holds the student."""

    def guard(event: Any) -> bool:
        return event.model._passable(step)  # type: ignore[no-any-return]

    return guard
