"""What a case is and what can be asked of it; nothing here changes a case.

:class:`CaseState` holds one student's facts, step records, phase, released documents and
events, and answers the questions the machine's guards, the blockers and the views ask:
a step's status, whether it still holds the student, what it waits for, which documents
the student would get. :class:`~clearflow.engine._case.Case` adds the actions.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from clearflow._hints import suggest
from clearflow._i18n import Message
from clearflow.engine._audit import Event
from clearflow.engine._facts import HOLDS, NOT_APPLICABLE, FactRules
from clearflow.engine._phases import PREPARING, RELEASED
from clearflow.engine._record import SETTLED, StepRecord, StepStatus
from clearflow.errors import ActionError
from clearflow.spec import DEFAULT_OUTCOME, Document, Step, StepKind
from clearflow.spec.conditions import FactValue

if TYPE_CHECKING:
    from clearflow.engine._engine import Engine

_NO_OUTCOMES: Mapping[str, str] = types.MappingProxyType({})


@attrs.define(slots=True, eq=False)
class CaseState:
    """What a :class:`~clearflow.engine._case.Case` holds, and the questions it answers.

    ``phase`` is set by the engine's machine. ``events`` holds the events since the case was loaded:
    all of them for a new or restored case, only the new ones for a case a store
    loaded without its history (``base_version`` counts the events left out).
    ``facts`` never change after the start: they are a read-only
    :class:`~clearflow.engine._facts.FrozenFacts`, shared with other cases that have the same.
    """

    engine: Engine = attrs.field(repr=False)
    student_id: str
    facts: Mapping[str, FactValue]
    name: str | None = None
    phase: str = PREPARING
    records: dict[str, StepRecord] = attrs.Factory(dict)
    events: list[Event] = attrs.Factory(list)
    documents: tuple[str, ...] | None = None
    base_version: int = 0
    # Which steps apply and hold the student, from the facts alone (see Engine.rules).
    _rules: FactRules = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # The same facts, read-only and shared with other cases that have them.
        self.facts, self._rules = self.engine.profile(self.facts)

    # -- questions -------------------------------------------------------------

    @property
    def version(self) -> int:
        """How many events the case has had; stores use it for optimistic concurrency."""
        return self.base_version + len(self.events)

    @property
    def last_at(self) -> dt.datetime | None:
        """When the case's last event happened: an action dated before it is backdated.

        A case loaded without its history knows only its step records: then the latest of
        their times (``None`` when it has none).
        """
        if self.events:
            return self.events[-1].at
        return max((record.at for record in self.records.values()), default=None)

    @property
    def is_released(self) -> bool:
        """Whether the documents have been handed over."""
        return self.phase == RELEASED

    def status(self, step_id: str) -> StepStatus:
        """A step's status for this student."""
        return self._status(self._step(step_id))

    def is_required(self, step_id: str) -> bool:
        """Whether an applicable step must be settled (optional steps never block)."""
        step = self._step(step_id)
        return step.required.evaluate(self.facts, self._outcomes_read_by(step))

    def is_passable(self, step_id: str) -> bool:
        """Whether a step no longer holds the student back."""
        return self._passable(self._step(step_id))

    def prerequisites_settled(self) -> bool:
        """Whether every prerequisite is settled, so the student may enter the hall."""
        return self._settled(self._rules.holding_prerequisites) and self._passable_all(
            self.engine.dynamic_prerequisites
        )

    def is_settled_all(self) -> bool:
        """Whether every step is settled, so documents may be released."""
        return self._settled(self._rules.holding) and self._passable_all(self.engine.dynamic_steps)

    def outcomes(self) -> dict[str, str]:
        """The outcome of every cleared step (``cleared`` when it declares none)."""
        return {
            step: DEFAULT_OUTCOME if record.outcome is None else record.outcome
            for step, record in self.records.items()
            if record.status is StepStatus.CLEARED
        }

    def waiting_for(self, step_id: str) -> tuple[str, ...]:
        """The steps that must be settled before this one may be acted on."""
        step = self._step(step_id)
        if step.kind is StepKind.STATION:
            if self.phase == PREPARING:
                return tuple(s.id for s in self.engine.prerequisites if not self.is_passable(s.id))
            current = self.engine.station_index.get(self.phase, len(self.engine.stations))
            mine = self.engine.station_index[step_id]
            return tuple(s.id for s in self.engine.stations[current:mine])
        return tuple(p for p in self.engine.predecessors[step_id] if not self.is_passable(p))

    def expected_documents(self) -> tuple[Document, ...]:
        """The documents this student would get with the outcomes recorded so far."""
        reads = self.engine.document_reads
        return tuple(
            [
                document
                for document, given in self._rules.documents
                if given
                or (
                    given is None
                    and document.when.evaluate(self.facts, self._outcomes_of(reads[document.id]))
                )
            ]
        )

    # -- internals -------------------------------------------------------------

    def _status(self, step: Step) -> StepStatus:
        rule = self._rules.steps.get(step.id)
        if rule is None:
            if not step.when.evaluate(self.facts, self._outcomes_read_by(step)):
                return StepStatus.NOT_APPLICABLE
        elif rule == NOT_APPLICABLE:
            return StepStatus.NOT_APPLICABLE
        record = self.records.get(step.id)
        return record.status if record else StepStatus.PENDING

    def _passable(self, step: Step) -> bool:
        # ``_status(step) in SETTLED or not required``, reading the outcomes at most once.
        rule = self._rules.steps.get(step.id)
        if rule is not None:  # the facts alone decide whether the step applies and is required
            if rule != HOLDS:
                return True
            record = self.records.get(step.id)
            return record is not None and record.status in SETTLED
        outcomes = self._outcomes_read_by(step)
        if not step.when.evaluate(self.facts, outcomes):
            return True
        record = self.records.get(step.id)
        if record is not None and record.status in SETTLED:
            return True
        return not step.required.evaluate(self.facts, outcomes)

    def _outcomes_read_by(self, step: Step) -> Mapping[str, str]:
        # Most conditions read only facts: skip building the outcomes for them.
        reads = self.engine.step_reads.get(step.id)
        return self._outcomes_of(reads) if reads else _NO_OUTCOMES

    def _outcomes_of(self, step_ids: tuple[str, ...]) -> dict[str, str]:
        # outcomes() restricted to these steps: all that a condition reading them looks at.
        records = self.records
        outcomes: dict[str, str] = {}
        for step_id in step_ids:
            record = records.get(step_id)
            if record is not None and record.status is StepStatus.CLEARED:
                outcomes[step_id] = DEFAULT_OUTCOME if record.outcome is None else record.outcome
        return outcomes

    def _passable_all(self, steps: tuple[Step, ...]) -> bool:
        return not steps or all(self._passable(step) for step in steps)

    def _settled(self, step_ids: tuple[str, ...]) -> bool:
        records = self.records
        for step_id in step_ids:
            record = records.get(step_id)
            if record is None or record.status not in SETTLED:
                return False
        return True

    def _step(self, step_id: str) -> Step:
        step = self.engine.steps.get(step_id)
        if step is None:
            hint = suggest(step_id, self.engine.steps)
            raise ActionError(
                Message("unknown step '{step}' ({hint})", step=step_id, hint=hint)
                if hint
                else Message("unknown step '{step}'", step=step_id)
            )
        return step
